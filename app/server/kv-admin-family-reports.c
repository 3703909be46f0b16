/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-family-reports.h"

#include "kv-admin-reports.h"
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

static void
append_cell (GString    *line,
             const char *text)
{
  g_autofree char *cell = kv_admin_reports_csv_cell (text);

  if (line->len > 0 && line->str[line->len - 1] != '\n')
    g_string_append_c (line, ',');
  g_string_append (line, cell);
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
      append_cell (line, "");
      return;
    }
  g_ascii_formatd (text, sizeof text, places == 3 ? "%.3f" : "%.2f", value);
  append_cell (line, text);
}

static void
append_count (GString *line,
              guint    value)
{
  g_autofree char *text = g_strdup_printf ("%u", value);

  append_cell (line, text);
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
    append_cell (csv, *name);
  g_string_append (csv, "\r\n");
  for (guint i = 0; i < reports->len; i++)
    {
      const SiteReport *report = g_ptr_array_index (reports, i);
      const KvFamilyReport *figures = &report->figures;

      append_cell (csv, month);
      append_cell (csv, report->site_id);
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

/* The community sites to report on: @site_id alone (known, the caller's),
 * or every site the caller covers with a community kiosk or a family.
 * %NULL once an error is answered. */
static GPtrArray *
pick_sites (KvAdminFamilyReports *self,
            const KvAdminRequest *request,
            const char           *site_id)
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

  for (guint i = sites->len; i > 0; i--)
    {
      const KvSiteRecord *site = g_ptr_array_index (sites, i - 1);

      if (site_id != NULL ? !g_str_equal (site->id, site_id)
                          : (!kv_admin_caller_covers_site (request->caller, site->id) ||
                             !g_hash_table_contains (community, site->id)))
        g_ptr_array_remove_index (sites, i - 1);
    }
  if (site_id != NULL && sites->len == 0)
    {
      g_autofree char *text = g_strdup_printf ("Field 'site': there is no site %s", site_id);

      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                         "unknown-site", "site", text);
      return NULL;
    }
  if (site_id != NULL && !kv_admin_http_require_site (request, site_id))
    return NULL;
  return g_steal_pointer (&sites);
}

/* One site's figures for the month starting on @first_day there. */
static SiteReport *
read_site (KvAdminFamilyReports  *self,
           const KvSiteRecord    *site,
           const GDate           *first_day,
           gint64                 now_us,
           GError               **error)
{
  KvFamilyTable *table = kv_store_get_families (self->store);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) visits = NULL;
  g_autoptr(GPtrArray) views = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_family_view_free);
  g_autoptr(GPtrArray) families = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) report_visits = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) no_contacts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) sites = kv_family_view_new_site_cache ();
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (site->time_zone);
  SiteReport *report;
  GDate next_first_day = *first_day;

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

  /* A zone this machine no longer knows: UTC, rather than no report. */
  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  g_date_add_months (&next_first_day, 1);
  report = g_new0 (SiteReport, 1);
  report->site_id = g_strdup (site->id);
  kv_family_report_compute (families, report_visits,
                            kv_admin_reports_local_midnight (tz, first_day),
                            kv_admin_reports_local_midnight (tz, &next_first_day),
                            &report->figures);
  return report;
}

static void
get_report (KvAdminFamilyReports *self,
            const KvAdminRequest *request)
{
  const char *month = kv_admin_http_get_query (request, "month");
  const char *site_id = kv_admin_http_get_query (request, "site");
  const char *format = kv_admin_http_get_query (request, "format");
  g_autoptr(GPtrArray) sites = NULL;
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func ((GDestroyNotify) site_report_free);
  GDate first_day;

  if (!kv_admin_reports_parse_month (month, &first_day))
    {
      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST, "bad-month",
                                         "month",
                                         "Field 'month' must be a month written like 2026-11");
      return;
    }
  if (format != NULL && !g_str_equal (format, "json") && !g_str_equal (format, "csv"))
    {
      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                         "bad-format", "format",
                                         "Field 'format' must be json or csv");
      return;
    }
  if (site_id != NULL && *site_id == '\0')
    site_id = NULL;
  sites = pick_sites (self, request, site_id);
  if (sites == NULL)
    return;
  for (guint i = 0; i < sites->len; i++)
    {
      g_autoptr(GError) error = NULL;
      SiteReport *report = read_site (self, g_ptr_array_index (sites, i), &first_day,
                                      request->now_us, &error);

      if (report == NULL)
        {
          kv_admin_http_respond_gerror (request->message, error);
          return;
        }
      g_ptr_array_add (reports, report);
    }

  if (format != NULL && g_str_equal (format, "csv"))
    {
      g_autoptr(GBytes) body = format_csv (reports, month);
      g_autofree char *disposition = g_strdup_printf ("attachment; filename=\"kinvisit-families-%s.csv\"",
                                                      month);
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->message);

      soup_server_message_set_status (request->message, SOUP_STATUS_OK, NULL);
      soup_message_headers_replace (headers, "Content-Disposition", disposition);
      soup_server_message_set_response (request->message, "text/csv; charset=utf-8",
                                        SOUP_MEMORY_COPY,
                                        g_bytes_get_data (body, NULL), g_bytes_get_size (body));
    }
  else
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      kv_admin_http_add_string (builder, "month", month);
      json_builder_set_member_name (builder, "reports");
      json_builder_begin_array (builder);
      for (guint i = 0; i < reports->len; i++)
        add_report (builder, g_ptr_array_index (reports, i), month);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      kv_admin_http_respond_json (request->message, SOUP_STATUS_OK, builder);
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
