/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-admin-http.h"
#include "kv-clock.h"
#include "kv-signalling-handler.h"
#include "kv-site-rules.h"
#include "kv-store.h"

G_BEGIN_DECLS

#define KV_TYPE_ADMIN_TEMPLATES (kv_admin_templates_get_type ())
G_DECLARE_FINAL_TYPE (KvAdminTemplates, kv_admin_templates, KV, ADMIN_TEMPLATES, GObject)

KvAdminTemplates *kv_admin_templates_new   (KvStore              *store,
                                            KvSignallingHandler  *handler,
                                            const KvSiteRules    *rules);
gboolean          kv_admin_templates_route (KvAdminTemplates     *self,
                                            const KvAdminRequest *request);

G_END_DECLS
