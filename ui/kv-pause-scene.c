/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-pause-scene.h"

#include <glib/gi18n.h>

#include "kv-core-enums.h"
#include "kv-ui.h"

/**
 * KvPauseScene:
 *
 * A visit is paused (picture and sound held on both kiosks): a calm
 * picture, the sun resting behind a cloud, and one short sentence. On the
 * kiosk whose staff did not pause, it names who will be back ("Mum will be
 * back in a moment"); on the kiosk that paused (#KvPauseScene:paused-here),
 * "We are taking a little break". There is deliberately no clock, no
 * countdown and no reason on screen: a pause must not put anyone under
 * pressure, and the reason is for staff.
 *
 * Plain properties only; whoever shows it sets them from the visit's state.
 */

enum {
  PROP_0,
  PROP_PEER_LABEL,
  PROP_PAUSED_HERE,
  PROP_ROLE,
  PROP_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvPauseScene
{
  GtkWidget   parent_instance;

  char       *peer_label;
  gboolean    paused_here;
  KvRole      role;
  KvLanguage *language;

  GtkWidget  *picture;
  GtkWidget  *title_label;
  GtkWidget  *caption_label;
};

G_DEFINE_FINAL_TYPE (KvPauseScene, kv_pause_scene, GTK_TYPE_WIDGET)

/* g_set_str() is GLib 2.76. */
static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
update_texts (KvPauseScene *self)
{
  g_autofree char *title = NULL;
  g_autofree char *name = kv_ui_isolate_name (self->peer_label);

  if (self->paused_here)
    /* Translators: shown on the kiosk whose staff paused the visit, to the
     * child (or parent) there; calm, no reason given */
    title = g_strdup (_("We are taking a little break"));
  else if (self->peer_label != NULL && *self->peer_label != '\0')
    /* Translators: the other side paused the visit; %s is what the child
     * calls the parent, e.g. "Mum" (or on the prison side the child's
     * name, e.g. "Lena"), as staff typed it. Calm: no time is promised */
    title = g_strdup_printf (_("%s will be back in a moment"), name);
  else
    /* Translators: the other side paused the visit and has no name on
     * this kiosk */
    title = g_strdup (_("Back in a moment"));

  gtk_label_set_text (GTK_LABEL (self->title_label), title);
  gtk_label_set_text (GTK_LABEL (self->caption_label),
                      /* Translators: under the pause picture, for the adults
                       * beside the child; both sides are paused */
                      _("Picture and sound are paused for now."));
}

static void
update_role (KvPauseScene *self)
{
  gboolean prison = self->role == KV_ROLE_PRISON;

  /* The prison side's screens are plainer (kv-window.prison). */
  if (prison)
    gtk_widget_add_css_class (GTK_WIDGET (self), "prison");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "prison");
}

static void
kv_pause_scene_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KvPauseScene *self = KV_PAUSE_SCENE (object);

  switch (prop_id)
    {
    case PROP_PEER_LABEL:
      g_value_set_string (value, self->peer_label);
      break;
    case PROP_PAUSED_HERE:
      g_value_set_boolean (value, self->paused_here);
      break;
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
kv_pause_scene_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KvPauseScene *self = KV_PAUSE_SCENE (object);

  switch (prop_id)
    {
    case PROP_PEER_LABEL:
      kv_pause_scene_set_peer_label (self, g_value_get_string (value));
      break;
    case PROP_PAUSED_HERE:
      kv_pause_scene_set_paused_here (self, g_value_get_boolean (value));
      break;
    case PROP_ROLE:
      kv_pause_scene_set_role (self, g_value_get_enum (value));
      break;
    case PROP_LANGUAGE:
      kv_pause_scene_set_language (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_pause_scene_dispose (GObject *object)
{
  KvPauseScene *self = KV_PAUSE_SCENE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KV_TYPE_PAUSE_SCENE);
  kv_ui_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->language);

  G_OBJECT_CLASS (kv_pause_scene_parent_class)->dispose (object);
}

static void
kv_pause_scene_finalize (GObject *object)
{
  KvPauseScene *self = KV_PAUSE_SCENE (object);

  g_free (self->peer_label);

  G_OBJECT_CLASS (kv_pause_scene_parent_class)->finalize (object);
}

static void
kv_pause_scene_class_init (KvPauseSceneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kv_pause_scene_get_property;
  object_class->set_property = kv_pause_scene_set_property;
  object_class->dispose = kv_pause_scene_dispose;
  object_class->finalize = kv_pause_scene_finalize;

  /**
   * KvPauseScene:peer-label:
   *
   * What this kiosk calls the other side ("Mum", "Lena"), as staff typed it.
   */
  properties[PROP_PEER_LABEL] =
    g_param_spec_string ("peer-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KvPauseScene:paused-here:
   *
   * Whether this kiosk's staff paused the visit (then the scene says "We are
   * taking a little break" instead of naming the other side).
   */
  properties[PROP_PAUSED_HERE] =
    g_param_spec_boolean ("paused-here", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KvPauseScene:role:
   *
   * Which side this kiosk is on; the prison side's look is plainer.
   */
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, KV_TYPE_ROLE, KV_ROLE_COMMUNITY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KvPauseScene:language: (nullable)
   *
   * The kiosk's language; the texts follow its changes.
   */
  properties[PROP_LANGUAGE] =
    g_param_spec_object ("language", NULL, NULL, KV_TYPE_LANGUAGE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  kv_ui_init ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               KV_UI_RESOURCE_PREFIX "/kv-pause-scene.ui");
  gtk_widget_class_bind_template_child (widget_class, KvPauseScene, picture);
  gtk_widget_class_bind_template_child (widget_class, KvPauseScene, title_label);
  gtk_widget_class_bind_template_child (widget_class, KvPauseScene, caption_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kv-pause-scene");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kv_pause_scene_init (KvPauseScene *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kv_ui_picture_show_while_mapped (GTK_PICTURE (self->picture), "scenes/little-break.svg");
  update_texts (self);
  update_role (self);
}

GtkWidget *
kv_pause_scene_new (void)
{
  return g_object_new (KV_TYPE_PAUSE_SCENE, NULL);
}

const char *
kv_pause_scene_get_peer_label (KvPauseScene *self)
{
  g_return_val_if_fail (KV_IS_PAUSE_SCENE (self), NULL);
  return self->peer_label;
}

void
kv_pause_scene_set_peer_label (KvPauseScene *self,
                               const char   *peer_label)
{
  g_return_if_fail (KV_IS_PAUSE_SCENE (self));

  if (replace_string (&self->peer_label, peer_label))
    {
      update_texts (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER_LABEL]);
    }
}

gboolean
kv_pause_scene_get_paused_here (KvPauseScene *self)
{
  g_return_val_if_fail (KV_IS_PAUSE_SCENE (self), FALSE);
  return self->paused_here;
}

void
kv_pause_scene_set_paused_here (KvPauseScene *self,
                                gboolean      paused_here)
{
  g_return_if_fail (KV_IS_PAUSE_SCENE (self));

  paused_here = !!paused_here;
  if (self->paused_here == paused_here)
    return;
  self->paused_here = paused_here;
  update_texts (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED_HERE]);
}

KvRole
kv_pause_scene_get_role (KvPauseScene *self)
{
  g_return_val_if_fail (KV_IS_PAUSE_SCENE (self), KV_ROLE_COMMUNITY);
  return self->role;
}

void
kv_pause_scene_set_role (KvPauseScene *self,
                         KvRole        role)
{
  g_return_if_fail (KV_IS_PAUSE_SCENE (self));

  if (self->role == role)
    return;
  self->role = role;
  update_role (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
}

KvLanguage *
kv_pause_scene_get_language (KvPauseScene *self)
{
  g_return_val_if_fail (KV_IS_PAUSE_SCENE (self), NULL);
  return self->language;
}

void
kv_pause_scene_set_language (KvPauseScene *self,
                             KvLanguage   *language)
{
  g_return_if_fail (KV_IS_PAUSE_SCENE (self));
  g_return_if_fail (language == NULL || KV_IS_LANGUAGE (language));

  if (kv_language_follow (&self->language, language, self, G_CALLBACK (update_texts)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}
