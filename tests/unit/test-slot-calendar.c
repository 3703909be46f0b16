/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-local-time.h"
#include "kv-slot-calendar.h"

#include <string.h>

/* Templates expanded into slots across the European clock changes of 2026
 * and 2027 in Europe/London and Europe/Zagreb, with opening hours and
 * closed days at both ends. */

#define HOUR_US (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
#define DAY_US (24 * HOUR_US)

static gint64
utc (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static KvSiteCalendar *
site (const char *id,
      const char *zone_name)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone_name);

  g_assert_nonnull (tz);
  return kv_site_calendar_new (id, id, tz);
}

static GPtrArray *
one_template (KvSlotTemplate *template)
{
  GPtrArray *templates = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_slot_template_free);

  g_ptr_array_add (templates, template);
  return templates;
}

static GPtrArray *
expand (KvSlotTemplate *template,
        KvSiteCalendar *prison,
        KvSiteCalendar *community,
        gint64          from_us,
        gint64          to_us)
{
  g_autoptr(GPtrArray) templates = one_template (template);

  return kv_slot_calendar_expand (templates, prison, community, from_us, to_us);
}

static gint64
slot_start (GPtrArray *slots,
            guint      i)
{
  g_assert_cmpuint (i, <, slots->len);
  return ((KvSlot *) g_ptr_array_index (slots, i))->start_us;
}

/* A weekly 10:00 template stays at 10:00 local across every change: its
 * UTC instant moves by the hour instead. */
static void
test_keeps_local_time (void)
{
  static const struct {
    const char *zone;
    int year, month, sunday;
    int before_utc_hour, after_utc_hour;
  } changes[] = {
    { "Europe/Zagreb", 2026, 3, 29, 9, 8 },
    { "Europe/Zagreb", 2026, 10, 25, 8, 9 },
    { "Europe/Zagreb", 2027, 3, 28, 9, 8 },
    { "Europe/Zagreb", 2027, 10, 31, 8, 9 },
    { "Europe/London", 2026, 3, 29, 10, 9 },
    { "Europe/London", 2026, 10, 25, 9, 10 },
    { "Europe/London", 2027, 3, 28, 10, 9 },
    { "Europe/London", 2027, 10, 31, 9, 10 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      g_autoptr(KvSiteCalendar) prison = site ("p", changes[i].zone);
      g_autoptr(KvSiteCalendar) community = site ("c", changes[i].zone);
      g_autoptr(GPtrArray) slots = NULL;
      g_autofree char *from_day = NULL;
      gint64 sunday = utc (changes[i].year, changes[i].month, changes[i].sunday, 0, 0);

      /* Sundays, from a week before the change to a week after it. */
      from_day = g_strdup_printf ("%d-%02d-%02d", changes[i].year, changes[i].month,
                                  changes[i].sunday - 7);
      slots = expand (kv_slot_template_new ("t", "p", "c", 7, "10:00", 30, 1, from_day, NULL),
                      prison, community, sunday - 8 * DAY_US, sunday + 8 * DAY_US);
      g_assert_cmpuint (slots->len, ==, 3);
      g_assert_cmpint (slot_start (slots, 0), ==,
                       sunday - 7 * DAY_US + changes[i].before_utc_hour * HOUR_US);
      /* The day of the change itself: 10:00 is after it, so the new offset. */
      g_assert_cmpint (slot_start (slots, 1), ==, sunday + changes[i].after_utc_hour * HOUR_US);
      g_assert_cmpint (slot_start (slots, 2), ==,
                       sunday + 7 * DAY_US + changes[i].after_utc_hour * HOUR_US);
      for (guint j = 0; j < slots->len; j++)
        {
          g_autofree char *local = kv_local_time_format (slot_start (slots, j),
                                                         kv_site_calendar_get_zone (prison));

          g_assert_cmpstr (local + 11, ==, j == 0 ? (strstr (changes[i].zone, "London")
                                                       ? (changes[i].month == 3 ? "10:00 GMT"
                                                                                : "10:00 BST")
                                                       : (changes[i].month == 3 ? "10:00 CET"
                                                                                : "10:00 CEST"))
                                                  : (strstr (changes[i].zone, "London")
                                                       ? (changes[i].month == 3 ? "10:00 BST"
                                                                                : "10:00 GMT")
                                                       : (changes[i].month == 3 ? "10:00 CEST"
                                                                                : "10:00 CET")));
        }
    }
}

/* 01:30 does not exist in London on 2027-03-28: the slot moves forward by
 * the gap, to 02:30 BST, and says so. */
static void
test_spring_forward_moves (void)
{
  g_autoptr(KvSiteCalendar) prison = site ("p", "Europe/London");
  g_autoptr(KvSiteCalendar) community = site ("c", "Europe/London");
  g_autoptr(GPtrArray) slots = NULL;
  KvSlot *moved, *next;
  g_autofree char *local = NULL;

  slots = expand (kv_slot_template_new ("t", "p", "c", 7, "01:30", 30, 1, "2027-03-21", NULL),
                  prison, community, utc (2027, 3, 27, 0, 0), utc (2027, 4, 5, 0, 0));
  g_assert_cmpuint (slots->len, ==, 2);
  moved = g_ptr_array_index (slots, 0);
  g_assert_cmpint (moved->start_us, ==, utc (2027, 3, 28, 1, 30));
  g_assert_cmpint (moved->end_us, ==, utc (2027, 3, 28, 2, 0));
  g_assert_cmpint (moved->moved_by_us, ==, HOUR_US);
  local = kv_local_time_format (moved->start_us, kv_site_calendar_get_zone (prison));
  g_assert_cmpstr (local, ==, "2027-03-28 02:30 BST");
  next = g_ptr_array_index (slots, 1);
  g_assert_cmpint (next->start_us, ==, utc (2027, 4, 4, 0, 30));
  g_assert_cmpint (next->moved_by_us, ==, 0);
}

/* 01:30 happens twice in London on 2027-10-31 and 02:30 twice in Zagreb on
 * 2026-10-25: the first one. */
static void
test_fall_back_first (void)
{
  g_autoptr(KvSiteCalendar) london = site ("p", "Europe/London");
  g_autoptr(KvSiteCalendar) zagreb = site ("z", "Europe/Zagreb");
  g_autoptr(GPtrArray) in_london = NULL;
  g_autoptr(GPtrArray) in_zagreb = NULL;

  in_london = expand (kv_slot_template_new ("t", "p", "c", 7, "01:30", 30, 1, "2027-10-01", NULL),
                      london, london, utc (2027, 10, 30, 0, 0), utc (2027, 11, 1, 0, 0));
  g_assert_cmpuint (in_london->len, ==, 1);
  g_assert_cmpint (slot_start (in_london, 0), ==, utc (2027, 10, 31, 0, 30));
  in_zagreb = expand (kv_slot_template_new ("t", "p", "c", 7, "02:30", 30, 1, "2026-10-01", NULL),
                      zagreb, zagreb, utc (2026, 10, 24, 0, 0), utc (2026, 10, 26, 0, 0));
  g_assert_cmpuint (in_zagreb->len, ==, 1);
  g_assert_cmpint (slot_start (in_zagreb, 0), ==, utc (2026, 10, 25, 0, 30));
}

/* Every other week, counted from the week of valid_from (which starts on
 * a Wednesday here, after that week's Tuesday); valid_to is the last day. */
static void
test_every_weeks_and_valid_to (void)
{
  g_autoptr(KvSiteCalendar) prison = site ("p", "Europe/Zagreb");
  g_autoptr(KvSiteCalendar) community = site ("c", "Europe/Zagreb");
  g_autoptr(GPtrArray) fortnightly = NULL;
  g_autoptr(GPtrArray) bounded = NULL;
  KvSlotTemplate *inactive;
  g_autoptr(GPtrArray) none = NULL;

  fortnightly = expand (kv_slot_template_new ("t", "p", "c", 2, "15:30", 30, 2, "2026-12-09",
                                              NULL),
                        prison, community, utc (2026, 12, 1, 0, 0), utc (2027, 1, 13, 0, 0));
  g_assert_cmpuint (fortnightly->len, ==, 2);
  g_assert_cmpint (slot_start (fortnightly, 0), ==, utc (2026, 12, 22, 14, 30));
  g_assert_cmpint (slot_start (fortnightly, 1), ==, utc (2027, 1, 5, 14, 30));

  bounded = expand (kv_slot_template_new ("t", "p", "c", 2, "15:30", 30, 1, "2026-12-08",
                                          "2026-12-22"),
                    prison, community, utc (2026, 12, 1, 0, 0), utc (2027, 1, 13, 0, 0));
  g_assert_cmpuint (bounded->len, ==, 3);
  g_assert_cmpint (slot_start (bounded, 0), ==, utc (2026, 12, 8, 14, 30));
  g_assert_cmpint (slot_start (bounded, 2), ==, utc (2026, 12, 22, 14, 30));

  inactive = kv_slot_template_new ("t", "p", "c", 2, "15:30", 30, 1, "2026-12-08", NULL);
  inactive->active = FALSE;
  none = expand (inactive, prison, community, utc (2026, 12, 1, 0, 0), utc (2027, 1, 13, 0, 0));
  g_assert_cmpuint (none->len, ==, 0);
}

/* A closed day of either site takes the slot out, and an ad-hoc visit on
 * it is refused with the site's reason. */
static void
test_closed_day (void)
{
  g_autoptr(KvSiteCalendar) prison = site ("p", "Europe/Zagreb");
  g_autoptr(KvSiteCalendar) community = kv_site_calendar_new ("zg", "Zagreb centre",
                                                              kv_site_calendar_get_zone (prison));
  g_autoptr(GPtrArray) slots = NULL;
  g_autoptr(GError) error = NULL;

  kv_site_calendar_add_closed_day (community, "2026-12-22", "Christmas");
  slots = expand (kv_slot_template_new ("t", "p", "c", 2, "15:30", 30, 1, "2026-12-08", NULL),
                  prison, community, utc (2026, 12, 14, 0, 0), utc (2026, 12, 31, 0, 0));
  g_assert_cmpuint (slots->len, ==, 2);
  g_assert_cmpint (slot_start (slots, 0), ==, utc (2026, 12, 15, 14, 30));
  g_assert_cmpint (slot_start (slots, 1), ==, utc (2026, 12, 29, 14, 30));

  g_assert_false (kv_site_calendar_check (community, utc (2026, 12, 22, 9, 0),
                                          utc (2026, 12, 22, 9, 30), &error));
  g_assert_error (error, KV_SLOT_ERROR, KV_SLOT_ERROR_CLOSED_DAY);
  g_assert_cmpstr (error->message, ==, "Zagreb centre is closed on 2026-12-22 (Christmas)");
  g_clear_error (&error);
  /* 23:30 UTC on the 21st is already the 22nd in Zagreb. */
  g_assert_false (kv_site_calendar_check (community, utc (2026, 12, 21, 23, 30),
                                          utc (2026, 12, 21, 23, 45), &error));
  g_assert_error (error, KV_SLOT_ERROR, KV_SLOT_ERROR_CLOSED_DAY);
}

/* Opening hours of both sites, each in its own zone: the prison in Zagreb
 * opens Tuesdays 14:00–18:00 CET, the centre in London 13:00–16:00 GMT,
 * which is 14:00–17:00 in Zagreb. */
static void
test_hours_in_two_zones (void)
{
  g_autoptr(KvSiteCalendar) prison = site ("p", "Europe/Zagreb");
  g_autoptr(KvSiteCalendar) community = site ("London centre", "Europe/London");
  g_autoptr(GPtrArray) templates = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_slot_template_free);
  g_autoptr(GPtrArray) slots = NULL;
  g_autoptr(GError) error = NULL;

  kv_site_calendar_add_hours (prison, 2, 14 * 60, 18 * 60);
  kv_site_calendar_add_hours (community, 2, 13 * 60, 16 * 60);
  g_ptr_array_add (templates, kv_slot_template_new ("a", "p", "c", 2, "13:30", 30, 1,
                                                    "2026-12-01", NULL));   /* prison closed */
  g_ptr_array_add (templates, kv_slot_template_new ("b", "p", "c", 2, "15:30", 30, 1,
                                                    "2026-12-01", NULL));   /* both open */
  g_ptr_array_add (templates, kv_slot_template_new ("c", "p", "c", 2, "16:30", 30, 1,
                                                    "2026-12-01", NULL));   /* 15:30-16:00 GMT */
  g_ptr_array_add (templates, kv_slot_template_new ("d", "p", "c", 2, "17:00", 30, 1,
                                                    "2026-12-01", NULL));   /* centre closed */
  slots = kv_slot_calendar_expand (templates, prison, community, utc (2026, 12, 8, 0, 0),
                                   utc (2026, 12, 9, 0, 0));
  g_assert_cmpuint (slots->len, ==, 2);
  g_assert_cmpstr (((KvSlot *) g_ptr_array_index (slots, 0))->template_id, ==, "b");
  g_assert_cmpstr (((KvSlot *) g_ptr_array_index (slots, 1))->template_id, ==, "c");

  g_assert_false (kv_site_calendar_check (prison, utc (2026, 12, 8, 12, 0),
                                          utc (2026, 12, 8, 12, 30), &error));
  g_assert_error (error, KV_SLOT_ERROR, KV_SLOT_ERROR_OUTSIDE_HOURS);
  g_assert_cmpstr (error->message, ==,
                   "2026-12-08 13:00–13:30 CET is outside the opening hours of p: it opens "
                   "14:00–18:00 CET on Tuesdays");
  g_clear_error (&error);
  /* No hours on Mondays: not open at all. */
  g_assert_false (kv_site_calendar_check (prison, utc (2026, 12, 7, 14, 0),
                                          utc (2026, 12, 7, 14, 30), &error));
  g_assert_nonnull (strstr (error->message, "it is not open on Mondays"));
  g_clear_error (&error);
  g_assert_true (kv_site_calendar_check_weekly (prison, 2, 15 * 60 + 30, 30, &error));
  g_assert_false (kv_site_calendar_check_weekly (prison, 2, 17 * 60 + 45, 30, &error));
  g_assert_error (error, KV_SLOT_ERROR, KV_SLOT_ERROR_OUTSIDE_HOURS);
}

/* Which of its template's visits a slot is: counted in steps of
 * every_weeks from the first visit on or after valid_from, whatever range
 * is expanded and whether or not a closed day takes one. */
static void
test_occurrence (void)
{
  g_autoptr(KvSiteCalendar) prison = site ("p", "Europe/Zagreb");
  g_autoptr(KvSiteCalendar) community = site ("c", "Europe/Zagreb");
  g_autoptr(KvSiteCalendar) open_every_day = site ("c2", "Europe/Zagreb");
  g_autoptr(GPtrArray) weekly = NULL;
  g_autoptr(GPtrArray) later = NULL;
  g_autoptr(GPtrArray) after_weekday = NULL;
  g_autoptr(GPtrArray) from_monday = NULL;

  /* Tuesdays from Tuesday 8 December; the 22nd is closed. */
  kv_site_calendar_add_closed_day (community, "2026-12-22", "Christmas");
  weekly = expand (kv_slot_template_new ("t", "p", "c", 2, "15:30", 30, 1, "2026-12-08", NULL),
                   prison, community, utc (2026, 12, 1, 0, 0), utc (2027, 1, 6, 0, 0));
  g_assert_cmpuint (weekly->len, ==, 4);
  g_assert_cmpint (slot_start (weekly, 0), ==, utc (2026, 12, 8, 14, 30));
  g_assert_cmpuint (((KvSlot *) g_ptr_array_index (weekly, 0))->occurrence, ==, 0);
  g_assert_cmpuint (((KvSlot *) g_ptr_array_index (weekly, 1))->occurrence, ==, 1);
  g_assert_cmpint (slot_start (weekly, 2), ==, utc (2026, 12, 29, 14, 30));
  g_assert_cmpuint (((KvSlot *) g_ptr_array_index (weekly, 2))->occurrence, ==, 3);
  g_assert_cmpuint (((KvSlot *) g_ptr_array_index (weekly, 3))->occurrence, ==, 4);

  /* Expanded from later on: the count still starts at valid_from. */
  later = expand (kv_slot_template_new ("t", "p", "c", 2, "15:30", 30, 1, "2026-12-08", NULL),
                  prison, community, utc (2026, 12, 28, 0, 0), utc (2027, 1, 13, 0, 0));
  g_assert_cmpuint (later->len, ==, 3);
  g_assert_cmpuint (((KvSlot *) g_ptr_array_index (later, 0))->occurrence, ==, 3);
  g_assert_cmpuint (((KvSlot *) g_ptr_array_index (later, 2))->occurrence, ==, 5);

  /* Every other Tuesday from Wednesday 9 December: that week's Tuesday is
   * before valid_from, so the first visit is on the 22nd. */
  after_weekday = expand (kv_slot_template_new ("t", "p", "c", 2, "15:30", 30, 2, "2026-12-09",
                                                NULL),
                          prison, open_every_day, utc (2026, 12, 1, 0, 0),
                          utc (2027, 1, 13, 0, 0));
  g_assert_cmpuint (after_weekday->len, ==, 2);
  g_assert_cmpint (slot_start (after_weekday, 0), ==, utc (2026, 12, 22, 14, 30));
  g_assert_cmpuint (((KvSlot *) g_ptr_array_index (after_weekday, 0))->occurrence, ==, 0);
  g_assert_cmpuint (((KvSlot *) g_ptr_array_index (after_weekday, 1))->occurrence, ==, 1);

  /* Every other Tuesday from Monday 7 December: the 8th is the first. */
  from_monday = expand (kv_slot_template_new ("t", "p", "c", 2, "15:30", 30, 2, "2026-12-07",
                                              NULL),
                        prison, community, utc (2026, 12, 1, 0, 0), utc (2027, 1, 13, 0, 0));
  g_assert_cmpuint (from_monday->len, ==, 2);
  g_assert_cmpint (slot_start (from_monday, 0), ==, utc (2026, 12, 8, 14, 30));
  g_assert_cmpuint (((KvSlot *) g_ptr_array_index (from_monday, 0))->occurrence, ==, 0);
  /* The 22nd is closed: the 5 January visit is still the third. */
  g_assert_cmpint (slot_start (from_monday, 1), ==, utc (2027, 1, 5, 14, 30));
  g_assert_cmpuint (((KvSlot *) g_ptr_array_index (from_monday, 1))->occurrence, ==, 2);
}

static void
test_validate (void)
{
  g_autoptr(KvSlotTemplate) good = kv_slot_template_new ("t", "p", "c", 2, "15:30", 30, 1,
                                                         "2026-12-08", NULL);
  g_autoptr(KvSlotTemplate) backwards = kv_slot_template_new ("t", "p", "c", 2, "15:30", 30, 1,
                                                              "2026-12-08", "2026-12-01");
  g_autoptr(KvSlotTemplate) late = kv_slot_template_new ("t", "p", "c", 2, "23:45", 30, 1,
                                                         "2026-12-08", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (kv_slot_template_validate (good, &error));
  g_assert_false (kv_slot_template_validate (backwards, &error));
  g_assert_nonnull (strstr (error->message, "'valid_to'"));
  g_clear_error (&error);
  g_assert_false (kv_slot_template_validate (late, &error));
  g_assert_nonnull (strstr (error->message, "'minutes'"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slot-calendar/keeps-local-time", test_keeps_local_time);
  g_test_add_func ("/slot-calendar/spring-forward-moves", test_spring_forward_moves);
  g_test_add_func ("/slot-calendar/fall-back-first", test_fall_back_first);
  g_test_add_func ("/slot-calendar/every-weeks-and-valid-to", test_every_weeks_and_valid_to);
  g_test_add_func ("/slot-calendar/closed-day", test_closed_day);
  g_test_add_func ("/slot-calendar/hours-in-two-zones", test_hours_in_two_zones);
  g_test_add_func ("/slot-calendar/occurrence", test_occurrence);
  g_test_add_func ("/slot-calendar/validate", test_validate);

  return g_test_run ();
}
