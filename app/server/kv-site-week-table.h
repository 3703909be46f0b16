/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kv-database.h"

G_BEGIN_DECLS

gboolean kv_site_week_table_read    (KvDatabase  *database,
                                     const char  *table,
                                     const char  *what,
                                     const char  *site_id,
                                     GArray      *week,
                                     GError     **error);
gboolean kv_site_week_table_replace (KvDatabase  *database,
                                     const char  *table,
                                     const char  *what,
                                     const char  *site_id,
                                     GArray      *week,
                                     GString     *details,
                                     GError     **error);

G_END_DECLS
