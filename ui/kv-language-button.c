/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-language-button.h"

#include <glib/gi18n.h>

#include "kv-ui.h"

/**
 * KvLanguageButton:
 *
 * The child's language button: a speech bubble and the current language's
 * own name ("Français", "العربية"), never a flag (flags are countries, and
 * political). It opens the kiosk's languages, each in its own name, in
 * columns of at most four, so that fourteen of them fit a
 * 600 px high screen; the current one is marked. A choice activates
 * "kiosk.set-language". Hidden when the kiosk has one language.
 */

/* 4 x 96 px and their spacing: below the top bar of a 600 px screen. */
#define CHOICES_PER_COLUMN 4

enum {
  PROP_0,
  PROP_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvLanguageButton
{
  GtkWidget   parent_instance;

  KvLanguage *language;
  GtkWidget  *menu_button;
  GtkWidget  *name_label;
  GtkWidget  *choices;
};

G_DEFINE_FINAL_TYPE (KvLanguageButton, kv_language_button, GTK_TYPE_WIDGET)

static void
update (KvLanguageButton *self)
{
  const char *current = kv_language_get_current (self->language);

  gtk_label_set_text (GTK_LABEL (self->name_label), kv_language_get_native_name (current));
  for (GtkWidget *choice = gtk_widget_get_first_child (self->choices); choice != NULL;
       choice = gtk_widget_get_next_sibling (choice))
    {
      GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (choice));
      gboolean is_current = g_strcmp0 (g_variant_get_string (target, NULL), current) == 0;

      if (is_current)
        gtk_widget_add_css_class (choice, "current");
      else
        gtk_widget_remove_css_class (choice, "current");
      gtk_accessible_update_state (GTK_ACCESSIBLE (choice), GTK_ACCESSIBLE_STATE_SELECTED,
                                   is_current, -1);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  /* Translators: accessible name of the language button */
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Language"), -1);
  /* The list closes once a language is chosen. */
  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->menu_button));
}

/* The list opens under the button and grows towards the screen's middle:
 * to the right, or to the left in a right-to-left language, where the
 * button is on the right (GtkPopover's halign is not mirrored). On a
 * kiosk whose screen is the window, it never reaches past its edge. */
static void
place_choices (KvLanguageButton *self)
{
  GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (self->menu_button));
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;

  gtk_widget_set_halign (GTK_WIDGET (popover), rtl ? GTK_ALIGN_END : GTK_ALIGN_START);
}

static void
kv_language_button_direction_changed (GtkWidget        *widget,
                                      GtkTextDirection  previous_direction)
{
  GTK_WIDGET_CLASS (kv_language_button_parent_class)->direction_changed (widget, previous_direction);
  place_choices (KV_LANGUAGE_BUTTON (widget));
}

static void
kv_language_button_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_LANGUAGE:
      g_value_set_object (value, KV_LANGUAGE_BUTTON (object)->language);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_language_button_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_LANGUAGE:
      KV_LANGUAGE_BUTTON (object)->language = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_language_button_constructed (GObject *object)
{
  KvLanguageButton *self = KV_LANGUAGE_BUTTON (object);
  const char * const *available = kv_language_get_available (self->language);

  G_OBJECT_CLASS (kv_language_button_parent_class)->constructed (object);

  for (guint i = 0; available[i] != NULL; i++)
    {
      GtkWidget *choice = gtk_button_new_with_label (kv_language_get_native_name (available[i]));

      gtk_widget_add_css_class (choice, "language-choice");
      gtk_widget_add_css_class (choice, "child-control");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (choice), "kiosk.set-language");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (choice), "s", available[i]);
      /* Down the columns, as a list reads; the grid puts the first column
       * on the right in a right-to-left language. */
      gtk_grid_attach (GTK_GRID (self->choices), choice,
                       i / CHOICES_PER_COLUMN, i % CHOICES_PER_COLUMN, 1, 1);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), available[0] != NULL && available[1] != NULL);

  g_signal_connect_object (self->language, "notify::current",
                           G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

static void
kv_language_button_dispose (GObject *object)
{
  KvLanguageButton *self = KV_LANGUAGE_BUTTON (object);

  g_clear_pointer (&self->menu_button, gtk_widget_unparent);
  g_clear_object (&self->language);

  G_OBJECT_CLASS (kv_language_button_parent_class)->dispose (object);
}

static void
kv_language_button_class_init (KvLanguageButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kv_language_button_get_property;
  object_class->set_property = kv_language_button_set_property;
  object_class->constructed = kv_language_button_constructed;
  object_class->dispose = kv_language_button_dispose;

  properties[PROP_LANGUAGE] =
    g_param_spec_object ("language", NULL, NULL, KV_TYPE_LANGUAGE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->direction_changed = kv_language_button_direction_changed;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kv-language-button");
}

static void
kv_language_button_init (KvLanguageButton *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *bubble;

  kv_ui_init ();
  bubble = g_object_new (GTK_TYPE_IMAGE,
                         "resource", KV_UI_RESOURCE_PREFIX "/icons/speech-bubble.svg",
                         "pixel-size", 48,
                         "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                         NULL);
  self->name_label = gtk_label_new (NULL);
  gtk_box_append (GTK_BOX (content), bubble);
  gtk_box_append (GTK_BOX (content), self->name_label);

  self->choices = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (self->choices), 8);
  gtk_grid_set_column_spacing (GTK_GRID (self->choices), 8);
  gtk_grid_set_column_homogeneous (GTK_GRID (self->choices), TRUE);
  gtk_popover_set_child (GTK_POPOVER (popover), self->choices);

  self->menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_child (GTK_MENU_BUTTON (self->menu_button), content);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->menu_button), popover);
  gtk_widget_add_css_class (self->menu_button, "language-button");
  /* A child presses it: at least 96 x 96 (style.css, tests/ui). */
  gtk_widget_add_css_class (self->menu_button, "child-control");
  gtk_widget_set_parent (self->menu_button, GTK_WIDGET (self));
  place_choices (self);
}

GtkWidget *
kv_language_button_new (KvLanguage *language)
{
  return g_object_new (KV_TYPE_LANGUAGE_BUTTON, "language", language, NULL);
}
