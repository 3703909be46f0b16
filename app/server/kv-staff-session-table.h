/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-audit-table.h"
#include "kv-database.h"

G_BEGIN_DECLS

gboolean              kv_staff_session_table_add        (KvDatabase    *database,
                                                         KvAuditTable  *audit,
                                                         const char    *session_id,
                                                         const char    *staff_id,
                                                         const char    *csrf_token,
                                                         gint64         now_us,
                                                         gint64         idle_before_us,
                                                         gint64         made_before_us,
                                                         const char    *details,
                                                         GError       **error);
KvStaffSessionRecord *kv_staff_session_table_lookup     (KvDatabase    *database,
                                                         const char    *session_id,
                                                         GError       **error);
gboolean              kv_staff_session_table_touch      (KvDatabase    *database,
                                                         const char    *session_id,
                                                         gint64         now_us,
                                                         GError       **error);
gboolean              kv_staff_session_table_delete     (KvDatabase    *database,
                                                         KvAuditTable  *audit,
                                                         const char    *session_id,
                                                         gint64         now_us,
                                                         const char    *actor,
                                                         GError       **error);
gboolean              kv_staff_session_table_delete_all (KvDatabase    *database,
                                                         KvAuditTable  *audit,
                                                         const char    *staff_id,
                                                         gint64         now_us,
                                                         const char    *actor,
                                                         GError       **error);
gboolean              kv_staff_session_table_delete_of  (KvDatabase    *database,
                                                         const char    *staff_id,
                                                         gint64        *out_n_deleted,
                                                         GError       **error);

G_END_DECLS
