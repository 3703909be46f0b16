/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kv-screen.h"

G_BEGIN_DECLS

#define KV_TYPE_GOODBYE_SCREEN (kv_goodbye_screen_get_type ())
G_DECLARE_FINAL_TYPE (KvGoodbyeScreen, kv_goodbye_screen, KV, GOODBYE_SCREEN, KvScreen)

GtkWidget *kv_goodbye_screen_new (KvVisitController *controller,
                                  KvLanguage        *language);

G_END_DECLS
