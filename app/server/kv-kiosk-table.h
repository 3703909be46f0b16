/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-audit-table.h"
#include "kv-database.h"

G_BEGIN_DECLS

char          *kv_kiosk_table_hash_token      (const char     *token);
gboolean       kv_kiosk_table_add             (KvDatabase     *database,
                                               KvAuditTable   *audit,
                                               const char     *id,
                                               KvRole          role,
                                               const char     *label,
                                               const char     *site_id,
                                               gint64          now_us,
                                               const char     *actor,
                                               char          **out_token,
                                               GError        **error);
KvKioskRecord *kv_kiosk_table_lookup          (KvDatabase     *database,
                                               const char     *id,
                                               GError        **error);
KvKioskRecord *kv_kiosk_table_lookup_by_token (KvDatabase     *database,
                                               const char     *token,
                                               GError        **error);
GPtrArray     *kv_kiosk_table_list            (KvDatabase     *database,
                                               GError        **error);
gboolean       kv_kiosk_table_revoke          (KvDatabase     *database,
                                               KvAuditTable   *audit,
                                               const char     *id,
                                               gint64          now_us,
                                               const char     *actor,
                                               GError        **error);

char          *kv_kiosk_table_clean_software  (const char     *software);
gboolean       kv_kiosk_table_note_seen       (KvDatabase     *database,
                                               const char     *id,
                                               gint64          now_us,
                                               const char     *software,
                                               GError        **error);

gboolean       kv_kiosk_table_set_site        (KvDatabase     *database,
                                               KvAuditTable   *audit,
                                               const char     *id,
                                               const char     *site_id,
                                               gint64          now_us,
                                               const char     *actor,
                                               GError        **error);

G_END_DECLS
