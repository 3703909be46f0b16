/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-kiosk"

#include "config.h"

#include "kv-kiosk-error.h"

G_DEFINE_QUARK (kv-kiosk-error-quark, kv_kiosk_error)
