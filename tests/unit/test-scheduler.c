/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-fake-clock.h"
#include "kv-scheduler.h"

#include <libglib-testing/signal-logger.h>

#include <string.h>

/* The clock starts at 2026-06-01 09:00 UTC; default site rules. */
#define MIN_US KV_USEC_PER_MINUTE

typedef struct
{
  KvClock *clock;
  KvSiteRules rules;
  KvScheduler *scheduler;
  GtSignalLogger *logger;
} Fixture;

static gint64
at (int hour, int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (2026, 6, 1, hour, minute, 0);

  return kv_date_time_to_us (dt);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->clock = kv_fake_clock_new (at (9, 0));
  kv_site_rules_init_defaults (&fixture->rules);
  fixture->scheduler = kv_scheduler_new (fixture->clock, &fixture->rules);
  fixture->logger = gt_signal_logger_new ();
  gt_signal_logger_connect (fixture->logger, fixture->scheduler, "session-added");
  gt_signal_logger_connect (fixture->logger, fixture->scheduler, "session-removed");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_pointer (&fixture->logger, gt_signal_logger_free);
  g_assert_finalize_object (fixture->scheduler);
  /* The scheduler held the only references to its sessions: their alarms
   * are gone with them. */
  g_assert_cmpuint (kv_clock_get_n_alarms (fixture->clock), ==, 0);
  g_assert_finalize_object (fixture->clock);
}

static KvSession *
add (Fixture     *fixture,
     const char  *id,
     const char  *prison,
     const char  *community,
     gint64       start,
     gint64       end,
     GError     **error)
{
  g_autoptr(KvBooking) booking = kv_booking_new (id, prison, community, start, end,
                                                 "Dad", "Lena", KV_AGE_BAND_UNSPECIFIED);

  return kv_scheduler_add_booking (fixture->scheduler, booking, error);
}

static KvSession *
add_ok (Fixture    *fixture,
        const char *id,
        const char *prison,
        const char *community,
        gint64      start,
        gint64      end)
{
  g_autoptr(GError) error = NULL;
  KvSession *session = add (fixture, id, prison, community, start, end, &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  gt_signal_logger_assert_emission_pop (fixture->logger, fixture->scheduler,
                                        "session-added", NULL);
  return session;
}

static void
advance_to (Fixture *fixture,
            gint64   when)
{
  kv_fake_clock_advance (KV_FAKE_CLOCK (fixture->clock),
                         when - kv_clock_get_now (fixture->clock));
}

static void
make_ready (KvSession *session)
{
  g_autoptr(GError) error = NULL;

  kv_session_set_present (session, KV_SIDE_BOTH, TRUE);
  g_assert_true (kv_session_confirm (session, KV_SIDE_BOTH, &error));
  g_assert_no_error (error);
}

/* Loses media for @minutes from now and gets it back. */
static void
lose_media (Fixture   *fixture,
            KvSession *session,
            int        minutes)
{
  kv_session_media_lost (session);
  advance_to (fixture, kv_clock_get_now (fixture->clock) + minutes * MIN_US);
  kv_session_media_restored (session);
}

static void
test_add_and_lookup (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvBooking) booking = kv_booking_new ("b1", "p1", "c1", at (10, 0), at (10, 30),
                                                 "Dad", "Lena", KV_AGE_BAND_4_7);
  KvSession *session;
  KvSession *added = NULL;

  session = kv_scheduler_add_booking (fixture->scheduler, booking, &error);
  g_assert_no_error (error);
  gt_signal_logger_assert_emission_pop (fixture->logger, fixture->scheduler,
                                        "session-added", &added);
  g_assert_true (added == session);
  g_clear_object (&added);
  gt_signal_logger_assert_no_emissions (fixture->logger);

  g_assert_true (kv_scheduler_lookup_session (fixture->scheduler, "b1") == session);
  g_assert_null (kv_scheduler_lookup_session (fixture->scheduler, "b2"));
  g_assert_null (kv_scheduler_lookup_session (fixture->scheduler, NULL));
  g_assert_cmpuint (kv_scheduler_get_n_sessions (fixture->scheduler), ==, 1);
  /* The session has its own copy. */
  g_assert_true (kv_session_get_booking (session) != booking);
  g_assert_cmpstr (kv_session_get_booking (session)->community_label, ==, "Lena");
  g_assert_cmpint (kv_session_get_free_until (session), ==, G_MAXINT64);

  /* The same id again, even for another slot. */
  g_assert_null (add (fixture, "b1", "p2", "c2", at (12, 0), at (12, 30), &error));
  g_assert_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_DUPLICATE_ID);
  gt_signal_logger_assert_no_emissions (fixture->logger);
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (add (fixture, "short", "p1", "c1", at (10, 0), at (10, 9), &error));
  g_assert_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_TOO_SHORT);
  g_clear_error (&error);
  g_assert_null (add (fixture, "past", "p1", "c1", at (8, 0), at (8, 30), &error));
  g_assert_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_IN_THE_PAST);
  g_clear_error (&error);
  g_assert_null (add (fixture, "bad id", "p1", "c1", at (10, 0), at (10, 30), &error));
  g_assert_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_BAD_ID);
  g_clear_error (&error);
  g_assert_null (add (fixture, "same", "k1", "k1", at (10, 0), at (10, 30), &error));
  g_assert_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_SAME_KIOSK);

  gt_signal_logger_assert_no_emissions (fixture->logger);
  g_assert_cmpuint (kv_scheduler_get_n_sessions (fixture->scheduler), ==, 0);
  g_assert_cmpuint (kv_clock_get_n_alarms (fixture->clock), ==, 0);
}

static void
test_kiosk_busy (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  add_ok (fixture, "b1", "p1", "c1", at (10, 0), at (10, 30));

  g_assert_null (add (fixture, "b2", "p1", "c2", at (10, 29), at (10, 50), &error));
  g_assert_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_PRISON_KIOSK_BUSY);
  g_assert_cmpstr (error->message, ==,
                   "The prison kiosk already has a visit from 2026-06-01 10:00 to 10:30 UTC.");
  g_clear_error (&error);

  g_assert_null (add (fixture, "b3", "p2", "c1", at (9, 50), at (10, 1), &error));
  g_assert_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_COMMUNITY_KIOSK_BUSY);
  g_clear_error (&error);

  /* Inside, around, and on the other kiosk's side. */
  g_assert_null (add (fixture, "b4", "p2", "c1", at (10, 10), at (10, 20), &error));
  g_assert_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_COMMUNITY_KIOSK_BUSY);
  g_clear_error (&error);
  g_assert_null (add (fixture, "b5", "p2", "p1", at (9, 40), at (10, 40), &error));
  g_assert_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_COMMUNITY_KIOSK_BUSY);
  g_clear_error (&error);

  /* Other kiosks at the same time are fine. */
  add_ok (fixture, "b6", "p2", "c2", at (10, 0), at (10, 30));
  gt_signal_logger_assert_no_emissions (fixture->logger);
  g_assert_cmpuint (kv_scheduler_get_n_sessions (fixture->scheduler), ==, 2);
}

static void
test_back_to_back (Fixture       *fixture,
                   gconstpointer  user_data)
{
  KvSession *second = add_ok (fixture, "b2", "p1", "c1", at (10, 30), at (11, 0));
  /* Added after the visit that follows it: it learns its neighbour too. */
  KvSession *first = add_ok (fixture, "b1", "p1", "c1", at (10, 0), at (10, 30));
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();

  g_assert_cmpint (kv_session_get_free_until (first), ==, at (10, 30));
  g_assert_cmpint (kv_session_get_free_until (second), ==, G_MAXINT64);

  gt_signal_logger_connect (logger, first, "end-time-changed");
  advance_to (fixture, at (9, 55));
  make_ready (first);
  advance_to (fixture, at (10, 10));
  lose_media (fixture, first, 3);

  /* No make-up: the next visit starts right at the end. */
  gt_signal_logger_assert_no_emissions (logger);
  g_assert_cmpint (kv_session_get_end_time (first), ==, at (10, 30));
  advance_to (fixture, at (10, 30));
  g_assert_cmpint (kv_session_get_outcome (first), ==, KV_OUTCOME_TECHNICAL_FAILURE);
  g_assert_cmpint (kv_session_get_state (second), ==, KV_SESSION_STATE_JOINABLE);
}

static void
test_makeup_bounded_by_either_kiosk (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  KvSession *visit = add_ok (fixture, "a", "p1", "c1", at (10, 0), at (10, 30));

  g_assert_cmpint (kv_session_get_free_until (visit), ==, G_MAXINT64);
  /* Next on the community kiosk at 10:35, on the prison kiosk at 10:32. */
  add_ok (fixture, "b", "p2", "c1", at (10, 35), at (10, 50));
  g_assert_cmpint (kv_session_get_free_until (visit), ==, at (10, 35));
  add_ok (fixture, "c", "p1", "c2", at (10, 32), at (10, 45));
  g_assert_cmpint (kv_session_get_free_until (visit), ==, at (10, 32));
  /* A visit on neither kiosk changes nothing. */
  add_ok (fixture, "d", "p3", "c3", at (10, 31), at (10, 45));
  g_assert_cmpint (kv_session_get_free_until (visit), ==, at (10, 32));

  advance_to (fixture, at (9, 55));
  make_ready (visit);
  advance_to (fixture, at (10, 5));
  lose_media (fixture, visit, 5);
  g_assert_cmpint (kv_session_get_makeup_us (visit), ==, 2 * MIN_US);
  g_assert_cmpint (kv_session_get_end_time (visit), ==, at (10, 32));

  /* The prison kiosk's next visit is cancelled: the community kiosk's
   * bounds the rest. */
  g_assert_true (kv_scheduler_cancel_booking (fixture->scheduler, "c", &error));
  g_assert_no_error (error);
  g_assert_cmpint (kv_session_get_free_until (visit), ==, at (10, 35));
  lose_media (fixture, visit, 5);
  g_assert_cmpint (kv_session_get_makeup_us (visit), ==, 5 * MIN_US);
  g_assert_cmpint (kv_session_get_end_time (visit), ==, at (10, 35));

  advance_to (fixture, at (10, 35));
  g_assert_cmpint (kv_session_get_state (visit), ==, KV_SESSION_STATE_ENDED);
  g_assert_cmpint (kv_session_get_outcome (visit), ==, KV_OUTCOME_TECHNICAL_FAILURE);
}

static void
test_booking_after_makeup (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  KvSession *visit = add_ok (fixture, "a", "p1", "c1", at (10, 0), at (10, 30));
  KvSession *next;

  advance_to (fixture, at (9, 55));
  make_ready (visit);
  advance_to (fixture, at (10, 10));
  lose_media (fixture, visit, 3);
  g_assert_cmpint (kv_session_get_end_time (visit), ==, at (10, 33));

  /* The visit now runs to 10:33: a booking at 10:32 would eat into it. */
  g_assert_null (add (fixture, "b", "p1", "c9", at (10, 32), at (10, 50), &error));
  g_assert_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_PRISON_KIOSK_BUSY);
  g_assert_nonnull (strstr (error->message, "from 2026-06-01 10:00 to 10:33 UTC"));
  g_clear_error (&error);

  next = add_ok (fixture, "b", "p9", "c1", at (10, 33), at (10, 50));
  g_assert_cmpint (kv_session_get_free_until (visit), ==, at (10, 33));
  lose_media (fixture, visit, 1);
  g_assert_cmpint (kv_session_get_end_time (visit), ==, at (10, 33));
  g_assert_cmpint (kv_session_get_join_time (next), ==, at (10, 23));
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  KvSession *first = add_ok (fixture, "b1", "p1", "c1", at (10, 0), at (10, 30));
  KvSession *live = add_ok (fixture, "b2", "p2", "c2", at (9, 30), at (10, 0));
  g_autoptr(GPtrArray) listed = NULL;

  g_assert_false (kv_scheduler_cancel_booking (fixture->scheduler, "nope", &error));
  g_assert_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (kv_scheduler_cancel_booking (fixture->scheduler, NULL, &error));
  g_assert_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (kv_scheduler_cancel_booking (fixture->scheduler, "b1", &error));
  g_assert_no_error (error);
  g_assert_cmpint (kv_session_get_outcome (first), ==, KV_OUTCOME_CANCELLED);
  g_assert_false (kv_scheduler_cancel_booking (fixture->scheduler, "b1", &error));
  g_assert_error (error, KV_SESSION_ERROR, KV_SESSION_ERROR_ALREADY_ENDED);
  g_clear_error (&error);

  /* The slot is free again, and the cancelled visit is not listed. */
  add_ok (fixture, "b1-again", "p1", "c1", at (10, 0), at (10, 30));
  listed = kv_scheduler_list_bookings_for_kiosk (fixture->scheduler, "p1", at (0, 0), at (23, 0));
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_cmpstr (((KvBooking *) listed->pdata[0])->id, ==, "b1-again");

  /* A visit that went live cannot be cancelled. */
  advance_to (fixture, at (9, 25));
  make_ready (live);
  advance_to (fixture, at (9, 31));
  g_assert_false (kv_scheduler_cancel_booking (fixture->scheduler, "b2", &error));
  g_assert_error (error, KV_SESSION_ERROR, KV_SESSION_ERROR_ALREADY_STARTED);
  g_assert_cmpint (kv_session_get_state (live), ==, KV_SESSION_STATE_LIVE);
}

static void
assert_ids (GPtrArray  *bookings,
            const char *expected)
{
  g_autoptr(GString) ids = g_string_new ("");

  for (guint i = 0; i < bookings->len; i++)
    {
      if (i > 0)
        g_string_append_c (ids, ' ');
      g_string_append (ids, ((KvBooking *) bookings->pdata[i])->id);
    }
  g_assert_cmpstr (ids->str, ==, expected);
}

static void
test_list (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(GPtrArray) morning = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) none = NULL;

  /* Added out of order; k1 is a prison kiosk in some and listed either way. */
  add_ok (fixture, "noon", "k1", "c1", at (12, 0), at (12, 30));
  add_ok (fixture, "ten", "k1", "c2", at (10, 0), at (10, 30));
  add_ok (fixture, "eleven", "p5", "k1", at (11, 0), at (11, 45));
  add_ok (fixture, "elsewhere", "p5", "c5", at (10, 0), at (10, 30));

  morning = kv_scheduler_list_bookings_for_kiosk (fixture->scheduler, "k1", at (10, 15), at (12, 0));
  assert_ids (morning, "ten eleven");
  all = kv_scheduler_list_bookings_for_kiosk (fixture->scheduler, "k1", at (0, 0), at (23, 59));
  assert_ids (all, "ten eleven noon");
  /* Half-open: a visit ending at @from is not in the range. */
  none = kv_scheduler_list_bookings_for_kiosk (fixture->scheduler, "k1", at (10, 30), at (11, 0));
  assert_ids (none, "");

  sessions = kv_scheduler_list_sessions_for_kiosk (fixture->scheduler, "c5", at (0, 0), at (23, 0));
  g_assert_cmpuint (sessions->len, ==, 1);
  g_assert_true (sessions->pdata[0] == kv_scheduler_lookup_session (fixture->scheduler, "elsewhere"));

  g_clear_pointer (&none, g_ptr_array_unref);
  none = kv_scheduler_list_bookings_for_kiosk (fixture->scheduler, "unknown", at (0, 0), at (23, 0));
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_remove_ended (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  KvSession *first = add_ok (fixture, "b1", "p1", "c1", at (10, 0), at (10, 30));
  KvSession *second = add_ok (fixture, "b2", "p1", "c1", at (11, 0), at (11, 30));
  KvSession *removed = NULL;

  g_object_ref (first);
  advance_to (fixture, at (10, 45));
  g_assert_cmpint (kv_session_get_outcome (first), ==, KV_OUTCOME_NO_SHOW);

  /* Ended at 10:30 exactly: not "before" 10:30. */
  g_assert_cmpuint (kv_scheduler_remove_ended (fixture->scheduler, at (10, 30)), ==, 0);
  gt_signal_logger_assert_no_emissions (fixture->logger);

  g_assert_cmpuint (kv_scheduler_remove_ended (fixture->scheduler, at (10, 45)), ==, 1);
  gt_signal_logger_assert_emission_pop (fixture->logger, fixture->scheduler,
                                        "session-removed", &removed);
  g_assert_true (removed == first);
  g_clear_object (&removed);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  g_assert_null (kv_scheduler_lookup_session (fixture->scheduler, "b1"));
  g_assert_true (kv_scheduler_lookup_session (fixture->scheduler, "b2") == second);
  g_assert_cmpuint (kv_scheduler_get_n_sessions (fixture->scheduler), ==, 1);
  g_assert_finalize_object (first);

  /* Its id can be used again. */
  add_ok (fixture, "b1", "p1", "c1", at (12, 0), at (12, 30));
  g_assert_true (kv_scheduler_cancel_booking (fixture->scheduler, "b1", &error));
  g_assert_no_error (error);
}

static void
test_restore (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvBooking) past = kv_booking_new ("old", "p0", "c0", at (8, 0), at (8, 30),
                                              "Dad", "Lena", KV_AGE_BAND_UNSPECIFIED);
  g_autoptr(KvBooking) now_on = kv_booking_new ("now", "p1", "c1", at (8, 30), at (9, 10),
                                                "Dad", "Lena", KV_AGE_BAND_UNSPECIFIED);
  g_autoptr(KvBooking) broken = kv_booking_new ("broken", "p1", "p1", at (11, 0), at (11, 30),
                                                "Dad", "Lena", KV_AGE_BAND_UNSPECIFIED);
  KvSessionSnapshot was_live = { .state = KV_SESSION_STATE_LIVE, .present = KV_SIDE_BOTH,
                                 .confirmed = KV_SIDE_BOTH, .live_since_us = at (8, 30),
                                 .makeup_us = 3 * MIN_US };
  KvSession *session;

  /* Stored bookings are loaded although they are in the past now. */
  session = kv_scheduler_restore_booking (fixture->scheduler, past, &was_live, &error);
  g_assert_no_error (error);
  gt_signal_logger_assert_emission_pop (fixture->logger, fixture->scheduler, "session-added", NULL);
  g_assert_cmpint (kv_session_get_state (session), ==, KV_SESSION_STATE_ENDED);
  g_assert_cmpint (kv_session_get_outcome (session), ==, KV_OUTCOME_COMPLETED);
  g_assert_cmpint (kv_session_get_ended_at (session), ==, at (8, 33));

  /* Live when the server went down and still within its slot. */
  session = kv_scheduler_restore_booking (fixture->scheduler, now_on, &was_live, &error);
  g_assert_no_error (error);
  gt_signal_logger_assert_emission_pop (fixture->logger, fixture->scheduler, "session-added", NULL);
  g_assert_cmpint (kv_session_get_state (session), ==, KV_SESSION_STATE_LIVE);
  g_assert_cmpint (kv_session_get_end_time (session), ==, at (9, 13));

  /* New bookings respect the restored ones and their make-up. */
  g_assert_null (add (fixture, "new", "p1", "c2", at (9, 12), at (9, 30), &error));
  g_assert_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_PRISON_KIOSK_BUSY);
  g_clear_error (&error);

  g_assert_null (kv_scheduler_restore_booking (fixture->scheduler, broken, NULL, &error));
  g_assert_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_SAME_KIOSK);
  g_clear_error (&error);
  g_assert_null (kv_scheduler_restore_booking (fixture->scheduler, past, NULL, &error));
  g_assert_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_DUPLICATE_ID);
  gt_signal_logger_assert_no_emissions (fixture->logger);

  advance_to (fixture, at (9, 13));
  g_assert_cmpint (kv_session_get_state (session), ==, KV_SESSION_STATE_ENDED);
}

static void
test_staff_end_frees_kiosk (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  KvSession *visit = add_ok (fixture, "a", "p1", "c1", at (9, 0), at (9, 40));

  advance_to (fixture, at (9, 10));
  g_assert_true (kv_session_end_by_staff (visit, "lockdown", &error));
  g_assert_no_error (error);

  /* The rest of the slot can be given to another family. */
  add_ok (fixture, "b", "p2", "c1", at (9, 20), at (9, 40));
}

/* ~10k bookings: 100 prison and 100 community kiosks, 100 back-to-back
 * half-hour slots, each kiosk in one visit per slot. */
#define SCALE_KIOSKS 100
#define SCALE_SLOTS 100

static void
drop_debug (const char     *log_domain,
            GLogLevelFlags  log_level,
            const char     *message,
            gpointer        user_data)
{
}

static void
test_scale (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) day = NULL;
  gint64 first_start = at (10, 0);
  double add_seconds;
  double run_seconds;
  guint debug_handler;

  /* Logging 20,000 emissions and transitions would measure the logging,
   * not the scheduler. */
  g_clear_pointer (&fixture->logger, gt_signal_logger_free);
  fixture->logger = gt_signal_logger_new ();
  debug_handler = g_log_set_handler ("kv-session", G_LOG_LEVEL_DEBUG, drop_debug, NULL);

  g_test_timer_start ();
  for (guint slot = 0; slot < SCALE_SLOTS; slot++)
    for (guint p = 0; p < SCALE_KIOSKS; p++)
      {
        g_autofree char *id = g_strdup_printf ("s%u-p%u", slot, p);
        g_autofree char *prison = g_strdup_printf ("p%u", p);
        g_autofree char *community = g_strdup_printf ("c%u", (p + slot) % SCALE_KIOSKS);
        gint64 start = first_start + slot * 30 * MIN_US;

        g_assert_nonnull (add (fixture, id, prison, community, start, start + 30 * MIN_US, &error));
        g_assert_no_error (error);
      }
  add_seconds = g_test_timer_elapsed ();
  g_test_message ("added %u bookings in %.3f s", SCALE_SLOTS * SCALE_KIOSKS, add_seconds);

  /* Every slot is taken on every kiosk: one more anywhere clashes. */
  g_assert_null (add (fixture, "extra", "p7", "c-new", at (20, 0), at (20, 30), &error));
  g_assert_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_PRISON_KIOSK_BUSY);
  g_clear_error (&error);

  day = kv_scheduler_list_bookings_for_kiosk (fixture->scheduler, "c42", 0, G_MAXINT64);
  g_assert_cmpuint (day->len, ==, SCALE_SLOTS);
  for (guint i = 1; i < day->len; i++)
    g_assert_cmpint (((KvBooking *) day->pdata[i - 1])->end_us, ==,
                     ((KvBooking *) day->pdata[i])->start_us);
  g_assert_cmpint (kv_session_get_free_until (kv_scheduler_lookup_session (fixture->scheduler, "s0-p0")),
                   ==, first_start + 30 * MIN_US);

  /* Run the clock through all of them: nobody comes, all are no-shows. */
  g_test_timer_start ();
  advance_to (fixture, first_start + (SCALE_SLOTS + 1) * 30 * MIN_US);
  run_seconds = g_test_timer_elapsed ();
  g_test_message ("ran %u sessions to the end in %.3f s", SCALE_SLOTS * SCALE_KIOSKS, run_seconds);
  g_assert_cmpuint (kv_clock_get_n_alarms (fixture->clock), ==, 0);
  g_assert_cmpuint (kv_scheduler_remove_ended (fixture->scheduler, G_MAXINT64), ==,
                    SCALE_SLOTS * SCALE_KIOSKS);
  g_assert_cmpuint (kv_scheduler_get_n_sessions (fixture->scheduler), ==, 0);
  g_log_remove_handler ("kv-session", debug_handler);
}

/* A move keeps the id, goes through the rules, does not clash with its own
 * old time, frees the old time and replaces the session; a visit in its
 * join window or cancelled does not move. */
static void
test_move (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvBooking) probe = NULL;
  KvSession *old_session, *moved;
  const KvBooking *clash;

  old_session = add_ok (fixture, "b-1", "prison-1", "community-1", at (12, 0), at (12, 30));
  add_ok (fixture, "b-2", "prison-1", "community-2", at (13, 0), at (13, 30));

  /* Onto b-2: refused, and b-1 is where it was. */
  g_assert_null (kv_scheduler_move_booking (fixture->scheduler, "b-1", at (13, 15), at (13, 45),
                                            &error));
  g_assert_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_PRISON_KIOSK_BUSY);
  g_clear_error (&error);
  g_assert_true (kv_scheduler_lookup_session (fixture->scheduler, "b-1") == old_session);
  probe = kv_booking_new ("p", "prison-1", "community-9", at (12, 10), at (12, 20), "Dad", "Lena",
                          KV_AGE_BAND_UNSPECIFIED);
  clash = kv_scheduler_find_clash (fixture->scheduler, probe);
  g_assert_nonnull (clash);
  g_assert_cmpstr (clash->id, ==, "b-1");

  /* Over its own old time: fine. */
  moved = kv_scheduler_move_booking (fixture->scheduler, "b-1", at (12, 15), at (12, 45), &error);
  g_assert_no_error (error);
  g_assert_nonnull (moved);
  g_assert_true (moved != old_session);
  gt_signal_logger_assert_emission_pop (fixture->logger, fixture->scheduler, "session-added",
                                        NULL);
  g_assert_cmpint (kv_session_get_booking (moved)->start_us, ==, at (12, 15));
  g_assert_true (kv_scheduler_lookup_session (fixture->scheduler, "b-1") == moved);
  g_assert_cmpuint (kv_scheduler_get_n_sessions (fixture->scheduler), ==, 2);
  /* 12:00-12:15 is free again. */
  probe->end_us = at (12, 15);
  probe->start_us = at (12, 0);
  g_assert_null (kv_scheduler_find_clash (fixture->scheduler, probe));

  /* In the past: the rules apply. */
  g_assert_null (kv_scheduler_move_booking (fixture->scheduler, "b-1", at (8, 0), at (8, 30),
                                            &error));
  g_assert_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_IN_THE_PAST);
  g_clear_error (&error);

  /* In its join window: no longer. */
  advance_to (fixture, at (12, 10));
  g_assert_null (kv_scheduler_move_booking (fixture->scheduler, "b-1", at (14, 0), at (14, 30),
                                            &error));
  g_assert_error (error, KV_SESSION_ERROR, KV_SESSION_ERROR_ALREADY_STARTED);
  g_clear_error (&error);
  g_assert_null (kv_scheduler_move_booking (fixture->scheduler, "b-9", at (14, 0), at (14, 30),
                                            &error));
  g_assert_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/scheduler/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("add-and-lookup", test_add_and_lookup);
  ADD ("refused", test_refused);
  ADD ("kiosk-busy", test_kiosk_busy);
  ADD ("back-to-back", test_back_to_back);
  ADD ("makeup-bounded-by-either-kiosk", test_makeup_bounded_by_either_kiosk);
  ADD ("booking-after-makeup", test_booking_after_makeup);
  ADD ("cancel", test_cancel);
  ADD ("list", test_list);
  ADD ("remove-ended", test_remove_ended);
  ADD ("restore", test_restore);
  ADD ("staff-end-frees-kiosk", test_staff_end_frees_kiosk);
  ADD ("scale", test_scale);
  ADD ("move", test_move);

  return g_test_run ();
}
