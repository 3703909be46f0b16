/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-protocol"

#include "config.h"

#include "kv-protocol-private.h"

#include <string.h>

/*
 * The syntax of protocol values shared by the parser and the serializer:
 * identifiers, device tokens and RFC 3339 times (docs/protocol.md,
 * "Values").
 */

gboolean
kv_protocol_is_valid_id (const char *id)
{
  gsize len = 0;

  if (id == NULL)
    return FALSE;

  for (const char *p = id; *p != '\0'; p++, len++)
    {
      if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
        return FALSE;
      if (len >= KV_PROTOCOL_MAX_ID_SIZE)
        return FALSE;
    }

  return len > 0;
}

gboolean
kv_protocol_is_valid_token (const char *token)
{
  gsize len = 0;

  if (token == NULL)
    return FALSE;

  /* base64url without padding (RFC 4648, section 5) */
  for (const char *p = token; *p != '\0'; p++, len++)
    {
      if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
        return FALSE;
      if (len >= KV_PROTOCOL_MAX_TOKEN_CHARS)
        return FALSE;
    }

  return len >= KV_PROTOCOL_MIN_TOKEN_CHARS;
}

/* Proleptic Gregorian calendar <-> days since 1970-01-01, for years 0..9999
 * (H. Hinnant's algorithms). GDateTime would do, but it has no milliseconds
 * in GLib 2.74's ISO 8601 output and accepts far more than RFC 3339. */
static gint64
days_from_civil (int year,
                 int month,
                 int day)
{
  int era, yoe, doy, doe;

  year -= month <= 2;
  era = year / 400;
  yoe = year - era * 400;
  doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return (gint64) era * 146097 + doe - 719468;
}

static void
civil_from_days (gint64  days,
                 int    *out_year,
                 int    *out_month,
                 int    *out_day)
{
  gint64 z = days + 719468;
  gint64 era = z / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  int month = (int) (mp < 10 ? mp + 3 : mp - 9);

  *out_day = (int) (doy - (153 * mp + 2) / 5 + 1);
  *out_month = month;
  *out_year = (int) (yoe + era * 400 + (month <= 2));
}

static char *
put_digits (char *out,
            int   value,
            guint n_digits)
{
  for (guint i = n_digits; i > 0; i--)
    {
      out[i - 1] = (char) ('0' + value % 10);
      value /= 10;
    }
  return out + n_digits;
}

/**
 * kv_protocol_format_time_into:
 * @time_us: UTC microseconds since the epoch
 * @out: (out caller-allocates): a buffer of %KV_PROTOCOL_TIME_BUFFER_SIZE bytes
 *
 * Formats a time the way the protocol sends it: RFC 3339, UTC, "Z", with
 * milliseconds only when they are not zero. The protocol's resolution is a
 * millisecond: finer parts are dropped. Times outside 1970..9999 are clamped
 * so the result always parses. Written by hand rather than with printf: a
 * schedule holds hundreds of times.
 *
 * Returns: the length written, without the terminating NUL
 */
gsize
kv_protocol_format_time_into (gint64 time_us,
                              char   out[KV_PROTOCOL_TIME_BUFFER_SIZE])
{
  gint64 ms, days;
  int secs_of_day, year, month, day;
  char *p = out;

  time_us = CLAMP (time_us, 0, KV_PROTOCOL_MAX_TIME_US);
  ms = time_us / 1000;
  days = ms / (G_GINT64_CONSTANT (86400) * 1000);
  secs_of_day = (int) ((ms / 1000) % 86400);
  civil_from_days (days, &year, &month, &day);

  p = put_digits (p, year, 4);
  *p++ = '-';
  p = put_digits (p, month, 2);
  *p++ = '-';
  p = put_digits (p, day, 2);
  *p++ = 'T';
  p = put_digits (p, secs_of_day / 3600, 2);
  *p++ = ':';
  p = put_digits (p, secs_of_day / 60 % 60, 2);
  *p++ = ':';
  p = put_digits (p, secs_of_day % 60, 2);
  if (ms % 1000 != 0)
    {
      *p++ = '.';
      p = put_digits (p, (int) (ms % 1000), 3);
    }
  *p++ = 'Z';
  *p = '\0';

  return p - out;
}

/**
 * kv_protocol_format_time:
 * @time_us: UTC microseconds since the epoch
 *
 * Like kv_protocol_format_time_into(), in a new string.
 *
 * Returns: (transfer full): the time as the protocol writes it
 */
char *
kv_protocol_format_time (gint64 time_us)
{
  char buffer[KV_PROTOCOL_TIME_BUFFER_SIZE];

  kv_protocol_format_time_into (time_us, buffer);
  return g_strdup (buffer);
}

static gboolean
read_digits (const char **p,
             guint        n,
             int         *out_value)
{
  int value = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      value = value * 10 + ((*p)[i] - '0');
    }

  *p += n;
  *out_value = value;
  return TRUE;
}

static gboolean
expect_char (const char **p,
             char         c)
{
  if (**p != c)
    return FALSE;
  (*p)++;
  return TRUE;
}

/**
 * kv_protocol_parse_time:
 * @text: "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+00:00)"
 * @out_time_us: (out): UTC microseconds since the epoch, millisecond resolution
 *
 * Parses an RFC 3339 time strictly: UTC only, no leap second, a real
 * calendar date from 1970 to 9999. Fraction digits past milliseconds are
 * ignored, which keeps parse(serialize(parse(x))) == parse(x).
 */
gboolean
kv_protocol_parse_time (const char *text,
                        gint64     *out_time_us)
{
  static const int days_in_month[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  const char *p = text;
  int year, month, day, hour, minute, second, ms = 0, month_days;

  if (text == NULL)
    return FALSE;

  if (!read_digits (&p, 4, &year) || !expect_char (&p, '-') ||
      !read_digits (&p, 2, &month) || !expect_char (&p, '-') ||
      !read_digits (&p, 2, &day) || !expect_char (&p, 'T') ||
      !read_digits (&p, 2, &hour) || !expect_char (&p, ':') ||
      !read_digits (&p, 2, &minute) || !expect_char (&p, ':') ||
      !read_digits (&p, 2, &second))
    return FALSE;

  if (*p == '.')
    {
      guint n_digits = 0;

      p++;
      while (g_ascii_isdigit (*p))
        {
          if (n_digits < 3)
            ms = ms * 10 + (*p - '0');
          n_digits++;
          p++;
        }
      if (n_digits == 0 || n_digits > 9)
        return FALSE;
      for (guint i = n_digits; i < 3; i++)
        ms *= 10;
    }

  if (strcmp (p, "Z") != 0 && strcmp (p, "+00:00") != 0)
    return FALSE;

  if (year < 1970 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59)
    return FALSE;
  month_days = days_in_month[month - 1];
  if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
    month_days = 29;
  if (day < 1 || day > month_days)
    return FALSE;

  *out_time_us = ((days_from_civil (year, month, day) * 86400 +
                   hour * 3600 + minute * 60 + second) * 1000 + ms) * 1000;
  return TRUE;
}
