/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-store"

#include "config.h"

#include "kv-database.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/**
 * KvDatabase:
 *
 * The store's SQLite connection and what every table of it needs: the
 * lock that keeps a second server out, statements, errors, transactions
 * and online backups. It knows no table: the schema (kv-store-schema.c)
 * and the tables (kv-*-table.c, kv-purge-batch.c) call it, never the other
 * way round. Those that keep state from the database in memory (the audit
 * chain's head) listen to #KvDatabase::rolled-back.
 *
 * Durability: WAL with synchronous=FULL. WAL alone already survives a
 * SIGKILL (a committed transaction is in the WAL file, which the kernel
 * keeps when the process dies); FULL adds an fsync per commit so a power
 * cut does not roll back a booking staff were told was made, or an audit
 * entry. Writes are rare (bookings, state changes), so the fsync is cheap.
 * Every change is one transaction together with its audit entry.
 *
 * One server per database: the database holds an flock() on
 * `<database>.lock` for as long as it is open. A separate file, because
 * closing any descriptor of the database file would drop SQLite's own
 * POSIX locks on it. Backups (kv_database_backup_file()) read without that
 * lock, so they work while the server runs.
 *
 * The database, its -wal and -shm (which SQLite creates with the mode of
 * the database) and the lock file are created 0600 whatever the umask:
 * they hold the names children give their parents. An older database that
 * every user could read loses the others' bits when the server opens it.
 *
 * Backups use SQLite's backup API. The copy is written to a private (0600)
 * file beside the destination and renamed over it once complete: a failed
 * backup leaves the previous copy as it was, and a copy is never readable
 * by other users, whatever the umask.
 */

enum {
  ROLLED_BACK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _KvDatabase
{
  GObject   parent_instance;

  char     *path;
  sqlite3  *db;
  int       lock_fd;          /* flock()ed <path>.lock, -1 if none */
  gboolean  in_transaction;
};

G_DEFINE_FINAL_TYPE (KvDatabase, kv_database, G_TYPE_OBJECT)

/* The store's error domain, defined here in its lowest layer so that every
 * part of the store can raise it without calling up. */
G_DEFINE_QUARK (kv-store-error-quark, kv_store_error)

/* Opens (creating it 0600 if need be) and flock()s <path>.lock, kept open
 * for the store's lifetime. */
static gboolean
lock_database (KvDatabase  *self,
               GError     **error)
{
  g_autofree char *lock_path = g_strconcat (self->path, ".lock", NULL);
  int saved_errno;

  self->lock_fd = open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (self->lock_fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_FAILED,
                   "Cannot open the lock file %s of database %s: %s", lock_path, self->path,
                   g_strerror (saved_errno));
      return FALSE;
    }
  if (flock (self->lock_fd, LOCK_EX | LOCK_NB) != 0)
    {
      saved_errno = errno;
      if (saved_errno == EWOULDBLOCK)
        g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_LOCKED,
                     "Database %s is in use by another kinvisit-server (it holds %s): stop "
                     "that server first. `kinvisit-server --backup` works while it runs.",
                     self->path, lock_path);
      else
        g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_FAILED,
                     "Cannot lock database %s (%s): %s", self->path, lock_path,
                     g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* A database from before the server made them private, readable by every
 * user of the machine: takes the others' bits away (group bits stay, a
 * site may give a backup group access), from the -wal and -shm too. */
static void
make_existing_files_private (KvDatabase *self)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (self->path, suffixes[i], NULL);
      struct stat st;

      if (g_lstat (file, &st) != 0 || !S_ISREG (st.st_mode) || (st.st_mode & 0007) == 0)
        continue;
      if (g_chmod (file, st.st_mode & 0770) != 0)
        {
          int saved_errno = errno;

          g_warning ("%s can be read by every user of this machine and could not be made "
                     "private: %s; chmod 600 it", file, g_strerror (saved_errno));
          continue;
        }
      g_message ("%s could be read by every user of this machine: now mode %04o", file,
                 (unsigned int) (st.st_mode & 0770));
    }
}

/* Creates the database file 0600 before SQLite does (SQLite would create
 * it 0644 under the usual umask, and its -wal and -shm with it). */
static gboolean
create_database_file (KvDatabase  *self,
                      GError     **error)
{
  int fd = open (self->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  int saved_errno = errno;

  if (fd >= 0)
    {
      /* The umask may have taken bits of 0600 away too. */
      if (fchmod (fd, 0600) != 0)
        saved_errno = errno;
      else
        saved_errno = 0;
      close (fd);
      if (saved_errno != 0)
        {
          g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_FAILED,
                       "Cannot make database %s private (chmod 600): %s", self->path,
                       g_strerror (saved_errno));
          return FALSE;
        }
      return TRUE;
    }
  if (saved_errno != EEXIST)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_FAILED, "Cannot create database %s: %s",
                   self->path, g_strerror (saved_errno));
      return FALSE;
    }
  make_existing_files_private (self);
  return TRUE;
}

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

static void
kv_database_finalize (GObject *object)
{
  KvDatabase *self = KV_DATABASE (object);

  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  /* After the database: closing the lock lets the next server in. */
  if (self->lock_fd >= 0)
    close (self->lock_fd);
  g_free (self->path);

  G_OBJECT_CLASS (kv_database_parent_class)->finalize (object);
}

static void
kv_database_class_init (KvDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kv_database_finalize;

  /**
   * KvDatabase::rolled-back:
   * @self: the database
   *
   * Emitted after a transaction was rolled back (or its commit failed):
   * what was read from the database inside it may no longer be true.
   */
  signals[ROLLED_BACK] =
    g_signal_new ("rolled-back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kv_database_init (KvDatabase *self)
{
  self->lock_fd = -1;
}

/**
 * kv_database_open:
 * @path: the database file, created (mode 0600) if missing
 * @error: return location for a #GError
 *
 * Opens the database for serving: takes the lock that keeps a second
 * server out (%KV_STORE_ERROR_LOCKED) and switches to WAL. The schema is
 * the caller's (kv_store_schema_migrate()).
 *
 * Returns: (transfer full): the database, or %NULL
 */
KvDatabase *
kv_database_open (const char  *path,
                  GError     **error)
{
  g_autoptr(KvDatabase) self = g_object_new (KV_TYPE_DATABASE, NULL);

  g_return_val_if_fail (path != NULL, NULL);

  self->path = g_strdup (path);
  if (!lock_database (self, error) || !create_database_file (self, error))
    return NULL;
  if (sqlite3_open_v2 (path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_FAILED, "Cannot open database %s: %s",
                   path, self->db != NULL ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);

  if (!kv_database_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !kv_database_exec (self, "PRAGMA synchronous = FULL", error) ||
      !kv_database_exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
kv_database_get_path (KvDatabase *self)
{
  g_return_val_if_fail (KV_IS_DATABASE (self), NULL);

  return self->path;
}

gboolean
kv_database_error (KvDatabase  *self,
                   GError     **error,
                   const char  *what)
{
  g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_FAILED,
               "Database %s: %s failed: %s", self->path, what, sqlite3_errmsg (self->db));
  return FALSE;
}

/**
 * kv_database_step_insert:
 * @self: a #KvDatabase
 * @stmt: (transfer full): an INSERT, bound
 * @what: what it does, for a failure's message ("adding a site")
 * @error: return location for a #GError
 * @constraint_code: the %KV_STORE_ERROR code when a constraint refuses the
 *   row (its key exists, a reference names nothing)
 * @constraint_format: the message for people then, printf-style
 *
 * Runs and finalizes an INSERT: a refused row is the caller's error (most
 * often %KV_STORE_ERROR_EXISTS), anything else the database's.
 *
 * Returns: %TRUE if the row was inserted
 */
gboolean
kv_database_step_insert (KvDatabase    *self,
                         sqlite3_stmt  *stmt,
                         const char    *what,
                         GError       **error,
                         KvStoreError   constraint_code,
                         const char    *constraint_format,
                         ...)
{
  int rc = sqlite3_step (stmt);
  va_list args;

  sqlite3_finalize (stmt);
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    {
      va_start (args, constraint_format);
      g_propagate_error (error, g_error_new_valist (KV_STORE_ERROR, constraint_code,
                                                    constraint_format, args));
      va_end (args);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return kv_database_error (self, error, what);
  return TRUE;
}

gboolean
kv_database_exec (KvDatabase  *self,
                  const char  *sql,
                  GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_FAILED,
                   "Database %s: %s", self->path, message ? message : "failed");
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
kv_database_prepare (KvDatabase  *self,
                     const char  *sql,
                     GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      kv_database_error (self, error, "prepare");
      return NULL;
    }
  return stmt;
}

/* Runs a statement that returns no rows, then finalizes it. */
gboolean
kv_database_step_done (KvDatabase    *self,
                       sqlite3_stmt  *stmt,
                       GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return kv_database_error (self, error, "write");
  return TRUE;
}

/* Rows the last statement changed. */
gint64
kv_database_changes (KvDatabase *self)
{
  return sqlite3_changes (self->db);
}

void
kv_database_bind_text (sqlite3_stmt *stmt,
                       int           index,
                       const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

char *
kv_database_column_text (sqlite3_stmt *stmt,
                         int           index)
{
  const unsigned char *text = sqlite3_column_text (stmt, index);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

gboolean
kv_database_begin (KvDatabase  *self,
                   GError     **error)
{
  g_return_val_if_fail (!self->in_transaction, FALSE);

  /* IMMEDIATE: take the write lock now, so a transaction never fails half
   * way with SQLITE_BUSY because another writer (sqlite3 .backup) came in. */
  if (!kv_database_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  self->in_transaction = TRUE;
  return TRUE;
}

gboolean
kv_database_commit (KvDatabase  *self,
                    GError     **error)
{
  if (!kv_database_exec (self, "COMMIT", error))
    {
      kv_database_rollback (self);
      return FALSE;
    }
  self->in_transaction = FALSE;
  return TRUE;
}

void
kv_database_rollback (KvDatabase *self)
{
  if (!self->in_transaction)
    return;
  if (!sqlite3_get_autocommit (self->db))
    kv_database_exec (self, "ROLLBACK", NULL);
  self->in_transaction = FALSE;

  /* Whoever keeps state from the transaction in memory (the audit chain's
   * head) takes it from the database again, as it is now. */
  g_signal_emit (self, signals[ROLLED_BACK], 0);
}

gboolean
kv_database_in_transaction (KvDatabase *self)
{
  return self->in_transaction;
}

/**
 * kv_database_backup:
 * @self: a #KvDatabase
 * @destination: the backup file to write (replaced once the copy is complete)
 * @error: return location for a #GError
 *
 * Copies the open database: a consistent copy while the server keeps
 * running. The copy is mode 0600.
 *
 * Returns: %TRUE if the backup is complete
 */
gboolean
kv_database_backup (KvDatabase  *self,
                    const char  *destination,
                    GError     **error)
{
  g_return_val_if_fail (KV_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (destination != NULL, FALSE);

  return backup_connection (self->db, self->path, destination, error);
}

/**
 * kv_database_backup_file:
 * @path: the database file
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
kv_database_backup_file (const char  *path,
                         const char  *destination,
                         GError     **error)
{
  sqlite3 *source = NULL;
  gboolean done;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (destination != NULL, FALSE);

  if (sqlite3_open_v2 (path, &source, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_FAILED, "Cannot open database %s: %s",
                   path, source != NULL ? sqlite3_errmsg (source) : "out of memory");
      sqlite3_close (source);
      return FALSE;
    }
  /* A server's commit holds the write lock for an fsync or two. */
  sqlite3_busy_timeout (source, 5000);
  done = backup_connection (source, path, destination, error);
  sqlite3_close (source);
  return done;
}
