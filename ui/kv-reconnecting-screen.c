/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-reconnecting-screen.h"

#include <glib/gi18n.h>

#include "kv-level-meter.h"
#include "kv-paintable-view.h"
#include "kv-ripples.h"
#include "kv-time-until.h"
#include "kv-ui.h"

/**
 * KvReconnectingScreen:
 *
 * Media was lost during the visit: a calm animation and "we're finding Dad
 * again". Lost time is counted (and given back when the next slot allows);
 * the adults see how much.
 *
 * For a very young child (#KvScreen:few-words) the ripples and the
 * parent's name; "stay here" goes, the adults' line stays.
 */

struct _KvReconnectingScreen
{
  KvScreen           parent_instance;

  GtkWidget         *figure_picture;
  GtkWidget         *title_label;
  GtkWidget         *subtitle_label;
  GtkWidget         *lost_label;
};

G_DEFINE_FINAL_TYPE (KvReconnectingScreen, kv_reconnecting_screen, KV_TYPE_SCREEN)

static void
update (KvScreen *screen)
{
  KvReconnectingScreen *self = KV_RECONNECTING_SCREEN (screen);
  KvVisitController *controller = kv_screen_get_controller (KV_SCREEN (self));
  const char *peer = kv_visit_controller_get_peer_label (controller);
  guint lost = kv_visit_controller_get_lost_seconds (controller);
  g_autofree char *title = NULL;
  g_autofree char *name = kv_ui_isolate_name (peer);
  gboolean few = kv_screen_get_few_words (screen);

  /* Translators: the picture was lost; %s is e.g. "Dad", as staff typed it */
  title = g_strdup_printf (_("We’re finding %s again"), name);
  kv_ui_label_set_words (GTK_LABEL (self->title_label), title, peer, few);
  kv_ui_label_set_words (GTK_LABEL (self->subtitle_label),
                         /* Translators: the picture was lost; calm reassurance */
                         _("Stay here, the picture will come back"), NULL, few);
  if (lost > 0)
    {
      g_autofree char *duration = kv_ui_format_duration (lost);
      g_autofree char *text = NULL;

      /* Translators: for the adults; %s is e.g. "2 minutes" */
      text = g_strdup_printf (_("Time lost so far: %s. It is given back when the next slot is free."),
                              duration);
      gtk_label_set_text (GTK_LABEL (self->lost_label), text);
    }
  gtk_widget_set_visible (self->lost_label, lost > 0);
}

static void
kv_reconnecting_screen_dispose (GObject *object)
{
  KvReconnectingScreen *self = KV_RECONNECTING_SCREEN (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KV_TYPE_RECONNECTING_SCREEN);

  G_OBJECT_CLASS (kv_reconnecting_screen_parent_class)->dispose (object);
}

static void
kv_reconnecting_screen_class_init (KvReconnectingScreenClass *klass)
{
  static const char * const watched[] = {
    "lost-seconds",
    "peer-label",
    NULL
  };
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KvScreenClass *screen_class = KV_SCREEN_CLASS (klass);

  object_class->dispose = kv_reconnecting_screen_dispose;
  screen_class->update = update;
  kv_screen_class_set_watched (screen_class, watched);

  g_type_ensure (KV_TYPE_PAINTABLE_VIEW);
  g_type_ensure (KV_TYPE_LEVEL_METER);
  g_type_ensure (KV_TYPE_RIPPLES);
  g_type_ensure (KV_TYPE_TIME_UNTIL);
  kv_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               KV_UI_RESOURCE_PREFIX "/kv-reconnecting-screen.ui");
  gtk_widget_class_bind_template_child (widget_class, KvReconnectingScreen, figure_picture);
  gtk_widget_class_bind_template_child (widget_class, KvReconnectingScreen, title_label);
  gtk_widget_class_bind_template_child (widget_class, KvReconnectingScreen, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, KvReconnectingScreen, lost_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kv-reconnecting-screen");
}

static void
kv_reconnecting_screen_init (KvReconnectingScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kv_ui_picture_show_while_mapped (GTK_PICTURE (self->figure_picture), "scenes/on-the-way.svg");
}

GtkWidget *
kv_reconnecting_screen_new (KvVisitController *controller,
                           KvLanguage        *language)
{
  return g_object_new (KV_TYPE_RECONNECTING_SCREEN,
                       "controller", controller,
                       "language", language,
                       NULL);
}
