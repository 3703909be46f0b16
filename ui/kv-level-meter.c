/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-level-meter.h"

#include <math.h>

/**
 * KvLevelMeter:
 *
 * The waiting room's microphone check for children: a row of round,
 * colourful bars that dance when the child speaks or sings ("say hello!").
 * The middle bars jump highest, like a smile turned up.
 */

#define N_BARS 9

enum {
  PROP_0,
  PROP_LEVEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvLevelMeter
{
  GtkWidget parent_instance;

  double    level;
};

G_DEFINE_FINAL_TYPE (KvLevelMeter, kv_level_meter, GTK_TYPE_WIDGET)

static const double bar_colours[N_BARS][3] = {
  { 0.94, 0.35, 0.44 }, { 0.98, 0.54, 0.24 }, { 1.00, 0.76, 0.15 },
  { 0.55, 0.78, 0.30 }, { 0.31, 0.76, 0.97 }, { 0.55, 0.78, 0.30 },
  { 1.00, 0.76, 0.15 }, { 0.98, 0.54, 0.24 }, { 0.94, 0.35, 0.44 },
};

static void
kv_level_meter_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  KvLevelMeter *self = KV_LEVEL_METER (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double slot = width / N_BARS, bar = slot * 0.62;
  /* Speech is quiet on a linear scale: a square root makes a child's voice
   * visibly move the bars. */
  double level = sqrt (CLAMP (self->level, 0.0, 1.0));
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  for (int i = 0; i < N_BARS; i++)
    {
      double centre = 1.0 - fabs (i - (N_BARS - 1) / 2.0) / ((N_BARS - 1) / 2.0);
      double shape = 0.45 + 0.55 * centre;
      double h = bar + (height - bar) * level * shape;
      double x = i * slot + (slot - bar) / 2, y = (height - h) / 2;
      double r = bar / 2;

      cairo_new_sub_path (cr);
      cairo_arc (cr, x + r, y + r, r, G_PI, 2 * G_PI);
      cairo_arc (cr, x + r, y + h - r, r, 0, G_PI);
      cairo_close_path (cr);
      cairo_set_source_rgb (cr, bar_colours[i][0], bar_colours[i][1], bar_colours[i][2]);
      cairo_fill (cr);
    }
  cairo_destroy (cr);
}

static void
kv_level_meter_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 180 : 60;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 360 : 110;
}

static void
kv_level_meter_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_LEVEL:
      g_value_set_double (value, KV_LEVEL_METER (object)->level);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_level_meter_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_LEVEL:
      kv_level_meter_set_level (KV_LEVEL_METER (object), g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_level_meter_class_init (KvLevelMeterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kv_level_meter_get_property;
  object_class->set_property = kv_level_meter_set_property;
  widget_class->measure = kv_level_meter_measure;
  widget_class->snapshot = kv_level_meter_snapshot;

  /**
   * KvLevelMeter:level:
   *
   * The microphone level, 0 (silence) to 1 (loud).
   */
  properties[PROP_LEVEL] =
    g_param_spec_double ("level", NULL, NULL, 0, 1, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "kv-level-meter");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_METER);
}

static void
kv_level_meter_init (KvLevelMeter *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, 1.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, 0.0,
                                  -1);
}

GtkWidget *
kv_level_meter_new (void)
{
  return g_object_new (KV_TYPE_LEVEL_METER, NULL);
}

double
kv_level_meter_get_level (KvLevelMeter *self)
{
  g_return_val_if_fail (KV_IS_LEVEL_METER (self), 0);
  return self->level;
}

void
kv_level_meter_set_level (KvLevelMeter *self,
                          double        level)
{
  g_return_if_fail (KV_IS_LEVEL_METER (self));

  level = CLAMP (level, 0.0, 1.0);
  if (self->level == level)
    return;
  self->level = level;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, level, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
}
