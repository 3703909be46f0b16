/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-staff-panel.h"

#include <glib/gi18n.h>

#include "kv-kiosk-enums.h"
#include "kv-level-meter.h"
#include "kv-paintable-view.h"
#include "kv-ui.h"

/**
 * KvStaffPanel:
 *
 * What staff can do once the PIN opened the lock: confirm that the person
 * is here (the visit can start), end the visit now with a reason, pause
 * the picture for privacy, test the camera and microphone, and exit the
 * kiosk (the only way out). Every button activates a window action
 * ("staff.confirm", "staff.end", ...), so tests drive the same paths.
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
  GtkWidget         *reason_dropdown;
  GtkWidget         *details_entry;
  GtkWidget         *end_button;
  GtkWidget         *pause_button;
  GtkWidget         *test_button;
  GtkWidget         *test_box;
  GtkWidget         *test_view;
  GtkWidget         *test_meter;
  GtkWidget         *status_label;
  GtkWidget         *exit_button;
  GtkWidget         *done_button;
};

G_DEFINE_FINAL_TYPE (KvStaffPanel, kv_staff_panel, GTK_TYPE_WIDGET)

/* Stable codes go into the audit log (whatever language the kiosk speaks);
 * staff see them translated. */
static const char * const reason_codes[] = {
  "safeguarding", "distress", "conduct", "technical", "other",
};

static const char *
reason_name (guint index)
{
  switch (index)
    {
    /* Translators: reasons staff can give for ending a visit early */
    case 0: return C_("end reason", "Safeguarding concern");
    case 1: return C_("end reason", "The child is upset");
    case 2: return C_("end reason", "Conduct during the visit");
    case 3: return C_("end reason", "Technical problem");
    default: return C_("end reason", "Other");
    }
}

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

  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->pause_button)) !=
      kv_visit_controller_get_paused_here (self->controller))
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->pause_button),
                                  kv_visit_controller_get_paused_here (self->controller));
  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->test_button)) !=
      kv_visit_controller_get_device_testing (self->controller))
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->test_button),
                                  kv_visit_controller_get_device_testing (self->controller));
  gtk_widget_set_visible (self->test_box, kv_visit_controller_get_device_testing (self->controller));
}

static void
update_texts (KvStaffPanel *self)
{
  g_autoptr (GtkStringList) reasons = gtk_string_list_new (NULL);
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->reason_dropdown));

  /* Translators: title of the staff panel */
  gtk_label_set_text (GTK_LABEL (self->title_label), _("Staff"));
  /* Translators: staff confirm the child (or parent) is present; the visit can start */
  gtk_button_set_label (GTK_BUTTON (self->confirm_button), _("Confirm: the person is here"));
  /* Translators: ends the visit at once, with the chosen reason */
  gtk_button_set_label (GTK_BUTTON (self->end_button), _("End the visit now"));
  /* Translators: staff privacy switch: holds our outgoing picture */
  gtk_button_set_label (GTK_BUTTON (self->pause_button), _("Pause the picture"));
  /* Translators: staff check of the camera and microphone */
  gtk_button_set_label (GTK_BUTTON (self->test_button), _("Test camera and microphone"));
  /* Translators: closes the kiosk program: the only way out */
  gtk_button_set_label (GTK_BUTTON (self->exit_button), _("Exit the kiosk"));
  /* Translators: closes the staff panel and locks it again */
  gtk_button_set_label (GTK_BUTTON (self->done_button), _("Done"));
  /* Translators: placeholder of the free text with the reason for ending */
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->details_entry), _("Details (optional)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->details_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Details (optional)"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reason_dropdown),
                                  /* Translators: accessible name of the list of reasons */
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason for ending"), -1);

  for (guint i = 0; i < G_N_ELEMENTS (reason_codes); i++)
    gtk_string_list_append (reasons, reason_name (i));
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->reason_dropdown), G_LIST_MODEL (reasons));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->reason_dropdown),
                              selected < G_N_ELEMENTS (reason_codes) ? selected : 0);
  update_info (self);
}

static void
on_end_clicked (KvStaffPanel *self)
{
  g_autofree char *reason = kv_staff_panel_dup_reason (self);

  gtk_widget_activate_action (GTK_WIDGET (self), "staff.end", "s", reason);
}

static void
on_pause_toggled (KvStaffPanel *self)
{
  gboolean active = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->pause_button));

  if (active != kv_visit_controller_get_paused_here (self->controller))
    gtk_widget_activate_action (GTK_WIDGET (self), "staff.pause-picture", "b", active);
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
  g_signal_connect_object (self->controller, "notify::paused-here",
                           G_CALLBACK (update_info), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->controller, "notify::device-testing",
                           G_CALLBACK (update_info), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->controller, "notify::peer-label",
                           G_CALLBACK (update_info), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->language, "notify::current",
                           G_CALLBACK (update_texts), self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->end_button, "clicked", G_CALLBACK (on_end_clicked), self);
  g_signal_connect_swapped (self->pause_button, "toggled", G_CALLBACK (on_pause_toggled), self);
  g_signal_connect_swapped (self->test_button, "toggled", G_CALLBACK (on_test_toggled), self);
  update_texts (self);
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
  kv_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               KV_UI_RESOURCE_PREFIX "/kv-staff-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, KvStaffPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, KvStaffPanel, info_label);
  gtk_widget_class_bind_template_child (widget_class, KvStaffPanel, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, KvStaffPanel, reason_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KvStaffPanel, details_entry);
  gtk_widget_class_bind_template_child (widget_class, KvStaffPanel, end_button);
  gtk_widget_class_bind_template_child (widget_class, KvStaffPanel, pause_button);
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
 * kv_staff_panel_dup_reason:
 *
 * Returns: (transfer full): the chosen reason as "code" or "code: details",
 * e.g. "technical: camera fell over"
 */
char *
kv_staff_panel_dup_reason (KvStaffPanel *self)
{
  guint selected;
  g_autofree char *details = NULL;

  g_return_val_if_fail (KV_IS_STAFF_PANEL (self), NULL);

  selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->reason_dropdown));
  if (selected >= G_N_ELEMENTS (reason_codes))
    selected = G_N_ELEMENTS (reason_codes) - 1;
  details = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->details_entry))));
  if (*details == '\0')
    return g_strdup (reason_codes[selected]);
  return g_strdup_printf ("%s: %s", reason_codes[selected], details);
}
