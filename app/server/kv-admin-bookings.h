/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-admin-http.h"
#include "kv-clock.h"
#include "kv-signalling-handler.h"
#include "kv-store.h"

G_BEGIN_DECLS

#define KV_TYPE_ADMIN_BOOKINGS (kv_admin_bookings_get_type ())
G_DECLARE_FINAL_TYPE (KvAdminBookings, kv_admin_bookings, KV, ADMIN_BOOKINGS, GObject)

KvAdminBookings *kv_admin_bookings_new   (KvStore              *store,
                                          KvSignallingHandler  *handler,
                                          KvClock              *clock);
gboolean         kv_admin_bookings_route (KvAdminBookings      *self,
                                          const KvAdminRequest *request);

G_END_DECLS
