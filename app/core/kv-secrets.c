/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-config"

#include "config.h"

#include "kv-secrets.h"

#include "kv-config-file.h"
#include "kv-config-file-private.h"

#include <glib/gstdio.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A secrets file holds a few tokens; refuse to read anything large. */
#define MAX_SECRETS_SIZE (64 * 1024)
/* Others may not read it; only the owner may write it. 0640 stays allowed
 * so root can own it and the service's group read it. */
#define FORBIDDEN_MODE_BITS 0027

struct _KvSecrets
{
  char       *display_name;
  GHashTable *values;   /* key -> value; values are wiped on free */
};

/* memset() before free() may be optimised away; writing through a volatile
 * pointer may not. */
static void
wipe (char *text)
{
  volatile char *p = text;

  if (text == NULL)
    return;
  while (*p != '\0')
    *p++ = '\0';
}

static void
wipe_and_free (gpointer text)
{
  wipe (text);
  g_free (text);
}

/**
 * kv_secrets_clear_value:
 * @value: (inout) (nullable): a secret copied out of a #KvSecrets
 *
 * Wipes the secret, frees it and sets *@value to %NULL: what the
 * configurations do with the secrets they keep.
 */
void
kv_secrets_clear_value (char **value)
{
  g_return_if_fail (value != NULL);

  wipe (*value);
  g_clear_pointer (value, g_free);
}

void
kv_secrets_free (KvSecrets *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->values);
  g_free (self->display_name);
  g_free (self);
}

/**
 * kv_secrets_new_from_data:
 * @data: the secrets file's content; any bytes
 * @length: length of @data
 * @display_name: what messages call the file
 * @allowed_keys: (array zero-terminated=1): the secrets this program uses
 * @error: return location for a #KV_CONFIG_ERROR
 *
 * Parses a `[secrets]` key file. Messages never quote the file's lines:
 * GLib's parse errors would, and a line may be a token.
 *
 * Returns: (transfer full): the secrets, or %NULL
 */
KvSecrets *
kv_secrets_new_from_data (const char          *data,
                          gsize                length,
                          const char          *display_name,
                          const char * const  *allowed_keys,
                          GError             **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(KvSecrets) self = NULL;
  g_auto(GStrv) groups = NULL;
  g_auto(GStrv) keys = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  if (!g_key_file_load_from_data (key_file, data != NULL ? data : "", length,
                                  G_KEY_FILE_NONE, NULL))
    {
      g_set_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_PARSE,
                   "%s: not a valid secrets file (expected a [%s] group of key=value "
                   "lines; see the example)", display_name, KV_SECRETS_GROUP);
      return NULL;
    }

  groups = g_key_file_get_groups (key_file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      if (!g_str_equal (groups[i], KV_SECRETS_GROUP))
        {
          g_autofree char *quoted = kv_config_quote (groups[i]);

          g_set_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_UNKNOWN_GROUP,
                       "%s: unknown group [%s] (a secrets file has only [%s])",
                       display_name, quoted, KV_SECRETS_GROUP);
          return NULL;
        }
    }

  self = g_new0 (KvSecrets, 1);
  self->display_name = g_strdup (display_name);
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_and_free);

  keys = g_key_file_get_keys (key_file, KV_SECRETS_GROUP, NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_autofree char *value = NULL;

      if (!g_strv_contains (allowed_keys, keys[i]))
        {
          g_autofree char *quoted = kv_config_quote (keys[i]);

          g_set_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_UNKNOWN_KEY,
                       "%s: [%s] unknown key '%s' (check the spelling)",
                       display_name, KV_SECRETS_GROUP, quoted);
          return NULL;
        }

      if (kv_config_raw_value_is_safe (key_file, KV_SECRETS_GROUP, keys[i]))
        value = g_key_file_get_string (key_file, KV_SECRETS_GROUP, keys[i], NULL);
      if (value == NULL)
        {
          g_set_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_INVALID_VALUE,
                       "%s: [%s] %s is not valid UTF-8 text or has a bad \\ escape",
                       display_name, KV_SECRETS_GROUP, keys[i]);
          return NULL;
        }

      g_strstrip (value);
      for (const char *p = value; *p != '\0'; p++)
        {
          /* Tokens, hashes and shared secrets are printable ASCII; anything
           * else is a copy-and-paste accident (a stray quote or space). */
          if (*p < 0x21 || *p > 0x7e)
            {
              g_set_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_INVALID_VALUE,
                           "%s: [%s] %s contains spaces or characters other than "
                           "printable ASCII", display_name, KV_SECRETS_GROUP, keys[i]);
              wipe (value);
              return NULL;
            }
        }
      if (value[0] != '\0')
        g_hash_table_replace (self->values, g_strdup (keys[i]), g_steal_pointer (&value));
      else
        wipe (value);
    }

  return g_steal_pointer (&self);
}

/**
 * kv_secrets_load:
 * @path: the secrets file
 * @allowed_keys: (array zero-terminated=1): the secrets this program uses
 * @error: return location for a #KV_CONFIG_ERROR
 *
 * Opens the file once and checks the permissions of what was opened (not
 * of the path, which could be swapped in between).
 *
 * Returns: (transfer full): the secrets, or %NULL
 */
KvSecrets *
kv_secrets_load (const char          *path,
                 const char * const  *allowed_keys,
                 GError             **error)
{
  g_autofree char *contents = NULL;
  KvSecrets *secrets;
  struct stat st;
  gssize n_read;
  gsize length = 0;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_SECRETS_MISSING,
                   "%s: cannot open the secrets file: %s", path, g_strerror (saved_errno));
      return NULL;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_SECRETS_MISSING,
                   "%s: the secrets file is not a regular file", path);
      close (fd);
      return NULL;
    }

  if ((st.st_mode & FORBIDDEN_MODE_BITS) != 0)
    {
      g_set_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_SECRETS_PERMISSIONS,
                   "%s: the secrets file has mode %04o, so others can read it or "
                   "someone other than its owner can change it; fix it with: chmod 600 %s",
                   path, (guint) (st.st_mode & 07777), path);
      close (fd);
      return NULL;
    }

  if (st.st_size > MAX_SECRETS_SIZE)
    {
      g_set_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_PARSE,
                   "%s: too large for a secrets file", path);
      close (fd);
      return NULL;
    }

  contents = g_malloc0 (MAX_SECRETS_SIZE + 1);
  while (length < MAX_SECRETS_SIZE)
    {
      n_read = read (fd, contents + length, MAX_SECRETS_SIZE - length);
      if (n_read < 0 && errno == EINTR)
        continue;
      if (n_read < 0)
        {
          int saved_errno = errno;

          g_set_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_SECRETS_MISSING,
                       "%s: cannot read the secrets file: %s", path, g_strerror (saved_errno));
          close (fd);
          explicit_bzero (contents, MAX_SECRETS_SIZE);
          return NULL;
        }
      if (n_read == 0)
        break;
      length += (gsize) n_read;
    }
  close (fd);

  secrets = kv_secrets_new_from_data (contents, length, path, allowed_keys, error);
  explicit_bzero (contents, MAX_SECRETS_SIZE);
  return secrets;
}

/**
 * kv_secrets_get:
 * @self: secrets
 * @key: a secret's name
 *
 * Returns: (nullable): the secret, or %NULL if unset or empty
 */
const char *
kv_secrets_get (KvSecrets  *self,
                const char *key)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_hash_table_lookup (self->values, key);
}

/**
 * kv_secrets_dup_required:
 * @self: secrets
 * @key: a secret's name
 * @error: return location for a #KV_CONFIG_ERROR_SECRETS_MISSING
 *
 * Returns: (transfer full): a copy of the secret, or %NULL if it is missing
 */
char *
kv_secrets_dup_required (KvSecrets   *self,
                         const char  *key,
                         GError     **error)
{
  const char *value;

  g_return_val_if_fail (self != NULL, NULL);

  value = g_hash_table_lookup (self->values, key);
  if (value == NULL)
    {
      g_set_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_SECRETS_MISSING,
                   "%s: [%s] %s is missing or empty", self->display_name,
                   KV_SECRETS_GROUP, key);
      return NULL;
    }

  return g_strdup (value);
}

const char *
kv_secrets_get_display_name (KvSecrets *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->display_name;
}

/**
 * kv_secrets_load_for_config:
 * @file: the loaded configuration
 * @group: the group holding `secrets-file`
 * @default_name: the file name when `secrets-file` is unset
 * @from_disk: whether @file came from disk; if not, @secrets_data is used
 * @secrets_data: (nullable): the secrets text for configurations loaded from
 *   data; %NULL skips secrets
 * @allowed_keys: (array zero-terminated=1): the secrets this program uses
 * @out_secrets: (out) (transfer full) (nullable): the secrets, or %NULL if
 *   skipped
 * @error: return location for a #KV_CONFIG_ERROR
 *
 * Finds the secrets file the configuration names (relative to the folder
 * of the file that named it, or next to the main file) and loads it.
 *
 * Returns: %FALSE on error
 */
gboolean
kv_secrets_load_for_config (KvConfigFile       *file,
                            const char         *group,
                            const char         *default_name,
                            gboolean            from_disk,
                            const char         *secrets_data,
                            const char * const *allowed_keys,
                            KvSecrets         **out_secrets,
                            GError            **error)
{
  g_autofree char *name = NULL;

  *out_secrets = NULL;
  if (!kv_config_file_get_string (file, group, "secrets-file", default_name, &name, error))
    return FALSE;

  if (from_disk)
    {
      g_autofree char *path = kv_config_file_resolve_path (file, group, "secrets-file", name);

      *out_secrets = kv_secrets_load (path, allowed_keys, error);
    }
  else if (secrets_data != NULL)
    *out_secrets = kv_secrets_new_from_data (secrets_data, strlen (secrets_data), name,
                                             allowed_keys, error);
  else
    return TRUE;

  return *out_secrets != NULL;
}
