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
 *
 * For a very young child (#KvScreen:few-words) the banner says "Bye bye!"
 * and no more: the hand and the sun say the rest.
 */

struct _KvGoodbyeScreen
{
  KvScreen           parent_instance;

  GtkWidget         *sunset_picture;
  GtkWidget         *remote_view;
  GtkWidget         *self_view;
  GtkWidget         *title_label;
  GtkWidget         *time_left_label;
};

G_DEFINE_FINAL_TYPE (KvGoodbyeScreen, kv_goodbye_screen, KV_TYPE_SCREEN)

static void
update (KvScreen *screen)
{
  KvGoodbyeScreen *self = KV_GOODBYE_SCREEN (screen);
  KvVisitController *controller = kv_screen_get_controller (KV_SCREEN (self));
  g_autofree char *left = kv_ui_format_duration (kv_visit_controller_get_seconds_left (controller));
  g_autofree char *left_text = NULL;

  gboolean few = kv_screen_get_few_words (screen);

  kv_ui_label_set_words (GTK_LABEL (self->title_label),
                         /* Translators: the protected last minute of the visit */
                         _("Time to wave goodbye!"),
                         /* Translators: the same on a very young child's
                          * screen (0-3 years), beside a waving hand: one
                          * or two words a parent says while waving */
                         _("Bye bye!"), few);
  /* Translators: e.g. "45 seconds left" */
  left_text = g_strdup_printf (_("%s left"), left);
  kv_ui_label_set_words (GTK_LABEL (self->time_left_label), left_text, NULL, few);
}

static void
kv_goodbye_screen_constructed (GObject *object)
{
  KvGoodbyeScreen *self = KV_GOODBYE_SCREEN (object);
  KvVisitController *controller = kv_screen_get_controller (KV_SCREEN (self));

  G_OBJECT_CLASS (kv_goodbye_screen_parent_class)->constructed (object);

  g_object_bind_property (controller, "remote-paintable",
                          self->remote_view, "paintable", G_BINDING_SYNC_CREATE);
  g_object_bind_property (controller, "self-paintable",
                          self->self_view, "paintable", G_BINDING_SYNC_CREATE);
}

static void
kv_goodbye_screen_dispose (GObject *object)
{
  KvGoodbyeScreen *self = KV_GOODBYE_SCREEN (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KV_TYPE_GOODBYE_SCREEN);

  G_OBJECT_CLASS (kv_goodbye_screen_parent_class)->dispose (object);
}

static void
kv_goodbye_screen_class_init (KvGoodbyeScreenClass *klass)
{
  static const char * const watched[] = {
    "seconds-left",
    NULL
  };
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KvScreenClass *screen_class = KV_SCREEN_CLASS (klass);

  object_class->constructed = kv_goodbye_screen_constructed;
  object_class->dispose = kv_goodbye_screen_dispose;
  screen_class->update = update;
  kv_screen_class_set_watched (screen_class, watched);

  g_type_ensure (KV_TYPE_PAINTABLE_VIEW);
  g_type_ensure (KV_TYPE_LEVEL_METER);
  g_type_ensure (KV_TYPE_RIPPLES);
  g_type_ensure (KV_TYPE_TIME_UNTIL);
  kv_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               KV_UI_RESOURCE_PREFIX "/kv-goodbye-screen.ui");
  gtk_widget_class_bind_template_child (widget_class, KvGoodbyeScreen, sunset_picture);
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
  kv_ui_picture_show_while_mapped (GTK_PICTURE (self->sunset_picture), "scenes/sunset.svg");
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
