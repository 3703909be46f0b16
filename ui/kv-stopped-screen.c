/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-stopped-screen.h"

#include "kv-safeguarding-screen.h"
#include "kv-ui.h"

/**
 * KvStoppedScreen:
 *
 * Staff stopped the visit for safeguarding (%KV_VISIT_PHASE_STOPPED): the
 * #KvSafeguardingScreen of this kiosk's side, calm and child-safe on the
 * community kiosk, plain on the prison kiosk. Never the warm "bye bye" of
 * the after screen, and never a word about why.
 */

struct _KvStoppedScreen
{
  KvScreen   parent_instance;

  GtkWidget *safeguarding;
};

G_DEFINE_FINAL_TYPE (KvStoppedScreen, kv_stopped_screen, KV_TYPE_SCREEN)

static void
update (KvScreen *screen)
{
  KvStoppedScreen *self = KV_STOPPED_SCREEN (screen);
  KvSafeguardingScreen *safeguarding = KV_SAFEGUARDING_SCREEN (self->safeguarding);

  kv_safeguarding_screen_set_language (safeguarding, kv_screen_get_language (screen));
  kv_safeguarding_screen_set_role (safeguarding,
                                   kv_visit_controller_get_role (kv_screen_get_controller (screen)));
}

static void
kv_stopped_screen_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KV_TYPE_STOPPED_SCREEN);

  G_OBJECT_CLASS (kv_stopped_screen_parent_class)->dispose (object);
}

static void
kv_stopped_screen_class_init (KvStoppedScreenClass *klass)
{
  static const char * const watched[] = {
    "role",
    NULL
  };
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KvScreenClass *screen_class = KV_SCREEN_CLASS (klass);

  object_class->dispose = kv_stopped_screen_dispose;
  screen_class->update = update;
  kv_screen_class_set_watched (screen_class, watched);

  g_type_ensure (KV_TYPE_SAFEGUARDING_SCREEN);
  kv_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               KV_UI_RESOURCE_PREFIX "/kv-stopped-screen.ui");
  gtk_widget_class_bind_template_child (widget_class, KvStoppedScreen, safeguarding);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kv-stopped-screen");
}

static void
kv_stopped_screen_init (KvStoppedScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kv_stopped_screen_new (KvVisitController *controller,
                       KvLanguage        *language)
{
  return g_object_new (KV_TYPE_STOPPED_SCREEN,
                       "controller", controller,
                       "language", language,
                       NULL);
}
