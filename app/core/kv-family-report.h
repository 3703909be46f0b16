/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kv-age-rules.h"

G_BEGIN_DECLS

/**
 * KvReportFamily:
 * @family_id: the family
 * @band: its youngest child's band
 * @admitted_us: the start of the admission day
 * @first_week_end_us: kv_contact_plan_first_week_end() of it
 *
 * A family, as the report on contact needs it.
 */
typedef struct
{
  const char *family_id;
  KvAgeBand   band;
  gint64      admitted_us;
  gint64      first_week_end_us;
} KvReportFamily;

/**
 * KvReportVisit:
 * @family_id: the family
 * @start_us: its start
 * @held: whether it was held: went live and ran to its end or was ended by
 *   staff for a reason other than a technical problem
 * @within_rules: whether it kept to the age rules when it was booked (no
 *   override)
 *
 * One of a family's visits that was not cancelled.
 */
typedef struct
{
  const char *family_id;
  gint64      start_us;
  gboolean    held;
  gboolean    within_rules;
} KvReportVisit;

/**
 * KvFamilyReport:
 * @new_families: families admitted in the month
 * @first_week_contact: of those, families with a held visit before the end
 *   of their first week
 * @gaps: per band (kv_age_rules_band_index()), how many intervals between
 *   two consecutive held visits of a family end in the month
 * @median_gap_days: per band, the median of those intervals in days; NAN
 *   when @gaps is 0
 * @visits: visits of families that start in the month (not cancelled,
 *   held or not)
 * @visits_within_rules: of those, visits booked within the age rules
 *
 * Contact figures for one site and month. Shares are for the caller to
 * work out (first_week_contact / new_families ...), so 0/0 stays visible.
 */
typedef struct
{
  guint  new_families;
  guint  first_week_contact;
  guint  gaps[KV_AGE_BAND_COUNT];
  double median_gap_days[KV_AGE_BAND_COUNT];
  guint  visits;
  guint  visits_within_rules;
} KvFamilyReport;

/* @families: KvReportFamily *; @visits: KvReportVisit * of those families,
 * any month, any order (earlier visits are needed for the intervals). */
void kv_family_report_compute (GPtrArray      *families,
                               GPtrArray      *visits,
                               gint64          month_start_us,
                               gint64          month_end_us,
                               KvFamilyReport *out_report);

G_END_DECLS
