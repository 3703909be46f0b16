/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kv-screen.h"

G_BEGIN_DECLS

#define KV_TYPE_UNAVAILABLE_SCREEN (kv_unavailable_screen_get_type ())
G_DECLARE_FINAL_TYPE (KvUnavailableScreen, kv_unavailable_screen, KV, UNAVAILABLE_SCREEN, KvScreen)

GtkWidget *kv_unavailable_screen_new (KvVisitController *controller,
                                      KvLanguage        *language);

G_END_DECLS
