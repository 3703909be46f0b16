/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-sky-timer.h"

#include <math.h>

#include "kv-ui.h"

/**
 * KvSkyTimer:
 *
 * The visit's timer for children who cannot read a clock: a sun travels
 * along a path across the sky, from morning on the left to the moon on the
 * right, and the sky turns from blue to sunset as the visit goes on. The
 * path behind the sun is golden, the path ahead is dotted.
 *
 * In a right-to-left language the path runs the other way, as the child
 * reads: from the right to the moon on the left. The sun and the moon
 * themselves are pictures and are never mirrored.
 */

#define TIMER_PICTURE_PX 128

enum {
  PROP_0,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvSkyTimer
{
  GtkWidget   parent_instance;

  double      progress;
  GdkTexture *sun;
  GdkTexture *moon;
};

G_DEFINE_FINAL_TYPE (KvSkyTimer, kv_sky_timer, GTK_TYPE_WIDGET)

static double
mix (double a,
     double b,
     double t)
{
  return a + (b - a) * t;
}

/* The sun's path: a gentle arch from the start side to the end side. */
static void
path_point (double    width,
            double    height,
            gboolean  rtl,
            double    t,
            double   *x,
            double   *y)
{
  double left = height * 0.45, right = width - height * 0.45;
  double low = height * 0.78, high = height * 0.30;

  *x = rtl ? mix (right, left, t) : mix (left, right, t);
  *y = low - (low - high) * sin (G_PI * t);
}

/* Sky colours through the visit, top and bottom of the sky: a clear
 * morning, a bright midday, a golden afternoon, a pink evening. Mixing blue
 * straight into orange would pass through grey. */
static const struct {
  double at;
  double top[3];
  double bottom[3];
} sky_stops[] = {
  { 0.00, { 0.55, 0.80, 0.98 }, { 0.85, 0.94, 1.00 } },
  { 0.50, { 0.60, 0.85, 1.00 }, { 0.90, 0.96, 1.00 } },
  { 0.80, { 1.00, 0.83, 0.56 }, { 1.00, 0.94, 0.78 } },
  { 1.00, { 0.98, 0.64, 0.52 }, { 1.00, 0.86, 0.72 } },
};

static void
sky_colour (double  progress,
            gboolean top,
            double  *rgb)
{
  guint i = 0;
  double t;

  while (i + 2 < G_N_ELEMENTS (sky_stops) && progress > sky_stops[i + 1].at)
    i++;
  t = CLAMP ((progress - sky_stops[i].at) / (sky_stops[i + 1].at - sky_stops[i].at), 0.0, 1.0);
  for (guint c = 0; c < 3; c++)
    rgb[c] = mix (top ? sky_stops[i].top[c] : sky_stops[i].bottom[c],
                  top ? sky_stops[i + 1].top[c] : sky_stops[i + 1].bottom[c], t);
}

static void
draw_sky (cairo_t *cr,
          double   width,
          double   height,
          double   progress)
{
  cairo_pattern_t *sky;
  double r = MIN (28, height / 3);

  double top[3], bottom[3];

  /* Morning blue turning to a warm evening as the visit goes on. */
  sky_colour (progress, TRUE, top);
  sky_colour (progress, FALSE, bottom);
  sky = cairo_pattern_create_linear (0, 0, 0, height);
  cairo_pattern_add_color_stop_rgb (sky, 0, top[0], top[1], top[2]);
  cairo_pattern_add_color_stop_rgb (sky, 1, bottom[0], bottom[1], bottom[2]);
  cairo_new_sub_path (cr);
  cairo_arc (cr, width - r, r, r, -G_PI / 2, 0);
  cairo_arc (cr, width - r, height - r, r, 0, G_PI / 2);
  cairo_arc (cr, r, height - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, r, r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  cairo_set_source (cr, sky);
  cairo_fill_preserve (cr);
  cairo_pattern_destroy (sky);
  cairo_clip (cr);

  /* Two soft hills. */
  cairo_set_source_rgb (cr, 0.55, 0.78, 0.45);
  cairo_move_to (cr, 0, height);
  cairo_curve_to (cr, width * 0.2, height * 0.70, width * 0.45, height * 0.78, width * 0.6, height * 0.92);
  cairo_line_to (cr, width * 0.6, height);
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.45, 0.70, 0.40);
  cairo_move_to (cr, width * 0.35, height);
  cairo_curve_to (cr, width * 0.6, height * 0.72, width * 0.85, height * 0.70, width, height * 0.85);
  cairo_line_to (cr, width, height);
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
draw_path (cairo_t  *cr,
           double    width,
           double    height,
           gboolean  rtl,
           double    progress)
{
  const int steps = 64;
  double x, y, dot = MAX (3, height / 36);

  /* Travelled: a golden trail. */
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_width (cr, dot * 2);
  cairo_set_source_rgba (cr, 1.0, 0.76, 0.15, 0.95);
  for (int i = 0; i <= steps; i++)
    {
      double t = progress * i / steps;

      path_point (width, height, rtl, t, &x, &y);
      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_stroke (cr);

  /* Still to go: white dots, like footsteps. */
  cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
  for (int i = 0; i <= 24; i++)
    {
      double t = (double) i / 24;

      if (t <= progress)
        continue;
      path_point (width, height, rtl, t, &x, &y);
      cairo_arc (cr, x, y, dot, 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

static void
kv_sky_timer_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  KvSkyTimer *self = KV_SKY_TIMER (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double x, y, sun_size = height * 0.48, moon_size = height * 0.34;
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw_sky (cr, width, height, self->progress);
  draw_path (cr, width, height, rtl, self->progress);
  cairo_destroy (cr);

  /* The end of the path: the moon, where the visit ends. */
  path_point (width, height, rtl, 1.0, &x, &y);
  if (self->moon != NULL)
    gtk_snapshot_append_texture (snapshot, self->moon,
                                 &GRAPHENE_RECT_INIT (x - moon_size / 2, y - moon_size / 2 - height * 0.08,
                                                      moon_size, moon_size));
  path_point (width, height, rtl, self->progress, &x, &y);
  if (self->sun != NULL)
    gtk_snapshot_append_texture (snapshot, self->sun,
                                 &GRAPHENE_RECT_INIT (x - sun_size / 2, y - sun_size / 2,
                                                      sun_size, sun_size));
}

static void
kv_sky_timer_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  /* Its height is the style's (kv-sky-timer's min-height: lower on a
   * compact screen, where the picture of the call needs the room). */
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 48;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 720 : 48;
}

static void
kv_sky_timer_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KvSkyTimer *self = KV_SKY_TIMER (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_sky_timer_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  KvSkyTimer *self = KV_SKY_TIMER (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      kv_sky_timer_set_progress (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_sky_timer_dispose (GObject *object)
{
  KvSkyTimer *self = KV_SKY_TIMER (object);

  g_clear_object (&self->sun);
  g_clear_object (&self->moon);

  G_OBJECT_CLASS (kv_sky_timer_parent_class)->dispose (object);
}

static void
kv_sky_timer_class_init (KvSkyTimerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kv_sky_timer_get_property;
  object_class->set_property = kv_sky_timer_set_property;
  object_class->dispose = kv_sky_timer_dispose;
  widget_class->measure = kv_sky_timer_measure;
  widget_class->snapshot = kv_sky_timer_snapshot;

  /**
   * KvSkyTimer:progress:
   *
   * How much of the visit has gone, 0 to 1: where the sun is.
   */
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0, 1, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "kv-sky-timer");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PROGRESS_BAR);
}

static void
kv_sky_timer_init (KvSkyTimer *self)
{
  /* Drawn at about half the timer's height (~70 px in a 150 px timer):
   * 128 px stays sharp up to a 260 px tall timer. */
  self->sun = kv_ui_load_texture ("stickers/sun.svg", TIMER_PICTURE_PX);
  self->moon = kv_ui_load_texture ("scenes/moon.svg", TIMER_PICTURE_PX);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, 1.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, 0.0,
                                  -1);
}

GtkWidget *
kv_sky_timer_new (void)
{
  return g_object_new (KV_TYPE_SKY_TIMER, NULL);
}

double
kv_sky_timer_get_progress (KvSkyTimer *self)
{
  g_return_val_if_fail (KV_IS_SKY_TIMER (self), 0);
  return self->progress;
}

void
kv_sky_timer_set_progress (KvSkyTimer *self,
                           double      progress)
{
  g_return_if_fail (KV_IS_SKY_TIMER (self));

  progress = CLAMP (progress, 0.0, 1.0);
  if (self->progress == progress)
    return;
  self->progress = progress;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, progress, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}
