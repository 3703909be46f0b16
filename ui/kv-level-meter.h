/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KV_TYPE_LEVEL_METER (kv_level_meter_get_type ())
G_DECLARE_FINAL_TYPE (KvLevelMeter, kv_level_meter, KV, LEVEL_METER, GtkWidget)

GtkWidget *kv_level_meter_new       (void);
double     kv_level_meter_get_level (KvLevelMeter *self);
void       kv_level_meter_set_level (KvLevelMeter *self,
                                     double        level);

G_END_DECLS
