/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-config"

#include "config.h"

#include "kv-config-file.h"
#include "kv-config-file-private.h"

#include <gio/gio.h>

#include <string.h>

/* A configuration file is a few KiB; anything much bigger is a mistake
 * (--config /dev/zero) and must not be read into memory. */
#define MAX_FILE_SIZE (1024 * 1024)
/* Values quoted in messages are shortened so a runaway line stays readable. */
#define MAX_QUOTED_CHARS 60

G_DEFINE_QUARK (kv-config-error-quark, kv_config_error)

static void
source_free (KvConfigSource *source)
{
  g_free (source->path);
  g_free (source->display_name);
  g_free (source);
}

static char *
origin_key (const char *group,
            const char *key)
{
  return g_strconcat (group, "\x1f", key, NULL);
}

/**
 * kv_config_raw_value_is_safe:
 * @key_file: a key file
 * @group: a group
 * @key: a key in @group
 *
 * GLib 2.74's value unescaping sets its GError twice (a critical warning,
 * fatal in tests) when a value has an invalid escape and ends in a lone
 * backslash, e.g. `label=a\x b\`. Such values are refused before GLib
 * parses them.
 *
 * Returns: whether g_key_file_get_string() and friends may parse the value
 */
gboolean
kv_config_raw_value_is_safe (GKeyFile   *key_file,
                             const char *group,
                             const char *key)
{
  g_autofree char *raw = g_key_file_get_value (key_file, group, key, NULL);
  gsize trailing = 0;

  if (raw == NULL)
    return TRUE;

  for (gsize i = strlen (raw); i > 0 && raw[i - 1] == '\\'; i--)
    trailing++;

  return trailing % 2 == 0;
}

/**
 * kv_config_quote:
 * @text: (nullable): a name or value from a file: any bytes
 *
 * Messages quote what the administrator wrote, as valid UTF-8 and
 * shortened so a runaway line stays readable. Never use it on secrets.
 *
 * Returns: (transfer full): text fit for a message
 */
char *
kv_config_quote (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);

  if (g_utf8_strlen (valid, -1) > MAX_QUOTED_CHARS)
    {
      g_autofree char *start = g_utf8_substring (valid, 0, MAX_QUOTED_CHARS);
      return g_strconcat (start, "…", NULL);
    }

  return g_steal_pointer (&valid);
}

static KvConfigFile *
kv_config_file_new (void)
{
  KvConfigFile *self = g_new0 (KvConfigFile, 1);

  self->merged = g_key_file_new ();
  self->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);
  self->origins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->groups = g_ptr_array_new_with_free_func (g_free);
  self->group_origins = g_hash_table_new (g_str_hash, g_str_equal);
  return self;
}

void
kv_config_file_free (KvConfigFile *self)
{
  if (self == NULL)
    return;

  g_key_file_free (self->merged);
  g_hash_table_unref (self->origins);
  g_hash_table_unref (self->group_origins);
  g_ptr_array_unref (self->groups);
  g_ptr_array_unref (self->sources);
  g_free (self);
}

/* Later files override the keys they set; the origin of each key is kept so
 * an error about it names the file that really set it. */
static gboolean
merge_data (KvConfigFile *self,
            const char   *data,
            gsize         length,
            const char   *path,
            const char   *display_name,
            GError      **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) groups = NULL;
  KvConfigSource *source;

  if (!g_key_file_load_from_data (key_file, data, length, G_KEY_FILE_NONE, &local_error))
    {
      g_autofree char *reason = kv_config_quote (local_error->message);

      g_set_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_PARSE,
                   "%s: not a valid configuration file: %s", display_name, reason);
      return FALSE;
    }

  source = g_new0 (KvConfigSource, 1);
  source->path = g_strdup (path);
  source->display_name = g_strdup (display_name);
  g_ptr_array_add (self->sources, source);

  groups = g_key_file_get_groups (key_file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (key_file, groups[i], NULL, NULL);

      /* A group without keys is not kept by GKeyFile, but a misspelt empty
       * group must still be reported. */
      if (!g_hash_table_contains (self->group_origins, groups[i]))
        {
          char *group = g_strdup (groups[i]);

          g_ptr_array_add (self->groups, group);
          g_hash_table_insert (self->group_origins, group, source);
        }

      for (guint j = 0; keys != NULL && keys[j] != NULL; j++)
        {
          g_autofree char *value = g_key_file_get_value (key_file, groups[i], keys[j], NULL);

          if (value == NULL)
            continue;
          g_key_file_set_value (self->merged, groups[i], keys[j], value);
          g_hash_table_replace (self->origins, origin_key (groups[i], keys[j]), source);
        }
    }

  return TRUE;
}

static gboolean
merge_path (KvConfigFile *self,
            const char   *path,
            GError      **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      g_set_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_NOT_FOUND,
                   "%s: cannot read the configuration: %s", path, local_error->message);
      return FALSE;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_NOT_FOUND,
                   "%s: is not a regular file", path);
      return FALSE;
    }
  if (g_file_info_get_size (info) > MAX_FILE_SIZE)
    {
      g_set_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_PARSE,
                   "%s: is too large for a configuration file (over %d bytes)",
                   path, MAX_FILE_SIZE);
      return FALSE;
    }
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_NOT_FOUND,
                   "%s: cannot read the configuration: %s", path, local_error->message);
      return FALSE;
    }

  g_debug ("Reading configuration from %s", path);
  return merge_data (self, contents, length, path, path, error);
}

/**
 * kv_config_file_load_path:
 * @path: a configuration file (from `--config FILE`)
 * @error: return location for a #KV_CONFIG_ERROR
 *
 * Loads exactly one file; no conf.d directory is read.
 *
 * Returns: (transfer full): the configuration, or %NULL
 */
KvConfigFile *
kv_config_file_load_path (const char  *path,
                          GError     **error)
{
  g_autoptr(KvConfigFile) self = kv_config_file_new ();

  g_return_val_if_fail (path != NULL, NULL);

  if (!merge_path (self, path, error))
    return NULL;

  return g_steal_pointer (&self);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * kv_config_file_load_dir:
 * @dir: the configuration directory, e.g. KV_SYSCONFDIR
 * @name: "kiosk" or "server"
 * @error: return location for a #KV_CONFIG_ERROR
 *
 * Loads `@dir/@name.conf` (required), then every `@dir/@name.conf.d/\*.conf`
 * in byte order of their names, so packages and administrators can drop in
 * overrides such as `50-media.conf`. Hidden files and other suffixes
 * (`.dpkg-old`, editor backups) are ignored.
 *
 * Returns: (transfer full): the configuration, or %NULL
 */
KvConfigFile *
kv_config_file_load_dir (const char  *dir,
                         const char  *name,
                         GError     **error)
{
  g_autoptr(KvConfigFile) self = kv_config_file_new ();
  g_autofree char *main_name = g_strconcat (name, ".conf", NULL);
  g_autofree char *main_path = g_build_filename (dir, main_name, NULL);
  g_autofree char *dropin_name = g_strconcat (name, ".conf.d", NULL);
  g_autofree char *dropin_dir = g_build_filename (dir, dropin_name, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) directory = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *entry;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!g_file_test (main_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_NOT_FOUND,
                   "%s: does not exist; start from the examples installed with the "
                   "documentation (doc/kinvisit/examples) or pass --config FILE", main_path);
      return NULL;
    }
  if (!merge_path (self, main_path, error))
    return NULL;

  directory = g_dir_open (dropin_dir, 0, &local_error);
  if (directory == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&self);
      g_set_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_NOT_FOUND,
                   "%s: cannot read the directory: %s", dropin_dir, local_error->message);
      return NULL;
    }

  while ((entry = g_dir_read_name (directory)) != NULL)
    {
      if (entry[0] == '.' || !g_str_has_suffix (entry, ".conf"))
        continue;
      g_ptr_array_add (names, g_strdup (entry));
    }
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dropin_dir, g_ptr_array_index (names, i), NULL);

      if (!merge_path (self, path, error))
        return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * kv_config_file_new_from_data:
 * @data: key file text; any bytes (this is a fuzzing entry point)
 * @length: length of @data
 * @display_name: what messages call it, e.g. "kiosk.conf"
 * @error: return location for a #KV_CONFIG_ERROR
 *
 * Returns: (transfer full): the configuration, or %NULL
 */
KvConfigFile *
kv_config_file_new_from_data (const char  *data,
                              gsize        length,
                              const char  *display_name,
                              GError     **error)
{
  g_autoptr(KvConfigFile) self = kv_config_file_new ();

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  if (!merge_data (self, data != NULL ? data : "", length, NULL, display_name, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * kv_config_file_get_display_name:
 * @self: a configuration
 *
 * Returns: the main file's path (or the display name given for data)
 */
const char *
kv_config_file_get_display_name (KvConfigFile *self)
{
  const KvConfigSource *first;

  g_return_val_if_fail (self != NULL, NULL);

  first = g_ptr_array_index (self->sources, 0);
  return first->display_name;
}

static const KvConfigSource *
lookup_origin (KvConfigFile *self,
               const char   *group,
               const char   *key)
{
  g_autofree char *lookup = NULL;
  const KvConfigSource *source = NULL;

  if (key != NULL)
    {
      lookup = origin_key (group, key);
      source = g_hash_table_lookup (self->origins, lookup);
    }

  return source != NULL ? source : g_ptr_array_index (self->sources, 0);
}

/**
 * kv_config_file_resolve_path:
 * @self: a configuration
 * @group: the group of the key that named @path
 * @key: the key that named @path
 * @path: a path from the configuration
 *
 * Relative paths are taken relative to the folder of the file that set the
 * key, so a configuration folder can be moved as a whole.
 *
 * Returns: (transfer full): an absolute path when the key came from a file
 */
char *
kv_config_file_resolve_path (KvConfigFile *self,
                             const char   *group,
                             const char   *key,
                             const char   *path)
{
  const KvConfigSource *source;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  source = lookup_origin (self, group, key);
  if (g_path_is_absolute (path) || source->path == NULL)
    return g_strdup (path);

  dir = g_path_get_dirname (source->path);
  return g_build_filename (dir, path, NULL);
}

gboolean
kv_config_file_has_key (KvConfigFile *self,
                        const char   *group,
                        const char   *key)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return g_key_file_has_key (self->merged, group, key, NULL);
}

/**
 * kv_config_file_set_error:
 * @self: a configuration
 * @error: return location for the error
 * @code: the error code
 * @group: the group the error is about
 * @key: (nullable): the key the error is about, to name the file that set it
 * @format: the rest of the message, after "file: [group] "
 *
 * Sets an error whose message starts with the file that set @key and the
 * group, e.g. "kiosk.conf: [media] framerate=200 is out of range (1-60)".
 */
void
kv_config_file_set_error (KvConfigFile  *self,
                          GError       **error,
                          KvConfigError  code,
                          const char    *group,
                          const char    *key,
                          const char    *format,
                          ...)
{
  const KvConfigSource *source = lookup_origin (self, group, key);
  g_autofree char *detail = NULL;
  g_autofree char *quoted_group = kv_config_quote (group);
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, KV_CONFIG_ERROR, code, "%s: [%s] %s",
               source->display_name, quoted_group, detail);
}

/* Edit distance, to suggest the known name an administrator probably meant;
 * names are short, so the quadratic table is fine. */
static guint
edit_distance (const char *a,
               const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *row = NULL;

  if (la > 64 || lb > 64)
    return G_MAXUINT;

  row = g_new (guint, lb + 1);
  for (gsize j = 0; j <= lb; j++)
    row[j] = (guint) j;
  for (gsize i = 1; i <= la; i++)
    {
      guint diagonal = row[0];

      row[0] = (guint) i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint above = row[j];
          guint cost = a[i - 1] == b[j - 1] ? 0 : 1;

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diagonal + cost);
          diagonal = above;
        }
    }

  return row[lb];
}

/* " (did you mean 'framerate'?)" or "". */
static char *
suggest (const char         *name,
         const char * const *known)
{
  const char *best = NULL;
  guint best_distance = 3;

  for (guint i = 0; known[i] != NULL; i++)
    {
      guint distance = edit_distance (name, known[i]);

      if (distance < best_distance)
        {
          best = known[i];
          best_distance = distance;
        }
    }

  return best != NULL ? g_strdup_printf (" (did you mean '%s'?)", best) : g_strdup ("");
}

/**
 * kv_config_file_check_groups:
 * @self: a configuration
 * @groups: (array zero-terminated=1): the groups this program knows
 * @error: return location for a #KV_CONFIG_ERROR_UNKNOWN_GROUP
 *
 * Unknown groups are errors rather than ignored: a misspelt `[meida]` would
 * otherwise silently leave every media setting at its default.
 */
gboolean
kv_config_file_check_groups (KvConfigFile       *self,
                             const char * const *groups,
                             GError            **error)
{
  for (guint i = 0; i < self->groups->len; i++)
    {
      const char *group = g_ptr_array_index (self->groups, i);

      if (!g_strv_contains (groups, group))
        {
          g_autofree char *quoted = kv_config_quote (group);
          g_autofree char *known = g_strjoinv ("], [", (GStrv) groups);
          g_autofree char *hint = suggest (group, groups);
          const KvConfigSource *source = g_hash_table_lookup (self->group_origins, group);

          g_set_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_UNKNOWN_GROUP,
                       "%s: unknown group [%s]%s; known groups: [%s]",
                       source->display_name, quoted, hint, known);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * kv_config_file_check_keys:
 * @self: a configuration
 * @group: a group
 * @keys: (array zero-terminated=1): the keys this program knows in @group
 * @error: return location for a #KV_CONFIG_ERROR_UNKNOWN_KEY
 *
 * Unknown keys are errors: `framrate=15` must not be ignored.
 */
gboolean
kv_config_file_check_keys (KvConfigFile       *self,
                           const char         *group,
                           const char * const *keys,
                           GError            **error)
{
  g_auto(GStrv) present = g_key_file_get_keys (self->merged, group, NULL, NULL);

  for (guint i = 0; present != NULL && present[i] != NULL; i++)
    {
      if (!g_strv_contains (keys, present[i]))
        {
          g_autofree char *quoted = kv_config_quote (present[i]);
          g_autofree char *hint = suggest (present[i], keys);

          kv_config_file_set_error (self, error, KV_CONFIG_ERROR_UNKNOWN_KEY, group,
                                    present[i], "unknown key '%s'%s", quoted,
                                    hint[0] != '\0' ? hint : " (check the spelling and "
                                                             "the group)");
          return FALSE;
        }
    }

  return TRUE;
}
