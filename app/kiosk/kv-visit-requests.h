/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-signaller.h"
#include "kv-types.h"

G_BEGIN_DECLS

#define KV_TYPE_VISIT_REQUESTS (kv_visit_requests_get_type ())
G_DECLARE_FINAL_TYPE (KvVisitRequests, kv_visit_requests, KV, VISIT_REQUESTS, GObject)

KvVisitRequests *kv_visit_requests_new              (KvSignaller      *signaller,
                                                     KvRole            role,
                                                     const char       *booking_id,
                                                     gboolean          room_supervised);

void             kv_visit_requests_send_presence    (KvVisitRequests  *self,
                                                     gboolean          present);
gboolean         kv_visit_requests_send_confirm     (KvVisitRequests  *self,
                                                     GError          **error);
gboolean         kv_visit_requests_send_pause       (KvVisitRequests  *self,
                                                     KvPauseCategory   category,
                                                     GError          **error);
gboolean         kv_visit_requests_send_mute        (KvVisitRequests  *self,
                                                     gboolean          muted,
                                                     GError          **error);
gboolean         kv_visit_requests_send_child_alert (KvVisitRequests  *self,
                                                     GError          **error);
gboolean         kv_visit_requests_send_staff_end   (KvVisitRequests  *self,
                                                     KvEndCategory     category,
                                                     const char       *reason,
                                                     GError          **error);

G_END_DECLS
