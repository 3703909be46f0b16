/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-visit-staff"

#include "config.h"

#include "visit-fixture.h"

static void
test_shutdown (Fixture       *f,
               gconstpointer  data)
{
  const KvMessage *sent;
  KvFakeCall *call;

  kv_test_go_live (f);
  call = kv_test_last_call (f);
  kv_fake_signaller_clear_sent (f->signaller);

  kv_visit_controller_shutdown (f->controller);
  g_assert_true (kv_fake_call_get_stopped (call));
  g_assert_false (kv_fake_signaller_get_started (f->signaller));
  sent = kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_PRESENCE);
  g_assert_nonnull (sent);
  g_assert_false (sent->presence.present);

  /* Nothing of the visit is left to fire. */
  g_assert_cmpuint (kv_clock_get_n_alarms (f->clock), ==, 0);
  kv_test_advance_to (f, T (12, 0, 0));
  gt_signal_logger_assert_no_emissions (f->logger);
}

static void
test_stickers (Fixture       *f,
               gconstpointer  data)
{
  KvFakeCall *call;
  GPtrArray *sent;

  kv_test_sign_in_with_schedule (f);
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_IDLE);
  /* No visit on: nothing to show or send. */
  kv_visit_controller_send_sticker (f->controller, "heart");
  gt_signal_logger_assert_no_emissions (f->logger);

  kv_test_advance_to (f, T (10, 30, 0));
  kv_test_receive (f, kv_fake_message_join (BOOKING, FALSE, T (10, 30, 0), T (11, 0, 0)));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_WAITING);
  call = kv_test_last_call (f);
  kv_fake_call_set_state (call, KV_CALL_STATE_CONNECTED);
  kv_test_receive (f, kv_fake_message_start (BOOKING, T (11, 0, 0)));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_LIVE);

  kv_visit_controller_send_sticker (f->controller, "heart");
  kv_test_assert_sticker_pop (f, "heart", FALSE);
  sent = kv_fake_call_get_sent_play_messages (call);
  g_assert_cmpuint (sent->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (sent, 0), ==, "{\"sticker\":\"heart\"}");

  kv_visit_controller_send_sticker (f->controller, "knife");
  kv_visit_controller_send_sticker (f->controller, NULL);
  g_assert_cmpuint (sent->len, ==, 1);

  kv_fake_call_receive_play_message (call, "{\"sticker\":\"cat\"}");
  kv_test_assert_sticker_pop (f, "cat", TRUE);
  kv_fake_call_receive_play_message (call, "{\"sticker\":\"knife\"}");
  kv_fake_call_receive_play_message (call, "{\"sticker\":42}");
  kv_fake_call_receive_play_message (call, "[\"heart\"]");
  kv_fake_call_receive_play_message (call, "not json {");
  kv_fake_call_receive_play_message (call, "{\"text\":\"hello\"}");
  gt_signal_logger_assert_no_emissions (f->logger);
}

static void
test_device_test (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KvFakeMediaPreview *preview;

  kv_test_sign_in_with_schedule (f);
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_IDLE);
  g_assert_null (kv_visit_controller_get_self_paintable (f->controller));

  g_assert_true (kv_visit_controller_set_device_test (f->controller, TRUE, &error));
  g_assert_no_error (error);
  preview = kv_fake_call_factory_get_last_preview (f->factory);
  g_assert_nonnull (preview);
  g_assert_true (kv_visit_controller_get_device_testing (f->controller));
  g_assert_true (kv_visit_controller_get_self_paintable (f->controller) ==
                 kv_media_preview_get_self_paintable (KV_MEDIA_PREVIEW (preview)));
  kv_fake_media_preview_set_input_level (preview, 0.5);
  g_assert_cmpfloat (kv_visit_controller_get_input_level (f->controller), ==, 0.5);

  /* The visit takes the camera. */
  kv_test_advance_to (f, T (10, 20, 0));
  kv_test_receive (f, kv_fake_message_join (BOOKING, FALSE, T (10, 30, 0), T (11, 0, 0)));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_WAITING);
  g_assert_true (kv_fake_media_preview_get_stopped (preview));
  g_assert_false (kv_visit_controller_get_device_testing (f->controller));
  g_assert_true (kv_visit_controller_get_self_paintable (f->controller) ==
                 kv_call_backend_get_self_paintable (KV_CALL_BACKEND (kv_test_last_call (f))));
  g_assert_false (kv_visit_controller_set_device_test (f->controller, TRUE, &error));
  g_assert_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_CALL_ACTIVE);
}

static void
test_unavailable_no_network (Fixture       *f,
                             gconstpointer  data)
{
  kv_visit_controller_start (f->controller);
  kv_fake_signaller_set_state (f->signaller, KV_SIGNALLER_STATE_CONNECTING);
  g_assert_cmpint (kv_visit_controller_get_phase (f->controller), ==, KV_VISIT_PHASE_STARTING);
  kv_fake_signaller_set_state (f->signaller, KV_SIGNALLER_STATE_DISCONNECTED);
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_UNAVAILABLE);
  g_assert_cmpint (kv_visit_controller_get_unavailable_reason (f->controller), ==,
                   KV_UNAVAILABLE_NO_NETWORK);

  /* Retrying stays unavailable, then signing in restores. */
  kv_fake_signaller_set_state (f->signaller, KV_SIGNALLER_STATE_CONNECTING);
  g_assert_cmpint (kv_visit_controller_get_phase (f->controller), ==, KV_VISIT_PHASE_UNAVAILABLE);
  kv_fake_signaller_sign_in (f->signaller, "community-1", KV_ROLE_COMMUNITY,
                             kv_clock_get_now (f->clock));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_STARTING);
  g_assert_cmpint (kv_visit_controller_get_unavailable_reason (f->controller), ==,
                   KV_UNAVAILABLE_NONE);
}

static void
test_unavailable_refused (Fixture       *f,
                          gconstpointer  data)
{
  kv_visit_controller_start (f->controller);
  kv_fake_signaller_set_state (f->signaller, KV_SIGNALLER_STATE_CONNECTING);
  kv_fake_signaller_set_state (f->signaller, KV_SIGNALLER_STATE_REFUSED);
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_UNAVAILABLE);
  g_assert_cmpint (kv_visit_controller_get_unavailable_reason (f->controller), ==,
                   KV_UNAVAILABLE_REFUSED);
}

static void
test_revoked_mid_visit (Fixture       *f,
                        gconstpointer  data)
{
  kv_test_go_live (f);

  /* An administrator revoked this kiosk: its visit ends here too. */
  kv_fake_signaller_set_state (f->signaller, KV_SIGNALLER_STATE_REFUSED);
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_AFTER);
  kv_test_assert_ended_pop (f, KV_OUTCOME_CANCELLED);
  g_assert_true (kv_fake_call_get_stopped (kv_test_last_call (f)));

  kv_test_advance_to (f, kv_clock_get_now (f->clock) + KV_VISIT_AFTER_SECONDS * G_USEC_PER_SEC);
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_UNAVAILABLE);
  g_assert_cmpint (kv_visit_controller_get_unavailable_reason (f->controller), ==,
                   KV_UNAVAILABLE_REFUSED);
  gt_signal_logger_assert_no_emissions (f->logger);
}

static void
test_unavailable_no_booking (Fixture       *f,
                             gconstpointer  data)
{
  kv_visit_controller_start (f->controller);
  kv_fake_signaller_sign_in (f->signaller, "community-1", KV_ROLE_COMMUNITY,
                             kv_clock_get_now (f->clock));
  g_assert_cmpint (kv_visit_controller_get_phase (f->controller), ==, KV_VISIT_PHASE_STARTING);
  kv_test_receive (f, kv_fake_message_schedule_empty (kv_clock_get_now (f->clock)));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_UNAVAILABLE);
  g_assert_cmpint (kv_visit_controller_get_unavailable_reason (f->controller), ==,
                   KV_UNAVAILABLE_NO_BOOKING);
  g_assert_cmpint (kv_visit_controller_get_next_visit_start (f->controller), ==, 0);

  /* A booking made later shows up as the next visit. */
  kv_test_receive (f, kv_fake_message_schedule (kv_clock_get_now (f->clock), BOOKING, T (10, 30, 0),
                                                T (11, 0, 0), "Dad", "Lena", KV_AGE_BAND_4_7));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_IDLE);
}

static void
test_unavailable_no_camera (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) missing = g_error_new_literal (KV_MEDIA_ERROR, KV_MEDIA_ERROR_DEVICE_MISSING,
                                                   "/dev/video0 is not there");
  g_autoptr(GError) error = NULL;

  kv_fake_call_factory_set_error (f->factory, missing);
  kv_test_sign_in_with_schedule (f);
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_IDLE);

  kv_test_advance_to (f, T (10, 20, 0));
  g_test_expect_message ("kv-kiosk", G_LOG_LEVEL_WARNING, "*Could not set up the call*");
  kv_test_receive (f, kv_fake_message_join (BOOKING, FALSE, T (10, 30, 0), T (11, 0, 0)));
  g_test_assert_expected_messages ();
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_UNAVAILABLE);
  g_assert_cmpint (kv_visit_controller_get_unavailable_reason (f->controller), ==,
                   KV_UNAVAILABLE_NO_CAMERA);
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_PRESENCE), ==, 0);

  /* The staff test fails the same way, with a clear error. */
  g_test_expect_message ("kv-kiosk", G_LOG_LEVEL_WARNING, "*test failed*");
  g_assert_false (kv_visit_controller_set_device_test (f->controller, TRUE, &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_DEVICE);
  g_clear_error (&error);

  /* Staff plug the camera back in; the test works and the kiosk recovers. */
  kv_fake_call_factory_set_error (f->factory, NULL);
  g_assert_true (kv_visit_controller_set_device_test (f->controller, TRUE, &error));
  g_assert_no_error (error);
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_IDLE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, kv_test_setup, func, kv_test_teardown)
  ADD ("/visit-controller/shutdown", test_shutdown);
  ADD ("/visit-controller/stickers", test_stickers);
  ADD ("/visit-controller/device-test", test_device_test);
  ADD ("/visit-controller/unavailable/no-network", test_unavailable_no_network);
  ADD ("/visit-controller/unavailable/refused", test_unavailable_refused);
  ADD ("/visit-controller/unavailable/no-booking", test_unavailable_no_booking);
  ADD ("/visit-controller/unavailable/revoked-mid-visit", test_revoked_mid_visit);
  ADD ("/visit-controller/unavailable/no-camera", test_unavailable_no_camera);
#undef ADD

  return g_test_run ();
}
