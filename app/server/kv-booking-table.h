/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-audit-table.h"
#include "kv-database.h"

G_BEGIN_DECLS

gboolean         kv_booking_table_add          (KvDatabase               *database,
                                                KvAuditTable             *audit,
                                                const KvBooking          *booking,
                                                const KvBookingOrigin    *origin,
                                                gint64                    now_us,
                                                const char               *actor,
                                                GError                  **error);
gboolean         kv_booking_table_cancel       (KvDatabase               *database,
                                                KvAuditTable             *audit,
                                                const char               *booking_id,
                                                const char               *category,
                                                const char               *reason,
                                                gint64                    now_us,
                                                const char               *actor,
                                                GError                  **error);
gboolean         kv_booking_table_move         (KvDatabase               *database,
                                                KvAuditTable             *audit,
                                                const char               *booking_id,
                                                gint64                    start_us,
                                                gint64                    end_us,
                                                const char               *reason,
                                                const KvBookingOrigin    *origin,
                                                gint64                    now_us,
                                                const char               *actor,
                                                GError                  **error);
GPtrArray       *kv_booking_table_list_moves   (KvDatabase               *database,
                                                const char               *booking_id,
                                                GError                  **error);
KvBookingRecord *kv_booking_table_lookup       (KvDatabase               *database,
                                                const char               *booking_id,
                                                GError                  **error);
GPtrArray       *kv_booking_table_list_family  (KvDatabase               *database,
                                                const char               *family_id,
                                                GError                  **error);
GPtrArray       *kv_booking_table_list         (KvDatabase               *database,
                                                const char               *kiosk_id,
                                                gint64                    from_us,
                                                gint64                    to_us,
                                                gboolean                  include_cancelled,
                                                GError                  **error);
gboolean         kv_booking_table_save_session (KvDatabase               *database,
                                                KvAuditTable             *audit,
                                                const char               *booking_id,
                                                const KvSessionSnapshot  *snapshot,
                                                gint64                    now_us,
                                                const char               *actor,
                                                GPtrArray                *entries,
                                                GError                  **error);

G_END_DECLS
