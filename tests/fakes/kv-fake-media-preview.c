/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-fakes"

#include "config.h"

#include "kv-fake-media-preview.h"

#include "kv-fake-paintable.h"

struct _KvFakeMediaPreview
{
  GObject parent_instance;

  GdkPaintable *self_paintable;
  double input_level;
  gboolean stopped;
};

enum {
  PROP_0,
  PROP_SELF_PAINTABLE,
  PROP_INPUT_LEVEL,
  N_PROPS
};

static void kv_fake_media_preview_iface_init (KvMediaPreviewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KvFakeMediaPreview, kv_fake_media_preview, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (KV_TYPE_MEDIA_PREVIEW,
                                                      kv_fake_media_preview_iface_init))

static void
kv_fake_media_preview_stop (KvMediaPreview *preview)
{
  KvFakeMediaPreview *self = KV_FAKE_MEDIA_PREVIEW (preview);

  self->stopped = TRUE;
  kv_fake_media_preview_set_input_level (self, 0.0);
}

static void
kv_fake_media_preview_iface_init (KvMediaPreviewInterface *iface)
{
  iface->stop = kv_fake_media_preview_stop;
}

static void
kv_fake_media_preview_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  KvFakeMediaPreview *self = KV_FAKE_MEDIA_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_SELF_PAINTABLE:
      g_value_set_object (value, self->self_paintable);
      break;

    case PROP_INPUT_LEVEL:
      g_value_set_double (value, self->input_level);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_fake_media_preview_dispose (GObject *object)
{
  KvFakeMediaPreview *self = KV_FAKE_MEDIA_PREVIEW (object);

  g_clear_object (&self->self_paintable);

  G_OBJECT_CLASS (kv_fake_media_preview_parent_class)->dispose (object);
}

static void
kv_fake_media_preview_class_init (KvFakeMediaPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kv_fake_media_preview_get_property;
  object_class->dispose = kv_fake_media_preview_dispose;

  g_object_class_override_property (object_class, PROP_SELF_PAINTABLE, "self-paintable");
  g_object_class_override_property (object_class, PROP_INPUT_LEVEL, "input-level");
}

static void
kv_fake_media_preview_init (KvFakeMediaPreview *self)
{
  /* Green: the self-view, as in KvFakeCall. */
  self->self_paintable = GDK_PAINTABLE (kv_fake_paintable_new (&(GdkRGBA) { 0.2, 0.7, 0.3, 1.0 },
                                                               0, 0));
}

KvFakeMediaPreview *
kv_fake_media_preview_new (void)
{
  return g_object_new (KV_TYPE_FAKE_MEDIA_PREVIEW, NULL);
}

gboolean
kv_fake_media_preview_get_stopped (KvFakeMediaPreview *self)
{
  g_return_val_if_fail (KV_IS_FAKE_MEDIA_PREVIEW (self), FALSE);

  return self->stopped;
}

void
kv_fake_media_preview_set_input_level (KvFakeMediaPreview *self,
                                       double              level)
{
  g_return_if_fail (KV_IS_FAKE_MEDIA_PREVIEW (self));

  if (self->input_level == level)
    return;

  self->input_level = level;
  g_object_notify (G_OBJECT (self), "input-level");
}
