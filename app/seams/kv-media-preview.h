/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdk/gdk.h>

G_BEGIN_DECLS

#define KV_TYPE_MEDIA_PREVIEW (kv_media_preview_get_type ())
G_DECLARE_INTERFACE (KvMediaPreview, kv_media_preview, KV, MEDIA_PREVIEW, GObject)

/**
 * KvMediaPreviewInterface:
 * @stop: release the camera and microphone; the paintable keeps its last
 *   picture and "input-level" drops to 0
 *
 * The local camera and microphone without any network: the waiting room's
 * self-view before the call exists, and staff's "test camera and
 * microphone". Only one user of the camera at a time: stop the preview
 * before starting a call.
 *
 * Properties (read-only, notified only on change): "self-paintable"
 * (#GdkPaintable, never %NULL), "input-level" (double 0..1).
 */
struct _KvMediaPreviewInterface
{
  GTypeInterface parent_iface;

  void (*stop) (KvMediaPreview *self);

  /*< private >*/
  gpointer padding[4];
};

void          kv_media_preview_stop               (KvMediaPreview *self);
GdkPaintable *kv_media_preview_get_self_paintable (KvMediaPreview *self);
double        kv_media_preview_get_input_level    (KvMediaPreview *self);

G_END_DECLS
