/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-fakes"

#include "config.h"

#include "kv-fake-paintable.h"

#include <gtk/gtk.h>

struct _KvFakePaintable
{
  GObject parent_instance;

  GdkRGBA colour;
  int width;
  int height;
};

static void kv_fake_paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KvFakePaintable, kv_fake_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE,
                                                      kv_fake_paintable_iface_init))

static void
kv_fake_paintable_snapshot (GdkPaintable *paintable,
                            GdkSnapshot  *snapshot,
                            double        width,
                            double        height)
{
  KvFakePaintable *self = KV_FAKE_PAINTABLE (paintable);

  gtk_snapshot_append_color (GTK_SNAPSHOT (snapshot), &self->colour,
                             &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static int
kv_fake_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  return KV_FAKE_PAINTABLE (paintable)->width;
}

static int
kv_fake_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  return KV_FAKE_PAINTABLE (paintable)->height;
}

static GdkPaintableFlags
kv_fake_paintable_get_flags (GdkPaintable *paintable)
{
  return GDK_PAINTABLE_STATIC_SIZE | GDK_PAINTABLE_STATIC_CONTENTS;
}

static void
kv_fake_paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = kv_fake_paintable_snapshot;
  iface->get_intrinsic_width = kv_fake_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = kv_fake_paintable_get_intrinsic_height;
  iface->get_flags = kv_fake_paintable_get_flags;
}

static void
kv_fake_paintable_class_init (KvFakePaintableClass *klass)
{
}

static void
kv_fake_paintable_init (KvFakePaintable *self)
{
  self->width = 640;
  self->height = 480;
}

/**
 * kv_fake_paintable_new:
 * @colour: the colour to paint
 * @width: intrinsic width, or 0 for 640
 * @height: intrinsic height, or 0 for 480
 *
 * Returns: (transfer full): a new solid-colour paintable
 */
KvFakePaintable *
kv_fake_paintable_new (const GdkRGBA *colour,
                       int            width,
                       int            height)
{
  KvFakePaintable *self = g_object_new (KV_TYPE_FAKE_PAINTABLE, NULL);

  self->colour = *colour;
  if (width > 0)
    self->width = width;
  if (height > 0)
    self->height = height;

  return self;
}

void
kv_fake_paintable_get_colour (KvFakePaintable *self,
                              GdkRGBA         *out_colour)
{
  g_return_if_fail (KV_IS_FAKE_PAINTABLE (self));

  *out_colour = self->colour;
}
