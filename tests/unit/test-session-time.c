/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "session-fixture.h"

/* Time given back, time lost, clocks that jump, restarts and DST: the
 * rules that make a visit never overrun its slot nor lose minutes. */

static void
test_staff_end_wins_over_makeup (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  go_live_on_time (fixture);
  advance_to (fixture, at (10, 10, 0));
  kv_session_media_lost (fixture->session);
  advance_to (fixture, at (10, 14, 0));
  kv_session_media_restored (fixture->session);
  pop_end_time (fixture, fixture->session, at (10, 34, 0));

  /* Staff end during the make-up time: at once, and nothing after it. */
  advance_to (fixture, at (10, 31, 0));
  pop_cue (fixture, fixture->session, 19 * 60, TRUE);
  pop_cue (fixture, fixture->session, 5 * 60, FALSE);
  assert_state (fixture->session, KV_SESSION_STATE_LIVE);
  g_assert_true (kv_session_end_by_staff (fixture->session, "carer had to leave", &error));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_LIVE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_ENDED_BY_STAFF);
  g_assert_cmpint (kv_session_get_ended_at (fixture->session), ==, at (10, 31, 0));
  advance_to (fixture, at (10, 40, 0));

  /* Also while media is lost, with make-up still owed. */
  {
    g_autoptr(KvClock) clock = kv_fake_clock_new (at (10, 0, 0));
    g_autoptr(KvSession) session = NULL;
    KvSessionSnapshot live = { .state = KV_SESSION_STATE_LIVE, .present = KV_SIDE_BOTH,
                               .confirmed = KV_SIDE_BOTH, .live_since_us = at (10, 0, 0) };

    session = kv_session_new_restored (clock, fixture->booking, &fixture->rules, &live);
    kv_session_media_lost (session);
    kv_fake_clock_advance (KV_FAKE_CLOCK (clock), 5 * MIN_US);
    g_assert_true (kv_session_end_by_staff (session, "technical", &error));
    g_assert_cmpint (kv_session_get_outcome (session), ==, KV_OUTCOME_ENDED_BY_STAFF);
    g_assert_cmpint (kv_session_get_lost_us (session), ==, 5 * MIN_US);
    g_assert_cmpint (kv_session_get_makeup_us (session), ==, 0);
    kv_session_media_restored (session);
    g_assert_cmpint (kv_session_get_end_time (session), ==, at (10, 30, 0));
  }
}

static void
test_makeup (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GtSignalLogger) notify_logger = gt_signal_logger_new ();
  gint64 end_property = 0;

  go_live_on_time (fixture);
  gt_signal_logger_connect (notify_logger, fixture->session, "notify::end-time");

  advance_to (fixture, at (10, 10, 0));
  kv_session_media_lost (fixture->session);
  g_assert_true (kv_session_is_media_lost (fixture->session));
  advance_to (fixture, at (10, 13, 0));
  g_assert_cmpint (kv_session_get_lost_us (fixture->session), ==, 3 * MIN_US);
  kv_session_media_restored (fixture->session);

  /* Three minutes lost, three given back right away. */
  pop_end_time (fixture, fixture->session, at (10, 33, 0));
  gt_signal_logger_assert_notify_emission_pop (notify_logger, fixture->session, "end-time");
  gt_signal_logger_assert_no_emissions (notify_logger);
  g_object_get (fixture->session, "end-time", &end_property, NULL);
  g_assert_cmpint (end_property, ==, at (10, 33, 0));
  g_assert_cmpint (kv_session_get_end_time (fixture->session), ==, at (10, 33, 0));
  g_assert_cmpint (kv_session_get_makeup_us (fixture->session), ==, 3 * MIN_US);
  g_assert_cmpint (kv_session_get_goodbye_time (fixture->session), ==, at (10, 32, 0));

  /* Half-way stays half-way of the booked slot; the others follow the end. */
  advance_to (fixture, at (10, 15, 0));
  pop_cue (fixture, fixture->session, 18 * 60, TRUE);
  advance_to (fixture, at (10, 28, 0));
  pop_cue (fixture, fixture->session, 5 * 60, FALSE);
  advance_to (fixture, at (10, 32, 0) - 1);
  pop_cue (fixture, fixture->session, 2 * 60, FALSE);
  assert_state (fixture->session, KV_SESSION_STATE_LIVE);
  advance_to (fixture, at (10, 32, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_LIVE, KV_SESSION_STATE_GOODBYE);
  advance_to (fixture, at (10, 33, 0) - 1);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  advance_to (fixture, at (10, 33, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_GOODBYE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_COMPLETED);
  g_assert_cmpint (kv_session_get_unrecovered_us (fixture->session), ==, 0);
}

/* A visit of @minutes from 10:00, on time and with nothing lost, on a
 * clock of its own: @points (seconds left, largest first) are the
 * countdown cues it must get, each at its moment, after the half-way cue. */
static void
assert_visit_cues (Fixture     *fixture,
                   guint        minutes,
                   const guint *points,
                   guint        n_points)
{
  g_autoptr(KvClock) clock = kv_fake_clock_new (at (9, 55, 0));
  gint64 start = at (10, 0, 0);
  gint64 end = start + minutes * MIN_US;
  g_autoptr(KvBooking) booking = kv_booking_new ("b-short", "p", "c", start, end,
                                                 "Mum", "Sam", KV_AGE_BAND_0_3);
  g_autoptr(KvSession) session = kv_session_new (clock, booking, &fixture->rules);
  g_autoptr(GError) error = NULL;
  guint told[KV_SITE_RULES_MAX_CUES];
  gint64 half_way = start + (end - start) / 2;

  g_test_message ("a %u-minute visit", minutes);

  /* What `join` tells the kiosks is what the session fires: half-way,
   * then the countdown. */
  g_assert_cmpuint (kv_session_get_cues (session, told, G_N_ELEMENTS (told)), ==, n_points + 1);
  g_assert_cmpuint (told[0], ==, minutes * 30);
  for (guint i = 0; i < n_points; i++)
    g_assert_cmpuint (told[i + 1], ==, points[i]);

  kv_session_set_present (session, KV_SIDE_BOTH, TRUE);
  g_assert_true (kv_session_confirm (session, KV_SIDE_BOTH, &error));
  g_assert_no_error (error);
  gt_signal_logger_connect (fixture->logger, session, "cue-reached");
  kv_fake_clock_set_now (KV_FAKE_CLOCK (clock), start);
  assert_state (session, KV_SESSION_STATE_LIVE);

  kv_fake_clock_set_now (KV_FAKE_CLOCK (clock), half_way - 1);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  kv_fake_clock_set_now (KV_FAKE_CLOCK (clock), half_way);
  pop_cue (fixture, session, minutes * 30, TRUE);

  for (guint i = 0; i < n_points; i++)
    {
      gint64 when = end - points[i] * SEC_US;

      kv_fake_clock_set_now (KV_FAKE_CLOCK (clock), when - 1);
      gt_signal_logger_assert_no_emissions (fixture->logger);
      kv_fake_clock_set_now (KV_FAKE_CLOCK (clock), when);
      pop_cue (fixture, session, points[i], FALSE);
    }

  /* Nothing more, through the goodbye to the end. */
  kv_fake_clock_set_now (KV_FAKE_CLOCK (clock), end);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  assert_state (session, KV_SESSION_STATE_ENDED);
  g_assert_cmpint (kv_session_get_outcome (session), ==, KV_OUTCOME_COMPLETED);
}

static void
test_cues_fit_the_slot (Fixture       *fixture,
                        gconstpointer  user_data)
{
  static const guint both[] = { 5 * 60, 2 * 60 };
  static const guint two_minutes[] = { 2 * 60 };

  /* A countdown cue only in the slot's last quarter: from 20 minutes on,
   * half-way, 5 and 2 minutes left... */
  assert_visit_cues (fixture, 45, both, G_N_ELEMENTS (both));
  assert_visit_cues (fixture, 20, both, G_N_ELEMENTS (both));
  /* ...a 15-minute visit (the youngest children's) half-way and 2 minutes,
   * no "5 minutes left" 2:30 after half-way... */
  assert_visit_cues (fixture, 15, two_minutes, G_N_ELEMENTS (two_minutes));
  assert_visit_cues (fixture, 10, two_minutes, G_N_ELEMENTS (two_minutes));
  /* ...and a 6-minute one half-way only. */
  assert_visit_cues (fixture, 6, NULL, 0);
}

static void
test_slot_cues_boundary (Fixture       *fixture,
                         gconstpointer  user_data)
{
  KvSiteRules rules;
  guint points[KV_SITE_RULES_MAX_CUES];

  kv_site_rules_init_defaults (&rules);

  /* S seconds left is kept when S * 4 <= the slot: exactly a quarter is in. */
  g_assert_cmpuint (kv_site_rules_get_slot_cues (&rules, 20 * MIN_US, points, 8), ==, 2);
  g_assert_cmpuint (kv_site_rules_get_slot_cues (&rules, 20 * MIN_US - 1, points, 8), ==, 1);
  g_assert_cmpuint (points[0], ==, 2 * 60);
  g_assert_cmpuint (kv_site_rules_get_slot_cues (&rules, 8 * MIN_US, points, 8), ==, 1);
  g_assert_cmpuint (points[0], ==, 2 * 60);
  g_assert_cmpuint (kv_site_rules_get_slot_cues (&rules, 8 * MIN_US - 1, points, 8), ==, 0);
  g_assert_cmpuint (kv_site_rules_get_slot_cues (&rules, 0, points, 8), ==, 0);

  /* A site's own cue points: the order kept, the early ones dropped, and
   * never more than the caller has room for. */
  rules.n_cues = 3;
  rules.cue_seconds_left[0] = 10 * 60;
  rules.cue_seconds_left[1] = 90;
  rules.cue_seconds_left[2] = 3 * 60;
  g_assert_cmpuint (kv_site_rules_get_slot_cues (&rules, 30 * MIN_US, points, 8), ==, 2);
  g_assert_cmpuint (points[0], ==, 90);
  g_assert_cmpuint (points[1], ==, 3 * 60);
  g_assert_cmpuint (kv_site_rules_get_slot_cues (&rules, 40 * MIN_US, points, 8), ==, 3);
  g_assert_cmpuint (kv_site_rules_get_slot_cues (&rules, 40 * MIN_US, points, 1), ==, 1);
  g_assert_cmpuint (points[0], ==, 10 * 60);
}

static void
test_makeup_moves_short_visit_cues (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  g_autoptr(KvBooking) booking = kv_booking_new ("b15", "p", "c", at (10, 0, 0), at (10, 15, 0),
                                                 "Mum", "Sam", KV_AGE_BAND_0_3);
  g_autoptr(KvSession) session = kv_session_new (fixture->clock, booking, &fixture->rules);
  g_autoptr(GError) error = NULL;

  /* Only this visit: the fixture's own one is cancelled. */
  g_assert_true (kv_session_cancel (fixture->session, &error));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_SCHEDULED, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_CANCELLED);

  watch (fixture, session);
  advance_to (fixture, at (9, 55, 0));
  pop_state (fixture, session, KV_SESSION_STATE_SCHEDULED, KV_SESSION_STATE_JOINABLE);
  kv_session_set_present (session, KV_SIDE_BOTH, TRUE);
  g_assert_true (kv_session_confirm (session, KV_SIDE_BOTH, &error));
  g_assert_no_error (error);
  pop_state (fixture, session, KV_SESSION_STATE_JOINABLE, KV_SESSION_STATE_READY);
  advance_to (fixture, at (10, 0, 0));
  pop_state (fixture, session, KV_SESSION_STATE_READY, KV_SESSION_STATE_LIVE);

  /* Two minutes lost and given back: the end is 10:17. */
  advance_to (fixture, at (10, 2, 0));
  kv_session_media_lost (session);
  advance_to (fixture, at (10, 4, 0));
  kv_session_media_restored (session);
  pop_end_time (fixture, session, at (10, 17, 0));

  /* Half-way stays half-way of the booked slot. */
  advance_to (fixture, at (10, 7, 30) - 1);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  advance_to (fixture, at (10, 7, 30));
  pop_cue (fixture, session, 9 * 60 + 30, TRUE);

  /* Neither a 5-minute cue (the 17 minutes with make-up do not bring it
   * back) nor the 2-minute one at its old time, 10:13. */
  advance_to (fixture, at (10, 15, 0) - 1);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  advance_to (fixture, at (10, 15, 0));
  pop_cue (fixture, session, 2 * 60, FALSE);

  advance_to (fixture, at (10, 16, 0));
  pop_state (fixture, session, KV_SESSION_STATE_LIVE, KV_SESSION_STATE_GOODBYE);
  advance_to (fixture, at (10, 17, 0));
  pop_state (fixture, session, KV_SESSION_STATE_GOODBYE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, session, KV_OUTCOME_COMPLETED);
}

static void
test_makeup_max (Fixture       *fixture,
                 gconstpointer  user_data)
{
  go_live_on_time (fixture);

  /* 12 minutes lost, at most 10 given back. */
  advance_to (fixture, at (10, 1, 0));
  kv_session_media_lost (fixture->session);
  advance_to (fixture, at (10, 13, 0));
  kv_session_media_restored (fixture->session);
  pop_end_time (fixture, fixture->session, at (10, 40, 0));
  g_assert_cmpint (kv_session_get_makeup_us (fixture->session), ==, 10 * MIN_US);

  /* A further loss gets nothing more: the maximum is for the whole visit. */
  advance_to (fixture, at (10, 20, 0));
  pop_cue (fixture, fixture->session, 25 * 60, TRUE);
  kv_session_media_lost (fixture->session);
  advance_to (fixture, at (10, 21, 0));
  kv_session_media_restored (fixture->session);
  gt_signal_logger_assert_no_emissions (fixture->logger);

  advance_to (fixture, at (10, 40, 0));
  pop_cue (fixture, fixture->session, 5 * 60, FALSE);
  pop_cue (fixture, fixture->session, 2 * 60, FALSE);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_LIVE, KV_SESSION_STATE_GOODBYE);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_GOODBYE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_TECHNICAL_FAILURE);
  g_assert_cmpint (kv_session_get_lost_us (fixture->session), ==, 13 * MIN_US);
  g_assert_cmpint (kv_session_get_unrecovered_us (fixture->session), ==, 3 * MIN_US);
}

static void
test_makeup_free_until (Fixture       *fixture,
                        gconstpointer  user_data)
{
  go_live_on_time (fixture);
  /* The next visit on one of the kiosks starts at 10:31. */
  kv_session_set_free_until (fixture->session, at (10, 31, 0));

  advance_to (fixture, at (10, 20, 0));
  pop_cue (fixture, fixture->session, 15 * 60, TRUE);
  kv_session_media_lost (fixture->session);
  advance_to (fixture, at (10, 23, 0));
  kv_session_media_restored (fixture->session);
  pop_end_time (fixture, fixture->session, at (10, 31, 0));

  advance_to (fixture, at (10, 31, 0));
  pop_cue (fixture, fixture->session, 5 * 60, FALSE);
  pop_cue (fixture, fixture->session, 2 * 60, FALSE);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_LIVE, KV_SESSION_STATE_GOODBYE);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_GOODBYE, KV_SESSION_STATE_ENDED);
  /* Two minutes could not be given back. */
  pop_ended (fixture, fixture->session, KV_OUTCOME_TECHNICAL_FAILURE);
  g_assert_cmpint (kv_session_get_unrecovered_us (fixture->session), ==, 2 * MIN_US);
}

static void
test_makeup_reopens_goodbye (Fixture       *fixture,
                             gconstpointer  user_data)
{
  go_live_on_time (fixture);
  advance_to (fixture, at (10, 28, 30));
  pop_cue (fixture, fixture->session, 15 * 60, TRUE);
  pop_cue (fixture, fixture->session, 5 * 60, FALSE);
  pop_cue (fixture, fixture->session, 2 * 60, FALSE);

  kv_session_media_lost (fixture->session);
  advance_to (fixture, at (10, 29, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_LIVE, KV_SESSION_STATE_GOODBYE);
  advance_to (fixture, at (10, 29, 40));
  kv_session_media_restored (fixture->session);

  /* 70 s back: the goodbye moves to 10:30:10, which is still ahead. */
  pop_end_time (fixture, fixture->session, at (10, 31, 10));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_GOODBYE, KV_SESSION_STATE_LIVE);
  advance_to (fixture, at (10, 30, 10));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_LIVE, KV_SESSION_STATE_GOODBYE);
  advance_to (fixture, at (10, 31, 10));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_GOODBYE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_COMPLETED);
}

static void
test_lost_at_end (Fixture       *fixture,
                  gconstpointer  user_data)
{
  go_live_on_time (fixture);
  advance_to (fixture, at (10, 26, 0));
  pop_cue (fixture, fixture->session, 15 * 60, TRUE);
  pop_cue (fixture, fixture->session, 5 * 60, FALSE);

  /* Lost and never back: counted up to the end. */
  kv_session_media_lost (fixture->session);
  advance_to (fixture, at (11, 0, 0));
  pop_cue (fixture, fixture->session, 2 * 60, FALSE);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_LIVE, KV_SESSION_STATE_GOODBYE);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_GOODBYE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_TECHNICAL_FAILURE);
  g_assert_cmpint (kv_session_get_lost_us (fixture->session), ==, 4 * MIN_US);
  g_assert_false (kv_session_is_media_lost (fixture->session));
}

static void
test_short_glitch (Fixture       *fixture,
                   gconstpointer  user_data)
{
  go_live_on_time (fixture);
  kv_session_set_free_until (fixture->session, at (10, 30, 0));
  advance_to (fixture, at (10, 5, 0));
  kv_session_media_lost (fixture->session);
  advance_to (fixture, at (10, 5, 59));
  kv_session_media_restored (fixture->session);

  /* 59 s lost, none given back (next visit), still a completed visit. */
  advance_to (fixture, at (10, 30, 0));
  pop_cue (fixture, fixture->session, 15 * 60, TRUE);
  pop_cue (fixture, fixture->session, 5 * 60, FALSE);
  pop_cue (fixture, fixture->session, 2 * 60, FALSE);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_LIVE, KV_SESSION_STATE_GOODBYE);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_GOODBYE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_COMPLETED);
  g_assert_cmpint (kv_session_get_lost_us (fixture->session), ==, 59 * SEC_US);
}

static void
test_clock_jumps_forward (Fixture       *fixture,
                          gconstpointer  user_data)
{
  advance_to (fixture, at (9, 55, 0));
  make_ready (fixture);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_SCHEDULED, KV_SESSION_STATE_JOINABLE);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_JOINABLE, KV_SESSION_STATE_READY);

  /* Over the start, half-way and two cues into the goodbye: the states in
   * order, and no stale cues. */
  jump_to (fixture, at (10, 29, 30));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_READY, KV_SESSION_STATE_LIVE);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_LIVE, KV_SESSION_STATE_GOODBYE);
  g_assert_cmpint (kv_session_get_live_since (fixture->session), ==, at (10, 0, 0));

  jump_to (fixture, at (12, 0, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_GOODBYE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_COMPLETED);
  g_assert_cmpint (kv_session_get_ended_at (fixture->session), ==, at (10, 30, 0));

  /* Nobody came and the clock jumps over the whole slot. */
  {
    g_autoptr(KvSession) session = kv_session_new (fixture->clock, fixture->booking, &fixture->rules);

    assert_state (session, KV_SESSION_STATE_ENDED);
    g_assert_cmpint (kv_session_get_outcome (session), ==, KV_OUTCOME_NO_SHOW);
    g_assert_cmpint (kv_session_get_absent (session), ==, KV_SIDE_BOTH);
  }
}

static void
test_clock_jump_inside_live (Fixture       *fixture,
                             gconstpointer  user_data)
{
  go_live_on_time (fixture);

  /* Over half-way and the 5-minute cue: only the cue that is true now. */
  jump_to (fixture, at (10, 28, 30));
  pop_cue (fixture, fixture->session, 2 * 60, FALSE);
  gt_signal_logger_assert_no_emissions (fixture->logger);

  /* Backwards: nothing is undone and nothing fires twice. */
  jump_to (fixture, at (10, 5, 0));
  assert_state (fixture->session, KV_SESSION_STATE_LIVE);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  advance_to (fixture, at (10, 29, 0) - 1);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  g_assert_cmpint (kv_session_get_end_time (fixture->session), ==, at (10, 30, 0));
  advance_to (fixture, at (10, 29, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_LIVE, KV_SESSION_STATE_GOODBYE);
  advance_to (fixture, at (10, 30, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_GOODBYE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_COMPLETED);
}

static void
test_restore (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_auto(KvSessionSnapshot) snapshot = { 0, };

  go_live_on_time (fixture);
  advance_to (fixture, at (10, 5, 0));
  kv_session_media_lost (fixture->session);
  advance_to (fixture, at (10, 7, 0));
  kv_session_media_restored (fixture->session);
  pop_end_time (fixture, fixture->session, at (10, 32, 0));
  kv_session_get_snapshot (fixture->session, &snapshot);
  g_assert_cmpint (snapshot.state, ==, KV_SESSION_STATE_LIVE);
  g_assert_cmpint (snapshot.makeup_us, ==, 2 * MIN_US);
  g_assert_cmpint (snapshot.live_since_us, ==, at (10, 0, 0));

  /* The server restarts at 10:20: live, same end, no burst of the
   * half-way cue it missed. */
  {
    g_autoptr(KvClock) clock = kv_fake_clock_new (at (10, 20, 0));
    g_autoptr(KvSession) restored = kv_session_new_restored (clock, fixture->booking,
                                                             &fixture->rules, &snapshot);
    g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();

    gt_signal_logger_connect (logger, restored, "cue-reached");
    gt_signal_logger_connect (logger, restored, "state-changed");
    assert_state (restored, KV_SESSION_STATE_LIVE);
    g_assert_cmpint (kv_session_get_end_time (restored), ==, at (10, 32, 0));
    g_assert_cmpint (kv_session_get_lost_us (restored), ==, 2 * MIN_US);
    kv_fake_clock_advance (KV_FAKE_CLOCK (clock), 7 * MIN_US - 1);
    gt_signal_logger_assert_no_emissions (logger);
    kv_fake_clock_advance (KV_FAKE_CLOCK (clock), 1);
    {
      guint seconds_left = 0;
      gboolean half_way = TRUE;

      gt_signal_logger_assert_emission_pop (logger, restored, "cue-reached",
                                            &seconds_left, &half_way);
      g_assert_cmpuint (seconds_left, ==, 5 * 60);
      g_assert_false (half_way);
    }
    gt_signal_logger_assert_no_emissions (logger);
  }

  /* Restored after the end: over, completed at the end, not extended. */
  {
    g_autoptr(KvClock) clock = kv_fake_clock_new (at (11, 0, 0));
    g_autoptr(KvSession) restored = kv_session_new_restored (clock, fixture->booking,
                                                             &fixture->rules, &snapshot);

    assert_state (restored, KV_SESSION_STATE_ENDED);
    g_assert_cmpint (kv_session_get_outcome (restored), ==, KV_OUTCOME_COMPLETED);
    g_assert_cmpint (kv_session_get_ended_at (restored), ==, at (10, 32, 0));
    g_assert_cmpuint (kv_clock_get_n_alarms (clock), ==, 0);
  }

  /* An ended snapshot stays as it was. */
  {
    g_autoptr(KvClock) clock = kv_fake_clock_new (at (10, 10, 0));
    g_autoptr(KvSession) restored = NULL;
    KvSessionSnapshot ended = { .state = KV_SESSION_STATE_ENDED,
                                .outcome = KV_OUTCOME_ENDED_BY_STAFF,
                                .ended_at_us = at (10, 8, 0),
                                .end_reason = (char *) "safeguarding" };

    restored = kv_session_new_restored (clock, fixture->booking, &fixture->rules, &ended);
    assert_state (restored, KV_SESSION_STATE_ENDED);
    g_assert_cmpint (kv_session_get_outcome (restored), ==, KV_OUTCOME_ENDED_BY_STAFF);
    g_assert_cmpstr (kv_session_get_end_reason (restored), ==, "safeguarding");
  }

  advance_to (fixture, at (10, 32, 0));
  pop_cue (fixture, fixture->session, 17 * 60, TRUE);
  pop_cue (fixture, fixture->session, 5 * 60, FALSE);
  pop_cue (fixture, fixture->session, 2 * 60, FALSE);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_LIVE, KV_SESSION_STATE_GOODBYE);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_GOODBYE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_COMPLETED);
}

static void
test_restore_corrupt (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(KvClock) clock = kv_fake_clock_new (at (10, 10, 0));
  g_autoptr(KvSession) restored = NULL;
  /* From a damaged database: nonsense must not lengthen the visit. */
  KvSessionSnapshot bad = { .state = 42, .outcome = 99, .present = 0xff,
                            .confirmed = 0xff, .lost_us = -5,
                            .makeup_us = 24 * 60 * MIN_US,
                            .end_reason = (char *) "\xff\xfe" };

  restored = kv_session_new_restored (clock, fixture->booking, &fixture->rules, &bad);
  g_assert_cmpint (kv_session_get_makeup_us (restored), ==, fixture->rules.makeup_max_us);
  g_assert_cmpint (kv_session_get_end_time (restored), <=, at (10, 40, 0));
  g_assert_cmpint (kv_session_get_present (restored), ==, KV_SIDE_BOTH);
  g_assert_cmpint (kv_session_get_lost_us (restored), ==, 0);
  g_assert_null (kv_session_get_end_reason (restored));
  g_assert_cmpint (kv_session_get_state (restored), <=, KV_SESSION_STATE_ENDED);
  g_assert_cmpint (kv_session_get_outcome (restored), ==, KV_OUTCOME_NONE);

  kv_fake_clock_advance (KV_FAKE_CLOCK (clock), 60 * MIN_US);
  assert_state (restored, KV_SESSION_STATE_ENDED);
  g_assert_cmpint (kv_session_get_ended_at (restored), <=, at (10, 40, 0));
}

static void
test_dst_day (Fixture       *fixture,
              gconstpointer  user_data)
{
  /* 01:30 CET to 03:30 CEST on the day Paris springs forward: the slot is
   * 60 minutes of UTC, whatever the wall clocks say. */
  g_autoptr(KvClock) clock = kv_fake_clock_new (utc (2026, 3, 29, 0, 0, 0));
  g_autoptr(KvBooking) booking = kv_booking_new ("dst", "p", "c",
                                                 utc (2026, 3, 29, 0, 30, 0),
                                                 utc (2026, 3, 29, 1, 30, 0),
                                                 "Dad", "Noa", KV_AGE_BAND_8_12);
  g_autoptr(KvSession) session = kv_session_new (clock, booking, &fixture->rules);
  g_autoptr(GError) error = NULL;

  kv_fake_clock_advance (KV_FAKE_CLOCK (clock), 25 * MIN_US);
  kv_session_set_present (session, KV_SIDE_BOTH, TRUE);
  g_assert_true (kv_session_confirm (session, KV_SIDE_BOTH, &error));
  kv_fake_clock_advance (KV_FAKE_CLOCK (clock), 5 * MIN_US);
  assert_state (session, KV_SESSION_STATE_LIVE);
  kv_fake_clock_advance (KV_FAKE_CLOCK (clock), 59 * MIN_US - 1);
  assert_state (session, KV_SESSION_STATE_LIVE);
  kv_fake_clock_advance (KV_FAKE_CLOCK (clock), 1);
  assert_state (session, KV_SESSION_STATE_GOODBYE);
  kv_fake_clock_advance (KV_FAKE_CLOCK (clock), MIN_US);
  assert_state (session, KV_SESSION_STATE_ENDED);
  g_assert_cmpint (kv_session_get_ended_at (session) - kv_session_get_live_since (session),
                   ==, 60 * MIN_US);
}

/* Random kiosk and staff actions at random times, clock steps both ways
 * and restarts: whatever happens, the visit never goes live without both
 * sides or before its start, never runs past its end plus the make-up
 * allowed, never ends normally without its goodbye, and a restart
 * restores exactly the state and end it had. */
typedef struct
{
  KvClock *clock;
  gint64 free_until;
  guint transitions;
} Watcher;

static void
on_random_state_changed (KvSession      *session,
                         KvSessionState  old,
                         KvSessionState  new,
                         gpointer        user_data)
{
  Watcher *watcher = user_data;
  const KvBooking *booking = kv_session_get_booking (session);
  gint64 now = kv_clock_get_now (watcher->clock);
  gint64 latest_end = MAX (booking->end_us, MIN (watcher->free_until,
                                                 booking->end_us + 10 * MIN_US));

  watcher->transitions++;

  if ((new == KV_SESSION_STATE_LIVE || new == KV_SESSION_STATE_GOODBYE) &&
      (old == KV_SESSION_STATE_JOINABLE || old == KV_SESSION_STATE_READY))
    {
      g_assert_cmpint (kv_session_get_present (session), ==, KV_SIDE_BOTH);
      g_assert_cmpint (kv_session_get_confirmed (session), ==, KV_SIDE_BOTH);
      g_assert_cmpint (kv_session_get_live_since (session), >=, booking->start_us);
    }

  if (new == KV_SESSION_STATE_ENDED)
    {
      KvOutcome outcome = kv_session_get_outcome (session);

      g_assert_cmpint (kv_session_get_ended_at (session), <=, latest_end);
      g_assert_cmpint (kv_session_get_ended_at (session), <=, MAX (now, booking->end_us));
      if (outcome == KV_OUTCOME_COMPLETED || outcome == KV_OUTCOME_TECHNICAL_FAILURE)
        g_assert_cmpint (old, ==, KV_SESSION_STATE_GOODBYE);
      if (outcome == KV_OUTCOME_COMPLETED)
        g_assert_cmpint (kv_session_get_unrecovered_us (session), <, 60 * SEC_US);
      if (outcome == KV_OUTCOME_TECHNICAL_FAILURE)
        g_assert_cmpint (kv_session_get_unrecovered_us (session), >=, 60 * SEC_US);
    }
}

static void
random_action (KvSession *session,
               KvClock   *clock)
{
  KvSideFlags side = g_test_rand_bit () ? KV_SIDE_PRISON : KV_SIDE_COMMUNITY;

  switch (g_test_rand_int_range (0, 100))
    {
    case 0 ... 39:
      kv_fake_clock_advance (KV_FAKE_CLOCK (clock), g_test_rand_int_range (0, 4 * 60) * SEC_US);
      break;
    case 40 ... 41:
      kv_fake_clock_set_now (KV_FAKE_CLOCK (clock), kv_clock_get_now (clock) -
                             g_test_rand_int_range (0, 10 * 60) * SEC_US);
      break;
    case 42 ... 43:
      kv_fake_clock_set_now (KV_FAKE_CLOCK (clock), kv_clock_get_now (clock) +
                             g_test_rand_int_range (0, 20 * 60) * SEC_US);
      break;
    case 44 ... 59:
      kv_session_set_present (session, side, g_test_rand_int_range (0, 4) != 0);
      break;
    case 60 ... 74:
      kv_session_confirm (session, side, NULL);
      break;
    case 75 ... 84:
      kv_session_media_lost (session);
      break;
    case 85 ... 97:
      kv_session_media_restored (session);
      break;
    case 98:
      /* Rare, or few visits would get far enough to test anything else. */
      if (g_test_rand_int_range (0, 10) == 0)
        kv_session_end_by_staff (session, "random", NULL);
      break;
    default:
      if (g_test_rand_int_range (0, 10) == 0)
        kv_session_cancel (session, NULL);
      break;
    }
}

static void
test_random_invariants (Fixture       *fixture,
                        gconstpointer  user_data)
{
  guint transitions = 0;
  guint outcomes[KV_OUTCOME_CANCELLED + 1] = { 0, };

  for (guint run = 0; run < 300; run++)
    {
      g_autoptr(KvClock) clock = kv_fake_clock_new (at (9, 48, 0));
      g_autoptr(KvSession) session = kv_session_new (clock, fixture->booking, &fixture->rules);
      Watcher watcher = { .clock = clock, .free_until = G_MAXINT64 };
      const KvBooking *booking = fixture->booking;

      if (g_test_rand_bit ())
        watcher.free_until = booking->end_us + g_test_rand_int_range (0, 15) * MIN_US;
      kv_session_set_free_until (session, watcher.free_until);
      g_signal_connect (session, "state-changed", G_CALLBACK (on_random_state_changed), &watcher);

      for (guint i = 0; i < 200 && kv_session_get_state (session) != KV_SESSION_STATE_ENDED; i++)
        {
          random_action (session, clock);

          g_assert_cmpint (kv_session_get_end_time (session), <=,
                           MAX (booking->end_us, MIN (watcher.free_until,
                                                      booking->end_us + 10 * MIN_US)));
          if (kv_session_get_state (session) == KV_SESSION_STATE_LIVE)
            g_assert_cmpint (kv_clock_get_now (clock), <, kv_session_get_goodbye_time (session));

          if (g_test_rand_int_range (0, 20) == 0)
            {
              g_auto(KvSessionSnapshot) snapshot = { 0, };
              g_autoptr(KvSession) restored = NULL;

              kv_session_get_snapshot (session, &snapshot);
              restored = kv_session_new_restored (clock, booking, &fixture->rules, &snapshot);
              g_assert_cmpint (kv_session_get_state (restored), ==, kv_session_get_state (session));
              g_assert_cmpint (kv_session_get_end_time (restored), ==,
                               kv_session_get_end_time (session));
            }
        }

      kv_fake_clock_advance (KV_FAKE_CLOCK (clock), 2 * 60 * MIN_US);
      g_assert_cmpint (kv_session_get_state (session), ==, KV_SESSION_STATE_ENDED);
      g_assert_cmpint (kv_session_get_outcome (session), !=, KV_OUTCOME_NONE);
      transitions += watcher.transitions;
      outcomes[kv_session_get_outcome (session)]++;
      g_signal_handlers_disconnect_by_data (session, &watcher);
    }

  g_test_message ("%u transitions checked; completed %u, technical failure %u, "
                  "no-show %u, staff %u, cancelled %u", transitions,
                  outcomes[KV_OUTCOME_COMPLETED], outcomes[KV_OUTCOME_TECHNICAL_FAILURE],
                  outcomes[KV_OUTCOME_NO_SHOW], outcomes[KV_OUTCOME_ENDED_BY_STAFF],
                  outcomes[KV_OUTCOME_CANCELLED]);
  /* The walk must reach the interesting ends, not just the early ones. */
  g_assert_cmpuint (outcomes[KV_OUTCOME_COMPLETED] + outcomes[KV_OUTCOME_TECHNICAL_FAILURE], >, 30);
  g_assert_true (kv_session_cancel (fixture->session, NULL));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_SCHEDULED, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/session/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("staff-end-wins-over-makeup", test_staff_end_wins_over_makeup);
  ADD ("makeup", test_makeup);
  ADD ("makeup-max", test_makeup_max);
  ADD ("cues-fit-the-slot", test_cues_fit_the_slot);
  ADD ("slot-cues-boundary", test_slot_cues_boundary);
  ADD ("makeup-moves-short-visit-cues", test_makeup_moves_short_visit_cues);
  ADD ("makeup-free-until", test_makeup_free_until);
  ADD ("makeup-reopens-goodbye", test_makeup_reopens_goodbye);
  ADD ("lost-at-end", test_lost_at_end);
  ADD ("short-glitch", test_short_glitch);
  ADD ("clock-jumps-forward", test_clock_jumps_forward);
  ADD ("clock-jump-inside-live", test_clock_jump_inside_live);
  ADD ("restore", test_restore);
  ADD ("restore-corrupt", test_restore_corrupt);
  ADD ("dst-day", test_dst_day);
  ADD ("random-invariants", test_random_invariants);

  return g_test_run ();
}
