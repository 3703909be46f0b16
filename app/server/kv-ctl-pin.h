/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int kv_ctl_pin_hash (void);

G_END_DECLS
