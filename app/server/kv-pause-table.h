/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-database.h"

G_BEGIN_DECLS

gboolean   kv_pause_table_sync (KvDatabase               *database,
                                const char               *booking_id,
                                const KvSessionSnapshot  *snapshot,
                                gint64                    now_us,
                                const char               *actor,
                                GError                  **error);
GPtrArray *kv_pause_table_list (KvDatabase               *database,
                                const char               *booking_id,
                                gboolean                  mutes,
                                GError                  **error);

G_END_DECLS
