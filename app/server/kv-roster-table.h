/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-database.h"
#include "kv-store.h"

G_BEGIN_DECLS

KvKioskRoster *kv_roster_table_lookup (KvDatabase  *database,
                                       const char  *kiosk_id,
                                       GError     **error);

G_END_DECLS
