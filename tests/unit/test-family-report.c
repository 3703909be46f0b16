/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-contact-plan.h"
#include "kv-family-report.h"

#include <math.h>

/* The monthly report on contact for one site, November 2026 in Zagreb,
 * on a hand-made data set whose answers were worked out on paper (see the
 * comments by each family). */

#define HOUR_US (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
#define DAY_US (24 * HOUR_US)

typedef struct
{
  GTimeZone *tz;
  GPtrArray *families;
  GPtrArray *visits;
  gint64     month_start;
  gint64     month_end;
} Fixture;

static gint64
local (GTimeZone *tz,
       int        month,
       int        day,
       int        hour,
       int        minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new (tz, 2026, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static void
add_family (Fixture    *fixture,
            const char *id,
            KvAgeBand   band,
            const char *admitted_on)
{
  KvReportFamily *family = g_new0 (KvReportFamily, 1);
  g_autoptr(GError) error = NULL;

  family->family_id = id;
  family->band = band;
  family->admitted_us = kv_contact_plan_admission_start (admitted_on, fixture->tz, &error);
  g_assert_no_error (error);
  family->first_week_end_us = kv_contact_plan_first_week_end (admitted_on, fixture->tz, &error);
  g_assert_no_error (error);
  g_ptr_array_add (fixture->families, family);
}

static void
add_visit (Fixture    *fixture,
           const char *id,
           int         month,
           int         day,
           int         hour,
           int         minute,
           gboolean    held,
           gboolean    within_rules)
{
  KvReportVisit *visit = g_new0 (KvReportVisit, 1);

  visit->family_id = id;
  visit->start_us = local (fixture->tz, month, day, hour, minute);
  visit->held = held;
  visit->within_rules = within_rules;
  g_ptr_array_add (fixture->visits, visit);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->tz = g_time_zone_new_identifier ("Europe/Zagreb");
  g_assert_nonnull (fixture->tz);
  fixture->families = g_ptr_array_new_with_free_func (g_free);
  fixture->visits = g_ptr_array_new_with_free_func (g_free);
  fixture->month_start = local (fixture->tz, 11, 1, 0, 0);
  fixture->month_end = local (fixture->tz, 12, 1, 0, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_ptr_array_unref (fixture->visits);
  g_ptr_array_unref (fixture->families);
  g_time_zone_unref (fixture->tz);
}

static void
test_november (Fixture       *fixture,
               gconstpointer  data)
{
  KvFamilyReport report, again;
  g_autoptr(GPtrArray) shuffled = g_ptr_array_new ();

  /* New, first week to 12 November: contact on the 5th. 0-3 intervals
   * 3.25, 2.75 and 4 days; the visit on the 8th was booked over the rules. */
  add_family (fixture, "fA", KV_AGE_BAND_0_3, "2026-11-03");
  add_visit (fixture, "fA", 11, 5, 10, 0, TRUE, TRUE);
  add_visit (fixture, "fA", 11, 8, 16, 0, TRUE, FALSE);
  add_visit (fixture, "fA", 11, 11, 10, 0, TRUE, TRUE);
  add_visit (fixture, "fA", 11, 15, 10, 0, TRUE, TRUE);
  /* Admitted in October. 0-3 intervals 3 (30 October to 2 November) and
   * 7: the technical failure on the 4th was not held. */
  add_family (fixture, "fB", KV_AGE_BAND_0_3, "2026-10-20");
  add_visit (fixture, "fB", 10, 30, 10, 0, TRUE, FALSE);
  add_visit (fixture, "fB", 11, 2, 10, 0, TRUE, TRUE);
  add_visit (fixture, "fB", 11, 4, 10, 0, FALSE, TRUE);
  add_visit (fixture, "fB", 11, 9, 10, 0, TRUE, TRUE);
  /* New, first week to 28 November: only a visit that was not held in
   * it. Its one interval ends in December. */
  add_family (fixture, "fC", KV_AGE_BAND_4_7, "2026-11-20");
  add_visit (fixture, "fC", 11, 22, 10, 0, FALSE, TRUE);
  add_visit (fixture, "fC", 11, 29, 10, 0, TRUE, TRUE);
  add_visit (fixture, "fC", 12, 3, 10, 0, TRUE, TRUE);
  /* New, first week to 2 December: a no-show, then contact on the 27th.
   * 4-7 interval 3.5 days; the visit at 00:30 on 1 December (23:30 UTC
   * on 30 November) belongs to December. */
  add_family (fixture, "fD", KV_AGE_BAND_4_7, "2026-11-24");
  add_visit (fixture, "fD", 11, 25, 10, 0, FALSE, TRUE);
  add_visit (fixture, "fD", 11, 27, 10, 0, TRUE, TRUE);
  add_visit (fixture, "fD", 11, 30, 22, 0, TRUE, TRUE);
  add_visit (fixture, "fD", 12, 1, 0, 30, TRUE, TRUE);
  /* Admitted in September. 8-12 intervals 28 days and an hour (10:00 CEST
   * to 10:00 CET) and 7 days; the second booked over the rules. */
  add_family (fixture, "fE", KV_AGE_BAND_8_12, "2026-09-01");
  add_visit (fixture, "fE", 10, 20, 10, 0, TRUE, TRUE);
  add_visit (fixture, "fE", 11, 17, 10, 0, TRUE, TRUE);
  add_visit (fixture, "fE", 11, 24, 10, 0, TRUE, FALSE);
  /* New on the month's first day, first week to 9 November: contact at
   * 23:30 on the 8th. */
  add_family (fixture, "fF", KV_AGE_BAND_13_17, "2026-11-01");
  add_visit (fixture, "fF", 11, 8, 23, 30, TRUE, TRUE);
  /* Admitted on the first day of the next month: not new in November. */
  add_family (fixture, "fG", KV_AGE_BAND_13_17, "2026-12-01");
  /* No band: its visits count, its interval has no band to go to. */
  add_family (fixture, "fU", KV_AGE_BAND_UNSPECIFIED, "2026-10-01");
  add_visit (fixture, "fU", 11, 3, 10, 0, TRUE, TRUE);
  add_visit (fixture, "fU", 11, 10, 10, 0, TRUE, TRUE);
  /* A visit of a family that is not this site's. */
  add_visit (fixture, "fX", 11, 12, 10, 0, TRUE, FALSE);

  kv_family_report_compute (fixture->families, fixture->visits, fixture->month_start,
                            fixture->month_end, &report);

  g_assert_cmpuint (report.new_families, ==, 4);
  g_assert_cmpuint (report.first_week_contact, ==, 3);
  /* 0-3: 2.75, 3, 3.25, 4, 7. */
  g_assert_cmpuint (report.gaps[0], ==, 5);
  g_assert_cmpfloat (report.median_gap_days[0], ==, 3.25);
  /* 4-7: 3.5 alone. */
  g_assert_cmpuint (report.gaps[1], ==, 1);
  g_assert_cmpfloat (report.median_gap_days[1], ==, 3.5);
  /* 8-12: 7 and 28 + 1/24, an even count: their mean. */
  g_assert_cmpuint (report.gaps[2], ==, 2);
  g_assert_cmpfloat_with_epsilon (report.median_gap_days[2], (7.0 + 28.0 + 1.0 / 24) / 2, 1e-9);
  /* 13-17: one visit, no interval. */
  g_assert_cmpuint (report.gaps[3], ==, 0);
  g_assert_true (isnan (report.median_gap_days[3]));
  /* November visits: fA 4, fB 3, fC 2, fD 3, fE 2, fF 1, fU 2; two of
   * them over the rules. */
  g_assert_cmpuint (report.visits, ==, 17);
  g_assert_cmpuint (report.visits_within_rules, ==, 15);

  /* Visits in any order give the same figures (7 and 22 visits have no
   * common factor: this visits each once). */
  g_assert_cmpuint (fixture->visits->len, ==, 22);
  for (guint i = 0; i < fixture->visits->len; i++)
    g_ptr_array_add (shuffled, g_ptr_array_index (fixture->visits, (i * 7) % 22));
  kv_family_report_compute (fixture->families, shuffled, fixture->month_start,
                            fixture->month_end, &again);
  g_assert_cmpuint (again.new_families, ==, 4);
  g_assert_cmpuint (again.first_week_contact, ==, 3);
  g_assert_cmpuint (again.gaps[0], ==, 5);
  g_assert_cmpfloat (again.median_gap_days[0], ==, 3.25);
  g_assert_cmpfloat (again.median_gap_days[1], ==, 3.5);
  g_assert_cmpfloat_with_epsilon (again.median_gap_days[2], (7.0 + 28.0 + 1.0 / 24) / 2, 1e-9);
  g_assert_cmpuint (again.visits, ==, 17);
  g_assert_cmpuint (again.visits_within_rules, ==, 15);
}

/* A visit exactly at the end of the first week is too late. */
static void
test_first_week_boundary (Fixture       *fixture,
                          gconstpointer  data)
{
  KvFamilyReport report;
  KvReportFamily *family;
  KvReportVisit *visit;

  add_family (fixture, "f", KV_AGE_BAND_4_7, "2026-11-10");
  family = g_ptr_array_index (fixture->families, 0);
  g_assert_cmpint (family->first_week_end_us, ==, local (fixture->tz, 11, 18, 0, 0));
  add_visit (fixture, "f", 11, 18, 0, 0, TRUE, TRUE);
  kv_family_report_compute (fixture->families, fixture->visits, fixture->month_start,
                            fixture->month_end, &report);
  g_assert_cmpuint (report.new_families, ==, 1);
  g_assert_cmpuint (report.first_week_contact, ==, 0);
  g_assert_cmpuint (report.visits, ==, 1);

  visit = g_ptr_array_index (fixture->visits, 0);
  visit->start_us -= 1;
  kv_family_report_compute (fixture->families, fixture->visits, fixture->month_start,
                            fixture->month_end, &report);
  g_assert_cmpuint (report.first_week_contact, ==, 1);

  /* Not held: no contact. */
  visit->held = FALSE;
  kv_family_report_compute (fixture->families, fixture->visits, fixture->month_start,
                            fixture->month_end, &report);
  g_assert_cmpuint (report.first_week_contact, ==, 0);
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  KvFamilyReport report;

  kv_family_report_compute (fixture->families, fixture->visits, fixture->month_start,
                            fixture->month_end, &report);
  g_assert_cmpuint (report.new_families, ==, 0);
  g_assert_cmpuint (report.first_week_contact, ==, 0);
  g_assert_cmpuint (report.visits, ==, 0);
  g_assert_cmpuint (report.visits_within_rules, ==, 0);
  for (guint b = 0; b < KV_AGE_BAND_COUNT; b++)
    {
      g_assert_cmpuint (report.gaps[b], ==, 0);
      g_assert_true (isnan (report.median_gap_days[b]));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/family-report/november", Fixture, NULL, fixture_set_up, test_november,
              fixture_tear_down);
  g_test_add ("/family-report/first-week-boundary", Fixture, NULL, fixture_set_up,
              test_first_week_boundary, fixture_tear_down);
  g_test_add ("/family-report/empty", Fixture, NULL, fixture_set_up, test_empty,
              fixture_tear_down);

  return g_test_run ();
}
