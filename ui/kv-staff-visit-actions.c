/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-staff-visit-actions.h"

#include <glib/gi18n.h>

#include "kv-core-enums.h"
#include "kv-ui.h"

/**
 * KvStaffVisitActions:
 *
 * Staff's controls for a visit in progress, for the staff panel: pause
 * with a reason and resume, sound off and on, start the goodbye now with a
 * category and optional details, and, set apart and behind a confirm step,
 * the safeguarding stop. On the community side an alert row tells staff
 * that the child pressed "I'm not OK", with a "Seen" button.
 *
 * Every button activates an action that the widget does not install
 * itself; the window (or whoever hosts the panel) installs them and does
 * the work:
 *
 * - `visit.pause` (s): a pause reason, e.g. "child-needs-a-moment"
 *   (kv_pause_category_to_string())
 * - `visit.resume`
 * - `visit.mute` (b): %TRUE turns the sound off, %FALSE on again
 * - `visit.goodbye-now` ((ss)): an end category, e.g. "child-upset"
 *   (kv_end_category_to_string()), and the staff's details, maybe ""
 * - `visit.safeguarding-stop`: only from the confirm step
 * - `visit.child-alert-seen`
 *
 * A button whose action is missing or disabled is insensitive. Beyond
 * that the state properties decide what makes sense (the server refuses
 * the rest anyway): pause while #KvStaffVisitActions:live and not yet
 * paused here nor in the goodbye; resume while #KvStaffVisitActions:paused;
 * sound while live (also in the goodbye); goodbye now while live and not
 * in the goodbye. The safeguarding stop is always there: staff must never
 * find it greyed out by a stale state.
 */

enum {
  PROP_0,
  PROP_ROLE,
  PROP_LIVE,
  PROP_IN_GOODBYE,
  PROP_PAUSED,
  PROP_MUTED,
  PROP_CHILD_ALERT,
  PROP_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvStaffVisitActions
{
  GtkWidget   parent_instance;

  KvRole      role;
  gboolean    live;
  gboolean    in_goodbye;
  gboolean    paused;
  gboolean    muted;
  gboolean    child_alert;
  KvLanguage *language;

  GtkWidget  *alert_revealer;
  GtkWidget  *alert_label;
  GtkWidget  *seen_button;
  GtkWidget  *pause_group;
  GtkWidget  *pause_reason;
  GtkWidget  *pause_button;
  GtkWidget  *resume_group;
  GtkWidget  *resume_button;
  GtkWidget  *sound_group;
  GtkWidget  *sound_button;
  GtkWidget  *status_label;
  GtkWidget  *goodbye_group;
  GtkWidget  *goodbye_category;
  GtkWidget  *goodbye_details;
  GtkWidget  *goodbye_button;
  GtkWidget  *safeguarding_stack;
  GtkWidget  *safeguarding_button;
  GtkWidget  *confirm_label;
  GtkWidget  *cancel_button;
  GtkWidget  *confirm_button;
};

G_DEFINE_FINAL_TYPE (KvStaffVisitActions, kv_staff_visit_actions, GTK_TYPE_WIDGET)

/* The choices, in the order staff see them; their codes come from core
 * (the protocol's names), so the two can never drift apart. */
static const KvPauseCategory pause_categories[] = {
  KV_PAUSE_CATEGORY_CHILD_NEEDS_A_MOMENT,
  KV_PAUSE_CATEGORY_ADULT_NEEDS_A_MOMENT,
  KV_PAUSE_CATEGORY_TECHNICAL_PROBLEM,
  KV_PAUSE_CATEGORY_OTHER,
};

static const KvEndCategory goodbye_categories[] = {
  KV_END_CATEGORY_FINISHED_EARLY,
  KV_END_CATEGORY_CHILD_UPSET,
  KV_END_CATEGORY_ADULT_UNWELL,
  KV_END_CATEGORY_TECHNICAL_PROBLEM,
  KV_END_CATEGORY_OTHER,
};

static const char *
pause_category_name (KvPauseCategory category)
{
  switch (category)
    {
    /* Translators: staff's reasons to pause a visit (staff panel) */
    case KV_PAUSE_CATEGORY_CHILD_NEEDS_A_MOMENT: return C_("pause reason", "The child needs a moment");
    /* Translators: pause reason: the parent or another adult */
    case KV_PAUSE_CATEGORY_ADULT_NEEDS_A_MOMENT: return C_("pause reason", "An adult needs a moment");
    /* Translators: pause reason: something to fix before going on */
    case KV_PAUSE_CATEGORY_TECHNICAL_PROBLEM: return C_("pause reason", "Technical problem");
    case KV_PAUSE_CATEGORY_NONE:
    case KV_PAUSE_CATEGORY_OTHER:
    /* Translators: pause reason: any other */
    default: return C_("pause reason", "Other");
    }
}

static const char *
goodbye_category_name (KvEndCategory category)
{
  switch (category)
    {
    /* Translators: staff's reasons to start the goodbye early (staff panel) */
    case KV_END_CATEGORY_FINISHED_EARLY: return C_("goodbye reason", "Finished early, all is well");
    /* Translators: goodbye reason */
    case KV_END_CATEGORY_CHILD_UPSET: return C_("goodbye reason", "The child is upset");
    /* Translators: goodbye reason: the parent or another adult */
    case KV_END_CATEGORY_ADULT_UNWELL: return C_("goodbye reason", "An adult is unwell");
    /* Translators: goodbye reason: the call does not work well enough */
    case KV_END_CATEGORY_TECHNICAL_PROBLEM: return C_("goodbye reason", "Technical problem");
    case KV_END_CATEGORY_NONE:
    case KV_END_CATEGORY_SAFEGUARDING:
    case KV_END_CATEGORY_OTHER:
    /* Translators: goodbye reason: any other, explained in the details */
    default: return C_("goodbye reason", "Other");
    }
}

static guint
selected_index (GtkWidget *dropdown,
                guint      n_choices)
{
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown));

  return selected < n_choices ? selected : 0;
}

/* The buttons carry their action's parameter, so a press (or a test's
 * gtk_widget_activate()) sends exactly what staff see chosen. */
static void
update_targets (KvStaffVisitActions *self)
{
  KvPauseCategory pause;
  KvEndCategory goodbye;
  g_autofree char *details = NULL;

  /* The choosers may still say something while the template goes away. */
  if (self->pause_reason == NULL || self->goodbye_category == NULL || self->goodbye_details == NULL)
    return;

  pause = pause_categories[selected_index (self->pause_reason, G_N_ELEMENTS (pause_categories))];
  goodbye = goodbye_categories[selected_index (self->goodbye_category,
                                               G_N_ELEMENTS (goodbye_categories))];
  details = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->goodbye_details))));

  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->pause_button),
                                          g_variant_new_string (kv_pause_category_to_string (pause)));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->goodbye_button),
                                          g_variant_new ("(ss)", kv_end_category_to_string (goodbye),
                                                         details));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->sound_button),
                                          g_variant_new_boolean (!self->muted));
}

static void
update_state (KvStaffVisitActions *self)
{
  gboolean alert = self->role == KV_ROLE_COMMUNITY && self->child_alert;
  const char *status = "";

  gtk_widget_set_sensitive (self->pause_group, self->live && !self->in_goodbye && !self->paused);
  gtk_widget_set_sensitive (self->resume_group, self->paused);
  gtk_widget_set_sensitive (self->sound_group, self->live);
  gtk_widget_set_sensitive (self->goodbye_group, self->live && !self->in_goodbye);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->alert_revealer), alert);

  gtk_button_set_label (GTK_BUTTON (self->sound_button),
                        self->muted
                        /* Translators: staff button: sound back on, both ways */
                        ? _("Turn the sound on")
                        /* Translators: staff button: no sound either way; the
                         * picture goes on */
                        : _("Turn the sound off"));

  if (self->paused && self->muted)
    /* Translators: staff panel, what both sides have now */
    status = _("Paused by this side, and the sound is off.");
  else if (self->paused)
    /* Translators: staff panel: this side paused; both screens show a calm
     * picture until staff here resume */
    status = _("Paused by this side. Both screens show a calm picture.");
  else if (self->muted)
    /* Translators: staff panel: this side turned the sound off */
    status = _("The sound is off on both sides. The picture goes on.");
  gtk_label_set_text (GTK_LABEL (self->status_label), status);
  gtk_widget_set_visible (self->status_label, *status != '\0');

  update_targets (self);
}

static void
update_texts (KvStaffVisitActions *self)
{
  g_autoptr (GtkStringList) pauses = gtk_string_list_new (NULL);
  g_autoptr (GtkStringList) goodbyes = gtk_string_list_new (NULL);
  guint pause = selected_index (self->pause_reason, G_N_ELEMENTS (pause_categories));
  guint goodbye = selected_index (self->goodbye_category, G_N_ELEMENTS (goodbye_categories));

  gtk_label_set_text (GTK_LABEL (self->alert_label),
                      /* Translators: staff panel alert; the child pressed the
                       * "I'm not OK" button on this kiosk */
                      _("The child pressed “I’m not OK”"));
  /* Translators: staff acknowledge the child's "I'm not OK" alert */
  gtk_button_set_label (GTK_BUTTON (self->seen_button), _("Seen"));
  /* Translators: staff button: pause the visit (picture and sound on both
   * sides) with the chosen reason */
  gtk_button_set_label (GTK_BUTTON (self->pause_button), _("Pause"));
  /* Translators: staff button: end this side's pause */
  gtk_button_set_label (GTK_BUTTON (self->resume_button), _("Resume"));
  /* Translators: staff button: the protected goodbye starts now, then the
   * visit ends */
  gtk_button_set_label (GTK_BUTTON (self->goodbye_button), _("Start the goodbye now"));
  /* Translators: placeholder of the staff's optional text with the reason */
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->goodbye_details), _("Details (optional)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->goodbye_details),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Details (optional)"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pause_reason), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  /* Translators: accessible name of the list of pause reasons */
                                  _("Reason for the pause"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->goodbye_category), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  /* Translators: accessible name of the list of reasons to
                                   * start the goodbye */
                                  _("Reason for the goodbye"), -1);
  /* Translators: staff button, set apart: stops the visit at once, with no
   * goodbye; asks to confirm first */
  gtk_button_set_label (GTK_BUTTON (self->safeguarding_button), _("Safeguarding stop…"));
  gtk_label_set_text (GTK_LABEL (self->confirm_label),
                      /* Translators: the safeguarding stop's confirm step */
                      _("Stop the visit now, with no goodbye? The child’s screen shows a calm picture and “A helper is here with you”."));
  /* Translators: safeguarding stop's confirm step: do not stop */
  gtk_button_set_label (GTK_BUTTON (self->cancel_button), _("Cancel"));
  /* Translators: safeguarding stop's confirm step: stop the visit now */
  gtk_button_set_label (GTK_BUTTON (self->confirm_button), _("Stop the visit now"));

  for (guint i = 0; i < G_N_ELEMENTS (pause_categories); i++)
    gtk_string_list_append (pauses, pause_category_name (pause_categories[i]));
  for (guint i = 0; i < G_N_ELEMENTS (goodbye_categories); i++)
    gtk_string_list_append (goodbyes, goodbye_category_name (goodbye_categories[i]));
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->pause_reason), G_LIST_MODEL (pauses));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->pause_reason), pause);
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->goodbye_category), G_LIST_MODEL (goodbyes));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->goodbye_category), goodbye);

  update_state (self);
}

static void
show_safeguarding_page (KvStaffVisitActions *self,
                        const char          *page)
{
  gtk_stack_set_visible_child_name (GTK_STACK (self->safeguarding_stack), page);
}

static void
ask_safeguarding_stop (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  KvStaffVisitActions *self = KV_STAFF_VISIT_ACTIONS (widget);

  show_safeguarding_page (self, "confirm");
  /* Staff's next touch should be a decision, not a second press of the
   * same spot: Cancel is where the stop button was. */
  gtk_widget_grab_focus (self->cancel_button);
}

static void
cancel_safeguarding_stop (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  show_safeguarding_page (KV_STAFF_VISIT_ACTIONS (widget), "stop");
}

static void
on_confirm_clicked (KvStaffVisitActions *self)
{
  /* The button's action ran first (GtkButton::clicked is run-first). */
  show_safeguarding_page (self, "stop");
}

static void
on_unmap (KvStaffVisitActions *self)
{
  /* A confirm step left open is never waiting for the next staff member. */
  show_safeguarding_page (self, "stop");
}

static void
kv_staff_visit_actions_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  KvStaffVisitActions *self = KV_STAFF_VISIT_ACTIONS (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    case PROP_LIVE:
      g_value_set_boolean (value, self->live);
      break;
    case PROP_IN_GOODBYE:
      g_value_set_boolean (value, self->in_goodbye);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    case PROP_MUTED:
      g_value_set_boolean (value, self->muted);
      break;
    case PROP_CHILD_ALERT:
      g_value_set_boolean (value, self->child_alert);
      break;
    case PROP_LANGUAGE:
      g_value_set_object (value, self->language);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_staff_visit_actions_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  KvStaffVisitActions *self = KV_STAFF_VISIT_ACTIONS (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      kv_staff_visit_actions_set_role (self, g_value_get_enum (value));
      break;
    case PROP_LIVE:
      kv_staff_visit_actions_set_live (self, g_value_get_boolean (value));
      break;
    case PROP_IN_GOODBYE:
      kv_staff_visit_actions_set_in_goodbye (self, g_value_get_boolean (value));
      break;
    case PROP_PAUSED:
      kv_staff_visit_actions_set_paused (self, g_value_get_boolean (value));
      break;
    case PROP_MUTED:
      kv_staff_visit_actions_set_muted (self, g_value_get_boolean (value));
      break;
    case PROP_CHILD_ALERT:
      kv_staff_visit_actions_set_child_alert (self, g_value_get_boolean (value));
      break;
    case PROP_LANGUAGE:
      kv_staff_visit_actions_set_language (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_staff_visit_actions_dispose (GObject *object)
{
  KvStaffVisitActions *self = KV_STAFF_VISIT_ACTIONS (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KV_TYPE_STAFF_VISIT_ACTIONS);
  kv_ui_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->language);

  G_OBJECT_CLASS (kv_staff_visit_actions_parent_class)->dispose (object);
}

static void
kv_staff_visit_actions_class_init (KvStaffVisitActionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kv_staff_visit_actions_get_property;
  object_class->set_property = kv_staff_visit_actions_set_property;
  object_class->dispose = kv_staff_visit_actions_dispose;

  /**
   * KvStaffVisitActions:role:
   *
   * Which side this kiosk is on. Only the community side ever shows the
   * child's "I'm not OK" alert.
   */
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, KV_TYPE_ROLE, KV_ROLE_COMMUNITY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KvStaffVisitActions:live:
   *
   * The visit is on: live or in its goodbye.
   */
  properties[PROP_LIVE] =
    g_param_spec_boolean ("live", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KvStaffVisitActions:in-goodbye:
   *
   * The visit is in its goodbye: no more pauses, no second goodbye.
   */
  properties[PROP_IN_GOODBYE] =
    g_param_spec_boolean ("in-goodbye", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KvStaffVisitActions:paused:
   *
   * This side's staff paused the visit (a side resumes its own pause only).
   */
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KvStaffVisitActions:muted:
   *
   * This side's staff turned the sound off (a side unmutes its own mute).
   */
  properties[PROP_MUTED] =
    g_param_spec_boolean ("muted", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KvStaffVisitActions:child-alert:
   *
   * The child pressed "I'm not OK" and staff have not said "Seen" yet.
   * Shown on the community side only. "Seen" activates
   * `visit.child-alert-seen`; clear this property from there.
   */
  properties[PROP_CHILD_ALERT] =
    g_param_spec_boolean ("child-alert", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KvStaffVisitActions:language: (nullable)
   *
   * The kiosk's language; the texts follow its changes.
   */
  properties[PROP_LANGUAGE] =
    g_param_spec_object ("language", NULL, NULL, KV_TYPE_LANGUAGE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The confirm step of the safeguarding stop is the widget's own. */
  gtk_widget_class_install_action (widget_class, "visit-actions.ask-safeguarding-stop", NULL,
                                   ask_safeguarding_stop);
  gtk_widget_class_install_action (widget_class, "visit-actions.cancel-safeguarding-stop", NULL,
                                   cancel_safeguarding_stop);

  kv_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               KV_UI_RESOURCE_PREFIX "/kv-staff-visit-actions.ui");
  gtk_widget_class_bind_template_child (widget_class, KvStaffVisitActions, alert_revealer);
  gtk_widget_class_bind_template_child (widget_class, KvStaffVisitActions, alert_label);
  gtk_widget_class_bind_template_child (widget_class, KvStaffVisitActions, seen_button);
  gtk_widget_class_bind_template_child (widget_class, KvStaffVisitActions, pause_group);
  gtk_widget_class_bind_template_child (widget_class, KvStaffVisitActions, pause_reason);
  gtk_widget_class_bind_template_child (widget_class, KvStaffVisitActions, pause_button);
  gtk_widget_class_bind_template_child (widget_class, KvStaffVisitActions, resume_group);
  gtk_widget_class_bind_template_child (widget_class, KvStaffVisitActions, resume_button);
  gtk_widget_class_bind_template_child (widget_class, KvStaffVisitActions, sound_group);
  gtk_widget_class_bind_template_child (widget_class, KvStaffVisitActions, sound_button);
  gtk_widget_class_bind_template_child (widget_class, KvStaffVisitActions, status_label);
  gtk_widget_class_bind_template_child (widget_class, KvStaffVisitActions, goodbye_group);
  gtk_widget_class_bind_template_child (widget_class, KvStaffVisitActions, goodbye_category);
  gtk_widget_class_bind_template_child (widget_class, KvStaffVisitActions, goodbye_details);
  gtk_widget_class_bind_template_child (widget_class, KvStaffVisitActions, goodbye_button);
  gtk_widget_class_bind_template_child (widget_class, KvStaffVisitActions, safeguarding_stack);
  gtk_widget_class_bind_template_child (widget_class, KvStaffVisitActions, safeguarding_button);
  gtk_widget_class_bind_template_child (widget_class, KvStaffVisitActions, confirm_label);
  gtk_widget_class_bind_template_child (widget_class, KvStaffVisitActions, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, KvStaffVisitActions, confirm_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kv-staff-visit-actions");
}

static void
kv_staff_visit_actions_init (KvStaffVisitActions *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->pause_reason, "notify::selected",
                            G_CALLBACK (update_targets), self);
  g_signal_connect_swapped (self->goodbye_category, "notify::selected",
                            G_CALLBACK (update_targets), self);
  g_signal_connect_swapped (self->goodbye_details, "changed",
                            G_CALLBACK (update_targets), self);
  g_signal_connect_swapped (self->confirm_button, "clicked",
                            G_CALLBACK (on_confirm_clicked), self);
  g_signal_connect (self, "unmap", G_CALLBACK (on_unmap), NULL);
  update_texts (self);
  /* Pictures at the size they are shown: cheap to draw (kv-ui.c). */
  kv_ui_size_images (GTK_WIDGET (self));
}

GtkWidget *
kv_staff_visit_actions_new (KvRole role)
{
  return g_object_new (KV_TYPE_STAFF_VISIT_ACTIONS, "role", role, NULL);
}

#define DEFINE_BOOLEAN_PROPERTY(name, PROP)                                              \
gboolean                                                                                 \
kv_staff_visit_actions_get_##name (KvStaffVisitActions *self)                            \
{                                                                                        \
  g_return_val_if_fail (KV_IS_STAFF_VISIT_ACTIONS (self), FALSE);                        \
  return self->name;                                                                     \
}                                                                                        \
                                                                                         \
void                                                                                     \
kv_staff_visit_actions_set_##name (KvStaffVisitActions *self,                            \
                                   gboolean             value)                           \
{                                                                                        \
  g_return_if_fail (KV_IS_STAFF_VISIT_ACTIONS (self));                                   \
                                                                                         \
  value = !!value;                                                                       \
  if (self->name == value)                                                               \
    return;                                                                              \
  self->name = value;                                                                    \
  update_state (self);                                                                   \
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);                          \
}

DEFINE_BOOLEAN_PROPERTY (live, PROP_LIVE)
DEFINE_BOOLEAN_PROPERTY (in_goodbye, PROP_IN_GOODBYE)
DEFINE_BOOLEAN_PROPERTY (paused, PROP_PAUSED)
DEFINE_BOOLEAN_PROPERTY (muted, PROP_MUTED)
DEFINE_BOOLEAN_PROPERTY (child_alert, PROP_CHILD_ALERT)

KvRole
kv_staff_visit_actions_get_role (KvStaffVisitActions *self)
{
  g_return_val_if_fail (KV_IS_STAFF_VISIT_ACTIONS (self), KV_ROLE_COMMUNITY);
  return self->role;
}

void
kv_staff_visit_actions_set_role (KvStaffVisitActions *self,
                                 KvRole               role)
{
  g_return_if_fail (KV_IS_STAFF_VISIT_ACTIONS (self));

  if (self->role == role)
    return;
  self->role = role;
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
}

/**
 * kv_staff_visit_actions_get_confirming_safeguarding_stop:
 *
 * Returns: whether the safeguarding stop's confirm step is showing
 */
gboolean
kv_staff_visit_actions_get_confirming_safeguarding_stop (KvStaffVisitActions *self)
{
  g_return_val_if_fail (KV_IS_STAFF_VISIT_ACTIONS (self), FALSE);
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (self->safeguarding_stack)),
                    "confirm") == 0;
}

KvLanguage *
kv_staff_visit_actions_get_language (KvStaffVisitActions *self)
{
  g_return_val_if_fail (KV_IS_STAFF_VISIT_ACTIONS (self), NULL);
  return self->language;
}

void
kv_staff_visit_actions_set_language (KvStaffVisitActions *self,
                                     KvLanguage          *language)
{
  g_return_if_fail (KV_IS_STAFF_VISIT_ACTIONS (self));
  g_return_if_fail (language == NULL || KV_IS_LANGUAGE (language));

  if (kv_language_follow (&self->language, language, self, G_CALLBACK (update_texts)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}
