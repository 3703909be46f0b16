/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-unavailable-screen.h"

#include <glib/gi18n.h>

#include "kv-level-meter.h"
#include "kv-paintable-view.h"
#include "kv-ripples.h"
#include "kv-time-until.h"
#include "kv-ui.h"

/**
 * KvUnavailableScreen:
 *
 * The kiosk cannot hold a visit now: friendly to the child (the screen is
 * resting), with a plain hint for staff for each reason. With nothing
 * booked, the picture says that instead (scenes/no-visit.svg): a child
 * should not think the kiosk is broken.
 */

struct _KvUnavailableScreen
{
  KvScreen           parent_instance;

  const char        *picture_resource;

  GtkWidget         *picture;
  GtkWidget         *title_label;
  GtkWidget         *staff_label;
};

G_DEFINE_FINAL_TYPE (KvUnavailableScreen, kv_unavailable_screen, KV_TYPE_SCREEN)

static void
update (KvScreen *screen)
{
  KvUnavailableScreen *self = KV_UNAVAILABLE_SCREEN (screen);
  KvVisitController *controller = kv_screen_get_controller (KV_SCREEN (self));
  const char *title;
  const char *hint;
  const char *picture = KV_UI_RESOURCE_PREFIX "/scenes/resting.svg";

  switch (kv_visit_controller_get_unavailable_reason (controller))
    {
    case KV_UNAVAILABLE_NO_BOOKING:
      /* Translators: the kiosk has nothing booked in the coming days */
      title = _("No visit is booked yet");
      /* Translators: hint for staff */
      hint = _("For staff: nothing is booked for this kiosk in the coming days. Book visits on the visit server.");
      picture = KV_UI_RESOURCE_PREFIX "/scenes/no-visit.svg";
      break;
    case KV_UNAVAILABLE_NO_NETWORK:
      title = _("The visit screen is having a rest");
      /* Translators: hint for staff */
      hint = _("For staff: the kiosk cannot reach the visit server. It keeps trying; check the network cable or Wi-Fi.");
      break;
    case KV_UNAVAILABLE_REFUSED:
      title = _("The visit screen is having a rest");
      /* Translators: hint for staff */
      hint = _("For staff: the visit server did not accept this kiosk. Ask an administrator to check the kiosk’s device token.");
      break;
    case KV_UNAVAILABLE_NO_CAMERA:
      title = _("The visit screen is having a rest");
      /* Translators: hint for staff */
      hint = _("For staff: the camera or microphone is missing. Check the cables, then restart the kiosk.");
      break;
    case KV_UNAVAILABLE_NONE:
    default:
      /* Translators: the kiosk is not ready for a visit (generic) */
      title = _("The visit screen is having a rest");
      hint = "";
      break;
    }
  /* Loaded again only when it changes (static strings, compared as such). */
  if (self->picture_resource != picture)
    {
      gtk_picture_set_resource (GTK_PICTURE (self->picture), picture);
      self->picture_resource = picture;
    }
  gtk_label_set_text (GTK_LABEL (self->title_label), title);
  gtk_label_set_text (GTK_LABEL (self->staff_label), hint);
}

static void
kv_unavailable_screen_dispose (GObject *object)
{
  KvUnavailableScreen *self = KV_UNAVAILABLE_SCREEN (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KV_TYPE_UNAVAILABLE_SCREEN);

  G_OBJECT_CLASS (kv_unavailable_screen_parent_class)->dispose (object);
}

static void
kv_unavailable_screen_class_init (KvUnavailableScreenClass *klass)
{
  static const char * const watched[] = {
    "unavailable-reason",
    NULL
  };
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KvScreenClass *screen_class = KV_SCREEN_CLASS (klass);

  object_class->dispose = kv_unavailable_screen_dispose;
  screen_class->update = update;
  kv_screen_class_set_watched (screen_class, watched);

  g_type_ensure (KV_TYPE_PAINTABLE_VIEW);
  g_type_ensure (KV_TYPE_LEVEL_METER);
  g_type_ensure (KV_TYPE_RIPPLES);
  g_type_ensure (KV_TYPE_TIME_UNTIL);
  kv_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               KV_UI_RESOURCE_PREFIX "/kv-unavailable-screen.ui");
  gtk_widget_class_bind_template_child (widget_class, KvUnavailableScreen, picture);
  gtk_widget_class_bind_template_child (widget_class, KvUnavailableScreen, title_label);
  gtk_widget_class_bind_template_child (widget_class, KvUnavailableScreen, staff_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kv-unavailable-screen");
}

static void
kv_unavailable_screen_init (KvUnavailableScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kv_unavailable_screen_new (KvVisitController *controller,
                          KvLanguage        *language)
{
  return g_object_new (KV_TYPE_UNAVAILABLE_SCREEN,
                       "controller", controller,
                       "language", language,
                       NULL);
}
