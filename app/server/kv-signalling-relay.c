/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-signalling"

#include "config.h"

#include "kv-signalling-handler.h"
#include "kv-signalling-handler-private.h"

/* KvSignallingHandler, continued: messages about one booking (presence,
 * confirm, staff_end, media, sdp, ice). Each is authorised on its own: the
 * kiosk must be one of the booking's two kiosks, and sdp/ice go only to the
 * other one, only while the session is open. */

/* The session of @booking_id if @peer's kiosk is one of its two kiosks;
 * %NULL otherwise, the same whether the booking exists or not. */
static KvSessionWatch *
lookup_authorised (KvSignallingHandler *self,
                   KvPeer              *peer,
                   const char          *booking_id,
                   KvSideFlags         *out_side,
                   const char         **out_other_kiosk)
{
  KvSessionWatch *watch = g_hash_table_lookup (self->watches, booking_id);
  const KvBooking *booking;

  if (watch == NULL)
    return NULL;
  booking = kv_session_get_booking (watch->session);
  if (g_str_equal (booking->prison_kiosk, peer->kiosk_id))
    {
      *out_side = KV_SIDE_PRISON;
      *out_other_kiosk = booking->community_kiosk;
    }
  else if (g_str_equal (booking->community_kiosk, peer->kiosk_id))
    {
      *out_side = KV_SIDE_COMMUNITY;
      *out_other_kiosk = booking->prison_kiosk;
    }
  else
    return NULL;
  return watch;
}

void
kv_signalling_handler_handle_booking (KvSignallingHandler *self,
                                      KvPeer              *peer,
                                      KvMessage           *message)
{
  const char *type = kv_message_type_to_string (message->type);
  const char *booking_id = kv_message_get_booking_id (message);
  g_autoptr(GError) error = NULL;
  const char *other_kiosk = NULL;
  KvSideFlags side = KV_SIDE_NONE;
  KvSessionWatch *watch;
  KvSessionState state;
  gboolean ok = TRUE;

  watch = lookup_authorised (self, peer, booking_id, &side, &other_kiosk);
  if (watch == NULL)
    {
      kv_signalling_handler_reject (self, peer, KV_PROTOCOL_ERROR_FORBIDDEN, type, booking_id,
              "That booking is not one of this kiosk's visits");
      return;
    }
  state = kv_session_get_state (watch->session);

  switch (message->type)
    {
    case KV_MESSAGE_SDP:
    case KV_MESSAGE_ICE:
      {
        KvPeer *other;
        KvMessage *copy;

        if (state < KV_SESSION_STATE_JOINABLE || state > KV_SESSION_STATE_GOODBYE)
          {
            kv_signalling_handler_reject (self, peer, KV_PROTOCOL_ERROR_INVALID_STATE, type, booking_id,
                    state == KV_SESSION_STATE_ENDED ? "This visit is over"
                                                    : "This visit's join window is not open yet");
            return;
          }
        /* join named each kiosk's part, and the negotiation is the
         * offerer's to start (the prison's network decides what is
         * allowed): offers only from it, answers only from the other
         * kiosk. Whose turn it is, is the kiosks' business. */
        if (message->type == KV_MESSAGE_SDP &&
            (message->sdp.sdp_type == KV_SDP_OFFER) != (side == KV_SIGNALLING_OFFERER_SIDE))
          {
            kv_signalling_handler_reject (self, peer, KV_PROTOCOL_ERROR_FORBIDDEN, type, booking_id,
                    message->sdp.sdp_type == KV_SDP_OFFER
                      ? "This kiosk answers in this visit: only the offerer named in join sends "
                        "an offer"
                      : "This kiosk offers in this visit: only the other kiosk sends an answer");
            return;
          }
        other = g_hash_table_lookup (self->peers, other_kiosk);
        if (other == NULL || other->closing)
          {
            /* The peer renegotiates when it is back (it gets join again). */
            g_debug ("Dropped %s for %s: the other kiosk is not signed in", type, booking_id);
            return;
          }
        copy = kv_message_copy (message);
        kv_signalling_handler_send (self, other, copy, FALSE);
        kv_metrics_add (self->metrics, KV_METRIC_MESSAGES_RELAYED, 1);
        return;
      }

    case KV_MESSAGE_PRESENCE:
      if (state == KV_SESSION_STATE_SCHEDULED || state == KV_SESSION_STATE_ENDED)
        {
          kv_signalling_handler_reject (self, peer, KV_PROTOCOL_ERROR_INVALID_STATE, type, booking_id,
                  state == KV_SESSION_STATE_ENDED ? "This visit is over"
                                                  : "This visit's join window is not open yet");
          return;
        }
      kv_session_set_present (watch->session, side, message->presence.present);
      return;

    case KV_MESSAGE_CONFIRM:
      ok = kv_session_confirm (watch->session, side, &error);
      break;

    case KV_MESSAGE_STAFF_END:
      /* Staff at a kiosk stop the visit in front of them: one that is open
       * (from its join window to its end). Visits to come are cancelled by
       * the visits office through the admin API, not by a kiosk. */
      if (state < KV_SESSION_STATE_JOINABLE || state > KV_SESSION_STATE_GOODBYE)
        {
          kv_signalling_handler_reject (self, peer, KV_PROTOCOL_ERROR_INVALID_STATE, type,
                                        booking_id,
                                        state == KV_SESSION_STATE_ENDED
                                          ? "This visit is over"
                                          : "A kiosk can end a visit only once its join window "
                                            "is open; the visits office cancels visits to come");
          return;
        }
      ok = kv_session_end_by_staff (watch->session, message->staff_end.reason, &error);
      if (ok)
        kv_signalling_handler_audit (self, "staff-end", booking_id,
                                     side == KV_SIDE_PRISON ? "side=prison" : "side=community");
      break;

    case KV_MESSAGE_MEDIA:
      /* Media reports count only while the visit is on; before, the call is
       * held anyway, and after, nothing is owed. */
      if (state == KV_SESSION_STATE_LIVE || state == KV_SESSION_STATE_GOODBYE)
        kv_signalling_handler_set_lost (self, watch, side, !message->media.flowing);
      return;

    default:
      g_assert_not_reached ();
    }

  if (!ok)
    kv_signalling_handler_reject (self, peer,
            g_error_matches (error, KV_SESSION_ERROR, KV_SESSION_ERROR_BAD_REASON)
              ? KV_PROTOCOL_ERROR_BAD_VALUE : KV_PROTOCOL_ERROR_INVALID_STATE,
            type, booking_id, error->message);
}
