/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-admin-http.h"
#include "kv-store.h"

G_BEGIN_DECLS

/**
 * KvAdminReportQuery:
 * @month: the month asked for, `YYYY-MM`
 * @site_id: (nullable): the one site asked for; %NULL for every site
 * @csv: whether the answer is CSV rather than JSON
 * @first_day: the month's first day
 * @next_first_day: the next month's first day
 *
 * What a monthly report request asks: `?month=YYYY-MM[&site=ID]
 * [&format=json|csv]`. The strings belong to the request.
 */
typedef struct
{
  const char *month;
  const char *site_id;
  gboolean    csv;
  GDate       first_day;
  GDate       next_first_day;
} KvAdminReportQuery;

gboolean   kv_admin_report_query_read         (const KvAdminRequest     *request,
                                               const char               *missing_month_code,
                                               KvAdminReportQuery       *out_query);
GPtrArray *kv_admin_report_query_pick_sites   (const KvAdminRequest     *request,
                                               const KvAdminReportQuery *query,
                                               GPtrArray                *sites,
                                               GHashTable               *only);
void       kv_admin_report_query_site_span    (const KvAdminReportQuery *query,
                                               const KvSiteRecord       *site,
                                               gint64                   *out_from_us,
                                               gint64                   *out_until_us);
void       kv_admin_report_query_append_cell  (GString                  *csv,
                                               const char               *text);
void       kv_admin_report_query_respond_csv  (const KvAdminRequest     *request,
                                               const KvAdminReportQuery *query,
                                               const char               *name,
                                               GBytes                   *body);
void       kv_admin_report_query_respond_json (const KvAdminRequest     *request,
                                               const KvAdminReportQuery *query,
                                               JsonNode                 *reports);

G_END_DECLS
