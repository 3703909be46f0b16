/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-audit-table.h"
#include "kv-database.h"

G_BEGIN_DECLS

gboolean              kv_staff_table_add             (KvDatabase          *database,
                                                      KvAuditTable        *audit,
                                                      const char          *id,
                                                      const char          *display_name,
                                                      KvStaffRoles         roles,
                                                      const char * const  *sites,
                                                      const char          *password_hash,
                                                      gint64               now_us,
                                                      const char          *actor,
                                                      GError             **error);
KvStaffRecord        *kv_staff_table_lookup          (KvDatabase          *database,
                                                      const char          *id,
                                                      GError             **error);
char                 *kv_staff_table_get_password_hash (KvDatabase        *database,
                                                        const char        *id,
                                                        GError           **error);
GPtrArray            *kv_staff_table_list            (KvDatabase          *database,
                                                      GError             **error);
gboolean              kv_staff_table_update          (KvDatabase          *database,
                                                      KvAuditTable        *audit,
                                                      const char          *id,
                                                      const char          *display_name,
                                                      const KvStaffRoles  *roles,
                                                      const char * const  *sites,
                                                      gint64               now_us,
                                                      const char          *actor,
                                                      GError             **error);
gboolean              kv_staff_table_set_disabled    (KvDatabase          *database,
                                                      KvAuditTable        *audit,
                                                      const char          *id,
                                                      gboolean             disabled,
                                                      gint64               now_us,
                                                      const char          *actor,
                                                      GError             **error);
gboolean              kv_staff_table_set_password    (KvDatabase          *database,
                                                      KvAuditTable        *audit,
                                                      const char          *id,
                                                      const char          *password_hash,
                                                      gint64               now_us,
                                                      const char          *actor,
                                                      GError             **error);
gboolean              kv_staff_table_set_pin         (KvDatabase          *database,
                                                      KvAuditTable        *audit,
                                                      const char          *id,
                                                      const char          *pin_hash,
                                                      gint64               now_us,
                                                      const char          *actor,
                                                      GError             **error);

G_END_DECLS
