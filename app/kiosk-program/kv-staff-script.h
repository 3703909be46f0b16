/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-event-log.h"
#include "kv-visit-controller.h"

G_BEGIN_DECLS

#define KV_TYPE_STAFF_SCRIPT (kv_staff_script_get_type ())
G_DECLARE_FINAL_TYPE (KvStaffScript, kv_staff_script, KV, STAFF_SCRIPT, GObject)

KvStaffScript *kv_staff_script_new (KvVisitController  *controller,
                                    KvEventLog         *event_log,
                                    const char         *script,
                                    GError            **error);

G_END_DECLS
