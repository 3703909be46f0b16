/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-family-reports.h"

#include "kv-admin-report-query.h"
#include "kv-family-report.h"
#include "kv-family-table.h"
#include "kv-family-view.h"

#include <math.h>

/**
 * KvAdminFamilyReports:
 *
 * The contact report, per month and community site: `GET
 * /api/v1/reports/families?month=YYYY-MM[&site=ID][&format=json|csv]`.
 * Of the families admitted in the month, the share that had a visit
 * before the end of their first week; the median days between two held
 * visits of a family, by its youngest child's band (intervals that end in
 * the month); and the share of the month's visits booked within the age
 * rules. The month is the community site's; admission days and first
 * weeks are the prison's. The figures are kv_family_report_compute()'s,
 * on the families and visits the store reads. Read only.
 */

struct _KvAdminFamilyReports
{
  GObject  parent_instance;

  KvStore *store;
};

G_DEFINE_FINAL_TYPE (KvAdminFamilyReports, kv_admin_family_reports, G_TYPE_OBJECT)

/* The bands in the order of kv_age_rules_band_index(). */
static const KvAgeBand bands[KV_AGE_BAND_COUNT] = {
  KV_AGE_BAND_0_3, KV_AGE_BAND_4_7, KV_AGE_BAND_8_12, KV_AGE_BAND_13_17,
};

typedef struct
{
  char           *site_id;
  KvFamilyReport  figures;
} SiteReport;

static void
site_report_free (SiteReport *report)
{
  g_free (report->site_id);
  g_free (report);
}

/* A share, or NAN when there is nothing to share (0 of 0). */
static double
share_of (guint part,
          guint whole)
{
  return whole > 0 ? (double) part / whole : NAN;
}

/* Days to two decimals: what a median of whole and half days needs. */
static double
round_days (double days)
{
  return (double) (gint64) (days * 100 + 0.5) / 100;
}

static void
add_number (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

static void
add_report (JsonBuilder      *builder,
            const SiteReport *report,
            const char       *month)
{
  const KvFamilyReport *figures = &report->figures;

  json_builder_begin_object (builder);
  kv_admin_http_add_string (builder, "site", report->site_id);
  kv_admin_http_add_string (builder, "month", month);
  kv_admin_http_add_int (builder, "new_families", figures->new_families);
  kv_admin_http_add_int (builder, "first_week_contact", figures->first_week_contact);
  add_number (builder, "first_week_share",
              share_of (figures->first_week_contact, figures->new_families));
  json_builder_set_member_name (builder, "median_days_between");
  json_builder_begin_object (builder);
  for (guint i = 0; i < KV_AGE_BAND_COUNT; i++)
    add_number (builder, kv_age_band_to_string (bands[i]),
                figures->gaps[i] > 0 ? round_days (figures->median_gap_days[i]) : NAN);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "intervals");
  json_builder_begin_object (builder);
  for (guint i = 0; i < KV_AGE_BAND_COUNT; i++)
    kv_admin_http_add_int (builder, kv_age_band_to_string (bands[i]), figures->gaps[i]);
  json_builder_end_object (builder);
  kv_admin_http_add_int (builder, "visits", figures->visits);
  kv_admin_http_add_int (builder, "visits_within_rules", figures->visits_within_rules);
  add_number (builder, "within_rules_share",
              share_of (figures->visits_within_rules, figures->visits));
  json_builder_end_object (builder);
}

/* A decimal with @places places (never the locale's comma); an empty
 * cell when undefined. */
static void
append_decimal (GString *line,
                double   value,
                int      places)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    {
      kv_admin_report_query_append_cell (line, "");
      return;
    }
  g_ascii_formatd (text, sizeof text, places == 3 ? "%.3f" : "%.2f", value);
  kv_admin_report_query_append_cell (line, text);
}

static void
append_count (GString *line,
              guint    value)
{
  g_autofree char *text = g_strdup_printf ("%u", value);

  kv_admin_report_query_append_cell (line, text);
}

static GBytes *
format_csv (GPtrArray  *reports,
            const char *month)
{
  GString *csv = g_string_new (NULL);

  for (const char * const *name = (const char * const[]) {
         "month", "site", "new_families", "first_week_contact", "first_week_share",
         "median_days_0_3", "median_days_4_7", "median_days_8_12", "median_days_13_17",
         "visits", "visits_within_rules", "within_rules_share", NULL };
       *name != NULL; name++)
    kv_admin_report_query_append_cell (csv, *name);
  g_string_append (csv, "\r\n");
  for (guint i = 0; i < reports->len; i++)
    {
      const SiteReport *report = g_ptr_array_index (reports, i);
      const KvFamilyReport *figures = &report->figures;

      kv_admin_report_query_append_cell (csv, month);
      kv_admin_report_query_append_cell (csv, report->site_id);
      append_count (csv, figures->new_families);
      append_count (csv, figures->first_week_contact);
      append_decimal (csv, share_of (figures->first_week_contact, figures->new_families), 3);
      for (guint b = 0; b < KV_AGE_BAND_COUNT; b++)
        append_decimal (csv, figures->gaps[b] > 0 ? figures->median_gap_days[b] : NAN, 2);
      append_count (csv, figures->visits);
      append_count (csv, figures->visits_within_rules);
      append_decimal (csv, share_of (figures->visits_within_rules, figures->visits), 3);
      g_string_append (csv, "\r\n");
    }
  return g_string_free_to_bytes (csv);
}

/* The community sites to report on: the one asked for (known, the
 * caller's), or every site the caller covers with a community kiosk or a
 * family. %NULL once an error is answered. */
static GPtrArray *
pick_sites (KvAdminFamilyReports     *self,
            const KvAdminRequest     *request,
            const KvAdminReportQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sites = kv_store_list_sites (self->store, &error);
  g_autoptr(GPtrArray) kiosks = NULL;
  g_autoptr(GPtrArray) families = NULL;
  g_autoptr(GHashTable) community = g_hash_table_new (g_str_hash, g_str_equal);

  if (sites != NULL)
    kiosks = kv_store_list_kiosks (self->store, &error);
  if (kiosks != NULL)
    families = kv_family_table_list (kv_store_get_families (self->store), NULL, TRUE, &error);
  if (families == NULL)
    {
      kv_admin_http_respond_gerror (request->message, error);
      return NULL;
    }
  for (guint i = 0; i < kiosks->len; i++)
    {
      const KvKioskRecord *kiosk = g_ptr_array_index (kiosks, i);

      if (kiosk->role == KV_ROLE_COMMUNITY && kiosk->site_id != NULL)
        g_hash_table_add (community, kiosk->site_id);
    }
  for (guint i = 0; i < families->len; i++)
    g_hash_table_add (community,
                      ((KvFamilyRecord *) g_ptr_array_index (families, i))->community_site);
  return kv_admin_report_query_pick_sites (request, query, g_steal_pointer (&sites), community);
}

/* One site's figures for the month asked, there. */
static SiteReport *
read_site (KvAdminFamilyReports      *self,
           const KvSiteRecord        *site,
           const KvAdminReportQuery  *query,
           gint64                     now_us,
           GError                   **error)
{
  KvFamilyTable *table = kv_store_get_families (self->store);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) visits = NULL;
  g_autoptr(GPtrArray) views = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_family_view_free);
  g_autoptr(GPtrArray) families = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) report_visits = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) no_contacts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) sites = kv_family_view_new_site_cache ();
  SiteReport *report;
  gint64 from_us, until_us;

  records = kv_family_table_list (table, site->id, TRUE, error);
  if (records == NULL)
    return NULL;
  visits = kv_family_table_list_visits (table, site->id, error);
  if (visits == NULL)
    return NULL;
  for (guint i = 0; i < records->len; i++)
    {
      KvFamilyView *view = kv_family_view_new (self->store, g_ptr_array_index (records, i),
                                               no_contacts, sites, now_us, error);
      KvReportFamily *family;

      if (view == NULL)
        return NULL;
      g_ptr_array_add (views, view);
      family = g_new0 (KvReportFamily, 1);
      family->family_id = view->record->id;
      family->band = view->band;
      family->admitted_us = view->admission_start_us;
      family->first_week_end_us = view->first_week_end_us;
      g_ptr_array_add (families, family);
    }
  for (guint i = 0; i < visits->len; i++)
    {
      const KvFamilyVisit *visit = g_ptr_array_index (visits, i);
      KvReportVisit *report_visit = g_new0 (KvReportVisit, 1);

      report_visit->family_id = visit->family_id;
      report_visit->start_us = visit->start_us;
      report_visit->held = visit->held;
      report_visit->within_rules = visit->within_rules;
      g_ptr_array_add (report_visits, report_visit);
    }

  kv_admin_report_query_site_span (query, site, &from_us, &until_us);
  report = g_new0 (SiteReport, 1);
  report->site_id = g_strdup (site->id);
  kv_family_report_compute (families, report_visits, from_us, until_us, &report->figures);
  return report;
}

static void
get_report (KvAdminFamilyReports *self,
            const KvAdminRequest *request)
{
  g_autoptr(GPtrArray) sites = NULL;
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func ((GDestroyNotify) site_report_free);
  KvAdminReportQuery query;

  if (!kv_admin_report_query_read (request, "bad-month", &query))
    return;
  sites = pick_sites (self, request, &query);
  if (sites == NULL)
    return;
  for (guint i = 0; i < sites->len; i++)
    {
      g_autoptr(GError) error = NULL;
      SiteReport *report = read_site (self, g_ptr_array_index (sites, i), &query,
                                      request->now_us, &error);

      if (report == NULL)
        {
          kv_admin_http_respond_gerror (request->message, error);
          return;
        }
      g_ptr_array_add (reports, report);
    }

  if (query.csv)
    {
      g_autoptr(GBytes) body = format_csv (reports, query.month);

      kv_admin_report_query_respond_csv (request, &query, "kinvisit-families", body);
    }
  else
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) array = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < reports->len; i++)
        add_report (builder, g_ptr_array_index (reports, i), query.month);
      json_builder_end_array (builder);
      array = json_builder_get_root (builder);
      kv_admin_report_query_respond_json (request, &query, array);
    }
}

/**
 * kv_admin_family_reports_route:
 *
 * Returns: %TRUE if the request was the families report (and is answered)
 */
gboolean
kv_admin_family_reports_route (KvAdminFamilyReports *self,
                               const KvAdminRequest *request)
{
  g_return_val_if_fail (KV_IS_ADMIN_FAMILY_REPORTS (self), FALSE);

  if (kv_admin_http_is_route (request, "GET", 2, "families"))
    {
      get_report (self, request);
      return TRUE;
    }
  return FALSE;
}

static void
kv_admin_family_reports_dispose (GObject *object)
{
  KvAdminFamilyReports *self = KV_ADMIN_FAMILY_REPORTS (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (kv_admin_family_reports_parent_class)->dispose (object);
}

static void
kv_admin_family_reports_class_init (KvAdminFamilyReportsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kv_admin_family_reports_dispose;
}

static void
kv_admin_family_reports_init (KvAdminFamilyReports *self)
{
}

/**
 * kv_admin_family_reports_new:
 * @store: the database
 *
 * Returns: (transfer full): the families report's endpoint
 */
KvAdminFamilyReports *
kv_admin_family_reports_new (KvStore *store)
{
  KvAdminFamilyReports *self;

  g_return_val_if_fail (KV_IS_STORE (store), NULL);

  self = g_object_new (KV_TYPE_ADMIN_FAMILY_REPORTS, NULL);
  self->store = g_object_ref (store);
  return self;
}
