/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-call-factory.h"
#include "kv-clock.h"
#include "kv-protocol.h"
#include "kv-signaller.h"
#include "kv-types.h"
#include "kv-visit-call.h"
#include "kv-visit-requests.h"
#include "kv-visit-session.h"
#include "kv-visit-state.h"
#include "kv-visit-timeline.h"

G_BEGIN_DECLS

#define KV_TYPE_VISIT (kv_visit_get_type ())
G_DECLARE_FINAL_TYPE (KvVisit, kv_visit, KV, VISIT, GObject)

KvVisit         *kv_visit_new              (KvClock             *clock,
                                            KvSignaller         *signaller,
                                            KvCallFactory       *call_factory,
                                            KvRole               role,
                                            const char          *booking_id,
                                            gboolean             offerer);
gboolean         kv_visit_join             (KvVisit             *self,
                                            gint64               start_us,
                                            gint64               end_us,
                                            gint64               goodbye_at_us,
                                            const guint         *cues,
                                            guint                n_cues,
                                            GPtrArray           *ice_servers,
                                            gboolean             release_now,
                                            GError             **error);
void             kv_visit_rejoin           (KvVisit             *self,
                                            gint64               start_us,
                                            gint64               end_us,
                                            gint64               goodbye_at_us,
                                            const guint         *cues,
                                            guint                n_cues);
void             kv_visit_handle_message   (KvVisit             *self,
                                            const KvMessage     *message);
void             kv_visit_handle_session   (KvVisit             *self,
                                            const KvSessionInfo *session);
void             kv_visit_end              (KvVisit             *self,
                                            KvOutcome            outcome);
void             kv_visit_end_by_staff     (KvVisit             *self,
                                            KvEndCategory        category);
void             kv_visit_stop             (KvVisit             *self);

KvVisitState     kv_visit_get_state        (KvVisit             *self);
const char      *kv_visit_get_booking_id   (KvVisit             *self);
gboolean         kv_visit_has_booking      (KvVisit             *self,
                                            const char          *booking_id);
guint            kv_visit_get_lost_seconds (KvVisit             *self);
KvVisitCall     *kv_visit_get_call         (KvVisit             *self);
KvVisitSession  *kv_visit_get_session      (KvVisit             *self);
KvVisitRequests *kv_visit_get_requests     (KvVisit             *self);
KvVisitTimeline *kv_visit_get_timeline     (KvVisit             *self);

G_END_DECLS
