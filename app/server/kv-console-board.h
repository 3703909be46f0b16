/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-signalling-handler.h"
#include "kv-store.h"

G_BEGIN_DECLS

char *kv_console_board_build (KvStore             *store,
                              KvSignallingHandler *handler,
                              const char * const  *sites,
                              GError             **error);

G_END_DECLS
