/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "session-fixture.h"

/* The session state machine: the path from booked to ended, who must be
 * there, and what staff can do. Time-related cases (make-up, clock jumps,
 * restarts, DST) are in test-session-time.c. */

static void
test_lifecycle (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  assert_state (fixture->session, KV_SESSION_STATE_SCHEDULED);
  g_assert_cmpint (kv_session_get_join_time (fixture->session), ==, at (9, 50, 0));

  /* The join window opens exactly 10 minutes before the start. */
  advance_to (fixture, at (9, 50, 0) - 1);
  assert_state (fixture->session, KV_SESSION_STATE_SCHEDULED);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  advance_to (fixture, at (9, 50, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_SCHEDULED, KV_SESSION_STATE_JOINABLE);

  kv_session_set_present (fixture->session, KV_SIDE_BOTH, TRUE);
  g_assert_true (kv_session_confirm (fixture->session, KV_SIDE_PRISON, &error));
  g_assert_no_error (error);
  assert_state (fixture->session, KV_SESSION_STATE_JOINABLE);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  g_assert_true (kv_session_confirm (fixture->session, KV_SIDE_COMMUNITY, &error));
  g_assert_no_error (error);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_JOINABLE, KV_SESSION_STATE_READY);

  /* One microsecond before the start the picture is still held. */
  advance_to (fixture, at (10, 0, 0) - 1);
  assert_state (fixture->session, KV_SESSION_STATE_READY);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  advance_to (fixture, at (10, 0, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_READY, KV_SESSION_STATE_LIVE);
  g_assert_cmpint (kv_session_get_live_since (fixture->session), ==, at (10, 0, 0));

  advance_to (fixture, at (10, 15, 0) - 1);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  advance_to (fixture, at (10, 15, 0));
  pop_cue (fixture, fixture->session, 15 * 60, TRUE);
  advance_to (fixture, at (10, 25, 0));
  pop_cue (fixture, fixture->session, 5 * 60, FALSE);
  advance_to (fixture, at (10, 28, 0));
  pop_cue (fixture, fixture->session, 2 * 60, FALSE);

  /* The goodbye starts exactly 60 s before the end. */
  advance_to (fixture, at (10, 29, 0) - 1);
  assert_state (fixture->session, KV_SESSION_STATE_LIVE);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  advance_to (fixture, at (10, 29, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_LIVE, KV_SESSION_STATE_GOODBYE);
  g_assert_cmpint (kv_session_get_goodbye_time (fixture->session), ==, at (10, 29, 0));

  advance_to (fixture, at (10, 30, 0) - 1);
  assert_state (fixture->session, KV_SESSION_STATE_GOODBYE);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  advance_to (fixture, at (10, 30, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_GOODBYE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_COMPLETED);
  g_assert_cmpint (kv_session_get_ended_at (fixture->session), ==, at (10, 30, 0));
  g_assert_cmpuint (kv_clock_get_n_alarms (fixture->clock), ==, 0);

  /* Nothing happens after the end. */
  advance_to (fixture, at (12, 0, 0));
}

static void
test_notify (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autoptr(GError) error = NULL;
  KvSessionState state;
  KvSideFlags present;

  gt_signal_logger_connect (logger, fixture->session, "notify");
  gt_signal_logger_connect (logger, fixture->session, "state-changed");

  advance_to (fixture, at (9, 50, 0));
  gt_signal_logger_assert_notify_emission_pop (logger, fixture->session, "state");
  gt_signal_logger_assert_emission_pop (logger, fixture->session, "state-changed", NULL, NULL);

  kv_session_set_present (fixture->session, KV_SIDE_PRISON, TRUE);
  gt_signal_logger_assert_notify_emission_pop (logger, fixture->session, "present");
  /* Notify only on change. */
  kv_session_set_present (fixture->session, KV_SIDE_PRISON, TRUE);
  gt_signal_logger_assert_no_emissions (logger);

  g_assert_true (kv_session_confirm (fixture->session, KV_SIDE_PRISON, &error));
  gt_signal_logger_assert_notify_emission_pop (logger, fixture->session, "confirmed");
  g_assert_true (kv_session_confirm (fixture->session, KV_SIDE_PRISON, &error));
  gt_signal_logger_assert_no_emissions (logger);

  g_object_get (fixture->session, "state", &state, "present", &present, NULL);
  g_assert_cmpint (state, ==, KV_SESSION_STATE_JOINABLE);
  g_assert_cmpint (present, ==, KV_SIDE_PRISON);

  g_assert_true (kv_session_end_by_staff (fixture->session, "test over", &error));
  gt_signal_logger_assert_notify_emission_pop (logger, fixture->session, "state");
  gt_signal_logger_assert_emission_pop (logger, fixture->session, "state-changed", NULL, NULL);
  gt_signal_logger_assert_notify_emission_pop (logger, fixture->session, "outcome");
  gt_signal_logger_assert_no_emissions (logger);

  pop_state (fixture, fixture->session, KV_SESSION_STATE_SCHEDULED, KV_SESSION_STATE_JOINABLE);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_JOINABLE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_ENDED_BY_STAFF);
}

static void
test_confirm_window (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  /* Before the join window: refused, and nothing recorded. */
  advance_to (fixture, at (9, 50, 0) - 1);
  g_assert_false (kv_session_confirm (fixture->session, KV_SIDE_PRISON, &error));
  g_assert_error (error, KV_SESSION_ERROR, KV_SESSION_ERROR_NOT_JOINABLE_YET);
  g_assert_cmpint (kv_session_get_confirmed (fixture->session), ==, KV_SIDE_NONE);
  g_clear_error (&error);

  g_assert_false (kv_session_confirm (fixture->session, KV_SIDE_NONE, &error));
  g_assert_error (error, KV_SESSION_ERROR, KV_SESSION_ERROR_INVALID_SIDES);
  g_clear_error (&error);
  g_assert_false (kv_session_confirm (fixture->session, 1 << 5, &error));
  g_assert_error (error, KV_SESSION_ERROR, KV_SESSION_ERROR_INVALID_SIDES);
  g_clear_error (&error);

  advance_to (fixture, at (9, 50, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_SCHEDULED, KV_SESSION_STATE_JOINABLE);
  g_assert_true (kv_session_confirm (fixture->session, KV_SIDE_PRISON, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kv_session_get_confirmed (fixture->session), ==, KV_SIDE_PRISON);

  advance_to (fixture, at (10, 30, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_JOINABLE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_NO_SHOW);
  g_assert_false (kv_session_confirm (fixture->session, KV_SIDE_COMMUNITY, &error));
  g_assert_error (error, KV_SESSION_ERROR, KV_SESSION_ERROR_ALREADY_ENDED);
}

static void
test_needs_both_sides (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  advance_to (fixture, at (9, 50, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_SCHEDULED, KV_SESSION_STATE_JOINABLE);

  /* Confirmed on both sides but the community kiosk is not there. */
  kv_session_set_present (fixture->session, KV_SIDE_PRISON, TRUE);
  g_assert_true (kv_session_confirm (fixture->session, KV_SIDE_BOTH, &error));
  advance_to (fixture, at (10, 5, 0));
  assert_state (fixture->session, KV_SESSION_STATE_JOINABLE);
  gt_signal_logger_assert_no_emissions (fixture->logger);

  /* Present but not confirmed is not enough either. */
  kv_session_set_present (fixture->session, KV_SIDE_PRISON, FALSE);
  kv_session_set_present (fixture->session, KV_SIDE_COMMUNITY, TRUE);
  assert_state (fixture->session, KV_SESSION_STATE_JOINABLE);

  /* The kiosk joins at 10:05: live at once, and the end does not move. */
  kv_session_set_present (fixture->session, KV_SIDE_PRISON, TRUE);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_JOINABLE, KV_SESSION_STATE_LIVE);
  g_assert_cmpint (kv_session_get_live_since (fixture->session), ==, at (10, 5, 0));
  g_assert_cmpint (kv_session_get_end_time (fixture->session), ==, at (10, 30, 0));
  g_assert_true (kv_session_end_by_staff (fixture->session, "done", &error));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_LIVE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_ENDED_BY_STAFF);
}

static void
test_ready_falls_back (Fixture       *fixture,
                       gconstpointer  user_data)
{
  advance_to (fixture, at (9, 55, 0));
  make_ready (fixture);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_SCHEDULED, KV_SESSION_STATE_JOINABLE);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_JOINABLE, KV_SESSION_STATE_READY);

  /* The community kiosk drops out before the start: no visit without it. */
  kv_session_set_present (fixture->session, KV_SIDE_COMMUNITY, FALSE);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_READY, KV_SESSION_STATE_JOINABLE);
  advance_to (fixture, at (10, 1, 0));
  assert_state (fixture->session, KV_SESSION_STATE_JOINABLE);

  /* Back at 10:01: its confirmation still holds. */
  kv_session_set_present (fixture->session, KV_SIDE_COMMUNITY, TRUE);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_JOINABLE, KV_SESSION_STATE_LIVE);
  g_assert_cmpint (kv_session_get_end_time (fixture->session), ==, at (10, 30, 0));

  advance_to (fixture, at (10, 31, 0));
  pop_cue (fixture, fixture->session, 15 * 60, TRUE);
  pop_cue (fixture, fixture->session, 5 * 60, FALSE);
  pop_cue (fixture, fixture->session, 2 * 60, FALSE);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_LIVE, KV_SESSION_STATE_GOODBYE);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_GOODBYE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_COMPLETED);
}

static void
test_late_start (Fixture       *fixture,
                 gconstpointer  user_data)
{
  advance_to (fixture, at (10, 20, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_SCHEDULED, KV_SESSION_STATE_JOINABLE);

  make_ready (fixture);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_JOINABLE, KV_SESSION_STATE_LIVE);
  /* The half-way cue (10:15) is stale: no burst of cues on going live. */
  gt_signal_logger_assert_no_emissions (fixture->logger);
  g_assert_cmpint (kv_session_get_end_time (fixture->session), ==, at (10, 30, 0));

  advance_to (fixture, at (10, 25, 0));
  pop_cue (fixture, fixture->session, 5 * 60, FALSE);
  advance_to (fixture, at (10, 28, 0));
  pop_cue (fixture, fixture->session, 2 * 60, FALSE);
  advance_to (fixture, at (10, 29, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_LIVE, KV_SESSION_STATE_GOODBYE);
  /* A late start never extends the slot. */
  advance_to (fixture, at (10, 30, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_GOODBYE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_COMPLETED);
}

static void
test_late_start_in_goodbye (Fixture       *fixture,
                            gconstpointer  user_data)
{
  advance_to (fixture, at (10, 29, 30));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_SCHEDULED, KV_SESSION_STATE_JOINABLE);

  make_ready (fixture);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_JOINABLE, KV_SESSION_STATE_GOODBYE);
  g_assert_cmpint (kv_session_get_live_since (fixture->session), ==, at (10, 29, 30));

  advance_to (fixture, at (10, 30, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_GOODBYE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_COMPLETED);
}

static void
test_no_show (Fixture       *fixture,
              gconstpointer  user_data)
{
  const struct {
    KvSideFlags present;
    KvSideFlags confirmed;
    KvSideFlags absent;
  } cases[] = {
    { KV_SIDE_PRISON, KV_SIDE_PRISON, KV_SIDE_COMMUNITY },
    { KV_SIDE_BOTH, KV_SIDE_COMMUNITY, KV_SIDE_PRISON },
    { KV_SIDE_NONE, KV_SIDE_BOTH, KV_SIDE_BOTH },
    { KV_SIDE_NONE, KV_SIDE_NONE, KV_SIDE_BOTH },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
      g_autoptr(KvClock) clock = kv_fake_clock_new (at (9, 50, 0));
      g_autoptr(KvSession) session = kv_session_new (clock, fixture->booking, &fixture->rules);
      g_autoptr(GError) error = NULL;
      int outcome = -1;

      gt_signal_logger_connect (logger, session, "ended");
      kv_session_set_present (session, cases[i].present, TRUE);
      if (cases[i].confirmed != KV_SIDE_NONE)
        g_assert_true (kv_session_confirm (session, cases[i].confirmed, &error));

      kv_fake_clock_advance (KV_FAKE_CLOCK (clock), at (10, 30, 0) - 1 - at (9, 50, 0));
      assert_state (session, KV_SESSION_STATE_JOINABLE);
      kv_fake_clock_advance (KV_FAKE_CLOCK (clock), 1);
      assert_state (session, KV_SESSION_STATE_ENDED);
      gt_signal_logger_assert_emission_pop (logger, session, "ended", &outcome);
      g_assert_cmpint (outcome, ==, KV_OUTCOME_NO_SHOW);
      g_assert_cmpint (kv_session_get_absent (session), ==, cases[i].absent);
      g_assert_cmpint (kv_session_get_ended_at (session), ==, at (10, 30, 0));
      gt_signal_logger_assert_no_emissions (logger);
    }
}

static void
test_staff_end (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  go_live_on_time (fixture);
  advance_to (fixture, at (10, 7, 0));

  g_assert_false (kv_session_end_by_staff (fixture->session, "   ", &error));
  g_assert_error (error, KV_SESSION_ERROR, KV_SESSION_ERROR_BAD_REASON);
  g_clear_error (&error);
  g_assert_false (kv_session_end_by_staff (fixture->session, NULL, &error));
  g_assert_error (error, KV_SESSION_ERROR, KV_SESSION_ERROR_BAD_REASON);
  g_clear_error (&error);
  assert_state (fixture->session, KV_SESSION_STATE_LIVE);

  /* A safeguarding stop: ENDED at once, no goodbye. */
  g_assert_true (kv_session_end_by_staff (fixture->session, "safeguarding", &error));
  g_assert_no_error (error);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_LIVE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_ENDED_BY_STAFF);
  g_assert_cmpstr (kv_session_get_end_reason (fixture->session), ==, "safeguarding");
  g_assert_cmpint (kv_session_get_ended_at (fixture->session), ==, at (10, 7, 0));

  g_assert_false (kv_session_end_by_staff (fixture->session, "again", &error));
  g_assert_error (error, KV_SESSION_ERROR, KV_SESSION_ERROR_ALREADY_ENDED);
  g_assert_cmpstr (kv_session_get_end_reason (fixture->session), ==, "safeguarding");

  advance_to (fixture, at (11, 0, 0));
}

static void
test_staff_end_before_start (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kv_session_end_by_staff (fixture->session, "prison lockdown", &error));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_SCHEDULED, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_ENDED_BY_STAFF);
  advance_to (fixture, at (11, 0, 0));
  assert_state (fixture->session, KV_SESSION_STATE_ENDED);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvClock) clock = kv_fake_clock_new (at (9, 55, 0));
  g_autoptr(KvSession) ready = kv_session_new (clock, fixture->booking, &fixture->rules);

  /* Before the start: cancelled. */
  advance_to (fixture, at (9, 52, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_SCHEDULED, KV_SESSION_STATE_JOINABLE);
  g_assert_true (kv_session_cancel (fixture->session, &error));
  g_assert_no_error (error);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_JOINABLE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_CANCELLED);
  g_assert_false (kv_session_cancel (fixture->session, &error));
  g_assert_error (error, KV_SESSION_ERROR, KV_SESSION_ERROR_ALREADY_ENDED);
  g_clear_error (&error);

  /* Once live: refused, the visit goes on. */
  kv_session_set_present (ready, KV_SIDE_BOTH, TRUE);
  g_assert_true (kv_session_confirm (ready, KV_SIDE_BOTH, &error));
  kv_fake_clock_advance (KV_FAKE_CLOCK (clock), 5 * MIN_US);
  assert_state (ready, KV_SESSION_STATE_LIVE);
  g_assert_false (kv_session_cancel (ready, &error));
  g_assert_error (error, KV_SESSION_ERROR, KV_SESSION_ERROR_ALREADY_STARTED);
  assert_state (ready, KV_SESSION_STATE_LIVE);
  g_assert_cmpint (kv_session_get_outcome (ready), ==, KV_OUTCOME_NONE);
}

static void
test_short_visit_cues (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(KvBooking) booking = kv_booking_new ("b10", "p", "c", at (10, 0, 0), at (10, 10, 0),
                                                 "Mum", "Sam", KV_AGE_BAND_0_3);
  g_autoptr(KvSession) session = kv_session_new (fixture->clock, booking, &fixture->rules);
  g_autoptr(GError) error = NULL;
  guint points[KV_SITE_RULES_MAX_CUES];

  /* The kiosks are told of half-way and one countdown cue: 2 minutes. */
  g_assert_cmpuint (kv_session_get_cues (session, points, G_N_ELEMENTS (points)), ==, 2);
  g_assert_cmpuint (points[0], ==, 5 * 60);
  g_assert_cmpuint (points[1], ==, 2 * 60);

  watch (fixture, session);
  advance_to (fixture, at (9, 59, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_SCHEDULED, KV_SESSION_STATE_JOINABLE);
  pop_state (fixture, session, KV_SESSION_STATE_SCHEDULED, KV_SESSION_STATE_JOINABLE);
  kv_session_set_present (session, KV_SIDE_BOTH, TRUE);
  g_assert_true (kv_session_confirm (session, KV_SIDE_BOTH, &error));
  pop_state (fixture, session, KV_SESSION_STATE_JOINABLE, KV_SESSION_STATE_READY);

  /* A 10-minute visit: half-way at 5 minutes left is the half-way cue
   * alone (a "5 minutes left" would be in the slot's first half)... */
  advance_to (fixture, at (10, 5, 0));
  pop_state (fixture, session, KV_SESSION_STATE_READY, KV_SESSION_STATE_LIVE);
  pop_cue (fixture, session, 5 * 60, TRUE);
  /* ...and then only the 2-minute cue. */
  advance_to (fixture, at (10, 8, 0) - 1);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  advance_to (fixture, at (10, 8, 0));
  pop_cue (fixture, session, 2 * 60, FALSE);
  g_assert_true (kv_session_end_by_staff (session, "test", &error));
  pop_state (fixture, session, KV_SESSION_STATE_LIVE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, session, KV_OUTCOME_ENDED_BY_STAFF);
  g_assert_true (kv_session_cancel (fixture->session, &error));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_JOINABLE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/session/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("lifecycle", test_lifecycle);
  ADD ("notify", test_notify);
  ADD ("confirm-window", test_confirm_window);
  ADD ("needs-both-sides", test_needs_both_sides);
  ADD ("ready-falls-back", test_ready_falls_back);
  ADD ("late-start", test_late_start);
  ADD ("late-start-in-goodbye", test_late_start_in_goodbye);
  ADD ("no-show", test_no_show);
  ADD ("staff-end", test_staff_end);
  ADD ("staff-end-before-start", test_staff_end_before_start);
  ADD ("cancel", test_cancel);
  ADD ("short-visit-cues", test_short_visit_cues);

  return g_test_run ();
}
