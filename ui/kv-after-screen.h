/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kv-screen.h"

G_BEGIN_DECLS

#define KV_TYPE_AFTER_SCREEN (kv_after_screen_get_type ())
G_DECLARE_FINAL_TYPE (KvAfterScreen, kv_after_screen, KV, AFTER_SCREEN, KvScreen)

GtkWidget *kv_after_screen_new (KvVisitController *controller,
                                KvLanguage        *language);

G_END_DECLS
