/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-store"

#include "config.h"

#include "kv-store.h"
#include "kv-store-private.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/**
 * KvStore:
 *
 * The server's database: kiosks, bookings, sessions and the audit log, in
 * SQLite. SQLite stays inside the kv-store files; everything else sees
 * records. Threads that must not wait for the main loop (exports,
 * verification) read with their own #KvStoreReader.
 *
 * Durability: WAL with synchronous=FULL. WAL alone already survives a
 * SIGKILL (a committed transaction is in the WAL file, which the kernel
 * keeps when the process dies); FULL adds an fsync per commit so a power
 * cut does not roll back a booking staff were told was made, or an audit
 * entry. Writes are rare (bookings, state changes), so the fsync is cheap.
 * Every change is one transaction together with its audit entry.
 *
 * One server per database: the store holds an flock() on `<database>.lock`
 * for as long as it is open. A separate file, because closing any
 * descriptor of the database file would drop SQLite's own POSIX locks on
 * it. Backups (kv_store_backup_database()) read without that lock, so they
 * work while the server runs.
 *
 * The database, its -wal and -shm (which SQLite creates with the mode of
 * the database) and the lock file are created 0600 whatever the umask:
 * they hold the names children give their parents. An older database that
 * every user could read loses the others' bits when the server opens it.
 */

G_DEFINE_FINAL_TYPE (KvStore, kv_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (kv-store-error-quark, kv_store_error)

typedef struct
{
  const char *sql;
  gboolean  (*then) (KvStore  *self,
                     GError  **error);
  const char *then_sql;
} Migration;

/* Migrations: entry i brings the schema from version i to i + 1, in one
 * transaction: its SQL, then (if any) a step in C and more SQL. Never edit
 * a released entry; append a new one. */
static const Migration migrations[] = {
  /* 0 -> 1 */
  {
  "CREATE TABLE kiosks ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  role TEXT NOT NULL CHECK (role IN ('community', 'prison')),"
  "  label TEXT NOT NULL DEFAULT '',"
  "  token_hash TEXT NOT NULL UNIQUE,"
  "  created_us INTEGER NOT NULL,"
  "  revoked_us INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE bookings ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  prison_kiosk TEXT NOT NULL REFERENCES kiosks (id),"
  "  community_kiosk TEXT NOT NULL REFERENCES kiosks (id),"
  "  start_us INTEGER NOT NULL,"
  "  end_us INTEGER NOT NULL,"
  "  prison_label TEXT NOT NULL,"
  "  community_label TEXT NOT NULL,"
  "  age_band TEXT NOT NULL,"
  "  created_us INTEGER NOT NULL,"
  "  cancelled_us INTEGER NOT NULL DEFAULT 0,"
  "  CHECK (end_us > start_us)"
  ");"
  "CREATE INDEX bookings_by_prison ON bookings (prison_kiosk, start_us);"
  "CREATE INDEX bookings_by_community ON bookings (community_kiosk, start_us);"
  "CREATE INDEX bookings_by_start ON bookings (start_us);"
  "CREATE TABLE sessions ("
  "  booking_id TEXT PRIMARY KEY NOT NULL REFERENCES bookings (id),"
  "  state TEXT NOT NULL,"
  "  outcome TEXT NOT NULL,"
  "  present INTEGER NOT NULL,"
  "  confirmed INTEGER NOT NULL,"
  "  absent INTEGER NOT NULL,"
  "  live_since_us INTEGER NOT NULL,"
  "  ended_at_us INTEGER NOT NULL,"
  "  lost_us INTEGER NOT NULL,"
  "  makeup_us INTEGER NOT NULL,"
  "  end_reason TEXT,"
  "  updated_us INTEGER NOT NULL"
  ");"
  "CREATE TABLE audit ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  time_us INTEGER NOT NULL,"
  "  actor TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  booking_id TEXT,"
  "  details TEXT NOT NULL DEFAULT ''"
  ");"
  "CREATE INDEX audit_by_time ON audit (time_us);"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;",
  },
  /* 1 -> 2: the audit hash chain and its purge anchor; anonymous monthly
   * counts of purged visits. The old triggers go while the existing rows
   * get their hashes (an UPDATE they would refuse), and come back
   * stricter. */
  {
  "DROP TRIGGER audit_no_update;"
  "DROP TRIGGER audit_no_delete;"
  "ALTER TABLE audit ADD COLUMN hash TEXT NOT NULL DEFAULT '';"
  "CREATE TABLE audit_anchor ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  seq INTEGER NOT NULL,"
  "  hash TEXT NOT NULL"
  ");"
  "INSERT INTO audit_anchor (id, seq, hash) VALUES (1, 0, '" KV_AUDIT_CHAIN_GENESIS "');"
  "CREATE TABLE visit_counts ("
  "  month TEXT NOT NULL,"
  "  prison_kiosk TEXT NOT NULL,"
  "  community_kiosk TEXT NOT NULL,"
  "  outcome TEXT NOT NULL,"
  "  visits INTEGER NOT NULL,"
  "  booked_minutes INTEGER NOT NULL,"
  "  lost_seconds INTEGER NOT NULL,"
  "  makeup_seconds INTEGER NOT NULL,"
  "  PRIMARY KEY (month, prison_kiosk, community_kiosk, outcome)"
  ");",
  kv_store_backfill_audit_hashes,
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
  "  WHEN old.seq > (SELECT seq FROM audit_anchor)"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only: retention removes only the "
  "oldest rows, up to the purge anchor'); END;"
  "CREATE TRIGGER audit_appended_in_order BEFORE INSERT ON audit"
  "  WHEN length (new.hash) != 64"
  "    OR new.seq IS NOT (SELECT ifnull (max (seq), (SELECT seq FROM audit_anchor)) FROM audit) + 1"
  "  BEGIN SELECT RAISE (ABORT, 'audit rows are appended in order, with their chain hash'); END;"
  "CREATE TRIGGER audit_anchor_kept BEFORE DELETE ON audit_anchor"
  "  BEGIN SELECT RAISE (ABORT, 'the purge anchor cannot be removed'); END;"
  "CREATE TRIGGER audit_anchor_forward BEFORE UPDATE ON audit_anchor"
  "  WHEN new.id != old.id OR new.seq <= old.seq"
  "    OR new.hash IS NOT (SELECT hash FROM audit WHERE seq = new.seq)"
  "  BEGIN SELECT RAISE (ABORT, 'the purge anchor only moves forward, to a row of the log'); "
  "END;",
  },
  /* 2 -> 3: how staff ended a visit (category, side, who, the goodbye they
   * started), pauses and mutes now, supervision and the child's alerts on
   * the session; every pause and mute as a row. Sessions stored before have
   * no category: their staff ends were stops. */
  {
  "ALTER TABLE sessions ADD COLUMN end_category TEXT;"
  "ALTER TABLE sessions ADD COLUMN end_side TEXT;"
  "ALTER TABLE sessions ADD COLUMN end_actor TEXT;"
  "ALTER TABLE sessions ADD COLUMN end_requested_us INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE sessions ADD COLUMN staff_goodbye_us INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE sessions ADD COLUMN staff_end_us INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE sessions ADD COLUMN prison_pause TEXT;"
  "ALTER TABLE sessions ADD COLUMN community_pause TEXT;"
  "ALTER TABLE sessions ADD COLUMN muted INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE sessions ADD COLUMN supervised INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE sessions ADD COLUMN child_alerts INTEGER NOT NULL DEFAULT 0;"
  "CREATE TABLE pauses ("
  "  id INTEGER PRIMARY KEY,"
  "  booking_id TEXT NOT NULL REFERENCES bookings (id),"
  "  side TEXT NOT NULL CHECK (side IN ('prison', 'community')),"
  "  category TEXT NOT NULL,"
  "  started_us INTEGER NOT NULL,"
  "  ended_us INTEGER NOT NULL DEFAULT 0,"
  "  started_by TEXT NOT NULL,"
  "  ended_by TEXT"
  ");"
  "CREATE INDEX pauses_by_booking ON pauses (booking_id, side, ended_us);"
  "CREATE TABLE mutes ("
  "  id INTEGER PRIMARY KEY,"
  "  booking_id TEXT NOT NULL REFERENCES bookings (id),"
  "  side TEXT NOT NULL CHECK (side IN ('prison', 'community')),"
  "  started_us INTEGER NOT NULL,"
  "  ended_us INTEGER NOT NULL DEFAULT 0,"
  "  started_by TEXT NOT NULL,"
  "  ended_by TEXT"
  ");"
  "CREATE INDEX mutes_by_booking ON mutes (booking_id, side, ended_us);",
  },
};

gboolean
kv_store_sql_error (KvStore     *self,
                    GError     **error,
                    const char  *what)
{
  g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_FAILED,
               "Database %s: %s failed: %s", self->path, what, sqlite3_errmsg (self->db));
  return FALSE;
}

gboolean
kv_store_sql_exec (KvStore     *self,
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
kv_store_sql_prepare (KvStore     *self,
                      const char  *sql,
                      GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      kv_store_sql_error (self, error, "prepare");
      return NULL;
    }
  return stmt;
}

/* Runs a statement that returns no rows, then finalizes it. */
gboolean
kv_store_sql_step_done (KvStore      *self,
                        sqlite3_stmt *stmt,
                        GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return kv_store_sql_error (self, error, "write");
  return TRUE;
}

void
kv_store_sql_bind_text (sqlite3_stmt *stmt,
                        int           index,
                        const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

char *
kv_store_sql_column_text (sqlite3_stmt *stmt,
                          int           index)
{
  const unsigned char *text = sqlite3_column_text (stmt, index);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

gboolean
kv_store_sql_begin (KvStore  *self,
                    GError  **error)
{
  g_return_val_if_fail (!self->in_transaction, FALSE);

  /* IMMEDIATE: take the write lock now, so a transaction never fails half
   * way with SQLITE_BUSY because another writer (sqlite3 .backup) came in. */
  if (!kv_store_sql_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  self->in_transaction = TRUE;
  return TRUE;
}

gboolean
kv_store_sql_commit (KvStore  *self,
                     GError  **error)
{
  if (!kv_store_sql_exec (self, "COMMIT", error))
    {
      kv_store_sql_rollback (self);
      return FALSE;
    }
  self->in_transaction = FALSE;
  return TRUE;
}

void
kv_store_sql_rollback (KvStore *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->in_transaction)
    return;
  if (!sqlite3_get_autocommit (self->db))
    kv_store_sql_exec (self, "ROLLBACK", NULL);
  self->in_transaction = FALSE;

  /* The transaction may have appended to the audit chain in memory: take
   * the head from the database again, as it is now (once there is one:
   * not while migrating). */
  if (self->audit_head_hash[0] != '\0' && !kv_store_load_audit_head (self, &error))
    g_warning ("Audit chain head not reloaded: %s", error->message);
}

static gboolean
migrate (KvStore  *self,
         GError  **error)
{
  sqlite3_stmt *stmt;
  int version;

  stmt = kv_store_sql_prepare (self, "PRAGMA user_version", error);
  if (stmt == NULL)
    return FALSE;
  version = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
  sqlite3_finalize (stmt);

  if (version > KV_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_TOO_NEW,
                   "Database %s has schema version %d; this kinvisit-server knows up to %d. "
                   "Upgrade the server or restore a backup.",
                   self->path, version, KV_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  for (; version < KV_STORE_SCHEMA_VERSION; version++)
    {
      const Migration *migration = &migrations[version];
      g_autofree char *set_version = NULL;

      if (!kv_store_sql_begin (self, error))
        return FALSE;
      set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      if (!kv_store_sql_exec (self, migration->sql, error) ||
          (migration->then != NULL && !migration->then (self, error)) ||
          (migration->then_sql != NULL && !kv_store_sql_exec (self, migration->then_sql, error)) ||
          !kv_store_sql_exec (self, set_version, error) ||
          !kv_store_sql_commit (self, error))
        {
          kv_store_sql_rollback (self);
          g_prefix_error (error, "Migrating to schema version %d: ", version + 1);
          return FALSE;
        }
      g_debug ("Database migrated to schema version %d", version + 1);
    }
  return TRUE;
}

/* Opens (creating it 0600 if need be) and flock()s <path>.lock, kept open
 * for the store's lifetime. */
static gboolean
lock_database (KvStore  *self,
               GError  **error)
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
make_existing_files_private (KvStore *self)
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
create_database_file (KvStore  *self,
                      GError  **error)
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
kv_store_finalize (GObject *object)
{
  KvStore *self = KV_STORE (object);

  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  /* After the database: closing the lock lets the next server in. */
  if (self->lock_fd >= 0)
    close (self->lock_fd);
  g_free (self->path);

  G_OBJECT_CLASS (kv_store_parent_class)->finalize (object);
}

static void
kv_store_class_init (KvStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kv_store_finalize;
}

static void
kv_store_init (KvStore *self)
{
  self->lock_fd = -1;
}

/**
 * kv_store_open:
 * @path: the database file, created (mode 0600) if missing
 * @error: return location for a #GError
 *
 * Opens the database for serving: takes the lock that keeps a second
 * server out (%KV_STORE_ERROR_LOCKED), switches to WAL, migrates the
 * schema and reads the head of the audit chain.
 *
 * Returns: (transfer full): the store, or %NULL
 */
KvStore *
kv_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(KvStore) self = g_object_new (KV_TYPE_STORE, NULL);

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

  if (!kv_store_sql_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !kv_store_sql_exec (self, "PRAGMA synchronous = FULL", error) ||
      !kv_store_sql_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !migrate (self, error) ||
      !kv_store_load_audit_head (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
kv_store_get_path (KvStore *self)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return self->path;
}

/**
 * kv_store_hash_token:
 * @token: a device token
 *
 * Returns: (transfer full): the lowercase hex SHA-256 of @token, which is
 *   all the store keeps of it
 */
char *
kv_store_hash_token (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

/* Kiosks: kv-store-kiosks.c; bookings and sessions: kv-store-bookings.c;
 * the pauses and mutes of sessions: kv-store-pauses.c;
 * the audit log: kv-store-audit.c; retention: kv-store-retention.c;
 * backups: kv-store-backup.c; readers for other threads: kv-store-reader.c */
