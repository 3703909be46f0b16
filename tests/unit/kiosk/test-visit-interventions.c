/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-visit-interventions"

#include "config.h"

#include "kv-session.h"
#include "visit-fixture.h"

/* Protocol v2 on the kiosk: staff's pause, mute, goodbye now and
 * safeguarding stop, the child's "I'm not OK" and the supervised room,
 * through the controller with the fakes. What goes over the wire is read
 * from the fake signaller; what the call does from the fake call. */

/* The server's `session` of the live visit, with @paused and @muted sides. */
static KvMessage *
live_session (KvSideFlags     paused,
              KvPauseCategory category,
              KvSideFlags     muted)
{
  KvMessage *message = kv_fake_message_session (BOOKING, KV_SESSION_STATE_LIVE, T (10, 30, 0),
                                                T (11, 0, 0), KV_SIDE_BOTH, KV_SIDE_BOTH, 0, 0);

  message->session.paused = paused;
  message->session.pause_category = paused != KV_SIDE_NONE ? category : KV_PAUSE_CATEGORY_NONE;
  message->session.muted = muted;
  return message;
}

static KvMessage *
goodbye_message (KvEndCategory category,
                 gint64        end_us)
{
  KvMessage *message = kv_fake_message_goodbye (BOOKING, end_us);

  message->goodbye.category = category;
  return message;
}

static KvMessage *
end_message (KvEndCategory category)
{
  KvMessage *message = kv_fake_message_end (BOOKING, KV_OUTCOME_ENDED_BY_STAFF, 0);

  message->end.category = category;
  return message;
}

static guint
generation_of (KvFakeCall *call)
{
  return kv_call_backend_get_generation (KV_CALL_BACKEND (call));
}

static void
test_pause_sends_and_follows_server (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const KvMessage *sent;
  KvFakeCall *call;
  guint n_calls, n_descriptions, generation;

  kv_test_go_live (f);
  call = kv_test_last_call (f);
  kv_test_advance_to (f, T (10, 40, 0));
  n_calls = kv_fake_call_factory_get_n_calls (f->factory);
  n_descriptions = kv_fake_call_get_remote_descriptions (call)->len;
  generation = generation_of (call);
  kv_fake_signaller_clear_sent (f->signaller);

  g_assert_true (kv_visit_controller_pause (f->controller, KV_PAUSE_CATEGORY_CHILD_NEEDS_A_MOMENT,
                                            &error));
  g_assert_no_error (error);
  sent = kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_PAUSE);
  g_assert_nonnull (sent);
  g_assert_cmpstr (sent->pause.booking_id, ==, BOOKING);
  g_assert_true (sent->pause.paused);
  g_assert_cmpint (sent->pause.category, ==, KV_PAUSE_CATEGORY_CHILD_NEEDS_A_MOMENT);
  /* Nothing changes before the server agrees. */
  g_assert_false (kv_test_call_held (call));
  gt_signal_logger_assert_no_emissions (f->logger);

  kv_test_receive (f, live_session (KV_SIDE_COMMUNITY, KV_PAUSE_CATEGORY_CHILD_NEEDS_A_MOMENT,
                                    KV_SIDE_NONE));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_PAUSED);
  g_assert_true (kv_test_call_held (call));
  g_assert_true (kv_visit_controller_get_paused_here (f->controller));
  g_assert_cmpint (kv_visit_controller_get_pause_category (f->controller), ==,
                   KV_PAUSE_CATEGORY_CHILD_NEEDS_A_MOMENT);

  /* Minutes of pause: no picture either way, and that is no loss. */
  kv_fake_call_set_media_flowing (call, FALSE);
  kv_test_advance_to (f, T (10, 45, 0));
  g_assert_cmpint (kv_visit_controller_get_phase (f->controller), ==, KV_VISIT_PHASE_PAUSED);
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_MEDIA), ==, 0);

  g_assert_true (kv_visit_controller_resume (f->controller, &error));
  g_assert_no_error (error);
  sent = kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_PAUSE);
  g_assert_false (sent->pause.paused);
  kv_test_receive (f, live_session (KV_SIDE_NONE, KV_PAUSE_CATEGORY_NONE, KV_SIDE_NONE));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_LIVE);
  g_assert_false (kv_test_call_held (call));
  g_assert_false (kv_visit_controller_get_paused_here (f->controller));
  g_assert_cmpint (kv_visit_controller_get_pause_category (f->controller), ==,
                   KV_PAUSE_CATEGORY_NONE);
  /* The same call, no new negotiation. */
  g_assert_cmpuint (kv_fake_call_factory_get_n_calls (f->factory), ==, n_calls);
  g_assert_cmpuint (kv_fake_call_get_remote_descriptions (call)->len, ==, n_descriptions);
  g_assert_cmpuint (generation_of (call), ==, generation);
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_SDP), ==, 0);
  g_assert_false (kv_fake_call_get_stopped (call));
  /* The picture coming back after the resume is not a loss. */
  g_assert_cmpint (kv_visit_controller_get_phase (f->controller), ==, KV_VISIT_PHASE_LIVE);
}

static void
test_paused_by_peer (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KvFakeCall *call;

  kv_test_go_live (f);
  call = kv_test_last_call (f);
  kv_test_advance_to (f, T (10, 40, 0));

  kv_test_receive (f, live_session (KV_SIDE_PRISON, KV_PAUSE_CATEGORY_ADULT_NEEDS_A_MOMENT,
                                    KV_SIDE_NONE));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_PAUSED);
  /* This side holds its own sending too. */
  g_assert_true (kv_test_call_held (call));
  g_assert_false (kv_visit_controller_get_paused_here (f->controller));
  g_assert_cmpint (kv_visit_controller_get_pause_category (f->controller), ==,
                   KV_PAUSE_CATEGORY_ADULT_NEEDS_A_MOMENT);

  /* Only the side that paused resumes. */
  g_assert_false (kv_visit_controller_resume (f->controller, &error));
  g_assert_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NOT_NOW);
  g_clear_error (&error);

  /* Media lost during the pause keeps it paused; at the resume, if it is
   * still lost, the visit is reconnecting. */
  kv_fake_call_set_state (call, KV_CALL_STATE_RECONNECTING);
  g_assert_cmpint (kv_visit_controller_get_phase (f->controller), ==, KV_VISIT_PHASE_PAUSED);
  kv_test_receive (f, live_session (KV_SIDE_NONE, KV_PAUSE_CATEGORY_NONE, KV_SIDE_NONE));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_RECONNECTING);
  g_assert_false (kv_test_call_held (call));
}

static void
test_pause_refused (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* No visit. */
  g_assert_false (kv_visit_controller_pause (f->controller, KV_PAUSE_CATEGORY_OTHER, &error));
  g_assert_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NO_VISIT);
  g_clear_error (&error);

  /* Before the start. */
  kv_test_go_waiting (f, FALSE);
  g_assert_false (kv_visit_controller_pause (f->controller, KV_PAUSE_CATEGORY_OTHER, &error));
  g_assert_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NOT_NOW);
  g_clear_error (&error);
  g_assert_false (kv_visit_controller_set_muted (f->controller, TRUE, &error));
  g_assert_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NOT_NOW);
  g_clear_error (&error);

  /* Without a reason. */
  kv_fake_call_set_state (kv_test_last_call (f), KV_CALL_STATE_CONNECTED);
  kv_test_advance_to (f, T (10, 30, 0));
  kv_test_receive (f, kv_fake_message_start (BOOKING, T (11, 0, 0)));
  g_assert_false (kv_visit_controller_pause (f->controller, KV_PAUSE_CATEGORY_NONE, &error));
  g_assert_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_BAD_CATEGORY);
  g_clear_error (&error);
  g_assert_false (kv_visit_controller_resume (f->controller, &error));
  g_assert_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NOT_NOW);
  g_clear_error (&error);

  /* In the goodbye. */
  kv_test_advance_to (f, T (10, 59, 0));
  g_assert_cmpint (kv_visit_controller_get_phase (f->controller), ==, KV_VISIT_PHASE_GOODBYE);
  g_assert_false (kv_visit_controller_pause (f->controller, KV_PAUSE_CATEGORY_OTHER, &error));
  g_assert_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NOT_NOW);
  g_clear_error (&error);

  /* Without the server. */
  kv_fake_signaller_set_state (f->signaller, KV_SIGNALLER_STATE_DISCONNECTED);
  g_assert_false (kv_visit_controller_set_muted (f->controller, TRUE, &error));
  g_assert_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NOT_CONNECTED);
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_PAUSE), ==, 0);
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_MUTE), ==, 0);
}

static void
test_goodbye_lifts_pause (Fixture       *f,
                          gconstpointer  data)
{
  KvFakeCall *call;

  kv_test_go_live (f);
  call = kv_test_last_call (f);
  kv_test_advance_to (f, T (10, 50, 0));
  kv_test_receive (f, live_session (KV_SIDE_PRISON, KV_PAUSE_CATEGORY_OTHER, KV_SIDE_NONE));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_PAUSED);

  /* The goodbye lifts the hold, as the server lifts the pauses. */
  kv_test_receive (f, goodbye_message (KV_END_CATEGORY_NONE, T (11, 0, 0)));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_GOODBYE);
  g_assert_false (kv_test_call_held (call));
  g_assert_cmpint (kv_visit_controller_get_pause_category (f->controller), ==,
                   KV_PAUSE_CATEGORY_NONE);
}

static void
test_mute (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const KvMessage *sent;
  KvFakeCall *call;

  kv_test_go_live (f);
  call = kv_test_last_call (f);

  g_assert_true (kv_visit_controller_set_muted (f->controller, TRUE, &error));
  g_assert_no_error (error);
  sent = kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_MUTE);
  g_assert_nonnull (sent);
  g_assert_true (sent->mute.muted);
  g_assert_false (kv_fake_call_get_audio_held (call));

  kv_test_receive (f, live_session (KV_SIDE_NONE, KV_PAUSE_CATEGORY_NONE, KV_SIDE_COMMUNITY));
  /* The sound only: the picture and the visit go on. */
  g_assert_true (kv_fake_call_get_audio_held (call));
  g_assert_false (kv_test_call_held (call));
  g_assert_true (kv_visit_controller_get_muted (f->controller));
  g_assert_true (kv_visit_controller_get_muted_here (f->controller));
  g_assert_cmpint (kv_visit_controller_get_phase (f->controller), ==, KV_VISIT_PHASE_LIVE);
  gt_signal_logger_assert_no_emissions (f->logger);

  g_assert_true (kv_visit_controller_set_muted (f->controller, FALSE, &error));
  g_assert_false (kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_MUTE)->mute.muted);
  /* The other side mutes instead: the sound here is held too, and only
   * they can lift it. */
  kv_test_receive (f, live_session (KV_SIDE_NONE, KV_PAUSE_CATEGORY_NONE, KV_SIDE_PRISON));
  g_assert_true (kv_fake_call_get_audio_held (call));
  g_assert_true (kv_visit_controller_get_muted (f->controller));
  g_assert_false (kv_visit_controller_get_muted_here (f->controller));
  g_assert_false (kv_visit_controller_set_muted (f->controller, FALSE, &error));
  g_assert_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NOT_NOW);

  kv_test_receive (f, live_session (KV_SIDE_NONE, KV_PAUSE_CATEGORY_NONE, KV_SIDE_NONE));
  g_assert_false (kv_fake_call_get_audio_held (call));
  g_assert_false (kv_visit_controller_get_muted (f->controller));
}

static void
test_goodbye_now (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const KvMessage *sent;
  KvFakeCall *call;

  kv_test_go_live (f);
  call = kv_test_last_call (f);
  kv_test_advance_to (f, T (10, 40, 0));

  g_assert_false (kv_visit_controller_goodbye_now (f->controller, KV_END_CATEGORY_NONE, "x",
                                                   &error));
  g_assert_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_BAD_CATEGORY);
  g_clear_error (&error);
  g_assert_false (kv_visit_controller_goodbye_now (f->controller, KV_END_CATEGORY_SAFEGUARDING,
                                                   "x", &error));
  g_assert_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_BAD_CATEGORY);
  g_clear_error (&error);
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_STAFF_END), ==, 0);

  g_assert_true (kv_visit_controller_goodbye_now (f->controller, KV_END_CATEGORY_CHILD_UPSET,
                                                  "Lena is tired", &error));
  g_assert_no_error (error);
  sent = kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_STAFF_END);
  g_assert_nonnull (sent);
  g_assert_cmpint (sent->staff_end.category, ==, KV_END_CATEGORY_CHILD_UPSET);
  g_assert_cmpstr (sent->staff_end.reason, ==, "Lena is tired");
  /* Not ended here: the server's goodbye comes first. */
  g_assert_false (kv_fake_call_get_stopped (call));
  gt_signal_logger_assert_no_emissions (f->logger);

  kv_test_receive (f, goodbye_message (KV_END_CATEGORY_CHILD_UPSET, T (10, 41, 0)));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_GOODBYE);
  g_assert_cmpint (kv_visit_controller_get_end_category (f->controller), ==,
                   KV_END_CATEGORY_CHILD_UPSET);
  /* A second goodbye now is refused. */
  g_assert_false (kv_visit_controller_goodbye_now (f->controller, KV_END_CATEGORY_OTHER, "x",
                                                   &error));
  g_assert_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NOT_NOW);

  kv_test_advance_to (f, T (10, 40, 59));
  kv_test_receive (f, end_message (KV_END_CATEGORY_CHILD_UPSET));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_AFTER);
  kv_test_assert_ended_pop (f, KV_OUTCOME_ENDED_BY_STAFF);
  g_assert_true (kv_fake_call_get_stopped (call));
}

/* The goodbye staff started runs out on the kiosk's clock a moment before
 * the server's `end` arrives: the kiosk ends it as the server will record
 * it, ended by staff, not as a completed slot. */
static void
test_goodbye_now_ends_on_clock (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  kv_test_go_live (f);
  kv_test_advance_to (f, T (10, 40, 0));
  g_assert_true (kv_visit_controller_goodbye_now (f->controller, KV_END_CATEGORY_FINISHED_EARLY,
                                                  "", &error));
  g_assert_no_error (error);
  kv_test_receive (f, goodbye_message (KV_END_CATEGORY_FINISHED_EARLY, T (10, 40, 20)));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_GOODBYE);

  kv_test_advance_to (f, T (10, 40, 20));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_AFTER);
  kv_test_assert_ended_pop (f, KV_OUTCOME_ENDED_BY_STAFF);

  /* The server's end finds it over. */
  kv_test_receive (f, end_message (KV_END_CATEGORY_FINISHED_EARLY));
  gt_signal_logger_assert_no_emissions (f->logger);
}

static void
test_safeguarding_stop (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const KvMessage *sent;
  KvFakeCall *call;

  kv_test_go_live (f);
  call = kv_test_last_call (f);
  kv_test_advance_to (f, T (10, 40, 0));

  g_assert_true (kv_visit_controller_safeguarding_stop (f->controller, &error));
  g_assert_no_error (error);
  sent = kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_STAFF_END);
  g_assert_nonnull (sent);
  g_assert_cmpint (sent->staff_end.category, ==, KV_END_CATEGORY_SAFEGUARDING);

  kv_test_receive (f, end_message (KV_END_CATEGORY_SAFEGUARDING));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_STOPPED);
  kv_test_assert_ended_pop (f, KV_OUTCOME_ENDED_BY_STAFF);
  g_assert_true (kv_fake_call_get_stopped (call));
  g_assert_cmpint (kv_visit_controller_get_end_category (f->controller), ==,
                   KV_END_CATEGORY_SAFEGUARDING);

  /* A calm screen for a while, then between visits. */
  kv_test_advance_to (f, T (10, 40, 0) + (KV_VISIT_AFTER_SECONDS - 1) * G_USEC_PER_SEC);
  gt_signal_logger_assert_no_emissions (f->logger);
  kv_test_advance_to (f, T (10, 40, 0) + KV_VISIT_AFTER_SECONDS * G_USEC_PER_SEC);
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_IDLE);

  g_assert_false (kv_visit_controller_safeguarding_stop (f->controller, &error));
  g_assert_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NO_VISIT);
}

static void
test_safeguarding_stop_offline (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  kv_test_go_live (f);
  kv_fake_signaller_set_state (f->signaller, KV_SIGNALLER_STATE_DISCONNECTED);

  /* A safeguarding stop does not wait for the server. */
  g_assert_false (kv_visit_controller_safeguarding_stop (f->controller, &error));
  g_assert_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NOT_CONNECTED);
  g_assert_true (kv_fake_call_get_stopped (kv_test_last_call (f)));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_STOPPED);
  kv_test_assert_ended_pop (f, KV_OUTCOME_ENDED_BY_STAFF);
}

static void
test_child_alert (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (kv_visit_controller_child_alert (f->controller, &error));
  g_assert_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NO_VISIT);
  g_clear_error (&error);

  kv_test_go_live (f);
  kv_fake_signaller_clear_sent (f->signaller);
  g_assert_true (kv_visit_controller_child_alert (f->controller, &error));
  g_assert_no_error (error);
  g_assert_true (kv_visit_controller_get_child_alert (f->controller));
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_CHILD_ALERT), ==, 1);
  g_assert_cmpstr (kv_fake_signaller_get_last_sent (f->signaller,
                                                    KV_MESSAGE_CHILD_ALERT)->child_alert.booking_id,
                   ==, BOOKING);

  /* Pressed again within the server's interval: the alert stays, nothing
   * more is sent. */
  kv_visit_controller_child_alert_seen (f->controller);
  g_assert_false (kv_visit_controller_get_child_alert (f->controller));
  kv_test_advance_to (f, kv_clock_get_now (f->clock) + KV_SESSION_CHILD_ALERT_INTERVAL_US - 1);
  g_assert_true (kv_visit_controller_child_alert (f->controller, NULL));
  g_assert_true (kv_visit_controller_get_child_alert (f->controller));
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_CHILD_ALERT), ==, 1);

  kv_test_advance_to (f, kv_clock_get_now (f->clock) + 1);
  g_assert_true (kv_visit_controller_child_alert (f->controller, NULL));
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_CHILD_ALERT), ==, 2);
  /* It stays until staff mark it seen. */
  kv_test_advance_to (f, T (10, 50, 0));
  g_assert_true (kv_visit_controller_get_child_alert (f->controller));
  kv_visit_controller_child_alert_seen (f->controller);
  g_assert_false (kv_visit_controller_get_child_alert (f->controller));
}

static void
test_child_alert_prison (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  kv_test_go_live (f);
  g_assert_false (kv_visit_controller_child_alert (f->controller, &error));
  g_assert_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_WRONG_ROLE);
  g_assert_false (kv_visit_controller_get_child_alert (f->controller));
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_CHILD_ALERT), ==, 0);
}

static void
test_supervised_presence (Fixture       *f,
                          gconstpointer  data)
{
  const KvMessage *sent;
  gboolean supervised = GPOINTER_TO_INT (data);

  kv_test_go_waiting (f, TRUE);
  sent = kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_PRESENCE);
  g_assert_nonnull (sent);
  g_assert_true (sent->presence.present);
  g_assert_cmpint (sent->presence.supervised, ==, supervised);
  /* Whatever the server says, the prison kiosk shows no peer sign. */
  g_assert_false (kv_visit_controller_get_peer_supervised (f->controller));
}

static void
test_peer_supervised (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(KvMessage) session = NULL;
  const KvMessage *sent;

  kv_test_go_waiting (f, FALSE);
  sent = kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_PRESENCE);
  g_assert_false (sent->presence.supervised);
  g_assert_false (kv_visit_controller_get_peer_supervised (f->controller));

  session = kv_fake_message_session (BOOKING, KV_SESSION_STATE_JOINABLE, T (10, 30, 0),
                                     T (11, 0, 0), KV_SIDE_BOTH, KV_SIDE_NONE, 0, 0);
  session->session.supervised = TRUE;
  kv_test_receive (f, g_steal_pointer (&session));
  g_assert_true (kv_visit_controller_get_peer_supervised (f->controller));
}

/* Whoever's personal PIN opened the staff panel is named in what staff
 * send; the site PIN (no id) names nobody; a visit joined later gets the
 * name too. */
static void
test_staff_named (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  kv_visit_controller_set_staff_id (f->controller, "ana.horvat");
  kv_test_go_live (f);

  g_assert_true (kv_visit_controller_pause (f->controller, KV_PAUSE_CATEGORY_OTHER, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_PAUSE)->pause.staff_id,
                   ==, "ana.horvat");
  g_assert_true (kv_visit_controller_set_muted (f->controller, TRUE, &error));
  g_assert_cmpstr (kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_MUTE)->mute.staff_id,
                   ==, "ana.horvat");

  kv_test_receive (f, live_session (KV_SIDE_NONE, KV_PAUSE_CATEGORY_NONE, KV_SIDE_COMMUNITY));

  /* Locked, then opened with the site PIN. */
  kv_visit_controller_set_staff_id (f->controller, NULL);
  g_assert_true (kv_visit_controller_set_muted (f->controller, FALSE, &error));
  g_assert_null (kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_MUTE)->mute.staff_id);

  kv_visit_controller_set_staff_id (f->controller, "ivan");
  kv_test_advance_to (f, T (10, 40, 0));
  g_assert_true (kv_visit_controller_goodbye_now (f->controller, KV_END_CATEGORY_CHILD_UPSET,
                                                  "Lena is tired", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kv_fake_signaller_get_last_sent (f->signaller,
                                                    KV_MESSAGE_STAFF_END)->staff_end.staff_id,
                   ==, "ivan");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, kv_test_setup, func, kv_test_teardown)
  ADD ("/visit-interventions/pause", test_pause_sends_and_follows_server);
  ADD ("/visit-interventions/paused-by-peer", test_paused_by_peer);
  ADD ("/visit-interventions/pause-refused", test_pause_refused);
  ADD ("/visit-interventions/goodbye-lifts-pause", test_goodbye_lifts_pause);
  ADD ("/visit-interventions/mute", test_mute);
  ADD ("/visit-interventions/goodbye-now", test_goodbye_now);
  ADD ("/visit-interventions/staff-named", test_staff_named);
  ADD ("/visit-interventions/goodbye-now-ends-on-clock", test_goodbye_now_ends_on_clock);
  ADD ("/visit-interventions/safeguarding-stop", test_safeguarding_stop);
  ADD ("/visit-interventions/safeguarding-stop-offline", test_safeguarding_stop_offline);
  ADD ("/visit-interventions/child-alert", test_child_alert);
  ADD ("/visit-interventions/peer-supervised", test_peer_supervised);
#undef ADD
  g_test_add ("/visit-interventions/child-alert-prison", Fixture, NULL, kv_test_setup_prison,
              test_child_alert_prison, kv_test_teardown);
  g_test_add ("/visit-interventions/supervised-presence", Fixture, GINT_TO_POINTER (TRUE),
              kv_test_setup_prison_supervised, test_supervised_presence, kv_test_teardown);
  g_test_add ("/visit-interventions/unsupervised-presence", Fixture, GINT_TO_POINTER (FALSE),
              kv_test_setup_prison, test_supervised_presence, kv_test_teardown);

  return g_test_run ();
}
