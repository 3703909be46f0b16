/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-config"

#include "config.h"

#include "kv-config-file.h"
#include "kv-config-file-private.h"

#include <gio/gio.h>

#include <math.h>
#include <string.h>

/* The typed, range-checked getters of KvConfigFile. Each error names the
 * file that set the key and says what is allowed. */

/* The raw value, stripped of surrounding spaces, or NULL if unset. */
static char *
get_stripped (KvConfigFile *self,
              const char   *group,
              const char   *key,
              GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = NULL;

  if (!g_key_file_has_key (self->merged, group, key, NULL))
    return NULL;

  if (!kv_config_raw_value_is_safe (self->merged, group, key))
    {
      kv_config_file_set_error (self, error, KV_CONFIG_ERROR_INVALID_VALUE, group, key,
                                "%s ends with a lone backslash (write \\\\ for a backslash)",
                                key);
      return NULL;
    }

  value = g_key_file_get_string (self->merged, group, key, &local_error);
  if (value == NULL)
    {
      kv_config_file_set_error (self, error, KV_CONFIG_ERROR_INVALID_VALUE, group, key,
                                "%s is not valid UTF-8 text", key);
      return NULL;
    }

  return g_strdup (g_strstrip (value));
}

/**
 * kv_config_file_get_string:
 * @self: a configuration
 * @group: the group
 * @key: the key
 * @default_value: (nullable): the value when the key is unset or empty
 * @out_value: (out) (transfer full) (nullable): the value
 * @error: return location for a #KV_CONFIG_ERROR
 *
 * An empty value counts as unset, so `label=` returns @default_value.
 */
gboolean
kv_config_file_get_string (KvConfigFile  *self,
                           const char    *group,
                           const char    *key,
                           const char    *default_value,
                           char         **out_value,
                           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = get_stripped (self, group, key, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (value == NULL || value[0] == '\0')
    *out_value = g_strdup (default_value);
  else
    *out_value = g_steal_pointer (&value);
  return TRUE;
}

gboolean
kv_config_file_require_string (KvConfigFile  *self,
                               const char    *group,
                               const char    *key,
                               char         **out_value,
                               GError       **error)
{
  g_autofree char *value = NULL;

  if (!kv_config_file_get_string (self, group, key, NULL, &value, error))
    return FALSE;

  if (value == NULL)
    {
      kv_config_file_set_error (self, error, KV_CONFIG_ERROR_MISSING_KEY, group, NULL,
                                "%s is required but missing or empty", key);
      return FALSE;
    }

  *out_value = g_steal_pointer (&value);
  return TRUE;
}

gboolean
kv_config_file_get_boolean (KvConfigFile  *self,
                            const char    *group,
                            const char    *key,
                            gboolean       default_value,
                            gboolean      *out_value,
                            GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = get_stripped (self, group, key, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (value == NULL || value[0] == '\0')
    *out_value = default_value;
  else if (g_str_equal (value, "true"))
    *out_value = TRUE;
  else if (g_str_equal (value, "false"))
    *out_value = FALSE;
  else
    {
      g_autofree char *quoted = kv_config_quote (value);

      kv_config_file_set_error (self, error, KV_CONFIG_ERROR_INVALID_VALUE, group, key,
                                "%s=%s is not a boolean (use true or false)", key, quoted);
      return FALSE;
    }

  return TRUE;
}

gboolean
kv_config_file_get_uint (KvConfigFile  *self,
                         const char    *group,
                         const char    *key,
                         guint          default_value,
                         guint          min,
                         guint          max,
                         guint         *out_value,
                         GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = get_stripped (self, group, key, &local_error);
  g_autofree char *quoted = NULL;
  gint64 number;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (value == NULL || value[0] == '\0')
    {
      *out_value = default_value;
      return TRUE;
    }

  quoted = kv_config_quote (value);
  /* Parsed as signed so "-5" is reported as out of range, not as "not a
   * number", which is what the administrator meant. */
  if (!g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, &number, &local_error))
    {
      if (g_error_matches (local_error, G_NUMBER_PARSER_ERROR,
                           G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS))
        kv_config_file_set_error (self, error, KV_CONFIG_ERROR_OUT_OF_RANGE, group, key,
                                  "%s=%s is out of range (%u-%u)", key, quoted, min, max);
      else
        kv_config_file_set_error (self, error, KV_CONFIG_ERROR_INVALID_VALUE, group, key,
                                  "%s=%s is not a whole number", key, quoted);
      return FALSE;
    }

  if (number < (gint64) min || number > (gint64) max)
    {
      kv_config_file_set_error (self, error, KV_CONFIG_ERROR_OUT_OF_RANGE, group, key,
                                "%s=%s is out of range (%u-%u)", key, quoted, min, max);
      return FALSE;
    }

  *out_value = (guint) number;
  return TRUE;
}

gboolean
kv_config_file_get_double (KvConfigFile  *self,
                           const char    *group,
                           const char    *key,
                           double         default_value,
                           double         min,
                           double         max,
                           double        *out_value,
                           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = get_stripped (self, group, key, &local_error);
  g_autofree char *quoted = NULL;
  char *end = NULL;
  double number;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (value == NULL || value[0] == '\0')
    {
      *out_value = default_value;
      return TRUE;
    }

  quoted = kv_config_quote (value);
  number = g_ascii_strtod (value, &end);
  if (end == value || *end != '\0' || !isfinite (number))
    {
      kv_config_file_set_error (self, error, KV_CONFIG_ERROR_INVALID_VALUE, group, key,
                                "%s=%s is not a number", key, quoted);
      return FALSE;
    }
  if (number < min || number > max)
    {
      kv_config_file_set_error (self, error, KV_CONFIG_ERROR_OUT_OF_RANGE, group, key,
                                "%s=%s is out of range (%g-%g)", key, quoted, min, max);
      return FALSE;
    }

  *out_value = number;
  return TRUE;
}

static char *
enum_nicks (GEnumClass *enum_class)
{
  g_autoptr(GString) nicks = g_string_new (NULL);

  for (guint i = 0; i < enum_class->n_values; i++)
    {
      if (i > 0)
        g_string_append (nicks, i + 1 == enum_class->n_values ? " or " : ", ");
      g_string_append (nicks, enum_class->values[i].value_nick);
    }

  return g_string_free (g_steal_pointer (&nicks), FALSE);
}

/**
 * kv_config_file_get_enum:
 * @self: a configuration
 * @group: the group
 * @key: the key
 * @enum_type: a GEnum type whose nicks are the configuration names
 * @default_value: the value when unset
 * @out_value: (out): the value
 * @error: return location for a #KV_CONFIG_ERROR
 *
 * Names are the enum's nicks (generated by glib-mkenums), so the accepted
 * names can never drift from the enum.
 */
gboolean
kv_config_file_get_enum (KvConfigFile  *self,
                         const char    *group,
                         const char    *key,
                         GType          enum_type,
                         int            default_value,
                         int           *out_value,
                         GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = get_stripped (self, group, key, &local_error);
  g_autoptr(GEnumClass) enum_class = NULL;
  GEnumValue *enum_value;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (value == NULL || value[0] == '\0')
    {
      *out_value = default_value;
      return TRUE;
    }

  enum_class = g_type_class_ref (enum_type);
  enum_value = g_enum_get_value_by_nick (enum_class, value);
  if (enum_value == NULL)
    {
      g_autofree char *quoted = kv_config_quote (value);
      g_autofree char *nicks = enum_nicks (enum_class);

      kv_config_file_set_error (self, error, KV_CONFIG_ERROR_INVALID_VALUE, group, key,
                                "%s=%s is not allowed (use %s)", key, quoted, nicks);
      return FALSE;
    }

  *out_value = enum_value->value;
  return TRUE;
}

/**
 * kv_config_file_get_string_list:
 * @self: a configuration
 * @group: the group
 * @key: the key
 * @default_value: (nullable) (array zero-terminated=1): the list when unset
 * @out_value: (out) (transfer full): the list, never %NULL
 * @error: return location for a #KV_CONFIG_ERROR
 *
 * A `;`-separated list. Entries are stripped of spaces and empty entries
 * dropped, so `a; b;` is `a`, `b`. A key set to nothing is an empty list,
 * which is how an administrator turns a default list off.
 */
gboolean
kv_config_file_get_string_list (KvConfigFile       *self,
                                const char         *group,
                                const char         *key,
                                const char * const *default_value,
                                GStrv              *out_value,
                                GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) entries = NULL;

  if (!g_key_file_has_key (self->merged, group, key, NULL))
    {
      if (default_value != NULL)
        g_strv_builder_addv (builder, (const char **) default_value);
      *out_value = g_strv_builder_end (builder);
      return TRUE;
    }

  if (!kv_config_raw_value_is_safe (self->merged, group, key))
    {
      kv_config_file_set_error (self, error, KV_CONFIG_ERROR_INVALID_VALUE, group, key,
                                "%s ends with a lone backslash (write \\\\ for a backslash)",
                                key);
      return FALSE;
    }

  entries = g_key_file_get_string_list (self->merged, group, key, NULL, &local_error);
  if (entries == NULL && local_error != NULL &&
      !g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
    {
      kv_config_file_set_error (self, error, KV_CONFIG_ERROR_INVALID_VALUE, group, key,
                                "%s is not a valid list of UTF-8 text", key);
      return FALSE;
    }

  for (guint i = 0; entries != NULL && entries[i] != NULL; i++)
    {
      char *entry = g_strstrip (entries[i]);

      if (entry[0] != '\0')
        g_strv_builder_add (builder, entry);
    }

  *out_value = g_strv_builder_end (builder);
  return TRUE;
}

/**
 * kv_config_is_loopback_host:
 * @host: a host name or IP address (IPv6 with or without brackets)
 *
 * Plain-text connections are accepted without `allow-insecure` only when
 * they cannot leave the machine.
 *
 * Returns: whether @host is "localhost" or a loopback address
 */
gboolean
kv_config_is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;
  gsize length;

  if (host == NULL || host[0] == '\0')
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  length = strlen (host);
  if (host[0] == '[' && length > 2 && host[length - 1] == ']')
    bare = g_strndup (host + 1, length - 2);
  else
    bare = g_strdup (host);

  address = g_inet_address_new_from_string (bare);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * kv_config_file_get_websocket_url:
 * @self: a configuration
 * @group: the group
 * @key: the key (required)
 * @allow_insecure: whether the administrator allowed ws:// off loopback
 * @out_value: (out) (transfer full): the URL
 * @error: return location for a #KV_CONFIG_ERROR
 *
 * A server's WebSocket URL: wss://, or ws:// to this machine (tests) or
 * with @allow_insecure. ws:// elsewhere would send the device token in
 * clear: %KV_CONFIG_ERROR_INSECURE. Credentials in the URL are refused.
 */
gboolean
kv_config_file_get_websocket_url (KvConfigFile  *self,
                                  const char    *group,
                                  const char    *key,
                                  gboolean       allow_insecure,
                                  char         **out_value,
                                  GError       **error)
{
  g_autofree char *value = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (!kv_config_file_require_string (self, group, key, &value, error))
    return FALSE;

  uri = g_uri_parse (value, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      kv_config_file_set_error (self, error, KV_CONFIG_ERROR_INVALID_VALUE, group, key,
                                "%s is not a valid URL (e.g. wss://kinvisit.example.org/ws)",
                                key);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (g_uri_get_userinfo (uri) != NULL)
    {
      kv_config_file_set_error (self, error, KV_CONFIG_ERROR_INVALID_VALUE, group, key,
                                "%s must not contain user:password@ (the device token "
                                "goes in the secrets file)", key);
      return FALSE;
    }
  if (g_ascii_strcasecmp (scheme, "wss") != 0 && g_ascii_strcasecmp (scheme, "ws") != 0)
    {
      kv_config_file_set_error (self, error, KV_CONFIG_ERROR_INVALID_VALUE, group, key,
                                "%s must start with wss:// (or ws:// for a test server on "
                                "this machine)", key);
      return FALSE;
    }
  if (g_ascii_strcasecmp (scheme, "ws") == 0 && !allow_insecure &&
      !kv_config_is_loopback_host (host))
    {
      g_autofree char *quoted = kv_config_quote (host);

      kv_config_file_set_error (self, error, KV_CONFIG_ERROR_INSECURE, group, key,
                                "%s uses unencrypted ws:// to %s: use wss:// "
                                "(allow-insecure=true only on a closed test network)",
                                key, quoted);
      return FALSE;
    }

  *out_value = g_steal_pointer (&value);
  return TRUE;
}
