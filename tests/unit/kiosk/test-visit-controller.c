/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-visit-controller"

#include "config.h"

#include "visit-fixture.h"

static void
test_whole_visit (Fixture       *f,
                  gconstpointer  data)
{
  KvFakeCall *call;
  const KvMessage *sent;
  GPtrArray *remote;
  guint n_candidates;

  g_assert_cmpint (kv_visit_controller_get_phase (f->controller), ==, KV_VISIT_PHASE_STARTING);
  g_assert_cmpstr (kv_visit_controller_get_kiosk_label (f->controller), ==, "Room 1");

  /* Schedule: idle, next visit shown with its labels. */
  kv_test_sign_in_with_schedule (f);
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_IDLE);
  g_assert_cmpint (kv_visit_controller_get_next_visit_start (f->controller), ==, T (10, 30, 0));
  g_assert_cmpint (kv_visit_controller_get_next_visit_end (f->controller), ==, T (11, 0, 0));
  g_assert_cmpstr (kv_visit_controller_get_peer_label (f->controller), ==, "Dad");
  g_assert_cmpstr (kv_visit_controller_get_self_label (f->controller), ==, "Lena");
  g_assert_cmpint (kv_visit_controller_get_age_band (f->controller), ==, KV_AGE_BAND_4_7);
  g_assert_cmpuint (kv_fake_call_factory_get_n_calls (f->factory), ==, 0);

  /* Join: waiting room, call created held (before start), presence sent. */
  kv_test_advance_to (f, T (10, 20, 0));
  kv_test_receive (f, kv_fake_message_join (BOOKING, FALSE, T (10, 30, 0), T (11, 0, 0)));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_WAITING);
  call = kv_test_last_call (f);
  g_assert_false (kv_fake_call_get_offerer (call));
  g_assert_true (kv_fake_call_get_started (call));
  g_assert_true (kv_fake_call_get_held_before_start (call));
  g_assert_true (kv_test_call_held (call));
  g_assert_nonnull (kv_fake_call_factory_get_last_ice_servers (f->factory));
  g_assert_cmpuint (kv_fake_call_factory_get_last_ice_servers (f->factory)->len, ==, 1);
  sent = kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_PRESENCE);
  g_assert_nonnull (sent);
  g_assert_cmpstr (sent->presence.booking_id, ==, BOOKING);
  g_assert_true (sent->presence.present);
  g_assert_cmpuint (kv_visit_controller_get_seconds_left (f->controller), ==, 600);
  g_assert_cmpint (kv_visit_controller_get_visit_start (f->controller), ==, T (10, 30, 0));
  g_assert_cmpint (kv_visit_controller_get_visit_end (f->controller), ==, T (11, 0, 0));
  /* The next visit is now tomorrow's. */
  g_assert_cmpint (kv_visit_controller_get_next_visit_start (f->controller), ==,
                   T (10, 30, 0) + 24 * G_TIME_SPAN_HOUR);
  g_assert_true (kv_visit_controller_get_remote_paintable (f->controller) ==
                 kv_call_backend_get_remote_paintable (KV_CALL_BACKEND (call)));

  /* Signalling relayed both ways, with the call generation. */
  kv_fake_call_emit_local_description (call, KV_SDP_ANSWER, "v=0 answer");
  sent = kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_SDP);
  g_assert_nonnull (sent);
  g_assert_cmpstr (sent->sdp.booking_id, ==, BOOKING);
  g_assert_cmpint (sent->sdp.sdp_type, ==, KV_SDP_ANSWER);
  g_assert_cmpstr (sent->sdp.sdp, ==, "v=0 answer");
  g_assert_cmpuint (sent->sdp.generation, ==, 1);
  kv_fake_call_emit_local_candidate (call, 0, "candidate:1 1 UDP 2122252543 192.0.2.1 5000 typ host");
  sent = kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_ICE);
  g_assert_nonnull (sent);
  g_assert_cmpuint (sent->ice.mline_index, ==, 0);
  g_assert_cmpuint (sent->ice.generation, ==, 1);

  kv_test_receive (f, kv_fake_message_sdp (BOOKING, 1, KV_SDP_OFFER, "v=0 offer"));
  kv_test_receive (f, kv_fake_message_sdp ("other", 1, KV_SDP_OFFER, "v=0 not ours"));
  remote = kv_fake_call_get_remote_descriptions (call);
  g_assert_cmpuint (remote->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (remote, 0), ==, "offer:v=0 offer@1");

  kv_test_receive (f, kv_fake_message_ice (BOOKING, 1, 0, "candidate:2 1 UDP 2122252543 192.0.2.2 5002 typ host"));
  n_candidates = kv_fake_call_get_remote_candidates (call)->len;
  g_assert_cmpuint (n_candidates, ==, 1);
  /* The engine rebuilt the call: generation 1 is stale now. */
  kv_fake_call_set_generation (call, 2);
  kv_test_receive (f, kv_fake_message_ice (BOOKING, 1, 0, "candidate:3 1 UDP 2122252543 192.0.2.2 5004 typ host"));
  g_assert_cmpuint (kv_fake_call_get_remote_candidates (call)->len, ==, n_candidates);
  kv_test_receive (f, kv_fake_message_sdp (BOOKING, 1, KV_SDP_OFFER, "v=0 stale"));
  g_assert_cmpuint (remote->len, ==, 1);
  kv_test_receive (f, kv_fake_message_ice (BOOKING, 2, 0, "candidate:4 1 UDP 2122252543 192.0.2.2 5006 typ host"));
  g_assert_cmpuint (kv_fake_call_get_remote_candidates (call)->len, ==, n_candidates + 1);
  g_assert_cmpstr (g_ptr_array_index (kv_fake_call_get_remote_candidates (call), n_candidates), ==,
                   "0:candidate:4 1 UDP 2122252543 192.0.2.2 5006 typ host@2");
  kv_fake_call_set_state (call, KV_CALL_STATE_CONNECTED);

  /* Staff confirm; the session says both sides are here. */
  g_assert_true (kv_visit_controller_staff_confirm (f->controller, NULL));
  sent = kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_CONFIRM);
  g_assert_nonnull (sent);
  g_assert_cmpstr (sent->confirm.booking_id, ==, BOOKING);
  kv_test_receive (f, kv_fake_message_session (BOOKING, KV_SESSION_STATE_READY, T (10, 30, 0), T (11, 0, 0),
                                               KV_SIDE_BOTH, KV_SIDE_BOTH, 0, 0));
  g_assert_true (kv_visit_controller_get_peer_present (f->controller));
  g_assert_true (kv_visit_controller_get_self_confirmed (f->controller));
  g_assert_true (kv_visit_controller_get_peer_confirmed (f->controller));

  /* The slot start alone does not release media: the server's start does. */
  kv_test_advance_to (f, T (10, 29, 58) + 500 * 1000);
  g_assert_cmpuint (kv_visit_controller_get_seconds_left (f->controller), ==, 2);
  kv_test_advance_to (f, T (10, 30, 0));
  g_assert_cmpint (kv_visit_controller_get_phase (f->controller), ==, KV_VISIT_PHASE_WAITING);
  g_assert_true (kv_test_call_held (call));
  kv_test_receive (f, kv_fake_message_start (BOOKING, T (11, 0, 0)));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_LIVE);
  g_assert_false (kv_test_call_held (call));
  g_assert_cmpuint (kv_visit_controller_get_seconds_left (f->controller), ==, 30 * 60);
  g_assert_cmpfloat (kv_visit_controller_get_progress (f->controller), ==, 0.0);
  kv_fake_call_set_media_flowing (call, TRUE);

  /* Half-way cue from the server, shown once. */
  kv_test_advance_to (f, T (10, 45, 0));
  g_assert_cmpfloat_with_epsilon (kv_visit_controller_get_progress (f->controller), 0.5, 1e-9);
  g_assert_cmpuint (kv_visit_controller_get_seconds_left (f->controller), ==, 15 * 60);
  kv_test_receive (f, kv_fake_message_cue (BOOKING, 15 * 60, TRUE));
  kv_test_assert_cue_pop (f, 15 * 60, TRUE);
  kv_test_receive (f, kv_fake_message_cue (BOOKING, 15 * 60, TRUE));
  kv_test_advance_to (f, T (10, 55, 0));
  kv_test_receive (f, kv_fake_message_cue (BOOKING, 5 * 60, FALSE));
  kv_test_assert_cue_pop (f, 5 * 60, FALSE);

  /* The goodbye begins on the kiosk's own clock, a minute before the end. */
  kv_test_advance_to (f, T (10, 58, 59));
  g_assert_cmpint (kv_visit_controller_get_phase (f->controller), ==, KV_VISIT_PHASE_LIVE);
  kv_test_receive (f, kv_fake_message_cue (BOOKING, 2 * 60, FALSE));
  kv_test_assert_cue_pop (f, 2 * 60, FALSE);
  kv_test_advance_to (f, T (10, 59, 0));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_GOODBYE);
  kv_test_receive (f, kv_fake_message_goodbye (BOOKING, T (11, 0, 0)));
  g_assert_cmpuint (kv_visit_controller_get_seconds_left (f->controller), ==, 60);

  /* The server's end, a moment before the kiosk's own. */
  kv_test_advance_to (f, T (10, 59, 59) + 900 * 1000);
  kv_test_receive (f, kv_fake_message_end (BOOKING, KV_OUTCOME_COMPLETED, 0));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_AFTER);
  kv_test_assert_ended_pop (f, KV_OUTCOME_COMPLETED);
  g_assert_true (kv_fake_call_get_stopped (call));
  g_assert_null (kv_visit_controller_get_remote_paintable (f->controller));
  g_assert_cmpfloat (kv_visit_controller_get_progress (f->controller), ==, 1.0);
  /* The visit just over is still the one shown; the next one is tomorrow. */
  g_assert_cmpint (kv_visit_controller_get_visit_start (f->controller), ==, T (10, 30, 0));
  g_assert_cmpint (kv_visit_controller_get_next_visit_start (f->controller), ==,
                   T (10, 30, 0) + 24 * G_TIME_SPAN_HOUR);

  /* The own end alarm was cancelled: nothing more happens at 11:00. */
  kv_test_advance_to (f, T (11, 0, 30));
  gt_signal_logger_assert_no_emissions (f->logger);

  kv_test_advance_to (f, T (11, 1, 0));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_IDLE);
  gt_signal_logger_assert_no_emissions (f->logger);
}

static void
test_ends_by_itself (Fixture       *f,
                     gconstpointer  data)
{
  KvFakeCall *call;

  kv_test_go_live (f);
  call = kv_test_last_call (f);

  /* The server link goes down: no cue, goodbye or end message will come. */
  kv_fake_signaller_set_state (f->signaller, KV_SIGNALLER_STATE_DISCONNECTED);
  g_assert_cmpint (kv_visit_controller_get_phase (f->controller), ==, KV_VISIT_PHASE_LIVE);

  kv_test_advance_to (f, T (10, 45, 0));
  kv_test_assert_cue_pop (f, 15 * 60, TRUE);
  kv_test_advance_to (f, T (10, 55, 0));
  kv_test_assert_cue_pop (f, 5 * 60, FALSE);
  kv_test_advance_to (f, T (10, 58, 0));
  kv_test_assert_cue_pop (f, 2 * 60, FALSE);
  kv_test_advance_to (f, T (10, 59, 0));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_GOODBYE);

  kv_test_advance_to (f, T (10, 59, 59) + 999 * 1000);
  g_assert_cmpint (kv_visit_controller_get_phase (f->controller), ==, KV_VISIT_PHASE_GOODBYE);
  g_assert_false (kv_fake_call_get_stopped (call));
  g_assert_cmpuint (kv_visit_controller_get_seconds_left (f->controller), ==, 1);

  /* At the slot end, to the microsecond, on the kiosk's own clock. */
  kv_test_advance_to (f, T (11, 0, 0));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_AFTER);
  kv_test_assert_ended_pop (f, KV_OUTCOME_COMPLETED);
  g_assert_true (kv_fake_call_get_stopped (call));
  g_assert_cmpuint (kv_visit_controller_get_seconds_left (f->controller), ==, 0);

  /* Back between visits, the link still down: the kiosk says so. */
  kv_test_advance_to (f, T (11, 1, 0));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_UNAVAILABLE);
  g_assert_cmpint (kv_visit_controller_get_unavailable_reason (f->controller), ==,
                   KV_UNAVAILABLE_NO_NETWORK);
  gt_signal_logger_assert_no_emissions (f->logger);
}

static void
test_makeup_extends_end (Fixture       *f,
                         gconstpointer  data)
{
  KvFakeCall *call;

  kv_test_go_live (f);
  call = kv_test_last_call (f);

  kv_test_advance_to (f, T (10, 50, 0));
  kv_test_receive (f, kv_fake_message_session (BOOKING, KV_SESSION_STATE_LIVE, T (10, 30, 0), T (11, 5, 0),
                                               KV_SIDE_BOTH, KV_SIDE_BOTH, 5 * G_TIME_SPAN_MINUTE,
                                               5 * G_TIME_SPAN_MINUTE));
  g_assert_cmpint (kv_visit_controller_get_visit_end (f->controller), ==, T (11, 5, 0));
  g_assert_cmpuint (kv_visit_controller_get_makeup_seconds (f->controller), ==, 300);
  g_assert_cmpuint (kv_visit_controller_get_lost_seconds (f->controller), ==, 300);
  g_assert_cmpuint (kv_visit_controller_get_seconds_left (f->controller), ==, 15 * 60);

  /* The old end passes: still live. */
  kv_fake_signaller_set_state (f->signaller, KV_SIGNALLER_STATE_DISCONNECTED);
  kv_test_advance_to (f, T (11, 0, 30));
  g_assert_cmpint (kv_visit_controller_get_phase (f->controller), ==, KV_VISIT_PHASE_LIVE);
  g_assert_false (kv_fake_call_get_stopped (call));
  /* The cues follow the new end, on our own clock. */
  kv_test_assert_cue_pop (f, 5 * 60, FALSE);
  /* The 2-minute cue, on our own clock, before the new end. */
  kv_test_advance_to (f, T (11, 3, 0));
  kv_test_assert_cue_pop (f, 2 * 60, FALSE);
  kv_test_advance_to (f, T (11, 4, 0));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_GOODBYE);
  kv_test_advance_to (f, T (11, 5, 0));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_AFTER);
  kv_test_assert_ended_pop (f, KV_OUTCOME_COMPLETED);
  g_assert_true (kv_fake_call_get_stopped (call));
}

static void
test_media_lost_and_back (Fixture       *f,
                          gconstpointer  data)
{
  KvFakeCall *call;
  const KvMessage *sent;

  kv_test_go_live (f);
  call = kv_test_last_call (f);
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_MEDIA), ==, 0);

  kv_test_advance_to (f, T (10, 40, 0));
  kv_fake_call_set_media_flowing (call, FALSE);
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_RECONNECTING);
  sent = kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_MEDIA);
  g_assert_nonnull (sent);
  g_assert_cmpstr (sent->media.booking_id, ==, BOOKING);
  g_assert_false (sent->media.flowing);

  kv_test_advance_to (f, T (10, 40, 12));
  kv_fake_call_set_lost_us (call, 12 * G_USEC_PER_SEC);
  kv_fake_call_set_media_flowing (call, TRUE);
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_LIVE);
  sent = kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_MEDIA);
  g_assert_true (sent->media.flowing);
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_MEDIA), ==, 2);
  g_assert_cmpuint (kv_visit_controller_get_lost_seconds (f->controller), ==, 12);

  /* The engine's own watchdog state counts too. */
  kv_fake_call_set_state (call, KV_CALL_STATE_RECONNECTING);
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_RECONNECTING);
  kv_fake_call_set_state (call, KV_CALL_STATE_CONNECTED);
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_LIVE);
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_MEDIA), ==, 4);
  gt_signal_logger_assert_no_emissions (f->logger);
}

static void
test_restart_mid_visit (Fixture       *f,
                        gconstpointer  data)
{
  KvFakeCall *call;
  const KvMessage *sent;

  /* A kiosk restarted at 10:40, in the middle of its live visit. */
  kv_test_advance_to (f, T (10, 40, 0));
  kv_test_sign_in_with_schedule (f);
  /* No idle screen flashes up while the session is on its way. */
  g_assert_cmpint (kv_visit_controller_get_phase (f->controller), ==, KV_VISIT_PHASE_STARTING);
  kv_test_receive (f, kv_fake_message_session (BOOKING, KV_SESSION_STATE_LIVE, T (10, 30, 0), T (11, 0, 0),
                                               KV_SIDE_PRISON, KV_SIDE_BOTH, 20 * G_USEC_PER_SEC, 0));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_LIVE);
  gt_signal_logger_assert_no_emissions (f->logger);

  call = kv_test_last_call (f);
  g_assert_true (kv_fake_call_get_started (call));
  g_assert_true (kv_fake_call_get_held_before_start (call));
  g_assert_false (kv_test_call_held (call));
  /* The prison kiosk offers; this one is the community kiosk. */
  g_assert_false (kv_fake_call_get_offerer (call));
  sent = kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_PRESENCE);
  g_assert_nonnull (sent);
  g_assert_true (sent->presence.present);
  g_assert_true (kv_visit_controller_get_peer_present (f->controller));
  g_assert_cmpuint (kv_visit_controller_get_lost_seconds (f->controller), ==, 20);
  g_assert_cmpuint (kv_visit_controller_get_seconds_left (f->controller), ==, 20 * 60);
  g_assert_cmpstr (kv_visit_controller_get_peer_label (f->controller), ==, "Dad");

  /* The restored visit still ends by itself. */
  kv_fake_signaller_set_state (f->signaller, KV_SIGNALLER_STATE_DISCONNECTED);
  kv_test_advance_to (f, T (11, 0, 0));
  kv_test_assert_cue_pop (f, 15 * 60, TRUE);
  kv_test_assert_cue_pop (f, 5 * 60, FALSE);
  kv_test_assert_cue_pop (f, 2 * 60, FALSE);
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_GOODBYE);
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_AFTER);
  kv_test_assert_ended_pop (f, KV_OUTCOME_COMPLETED);
}

static void
test_restart_mid_short_visit (Fixture       *f,
                              gconstpointer  data)
{
  /* Restarted at 10:35 in a visit booked 10:30-10:49, with two minutes
   * given back (the end is 10:51): the cues come from the site defaults,
   * cut to the booked 19 minutes as the server cuts them. */
  kv_test_advance_to (f, T (10, 35, 0));
  kv_test_sign_in_with_schedule (f);
  kv_test_receive (f, kv_fake_message_session (BOOKING, KV_SESSION_STATE_LIVE, T (10, 30, 0),
                                               T (10, 51, 0), KV_SIDE_BOTH, KV_SIDE_BOTH,
                                               2 * 60 * G_USEC_PER_SEC, 2 * 60 * G_USEC_PER_SEC));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_LIVE);
  gt_signal_logger_assert_no_emissions (f->logger);

  /* With the server out of reach, the kiosk's own clock shows them. */
  kv_fake_signaller_set_state (f->signaller, KV_SIGNALLER_STATE_DISCONNECTED);
  kv_test_advance_to (f, T (10, 40, 30));
  kv_test_assert_cue_pop (f, 10 * 60 + 30, TRUE);
  /* No "5 minutes left" at 10:46: 19 minutes booked keep only the 2-minute
   * cue (the make-up time does not count). */
  kv_test_advance_to (f, T (10, 49, 0) - 1);
  gt_signal_logger_assert_no_emissions (f->logger);
  kv_test_advance_to (f, T (10, 49, 0));
  kv_test_assert_cue_pop (f, 2 * 60, FALSE);
  kv_test_advance_to (f, T (10, 51, 0));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_GOODBYE);
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_AFTER);
  kv_test_assert_ended_pop (f, KV_OUTCOME_COMPLETED);
}

static void
test_restart_prison_offers (Fixture       *f,
                            gconstpointer  data)
{
  /* Restarted during the join window: waiting again, offering. */
  kv_test_advance_to (f, T (10, 25, 0));
  kv_test_sign_in_with_schedule (f);
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_IDLE);
  kv_test_receive (f, kv_fake_message_session (BOOKING, KV_SESSION_STATE_JOINABLE, T (10, 30, 0),
                                               T (11, 0, 0), KV_SIDE_COMMUNITY, KV_SIDE_NONE, 0, 0));
  /* No join follows the snapshot: after a short wait, join without it. */
  kv_test_advance_to (f, T (10, 25, 1));
  g_assert_cmpuint (kv_fake_call_factory_get_n_calls (f->factory), ==, 0);
  kv_test_advance_to (f, T (10, 25, 2));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_WAITING);
  g_assert_true (kv_fake_call_get_offerer (kv_test_last_call (f)));
  g_assert_true (kv_test_call_held (kv_test_last_call (f)));
  g_assert_cmpstr (kv_visit_controller_get_peer_label (f->controller), ==, "Lena");
  g_assert_cmpstr (kv_visit_controller_get_self_label (f->controller), ==, "Dad");
  g_assert_true (kv_visit_controller_get_peer_present (f->controller));
}

static void
test_session_before_join (Fixture       *f,
                          gconstpointer  data)
{
  kv_test_sign_in_with_schedule (f);
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_IDLE);
  kv_test_advance_to (f, T (10, 20, 0));

  /* The snapshot first, then the join with the ICE servers: one call, made
   * with them, and the snapshot still applies. */
  kv_test_receive (f, kv_fake_message_session (BOOKING, KV_SESSION_STATE_JOINABLE, T (10, 30, 0),
                                               T (11, 0, 0), KV_SIDE_PRISON, KV_SIDE_NONE, 0, 0));
  g_assert_cmpuint (kv_fake_call_factory_get_n_calls (f->factory), ==, 0);
  kv_test_receive (f, kv_fake_message_join (BOOKING, FALSE, T (10, 30, 0), T (11, 0, 0)));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_WAITING);
  g_assert_cmpuint (kv_fake_call_factory_get_n_calls (f->factory), ==, 1);
  g_assert_nonnull (kv_fake_call_factory_get_last_ice_servers (f->factory));
  g_assert_true (kv_visit_controller_get_peer_present (f->controller));

  kv_test_advance_to (f, T (10, 25, 0));
  g_assert_cmpuint (kv_fake_call_factory_get_n_calls (f->factory), ==, 1);
  gt_signal_logger_assert_no_emissions (f->logger);
}

static void
test_back_to_back (Fixture       *f,
                   gconstpointer  data)
{
  KvFakeCall *first;
  KvMessage *schedule;

  kv_test_go_live (f);
  first = kv_test_last_call (f);
  schedule = kv_fake_message_schedule (kv_clock_get_now (f->clock), BOOKING,
                                       T (10, 30, 0), T (11, 0, 0), "Dad", "Lena",
                                       KV_AGE_BAND_4_7);
  kv_fake_message_schedule_add (schedule, NEXT_BOOKING, T (11, 0, 0), T (11, 20, 0),
                                "Mum", "Lena", KV_AGE_BAND_4_7);
  kv_test_receive (f, schedule);
  g_assert_cmpint (kv_visit_controller_get_next_visit_start (f->controller), ==, T (11, 0, 0));

  /* The next join window opens during this visit: this one keeps going. */
  kv_test_advance_to (f, T (10, 50, 0));
  kv_test_receive (f, kv_fake_message_join (NEXT_BOOKING, TRUE, T (11, 0, 0), T (11, 20, 0)));
  kv_test_receive (f, kv_fake_message_session (NEXT_BOOKING, KV_SESSION_STATE_JOINABLE, T (11, 0, 0),
                                               T (11, 20, 0), KV_SIDE_PRISON, KV_SIDE_NONE, 0, 0));
  g_assert_cmpuint (kv_fake_call_factory_get_n_calls (f->factory), ==, 1);
  g_assert_false (kv_fake_call_get_stopped (first));
  g_assert_cmpstr (kv_visit_controller_get_peer_label (f->controller), ==, "Dad");
  g_assert_cmpint (kv_visit_controller_get_phase (f->controller), ==, KV_VISIT_PHASE_LIVE);

  /* At this visit's end, the next one is joined at once. */
  kv_test_advance_to (f, T (11, 0, 0));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_GOODBYE);
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_AFTER);
  kv_test_assert_ended_pop (f, KV_OUTCOME_COMPLETED);
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_WAITING);
  gt_signal_logger_assert_no_emissions (f->logger);
  g_assert_true (kv_fake_call_get_stopped (first));
  g_assert_cmpuint (kv_fake_call_factory_get_n_calls (f->factory), ==, 2);
  g_assert_true (kv_fake_call_get_offerer (kv_test_last_call (f)));
  g_assert_true (kv_test_call_held (kv_test_last_call (f)));
  g_assert_cmpstr (kv_visit_controller_get_peer_label (f->controller), ==, "Mum");
  g_assert_true (kv_visit_controller_get_peer_present (f->controller));
  g_assert_cmpint (kv_visit_controller_get_visit_end (f->controller), ==, T (11, 20, 0));

  kv_test_receive (f, kv_fake_message_start (NEXT_BOOKING, T (11, 20, 0)));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_LIVE);
  g_assert_false (kv_test_call_held (kv_test_last_call (f)));
}

static void
test_signalling_while_offline (Fixture       *f,
                               gconstpointer  data)
{
  const KvMessage *sent;
  KvFakeCall *call;
  GPtrArray *all;

  call = kv_test_go_waiting (f, TRUE);

  /* The link drops while the call sets up: its signalling waits. */
  kv_fake_signaller_set_state (f->signaller, KV_SIGNALLER_STATE_DISCONNECTED);
  kv_fake_call_emit_local_description (call, KV_SDP_OFFER, "v=0 first");
  kv_fake_call_emit_local_candidate (call, 0, "candidate:1 1 UDP 1 192.0.2.1 5000 typ host");
  /* The engine rebuilt the call meanwhile: generation 1 is moot. */
  kv_fake_call_set_generation (call, 2);
  kv_fake_call_emit_local_description (call, KV_SDP_OFFER, "v=0 second");
  kv_fake_call_emit_local_candidate (call, 0, "candidate:2 1 UDP 1 192.0.2.1 5002 typ host");
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_SDP), ==, 0);
  kv_fake_signaller_clear_sent (f->signaller);

  /* Back: presence first, then the waiting signalling, in order. */
  kv_fake_signaller_sign_in (f->signaller, "community-1", KV_ROLE_COMMUNITY,
                             kv_clock_get_now (f->clock));
  all = kv_fake_signaller_get_sent (f->signaller);
  g_assert_cmpuint (all->len, ==, 3);
  sent = g_ptr_array_index (all, 0);
  g_assert_cmpint (sent->type, ==, KV_MESSAGE_PRESENCE);
  sent = g_ptr_array_index (all, 1);
  g_assert_cmpint (sent->type, ==, KV_MESSAGE_SDP);
  g_assert_cmpstr (sent->sdp.sdp, ==, "v=0 second");
  g_assert_cmpuint (sent->sdp.generation, ==, 2);
  sent = g_ptr_array_index (all, 2);
  g_assert_cmpint (sent->type, ==, KV_MESSAGE_ICE);
  g_assert_cmpuint (sent->ice.generation, ==, 2);

  /* Nothing is sent twice. */
  kv_fake_signaller_sign_in (f->signaller, "community-1", KV_ROLE_COMMUNITY,
                             kv_clock_get_now (f->clock));
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_SDP), ==, 1);
}

static KvMessage *
joinable_session (KvSideFlags present)
{
  return kv_fake_message_session (BOOKING, KV_SESSION_STATE_JOINABLE, T (10, 30, 0), T (11, 0, 0),
                                  present, KV_SIDE_NONE, 0, 0);
}

/* The offer went out before the other kiosk signed in, and the server
 * drops what it cannot deliver: the offer and its candidates are sent
 * again when the other kiosk arrives, and only then. */
static void
test_offer_again_when_peer_arrives (Fixture       *f,
                                    gconstpointer  data)
{
  const KvMessage *sent;
  KvFakeCall *call;

  call = kv_test_go_waiting (f, TRUE);
  kv_fake_call_set_state (call, KV_CALL_STATE_CONNECTING);
  kv_fake_call_emit_local_description (call, KV_SDP_OFFER, "v=0 offer");
  kv_fake_call_emit_local_candidate (call, 0, "candidate:1 1 UDP 1 192.0.2.1 5000 typ host");
  kv_test_receive (f, joinable_session (KV_SIDE_COMMUNITY));
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_SDP), ==, 1);
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_ICE), ==, 1);

  kv_test_receive (f, joinable_session (KV_SIDE_BOTH));
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_SDP), ==, 2);
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_ICE), ==, 2);
  sent = kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_SDP);
  g_assert_cmpstr (sent->sdp.sdp, ==, "v=0 offer");
  g_assert_cmpint (sent->sdp.sdp_type, ==, KV_SDP_OFFER);

  /* Still present: nothing again. */
  kv_test_receive (f, joinable_session (KV_SIDE_BOTH));
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_SDP), ==, 2);

  /* Connected calls are left alone when the peer's link flaps. */
  kv_fake_call_set_state (call, KV_CALL_STATE_CONNECTED);
  kv_test_receive (f, joinable_session (KV_SIDE_COMMUNITY));
  kv_test_receive (f, joinable_session (KV_SIDE_BOTH));
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_SDP), ==, 2);
}

/* The answerer has nothing to send again: only an offer starts a call. */
static void
test_answerer_sends_nothing_again (Fixture       *f,
                                   gconstpointer  data)
{
  KvFakeCall *call;

  call = kv_test_go_waiting (f, FALSE);
  kv_fake_call_set_state (call, KV_CALL_STATE_CONNECTING);
  kv_fake_call_emit_local_description (call, KV_SDP_ANSWER, "v=0 answer");
  kv_test_receive (f, joinable_session (KV_SIDE_COMMUNITY));
  kv_test_receive (f, joinable_session (KV_SIDE_BOTH));
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_SDP), ==, 1);
}

static void
test_reconnect_mid_visit (Fixture       *f,
                          gconstpointer  data)
{
  KvFakeCall *call;

  kv_test_go_live (f);
  call = kv_test_last_call (f);
  kv_fake_signaller_clear_sent (f->signaller);

  kv_fake_signaller_set_state (f->signaller, KV_SIGNALLER_STATE_DISCONNECTED);
  kv_test_advance_to (f, T (10, 41, 0));
  g_assert_cmpint (kv_visit_controller_get_phase (f->controller), ==, KV_VISIT_PHASE_LIVE);

  /* Back: presence again, the snapshot is followed, the same call goes on. */
  kv_fake_signaller_sign_in (f->signaller, "community-1", KV_ROLE_COMMUNITY,
                             kv_clock_get_now (f->clock));
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_PRESENCE), ==, 1);
  kv_test_receive (f, kv_fake_message_session (BOOKING, KV_SESSION_STATE_LIVE, T (10, 30, 0), T (11, 0, 0),
                                               KV_SIDE_BOTH, KV_SIDE_BOTH, 0, 0));
  g_assert_cmpuint (kv_fake_call_factory_get_n_calls (f->factory), ==, 1);
  g_assert_true (kv_test_last_call (f) == call);
  g_assert_false (kv_fake_call_get_stopped (call));
  gt_signal_logger_assert_no_emissions (f->logger);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, kv_test_setup, func, kv_test_teardown)
  ADD ("/visit-controller/whole-visit", test_whole_visit);
  ADD ("/visit-controller/ends-by-itself", test_ends_by_itself);
  ADD ("/visit-controller/makeup-extends-end", test_makeup_extends_end);
  ADD ("/visit-controller/media-lost-and-back", test_media_lost_and_back);
  ADD ("/visit-controller/restart-mid-visit", test_restart_mid_visit);
  ADD ("/visit-controller/restart-mid-short-visit", test_restart_mid_short_visit);
  g_test_add ("/visit-controller/restart-prison-offers", Fixture, NULL,
              kv_test_setup_prison, test_restart_prison_offers, kv_test_teardown);
  ADD ("/visit-controller/session-before-join", test_session_before_join);
  ADD ("/visit-controller/back-to-back", test_back_to_back);
  ADD ("/visit-controller/reconnect-mid-visit", test_reconnect_mid_visit);
  ADD ("/visit-controller/signalling-while-offline", test_signalling_while_offline);
  ADD ("/visit-controller/offer-again-when-peer-arrives", test_offer_again_when_peer_arrives);
  ADD ("/visit-controller/answerer-sends-nothing-again", test_answerer_sends_nothing_again);
#undef ADD

  return g_test_run ();
}
