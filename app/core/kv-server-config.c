/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-config"

#include "config.h"

#include "kv-server-config.h"

#include "kv-clock.h"
#include "kv-config-loader.h"
#include "kv-ice-url.h"
#include "kv-secrets.h"
#include "kv-site-rules-config.h"

#include <gio/gio.h>

#include <string.h>

/**
 * KvServerConfig:
 *
 * The server's validated configuration: where it listens and with which
 * certificate, its database, the site's scheduling rules, the TURN/STUN
 * servers handed to kiosks and how long records are kept ([retention]).
 * Immutable once loaded (all properties are read-only). The admin token
 * and the TURN shared secret have getters only.
 */

enum {
  PROP_0,
  PROP_LISTEN_ADDRESS,
  PROP_PORT,
  PROP_TLS_CERTIFICATE,
  PROP_TLS_KEY,
  PROP_ALLOW_INSECURE,
  PROP_DATABASE,
  PROP_SCHEDULE_DAYS,
  PROP_TURN_URLS,
  PROP_STUN_URLS,
  PROP_RETENTION_BOOKINGS_DAYS,
  PROP_RETENTION_AUDIT_DAYS,
  PROP_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvServerConfig
{
  GObject parent_instance;

  char        *listen_address;
  guint        port;
  char        *tls_certificate;
  char        *tls_key;
  gboolean     allow_insecure;
  char        *database;
  guint        schedule_days;
  KvSiteRules  rules;
  GStrv        turn_urls;
  GStrv        stun_urls;
  guint        retention_bookings_days;
  guint        retention_audit_days;
  char        *source;
  KvServerLimits limits;
  KvStaffSettings staff;

  char        *admin_token;
  char        *turn_secret;
  char        *metrics_token;
};

G_DEFINE_FINAL_TYPE (KvServerConfig, kv_server_config, G_TYPE_OBJECT)

static const char * const known_groups[] = {
  "server", "rules", "turn", "limits", "retention", "staff", NULL
};
static const char * const server_keys[] = {
  "listen-address", "port", "tls-certificate", "tls-key", "allow-insecure", "database",
  "schedule-days", "secrets-file", NULL
};
static const char * const turn_keys[] = { "urls", "stun-urls", NULL };
static const char * const limits_keys[] = {
  "max-connections", "max-unauthenticated", "max-unauthenticated-per-address",
  "request-timeout-seconds", "sign-in-timeout-seconds", NULL
};
static const char * const staff_keys[] = {
  "session-idle-minutes", "session-max-hours", "sign-in-window-minutes",
  "sign-in-failures-per-account", "sign-in-failures-per-address", NULL
};
static const char * const retention_keys[] = { "bookings-days", "audit-days", NULL };
static const char * const secret_keys[] = { "admin-token", "turn-secret", "metrics-token", NULL };

/* A required TLS file named in the configuration must exist now, not when
 * the first kiosk connects. */
static gboolean
resolve_existing_file (KvConfigFile *file,
                       const char   *group,
                       const char   *key,
                       gboolean      from_disk,
                       char        **inout_path,
                       GError      **error)
{
  char *resolved;

  if (*inout_path == NULL)
    return TRUE;

  resolved = kv_config_file_resolve_path (file, group, key, *inout_path);
  g_free (*inout_path);
  *inout_path = resolved;

  if (from_disk && !g_file_test (resolved, G_FILE_TEST_IS_REGULAR))
    {
      kv_config_file_set_error (file, error, KV_CONFIG_ERROR_NOT_FOUND, group, key,
                                "%s=%s does not exist", key, resolved);
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_server_group (KvServerConfig *self,
                    KvConfigFile   *file,
                    gboolean        from_disk,
                    GError        **error)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *database = NULL;

  if (!kv_config_file_get_string (file, "server", "listen-address",
                                  KV_SERVER_CONFIG_DEFAULT_LISTEN_ADDRESS,
                                  &self->listen_address, error) ||
      !kv_config_file_get_uint (file, "server", "port", KV_SERVER_CONFIG_DEFAULT_PORT,
                                0, 65535, &self->port, error) ||
      !kv_config_file_get_string (file, "server", "tls-certificate", NULL,
                                  &self->tls_certificate, error) ||
      !kv_config_file_get_string (file, "server", "tls-key", NULL, &self->tls_key, error) ||
      !kv_config_file_get_boolean (file, "server", "allow-insecure", FALSE,
                                   &self->allow_insecure, error) ||
      !kv_config_file_get_string (file, "server", "database", KV_SERVER_CONFIG_DEFAULT_DATABASE,
                                  &database, error) ||
      !kv_config_file_get_uint (file, "server", "schedule-days",
                                KV_SERVER_CONFIG_DEFAULT_SCHEDULE_DAYS, 1,
                                KV_SERVER_CONFIG_MAX_SCHEDULE_DAYS, &self->schedule_days, error))
    return FALSE;

  address = g_inet_address_new_from_string (self->listen_address);
  if (address == NULL)
    {
      g_autofree char *quoted = kv_config_quote (self->listen_address);

      kv_config_file_set_error (file, error, KV_CONFIG_ERROR_INVALID_VALUE, "server",
                                "listen-address", "listen-address=%s is not an IP address "
                                "(e.g. 127.0.0.1, 0.0.0.0 or ::)", quoted);
      return FALSE;
    }

  if ((self->tls_certificate == NULL) != (self->tls_key == NULL))
    {
      const char *missing = self->tls_certificate == NULL ? "tls-certificate" : "tls-key";

      kv_config_file_set_error (file, error, KV_CONFIG_ERROR_MISSING_KEY, "server", NULL,
                                "%s is missing: tls-certificate and tls-key go together",
                                missing);
      return FALSE;
    }

  if (self->tls_certificate == NULL && !self->allow_insecure &&
      !g_inet_address_get_is_loopback (address))
    {
      kv_config_file_set_error (file, error, KV_CONFIG_ERROR_INSECURE, "server",
                                "listen-address", "listen-address=%s without TLS would "
                                "send tokens in clear: set tls-certificate and tls-key "
                                "(allow-insecure=true only on a closed test network)",
                                self->listen_address);
      return FALSE;
    }

  if (!resolve_existing_file (file, "server", "tls-certificate", from_disk,
                              &self->tls_certificate, error) ||
      !resolve_existing_file (file, "server", "tls-key", from_disk, &self->tls_key, error))
    return FALSE;

  self->database = kv_config_file_resolve_path (file, "server", "database", database);
  return TRUE;
}

static gboolean
parse_limits_group (KvServerConfig  *self,
                    KvConfigFile    *file,
                    GError         **error)
{
  KvServerLimits *limits = &self->limits;

  /* The ranges keep a typo from disarming a limit: at least a handful of
   * connections, and no timeout long enough to let idle sockets pile up. */
  if (!kv_config_file_get_uint (file, "limits", "max-connections",
                                KV_SERVER_CONFIG_DEFAULT_MAX_CONNECTIONS, 16, 1000000,
                                &limits->max_connections, error) ||
      !kv_config_file_get_uint (file, "limits", "max-unauthenticated",
                                KV_SERVER_CONFIG_DEFAULT_MAX_UNAUTHENTICATED, 8, 100000,
                                &limits->max_unauthenticated, error) ||
      !kv_config_file_get_uint (file, "limits", "max-unauthenticated-per-address",
                                KV_SERVER_CONFIG_DEFAULT_MAX_UNAUTHENTICATED_PER_ADDRESS, 2,
                                100000, &limits->max_unauthenticated_per_address, error) ||
      !kv_config_file_get_uint (file, "limits", "request-timeout-seconds",
                                KV_SERVER_CONFIG_DEFAULT_REQUEST_TIMEOUT_S, 1, 300,
                                &limits->request_timeout_s, error) ||
      !kv_config_file_get_uint (file, "limits", "sign-in-timeout-seconds",
                                KV_SERVER_CONFIG_DEFAULT_SIGN_IN_TIMEOUT_S, 1, 300,
                                &limits->sign_in_timeout_s, error))
    return FALSE;

  if (limits->max_unauthenticated_per_address > limits->max_unauthenticated ||
      limits->max_unauthenticated > limits->max_connections)
    {
      kv_config_file_set_error (file, error, KV_CONFIG_ERROR_OUT_OF_RANGE, "limits", NULL,
                                "max-unauthenticated-per-address (%u) <= max-unauthenticated "
                                "(%u) <= max-connections (%u) must hold",
                                limits->max_unauthenticated_per_address,
                                limits->max_unauthenticated, limits->max_connections);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_staff_group (KvServerConfig  *self,
                   KvConfigFile    *file,
                   GError         **error)
{
  KvStaffSettings *staff = &self->staff;

  /* Ranges: no session that never ends, no throttle that never bites. */
  return kv_config_file_get_uint (file, "staff", "session-idle-minutes",
                                  KV_SERVER_CONFIG_DEFAULT_SESSION_IDLE_MINUTES, 1, 24 * 60,
                                  &staff->session_idle_minutes, error) &&
         kv_config_file_get_uint (file, "staff", "session-max-hours",
                                  KV_SERVER_CONFIG_DEFAULT_SESSION_MAX_HOURS, 1, 7 * 24,
                                  &staff->session_max_hours, error) &&
         kv_config_file_get_uint (file, "staff", "sign-in-window-minutes",
                                  KV_SERVER_CONFIG_DEFAULT_SIGN_IN_WINDOW_MINUTES, 1, 24 * 60,
                                  &staff->sign_in_window_minutes, error) &&
         kv_config_file_get_uint (file, "staff", "sign-in-failures-per-account",
                                  KV_SERVER_CONFIG_DEFAULT_SIGN_IN_FAILURES_PER_ACCOUNT, 1, 100,
                                  &staff->sign_in_failures_per_account, error) &&
         kv_config_file_get_uint (file, "staff", "sign-in-failures-per-address",
                                  KV_SERVER_CONFIG_DEFAULT_SIGN_IN_FAILURES_PER_ADDRESS, 1, 10000,
                                  &staff->sign_in_failures_per_address, error);
}

static gboolean
parse_url_list (KvConfigFile   *file,
                const char     *key,
                KvIceUrlScheme  scheme,
                GStrv          *out_urls,
                GError        **error)
{
  g_auto(GStrv) urls = NULL;

  if (!kv_config_file_get_string_list (file, "turn", key, NULL, &urls, error))
    return FALSE;

  for (guint i = 0; urls[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(KvIceUrl) url = kv_ice_url_parse (urls[i], &local_error);

      if (url == NULL)
        {
          kv_config_file_set_error (file, error, local_error->code, "turn", key, "%s: %s",
                                    key, local_error->message);
          return FALSE;
        }
      if (url->scheme != scheme)
        {
          kv_config_file_set_error (file, error, KV_CONFIG_ERROR_INVALID_VALUE, "turn", key,
                                    "%s entry %u is not a %s URL", key, i + 1,
                                    scheme == KV_ICE_URL_SCHEME_TURN ? "turn:" : "stun:");
          return FALSE;
        }
    }

  *out_urls = g_steal_pointer (&urls);
  return TRUE;
}

static gboolean
parse_retention_group (KvServerConfig *self,
                       KvConfigFile   *file,
                       GError        **error)
{
  return kv_config_file_get_uint (file, "retention", "bookings-days",
                                  KV_SERVER_CONFIG_DEFAULT_RETENTION_BOOKINGS_DAYS,
                                  KV_SERVER_CONFIG_MIN_RETENTION_BOOKINGS_DAYS,
                                  KV_SERVER_CONFIG_MAX_RETENTION_DAYS,
                                  &self->retention_bookings_days, error) &&
         kv_config_file_get_uint (file, "retention", "audit-days",
                                  KV_SERVER_CONFIG_DEFAULT_RETENTION_AUDIT_DAYS,
                                  KV_SERVER_CONFIG_MIN_RETENTION_AUDIT_DAYS,
                                  KV_SERVER_CONFIG_MAX_RETENTION_DAYS,
                                  &self->retention_audit_days, error);
}

static gboolean
take_secrets (GObject    *object,
              KvSecrets  *secrets,
              GError    **error)
{
  KvServerConfig *self = KV_SERVER_CONFIG (object);
  g_autoptr(GError) local_error = NULL;
  const char *turn_secret;

  self->admin_token = kv_secrets_dup_required (secrets, "admin-token", &local_error);
  if (self->admin_token == NULL)
    {
      g_set_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_SECRETS_MISSING,
                   "%s (generate one, e.g. with: openssl rand -base64 32)",
                   local_error->message);
      return FALSE;
    }

  turn_secret = kv_secrets_get (secrets, "turn-secret");
  if (turn_secret == NULL && self->turn_urls[0] != NULL)
    {
      g_set_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_SECRETS_MISSING,
                   "%s: [secrets] turn-secret is missing but [turn] urls is set (use "
                   "coturn's static-auth-secret)", kv_secrets_get_display_name (secrets));
      return FALSE;
    }
  self->turn_secret = g_strdup (turn_secret);
  self->metrics_token = g_strdup (kv_secrets_get (secrets, "metrics-token"));

  return TRUE;
}

static gboolean
parse (GObject       *object,
       KvConfigFile  *file,
       gboolean       from_disk,
       GError       **error)
{
  KvServerConfig *self = KV_SERVER_CONFIG (object);

  self->source = g_strdup (kv_config_file_get_display_name (file));

  return kv_config_file_check_groups (file, known_groups, error) &&
         kv_config_file_check_keys (file, "server", server_keys, error) &&
         kv_config_file_check_keys (file, "turn", turn_keys, error) &&
         kv_config_file_check_keys (file, "limits", limits_keys, error) &&
         kv_config_file_check_keys (file, "retention", retention_keys, error) &&
         kv_config_file_check_keys (file, "staff", staff_keys, error) &&
         parse_server_group (self, file, from_disk, error) &&
         parse_limits_group (self, file, error) &&
         parse_staff_group (self, file, error) &&
         kv_site_rules_parse_config (&self->rules, file, error) &&
         parse_url_list (file, "urls", KV_ICE_URL_SCHEME_TURN, &self->turn_urls, error) &&
         parse_url_list (file, "stun-urls", KV_ICE_URL_SCHEME_STUN, &self->stun_urls, error) &&
         parse_retention_group (self, file, error);
}

static const KvConfigLoader loader = {
  .name = "server",
  .default_secrets_file = "server.secrets",
  .secret_keys = secret_keys,
  .get_type = kv_server_config_get_type,
  .parse = parse,
  .take_secrets = take_secrets,
};

static void
kv_server_config_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KvServerConfig *self = KV_SERVER_CONFIG (object);

  switch (prop_id)
    {
    case PROP_LISTEN_ADDRESS:
      g_value_set_string (value, self->listen_address);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_TLS_CERTIFICATE:
      g_value_set_string (value, self->tls_certificate);
      break;
    case PROP_TLS_KEY:
      g_value_set_string (value, self->tls_key);
      break;
    case PROP_ALLOW_INSECURE:
      g_value_set_boolean (value, self->allow_insecure);
      break;
    case PROP_DATABASE:
      g_value_set_string (value, self->database);
      break;
    case PROP_SCHEDULE_DAYS:
      g_value_set_uint (value, self->schedule_days);
      break;
    case PROP_TURN_URLS:
      g_value_set_boxed (value, self->turn_urls);
      break;
    case PROP_STUN_URLS:
      g_value_set_boxed (value, self->stun_urls);
      break;
    case PROP_RETENTION_BOOKINGS_DAYS:
      g_value_set_uint (value, self->retention_bookings_days);
      break;
    case PROP_RETENTION_AUDIT_DAYS:
      g_value_set_uint (value, self->retention_audit_days);
      break;
    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_server_config_finalize (GObject *object)
{
  KvServerConfig *self = KV_SERVER_CONFIG (object);

  g_free (self->listen_address);
  g_free (self->tls_certificate);
  g_free (self->tls_key);
  g_free (self->database);
  g_strfreev (self->turn_urls);
  g_strfreev (self->stun_urls);
  g_free (self->source);
  kv_secrets_clear_value (&self->admin_token);
  kv_secrets_clear_value (&self->turn_secret);
  kv_secrets_clear_value (&self->metrics_token);

  G_OBJECT_CLASS (kv_server_config_parent_class)->finalize (object);
}

static void
kv_server_config_class_init (KvServerConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = kv_server_config_get_property;
  object_class->finalize = kv_server_config_finalize;

  /* Read-only: a new configuration needs a restart, which the audit log
   * records; nothing changes the rules of a running server. */
  properties[PROP_LISTEN_ADDRESS] =
    g_param_spec_string ("listen-address", NULL, "IP address to listen on", NULL, flags);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, "TCP port; 0 picks a free one", 0, 65535,
                       KV_SERVER_CONFIG_DEFAULT_PORT, flags);
  properties[PROP_TLS_CERTIFICATE] =
    g_param_spec_string ("tls-certificate", NULL, "PEM certificate, or NULL", NULL, flags);
  properties[PROP_TLS_KEY] =
    g_param_spec_string ("tls-key", NULL, "PEM private key, or NULL", NULL, flags);
  properties[PROP_ALLOW_INSECURE] =
    g_param_spec_boolean ("allow-insecure", NULL, "Plain HTTP off loopback allowed",
                          FALSE, flags);
  properties[PROP_DATABASE] =
    g_param_spec_string ("database", NULL, "SQLite database path", NULL, flags);
  properties[PROP_SCHEDULE_DAYS] =
    g_param_spec_uint ("schedule-days", NULL, "Days of bookings sent to kiosks", 1,
                       KV_SERVER_CONFIG_MAX_SCHEDULE_DAYS,
                       KV_SERVER_CONFIG_DEFAULT_SCHEDULE_DAYS, flags);
  properties[PROP_TURN_URLS] =
    g_param_spec_boxed ("turn-urls", NULL, "TURN URLs handed to kiosks", G_TYPE_STRV, flags);
  properties[PROP_STUN_URLS] =
    g_param_spec_boxed ("stun-urls", NULL, "STUN URLs handed to kiosks", G_TYPE_STRV, flags);
  properties[PROP_RETENTION_BOOKINGS_DAYS] =
    g_param_spec_uint ("retention-bookings-days", NULL,
                       "Days after a visit ended before its booking becomes anonymous counts",
                       KV_SERVER_CONFIG_MIN_RETENTION_BOOKINGS_DAYS,
                       KV_SERVER_CONFIG_MAX_RETENTION_DAYS,
                       KV_SERVER_CONFIG_DEFAULT_RETENTION_BOOKINGS_DAYS, flags);
  properties[PROP_RETENTION_AUDIT_DAYS] =
    g_param_spec_uint ("retention-audit-days", NULL, "Days an audit row is kept",
                       KV_SERVER_CONFIG_MIN_RETENTION_AUDIT_DAYS,
                       KV_SERVER_CONFIG_MAX_RETENTION_DAYS,
                       KV_SERVER_CONFIG_DEFAULT_RETENTION_AUDIT_DAYS, flags);
  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, "Where the configuration came from", NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_server_config_init (KvServerConfig *self)
{
  kv_site_rules_init_defaults (&self->rules);
}

/**
 * kv_server_config_new_from_file:
 * @path: a configuration file (`--config FILE`)
 * @error: return location for a #KV_CONFIG_ERROR
 *
 * Returns: (transfer full): the configuration, or %NULL
 */
KvServerConfig *
kv_server_config_new_from_file (const char  *path,
                                GError     **error)
{
  return kv_config_loader_load_path (&loader, path, error);
}

/**
 * kv_server_config_new_from_dir:
 * @dir: a configuration directory holding server.conf and server.conf.d/
 * @error: return location for a #KV_CONFIG_ERROR
 *
 * Returns: (transfer full): the configuration, or %NULL
 */
KvServerConfig *
kv_server_config_new_from_dir (const char  *dir,
                               GError     **error)
{
  return kv_config_loader_load_dir (&loader, dir, error);
}

/**
 * kv_server_config_load:
 * @config_path: (nullable): `--config FILE`, or %NULL for KV_SYSCONFDIR
 * @error: return location for a #KV_CONFIG_ERROR
 *
 * Returns: (transfer full): the configuration, or %NULL
 */
KvServerConfig *
kv_server_config_load (const char  *config_path,
                       GError     **error)
{
  return kv_config_loader_load (&loader, config_path, error);
}

/**
 * kv_server_config_new_from_data:
 * @data: the configuration text; any bytes
 * @length: length of @data
 * @secrets_data: (nullable): the secrets file's text, NUL-terminated
 * @error: return location for a #KV_CONFIG_ERROR
 *
 * Nothing is read from disk (tests, fuzzing).
 *
 * Returns: (transfer full): the configuration, or %NULL
 */
KvServerConfig *
kv_server_config_new_from_data (const char  *data,
                                gsize        length,
                                const char  *secrets_data,
                                GError     **error)
{
  return kv_config_loader_load_data (&loader, data, length, secrets_data, error);
}

#define GETTER(type, name, fallback)                                        \
  type                                                                      \
  kv_server_config_get_##name (KvServerConfig *self)                        \
  {                                                                         \
    g_return_val_if_fail (KV_IS_SERVER_CONFIG (self), fallback);            \
    return self->name;                                                      \
  }

GETTER (const char *, listen_address, NULL)
GETTER (guint, port, 0)
GETTER (const char *, tls_certificate, NULL)
GETTER (const char *, tls_key, NULL)
GETTER (gboolean, allow_insecure, FALSE)
GETTER (const char *, database, NULL)
GETTER (guint, schedule_days, KV_SERVER_CONFIG_DEFAULT_SCHEDULE_DAYS)
GETTER (guint, retention_bookings_days, KV_SERVER_CONFIG_DEFAULT_RETENTION_BOOKINGS_DAYS)
GETTER (guint, retention_audit_days, KV_SERVER_CONFIG_DEFAULT_RETENTION_AUDIT_DAYS)
GETTER (const char *, source, NULL)
/* Secrets: never log them. NULL only when loaded from data without secrets
 * (turn-secret: also when no TURN server is configured). */
GETTER (const char *, admin_token, NULL)
GETTER (const char *, turn_secret, NULL)
GETTER (const char *, metrics_token, NULL)

#undef GETTER

/**
 * kv_server_config_get_uses_tls:
 * @self: a server configuration
 *
 * Returns: whether the server serves HTTPS/WSS
 */
gboolean
kv_server_config_get_uses_tls (KvServerConfig *self)
{
  g_return_val_if_fail (KV_IS_SERVER_CONFIG (self), FALSE);
  return self->tls_certificate != NULL;
}

const KvSiteRules *
kv_server_config_get_site_rules (KvServerConfig *self)
{
  g_return_val_if_fail (KV_IS_SERVER_CONFIG (self), NULL);
  return &self->rules;
}

const KvServerLimits *
kv_server_config_get_limits (KvServerConfig *self)
{
  g_return_val_if_fail (KV_IS_SERVER_CONFIG (self), NULL);
  return &self->limits;
}

const char * const *
kv_server_config_get_turn_urls (KvServerConfig *self)
{
  g_return_val_if_fail (KV_IS_SERVER_CONFIG (self), NULL);
  return (const char * const *) self->turn_urls;
}

const char * const *
kv_server_config_get_stun_urls (KvServerConfig *self)
{
  g_return_val_if_fail (KV_IS_SERVER_CONFIG (self), NULL);
  return (const char * const *) self->stun_urls;
}

/* The [staff] settings: console sessions and sign-in throttling. */
const KvStaffSettings *
kv_server_config_get_staff (KvServerConfig *self)
{
  g_return_val_if_fail (KV_IS_SERVER_CONFIG (self), NULL);

  return &self->staff;
}
