/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-fakes"

#include "config.h"

#include "kv-fake-messages.h"

KvMessage *
kv_fake_message_welcome (const char *kiosk_id,
                         KvRole      role,
                         gint64      server_time_us)
{
  KvMessage *message = kv_message_new (KV_MESSAGE_WELCOME);

  message->welcome.version = KV_PROTOCOL_VERSION_CURRENT;
  message->welcome.kiosk_id = g_strdup (kiosk_id);
  message->welcome.role = role;
  message->welcome.server_time_us = server_time_us;

  return message;
}

KvMessage *
kv_fake_message_schedule_empty (gint64 server_time_us)
{
  KvMessage *message = kv_message_new (KV_MESSAGE_SCHEDULE);

  message->schedule.server_time_us = server_time_us;
  if (message->schedule.bookings == NULL)
    message->schedule.bookings = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_booking_free);

  return message;
}

void
kv_fake_message_schedule_add (KvMessage  *schedule,
                              const char *booking_id,
                              gint64      start_us,
                              gint64      end_us,
                              const char *prison_label,
                              const char *community_label,
                              KvAgeBand   age_band)
{
  g_return_if_fail (schedule->type == KV_MESSAGE_SCHEDULE);

  /* Kiosk ids are not sent in schedules. */
  g_ptr_array_add (schedule->schedule.bookings,
                   kv_booking_new (booking_id, "", "", start_us, end_us,
                                   prison_label, community_label, age_band));
}

KvMessage *
kv_fake_message_schedule (gint64      server_time_us,
                          const char *booking_id,
                          gint64      start_us,
                          gint64      end_us,
                          const char *prison_label,
                          const char *community_label,
                          KvAgeBand   age_band)
{
  KvMessage *message = kv_fake_message_schedule_empty (server_time_us);

  kv_fake_message_schedule_add (message, booking_id, start_us, end_us,
                                prison_label, community_label, age_band);
  return message;
}

KvMessage *
kv_fake_message_join (const char *booking_id,
                      gboolean    offerer,
                      gint64      start_us,
                      gint64      end_us)
{
  KvMessage *message = kv_message_new (KV_MESSAGE_JOIN);
  KvIceServer *stun = g_new0 (KvIceServer, 1);

  message->join.booking_id = g_strdup (booking_id);
  message->join.offerer = offerer;
  message->join.start_us = start_us;
  message->join.end_us = end_us;
  message->join.goodbye_us = 60 * G_USEC_PER_SEC;
  message->join.cues[0] = (guint) ((end_us - start_us) / 2 / G_USEC_PER_SEC);
  message->join.cues[1] = 5 * 60;
  message->join.cues[2] = 2 * 60;
  message->join.n_cues = 3;

  stun->urls = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (stun->urls, g_strdup ("stun:stun.example.org:3478"));
  if (message->join.ice_servers == NULL)
    message->join.ice_servers = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_ice_server_free);
  g_ptr_array_add (message->join.ice_servers, stun);

  return message;
}

KvMessage *
kv_fake_message_session (const char     *booking_id,
                         KvSessionState  state,
                         gint64          start_us,
                         gint64          end_us,
                         KvSideFlags     present,
                         KvSideFlags     confirmed,
                         gint64          lost_us,
                         gint64          makeup_us)
{
  KvMessage *message = kv_message_new (KV_MESSAGE_SESSION);

  message->session.booking_id = g_strdup (booking_id);
  message->session.state = state;
  message->session.start_us = start_us;
  message->session.end_us = end_us;
  message->session.goodbye_us = end_us - 60 * G_USEC_PER_SEC;
  message->session.present = present;
  message->session.confirmed = confirmed;
  message->session.lost_us = lost_us;
  message->session.makeup_us = makeup_us;
  message->session.outcome = state == KV_SESSION_STATE_ENDED ? KV_OUTCOME_COMPLETED : KV_OUTCOME_NONE;

  return message;
}

KvMessage *
kv_fake_message_start (const char *booking_id,
                       gint64      end_us)
{
  KvMessage *message = kv_message_new (KV_MESSAGE_START);

  message->start.booking_id = g_strdup (booking_id);
  message->start.end_us = end_us;

  return message;
}

KvMessage *
kv_fake_message_cue (const char *booking_id,
                     guint       seconds_left,
                     gboolean    half_way)
{
  KvMessage *message = kv_message_new (KV_MESSAGE_CUE);

  message->cue.booking_id = g_strdup (booking_id);
  message->cue.seconds_left = seconds_left;
  message->cue.half_way = half_way;

  return message;
}

KvMessage *
kv_fake_message_goodbye (const char *booking_id,
                         gint64      end_us)
{
  KvMessage *message = kv_message_new (KV_MESSAGE_GOODBYE);

  message->goodbye.booking_id = g_strdup (booking_id);
  message->goodbye.end_us = end_us;

  return message;
}

KvMessage *
kv_fake_message_end (const char *booking_id,
                     KvOutcome   outcome,
                     gint64      lost_us)
{
  KvMessage *message = kv_message_new (KV_MESSAGE_END);

  message->end.booking_id = g_strdup (booking_id);
  message->end.outcome = outcome;
  message->end.lost_us = lost_us;

  return message;
}

KvMessage *
kv_fake_message_sdp (const char *booking_id,
                     guint       generation,
                     KvSdpType   sdp_type,
                     const char *sdp)
{
  KvMessage *message = kv_message_new (KV_MESSAGE_SDP);

  message->sdp.booking_id = g_strdup (booking_id);
  message->sdp.generation = generation;
  message->sdp.sdp_type = sdp_type;
  message->sdp.sdp = g_strdup (sdp);

  return message;
}

KvMessage *
kv_fake_message_ice (const char *booking_id,
                     guint       generation,
                     guint       mline_index,
                     const char *candidate)
{
  KvMessage *message = kv_message_new (KV_MESSAGE_ICE);

  message->ice.booking_id = g_strdup (booking_id);
  message->ice.generation = generation;
  message->ice.mline_index = mline_index;
  message->ice.candidate = g_strdup (candidate);

  return message;
}

KvMessage *
kv_fake_message_error (KvProtocolError  code,
                       const char      *in_reply_to)
{
  return kv_message_new_error (code, in_reply_to, "refused by the fake server");
}
