/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-signalling-handler.h"
#include "kv-store.h"

G_BEGIN_DECLS

/* How far ahead the board lists each kiosk's next visits. */
#define KV_CONSOLE_BOARD_UPCOMING_HOURS 12

char *kv_console_board_build (KvStore             *store,
                              KvSignallingHandler *handler,
                              gint64               now_us,
                              const char * const  *sites,
                              GError             **error);

G_END_DECLS
