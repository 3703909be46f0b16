/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-visit-fixture"

#include "config.h"

#include "visit-fixture.h"

gint64
kv_test_time (int    hour,
              int    minute,
              double seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (2026, 11, 22, hour, minute, seconds);

  return kv_date_time_to_us (dt);
}

static void
on_phase_changed (GObject    *object,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  Fixture *f = user_data;
  KvVisitPhase phase = kv_visit_controller_get_phase (KV_VISIT_CONTROLLER (object));

  g_array_append_val (f->phases, phase);
}

static KvKioskConfig *
make_config (KvRole   role,
             gboolean supervised)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data =
    g_strdup_printf ("[kiosk]\n"
                     "role=%s\n"
                     "server-url=wss://kinvisit.example.org/ws\n"
                     "label=Room 1\n"
                     "supervised=%s\n",
                     kv_role_to_string (role), supervised ? "true" : "false");
  KvKioskConfig *config = kv_kiosk_config_new_from_data (data, strlen (data), NULL, &error);

  g_assert_no_error (error);
  return config;
}

static KvVisitController *
make_controller (Fixture *f)
{
  KvVisitController *controller =
    kv_visit_controller_new (f->config, f->clock, KV_SIGNALLER (f->signaller),
                             KV_CALL_FACTORY (f->factory));

  g_signal_connect (controller, "notify::phase", G_CALLBACK (on_phase_changed), f);
  gt_signal_logger_connect (f->logger, controller, "notify::phase");
  gt_signal_logger_connect (f->logger, controller, "cue-reached");
  gt_signal_logger_connect (f->logger, controller, "sticker-shown");
  gt_signal_logger_connect (f->logger, controller, "ended");
  return controller;
}

static void
setup_role (Fixture  *f,
            KvRole    role,
            gboolean  supervised)
{
  f->clock = kv_fake_clock_new (T (10, 0, 0));
  f->signaller = kv_fake_signaller_new ();
  f->factory = kv_fake_call_factory_new ();
  f->config = make_config (role, supervised);
  f->logger = gt_signal_logger_new ();
  f->phases = g_array_new (FALSE, FALSE, sizeof (KvVisitPhase));
  f->controller = make_controller (f);
}

void
kv_test_setup (Fixture       *f,
               gconstpointer  data)
{
  setup_role (f, KV_ROLE_COMMUNITY, FALSE);
}

void
kv_test_setup_prison (Fixture       *f,
                      gconstpointer  data)
{
  setup_role (f, KV_ROLE_PRISON, FALSE);
}

/* A prison kiosk in a supervised room ([kiosk] supervised=true). */
void
kv_test_setup_prison_supervised (Fixture       *f,
                                 gconstpointer  data)
{
  setup_role (f, KV_ROLE_PRISON, TRUE);
}

void
kv_test_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->logger, gt_signal_logger_free);
  if (f->controller != NULL)
    g_assert_finalize_object (f->controller);
  g_assert_finalize_object (f->factory);
  g_assert_finalize_object (f->signaller);
  g_assert_finalize_object (f->config);
  g_assert_finalize_object (f->clock);
  g_array_unref (f->phases);
}

void
kv_test_advance_to (Fixture *f,
                    gint64   when_us)
{
  gint64 now = kv_clock_get_now (f->clock);

  g_assert_cmpint (when_us, >=, now);
  kv_fake_clock_advance (KV_FAKE_CLOCK (f->clock), when_us - now);
}

void
kv_test_receive (Fixture   *f,
                 KvMessage *message)
{
  kv_fake_signaller_receive (f->signaller, message);
}

/* Pops the next notify::phase and checks the phase it announced. */
void
kv_test_assert_phase_pop (Fixture      *f,
                          KvVisitPhase  expected)
{
  gt_signal_logger_assert_notify_emission_pop (f->logger, f->controller, "phase");
  g_assert_cmpuint (f->phases_popped, <, f->phases->len);
  g_assert_cmpint (g_array_index (f->phases, KvVisitPhase, f->phases_popped), ==, expected);
  f->phases_popped++;
}

void
kv_test_assert_cue_pop (Fixture  *f,
                        guint     seconds_left,
                        gboolean  half_way)
{
  guint seconds = 0;
  gboolean half = FALSE;

  gt_signal_logger_assert_emission_pop (f->logger, f->controller, "cue-reached", &seconds, &half);
  g_assert_cmpuint (seconds, ==, seconds_left);
  g_assert_cmpint (half, ==, half_way);
}

void
kv_test_assert_ended_pop (Fixture   *f,
                          KvOutcome  outcome)
{
  KvOutcome got = KV_OUTCOME_NONE;

  gt_signal_logger_assert_emission_pop (f->logger, f->controller, "ended", &got);
  g_assert_cmpint (got, ==, outcome);
}

void
kv_test_assert_sticker_pop (Fixture    *f,
                            const char *sticker_id,
                            gboolean    from_peer)
{
  g_autofree char *id = NULL;
  gboolean peer = FALSE;

  gt_signal_logger_assert_emission_pop (f->logger, f->controller, "sticker-shown", &id, &peer);
  g_assert_cmpstr (id, ==, sticker_id);
  g_assert_cmpint (peer, ==, from_peer);
}

KvFakeCall *
kv_test_last_call (Fixture *f)
{
  KvFakeCall *call = kv_fake_call_factory_get_last_call (f->factory);

  g_assert_nonnull (call);
  return call;
}

gboolean
kv_test_call_held (KvFakeCall *call)
{
  return kv_call_backend_get_held (KV_CALL_BACKEND (call));
}

/* Signed in with b1 (10:30-11:00, "Dad" and "Lena") and b2 the next day. */
void
kv_test_sign_in_with_schedule (Fixture *f)
{
  KvMessage *schedule;

  kv_visit_controller_start (f->controller);
  g_assert_true (kv_fake_signaller_get_started (f->signaller));
  kv_fake_signaller_sign_in (f->signaller, "community-1", kv_visit_controller_get_role (f->controller),
                             kv_clock_get_now (f->clock));

  schedule = kv_fake_message_schedule (kv_clock_get_now (f->clock), BOOKING,
                                       T (10, 30, 0), T (11, 0, 0), "Dad", "Lena",
                                       KV_AGE_BAND_4_7);
  kv_fake_message_schedule_add (schedule, NEXT_BOOKING,
                                T (10, 30, 0) + 24 * G_TIME_SPAN_HOUR,
                                T (11, 0, 0) + 24 * G_TIME_SPAN_HOUR, "Dad", "Lena",
                                KV_AGE_BAND_4_7);
  kv_test_receive (f, schedule);
}

/* From a fresh controller to the waiting room of the booking at 10:30,
 * ten minutes before it: returns the (held) call the join made. */
KvFakeCall *
kv_test_go_waiting (Fixture  *f,
                    gboolean  offerer)
{
  kv_test_sign_in_with_schedule (f);
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_IDLE);
  kv_test_advance_to (f, T (10, 20, 0));
  kv_test_receive (f, kv_fake_message_join (BOOKING, offerer, T (10, 30, 0), T (11, 0, 0)));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_WAITING);
  return kv_test_last_call (f);
}

/* From a fresh controller to a live visit with media flowing. */
void
kv_test_go_live (Fixture *f)
{
  kv_fake_call_set_state (kv_test_go_waiting (f, FALSE), KV_CALL_STATE_CONNECTED);
  kv_test_advance_to (f, T (10, 30, 0));
  kv_test_receive (f, kv_fake_message_start (BOOKING, T (11, 0, 0)));
  kv_test_assert_phase_pop (f, KV_VISIT_PHASE_LIVE);
  kv_fake_call_set_media_flowing (kv_test_last_call (f), TRUE);
}

