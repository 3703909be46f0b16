/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-audit-table.h"
#include "kv-database.h"

G_BEGIN_DECLS

gboolean        kv_template_table_add    (KvDatabase           *database,
                                          KvAuditTable         *audit,
                                          const KvSlotTemplate *template,
                                          gint64                now_us,
                                          const char           *actor,
                                          GError              **error);
gboolean        kv_template_table_update (KvDatabase           *database,
                                          KvAuditTable         *audit,
                                          const char           *id,
                                          int                   active,
                                          const char           *valid_to,
                                          int                   first_week_share,
                                          gint64                now_us,
                                          const char           *actor,
                                          GError              **error);
KvSlotTemplate *kv_template_table_lookup (KvDatabase           *database,
                                          const char           *id,
                                          GError              **error);
GPtrArray      *kv_template_table_list   (KvDatabase           *database,
                                          const char           *prison_kiosk,
                                          const char           *community_kiosk,
                                          GError              **error);

G_END_DECLS
