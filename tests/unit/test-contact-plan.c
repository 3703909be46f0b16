/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-contact-plan.h"
#include "kv-local-time.h"

#include <gio/gio.h>

/* The first week after admission, the slots held back for it, the visit
 * proposed to a family and whether its contact is due, in Europe/Zagreb
 * (CET/CEST) and Europe/London (GMT/BST) across their clock changes, and
 * America/Havana, whose clocks change at midnight. */

#define MINUTE_US (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define HOUR_US (60 * MINUTE_US)
#define DAY_US (24 * HOUR_US)

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
assert_week (const char *zone_name,
             const char *admitted_on,
             gint64      expected_start,
             gint64      expected_end,
             const char *expected_end_local)
{
  g_autoptr(GTimeZone) tz = zone (zone_name);
  g_autoptr(GError) error = NULL;
  gint64 start = kv_contact_plan_admission_start (admitted_on, tz, &error);
  gint64 end;
  g_autofree char *local = NULL;

  g_assert_no_error (error);
  end = kv_contact_plan_first_week_end (admitted_on, tz, &error);
  g_assert_no_error (error);
  g_assert_cmpint (start, ==, expected_start);
  g_assert_cmpint (end, ==, expected_end);
  local = kv_local_time_format (end, tz);
  g_assert_cmpstr (local, ==, expected_end_local);
}

/* The first week ends at the local midnight that starts day admitted_on + 8,
 * which is 8 days less or more an hour after the admission day starts when
 * the clocks change in between. */
static void
test_first_week_end (void)
{
  assert_week ("Europe/Zagreb", "2026-12-06", utc (2026, 12, 5, 23, 0),
               utc (2026, 12, 13, 23, 0), "2026-12-14 00:00 CET");
  /* Spring forward on Sunday 29 March: 8 days less an hour. */
  assert_week ("Europe/Zagreb", "2026-03-25", utc (2026, 3, 24, 23, 0),
               utc (2026, 4, 1, 22, 0), "2026-04-02 00:00 CEST");
  g_assert_cmpint (utc (2026, 4, 1, 22, 0) - utc (2026, 3, 24, 23, 0), ==, 8 * DAY_US - HOUR_US);
  assert_week ("Europe/Zagreb", "2026-03-29", utc (2026, 3, 28, 23, 0),
               utc (2026, 4, 5, 22, 0), "2026-04-06 00:00 CEST");
  /* Fall back on Sunday 25 October: 8 days and an hour. */
  assert_week ("Europe/Zagreb", "2026-10-20", utc (2026, 10, 19, 22, 0),
               utc (2026, 10, 27, 23, 0), "2026-10-28 00:00 CET");
  assert_week ("Europe/London", "2027-03-26", utc (2027, 3, 26, 0, 0),
               utc (2027, 4, 2, 23, 0), "2027-04-03 00:00 BST");
  assert_week ("Europe/London", "2026-10-24", utc (2026, 10, 23, 23, 0),
               utc (2026, 11, 1, 0, 0), "2026-11-01 00:00 GMT");
  /* Havana's clocks go from 00:00 to 01:00 on 8 March 2026: that day
   * starts at 01:00. On 1 November they go from 01:00 back to 00:00:
   * midnight happens twice and the day starts at the first. */
  assert_week ("America/Havana", "2026-02-28", utc (2026, 2, 28, 5, 0),
               utc (2026, 3, 8, 5, 0), "2026-03-08 01:00 CDT");
  assert_week ("America/Havana", "2026-10-24", utc (2026, 10, 24, 4, 0),
               utc (2026, 11, 1, 4, 0), "2026-11-01 00:00 CDT");
}

static void
test_bad_date (void)
{
  g_autoptr(GTimeZone) tz = zone ("Europe/Zagreb");
  const char *bad[] = { "2026-02-30", "yesterday", "2026-2-3", "2026-12-06T00:00", "" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *message = g_strdup_printf ("The admission date \"%s\" is not a real "
                                                  "day: it must be a date like 2026-12-08",
                                                  bad[i]);

      g_assert_cmpint (kv_contact_plan_first_week_end (bad[i], tz, &error), ==, 0);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_cmpstr (error->message, ==, message);
      g_clear_error (&error);
      g_assert_cmpint (kv_contact_plan_admission_start (bad[i], tz, &error), ==, 0);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
}

static guint
count_held (guint share,
            guint n)
{
  guint held = 0;

  for (guint k = 0; k < n; k++)
    held += kv_contact_plan_is_held_back (k, share) ? 1 : 0;
  return held;
}

static void
test_held_back_spread (void)
{
  /* 50: every other slot, starting with the second. */
  for (guint k = 0; k < 20; k++)
    g_assert_cmpint (kv_contact_plan_is_held_back (k, 50), ==, k % 2 == 1);
  /* 25: every fourth. */
  for (guint k = 0; k < 20; k++)
    g_assert_cmpint (kv_contact_plan_is_held_back (k, 25), ==, k % 4 == 3);
  g_assert_cmpuint (count_held (0, 1000), ==, 0);
  g_assert_cmpuint (count_held (100, 1000), ==, 1000);
  g_assert_cmpuint (count_held (25, 100), ==, 25);
  g_assert_cmpuint (count_held (50, 100), ==, 50);
  /* Any share: exactly that many in a hundred, and never two in a row
   * under a half. */
  g_assert_cmpuint (count_held (33, 100), ==, 33);
  g_assert_cmpuint (count_held (33, 3), ==, 0);
  g_assert_cmpuint (count_held (33, 4), ==, 1);
  for (guint k = 0; k < 99; k++)
    g_assert_false (kv_contact_plan_is_held_back (k, 33) &&
                    kv_contact_plan_is_held_back (k + 1, 33));
  /* Over 100 is all. */
  g_assert_cmpuint (count_held (250, 50), ==, 50);
}

static void
test_hold_release (void)
{
  gint64 start = utc (2026, 12, 14, 14, 30);

  g_assert_true (kv_contact_plan_hold_applies (start, start - 3 * DAY_US));
  g_assert_true (kv_contact_plan_hold_applies (start, start - 48 * HOUR_US - 1));
  g_assert_false (kv_contact_plan_hold_applies (start, start - 48 * HOUR_US));
  g_assert_false (kv_contact_plan_hold_applies (start, start - 47 * HOUR_US));
  g_assert_false (kv_contact_plan_hold_applies (start, start + HOUR_US));
}

/* Proposals in Zagreb, December 2026. The prison opens Monday to Friday
 * 09:00–18:00; the community centre Monday to Saturday, closed on Tuesday
 * 8 December for staff training. Four 30-minute weekly templates: Tuesday
 * 15:30, Thursday 10:00, Friday 16:00 and Saturday 10:00. School runs
 * Monday to Friday 08:00–15:00. A parent admitted on Sunday 6 December:
 * the first week ends at Monday 14 December 00:00 CET (13 December 23:00
 * UTC). */
typedef struct
{
  GTimeZone      *tz;
  KvSiteCalendar *prison;
  KvSiteCalendar *community;
  GPtrArray      *templates;
  KvSchoolHours  *school;
  KvAgeRules      rules;
  gint64          now;
  gint64          deadline;
  GPtrArray      *slots;
  GPtrArray      *visits;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->tz = zone ("Europe/Zagreb");
  fixture->prison = kv_site_calendar_new ("prison", "Prison", fixture->tz);
  fixture->community = kv_site_calendar_new ("centre", "Centre", fixture->tz);
  for (guint weekday = 1; weekday <= 5; weekday++)
    kv_site_calendar_add_hours (fixture->prison, weekday, 9 * 60, 18 * 60);
  for (guint weekday = 1; weekday <= 6; weekday++)
    kv_site_calendar_add_hours (fixture->community, weekday, 9 * 60, 18 * 60);
  kv_site_calendar_add_closed_day (fixture->community, "2026-12-08", "staff training");

  fixture->templates = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_slot_template_free);
  g_ptr_array_add (fixture->templates, kv_slot_template_new ("tue", "pv-1", "ck-1", 2, "15:30",
                                                             30, 1, "2026-11-02", NULL));
  g_ptr_array_add (fixture->templates, kv_slot_template_new ("thu", "pv-1", "ck-1", 4, "10:00",
                                                             30, 1, "2026-11-02", NULL));
  g_ptr_array_add (fixture->templates, kv_slot_template_new ("fri", "pv-1", "ck-1", 5, "16:00",
                                                             30, 1, "2026-11-02", NULL));
  g_ptr_array_add (fixture->templates, kv_slot_template_new ("sat", "pv-1", "ck-1", 6, "10:00",
                                                             30, 1, "2026-11-02", NULL));

  fixture->school = kv_school_hours_new (fixture->tz);
  for (guint weekday = 1; weekday <= 5; weekday++)
    kv_school_hours_add (fixture->school, weekday, 8 * 60, 15 * 60);
  kv_age_rules_init_defaults (&fixture->rules);

  fixture->now = utc (2026, 12, 6, 11, 0);
  fixture->deadline = kv_contact_plan_first_week_end ("2026-12-06", fixture->tz, NULL);
  g_assert_cmpint (fixture->deadline, ==, utc (2026, 12, 13, 23, 0));
  fixture->slots = kv_slot_calendar_expand (fixture->templates, fixture->prison,
                                            fixture->community, fixture->now,
                                            fixture->now + 28 * DAY_US);
  fixture->visits = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_booking_free);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_ptr_array_unref (fixture->visits);
  g_ptr_array_unref (fixture->slots);
  kv_school_hours_free (fixture->school);
  g_ptr_array_unref (fixture->templates);
  kv_site_calendar_free (fixture->community);
  kv_site_calendar_free (fixture->prison);
  g_time_zone_unref (fixture->tz);
}

static KvProposal *
propose (Fixture   *fixture,
         KvAgeBand  band,
         gint64     not_before,
         gint64     deadline)
{
  return kv_contact_plan_propose (fixture->slots, band, &fixture->rules, fixture->school,
                                  fixture->visits, not_before, deadline);
}

static void
assert_proposal (const KvProposal *proposal,
                 const char       *template_id,
                 gint64            start,
                 gint64            end,
                 gboolean          before_deadline,
                 gboolean          in_school_hours)
{
  g_assert_nonnull (proposal);
  g_assert_cmpstr (proposal->slot->template_id, ==, template_id);
  g_assert_cmpstr (proposal->slot->prison_kiosk, ==, "pv-1");
  g_assert_cmpstr (proposal->slot->community_kiosk, ==, "ck-1");
  g_assert_cmpint (proposal->start_us, ==, start);
  g_assert_cmpint (proposal->slot->start_us, ==, start);
  g_assert_cmpint (proposal->end_us, ==, end);
  g_assert_cmpint (proposal->before_deadline, ==, before_deadline);
  g_assert_cmpint (proposal->in_school_hours, ==, in_school_hours);
}

/* No Tuesday on the closed day, no Saturday while the prison is shut at
 * weekends: the week's slots are Thursday and Friday. */
static void
test_propose_weekend_and_closed_day (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(KvProposal) toddler = NULL;
  g_autoptr(KvProposal) none = NULL;

  g_assert_cmpuint (fixture->slots->len, ==, 11);
  g_assert_cmpint (((KvSlot *) g_ptr_array_index (fixture->slots, 0))->start_us, ==,
                   utc (2026, 12, 10, 9, 0));
  g_assert_cmpint (((KvSlot *) g_ptr_array_index (fixture->slots, 1))->start_us, ==,
                   utc (2026, 12, 11, 15, 0));
  g_assert_cmpint (((KvSlot *) g_ptr_array_index (fixture->slots, 2))->start_us, ==,
                   utc (2026, 12, 15, 14, 30));

  /* A 2-year-old: Thursday 10:00, 15 minutes of the 30-minute slot;
   * school hours do not matter at that age. */
  toddler = propose (fixture, KV_AGE_BAND_0_3, fixture->now, fixture->deadline);
  assert_proposal (toddler, "thu", utc (2026, 12, 10, 9, 0), utc (2026, 12, 10, 9, 15), TRUE,
                   FALSE);

  /* The last slot of the four weeks is Friday 1 January: nothing left
   * after it. */
  g_assert_cmpint (((KvSlot *) g_ptr_array_index (fixture->slots, 10))->start_us, ==,
                   utc (2027, 1, 1, 15, 0));
  none = propose (fixture, KV_AGE_BAND_0_3, utc (2027, 1, 1, 15, 0) + 1, fixture->deadline);
  g_assert_null (none);
}

/* A 5-year-old is at school on Thursday morning: Friday 16:00 instead,
 * 20 minutes. If nothing outside school comes before the deadline, a slot
 * in school hours before it still beats one outside them after it; and
 * once the deadline has passed, the earliest slot is the one. */
static void
test_propose_school_hours (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(KvProposal) after_school = NULL;
  g_autoptr(KvProposal) in_school = NULL;
  g_autoptr(KvProposal) late = NULL;
  g_autoptr(KvProposal) no_band = NULL;

  after_school = propose (fixture, KV_AGE_BAND_4_7, fixture->now, fixture->deadline);
  assert_proposal (after_school, "fri", utc (2026, 12, 11, 15, 0), utc (2026, 12, 11, 15, 20),
                   TRUE, FALSE);

  /* Deadline Friday 00:00 CET. */
  in_school = propose (fixture, KV_AGE_BAND_4_7, fixture->now, utc (2026, 12, 10, 23, 0));
  assert_proposal (in_school, "thu", utc (2026, 12, 10, 9, 0), utc (2026, 12, 10, 9, 20), TRUE,
                   TRUE);

  late = propose (fixture, KV_AGE_BAND_8_12, fixture->now, fixture->now);
  assert_proposal (late, "thu", utc (2026, 12, 10, 9, 0), utc (2026, 12, 10, 9, 30), FALSE,
                   TRUE);

  /* No band: the whole slot, and no school hours. */
  no_band = propose (fixture, KV_AGE_BAND_UNSPECIFIED, fixture->now, fixture->deadline);
  assert_proposal (no_band, "thu", utc (2026, 12, 10, 9, 0), utc (2026, 12, 10, 9, 30), TRUE,
                   FALSE);
}

/* The family's other visits (here on another kiosk pair) keep the band's
 * 24 hours away, before and after. */
static void
test_propose_gap (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(KvProposal) after_visit = NULL;
  g_autoptr(KvProposal) before_visit = NULL;
  g_autoptr(KvProposal) none = NULL;

  /* Thursday 09:00–09:15 CET: Thursday 10:00 is 45 minutes after it. */
  g_ptr_array_add (fixture->visits, kv_booking_new ("b-1", "pv-2", "ck-2",
                                                    utc (2026, 12, 10, 8, 0),
                                                    utc (2026, 12, 10, 8, 15), "Dad", "Lena",
                                                    KV_AGE_BAND_0_3));
  after_visit = propose (fixture, KV_AGE_BAND_0_3, fixture->now, fixture->deadline);
  assert_proposal (after_visit, "fri", utc (2026, 12, 11, 15, 0), utc (2026, 12, 11, 15, 15),
                   TRUE, FALSE);

  /* Friday 10:00–10:15 CET instead: Thursday 10:15 is 23 h 45 before it,
   * Friday 16:00 under 6 hours after it; next is Tuesday 15 December,
   * after the first week. */
  g_ptr_array_set_size (fixture->visits, 0);
  g_ptr_array_add (fixture->visits, kv_booking_new ("b-2", "pv-2", "ck-2",
                                                    utc (2026, 12, 11, 9, 0),
                                                    utc (2026, 12, 11, 9, 15), "Dad", "Lena",
                                                    KV_AGE_BAND_0_3));
  before_visit = propose (fixture, KV_AGE_BAND_0_3, fixture->now, fixture->deadline);
  assert_proposal (before_visit, "tue", utc (2026, 12, 15, 14, 30), utc (2026, 12, 15, 14, 45),
                   FALSE, FALSE);

  /* Only the Thursday and Friday slots to choose from: none left. */
  g_ptr_array_set_size (fixture->slots, 2);
  none = propose (fixture, KV_AGE_BAND_0_3, fixture->now, fixture->deadline);
  g_assert_null (none);
}

/* The answer does not depend on the order the slots come in. */
static void
test_propose_any_order (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) reversed = g_ptr_array_new ();
  g_autoptr(KvProposal) proposal = NULL;
  g_autoptr(KvProposal) not_before = NULL;

  for (guint i = fixture->slots->len; i > 0; i--)
    g_ptr_array_add (reversed, g_ptr_array_index (fixture->slots, i - 1));
  proposal = kv_contact_plan_propose (reversed, KV_AGE_BAND_4_7, &fixture->rules,
                                      fixture->school, NULL, fixture->now, fixture->deadline);
  assert_proposal (proposal, "fri", utc (2026, 12, 11, 15, 0), utc (2026, 12, 11, 15, 20), TRUE,
                   FALSE);

  /* Not before Friday: Friday, even for a toddler. */
  not_before = kv_contact_plan_propose (reversed, KV_AGE_BAND_0_3, &fixture->rules, NULL, NULL,
                                        utc (2026, 12, 10, 23, 0), fixture->deadline);
  assert_proposal (not_before, "fri", utc (2026, 12, 11, 15, 0), utc (2026, 12, 11, 15, 15),
                   TRUE, FALSE);

  g_ptr_array_set_size (reversed, 0);
  g_assert_null (kv_contact_plan_propose (reversed, KV_AGE_BAND_0_3, &fixture->rules, NULL,
                                          NULL, fixture->now, fixture->deadline));
}

/* A Monday template holding back half its slots from 7 December: the
 * second (14 December) and fourth (28 December) are held until 48 hours
 * before they start. A family past its first week does not get them while
 * the hold applies; one in its first week does. */
static void
test_propose_held_back (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) templates =
    g_ptr_array_new_with_free_func ((GDestroyNotify) kv_slot_template_free);
  g_autoptr(GPtrArray) slots = NULL;
  gint64 release = utc (2026, 12, 14, 14, 30) - 48 * HOUR_US;
  const gint64 nows[] = { utc (2026, 12, 8, 11, 0), release - 1, release };
  const gint64 expected[] = {
    utc (2026, 12, 21, 14, 30), utc (2026, 12, 21, 14, 30), utc (2026, 12, 14, 14, 30),
  };

  g_ptr_array_add (templates, kv_slot_template_new ("mon", "pv-1", "ck-1", 1, "15:30", 30, 1,
                                                    "2026-12-07", NULL));
  slots = kv_slot_calendar_expand (templates, fixture->prison, fixture->community,
                                   utc (2026, 12, 8, 11, 0), utc (2027, 1, 5, 0, 0));
  g_assert_cmpuint (slots->len, ==, 4);
  for (guint j = 0; j < slots->len; j++)
    g_assert_cmpuint (((KvSlot *) g_ptr_array_index (slots, j))->occurrence, ==, j + 1);

  for (gsize i = 0; i < G_N_ELEMENTS (nows); i++)
    {
      g_autoptr(GPtrArray) open = g_ptr_array_new ();
      g_autoptr(KvProposal) regular = NULL;
      g_autoptr(KvProposal) first_week = NULL;

      for (guint j = 0; j < slots->len; j++)
        {
          KvSlot *slot = g_ptr_array_index (slots, j);

          if (!(kv_contact_plan_is_held_back (slot->occurrence, 50) &&
                kv_contact_plan_hold_applies (slot->start_us, nows[i])))
            g_ptr_array_add (open, slot);
        }
      regular = kv_contact_plan_propose (open, KV_AGE_BAND_8_12, &fixture->rules, NULL, NULL,
                                         nows[i], nows[i] + 7 * DAY_US);
      g_assert_nonnull (regular);
      g_assert_cmpint (regular->start_us, ==, expected[i]);
      g_assert_cmpuint (regular->slot->occurrence, ==, expected[i] == utc (2026, 12, 14, 14, 30)
                                                       ? 1 : 2);

      first_week = kv_contact_plan_propose (slots, KV_AGE_BAND_8_12, &fixture->rules, NULL, NULL,
                                            nows[i], nows[i] + 7 * DAY_US);
      g_assert_cmpint (first_week->start_us, ==, utc (2026, 12, 14, 14, 30));
    }
}

/* A parent admitted on Tuesday 20 October 2026 in Zagreb: the clocks go
 * back on the Sunday, so the first week ends 8 days and an hour after the
 * admission day starts. A Tuesday 23:30 slot on 27 October is inside it
 * (22:30 UTC, before 23:00 UTC); 8 × 24 hours would have missed it. */
static void
test_propose_dst_fall_back (void)
{
  g_autoptr(GTimeZone) tz = zone ("Europe/Zagreb");
  g_autoptr(KvSiteCalendar) site = kv_site_calendar_new ("z", "Z", tz);
  g_autoptr(GPtrArray) templates =
    g_ptr_array_new_with_free_func ((GDestroyNotify) kv_slot_template_free);
  g_autoptr(GPtrArray) slots = NULL;
  g_autoptr(KvProposal) proposal = NULL;
  KvAgeRules rules;
  gint64 now = utc (2026, 10, 21, 10, 0);
  gint64 deadline = kv_contact_plan_first_week_end ("2026-10-20", tz, NULL);

  kv_age_rules_init_defaults (&rules);
  g_ptr_array_add (templates, kv_slot_template_new ("late", "pv-1", "ck-1", 2, "23:30", 20, 1,
                                                    "2026-10-01", NULL));
  slots = kv_slot_calendar_expand (templates, site, site, now, now + 28 * DAY_US);
  proposal = kv_contact_plan_propose (slots, KV_AGE_BAND_0_3, &rules, NULL, NULL, now, deadline);
  assert_proposal (proposal, "late", utc (2026, 10, 27, 22, 30), utc (2026, 10, 27, 22, 45), TRUE,
                   FALSE);
  g_assert_cmpint (deadline - kv_contact_plan_admission_start ("2026-10-20", tz, NULL), ==,
                   8 * DAY_US + HOUR_US);
}

/* London, spring 2027: a Sunday 01:30 template on 28 March, the night the
 * clocks skip 01:00–02:00. The slot moves to 02:30 BST and is proposed
 * there, for 15 minutes. */
static void
test_propose_dst_spring_forward (void)
{
  g_autoptr(GTimeZone) tz = zone ("Europe/London");
  g_autoptr(KvSiteCalendar) site = kv_site_calendar_new ("l", "L", tz);
  g_autoptr(GPtrArray) templates =
    g_ptr_array_new_with_free_func ((GDestroyNotify) kv_slot_template_free);
  g_autoptr(GPtrArray) slots = NULL;
  g_autoptr(KvProposal) proposal = NULL;
  g_autofree char *local = NULL;
  KvAgeRules rules;
  gint64 now = utc (2027, 3, 26, 12, 0);
  gint64 deadline = kv_contact_plan_first_week_end ("2027-03-26", tz, NULL);

  kv_age_rules_init_defaults (&rules);
  g_ptr_array_add (templates, kv_slot_template_new ("night", "pv-1", "ck-1", 7, "01:30", 30, 1,
                                                    "2027-03-01", NULL));
  slots = kv_slot_calendar_expand (templates, site, site, now, now + 28 * DAY_US);
  proposal = kv_contact_plan_propose (slots, KV_AGE_BAND_0_3, &rules, NULL, NULL, now, deadline);
  assert_proposal (proposal, "night", utc (2027, 3, 28, 1, 30), utc (2027, 3, 28, 1, 45), TRUE,
                   FALSE);
  g_assert_cmpint (proposal->slot->moved_by_us, ==, HOUR_US);
  g_assert_cmpuint (proposal->slot->occurrence, ==, 3);
  local = kv_local_time_format (proposal->start_us, tz);
  g_assert_cmpstr (local, ==, "2027-03-28 02:30 BST");
}

static void
test_status (void)
{
  g_autoptr(GTimeZone) tz = zone ("Europe/Zagreb");
  gint64 first_week_end = kv_contact_plan_first_week_end ("2026-12-06", tz, NULL);
  gint64 last_held = utc (2026, 12, 10, 9, 0);
  KvAgeRules rules;
  KvContactStatus status;

  kv_age_rules_init_defaults (&rules);

  /* No visit yet: first contact due by Monday 14 December 00:00 CET. */
  kv_contact_plan_status (first_week_end, 0, kv_age_rules_get (&rules, KV_AGE_BAND_0_3),
                          utc (2026, 12, 7, 10, 0), &status);
  g_assert_cmpint (status.state, ==, KV_CONTACT_STATE_FIRST_DUE);
  g_assert_cmpint (status.due_us, ==, utc (2026, 12, 13, 23, 0));
  g_assert_cmpint (status.days_left, ==, 6);
  /* A day and a half late rounds down to 2 days late. */
  kv_contact_plan_status (first_week_end, 0, kv_age_rules_get (&rules, KV_AGE_BAND_0_3),
                          utc (2026, 12, 15, 10, 0), &status);
  g_assert_cmpint (status.state, ==, KV_CONTACT_STATE_FIRST_DUE);
  g_assert_cmpint (status.days_left, ==, -2);

  /* Twice a week for a toddler: due three and a half days after the last
   * held visit. */
  kv_contact_plan_status (first_week_end, last_held, kv_age_rules_get (&rules, KV_AGE_BAND_0_3),
                          last_held + DAY_US, &status);
  g_assert_cmpint (status.state, ==, KV_CONTACT_STATE_OK);
  g_assert_cmpint (status.due_us, ==, last_held + 3 * DAY_US + 12 * HOUR_US);
  g_assert_cmpint (status.days_left, ==, 2);
  kv_contact_plan_status (first_week_end, last_held, kv_age_rules_get (&rules, KV_AGE_BAND_0_3),
                          last_held + 3 * DAY_US + 12 * HOUR_US, &status);
  g_assert_cmpint (status.state, ==, KV_CONTACT_STATE_OK);
  g_assert_cmpint (status.days_left, ==, 0);
  kv_contact_plan_status (first_week_end, last_held, kv_age_rules_get (&rules, KV_AGE_BAND_0_3),
                          last_held + 3 * DAY_US + 12 * HOUR_US + 1, &status);
  g_assert_cmpint (status.state, ==, KV_CONTACT_STATE_DUE);
  g_assert_cmpint (status.due_us, ==, last_held + 3 * DAY_US + 12 * HOUR_US);
  g_assert_cmpint (status.days_left, ==, -1);
  kv_contact_plan_status (first_week_end, last_held, kv_age_rules_get (&rules, KV_AGE_BAND_0_3),
                          last_held + 6 * DAY_US, &status);
  g_assert_cmpint (status.state, ==, KV_CONTACT_STATE_DUE);
  g_assert_cmpint (status.days_left, ==, -3);

  /* Weekly for a teenager, and when no child has a band. */
  kv_contact_plan_status (first_week_end, last_held, kv_age_rules_get (&rules, KV_AGE_BAND_13_17),
                          last_held + 4 * DAY_US, &status);
  g_assert_cmpint (status.state, ==, KV_CONTACT_STATE_OK);
  g_assert_cmpint (status.due_us, ==, last_held + 7 * DAY_US);
  g_assert_cmpint (status.days_left, ==, 3);
  kv_contact_plan_status (first_week_end, last_held, NULL, last_held + 8 * DAY_US, &status);
  g_assert_cmpint (status.state, ==, KV_CONTACT_STATE_DUE);
  g_assert_cmpint (status.due_us, ==, last_held + 7 * DAY_US);
  g_assert_cmpint (status.days_left, ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/contact-plan/first-week-end", test_first_week_end);
  g_test_add_func ("/contact-plan/bad-date", test_bad_date);
  g_test_add_func ("/contact-plan/held-back-spread", test_held_back_spread);
  g_test_add_func ("/contact-plan/hold-release", test_hold_release);
  g_test_add ("/contact-plan/propose/weekend-and-closed-day", Fixture, NULL, fixture_set_up,
              test_propose_weekend_and_closed_day, fixture_tear_down);
  g_test_add ("/contact-plan/propose/school-hours", Fixture, NULL, fixture_set_up,
              test_propose_school_hours, fixture_tear_down);
  g_test_add ("/contact-plan/propose/gap", Fixture, NULL, fixture_set_up, test_propose_gap,
              fixture_tear_down);
  g_test_add ("/contact-plan/propose/any-order", Fixture, NULL, fixture_set_up,
              test_propose_any_order, fixture_tear_down);
  g_test_add ("/contact-plan/propose/held-back", Fixture, NULL, fixture_set_up,
              test_propose_held_back, fixture_tear_down);
  g_test_add_func ("/contact-plan/propose/dst-fall-back", test_propose_dst_fall_back);
  g_test_add_func ("/contact-plan/propose/dst-spring-forward", test_propose_dst_spring_forward);
  g_test_add_func ("/contact-plan/status", test_status);

  return g_test_run ();
}
