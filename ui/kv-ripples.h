/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KV_TYPE_RIPPLES (kv_ripples_get_type ())
G_DECLARE_FINAL_TYPE (KvRipples, kv_ripples, KV, RIPPLES, GtkWidget)

GtkWidget *kv_ripples_new (void);

G_END_DECLS
