/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-database.h"

G_BEGIN_DECLS

/* The columns kv_audit_table_read_entry() reads, in order. */
#define KV_AUDIT_TABLE_COLUMNS "seq, time_us, actor, action, booking_id, details, hash"

#define KV_TYPE_AUDIT_TABLE (kv_audit_table_get_type ())
G_DECLARE_FINAL_TYPE (KvAuditTable, kv_audit_table, KV, AUDIT_TABLE, GObject)

KvAuditTable *kv_audit_table_new             (KvDatabase     *database,
                                              GError        **error);
gboolean      kv_audit_table_insert          (KvAuditTable   *self,
                                              gint64          time_us,
                                              const char     *actor,
                                              const char     *action,
                                              const char     *booking_id,
                                              const char     *details,
                                              GError        **error);
gboolean      kv_audit_table_append          (KvAuditTable   *self,
                                              GPtrArray      *entries,
                                              GError        **error);
GPtrArray    *kv_audit_table_list            (KvAuditTable   *self,
                                              gint64          since_us,
                                              GError        **error);
gint64        kv_audit_table_count           (KvAuditTable   *self,
                                              GError        **error);
gint64        kv_audit_table_get_head        (KvAuditTable   *self,
                                              const char    **out_hash);

KvAuditEntry *kv_audit_table_read_entry      (sqlite3_stmt   *stmt);
gboolean      kv_audit_table_backfill_hashes (KvDatabase     *database,
                                              GError        **error);

G_END_DECLS
