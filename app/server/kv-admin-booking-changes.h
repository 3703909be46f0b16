/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-admin-http.h"
#include "kv-signalling-handler.h"
#include "kv-store.h"

G_BEGIN_DECLS

/* Longest move or cancel reason, in characters. */
#define KV_ADMIN_BOOKING_REASON_MAX_CHARS 500

#define KV_TYPE_ADMIN_BOOKING_CHANGES (kv_admin_booking_changes_get_type ())
G_DECLARE_FINAL_TYPE (KvAdminBookingChanges, kv_admin_booking_changes, KV, ADMIN_BOOKING_CHANGES,
                      GObject)

KvAdminBookingChanges *kv_admin_booking_changes_new   (KvStore               *store,
                                                       KvSignallingHandler   *handler);
gboolean               kv_admin_booking_changes_route (KvAdminBookingChanges *self,
                                                       const KvAdminRequest  *request);

G_END_DECLS
