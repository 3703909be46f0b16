/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-admin-http.h"
#include "kv-store.h"

G_BEGIN_DECLS

#define KV_TYPE_ADMIN_FAMILY_REPORTS (kv_admin_family_reports_get_type ())
G_DECLARE_FINAL_TYPE (KvAdminFamilyReports, kv_admin_family_reports, KV, ADMIN_FAMILY_REPORTS,
                      GObject)

KvAdminFamilyReports *kv_admin_family_reports_new   (KvStore              *store);
gboolean              kv_admin_family_reports_route (KvAdminFamilyReports *self,
                                                     const KvAdminRequest *request);

G_END_DECLS
