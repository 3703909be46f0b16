/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KV_TYPE_SKY_TIMER (kv_sky_timer_get_type ())
G_DECLARE_FINAL_TYPE (KvSkyTimer, kv_sky_timer, KV, SKY_TIMER, GtkWidget)

GtkWidget *kv_sky_timer_new          (void);
double     kv_sky_timer_get_progress (KvSkyTimer *self);
void       kv_sky_timer_set_progress (KvSkyTimer *self,
                                      double      progress);

G_END_DECLS
