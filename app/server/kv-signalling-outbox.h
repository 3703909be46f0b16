/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-clock.h"
#include "kv-peer.h"
#include "kv-protocol.h"
#include "kv-session.h"
#include "kv-store.h"

G_BEGIN_DECLS

/**
 * KvEnvelope:
 * @peer: the recipient (not owned: valid while the connection is)
 * @message: (nullable): the message; %NULL to only close
 * @close: close the recipient's connection after sending @message
 *
 * One thing for the server to do: send @message to @peer, then maybe close.
 */
typedef struct
{
  KvPeer    *peer;
  KvMessage *message;
  gboolean   close;
} KvEnvelope;

void kv_envelope_free (KvEnvelope *envelope);

#define KV_TYPE_SIGNALLING_OUTBOX (kv_signalling_outbox_get_type ())
G_DECLARE_FINAL_TYPE (KvSignallingOutbox, kv_signalling_outbox, KV, SIGNALLING_OUTBOX, GObject)

KvSignallingOutbox *kv_signalling_outbox_new       (KvClock            *clock,
                                                    KvStore            *store);

void        kv_signalling_outbox_enter     (KvSignallingOutbox *self,
                                            const char         *actor);
GPtrArray  *kv_signalling_outbox_leave     (KvSignallingOutbox *self);
const char *kv_signalling_outbox_get_actor (KvSignallingOutbox *self);
void        kv_signalling_outbox_set_actor (KvSignallingOutbox *self,
                                            const char         *actor);

void        kv_signalling_outbox_send      (KvSignallingOutbox *self,
                                            KvPeer             *peer,
                                            KvMessage          *message,
                                            gboolean            close);
void        kv_signalling_outbox_drop_for  (KvSignallingOutbox *self,
                                            KvPeer             *peer);
GPtrArray  *kv_signalling_outbox_take      (KvSignallingOutbox *self);

void        kv_signalling_outbox_audit     (KvSignallingOutbox *self,
                                            const char         *action,
                                            const char         *booking_id,
                                            const char         *details);
void        kv_signalling_outbox_save_session (KvSignallingOutbox *self,
                                               KvSession          *session,
                                               const char         *action,
                                               const char         *details);
void        kv_signalling_outbox_save_session_audited (KvSignallingOutbox *self,
                                                       KvSession          *session,
                                                       GPtrArray          *audit);

G_END_DECLS
