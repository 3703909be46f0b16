/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kv-language.h"
#include "kv-staff-lock.h"
#include "kv-staff-panel.h"
#include "kv-staff-pin-pad.h"
#include "kv-visit-controller.h"

G_BEGIN_DECLS

/* How long the staff sheet stays open without being touched. */
#define KV_STAFF_SHEET_IDLE_US (60 * G_USEC_PER_SEC)

#define KV_TYPE_STAFF_SHEET (kv_staff_sheet_get_type ())
G_DECLARE_FINAL_TYPE (KvStaffSheet, kv_staff_sheet, KV, STAFF_SHEET, GtkWidget)

GtkWidget     *kv_staff_sheet_new           (KvVisitController *controller,
                                             KvStaffLock       *lock,
                                             KvLanguage        *language);
void           kv_staff_sheet_open          (KvStaffSheet      *self);
void           kv_staff_sheet_submit_pin    (KvStaffSheet      *self,
                                             const char        *pin);
void           kv_staff_sheet_report        (KvStaffSheet      *self,
                                             gboolean           ok,
                                             const char        *done,
                                             const GError      *error);
void           kv_staff_sheet_close         (KvStaffSheet      *self);
const char    *kv_staff_sheet_get_page      (KvStaffSheet      *self);
KvStaffPinPad *kv_staff_sheet_get_pin_pad   (KvStaffSheet      *self);
KvStaffPanel  *kv_staff_sheet_get_panel     (KvStaffSheet      *self);

G_END_DECLS
