/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-supervision-badge.h"

#include <glib/gi18n.h>

#include "kv-core-enums.h"
#include "kv-ui.h"

/**
 * KvSupervisionBadge:
 *
 * A small, friendly sign for the child's side while a helper on the prison
 * side watches the visit (the `supervised` flag of the session): a smiling
 * helper with a heart on the badge and "A helper can see and hear". No
 * camera, eye or uniform: it tells the carer and the child that someone
 * kind is there, not that they are watched.
 *
 * Small: it sits in a corner of the visit screen. Show it while the
 * session says supervised. It only ever shows on the community side: the
 * prison side has its own "Supervised visit" sign, and with
 * #KvSupervisionBadge:role set to prison this widget draws nothing.
 *
 * On a small screen (#KvSupervisionBadge:compact) it is the helper's
 * picture alone; the words stay its accessible name and tooltip.
 */

enum {
  PROP_0,
  PROP_ROLE,
  PROP_LANGUAGE,
  PROP_COMPACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvSupervisionBadge
{
  GtkWidget   parent_instance;

  KvRole      role;
  KvLanguage *language;
  gboolean    compact;

  GtkWidget  *content;
  GtkWidget  *label;
};

G_DEFINE_FINAL_TYPE (KvSupervisionBadge, kv_supervision_badge, GTK_TYPE_WIDGET)

static void
update (KvSupervisionBadge *self)
{
  /* Translators: a small sign on the child's screen while the visit is
   * supervised on the prison side; friendly, not a warning */
  const char *text = _("A helper can see and hear");

  gtk_label_set_text (GTK_LABEL (self->label), text);
  gtk_widget_set_visible (self->label, !self->compact);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), self->role == KV_ROLE_COMMUNITY ? text : NULL);
  gtk_widget_set_visible (self->content, self->role == KV_ROLE_COMMUNITY);
}

static void
kv_supervision_badge_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  KvSupervisionBadge *self = KV_SUPERVISION_BADGE (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    case PROP_LANGUAGE:
      g_value_set_object (value, self->language);
      break;
    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_supervision_badge_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  KvSupervisionBadge *self = KV_SUPERVISION_BADGE (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      kv_supervision_badge_set_role (self, g_value_get_enum (value));
      break;
    case PROP_LANGUAGE:
      kv_supervision_badge_set_language (self, g_value_get_object (value));
      break;
    case PROP_COMPACT:
      kv_supervision_badge_set_compact (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_supervision_badge_dispose (GObject *object)
{
  KvSupervisionBadge *self = KV_SUPERVISION_BADGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KV_TYPE_SUPERVISION_BADGE);
  kv_ui_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->language);

  G_OBJECT_CLASS (kv_supervision_badge_parent_class)->dispose (object);
}

static void
kv_supervision_badge_class_init (KvSupervisionBadgeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kv_supervision_badge_get_property;
  object_class->set_property = kv_supervision_badge_set_property;
  object_class->dispose = kv_supervision_badge_dispose;

  /**
   * KvSupervisionBadge:role:
   *
   * Which side this kiosk is on; on the prison side the badge is empty.
   */
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, KV_TYPE_ROLE, KV_ROLE_COMMUNITY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSupervisionBadge:language: (nullable)
   *
   * The kiosk's language; the text follows its changes.
   */
  properties[PROP_LANGUAGE] =
    g_param_spec_object ("language", NULL, NULL, KV_TYPE_LANGUAGE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSupervisionBadge:compact:
   *
   * A small screen: the picture without the words (they stay the
   * badge's accessible name and tooltip).
   */
  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  kv_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               KV_UI_RESOURCE_PREFIX "/kv-supervision-badge.ui");
  gtk_widget_class_bind_template_child (widget_class, KvSupervisionBadge, content);
  gtk_widget_class_bind_template_child (widget_class, KvSupervisionBadge, label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kv-supervision-badge");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
kv_supervision_badge_init (KvSupervisionBadge *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
  /* Pictures at the size they are shown: cheap to draw (kv-ui.c). */
  kv_ui_size_images (GTK_WIDGET (self));
}

GtkWidget *
kv_supervision_badge_new (void)
{
  return g_object_new (KV_TYPE_SUPERVISION_BADGE, NULL);
}

KvRole
kv_supervision_badge_get_role (KvSupervisionBadge *self)
{
  g_return_val_if_fail (KV_IS_SUPERVISION_BADGE (self), KV_ROLE_COMMUNITY);
  return self->role;
}

void
kv_supervision_badge_set_role (KvSupervisionBadge *self,
                               KvRole              role)
{
  g_return_if_fail (KV_IS_SUPERVISION_BADGE (self));

  if (self->role == role)
    return;
  self->role = role;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
}

KvLanguage *
kv_supervision_badge_get_language (KvSupervisionBadge *self)
{
  g_return_val_if_fail (KV_IS_SUPERVISION_BADGE (self), NULL);
  return self->language;
}

void
kv_supervision_badge_set_language (KvSupervisionBadge *self,
                                   KvLanguage         *language)
{
  g_return_if_fail (KV_IS_SUPERVISION_BADGE (self));
  g_return_if_fail (language == NULL || KV_IS_LANGUAGE (language));

  if (kv_language_follow (&self->language, language, self, G_CALLBACK (update)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

gboolean
kv_supervision_badge_get_compact (KvSupervisionBadge *self)
{
  g_return_val_if_fail (KV_IS_SUPERVISION_BADGE (self), FALSE);
  return self->compact;
}

void
kv_supervision_badge_set_compact (KvSupervisionBadge *self,
                                  gboolean            compact)
{
  g_return_if_fail (KV_IS_SUPERVISION_BADGE (self));

  compact = !!compact;
  if (self->compact == compact)
    return;
  self->compact = compact;
  if (compact)
    gtk_widget_add_css_class (GTK_WIDGET (self), "compact");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "compact");
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPACT]);
}
