/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-protocol.h"

G_BEGIN_DECLS

/* Quick builders of server -> kiosk messages for tests. Every one returns
 * (transfer full) a message ready for kv_fake_signaller_receive(). Times
 * are UTC microseconds. */

KvMessage *kv_fake_message_welcome  (const char     *kiosk_id,
                                     KvRole          role,
                                     gint64          server_time_us);
/* An empty schedule: nothing booked. */
KvMessage *kv_fake_message_schedule_empty (gint64    server_time_us);
/* A schedule with one booking. */
KvMessage *kv_fake_message_schedule (gint64          server_time_us,
                                     const char     *booking_id,
                                     gint64          start_us,
                                     gint64          end_us,
                                     const char     *prison_label,
                                     const char     *community_label,
                                     KvAgeBand       age_band);
/* Adds one more booking to a schedule message. */
void       kv_fake_message_schedule_add (KvMessage  *schedule,
                                         const char *booking_id,
                                         gint64      start_us,
                                         gint64      end_us,
                                         const char *prison_label,
                                         const char *community_label,
                                         KvAgeBand   age_band);
/* A join with cue points half-way, at 5 min and at 2 min (as time left),
 * a 60 s goodbye and one STUN server. */
KvMessage *kv_fake_message_join     (const char     *booking_id,
                                     gboolean        offerer,
                                     gint64          start_us,
                                     gint64          end_us);
KvMessage *kv_fake_message_session  (const char     *booking_id,
                                     KvSessionState  state,
                                     gint64          start_us,
                                     gint64          end_us,
                                     KvSideFlags     present,
                                     KvSideFlags     confirmed,
                                     gint64          lost_us,
                                     gint64          makeup_us);
KvMessage *kv_fake_message_start    (const char     *booking_id,
                                     gint64          end_us);
KvMessage *kv_fake_message_cue      (const char     *booking_id,
                                     guint           seconds_left,
                                     gboolean        half_way);
KvMessage *kv_fake_message_goodbye  (const char     *booking_id,
                                     gint64          end_us);
KvMessage *kv_fake_message_end      (const char     *booking_id,
                                     KvOutcome       outcome,
                                     gint64          lost_us);
KvMessage *kv_fake_message_sdp      (const char     *booking_id,
                                     guint           generation,
                                     KvSdpType       sdp_type,
                                     const char     *sdp);
KvMessage *kv_fake_message_ice      (const char     *booking_id,
                                     guint           generation,
                                     guint           mline_index,
                                     const char     *candidate);
KvMessage *kv_fake_message_error    (KvProtocolError code,
                                     const char     *in_reply_to);

G_END_DECLS
