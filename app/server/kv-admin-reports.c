/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-reports.h"

#include "kv-admin-report-query.h"

/**
 * KvAdminReports:
 *
 * The admin API's monthly reports: `GET /api/v1/reports?month=YYYY-MM
 * [&site=ID][&format=json|csv]`, per site the caller covers, the visits
 * booked, held, cancelled, the no-shows by side, the visits staff ended
 * early by category and the minutes lost and given back. The month is
 * each site's own local month. Read only; the figures come from the store
 * in one read transaction (kv-report-table.c says how purged months are
 * counted).
 */

struct _KvAdminReports
{
  GObject  parent_instance;

  KvStore *store;
};

G_DEFINE_FINAL_TYPE (KvAdminReports, kv_admin_reports, G_TYPE_OBJECT)

/* The end categories, in the order of their CSV columns. */
static const KvEndCategory end_categories[] = {
  KV_END_CATEGORY_FINISHED_EARLY, KV_END_CATEGORY_CHILD_UPSET, KV_END_CATEGORY_ADULT_UNWELL,
  KV_END_CATEGORY_TECHNICAL_PROBLEM, KV_END_CATEGORY_OTHER, KV_END_CATEGORY_SAFEGUARDING,
  KV_END_CATEGORY_NONE,
};

static gint64
ended_early_count (const KvReport *report,
                   KvEndCategory   category)
{
  const gint64 *count = g_hash_table_lookup (report->ended_early,
                                             kv_end_category_to_string (category));

  return count != NULL ? *count : 0;
}

/* Whole minutes, rounded. */
static gint64
minutes_of (gint64 seconds)
{
  return (seconds + 30) / 60;
}

static void
append_number (GString *line,
               gint64   value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  kv_admin_report_query_append_cell (line, text);
}

static GBytes *
format_csv (GPtrArray *reports,
            GPtrArray *sites)
{
  GString *csv = g_string_new (NULL);

  for (const char * const *name = (const char * const[]) {
         "month", "site", "time_zone", "booked", "held", "cancelled", "no_show_prison",
         "no_show_community", "no_show_both", "no_show_side_unknown", NULL };
       *name != NULL; name++)
    kv_admin_report_query_append_cell (csv, *name);
  for (gsize i = 0; i < G_N_ELEMENTS (end_categories); i++)
    {
      g_autofree char *name = g_strdup_printf ("ended_early_%s",
                                               kv_end_category_to_string (end_categories[i]));

      kv_admin_report_query_append_cell (csv, name);
    }
  kv_admin_report_query_append_cell (csv, "minutes_lost");
  kv_admin_report_query_append_cell (csv, "minutes_given_back");
  kv_admin_report_query_append_cell (csv, "minutes_booked");
  kv_admin_report_query_append_cell (csv, "partial");
  g_string_append (csv, "\r\n");

  for (guint i = 0; i < reports->len; i++)
    {
      const KvReport *report = g_ptr_array_index (reports, i);
      const KvSiteRecord *site = g_ptr_array_index (sites, i);

      kv_admin_report_query_append_cell (csv, report->month);
      kv_admin_report_query_append_cell (csv, report->site_id);
      kv_admin_report_query_append_cell (csv, site->time_zone);
      append_number (csv, report->booked);
      append_number (csv, report->held);
      append_number (csv, report->cancelled);
      append_number (csv, report->no_show_prison);
      append_number (csv, report->no_show_community);
      append_number (csv, report->no_show_both);
      append_number (csv, report->no_show_unknown);
      for (gsize j = 0; j < G_N_ELEMENTS (end_categories); j++)
        append_number (csv, ended_early_count (report, end_categories[j]));
      append_number (csv, minutes_of (report->lost_seconds));
      append_number (csv, minutes_of (report->makeup_seconds));
      append_number (csv, report->booked_minutes);
      kv_admin_report_query_append_cell (csv, report->purged_visits > 0 ? "true" : "false");
      g_string_append (csv, "\r\n");
    }
  return g_string_free_to_bytes (csv);
}

static void
add_report (JsonBuilder        *builder,
            const KvReport     *report,
            const KvSiteRecord *site)
{
  json_builder_begin_object (builder);
  kv_admin_http_add_string (builder, "month", report->month);
  kv_admin_http_add_string (builder, "site", report->site_id);
  kv_admin_http_add_string (builder, "site_name", site->name);
  kv_admin_http_add_string (builder, "time_zone", site->time_zone);
  kv_admin_http_add_int (builder, "booked", report->booked);
  kv_admin_http_add_int (builder, "held", report->held);
  kv_admin_http_add_int (builder, "cancelled", report->cancelled);
  json_builder_set_member_name (builder, "no_show");
  json_builder_begin_object (builder);
  kv_admin_http_add_int (builder, "prison", report->no_show_prison);
  kv_admin_http_add_int (builder, "community", report->no_show_community);
  kv_admin_http_add_int (builder, "both", report->no_show_both);
  kv_admin_http_add_int (builder, "side_unknown", report->no_show_unknown);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "ended_early");
  json_builder_begin_object (builder);
  for (gsize i = 0; i < G_N_ELEMENTS (end_categories); i++)
    {
      gint64 count = ended_early_count (report, end_categories[i]);

      /* Every category but "none" (a stop without one, from old kiosks)
       * always, so a table has its rows. */
      if (count > 0 || end_categories[i] != KV_END_CATEGORY_NONE)
        kv_admin_http_add_int (builder, kv_end_category_to_string (end_categories[i]), count);
    }
  json_builder_end_object (builder);
  kv_admin_http_add_int (builder, "minutes_lost", minutes_of (report->lost_seconds));
  kv_admin_http_add_int (builder, "minutes_given_back", minutes_of (report->makeup_seconds));
  kv_admin_http_add_int (builder, "minutes_booked", report->booked_minutes);
  kv_admin_http_add_int (builder, "purged_visits", report->purged_visits);
  json_builder_set_member_name (builder, "partial");
  json_builder_add_boolean_value (builder, report->purged_visits > 0);
  json_builder_end_object (builder);
}

static void
get_reports (KvAdminReports       *self,
             const KvAdminRequest *request)
{
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_report_free);
  g_autoptr(GPtrArray) sites = NULL;
  g_autoptr(GError) error = NULL;
  KvAdminReportQuery query;

  if (!kv_admin_report_query_read (request, "missing-field", &query))
    return;
  sites = kv_store_list_sites (self->store, &error);
  if (sites == NULL)
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  sites = kv_admin_report_query_pick_sites (request, &query, g_steal_pointer (&sites), NULL);
  if (sites == NULL)
    return;

  for (guint i = 0; i < sites->len; i++)
    {
      const KvSiteRecord *site = g_ptr_array_index (sites, i);
      gint64 from_us, until_us;
      KvReport *report;

      kv_admin_report_query_site_span (&query, site, &from_us, &until_us);
      report = kv_store_read_report (self->store, site->id, query.month, from_us, until_us,
                                     &error);
      if (report == NULL)
        {
          kv_admin_http_respond_gerror (request->message, error);
          return;
        }
      g_ptr_array_add (reports, report);
    }

  if (query.csv)
    {
      g_autoptr(GBytes) body = format_csv (reports, sites);

      kv_admin_report_query_respond_csv (request, &query, "kinvisit-report", body);
    }
  else
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) array = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < reports->len; i++)
        add_report (builder, g_ptr_array_index (reports, i), g_ptr_array_index (sites, i));
      json_builder_end_array (builder);
      array = json_builder_get_root (builder);
      kv_admin_report_query_respond_json (request, &query, array);
    }
}

/**
 * kv_admin_reports_route:
 *
 * Returns: %TRUE if the request was one of the reports' (and is answered)
 */
gboolean
kv_admin_reports_route (KvAdminReports       *self,
                        const KvAdminRequest *request)
{
  g_return_val_if_fail (KV_IS_ADMIN_REPORTS (self), FALSE);

  if (kv_admin_http_is_route (request, "GET", 1, "reports"))
    {
      get_reports (self, request);
      return TRUE;
    }
  return FALSE;
}

static void
kv_admin_reports_dispose (GObject *object)
{
  KvAdminReports *self = KV_ADMIN_REPORTS (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (kv_admin_reports_parent_class)->dispose (object);
}

static void
kv_admin_reports_class_init (KvAdminReportsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kv_admin_reports_dispose;
}

static void
kv_admin_reports_init (KvAdminReports *self)
{
}

/**
 * kv_admin_reports_new:
 * @store: the database
 *
 * Returns: (transfer full): the reports' endpoints
 */
KvAdminReports *
kv_admin_reports_new (KvStore *store)
{
  KvAdminReports *self;

  g_return_val_if_fail (KV_IS_STORE (store), NULL);

  self = g_object_new (KV_TYPE_ADMIN_REPORTS, NULL);
  self->store = g_object_ref (store);
  return self;
}
