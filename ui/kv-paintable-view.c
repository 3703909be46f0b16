/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-paintable-view.h"

/**
 * KvPaintableView:
 *
 * Shows a video paintable filling its area (cropped, never letterboxed),
 * with rounded corners, optionally mirrored (a child's self-view should
 * behave like a mirror).
 *
 * Unlike GtkPicture it never asks for the paintable's intrinsic size: its
 * size comes from CSS (min-width/min-height) and its parent, so a 640x480
 * camera picture can be a 200 px thumbnail (see platform-notes).
 *
 * While the paintable shows a picture the view has the style class
 * "has-picture". The picture covers the whole view, so CSS can drop a
 * background only seen without one: GTK 4.8's cairo renderer (kiosks
 * without a GPU) draws every node under a new video frame again, and a
 * linear-gradient under a 1200x620 picture costs 5 ms a frame there
 * (0.4 ms for a plain colour), a sixth of a core at 30 frames a second.
 */

enum {
  PROP_0,
  PROP_PAINTABLE,
  PROP_MIRROR,
  PROP_CORNER_RADIUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvPaintableView
{
  GtkWidget     parent_instance;

  GdkPaintable *paintable;
  gboolean      mirror;
  double        corner_radius;
  gboolean      has_picture;
};

G_DEFINE_FINAL_TYPE (KvPaintableView, kv_paintable_view, GTK_TYPE_WIDGET)

/* A video paintable without a frame gives an empty current image. */
static void
update_has_picture (KvPaintableView *self)
{
  g_autoptr(GdkPaintable) current = NULL;
  gboolean has_picture;

  if (self->paintable != NULL)
    current = gdk_paintable_get_current_image (self->paintable);
  has_picture = GDK_IS_TEXTURE (current);
  if (has_picture == self->has_picture)
    return;
  self->has_picture = has_picture;
  if (has_picture)
    gtk_widget_add_css_class (GTK_WIDGET (self), "has-picture");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "has-picture");
}

static void
on_contents_invalidated (KvPaintableView *self)
{
  update_has_picture (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
kv_paintable_view_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  /* Deliberately nothing: CSS and the layout decide. */
  *minimum = *natural = 0;
}

static void
kv_paintable_view_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  KvPaintableView *self = KV_PAINTABLE_VIEW (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double ratio, draw_width, draw_height;
  GskRoundedRect clip;

  if (self->paintable == NULL || width <= 0 || height <= 0)
    return;

  ratio = gdk_paintable_get_intrinsic_aspect_ratio (self->paintable);
  if (ratio <= 0)
    ratio = width / height;
  /* Cover: scale until both sides are filled, crop the rest. */
  if (width / height > ratio)
    {
      draw_width = width;
      draw_height = width / ratio;
    }
  else
    {
      draw_height = height;
      draw_width = height * ratio;
    }

  gsk_rounded_rect_init_from_rect (&clip, &GRAPHENE_RECT_INIT (0, 0, width, height),
                                   self->corner_radius);
  gtk_snapshot_push_rounded_clip (snapshot, &clip);
  gtk_snapshot_save (snapshot);
  if (self->mirror)
    {
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (width, 0));
      gtk_snapshot_scale (snapshot, -1, 1);
    }
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((width - draw_width) / 2,
                                                          (height - draw_height) / 2));
  gdk_paintable_snapshot (self->paintable, GDK_SNAPSHOT (snapshot), draw_width, draw_height);
  gtk_snapshot_restore (snapshot);
  gtk_snapshot_pop (snapshot);
}

static void
kv_paintable_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KvPaintableView *self = KV_PAINTABLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PAINTABLE:
      g_value_set_object (value, self->paintable);
      break;
    case PROP_MIRROR:
      g_value_set_boolean (value, self->mirror);
      break;
    case PROP_CORNER_RADIUS:
      g_value_set_double (value, self->corner_radius);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_paintable_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KvPaintableView *self = KV_PAINTABLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PAINTABLE:
      kv_paintable_view_set_paintable (self, g_value_get_object (value));
      break;
    case PROP_MIRROR:
      kv_paintable_view_set_mirror (self, g_value_get_boolean (value));
      break;
    case PROP_CORNER_RADIUS:
      if (self->corner_radius != g_value_get_double (value))
        {
          self->corner_radius = g_value_get_double (value);
          gtk_widget_queue_draw (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_paintable_view_dispose (GObject *object)
{
  kv_paintable_view_set_paintable (KV_PAINTABLE_VIEW (object), NULL);

  G_OBJECT_CLASS (kv_paintable_view_parent_class)->dispose (object);
}

static void
kv_paintable_view_class_init (KvPaintableViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kv_paintable_view_get_property;
  object_class->set_property = kv_paintable_view_set_property;
  object_class->dispose = kv_paintable_view_dispose;
  widget_class->measure = kv_paintable_view_measure;
  widget_class->snapshot = kv_paintable_view_snapshot;

  /**
   * KvPaintableView:paintable:
   *
   * The picture (a video paintable), or %NULL for none.
   */
  properties[PROP_PAINTABLE] =
    g_param_spec_object ("paintable", NULL, NULL, GDK_TYPE_PAINTABLE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KvPaintableView:mirror:
   *
   * Whether to flip the picture left to right, as a mirror does.
   */
  properties[PROP_MIRROR] =
    g_param_spec_boolean ("mirror", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KvPaintableView:corner-radius:
   *
   * The radius of the picture's rounded corners, in pixels.
   */
  properties[PROP_CORNER_RADIUS] =
    g_param_spec_double ("corner-radius", NULL, NULL, 0, 200, 24,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "kv-paintable-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
kv_paintable_view_init (KvPaintableView *self)
{
  self->corner_radius = 24;
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

GtkWidget *
kv_paintable_view_new (void)
{
  return g_object_new (KV_TYPE_PAINTABLE_VIEW, NULL);
}

GdkPaintable *
kv_paintable_view_get_paintable (KvPaintableView *self)
{
  g_return_val_if_fail (KV_IS_PAINTABLE_VIEW (self), NULL);
  return self->paintable;
}

void
kv_paintable_view_set_paintable (KvPaintableView *self,
                                 GdkPaintable    *paintable)
{
  g_return_if_fail (KV_IS_PAINTABLE_VIEW (self));

  if (self->paintable == paintable)
    return;

  if (self->paintable != NULL)
    g_signal_handlers_disconnect_by_func (self->paintable, on_contents_invalidated, self);
  g_set_object (&self->paintable, paintable);
  if (self->paintable != NULL)
    g_signal_connect_swapped (self->paintable, "invalidate-contents",
                              G_CALLBACK (on_contents_invalidated), self);
  on_contents_invalidated (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAINTABLE]);
}

void
kv_paintable_view_set_mirror (KvPaintableView *self,
                              gboolean         mirror)
{
  g_return_if_fail (KV_IS_PAINTABLE_VIEW (self));

  mirror = !!mirror;
  if (self->mirror == mirror)
    return;
  self->mirror = mirror;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIRROR]);
}
