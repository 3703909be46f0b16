/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-age-rules"

#include "config.h"

#include "kv-age-rules.h"

/* A site's rules per age band: how long a visit lasts, the smallest gap
 * between two visits of one family and the contact the site aims for.
 * Shorter and more frequent contact for the very young follows Council of
 * Europe CM/Rec(2018)5; the defaults are what a site gets until an admin
 * sets its own.
 *
 * Every message here reaches staff through the admin API and kinvisitctl
 * (English, like the server's other messages): it says which band, which
 * limit and by how much, so the person booking can decide without looking
 * the rules up. */

#define MINUTE_US (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define HOUR_US (60 * MINUTE_US)
#define DAY_US (24 * HOUR_US)

G_DEFINE_QUARK (kv-age-rules-error-quark, kv_age_rules_error)

static const KvAgeBandRules default_rules[KV_AGE_BAND_COUNT] = {
  /* 0-3: short, twice a week. */
  { .default_minutes = 15, .max_minutes = 20, .min_gap_hours = 24, .aim_visits = 2,
    .aim_days = 7 },
  /* 4-7 */
  { .default_minutes = 20, .max_minutes = 30, .min_gap_hours = 24, .aim_visits = 1,
    .aim_days = 7 },
  /* 8-12 */
  { .default_minutes = 30, .max_minutes = 45, .min_gap_hours = 24, .aim_visits = 1,
    .aim_days = 7 },
  /* 13-17 */
  { .default_minutes = 30, .max_minutes = 45, .min_gap_hours = 24, .aim_visits = 1,
    .aim_days = 7 },
};

void
kv_age_rules_init_defaults (KvAgeRules *rules)
{
  g_return_if_fail (rules != NULL);

  for (guint i = 0; i < KV_AGE_BAND_COUNT; i++)
    rules->bands[i] = default_rules[i];
}

int
kv_age_rules_band_index (KvAgeBand band)
{
  switch (band)
    {
    case KV_AGE_BAND_0_3:
      return 0;
    case KV_AGE_BAND_4_7:
      return 1;
    case KV_AGE_BAND_8_12:
      return 2;
    case KV_AGE_BAND_13_17:
      return 3;
    case KV_AGE_BAND_UNSPECIFIED:
    default:
      return -1;
    }
}

const KvAgeBandRules *
kv_age_rules_get (const KvAgeRules *rules,
                  KvAgeBand         band)
{
  int index = kv_age_rules_band_index (band);

  g_return_val_if_fail (rules != NULL, NULL);

  return index >= 0 ? &rules->bands[index] : NULL;
}

/* "For children aged 4-7, max_minutes must be from 5 to 240 minutes; it
 * is 300": the band, the field, the rule and what was given. */
static gboolean G_GNUC_PRINTF (5, 6)
refuse_rules (GError     **error,
              KvAgeBand    band,
              const char  *field,
              guint        value,
              const char  *must_format,
              ...)
{
  g_autofree char *must = NULL;
  va_list args;

  va_start (args, must_format);
  must = g_strdup_vprintf (must_format, args);
  va_end (args);
  g_set_error (error, KV_AGE_RULES_ERROR, KV_AGE_RULES_ERROR_INVALID,
               "For children aged %s, %s must be %s; it is %u", kv_age_band_to_string (band),
               field, must, value);
  return FALSE;
}

/**
 * kv_age_band_rules_validate:
 * @rules: a site's rules for one band, as an admin typed them
 * @band: the band they are for (named in the message)
 * @error: return location for a %KV_AGE_RULES_ERROR_INVALID naming the band
 *   and the field
 *
 * Returns: whether the rules are within the limits and agree with each other
 */
gboolean
kv_age_band_rules_validate (const KvAgeBandRules  *rules,
                            KvAgeBand              band,
                            GError               **error)
{
  g_return_val_if_fail (rules != NULL, FALSE);

  if (rules->default_minutes < KV_AGE_RULES_MIN_MINUTES ||
      rules->default_minutes > KV_AGE_RULES_MAX_MINUTES)
    return refuse_rules (error, band, "default_minutes", rules->default_minutes,
                         "from %d to %d minutes", KV_AGE_RULES_MIN_MINUTES,
                         KV_AGE_RULES_MAX_MINUTES);
  if (rules->max_minutes < KV_AGE_RULES_MIN_MINUTES ||
      rules->max_minutes > KV_AGE_RULES_MAX_MINUTES)
    return refuse_rules (error, band, "max_minutes", rules->max_minutes,
                         "from %d to %d minutes", KV_AGE_RULES_MIN_MINUTES,
                         KV_AGE_RULES_MAX_MINUTES);
  if (rules->default_minutes > rules->max_minutes)
    return refuse_rules (error, band, "default_minutes", rules->default_minutes,
                         "at most max_minutes (%u)", rules->max_minutes);
  if (rules->min_gap_hours > KV_AGE_RULES_MAX_GAP_HOURS)
    return refuse_rules (error, band, "min_gap_hours", rules->min_gap_hours,
                         "at most %d hours (%d days)", KV_AGE_RULES_MAX_GAP_HOURS,
                         KV_AGE_RULES_MAX_GAP_HOURS / 24);
  if (rules->aim_visits < 1 || rules->aim_visits > KV_AGE_RULES_MAX_AIM_VISITS)
    return refuse_rules (error, band, "aim_visits", rules->aim_visits,
                         "from 1 to %d visits", KV_AGE_RULES_MAX_AIM_VISITS);
  if (rules->aim_days < 1 || rules->aim_days > KV_AGE_RULES_MAX_AIM_DAYS)
    return refuse_rules (error, band, "aim_days", rules->aim_days, "from 1 to %d days",
                         KV_AGE_RULES_MAX_AIM_DAYS);
  /* More than a visit a day cannot be planned around a smallest gap. */
  if (rules->aim_visits > rules->aim_days)
    return refuse_rules (error, band, "aim_visits", rules->aim_visits,
                         "at most aim_days (%u): one visit a day at most", rules->aim_days);
  return TRUE;
}

gint64
kv_age_band_rules_get_period_us (const KvAgeBandRules *rules)
{
  g_return_val_if_fail (rules != NULL, 7 * DAY_US);

  return (gint64) rules->aim_days * DAY_US / MAX (rules->aim_visits, 1);
}

/* The bands are declared youngest first, after UNSPECIFIED. */
KvAgeBand
kv_age_band_youngest (const KvAgeBand *bands,
                      gsize            n_bands)
{
  KvAgeBand youngest = KV_AGE_BAND_UNSPECIFIED;

  for (gsize i = 0; i < n_bands; i++)
    if (kv_age_rules_band_index (bands[i]) >= 0 &&
        (youngest == KV_AGE_BAND_UNSPECIFIED || bands[i] < youngest))
      youngest = bands[i];
  return youngest;
}

/* "1 minute", "3 hours", "23 hours 30 minutes": a gap as staff say it,
 * rounded down so a gap just short of the rule never reads as meeting it. */
static char *
describe_span (gint64 span_us)
{
  gint64 minutes = span_us / MINUTE_US;
  gint64 hours = minutes / 60;

  minutes %= 60;
  if (hours == 0 && minutes == 0)
    return g_strdup ("less than a minute");
  if (hours == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT " minute%s", minutes, minutes == 1 ? "" : "s");
  if (minutes == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT " hour%s", hours, hours == 1 ? "" : "s");
  return g_strdup_printf ("%" G_GINT64_FORMAT " hour%s %" G_GINT64_FORMAT " minute%s", hours,
                          hours == 1 ? "" : "s", minutes, minutes == 1 ? "" : "s");
}

/**
 * kv_age_rules_check_length:
 * @rules: the site's rules
 * @band: the youngest child's band
 * @length_us: the visit's length
 * @error: return location for a %KV_AGE_RULES_ERROR_TOO_LONG
 *
 * Returns: whether a visit this long suits the band
 */
gboolean
kv_age_rules_check_length (const KvAgeRules  *rules,
                           KvAgeBand          band,
                           gint64             length_us,
                           GError           **error)
{
  const KvAgeBandRules *band_rules = kv_age_rules_get (rules, band);
  gint64 minutes;

  if (band_rules == NULL || length_us <= band_rules->max_minutes * MINUTE_US)
    return TRUE;

  /* Rounded up: a visit a few seconds over is "21 minutes", not "20". */
  minutes = (length_us + MINUTE_US - 1) / MINUTE_US;
  g_set_error (error, KV_AGE_RULES_ERROR, KV_AGE_RULES_ERROR_TOO_LONG,
               "A visit for a child aged %s may last at most %u minutes here; this one lasts %"
               G_GINT64_FORMAT " minutes (the usual length is %u)",
               kv_age_band_to_string (band), band_rules->max_minutes, minutes,
               band_rules->default_minutes);
  return FALSE;
}

/**
 * kv_age_rules_check_gap:
 * @rules: the site's rules
 * @band: the youngest child's band
 * @start_us: the visit being booked
 * @end_us: its end
 * @other_start_us: another visit of the same family
 * @other_end_us: its end
 * @error: return location for a %KV_AGE_RULES_ERROR_TOO_CLOSE
 *
 * Returns: whether the two visits are far enough apart for the band
 */
gboolean
kv_age_rules_check_gap (const KvAgeRules  *rules,
                        KvAgeBand          band,
                        gint64             start_us,
                        gint64             end_us,
                        gint64             other_start_us,
                        gint64             other_end_us,
                        GError           **error)
{
  const KvAgeBandRules *band_rules = kv_age_rules_get (rules, band);
  gint64 need_us, gap_us;
  g_autofree char *gap = NULL;
  const char *band_name = kv_age_band_to_string (band);

  if (band_rules == NULL)
    return TRUE;

  need_us = band_rules->min_gap_hours * HOUR_US;
  if (start_us < other_end_us && other_start_us < end_us)
    {
      g_set_error (error, KV_AGE_RULES_ERROR, KV_AGE_RULES_ERROR_TOO_CLOSE,
                   "A child aged %s needs at least %u hours between two visits here; this one "
                   "overlaps another visit of the family", band_name, band_rules->min_gap_hours);
      return FALSE;
    }

  gap_us = start_us >= other_end_us ? start_us - other_end_us : other_start_us - end_us;
  if (gap_us >= need_us)
    return TRUE;

  gap = describe_span (gap_us);
  g_set_error (error, KV_AGE_RULES_ERROR, KV_AGE_RULES_ERROR_TOO_CLOSE,
               "A child aged %s needs at least %u hours between two visits here; this one %s %s "
               "%s another visit of the family", band_name, band_rules->min_gap_hours,
               start_us >= other_end_us ? "starts" : "ends", gap,
               start_us >= other_end_us ? "after" : "before");
  return FALSE;
}

gboolean
kv_age_band_goes_to_school (KvAgeBand band)
{
  return band == KV_AGE_BAND_4_7 || band == KV_AGE_BAND_8_12 || band == KV_AGE_BAND_13_17;
}
