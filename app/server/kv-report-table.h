/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-database.h"

G_BEGIN_DECLS

KvReport *kv_report_table_read (KvDatabase  *database,
                                const char  *site_id,
                                const char  *month,
                                gint64       start_us,
                                gint64       end_us,
                                GError     **error);

G_END_DECLS
