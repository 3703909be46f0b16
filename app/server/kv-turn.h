/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How long after the slot end TURN credentials stay valid: enough for the
 * goodbye and a granted make-up to finish on a relayed path. */
#define KV_TURN_GRACE_US (5 * 60 * G_GINT64_CONSTANT (1000000))

void kv_turn_make_credentials (const char  *secret,
                               const char  *kiosk_id,
                               gint64       expiry_unix,
                               char       **out_username,
                               char       **out_credential);

G_END_DECLS
