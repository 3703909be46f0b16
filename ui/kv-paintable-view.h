/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KV_TYPE_PAINTABLE_VIEW (kv_paintable_view_get_type ())
G_DECLARE_FINAL_TYPE (KvPaintableView, kv_paintable_view, KV, PAINTABLE_VIEW, GtkWidget)

GtkWidget    *kv_paintable_view_new           (void);
GdkPaintable *kv_paintable_view_get_paintable (KvPaintableView *self);
void          kv_paintable_view_set_paintable (KvPaintableView *self,
                                               GdkPaintable    *paintable);
void          kv_paintable_view_set_mirror    (KvPaintableView *self,
                                               gboolean         mirror);

G_END_DECLS
