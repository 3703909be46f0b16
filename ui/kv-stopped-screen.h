/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kv-screen.h"

G_BEGIN_DECLS

#define KV_TYPE_STOPPED_SCREEN (kv_stopped_screen_get_type ())
G_DECLARE_FINAL_TYPE (KvStoppedScreen, kv_stopped_screen, KV, STOPPED_SCREEN, KvScreen)

GtkWidget *kv_stopped_screen_new (KvVisitController *controller,
                                KvLanguage        *language);

G_END_DECLS
