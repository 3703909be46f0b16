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
 * own name ("Français"), never a flag (flags are countries, and political).
 * It opens a list of the kiosk's languages, each in its own name; a choice
 * activates "kiosk.set-language". Hidden when the kiosk has one language.
 */

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
  gtk_label_set_text (GTK_LABEL (self->name_label),
                      kv_language_get_native_name (kv_language_get_current (self->language)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  /* Translators: accessible name of the language button */
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Language"), -1);
  /* The list closes once a language is chosen. */
  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->menu_button));
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
      gtk_box_append (GTK_BOX (self->choices), choice);
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

  self->choices = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_popover_set_child (GTK_POPOVER (popover), self->choices);

  self->menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_child (GTK_MENU_BUTTON (self->menu_button), content);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->menu_button), popover);
  gtk_widget_add_css_class (self->menu_button, "language-button");
  /* A child presses it: at least 96 x 96 (style.css, tests/ui). */
  gtk_widget_add_css_class (self->menu_button, "child-control");
  gtk_widget_set_parent (self->menu_button, GTK_WIDGET (self));
}

GtkWidget *
kv_language_button_new (KvLanguage *language)
{
  return g_object_new (KV_TYPE_LANGUAGE_BUTTON, "language", language, NULL);
}
