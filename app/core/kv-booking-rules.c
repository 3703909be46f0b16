/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-booking-rules"

#include "config.h"

#include "kv-booking-rules.h"

#include "kv-clock.h"

#include <glib/gi18n-lib.h>

#include <string.h>

/*
 * The rules a booking must meet before the scheduler accepts it. Each rule
 * has its own error code, so the admin API and kinvisitctl can tell staff
 * exactly what to change. Everything is UTC; local time only appears in
 * kv_booking_rules_format_local_times(), which is for display.
 */

G_DEFINE_QUARK (kv-booking-error-quark, kv_booking_error)

/* GDateTime cannot go past the year 9999, and times before 1970 are never a
 * real booking: keeping inside this range also keeps every sum and
 * difference below far from overflowing. */
#define KV_TIME_MIN_US G_GINT64_CONSTANT (0)
#define KV_TIME_MAX_US (G_GINT64_CONSTANT (253402300799) * KV_USEC_PER_SECOND)

static char *
format_utc (gint64      time_us,
            const char *format)
{
  g_autoptr(GDateTime) dt = kv_date_time_new_from_us (time_us);

  if (dt == NULL)
    return g_strdup ("?");

  return g_date_time_format (dt, format);
}

static gboolean
is_id_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.';
}

/**
 * kv_booking_rules_check_id:
 * @id: (nullable): a booking or kiosk id
 * @error: return location for a #KV_BOOKING_ERROR_BAD_ID
 *
 * Ids go into URLs, log lines and SQL parameters, so they are kept to a
 * small, unambiguous alphabet.
 *
 * Returns: whether @id is usable
 */
gboolean
kv_booking_rules_check_id (const char  *id,
                           GError     **error)
{
  size_t length;

  if (id == NULL || *id == '\0')
    {
      g_set_error_literal (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_BAD_ID,
                           _("An id is missing."));
      return FALSE;
    }

  length = strlen (id);
  if (length > KV_BOOKING_ID_MAX_LENGTH)
    {
      g_set_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_BAD_ID,
                   _("An id is longer than %d characters."), KV_BOOKING_ID_MAX_LENGTH);
      return FALSE;
    }

  for (size_t i = 0; i < length; i++)
    {
      if (!is_id_char (id[i]))
        {
          g_set_error_literal (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_BAD_ID,
                               _("An id may only use letters, digits, '-', '_' and '.'."));
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
is_forbidden_in_label (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_SURROGATE:
    case G_UNICODE_PRIVATE_USE:
      return TRUE;
    default:
      break;
    }

  /* Bidirectional overrides and isolates can make a label display as
   * something else than what staff typed; joiners (also "format"
   * characters) are needed by emoji and some scripts, so they stay. */
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/**
 * kv_booking_rules_check_label:
 * @label: (nullable): a display label such as "Dad"
 * @error: return location for a #KV_BOOKING_ERROR_BAD_LABEL
 *
 * A label is shown to a child in big letters: it must have something
 * visible, fit on the screen and not contain anything that changes how text
 * around it is shown.
 *
 * Returns: whether @label is usable
 */
gboolean
kv_booking_rules_check_label (const char  *label,
                              GError     **error)
{
  gboolean visible = FALSE;

  if (label == NULL || !g_utf8_validate (label, -1, NULL))
    {
      g_set_error_literal (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_BAD_LABEL,
                           _("A name shown on screen is missing or is not valid text."));
      return FALSE;
    }

  if (g_utf8_strlen (label, -1) > KV_BOOKING_LABEL_MAX_CHARS)
    {
      g_set_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_BAD_LABEL,
                   _("A name shown on screen is longer than %d characters."),
                   KV_BOOKING_LABEL_MAX_CHARS);
      return FALSE;
    }

  for (const char *p = label; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_forbidden_in_label (c))
        {
          g_set_error_literal (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_BAD_LABEL,
                               _("A name shown on screen contains control characters."));
          return FALSE;
        }
      if (!g_unichar_isspace (c))
        visible = TRUE;
    }

  if (!visible)
    {
      g_set_error_literal (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_BAD_LABEL,
                           _("A name shown on screen is empty."));
      return FALSE;
    }

  return TRUE;
}

/**
 * kv_booking_rules_check_fields:
 * @booking: a booking
 * @error: return location for a #KvBookingError
 *
 * The checks that hold whatever the time and the other bookings: also
 * applied to bookings loaded from the database.
 *
 * Returns: whether @booking's fields are valid
 */
gboolean
kv_booking_rules_check_fields (const KvBooking  *booking,
                               GError          **error)
{
  g_return_val_if_fail (booking != NULL, FALSE);

  if (!kv_booking_rules_check_id (booking->id, error) ||
      !kv_booking_rules_check_id (booking->prison_kiosk, error) ||
      !kv_booking_rules_check_id (booking->community_kiosk, error))
    return FALSE;

  if (g_str_equal (booking->prison_kiosk, booking->community_kiosk))
    {
      g_set_error_literal (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_SAME_KIOSK,
                           _("The prison kiosk and the community kiosk must be two different kiosks."));
      return FALSE;
    }

  if (!kv_booking_rules_check_label (booking->prison_label, error) ||
      !kv_booking_rules_check_label (booking->community_label, error))
    return FALSE;

  if ((guint) booking->age_band > KV_AGE_BAND_13_17)
    {
      g_set_error_literal (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_BAD_AGE_BAND,
                           _("The child's age band is not one of the known bands."));
      return FALSE;
    }

  if (booking->start_us < KV_TIME_MIN_US || booking->start_us > KV_TIME_MAX_US ||
      booking->end_us < KV_TIME_MIN_US || booking->end_us > KV_TIME_MAX_US ||
      booking->end_us <= booking->start_us)
    {
      g_set_error_literal (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_INVALID_TIMES,
                           _("The visit must end after it starts."));
      return FALSE;
    }

  if (booking->start_us % KV_USEC_PER_MINUTE != 0 ||
      booking->end_us % KV_USEC_PER_MINUTE != 0)
    {
      g_set_error_literal (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_NOT_MINUTE_ALIGNED,
                           _("A visit starts and ends on a whole minute."));
      return FALSE;
    }

  return TRUE;
}

/**
 * kv_booking_rules_check_timing:
 * @booking: a booking whose fields are valid
 * @rules: the site's rules
 * @now_us: the current time, UTC
 * @error: return location for a #KvBookingError
 *
 * Returns: whether @booking can be booked at @now_us under @rules
 */
gboolean
kv_booking_rules_check_timing (const KvBooking    *booking,
                               const KvSiteRules  *rules,
                               gint64              now_us,
                               GError            **error)
{
  gint64 length;

  g_return_val_if_fail (booking != NULL, FALSE);
  g_return_val_if_fail (rules != NULL, FALSE);

  length = booking->end_us - booking->start_us;

  if (booking->start_us < now_us)
    {
      g_autofree char *start = format_utc (booking->start_us, "%Y-%m-%d %H:%M");

      g_set_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_IN_THE_PAST,
                   /* Translators: %s is a date and time such as 2026-03-29 10:00 */
                   _("The start, %s UTC, has already passed."), start);
      return FALSE;
    }

  if (booking->start_us - now_us < rules->min_notice_us)
    {
      int minutes = (int) (rules->min_notice_us / KV_USEC_PER_MINUTE);

      g_set_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_TOO_SOON,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Visits must be booked at least %d minute before they start.",
                                "Visits must be booked at least %d minutes before they start.",
                                minutes),
                   minutes);
      return FALSE;
    }

  if (booking->start_us - now_us > rules->horizon_us)
    {
      int days = (int) (rules->horizon_us / (24 * 60 * KV_USEC_PER_MINUTE));

      g_set_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_BEYOND_HORIZON,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Visits can be booked at most %d day ahead.",
                                "Visits can be booked at most %d days ahead.",
                                days),
                   days);
      return FALSE;
    }

  if (length < rules->min_length_us)
    {
      int minutes = (int) (rules->min_length_us / KV_USEC_PER_MINUTE);

      g_set_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_TOO_SHORT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "A visit lasts at least %d minute.",
                                "A visit lasts at least %d minutes.",
                                minutes),
                   minutes);
      return FALSE;
    }

  if (length > rules->max_length_us)
    {
      int minutes = (int) (rules->max_length_us / KV_USEC_PER_MINUTE);

      g_set_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_TOO_LONG,
                   g_dngettext (GETTEXT_PACKAGE,
                                "A visit lasts at most %d minute.",
                                "A visit lasts at most %d minutes.",
                                minutes),
                   minutes);
      return FALSE;
    }

  return TRUE;
}

/**
 * kv_booking_rules_validate:
 * @booking: a new booking
 * @rules: the site's rules
 * @now_us: the current time, UTC
 * @error: return location for a #KvBookingError
 *
 * Returns: whether @booking meets every rule that does not involve other
 *   bookings
 */
gboolean
kv_booking_rules_validate (const KvBooking    *booking,
                           const KvSiteRules  *rules,
                           gint64              now_us,
                           GError            **error)
{
  return kv_booking_rules_check_fields (booking, error) &&
         kv_booking_rules_check_timing (booking, rules, now_us, error);
}

/**
 * kv_booking_rules_check_clash:
 * @booking: a new booking
 * @existing: a booking already made
 * @existing_end_us: when @existing releases its kiosks: its end plus any
 *   make-up time granted
 * @error: return location for a PRISON_KIOSK_BUSY or COMMUNITY_KIOSK_BUSY error
 *
 * Slots are half-open, so back-to-back visits do not clash.
 *
 * Returns: whether @booking can share time with @existing
 */
gboolean
kv_booking_rules_check_clash (const KvBooking  *booking,
                              const KvBooking  *existing,
                              gint64            existing_end_us,
                              GError          **error)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autoptr(GDateTime) from_dt = NULL;
  g_autoptr(GDateTime) to_dt = NULL;
  gboolean same_day;

  g_return_val_if_fail (booking != NULL, FALSE);
  g_return_val_if_fail (existing != NULL, FALSE);

  if (!kv_booking_shares_kiosk (booking, existing) ||
      booking->start_us >= existing_end_us ||
      existing->start_us >= booking->end_us)
    return TRUE;

  from_dt = kv_date_time_new_from_us (existing->start_us);
  to_dt = kv_date_time_new_from_us (existing_end_us);
  same_day = from_dt != NULL && to_dt != NULL &&
             g_date_time_get_day_of_year (from_dt) == g_date_time_get_day_of_year (to_dt) &&
             g_date_time_get_year (from_dt) == g_date_time_get_year (to_dt);
  from = format_utc (existing->start_us, "%Y-%m-%d %H:%M");
  to = format_utc (existing_end_us, same_day ? "%H:%M" : "%Y-%m-%d %H:%M");

  if (kv_booking_involves_kiosk (existing, booking->prison_kiosk))
    g_set_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_PRISON_KIOSK_BUSY,
                 /* Translators: the visit's start and end, e.g. 2026-03-29 10:00 and 10:30 */
                 _("The prison kiosk already has a visit from %s to %s UTC."), from, to);
  else
    g_set_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_COMMUNITY_KIOSK_BUSY,
                 /* Translators: the visit's start and end, e.g. 2026-03-29 10:00 and 10:30 */
                 _("The community kiosk already has a visit from %s to %s UTC."), from, to);

  return FALSE;
}

/**
 * kv_booking_rules_format_local_times:
 * @booking: a booking
 * @tz: the time zone to show the times in
 *
 * On the day the clocks change, a 60-minute visit can read "01:30 CET –
 * 03:30 CEST": the zone abbreviations make that visible instead of looking
 * like a mistake. The end's date is left out when it is the same local day.
 *
 * Returns: (transfer full): the start and end in @tz, for display only
 */
char *
kv_booking_rules_format_local_times (const KvBooking *booking,
                                     GTimeZone       *tz)
{
  g_autoptr(GDateTime) start_utc = NULL;
  g_autoptr(GDateTime) end_utc = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;
  gboolean same_day;

  g_return_val_if_fail (booking != NULL, NULL);
  g_return_val_if_fail (tz != NULL, NULL);

  start_utc = kv_date_time_new_from_us (booking->start_us);
  end_utc = kv_date_time_new_from_us (booking->end_us);
  if (start_utc == NULL || end_utc == NULL)
    return g_strdup ("?");

  start = g_date_time_to_timezone (start_utc, tz);
  end = g_date_time_to_timezone (end_utc, tz);
  same_day = g_date_time_get_year (start) == g_date_time_get_year (end) &&
             g_date_time_get_day_of_year (start) == g_date_time_get_day_of_year (end);

  start_text = g_date_time_format (start, "%Y-%m-%d %H:%M %Z");
  end_text = g_date_time_format (end, same_day ? "%H:%M %Z" : "%Y-%m-%d %H:%M %Z");

  /* Translators: a visit's local start and end, e.g.
   * "2026-03-29 10:00 CEST – 10:30 CEST" */
  return g_strdup_printf (_("%s – %s"), start_text, end_text);
}
