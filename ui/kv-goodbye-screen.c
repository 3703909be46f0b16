/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-goodbye-screen.h"

#include <glib/gi18n.h>

#include "kv-level-meter.h"
#include "kv-paintable-view.h"
#include "kv-ripples.h"
#include "kv-time-until.h"
#include "kv-ui.h"

/**
 * KvGoodbyeScreen:
 *
 * The protected last minute: the other side stays on screen, with a warm
 * "time to wave goodbye" banner, a waving hand and a setting sun, on both
 * kiosks. The end is never a surprise.
 */

enum {
  PROP_0,
  PROP_CONTROLLER,
  PROP_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvGoodbyeScreen
{
  GtkWidget          parent_instance;

  KvVisitController *controller;
  KvLanguage        *language;

  GtkWidget         *remote_view;
  GtkWidget         *self_view;
  GtkWidget         *title_label;
  GtkWidget         *time_left_label;
};

G_DEFINE_FINAL_TYPE (KvGoodbyeScreen, kv_goodbye_screen, GTK_TYPE_WIDGET)

static void
update (KvGoodbyeScreen *self)
{
  g_autofree char *left = kv_ui_format_duration (kv_visit_controller_get_seconds_left (self->controller));
  g_autofree char *left_text = NULL;

  /* Translators: the protected last minute of the visit */
  gtk_label_set_text (GTK_LABEL (self->title_label), _("Time to wave goodbye!"));
  /* Translators: e.g. "45 seconds left" */
  left_text = g_strdup_printf (_("%s left"), left);
  gtk_label_set_text (GTK_LABEL (self->time_left_label), left_text);
}

static void
kv_goodbye_screen_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KvGoodbyeScreen *self = KV_GOODBYE_SCREEN (object);

  switch (prop_id)
    {
    case PROP_CONTROLLER:
      g_value_set_object (value, self->controller);
      break;
    case PROP_LANGUAGE:
      g_value_set_object (value, self->language);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_goodbye_screen_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KvGoodbyeScreen *self = KV_GOODBYE_SCREEN (object);

  switch (prop_id)
    {
    case PROP_CONTROLLER:
      self->controller = g_value_dup_object (value);
      break;
    case PROP_LANGUAGE:
      self->language = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_goodbye_screen_constructed (GObject *object)
{
  KvGoodbyeScreen *self = KV_GOODBYE_SCREEN (object);

  G_OBJECT_CLASS (kv_goodbye_screen_parent_class)->constructed (object);

  g_object_bind_property (self->controller, "remote-paintable",
                          self->remote_view, "paintable", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->controller, "self-paintable",
                          self->self_view, "paintable", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->controller, "notify::seconds-left",
                           G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->language, "notify::current",
                           G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

static void
kv_goodbye_screen_dispose (GObject *object)
{
  KvGoodbyeScreen *self = KV_GOODBYE_SCREEN (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KV_TYPE_GOODBYE_SCREEN);
  kv_ui_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->controller);
  g_clear_object (&self->language);

  G_OBJECT_CLASS (kv_goodbye_screen_parent_class)->dispose (object);
}

static void
kv_goodbye_screen_class_init (KvGoodbyeScreenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kv_goodbye_screen_get_property;
  object_class->set_property = kv_goodbye_screen_set_property;
  object_class->constructed = kv_goodbye_screen_constructed;
  object_class->dispose = kv_goodbye_screen_dispose;

  properties[PROP_CONTROLLER] =
    g_param_spec_object ("controller", NULL, NULL, KV_TYPE_VISIT_CONTROLLER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANGUAGE] =
    g_param_spec_object ("language", NULL, NULL, KV_TYPE_LANGUAGE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KV_TYPE_PAINTABLE_VIEW);
  g_type_ensure (KV_TYPE_LEVEL_METER);
  g_type_ensure (KV_TYPE_RIPPLES);
  g_type_ensure (KV_TYPE_TIME_UNTIL);
  kv_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               KV_UI_RESOURCE_PREFIX "/kv-goodbye-screen.ui");
  gtk_widget_class_bind_template_child (widget_class, KvGoodbyeScreen, remote_view);
  gtk_widget_class_bind_template_child (widget_class, KvGoodbyeScreen, self_view);
  gtk_widget_class_bind_template_child (widget_class, KvGoodbyeScreen, title_label);
  gtk_widget_class_bind_template_child (widget_class, KvGoodbyeScreen, time_left_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kv-goodbye-screen");
}

static void
kv_goodbye_screen_init (KvGoodbyeScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kv_goodbye_screen_new (KvVisitController *controller,
                      KvLanguage        *language)
{
  return g_object_new (KV_TYPE_GOODBYE_SCREEN,
                       "controller", controller,
                       "language", language,
                       NULL);
}
