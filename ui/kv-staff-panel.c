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
 * What staff can do once the PIN opened the lock: confirm that the person
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
  PROP_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvStaffPanel
{
  GtkWidget          parent_instance;

  KvVisitController *controller;
  KvLanguage        *language;
  char              *status;

  GtkWidget         *title_label;
  GtkWidget         *info_label;
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

static void
update_info (KvStaffPanel *self)
{
  g_autoptr (GEnumClass) phases = g_type_class_ref (KV_TYPE_VISIT_PHASE);
  GEnumValue *phase = g_enum_get_value (phases, kv_visit_controller_get_phase (self->controller));
  const char *kiosk = kv_visit_controller_get_kiosk_label (self->controller);
  const char *peer = kv_visit_controller_get_peer_label (self->controller);
  g_autofree char *info = NULL;

  /* Translators: staff panel; kiosk name, visit state (a code), other side's label */
  info = g_strdup_printf (_("Kiosk: %s · State: %s · With: %s"),
                          kiosk != NULL ? kiosk : "", phase != NULL ? phase->value_nick : "",
                          peer != NULL && *peer != '\0' ? peer : "—");
  gtk_label_set_text (GTK_LABEL (self->info_label), info);

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
  g_signal_connect_swapped (self->test_button, "toggled", G_CALLBACK (on_test_toggled), self);
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
  g_clear_object (&self->language);

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
  gtk_widget_class_bind_template_child (widget_class, KvStaffPanel, info_label);
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
                    KvLanguage        *language)
{
  return g_object_new (KV_TYPE_STAFF_PANEL,
                       "controller", controller,
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
