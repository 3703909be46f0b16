/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kv-screen.h"

G_BEGIN_DECLS

#define KV_TYPE_WAITING_SCREEN (kv_waiting_screen_get_type ())
G_DECLARE_FINAL_TYPE (KvWaitingScreen, kv_waiting_screen, KV, WAITING_SCREEN, KvScreen)

GtkWidget *kv_waiting_screen_new (KvVisitController *controller,
                                  KvLanguage        *language);

G_END_DECLS
