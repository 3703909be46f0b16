/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-reports.h"

#include "kv-local-time.h"

#include <string.h>

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

/**
 * kv_admin_reports_parse_month:
 * @text: (nullable): a month, `YYYY-MM`, years 2000 to 2999
 * @out_first_day: (out): the month's first day
 *
 * Returns: whether @text is such a month
 */
gboolean
kv_admin_reports_parse_month (const char *text,
                              GDate      *out_first_day)
{
  gint64 year, month;
  char year_text[5], month_text[3];

  if (text == NULL || strlen (text) != 7 || text[4] != '-')
    return FALSE;
  memcpy (year_text, text, 4);
  year_text[4] = '\0';
  memcpy (month_text, text + 5, 2);
  month_text[2] = '\0';
  if (!g_ascii_isdigit (month_text[0]) || !g_ascii_isdigit (month_text[1]) ||
      !g_ascii_string_to_signed (year_text, 10, 2000, 2999, &year, NULL) ||
      !g_ascii_string_to_signed (month_text, 10, 1, 12, &month, NULL))
    return FALSE;
  g_date_clear (out_first_day, 1);
  g_date_set_dmy (out_first_day, 1, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

/**
 * kv_admin_reports_local_midnight:
 * @tz: a site's zone
 * @day: a day
 *
 * Returns: the instant local midnight begins @day in @tz; when midnight is
 *   skipped (a zone that moves its clocks at 00:00), the first instant after
 */
gint64
kv_admin_reports_local_midnight (GTimeZone   *tz,
                                 const GDate *day)
{
  KvLocalResolution resolution;

  kv_local_time_resolve (tz, day, 0, 0, &resolution);
  return resolution.n_matches == 0 ? resolution.change_us : resolution.first_us;
}

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

/**
 * kv_admin_reports_csv_cell:
 * @text: a cell's text
 *
 * Quotes a CSV cell (RFC 4180). A text that a spreadsheet would run as a
 * formula (starting with `=`, `+`, `-` or `@`, or a tab or carriage
 * return) gets a leading apostrophe first, as the console's audit export
 * does: a site's id or name is typed by staff.
 *
 * Returns: (transfer full): the quoted cell
 */
char *
kv_admin_reports_csv_cell (const char *text)
{
  GString *cell = g_string_new ("\"");

  if (text != NULL && strchr ("=+-@\t\r", text[0]) != NULL && text[0] != '\0')
    g_string_append_c (cell, '\'');
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (cell, '"');
      g_string_append_c (cell, *p);
    }
  g_string_append_c (cell, '"');
  return g_string_free (cell, FALSE);
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

static void
append_number (GString *line,
               gint64   value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  append_cell (line, text);
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
    append_cell (csv, *name);
  for (gsize i = 0; i < G_N_ELEMENTS (end_categories); i++)
    {
      g_autofree char *name = g_strdup_printf ("ended_early_%s",
                                               kv_end_category_to_string (end_categories[i]));

      append_cell (csv, name);
    }
  append_cell (csv, "minutes_lost");
  append_cell (csv, "minutes_given_back");
  append_cell (csv, "minutes_booked");
  append_cell (csv, "partial");
  g_string_append (csv, "\r\n");

  for (guint i = 0; i < reports->len; i++)
    {
      const KvReport *report = g_ptr_array_index (reports, i);
      const KvSiteRecord *site = g_ptr_array_index (sites, i);

      append_cell (csv, report->month);
      append_cell (csv, report->site_id);
      append_cell (csv, site->time_zone);
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
      append_cell (csv, report->purged_visits > 0 ? "true" : "false");
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

/* The sites to report on: @site_id alone (checked), or every site the
 * caller covers. %NULL once the answer (an error) is sent. */
static GPtrArray *
pick_sites (KvAdminReports       *self,
            const KvAdminRequest *request,
            const char           *site_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sites = kv_store_list_sites (self->store, &error);

  if (sites == NULL)
    {
      kv_admin_http_respond_gerror (request->message, error);
      return NULL;
    }
  for (guint i = sites->len; i > 0; i--)
    {
      KvSiteRecord *site = g_ptr_array_index (sites, i - 1);

      if (site_id != NULL ? !g_str_equal (site->id, site_id)
                          : !kv_admin_caller_covers_site (request->caller, site->id))
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

static void
get_reports (KvAdminReports       *self,
             const KvAdminRequest *request)
{
  const char *month = kv_admin_http_get_query (request, "month");
  const char *site_id = kv_admin_http_get_query (request, "site");
  const char *format = kv_admin_http_get_query (request, "format");
  g_autoptr(GPtrArray) sites = NULL;
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_report_free);
  GDate first_day, next_first_day;
  gboolean csv;

  if (month == NULL)
    {
      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                         "missing-field", "month",
                                         "Field 'month' is missing: give a month like 2026-12");
      return;
    }
  if (!kv_admin_reports_parse_month (month, &first_day))
    {
      g_autofree char *text = g_strdup_printf ("Field 'month' \"%s\" is not a month: write it "
                                               "like 2026-12", month);

      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                         "bad-month", "month", text);
      return;
    }
  if (format != NULL && !g_str_equal (format, "json") && !g_str_equal (format, "csv"))
    {
      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                         "bad-format", "format",
                                         "Field 'format' must be json or csv");
      return;
    }
  csv = format != NULL && g_str_equal (format, "csv");
  if (site_id != NULL && *site_id == '\0')
    site_id = NULL;

  sites = pick_sites (self, request, site_id);
  if (sites == NULL)
    return;

  next_first_day = first_day;
  g_date_add_months (&next_first_day, 1);
  for (guint i = 0; i < sites->len; i++)
    {
      const KvSiteRecord *site = g_ptr_array_index (sites, i);
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (site->time_zone);
      g_autoptr(GError) error = NULL;
      KvReport *report;

      /* A zone this machine no longer knows: UTC, rather than no report. */
      if (tz == NULL)
        tz = g_time_zone_new_utc ();
      report = kv_store_read_report (self->store, site->id, month,
                                     kv_admin_reports_local_midnight (tz, &first_day),
                                     kv_admin_reports_local_midnight (tz, &next_first_day),
                                     &error);
      if (report == NULL)
        {
          kv_admin_http_respond_gerror (request->message, error);
          return;
        }
      g_ptr_array_add (reports, report);
    }

  if (csv)
    {
      g_autoptr(GBytes) body = format_csv (reports, sites);
      g_autofree char *disposition = g_strdup_printf ("attachment; filename=\"kinvisit-report-%s.csv\"",
                                                      month);
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->message);

      soup_server_message_set_status (request->message, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_content_type (headers, "text/csv; charset=utf-8", NULL);
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
        add_report (builder, g_ptr_array_index (reports, i), g_ptr_array_index (sites, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      kv_admin_http_respond_json (request->message, SOUP_STATUS_OK, builder);
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
