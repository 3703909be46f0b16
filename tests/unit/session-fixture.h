/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The fixture shared by test-session.c and test-session-time.c. */

#include "kv-core-enums.h"
#include "kv-fake-clock.h"
#include "kv-session.h"

#include <libglib-testing/signal-logger.h>

/* The visit in most tests: 2026-06-01 10:00-10:30 UTC, default rules (join
 * window 10 min, goodbye 60 s, make-up up to 10 min, cues half-way, 5 and
 * 2 min). The clock starts at 09:00. */
#define MIN_US KV_USEC_PER_MINUTE
#define SEC_US KV_USEC_PER_SECOND

typedef struct
{
  KvClock *clock;
  KvSiteRules rules;
  KvBooking *booking;
  KvSession *session;
  GtSignalLogger *logger;
} Fixture;

static inline gint64
utc (int year, int month, int day, int hour, int minute, int second)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, second);

  return kv_date_time_to_us (dt);
}

static inline gint64
at (int hour, int minute, int second)
{
  return utc (2026, 6, 1, hour, minute, second);
}

static inline void
watch (Fixture   *fixture,
       KvSession *session)
{
  gt_signal_logger_connect (fixture->logger, session, "state-changed");
  gt_signal_logger_connect (fixture->logger, session, "cue-reached");
  gt_signal_logger_connect (fixture->logger, session, "end-time-changed");
  gt_signal_logger_connect (fixture->logger, session, "ended");
}

static inline void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->clock = kv_fake_clock_new (at (9, 0, 0));
  kv_site_rules_init_defaults (&fixture->rules);
  fixture->booking = kv_booking_new ("b1", "prison-1", "community-1",
                                     at (10, 0, 0), at (10, 30, 0),
                                     "Dad", "Lena", KV_AGE_BAND_4_7);
  fixture->session = kv_session_new (fixture->clock, fixture->booking, &fixture->rules);
  fixture->logger = gt_signal_logger_new ();
  watch (fixture, fixture->session);
}

static inline void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gt_signal_logger_assert_no_emissions (fixture->logger);
  g_clear_pointer (&fixture->logger, gt_signal_logger_free);
  g_assert_finalize_object (fixture->session);
  /* A finalised session leaves no alarm behind on the clock. */
  g_assert_cmpuint (kv_clock_get_n_alarms (fixture->clock), ==, 0);
  g_assert_finalize_object (fixture->clock);
  kv_booking_free (fixture->booking);
}

static inline void
advance_to (Fixture *fixture,
            gint64   when)
{
  gint64 now = kv_clock_get_now (fixture->clock);

  g_assert_cmpint (when, >=, now);
  kv_fake_clock_advance (KV_FAKE_CLOCK (fixture->clock), when - now);
}

static inline void
jump_to (Fixture *fixture,
         gint64   when)
{
  kv_fake_clock_set_now (KV_FAKE_CLOCK (fixture->clock), when);
}

static inline void
pop_state (Fixture        *fixture,
           KvSession      *session,
           KvSessionState  expected_old,
           KvSessionState  expected_new)
{
  int old = -1, new = -1;

  gt_signal_logger_assert_emission_pop (fixture->logger, session, "state-changed", &old, &new);
  g_assert_cmpstr (kv_session_state_to_string (old), ==, kv_session_state_to_string (expected_old));
  g_assert_cmpstr (kv_session_state_to_string (new), ==, kv_session_state_to_string (expected_new));
}

static inline void
pop_ended (Fixture   *fixture,
           KvSession *session,
           KvOutcome  expected)
{
  int outcome = -1;

  gt_signal_logger_assert_emission_pop (fixture->logger, session, "ended", &outcome);
  g_assert_cmpstr (kv_outcome_to_string (outcome), ==, kv_outcome_to_string (expected));
}

static inline void
pop_cue (Fixture   *fixture,
         KvSession *session,
         guint      expected_seconds_left,
         gboolean   expected_half_way)
{
  guint seconds_left = 0;
  gboolean half_way = -1;

  gt_signal_logger_assert_emission_pop (fixture->logger, session, "cue-reached",
                                        &seconds_left, &half_way);
  g_assert_cmpuint (seconds_left, ==, expected_seconds_left);
  g_assert_cmpint (half_way, ==, expected_half_way);
}

static inline void
pop_end_time (Fixture   *fixture,
              KvSession *session,
              gint64     expected)
{
  gint64 end = 0;

  gt_signal_logger_assert_emission_pop (fixture->logger, session, "end-time-changed", &end);
  g_assert_cmpint (end, ==, expected);
}

static inline void
assert_state (KvSession      *session,
              KvSessionState  expected)
{
  g_assert_cmpstr (kv_session_state_to_string (kv_session_get_state (session)), ==,
                   kv_session_state_to_string (expected));
}

/* Both sides present and confirmed, from inside the join window. */

static inline void
make_ready (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  kv_session_set_present (fixture->session, KV_SIDE_BOTH, TRUE);
  g_assert_true (kv_session_confirm (fixture->session, KV_SIDE_BOTH, &error));
  g_assert_no_error (error);
}

/* Live at 10:00 exactly, signals up to there popped. */

static inline void
go_live_on_time (Fixture *fixture)
{
  advance_to (fixture, at (9, 50, 0));
  make_ready (fixture);
  advance_to (fixture, at (10, 0, 0));
  pop_state (fixture, fixture->session, KV_SESSION_STATE_SCHEDULED, KV_SESSION_STATE_JOINABLE);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_JOINABLE, KV_SESSION_STATE_READY);
  pop_state (fixture, fixture->session, KV_SESSION_STATE_READY, KV_SESSION_STATE_LIVE);
  gt_signal_logger_assert_no_emissions (fixture->logger);
}
