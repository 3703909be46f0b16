/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kv-language.h"
#include "kv-staff-lock.h"
#include "kv-staff-visit-actions.h"
#include "kv-visit-controller.h"

G_BEGIN_DECLS

#define KV_TYPE_STAFF_PANEL (kv_staff_panel_get_type ())
G_DECLARE_FINAL_TYPE (KvStaffPanel, kv_staff_panel, KV, STAFF_PANEL, GtkWidget)

GtkWidget  *kv_staff_panel_new        (KvVisitController *controller,
                                       KvStaffLock       *lock,
                                       KvLanguage        *language);
void        kv_staff_panel_set_status (KvStaffPanel      *self,
                                       const char        *status);
const char *kv_staff_panel_get_status (KvStaffPanel      *self);
KvStaffVisitActions *kv_staff_panel_get_visit_actions (KvStaffPanel *self);

G_END_DECLS
