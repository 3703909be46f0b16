/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-config-file.h"

G_BEGIN_DECLS

/* Shared between kv-config-file.c (loading, origins, errors) and
 * kv-config-values.c (typed getters). Not for other modules. */

typedef struct
{
  char *path;          /* NULL for data */
  char *display_name;  /* what messages call the file */
} KvConfigSource;

struct _KvConfigFile
{
  GKeyFile   *merged;
  GPtrArray  *sources;   /* KvConfigSource, in load order */
  GHashTable *origins;   /* "group\x1fkey" -> KvConfigSource (borrowed) */
  GPtrArray  *groups;    /* char *: every group seen, in order, once */
  GHashTable *group_origins; /* group -> KvConfigSource (borrowed): first file with it */
};

gboolean kv_config_raw_value_is_safe (GKeyFile   *key_file,
                                      const char *group,
                                      const char *key);

G_END_DECLS
