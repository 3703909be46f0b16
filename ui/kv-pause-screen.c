/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-pause-screen.h"

#include "kv-pause-scene.h"
#include "kv-ui.h"

/**
 * KvPauseScreen:
 *
 * The visit is paused (%KV_VISIT_PHASE_PAUSED), on both kiosks: the calm
 * #KvPauseScene, told by the controller who paused (this side: "We are
 * taking a little break"; the other side: "Mum will be back in a moment"),
 * whom this kiosk calls the other side, and which side it is on. No clock
 * and no reason: those are for staff.
 */

struct _KvPauseScreen
{
  KvScreen   parent_instance;

  GtkWidget *scene;
};

G_DEFINE_FINAL_TYPE (KvPauseScreen, kv_pause_screen, KV_TYPE_SCREEN)

static void
update (KvScreen *screen)
{
  KvPauseScreen *self = KV_PAUSE_SCREEN (screen);
  KvVisitController *controller = kv_screen_get_controller (screen);
  KvPauseScene *scene = KV_PAUSE_SCENE (self->scene);

  kv_pause_scene_set_language (scene, kv_screen_get_language (screen));
  kv_pause_scene_set_role (scene, kv_visit_controller_get_role (controller));
  kv_pause_scene_set_peer_label (scene, kv_visit_controller_get_peer_label (controller));
  kv_pause_scene_set_paused_here (scene, kv_visit_controller_get_paused_here (controller));
}

static void
kv_pause_screen_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KV_TYPE_PAUSE_SCREEN);

  G_OBJECT_CLASS (kv_pause_screen_parent_class)->dispose (object);
}

static void
kv_pause_screen_class_init (KvPauseScreenClass *klass)
{
  static const char * const watched[] = {
    "peer-label",
    "paused-here",
    "role",
    NULL
  };
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KvScreenClass *screen_class = KV_SCREEN_CLASS (klass);

  object_class->dispose = kv_pause_screen_dispose;
  screen_class->update = update;
  kv_screen_class_set_watched (screen_class, watched);

  g_type_ensure (KV_TYPE_PAUSE_SCENE);
  kv_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               KV_UI_RESOURCE_PREFIX "/kv-pause-screen.ui");
  gtk_widget_class_bind_template_child (widget_class, KvPauseScreen, scene);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kv-pause-screen");
}

static void
kv_pause_screen_init (KvPauseScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kv_pause_screen_new (KvVisitController *controller,
                     KvLanguage        *language)
{
  return g_object_new (KV_TYPE_PAUSE_SCREEN,
                       "controller", controller,
                       "language", language,
                       NULL);
}
