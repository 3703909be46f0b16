/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-signalling"

#include "config.h"

#include "kv-signalling-handler.h"
#include "kv-signalling-handler-private.h"

/* KvSignallingHandler, continued: connections (peers) coming and going,
 * and revoked kiosks. */

KvPeer *
kv_peer_new (const char *address)
{
  KvPeer *peer = g_new0 (KvPeer, 1);

  peer->address = g_strdup (address != NULL ? address : "unknown");
  return peer;
}

void
kv_peer_free (KvPeer *peer)
{
  if (peer == NULL)
    return;
  g_free (peer->address);
  g_free (peer->kiosk_id);
  g_free (peer);
}

void
kv_envelope_free (KvEnvelope *envelope)
{
  if (envelope == NULL)
    return;
  g_clear_pointer (&envelope->message, kv_message_free);
  g_free (envelope);
}

char *
kv_peer_dup_actor (KvPeer *peer)
{
  if (peer->kiosk_id != NULL)
    return g_strconcat ("kiosk:", peer->kiosk_id, NULL);
  return g_strconcat ("address:", peer->address, NULL);
}

/**
 * kv_signalling_handler_peer_closed:
 * @self: a #KvSignallingHandler
 * @peer: a connection that closed
 *
 * A kiosk that leaves during a live visit has lost its media until it is
 * back; one that leaves before the visit is no longer present.
 *
 * Returns: (transfer full) (element-type KvEnvelope): what to send where
 */
GPtrArray *
kv_signalling_handler_peer_closed (KvSignallingHandler *self,
                                   KvPeer              *peer)
{
  g_autoptr(GPtrArray) sessions = NULL;
  g_autofree char *actor = NULL;
  gint64 now;

  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), NULL);

  actor = kv_peer_dup_actor (peer);
  kv_signalling_handler_enter (self, actor);

  /* Nothing queued for this peer may be sent any more. */
  for (guint i = self->outbox->len; i > 0; i--)
    if (((KvEnvelope *) g_ptr_array_index (self->outbox, i - 1))->peer == peer)
      g_ptr_array_remove_index (self->outbox, i - 1);

  if (peer->kiosk_id == NULL || g_hash_table_lookup (self->peers, peer->kiosk_id) != peer)
    return kv_signalling_handler_leave (self);

  g_hash_table_remove (self->peers, peer->kiosk_id);
  kv_metrics_set (self->metrics, KV_METRIC_KIOSKS_SIGNED_IN, g_hash_table_size (self->peers));
  g_debug ("Kiosk %s signed out", peer->kiosk_id);

  now = kv_clock_get_now (self->clock);
  sessions = kv_scheduler_list_sessions_for_kiosk (self->scheduler, peer->kiosk_id, now, now + 1);
  for (guint i = 0; i < sessions->len; i++)
    {
      KvSession *session = g_ptr_array_index (sessions, i);
      const KvBooking *booking = kv_session_get_booking (session);
      KvSessionWatch *watch = g_hash_table_lookup (self->watches, booking->id);
      KvSideFlags side = g_str_equal (booking->prison_kiosk, peer->kiosk_id)
                           ? KV_SIDE_PRISON : KV_SIDE_COMMUNITY;
      KvSessionState state = kv_session_get_state (session);

      if (watch == NULL)
        continue;
      if (state == KV_SESSION_STATE_LIVE || state == KV_SESSION_STATE_GOODBYE)
        kv_signalling_handler_set_lost (self, watch, side, TRUE);
      else if (state == KV_SESSION_STATE_JOINABLE || state == KV_SESSION_STATE_READY)
        kv_session_set_present (session, side, FALSE);
    }
  return kv_signalling_handler_leave (self);
}

/**
 * kv_signalling_handler_kiosk_revoked:
 * @self: a #KvSignallingHandler
 * @kiosk_id: a kiosk whose token was just revoked
 *
 * Disconnects the kiosk at once if it is signed in.
 *
 * Returns: (transfer full) (element-type KvEnvelope): what to send where
 */
GPtrArray *
kv_signalling_handler_kiosk_revoked (KvSignallingHandler *self,
                                     const char          *kiosk_id)
{
  g_autoptr(GPtrArray) closed = NULL;
  KvPeer *peer;

  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), NULL);

  kv_signalling_handler_enter (self, "admin");
  peer = g_hash_table_lookup (self->peers, kiosk_id);
  if (peer == NULL)
    return kv_signalling_handler_leave (self);

  /* Signed out now, not when the socket finishes closing (nested: the
   * envelopes stay in the outbox). */
  closed = kv_signalling_handler_peer_closed (self, peer);
  kv_signalling_handler_send (self, peer,
                              kv_message_new_error (KV_PROTOCOL_ERROR_BAD_TOKEN, NULL,
                                                    "This kiosk was revoked"),
                              TRUE);
  return kv_signalling_handler_leave (self);
}

gboolean
kv_signalling_handler_is_signed_in (KvSignallingHandler *self,
                                    const char          *kiosk_id)
{
  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), FALSE);

  return g_hash_table_contains (self->peers, kiosk_id);
}

guint
kv_signalling_handler_get_n_signed_in (KvSignallingHandler *self)
{
  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), 0);

  return g_hash_table_size (self->peers);
}
