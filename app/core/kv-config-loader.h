/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-config-file.h"
#include "kv-secrets.h"

G_BEGIN_DECLS

/**
 * KvConfigLoader:
 * @name: the configuration's name: `<name>.conf` and `<name>.conf.d/` in a
 *   configuration folder, and the group whose `secrets-file` key names the
 *   secrets file
 * @default_secrets_file: the secrets file's name when `secrets-file` is
 *   unset
 * @secret_keys: (array zero-terminated=1): the secrets the program uses
 * @get_type: the configuration's get_type function; the configuration is
 *   made with g_object_new() and no properties
 * @parse: reads every group of @file into @config; @from_disk says whether
 *   file names can be checked on disk
 * @take_secrets: takes the secrets @config needs; called last, and only
 *   when there are secrets (not for data loaded without them)
 *
 * How one kind of configuration (kiosk, server) is read. The loader does
 * what both used to repeat: where the configuration comes from (`--config
 * FILE`, the system folder, or text for tests and fuzzers), then its
 * secrets, always after everything else so an error in the configuration
 * is reported before a missing secrets file.
 */
typedef struct
{
  const char         *name;
  const char         *default_secrets_file;
  const char * const *secret_keys;
  GType             (*get_type)     (void);
  gboolean          (*parse)        (GObject       *config,
                                     KvConfigFile  *file,
                                     gboolean       from_disk,
                                     GError       **error);
  gboolean          (*take_secrets) (GObject       *config,
                                     KvSecrets     *secrets,
                                     GError       **error);
} KvConfigLoader;

gpointer kv_config_loader_load_path (const KvConfigLoader  *loader,
                                     const char            *path,
                                     GError               **error);
gpointer kv_config_loader_load_dir  (const KvConfigLoader  *loader,
                                     const char            *dir,
                                     GError               **error);
gpointer kv_config_loader_load      (const KvConfigLoader  *loader,
                                     const char            *config_path,
                                     GError               **error);
gpointer kv_config_loader_load_data (const KvConfigLoader  *loader,
                                     const char            *data,
                                     gsize                  length,
                                     const char            *secrets_data,
                                     GError               **error);

G_END_DECLS
