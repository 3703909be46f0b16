/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-admin-http.h"
#include "kv-clock.h"
#include "kv-server-config.h"
#include "kv-store.h"

G_BEGIN_DECLS

#define KV_TYPE_ADMIN_AUDIT (kv_admin_audit_get_type ())
G_DECLARE_FINAL_TYPE (KvAdminAudit, kv_admin_audit, KV, ADMIN_AUDIT, GObject)

KvAdminAudit *kv_admin_audit_new   (KvServerConfig       *config,
                                    KvClock              *clock,
                                    KvStore              *store);
gboolean      kv_admin_audit_route (KvAdminAudit         *self,
                                    const KvAdminRequest *request);

G_END_DECLS
