/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisitctl"

#include "config.h"

#include "kv-ctl-credentials.h"

#include <errno.h>
#include <glib/gstdio.h>

/* Where kinvisitctl keeps a staff session between commands: one key file
 * per server URL (named by its hash, so any URL makes a file name), in a
 * 0700 folder, the file itself 0600: the cookie is as good as the
 * password until the session ends. Calls nothing of kinvisitctl. */

#define GROUP "session"

void
kv_ctl_credentials_free (KvCtlCredentials *credentials)
{
  if (credentials == NULL)
    return;
  g_free (credentials->server);
  g_free (credentials->account);
  g_free (credentials->cookie);
  g_free (credentials->csrf_token);
  g_free (credentials);
}

static char *
credentials_dir (void)
{
  return g_build_filename (g_get_user_config_dir (), "kinvisitctl", NULL);
}

/* $XDG_CONFIG_HOME/kinvisitctl/session-<hash of the URL> */
char *
kv_ctl_credentials_path (const char *server)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, server, -1);
  g_autofree char *dir = credentials_dir ();
  g_autofree char *name = NULL;

  hash[16] = '\0';
  name = g_strconcat ("session-", hash, NULL);
  return g_build_filename (dir, name, NULL);
}

/**
 * kv_ctl_credentials_load:
 *
 * Returns: (transfer full) (nullable): the session kept for @server, or
 *   %NULL (with no error if there is none)
 */
KvCtlCredentials *
kv_ctl_credentials_load (const char  *server,
                         GError     **error)
{
  g_autofree char *path = kv_ctl_credentials_path (server);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(KvCtlCredentials) credentials = g_new0 (KvCtlCredentials, 1);
  g_autoptr(GError) local_error = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local_error))
    {
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", path);
      return NULL;
    }
  credentials->server = g_key_file_get_string (file, GROUP, "server", NULL);
  credentials->account = g_key_file_get_string (file, GROUP, "account", NULL);
  credentials->cookie = g_key_file_get_string (file, GROUP, "cookie", NULL);
  credentials->csrf_token = g_key_file_get_string (file, GROUP, "csrf-token", NULL);
  if (credentials->cookie == NULL || credentials->csrf_token == NULL ||
      g_strcmp0 (credentials->server, server) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "%s is not a kinvisitctl session of %s; remove it and sign in again", path,
                   server);
      return NULL;
    }
  return g_steal_pointer (&credentials);
}

gboolean
kv_ctl_credentials_save (const KvCtlCredentials  *credentials,
                         GError                 **error)
{
  g_autofree char *dir = credentials_dir ();
  g_autofree char *path = kv_ctl_credentials_path (credentials->server);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *data = NULL;
  gsize length;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Cannot make %s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }
  g_key_file_set_string (file, GROUP, "server", credentials->server);
  g_key_file_set_string (file, GROUP, "account", credentials->account);
  g_key_file_set_string (file, GROUP, "cookie", credentials->cookie);
  g_key_file_set_string (file, GROUP, "csrf-token", credentials->csrf_token);
  data = g_key_file_to_data (file, &length, NULL);
  return g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                   error);
}

/* Forgets the session kept for @server; none is no error. */
gboolean
kv_ctl_credentials_remove (const char  *server,
                           GError     **error)
{
  g_autofree char *path = kv_ctl_credentials_path (server);

  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Cannot remove %s: %s", path, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}
