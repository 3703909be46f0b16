/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-window.h"

#include <glib/gi18n.h>

#include "kv-after-screen.h"
#include "kv-goodbye-screen.h"
#include "kv-idle-screen.h"
#include "kv-language-button.h"
#include "kv-pause-screen.h"
#include "kv-reconnecting-screen.h"
#include "kv-screen.h"
#include "kv-staff-sheet.h"
#include "kv-stopped-screen.h"
#include "kv-ui.h"
#include "kv-unavailable-screen.h"
#include "kv-visit-screen.h"
#include "kv-waiting-screen.h"

/**
 * KvWindow:
 *
 * The kiosk's one window: a stack of screens that follows the visit
 * controller's phase, the floating stickers above them, a top bar with the
 * child's language button and (prison side) the "Supervised visit" badge,
 * and the staff sheet behind a hidden three-second press on the top right
 * corner.
 *
 * Every user intent is a widget action: "visit.send-sticker" (s),
 * "visit.child-alert" (the child's "I'm not OK"), "kiosk.set-language" (s),
 * "staff.open", "staff.enter-pin" (s), "staff.confirm", "staff.device-test"
 * (b), "staff.exit", "staff.close", and staff's visit actions that
 * #KvStaffVisitActions asks for: "visit.pause" (s), "visit.resume",
 * "visit.mute" (b), "visit.goodbye-now" ((ss)), "visit.safeguarding-stop"
 * and "visit.child-alert-seen". Staff actions are disabled until the PIN
 * opened the lock.
 *
 * On the community kiosk, while the child's "I'm not OK" waits for staff,
 * the hidden staff corner shows a small dot and a few quiet words for
 * staff, so they need not open the panel to learn of it; "Seen" clears it.
 *
 * A child cannot close it: close requests are refused unless staff chose
 * "Exit the kiosk", and in kiosk mode the keyboard shortcuts that could
 * leave or reconfigure the kiosk are swallowed.
 */

/* How long staff hold the corner: longer than a child's curious poke.
 * Real time on purpose (a finger, not the visit's clock). GtkGestureLongPress
 * stops at 1 s, so the hold is timed here. */
#define STAFF_PRESS_MS 3000

/* Below this the kiosk's screen is "compact" (640 x 480, the 1024 x 600
 * panel): the screens shrink their pictures, paddings and words so
 * everything fits, and children's controls stay at least 96 px. */
#define COMPACT_BELOW_WIDTH 1024
#define COMPACT_BELOW_HEIGHT 700

enum {
  PROP_0,
  PROP_CONTROLLER,
  PROP_CONFIG,
  PROP_STAFF_LOCK,
  PROP_CUE_PLAYER,
  PROP_KIOSK_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvWindow
{
  GtkApplicationWindow parent_instance;

  KvVisitController   *controller;
  KvKioskConfig       *config;
  KvStaffLock         *staff_lock;
  KvCuePlayer         *cue_player;
  KvLanguage          *language;
  gboolean             kiosk_mode;
  gboolean             exit_allowed;
  KvVisitPhase         last_phase;
  guint                staff_press_id;
  GtkWidget           *language_button;
  GdkSurface          *surface;
  gboolean             compact;

  GtkWidget           *stack;
  GtkWidget           *starting_label;
  GtkWidget           *sticker_layer;
  GtkWidget           *language_slot;
  GtkWidget           *supervised_badge;
  GtkWidget           *supervised_label;
  GtkWidget           *staff_corner;
  GtkWidget           *staff_alert;
  GtkWidget           *staff_alert_label;
  GtkWidget           *staff_sheet;
};

G_DEFINE_FINAL_TYPE (KvWindow, kv_window, GTK_TYPE_APPLICATION_WINDOW)

static const char *
screen_for_phase (KvVisitPhase phase)
{
  switch (phase)
    {
    case KV_VISIT_PHASE_UNAVAILABLE: return "unavailable";
    case KV_VISIT_PHASE_IDLE: return "idle";
    case KV_VISIT_PHASE_WAITING: return "waiting";
    case KV_VISIT_PHASE_LIVE: return "visit";
    case KV_VISIT_PHASE_RECONNECTING: return "reconnecting";
    case KV_VISIT_PHASE_PAUSED: return "paused";
    case KV_VISIT_PHASE_GOODBYE: return "goodbye";
    case KV_VISIT_PHASE_AFTER: return "after";
    case KV_VISIT_PHASE_STOPPED: return "stopped";
    case KV_VISIT_PHASE_STARTING:
    default: return "starting";
    }
}

static void
update_texts (KvWindow *self)
{
  /* Translators: shown while the kiosk signs in after starting */
  gtk_label_set_text (GTK_LABEL (self->starting_label), _("Getting ready…"));
  /* Translators: always shown on the prison kiosk: staff may watch and listen */
  gtk_label_set_text (GTK_LABEL (self->supervised_label), _("Supervised visit"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->staff_corner),
                                  /* Translators: accessible name of the hidden staff corner */
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Staff controls (press and hold)"),
                                  -1);
  gtk_label_set_text (GTK_LABEL (self->staff_alert_label),
                      /* Translators: tiny note for staff in the hidden staff corner
                       * while the child's "I'm not OK" waits for them. Quiet and
                       * plain: children see it too and must not find it alarming */
                      _("Staff: see panel"));
}

/* The child's "I'm not OK" reaches community staff without the PIN: a
 * small dot and a quiet note in their corner, until they say "Seen". */
static void
update_staff_alert (KvWindow *self)
{
  gboolean alert = kv_visit_controller_get_role (self->controller) == KV_ROLE_COMMUNITY &&
                   kv_visit_controller_get_child_alert (self->controller);

  gtk_widget_set_visible (self->staff_alert, alert);
}

static void
update_staff_actions (KvWindow *self)
{
  gboolean unlocked = kv_staff_lock_get_unlocked (self->staff_lock);
  static const char * const staff_actions[] = {
    "staff.confirm", "staff.device-test", "staff.exit",
    "visit.pause", "visit.resume", "visit.mute", "visit.goodbye-now",
    "visit.safeguarding-stop", "visit.child-alert-seen",
  };

  for (guint i = 0; i < G_N_ELEMENTS (staff_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), staff_actions[i], unlocked);
}

/* Staff actions name whose PIN opened the panel (none for the site PIN). */
static void
on_staff_id_changed (KvWindow *self)
{
  kv_visit_controller_set_staff_id (self->controller, kv_staff_lock_get_staff_id (self->staff_lock));
}

static void
update_visit_actions (KvWindow *self)
{
  KvVisitPhase phase = kv_visit_controller_get_phase (self->controller);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "visit.send-sticker",
                                 phase == KV_VISIT_PHASE_LIVE || phase == KV_VISIT_PHASE_GOODBYE);
}

static void
on_phase_changed (KvWindow *self)
{
  KvVisitPhase phase = kv_visit_controller_get_phase (self->controller);

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), screen_for_phase (phase));
  update_visit_actions (self);
  if (phase != KV_VISIT_PHASE_LIVE && phase != KV_VISIT_PHASE_GOODBYE)
    kv_sticker_layer_clear (KV_STICKER_LAYER (self->sticker_layer));

  if (phase == KV_VISIT_PHASE_LIVE && self->last_phase == KV_VISIT_PHASE_WAITING)
    kv_cue_player_play (self->cue_player, "hello");
  else if (phase == KV_VISIT_PHASE_GOODBYE)
    kv_cue_player_play (self->cue_player, "goodbye");
  self->last_phase = phase;
}

static void
on_role_changed (KvWindow *self)
{
  gboolean prison = kv_visit_controller_get_role (self->controller) == KV_ROLE_PRISON;

  gtk_widget_set_visible (self->supervised_badge,
                          prison && kv_visit_controller_get_room_supervised (self->controller));
  update_staff_alert (self);
  gtk_widget_remove_css_class (GTK_WIDGET (self), prison ? "community" : "prison");
  gtk_widget_add_css_class (GTK_WIDGET (self), prison ? "prison" : "community");
}

static void
on_cue_reached (KvWindow *self,
                guint     seconds_left,
                gboolean  half_way)
{
  kv_cue_player_play (self->cue_player, "cue");
}

static void
on_sticker_shown (KvWindow   *self,
                  const char *sticker_id,
                  gboolean    from_peer)
{
  kv_sticker_layer_add (KV_STICKER_LAYER (self->sticker_layer), sticker_id, from_peer);
  if (from_peer)
    kv_cue_player_play (self->cue_player, "sticker");
}

/* Staff */

static void
staff_open (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  kv_staff_sheet_open (KV_STAFF_SHEET (KV_WINDOW (widget)->staff_sheet));
}

static void
staff_enter_pin (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  kv_staff_sheet_submit_pin (KV_STAFF_SHEET (KV_WINDOW (widget)->staff_sheet),
                             g_variant_get_string (parameter, NULL));
}

static void
staff_report (KvWindow     *self,
              gboolean      ok,
              const char   *done,
              const GError *error)
{
  kv_staff_sheet_report (KV_STAFF_SHEET (self->staff_sheet), ok, done, error);
}

static void
staff_confirm (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KvWindow *self = KV_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  gboolean ok = kv_visit_controller_staff_confirm (self->controller, &error);

  /* Translators: staff panel, after confirming presence */
  staff_report (self, ok, _("Confirmed. The visit starts as soon as both sides are ready."), error);
}

/* Staff's visit actions (KvStaffVisitActions) */

static void
visit_pause (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KvWindow *self = KV_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  KvPauseCategory category = KV_PAUSE_CATEGORY_NONE;
  gboolean ok;

  /* A reason the kiosk does not know is no reason: the controller refuses
   * it with its own words for staff. */
  if (!kv_pause_category_from_string (g_variant_get_string (parameter, NULL), &category))
    category = KV_PAUSE_CATEGORY_NONE;
  ok = kv_visit_controller_pause (self->controller, category, &error);
  /* Translators: staff panel, after pausing (picture and sound, both ways) */
  staff_report (self, ok, _("Asked to pause the visit. Both screens show a calm picture."), error);
}

static void
visit_resume (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KvWindow *self = KV_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  gboolean ok = kv_visit_controller_resume (self->controller, &error);

  /* Translators: staff panel, after resuming a pause */
  staff_report (self, ok, _("The visit goes on."), error);
}

static void
visit_mute (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  KvWindow *self = KV_WINDOW (widget);
  gboolean muted = g_variant_get_boolean (parameter);
  g_autoptr (GError) error = NULL;
  gboolean ok = kv_visit_controller_set_muted (self->controller, muted, &error);

  staff_report (self, ok,
                muted
                /* Translators: staff panel, after turning the sound off (both ways) */
                ? _("The sound is off on both sides. The picture goes on.")
                /* Translators: staff panel, after turning the sound back on */
                : _("The sound is back on."),
                error);
}

static void
visit_goodbye_now (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KvWindow *self = KV_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  const char *category_name = NULL;
  const char *details = NULL;
  KvEndCategory category = KV_END_CATEGORY_NONE;
  gboolean ok;

  /* As for the pause; the controller also refuses a safeguarding stop
   * here, which is its own action. */
  g_variant_get (parameter, "(&s&s)", &category_name, &details);
  if (!kv_end_category_from_string (category_name, &category))
    category = KV_END_CATEGORY_NONE;
  ok = kv_visit_controller_goodbye_now (self->controller, category, details, &error);
  /* Translators: staff panel, after starting the goodbye early */
  staff_report (self, ok, _("The goodbye has started; the visit ends after it."), error);
}

static void
visit_safeguarding_stop (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  KvWindow *self = KV_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  gboolean ok = kv_visit_controller_safeguarding_stop (self->controller, &error);

  g_message ("Staff stopped the visit for safeguarding");
  /* Translators: staff panel, after a safeguarding stop */
  staff_report (self, ok, _("The visit has stopped. The child’s screen shows a calm picture."),
                error);
}

static void
visit_child_alert_seen (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  KvWindow *self = KV_WINDOW (widget);

  kv_visit_controller_child_alert_seen (self->controller);
  /* Translators: staff panel, after staff marked the child's "I'm not OK" as seen */
  staff_report (self, TRUE, _("Marked as seen. Please go to the child."), NULL);
}

static void
staff_device_test (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KvWindow *self = KV_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  gboolean testing = g_variant_get_boolean (parameter);
  gboolean ok = kv_visit_controller_set_device_test (self->controller, testing, &error);

  /* Translators: staff panel, camera and microphone test */
  staff_report (self, ok, testing ? _("Camera and microphone test is on: look and speak.")
                                  : _("Camera and microphone test is off."),
                error);
}

static void
staff_exit (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  KvWindow *self = KV_WINDOW (widget);

  g_message ("Staff exited the kiosk");
  self->exit_allowed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static void
staff_close (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  kv_staff_sheet_close (KV_STAFF_SHEET (KV_WINDOW (widget)->staff_sheet));
}

static gboolean
on_staff_press_held (gpointer user_data)
{
  KvWindow *self = user_data;

  self->staff_press_id = 0;
  gtk_widget_activate_action (GTK_WIDGET (self), "staff.open", NULL);
  return G_SOURCE_REMOVE;
}

static void
on_staff_corner_pressed (KvWindow *self)
{
  g_clear_handle_id (&self->staff_press_id, g_source_remove);
  self->staff_press_id = g_timeout_add (STAFF_PRESS_MS, on_staff_press_held, self);
}

static void
on_staff_corner_released (KvWindow *self)
{
  g_clear_handle_id (&self->staff_press_id, g_source_remove);
}

/* Child intents */

static void
visit_send_sticker (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KvWindow *self = KV_WINDOW (widget);

  kv_visit_controller_send_sticker (self->controller, g_variant_get_string (parameter, NULL));
}

static void
visit_child_alert (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KvWindow *self = KV_WINDOW (widget);
  g_autoptr (GError) error = NULL;

  /* Never an error for the child to see: the button shows its own gentle
   * acknowledgement, and the controller keeps the alert for staff. */
  if (!kv_visit_controller_child_alert (self->controller, &error))
    g_message ("“I’m not OK” did not reach staff: %s", error->message);
}

static void
kiosk_set_language (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KvWindow *self = KV_WINDOW (widget);
  g_autoptr (GError) error = NULL;

  if (!kv_language_set_current (self->language, g_variant_get_string (parameter, NULL), &error))
    g_debug ("%s", error->message);
}

/* The size the window has on screen (fullscreen: the monitor's, once the
 * compositor said so), else the size it asks for. Never what the content
 * asks for: a non-compact screen that does not fit would make the window
 * grow, and the window would then never become compact. */
static void
update_compact (KvWindow *self)
{
  int width = 0, height = 0;
  gboolean compact;

  if (self->surface != NULL)
    {
      width = gdk_surface_get_width (self->surface);
      height = gdk_surface_get_height (self->surface);
    }
  if (width <= 1 || height <= 1)
    gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (width <= 0 || height <= 0)
    return;

  compact = width < COMPACT_BELOW_WIDTH || height < COMPACT_BELOW_HEIGHT;
  if (compact == self->compact)
    return;
  self->compact = compact;
  g_debug ("Screen %d x %d: %s layout", width, height, compact ? "compact" : "roomy");
  if (compact)
    gtk_widget_add_css_class (GTK_WIDGET (self), "compact");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "compact");
  for (GtkWidget *screen = gtk_widget_get_first_child (self->stack); screen != NULL;
       screen = gtk_widget_get_next_sibling (screen))
    if (KV_IS_SCREEN (screen))
      kv_screen_set_compact (KV_SCREEN (screen), compact);
}

static void
on_realize (KvWindow *self)
{
  self->surface = gtk_native_get_surface (GTK_NATIVE (self));
  g_signal_connect_object (self->surface, "notify::width",
                           G_CALLBACK (update_compact), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->surface, "notify::height",
                           G_CALLBACK (update_compact), self, G_CONNECT_SWAPPED);
  update_compact (self);
}

static void
on_unrealize (KvWindow *self)
{
  if (self->surface != NULL)
    g_signal_handlers_disconnect_by_func (self->surface, update_compact, self);
  self->surface = NULL;
}

static void
add_screen (KvWindow   *self,
            GtkWidget  *screen,
            const char *name)
{
  gtk_widget_add_css_class (screen, "kv-screen");
  kv_screen_set_compact (KV_SCREEN (screen), self->compact);
  gtk_stack_add_named (GTK_STACK (self->stack), screen, name);
}

/* Kiosk mode */

static gboolean
on_close_request (KvWindow *self)
{
  if (self->exit_allowed)
    return FALSE;
  g_debug ("Close request refused: only staff can exit the kiosk");
  return TRUE;
}

static void
kv_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  KvWindow *self = KV_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTROLLER:
      g_value_set_object (value, self->controller);
      break;
    case PROP_CONFIG:
      g_value_set_object (value, self->config);
      break;
    case PROP_STAFF_LOCK:
      g_value_set_object (value, self->staff_lock);
      break;
    case PROP_CUE_PLAYER:
      g_value_set_object (value, self->cue_player);
      break;
    case PROP_KIOSK_MODE:
      g_value_set_boolean (value, self->kiosk_mode);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  KvWindow *self = KV_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTROLLER:
      self->controller = g_value_dup_object (value);
      break;
    case PROP_CONFIG:
      self->config = g_value_dup_object (value);
      break;
    case PROP_STAFF_LOCK:
      self->staff_lock = g_value_dup_object (value);
      break;
    case PROP_CUE_PLAYER:
      self->cue_player = g_value_dup_object (value);
      break;
    case PROP_KIOSK_MODE:
      self->kiosk_mode = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_window_constructed (GObject *object)
{
  KvWindow *self = KV_WINDOW (object);
  GtkGesture *press;

  G_OBJECT_CLASS (kv_window_parent_class)->constructed (object);

  kv_ui_install_style (gtk_widget_get_display (GTK_WIDGET (self)));
  if (self->cue_player == NULL)
    self->cue_player = kv_cue_player_new (NULL);
  self->language = kv_language_new (kv_kiosk_config_get_languages (self->config),
                                    kv_kiosk_config_get_language (self->config));
  if (kv_kiosk_config_get_high_contrast (self->config))
    gtk_widget_add_css_class (GTK_WIDGET (self), "high-contrast");
  if (kv_kiosk_config_get_large_text (self->config))
    gtk_widget_add_css_class (GTK_WIDGET (self), "large-text");

  add_screen (self, kv_unavailable_screen_new (self->controller, self->language), "unavailable");
  add_screen (self, kv_idle_screen_new (self->controller, self->language), "idle");
  add_screen (self, kv_waiting_screen_new (self->controller, self->language), "waiting");
  add_screen (self, kv_visit_screen_new (self->controller, self->language), "visit");
  add_screen (self, kv_reconnecting_screen_new (self->controller, self->language), "reconnecting");
  add_screen (self, kv_pause_screen_new (self->controller, self->language), "paused");
  add_screen (self, kv_goodbye_screen_new (self->controller, self->language), "goodbye");
  add_screen (self, kv_after_screen_new (self->controller, self->language), "after");
  add_screen (self, kv_stopped_screen_new (self->controller, self->language), "stopped");

  self->staff_sheet = kv_staff_sheet_new (self->controller, self->staff_lock, self->language);
  /* The window's own child (not a bound template child: GtkWindow unparents
   * it itself). */
  gtk_overlay_add_overlay (GTK_OVERLAY (gtk_window_get_child (GTK_WINDOW (self))), self->staff_sheet);

  self->language_button = kv_language_button_new (self->language);
  gtk_box_append (GTK_BOX (self->language_slot), self->language_button);

  press = gtk_gesture_click_new ();
  g_signal_connect_swapped (press, "pressed", G_CALLBACK (on_staff_corner_pressed), self);
  g_signal_connect_swapped (press, "released", G_CALLBACK (on_staff_corner_released), self);
  g_signal_connect_swapped (press, "stopped", G_CALLBACK (on_staff_corner_released), self);
  gtk_widget_add_controller (self->staff_corner, GTK_EVENT_CONTROLLER (press));

  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);
  g_signal_connect (self, "notify::default-width", G_CALLBACK (update_compact), NULL);
  g_signal_connect (self, "notify::default-height", G_CALLBACK (update_compact), NULL);
  g_signal_connect (self, "realize", G_CALLBACK (on_realize), NULL);
  g_signal_connect (self, "unrealize", G_CALLBACK (on_unrealize), NULL);
  if (self->kiosk_mode)
    kv_ui_lock_down_window (GTK_WINDOW (self), kv_kiosk_config_get_hide_cursor (self->config));

  g_signal_connect_object (self->controller, "notify::phase",
                           G_CALLBACK (on_phase_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->controller, "notify::role",
                           G_CALLBACK (on_role_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->controller, "notify::child-alert",
                           G_CALLBACK (update_staff_alert), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->controller, "cue-reached",
                           G_CALLBACK (on_cue_reached), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->controller, "sticker-shown",
                           G_CALLBACK (on_sticker_shown), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->staff_lock, "notify::unlocked",
                           G_CALLBACK (update_staff_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->staff_lock, "notify::staff-id",
                           G_CALLBACK (on_staff_id_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->language, "notify::current",
                           G_CALLBACK (update_texts), self, G_CONNECT_SWAPPED);

  self->last_phase = kv_visit_controller_get_phase (self->controller);
  gtk_stack_set_transition_type (GTK_STACK (self->stack), GTK_STACK_TRANSITION_TYPE_NONE);
  on_phase_changed (self);
  gtk_stack_set_transition_type (GTK_STACK (self->stack), GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  on_role_changed (self);
  update_staff_actions (self);
  update_texts (self);
  /* Every picture at the size it is shown (see kv_ui_size_images()). */
  kv_ui_size_images (GTK_WIDGET (self));
}

static void
kv_window_dispose (GObject *object)
{
  KvWindow *self = KV_WINDOW (object);

  g_clear_handle_id (&self->staff_press_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), KV_TYPE_WINDOW);
  g_clear_object (&self->controller);
  g_clear_object (&self->config);
  g_clear_object (&self->staff_lock);
  g_clear_object (&self->cue_player);
  g_clear_object (&self->language);

  G_OBJECT_CLASS (kv_window_parent_class)->dispose (object);
}

static void
kv_window_class_init (KvWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kv_window_get_property;
  object_class->set_property = kv_window_set_property;
  object_class->constructed = kv_window_constructed;
  object_class->dispose = kv_window_dispose;

  properties[PROP_CONTROLLER] =
    g_param_spec_object ("controller", NULL, NULL, KV_TYPE_VISIT_CONTROLLER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONFIG] =
    g_param_spec_object ("config", NULL, NULL, KV_TYPE_KIOSK_CONFIG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STAFF_LOCK] =
    g_param_spec_object ("staff-lock", NULL, NULL, KV_TYPE_STAFF_LOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CUE_PLAYER] =
    g_param_spec_object ("cue-player", NULL, NULL, KV_TYPE_CUE_PLAYER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvWindow:kiosk-mode:
   *
   * Fullscreen over the whole monitor, no decorations, no escape shortcuts,
   * cursor hidden if configured. Off for development (--windowed) and tests.
   */
  properties[PROP_KIOSK_MODE] =
    g_param_spec_boolean ("kiosk-mode", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "visit.send-sticker", "s", visit_send_sticker);
  gtk_widget_class_install_action (widget_class, "kiosk.set-language", "s", kiosk_set_language);
  gtk_widget_class_install_action (widget_class, "staff.open", NULL, staff_open);
  gtk_widget_class_install_action (widget_class, "staff.enter-pin", "s", staff_enter_pin);
  gtk_widget_class_install_action (widget_class, "staff.confirm", NULL, staff_confirm);
  gtk_widget_class_install_action (widget_class, "staff.device-test", "b", staff_device_test);
  gtk_widget_class_install_action (widget_class, "staff.exit", NULL, staff_exit);
  gtk_widget_class_install_action (widget_class, "staff.close", NULL, staff_close);
  gtk_widget_class_install_action (widget_class, "visit.child-alert", NULL, visit_child_alert);
  gtk_widget_class_install_action (widget_class, "visit.pause", "s", visit_pause);
  gtk_widget_class_install_action (widget_class, "visit.resume", NULL, visit_resume);
  gtk_widget_class_install_action (widget_class, "visit.mute", "b", visit_mute);
  gtk_widget_class_install_action (widget_class, "visit.goodbye-now", "(ss)", visit_goodbye_now);
  gtk_widget_class_install_action (widget_class, "visit.safeguarding-stop", NULL,
                                   visit_safeguarding_stop);
  gtk_widget_class_install_action (widget_class, "visit.child-alert-seen", NULL,
                                   visit_child_alert_seen);

  g_type_ensure (KV_TYPE_STICKER_LAYER);
  kv_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class, KV_UI_RESOURCE_PREFIX "/kv-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KvWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KvWindow, starting_label);
  gtk_widget_class_bind_template_child (widget_class, KvWindow, sticker_layer);
  gtk_widget_class_bind_template_child (widget_class, KvWindow, language_slot);
  gtk_widget_class_bind_template_child (widget_class, KvWindow, supervised_badge);
  gtk_widget_class_bind_template_child (widget_class, KvWindow, supervised_label);
  gtk_widget_class_bind_template_child (widget_class, KvWindow, staff_corner);
  gtk_widget_class_bind_template_child (widget_class, KvWindow, staff_alert);
  gtk_widget_class_bind_template_child (widget_class, KvWindow, staff_alert_label);

  gtk_widget_class_set_css_name (widget_class, "kv-window");
}

static void
kv_window_init (KvWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * kv_window_new:
 * @cue_player: (nullable): the cue sounds; %NULL counts them and plays
 *   nothing
 * @kiosk_mode: see #KvWindow:kiosk-mode
 */
KvWindow *
kv_window_new (GtkApplication    *application,
               KvVisitController *controller,
               KvKioskConfig     *config,
               KvStaffLock       *staff_lock,
               KvCuePlayer       *cue_player,
               gboolean           kiosk_mode)
{
  return g_object_new (KV_TYPE_WINDOW,
                       "application", application,
                       "controller", controller,
                       "config", config,
                       "staff-lock", staff_lock,
                       "cue-player", cue_player,
                       "kiosk-mode", kiosk_mode,
                       NULL);
}

const char *
kv_window_get_visible_screen (KvWindow *self)
{
  g_return_val_if_fail (KV_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (GTK_STACK (self->stack));
}

/**
 * kv_window_get_screen:
 * @name: a stack page name ("idle", "waiting", "visit", ...)
 *
 * Returns: (transfer none) (nullable): the screen
 */
GtkWidget *
kv_window_get_screen (KvWindow   *self,
                      const char *name)
{
  g_return_val_if_fail (KV_IS_WINDOW (self), NULL);
  return gtk_stack_get_child_by_name (GTK_STACK (self->stack), name);
}

/**
 * kv_window_get_staff_page:
 *
 * Returns: (nullable): "pin" or "panel" while the staff sheet is open
 */
const char *
kv_window_get_staff_page (KvWindow *self)
{
  g_return_val_if_fail (KV_IS_WINDOW (self), NULL);
  return kv_staff_sheet_get_page (KV_STAFF_SHEET (self->staff_sheet));
}

KvStaffPinPad *
kv_window_get_pin_pad (KvWindow *self)
{
  g_return_val_if_fail (KV_IS_WINDOW (self), NULL);
  return kv_staff_sheet_get_pin_pad (KV_STAFF_SHEET (self->staff_sheet));
}

KvStaffPanel *
kv_window_get_staff_panel (KvWindow *self)
{
  g_return_val_if_fail (KV_IS_WINDOW (self), NULL);
  return kv_staff_sheet_get_panel (KV_STAFF_SHEET (self->staff_sheet));
}

KvStickerLayer *
kv_window_get_sticker_layer (KvWindow *self)
{
  g_return_val_if_fail (KV_IS_WINDOW (self), NULL);
  return KV_STICKER_LAYER (self->sticker_layer);
}

KvLanguage *
kv_window_get_language (KvWindow *self)
{
  g_return_val_if_fail (KV_IS_WINDOW (self), NULL);
  return self->language;
}

GtkWidget *
kv_window_get_language_button (KvWindow *self)
{
  g_return_val_if_fail (KV_IS_WINDOW (self), NULL);
  return self->language_button;
}

GtkWidget *
kv_window_get_supervised_badge (KvWindow *self)
{
  g_return_val_if_fail (KV_IS_WINDOW (self), NULL);
  return self->supervised_badge;
}

/**
 * kv_window_get_staff_alert:
 *
 * Returns: (transfer none): the quiet sign in the staff corner that the
 *   child pressed "I'm not OK"; visible while staff have not said "Seen"
 */
GtkWidget *
kv_window_get_staff_alert (KvWindow *self)
{
  g_return_val_if_fail (KV_IS_WINDOW (self), NULL);
  return self->staff_alert;
}
