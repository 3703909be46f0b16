/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-slot-calendar"

#include "config.h"

#include "kv-slot-calendar.h"

#include "kv-local-time.h"

#include <string.h>

/* Weekly slot templates and the sites' calendars they are checked
 * against: which visit times a template offers over a range of days.
 *
 * A template's time is wall-clock time at the prison kiosk's site: a
 * Tuesday 10:00 template stays at 10:00 local when the clocks change, so
 * its UTC instant moves by an hour. On the night the clocks go forward a
 * time in the skipped hour does not exist; the slot moves forward by the
 * gap (01:30 becomes 02:30 in London), which is what a person would do,
 * rather than vanish. On the night they go back a time in the repeated
 * hour is taken the first time it happens. */

#define MINUTE_US (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)

G_DEFINE_QUARK (kv-slot-error-quark, kv_slot_error)

typedef struct
{
  guint opens;
  guint closes;
} Hours;

struct _KvSiteCalendar
{
  char       *site_id;
  char       *name;
  GTimeZone  *tz;
  GArray     *hours[8];     /* by weekday 1..7: Hours, by opening */
  gboolean    has_hours;
  GHashTable *closed;       /* "YYYY-MM-DD" -> reason */
};

/* Templates */

KvSlotTemplate *
kv_slot_template_new (const char *id,
                      const char *prison_kiosk,
                      const char *community_kiosk,
                      guint       weekday,
                      const char *start_local,
                      guint       minutes,
                      guint       every_weeks,
                      const char *valid_from,
                      const char *valid_to)
{
  KvSlotTemplate *self = g_new0 (KvSlotTemplate, 1);

  self->id = g_strdup (id);
  self->prison_kiosk = g_strdup (prison_kiosk);
  self->community_kiosk = g_strdup (community_kiosk);
  self->weekday = weekday;
  self->start_local = g_strdup (start_local);
  self->minutes = minutes;
  self->every_weeks = every_weeks;
  self->valid_from = g_strdup (valid_from);
  self->valid_to = g_strdup (valid_to != NULL ? valid_to : "");
  self->active = TRUE;
  return self;
}

KvSlotTemplate *
kv_slot_template_copy (const KvSlotTemplate *self)
{
  KvSlotTemplate *copy = kv_slot_template_new (self->id, self->prison_kiosk,
                                               self->community_kiosk, self->weekday,
                                               self->start_local, self->minutes,
                                               self->every_weeks, self->valid_from,
                                               self->valid_to);

  copy->active = self->active;
  copy->created_us = self->created_us;
  copy->first_week_share = self->first_week_share;
  return copy;
}

void
kv_slot_template_free (KvSlotTemplate *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->prison_kiosk);
  g_free (self->community_kiosk);
  g_free (self->start_local);
  g_free (self->valid_from);
  g_free (self->valid_to);
  g_free (self);
}

/**
 * kv_slot_template_validate:
 * @self: a template
 * @error: return location for a %KV_SLOT_ERROR_INVALID naming the field
 *
 * Checks the fields on their own: weekday, start, length, weeks, days.
 *
 * Returns: whether they make sense
 */
gboolean
kv_slot_template_validate (const KvSlotTemplate  *self,
                           GError               **error)
{
  GDate from, to;
  guint start;

  if (self->weekday < 1 || self->weekday > 7)
    g_set_error_literal (error, KV_SLOT_ERROR, KV_SLOT_ERROR_INVALID,
                         "Field 'weekday' must be mon, tue, wed, thu, fri, sat or sun");
  else if (!kv_local_time_parse_clock (self->start_local, &start, NULL) || start >= 24 * 60)
    g_set_error_literal (error, KV_SLOT_ERROR, KV_SLOT_ERROR_INVALID,
                         "Field 'start' must be a time of day like 15:30");
  else if (self->minutes < 1 || start + self->minutes > 24 * 60)
    g_set_error_literal (error, KV_SLOT_ERROR, KV_SLOT_ERROR_INVALID,
                         "Field 'minutes' must be a length that ends the same day");
  else if (self->every_weeks < 1 || self->every_weeks > KV_SLOT_TEMPLATE_MAX_EVERY_WEEKS)
    g_set_error (error, KV_SLOT_ERROR, KV_SLOT_ERROR_INVALID,
                 "Field 'every_weeks' must be 1 to %d", KV_SLOT_TEMPLATE_MAX_EVERY_WEEKS);
  else if (!kv_local_time_parse_day (self->valid_from, &from, NULL))
    g_set_error_literal (error, KV_SLOT_ERROR, KV_SLOT_ERROR_INVALID,
                         "Field 'valid_from' must be a date like 2026-12-08");
  else if (self->valid_to != NULL && *self->valid_to != '\0' &&
           !kv_local_time_parse_day (self->valid_to, &to, NULL))
    g_set_error_literal (error, KV_SLOT_ERROR, KV_SLOT_ERROR_INVALID,
                         "Field 'valid_to' must be a date like 2027-06-30, or null for no end");
  else if (self->valid_to != NULL && *self->valid_to != '\0' && g_date_compare (&to, &from) < 0)
    g_set_error_literal (error, KV_SLOT_ERROR, KV_SLOT_ERROR_INVALID,
                         "Field 'valid_to' is before 'valid_from'");
  else
    return TRUE;
  return FALSE;
}

void
kv_slot_free (KvSlot *slot)
{
  if (slot == NULL)
    return;
  g_free (slot->template_id);
  g_free (slot->prison_kiosk);
  g_free (slot->community_kiosk);
  g_free (slot);
}

/* Calendars */

KvSiteCalendar *
kv_site_calendar_new (const char *site_id,
                      const char *name,
                      GTimeZone  *tz)
{
  KvSiteCalendar *self = g_new0 (KvSiteCalendar, 1);

  g_return_val_if_fail (tz != NULL, NULL);

  self->site_id = g_strdup (site_id);
  self->name = g_strdup (name != NULL && *name != '\0' ? name : site_id);
  self->tz = g_time_zone_ref (tz);
  for (guint i = 1; i <= 7; i++)
    self->hours[i] = g_array_new (FALSE, FALSE, sizeof (Hours));
  self->closed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
kv_site_calendar_free (KvSiteCalendar *self)
{
  if (self == NULL)
    return;
  g_free (self->site_id);
  g_free (self->name);
  g_time_zone_unref (self->tz);
  for (guint i = 1; i <= 7; i++)
    g_array_unref (self->hours[i]);
  g_hash_table_unref (self->closed);
  g_free (self);
}

GTimeZone *
kv_site_calendar_get_zone (KvSiteCalendar *self)
{
  return self->tz;
}

const char *
kv_site_calendar_get_name (KvSiteCalendar *self)
{
  return self->name;
}

static int
compare_hours (gconstpointer a,
               gconstpointer b)
{
  return (int) ((const Hours *) a)->opens - (int) ((const Hours *) b)->opens;
}

/* Opening hours on @weekday (1 Monday .. 7 Sunday), minutes after local
 * midnight; several windows a day are fine. */
void
kv_site_calendar_add_hours (KvSiteCalendar *self,
                            guint           weekday,
                            guint           opens_minute,
                            guint           closes_minute)
{
  Hours hours = { opens_minute, closes_minute };

  g_return_if_fail (weekday >= 1 && weekday <= 7);

  g_array_append_val (self->hours[weekday], hours);
  g_array_sort (self->hours[weekday], compare_hours);
  self->has_hours = TRUE;
}

void
kv_site_calendar_add_closed_day (KvSiteCalendar *self,
                                 const char     *day,
                                 const char     *reason)
{
  g_hash_table_replace (self->closed, g_strdup (day), g_strdup (reason != NULL ? reason : ""));
}

/* "14:00–18:00" or "09:00–12:00 and 14:00–18:00", with @zone after each. */
static char *
describe_hours (KvSiteCalendar *self,
                guint           weekday,
                const char     *zone)
{
  GString *text = g_string_new (NULL);
  GArray *hours = self->hours[weekday];

  for (guint i = 0; i < hours->len; i++)
    {
      const Hours *window = &g_array_index (hours, Hours, i);
      g_autofree char *opens = kv_local_time_format_clock (window->opens);
      g_autofree char *closes = kv_local_time_format_clock (window->closes);

      g_string_append_printf (text, "%s%s–%s%s%s", i == 0 ? "" : " and ", opens, closes,
                              zone != NULL ? " " : "", zone != NULL ? zone : "");
    }
  return g_string_free (text, FALSE);
}

static gboolean
within_hours (KvSiteCalendar *self,
              guint           weekday,
              guint           start_minute,
              guint           end_minute)
{
  GArray *hours = self->hours[weekday];

  for (guint i = 0; i < hours->len; i++)
    {
      const Hours *window = &g_array_index (hours, Hours, i);

      if (start_minute >= window->opens && end_minute <= window->closes)
        return TRUE;
    }
  return FALSE;
}

static gboolean
refuse_hours (KvSiteCalendar  *self,
              guint            weekday,
              const char      *when,
              const char      *zone,
              GError         **error)
{
  g_autofree char *hours = NULL;

  if (self->hours[weekday]->len == 0)
    {
      g_set_error (error, KV_SLOT_ERROR, KV_SLOT_ERROR_OUTSIDE_HOURS,
                   "%s is outside the opening hours of %s: it is not open on %s", when,
                   self->name, kv_local_time_weekday_plural (weekday));
      return FALSE;
    }
  hours = describe_hours (self, weekday, zone);
  g_set_error (error, KV_SLOT_ERROR, KV_SLOT_ERROR_OUTSIDE_HOURS,
               "%s is outside the opening hours of %s: it opens %s on %s", when, self->name,
               hours, kv_local_time_weekday_plural (weekday));
  return FALSE;
}

static gboolean
check_closed (KvSiteCalendar  *self,
              const GDate     *day,
              GError         **error)
{
  g_autofree char *text = kv_local_time_format_day (day);
  const char *reason = g_hash_table_lookup (self->closed, text);

  if (reason == NULL)
    return TRUE;
  if (*reason != '\0')
    g_set_error (error, KV_SLOT_ERROR, KV_SLOT_ERROR_CLOSED_DAY,
                 "%s is closed on %s (%s)", self->name, text, reason);
  else
    g_set_error (error, KV_SLOT_ERROR, KV_SLOT_ERROR_CLOSED_DAY,
                 "%s is closed on %s", self->name, text);
  return FALSE;
}

/**
 * kv_site_calendar_check:
 * @self: a site's calendar
 * @start_us: a visit's start, UTC microseconds
 * @end_us: its end
 * @error: return location for %KV_SLOT_ERROR_CLOSED_DAY or
 *   %KV_SLOT_ERROR_OUTSIDE_HOURS, with a message in the site's local time
 *
 * Whether the site can hold a visit then: not on a closed day, and (if the
 * site has opening hours) inside one opening of that day.
 *
 * Returns: whether it can
 */
gboolean
kv_site_calendar_check (KvSiteCalendar  *self,
                        gint64           start_us,
                        gint64           end_us,
                        GError         **error)
{
  GDate start_day, end_day;
  guint start_minute, end_minute;
  gboolean same_day;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *zone = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *when = NULL;

  kv_local_time_get_day (start_us, self->tz, &start_day, &start_minute);
  kv_local_time_get_day (end_us, self->tz, &end_day, &end_minute);
  /* A visit up to midnight ends on the next day at 00:00. */
  if (end_minute == 0 && g_date_get_julian (&end_day) == g_date_get_julian (&start_day) + 1)
    {
      end_day = start_day;
      end_minute = 24 * 60;
    }
  same_day = g_date_compare (&start_day, &end_day) == 0;

  if (!check_closed (self, &start_day, error) ||
      (!same_day && !check_closed (self, &end_day, error)))
    return FALSE;
  if (!self->has_hours)
    return TRUE;

  if (same_day && within_hours (self, g_date_get_weekday (&start_day), start_minute, end_minute))
    return TRUE;

  utc = g_date_time_new_from_unix_utc (start_us / G_USEC_PER_SEC);
  local = utc != NULL ? g_date_time_to_timezone (utc, self->tz) : NULL;
  zone = local != NULL ? g_date_time_format (local, "%Z") : g_strdup ("");
  from = kv_local_time_format (start_us, self->tz);
  to = kv_local_time_format_clock (end_minute);
  /* "2026-12-08 13:00–13:30 CET": the zone once, at the end. */
  when = g_strdup_printf ("%.16s–%s %s", from, to, zone);
  return refuse_hours (self, g_date_get_weekday (&start_day), when, zone, error);
}

/**
 * kv_site_calendar_check_weekly:
 * @self: a site's calendar
 * @weekday: 1 (Monday) to 7 (Sunday)
 * @start_minute: local start, minutes after midnight
 * @minutes: length
 * @error: return location for a %KV_SLOT_ERROR_OUTSIDE_HOURS
 *
 * Whether a weekly visit time lies inside the site's opening hours (for a
 * template; closed days are checked slot by slot).
 *
 * Returns: whether it does
 */
gboolean
kv_site_calendar_check_weekly (KvSiteCalendar  *self,
                               guint            weekday,
                               guint            start_minute,
                               guint            minutes,
                               GError         **error)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (weekday >= 1 && weekday <= 7, FALSE);

  if (!self->has_hours || within_hours (self, weekday, start_minute, start_minute + minutes))
    return TRUE;
  from = kv_local_time_format_clock (start_minute);
  to = kv_local_time_format_clock (start_minute + minutes);
  when = g_strdup_printf ("%s–%s on %s", from, to, kv_local_time_weekday_plural (weekday));
  return refuse_hours (self, weekday, when, NULL, error);
}

/* Expansion */

static int
compare_slots (gconstpointer a,
               gconstpointer b)
{
  const KvSlot *x = *(KvSlot * const *) a;
  const KvSlot *y = *(KvSlot * const *) b;

  if (x->start_us != y->start_us)
    return x->start_us < y->start_us ? -1 : 1;
  return strcmp (x->template_id, y->template_id);
}

/* The slot @template offers on @day, if any. */
static KvSlot *
slot_on_day (const KvSlotTemplate *template,
             GTimeZone            *tz,
             const GDate          *day)
{
  GDate from, to, monday;
  guint start_minute;
  gint64 weeks, occurrence;
  KvLocalResolution resolution;
  KvSlot *slot;

  if (!template->active || g_date_get_weekday (day) != template->weekday ||
      !kv_slot_template_validate (template, NULL))
    return NULL;
  kv_local_time_parse_day (template->valid_from, &from, NULL);
  kv_local_time_parse_clock (template->start_local, &start_minute, NULL);
  if (g_date_compare (day, &from) < 0)
    return NULL;
  if (*template->valid_to != '\0' && kv_local_time_parse_day (template->valid_to, &to, NULL) &&
      g_date_compare (day, &to) > 0)
    return NULL;

  /* Every N weeks, counted from the week valid_from falls in. */
  monday = from;
  g_date_subtract_days (&monday, g_date_get_weekday (&from) - 1);
  weeks = ((gint64) g_date_get_julian (day) - g_date_get_julian (&monday)) / 7;
  if (weeks % template->every_weeks != 0)
    return NULL;
  /* Which visit of the template this is, counted in steps of every_weeks
   * whether or not a closed day or the hours take some: the count depends
   * on the template alone, so a held-back share spread over it stays put
   * when a day is closed. When the template's weekday comes before
   * valid_from's in that first week, that week has no visit and the first
   * one is the next step. */
  occurrence = weeks / template->every_weeks;
  if (template->weekday < g_date_get_weekday (&from))
    occurrence--;

  kv_local_time_resolve (tz, day, start_minute, 0, &resolution);
  slot = g_new0 (KvSlot, 1);
  slot->template_id = g_strdup (template->id);
  slot->prison_kiosk = g_strdup (template->prison_kiosk);
  slot->community_kiosk = g_strdup (template->community_kiosk);
  /* In the gap, first_us is the time moved forward by the gap; in the
   * overlap, the first of the two. */
  slot->start_us = resolution.first_us;
  if (resolution.n_matches == 0)
    slot->moved_by_us = (gint64) (resolution.offset_after_s - resolution.offset_before_s) *
                        G_USEC_PER_SEC;
  slot->end_us = slot->start_us + template->minutes * MINUTE_US;
  slot->occurrence = (guint) occurrence;
  return slot;
}

/**
 * kv_slot_calendar_expand:
 * @templates: (element-type KvSlotTemplate): templates of one kiosk pair (or
 *   several pairs that share the two sites)
 * @prison_site: the prison kiosk's site: the templates' times are its
 *   wall-clock times
 * @community_site: the community kiosk's site
 * @from_us: start of the range, UTC
 * @to_us: end of the range (exclusive)
 *
 * The slots the active templates offer that start in [@from_us, @to_us),
 * inside the opening hours of both sites (each in its own zone) and on no
 * closed day of either.
 *
 * Returns: (transfer full) (element-type KvSlot): the slots, by start
 */
GPtrArray *
kv_slot_calendar_expand (GPtrArray      *templates,
                         KvSiteCalendar *prison_site,
                         KvSiteCalendar *community_site,
                         gint64          from_us,
                         gint64          to_us)
{
  g_autoptr(GPtrArray) slots = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_slot_free);
  GTimeZone *tz = prison_site->tz;
  GDate day, last;

  if (to_us <= from_us)
    return g_steal_pointer (&slots);

  /* A day either side: a moved slot may start on the neighbouring UTC day. */
  kv_local_time_get_day (from_us, tz, &day, NULL);
  kv_local_time_get_day (to_us, tz, &last, NULL);
  g_date_subtract_days (&day, 1);
  g_date_add_days (&last, 1);

  for (; g_date_compare (&day, &last) <= 0; g_date_add_days (&day, 1))
    for (guint i = 0; i < templates->len; i++)
      {
        g_autoptr(KvSlot) slot = slot_on_day (g_ptr_array_index (templates, i), tz, &day);

        if (slot == NULL || slot->start_us < from_us || slot->start_us >= to_us ||
            !kv_site_calendar_check (prison_site, slot->start_us, slot->end_us, NULL) ||
            !kv_site_calendar_check (community_site, slot->start_us, slot->end_us, NULL))
          continue;
        g_ptr_array_add (slots, g_steal_pointer (&slot));
      }
  g_ptr_array_sort (slots, compare_slots);
  return g_steal_pointer (&slots);
}
