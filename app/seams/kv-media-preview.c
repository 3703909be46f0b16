/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-seams"

#include "config.h"

#include "kv-media-preview.h"

/**
 * KvMediaPreview:
 *
 * A local camera and microphone preview; see #KvMediaPreviewInterface.
 */

G_DEFINE_INTERFACE (KvMediaPreview, kv_media_preview, G_TYPE_OBJECT)

static void
kv_media_preview_default_init (KvMediaPreviewInterface *iface)
{
  /**
   * KvMediaPreview:self-paintable:
   *
   * The local camera's picture.
   */
  g_object_interface_install_property (iface,
    g_param_spec_object ("self-paintable", NULL, NULL, GDK_TYPE_PAINTABLE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * KvMediaPreview:input-level:
   *
   * The microphone's level, 0 (silence) to 1 (full scale).
   */
  g_object_interface_install_property (iface,
    g_param_spec_double ("input-level", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}

void
kv_media_preview_stop (KvMediaPreview *self)
{
  g_return_if_fail (KV_IS_MEDIA_PREVIEW (self));

  KV_MEDIA_PREVIEW_GET_IFACE (self)->stop (self);
}

GdkPaintable *
kv_media_preview_get_self_paintable (KvMediaPreview *self)
{
  g_autoptr(GdkPaintable) paintable = NULL;

  g_return_val_if_fail (KV_IS_MEDIA_PREVIEW (self), NULL);

  /* The preview keeps its own reference: transfer none. */
  g_object_get (self, "self-paintable", &paintable, NULL);
  return paintable;
}

double
kv_media_preview_get_input_level (KvMediaPreview *self)
{
  double level = 0.0;

  g_return_val_if_fail (KV_IS_MEDIA_PREVIEW (self), 0.0);

  g_object_get (self, "input-level", &level, NULL);
  return level;
}
