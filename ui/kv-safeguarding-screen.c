/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-safeguarding-screen.h"

#include <glib/gi18n.h>

#include "kv-core-enums.h"
#include "kv-ui.h"

/**
 * KvSafeguardingScreen:
 *
 * After a staff safeguarding stop (the only end without a goodbye).
 *
 * On the community side, where the child is, it is calm and child-safe:
 * a soft picture of a kind helper holding a child's hand, "The visit has
 * finished for today" and "A helper is here with you". Nothing alarms,
 * nothing names the other side or a reason, nothing suggests that anyone,
 * least of all the child, did something wrong.
 *
 * On the prison side it is a plain, neutral "The visit has ended", with no
 * picture: staff there explain what happens next.
 */

enum {
  PROP_0,
  PROP_ROLE,
  PROP_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvSafeguardingScreen
{
  GtkWidget   parent_instance;

  KvRole      role;
  KvLanguage *language;

  GtkWidget  *picture;
  GtkWidget  *title_label;
  GtkWidget  *subtitle_label;
};

G_DEFINE_FINAL_TYPE (KvSafeguardingScreen, kv_safeguarding_screen, GTK_TYPE_WIDGET)

static void
update (KvSafeguardingScreen *self)
{
  gboolean community = self->role == KV_ROLE_COMMUNITY;

  if (community)
    {
      gtk_label_set_text (GTK_LABEL (self->title_label),
                          /* Translators: the child's screen after staff stopped the
                           * visit for safeguarding. Calm and kind; no blame, no
                           * reason, nothing about the parent */
                          _("The visit has finished for today."));
      gtk_label_set_text (GTK_LABEL (self->subtitle_label),
                          /* Translators: the child's screen after a safeguarding
                           * stop: a member of staff is with the child */
                          _("A helper is here with you."));
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (self->title_label),
                          /* Translators: the parent's screen after staff stopped
                           * the visit for safeguarding; plain and neutral */
                          _("The visit has ended"));
      gtk_label_set_text (GTK_LABEL (self->subtitle_label), "");
    }
  gtk_widget_set_visible (self->picture, community);
  gtk_widget_set_visible (self->subtitle_label, community);
  if (community)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "community");
      gtk_widget_remove_css_class (GTK_WIDGET (self), "prison");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "prison");
      gtk_widget_remove_css_class (GTK_WIDGET (self), "community");
    }
}

static void
kv_safeguarding_screen_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  KvSafeguardingScreen *self = KV_SAFEGUARDING_SCREEN (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    case PROP_LANGUAGE:
      g_value_set_object (value, self->language);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_safeguarding_screen_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  KvSafeguardingScreen *self = KV_SAFEGUARDING_SCREEN (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      kv_safeguarding_screen_set_role (self, g_value_get_enum (value));
      break;
    case PROP_LANGUAGE:
      kv_safeguarding_screen_set_language (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_safeguarding_screen_dispose (GObject *object)
{
  KvSafeguardingScreen *self = KV_SAFEGUARDING_SCREEN (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KV_TYPE_SAFEGUARDING_SCREEN);
  kv_ui_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->language);

  G_OBJECT_CLASS (kv_safeguarding_screen_parent_class)->dispose (object);
}

static void
kv_safeguarding_screen_class_init (KvSafeguardingScreenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kv_safeguarding_screen_get_property;
  object_class->set_property = kv_safeguarding_screen_set_property;
  object_class->dispose = kv_safeguarding_screen_dispose;

  /**
   * KvSafeguardingScreen:role:
   *
   * Which side this kiosk is on: the child's side (community) gets the
   * calm picture and "a helper is here with you", the prison side a
   * neutral sentence.
   */
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, KV_TYPE_ROLE, KV_ROLE_COMMUNITY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSafeguardingScreen:language: (nullable)
   *
   * The kiosk's language; the texts follow its changes.
   */
  properties[PROP_LANGUAGE] =
    g_param_spec_object ("language", NULL, NULL, KV_TYPE_LANGUAGE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  kv_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               KV_UI_RESOURCE_PREFIX "/kv-safeguarding-screen.ui");
  gtk_widget_class_bind_template_child (widget_class, KvSafeguardingScreen, picture);
  gtk_widget_class_bind_template_child (widget_class, KvSafeguardingScreen, title_label);
  gtk_widget_class_bind_template_child (widget_class, KvSafeguardingScreen, subtitle_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kv-safeguarding-screen");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kv_safeguarding_screen_init (KvSafeguardingScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kv_ui_picture_show_while_mapped (GTK_PICTURE (self->picture), "scenes/helper-with-you.svg");
  update (self);
}

GtkWidget *
kv_safeguarding_screen_new (KvRole role)
{
  return g_object_new (KV_TYPE_SAFEGUARDING_SCREEN, "role", role, NULL);
}

KvRole
kv_safeguarding_screen_get_role (KvSafeguardingScreen *self)
{
  g_return_val_if_fail (KV_IS_SAFEGUARDING_SCREEN (self), KV_ROLE_COMMUNITY);
  return self->role;
}

void
kv_safeguarding_screen_set_role (KvSafeguardingScreen *self,
                                 KvRole                role)
{
  g_return_if_fail (KV_IS_SAFEGUARDING_SCREEN (self));

  if (self->role == role)
    return;
  self->role = role;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
}

KvLanguage *
kv_safeguarding_screen_get_language (KvSafeguardingScreen *self)
{
  g_return_val_if_fail (KV_IS_SAFEGUARDING_SCREEN (self), NULL);
  return self->language;
}

void
kv_safeguarding_screen_set_language (KvSafeguardingScreen *self,
                                     KvLanguage           *language)
{
  g_return_if_fail (KV_IS_SAFEGUARDING_SCREEN (self));
  g_return_if_fail (language == NULL || KV_IS_LANGUAGE (language));

  if (kv_language_follow (&self->language, language, self, G_CALLBACK (update)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}
