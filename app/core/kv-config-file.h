/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KV_CONFIG_ERROR (kv_config_error_quark ())
GQuark kv_config_error_quark (void);

/**
 * KvConfigError:
 * @KV_CONFIG_ERROR_NOT_FOUND: the configuration file does not exist or
 *   cannot be read
 * @KV_CONFIG_ERROR_PARSE: not a valid key file (syntax, encoding)
 * @KV_CONFIG_ERROR_UNKNOWN_GROUP: a `[group]` this program does not know
 *   (usually a typo)
 * @KV_CONFIG_ERROR_UNKNOWN_KEY: a key this program does not know in a known
 *   group (usually a typo)
 * @KV_CONFIG_ERROR_MISSING_KEY: a required key is missing
 * @KV_CONFIG_ERROR_INVALID_VALUE: a value of the wrong kind (not a number,
 *   unknown name, bad URL or address, bad list entry)
 * @KV_CONFIG_ERROR_OUT_OF_RANGE: a number outside its allowed range
 * @KV_CONFIG_ERROR_INSECURE: an unencrypted connection (ws://, http://,
 *   no TLS) to or on a non-loopback address without `allow-insecure=true`
 * @KV_CONFIG_ERROR_UNSUPPORTED: valid in general but not supported here,
 *   e.g. `turns:` URLs (libnice sends them as plain TCP)
 * @KV_CONFIG_ERROR_SECRETS_MISSING: the secrets file, or a required secret
 *   in it, is missing
 * @KV_CONFIG_ERROR_SECRETS_PERMISSIONS: the secrets file is readable by
 *   others or writable by anyone but its owner
 *
 * Errors while loading configuration. Messages name the file, group and
 * key, are meant for a site administrator, and never contain a secret.
 */
typedef enum {
  KV_CONFIG_ERROR_NOT_FOUND,
  KV_CONFIG_ERROR_PARSE,
  KV_CONFIG_ERROR_UNKNOWN_GROUP,
  KV_CONFIG_ERROR_UNKNOWN_KEY,
  KV_CONFIG_ERROR_MISSING_KEY,
  KV_CONFIG_ERROR_INVALID_VALUE,
  KV_CONFIG_ERROR_OUT_OF_RANGE,
  KV_CONFIG_ERROR_INSECURE,
  KV_CONFIG_ERROR_UNSUPPORTED,
  KV_CONFIG_ERROR_SECRETS_MISSING,
  KV_CONFIG_ERROR_SECRETS_PERMISSIONS,
} KvConfigError;

/**
 * KvConfigFile:
 *
 * The shared loading machinery behind KvKioskConfig and KvServerConfig: a
 * merged GKeyFile that remembers which file set each key (so messages name
 * the right file), plus typed, range-checked getters whose errors read like
 * "kiosk.conf: [media] framerate=200 is out of range (1-60)".
 *
 * Loading order (as geoclue): `<dir>/<name>.conf`, then
 * `<dir>/<name>.conf.d/\*.conf` in name order; a later file overrides the
 * keys it sets. An explicit `--config FILE` loads only that file.
 */
typedef struct _KvConfigFile KvConfigFile;

KvConfigFile *kv_config_file_load_dir     (const char    *dir,
                                           const char    *name,
                                           GError       **error);
KvConfigFile *kv_config_file_load_path    (const char    *path,
                                           GError       **error);
KvConfigFile *kv_config_file_new_from_data (const char   *data,
                                            gsize         length,
                                            const char   *display_name,
                                            GError      **error);
void          kv_config_file_free         (KvConfigFile  *self);

const char   *kv_config_file_get_display_name (KvConfigFile *self);
char         *kv_config_file_resolve_path (KvConfigFile  *self,
                                           const char    *group,
                                           const char    *key,
                                           const char    *path);
gboolean      kv_config_file_has_key      (KvConfigFile  *self,
                                           const char    *group,
                                           const char    *key);
gboolean      kv_config_file_check_groups (KvConfigFile       *self,
                                           const char * const *groups,
                                           GError            **error);
gboolean      kv_config_file_check_keys   (KvConfigFile       *self,
                                           const char         *group,
                                           const char * const *keys,
                                           GError            **error);

gboolean      kv_config_file_get_string   (KvConfigFile  *self,
                                           const char    *group,
                                           const char    *key,
                                           const char    *default_value,
                                           char         **out_value,
                                           GError       **error);
gboolean      kv_config_file_require_string (KvConfigFile *self,
                                             const char   *group,
                                             const char   *key,
                                             char        **out_value,
                                             GError      **error);
gboolean      kv_config_file_get_boolean  (KvConfigFile  *self,
                                           const char    *group,
                                           const char    *key,
                                           gboolean       default_value,
                                           gboolean      *out_value,
                                           GError       **error);
gboolean      kv_config_file_get_uint     (KvConfigFile  *self,
                                           const char    *group,
                                           const char    *key,
                                           guint          default_value,
                                           guint          min,
                                           guint          max,
                                           guint         *out_value,
                                           GError       **error);
gboolean      kv_config_file_get_double   (KvConfigFile  *self,
                                           const char    *group,
                                           const char    *key,
                                           double         default_value,
                                           double         min,
                                           double         max,
                                           double        *out_value,
                                           GError       **error);
gboolean      kv_config_file_get_enum     (KvConfigFile  *self,
                                           const char    *group,
                                           const char    *key,
                                           GType          enum_type,
                                           int            default_value,
                                           int           *out_value,
                                           GError       **error);
gboolean      kv_config_file_get_string_list (KvConfigFile       *self,
                                              const char         *group,
                                              const char         *key,
                                              const char * const *default_value,
                                              GStrv              *out_value,
                                              GError            **error);

gboolean      kv_config_file_get_websocket_url (KvConfigFile  *self,
                                                const char    *group,
                                                const char    *key,
                                                gboolean       allow_insecure,
                                                char         **out_value,
                                                GError       **error);

void          kv_config_file_set_error    (KvConfigFile  *self,
                                           GError       **error,
                                           KvConfigError  code,
                                           const char    *group,
                                           const char    *key,
                                           const char    *format,
                                           ...) G_GNUC_PRINTF (6, 7);

gboolean      kv_config_is_loopback_host  (const char    *host);
char         *kv_config_quote             (const char    *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvConfigFile, kv_config_file_free)

G_END_DECLS
