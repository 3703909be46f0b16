/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "kv-visit-controller.h"

G_BEGIN_DECLS

#define KV_TYPE_EVENT_LOG (kv_event_log_get_type ())
G_DECLARE_FINAL_TYPE (KvEventLog, kv_event_log, KV, EVENT_LOG, GObject)

KvEventLog *kv_event_log_new    (KvVisitController *controller,
                                 const char        *path,
                                 GError           **error);
gboolean    kv_event_log_append (KvEventLog        *self,
                                 const char        *event,
                                 JsonObject        *fields,
                                 GError           **error);

G_END_DECLS
