/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdk/gdk.h>

#include "kv-device-test.h"
#include "kv-visit-joiner.h"

G_BEGIN_DECLS

#define KV_TYPE_CURRENT_VISIT (kv_current_visit_get_type ())
G_DECLARE_FINAL_TYPE (KvCurrentVisit, kv_current_visit, KV, CURRENT_VISIT, GObject)

KvCurrentVisit *kv_current_visit_new                (KvVisitJoiner  *joiner,
                                                     KvDeviceTest   *device_test);
gboolean        kv_current_visit_send_sticker       (KvCurrentVisit *self,
                                                     const char     *sticker_id);
void            kv_current_visit_stop               (KvCurrentVisit *self);

KvVisit        *kv_current_visit_get_visit          (KvCurrentVisit *self);
gboolean        kv_current_visit_has_call           (KvCurrentVisit *self);

G_END_DECLS
