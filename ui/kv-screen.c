/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-screen.h"

#include "kv-ui.h"

/**
 * KvScreen:
 *
 * The base of the kiosk's screens (idle, waiting, visit, reconnecting,
 * goodbye, after, unavailable): the "controller" and "language" they are
 * made with (construct-only), and the plumbing each of them repeated:
 * KvScreenClass.update() runs once the screen is made, when the language
 * changes and when a property of the controller the screen watches
 * (kv_screen_class_set_watched()) changes. Disposing unparents the
 * screen's children; a screen with a template disposes it first.
 *
 * #KvScreen:compact says the kiosk's screen is small (set by #KvWindow);
 * a screen whose pictures have fixed sizes shrinks them in its update().
 *
 * #KvScreen:few-words says the screen is for a very young child: the
 * child's side (community kiosk) of a booking whose youngest child is
 * 0-3. Toddlers do not read, and sentences on their screen only compete
 * with the pictures, the sky timer and the big shapes that carry the
 * meaning; a screen then shows at most a word or two (the parent's label)
 * and hides its sentences and hints, in its update(). Staff's words stay,
 * and so do the words the accompanying adult needs about the room (the
 * supervision sign, the time lost), and every accessible name. The
 * screen also has the style class "very-young" for style.css. The prison
 * side (the parent) keeps every word.
 */

enum {
  PROP_0,
  PROP_CONTROLLER,
  PROP_LANGUAGE,
  PROP_COMPACT,
  PROP_FEW_WORDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  KvVisitController *controller;
  KvLanguage        *language;
  gboolean           compact;
  gboolean           few_words;
} KvScreenPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (KvScreen, kv_screen, GTK_TYPE_WIDGET)

static void
update (KvScreen *self)
{
  KvScreenClass *klass = KV_SCREEN_GET_CLASS (self);

  if (klass->update != NULL)
    klass->update (self);
}

/* The one place that says who gets fewer words: the child's side of a
 * visit with a child of 0-3 (the controller's band is the visit on screen
 * or, between visits, the next one). */
static gboolean
wants_few_words (KvVisitController *controller)
{
  return kv_visit_controller_get_role (controller) == KV_ROLE_COMMUNITY &&
         kv_visit_controller_get_age_band (controller) == KV_AGE_BAND_0_3;
}

static void
set_few_words (KvScreen *self,
               gboolean  few_words)
{
  KvScreenPrivate *priv = kv_screen_get_instance_private (self);

  if (priv->few_words == few_words)
    return;
  priv->few_words = few_words;
  if (few_words)
    gtk_widget_add_css_class (GTK_WIDGET (self), "very-young");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "very-young");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FEW_WORDS]);
}

static void
on_audience_changed (KvScreen *self)
{
  KvScreenPrivate *priv = kv_screen_get_instance_private (self);
  gboolean few_words = wants_few_words (priv->controller);

  if (priv->few_words == few_words)
    return;
  set_few_words (self, few_words);
  update (self);
}

static void
kv_screen_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  KvScreenPrivate *priv = kv_screen_get_instance_private (KV_SCREEN (object));

  switch (prop_id)
    {
    case PROP_CONTROLLER:
      g_value_set_object (value, priv->controller);
      break;
    case PROP_LANGUAGE:
      g_value_set_object (value, priv->language);
      break;
    case PROP_COMPACT:
      g_value_set_boolean (value, priv->compact);
      break;
    case PROP_FEW_WORDS:
      g_value_set_boolean (value, priv->few_words);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_screen_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  KvScreenPrivate *priv = kv_screen_get_instance_private (KV_SCREEN (object));

  switch (prop_id)
    {
    case PROP_CONTROLLER:
      priv->controller = g_value_dup_object (value);
      break;
    case PROP_LANGUAGE:
      priv->language = g_value_dup_object (value);
      break;
    case PROP_COMPACT:
      kv_screen_set_compact (KV_SCREEN (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_screen_constructed (GObject *object)
{
  KvScreen *self = KV_SCREEN (object);
  KvScreenPrivate *priv = kv_screen_get_instance_private (self);
  const char * const *watched = KV_SCREEN_GET_CLASS (self)->watched;

  G_OBJECT_CLASS (kv_screen_parent_class)->constructed (object);

  /* gtk4-builder-tool validates a screen's template by making a bare
   * subclass of KvScreen with neither: such a screen stays empty. */
  if (priv->controller == NULL || priv->language == NULL)
    return;

  /* Before the screen's own watches, so that its update() sees the new
   * value when it watches the age band too. */
  set_few_words (self, wants_few_words (priv->controller));
  g_signal_connect_object (priv->controller, "notify::role", G_CALLBACK (on_audience_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (priv->controller, "notify::age-band", G_CALLBACK (on_audience_changed),
                           self, G_CONNECT_SWAPPED);

  for (guint i = 0; watched != NULL && watched[i] != NULL; i++)
    {
      g_autofree char *signal = g_strconcat ("notify::", watched[i], NULL);

      g_signal_connect_object (priv->controller, signal, G_CALLBACK (update), self,
                               G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (priv->language, "notify::current", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  update (self);
}

static void
kv_screen_dispose (GObject *object)
{
  KvScreenPrivate *priv = kv_screen_get_instance_private (KV_SCREEN (object));

  kv_ui_unparent_children (GTK_WIDGET (object));
  g_clear_object (&priv->controller);
  g_clear_object (&priv->language);

  G_OBJECT_CLASS (kv_screen_parent_class)->dispose (object);
}

static void
kv_screen_class_init (KvScreenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kv_screen_get_property;
  object_class->set_property = kv_screen_set_property;
  object_class->constructed = kv_screen_constructed;
  object_class->dispose = kv_screen_dispose;

  /**
   * KvScreen:controller:
   *
   * The visit controller the screen shows.
   */
  properties[PROP_CONTROLLER] =
    g_param_spec_object ("controller", NULL, NULL, KV_TYPE_VISIT_CONTROLLER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvScreen:language:
   *
   * The language the kiosk speaks now.
   */
  properties[PROP_LANGUAGE] =
    g_param_spec_object ("language", NULL, NULL, KV_TYPE_LANGUAGE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvScreen:compact:
   *
   * The kiosk's screen is small (640 x 480, a 1024 x 600 panel): pictures
   * with a fixed size are shown smaller, children's controls stay at
   * least 96 px.
   */
  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KvScreen:few-words:
   *
   * The screen is for a very young child (the community kiosk, a child of
   * 0-3): pictures carry the meaning, and the screen shows at most a word
   * or two. Follows the controller's role and age band.
   */
  properties[PROP_FEW_WORDS] =
    g_param_spec_boolean ("few-words", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_screen_init (KvScreen *self)
{
}

/**
 * kv_screen_class_set_watched:
 * @klass: a screen's class
 * @watched: (array zero-terminated=1): names of the controller's
 *   properties whose change updates the screen (static)
 */
void
kv_screen_class_set_watched (KvScreenClass      *klass,
                             const char * const *watched)
{
  g_return_if_fail (KV_IS_SCREEN_CLASS (klass));

  klass->watched = watched;
}

/**
 * kv_screen_get_controller:
 * @self: a #KvScreen
 *
 * Returns: (transfer none): the visit controller the screen shows
 */
KvVisitController *
kv_screen_get_controller (KvScreen *self)
{
  KvScreenPrivate *priv;

  g_return_val_if_fail (KV_IS_SCREEN (self), NULL);

  priv = kv_screen_get_instance_private (self);
  return priv->controller;
}

/**
 * kv_screen_get_language:
 * @self: a #KvScreen
 *
 * Returns: (transfer none): the kiosk's language
 */
KvLanguage *
kv_screen_get_language (KvScreen *self)
{
  KvScreenPrivate *priv;

  g_return_val_if_fail (KV_IS_SCREEN (self), NULL);

  priv = kv_screen_get_instance_private (self);
  return priv->language;
}

gboolean
kv_screen_get_compact (KvScreen *self)
{
  KvScreenPrivate *priv;

  g_return_val_if_fail (KV_IS_SCREEN (self), FALSE);

  priv = kv_screen_get_instance_private (self);
  return priv->compact;
}

/**
 * kv_screen_get_few_words:
 * @self: a #KvScreen
 *
 * Returns: whether the screen shows a very young child few words (see
 *   #KvScreen:few-words)
 */
gboolean
kv_screen_get_few_words (KvScreen *self)
{
  KvScreenPrivate *priv;

  g_return_val_if_fail (KV_IS_SCREEN (self), FALSE);

  priv = kv_screen_get_instance_private (self);
  return priv->few_words;
}

/**
 * kv_screen_set_compact:
 * @self: a #KvScreen
 * @compact: see #KvScreen:compact
 */
void
kv_screen_set_compact (KvScreen *self,
                       gboolean  compact)
{
  KvScreenPrivate *priv;

  g_return_if_fail (KV_IS_SCREEN (self));

  priv = kv_screen_get_instance_private (self);
  compact = !!compact;
  if (priv->compact == compact)
    return;
  priv->compact = compact;
  if (priv->controller != NULL && priv->language != NULL)
    update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPACT]);
}
