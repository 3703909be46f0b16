/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A site as the admin API writes it (hours, closed days, age rules, school
 * hours) and a week of hours as it reads them. Calls nothing of the admin
 * API back. */

#include "kv-admin-http.h"
#include "kv-store.h"

G_BEGIN_DECLS

void     kv_admin_site_json_add            (JsonBuilder          *builder,
                                            const KvSiteRecord   *site);
void     kv_admin_site_json_add_band_rules (JsonBuilder          *builder,
                                            const KvAgeBandRules *rules);
void     kv_admin_site_json_respond        (const KvAdminRequest *request,
                                            const char           *id,
                                            guint                 status);
gboolean kv_admin_site_json_require_known  (const KvAdminRequest *request,
                                            const char           *id);
GArray  *kv_admin_site_json_read_week      (const KvAdminRequest *request,
                                            JsonObject           *body,
                                            const char           *member);

G_END_DECLS
