/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-local-time"

#include "config.h"

#include "kv-local-time.h"

#include <string.h>

/* Times as people at a site read and type them: in the site's zone, to
 * the minute. Storage stays UTC; this is the only place that turns one
 * into the other.
 *
 * A wall-clock time is resolved by going local -> UTC -> local: each UTC
 * offset the zone uses around that day is tried, and an offset counts
 * only if the instant it gives really has that offset. None means the
 * clocks skipped that time (spring forward), two that it happened twice
 * (fall back). Daylight-saving changes are months apart, so the offsets two
 * days either side are all there can be. */

#define SECONDS_PER_DAY (G_GINT64_CONSTANT (86400))
#define AROUND_S (2 * SECONDS_PER_DAY)

G_DEFINE_QUARK (kv-local-time-error-quark, kv_local_time_error)

static const char * const weekday_names[] = {
  NULL, "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};
static const char * const weekday_short[] = {
  NULL, "mon", "tue", "wed", "thu", "fri", "sat", "sun",
};
static const char * const weekday_plural[] = {
  NULL, "Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays",
};

static gint32
offset_at (GTimeZone *tz,
           gint64     utc_s)
{
  return g_time_zone_get_offset (tz, g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL,
                                                                utc_s));
}

static const char *
abbreviation_at (GTimeZone *tz,
                 gint64     utc_s)
{
  return g_time_zone_get_abbreviation (tz, g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL,
                                                                      utc_s));
}

/* Seconds since the epoch of @day at @seconds_of_day, as if it were UTC. */
static gint64
wall_seconds (const GDate *day,
              gint64       seconds_of_day)
{
  GDate epoch;

  g_date_clear (&epoch, 1);
  g_date_set_dmy (&epoch, 1, G_DATE_JANUARY, 1970);
  return ((gint64) g_date_get_julian (day) - g_date_get_julian (&epoch)) * SECONDS_PER_DAY +
         seconds_of_day;
}

/* The first instant after @from_s whose offset is not @offset_s (binary
 * search: there is at most one change in the range). */
static gint64
find_change (GTimeZone *tz,
             gint64     from_s,
             gint64     to_s,
             gint32     offset_s)
{
  while (to_s - from_s > 1)
    {
      gint64 middle = from_s + (to_s - from_s) / 2;

      if (offset_at (tz, middle) == offset_s)
        from_s = middle;
      else
        to_s = middle;
    }
  return to_s;
}

/**
 * kv_local_time_resolve:
 * @tz: the site's zone
 * @day: a valid local day
 * @minute_of_day: minutes after local midnight (0 to 1439)
 * @second: seconds into that minute
 * @out: (out): what the wall-clock time means in @tz
 *
 * Resolves a wall-clock time to the instants that show it.
 */
void
kv_local_time_resolve (GTimeZone         *tz,
                       const GDate       *day,
                       guint              minute_of_day,
                       guint              second,
                       KvLocalResolution *out)
{
  gint64 wall = wall_seconds (day, (gint64) minute_of_day * 60 + second);
  gint32 before = offset_at (tz, wall - AROUND_S);
  gint32 after = offset_at (tz, wall + AROUND_S);
  gint32 candidates[3] = { before, offset_at (tz, wall), after };
  gint64 matches[3];
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      gint64 utc_s = wall - candidates[i];
      gboolean seen = FALSE;

      if (offset_at (tz, utc_s) != candidates[i])
        continue;
      for (guint j = 0; j < n; j++)
        seen = seen || matches[j] == utc_s;
      if (!seen)
        matches[n++] = utc_s;
    }
  if (n == 2 && matches[1] < matches[0])
    {
      gint64 swap = matches[0];

      matches[0] = matches[1];
      matches[1] = swap;
    }

  *out = (KvLocalResolution) { .n_matches = MIN (n, 2), .offset_before_s = before,
                               .offset_after_s = after };
  if (n != 1 && before != after)
    out->change_us = find_change (tz, wall - AROUND_S, wall + AROUND_S, before) * G_USEC_PER_SEC;
  if (n == 0)
    /* In the gap: with the offset from before the change, the time lands
     * as far after the change as it was meant to be after its start. */
    out->first_us = (wall - before) * G_USEC_PER_SEC;
  else
    out->first_us = matches[0] * G_USEC_PER_SEC;
  if (n >= 2)
    out->second_us = matches[1] * G_USEC_PER_SEC;
}

static gboolean
parse_digits (const char *text,
              guint       count,
              guint      *out)
{
  guint value = 0;

  for (guint i = 0; i < count; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      value = value * 10 + (text[i] - '0');
    }
  *out = value;
  return TRUE;
}

/* "YYYY-MM-DD" at @text (exactly 10 characters read). */
static gboolean
scan_day (const char *text,
          GDate      *out_day)
{
  guint year, month, day;

  if (strlen (text) < 10 || text[4] != '-' || text[7] != '-' ||
      !parse_digits (text, 4, &year) || !parse_digits (text + 5, 2, &month) ||
      !parse_digits (text + 8, 2, &day) || year < 1900 || year > 9999 ||
      !g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_clear (out_day, 1);
  g_date_set_dmy (out_day, day, month, year);
  return TRUE;
}

/* "HH:MM" at @text (exactly 5 characters read); 24:00 only if @end_of_day. */
static gboolean
scan_clock (const char *text,
            gboolean    end_of_day,
            guint      *out_minute)
{
  guint hour, minute;

  if (strlen (text) < 5 || text[2] != ':' || !parse_digits (text, 2, &hour) ||
      !parse_digits (text + 3, 2, &minute) || minute > 59 ||
      (hour > 23 && !(end_of_day && hour == 24 && minute == 0)))
    return FALSE;
  *out_minute = hour * 60 + minute;
  return TRUE;
}

/* "Z", "+01:00", "-0500", "+01" at @text, or nothing at all. */
static gboolean
scan_offset (const char *text,
             gboolean   *out_given,
             gint32     *out_offset_s)
{
  guint hours, minutes = 0;
  gsize length;

  while (*text == ' ')
    text++;
  length = strlen (text);
  *out_given = length > 0;
  *out_offset_s = 0;
  if (length == 0)
    return TRUE;
  if (g_str_equal (text, "Z") || g_str_equal (text, "z"))
    return TRUE;
  if ((text[0] != '+' && text[0] != '-') || !parse_digits (text + 1, 2, &hours))
    return FALSE;
  if (length == 6 && text[3] == ':')
    {
      if (!parse_digits (text + 4, 2, &minutes))
        return FALSE;
    }
  else if (length == 5)
    {
      if (!parse_digits (text + 3, 2, &minutes))
        return FALSE;
    }
  else if (length != 3)
    return FALSE;
  if (hours > 14 || minutes > 59)
    return FALSE;
  *out_offset_s = (hours * 3600 + minutes * 60) * (text[0] == '-' ? -1 : 1);
  return TRUE;
}

typedef struct
{
  GDate    day;
  guint    minute;
  guint    second;
  gboolean has_offset;
  gint32   offset_s;
} Typed;

static gboolean
scan_typed (const char *text,
            Typed      *out)
{
  const char *rest;
  guint second = 0;

  while (*text == ' ')
    text++;
  if (!scan_day (text, &out->day) || (text[10] != ' ' && text[10] != 'T' && text[10] != 't') ||
      !scan_clock (text + 11, FALSE, &out->minute))
    return FALSE;
  rest = text + 16;
  if (rest[0] == ':')
    {
      if (!parse_digits (rest + 1, 2, &second) || second > 59)
        return FALSE;
      rest += 3;
    }
  out->second = second;
  return scan_offset (rest, &out->has_offset, &out->offset_s);
}

/* "HH:MM" of @utc_s + @offset_s. */
static char *
clock_at (gint64 utc_s,
          gint32 offset_s)
{
  gint64 local = utc_s + offset_s;
  gint64 of_day = ((local % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY;

  return kv_local_time_format_clock ((guint) (of_day / 60));
}

static char *
format_offset (gint32 offset_s)
{
  gint32 magnitude = ABS (offset_s);

  return g_strdup_printf ("%c%02d:%02d", offset_s < 0 ? '-' : '+', magnitude / 3600,
                          magnitude % 3600 / 60);
}

/**
 * kv_local_time_parse:
 * @text: what a person typed: "2026-12-08 15:30", "2026-12-08T15:30:00",
 *   with an optional "Z" or offset ("+01:00") that is then taken as given
 * @tz: the site's zone, for a time without an offset
 * @out_us: (out): the instant, UTC microseconds
 * @error: return location for a #KvLocalTimeError
 *
 * A local time that does not exist (the clocks skip it) or that happens
 * twice (the clocks go back) is refused with a message saying what to
 * write instead, never guessed.
 *
 * Returns: whether @text is one instant
 */
gboolean
kv_local_time_parse (const char  *text,
                     GTimeZone   *tz,
                     gint64      *out_us,
                     GError     **error)
{
  Typed typed;
  KvLocalResolution resolution;
  g_autofree char *day = NULL;
  g_autofree char *clock = NULL;

  g_return_val_if_fail (tz != NULL, FALSE);

  if (text == NULL || !scan_typed (text, &typed))
    {
      g_set_error_literal (error, KV_LOCAL_TIME_ERROR, KV_LOCAL_TIME_ERROR_INVALID,
                           "must be a local time like \"2026-12-08 15:30\", optionally with "
                           "an offset like \"+01:00\" or Z for UTC");
      return FALSE;
    }
  if (typed.has_offset)
    {
      *out_us = (wall_seconds (&typed.day, (gint64) typed.minute * 60 + typed.second) -
                 typed.offset_s) * G_USEC_PER_SEC;
      return TRUE;
    }

  kv_local_time_resolve (tz, &typed.day, typed.minute, typed.second, &resolution);
  if (resolution.n_matches == 1)
    {
      *out_us = resolution.first_us;
      return TRUE;
    }

  day = kv_local_time_format_day (&typed.day);
  clock = kv_local_time_format_clock (typed.minute);
  if (resolution.n_matches == 0)
    {
      gint64 change_s = resolution.change_us / G_USEC_PER_SEC;
      g_autofree char *from = clock_at (change_s, resolution.offset_before_s);
      g_autofree char *to = clock_at (change_s, resolution.offset_after_s);

      g_set_error (error, KV_LOCAL_TIME_ERROR, KV_LOCAL_TIME_ERROR_NONEXISTENT,
                   "%s %s does not exist in %s: the clocks go forward from %s %s to %s %s "
                   "that night. Pick a time before %s or from %s.",
                   day, clock, g_time_zone_get_identifier (tz), from,
                   abbreviation_at (tz, change_s - 1), to, abbreviation_at (tz, change_s),
                   from, to);
    }
  else
    {
      gint64 change_s = resolution.change_us / G_USEC_PER_SEC;
      g_autofree char *from = clock_at (change_s, resolution.offset_before_s);
      g_autofree char *to = clock_at (change_s, resolution.offset_after_s);
      g_autofree char *first = format_offset (resolution.offset_before_s);
      g_autofree char *second = format_offset (resolution.offset_after_s);

      g_set_error (error, KV_LOCAL_TIME_ERROR, KV_LOCAL_TIME_ERROR_AMBIGUOUS,
                   "%s %s happens twice in %s: the clocks go back from %s %s to %s %s that "
                   "night. Write \"%s %s %s\" (%s, the first time) or \"%s %s %s\" (%s, the "
                   "second).",
                   day, clock, g_time_zone_get_identifier (tz), from,
                   abbreviation_at (tz, change_s - 1), to, abbreviation_at (tz, change_s),
                   day, clock, first, abbreviation_at (tz, change_s - 1),
                   day, clock, second, abbreviation_at (tz, change_s));
    }
  return FALSE;
}

/**
 * kv_local_time_has_zone:
 * @text: a time as typed
 *
 * Returns: whether @text is a date and time with "Z" or an offset
 */
gboolean
kv_local_time_has_zone (const char *text)
{
  Typed typed;

  return text != NULL && scan_typed (text, &typed) && typed.has_offset;
}

/**
 * kv_local_time_parse_day:
 * @text: "2026-12-08"
 * @out_day: (out): the day
 * @error: return location for a %KV_LOCAL_TIME_ERROR_INVALID
 *
 * Returns: whether @text is a day
 */
gboolean
kv_local_time_parse_day (const char  *text,
                         GDate       *out_day,
                         GError     **error)
{
  if (text == NULL || strlen (text) != 10 || !scan_day (text, out_day))
    {
      g_set_error_literal (error, KV_LOCAL_TIME_ERROR, KV_LOCAL_TIME_ERROR_INVALID,
                           "must be a date like 2026-12-08");
      return FALSE;
    }
  return TRUE;
}

/**
 * kv_local_time_parse_clock:
 * @text: "15:30"; "24:00" is the end of the day
 * @out_minute_of_day: (out): minutes after midnight, 0 to 1440
 * @error: return location for a %KV_LOCAL_TIME_ERROR_INVALID
 *
 * Returns: whether @text is a time of day
 */
gboolean
kv_local_time_parse_clock (const char  *text,
                           guint       *out_minute_of_day,
                           GError     **error)
{
  if (text == NULL || strlen (text) != 5 || !scan_clock (text, TRUE, out_minute_of_day))
    {
      g_set_error_literal (error, KV_LOCAL_TIME_ERROR, KV_LOCAL_TIME_ERROR_INVALID,
                           "must be a time of day like 15:30");
      return FALSE;
    }
  return TRUE;
}

/**
 * kv_local_time_parse_weekday:
 * @text: "tue", "Tuesday" or "2" (1 is Monday, 7 Sunday)
 * @out_weekday: (out): 1 (Monday) to 7 (Sunday), as #GDateWeekday
 * @error: return location for a %KV_LOCAL_TIME_ERROR_INVALID
 *
 * Returns: whether @text names a day of the week
 */
gboolean
kv_local_time_parse_weekday (const char  *text,
                             guint       *out_weekday,
                             GError     **error)
{
  for (guint i = 1; text != NULL && i <= 7; i++)
    {
      char digit[2] = { (char) ('0' + i), '\0' };

      if (g_ascii_strcasecmp (text, weekday_short[i]) == 0 ||
          g_ascii_strcasecmp (text, weekday_names[i]) == 0 || g_str_equal (text, digit))
        {
          *out_weekday = i;
          return TRUE;
        }
    }
  g_set_error_literal (error, KV_LOCAL_TIME_ERROR, KV_LOCAL_TIME_ERROR_INVALID,
                       "must be a day of the week: mon, tue, wed, thu, fri, sat or sun");
  return FALSE;
}

/**
 * kv_local_time_format:
 * @time_us: an instant, UTC microseconds
 * @tz: the site's zone
 *
 * Returns: (transfer full): "2026-12-08 15:30 CET"
 */
char *
kv_local_time_format (gint64     time_us,
                      GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, tz) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M %Z") : g_strdup ("?");
}

/**
 * kv_local_time_format_rfc3339:
 * @time_us: an instant, UTC microseconds
 * @tz: the site's zone
 *
 * Returns: (transfer full): "2026-12-08T15:30:00+01:00"
 */
char *
kv_local_time_format_rfc3339 (gint64     time_us,
                              GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, tz) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z") : g_strdup ("?");
}

/* "2026-12-08" */
char *
kv_local_time_format_day (const GDate *day)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (day), g_date_get_month (day),
                          g_date_get_day (day));
}

/* "15:30" */
char *
kv_local_time_format_clock (guint minute_of_day)
{
  return g_strdup_printf ("%02u:%02u", minute_of_day / 60, minute_of_day % 60);
}

/**
 * kv_local_time_get_day:
 * @time_us: an instant, UTC microseconds
 * @tz: the site's zone
 * @out_day: (out): the local day it falls on
 * @out_minute_of_day: (out) (optional): minutes after local midnight
 */
void
kv_local_time_get_day (gint64     time_us,
                       GTimeZone *tz,
                       GDate     *out_day,
                       guint     *out_minute_of_day)
{
  gint64 utc_s = time_us / G_USEC_PER_SEC;
  gint64 local = utc_s + offset_at (tz, utc_s);
  gint64 days = local >= 0 ? local / SECONDS_PER_DAY : (local - SECONDS_PER_DAY + 1) / SECONDS_PER_DAY;
  GDate epoch;

  g_date_clear (&epoch, 1);
  g_date_set_dmy (&epoch, 1, G_DATE_JANUARY, 1970);
  g_date_clear (out_day, 1);
  g_date_set_julian (out_day, g_date_get_julian (&epoch) + (guint32) days);
  if (out_minute_of_day != NULL)
    *out_minute_of_day = (guint) ((local - days * SECONDS_PER_DAY) / 60);
}

/* "tue": what the API and kinvisitctl write. */
const char *
kv_local_time_weekday_name (guint weekday)
{
  return weekday >= 1 && weekday <= 7 ? weekday_short[weekday] : "?";
}

/* "Tuesdays": for messages. */
const char *
kv_local_time_weekday_plural (guint weekday)
{
  return weekday >= 1 && weekday <= 7 ? weekday_plural[weekday] : "?";
}
