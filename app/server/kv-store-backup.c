/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-store"

#include "config.h"

#include "kv-store.h"
#include "kv-store-private.h"

#include <glib/gstdio.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/* KvStore, continued: online backups with SQLite's backup API. The copy is
 * written to a private (0600) file beside the destination and renamed over
 * it once complete: a failed backup leaves the previous copy as it was, and
 * a copy is never readable by other users, whatever the umask. */

static void
remove_partial (const char *path)
{
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_unlink (journal);
  g_unlink (path);
}

static gboolean
backup_connection (sqlite3     *source,
                   const char  *source_path,
                   const char  *destination,
                   GError     **error)
{
  g_autofree char *partial = g_strconcat (destination, ".partial-XXXXXX", NULL);
  sqlite3 *target = NULL;
  sqlite3_backup *backup;
  int fd, rc, saved_errno;

  fd = g_mkstemp_full (partial, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_FAILED, "Cannot write a backup to %s: %s",
                   destination, g_strerror (saved_errno));
      return FALSE;
    }
  /* The umask may have taken bits of 0600 away; SQLite gives its journal
   * the same mode as this file. */
  rc = fchmod (fd, 0600);
  saved_errno = errno;
  close (fd);
  if (rc != 0)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_FAILED,
                   "Cannot make the backup %s private (chmod 600): %s", partial,
                   g_strerror (saved_errno));
      remove_partial (partial);
      return FALSE;
    }

  if (sqlite3_open_v2 (partial, &target, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_FAILED, "Cannot open %s: %s",
                   partial, target != NULL ? sqlite3_errmsg (target) : "out of memory");
      goto fail;
    }
  backup = sqlite3_backup_init (target, "main", source, "main");
  if (backup == NULL)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_FAILED, "Cannot back up %s to %s: %s",
                   source_path, destination, sqlite3_errmsg (target));
      goto fail;
    }
  /* All pages in one step: one consistent snapshot, without retrying on
   * concurrent writes. */
  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_FAILED, "Backing up %s to %s failed: %s",
                   source_path, destination, sqlite3_errstr (rc));
      goto fail;
    }
  if (sqlite3_close (target) != SQLITE_OK)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_FAILED, "Closing the backup %s failed",
                   partial);
      target = NULL;
      goto fail;
    }
  target = NULL;
  if (g_rename (partial, destination) != 0)
    {
      saved_errno = errno;
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_FAILED, "Cannot replace %s: %s",
                   destination, g_strerror (saved_errno));
      goto fail;
    }
  return TRUE;

fail:
  sqlite3_close (target);
  remove_partial (partial);
  return FALSE;
}

/**
 * kv_store_backup:
 * @self: a #KvStore
 * @destination: the backup file to write (replaced once the copy is complete)
 * @error: return location for a #GError
 *
 * Copies the open database: a consistent copy while the server keeps
 * running. The copy is mode 0600.
 *
 * Returns: %TRUE if the backup is complete
 */
gboolean
kv_store_backup (KvStore     *self,
                 const char  *destination,
                 GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);
  g_return_val_if_fail (destination != NULL, FALSE);

  return backup_connection (self->db, self->path, destination, error);
}

/**
 * kv_store_backup_database:
 * @database: the database file
 * @destination: the backup file to write (replaced once the copy is complete)
 * @error: return location for a #GError
 *
 * Copies a database that a server may be serving: it is opened read-only,
 * without the server's lock and without migrating it, so this works while
 * the server runs, and copies the database as it is. The copy is mode 0600.
 *
 * Returns: %TRUE if the backup is complete
 */
gboolean
kv_store_backup_database (const char  *database,
                          const char  *destination,
                          GError     **error)
{
  sqlite3 *source = NULL;
  gboolean done;

  g_return_val_if_fail (database != NULL, FALSE);
  g_return_val_if_fail (destination != NULL, FALSE);

  if (sqlite3_open_v2 (database, &source, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_FAILED, "Cannot open database %s: %s",
                   database, source != NULL ? sqlite3_errmsg (source) : "out of memory");
      sqlite3_close (source);
      return FALSE;
    }
  /* A server's commit holds the write lock for an fsync or two. */
  sqlite3_busy_timeout (source, 5000);
  done = backup_connection (source, database, destination, error);
  sqlite3_close (source);
  return done;
}
