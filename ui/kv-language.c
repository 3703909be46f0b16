/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-language.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "kv-shipped-languages.h"
#include "kv-ui.h"

/**
 * KvLanguage:
 *
 * The language the kiosk speaks, switchable at run time by the child's
 * language button. Switching sets gettext's LANGUAGE and flushes its
 * catalogue cache, and sets GTK's default text direction (right to left
 * for Arabic), which GTK passes on to every widget that exists; widgets
 * listen to #KvLanguage:current and set their texts again.
 *
 * Each kiosk has its own: nothing ties it to the other side's language.
 */

enum {
  PROP_0,
  PROP_AVAILABLE,
  PROP_CURRENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvLanguage
{
  GObject   parent_instance;

  GStrv     available;
  char     *current;
};

G_DEFINE_FINAL_TYPE (KvLanguage, kv_language, G_TYPE_OBJECT)

/* GTK mirrors every widget whose direction was not set on its own: boxes
 * and grids lay out from the right, labels align to the right, and the
 * kiosk's own drawings (the sky timer, the sleeps until a visit) read
 * the direction when they draw. */
static void
apply_direction (const char *code)
{
  GtkTextDirection direction = kv_language_is_right_to_left (code) ? GTK_TEXT_DIR_RTL
                                                                   : GTK_TEXT_DIR_LTR;

  if (gtk_widget_get_default_direction () != direction)
    gtk_widget_set_default_direction (direction);
}

static void
apply_to_gettext (const char *code)
{
  const char *messages = setlocale (LC_MESSAGES, NULL);

  /* gettext ignores LANGUAGE in the "C" locale; a kiosk started by systemd
   * often has no locale at all. C.UTF-8 is always there on Debian. */
  if (messages == NULL || g_str_equal (messages, "C") || g_str_equal (messages, "POSIX"))
    setlocale (LC_MESSAGES, "C.UTF-8");

  g_setenv ("LANGUAGE", code, TRUE);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  /* Setting the text domain again invalidates gettext's cache of looked-up
   * messages, so the next _() uses the new language. */
  textdomain (GETTEXT_PACKAGE);
}

static void
kv_language_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  KvLanguage *self = KV_LANGUAGE (object);

  switch (prop_id)
    {
    case PROP_AVAILABLE:
      g_value_set_boxed (value, self->available);
      break;
    case PROP_CURRENT:
      g_value_set_string (value, self->current);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_language_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  KvLanguage *self = KV_LANGUAGE (object);

  switch (prop_id)
    {
    case PROP_AVAILABLE:
      self->available = g_value_dup_boxed (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_language_constructed (GObject *object)
{
  KvLanguage *self = KV_LANGUAGE (object);

  G_OBJECT_CLASS (kv_language_parent_class)->constructed (object);

  if (self->available == NULL || self->available[0] == NULL)
    {
      g_clear_pointer (&self->available, g_strfreev);
      self->available = g_strsplit ("en", ";", -1);
    }
}

static void
kv_language_finalize (GObject *object)
{
  KvLanguage *self = KV_LANGUAGE (object);

  g_clear_pointer (&self->available, g_strfreev);
  g_clear_pointer (&self->current, g_free);

  G_OBJECT_CLASS (kv_language_parent_class)->finalize (object);
}

static void
kv_language_class_init (KvLanguageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kv_language_get_property;
  object_class->set_property = kv_language_set_property;
  object_class->constructed = kv_language_constructed;
  object_class->finalize = kv_language_finalize;

  /**
   * KvLanguage:available:
   *
   * The language codes offered on the language button, e.g. en, fr, pl, hr.
   */
  properties[PROP_AVAILABLE] =
    g_param_spec_boxed ("available", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * KvLanguage:current:
   *
   * The language the kiosk speaks now.
   */
  properties[PROP_CURRENT] =
    g_param_spec_string ("current", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_language_init (KvLanguage *self)
{
}

/**
 * kv_language_new:
 * @available: the offered language codes; %NULL means English only
 * @initial: the language to start with; falls back to the first offered
 */
KvLanguage *
kv_language_new (const char * const *available,
                 const char         *initial)
{
  KvLanguage *self = g_object_new (KV_TYPE_LANGUAGE, "available", available, NULL);

  if (initial == NULL || !kv_language_set_current (self, initial, NULL))
    kv_language_set_current (self, self->available[0], NULL);
  return self;
}

const char *
kv_language_get_current (KvLanguage *self)
{
  g_return_val_if_fail (KV_IS_LANGUAGE (self), NULL);
  return self->current;
}

const char * const *
kv_language_get_available (KvLanguage *self)
{
  g_return_val_if_fail (KV_IS_LANGUAGE (self), NULL);
  return (const char * const *) self->available;
}

/**
 * kv_language_set_current:
 * @code: one of the available codes (it comes from a button press, so an
 *   unknown one is an error, not a crash)
 */
gboolean
kv_language_set_current (KvLanguage  *self,
                         const char  *code,
                         GError     **error)
{
  g_return_val_if_fail (KV_IS_LANGUAGE (self), FALSE);

  if (code == NULL || !g_strv_contains ((const char * const *) self->available, code))
    {
      g_set_error (error, KV_UI_ERROR, KV_UI_ERROR_UNKNOWN_LANGUAGE,
                   "The language “%s” is not offered on this kiosk", code ? code : "");
      return FALSE;
    }

  apply_to_gettext (code);
  apply_direction (code);
  if (g_strcmp0 (self->current, code) == 0)
    return TRUE;

  g_free (self->current);
  self->current = g_strdup (code);
  g_debug ("Language is now %s", code);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
  return TRUE;
}

/**
 * kv_language_get_native_name:
 *
 * Returns: the language's name in itself ("Français"), as its catalogue
 * gives it (X-Language-Name), never translated and never a flag: flags
 * are about countries, and they are political. A language the kiosk does
 * not ship shows its code.
 */
const char *
kv_language_get_native_name (const char *code)
{
  const KvShippedLanguage *language = kv_shipped_languages_lookup (code);

  return language != NULL ? language->name : code;
}

/**
 * kv_language_is_right_to_left:
 *
 * Returns: whether @code is written from the right (Arabic); %FALSE for a
 *   language the kiosk does not ship
 */
gboolean
kv_language_is_right_to_left (const char *code)
{
  const KvShippedLanguage *language = kv_shipped_languages_lookup (code);

  return language != NULL && language->right_to_left;
}

/**
 * kv_language_follow:
 * @slot: where @widget keeps its language (a #KvLanguage pointer)
 * @language: (nullable): the language to follow from now on
 * @widget: the object whose texts follow it
 * @update: called with @widget now and whenever the current language changes
 *
 * What every widget with a "language" property does when it is set: stop
 * following the language in @slot, follow @language instead, and show its
 * texts in it.
 *
 * Returns: %FALSE if @language was already the one in @slot (nothing done)
 */
gboolean
kv_language_follow (KvLanguage **slot,
                    KvLanguage  *language,
                    gpointer     widget,
                    GCallback    update)
{
  g_return_val_if_fail (slot != NULL, FALSE);
  g_return_val_if_fail (language == NULL || KV_IS_LANGUAGE (language), FALSE);

  if (*slot == language)
    return FALSE;
  if (*slot != NULL)
    g_signal_handlers_disconnect_by_func (*slot, update, widget);
  g_set_object (slot, language);
  if (language != NULL)
    g_signal_connect_object (language, "notify::current", update, widget, G_CONNECT_SWAPPED);
  ((void (*) (gpointer)) update) (widget);
  return TRUE;
}
