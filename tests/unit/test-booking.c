/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-booking-rules.h"
#include "kv-clock.h"

#include <string.h>

/* Every rule is tested at its exact boundary: the last value that passes
 * and the first that does not. "Now" is 2026-06-01 09:00 UTC and the
 * booking under test is 10:00-10:30 UTC unless a test changes it. */
#define MIN_US KV_USEC_PER_MINUTE
#define DAY_US (24 * 60 * MIN_US)

typedef struct
{
  KvSiteRules rules;
  gint64 now;
  KvBooking *booking;
} Fixture;

static gint64
utc (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return kv_date_time_to_us (dt);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  kv_site_rules_init_defaults (&fixture->rules);
  fixture->now = utc (2026, 6, 1, 9, 0);
  fixture->booking = kv_booking_new ("b-1", "prison-1", "community-1",
                                     utc (2026, 6, 1, 10, 0), utc (2026, 6, 1, 10, 30),
                                     "Dad", "Lena", KV_AGE_BAND_4_7);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  kv_booking_free (fixture->booking);
}

/* Validates and checks the outcome; -1 means valid. */
static void
assert_validates (Fixture *fixture,
                  int      expected_code)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = kv_booking_rules_validate (fixture->booking, &fixture->rules,
                                           fixture->now, &error);

  if (expected_code < 0)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
    }
  else
    {
      g_assert_error (error, KV_BOOKING_ERROR, expected_code);
      g_assert_false (ok);
      /* Staff read this: it must say something. */
      g_assert_cmpuint (strlen (error->message), >, 10);
    }
}

static void
set_times (Fixture *fixture,
           gint64   start,
           gint64   end)
{
  fixture->booking->start_us = start;
  fixture->booking->end_us = end;
}

static void
test_defaults (void)
{
  KvSiteRules rules;

  memset (&rules, 0xaa, sizeof rules);
  kv_site_rules_init_defaults (&rules);
  g_assert_cmpint (rules.min_length_us, ==, 10 * MIN_US);
  g_assert_cmpint (rules.max_length_us, ==, 60 * MIN_US);
  g_assert_cmpint (rules.horizon_us, ==, 60 * DAY_US);
  g_assert_cmpint (rules.min_notice_us, ==, 0);
  g_assert_cmpint (rules.join_window_us, ==, 10 * MIN_US);
  g_assert_cmpint (rules.goodbye_us, ==, 60 * KV_USEC_PER_SECOND);
  g_assert_cmpint (rules.makeup_max_us, ==, 10 * MIN_US);
  g_assert_true (rules.cue_half_way);
  g_assert_cmpuint (rules.n_cues, ==, 2);
  g_assert_cmpuint (rules.cue_seconds_left[0], ==, 5 * 60);
  g_assert_cmpuint (rules.cue_seconds_left[1], ==, 2 * 60);
  g_assert_cmpuint (rules.cue_seconds_left[2], ==, 0);
}

static void
test_boxed (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(KvBooking) copy = kv_booking_copy (fixture->booking);
  g_auto(GValue) value = G_VALUE_INIT;

  g_assert_true (copy != fixture->booking);
  g_assert_true (copy->id != fixture->booking->id);
  g_assert_cmpstr (copy->id, ==, "b-1");
  g_assert_cmpstr (copy->prison_kiosk, ==, "prison-1");
  g_assert_cmpstr (copy->community_kiosk, ==, "community-1");
  g_assert_cmpstr (copy->prison_label, ==, "Dad");
  g_assert_cmpstr (copy->community_label, ==, "Lena");
  g_assert_cmpint (copy->age_band, ==, KV_AGE_BAND_4_7);
  g_assert_cmpint (kv_booking_get_length (copy), ==, 30 * MIN_US);
  g_assert_cmpstr (kv_booking_get_label (copy, KV_ROLE_PRISON), ==, "Dad");
  g_assert_cmpstr (kv_booking_get_label (copy, KV_ROLE_COMMUNITY), ==, "Lena");
  g_assert_cmpstr (kv_booking_get_kiosk (copy, KV_ROLE_PRISON), ==, "prison-1");
  g_assert_cmpstr (kv_booking_get_kiosk (copy, KV_ROLE_COMMUNITY), ==, "community-1");
  g_assert_true (kv_booking_involves_kiosk (copy, "community-1"));
  g_assert_false (kv_booking_involves_kiosk (copy, "community-2"));
  g_assert_false (kv_booking_involves_kiosk (copy, NULL));

  g_value_init (&value, KV_TYPE_BOOKING);
  g_value_set_boxed (&value, fixture->booking);
  g_assert_cmpstr (((KvBooking *) g_value_get_boxed (&value))->community_label, ==, "Lena");
  g_assert_true (g_value_get_boxed (&value) != fixture->booking);
}

static void
test_overlap (Fixture       *fixture,
              gconstpointer  user_data)
{
  const KvBooking *a = fixture->booking;
  g_autoptr(KvBooking) back_to_back = kv_booking_new ("b-2", "prison-1", "community-2",
                                                      a->end_us, a->end_us + 30 * MIN_US,
                                                      "Mum", "Ali", KV_AGE_BAND_UNSPECIFIED);
  g_autoptr(KvBooking) before = kv_booking_new ("b-3", "prison-2", "community-1",
                                                a->start_us - 30 * MIN_US, a->start_us,
                                                "Mum", "Ali", KV_AGE_BAND_UNSPECIFIED);
  g_autoptr(KvBooking) other_kiosks = kv_booking_new ("b-4", "prison-2", "community-2",
                                                      a->start_us, a->end_us,
                                                      "Mum", "Ali", KV_AGE_BAND_UNSPECIFIED);
  /* A kiosk is one device: used on the other side, it is still busy. */
  g_autoptr(KvBooking) swapped = kv_booking_new ("b-5", "community-1", "prison-9",
                                                 a->end_us - MIN_US, a->end_us + 20 * MIN_US,
                                                 "Mum", "Ali", KV_AGE_BAND_UNSPECIFIED);

  /* Half-open slots: back to back is not an overlap... */
  g_assert_false (kv_booking_overlaps (a, back_to_back));
  g_assert_false (kv_booking_overlaps (back_to_back, a));
  g_assert_false (kv_booking_overlaps (a, before));
  g_assert_true (kv_booking_shares_kiosk (a, back_to_back));

  /* ...one minute more is. */
  back_to_back->start_us -= MIN_US;
  g_assert_true (kv_booking_overlaps (a, back_to_back));
  g_assert_true (kv_booking_overlaps (back_to_back, a));
  before->end_us += 1;
  g_assert_true (kv_booking_overlaps (a, before));

  g_assert_false (kv_booking_shares_kiosk (a, other_kiosks));
  g_assert_false (kv_booking_overlaps (a, other_kiosks));
  g_assert_true (kv_booking_overlaps (a, swapped));
}

static void
test_valid (Fixture       *fixture,
            gconstpointer  user_data)
{
  assert_validates (fixture, -1);
}

static void
test_invalid_times (Fixture       *fixture,
                    gconstpointer  user_data)
{
  gint64 start = fixture->booking->start_us;

  set_times (fixture, start, start);
  assert_validates (fixture, KV_BOOKING_ERROR_INVALID_TIMES);
  set_times (fixture, start, start - MIN_US);
  assert_validates (fixture, KV_BOOKING_ERROR_INVALID_TIMES);
  set_times (fixture, -60 * MIN_US, start);
  assert_validates (fixture, KV_BOOKING_ERROR_INVALID_TIMES);
  set_times (fixture, start, G_MAXINT64);
  assert_validates (fixture, KV_BOOKING_ERROR_INVALID_TIMES);
}

static void
test_not_minute_aligned (Fixture       *fixture,
                         gconstpointer  user_data)
{
  gint64 start = fixture->booking->start_us;
  gint64 end = fixture->booking->end_us;

  set_times (fixture, start + KV_USEC_PER_SECOND, end);
  assert_validates (fixture, KV_BOOKING_ERROR_NOT_MINUTE_ALIGNED);
  set_times (fixture, start, end + 1);
  assert_validates (fixture, KV_BOOKING_ERROR_NOT_MINUTE_ALIGNED);
  set_times (fixture, start + MIN_US, end);
  assert_validates (fixture, -1);
}

static void
test_in_the_past (Fixture       *fixture,
                  gconstpointer  user_data)
{
  /* Starting right now is still bookable (minimum notice is 0)... */
  fixture->now = fixture->booking->start_us;
  assert_validates (fixture, -1);
  /* ...a microsecond later it is not. */
  fixture->now = fixture->booking->start_us + 1;
  assert_validates (fixture, KV_BOOKING_ERROR_IN_THE_PAST);
}

static void
test_too_soon (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->rules.min_notice_us = 30 * MIN_US;
  fixture->now = fixture->booking->start_us - 30 * MIN_US;
  assert_validates (fixture, -1);
  fixture->now += MIN_US;
  assert_validates (fixture, KV_BOOKING_ERROR_TOO_SOON);

  g_assert_false (kv_booking_rules_validate (fixture->booking, &fixture->rules,
                                             fixture->now, &error));
  g_assert_nonnull (strstr (error->message, "30 minutes"));
}

static void
test_beyond_horizon (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->now = fixture->booking->start_us - 60 * DAY_US;
  assert_validates (fixture, -1);
  fixture->now -= MIN_US;
  assert_validates (fixture, KV_BOOKING_ERROR_BEYOND_HORIZON);

  g_assert_false (kv_booking_rules_validate (fixture->booking, &fixture->rules,
                                             fixture->now, &error));
  g_assert_nonnull (strstr (error->message, "60 days"));
}

static void
test_too_short (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  gint64 start = fixture->booking->start_us;

  set_times (fixture, start, start + 10 * MIN_US);
  assert_validates (fixture, -1);
  set_times (fixture, start, start + 9 * MIN_US);
  assert_validates (fixture, KV_BOOKING_ERROR_TOO_SHORT);

  g_assert_false (kv_booking_rules_validate (fixture->booking, &fixture->rules,
                                             fixture->now, &error));
  g_assert_nonnull (strstr (error->message, "10 minutes"));
}

static void
test_too_long (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  gint64 start = fixture->booking->start_us;

  set_times (fixture, start, start + 60 * MIN_US);
  assert_validates (fixture, -1);
  set_times (fixture, start, start + 61 * MIN_US);
  assert_validates (fixture, KV_BOOKING_ERROR_TOO_LONG);

  g_assert_false (kv_booking_rules_validate (fixture->booking, &fixture->rules,
                                             fixture->now, &error));
  g_assert_nonnull (strstr (error->message, "60 minutes"));
}

static void
test_same_kiosk (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_free (fixture->booking->community_kiosk);
  fixture->booking->community_kiosk = g_strdup ("prison-1");
  assert_validates (fixture, KV_BOOKING_ERROR_SAME_KIOSK);
}

static void
test_bad_label (Fixture       *fixture,
                gconstpointer  user_data)
{
  const char *bad[] = {
    "", "   ", "Da\nd", "Dad\x1b[31m", "\xe2\x80\xae" "daD", "Da\xff" "d",
    "\xe2\x80\xa8", "12345678901234567890123456789012345678901",
  };
  const char *good[] = {
    "Dad", "Papa Jo", "Léa", "Мама", "🧑‍🍼",
    "1234567890123456789012345678901234567890",
    /* 40 characters, 80 bytes: the limit is in characters. */
    "éééééééééééééééééééééééééééééééééééééééé",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (kv_booking_rules_check_label (bad[i], &error));
      g_assert_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_BAD_LABEL);
    }
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (kv_booking_rules_check_label (good[i], &error));
      g_assert_no_error (error);
    }

  g_clear_pointer (&fixture->booking->community_label, g_free);
  assert_validates (fixture, KV_BOOKING_ERROR_BAD_LABEL);
  fixture->booking->community_label = g_strdup ("Lena");
  g_free (fixture->booking->prison_label);
  fixture->booking->prison_label = g_strdup ("Dad\t");
  assert_validates (fixture, KV_BOOKING_ERROR_BAD_LABEL);
}

static void
test_bad_id (Fixture       *fixture,
             gconstpointer  user_data)
{
  const char *bad[] = {
    "", "a b", "a/b", "b;1", "ü", "12345678901234567890123456789012345678901234567890123456789012345",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (kv_booking_rules_check_id (bad[i], &error));
      g_assert_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_BAD_ID);
    }
  g_assert_true (kv_booking_rules_check_id ("1234567890123456789012345678901234567890123456789012345678901234", NULL));
  g_assert_true (kv_booking_rules_check_id ("HMP-Leeds_2.kiosk-01", NULL));

  g_clear_pointer (&fixture->booking->id, g_free);
  assert_validates (fixture, KV_BOOKING_ERROR_BAD_ID);
  fixture->booking->id = g_strdup ("b-1");
  g_free (fixture->booking->prison_kiosk);
  fixture->booking->prison_kiosk = g_strdup ("prison 1");
  assert_validates (fixture, KV_BOOKING_ERROR_BAD_ID);
  g_free (fixture->booking->prison_kiosk);
  fixture->booking->prison_kiosk = g_strdup ("prison-1");
  g_free (fixture->booking->community_kiosk);
  fixture->booking->community_kiosk = NULL;
  assert_validates (fixture, KV_BOOKING_ERROR_BAD_ID);
}

static void
test_bad_age_band (Fixture       *fixture,
                   gconstpointer  user_data)
{
  fixture->booking->age_band = 17;
  assert_validates (fixture, KV_BOOKING_ERROR_BAD_AGE_BAND);
  fixture->booking->age_band = KV_AGE_BAND_13_17;
  assert_validates (fixture, -1);
}

static void
test_clash (Fixture       *fixture,
            gconstpointer  user_data)
{
  const KvBooking *existing = fixture->booking;
  g_autoptr(KvBooking) prison_clash = kv_booking_new ("b-2", "prison-1", "community-2",
                                                      existing->start_us + 20 * MIN_US,
                                                      existing->start_us + 50 * MIN_US,
                                                      "Mum", "Ali", KV_AGE_BAND_UNSPECIFIED);
  g_autoptr(KvBooking) community_clash = kv_booking_new ("b-3", "prison-2", "community-1",
                                                         existing->start_us - 20 * MIN_US,
                                                         existing->start_us + MIN_US,
                                                         "Mum", "Ali", KV_AGE_BAND_UNSPECIFIED);
  g_autoptr(KvBooking) after = kv_booking_new ("b-4", "prison-1", "community-1",
                                               existing->end_us, existing->end_us + 20 * MIN_US,
                                               "Mum", "Ali", KV_AGE_BAND_UNSPECIFIED);
  g_autoptr(GError) error = NULL;

  g_assert_false (kv_booking_rules_check_clash (prison_clash, existing, existing->end_us, &error));
  g_assert_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_PRISON_KIOSK_BUSY);
  /* Staff learn when the other visit is, in UTC. */
  g_assert_cmpstr (error->message, ==,
                   "The prison kiosk already has a visit from 2026-06-01 10:00 to 10:30 UTC.");
  g_clear_error (&error);

  g_assert_false (kv_booking_rules_check_clash (community_clash, existing, existing->end_us, &error));
  g_assert_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_COMMUNITY_KIOSK_BUSY);
  g_assert_nonnull (strstr (error->message, "community kiosk"));
  g_clear_error (&error);

  /* Back to back is fine, unless make-up moved the first visit's end. */
  g_assert_true (kv_booking_rules_check_clash (after, existing, existing->end_us, &error));
  g_assert_no_error (error);
  g_assert_false (kv_booking_rules_check_clash (after, existing, existing->end_us + MIN_US, &error));
  g_assert_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_PRISON_KIOSK_BUSY);
  g_assert_nonnull (strstr (error->message, "10:00 to 10:31 UTC"));
}

static void
test_dst_spring_forward (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autofree char *across = NULL;
  g_autofree char *after = NULL;

  if (paris == NULL)
    {
      g_test_skip ("tzdata for Europe/Paris is not installed");
      return;
    }

  /* 00:30-01:30 UTC: the clocks jump from 02:00 CET to 03:00 CEST inside
   * the visit. Still 60 minutes, still within the maximum. */
  fixture->now = utc (2026, 3, 28, 12, 0);
  set_times (fixture, utc (2026, 3, 29, 0, 30), utc (2026, 3, 29, 1, 30));
  assert_validates (fixture, -1);
  g_assert_cmpint (kv_booking_get_length (fixture->booking), ==, 60 * MIN_US);
  across = kv_booking_rules_format_local_times (fixture->booking, paris);
  g_assert_cmpstr (across, ==, "2026-03-29 01:30 CET – 03:30 CEST");

  /* 01:30-02:30 UTC is 60 minutes after the change. */
  set_times (fixture, utc (2026, 3, 29, 1, 30), utc (2026, 3, 29, 2, 30));
  assert_validates (fixture, -1);
  after = kv_booking_rules_format_local_times (fixture->booking, paris);
  g_assert_cmpstr (after, ==, "2026-03-29 03:30 CEST – 04:30 CEST");

  /* The maximum is UTC minutes, not wall-clock minutes: 61 is refused
   * even though the wall clock shows 2 h 1 min. */
  set_times (fixture, utc (2026, 3, 29, 0, 30), utc (2026, 3, 29, 1, 31));
  assert_validates (fixture, KV_BOOKING_ERROR_TOO_LONG);
}

static void
test_dst_fall_back (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GTimeZone) utc_zone = g_time_zone_new_utc ();
  g_autofree char *text = NULL;
  g_autofree char *in_utc = NULL;

  if (paris == NULL)
    {
      g_test_skip ("tzdata for Europe/Paris is not installed");
      return;
    }

  /* 00:30-01:30 UTC on 2026-10-25 starts and ends at 02:30 local. */
  fixture->now = utc (2026, 10, 24, 12, 0);
  set_times (fixture, utc (2026, 10, 25, 0, 30), utc (2026, 10, 25, 1, 30));
  assert_validates (fixture, -1);
  text = kv_booking_rules_format_local_times (fixture->booking, paris);
  g_assert_cmpstr (text, ==, "2026-10-25 02:30 CEST – 02:30 CET");

  /* Overnight visits show the end's date. */
  set_times (fixture, utc (2026, 10, 25, 23, 40), utc (2026, 10, 26, 0, 20));
  in_utc = kv_booking_rules_format_local_times (fixture->booking, utc_zone);
  g_assert_cmpstr (in_utc, ==, "2026-10-25 23:40 UTC – 2026-10-26 00:20 UTC");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/booking/defaults", test_defaults);

#define ADD(path, func) \
  g_test_add ("/booking/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("boxed", test_boxed);
  ADD ("overlap", test_overlap);
  ADD ("valid", test_valid);
  ADD ("invalid-times", test_invalid_times);
  ADD ("not-minute-aligned", test_not_minute_aligned);
  ADD ("in-the-past", test_in_the_past);
  ADD ("too-soon", test_too_soon);
  ADD ("beyond-horizon", test_beyond_horizon);
  ADD ("too-short", test_too_short);
  ADD ("too-long", test_too_long);
  ADD ("same-kiosk", test_same_kiosk);
  ADD ("bad-label", test_bad_label);
  ADD ("bad-id", test_bad_id);
  ADD ("bad-age-band", test_bad_age_band);
  ADD ("clash", test_clash);
  ADD ("dst-spring-forward", test_dst_spring_forward);
  ADD ("dst-fall-back", test_dst_fall_back);

  return g_test_run ();
}
