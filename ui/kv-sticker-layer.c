/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-sticker-layer.h"

#include <math.h>

#include "kv-ui.h"

/**
 * KvStickerLayer:
 *
 * Stickers floating up over the visit, like balloons: the other side's rise
 * on the left (from their picture), ours on the right. Each one sways a
 * little, grows in, and fades out after a few seconds. The layer never takes
 * input, so it never blocks a button.
 */

/* Long enough to be seen and enjoyed, short enough that a child pressing
 * the heart ten times does not bury the picture. */
#define STICKER_LIFE_US (4 * G_USEC_PER_SEC)
#define MAX_STICKERS 24
#define STICKER_MAX_PX 220

typedef struct
{
  char       *id;
  gboolean    from_peer;
  GdkTexture *texture;
  gint64      born_us;     /* frame time; 0 until the first frame */
  double      lane;        /* 0..1 across the sticker's half of the screen */
} Sticker;

struct _KvStickerLayer
{
  GtkWidget  parent_instance;

  GPtrArray *stickers;     /* Sticker */
  guint      tick_id;
  gint64     now_us;
};

G_DEFINE_FINAL_TYPE (KvStickerLayer, kv_sticker_layer, GTK_TYPE_WIDGET)

static void
sticker_free (Sticker *sticker)
{
  g_free (sticker->id);
  g_clear_object (&sticker->texture);
  g_free (sticker);
}

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  KvStickerLayer *self = KV_STICKER_LAYER (widget);

  self->now_us = gdk_frame_clock_get_frame_time (frame_clock);
  for (guint i = self->stickers->len; i > 0; i--)
    {
      Sticker *sticker = g_ptr_array_index (self->stickers, i - 1);

      if (sticker->born_us == 0)
        sticker->born_us = self->now_us;
      else if (self->now_us - sticker->born_us > STICKER_LIFE_US)
        g_ptr_array_remove_index (self->stickers, i - 1);
    }
  gtk_widget_queue_draw (widget);

  if (self->stickers->len == 0)
    {
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
kv_sticker_layer_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  KvStickerLayer *self = KV_STICKER_LAYER (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double size = CLAMP (MIN (width, height) / 5, 96, STICKER_MAX_PX);

  for (guint i = 0; i < self->stickers->len; i++)
    {
      Sticker *sticker = g_ptr_array_index (self->stickers, i);
      double age = sticker->born_us == 0 ? 0 :
                   (double) (self->now_us - sticker->born_us) / STICKER_LIFE_US;
      double grow = MIN (1.0, age * 8);
      double fade = age > 0.7 ? 1 - (age - 0.7) / 0.3 : 1;
      double half = sticker->from_peer ? 0 : width / 2;
      double x = half + width / 2 * (0.15 + 0.6 * sticker->lane)
                 + sin (age * 3 * G_PI) * size * 0.25;
      double y = height - size - age * (height - size * 0.5);
      double s = size * (0.5 + 0.5 * grow);

      if (sticker->texture == NULL)
        continue;
      gtk_snapshot_push_opacity (snapshot, CLAMP (fade, 0, 1));
      gtk_snapshot_append_texture (snapshot, sticker->texture,
                                   &GRAPHENE_RECT_INIT (x - s / 2, y - s / 2 + size / 2, s, s));
      gtk_snapshot_pop (snapshot);
    }
}

static void
kv_sticker_layer_dispose (GObject *object)
{
  KvStickerLayer *self = KV_STICKER_LAYER (object);

  g_clear_pointer (&self->stickers, g_ptr_array_unref);

  G_OBJECT_CLASS (kv_sticker_layer_parent_class)->dispose (object);
}

static void
kv_sticker_layer_class_init (KvStickerLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kv_sticker_layer_dispose;
  widget_class->snapshot = kv_sticker_layer_snapshot;

  kv_ui_init ();
  gtk_widget_class_set_css_name (widget_class, "kv-sticker-layer");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
kv_sticker_layer_init (KvStickerLayer *self)
{
  self->stickers = g_ptr_array_new_with_free_func ((GDestroyNotify) sticker_free);
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

GtkWidget *
kv_sticker_layer_new (void)
{
  return g_object_new (KV_TYPE_STICKER_LAYER, NULL);
}

/**
 * kv_sticker_layer_add:
 * @sticker_id: a known sticker id (the controller validated it)
 * @from_peer: whether the other side sent it
 *
 * Lets one sticker float up.
 */
void
kv_sticker_layer_add (KvStickerLayer *self,
                      const char     *sticker_id,
                      gboolean        from_peer)
{
  g_autofree char *path = NULL;
  Sticker *sticker;

  g_return_if_fail (KV_IS_STICKER_LAYER (self));
  g_return_if_fail (sticker_id != NULL);

  if (self->stickers->len >= MAX_STICKERS)
    g_ptr_array_remove_index (self->stickers, 0);

  path = kv_ui_sticker_resource (sticker_id);
  /* The controller only passes known stickers; a picture that is not there
   * is skipped, never a crash (a missing resource would abort). */
  if (!g_resources_get_info (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL))
    {
      g_debug ("No picture for sticker %s", sticker_id);
      return;
    }
  sticker = g_new0 (Sticker, 1);
  sticker->id = g_strdup (sticker_id);
  sticker->from_peer = !!from_peer;
  /* At its largest size (see the snapshot): cheap to draw on every paint. */
  sticker->texture = kv_ui_load_resource_texture (path, STICKER_MAX_PX);
  sticker->lane = g_random_double ();
  g_ptr_array_add (self->stickers, sticker);

  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, NULL, NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * kv_sticker_layer_clear:
 *
 * Removes every sticker at once (the visit is over: the next screen is calm).
 */
void
kv_sticker_layer_clear (KvStickerLayer *self)
{
  g_return_if_fail (KV_IS_STICKER_LAYER (self));

  g_ptr_array_set_size (self->stickers, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
kv_sticker_layer_get_n_stickers (KvStickerLayer *self)
{
  g_return_val_if_fail (KV_IS_STICKER_LAYER (self), 0);
  return self->stickers->len;
}

gboolean
kv_sticker_layer_has_sticker (KvStickerLayer *self,
                              const char     *sticker_id,
                              gboolean        from_peer)
{
  g_return_val_if_fail (KV_IS_STICKER_LAYER (self), FALSE);

  for (guint i = 0; i < self->stickers->len; i++)
    {
      Sticker *sticker = g_ptr_array_index (self->stickers, i);

      if (g_str_equal (sticker->id, sticker_id) && sticker->from_peer == !!from_peer)
        return TRUE;
    }
  return FALSE;
}
