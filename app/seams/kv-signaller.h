/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-protocol.h"

G_BEGIN_DECLS

/**
 * KvSignallerState:
 * @KV_SIGNALLER_STATE_DISCONNECTED: no link to the server; retrying with backoff
 * @KV_SIGNALLER_STATE_CONNECTING: connecting, or waiting for the welcome
 * @KV_SIGNALLER_STATE_SIGNED_IN: signed in: messages flow both ways
 * @KV_SIGNALLER_STATE_REFUSED: the server refused the device token (bad or
 *   revoked); retried only slowly
 *
 * The state of the link to the server.
 */
typedef enum {
  KV_SIGNALLER_STATE_DISCONNECTED,
  KV_SIGNALLER_STATE_CONNECTING,
  KV_SIGNALLER_STATE_SIGNED_IN,
  KV_SIGNALLER_STATE_REFUSED,
} KvSignallerState;

#define KV_NET_ERROR (kv_net_error_quark ())
GQuark kv_net_error_quark (void);

/**
 * KvNetError:
 * @KV_NET_ERROR_NOT_SIGNED_IN: a message was sent while not signed in
 * @KV_NET_ERROR_INVALID_MESSAGE: the message could not be serialized or is
 *   not one a kiosk may send
 * @KV_NET_ERROR_BAD_URL: the configured server URL is not a ws:// or wss:// URL
 * @KV_NET_ERROR_TLS: the pinned CA could not be loaded, or the server's
 *   certificate is not signed by it
 * @KV_NET_ERROR_REFUSED: the server refused the device token
 * @KV_NET_ERROR_TIMEOUT: the server stopped answering heartbeats
 * @KV_NET_ERROR_CLOSED: the server closed the connection
 * @KV_NET_ERROR_PROTOCOL: the server broke the protocol (e.g. no welcome)
 *
 * Errors of the kiosk's network layer (app/net).
 */
typedef enum {
  KV_NET_ERROR_NOT_SIGNED_IN,
  KV_NET_ERROR_INVALID_MESSAGE,
  KV_NET_ERROR_BAD_URL,
  KV_NET_ERROR_TLS,
  KV_NET_ERROR_REFUSED,
  KV_NET_ERROR_TIMEOUT,
  KV_NET_ERROR_CLOSED,
  KV_NET_ERROR_PROTOCOL,
} KvNetError;

/* What the kiosk's recovery bound (KV_VISIT_CALL_RECOVERY_BOUND_US in
 * app/kiosk/kv-visit-call.h) counts on from the link: an urgent link
 * (#KvSignaller:urgent) is signed in again at most this long after the
 * server can be reached again. The real link's tuning is in
 * app/net/kv-signalling-client.h, which asserts that it keeps this. */
#define KV_SIGNALLER_URGENT_LINK_BACK_BOUND_US (2 * G_USEC_PER_SEC)

#define KV_TYPE_SIGNALLER (kv_signaller_get_type ())
G_DECLARE_INTERFACE (KvSignaller, kv_signaller, KV, SIGNALLER, GObject)

/**
 * KvSignallerInterface:
 * @start: begin connecting (and keep reconnecting) to the server
 * @stop: close the link and stop reconnecting
 * @send: send one message; fails unless signed in
 *
 * The kiosk's link to the server. The real one is #KvSignallingClient (a
 * libsoup WebSocket, app/net); tests use a fake. Implementations emit
 * #KvSignaller::signed-in and #KvSignaller::message-received on the main
 * context and notify #KvSignaller:state on every change.
 *
 * Properties of the interface: "state" (#KvSignallerState, read-only),
 * "urgent" (gboolean, read-write: a call depends on the link, so it is
 * kept and brought back within a bound instead of with a polite backoff).
 */
struct _KvSignallerInterface
{
  GTypeInterface parent_iface;

  void     (*start) (KvSignaller     *self);
  void     (*stop)  (KvSignaller     *self);
  gboolean (*send)  (KvSignaller     *self,
                     const KvMessage *message,
                     GError         **error);
};

void             kv_signaller_start     (KvSignaller     *self);
void             kv_signaller_stop      (KvSignaller     *self);
gboolean         kv_signaller_send      (KvSignaller     *self,
                                         const KvMessage *message,
                                         GError         **error);
KvSignallerState kv_signaller_get_state (KvSignaller     *self);
void             kv_signaller_set_urgent (KvSignaller    *self,
                                          gboolean        urgent);
gboolean         kv_signaller_get_urgent (KvSignaller    *self);

/* For implementations: emit the interface's signals. */
void             kv_signaller_emit_signed_in        (KvSignaller *self,
                                                     KvMessage   *welcome);
void             kv_signaller_emit_message_received (KvSignaller *self,
                                                     KvMessage   *message);

G_END_DECLS
