/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-clock.h"
#include "kv-metrics.h"
#include "kv-protocol.h"
#include "kv-rate-limiter.h"
#include "kv-refusal-log.h"
#include "kv-scheduler.h"
#include "kv-server-config.h"
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

/**
 * KvPeer:
 * @address: the remote address, for rate limiting and the audit log
 * @kiosk_id: (nullable): the kiosk, once signed in
 * @role: the kiosk's role, once signed in
 * @n_rejected: messages refused on this connection
 * @window_start_us: start of the current one-second message window
 * @window_count: messages in that window
 * @closing: the handler asked for this connection to be closed
 * @connection: the server's connection object; the handler never uses it
 *
 * One kiosk connection, as the handler sees it. The server makes one per
 * WebSocket and hands it to every call; tests make them without sockets.
 */
typedef struct
{
  char     *address;
  char     *kiosk_id;
  KvRole    role;
  guint     n_rejected;
  gint64    window_start_us;
  guint     window_count;
  gboolean  closing;
  gpointer  connection;
} KvPeer;

KvPeer *kv_peer_new  (const char *address);
void    kv_peer_free (KvPeer     *peer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvPeer, kv_peer_free)

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

#define KV_TYPE_SIGNALLING_HANDLER (kv_signalling_handler_get_type ())
G_DECLARE_FINAL_TYPE (KvSignallingHandler, kv_signalling_handler, KV, SIGNALLING_HANDLER, GObject)

KvSignallingHandler *kv_signalling_handler_new (KvServerConfig *config,
                                                KvClock        *clock,
                                                KvStore        *store,
                                                KvScheduler    *scheduler,
                                                KvMetrics      *metrics,
                                                KvRefusalLog   *refusal_log);

gboolean   kv_signalling_handler_load         (KvSignallingHandler *self,
                                               GError             **error);

GPtrArray *kv_signalling_handler_handle       (KvSignallingHandler *self,
                                               KvPeer              *peer,
                                               const char          *data,
                                               gsize                length);
GPtrArray *kv_signalling_handler_refuse       (KvSignallingHandler *self,
                                               KvPeer              *peer,
                                               const GError        *error,
                                               const char          *in_reply_to);
GPtrArray *kv_signalling_handler_peer_closed  (KvSignallingHandler *self,
                                               KvPeer              *peer);
GPtrArray *kv_signalling_handler_kiosk_revoked (KvSignallingHandler *self,
                                                const char          *kiosk_id);
GPtrArray *kv_signalling_handler_add_booking  (KvSignallingHandler *self,
                                               const KvBooking     *booking,
                                               GError             **error);
GPtrArray *kv_signalling_handler_cancel_booking (KvSignallingHandler *self,
                                                 const char          *booking_id,
                                                 GError             **error);
GPtrArray *kv_signalling_handler_end_session  (KvSignallingHandler *self,
                                               const char          *booking_id,
                                               const char          *reason,
                                               GError             **error);
GPtrArray *kv_signalling_handler_take_outbox  (KvSignallingHandler *self);

gboolean   kv_signalling_handler_is_signed_in (KvSignallingHandler *self,
                                               const char          *kiosk_id);
guint      kv_signalling_handler_get_n_signed_in (KvSignallingHandler *self);
guint      kv_signalling_handler_get_n_live   (KvSignallingHandler *self);
GPtrArray *kv_signalling_handler_list_active_sessions (KvSignallingHandler *self);

G_END_DECLS
