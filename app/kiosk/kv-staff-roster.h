/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-protocol.h"
#include "kv-signaller.h"

G_BEGIN_DECLS

#define KV_TYPE_STAFF_ROSTER (kv_staff_roster_get_type ())
G_DECLARE_FINAL_TYPE (KvStaffRoster, kv_staff_roster, KV, STAFF_ROSTER, GObject)

KvStaffRoster *kv_staff_roster_new           (KvSignaller    *signaller,
                                              const char     *path);
gboolean       kv_staff_roster_take          (KvStaffRoster  *self,
                                              const KvRoster *roster);
const char    *kv_staff_roster_get_time_zone (KvStaffRoster  *self);
guint          kv_staff_roster_get_n_staff   (KvStaffRoster  *self);
GPtrArray     *kv_staff_roster_dup_staff     (KvStaffRoster  *self);
const char    *kv_staff_roster_lookup_name   (KvStaffRoster  *self,
                                              const char     *staff_id);

G_END_DECLS
