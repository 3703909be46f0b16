/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-audit-table.h"
#include "kv-database.h"

G_BEGIN_DECLS

gboolean      kv_site_table_check_exists     (KvDatabase    *database,
                                              const char    *site_id,
                                              GError       **error);

gboolean      kv_site_table_add              (KvDatabase    *database,
                                              KvAuditTable  *audit,
                                              const char    *id,
                                              const char    *name,
                                              const char    *time_zone,
                                              gint64         now_us,
                                              const char    *actor,
                                              GError       **error);
gboolean      kv_site_table_update           (KvDatabase    *database,
                                              KvAuditTable  *audit,
                                              const char    *id,
                                              const char    *name,
                                              const char    *time_zone,
                                              gint64         now_us,
                                              const char    *actor,
                                              GError       **error);
KvSiteRecord *kv_site_table_lookup           (KvDatabase    *database,
                                              const char    *id,
                                              GError       **error);
GPtrArray    *kv_site_table_list             (KvDatabase    *database,
                                              GError       **error);
gboolean      kv_site_table_set_hours        (KvDatabase    *database,
                                              KvAuditTable  *audit,
                                              const char    *id,
                                              GArray        *hours,
                                              gint64         now_us,
                                              const char    *actor,
                                              GError       **error);
gboolean      kv_site_table_add_closed_day   (KvDatabase    *database,
                                              KvAuditTable  *audit,
                                              const char    *id,
                                              const char    *day,
                                              const char    *reason,
                                              gint64         now_us,
                                              const char    *actor,
                                              GError       **error);
gboolean      kv_site_table_remove_closed_day (KvDatabase   *database,
                                               KvAuditTable *audit,
                                               const char   *id,
                                               const char   *day,
                                               gint64        now_us,
                                               const char   *actor,
                                               GError      **error);

G_END_DECLS
