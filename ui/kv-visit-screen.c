/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-visit-screen.h"

#include <glib/gi18n.h>

#include "kv-not-ok-button.h"
#include "kv-paintable-view.h"
#include "kv-sky-timer.h"
#include "kv-supervision-badge.h"
#include "kv-ui.h"

/**
 * KvVisitScreen:
 *
 * The visit: the other side's picture as big as possible, our own small
 * mirror in its corner, the sun crossing the sky as the timer, gentle cue
 * banners, and a tray of big sticker buttons. Everything a child touches is
 * at least 96 px and needs no reading.
 *
 * On the community kiosk only: the friendly #KvSupervisionBadge while the
 * prison side is supervised, and the child's #KvNotOkButton, which sends
 * "I'm not OK" to staff ("visit.child-alert") and says "A helper is coming"
 * until staff mark it seen.
 *
 * For a very young child (#KvScreen:few-words) there are no words at all:
 * the sun on the sky timer says how long, and a cue is the sun coming
 * down in its banner (with its sound); the words stay the accessible
 * names.
 */

/* How long a cue banner stays up. */
#define CUE_SHOWN_US (8 * G_USEC_PER_SEC)

/* On a compact screen (640 x 480) the picture of the other side comes
 * first: the tray keeps two columns of 96 px buttons, and three rows is
 * all that fits under the top bar (four rows of 96 px are 384 px, the
 * screen has 362 under the language button), so the first six stickers
 * show. Roomy screens have all eight, two columns of four. */
#define COMPACT_STICKERS 6

struct _KvVisitScreen
{
  KvScreen           parent_instance;

  guint              cue_alarm;
  guint              cue_seconds_left;
  gboolean           cue_half_way;
  GPtrArray         *sticker_buttons;

  GtkWidget         *visit_row;
  GtkWidget         *picture_column;
  GtkWidget         *remote_view;
  GtkWidget         *self_view;
  GtkWidget         *supervision_badge;
  GtkWidget         *not_ok_button;
  GtkWidget         *cue_revealer;
  GtkWidget         *cue_image;
  GtkWidget         *cue_label;
  GtkWidget         *sky_timer;
  GtkWidget         *time_left_label;
  GtkWidget         *sticker_tray;
};

G_DEFINE_FINAL_TYPE (KvVisitScreen, kv_visit_screen, KV_TYPE_SCREEN)

static const char * const sticker_ids[] = { KV_VISIT_STICKER_IDS };

static const char *
sticker_name (const char *id)
{
  /* Translators: names of the sticker buttons, read out by screen readers */
  if (g_str_equal (id, "heart")) return C_("sticker", "Heart");
  if (g_str_equal (id, "star")) return C_("sticker", "Star");
  if (g_str_equal (id, "sun")) return C_("sticker", "Sun");
  if (g_str_equal (id, "flower")) return C_("sticker", "Flower");
  if (g_str_equal (id, "cat")) return C_("sticker", "Cat");
  if (g_str_equal (id, "dog")) return C_("sticker", "Dog");
  if (g_str_equal (id, "rabbit")) return C_("sticker", "Rabbit");
  if (g_str_equal (id, "fish")) return C_("sticker", "Fish");
  return id;
}

static void
update_cue_text (KvVisitScreen *self)
{
  gboolean few = kv_screen_get_few_words (KV_SCREEN (self));
  g_autofree char *text = NULL;

  if (self->cue_half_way)
    /* Translators: a gentle cue half-way through the visit */
    text = g_strdup (_("Half of the visit has gone"));
  else
    {
      g_autofree char *left = kv_ui_format_duration (self->cue_seconds_left);

      /* Translators: a gentle cue; %s is e.g. "5 minutes" */
      text = g_strdup_printf (_("%s left to talk"), left);
    }
  gtk_label_set_text (GTK_LABEL (self->cue_label), text);
  gtk_widget_set_visible (self->cue_label, !few);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->cue_image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

/* Two columns: four rows, or three on a compact screen (see
 * COMPACT_STICKERS), with less space around them there. */
static void
lay_out_sticker_tray (KvVisitScreen *self,
                      gboolean       compact)
{
  guint shown = compact ? MIN (COMPACT_STICKERS, self->sticker_buttons->len)
                        : self->sticker_buttons->len;
  int spacing = compact ? 6 : 14;

  gtk_grid_set_row_spacing (GTK_GRID (self->sticker_tray), spacing);
  gtk_grid_set_column_spacing (GTK_GRID (self->sticker_tray), spacing);
  gtk_box_set_spacing (GTK_BOX (self->visit_row), compact ? 12 : 24);
  gtk_box_set_spacing (GTK_BOX (self->picture_column), compact ? 8 : 16);
  for (guint i = 0; i < self->sticker_buttons->len; i++)
    gtk_widget_set_visible (g_ptr_array_index (self->sticker_buttons, i), i < shown);
}

/* The supervision sign and "I'm not OK" exist on the child's side only
 * (both widgets draw nothing with the prison role); the button's
 * acknowledgement shows while the alert waits for staff's "Seen". */
static void
update_community_signs (KvVisitScreen *self)
{
  KvVisitController *controller = kv_screen_get_controller (KV_SCREEN (self));
  KvRole role = kv_visit_controller_get_role (controller);
  gboolean community = role == KV_ROLE_COMMUNITY;
  gboolean compact = kv_screen_get_compact (KV_SCREEN (self));
  gboolean badge = community && kv_visit_controller_get_peer_supervised (controller);

  kv_supervision_badge_set_role (KV_SUPERVISION_BADGE (self->supervision_badge), role);
  kv_supervision_badge_set_compact (KV_SUPERVISION_BADGE (self->supervision_badge), compact);
  gtk_widget_set_visible (self->supervision_badge, badge);
  /* The cue banner (top middle) would cover the badge's words (top end
   * corner) on a roomy screen: it comes down below it there. The compact
   * badge is a small picture, clear of the banner. */
  if (badge && !compact)
    gtk_widget_add_css_class (self->cue_revealer, "below-badge");
  else
    gtk_widget_remove_css_class (self->cue_revealer, "below-badge");
  kv_not_ok_button_set_role (KV_NOT_OK_BUTTON (self->not_ok_button), role);
  kv_not_ok_button_set_compact (KV_NOT_OK_BUTTON (self->not_ok_button), compact);
  kv_not_ok_button_set_age_band (KV_NOT_OK_BUTTON (self->not_ok_button),
                                 kv_visit_controller_get_age_band (controller));
  gtk_widget_set_visible (self->not_ok_button, community);
  kv_not_ok_button_set_acknowledged (KV_NOT_OK_BUTTON (self->not_ok_button),
                                     community && kv_visit_controller_get_child_alert (controller));
}

static void
on_not_ok_pressed (KvVisitScreen *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "visit.child-alert", NULL);
}

/* The button shows its acknowledgement on a press; keep it true to what
 * staff were told (and hide it once they said "Seen"). */
static void
on_not_ok_acknowledged_changed (KvVisitScreen *self)
{
  update_community_signs (self);
}

static void
update_texts (KvScreen *screen)
{
  KvVisitScreen *self = KV_VISIT_SCREEN (screen);
  KvVisitController *controller = kv_screen_get_controller (KV_SCREEN (self));
  guint seconds_left = kv_visit_controller_get_seconds_left (controller);
  g_autofree char *left = kv_ui_format_duration (seconds_left);
  g_autofree char *left_text = NULL;
  const char *peer = kv_visit_controller_get_peer_label (controller);

  lay_out_sticker_tray (self, kv_screen_get_compact (screen));
  /* The sun says it to the child; the words are for adults, where there
   * is room, and not on a toddler's screen (the sky timer's accessible
   * name says them always). */
  gtk_widget_set_visible (self->time_left_label,
                          !kv_screen_get_compact (screen) && !kv_screen_get_few_words (screen));

  /* Translators: under the sun timer, e.g. "12 minutes left" */
  left_text = g_strdup_printf (_("%s left"), left);
  gtk_label_set_text (GTK_LABEL (self->time_left_label), left_text);

  update_community_signs (self);
  if (gtk_revealer_get_reveal_child (GTK_REVEALER (self->cue_revealer)))
    update_cue_text (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remote_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  peer != NULL ? peer : "", -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->self_view),
                                  /* Translators: accessible name of the self-view */
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("You"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sky_timer),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, left_text, -1);
}

static void
update_sticker_names (KvVisitScreen *self)
{
  for (guint i = 0; i < self->sticker_buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->sticker_buttons, i);

      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, sticker_name (sticker_ids[i]),
                                      -1);
      gtk_widget_set_tooltip_text (button, NULL);
    }
}

static void
on_cue_timeout (gpointer user_data)
{
  KvVisitScreen *self = user_data;

  self->cue_alarm = 0;
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->cue_revealer), FALSE);
}

static void
on_cue_reached (KvVisitScreen *self,
                guint          seconds_left,
                gboolean       half_way)
{
  KvVisitController *controller = kv_screen_get_controller (KV_SCREEN (self));
  KvClock *clock = kv_visit_controller_get_clock (controller);

  self->cue_seconds_left = seconds_left;
  self->cue_half_way = half_way;
  update_cue_text (self);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->cue_revealer), TRUE);

  kv_clear_alarm (clock, &self->cue_alarm);
  self->cue_alarm = kv_clock_add_alarm (clock, kv_clock_get_now (clock) + CUE_SHOWN_US,
                                        on_cue_timeout, self, NULL);
}

static void
build_sticker_tray (KvVisitScreen *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (sticker_ids); i++)
    {
      g_autofree char *resource = kv_ui_sticker_resource (sticker_ids[i]);
      GtkWidget *image = gtk_image_new_from_resource (resource);
      GtkWidget *button = gtk_button_new ();

      gtk_image_set_pixel_size (GTK_IMAGE (image), 76);
      gtk_button_set_child (GTK_BUTTON (button), image);
      gtk_widget_add_css_class (button, "sticker-button");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "visit.send-sticker");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", sticker_ids[i]);
      gtk_widget_set_focus_on_click (button, FALSE);
      /* A child presses it: at least 96 x 96 (style.css, tests/ui). */
      gtk_widget_add_css_class (button, "child-control");
      g_ptr_array_add (self->sticker_buttons, button);
      gtk_grid_attach (GTK_GRID (self->sticker_tray), button, i % 2, i / 2, 1, 1);
    }
  lay_out_sticker_tray (self, FALSE);
}

static void
kv_visit_screen_constructed (GObject *object)
{
  KvVisitScreen *self = KV_VISIT_SCREEN (object);
  KvVisitController *controller = kv_screen_get_controller (KV_SCREEN (self));

  G_OBJECT_CLASS (kv_visit_screen_parent_class)->constructed (object);

  g_object_bind_property (controller, "remote-paintable",
                          self->remote_view, "paintable", G_BINDING_SYNC_CREATE);
  g_object_bind_property (controller, "self-paintable",
                          self->self_view, "paintable", G_BINDING_SYNC_CREATE);
  g_object_bind_property (controller, "progress",
                          self->sky_timer, "progress", G_BINDING_SYNC_CREATE);
  kv_supervision_badge_set_language (KV_SUPERVISION_BADGE (self->supervision_badge),
                                     kv_screen_get_language (KV_SCREEN (self)));
  kv_not_ok_button_set_language (KV_NOT_OK_BUTTON (self->not_ok_button),
                                 kv_screen_get_language (KV_SCREEN (self)));
  g_signal_connect_object (self->not_ok_button, "pressed",
                           G_CALLBACK (on_not_ok_pressed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->not_ok_button, "notify::acknowledged",
                           G_CALLBACK (on_not_ok_acknowledged_changed), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (controller, "cue-reached",
                           G_CALLBACK (on_cue_reached), self, G_CONNECT_SWAPPED);
  /* The texts follow the language through the screen's update; the
   * sticker names after them. */
  g_signal_connect_object (kv_screen_get_language (KV_SCREEN (self)), "notify::current",
                           G_CALLBACK (update_sticker_names), self, G_CONNECT_SWAPPED);
  update_sticker_names (self);
}

static void
kv_visit_screen_dispose (GObject *object)
{
  KvVisitScreen *self = KV_VISIT_SCREEN (object);
  KvVisitController *controller = kv_screen_get_controller (KV_SCREEN (self));

  if (controller != NULL)
    kv_clear_alarm (kv_visit_controller_get_clock (controller), &self->cue_alarm);
  gtk_widget_dispose_template (GTK_WIDGET (self), KV_TYPE_VISIT_SCREEN);
  g_clear_pointer (&self->sticker_buttons, g_ptr_array_unref);

  G_OBJECT_CLASS (kv_visit_screen_parent_class)->dispose (object);
}

static void
kv_visit_screen_class_init (KvVisitScreenClass *klass)
{
  static const char * const watched[] = {
    "seconds-left",
    "peer-label",
    "role",
    "age-band",
    "peer-supervised",
    "child-alert",
    NULL
  };
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KvScreenClass *screen_class = KV_SCREEN_CLASS (klass);

  object_class->constructed = kv_visit_screen_constructed;
  object_class->dispose = kv_visit_screen_dispose;
  screen_class->update = update_texts;
  kv_screen_class_set_watched (screen_class, watched);

  g_type_ensure (KV_TYPE_PAINTABLE_VIEW);
  g_type_ensure (KV_TYPE_SKY_TIMER);
  g_type_ensure (KV_TYPE_SUPERVISION_BADGE);
  g_type_ensure (KV_TYPE_NOT_OK_BUTTON);
  kv_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               KV_UI_RESOURCE_PREFIX "/kv-visit-screen.ui");
  gtk_widget_class_bind_template_child (widget_class, KvVisitScreen, visit_row);
  gtk_widget_class_bind_template_child (widget_class, KvVisitScreen, picture_column);
  gtk_widget_class_bind_template_child (widget_class, KvVisitScreen, remote_view);
  gtk_widget_class_bind_template_child (widget_class, KvVisitScreen, self_view);
  gtk_widget_class_bind_template_child (widget_class, KvVisitScreen, supervision_badge);
  gtk_widget_class_bind_template_child (widget_class, KvVisitScreen, not_ok_button);
  gtk_widget_class_bind_template_child (widget_class, KvVisitScreen, cue_revealer);
  gtk_widget_class_bind_template_child (widget_class, KvVisitScreen, cue_image);
  gtk_widget_class_bind_template_child (widget_class, KvVisitScreen, cue_label);
  gtk_widget_class_bind_template_child (widget_class, KvVisitScreen, sky_timer);
  gtk_widget_class_bind_template_child (widget_class, KvVisitScreen, time_left_label);
  gtk_widget_class_bind_template_child (widget_class, KvVisitScreen, sticker_tray);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kv-visit-screen");
}

static void
kv_visit_screen_init (KvVisitScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->sticker_buttons = g_ptr_array_new ();
  build_sticker_tray (self);
}

GtkWidget *
kv_visit_screen_new (KvVisitController *controller,
                     KvLanguage        *language)
{
  return g_object_new (KV_TYPE_VISIT_SCREEN,
                       "controller", controller,
                       "language", language,
                       NULL);
}

/**
 * kv_visit_screen_get_cue_text:
 *
 * Returns: (nullable): the cue banner's text while it is shown
 */
const char *
kv_visit_screen_get_cue_text (KvVisitScreen *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SCREEN (self), NULL);

  if (!gtk_revealer_get_reveal_child (GTK_REVEALER (self->cue_revealer)))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (self->cue_label));
}

/**
 * kv_visit_screen_get_not_ok_button:
 *
 * Returns: (transfer none): the child's "I'm not OK" button (empty and
 *   hidden on the prison kiosk)
 */
GtkWidget *
kv_visit_screen_get_not_ok_button (KvVisitScreen *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SCREEN (self), NULL);
  return self->not_ok_button;
}

/**
 * kv_visit_screen_get_supervision_badge:
 *
 * Returns: (transfer none): the "a helper can see and hear" sign
 */
GtkWidget *
kv_visit_screen_get_supervision_badge (KvVisitScreen *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SCREEN (self), NULL);
  return self->supervision_badge;
}
