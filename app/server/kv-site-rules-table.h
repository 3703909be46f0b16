/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-audit-table.h"
#include "kv-database.h"

G_BEGIN_DECLS

gboolean kv_site_rules_table_read             (KvDatabase        *database,
                                               KvSiteRecord      *record,
                                               GError           **error);
gboolean kv_site_rules_table_set_age_rules    (KvDatabase        *database,
                                               KvAuditTable      *audit,
                                               const char        *site_id,
                                               const KvAgeRules  *rules,
                                               guint              bands_mask,
                                               gint64             now_us,
                                               const char        *actor,
                                               GError           **error);
gboolean kv_site_rules_table_set_school_hours (KvDatabase        *database,
                                               KvAuditTable      *audit,
                                               const char        *site_id,
                                               GArray            *hours,
                                               gint64             now_us,
                                               const char        *actor,
                                               GError           **error);

G_END_DECLS
