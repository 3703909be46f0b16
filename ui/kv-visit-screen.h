/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kv-screen.h"

G_BEGIN_DECLS

#define KV_TYPE_VISIT_SCREEN (kv_visit_screen_get_type ())
G_DECLARE_FINAL_TYPE (KvVisitScreen, kv_visit_screen, KV, VISIT_SCREEN, KvScreen)

GtkWidget  *kv_visit_screen_new             (KvVisitController *controller,
                                             KvLanguage        *language);
const char *kv_visit_screen_get_cue_text    (KvVisitScreen     *self);
GtkWidget  *kv_visit_screen_get_not_ok_button (KvVisitScreen   *self);
GtkWidget  *kv_visit_screen_get_supervision_badge (KvVisitScreen *self);

G_END_DECLS
