/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdk/gdk.h>

G_BEGIN_DECLS

#define KV_TYPE_FAKE_PAINTABLE (kv_fake_paintable_get_type ())
G_DECLARE_FINAL_TYPE (KvFakePaintable, kv_fake_paintable, KV, FAKE_PAINTABLE, GObject)

/**
 * KvFakePaintable:
 *
 * A solid-colour #GdkPaintable of a fixed intrinsic size (640x480 by
 * default), standing in for a camera or a remote picture in tests and UI
 * screenshots.
 */
KvFakePaintable *kv_fake_paintable_new       (const GdkRGBA   *colour,
                                              int              width,
                                              int              height);
void             kv_fake_paintable_get_colour (KvFakePaintable *self,
                                               GdkRGBA         *out_colour);

G_END_DECLS
