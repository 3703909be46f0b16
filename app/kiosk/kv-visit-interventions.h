/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-clock.h"
#include "kv-types.h"
#include "kv-visit-joiner.h"

G_BEGIN_DECLS

#define KV_TYPE_VISIT_INTERVENTIONS (kv_visit_interventions_get_type ())
G_DECLARE_FINAL_TYPE (KvVisitInterventions, kv_visit_interventions, KV, VISIT_INTERVENTIONS,
                      GObject)

KvVisitInterventions *kv_visit_interventions_new        (KvVisitJoiner        *joiner,
                                                         KvClock              *clock,
                                                         KvRole                role);
void                  kv_visit_interventions_stop       (KvVisitInterventions *self);

gboolean              kv_visit_interventions_pause      (KvVisitInterventions *self,
                                                         KvPauseCategory       category,
                                                         GError              **error);
gboolean              kv_visit_interventions_resume     (KvVisitInterventions *self,
                                                         GError              **error);
gboolean              kv_visit_interventions_set_muted  (KvVisitInterventions *self,
                                                         gboolean              muted,
                                                         GError              **error);
gboolean              kv_visit_interventions_end        (KvVisitInterventions *self,
                                                         KvEndCategory         category,
                                                         const char           *details,
                                                         GError              **error);
gboolean              kv_visit_interventions_child_alert (KvVisitInterventions *self,
                                                          GError              **error);
void                  kv_visit_interventions_child_alert_seen (KvVisitInterventions *self);

KvEndCategory         kv_visit_interventions_get_end_category (KvVisitInterventions *self);

G_END_DECLS
