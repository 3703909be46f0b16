/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-family-report"

#include "config.h"

#include "kv-family-report.h"

#include <math.h>

/* The figures of the monthly report on contact, from plain arrays the
 * server reads out of its store: how many new families saw their parent
 * within the first week, how many days pass between held visits for each
 * age band, and how many visits kept to the age rules. Pure, so a fixed
 * data set gives known answers.
 *
 * An interval belongs to the month its later visit starts in: that is the
 * month in which the family waited that long. */

#define DAY_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

static int
compare_visits_by_start (gconstpointer a,
                         gconstpointer b)
{
  const KvReportVisit *x = *(const KvReportVisit * const *) a;
  const KvReportVisit *y = *(const KvReportVisit * const *) b;

  return x->start_us < y->start_us ? -1 : x->start_us > y->start_us ? 1 : 0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* The middle value, or the mean of the two middle values; NAN for none. */
static double
median (GArray *values)
{
  guint n = values->len;

  if (n == 0)
    return NAN;
  g_array_sort (values, compare_doubles);
  if (n % 2 == 1)
    return g_array_index (values, double, n / 2);
  return (g_array_index (values, double, n / 2 - 1) + g_array_index (values, double, n / 2)) / 2;
}

static gboolean
in_month (gint64 time_us,
          gint64 month_start_us,
          gint64 month_end_us)
{
  return time_us >= month_start_us && time_us < month_end_us;
}

/**
 * kv_family_report_compute:
 * @families: (element-type KvReportFamily): the site's families
 * @visits: (element-type KvReportVisit): their visits that were not
 *   cancelled, any month
 * @month_start_us: the first instant of the month, local to the site
 * @month_end_us: the first instant of the next month
 * @out_report: (out): the figures
 */
void
kv_family_report_compute (GPtrArray      *families,
                          GPtrArray      *visits,
                          gint64          month_start_us,
                          gint64          month_end_us,
                          KvFamilyReport *out_report)
{
  /* family_id -> KvReportFamily *, and -> GPtrArray of its held visits. */
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) held = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                      (GDestroyNotify) g_ptr_array_unref);
  GArray *intervals[KV_AGE_BAND_COUNT];
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (families != NULL);
  g_return_if_fail (visits != NULL);
  g_return_if_fail (out_report != NULL);

  *out_report = (KvFamilyReport) { 0 };
  for (guint b = 0; b < KV_AGE_BAND_COUNT; b++)
    intervals[b] = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < families->len; i++)
    {
      const KvReportFamily *family = g_ptr_array_index (families, i);

      g_hash_table_insert (by_id, (gpointer) family->family_id, (gpointer) family);
    }

  for (guint i = 0; i < visits->len; i++)
    {
      const KvReportVisit *visit = g_ptr_array_index (visits, i);
      GPtrArray *family_held;

      /* Only the families of this report: a visit of another site's
       * family is not this site's to count. */
      if (!g_hash_table_contains (by_id, visit->family_id))
        continue;
      if (in_month (visit->start_us, month_start_us, month_end_us))
        {
          out_report->visits++;
          if (visit->within_rules)
            out_report->visits_within_rules++;
        }
      if (!visit->held)
        continue;
      family_held = g_hash_table_lookup (held, visit->family_id);
      if (family_held == NULL)
        {
          family_held = g_ptr_array_new ();
          g_hash_table_insert (held, (gpointer) visit->family_id, family_held);
        }
      g_ptr_array_add (family_held, (gpointer) visit);
    }

  for (guint i = 0; i < families->len; i++)
    {
      const KvReportFamily *family = g_ptr_array_index (families, i);
      GPtrArray *family_held;

      if (!in_month (family->admitted_us, month_start_us, month_end_us))
        continue;
      out_report->new_families++;
      family_held = g_hash_table_lookup (held, family->family_id);
      for (guint j = 0; family_held != NULL && j < family_held->len; j++)
        {
          const KvReportVisit *visit = g_ptr_array_index (family_held, j);

          if (visit->start_us < family->first_week_end_us)
            {
              out_report->first_week_contact++;
              break;
            }
        }
    }

  g_hash_table_iter_init (&iter, held);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const KvReportFamily *family = g_hash_table_lookup (by_id, key);
      GPtrArray *family_held = value;
      int band = kv_age_rules_band_index (family->band);

      if (band < 0)
        continue;
      g_ptr_array_sort (family_held, compare_visits_by_start);
      for (guint j = 1; j < family_held->len; j++)
        {
          const KvReportVisit *earlier = g_ptr_array_index (family_held, j - 1);
          const KvReportVisit *later = g_ptr_array_index (family_held, j);
          double days;

          if (!in_month (later->start_us, month_start_us, month_end_us))
            continue;
          days = (double) (later->start_us - earlier->start_us) / DAY_US;
          g_array_append_val (intervals[band], days);
        }
    }

  for (guint b = 0; b < KV_AGE_BAND_COUNT; b++)
    {
      out_report->gaps[b] = intervals[b]->len;
      out_report->median_gap_days[b] = median (intervals[b]);
      g_array_unref (intervals[b]);
    }
}
