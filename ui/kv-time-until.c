/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-time-until.h"

#include <math.h>

#include "kv-ui.h"

/**
 * KvTimeUntil:
 *
 * How far away the next visit is, as a picture a small child understands:
 *
 * - on another day: one moon for every sleep, then the sun of the visit day;
 * - today, more than an hour away: a clock-like dial whose golden slice is
 *   the time still to wait (a full dial is 12 hours);
 * - within the hour: a red "visual timer" slice that shrinks to nothing
 *   when the visit begins (like the kitchen timers children know).
 *
 * In a right-to-left language the sleeps read from the right (the visit
 * day's sun on the left); the dial is a clock and never turns round.
 */

#define MAX_MOONS 7

struct _KvTimeUntil
{
  GtkWidget   parent_instance;

  guint       nights;
  gint64      seconds;
  GdkTexture *sun;
  GdkTexture *moon;
};

G_DEFINE_FINAL_TYPE (KvTimeUntil, kv_time_until, GTK_TYPE_WIDGET)

static void
snapshot_sleeps (KvTimeUntil *self,
                 GtkSnapshot *snapshot,
                 double       width,
                 double       height)
{
  guint moons = MIN (self->nights, MAX_MOONS);
  double size = MIN (height * 0.8, width / (moons + 1.6));
  double gap = size * 0.1;
  double total = moons * (size + gap) + size * 1.4;
  double x = (width - total) / 2;
  /* Pictures are placed from the start side; each stays as it is drawn. */
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;

  for (guint i = 0; i < moons; i++)
    {
      gtk_snapshot_append_texture (snapshot, self->moon,
                                   &GRAPHENE_RECT_INIT (rtl ? width - x - size : x,
                                                        (height - size) / 2, size, size));
      x += size + gap;
    }
  gtk_snapshot_append_texture (snapshot, self->sun,
                               &GRAPHENE_RECT_INIT (rtl ? width - x - size * 1.4 : x,
                                                    (height - size * 1.4) / 2,
                                                    size * 1.4, size * 1.4));
}

static void
snapshot_dial (KvTimeUntil *self,
               GtkSnapshot *snapshot,
               double       width,
               double       height)
{
  gboolean within_hour = self->seconds <= 3600;
  double full = within_hour ? 3600.0 : 12 * 3600.0;
  double fraction = CLAMP (self->seconds / full, 0.0, 1.0);
  double radius = MIN (width, height) / 2 - 4;
  double cx = width / 2, cy = height / 2, sun;
  cairo_t *cr;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_arc (cr, cx, cy, radius, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, 1.0, 0.98, 0.93);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 6);
  cairo_set_source_rgb (cr, 0.86, 0.78, 0.65);
  cairo_stroke (cr);

  /* The slice still to wait, clockwise from 12 o'clock. */
  if (fraction > 0)
    {
      cairo_move_to (cr, cx, cy);
      cairo_arc (cr, cx, cy, radius - 10, -G_PI / 2, -G_PI / 2 + 2 * G_PI * fraction);
      cairo_close_path (cr);
      if (within_hour)
        cairo_set_source_rgb (cr, 0.94, 0.42, 0.40);
      else
        cairo_set_source_rgb (cr, 1.0, 0.80, 0.30);
      cairo_fill (cr);
    }

  /* Ticks for hours (or five minutes) so adults can read it too. */
  cairo_set_source_rgb (cr, 0.55, 0.45, 0.35);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (int i = 0; i < 12; i++)
    {
      double a = i * G_PI / 6;

      cairo_set_line_width (cr, i % 3 == 0 ? 6 : 3);
      cairo_move_to (cr, cx + sin (a) * (radius - 8), cy - cos (a) * (radius - 8));
      cairo_line_to (cr, cx + sin (a) * (radius - 22), cy - cos (a) * (radius - 22));
      cairo_stroke (cr);
    }
  cairo_destroy (cr);

  sun = radius * 0.9;
  gtk_snapshot_append_texture (snapshot, self->sun,
                               &GRAPHENE_RECT_INIT (cx - sun / 2, cy - sun / 2, sun, sun));
}

static void
kv_time_until_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  KvTimeUntil *self = KV_TIME_UNTIL (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);

  if (width <= 0 || height <= 0 || self->sun == NULL || self->moon == NULL)
    return;

  if (self->nights > 0)
    snapshot_sleeps (self, snapshot, width, height);
  else
    snapshot_dial (self, snapshot, width, height);
}

static void
kv_time_until_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  *minimum = 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 520 : 260;
}

static void
kv_time_until_dispose (GObject *object)
{
  KvTimeUntil *self = KV_TIME_UNTIL (object);

  g_clear_object (&self->sun);
  g_clear_object (&self->moon);

  G_OBJECT_CLASS (kv_time_until_parent_class)->dispose (object);
}

static void
kv_time_until_class_init (KvTimeUntilClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kv_time_until_dispose;
  widget_class->measure = kv_time_until_measure;
  widget_class->snapshot = kv_time_until_snapshot;

  gtk_widget_class_set_css_name (widget_class, "kv-time-until");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
kv_time_until_init (KvTimeUntil *self)
{
  /* The idle screen draws them as big as it has room for: their own size. */
  self->sun = kv_ui_load_texture ("stickers/sun.svg", 0);
  self->moon = kv_ui_load_texture ("scenes/moon.svg", 0);
}

GtkWidget *
kv_time_until_new (void)
{
  return g_object_new (KV_TYPE_TIME_UNTIL, NULL);
}

/**
 * kv_time_until_set_time:
 * @nights: sleeps before the visit day; 0 for today
 * @seconds: seconds until the visit starts
 */
void
kv_time_until_set_time (KvTimeUntil *self,
                        guint        nights,
                        gint64       seconds)
{
  g_return_if_fail (KV_IS_TIME_UNTIL (self));

  seconds = MAX (0, seconds);
  if (self->nights == nights && self->seconds == seconds)
    return;
  self->nights = nights;
  self->seconds = seconds;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
kv_time_until_get_nights (KvTimeUntil *self)
{
  g_return_val_if_fail (KV_IS_TIME_UNTIL (self), 0);
  return self->nights;
}

gint64
kv_time_until_get_seconds (KvTimeUntil *self)
{
  g_return_val_if_fail (KV_IS_TIME_UNTIL (self), 0);
  return self->seconds;
}
