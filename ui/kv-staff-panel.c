/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-staff-panel.h"

#include <glib/gi18n.h>

#include "kv-kiosk-enums.h"
#include "kv-level-meter.h"
#include "kv-paintable-view.h"
#include "kv-staff-visit-actions.h"
#include "kv-ui.h"

/**
 * KvStaffPanel:
 *
 * What staff can do once a PIN opened the lock (it says whose, and the
 * visit's times in the site's time zone): confirm that the person
 * is here (the visit can start; shown only in the waiting room until this
 * side confirmed), the visit's own controls
 * (#KvStaffVisitActions: pause with a reason and resume, sound off and on,
 * start the goodbye now, the safeguarding stop, and the child's "I'm not
 * OK" with "Seen"), test the camera and microphone, and exit the kiosk
 * (the only way out). Every button activates a window action
 * ("staff.confirm", "visit.pause", ...), so tests drive the same paths.
 */

enum {
  PROP_0,
  PROP_CONTROLLER,
  PROP_LOCK,
  PROP_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvStaffPanel
{
  GtkWidget          parent_instance;

  KvVisitController *controller;
  KvStaffLock       *lock;
  KvLanguage        *language;
  char              *status;
  GTimeZone         *zone;       /* the site's, from the roster; NULL: the machine's */

  GtkWidget         *title_label;
  GtkWidget         *opener_label;
  GtkWidget         *info_label;
  GtkWidget         *times_label;
  GtkWidget         *confirm_button;
  GtkWidget         *visit_actions;
  GtkWidget         *test_button;
  GtkWidget         *test_box;
  GtkWidget         *test_view;
  GtkWidget         *test_meter;
  GtkWidget         *status_label;
  GtkWidget         *exit_button;
  GtkWidget         *done_button;
};

G_DEFINE_FINAL_TYPE (KvStaffPanel, kv_staff_panel, GTK_TYPE_WIDGET)

static void update_times  (KvStaffPanel *self);
static void update_opener (KvStaffPanel *self);

static void
update_info (KvStaffPanel *self)
{
  g_autoptr (GEnumClass) phases = g_type_class_ref (KV_TYPE_VISIT_PHASE);
  GEnumValue *phase = g_enum_get_value (phases, kv_visit_controller_get_phase (self->controller));
  const char *kiosk = kv_visit_controller_get_kiosk_label (self->controller);
  const char *peer = kv_visit_controller_get_peer_label (self->controller);
  g_autofree char *kiosk_name = kv_ui_isolate_name (kiosk);
  g_autofree char *peer_name = kv_ui_isolate_name (peer != NULL && *peer != '\0' ? peer : "—");
  g_autofree char *info = NULL;

  /* Translators: staff panel; kiosk name, visit state (a code), other side's label */
  info = g_strdup_printf (_("Kiosk: %s · State: %s · With: %s"),
                          kiosk_name, phase != NULL ? phase->value_nick : "", peer_name);
  gtk_label_set_text (GTK_LABEL (self->info_label), info);
  update_times (self);
  update_opener (self);

  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->test_button)) !=
      kv_visit_controller_get_device_testing (self->controller))
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->test_button),
                                  kv_visit_controller_get_device_testing (self->controller));
  gtk_widget_set_visible (self->test_box, kv_visit_controller_get_device_testing (self->controller));

  /* "The person is here" is for the waiting room, once per side. */
  gtk_widget_set_visible (self->confirm_button,
                          kv_visit_controller_get_phase (self->controller) == KV_VISIT_PHASE_WAITING &&
                          !kv_visit_controller_get_self_confirmed (self->controller));
}

/* Times for staff are the site's, with the zone said: the roster names the
 * site's zone; before any roster, the machine's, as before. */
static void
update_times (KvStaffPanel *self)
{
  gint64 start = kv_visit_controller_get_visit_start (self->controller);
  gint64 end = kv_visit_controller_get_visit_end (self->controller);
  KvVisitPhase phase = kv_visit_controller_get_phase (self->controller);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *text = NULL;
  gboolean current = start > 0 && phase != KV_VISIT_PHASE_IDLE &&
                     phase != KV_VISIT_PHASE_UNAVAILABLE && phase != KV_VISIT_PHASE_STARTING;

  if (!current)
    {
      start = kv_visit_controller_get_next_visit_start (self->controller);
      end = kv_visit_controller_get_next_visit_end (self->controller);
    }
  if (start <= 0 || end <= 0)
    {
      gtk_label_set_text (GTK_LABEL (self->times_label), "");
      gtk_widget_set_visible (self->times_label, FALSE);
      return;
    }

  from = kv_ui_format_site_time (start, self->zone);
  to = kv_ui_format_site_time (end, self->zone);
  if (current)
    /* Translators: staff panel; the visit's start and end with their zone,
     * e.g. "This visit: 15:30 CET – 16:00 CET" */
    text = g_strdup_printf (_("This visit: %s – %s"), from, to);
  else
    /* Translators: staff panel; the next booked visit, e.g.
     * "Next visit: 15:30 CET – 16:00 CET" */
    text = g_strdup_printf (_("Next visit: %s – %s"), from, to);
  gtk_label_set_text (GTK_LABEL (self->times_label), text);
  gtk_widget_set_visible (self->times_label, TRUE);
}

static void
on_time_zone_changed (KvStaffPanel *self)
{
  KvStaffRoster *roster = kv_staff_lock_get_roster (self->lock);
  const char *name = roster != NULL ? kv_staff_roster_get_time_zone (roster) : NULL;

  g_clear_pointer (&self->zone, g_time_zone_unref);
  if (name != NULL)
    {
      /* NULL if this machine's tzdata does not know it: its own zone then. */
      self->zone = g_time_zone_new_identifier (name);
      if (self->zone == NULL)
        g_message ("The site's time zone %s is not known here: times are in the kiosk's", name);
    }
  update_times (self);
}

/* Who opened the panel: a name with a personal PIN, else the site PIN. */
static void
update_opener (KvStaffPanel *self)
{
  const char *name = kv_staff_lock_get_staff_name (self->lock);
  g_autofree char *text = NULL;

  if (name != NULL)
    {
      g_autofree char *isolated = kv_ui_isolate_name (name);

      /* Translators: staff panel; who opened it with their own PIN */
      text = g_strdup_printf (_("Opened by %s"), isolated);
    }
  else
    /* Translators: staff panel opened with the kiosk's shared site PIN */
    text = g_strdup (_("Opened with the site PIN"));
  gtk_label_set_text (GTK_LABEL (self->opener_label), text);
}

/* The visit's controls follow the visit: "live" while it is on (also
 * paused, reconnecting and in its goodbye, when the sound can still be
 * turned off), and what this side's staff did. */
static void
update_visit_actions (KvStaffPanel *self)
{
  KvStaffVisitActions *actions = KV_STAFF_VISIT_ACTIONS (self->visit_actions);
  KvVisitPhase phase = kv_visit_controller_get_phase (self->controller);

  kv_staff_visit_actions_set_role (actions, kv_visit_controller_get_role (self->controller));
  kv_staff_visit_actions_set_live (actions,
                                   phase == KV_VISIT_PHASE_LIVE ||
                                   phase == KV_VISIT_PHASE_RECONNECTING ||
                                   phase == KV_VISIT_PHASE_PAUSED ||
                                   phase == KV_VISIT_PHASE_GOODBYE);
  kv_staff_visit_actions_set_in_goodbye (actions, phase == KV_VISIT_PHASE_GOODBYE);
  kv_staff_visit_actions_set_paused (actions, kv_visit_controller_get_paused_here (self->controller));
  kv_staff_visit_actions_set_muted (actions, kv_visit_controller_get_muted_here (self->controller));
  kv_staff_visit_actions_set_child_alert (actions, kv_visit_controller_get_child_alert (self->controller));
}

static void
update_texts (KvStaffPanel *self)
{
  /* Translators: title of the staff panel */
  gtk_label_set_text (GTK_LABEL (self->title_label), _("Staff"));
  /* Translators: staff confirm the child (or parent) is present; the visit can start */
  gtk_button_set_label (GTK_BUTTON (self->confirm_button), _("Confirm: the person is here"));
  /* Translators: staff check of the camera and microphone */
  gtk_button_set_label (GTK_BUTTON (self->test_button), _("Test camera and microphone"));
  /* Translators: closes the kiosk program: the only way out */
  gtk_button_set_label (GTK_BUTTON (self->exit_button), _("Exit the kiosk"));
  /* Translators: closes the staff panel and locks it again */
  gtk_button_set_label (GTK_BUTTON (self->done_button), _("Done"));
  update_info (self);
}

static void
on_test_toggled (KvStaffPanel *self)
{
  gboolean active = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->test_button));

  if (active != kv_visit_controller_get_device_testing (self->controller))
    gtk_widget_activate_action (GTK_WIDGET (self), "staff.device-test", "b", active);
  /* If the controller refused, put the switch back. */
  update_info (self);
}

static void
kv_staff_panel_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KvStaffPanel *self = KV_STAFF_PANEL (object);

  switch (prop_id)
    {
    case PROP_CONTROLLER:
      g_value_set_object (value, self->controller);
      break;
    case PROP_LOCK:
      g_value_set_object (value, self->lock);
      break;
    case PROP_LANGUAGE:
      g_value_set_object (value, self->language);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_staff_panel_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KvStaffPanel *self = KV_STAFF_PANEL (object);

  switch (prop_id)
    {
    case PROP_CONTROLLER:
      self->controller = g_value_dup_object (value);
      break;
    case PROP_LOCK:
      self->lock = g_value_dup_object (value);
      break;
    case PROP_LANGUAGE:
      self->language = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_staff_panel_constructed (GObject *object)
{
  KvStaffPanel *self = KV_STAFF_PANEL (object);

  G_OBJECT_CLASS (kv_staff_panel_parent_class)->constructed (object);

  g_object_bind_property (self->controller, "self-paintable",
                          self->test_view, "paintable", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->controller, "input-level",
                          self->test_meter, "level", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->controller, "notify::phase",
                           G_CALLBACK (update_info), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->controller, "notify::self-confirmed",
                           G_CALLBACK (update_info), self, G_CONNECT_SWAPPED);
  {
    static const char * const visit_properties[] = {
      "phase", "role", "paused-here", "muted-here", "child-alert",
    };

    for (guint i = 0; i < G_N_ELEMENTS (visit_properties); i++)
      {
        g_autofree char *signal = g_strconcat ("notify::", visit_properties[i], NULL);

        g_signal_connect_object (self->controller, signal,
                                 G_CALLBACK (update_visit_actions), self, G_CONNECT_SWAPPED);
      }
  }
  kv_staff_visit_actions_set_language (KV_STAFF_VISIT_ACTIONS (self->visit_actions),
                                       self->language);
  g_signal_connect_object (self->controller, "notify::device-testing",
                           G_CALLBACK (update_info), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->controller, "notify::peer-label",
                           G_CALLBACK (update_info), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->language, "notify::current",
                           G_CALLBACK (update_texts), self, G_CONNECT_SWAPPED);
  {
    static const char * const time_properties[] = {
      "visit-start", "visit-end", "next-visit-start", "next-visit-end",
    };

    for (guint i = 0; i < G_N_ELEMENTS (time_properties); i++)
      {
        g_autofree char *signal = g_strconcat ("notify::", time_properties[i], NULL);

        g_signal_connect_object (self->controller, signal,
                                 G_CALLBACK (update_times), self, G_CONNECT_SWAPPED);
      }
  }
  g_signal_connect_object (self->lock, "notify::staff-name",
                           G_CALLBACK (update_opener), self, G_CONNECT_SWAPPED);
  if (kv_staff_lock_get_roster (self->lock) != NULL)
    g_signal_connect_object (kv_staff_lock_get_roster (self->lock), "notify::time-zone",
                             G_CALLBACK (on_time_zone_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->test_button, "toggled", G_CALLBACK (on_test_toggled), self);
  on_time_zone_changed (self);
  update_texts (self);
  update_visit_actions (self);
}

static void
kv_staff_panel_dispose (GObject *object)
{
  KvStaffPanel *self = KV_STAFF_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KV_TYPE_STAFF_PANEL);
  kv_ui_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->controller);
  g_clear_object (&self->lock);
  g_clear_object (&self->language);
  g_clear_pointer (&self->zone, g_time_zone_unref);

  G_OBJECT_CLASS (kv_staff_panel_parent_class)->dispose (object);
}

static void
kv_staff_panel_finalize (GObject *object)
{
  g_free (KV_STAFF_PANEL (object)->status);

  G_OBJECT_CLASS (kv_staff_panel_parent_class)->finalize (object);
}

static void
kv_staff_panel_class_init (KvStaffPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kv_staff_panel_get_property;
  object_class->set_property = kv_staff_panel_set_property;
  object_class->constructed = kv_staff_panel_constructed;
  object_class->dispose = kv_staff_panel_dispose;
  object_class->finalize = kv_staff_panel_finalize;

  properties[PROP_CONTROLLER] =
    g_param_spec_object ("controller", NULL, NULL, KV_TYPE_VISIT_CONTROLLER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCK] =
    g_param_spec_object ("lock", NULL, NULL, KV_TYPE_STAFF_LOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANGUAGE] =
    g_param_spec_object ("language", NULL, NULL, KV_TYPE_LANGUAGE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KV_TYPE_PAINTABLE_VIEW);
  g_type_ensure (KV_TYPE_LEVEL_METER);
  g_type_ensure (KV_TYPE_STAFF_VISIT_ACTIONS);
  kv_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               KV_UI_RESOURCE_PREFIX "/kv-staff-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, KvStaffPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, KvStaffPanel, opener_label);
  gtk_widget_class_bind_template_child (widget_class, KvStaffPanel, info_label);
  gtk_widget_class_bind_template_child (widget_class, KvStaffPanel, times_label);
  gtk_widget_class_bind_template_child (widget_class, KvStaffPanel, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, KvStaffPanel, visit_actions);
  gtk_widget_class_bind_template_child (widget_class, KvStaffPanel, test_button);
  gtk_widget_class_bind_template_child (widget_class, KvStaffPanel, test_box);
  gtk_widget_class_bind_template_child (widget_class, KvStaffPanel, test_view);
  gtk_widget_class_bind_template_child (widget_class, KvStaffPanel, test_meter);
  gtk_widget_class_bind_template_child (widget_class, KvStaffPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, KvStaffPanel, exit_button);
  gtk_widget_class_bind_template_child (widget_class, KvStaffPanel, done_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kv-staff-panel");
}

static void
kv_staff_panel_init (KvStaffPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kv_staff_panel_new (KvVisitController *controller,
                    KvStaffLock       *lock,
                    KvLanguage        *language)
{
  return g_object_new (KV_TYPE_STAFF_PANEL,
                       "controller", controller,
                       "lock", lock,
                       "language", language,
                       NULL);
}

/**
 * kv_staff_panel_set_status:
 * @status: (nullable): the outcome of the last staff action, for staff
 */
void
kv_staff_panel_set_status (KvStaffPanel *self,
                           const char   *status)
{
  g_return_if_fail (KV_IS_STAFF_PANEL (self));

  g_free (self->status);
  self->status = g_strdup (status);
  gtk_label_set_text (GTK_LABEL (self->status_label), status != NULL ? status : "");
}

const char *
kv_staff_panel_get_status (KvStaffPanel *self)
{
  g_return_val_if_fail (KV_IS_STAFF_PANEL (self), NULL);
  return self->status;
}

/**
 * kv_staff_panel_get_visit_actions:
 *
 * Returns: (transfer none): staff's controls of the visit in progress
 */
KvStaffVisitActions *
kv_staff_panel_get_visit_actions (KvStaffPanel *self)
{
  g_return_val_if_fail (KV_IS_STAFF_PANEL (self), NULL);
  return KV_STAFF_VISIT_ACTIONS (self->visit_actions);
}
