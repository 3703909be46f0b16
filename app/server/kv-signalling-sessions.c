/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-signalling"

#include "config.h"

#include "kv-signalling-handler.h"
#include "kv-signalling-handler-private.h"

#include "kv-turn.h"

/* KvSignallingHandler, continued: what sessions tell kiosks, bookings made
 * and cancelled by staff, and restoring everything after a restart. Every
 * change of a session is stored (with its audit entry) before the kiosks
 * hear of it, so a restart never finds the kiosks ahead of the database. */


void
kv_session_watch_free (KvSessionWatch *watch)
{
  for (guint i = 0; i < G_N_ELEMENTS (watch->handler_ids); i++)
    g_clear_signal_handler (&watch->handler_ids[i], watch->session);
  g_clear_object (&watch->session);
  g_free (watch);
}

KvMessage *
kv_signalling_handler_new_session_message (KvSession *session)
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
  return message;
}

static void
add_ice_servers (KvSignallingHandler *self,
                 KvMessage           *join,
                 const char          *kiosk_id,
                 gint64               end_us)
{
  const char * const *stun = kv_server_config_get_stun_urls (self->config);
  const char * const *turn = kv_server_config_get_turn_urls (self->config);
  const char *secret = kv_server_config_get_turn_secret (self->config);

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

static KvMessage *
new_join_message (KvSignallingHandler *self,
                  KvSession           *session,
                  const char          *kiosk_id)
{
  KvMessage *message = kv_message_new (KV_MESSAGE_JOIN);
  const KvBooking *booking = kv_session_get_booking (session);
  const KvSiteRules *rules = kv_scheduler_get_rules (self->scheduler);

  message->join.booking_id = g_strdup (booking->id);
  message->join.offerer = (g_str_equal (booking->prison_kiosk, kiosk_id)
                             ? KV_SIDE_PRISON : KV_SIDE_COMMUNITY) == KV_SIGNALLING_OFFERER_SIDE;
  message->join.start_us = booking->start_us;
  message->join.end_us = kv_session_get_end_time (session);
  message->join.goodbye_us = rules->goodbye_us;
  message->join.n_cues = kv_session_get_cues (session, message->join.cues,
                                              KV_SITE_RULES_MAX_CUES);
  add_ice_servers (self, message, kiosk_id, message->join.end_us);
  return message;
}

/* Takes @message; sends it (a copy to one) to both kiosks of the session. */
void
kv_signalling_handler_send_to_both (KvSignallingHandler *self,
                                    KvSession           *session,
                                    KvMessage           *message)
{
  const KvBooking *booking = kv_session_get_booking (session);

  kv_signalling_handler_send_to_kiosk (self, booking->prison_kiosk, kv_message_copy (message));
  kv_signalling_handler_send_to_kiosk (self, booking->community_kiosk, message);
}

void
kv_signalling_handler_send_joins_to_both (KvSignallingHandler *self,
                                          KvSession           *session)
{
  const KvBooking *booking = kv_session_get_booking (session);
  const char *kiosks[] = { booking->prison_kiosk, booking->community_kiosk };

  for (guint i = 0; i < G_N_ELEMENTS (kiosks); i++)
    if (g_hash_table_contains (self->peers, kiosks[i]))
      kv_signalling_handler_send_to_kiosk (self, kiosks[i],
                                           new_join_message (self, session, kiosks[i]));
}

void
kv_signalling_handler_save_session (KvSignallingHandler *self,
                                    KvSession           *session,
                                    const char          *action,
                                    const char          *details)
{
  g_auto(KvSessionSnapshot) snapshot = { 0 };
  g_autoptr(GError) error = NULL;
  const KvBooking *booking = kv_session_get_booking (session);

  kv_session_get_snapshot (session, &snapshot);
  if (!kv_store_save_session (self->store, booking->id, &snapshot,
                              kv_clock_get_now (self->clock), self->actor, action, details,
                              &error))
    g_warning ("Session %s not stored: %s", booking->id, error->message);
}

static void
on_state_changed (KvSession      *session,
                  KvSessionState  old_state,
                  KvSessionState  new_state,
                  gpointer        user_data)
{
  KvSessionWatch *watch = user_data;
  KvSignallingHandler *self = watch->handler;
  const KvBooking *booking = kv_session_get_booking (session);
  g_autofree char *action = g_strconcat ("session-", kv_session_state_to_string (new_state), NULL);
  g_autofree char *details = NULL;
  KvMessage *message;

  if (new_state == KV_SESSION_STATE_ENDED)
    details = g_strdup_printf ("from=%s outcome=%s lost_us=%" G_GINT64_FORMAT,
                               kv_session_state_to_string (old_state),
                               kv_outcome_to_string (kv_session_get_outcome (session)),
                               kv_session_get_lost_us (session));
  else
    details = g_strdup_printf ("from=%s", kv_session_state_to_string (old_state));
  kv_signalling_handler_save_session (self, session, action, details);

  /* A visit cancelled (or a no-show) before its join window: the kiosks
   * never joined it; their new schedule says all they need. */
  if (old_state == KV_SESSION_STATE_SCHEDULED && new_state == KV_SESSION_STATE_ENDED)
    return;

  /* A kiosk that never got `join` (a clock jump over the window) gets it
   * first, so it always knows the booking's times and ICE servers. */
  if ((old_state < KV_SESSION_STATE_JOINABLE && new_state >= KV_SESSION_STATE_JOINABLE &&
       new_state < KV_SESSION_STATE_ENDED))
    kv_signalling_handler_send_joins_to_both (self, session);
  kv_signalling_handler_send_to_both (self, session, kv_signalling_handler_new_session_message (session));

  switch (new_state)
    {
    case KV_SESSION_STATE_LIVE:
      if (old_state == KV_SESSION_STATE_GOODBYE)
        break;      /* make-up moved the goodbye later: `session` says it */
      message = kv_message_new (KV_MESSAGE_START);
      message->start.booking_id = g_strdup (booking->id);
      message->start.end_us = kv_session_get_end_time (session);
      kv_signalling_handler_send_to_both (self, session, message);
      break;
    case KV_SESSION_STATE_GOODBYE:
      message = kv_message_new (KV_MESSAGE_GOODBYE);
      message->goodbye.booking_id = g_strdup (booking->id);
      message->goodbye.end_us = kv_session_get_end_time (session);
      kv_signalling_handler_send_to_both (self, session, message);
      break;
    case KV_SESSION_STATE_ENDED:
      message = kv_message_new (KV_MESSAGE_END);
      message->end.booking_id = g_strdup (booking->id);
      message->end.outcome = kv_session_get_outcome (session);
      message->end.absent = kv_session_get_absent (session);
      message->end.reason = g_strdup (kv_session_get_end_reason (session));
      message->end.lost_us = kv_session_get_lost_us (session);
      kv_signalling_handler_send_to_both (self, session, message);
      watch->lost = KV_SIDE_NONE;
      break;
    case KV_SESSION_STATE_SCHEDULED:
    case KV_SESSION_STATE_JOINABLE:
    case KV_SESSION_STATE_READY:
    default:
      break;
    }
}

static void
on_cue_reached (KvSession *session,
                guint      seconds_left,
                gboolean   half_way,
                gpointer   user_data)
{
  KvSessionWatch *watch = user_data;
  KvMessage *message = kv_message_new (KV_MESSAGE_CUE);

  message->cue.booking_id = g_strdup (kv_session_get_booking (session)->id);
  message->cue.seconds_left = seconds_left;
  message->cue.half_way = half_way;
  kv_signalling_handler_send_to_both (watch->handler, session, message);
}

static void
on_end_time_changed (KvSession *session,
                     gint64     new_end_us,
                     gpointer   user_data)
{
  KvSessionWatch *watch = user_data;
  g_autofree char *details = NULL;

  details = g_strdup_printf ("end_us=%" G_GINT64_FORMAT " makeup_us=%" G_GINT64_FORMAT,
                             new_end_us, kv_session_get_makeup_us (session));
  kv_signalling_handler_save_session (watch->handler, session, "makeup-granted", details);
  kv_signalling_handler_send_to_both (watch->handler, session, kv_signalling_handler_new_session_message (session));
}

static void
on_sides_changed (KvSession  *session,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  KvSessionWatch *watch = user_data;
  g_autofree char *action = g_strconcat ("session-", pspec->name, NULL);
  g_autofree char *details = NULL;

  details = g_strdup_printf ("present=%u confirmed=%u", kv_session_get_present (session),
                             kv_session_get_confirmed (session));
  kv_signalling_handler_save_session (watch->handler, session, action, details);
  kv_signalling_handler_send_to_both (watch->handler, session, kv_signalling_handler_new_session_message (session));
}

KvSessionWatch *
kv_signalling_handler_watch (KvSignallingHandler *self,
                             KvSession           *session)
{
  KvSessionWatch *watch = g_new0 (KvSessionWatch, 1);

  watch->handler = self;
  watch->session = g_object_ref (session);
  watch->handler_ids[0] = g_signal_connect (session, "state-changed",
                                            G_CALLBACK (on_state_changed), watch);
  watch->handler_ids[1] = g_signal_connect (session, "cue-reached",
                                            G_CALLBACK (on_cue_reached), watch);
  watch->handler_ids[2] = g_signal_connect (session, "end-time-changed",
                                            G_CALLBACK (on_end_time_changed), watch);
  watch->handler_ids[3] = g_signal_connect (session, "notify::present",
                                            G_CALLBACK (on_sides_changed), watch);
  watch->handler_ids[4] = g_signal_connect (session, "notify::confirmed",
                                            G_CALLBACK (on_sides_changed), watch);
  g_hash_table_replace (self->watches, g_strdup (kv_session_get_booking (session)->id), watch);
  return watch;
}

/**
 * kv_signalling_handler_set_lost:
 *
 * Media of @side is lost (or back). The session counts lost time while any
 * side is lost, and grants make-up when both are back.
 */
void
kv_signalling_handler_set_lost (KvSignallingHandler *self,
                                KvSessionWatch      *watch,
                                KvSideFlags          side,
                                gboolean             lost)
{
  KvSideFlags before = watch->lost;

  if (lost)
    watch->lost |= side;
  else
    watch->lost &= ~side;

  if (before == KV_SIDE_NONE && watch->lost != KV_SIDE_NONE)
    {
      kv_session_media_lost (watch->session);
      kv_signalling_handler_save_session (self, watch->session, "media-lost", side == KV_SIDE_PRISON ? "side=prison"
                                                                       : "side=community");
    }
  else if (before != KV_SIDE_NONE && watch->lost == KV_SIDE_NONE)
    {
      kv_session_media_restored (watch->session);
      kv_signalling_handler_save_session (self, watch->session, "media-restored", side == KV_SIDE_PRISON ? "side=prison"
                                                                           : "side=community");
    }
}

void
kv_signalling_handler_send_schedule (KvSignallingHandler *self,
                                     KvPeer              *peer)
{
  KvMessage *message = kv_message_new (KV_MESSAGE_SCHEDULE);
  gint64 now = kv_clock_get_now (self->clock);
  gint64 days = kv_server_config_get_schedule_days (self->config);
  g_autoptr(GPtrArray) bookings = NULL;

  bookings = kv_scheduler_list_bookings_for_kiosk (self->scheduler, peer->kiosk_id, now,
                                                   now + days * 86400 * G_USEC_PER_SEC);
  message->schedule.server_time_us = now;
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
  kv_signalling_handler_send (self, peer, message, FALSE);
}

/* On sign-in: `join` and `session` for every open session of the kiosk, so
 * a kiosk that reconnects (or restarts) mid-visit carries on. */
void
kv_signalling_handler_send_joins (KvSignallingHandler *self,
                                  KvPeer              *peer)
{
  const KvSiteRules *rules = kv_scheduler_get_rules (self->scheduler);
  gint64 now = kv_clock_get_now (self->clock);
  g_autoptr(GPtrArray) sessions = NULL;

  sessions = kv_scheduler_list_sessions_for_kiosk (self->scheduler, peer->kiosk_id, now,
                                                   now + rules->join_window_us + 1);
  for (guint i = 0; i < sessions->len; i++)
    {
      KvSession *session = g_ptr_array_index (sessions, i);
      const KvBooking *booking = kv_session_get_booking (session);
      KvSessionState state = kv_session_get_state (session);
      KvSessionWatch *watch = g_hash_table_lookup (self->watches, booking->id);

      if (state < KV_SESSION_STATE_JOINABLE || state > KV_SESSION_STATE_GOODBYE)
        continue;
      kv_signalling_handler_send (self, peer, new_join_message (self, session, peer->kiosk_id),
                                  FALSE);
      kv_signalling_handler_send (self, peer, kv_signalling_handler_new_session_message (session), FALSE);
      /* Back after a disconnect: its media counts as back; the kiosk
       * reports otherwise if the call does not come back. */
      if (watch != NULL)
        kv_signalling_handler_set_lost (self, watch,
                                        g_str_equal (booking->prison_kiosk, peer->kiosk_id)
                                          ? KV_SIDE_PRISON : KV_SIDE_COMMUNITY,
                                        FALSE);
    }
}

void
kv_signalling_handler_notify_bookings_changed (KvSignallingHandler *self,
                                               const KvBooking     *booking)
{
  const char *kiosks[] = { booking->prison_kiosk, booking->community_kiosk };

  for (guint i = 0; i < G_N_ELEMENTS (kiosks); i++)
    {
      KvPeer *peer = g_hash_table_lookup (self->peers, kiosks[i]);
      KvMessage *welcome;

      if (peer == NULL || peer->closing)
        continue;
      welcome = kv_message_new (KV_MESSAGE_WELCOME);
      welcome->welcome.kiosk_id = g_strdup (peer->kiosk_id);
      welcome->welcome.role = peer->role;
      welcome->welcome.server_time_us = kv_clock_get_now (self->clock);
      kv_signalling_handler_send (self, peer, welcome, FALSE);
      kv_signalling_handler_send_schedule (self, peer);
    }
}

static void
on_prune_alarm (gpointer user_data)
{
  KvSignallingHandler *self = user_data;
  gint64 before = kv_clock_get_now (self->clock) - KV_SIGNALLING_PRUNE_AFTER_US;
  GHashTableIter iter;
  KvSessionWatch *watch;

  self->prune_alarm = 0;
  g_hash_table_iter_init (&iter, self->watches);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &watch))
    if (kv_session_get_state (watch->session) == KV_SESSION_STATE_ENDED &&
        kv_session_get_ended_at (watch->session) < before)
      g_hash_table_iter_remove (&iter);
  kv_scheduler_remove_ended (self->scheduler, before);
  kv_signalling_handler_schedule_prune (self);
}

void
kv_signalling_handler_schedule_prune (KvSignallingHandler *self)
{
  if (self->prune_alarm == 0)
    self->prune_alarm = kv_clock_add_alarm (self->clock,
                                            kv_clock_get_now (self->clock) + KV_SIGNALLING_PRUNE_EVERY_US,
                                            on_prune_alarm, self, NULL);
}
