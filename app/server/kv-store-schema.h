/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-database.h"

G_BEGIN_DECLS

gboolean kv_store_schema_migrate (KvDatabase  *database,
                                  GError     **error);

G_END_DECLS
