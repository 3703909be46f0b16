/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-database.h"

G_BEGIN_DECLS

GHashTable *kv_family_contact_table_list_contacts (KvDatabase  *database,
                                                   const char  *family_id,
                                                   gint64       now_us,
                                                   GError     **error);
GPtrArray  *kv_family_contact_table_list_visits   (KvDatabase  *database,
                                                   const char  *community_site,
                                                   GError     **error);

G_END_DECLS
