/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdk/gdk.h>
#include <gst/gst.h>

G_BEGIN_DECLS

#define KV_TYPE_VIDEO_PAINTABLE (kv_video_paintable_get_type ())
G_DECLARE_FINAL_TYPE (KvVideoPaintable, kv_video_paintable, KV, VIDEO_PAINTABLE, GObject)

KvVideoPaintable *kv_video_paintable_new             (void);
GstElement       *kv_video_paintable_make_sink       (KvVideoPaintable *self,
                                                      const char       *name);
void              kv_video_paintable_clear           (KvVideoPaintable *self);
GdkTexture       *kv_video_paintable_get_texture     (KvVideoPaintable *self);
guint64           kv_video_paintable_get_n_frames    (KvVideoPaintable *self);
gint64            kv_video_paintable_get_last_frame_us (KvVideoPaintable *self);

G_END_DECLS
