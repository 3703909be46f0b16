/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "session-fixture.h"

/* What staff and the child do during a visit: gentle endings and stops,
 * pauses both sides understand, muted sound, supervision, "I'm not OK".
 * The visit is 10:00-10:30 with a 60 s goodbye (session-fixture.h). */

static gboolean
end_by (KvSession     *session,
        KvEndCategory  category,
        KvSideFlags    side,
        GError       **error)
{
  KvEndRequest request = { category, "Stopping today", side,
                           side == KV_SIDE_PRISON ? "kiosk:prison-1" :
                           side == KV_SIDE_COMMUNITY ? "kiosk:community-1" : NULL };

  return kv_session_end_by_staff_full (session, &request, error);
}

/* A staff end in each state and category: where the visit is right after,
 * and when and how it ends. */
typedef struct
{
  const char     *what;
  int             hour, minute, second;   /* when staff end it */
  gboolean        live;                   /* both sides came (else joinable) */
  gint64          goodbye_us;             /* the site's goodbye length */
  KvEndCategory   category;
  KvSessionState  state_after;
  gint64          end_after;              /* the end right after (minutes:seconds past 10:00) */
} EndCase;

#define MS(m, s) (at (10, (m), (s)))

static void
test_end_table (void)
{
  const EndCase cases[] = {
    { "joinable, gentle: nothing to wave goodbye to", 9, 55, 0, FALSE, 60 * SEC_US,
      KV_END_CATEGORY_CHILD_UPSET, KV_SESSION_STATE_ENDED, 0 },
    { "ready, gentle", 9, 58, 0, TRUE, 60 * SEC_US,
      KV_END_CATEGORY_FINISHED_EARLY, KV_SESSION_STATE_ENDED, 0 },
    { "live, gentle: the goodbye now", 10, 10, 0, TRUE, 60 * SEC_US,
      KV_END_CATEGORY_CHILD_UPSET, KV_SESSION_STATE_GOODBYE, 11 * 60 },
    { "live, safeguarding: at once", 10, 10, 0, TRUE, 60 * SEC_US,
      KV_END_CATEGORY_SAFEGUARDING, KV_SESSION_STATE_ENDED, 0 },
    { "live, no category (version 1): at once", 10, 10, 0, TRUE, 60 * SEC_US,
      KV_END_CATEGORY_NONE, KV_SESSION_STATE_ENDED, 0 },
    { "live, short site goodbye: at least 20 s", 10, 10, 0, TRUE, 10 * SEC_US,
      KV_END_CATEGORY_ADULT_UNWELL, KV_SESSION_STATE_GOODBYE, 10 * 60 + 20 },
    { "live, 10 s site goodbye, 20 s floor", 10, 28, 50, TRUE, 10 * SEC_US,
      KV_END_CATEGORY_TECHNICAL_PROBLEM, KV_SESSION_STATE_GOODBYE, 29 * 60 + 10 },
    { "live, near the end: never past the slot", 10, 29, 45, TRUE, 10 * SEC_US,
      KV_END_CATEGORY_TECHNICAL_PROBLEM, KV_SESSION_STATE_GOODBYE, 30 * 60 },
    { "live, just before the goodbye: never past the slot", 10, 28, 30, TRUE, 60 * SEC_US,
      KV_END_CATEGORY_OTHER, KV_SESSION_STATE_GOODBYE, 29 * 60 + 30 },
    { "in the goodbye, gentle: the end stays", 10, 29, 30, TRUE, 60 * SEC_US,
      KV_END_CATEGORY_CHILD_UPSET, KV_SESSION_STATE_GOODBYE, 30 * 60 },
    { "in the goodbye, safeguarding: at once", 10, 29, 30, TRUE, 60 * SEC_US,
      KV_END_CATEGORY_SAFEGUARDING, KV_SESSION_STATE_ENDED, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const EndCase *c = &cases[i];
      g_autoptr(KvClock) clock = kv_fake_clock_new (at (9, 0, 0));
      g_autoptr(KvBooking) booking = kv_booking_new ("b1", "prison-1", "community-1",
                                                     at (10, 0, 0), at (10, 30, 0),
                                                     "Dad", "Lena", KV_AGE_BAND_4_7);
      g_autoptr(KvSession) session = NULL;
      g_autoptr(GError) error = NULL;
      KvSiteRules rules;
      gint64 asked = at (c->hour, c->minute, c->second);

      g_test_message ("%s", c->what);
      kv_site_rules_init_defaults (&rules);
      rules.goodbye_us = c->goodbye_us;
      session = kv_session_new (clock, booking, &rules);
      kv_fake_clock_set_now (KV_FAKE_CLOCK (clock), at (9, 50, 0));
      if (c->live)
        {
          kv_session_set_present (session, KV_SIDE_BOTH, TRUE);
          g_assert_true (kv_session_confirm (session, KV_SIDE_BOTH, &error));
        }
      kv_fake_clock_set_now (KV_FAKE_CLOCK (clock), asked);

      g_assert_true (end_by (session, c->category, KV_SIDE_COMMUNITY, &error));
      g_assert_no_error (error);
      assert_state (session, c->state_after);
      g_assert_cmpint (kv_session_get_end_category (session), ==, c->category);
      g_assert_cmpstr (kv_session_get_end_reason (session), ==, "Stopping today");
      g_assert_cmpint (kv_session_get_end_side (session), ==, KV_SIDE_COMMUNITY);
      g_assert_cmpstr (kv_session_get_end_actor (session), ==, "kiosk:community-1");
      g_assert_cmpint (kv_session_get_end_requested_at (session), ==, asked);

      if (c->state_after == KV_SESSION_STATE_ENDED)
        {
          g_assert_cmpint (kv_session_get_ended_at (session), ==, asked);
        }
      else
        {
          gint64 end = at (10, 0, 0) + c->end_after * SEC_US;

          g_assert_cmpint (kv_session_get_end_time (session), ==, end);
          g_assert_true (kv_session_is_staff_goodbye (session));
          /* The goodbye began when staff asked, or was on already. */
          g_assert_cmpint (kv_session_get_goodbye_time (session), ==,
                           MIN (asked, at (10, 30, 0) - c->goodbye_us));
          kv_fake_clock_set_now (KV_FAKE_CLOCK (clock), end - 1);
          assert_state (session, KV_SESSION_STATE_GOODBYE);
          kv_fake_clock_set_now (KV_FAKE_CLOCK (clock), end);
          assert_state (session, KV_SESSION_STATE_ENDED);
          g_assert_cmpint (kv_session_get_ended_at (session), ==, end);
        }
      /* Whichever way: staff ended it. */
      g_assert_cmpint (kv_session_get_outcome (session), ==, KV_OUTCOME_ENDED_BY_STAFF);
    }
}

static void
test_gentle_end_signals (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GtSignalLogger) notify_logger = gt_signal_logger_new ();
  g_autoptr(GError) error = NULL;

  go_live_on_time (fixture);
  advance_to (fixture, at (10, 10, 0));
  gt_signal_logger_connect (notify_logger, fixture->session, "notify::end-time");
  gt_signal_logger_connect (notify_logger, fixture->session, "notify::end-category");

  g_assert_true (end_by (fixture->session, KV_END_CATEGORY_CHILD_UPSET, KV_SIDE_PRISON, &error));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_LIVE, KV_SESSION_STATE_GOODBYE);
  /* Not make-up: end-time-changed is for time given back. */
  gt_signal_logger_assert_no_emissions (fixture->logger);
  gt_signal_logger_assert_notify_emission_pop (notify_logger, fixture->session, "end-time");
  gt_signal_logger_assert_notify_emission_pop (notify_logger, fixture->session, "end-category");
  gt_signal_logger_assert_no_emissions (notify_logger);

  /* A second gentle end is refused and changes nothing... */
  g_assert_false (end_by (fixture->session, KV_END_CATEGORY_OTHER, KV_SIDE_COMMUNITY, &error));
  g_assert_error (error, KV_SESSION_ERROR, KV_SESSION_ERROR_ALREADY_ENDING);
  g_clear_error (&error);
  g_assert_cmpint (kv_session_get_end_category (fixture->session), ==,
                   KV_END_CATEGORY_CHILD_UPSET);
  g_assert_cmpint (kv_session_get_end_side (fixture->session), ==, KV_SIDE_PRISON);

  /* ...but a safeguarding stop ends it at once, and is what is recorded. */
  advance_to (fixture, at (10, 10, 30));
  g_assert_true (end_by (fixture->session, KV_END_CATEGORY_SAFEGUARDING, KV_SIDE_COMMUNITY,
                         &error));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_GOODBYE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_ENDED_BY_STAFF);
  gt_signal_logger_assert_notify_emission_pop (notify_logger, fixture->session, "end-category");
  g_assert_cmpint (kv_session_get_end_category (fixture->session), ==,
                   KV_END_CATEGORY_SAFEGUARDING);
  g_assert_cmpint (kv_session_get_ended_at (fixture->session), ==, at (10, 10, 30));

  /* Over is over. */
  g_assert_false (end_by (fixture->session, KV_END_CATEGORY_SAFEGUARDING, KV_SIDE_PRISON,
                          &error));
  g_assert_error (error, KV_SESSION_ERROR, KV_SESSION_ERROR_ALREADY_ENDED);
}

static void
test_gentle_end_no_makeup (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  /* Media lost when staff end gently: the goodbye keeps its end, and the
   * lost time is recorded, not given back. */
  go_live_on_time (fixture);
  advance_to (fixture, at (10, 5, 0));
  kv_session_media_lost (fixture->session);
  advance_to (fixture, at (10, 10, 0));
  g_assert_true (end_by (fixture->session, KV_END_CATEGORY_TECHNICAL_PROBLEM, KV_SIDE_PRISON,
                         &error));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_LIVE, KV_SESSION_STATE_GOODBYE);
  advance_to (fixture, at (10, 10, 30));
  kv_session_media_restored (fixture->session);
  g_assert_cmpint (kv_session_get_makeup_us (fixture->session), ==, 0);
  g_assert_cmpint (kv_session_get_end_time (fixture->session), ==, at (10, 11, 0));
  g_assert_cmpint (kv_session_get_lost_us (fixture->session), ==, 5 * MIN_US + 30 * SEC_US);
  advance_to (fixture, at (10, 11, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_GOODBYE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_ENDED_BY_STAFF);
}

static void
test_end_refusals (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  KvEndRequest blank = { KV_END_CATEGORY_CHILD_UPSET, " \n\t", KV_SIDE_PRISON, NULL };
  KvEndRequest unknown = { (KvEndCategory) 99, "why", KV_SIDE_PRISON, NULL };

  go_live_on_time (fixture);
  g_assert_false (kv_session_end_by_staff_full (fixture->session, &blank, &error));
  g_assert_error (error, KV_SESSION_ERROR, KV_SESSION_ERROR_BAD_REASON);
  g_clear_error (&error);
  g_assert_false (kv_session_end_by_staff_full (fixture->session, &unknown, &error));
  g_assert_error (error, KV_SESSION_ERROR, KV_SESSION_ERROR_BAD_CATEGORY);
  g_clear_error (&error);
  assert_state (fixture->session, KV_SESSION_STATE_LIVE);
  g_assert_false (kv_session_is_staff_goodbye (fixture->session));
  /* The admin is "admin" when no actor is named. */
  g_assert_true (end_by (fixture->session, KV_END_CATEGORY_SAFEGUARDING, KV_SIDE_NONE, &error));
  g_assert_cmpstr (kv_session_get_end_actor (fixture->session), ==, "admin");
  g_assert_cmpint (kv_session_get_end_side (fixture->session), ==, KV_SIDE_NONE);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_LIVE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_ENDED_BY_STAFF);
}

/* Pauses */

static void
test_pause (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GtSignalLogger) notify_logger = gt_signal_logger_new ();
  g_autoptr(GError) error = NULL;

  /* Not before the visit is live. */
  advance_to (fixture, at (9, 50, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_SCHEDULED, KV_SESSION_STATE_JOINABLE);
  g_assert_false (kv_session_set_paused (fixture->session, KV_SIDE_COMMUNITY,
                                         KV_PAUSE_CATEGORY_OTHER, &error));
  g_assert_error (error, KV_SESSION_ERROR, KV_SESSION_ERROR_NOT_LIVE);
  g_clear_error (&error);
  g_assert_false (kv_session_set_paused (fixture->session, KV_SIDE_COMMUNITY,
                                         KV_PAUSE_CATEGORY_NONE, &error));
  g_assert_error (error, KV_SESSION_ERROR, KV_SESSION_ERROR_NOT_LIVE);
  g_clear_error (&error);
  make_ready (fixture);
  advance_to (fixture, at (10, 0, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_JOINABLE, KV_SESSION_STATE_READY);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_READY, KV_SESSION_STATE_LIVE);

  gt_signal_logger_connect (notify_logger, fixture->session, "notify::paused");
  g_assert_false (kv_session_set_paused (fixture->session, KV_SIDE_BOTH,
                                         KV_PAUSE_CATEGORY_OTHER, &error));
  g_assert_error (error, KV_SESSION_ERROR, KV_SESSION_ERROR_INVALID_SIDES);
  g_clear_error (&error);

  /* The community side pauses at 10:10: lost time from then. */
  advance_to (fixture, at (10, 10, 0));
  g_assert_true (kv_session_set_paused (fixture->session, KV_SIDE_COMMUNITY,
                                        KV_PAUSE_CATEGORY_CHILD_NEEDS_A_MOMENT, &error));
  gt_signal_logger_assert_notify_emission_pop (notify_logger, fixture->session, "paused");
  g_assert_cmpint (kv_session_get_paused (fixture->session), ==, KV_SIDE_COMMUNITY);
  g_assert_cmpint (kv_session_get_pause_category (fixture->session), ==,
                   KV_PAUSE_CATEGORY_CHILD_NEEDS_A_MOMENT);
  /* The same pause again changes nothing. */
  g_assert_true (kv_session_set_paused (fixture->session, KV_SIDE_COMMUNITY,
                                        KV_PAUSE_CATEGORY_CHILD_NEEDS_A_MOMENT, &error));
  gt_signal_logger_assert_no_emissions (notify_logger);
  /* The other side resuming does not lift it: it is not theirs. */
  g_assert_true (kv_session_set_paused (fixture->session, KV_SIDE_PRISON,
                                        KV_PAUSE_CATEGORY_NONE, &error));
  g_assert_cmpint (kv_session_get_paused (fixture->session), ==, KV_SIDE_COMMUNITY);
  gt_signal_logger_assert_no_emissions (notify_logger);

  advance_to (fixture, at (10, 12, 0));
  g_assert_cmpint (kv_session_get_lost_us (fixture->session), ==, 2 * MIN_US);
  /* Resumed at 10:13: 3 minutes lost, given back at once. */
  advance_to (fixture, at (10, 13, 0));
  g_assert_true (kv_session_set_paused (fixture->session, KV_SIDE_COMMUNITY,
                                        KV_PAUSE_CATEGORY_NONE, &error));
  gt_signal_logger_assert_notify_emission_pop (notify_logger, fixture->session, "paused");
  pop_end_time (fixture, fixture->session, at (10, 33, 0));
  g_assert_cmpint (kv_session_get_paused (fixture->session), ==, KV_SIDE_NONE);
  g_assert_cmpint (kv_session_get_pause_category (fixture->session), ==,
                   KV_PAUSE_CATEGORY_NONE);
  g_assert_cmpint (kv_session_get_lost_us (fixture->session), ==, 3 * MIN_US);
  g_assert_cmpint (kv_session_get_makeup_us (fixture->session), ==, 3 * MIN_US);

  /* Never in the goodbye; a resume there changes nothing and is no error. */
  advance_to (fixture, at (10, 32, 0));
  pop_cue (fixture, fixture->session, 18 * 60, TRUE);
  pop_cue (fixture, fixture->session, 5 * 60, FALSE);
  pop_cue (fixture, fixture->session, 2 * 60, FALSE);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_LIVE, KV_SESSION_STATE_GOODBYE);
  g_assert_false (kv_session_set_paused (fixture->session, KV_SIDE_PRISON,
                                         KV_PAUSE_CATEGORY_OTHER, &error));
  g_assert_error (error, KV_SESSION_ERROR, KV_SESSION_ERROR_NOT_LIVE);
  g_clear_error (&error);
  g_assert_true (kv_session_set_paused (fixture->session, KV_SIDE_PRISON,
                                        KV_PAUSE_CATEGORY_NONE, &error));
  gt_signal_logger_assert_no_emissions (notify_logger);
  advance_to (fixture, at (10, 33, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_GOODBYE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_COMPLETED);
}

static void
test_pause_counts_once (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  go_live_on_time (fixture);
  /* Prison pauses 10:10, community 10:11, prison resumes 10:12: still
   * paused, and what shows is the community's reason. */
  advance_to (fixture, at (10, 10, 0));
  g_assert_true (kv_session_set_paused (fixture->session, KV_SIDE_PRISON,
                                        KV_PAUSE_CATEGORY_ADULT_NEEDS_A_MOMENT, &error));
  advance_to (fixture, at (10, 11, 0));
  g_assert_true (kv_session_set_paused (fixture->session, KV_SIDE_COMMUNITY,
                                        KV_PAUSE_CATEGORY_CHILD_NEEDS_A_MOMENT, &error));
  g_assert_cmpint (kv_session_get_paused (fixture->session), ==, KV_SIDE_BOTH);
  g_assert_cmpint (kv_session_get_pause_category (fixture->session), ==,
                   KV_PAUSE_CATEGORY_CHILD_NEEDS_A_MOMENT);
  advance_to (fixture, at (10, 12, 0));
  g_assert_true (kv_session_set_paused (fixture->session, KV_SIDE_PRISON,
                                        KV_PAUSE_CATEGORY_NONE, &error));
  g_assert_cmpint (kv_session_get_paused (fixture->session), ==, KV_SIDE_COMMUNITY);
  g_assert_cmpint (kv_session_get_makeup_us (fixture->session), ==, 0);
  /* Media lost 10:13 to 10:16, overlapping the pause that ends at 10:14. */
  advance_to (fixture, at (10, 13, 0));
  kv_session_media_lost (fixture->session);
  advance_to (fixture, at (10, 14, 0));
  g_assert_true (kv_session_set_paused (fixture->session, KV_SIDE_COMMUNITY,
                                        KV_PAUSE_CATEGORY_NONE, &error));
  g_assert_cmpint (kv_session_get_makeup_us (fixture->session), ==, 0);
  advance_to (fixture, at (10, 16, 0));
  pop_cue (fixture, fixture->session, 15 * 60, TRUE);
  kv_session_media_restored (fixture->session);
  /* One interruption, 10:10 to 10:16: six minutes, counted once. */
  pop_end_time (fixture, fixture->session, at (10, 36, 0));
  g_assert_cmpint (kv_session_get_lost_us (fixture->session), ==, 6 * MIN_US);
  g_assert_cmpint (kv_session_get_makeup_us (fixture->session), ==, 6 * MIN_US);
}

static void
test_pause_lifted_by_goodbye (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  go_live_on_time (fixture);
  advance_to (fixture, at (10, 27, 0));
  pop_cue (fixture, fixture->session, 15 * 60, TRUE);
  pop_cue (fixture, fixture->session, 5 * 60, FALSE);
  g_assert_true (kv_session_set_paused (fixture->session, KV_SIDE_COMMUNITY,
                                        KV_PAUSE_CATEGORY_CHILD_NEEDS_A_MOMENT, &error));
  /* At the goodbye time the pause lifts; its 2 minutes are given back, so
   * the visit is live again until the new goodbye. */
  advance_to (fixture, at (10, 29, 0));
  g_assert_cmpint (kv_session_get_paused (fixture->session), ==, KV_SIDE_NONE);
  pop_end_time (fixture, fixture->session, at (10, 32, 0));
  assert_state (fixture->session, KV_SESSION_STATE_LIVE);
  g_assert_cmpint (kv_session_get_lost_us (fixture->session), ==, 2 * MIN_US);
  /* The 2-minute cue waited out the pause: it comes 2 minutes before the
   * new end. */
  advance_to (fixture, at (10, 31, 0));
  pop_cue (fixture, fixture->session, 2 * 60, FALSE);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_LIVE, KV_SESSION_STATE_GOODBYE);
  advance_to (fixture, at (10, 32, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_GOODBYE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_COMPLETED);
}

static void
test_pause_lifted_no_free_time (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  /* The next visit starts at the end: nothing can be given back, and the
   * goodbye still comes on time, unpaused. */
  kv_session_set_free_until (fixture->session, at (10, 30, 0));
  go_live_on_time (fixture);
  advance_to (fixture, at (10, 27, 0));
  pop_cue (fixture, fixture->session, 15 * 60, TRUE);
  pop_cue (fixture, fixture->session, 5 * 60, FALSE);
  g_assert_true (kv_session_set_paused (fixture->session, KV_SIDE_PRISON,
                                        KV_PAUSE_CATEGORY_TECHNICAL_PROBLEM, &error));
  advance_to (fixture, at (10, 29, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_LIVE, KV_SESSION_STATE_GOODBYE);
  g_assert_cmpint (kv_session_get_paused (fixture->session), ==, KV_SIDE_NONE);
  g_assert_cmpint (kv_session_get_end_time (fixture->session), ==, at (10, 30, 0));
  advance_to (fixture, at (10, 30, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_GOODBYE, KV_SESSION_STATE_ENDED);
  /* Two minutes lost and not given back: a technical failure. */
  pop_ended (fixture, fixture->session, KV_OUTCOME_TECHNICAL_FAILURE);
  g_assert_cmpint (kv_session_get_lost_us (fixture->session), ==, 2 * MIN_US);
}

static void
test_pause_lifted_by_staff_goodbye (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  go_live_on_time (fixture);
  advance_to (fixture, at (10, 10, 0));
  g_assert_true (kv_session_set_paused (fixture->session, KV_SIDE_COMMUNITY,
                                        KV_PAUSE_CATEGORY_CHILD_NEEDS_A_MOMENT, &error));
  advance_to (fixture, at (10, 12, 0));
  g_assert_true (end_by (fixture->session, KV_END_CATEGORY_CHILD_UPSET, KV_SIDE_COMMUNITY,
                         &error));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_LIVE, KV_SESSION_STATE_GOODBYE);
  /* Nobody misses the goodbye; its pause is lost time, not given back. */
  g_assert_cmpint (kv_session_get_paused (fixture->session), ==, KV_SIDE_NONE);
  g_assert_cmpint (kv_session_get_lost_us (fixture->session), ==, 2 * MIN_US);
  g_assert_cmpint (kv_session_get_end_time (fixture->session), ==, at (10, 13, 0));
  advance_to (fixture, at (10, 13, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_GOODBYE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_ENDED_BY_STAFF);
}

/* Mute, supervision, the child's alert */

static void
test_mute (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(GtSignalLogger) notify_logger = gt_signal_logger_new ();
  g_autoptr(GError) error = NULL;

  advance_to (fixture, at (9, 55, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_SCHEDULED, KV_SESSION_STATE_JOINABLE);
  g_assert_false (kv_session_set_muted (fixture->session, KV_SIDE_PRISON, TRUE, &error));
  g_assert_error (error, KV_SESSION_ERROR, KV_SESSION_ERROR_NOT_LIVE);
  g_clear_error (&error);
  make_ready (fixture);
  advance_to (fixture, at (10, 0, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_JOINABLE, KV_SESSION_STATE_READY);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_READY, KV_SESSION_STATE_LIVE);

  gt_signal_logger_connect (notify_logger, fixture->session, "notify::muted");
  advance_to (fixture, at (10, 5, 0));
  g_assert_true (kv_session_set_muted (fixture->session, KV_SIDE_PRISON, TRUE, &error));
  gt_signal_logger_assert_notify_emission_pop (notify_logger, fixture->session, "muted");
  g_assert_true (kv_session_set_muted (fixture->session, KV_SIDE_PRISON, TRUE, &error));
  gt_signal_logger_assert_no_emissions (notify_logger);
  /* The other side's unmute is not the prison's. */
  g_assert_true (kv_session_set_muted (fixture->session, KV_SIDE_COMMUNITY, FALSE, &error));
  g_assert_cmpint (kv_session_get_muted (fixture->session), ==, KV_SIDE_PRISON);
  /* Not lost time: they still see each other. */
  advance_to (fixture, at (10, 9, 0));
  g_assert_cmpint (kv_session_get_lost_us (fixture->session), ==, 0);

  /* Also in the goodbye; the end lifts it. */
  advance_to (fixture, at (10, 29, 30));
  pop_cue (fixture, fixture->session, 15 * 60, TRUE);
  pop_cue (fixture, fixture->session, 5 * 60, FALSE);
  pop_cue (fixture, fixture->session, 2 * 60, FALSE);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_LIVE, KV_SESSION_STATE_GOODBYE);
  g_assert_true (kv_session_set_muted (fixture->session, KV_SIDE_COMMUNITY, TRUE, &error));
  gt_signal_logger_assert_notify_emission_pop (notify_logger, fixture->session, "muted");
  g_assert_cmpint (kv_session_get_muted (fixture->session), ==, KV_SIDE_BOTH);
  advance_to (fixture, at (10, 30, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_GOODBYE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_COMPLETED);
  gt_signal_logger_assert_notify_emission_pop (notify_logger, fixture->session, "muted");
  g_assert_cmpint (kv_session_get_muted (fixture->session), ==, KV_SIDE_NONE);
  g_assert_false (kv_session_set_muted (fixture->session, KV_SIDE_COMMUNITY, FALSE, &error));
  g_assert_error (error, KV_SESSION_ERROR, KV_SESSION_ERROR_NOT_LIVE);
}

static void
test_supervised (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GtSignalLogger) notify_logger = gt_signal_logger_new ();

  gt_signal_logger_connect (notify_logger, fixture->session, "notify::supervised");
  g_assert_false (kv_session_get_supervised (fixture->session));
  kv_session_set_supervised (fixture->session, TRUE);
  gt_signal_logger_assert_notify_emission_pop (notify_logger, fixture->session, "supervised");
  kv_session_set_supervised (fixture->session, TRUE);
  gt_signal_logger_assert_no_emissions (notify_logger);
  g_assert_true (kv_session_get_supervised (fixture->session));
  kv_session_set_supervised (fixture->session, FALSE);
  gt_signal_logger_assert_notify_emission_pop (notify_logger, fixture->session, "supervised");
  g_assert_false (kv_session_get_supervised (fixture->session));
}

static void
test_child_alert (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean recorded = TRUE;

  /* Not before the join window. */
  advance_to (fixture, at (9, 49, 59));
  g_assert_false (kv_session_note_child_alert (fixture->session, &recorded, &error));
  g_assert_error (error, KV_SESSION_ERROR, KV_SESSION_ERROR_NOT_OPEN);
  g_assert_false (recorded);
  g_clear_error (&error);

  advance_to (fixture, at (9, 50, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_SCHEDULED, KV_SESSION_STATE_JOINABLE);
  g_assert_true (kv_session_note_child_alert (fixture->session, &recorded, &error));
  g_assert_true (recorded);
  /* Pressed again and again: one record per 10 s. */
  for (guint i = 1; i < 10; i++)
    {
      advance_to (fixture, at (9, 50, i));
      g_assert_true (kv_session_note_child_alert (fixture->session, &recorded, &error));
      g_assert_false (recorded);
    }
  advance_to (fixture, at (9, 50, 10));
  g_assert_true (kv_session_note_child_alert (fixture->session, &recorded, &error));
  g_assert_true (recorded);
  g_assert_cmpuint (kv_session_get_child_alerts (fixture->session), ==, 2);

  /* Not after the end. */
  advance_to (fixture, at (10, 30, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_JOINABLE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_NO_SHOW);
  g_assert_false (kv_session_note_child_alert (fixture->session, &recorded, &error));
  g_assert_error (error, KV_SESSION_ERROR, KV_SESSION_ERROR_NOT_OPEN);
  g_assert_cmpuint (kv_session_get_child_alerts (fixture->session), ==, 2);
}

/* Restarts keep all of it. */

static void
test_restore (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_auto(KvSessionSnapshot) goodbye = { 0 };
  g_auto(KvSessionSnapshot) paused = { 0 };
  g_autoptr(KvSession) restored = NULL;
  g_autoptr(GError) error = NULL;
  gboolean recorded;

  go_live_on_time (fixture);
  kv_session_set_supervised (fixture->session, TRUE);
  g_assert_true (kv_session_note_child_alert (fixture->session, &recorded, &error));
  advance_to (fixture, at (10, 10, 0));
  g_assert_true (kv_session_set_paused (fixture->session, KV_SIDE_PRISON,
                                        KV_PAUSE_CATEGORY_ADULT_NEEDS_A_MOMENT, &error));
  g_assert_true (kv_session_set_muted (fixture->session, KV_SIDE_COMMUNITY, TRUE, &error));
  advance_to (fixture, at (10, 11, 0));
  kv_session_get_snapshot (fixture->session, &paused);
  g_assert_cmpint (paused.prison_pause, ==, KV_PAUSE_CATEGORY_ADULT_NEEDS_A_MOMENT);
  g_assert_cmpint (paused.community_pause, ==, KV_PAUSE_CATEGORY_NONE);
  g_assert_cmpint (paused.muted, ==, KV_SIDE_COMMUNITY);
  g_assert_true (paused.supervised);
  g_assert_cmpuint (paused.child_alerts, ==, 1);
  g_assert_cmpint (paused.lost_us, ==, MIN_US);

  /* Restored two minutes later, still paused: the pause counts from now
   * on top of what was stored. */
  jump_to (fixture, at (10, 13, 0));
  restored = kv_session_new_restored (fixture->clock, fixture->booking, &fixture->rules, &paused);
  g_assert_cmpint (kv_session_get_paused (restored), ==, KV_SIDE_PRISON);
  g_assert_cmpint (kv_session_get_pause_category (restored), ==,
                   KV_PAUSE_CATEGORY_ADULT_NEEDS_A_MOMENT);
  g_assert_cmpint (kv_session_get_muted (restored), ==, KV_SIDE_COMMUNITY);
  g_assert_true (kv_session_get_supervised (restored));
  g_assert_cmpuint (kv_session_get_child_alerts (restored), ==, 1);
  advance_to (fixture, at (10, 14, 0));
  g_assert_cmpint (kv_session_get_lost_us (restored), ==, 2 * MIN_US);
  g_clear_object (&restored);

  /* A staff goodbye restored keeps its end and what was recorded. */
  g_assert_true (end_by (fixture->session, KV_END_CATEGORY_FINISHED_EARLY, KV_SIDE_PRISON,
                         &error));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_LIVE, KV_SESSION_STATE_GOODBYE);
  kv_session_get_snapshot (fixture->session, &goodbye);
  g_assert_cmpint (goodbye.staff_goodbye_us, ==, at (10, 14, 0));
  g_assert_cmpint (goodbye.staff_end_us, ==, at (10, 15, 0));
  restored = kv_session_new_restored (fixture->clock, fixture->booking, &fixture->rules,
                                      &goodbye);
  assert_state (restored, KV_SESSION_STATE_GOODBYE);
  g_assert_true (kv_session_is_staff_goodbye (restored));
  g_assert_cmpint (kv_session_get_end_time (restored), ==, at (10, 15, 0));
  g_assert_cmpint (kv_session_get_end_category (restored), ==, KV_END_CATEGORY_FINISHED_EARLY);
  g_assert_cmpstr (kv_session_get_end_reason (restored), ==, "Stopping today");
  g_assert_cmpstr (kv_session_get_end_actor (restored), ==, "kiosk:prison-1");
  g_assert_cmpint (kv_session_get_end_side (restored), ==, KV_SIDE_PRISON);
  g_assert_cmpint (kv_session_get_paused (restored), ==, KV_SIDE_NONE);
  advance_to (fixture, at (10, 15, 0));
  assert_state (restored, KV_SESSION_STATE_ENDED);
  g_assert_cmpint (kv_session_get_outcome (restored), ==, KV_OUTCOME_ENDED_BY_STAFF);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_GOODBYE, KV_SESSION_STATE_ENDED);
  pop_ended (fixture, fixture->session, KV_OUTCOME_ENDED_BY_STAFF);

  /* A stored staff end can never end later than the slot. */
  {
    g_auto(KvSessionSnapshot) forged = { .state = KV_SESSION_STATE_GOODBYE,
                                         .present = KV_SIDE_BOTH, .confirmed = KV_SIDE_BOTH,
                                         .end_category = KV_END_CATEGORY_OTHER,
                                         .end_requested_us = at (10, 14, 0),
                                         .staff_goodbye_us = at (10, 14, 0),
                                         .staff_end_us = at (11, 0, 0) };
    g_autoptr(KvSession) clamped = NULL;

    clamped = kv_session_new_restored (fixture->clock, fixture->booking, &fixture->rules,
                                       &forged);
    g_assert_cmpint (kv_session_get_end_time (clamped), <=, at (10, 30, 0));
  }
}

#define ADD(name, func) \
  g_test_add ("/session-staff/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session-staff/end-table", test_end_table);
  ADD ("gentle-end-signals", test_gentle_end_signals);
  ADD ("gentle-end-no-makeup", test_gentle_end_no_makeup);
  ADD ("end-refusals", test_end_refusals);
  ADD ("pause", test_pause);
  ADD ("pause-counts-once", test_pause_counts_once);
  ADD ("pause-lifted-by-goodbye", test_pause_lifted_by_goodbye);
  ADD ("pause-lifted-no-free-time", test_pause_lifted_no_free_time);
  ADD ("pause-lifted-by-staff-goodbye", test_pause_lifted_by_staff_goodbye);
  ADD ("mute", test_mute);
  ADD ("supervised", test_supervised);
  ADD ("child-alert", test_child_alert);
  ADD ("restore", test_restore);

  return g_test_run ();
}
