/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-config"

#include "config.h"

#include "kv-kiosk-config.h"

#include "kv-config-loader.h"
#include "kv-core-enums.h"
#include "kv-pin.h"
#include "kv-secrets.h"
#include "kv-shipped-languages.h"

#include <string.h>

/**
 * KvKioskConfig:
 *
 * A kiosk's validated configuration. Built only by the loaders below and
 * immutable afterwards: every property is read-only, so the visit
 * controller, the call engine and the signalling client can share one
 * instance without anyone changing the rules under the others.
 *
 * Secrets (device token, staff PIN hash) come from a separate file and have
 * getters only, no properties.
 */

enum {
  PROP_0,
  PROP_ROLE,
  PROP_SERVER_URL,
  PROP_ALLOW_INSECURE,
  PROP_CA_FILE,
  PROP_LABEL,
  PROP_LANGUAGE,
  PROP_LANGUAGES,
  PROP_HIDE_CURSOR,
  PROP_HIGH_CONTRAST,
  PROP_SUPERVISED,
  PROP_LARGE_TEXT,
  PROP_HEARTBEAT_SECONDS,
  PROP_PIN_ATTEMPTS,
  PROP_PIN_LOCKOUT_MINUTES,
  PROP_ROSTER_FILE,
  PROP_MEDIA,
  PROP_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvKioskConfig
{
  GObject parent_instance;

  KvRole         role;
  char          *server_url;
  gboolean       allow_insecure;
  char          *ca_file;
  char          *label;
  char          *language;
  GStrv          languages;
  gboolean       hide_cursor;
  gboolean       high_contrast;
  gboolean       supervised;
  gboolean       large_text;
  guint          heartbeat_seconds;
  guint          pin_attempts;
  guint          pin_lockout_minutes;
  char          *roster_file;
  KvMediaConfig *media;
  char          *source;

  char          *device_token;
  char          *staff_pin_hash;
};

G_DEFINE_FINAL_TYPE (KvKioskConfig, kv_kiosk_config, G_TYPE_OBJECT)

static const char * const known_groups[] = { "kiosk", "staff", "media", NULL };
static const char * const kiosk_keys[] = {
  "role", "server-url", "allow-insecure", "ca-file", "label", "language", "languages",
  "hide-cursor", "high-contrast", "large-text", "heartbeat-seconds", "secrets-file",
  "supervised", NULL
};
static const char * const staff_keys[] = {
  "pin-attempts", "pin-lockout-minutes", "roster-file", NULL
};
static const char * const secret_keys[] = { "device-token", "staff-pin-hash", NULL };

/* Each kiosk chooses its own languages: nothing here or in the protocol
 * ties a kiosk's language to the other side's, so the child's and the
 * parent's kiosks can speak differently. */
static gboolean
parse_languages (KvKioskConfig *self,
                 KvConfigFile  *file,
                 GError       **error)
{
  g_autofree char *shipped = kv_shipped_languages_describe ();

  if (!kv_config_file_get_string_list (file, "kiosk", "languages",
                                       kv_shipped_languages_get_codes (),
                                       &self->languages, error) ||
      !kv_config_file_get_string (file, "kiosk", "language", "en", &self->language, error))
    return FALSE;

  if (self->languages[0] == NULL)
    {
      kv_config_file_set_error (file, error, KV_CONFIG_ERROR_INVALID_VALUE, "kiosk",
                                "languages", "languages is empty (use some of %s, or leave "
                                "it out for all of them)", shipped);
      return FALSE;
    }

  for (guint i = 0; self->languages[i] != NULL; i++)
    {
      g_autofree char *quoted = kv_config_quote (self->languages[i]);

      if (kv_shipped_languages_lookup (self->languages[i]) == NULL)
        {
          kv_config_file_set_error (file, error, KV_CONFIG_ERROR_INVALID_VALUE, "kiosk",
                                    "languages", "languages entry '%s' is not a language "
                                    "of this kiosk (use %s)", quoted, shipped);
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        {
          if (g_str_equal (self->languages[i], self->languages[j]))
            {
              kv_config_file_set_error (file, error, KV_CONFIG_ERROR_INVALID_VALUE, "kiosk",
                                        "languages", "languages lists '%s' twice", quoted);
              return FALSE;
            }
        }
    }

  if (!g_strv_contains ((const char * const *) self->languages, self->language))
    {
      g_autofree char *quoted = kv_config_quote (self->language);

      kv_config_file_set_error (file, error, KV_CONFIG_ERROR_INVALID_VALUE, "kiosk",
                                "language", "language=%s is not one of languages (use "
                                "one of %s, and list it in languages)", quoted, shipped);
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_kiosk_group (KvKioskConfig *self,
                   KvConfigFile  *file,
                   gboolean       from_disk,
                   GError       **error)
{
  g_autofree char *role_name = NULL;
  g_autofree char *ca_file = NULL;

  if (!kv_config_file_require_string (file, "kiosk", "role", &role_name, error))
    return FALSE;
  if (!kv_role_from_string (role_name, &self->role))
    {
      g_autofree char *quoted = kv_config_quote (role_name);

      kv_config_file_set_error (file, error, KV_CONFIG_ERROR_INVALID_VALUE, "kiosk", "role",
                                "role=%s is not allowed (use community or prison)", quoted);
      return FALSE;
    }

  if (!kv_config_file_get_boolean (file, "kiosk", "allow-insecure", FALSE,
                                   &self->allow_insecure, error) ||
      !kv_config_file_get_websocket_url (file, "kiosk", "server-url", self->allow_insecure,
                                         &self->server_url, error) ||
      !kv_config_file_get_string (file, "kiosk", "ca-file", NULL, &ca_file, error) ||
      !kv_config_file_get_string (file, "kiosk", "label", NULL, &self->label, error) ||
      !parse_languages (self, file, error) ||
      !kv_config_file_get_boolean (file, "kiosk", "hide-cursor", TRUE,
                                   &self->hide_cursor, error) ||
      !kv_config_file_get_boolean (file, "kiosk", "high-contrast", FALSE,
                                   &self->high_contrast, error) ||
      !kv_config_file_get_boolean (file, "kiosk", "large-text", FALSE,
                                   &self->large_text, error) ||
      !kv_config_file_get_uint (file, "kiosk", "heartbeat-seconds",
                                KV_KIOSK_CONFIG_DEFAULT_HEARTBEAT_SECONDS,
                                KV_KIOSK_CONFIG_MIN_HEARTBEAT_SECONDS,
                                KV_KIOSK_CONFIG_MAX_HEARTBEAT_SECONDS,
                                &self->heartbeat_seconds, error) ||
      !kv_config_file_get_boolean (file, "kiosk", "supervised", FALSE, &self->supervised, error))
    return FALSE;

  /* Only a visit room in a prison has a helper who sees and hears the
   * visit; the community kiosk's sign says so of the prison side. */
  if (self->supervised && self->role != KV_ROLE_PRISON)
    {
      kv_config_file_set_error (file, error, KV_CONFIG_ERROR_INVALID_VALUE, "kiosk", "supervised",
                                "supervised=true is only for role=prison (this kiosk is %s)",
                                kv_role_to_string (self->role));
      return FALSE;
    }

  if (self->label != NULL && g_utf8_strlen (self->label, -1) > KV_KIOSK_CONFIG_LABEL_MAX_CHARS)
    {
      kv_config_file_set_error (file, error, KV_CONFIG_ERROR_OUT_OF_RANGE, "kiosk", "label",
                                "label is longer than %d characters",
                                KV_KIOSK_CONFIG_LABEL_MAX_CHARS);
      return FALSE;
    }

  if (ca_file != NULL)
    {
      self->ca_file = kv_config_file_resolve_path (file, "kiosk", "ca-file", ca_file);
      if (from_disk && !g_file_test (self->ca_file, G_FILE_TEST_IS_REGULAR))
        {
          kv_config_file_set_error (file, error, KV_CONFIG_ERROR_NOT_FOUND, "kiosk", "ca-file",
                                    "ca-file=%s does not exist", self->ca_file);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
take_secrets (GObject    *object,
              KvSecrets  *secrets,
              GError    **error)
{
  KvKioskConfig *self = KV_KIOSK_CONFIG (object);
  g_autoptr(GError) local_error = NULL;

  self->device_token = kv_secrets_dup_required (secrets, "device-token", &local_error);
  if (self->device_token == NULL)
    {
      g_set_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_SECRETS_MISSING,
                   "%s (the server prints a device token once: kinvisitctl kiosk add)",
                   local_error->message);
      return FALSE;
    }

  self->staff_pin_hash = kv_secrets_dup_required (secrets, "staff-pin-hash", &local_error);
  if (self->staff_pin_hash == NULL)
    {
      g_set_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_SECRETS_MISSING,
                   "%s (make one with: kinvisitctl pin-hash)", local_error->message);
      return FALSE;
    }
  if (!kv_pin_hash_validate (self->staff_pin_hash, &local_error))
    {
      g_set_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_INVALID_VALUE,
                   "%s: [secrets] staff-pin-hash is not usable: %s (make one with: "
                   "kinvisitctl pin-hash)", kv_secrets_get_display_name (secrets),
                   local_error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse (GObject       *object,
       KvConfigFile  *file,
       gboolean       from_disk,
       GError       **error)
{
  KvKioskConfig *self = KV_KIOSK_CONFIG (object);
  g_autofree char *roster_file = NULL;

  self->source = g_strdup (kv_config_file_get_display_name (file));

  if (!kv_config_file_check_groups (file, known_groups, error) ||
      !kv_config_file_check_keys (file, "kiosk", kiosk_keys, error) ||
      !kv_config_file_check_keys (file, "staff", staff_keys, error) ||
      !parse_kiosk_group (self, file, from_disk, error))
    return FALSE;

  if (!kv_config_file_get_uint (file, "staff", "pin-attempts",
                                KV_KIOSK_CONFIG_DEFAULT_PIN_ATTEMPTS, 1,
                                KV_KIOSK_CONFIG_MAX_PIN_ATTEMPTS, &self->pin_attempts, error) ||
      !kv_config_file_get_uint (file, "staff", "pin-lockout-minutes",
                                KV_KIOSK_CONFIG_DEFAULT_PIN_LOCKOUT_MINUTES, 1,
                                KV_KIOSK_CONFIG_MAX_PIN_LOCKOUT_MINUTES,
                                &self->pin_lockout_minutes, error) ||
      !kv_config_file_get_string (file, "staff", "roster-file", NULL, &roster_file, error))
    return FALSE;

  /* The last staff roster from the server, kept so the staff panel opens
   * while the server cannot be reached. */
  if (roster_file != NULL)
    self->roster_file = kv_config_file_resolve_path (file, "staff", "roster-file", roster_file);
  else
    self->roster_file = g_build_filename (g_get_user_state_dir (), "kinvisit",
                                          "staff-roster.json", NULL);

  self->media = kv_media_config_new_from_config_file (file, error);
  return self->media != NULL;
}

static const KvConfigLoader loader = {
  .name = "kiosk",
  .default_secrets_file = "kiosk.secrets",
  .secret_keys = secret_keys,
  .get_type = kv_kiosk_config_get_type,
  .parse = parse,
  .take_secrets = take_secrets,
};

static void
kv_kiosk_config_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KvKioskConfig *self = KV_KIOSK_CONFIG (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case PROP_ALLOW_INSECURE:
      g_value_set_boolean (value, self->allow_insecure);
      break;
    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    case PROP_LANGUAGES:
      g_value_set_boxed (value, self->languages);
      break;
    case PROP_HIDE_CURSOR:
      g_value_set_boolean (value, self->hide_cursor);
      break;
    case PROP_HIGH_CONTRAST:
      g_value_set_boolean (value, self->high_contrast);
      break;
    case PROP_SUPERVISED:
      g_value_set_boolean (value, self->supervised);
      break;
    case PROP_LARGE_TEXT:
      g_value_set_boolean (value, self->large_text);
      break;
    case PROP_HEARTBEAT_SECONDS:
      g_value_set_uint (value, self->heartbeat_seconds);
      break;
    case PROP_PIN_ATTEMPTS:
      g_value_set_uint (value, self->pin_attempts);
      break;
    case PROP_PIN_LOCKOUT_MINUTES:
      g_value_set_uint (value, self->pin_lockout_minutes);
      break;
    case PROP_ROSTER_FILE:
      g_value_set_string (value, self->roster_file);
      break;
    case PROP_MEDIA:
      g_value_set_boxed (value, self->media);
      break;
    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_kiosk_config_finalize (GObject *object)
{
  KvKioskConfig *self = KV_KIOSK_CONFIG (object);

  g_free (self->server_url);
  g_free (self->ca_file);
  g_free (self->roster_file);
  g_free (self->label);
  g_free (self->language);
  g_strfreev (self->languages);
  g_clear_pointer (&self->media, kv_media_config_free);
  g_free (self->source);
  kv_secrets_clear_value (&self->device_token);
  kv_secrets_clear_value (&self->staff_pin_hash);

  G_OBJECT_CLASS (kv_kiosk_config_parent_class)->finalize (object);
}

static GParamSpec *
string_property (const char *name,
                 const char *blurb)
{
  return g_param_spec_string (name, NULL, blurb, NULL,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
boolean_property (const char *name,
                  const char *blurb,
                  gboolean    default_value)
{
  return g_param_spec_boolean (name, NULL, blurb, default_value,
                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
uint_property (const char *name,
               const char *blurb,
               guint       min,
               guint       max,
               guint       default_value)
{
  return g_param_spec_uint (name, NULL, blurb, min, max, default_value,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
kv_kiosk_config_class_init (KvKioskConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kv_kiosk_config_get_property;
  object_class->finalize = kv_kiosk_config_finalize;

  /* All properties are read-only: the configuration cannot change once
   * loaded (a restart applies a new one). */
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, "Which side of a visit this kiosk is on",
                       KV_TYPE_ROLE, KV_ROLE_COMMUNITY,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_URL] = string_property ("server-url", "The server's WebSocket URL");
  properties[PROP_ALLOW_INSECURE] =
    boolean_property ("allow-insecure", "Whether ws:// to a remote host is allowed", FALSE);
  properties[PROP_CA_FILE] = string_property ("ca-file", "PEM file of the CA to pin, or NULL");
  properties[PROP_LABEL] = string_property ("label", "Staff-facing name of this kiosk, or NULL");
  properties[PROP_LANGUAGE] = string_property ("language", "Language at start-up");
  properties[PROP_LANGUAGES] =
    g_param_spec_boxed ("languages", NULL, "Languages offered on the language button",
                        G_TYPE_STRV, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIDE_CURSOR] = boolean_property ("hide-cursor", "Hide the pointer", TRUE);
  properties[PROP_HIGH_CONTRAST] =
    boolean_property ("high-contrast", "Start in high contrast", FALSE);
  properties[PROP_SUPERVISED] =
    boolean_property ("supervised",
                      "Whether this prison kiosk's room is supervised (a helper sees and hears)",
                      FALSE);
  properties[PROP_LARGE_TEXT] = boolean_property ("large-text", "Start with large text", FALSE);
  properties[PROP_HEARTBEAT_SECONDS] =
    uint_property ("heartbeat-seconds", "Seconds between pings to the server",
                   KV_KIOSK_CONFIG_MIN_HEARTBEAT_SECONDS, KV_KIOSK_CONFIG_MAX_HEARTBEAT_SECONDS,
                   KV_KIOSK_CONFIG_DEFAULT_HEARTBEAT_SECONDS);
  properties[PROP_PIN_ATTEMPTS] =
    uint_property ("pin-attempts", "Wrong staff PINs before a lockout", 1,
                   KV_KIOSK_CONFIG_MAX_PIN_ATTEMPTS, KV_KIOSK_CONFIG_DEFAULT_PIN_ATTEMPTS);
  properties[PROP_PIN_LOCKOUT_MINUTES] =
    uint_property ("pin-lockout-minutes", "How long the staff PIN is locked", 1,
                   KV_KIOSK_CONFIG_MAX_PIN_LOCKOUT_MINUTES,
                   KV_KIOSK_CONFIG_DEFAULT_PIN_LOCKOUT_MINUTES);
  properties[PROP_ROSTER_FILE] =
    string_property ("roster-file", "Where the last staff roster from the server is kept");
  properties[PROP_MEDIA] =
    g_param_spec_boxed ("media", NULL, "The call engine's settings ([media])",
                        KV_TYPE_MEDIA_CONFIG, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE] = string_property ("source", "Where the configuration came from");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_kiosk_config_init (KvKioskConfig *self)
{
}

/**
 * kv_kiosk_config_new_from_file:
 * @path: a configuration file (`--config FILE`)
 * @error: return location for a #KV_CONFIG_ERROR
 *
 * Returns: (transfer full): the configuration, or %NULL
 */
KvKioskConfig *
kv_kiosk_config_new_from_file (const char  *path,
                               GError     **error)
{
  return kv_config_loader_load_path (&loader, path, error);
}

/**
 * kv_kiosk_config_new_from_dir:
 * @dir: a configuration directory holding kiosk.conf and kiosk.conf.d/
 * @error: return location for a #KV_CONFIG_ERROR
 *
 * Returns: (transfer full): the configuration, or %NULL
 */
KvKioskConfig *
kv_kiosk_config_new_from_dir (const char  *dir,
                              GError     **error)
{
  return kv_config_loader_load_dir (&loader, dir, error);
}

/**
 * kv_kiosk_config_load:
 * @config_path: (nullable): the `--config FILE` argument, or %NULL for the
 *   system configuration in KV_SYSCONFDIR
 * @error: return location for a #KV_CONFIG_ERROR
 *
 * Returns: (transfer full): the configuration, or %NULL
 */
KvKioskConfig *
kv_kiosk_config_load (const char  *config_path,
                      GError     **error)
{
  return kv_config_loader_load (&loader, config_path, error);
}

/**
 * kv_kiosk_config_new_from_data:
 * @data: the configuration text; any bytes
 * @length: length of @data
 * @secrets_data: (nullable): the secrets file's text, NUL-terminated
 * @error: return location for a #KV_CONFIG_ERROR
 *
 * Nothing is read from disk, so tests and fuzzers can use it freely; file
 * names (ca-file) are kept as written.
 *
 * Returns: (transfer full): the configuration, or %NULL
 */
KvKioskConfig *
kv_kiosk_config_new_from_data (const char  *data,
                               gsize        length,
                               const char  *secrets_data,
                               GError     **error)
{
  return kv_config_loader_load_data (&loader, data, length, secrets_data, error);
}

#define GETTER(type, name, fallback)                                        \
  type                                                                      \
  kv_kiosk_config_get_##name (KvKioskConfig *self)                          \
  {                                                                         \
    g_return_val_if_fail (KV_IS_KIOSK_CONFIG (self), fallback);             \
    return self->name;                                                      \
  }

GETTER (KvRole, role, KV_ROLE_COMMUNITY)
GETTER (const char *, server_url, NULL)
GETTER (gboolean, allow_insecure, FALSE)
GETTER (const char *, ca_file, NULL)
GETTER (const char *, label, NULL)
GETTER (const char *, language, NULL)
GETTER (gboolean, hide_cursor, TRUE)
GETTER (gboolean, high_contrast, FALSE)
GETTER (gboolean, supervised, FALSE)
GETTER (gboolean, large_text, FALSE)
GETTER (guint, heartbeat_seconds, KV_KIOSK_CONFIG_DEFAULT_HEARTBEAT_SECONDS)
GETTER (guint, pin_attempts, KV_KIOSK_CONFIG_DEFAULT_PIN_ATTEMPTS)
GETTER (guint, pin_lockout_minutes, KV_KIOSK_CONFIG_DEFAULT_PIN_LOCKOUT_MINUTES)
GETTER (const char *, source, NULL)
GETTER (const char *, roster_file, NULL)

#undef GETTER

const char * const *
kv_kiosk_config_get_languages (KvKioskConfig *self)
{
  g_return_val_if_fail (KV_IS_KIOSK_CONFIG (self), NULL);
  return (const char * const *) self->languages;
}

/**
 * kv_kiosk_config_get_media:
 * @self: a kiosk configuration
 *
 * Returns: (transfer none): the call engine's settings, owned by @self
 */
const KvMediaConfig *
kv_kiosk_config_get_media (KvKioskConfig *self)
{
  g_return_val_if_fail (KV_IS_KIOSK_CONFIG (self), NULL);
  return self->media;
}

/**
 * kv_kiosk_config_get_device_token:
 * @self: a kiosk configuration
 *
 * Returns: (nullable): the device token; %NULL only when loaded from data
 *   without secrets. A secret: never log it (see kv_redact_token()).
 */
const char *
kv_kiosk_config_get_device_token (KvKioskConfig *self)
{
  g_return_val_if_fail (KV_IS_KIOSK_CONFIG (self), NULL);
  return self->device_token;
}

/**
 * kv_kiosk_config_get_staff_pin_hash:
 * @self: a kiosk configuration
 *
 * Returns: (nullable): the staff PIN hash, already validated with
 *   kv_pin_hash_validate(); check PINs with kv_pin_verify()
 */
const char *
kv_kiosk_config_get_staff_pin_hash (KvKioskConfig *self)
{
  g_return_val_if_fail (KV_IS_KIOSK_CONFIG (self), NULL);
  return self->staff_pin_hash;
}
