/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kv-clock.h"
#include "kv-language.h"
#include "kv-staff-lock.h"

G_BEGIN_DECLS

#define KV_TYPE_STAFF_PIN_PAD (kv_staff_pin_pad_get_type ())
G_DECLARE_FINAL_TYPE (KvStaffPinPad, kv_staff_pin_pad, KV, STAFF_PIN_PAD, GtkWidget)

GtkWidget  *kv_staff_pin_pad_new         (KvStaffLock   *lock,
                                          KvClock       *clock,
                                          KvLanguage    *language);
void        kv_staff_pin_pad_submit      (KvStaffPinPad *self,
                                          const char    *pin);
void        kv_staff_pin_pad_reset       (KvStaffPinPad *self);
const char *kv_staff_pin_pad_get_message (KvStaffPinPad *self);

G_END_DECLS
