/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-school-hours.h"

/* School hours are local wall-clock times: compared with a visit on each
 * local day it touches, in the site's zone, on days of 23 and 25 hours
 * too. */

#define MINUTE_US (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define DAY_US (24 * 60 * MINUTE_US)

static gint64
utc (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static KvSchoolHours *
weekdays (const char *zone_name)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone_name);
  KvSchoolHours *hours;

  g_assert_nonnull (tz);
  hours = kv_school_hours_new (tz);
  for (guint weekday = 1; weekday <= 5; weekday++)
    kv_school_hours_add (hours, weekday, 8 * 60, 15 * 60);
  return hours;
}

static gboolean
overlaps (KvSchoolHours *hours,
          gint64         start,
          guint          minutes)
{
  return kv_school_hours_overlaps (hours, start, start + minutes * MINUTE_US);
}

static void
test_empty (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Zagreb");
  g_autoptr(KvSchoolHours) none = kv_school_hours_new (tz);
  g_autoptr(KvSchoolHours) some = weekdays ("Europe/Zagreb");

  g_assert_true (kv_school_hours_is_empty (none));
  g_assert_false (overlaps (none, utc (2026, 12, 8, 9, 0), 30));
  g_assert_false (kv_school_hours_is_empty (some));
}

/* Monday to Friday 08:00–15:00 in Zagreb (CET, UTC+1) and London (GMT):
 * the same UTC times fall differently. */
static void
test_weekdays_in_zone (void)
{
  g_autoptr(KvSchoolHours) zagreb = weekdays ("Europe/Zagreb");
  g_autoptr(KvSchoolHours) london = weekdays ("Europe/London");

  /* Tuesday 8 December 2026. */
  g_assert_true (overlaps (zagreb, utc (2026, 12, 8, 13, 30), 30));    /* 14:30–15:00 CET */
  g_assert_false (overlaps (zagreb, utc (2026, 12, 8, 14, 0), 30));    /* 15:00–15:30 CET */
  g_assert_true (overlaps (zagreb, utc (2026, 12, 8, 13, 59), 30));
  g_assert_false (overlaps (zagreb, utc (2026, 12, 8, 6, 30), 30));    /* 07:30–08:00 CET */
  g_assert_true (overlaps (zagreb, utc (2026, 12, 8, 6, 45), 30));     /* 07:45–08:15 CET */
  g_assert_true (overlaps (zagreb, utc (2026, 12, 8, 7, 30), 30));     /* 08:30 CET */
  g_assert_false (overlaps (london, utc (2026, 12, 8, 7, 30), 30));    /* 07:30 GMT */
  g_assert_true (overlaps (london, utc (2026, 12, 8, 14, 30), 30));    /* 14:30 GMT */
  /* Saturday and Sunday: no school. */
  g_assert_false (overlaps (zagreb, utc (2026, 12, 12, 9, 0), 60));
  g_assert_false (overlaps (zagreb, utc (2026, 12, 13, 9, 0), 60));
  /* Nothing, or backwards. */
  g_assert_false (kv_school_hours_overlaps (zagreb, utc (2026, 12, 8, 9, 0),
                                            utc (2026, 12, 8, 9, 0)));
  g_assert_false (kv_school_hours_overlaps (zagreb, utc (2026, 12, 8, 10, 0),
                                            utc (2026, 12, 8, 9, 0)));
  /* Over a week: some school day is inside. */
  g_assert_true (kv_school_hours_overlaps (zagreb, utc (2026, 12, 12, 0, 0),
                                           utc (2026, 12, 12, 0, 0) + 9 * DAY_US));
}

/* A visit across local midnight meets each day's own hours. */
static void
test_across_midnight (void)
{
  g_autoptr(KvSchoolHours) zagreb = weekdays ("Europe/Zagreb");

  /* Sunday 23:30 CET to Monday 08:30 CET. */
  g_assert_true (overlaps (zagreb, utc (2026, 12, 6, 22, 30), 9 * 60));
  /* Sunday 23:30 to Monday 07:59. */
  g_assert_false (overlaps (zagreb, utc (2026, 12, 6, 22, 30), 8 * 60 + 29));
  /* Friday 23:30 to Saturday 08:30: Saturday has none. */
  g_assert_false (overlaps (zagreb, utc (2026, 12, 11, 22, 30), 9 * 60));
  /* Monday 14:30 to Tuesday 07:00: Monday's hours. */
  g_assert_true (overlaps (zagreb, utc (2026, 12, 7, 13, 30), 16 * 60 + 30));
}

/* Sunday hours 01:00–04:00 in Zagreb on the nights the clocks change:
 * 3 hours of wall clock are 2 real hours in spring and 4 in autumn. */
static void
test_dst_days (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Zagreb");
  g_autoptr(KvSchoolHours) night = kv_school_hours_new (tz);
  g_autoptr(KvSchoolHours) gap = kv_school_hours_new (tz);

  kv_school_hours_add (night, 7, 60, 4 * 60);
  /* 29 March 2026: 01:00 CET is 00:00 UTC, 04:00 CEST is 02:00 UTC. */
  g_assert_false (overlaps (night, utc (2026, 3, 28, 23, 30), 30));
  g_assert_true (overlaps (night, utc (2026, 3, 29, 1, 45), 30));
  g_assert_false (overlaps (night, utc (2026, 3, 29, 2, 0), 30));
  /* 25 October 2026: 01:00 CEST is 23:00 UTC the day before, 04:00 CET
   * is 03:00 UTC. */
  g_assert_false (overlaps (night, utc (2026, 10, 24, 22, 30), 30));
  g_assert_true (overlaps (night, utc (2026, 10, 24, 23, 0), 30));
  g_assert_true (overlaps (night, utc (2026, 10, 25, 2, 30), 30));
  g_assert_false (overlaps (night, utc (2026, 10, 25, 3, 0), 30));

  /* 02:30–03:30 on 29 March opens in the skipped hour: from the jump at
   * 03:00 CEST (01:00 UTC) to 03:30 CEST. */
  kv_school_hours_add (gap, 7, 2 * 60 + 30, 3 * 60 + 30);
  g_assert_false (overlaps (gap, utc (2026, 3, 29, 0, 45), 15));      /* 01:45–02:00 CET */
  g_assert_true (overlaps (gap, utc (2026, 3, 29, 1, 0), 15));        /* 03:00–03:15 CEST */
  g_assert_false (overlaps (gap, utc (2026, 3, 29, 1, 30), 15));      /* 03:30 CEST */
  /* A week later the same wall clock is 00:30–01:30 UTC. */
  g_assert_true (overlaps (gap, utc (2026, 4, 5, 0, 30), 15));
  g_assert_false (overlaps (gap, utc (2026, 4, 5, 1, 30), 15));
}

/* A window to the end of the day. */
static void
test_until_midnight (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/London");
  g_autoptr(KvSchoolHours) evening = kv_school_hours_new (tz);

  kv_school_hours_add (evening, 3, 22 * 60, 24 * 60);
  /* Wednesday 9 December 2026, 23:45 GMT to Thursday 00:15. */
  g_assert_true (overlaps (evening, utc (2026, 12, 9, 23, 45), 30));
  g_assert_false (overlaps (evening, utc (2026, 12, 10, 0, 0), 30));
  g_assert_false (overlaps (evening, utc (2026, 12, 9, 21, 30), 30));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/school-hours/empty", test_empty);
  g_test_add_func ("/school-hours/weekdays-in-zone", test_weekdays_in_zone);
  g_test_add_func ("/school-hours/across-midnight", test_across_midnight);
  g_test_add_func ("/school-hours/dst-days", test_dst_days);
  g_test_add_func ("/school-hours/until-midnight", test_until_midnight);

  return g_test_run ();
}
