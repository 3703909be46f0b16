/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-config"

#include "config.h"

#include "kv-config-loader.h"

/* The one path every configuration takes once its text is merged: parse,
 * then secrets. */
static gpointer
load_config_file (const KvConfigLoader  *loader,
                  KvConfigFile          *file,
                  gboolean               from_disk,
                  const char            *secrets_data,
                  GError               **error)
{
  g_autoptr(GObject) config = g_object_new (loader->get_type (), NULL);
  g_autoptr(KvSecrets) secrets = NULL;

  if (!loader->parse (config, file, from_disk, error))
    return NULL;

  if (!kv_secrets_load_for_config (file, loader->name, loader->default_secrets_file, from_disk,
                                   secrets_data, loader->secret_keys, &secrets, error))
    return NULL;
  if (secrets != NULL && !loader->take_secrets (config, secrets, error))
    return NULL;

  g_debug ("%s configuration loaded from %s", loader->name,
           kv_config_file_get_display_name (file));
  return g_steal_pointer (&config);
}

/**
 * kv_config_loader_load_path:
 * @loader: the kind of configuration
 * @path: a configuration file (`--config FILE`); only that file is read
 * @error: return location for a #KV_CONFIG_ERROR
 *
 * Returns: (transfer full) (type GObject): the configuration, or %NULL
 */
gpointer
kv_config_loader_load_path (const KvConfigLoader  *loader,
                            const char            *path,
                            GError               **error)
{
  g_autoptr(KvConfigFile) file = NULL;

  g_return_val_if_fail (loader != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  file = kv_config_file_load_path (path, error);
  if (file == NULL)
    return NULL;

  return load_config_file (loader, file, TRUE, NULL, error);
}

/**
 * kv_config_loader_load_dir:
 * @loader: the kind of configuration
 * @dir: a folder holding `<name>.conf` and `<name>.conf.d/`
 * @error: return location for a #KV_CONFIG_ERROR
 *
 * Returns: (transfer full) (type GObject): the configuration, or %NULL
 */
gpointer
kv_config_loader_load_dir (const KvConfigLoader  *loader,
                           const char            *dir,
                           GError               **error)
{
  g_autoptr(KvConfigFile) file = NULL;

  g_return_val_if_fail (loader != NULL, NULL);
  g_return_val_if_fail (dir != NULL, NULL);

  file = kv_config_file_load_dir (dir, loader->name, error);
  if (file == NULL)
    return NULL;

  return load_config_file (loader, file, TRUE, NULL, error);
}

/**
 * kv_config_loader_load:
 * @loader: the kind of configuration
 * @config_path: (nullable): the `--config FILE` argument, or %NULL for the
 *   system configuration in KV_SYSCONFDIR
 * @error: return location for a #KV_CONFIG_ERROR
 *
 * Returns: (transfer full) (type GObject): the configuration, or %NULL
 */
gpointer
kv_config_loader_load (const KvConfigLoader  *loader,
                       const char            *config_path,
                       GError               **error)
{
  if (config_path != NULL)
    return kv_config_loader_load_path (loader, config_path, error);

  return kv_config_loader_load_dir (loader, KV_SYSCONFDIR, error);
}

/**
 * kv_config_loader_load_data:
 * @loader: the kind of configuration
 * @data: the configuration text; any bytes
 * @length: length of @data
 * @secrets_data: (nullable): the secrets file's text, NUL-terminated;
 *   %NULL loads no secrets
 * @error: return location for a #KV_CONFIG_ERROR
 *
 * Nothing is read from disk, so tests and fuzzers can use it freely; file
 * names are kept as written and not checked.
 *
 * Returns: (transfer full) (type GObject): the configuration, or %NULL
 */
gpointer
kv_config_loader_load_data (const KvConfigLoader  *loader,
                            const char            *data,
                            gsize                  length,
                            const char            *secrets_data,
                            GError               **error)
{
  g_autoptr(KvConfigFile) file = NULL;
  g_autofree char *display_name = NULL;

  g_return_val_if_fail (loader != NULL, NULL);

  display_name = g_strconcat (loader->name, ".conf", NULL);
  file = kv_config_file_new_from_data (data, length, display_name, error);
  if (file == NULL)
    return NULL;

  return load_config_file (loader, file, FALSE, secrets_data, error);
}
