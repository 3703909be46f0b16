/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-seams"

#include "config.h"

#include "kv-signaller.h"

#include "kv-seams-enums.h"

/**
 * KvSignaller:
 *
 * The kiosk's link to the server, as the visit controller sees it: start,
 * stop, send a message, and hear about sign-in and incoming messages. The
 * real implementation is #KvSignallingClient; tests use a fake, so the
 * visit logic is tested without sockets.
 */

G_DEFINE_QUARK (kv-net-error-quark, kv_net_error)

enum {
  SIGNAL_SIGNED_IN,
  SIGNAL_MESSAGE_RECEIVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_INTERFACE (KvSignaller, kv_signaller, G_TYPE_OBJECT)

static void
kv_signaller_default_init (KvSignallerInterface *iface)
{
  /**
   * KvSignaller:state:
   *
   * The state of the link to the server.
   */
  g_object_interface_install_property (iface,
    g_param_spec_enum ("state", NULL, NULL,
                       KV_TYPE_SIGNALLER_STATE, KV_SIGNALLER_STATE_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * KvSignaller:urgent:
   *
   * Whether a call depends on the link right now (its offers and answers
   * go through the server). An urgent link notices a dead path sooner,
   * gives up on a sign-in that hangs, and reconnects within a short,
   * bounded delay; a refused device token is still retried only slowly.
   */
  g_object_interface_install_property (iface,
    g_param_spec_boolean ("urgent", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * KvSignaller::signed-in:
   * @self: the signaller
   * @welcome: the server's `welcome` message
   *
   * Emitted each time the kiosk has signed in, including after a reconnect:
   * a `schedule` and, during a visit, a `session` follow.
   */
  signals[SIGNAL_SIGNED_IN] =
    g_signal_new ("signed-in",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  KV_TYPE_MESSAGE | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * KvSignaller::message-received:
   * @self: the signaller
   * @message: a message from the server, already parsed and validated
   *
   * Emitted for every message from the server except `welcome` and `pong`,
   * which the signaller handles itself.
   */
  signals[SIGNAL_MESSAGE_RECEIVED] =
    g_signal_new ("message-received",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  KV_TYPE_MESSAGE | G_SIGNAL_TYPE_STATIC_SCOPE);
}

/**
 * kv_signaller_start:
 * @self: a #KvSignaller
 *
 * Begins connecting to the server; the signaller keeps reconnecting until
 * kv_signaller_stop().
 */
void
kv_signaller_start (KvSignaller *self)
{
  g_return_if_fail (KV_IS_SIGNALLER (self));

  KV_SIGNALLER_GET_IFACE (self)->start (self);
}

/**
 * kv_signaller_stop:
 * @self: a #KvSignaller
 *
 * Closes the link and stops reconnecting.
 */
void
kv_signaller_stop (KvSignaller *self)
{
  g_return_if_fail (KV_IS_SIGNALLER (self));

  KV_SIGNALLER_GET_IFACE (self)->stop (self);
}

/**
 * kv_signaller_send:
 * @self: a #KvSignaller
 * @message: a kiosk -> server message
 * @error: return location for a %KV_NET_ERROR
 *
 * Returns: %TRUE if the message was queued for sending
 */
gboolean
kv_signaller_send (KvSignaller      *self,
                   const KvMessage  *message,
                   GError          **error)
{
  g_return_val_if_fail (KV_IS_SIGNALLER (self), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return KV_SIGNALLER_GET_IFACE (self)->send (self, message, error);
}

/**
 * kv_signaller_get_state:
 * @self: a #KvSignaller
 *
 * Returns: the state of the link
 */
KvSignallerState
kv_signaller_get_state (KvSignaller *self)
{
  KvSignallerState state = KV_SIGNALLER_STATE_DISCONNECTED;

  g_return_val_if_fail (KV_IS_SIGNALLER (self), KV_SIGNALLER_STATE_DISCONNECTED);

  g_object_get (self, "state", &state, NULL);

  return state;
}

/**
 * kv_signaller_set_urgent:
 * @self: a #KvSignaller
 * @urgent: whether a call depends on the link
 *
 * See #KvSignaller:urgent.
 */
void
kv_signaller_set_urgent (KvSignaller *self,
                         gboolean     urgent)
{
  g_return_if_fail (KV_IS_SIGNALLER (self));

  g_object_set (self, "urgent", !!urgent, NULL);
}

gboolean
kv_signaller_get_urgent (KvSignaller *self)
{
  gboolean urgent = FALSE;

  g_return_val_if_fail (KV_IS_SIGNALLER (self), FALSE);

  g_object_get (self, "urgent", &urgent, NULL);
  return urgent;
}

void
kv_signaller_emit_signed_in (KvSignaller *self,
                             KvMessage   *welcome)
{
  g_return_if_fail (KV_IS_SIGNALLER (self));
  g_return_if_fail (welcome != NULL && welcome->type == KV_MESSAGE_WELCOME);

  g_signal_emit (self, signals[SIGNAL_SIGNED_IN], 0, welcome);
}

void
kv_signaller_emit_message_received (KvSignaller *self,
                                    KvMessage   *message)
{
  g_return_if_fail (KV_IS_SIGNALLER (self));
  g_return_if_fail (message != NULL);

  g_signal_emit (self, signals[SIGNAL_MESSAGE_RECEIVED], 0, message);
}
