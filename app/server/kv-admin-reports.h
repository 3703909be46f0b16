/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-admin-http.h"
#include "kv-store.h"

G_BEGIN_DECLS

#define KV_TYPE_ADMIN_REPORTS (kv_admin_reports_get_type ())
G_DECLARE_FINAL_TYPE (KvAdminReports, kv_admin_reports, KV, ADMIN_REPORTS, GObject)

KvAdminReports *kv_admin_reports_new   (KvStore              *store);
gboolean        kv_admin_reports_route (KvAdminReports       *self,
                                        const KvAdminRequest *request);

char           *kv_admin_reports_csv_cell (const char        *text);
gboolean        kv_admin_reports_parse_month (const char     *text,
                                              GDate          *out_first_day);
gint64          kv_admin_reports_local_midnight (GTimeZone   *tz,
                                                 const GDate *day);

G_END_DECLS
