/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the store's own files (kv-store.c, kv-store-staff.c,
 * kv-store-places.c) share: its database and audit log. */

#include "kv-audit-table.h"
#include "kv-database.h"

G_BEGIN_DECLS

struct _KvStore
{
  GObject       parent_instance;

  KvDatabase   *database;
  KvAuditTable *audit;
};

G_END_DECLS
