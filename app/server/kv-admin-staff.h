/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-admin-http.h"
#include "kv-clock.h"
#include "kv-signalling-handler.h"
#include "kv-store.h"

G_BEGIN_DECLS

#define KV_TYPE_ADMIN_STAFF (kv_admin_staff_get_type ())
G_DECLARE_FINAL_TYPE (KvAdminStaff, kv_admin_staff, KV, ADMIN_STAFF, GObject)

KvAdminStaff *kv_admin_staff_new   (KvStore              *store,
                                    KvClock              *clock,
                                    KvSignallingHandler  *handler);
gboolean      kv_admin_staff_route (KvAdminStaff         *self,
                                    const KvAdminRequest *request);

G_END_DECLS
