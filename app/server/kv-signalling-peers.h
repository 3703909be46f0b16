/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-clock.h"
#include "kv-metrics.h"
#include "kv-peer.h"
#include "kv-protocol.h"
#include "kv-refusal-log.h"
#include "kv-signalling-outbox.h"
#include "kv-store.h"

G_BEGIN_DECLS

/* Most refused messages one connection may send before it is closed: a
 * broken or hostile kiosk must not fill the audit log. */
#define KV_SIGNALLING_MAX_REJECTIONS 50
/* Failed sign-ins per minute before further failing ones get rate-limited
 * instead of bad-token: counted per address for unknown tokens, per kiosk
 * for a revoked kiosk's token. A valid token always signs in. */
#define KV_SIGNALLING_MAX_AUTH_FAILURES 10
/* Messages one connection may send per second: a call set-up sends a few
 * dozen; more is a broken or hostile kiosk, and every session change costs
 * a database commit. */
#define KV_SIGNALLING_MAX_MESSAGES_PER_SECOND 100

#define KV_TYPE_SIGNALLING_PEERS (kv_signalling_peers_get_type ())
G_DECLARE_FINAL_TYPE (KvSignallingPeers, kv_signalling_peers, KV, SIGNALLING_PEERS, GObject)

KvSignallingPeers *kv_signalling_peers_new (KvClock            *clock,
                                            KvStore            *store,
                                            KvMetrics          *metrics,
                                            KvRefusalLog       *refusal_log,
                                            KvSignallingOutbox *outbox);

gboolean  kv_signalling_peers_admit        (KvSignallingPeers *self,
                                            KvPeer            *peer);
gboolean  kv_signalling_peers_sign_in      (KvSignallingPeers *self,
                                            KvPeer            *peer,
                                            const KvHello     *hello);
void      kv_signalling_peers_reject       (KvSignallingPeers *self,
                                            KvPeer            *peer,
                                            KvProtocolError    code,
                                            const char        *in_reply_to,
                                            const char        *booking_id,
                                            const char        *text);
gboolean  kv_signalling_peers_remove       (KvSignallingPeers *self,
                                            KvPeer            *peer);

KvPeer   *kv_signalling_peers_lookup       (KvSignallingPeers *self,
                                            const char        *kiosk_id);
void      kv_signalling_peers_send_to_kiosk (KvSignallingPeers *self,
                                             const char        *kiosk_id,
                                             KvMessage         *message);
guint     kv_signalling_peers_get_n_signed_in (KvSignallingPeers *self);
GPtrArray *kv_signalling_peers_list         (KvSignallingPeers *self);
void      kv_signalling_peers_flush_sightings (KvSignallingPeers *self);

G_END_DECLS
