/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kv-screen.h"

G_BEGIN_DECLS

#define KV_TYPE_RECONNECTING_SCREEN (kv_reconnecting_screen_get_type ())
G_DECLARE_FINAL_TYPE (KvReconnectingScreen, kv_reconnecting_screen, KV, RECONNECTING_SCREEN, KvScreen)

GtkWidget *kv_reconnecting_screen_new (KvVisitController *controller,
                                       KvLanguage        *language);

G_END_DECLS
