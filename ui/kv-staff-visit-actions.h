/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kv-language.h"
#include "kv-types.h"

G_BEGIN_DECLS

#define KV_TYPE_STAFF_VISIT_ACTIONS (kv_staff_visit_actions_get_type ())
G_DECLARE_FINAL_TYPE (KvStaffVisitActions, kv_staff_visit_actions, KV, STAFF_VISIT_ACTIONS, GtkWidget)

GtkWidget  *kv_staff_visit_actions_new              (KvRole               role);

KvRole      kv_staff_visit_actions_get_role         (KvStaffVisitActions *self);
void        kv_staff_visit_actions_set_role         (KvStaffVisitActions *self,
                                                     KvRole               role);
gboolean    kv_staff_visit_actions_get_live         (KvStaffVisitActions *self);
void        kv_staff_visit_actions_set_live         (KvStaffVisitActions *self,
                                                     gboolean             live);
gboolean    kv_staff_visit_actions_get_in_goodbye   (KvStaffVisitActions *self);
void        kv_staff_visit_actions_set_in_goodbye   (KvStaffVisitActions *self,
                                                     gboolean             in_goodbye);
gboolean    kv_staff_visit_actions_get_paused       (KvStaffVisitActions *self);
void        kv_staff_visit_actions_set_paused       (KvStaffVisitActions *self,
                                                     gboolean             paused);
gboolean    kv_staff_visit_actions_get_muted        (KvStaffVisitActions *self);
void        kv_staff_visit_actions_set_muted        (KvStaffVisitActions *self,
                                                     gboolean             muted);
gboolean    kv_staff_visit_actions_get_child_alert  (KvStaffVisitActions *self);
void        kv_staff_visit_actions_set_child_alert  (KvStaffVisitActions *self,
                                                     gboolean             child_alert);
gboolean    kv_staff_visit_actions_get_confirming_safeguarding_stop (KvStaffVisitActions *self);
KvLanguage *kv_staff_visit_actions_get_language     (KvStaffVisitActions *self);
void        kv_staff_visit_actions_set_language     (KvStaffVisitActions *self,
                                                     KvLanguage          *language);

G_END_DECLS
