/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kv-types.h"

G_BEGIN_DECLS

/* The age bands that have rules: every #KvAgeBand but UNSPECIFIED. */
#define KV_AGE_BAND_COUNT 4

/**
 * KvAgeRulesError:
 * @KV_AGE_RULES_ERROR_TOO_LONG: longer than the band's maximum length
 * @KV_AGE_RULES_ERROR_TOO_CLOSE: closer to another visit of the family than
 *   the band's smallest gap
 * @KV_AGE_RULES_ERROR_INVALID: the rules themselves make no sense
 *
 * Why a visit does not suit the child's age, or why a site's age rules
 * were refused. Every message is written for staff.
 */
typedef enum {
  KV_AGE_RULES_ERROR_TOO_LONG,
  KV_AGE_RULES_ERROR_TOO_CLOSE,
  KV_AGE_RULES_ERROR_INVALID,
} KvAgeRulesError;

#define KV_AGE_RULES_ERROR (kv_age_rules_error_quark ())
GQuark kv_age_rules_error_quark (void);

/**
 * KvAgeBandRules:
 * @default_minutes: the usual length of a visit
 * @max_minutes: the longest visit the site books without an override
 * @min_gap_hours: the smallest time from the end of one of the family's
 *   visits to the start of its next
 * @aim_visits: the contact the site aims for: @aim_visits visits ...
 * @aim_days: ... every @aim_days days (e.g. 2 every 7: twice a week)
 *
 * A site's rules for one age band (Council of Europe CM/Rec(2018)5:
 * shorter, more frequent contact for the very young).
 */
typedef struct
{
  guint default_minutes;
  guint max_minutes;
  guint min_gap_hours;
  guint aim_visits;
  guint aim_days;
} KvAgeBandRules;

/**
 * KvAgeRules:
 * @bands: the rules of each band, indexed by kv_age_rules_band_index()
 *
 * A site's rules for all age bands.
 */
typedef struct
{
  KvAgeBandRules bands[KV_AGE_BAND_COUNT];
} KvAgeRules;

/* Limits a site's rules must keep to (kv_age_band_rules_validate()). */
#define KV_AGE_RULES_MIN_MINUTES     5
#define KV_AGE_RULES_MAX_MINUTES     240
#define KV_AGE_RULES_MAX_GAP_HOURS   (14 * 24)
#define KV_AGE_RULES_MAX_AIM_VISITS  14
#define KV_AGE_RULES_MAX_AIM_DAYS    31

/* Defaults: 0-3 15/20 min twice a week; 4-7 20/30 weekly; 8-12 and 13-17
 * 30/45 weekly; a smallest gap of 24 h for all. */
void                  kv_age_rules_init_defaults     (KvAgeRules           *rules);

/* 0 for 0-3 ... 3 for 13-17; -1 for UNSPECIFIED. */
int                   kv_age_rules_band_index        (KvAgeBand             band);

/* The rules of @band, or %NULL for KV_AGE_BAND_UNSPECIFIED. */
const KvAgeBandRules *kv_age_rules_get               (const KvAgeRules     *rules,
                                                      KvAgeBand             band);

/* Within the limits above, 1 <= default <= max, aim_visits >= 1,
 * aim_days >= 1 and aim_visits <= aim_days. The message names the band
 * and the field. */
gboolean              kv_age_band_rules_validate     (const KvAgeBandRules *rules,
                                                      KvAgeBand             band,
                                                      GError              **error);

/* How long a family of this band may go without a held visit before it is
 * due: aim_days / aim_visits days (3.5 days for twice a week). */
gint64                kv_age_band_rules_get_period_us (const KvAgeBandRules *rules);

/* The youngest band of @bands (the rules of a family with several children
 * are the youngest child's); UNSPECIFIED entries are skipped; UNSPECIFIED
 * if there are none. */
KvAgeBand             kv_age_band_youngest           (const KvAgeBand      *bands,
                                                      gsize                 n_bands);

/* TOO_LONG if a visit of @length_us is over the band's maximum, e.g. "A visit
 * for a child aged 0-3 may last at most 20 minutes here; this one lasts 60
 * minutes (the usual length is 15)". TRUE for UNSPECIFIED. */
gboolean              kv_age_rules_check_length      (const KvAgeRules     *rules,
                                                      KvAgeBand             band,
                                                      gint64                length_us,
                                                      GError              **error);

/* TOO_CLOSE if [start_us, end_us) and [other_start_us, other_end_us) (two
 * visits of one family) are closer than the band's smallest gap, or
 * overlap. TRUE for UNSPECIFIED. The message gives the gap in hours. */
gboolean              kv_age_rules_check_gap         (const KvAgeRules     *rules,
                                                      KvAgeBand             band,
                                                      gint64                start_us,
                                                      gint64                end_us,
                                                      gint64                other_start_us,
                                                      gint64                other_end_us,
                                                      GError              **error);

/* Whether children of @band go to school (4-7 and older). */
gboolean              kv_age_band_goes_to_school     (KvAgeBand             band);

G_END_DECLS
