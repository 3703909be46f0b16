/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kv-cue-player.h"
#include "kv-kiosk-config.h"
#include "kv-language.h"
#include "kv-staff-lock.h"
#include "kv-staff-panel.h"
#include "kv-staff-pin-pad.h"
#include "kv-sticker-layer.h"
#include "kv-visit-controller.h"

G_BEGIN_DECLS

#define KV_TYPE_WINDOW (kv_window_get_type ())
G_DECLARE_FINAL_TYPE (KvWindow, kv_window, KV, WINDOW, GtkApplicationWindow)

KvWindow       *kv_window_new                 (GtkApplication    *application,
                                               KvVisitController *controller,
                                               KvKioskConfig     *config,
                                               KvStaffLock       *staff_lock,
                                               KvCuePlayer       *cue_player,
                                               gboolean           kiosk_mode);

const char     *kv_window_get_visible_screen  (KvWindow          *self);
GtkWidget      *kv_window_get_screen          (KvWindow          *self,
                                               const char        *name);
const char     *kv_window_get_staff_page      (KvWindow          *self);
KvStaffPinPad  *kv_window_get_pin_pad         (KvWindow          *self);
KvStaffPanel   *kv_window_get_staff_panel     (KvWindow          *self);
KvStickerLayer *kv_window_get_sticker_layer   (KvWindow          *self);
KvLanguage     *kv_window_get_language        (KvWindow          *self);
GtkWidget      *kv_window_get_language_button (KvWindow          *self);
GtkWidget      *kv_window_get_supervised_badge (KvWindow         *self);
GtkWidget      *kv_window_get_staff_alert     (KvWindow          *self);

G_END_DECLS
