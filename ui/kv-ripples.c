/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-ripples.h"

#include <math.h>

/**
 * KvRipples:
 *
 * A calm, slow animation for waiting: soft rings that grow and fade, like
 * ripples on a pond. Used while the call finds the other side again; slow
 * on purpose (one ring every 1.6 s) so it soothes instead of alarming.
 */

#define RING_PERIOD_US (4800 * G_TIME_SPAN_MILLISECOND)
#define N_RINGS 3

struct _KvRipples
{
  GtkWidget parent_instance;

  guint     tick_id;
  gint64    phase_us;
};

G_DEFINE_FINAL_TYPE (KvRipples, kv_ripples, GTK_TYPE_WIDGET)

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  KV_RIPPLES (widget)->phase_us = gdk_frame_clock_get_frame_time (frame_clock);
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

static void
kv_ripples_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  KvRipples *self = KV_RIPPLES (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double max_radius = MIN (width, height) / 2;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  for (int i = 0; i < N_RINGS; i++)
    {
      double t = fmod ((double) self->phase_us / RING_PERIOD_US + (double) i / N_RINGS, 1.0);
      /* Ease out: rings slow down as they grow. */
      double eased = 1 - (1 - t) * (1 - t);
      double radius = max_radius * (0.35 + 0.65 * eased);

      cairo_arc (cr, width / 2, height / 2, radius, 0, 2 * G_PI);
      cairo_set_source_rgba (cr, 0.60, 0.76, 0.85, 0.55 * (1 - t));
      cairo_set_line_width (cr, 10 + 14 * (1 - t));
      cairo_stroke (cr);
    }
  cairo_arc (cr, width / 2, height / 2, max_radius * 0.36, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, 0.88, 0.94, 0.98, 1);
  cairo_fill (cr);
  cairo_destroy (cr);
}

static void
kv_ripples_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  *minimum = 160;
  *natural = 420;
}

static void
kv_ripples_map (GtkWidget *widget)
{
  KvRipples *self = KV_RIPPLES (widget);

  GTK_WIDGET_CLASS (kv_ripples_parent_class)->map (widget);
  /* Animate only while on screen: the kiosk runs for months. */
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (widget, on_tick, NULL, NULL);
}

static void
kv_ripples_unmap (GtkWidget *widget)
{
  KvRipples *self = KV_RIPPLES (widget);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->tick_id);
      self->tick_id = 0;
    }
  GTK_WIDGET_CLASS (kv_ripples_parent_class)->unmap (widget);
}

static void
kv_ripples_class_init (KvRipplesClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->measure = kv_ripples_measure;
  widget_class->snapshot = kv_ripples_snapshot;
  widget_class->map = kv_ripples_map;
  widget_class->unmap = kv_ripples_unmap;

  gtk_widget_class_set_css_name (widget_class, "kv-ripples");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
kv_ripples_init (KvRipples *self)
{
}

GtkWidget *
kv_ripples_new (void)
{
  return g_object_new (KV_TYPE_RIPPLES, NULL);
}
