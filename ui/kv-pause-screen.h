/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kv-screen.h"

G_BEGIN_DECLS

#define KV_TYPE_PAUSE_SCREEN (kv_pause_screen_get_type ())
G_DECLARE_FINAL_TYPE (KvPauseScreen, kv_pause_screen, KV, PAUSE_SCREEN, KvScreen)

GtkWidget *kv_pause_screen_new (KvVisitController *controller,
                                KvLanguage        *language);

G_END_DECLS
