/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-admin-http.h"
#include "kv-clock.h"
#include "kv-signalling-handler.h"
#include "kv-store.h"

G_BEGIN_DECLS

#define KV_TYPE_ADMIN_KIOSKS (kv_admin_kiosks_get_type ())
G_DECLARE_FINAL_TYPE (KvAdminKiosks, kv_admin_kiosks, KV, ADMIN_KIOSKS, GObject)

KvAdminKiosks *kv_admin_kiosks_new   (KvStore              *store,
                                      KvSignallingHandler  *handler,
                                      KvClock              *clock);
gboolean       kv_admin_kiosks_route (KvAdminKiosks        *self,
                                      const KvAdminRequest *request);

G_END_DECLS
