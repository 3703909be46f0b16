/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-store.h"

G_BEGIN_DECLS

/* The store's own types, for kv_family_table_new() (KvStore's call); the
 * rest of the server sees records only, never SQLite. */
typedef struct _KvDatabase KvDatabase;
typedef struct _KvAuditTable KvAuditTable;

#define KV_TYPE_FAMILY_TABLE (kv_family_table_get_type ())
G_DECLARE_FINAL_TYPE (KvFamilyTable, kv_family_table, KV, FAMILY_TABLE, GObject)

KvFamilyTable  *kv_family_table_new            (KvDatabase            *database,
                                                KvAuditTable          *audit);

gboolean        kv_family_table_add            (KvFamilyTable         *self,
                                                const KvFamilyRecord  *record,
                                                gint64                 now_us,
                                                const char            *actor,
                                                GError               **error);
gboolean        kv_family_table_update         (KvFamilyTable         *self,
                                                const KvFamilyRecord  *record,
                                                const char * const    *changed,
                                                gint64                 now_us,
                                                const char            *actor,
                                                GError               **error);
gboolean        kv_family_table_archive        (KvFamilyTable         *self,
                                                const char            *id,
                                                gint64                 now_us,
                                                const char            *actor,
                                                GError               **error);
KvFamilyRecord *kv_family_table_lookup         (KvFamilyTable         *self,
                                                const char            *id,
                                                GError               **error);
GPtrArray      *kv_family_table_list           (KvFamilyTable         *self,
                                                const char            *community_site,
                                                gboolean               include_archived,
                                                GError               **error);
GHashTable     *kv_family_table_list_contacts  (KvFamilyTable         *self,
                                                const char            *family_id,
                                                gint64                 now_us,
                                                GError               **error);
GPtrArray      *kv_family_table_list_visits    (KvFamilyTable         *self,
                                                const char            *community_site,
                                                GError               **error);
GPtrArray      *kv_family_table_list_bookings  (KvFamilyTable         *self,
                                                const char            *family_id,
                                                GError               **error);

G_END_DECLS
