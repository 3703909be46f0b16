/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Which visits a caller may see and run: staff work at their own sites.
 * Calls nothing of the admin API back. */

#include "kv-admin-http.h"
#include "kv-booking.h"

G_BEGIN_DECLS

gboolean kv_admin_visit_access_covers      (const KvAdminRequest *request,
                                            const KvBooking      *booking);
gboolean kv_admin_visit_access_require_see (const KvAdminRequest *request,
                                            const char           *booking_id);
gboolean kv_admin_visit_access_require_run (const KvAdminRequest *request,
                                            const char           *booking_id);

G_END_DECLS
