/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-admin-http.h"
#include "kv-signalling-handler.h"
#include "kv-store.h"

G_BEGIN_DECLS

#define KV_TYPE_ADMIN_SITES (kv_admin_sites_get_type ())
G_DECLARE_FINAL_TYPE (KvAdminSites, kv_admin_sites, KV, ADMIN_SITES, GObject)

KvAdminSites *kv_admin_sites_new   (KvStore              *store,
                                    KvSignallingHandler  *handler);
gboolean      kv_admin_sites_route (KvAdminSites         *self,
                                    const KvAdminRequest *request);

G_END_DECLS
