/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-report-query.h"

#include "kv-local-time.h"

#include <string.h>

/* What the monthly reports (kv-admin-reports.c, kv-admin-family-reports.c)
 * share around their figures: reading the month, site and format asked
 * for, picking the sites, each site's own local month, and answering in
 * JSON or CSV. */

/* @text: (nullable): a month, `YYYY-MM`, years 2000 to 2999. */
static gboolean
parse_month (const char *text,
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

/* The instant local midnight begins @day in @tz; when midnight is skipped
 * (a zone that moves its clocks at 00:00), the first instant after. */
static gint64
local_midnight (GTimeZone   *tz,
                const GDate *day)
{
  KvLocalResolution resolution;

  kv_local_time_resolve (tz, day, 0, 0, &resolution);
  return resolution.n_matches == 0 ? resolution.change_us : resolution.first_us;
}

/**
 * kv_admin_report_query_read:
 * @request: a report request
 * @missing_month_code: the error code when there is no month at all
 *   (each report's contract names its own)
 * @out_query: (out): what it asks
 *
 * Otherwise answers 400 `bad-month` or `bad-format`.
 *
 * Returns: whether @out_query is filled (else the answer is sent)
 */
gboolean
kv_admin_report_query_read (const KvAdminRequest *request,
                            const char           *missing_month_code,
                            KvAdminReportQuery   *out_query)
{
  const char *format = kv_admin_http_get_query (request, "format");

  out_query->month = kv_admin_http_get_query (request, "month");
  out_query->site_id = kv_admin_http_get_query (request, "site");
  if (out_query->month == NULL)
    {
      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                         missing_month_code, "month",
                                         "Field 'month' is missing: give a month like 2026-12");
      return FALSE;
    }
  if (!parse_month (out_query->month, &out_query->first_day))
    {
      g_autofree char *text = g_strdup_printf ("Field 'month' \"%s\" is not a month: write it "
                                               "like 2026-12", out_query->month);

      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                         "bad-month", "month", text);
      return FALSE;
    }
  if (format != NULL && !g_str_equal (format, "json") && !g_str_equal (format, "csv"))
    {
      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                         "bad-format", "format",
                                         "Field 'format' must be json or csv");
      return FALSE;
    }
  out_query->csv = format != NULL && g_str_equal (format, "csv");
  if (out_query->site_id != NULL && *out_query->site_id == '\0')
    out_query->site_id = NULL;
  out_query->next_first_day = out_query->first_day;
  g_date_add_months (&out_query->next_first_day, 1);
  return TRUE;
}

/**
 * kv_admin_report_query_pick_sites:
 * @sites: (transfer full): every site
 * @only: (nullable): the ids of the sites the report is about, when not
 *   all of them
 *
 * The sites to report on: the one asked for (known, and the caller's), or
 * every site of @only the caller covers.
 *
 * Returns: (transfer full) (nullable): the sites, or %NULL once an error
 *   is answered
 */
GPtrArray *
kv_admin_report_query_pick_sites (const KvAdminRequest     *request,
                                  const KvAdminReportQuery *query,
                                  GPtrArray                *sites,
                                  GHashTable               *only)
{
  g_autoptr(GPtrArray) picked = sites;
  const char *site_id = query->site_id;

  for (guint i = picked->len; i > 0; i--)
    {
      const KvSiteRecord *site = g_ptr_array_index (picked, i - 1);

      if (site_id != NULL ? !g_str_equal (site->id, site_id)
                          : (!kv_admin_caller_covers_site (request->caller, site->id) ||
                             (only != NULL && !g_hash_table_contains (only, site->id))))
        g_ptr_array_remove_index (picked, i - 1);
    }
  if (site_id != NULL && picked->len == 0)
    {
      g_autofree char *text = g_strdup_printf ("Field 'site': there is no site %s", site_id);

      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                         "unknown-site", "site", text);
      return NULL;
    }
  if (site_id != NULL && !kv_admin_http_require_site (request, site_id))
    return NULL;
  return g_steal_pointer (&picked);
}

/**
 * kv_admin_report_query_site_span:
 * @site: a site reported on
 * @out_from_us: (out): when the month begins there
 * @out_until_us: (out): when the next month begins there
 *
 * The month is each site's own local month; a zone this machine no longer
 * knows counts as UTC, rather than giving no report.
 */
void
kv_admin_report_query_site_span (const KvAdminReportQuery *query,
                                 const KvSiteRecord       *site,
                                 gint64                   *out_from_us,
                                 gint64                   *out_until_us)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (site->time_zone);

  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  *out_from_us = local_midnight (tz, &query->first_day);
  *out_until_us = local_midnight (tz, &query->next_first_day);
}

/**
 * kv_admin_report_query_append_cell:
 * @csv: the CSV so far
 * @text: (nullable): a cell's text
 *
 * Appends a quoted cell (RFC 4180), after a comma unless it starts a
 * line. A text that a spreadsheet would run as a formula (starting with
 * `=`, `+`, `-` or `@`, or a tab or carriage return) gets a leading
 * apostrophe first, as the console's audit export does: a site's id or
 * name is typed by staff.
 */
void
kv_admin_report_query_append_cell (GString    *csv,
                                   const char *text)
{
  if (csv->len > 0 && csv->str[csv->len - 1] != '\n')
    g_string_append_c (csv, ',');
  g_string_append_c (csv, '"');
  if (text != NULL && strchr ("=+-@\t\r", text[0]) != NULL && text[0] != '\0')
    g_string_append_c (csv, '\'');
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

/**
 * kv_admin_report_query_respond_csv:
 * @name: the file's name before the month ("kinvisit-report")
 * @body: the CSV
 *
 * Answers 200 with @body as a download, `NAME-YYYY-MM.csv`.
 */
void
kv_admin_report_query_respond_csv (const KvAdminRequest     *request,
                                   const KvAdminReportQuery *query,
                                   const char               *name,
                                   GBytes                   *body)
{
  g_autofree char *disposition = g_strdup_printf ("attachment; filename=\"%s-%s.csv\"", name,
                                                  query->month);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->message);

  soup_server_message_set_status (request->message, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (headers, "Content-Disposition", disposition);
  soup_server_message_set_response (request->message, "text/csv; charset=utf-8",
                                    SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

/**
 * kv_admin_report_query_respond_json:
 * @reports: (transfer none): the array of the sites' reports
 *
 * Answers 200 `{"month": "YYYY-MM", "reports": [...]}`.
 */
void
kv_admin_report_query_respond_json (const KvAdminRequest     *request,
                                    const KvAdminReportQuery *query,
                                    JsonNode                 *reports)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  kv_admin_http_add_string (builder, "month", query->month);
  json_builder_set_member_name (builder, "reports");
  json_builder_add_value (builder, json_node_copy (reports));
  json_builder_end_object (builder);
  kv_admin_http_respond_json (request->message, SOUP_STATUS_OK, builder);
}
