/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-age-rules.h"

#include <string.h>

/* A site's rules per age band: the defaults, what an admin may set, the
 * youngest-child rule, and the reasons staff read when a visit is too long
 * or too close to another. */

#define MINUTE_US (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define HOUR_US (60 * MINUTE_US)
#define DAY_US (24 * HOUR_US)

/* 2026-12-08 10:00 UTC: any fixed day will do, the rules are about spans. */
#define T0 (G_GINT64_CONSTANT (1796724000) * G_USEC_PER_SEC)

static void
assert_band (const KvAgeRules *rules,
             KvAgeBand         band,
             guint             default_minutes,
             guint             max_minutes,
             guint             min_gap_hours,
             guint             aim_visits,
             guint             aim_days)
{
  const KvAgeBandRules *band_rules = kv_age_rules_get (rules, band);

  g_assert_nonnull (band_rules);
  g_assert_cmpuint (band_rules->default_minutes, ==, default_minutes);
  g_assert_cmpuint (band_rules->max_minutes, ==, max_minutes);
  g_assert_cmpuint (band_rules->min_gap_hours, ==, min_gap_hours);
  g_assert_cmpuint (band_rules->aim_visits, ==, aim_visits);
  g_assert_cmpuint (band_rules->aim_days, ==, aim_days);
}

static void
test_defaults (void)
{
  KvAgeRules rules;

  memset (&rules, 0xff, sizeof rules);
  kv_age_rules_init_defaults (&rules);
  assert_band (&rules, KV_AGE_BAND_0_3, 15, 20, 24, 2, 7);
  assert_band (&rules, KV_AGE_BAND_4_7, 20, 30, 24, 1, 7);
  assert_band (&rules, KV_AGE_BAND_8_12, 30, 45, 24, 1, 7);
  assert_band (&rules, KV_AGE_BAND_13_17, 30, 45, 24, 1, 7);
  g_assert_null (kv_age_rules_get (&rules, KV_AGE_BAND_UNSPECIFIED));

  g_assert_cmpint (kv_age_rules_band_index (KV_AGE_BAND_UNSPECIFIED), ==, -1);
  g_assert_cmpint (kv_age_rules_band_index (KV_AGE_BAND_0_3), ==, 0);
  g_assert_cmpint (kv_age_rules_band_index (KV_AGE_BAND_4_7), ==, 1);
  g_assert_cmpint (kv_age_rules_band_index (KV_AGE_BAND_8_12), ==, 2);
  g_assert_cmpint (kv_age_rules_band_index (KV_AGE_BAND_13_17), ==, 3);
  g_assert_true (kv_age_rules_get (&rules, KV_AGE_BAND_8_12) == &rules.bands[2]);

  /* Twice a week is every three and a half days. */
  g_assert_cmpint (kv_age_band_rules_get_period_us (kv_age_rules_get (&rules, KV_AGE_BAND_0_3)),
                   ==, 3 * DAY_US + 12 * HOUR_US);
  g_assert_cmpint (kv_age_band_rules_get_period_us (kv_age_rules_get (&rules, KV_AGE_BAND_4_7)),
                   ==, 7 * DAY_US);

  for (KvAgeBand band = KV_AGE_BAND_0_3; band <= KV_AGE_BAND_13_17; band++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (kv_age_band_rules_validate (kv_age_rules_get (&rules, band), band, &error));
      g_assert_no_error (error);
    }

  g_assert_false (kv_age_band_goes_to_school (KV_AGE_BAND_UNSPECIFIED));
  g_assert_false (kv_age_band_goes_to_school (KV_AGE_BAND_0_3));
  g_assert_true (kv_age_band_goes_to_school (KV_AGE_BAND_4_7));
  g_assert_true (kv_age_band_goes_to_school (KV_AGE_BAND_8_12));
  g_assert_true (kv_age_band_goes_to_school (KV_AGE_BAND_13_17));
}

static void
assert_invalid (KvAgeBandRules  rules,
                KvAgeBand       band,
                const char     *message)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (kv_age_band_rules_validate (&rules, band, &error));
  g_assert_error (error, KV_AGE_RULES_ERROR, KV_AGE_RULES_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, message);
}

static void
assert_valid (KvAgeBandRules rules)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kv_age_band_rules_validate (&rules, KV_AGE_BAND_8_12, &error));
  g_assert_no_error (error);
}

/* Each refusal names the band and the field, and says what it must be. */
static void
test_validate (void)
{
  const KvAgeBandRules good = { 15, 20, 24, 2, 7 };
  KvAgeBandRules rules;

  rules = good, rules.default_minutes = 4;
  assert_invalid (rules, KV_AGE_BAND_0_3,
                  "For children aged 0-3, default_minutes must be from 5 to 240 minutes; it is 4");
  rules = good, rules.max_minutes = 241;
  assert_invalid (rules, KV_AGE_BAND_4_7,
                  "For children aged 4-7, max_minutes must be from 5 to 240 minutes; it is 241");
  rules = good, rules.default_minutes = 30;
  assert_invalid (rules, KV_AGE_BAND_0_3,
                  "For children aged 0-3, default_minutes must be at most max_minutes (20); "
                  "it is 30");
  rules = good, rules.min_gap_hours = 337;
  assert_invalid (rules, KV_AGE_BAND_13_17,
                  "For children aged 13-17, min_gap_hours must be at most 336 hours (14 days); "
                  "it is 337");
  rules = good, rules.aim_visits = 0;
  assert_invalid (rules, KV_AGE_BAND_8_12,
                  "For children aged 8-12, aim_visits must be from 1 to 14 visits; it is 0");
  rules = good, rules.aim_visits = 15, rules.aim_days = 31;
  assert_invalid (rules, KV_AGE_BAND_8_12,
                  "For children aged 8-12, aim_visits must be from 1 to 14 visits; it is 15");
  rules = good, rules.aim_days = 0;
  assert_invalid (rules, KV_AGE_BAND_4_7,
                  "For children aged 4-7, aim_days must be from 1 to 31 days; it is 0");
  rules = good, rules.aim_days = 32;
  assert_invalid (rules, KV_AGE_BAND_4_7,
                  "For children aged 4-7, aim_days must be from 1 to 31 days; it is 32");
  rules = good, rules.aim_visits = 8;
  assert_invalid (rules, KV_AGE_BAND_0_3,
                  "For children aged 0-3, aim_visits must be at most aim_days (7): one visit a "
                  "day at most; it is 8");

  /* The limits themselves are allowed. */
  rules = good, rules.default_minutes = 5, rules.max_minutes = 5;
  assert_valid (rules);
  rules = good, rules.default_minutes = 240, rules.max_minutes = 240;
  assert_valid (rules);
  rules = good, rules.min_gap_hours = 0;
  assert_valid (rules);
  rules = good, rules.min_gap_hours = 336;
  assert_valid (rules);
  rules = good, rules.aim_visits = 14, rules.aim_days = 14;
  assert_valid (rules);
  rules = good, rules.aim_visits = 1, rules.aim_days = 31;
  assert_valid (rules);
}

/* A family's rules are its youngest child's; a child without a band does
 * not count. */
static void
test_youngest (void)
{
  const KvAgeBand mixed[] = {
    KV_AGE_BAND_8_12, KV_AGE_BAND_UNSPECIFIED, KV_AGE_BAND_0_3, KV_AGE_BAND_4_7,
  };
  const KvAgeBand unspecified_first[] = {
    KV_AGE_BAND_UNSPECIFIED, KV_AGE_BAND_13_17, KV_AGE_BAND_8_12,
  };
  const KvAgeBand none[] = { KV_AGE_BAND_UNSPECIFIED, KV_AGE_BAND_UNSPECIFIED };
  const KvAgeBand one[] = { KV_AGE_BAND_13_17 };

  g_assert_cmpint (kv_age_band_youngest (mixed, G_N_ELEMENTS (mixed)), ==, KV_AGE_BAND_0_3);
  g_assert_cmpint (kv_age_band_youngest (unspecified_first, G_N_ELEMENTS (unspecified_first)),
                   ==, KV_AGE_BAND_8_12);
  g_assert_cmpint (kv_age_band_youngest (none, G_N_ELEMENTS (none)), ==,
                   KV_AGE_BAND_UNSPECIFIED);
  g_assert_cmpint (kv_age_band_youngest (one, 1), ==, KV_AGE_BAND_13_17);
  g_assert_cmpint (kv_age_band_youngest (NULL, 0), ==, KV_AGE_BAND_UNSPECIFIED);
  /* Only the first two of mixed: 8-12 and no band. */
  g_assert_cmpint (kv_age_band_youngest (mixed, 2), ==, KV_AGE_BAND_8_12);
}

static void
test_length (void)
{
  KvAgeRules rules;
  g_autoptr(GError) error = NULL;

  kv_age_rules_init_defaults (&rules);

  /* The example: a 60-minute visit for a 2-year-old. */
  g_assert_false (kv_age_rules_check_length (&rules, KV_AGE_BAND_0_3, 60 * MINUTE_US, &error));
  g_assert_error (error, KV_AGE_RULES_ERROR, KV_AGE_RULES_ERROR_TOO_LONG);
  g_assert_cmpstr (error->message, ==,
                   "A visit for a child aged 0-3 may last at most 20 minutes here; this one "
                   "lasts 60 minutes (the usual length is 15)");
  g_clear_error (&error);

  g_assert_true (kv_age_rules_check_length (&rules, KV_AGE_BAND_0_3, 20 * MINUTE_US, &error));
  g_assert_no_error (error);
  g_assert_false (kv_age_rules_check_length (&rules, KV_AGE_BAND_0_3,
                                             20 * MINUTE_US + G_USEC_PER_SEC, &error));
  g_assert_cmpstr (error->message, ==,
                   "A visit for a child aged 0-3 may last at most 20 minutes here; this one "
                   "lasts 21 minutes (the usual length is 15)");
  g_clear_error (&error);

  g_assert_true (kv_age_rules_check_length (&rules, KV_AGE_BAND_4_7, 30 * MINUTE_US, NULL));
  g_assert_false (kv_age_rules_check_length (&rules, KV_AGE_BAND_4_7, 45 * MINUTE_US, &error));
  g_assert_cmpstr (error->message, ==,
                   "A visit for a child aged 4-7 may last at most 30 minutes here; this one "
                   "lasts 45 minutes (the usual length is 20)");
  g_clear_error (&error);
  g_assert_true (kv_age_rules_check_length (&rules, KV_AGE_BAND_13_17, 45 * MINUTE_US, NULL));

  /* No band, no rule. */
  g_assert_true (kv_age_rules_check_length (&rules, KV_AGE_BAND_UNSPECIFIED, 600 * MINUTE_US,
                                            &error));
  g_assert_no_error (error);

  /* A site's own rules. */
  rules.bands[3].max_minutes = 90;
  g_assert_true (kv_age_rules_check_length (&rules, KV_AGE_BAND_13_17, 90 * MINUTE_US, NULL));
  g_assert_false (kv_age_rules_check_length (&rules, KV_AGE_BAND_8_12, 90 * MINUTE_US, NULL));
}

static void
test_gap (void)
{
  KvAgeRules rules;
  g_autoptr(GError) error = NULL;
  gint64 other_start = T0, other_end = T0 + 15 * MINUTE_US;

  kv_age_rules_init_defaults (&rules);

  /* Exactly 24 hours after the other visit ends: fine. */
  g_assert_true (kv_age_rules_check_gap (&rules, KV_AGE_BAND_0_3, other_end + DAY_US,
                                         other_end + DAY_US + 15 * MINUTE_US, other_start,
                                         other_end, &error));
  g_assert_no_error (error);

  /* A minute short. */
  g_assert_false (kv_age_rules_check_gap (&rules, KV_AGE_BAND_0_3, other_end + DAY_US - MINUTE_US,
                                          other_end + DAY_US + 14 * MINUTE_US, other_start,
                                          other_end, &error));
  g_assert_error (error, KV_AGE_RULES_ERROR, KV_AGE_RULES_ERROR_TOO_CLOSE);
  g_assert_cmpstr (error->message, ==,
                   "A child aged 0-3 needs at least 24 hours between two visits here; this one "
                   "starts 23 hours 59 minutes after another visit of the family");
  g_clear_error (&error);

  /* Before the other visit: counted from its own end to the other's start. */
  g_assert_false (kv_age_rules_check_gap (&rules, KV_AGE_BAND_8_12, other_start - 3 * HOUR_US
                                          - 30 * MINUTE_US, other_start - 3 * HOUR_US,
                                          other_start, other_end, &error));
  g_assert_cmpstr (error->message, ==,
                   "A child aged 8-12 needs at least 24 hours between two visits here; this one "
                   "ends 3 hours before another visit of the family");
  g_clear_error (&error);
  g_assert_true (kv_age_rules_check_gap (&rules, KV_AGE_BAND_8_12, other_start - DAY_US
                                         - 30 * MINUTE_US, other_start - DAY_US, other_start,
                                         other_end, NULL));

  g_assert_false (kv_age_rules_check_gap (&rules, KV_AGE_BAND_4_7, other_end, other_end
                                          + 20 * MINUTE_US, other_start, other_end, &error));
  g_assert_cmpstr (error->message, ==,
                   "A child aged 4-7 needs at least 24 hours between two visits here; this one "
                   "starts less than a minute after another visit of the family");
  g_clear_error (&error);

  g_assert_false (kv_age_rules_check_gap (&rules, KV_AGE_BAND_4_7, other_start + 5 * MINUTE_US,
                                          other_start + 25 * MINUTE_US, other_start, other_end,
                                          &error));
  g_assert_cmpstr (error->message, ==,
                   "A child aged 4-7 needs at least 24 hours between two visits here; this one "
                   "overlaps another visit of the family");
  g_clear_error (&error);

  /* A site with no gap: back to back is fine, overlapping is not. */
  rules.bands[1].min_gap_hours = 0;
  g_assert_true (kv_age_rules_check_gap (&rules, KV_AGE_BAND_4_7, other_end,
                                         other_end + 20 * MINUTE_US, other_start, other_end,
                                         NULL));
  g_assert_false (kv_age_rules_check_gap (&rules, KV_AGE_BAND_4_7, other_end - MINUTE_US,
                                          other_end + 20 * MINUTE_US, other_start, other_end,
                                          NULL));

  /* No band, no rule. */
  g_assert_true (kv_age_rules_check_gap (&rules, KV_AGE_BAND_UNSPECIFIED, other_start,
                                         other_end, other_start, other_end, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/age-rules/defaults", test_defaults);
  g_test_add_func ("/age-rules/validate", test_validate);
  g_test_add_func ("/age-rules/youngest", test_youngest);
  g_test_add_func ("/age-rules/length", test_length);
  g_test_add_func ("/age-rules/gap", test_gap);

  return g_test_run ();
}
