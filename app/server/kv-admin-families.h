/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-admin-http.h"
#include "kv-signalling-handler.h"
#include "kv-store.h"

G_BEGIN_DECLS

#define KV_TYPE_ADMIN_FAMILIES (kv_admin_families_get_type ())
G_DECLARE_FINAL_TYPE (KvAdminFamilies, kv_admin_families, KV, ADMIN_FAMILIES, GObject)

KvAdminFamilies *kv_admin_families_new   (KvStore              *store,
                                          KvSignallingHandler  *handler,
                                          const KvSiteRules    *rules);
gboolean         kv_admin_families_route (KvAdminFamilies      *self,
                                          const KvAdminRequest *request);

G_END_DECLS
