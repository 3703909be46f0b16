/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-signalling"

#include "config.h"

#include "kv-signalling-messages.h"

#include "kv-turn.h"

/**
 * kv_signalling_new_session_message:
 * @session: a session
 *
 * Returns: (transfer full): a `session` message with its whole state
 */
KvMessage *
kv_signalling_new_session_message (KvSession *session)
{
  KvMessage *message = kv_message_new (KV_MESSAGE_SESSION);
  const KvBooking *booking = kv_session_get_booking (session);

  message->session.booking_id = g_strdup (booking->id);
  message->session.state = kv_session_get_state (session);
  message->session.start_us = booking->start_us;
  message->session.end_us = kv_session_get_end_time (session);
  message->session.goodbye_us = kv_session_get_goodbye_time (session);
  message->session.present = kv_session_get_present (session);
  message->session.confirmed = kv_session_get_confirmed (session);
  message->session.lost_us = kv_session_get_lost_us (session);
  message->session.makeup_us = kv_session_get_makeup_us (session);
  message->session.outcome = kv_session_get_outcome (session);
  message->session.paused = kv_session_get_paused (session);
  message->session.pause_category = kv_session_get_pause_category (session);
  message->session.muted = kv_session_get_muted (session);
  message->session.supervised = kv_session_get_supervised (session);
  message->session.end_category = kv_session_get_end_category (session);
  return message;
}

static void
add_ice_servers (KvServerConfig *config,
                 KvMessage      *join,
                 const char     *kiosk_id,
                 gint64          end_us)
{
  const char * const *stun = kv_server_config_get_stun_urls (config);
  const char * const *turn = kv_server_config_get_turn_urls (config);
  const char *secret = kv_server_config_get_turn_secret (config);

  if (stun != NULL && stun[0] != NULL)
    {
      KvIceServer *server = g_new0 (KvIceServer, 1);

      server->urls = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; stun[i] != NULL; i++)
        g_ptr_array_add (server->urls, g_strdup (stun[i]));
      g_ptr_array_add (join->join.ice_servers, server);
    }
  if (turn != NULL && turn[0] != NULL && secret != NULL && *secret != '\0')
    {
      KvIceServer *server = g_new0 (KvIceServer, 1);

      server->urls = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; turn[i] != NULL; i++)
        g_ptr_array_add (server->urls, g_strdup (turn[i]));
      kv_turn_make_credentials (secret, kiosk_id, (end_us + KV_TURN_GRACE_US) / G_USEC_PER_SEC,
                                &server->username, &server->credential);
      g_ptr_array_add (join->join.ice_servers, server);
    }
}

/**
 * kv_signalling_new_join_message:
 * @config: the server configuration (STUN, TURN)
 * @session: the session
 * @kiosk_id: the kiosk it is for, one of the booking's two
 *
 * Returns: (transfer full): a `join` message for @kiosk_id, with its part
 *   (offerer or not) and its own TURN credentials
 */
KvMessage *
kv_signalling_new_join_message (KvServerConfig *config,
                                KvSession      *session,
                                const char     *kiosk_id)
{
  KvMessage *message = kv_message_new (KV_MESSAGE_JOIN);
  const KvBooking *booking = kv_session_get_booking (session);
  KvSideFlags side = g_str_equal (booking->prison_kiosk, kiosk_id) ? KV_SIDE_PRISON
                                                                   : KV_SIDE_COMMUNITY;

  message->join.booking_id = g_strdup (booking->id);
  message->join.offerer = side == KV_SIGNALLING_OFFERER_SIDE;
  message->join.start_us = booking->start_us;
  message->join.end_us = kv_session_get_end_time (session);
  /* The length of the goodbye, from the session's own rules. */
  message->join.goodbye_us = message->join.end_us - kv_session_get_goodbye_time (session);
  message->join.n_cues = kv_session_get_cues (session, message->join.cues,
                                              KV_SITE_RULES_MAX_CUES);
  add_ice_servers (config, message, kiosk_id, message->join.end_us);
  return message;
}

/**
 * kv_signalling_new_schedule_message:
 * @bookings: (element-type KvBooking): a kiosk's bookings, by start
 * @server_time_us: the server's time now
 *
 * Returns: (transfer full): a `schedule` message with the first
 *   %KV_PROTOCOL_MAX_SCHEDULE bookings, without the kiosks' ids
 */
KvMessage *
kv_signalling_new_schedule_message (GPtrArray *bookings,
                                    gint64     server_time_us)
{
  KvMessage *message = kv_message_new (KV_MESSAGE_SCHEDULE);

  message->schedule.server_time_us = server_time_us;
  for (guint i = 0; i < bookings->len && i < KV_PROTOCOL_MAX_SCHEDULE; i++)
    {
      KvBooking *booking = kv_booking_copy (g_ptr_array_index (bookings, i));

      /* A kiosk needs no other kiosk's id. */
      g_free (booking->prison_kiosk);
      booking->prison_kiosk = g_strdup ("");
      g_free (booking->community_kiosk);
      booking->community_kiosk = g_strdup ("");
      g_ptr_array_add (message->schedule.bookings, booking);
    }
  return message;
}
