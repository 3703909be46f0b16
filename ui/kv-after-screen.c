/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-after-screen.h"

#include <glib/gi18n.h>

#include "kv-level-meter.h"
#include "kv-paintable-view.h"
#include "kv-ripples.h"
#include "kv-time-until.h"
#include "kv-ui.h"

/**
 * KvAfterScreen:
 *
 * After the visit: a warm goodbye and when the next visit is.
 *
 * For a very young child (#KvScreen:few-words) the hearts and the
 * parent's name; when the next visit is goes (staff and the carer know it,
 * and the idle screen shows it in moons).
 */

struct _KvAfterScreen
{
  KvScreen           parent_instance;

  GtkWidget         *scene_picture;
  GtkWidget         *title_label;
  GtkWidget         *next_label;
};

G_DEFINE_FINAL_TYPE (KvAfterScreen, kv_after_screen, KV_TYPE_SCREEN)

static void
update (KvScreen *screen)
{
  KvAfterScreen *self = KV_AFTER_SCREEN (screen);
  KvVisitController *controller = kv_screen_get_controller (KV_SCREEN (self));
  KvClock *clock = kv_visit_controller_get_clock (controller);
  const char *peer = kv_visit_controller_get_peer_label (controller);
  gint64 next = kv_visit_controller_get_next_visit_start (controller);
  g_autofree char *title = NULL;
  g_autofree char *next_text = NULL;
  g_autofree char *name = kv_ui_isolate_name (peer);
  gboolean few = kv_screen_get_few_words (screen);

  /* Translators: after the visit; %s is e.g. "Dad", as staff typed it */
  title = g_strdup_printf (_("Bye bye, %s! See you soon"), name);
  kv_ui_label_set_words (GTK_LABEL (self->title_label), title, peer, few);
  if (next > 0)
    {
      g_autofree char *when = kv_ui_format_when (clock, next);

      /* Translators: after the visit; %s is e.g. "tomorrow at 16:00" */
      next_text = g_strdup_printf (_("Next visit: %s"), when);
    }
  else
    /* Translators: after the visit, when nothing more is booked yet */
    next_text = g_strdup (_("Staff will tell you when the next visit is"));
  kv_ui_label_set_words (GTK_LABEL (self->next_label), next_text, NULL, few);
}

static void
kv_after_screen_dispose (GObject *object)
{
  KvAfterScreen *self = KV_AFTER_SCREEN (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KV_TYPE_AFTER_SCREEN);

  G_OBJECT_CLASS (kv_after_screen_parent_class)->dispose (object);
}

static void
kv_after_screen_class_init (KvAfterScreenClass *klass)
{
  static const char * const watched[] = {
    "next-visit-start",
    "peer-label",
    NULL
  };
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KvScreenClass *screen_class = KV_SCREEN_CLASS (klass);

  object_class->dispose = kv_after_screen_dispose;
  screen_class->update = update;
  kv_screen_class_set_watched (screen_class, watched);

  g_type_ensure (KV_TYPE_PAINTABLE_VIEW);
  g_type_ensure (KV_TYPE_LEVEL_METER);
  g_type_ensure (KV_TYPE_RIPPLES);
  g_type_ensure (KV_TYPE_TIME_UNTIL);
  kv_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               KV_UI_RESOURCE_PREFIX "/kv-after-screen.ui");
  gtk_widget_class_bind_template_child (widget_class, KvAfterScreen, scene_picture);
  gtk_widget_class_bind_template_child (widget_class, KvAfterScreen, title_label);
  gtk_widget_class_bind_template_child (widget_class, KvAfterScreen, next_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kv-after-screen");
}

static void
kv_after_screen_init (KvAfterScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kv_ui_picture_show_while_mapped (GTK_PICTURE (self->scene_picture), "scenes/hearts.svg");
}

GtkWidget *
kv_after_screen_new (KvVisitController *controller,
                    KvLanguage        *language)
{
  return g_object_new (KV_TYPE_AFTER_SCREEN,
                       "controller", controller,
                       "language", language,
                       NULL);
}
