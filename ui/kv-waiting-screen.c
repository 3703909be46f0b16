/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-waiting-screen.h"

#include <glib/gi18n.h>

#include "kv-level-meter.h"
#include "kv-not-ok-button.h"
#include "kv-paintable-view.h"
#include "kv-plan-strip.h"
#include "kv-ripples.h"
#include "kv-supervision-badge.h"
#include "kv-time-until.h"
#include "kv-ui.h"

/**
 * KvWaitingScreen:
 *
 * The waiting room (join window): a mirror to check hair and smile, a
 * microphone check that dances when the child speaks, a friendly figure
 * "on the way", a visual timer until the visit starts, and the plan of
 * the visit in pictures (#KvPlanStrip: who, how long, goodbye). The call
 * is already set up behind it, with nothing sent. On the community kiosk,
 * the friendly #KvSupervisionBadge while the prison side is supervised,
 * and the child's #KvNotOkButton, as on the visit screen.
 *
 * For a very young child (#KvScreen:few-words) the mirror, the figure, the
 * clock and the plan's pictures say it all: the title is the parent's
 * name alone, and "Say hello!", the start time and the plan's captions
 * go. Staff's line stays.
 */

/* The microphone's picture, roomy and compact. */
#define MIC_PX 64
#define COMPACT_MIC_PX 40

struct _KvWaitingScreen
{
  KvScreen           parent_instance;

  GtkWidget         *mirror_view;
  GtkWidget         *level_meter;
  GtkWidget         *mic_image;
  GtkWidget         *plan_strip;
  GtkWidget         *mic_label;
  GtkWidget         *status_label;
  GtkWidget         *figure;
  GtkWidget         *countdown;
  GtkWidget         *starts_label;
  GtkWidget         *staff_label;
  GtkWidget         *supervision_badge;
  GtkWidget         *not_ok_button;
};

G_DEFINE_FINAL_TYPE (KvWaitingScreen, kv_waiting_screen, KV_TYPE_SCREEN)

/* The supervision sign and "I'm not OK" exist on the child's side only
 * (both widgets draw nothing with the prison role); the button's
 * acknowledgement shows while the alert waits for staff's "Seen". */
static void
update_community_signs (KvWaitingScreen *self)
{
  KvVisitController *controller = kv_screen_get_controller (KV_SCREEN (self));
  KvRole role = kv_visit_controller_get_role (controller);
  gboolean community = role == KV_ROLE_COMMUNITY;
  gboolean compact = kv_screen_get_compact (KV_SCREEN (self));

  kv_supervision_badge_set_role (KV_SUPERVISION_BADGE (self->supervision_badge), role);
  /* At 640 x 480 the words would reach the language button. */
  kv_supervision_badge_set_compact (KV_SUPERVISION_BADGE (self->supervision_badge), compact);
  gtk_widget_set_visible (self->supervision_badge,
                          community && kv_visit_controller_get_peer_supervised (controller));
  kv_not_ok_button_set_role (KV_NOT_OK_BUTTON (self->not_ok_button), role);
  kv_not_ok_button_set_compact (KV_NOT_OK_BUTTON (self->not_ok_button), compact);
  kv_not_ok_button_set_age_band (KV_NOT_OK_BUTTON (self->not_ok_button),
                                 kv_visit_controller_get_age_band (controller));
  gtk_widget_set_visible (self->not_ok_button, community);
  kv_not_ok_button_set_acknowledged (KV_NOT_OK_BUTTON (self->not_ok_button),
                                     community && kv_visit_controller_get_child_alert (controller));
}

static void
on_not_ok_pressed (KvWaitingScreen *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "visit.child-alert", NULL);
}

static void
update (KvScreen *screen)
{
  KvWaitingScreen *self = KV_WAITING_SCREEN (screen);
  KvVisitController *controller = kv_screen_get_controller (KV_SCREEN (self));
  const char *peer = kv_visit_controller_get_peer_label (controller);
  guint seconds_left = kv_visit_controller_get_seconds_left (controller);
  gint64 start = kv_visit_controller_get_visit_start (controller);
  g_autofree char *status = NULL;
  g_autofree char *name = NULL;
  g_autofree char *starts = NULL;
  g_autofree char *start_time = kv_ui_format_clock_time (start);
  gint64 end = kv_visit_controller_get_visit_end (controller);
  gboolean compact = kv_screen_get_compact (screen);
  gboolean few = kv_screen_get_few_words (screen);
  const char *staff;

  /* The plan: who, and the visit's length in whole minutes (rounded:
   * the server's times are to the second). */
  kv_plan_strip_set_peer_label (KV_PLAN_STRIP (self->plan_strip), peer);
  kv_plan_strip_set_minutes (KV_PLAN_STRIP (self->plan_strip),
                             start > 0 && end > start
                             ? (guint) MIN ((end - start + 30 * G_USEC_PER_SEC) / (60 * G_USEC_PER_SEC),
                                            24 * 60)
                             : 0);
  kv_plan_strip_set_compact (KV_PLAN_STRIP (self->plan_strip), compact);
  kv_plan_strip_set_few_words (KV_PLAN_STRIP (self->plan_strip), few);
  gtk_image_set_pixel_size (GTK_IMAGE (self->mic_image), compact ? COMPACT_MIC_PX : MIC_PX);
  /* Words for the mirror, and the figure on its way (the title says it
   * too), only where there is room for them; a toddler's mirror has the
   * dancing microphone alone. */
  gtk_widget_set_visible (self->mic_label, !compact && !few);
  gtk_widget_set_visible (self->figure, !compact);

  name = kv_ui_isolate_name (peer);
  if (peer == NULL)
    peer = "";
  if (kv_visit_controller_get_peer_present (controller))
    /* Translators: waiting room; %s is e.g. "Dad", as staff typed it */
    status = g_strdup_printf (_("%s is on the way!"), name);
  else
    /* Translators: waiting room before the other side has arrived; %s is e.g. "Dad" */
    status = g_strdup_printf (_("%s will be here soon"), name);
  /* A toddler sees the name, and the figure coming (or faded, not yet). */
  kv_ui_label_set_words (GTK_LABEL (self->status_label), status, peer, few);
  gtk_widget_set_opacity (self->figure,
                          kv_visit_controller_get_peer_present (controller) ? 1.0 : 0.55);

  /* Translators: waiting room; %s is a time of day, e.g. "16:00" */
  starts = g_strdup_printf (_("The visit starts at %s"), start_time);
  kv_ui_label_set_words (GTK_LABEL (self->starts_label), starts, NULL, few);
  kv_time_until_set_time (KV_TIME_UNTIL (self->countdown), 0, seconds_left);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->countdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, starts, -1);

  /* Translators: waiting room, under the microphone check: an invitation to speak */
  gtk_label_set_text (GTK_LABEL (self->mic_label), _("Say hello!"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->mirror_view),
                                  /* Translators: accessible name of the self-view mirror */
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Mirror: this is you"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->level_meter),
                                  /* Translators: accessible name of the microphone check */
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Microphone"), -1);

  if (!kv_visit_controller_get_self_confirmed (controller))
    /* Translators: waiting room, for the adults: staff still have to confirm */
    staff = _("Waiting for staff to confirm that everyone is here");
  else if (!kv_visit_controller_get_peer_confirmed (controller))
    /* Translators: waiting room, for the adults */
    staff = _("Confirmed here. Waiting for the other side");
  else
    /* Translators: waiting room, for the adults: both sides confirmed */
    staff = _("Everyone is ready");
  gtk_label_set_text (GTK_LABEL (self->staff_label), staff);

  update_community_signs (self);
}

static void
kv_waiting_screen_constructed (GObject *object)
{
  KvWaitingScreen *self = KV_WAITING_SCREEN (object);
  KvVisitController *controller = kv_screen_get_controller (KV_SCREEN (self));

  G_OBJECT_CLASS (kv_waiting_screen_parent_class)->constructed (object);

  g_object_bind_property (controller, "self-paintable",
                          self->mirror_view, "paintable", G_BINDING_SYNC_CREATE);
  g_object_bind_property (controller, "input-level",
                          self->level_meter, "level", G_BINDING_SYNC_CREATE);
  kv_plan_strip_set_language (KV_PLAN_STRIP (self->plan_strip),
                              kv_screen_get_language (KV_SCREEN (self)));
  kv_supervision_badge_set_language (KV_SUPERVISION_BADGE (self->supervision_badge),
                                     kv_screen_get_language (KV_SCREEN (self)));
  kv_not_ok_button_set_language (KV_NOT_OK_BUTTON (self->not_ok_button),
                                 kv_screen_get_language (KV_SCREEN (self)));
  g_signal_connect_object (self->not_ok_button, "pressed",
                           G_CALLBACK (on_not_ok_pressed), self, G_CONNECT_SWAPPED);
  /* The button shows its acknowledgement on a press; keep it true to
   * what staff were told. */
  g_signal_connect_object (self->not_ok_button, "notify::acknowledged",
                           G_CALLBACK (update_community_signs), self, G_CONNECT_SWAPPED);
}

static void
kv_waiting_screen_dispose (GObject *object)
{
  KvWaitingScreen *self = KV_WAITING_SCREEN (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KV_TYPE_WAITING_SCREEN);

  G_OBJECT_CLASS (kv_waiting_screen_parent_class)->dispose (object);
}

static void
kv_waiting_screen_class_init (KvWaitingScreenClass *klass)
{
  static const char * const watched[] = {
    "peer-label",
    "peer-present",
    "seconds-left",
    "visit-start",
    "visit-end",
    "self-confirmed",
    "peer-confirmed",
    "role",
    "peer-supervised",
    "age-band",
    "child-alert",
    NULL
  };
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KvScreenClass *screen_class = KV_SCREEN_CLASS (klass);

  object_class->constructed = kv_waiting_screen_constructed;
  object_class->dispose = kv_waiting_screen_dispose;
  screen_class->update = update;
  kv_screen_class_set_watched (screen_class, watched);

  g_type_ensure (KV_TYPE_PAINTABLE_VIEW);
  g_type_ensure (KV_TYPE_LEVEL_METER);
  g_type_ensure (KV_TYPE_RIPPLES);
  g_type_ensure (KV_TYPE_TIME_UNTIL);
  g_type_ensure (KV_TYPE_PLAN_STRIP);
  g_type_ensure (KV_TYPE_SUPERVISION_BADGE);
  g_type_ensure (KV_TYPE_NOT_OK_BUTTON);
  kv_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               KV_UI_RESOURCE_PREFIX "/kv-waiting-screen.ui");
  gtk_widget_class_bind_template_child (widget_class, KvWaitingScreen, mic_image);
  gtk_widget_class_bind_template_child (widget_class, KvWaitingScreen, plan_strip);
  gtk_widget_class_bind_template_child (widget_class, KvWaitingScreen, mirror_view);
  gtk_widget_class_bind_template_child (widget_class, KvWaitingScreen, level_meter);
  gtk_widget_class_bind_template_child (widget_class, KvWaitingScreen, mic_label);
  gtk_widget_class_bind_template_child (widget_class, KvWaitingScreen, status_label);
  gtk_widget_class_bind_template_child (widget_class, KvWaitingScreen, figure);
  gtk_widget_class_bind_template_child (widget_class, KvWaitingScreen, countdown);
  gtk_widget_class_bind_template_child (widget_class, KvWaitingScreen, starts_label);
  gtk_widget_class_bind_template_child (widget_class, KvWaitingScreen, staff_label);
  gtk_widget_class_bind_template_child (widget_class, KvWaitingScreen, supervision_badge);
  gtk_widget_class_bind_template_child (widget_class, KvWaitingScreen, not_ok_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kv-waiting-screen");
}

static void
kv_waiting_screen_init (KvWaitingScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kv_ui_picture_show_while_mapped (GTK_PICTURE (self->figure), "scenes/on-the-way.svg");
}

GtkWidget *
kv_waiting_screen_new (KvVisitController *controller,
                      KvLanguage        *language)
{
  return g_object_new (KV_TYPE_WAITING_SCREEN,
                       "controller", controller,
                       "language", language,
                       NULL);
}
