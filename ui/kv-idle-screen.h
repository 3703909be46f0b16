/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kv-screen.h"

G_BEGIN_DECLS

#define KV_TYPE_IDLE_SCREEN (kv_idle_screen_get_type ())
G_DECLARE_FINAL_TYPE (KvIdleScreen, kv_idle_screen, KV, IDLE_SCREEN, KvScreen)

GtkWidget *kv_idle_screen_new (KvVisitController *controller,
                               KvLanguage        *language);

G_END_DECLS
