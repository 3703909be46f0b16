/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KV_TYPE_TIME_UNTIL (kv_time_until_get_type ())
G_DECLARE_FINAL_TYPE (KvTimeUntil, kv_time_until, KV, TIME_UNTIL, GtkWidget)

GtkWidget *kv_time_until_new         (void);
void       kv_time_until_set_time    (KvTimeUntil *self,
                                      guint        nights,
                                      gint64       seconds);
guint      kv_time_until_get_nights  (KvTimeUntil *self);
gint64     kv_time_until_get_seconds (KvTimeUntil *self);

G_END_DECLS
