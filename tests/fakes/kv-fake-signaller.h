/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-signaller.h"

G_BEGIN_DECLS

#define KV_TYPE_FAKE_SIGNALLER (kv_fake_signaller_get_type ())
G_DECLARE_FINAL_TYPE (KvFakeSignaller, kv_fake_signaller, KV, FAKE_SIGNALLER, GObject)

/**
 * KvFakeSignaller:
 *
 * A #KvSignaller for tests. kv_signaller_start() only marks it started (the
 * test chooses the state with kv_fake_signaller_set_state()); sent messages
 * are recorded (copies) while the state is SIGNED_IN, and refused with
 * %KV_NET_ERROR_NOT_SIGNED_IN otherwise, like the real client. "urgent"
 * is only recorded (kv_signaller_get_urgent()).
 */
KvFakeSignaller *kv_fake_signaller_new              (void);

void             kv_fake_signaller_set_state        (KvFakeSignaller *self,
                                                     KvSignallerState state);
/* Sets SIGNED_IN and emits "signed-in" with a welcome for @kiosk_id/@role. */
void             kv_fake_signaller_sign_in          (KvFakeSignaller *self,
                                                     const char      *kiosk_id,
                                                     KvRole           role,
                                                     gint64           server_time_us);
/* Emits "message-received" with @message (transfer full). */
void             kv_fake_signaller_receive          (KvFakeSignaller *self,
                                                     KvMessage       *message);
gboolean         kv_fake_signaller_get_started      (KvFakeSignaller *self);

/* Sent messages, oldest first (element-type KvMessage, transfer none). */
GPtrArray       *kv_fake_signaller_get_sent         (KvFakeSignaller *self);
guint            kv_fake_signaller_count_sent       (KvFakeSignaller *self,
                                                     KvMessageType    type);
/* The newest sent message of @type, or %NULL (transfer none). */
const KvMessage *kv_fake_signaller_get_last_sent    (KvFakeSignaller *self,
                                                     KvMessageType    type);
void             kv_fake_signaller_clear_sent       (KvFakeSignaller *self);

G_END_DECLS
