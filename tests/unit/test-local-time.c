/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-local-time.h"

#include <string.h>

/* Times people type at a site, across the European clock changes of 2026
 * and 2027 (last Sunday of March and of October, at 01:00 UTC) in
 * Europe/London (GMT/BST) and Europe/Zagreb (CET/CEST). */

static gint64
utc (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static GTimeZone *
zone (const char *name)
{
  GTimeZone *tz = g_time_zone_new_identifier (name);

  g_assert_nonnull (tz);
  return tz;
}

static void
test_plain (void)
{
  g_autoptr(GTimeZone) zagreb = zone ("Europe/Zagreb");
  g_autoptr(GTimeZone) london = zone ("Europe/London");
  g_autoptr(GError) error = NULL;
  gint64 when;

  g_assert_true (kv_local_time_parse ("2026-12-08 15:30", zagreb, &when, &error));
  g_assert_no_error (error);
  g_assert_cmpint (when, ==, utc (2026, 12, 8, 14, 30));
  g_assert_true (kv_local_time_parse ("2026-12-08T15:30:00", zagreb, &when, &error));
  g_assert_cmpint (when, ==, utc (2026, 12, 8, 14, 30));
  /* Summer: an hour more. */
  g_assert_true (kv_local_time_parse ("2026-07-01 15:30", zagreb, &when, &error));
  g_assert_cmpint (when, ==, utc (2026, 7, 1, 13, 30));
  g_assert_true (kv_local_time_parse ("2026-07-01 15:30", london, &when, &error));
  g_assert_cmpint (when, ==, utc (2026, 7, 1, 14, 30));
  g_assert_true (kv_local_time_parse ("2026-12-08 15:30", london, &when, &error));
  g_assert_cmpint (when, ==, utc (2026, 12, 8, 15, 30));
}

static void
test_explicit_offset (void)
{
  g_autoptr(GTimeZone) zagreb = zone ("Europe/Zagreb");
  g_autoptr(GError) error = NULL;
  gint64 when;

  g_assert_true (kv_local_time_parse ("2026-12-08 15:30Z", zagreb, &when, &error));
  g_assert_cmpint (when, ==, utc (2026, 12, 8, 15, 30));
  g_assert_true (kv_local_time_parse ("2026-12-08 15:30 -05:00", zagreb, &when, &error));
  g_assert_cmpint (when, ==, utc (2026, 12, 8, 20, 30));
  g_assert_true (kv_local_time_parse ("2026-12-08T15:30:00+01:00", zagreb, &when, &error));
  g_assert_cmpint (when, ==, utc (2026, 12, 8, 14, 30));
  g_assert_no_error (error);
  g_assert_true (kv_local_time_has_zone ("2026-12-08 15:30 +01:00"));
  g_assert_false (kv_local_time_has_zone ("2026-12-08 15:30"));

  g_assert_false (kv_local_time_parse ("tomorrow at ten", zagreb, &when, &error));
  g_assert_error (error, KV_LOCAL_TIME_ERROR, KV_LOCAL_TIME_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kv_local_time_parse ("2026-02-30 10:00", zagreb, &when, &error));
  g_assert_error (error, KV_LOCAL_TIME_ERROR, KV_LOCAL_TIME_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kv_local_time_parse ("2026-12-08 25:00", zagreb, &when, &error));
  g_assert_error (error, KV_LOCAL_TIME_ERROR, KV_LOCAL_TIME_ERROR_INVALID);
}

/* Spring forward: the skipped hour is refused with what to pick instead. */
static void
test_nonexistent (void)
{
  g_autoptr(GTimeZone) zagreb = zone ("Europe/Zagreb");
  g_autoptr(GTimeZone) london = zone ("Europe/London");
  g_autoptr(GError) error = NULL;
  gint64 when;

  g_assert_false (kv_local_time_parse ("2027-03-28 02:30", zagreb, &when, &error));
  g_assert_error (error, KV_LOCAL_TIME_ERROR, KV_LOCAL_TIME_ERROR_NONEXISTENT);
  g_assert_cmpstr (error->message, ==,
                   "2027-03-28 02:30 does not exist in Europe/Zagreb: the clocks go forward "
                   "from 02:00 CET to 03:00 CEST that night. Pick a time before 02:00 or from "
                   "03:00.");
  g_clear_error (&error);

  g_assert_false (kv_local_time_parse ("2026-03-29 01:15", london, &when, &error));
  g_assert_error (error, KV_LOCAL_TIME_ERROR, KV_LOCAL_TIME_ERROR_NONEXISTENT);
  g_assert_nonnull (strstr (error->message, "from 01:00 GMT to 02:00 BST"));
  g_clear_error (&error);

  /* Either side of the gap is fine. */
  g_assert_true (kv_local_time_parse ("2027-03-28 01:59", zagreb, &when, &error));
  g_assert_cmpint (when, ==, utc (2027, 3, 28, 0, 59));
  g_assert_true (kv_local_time_parse ("2027-03-28 03:00", zagreb, &when, &error));
  g_assert_cmpint (when, ==, utc (2027, 3, 28, 1, 0));
  /* With an offset it is what it says. */
  g_assert_true (kv_local_time_parse ("2027-03-28 02:30 +01:00", zagreb, &when, &error));
  g_assert_cmpint (when, ==, utc (2027, 3, 28, 1, 30));
  g_assert_no_error (error);
}

/* Fall back: the repeated hour needs its offset. */
static void
test_ambiguous (void)
{
  g_autoptr(GTimeZone) zagreb = zone ("Europe/Zagreb");
  g_autoptr(GTimeZone) london = zone ("Europe/London");
  g_autoptr(GError) error = NULL;
  gint64 when;

  g_assert_false (kv_local_time_parse ("2026-10-25 02:30", zagreb, &when, &error));
  g_assert_error (error, KV_LOCAL_TIME_ERROR, KV_LOCAL_TIME_ERROR_AMBIGUOUS);
  g_assert_cmpstr (error->message, ==,
                   "2026-10-25 02:30 happens twice in Europe/Zagreb: the clocks go back from "
                   "03:00 CEST to 02:00 CET that night. Write \"2026-10-25 02:30 +02:00\" (CEST, "
                   "the first time) or \"2026-10-25 02:30 +01:00\" (CET, the second).");
  g_clear_error (&error);

  g_assert_true (kv_local_time_parse ("2026-10-25 02:30 +02:00", zagreb, &when, &error));
  g_assert_cmpint (when, ==, utc (2026, 10, 25, 0, 30));
  g_assert_true (kv_local_time_parse ("2026-10-25 02:30 +01:00", zagreb, &when, &error));
  g_assert_cmpint (when, ==, utc (2026, 10, 25, 1, 30));

  g_assert_false (kv_local_time_parse ("2027-10-31 01:30", london, &when, &error));
  g_assert_error (error, KV_LOCAL_TIME_ERROR, KV_LOCAL_TIME_ERROR_AMBIGUOUS);
  g_assert_nonnull (strstr (error->message, "\"2027-10-31 01:30 +01:00\" (BST, the first time)"));
  g_assert_nonnull (strstr (error->message, "\"2027-10-31 01:30 +00:00\" (GMT, the second)"));
}

static void
test_resolve (void)
{
  g_autoptr(GTimeZone) london = zone ("Europe/London");
  KvLocalResolution resolution;
  GDate day;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 28, G_DATE_MARCH, 2027);
  kv_local_time_resolve (london, &day, 90, 0, &resolution);
  g_assert_cmpuint (resolution.n_matches, ==, 0);
  /* Moved forward by the gap: 01:30 UTC is 02:30 BST. */
  g_assert_cmpint (resolution.first_us, ==, utc (2027, 3, 28, 1, 30));
  g_assert_cmpint (resolution.change_us, ==, utc (2027, 3, 28, 1, 0));

  g_date_set_dmy (&day, 31, G_DATE_OCTOBER, 2027);
  kv_local_time_resolve (london, &day, 90, 0, &resolution);
  g_assert_cmpuint (resolution.n_matches, ==, 2);
  g_assert_cmpint (resolution.first_us, ==, utc (2027, 10, 31, 0, 30));
  g_assert_cmpint (resolution.second_us, ==, utc (2027, 10, 31, 1, 30));
}

static void
test_format (void)
{
  g_autoptr(GTimeZone) zagreb = zone ("Europe/Zagreb");
  g_autoptr(GTimeZone) london = zone ("Europe/London");
  g_autofree char *winter = kv_local_time_format (utc (2026, 12, 8, 14, 30), zagreb);
  g_autofree char *summer = kv_local_time_format (utc (2026, 7, 1, 13, 30), zagreb);
  g_autofree char *bst = kv_local_time_format (utc (2027, 10, 31, 0, 30), london);
  g_autofree char *gmt = kv_local_time_format (utc (2027, 10, 31, 1, 30), london);
  g_autofree char *rfc = kv_local_time_format_rfc3339 (utc (2026, 12, 8, 14, 30), zagreb);

  g_assert_cmpstr (winter, ==, "2026-12-08 15:30 CET");
  g_assert_cmpstr (summer, ==, "2026-07-01 15:30 CEST");
  g_assert_cmpstr (bst, ==, "2027-10-31 01:30 BST");
  g_assert_cmpstr (gmt, ==, "2027-10-31 01:30 GMT");
  g_assert_cmpstr (rfc, ==, "2026-12-08T15:30:00+01:00");
}

static void
test_fields (void)
{
  g_autoptr(GError) error = NULL;
  guint minute, weekday;
  GDate day;

  g_assert_true (kv_local_time_parse_clock ("15:30", &minute, &error));
  g_assert_cmpuint (minute, ==, 15 * 60 + 30);
  g_assert_true (kv_local_time_parse_clock ("24:00", &minute, &error));
  g_assert_cmpuint (minute, ==, 24 * 60);
  g_assert_false (kv_local_time_parse_clock ("15:60", &minute, NULL));
  g_assert_false (kv_local_time_parse_clock ("3:30", &minute, NULL));
  g_assert_true (kv_local_time_parse_day ("2026-12-25", &day, &error));
  g_assert_cmpuint (g_date_get_weekday (&day), ==, G_DATE_FRIDAY);
  g_assert_false (kv_local_time_parse_day ("2026-13-01", &day, NULL));
  g_assert_false (kv_local_time_parse_day ("2026-12-25 10:00", &day, NULL));
  g_assert_true (kv_local_time_parse_weekday ("tue", &weekday, &error));
  g_assert_cmpuint (weekday, ==, 2);
  g_assert_true (kv_local_time_parse_weekday ("Sunday", &weekday, &error));
  g_assert_cmpuint (weekday, ==, 7);
  g_assert_false (kv_local_time_parse_weekday ("tues", &weekday, NULL));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/local-time/plain", test_plain);
  g_test_add_func ("/local-time/explicit-offset", test_explicit_offset);
  g_test_add_func ("/local-time/nonexistent", test_nonexistent);
  g_test_add_func ("/local-time/ambiguous", test_ambiguous);
  g_test_add_func ("/local-time/resolve", test_resolve);
  g_test_add_func ("/local-time/format", test_format);
  g_test_add_func ("/local-time/fields", test_fields);

  return g_test_run ();
}
