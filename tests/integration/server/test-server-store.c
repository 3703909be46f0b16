/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-audit-chain.h"
#include "kv-family-table.h"
#include "kv-store.h"
#include "kv-store-reader.h"

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

/* The database files themselves: who may read them, that one server at a
 * time serves a database while backups still work, the migration from the
 * released schema, and the audit chain as the store writes it. */

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("kinvisit-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "kinvisit.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static int
raw_exec (const char *path,
          const char *sql,
          char      **out_message)
{
  sqlite3 *db = NULL;
  int rc;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  rc = sqlite3_exec (db, sql, NULL, NULL, out_message);
  sqlite3_close (db);
  return rc;
}

static gint64
raw_count (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static guint
file_mode (const char *path)
{
  struct stat st;

  if (g_stat (path, &st) != 0)
    g_error ("%s does not exist", path);
  return st.st_mode & 07777;
}

static void
add_kiosk (KvStore    *store,
           const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  kv_store_add_kiosk (store, id, KV_ROLE_PRISON, "Visit room", 1000, "admin",&token, &error);
  g_assert_no_error (error);
}

static void
test_file_modes (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvStore) store = NULL;
  g_autofree char *backup = g_build_filename (fixture->dir, "backup.db", NULL);
  g_autofree char *old_backup = g_build_filename (fixture->dir, "old-backup.db", NULL);
  mode_t saved_umask = umask (022);

  /* The usual umask outside systemd: SQLite alone would make them 0644. */
  store = kv_store_open (fixture->path, &error);
  g_assert_no_error (error);
  add_kiosk (store, "prison-1");
  for (const char *suffix = ""; suffix != NULL;
       suffix = g_str_equal (suffix, "") ? "-wal" : g_str_equal (suffix, "-wal") ? "-shm"
              : g_str_equal (suffix, "-shm") ? ".lock" : NULL)
    {
      g_autofree char *file = g_strconcat (fixture->path, suffix, NULL);

      g_test_message ("%s", file);
      g_assert_cmpuint (file_mode (file), ==, 0600);
    }

  /* Backups too, also when they replace a copy that was readable. */
  kv_store_backup (store, backup, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (file_mode (backup), ==, 0600);
  g_file_set_contents (old_backup, "an older copy", -1, &error);
  g_assert_no_error (error);
  g_chmod (old_backup, 0644);
  kv_store_backup_database (fixture->path, old_backup, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (file_mode (old_backup), ==, 0600);
  g_assert_cmpint (raw_count (old_backup, "SELECT count(*) FROM kiosks"), ==, 1);

  umask (saved_umask);
  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
test_one_server (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvStore) first = NULL;
  g_autoptr(KvStore) second = NULL;
  g_autofree char *backup = g_build_filename (fixture->dir, "backup.db", NULL);

  first = kv_store_open (fixture->path, &error);
  g_assert_no_error (error);
  add_kiosk (first, "prison-1");

  /* A second server on the same database is refused, and told why. */
  second = kv_store_open (fixture->path, &error);
  g_assert_null (second);
  g_assert_error (error, KV_STORE_ERROR, KV_STORE_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_assert_nonnull (strstr (error->message, "in use by another kinvisit-server"));
  g_clear_error (&error);

  /* The first one goes on working, and a backup reads it meanwhile. */
  add_kiosk (first, "prison-2");
  kv_store_backup_database (fixture->path, backup, &error);
  g_assert_no_error (error);
  g_assert_cmpint (raw_count (backup, "SELECT count(*) FROM kiosks"), ==, 2);

  /* Once it has stopped, the next server gets in. */
  g_assert_finalize_object (g_steal_pointer (&first));
  second = kv_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&second));
}

static void
test_backup_closed_database (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvStore) store = kv_store_open (fixture->path, &error);
  g_autofree char *backup = g_build_filename (fixture->dir, "backup.db", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.db", NULL);
  g_autofree char *nothing = g_build_filename (fixture->dir, "nothing.db", NULL);

  g_assert_no_error (error);
  add_kiosk (store, "prison-1");
  g_assert_finalize_object (g_steal_pointer (&store));

  /* No server: SQLite has folded the WAL back into the database. */
  kv_store_backup_database (fixture->path, backup, &error);
  g_assert_no_error (error);
  g_assert_cmpint (raw_count (backup, "SELECT count(*) FROM kiosks"), ==, 1);

  /* A mistyped path is an error naming it, and creates nothing. */
  g_assert_false (kv_store_backup_database (missing, nothing, &error));
  g_assert_error (error, KV_STORE_ERROR, KV_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (nothing, G_FILE_TEST_EXISTS));
}

typedef struct
{
  gboolean  done;
  char     *err;
  int       status;
} Run;

static void
on_communicate_ready (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, NULL, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (G_SUBPROCESS (source));
  run->done = TRUE;
}

static gboolean
on_run_timeout (gpointer user_data)
{
  /* A server that did not refuse to start serves until killed: never leave
   * it behind. */
  g_subprocess_force_exit (user_data);
  g_error ("kinvisit-server did not finish in 10 s");
  return G_SOURCE_REMOVE;
}

/* Runs the built kinvisit-server with @config and the arguments after it. */
static void
run_server (Run        *run,
            const char *config,
            ...)
{
  g_autofree char *binary = g_build_filename (g_getenv ("KV_BUILD_ROOT"), "app", "server",
                                              "kinvisit-server", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  guint timeout_id;
  va_list args;

  g_ptr_array_add (argv, g_strdup (binary));
  g_ptr_array_add (argv, g_strconcat ("--config=", config, NULL));
  va_start (args, config);
  for (const char *arg = va_arg (args, const char *); arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  memset (run, 0, sizeof *run);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_communicate_ready, run);
  timeout_id = g_timeout_add_seconds (10, on_run_timeout, process);
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);
}

/* The real program: `--backup` while a server holds the database, and a
 * second server refused with a clear line. */
static void
test_program_while_serving (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvStore) store = NULL;
  g_autofree char *config = g_build_filename (fixture->dir, "server.conf", NULL);
  g_autofree char *secrets = g_build_filename (fixture->dir, "server.secrets", NULL);
  g_autofree char *backup = g_build_filename (fixture->dir, "nightly.db", NULL);
  g_autofree char *text = NULL;
  Run run;

  if (g_getenv ("KV_BUILD_ROOT") == NULL)
    {
      g_test_skip ("KV_BUILD_ROOT is not set: run under meson test");
      return;
    }
  text = g_strdup_printf ("[server]\nlisten-address=127.0.0.1\nport=0\ndatabase=%s\n",
                          fixture->path);
  g_file_set_contents (config, text, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (secrets, "[secrets]\nadmin-token=store-test-token\n", -1, &error);
  g_assert_no_error (error);
  g_chmod (secrets, 0600);

  store = kv_store_open (fixture->path, &error);
  g_assert_no_error (error);
  add_kiosk (store, "prison-1");

  run_server (&run, config, "--backup", backup, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (file_mode (backup), ==, 0600);
  g_assert_cmpint (raw_count (backup, "SELECT count(*) FROM kiosks"), ==, 1);
  g_free (run.err);

  run_server (&run, config, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "kinvisit-server: Database "));
  g_assert_nonnull (strstr (run.err, fixture->path));
  g_assert_nonnull (strstr (run.err, "in use by another kinvisit-server"));
  g_free (run.err);

  g_assert_finalize_object (g_steal_pointer (&store));
}

/* The schema as kinvisit-server 0.1 wrote it (migration 0 -> 1). */
static const char schema_v1[] =
  "PRAGMA journal_mode = WAL;"
  "CREATE TABLE kiosks (id TEXT PRIMARY KEY NOT NULL,"
  "  role TEXT NOT NULL CHECK (role IN ('community', 'prison')),"
  "  label TEXT NOT NULL DEFAULT '', token_hash TEXT NOT NULL UNIQUE,"
  "  created_us INTEGER NOT NULL, revoked_us INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE bookings (id TEXT PRIMARY KEY NOT NULL,"
  "  prison_kiosk TEXT NOT NULL REFERENCES kiosks (id),"
  "  community_kiosk TEXT NOT NULL REFERENCES kiosks (id),"
  "  start_us INTEGER NOT NULL, end_us INTEGER NOT NULL, prison_label TEXT NOT NULL,"
  "  community_label TEXT NOT NULL, age_band TEXT NOT NULL, created_us INTEGER NOT NULL,"
  "  cancelled_us INTEGER NOT NULL DEFAULT 0, CHECK (end_us > start_us));"
  "CREATE INDEX bookings_by_prison ON bookings (prison_kiosk, start_us);"
  "CREATE INDEX bookings_by_community ON bookings (community_kiosk, start_us);"
  "CREATE INDEX bookings_by_start ON bookings (start_us);"
  "CREATE TABLE sessions (booking_id TEXT PRIMARY KEY NOT NULL REFERENCES bookings (id),"
  "  state TEXT NOT NULL, outcome TEXT NOT NULL, present INTEGER NOT NULL,"
  "  confirmed INTEGER NOT NULL, absent INTEGER NOT NULL, live_since_us INTEGER NOT NULL,"
  "  ended_at_us INTEGER NOT NULL, lost_us INTEGER NOT NULL, makeup_us INTEGER NOT NULL,"
  "  end_reason TEXT, updated_us INTEGER NOT NULL);"
  "CREATE TABLE audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, time_us INTEGER NOT NULL,"
  "  actor TEXT NOT NULL, action TEXT NOT NULL, booking_id TEXT,"
  "  details TEXT NOT NULL DEFAULT '');"
  "CREATE INDEX audit_by_time ON audit (time_us);"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "INSERT INTO kiosks (id, role, label, token_hash, created_us) VALUES"
  "  ('prison-1', 'prison', 'Room 1', 'hash-of-a-token', 1764579600000000);"
  "INSERT INTO audit (time_us, actor, action, booking_id, details) VALUES"
  "  (1764579600000000, 'admin', 'kiosk-added', NULL, 'kiosk=prison-1 role=prison'),"
  "  (1764579600000001, 'admin', 'booking-created', 'b-1', '');"
  "PRAGMA user_version = 1;";

/* Computed independently (Python hashlib, struct.pack('>I'/'>q')) from the
 * encoding documented in kv-audit-chain.c and docs/server.md. */
#define HASH_1 "328bb82c672af89380fba2beee6cc407495e446ea3e2117961f76fe15fc9e702"
#define HASH_2 "c49666c50d138f9350a88f5adff8754a89394720de6da5a6dfcc27768037e9ce"

static void
test_hash_vectors (void)
{
  KvAuditEntry first = { 1, 1764579600000000, "admin", "kiosk-added", NULL,
                         "kiosk=prison-1 role=prison", NULL };
  KvAuditEntry second = { 2, 1764579600000001, "admin", "booking-created", "b-1", "", NULL };
  KvAuditEntry odd = { 3, -5, "kiosk:\xc3\xa9", "x", "", "a\"b", NULL };
  g_autofree char *hash_1 = kv_audit_chain_hash (KV_AUDIT_CHAIN_GENESIS, &first);
  g_autofree char *hash_2 = kv_audit_chain_hash (hash_1, &second);
  g_autofree char *hash_3 = kv_audit_chain_hash (hash_2, &odd);
  g_autofree char *moved = NULL;

  g_assert_cmpstr (hash_1, ==, HASH_1);
  g_assert_cmpstr (hash_2, ==, HASH_2);
  /* A negative time, non-ASCII text, an empty (not missing) booking id. */
  g_assert_cmpstr (hash_3, ==, "2a0ce6573249b16147bd0363453a0fb9937db7ccae52a1c13b380f1e3d742d1c");

  /* Fields carry their lengths: moving text from one to the next changes
   * the hash. */
  first.action = "kiosk-adde";
  first.details = "dkiosk=prison-1 role=prison";
  moved = kv_audit_chain_hash (KV_AUDIT_CHAIN_GENESIS, &first);
  g_assert_cmpstr (moved, !=, HASH_1);
}

static void
test_migration (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvStore) store = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(KvStoreReader) reader = NULL;
  g_autoptr(KvAuditVerification) verification = NULL;
  g_autoptr(KvKioskRecord) kiosk = NULL;
  const char *head_hash;
  char *message = NULL;

  mode_t saved_umask = umask (022);

  /* Written by the 0.1 server outside systemd: readable by everyone. */
  g_assert_cmpint (raw_exec (fixture->path, schema_v1, NULL), ==, SQLITE_OK);
  g_chmod (fixture->path, 0644);
  store = kv_store_open (fixture->path, &error);
  g_assert_no_error (error);
  umask (saved_umask);
  g_assert_cmpint (raw_count (fixture->path, "PRAGMA user_version"), ==, KV_STORE_SCHEMA_VERSION);
  g_assert_cmpuint (file_mode (fixture->path), ==, 0640);

  /* The rows written before the chain got their hashes, in order. */
  audit = kv_store_list_audit (store, G_MININT64, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 2);
  g_assert_cmpstr (((KvAuditEntry *) g_ptr_array_index (audit, 0))->hash, ==, HASH_1);
  g_assert_cmpstr (((KvAuditEntry *) g_ptr_array_index (audit, 1))->hash, ==, HASH_2);
  g_assert_cmpint (kv_store_get_audit_head (store, &head_hash), ==, 2);
  g_assert_cmpstr (head_hash, ==, HASH_2);

  /* New rows go on from them. */
  kv_store_append_audit (store, 1764579700000000, "admin", "kiosk-revoked", NULL, "kiosk=x",
                         &error);
  g_assert_no_error (error);
  reader = kv_store_reader_open (fixture->path, &error);
  g_assert_no_error (error);
  verification = kv_store_reader_verify_audit (reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (verification->intact);
  g_assert_cmpint (verification->n_rows, ==, 3);
  g_assert_cmpint (verification->head_seq, ==, 3);

  /* The triggers are back, stricter: no UPDATE, no DELETE above the purge
   * anchor, no row out of order or without its hash, no anchor moved by
   * hand to where no row is. */
  g_assert_cmpint (raw_exec (fixture->path, "UPDATE audit SET details = '' WHERE seq = 1",
                             &message), !=, SQLITE_OK);
  g_assert_nonnull (strstr (message, "append-only"));
  g_clear_pointer (&message, sqlite3_free);
  g_assert_cmpint (raw_exec (fixture->path, "DELETE FROM audit WHERE seq = 1", &message), !=,
                   SQLITE_OK);
  g_assert_nonnull (strstr (message, "append-only"));
  g_clear_pointer (&message, sqlite3_free);
  g_assert_cmpint (raw_exec (fixture->path,
                             "INSERT INTO audit (time_us, actor, action) VALUES (1, 'me', 'x')",
                             &message), !=, SQLITE_OK);
  g_assert_nonnull (strstr (message, "in order, with their chain hash"));
  g_clear_pointer (&message, sqlite3_free);
  g_assert_cmpint (raw_exec (fixture->path,
                             "INSERT INTO audit (seq, time_us, actor, action, hash) VALUES (9, 1, "
                             "'me', 'x', '" HASH_1 "')", &message), !=, SQLITE_OK);
  g_clear_pointer (&message, sqlite3_free);
  g_assert_cmpint (raw_exec (fixture->path, "UPDATE audit_anchor SET seq = 2, hash = 'x'",
                             &message), !=, SQLITE_OK);
  g_assert_nonnull (strstr (message, "only moves forward"));
  g_clear_pointer (&message, sqlite3_free);
  g_assert_cmpint (raw_exec (fixture->path, "DELETE FROM audit_anchor", &message), !=, SQLITE_OK);
  g_clear_pointer (&message, sqlite3_free);
  g_assert_cmpint (raw_count (fixture->path, "SELECT count(*) FROM audit"), ==, 3);

  /* Schema 3: how staff ended a visit, pauses and mutes. */
  g_assert_cmpint (raw_count (fixture->path, "SELECT count(*) FROM pragma_table_info ('sessions') "
                                             "WHERE name IN ('end_category', 'end_side', "
                                             "'end_actor', 'end_requested_us', "
                                             "'staff_goodbye_us', 'staff_end_us', 'prison_pause', "
                                             "'community_pause', 'muted', 'supervised', "
                                             "'child_alerts')"), ==, 11);
  g_assert_cmpint (raw_count (fixture->path, "SELECT count(*) FROM pauses"), ==, 0);
  g_assert_cmpint (raw_count (fixture->path, "SELECT count(*) FROM mutes"), ==, 0);

  /* Schema 5: a kiosk of before was never seen and named no software. */
  kiosk = kv_store_lookup_kiosk (store, "prison-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kiosk->label, ==, "Room 1");
  g_assert_cmpint (kiosk->last_seen_us, ==, 0);
  g_assert_cmpstr (kiosk->software, ==, "");

  g_assert_finalize_object (g_steal_pointer (&store));
}

/* The schema as kinvisit-server wrote it at version 5 (sites, staff,
 * templates, kiosks last seen), with a site, two kiosks, a template and a
 * booking of before families. */
static const char schema_v5[] =
  "CREATE TABLE kiosks (id TEXT PRIMARY KEY NOT NULL,"
  "  role TEXT NOT NULL CHECK (role IN ('community', 'prison')),"
  "  label TEXT NOT NULL DEFAULT '', token_hash TEXT NOT NULL UNIQUE,"
  "  created_us INTEGER NOT NULL, revoked_us INTEGER NOT NULL DEFAULT 0,"
  "  site_id TEXT REFERENCES sites (id), last_seen_us INTEGER NOT NULL DEFAULT 0,"
  "  software TEXT NOT NULL DEFAULT '');"
  "CREATE TABLE bookings (id TEXT PRIMARY KEY NOT NULL,"
  "  prison_kiosk TEXT NOT NULL REFERENCES kiosks (id),"
  "  community_kiosk TEXT NOT NULL REFERENCES kiosks (id),"
  "  start_us INTEGER NOT NULL, end_us INTEGER NOT NULL, prison_label TEXT NOT NULL,"
  "  community_label TEXT NOT NULL, age_band TEXT NOT NULL, created_us INTEGER NOT NULL,"
  "  cancelled_us INTEGER NOT NULL DEFAULT 0, template_id TEXT,"
  "  created_by TEXT NOT NULL DEFAULT 'admin', cancelled_by TEXT, cancel_category TEXT,"
  "  cancel_reason TEXT, CHECK (end_us > start_us));"
  "CREATE INDEX bookings_by_prison ON bookings (prison_kiosk, start_us);"
  "CREATE INDEX bookings_by_community ON bookings (community_kiosk, start_us);"
  "CREATE INDEX bookings_by_start ON bookings (start_us);"
  "CREATE TABLE sessions (booking_id TEXT PRIMARY KEY NOT NULL REFERENCES bookings (id),"
  "  state TEXT NOT NULL, outcome TEXT NOT NULL, present INTEGER NOT NULL,"
  "  confirmed INTEGER NOT NULL, absent INTEGER NOT NULL, live_since_us INTEGER NOT NULL,"
  "  ended_at_us INTEGER NOT NULL, lost_us INTEGER NOT NULL, makeup_us INTEGER NOT NULL,"
  "  end_reason TEXT, updated_us INTEGER NOT NULL, end_category TEXT, end_side TEXT,"
  "  end_actor TEXT, end_requested_us INTEGER NOT NULL DEFAULT 0,"
  "  staff_goodbye_us INTEGER NOT NULL DEFAULT 0, staff_end_us INTEGER NOT NULL DEFAULT 0,"
  "  prison_pause TEXT, community_pause TEXT, muted INTEGER NOT NULL DEFAULT 0,"
  "  supervised INTEGER NOT NULL DEFAULT 0, child_alerts INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, time_us INTEGER NOT NULL,"
  "  actor TEXT NOT NULL, action TEXT NOT NULL, booking_id TEXT,"
  "  details TEXT NOT NULL DEFAULT '', hash TEXT NOT NULL DEFAULT '');"
  "CREATE INDEX audit_by_time ON audit (time_us);"
  "CREATE TABLE audit_anchor (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL,"
  "  hash TEXT NOT NULL);"
  "INSERT INTO audit_anchor (id, seq, hash) VALUES (1, 0, '" KV_AUDIT_CHAIN_GENESIS "');"
  "CREATE TABLE visit_counts (month TEXT NOT NULL, prison_kiosk TEXT NOT NULL,"
  "  community_kiosk TEXT NOT NULL, outcome TEXT NOT NULL, visits INTEGER NOT NULL,"
  "  booked_minutes INTEGER NOT NULL, lost_seconds INTEGER NOT NULL,"
  "  makeup_seconds INTEGER NOT NULL,"
  "  PRIMARY KEY (month, prison_kiosk, community_kiosk, outcome));"
  "CREATE TABLE pauses (id INTEGER PRIMARY KEY,"
  "  booking_id TEXT NOT NULL REFERENCES bookings (id),"
  "  side TEXT NOT NULL CHECK (side IN ('prison', 'community')), category TEXT NOT NULL,"
  "  started_us INTEGER NOT NULL, ended_us INTEGER NOT NULL DEFAULT 0,"
  "  started_by TEXT NOT NULL, ended_by TEXT);"
  "CREATE TABLE mutes (id INTEGER PRIMARY KEY, booking_id TEXT NOT NULL REFERENCES bookings (id),"
  "  side TEXT NOT NULL CHECK (side IN ('prison', 'community')),"
  "  started_us INTEGER NOT NULL, ended_us INTEGER NOT NULL DEFAULT 0,"
  "  started_by TEXT NOT NULL, ended_by TEXT);"
  "CREATE TABLE sites (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL,"
  "  time_zone TEXT NOT NULL, created_us INTEGER NOT NULL);"
  "CREATE TABLE site_hours (site_id TEXT NOT NULL REFERENCES sites (id),"
  "  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7), opens TEXT NOT NULL,"
  "  closes TEXT NOT NULL, PRIMARY KEY (site_id, weekday, opens));"
  "CREATE TABLE site_closed_days (site_id TEXT NOT NULL REFERENCES sites (id),"
  "  day TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '', PRIMARY KEY (site_id, day));"
  "CREATE TABLE staff (id TEXT PRIMARY KEY NOT NULL, display_name TEXT NOT NULL,"
  "  roles TEXT NOT NULL, password_hash TEXT NOT NULL, pin_hash TEXT NOT NULL DEFAULT '',"
  "  created_us INTEGER NOT NULL, disabled_us INTEGER NOT NULL DEFAULT 0,"
  "  credentials_us INTEGER NOT NULL);"
  "CREATE TABLE staff_sites (staff_id TEXT NOT NULL REFERENCES staff (id),"
  "  site_id TEXT NOT NULL REFERENCES sites (id), PRIMARY KEY (staff_id, site_id));"
  "CREATE TABLE staff_sessions (id_hash TEXT PRIMARY KEY NOT NULL,"
  "  staff_id TEXT NOT NULL REFERENCES staff (id), csrf_token TEXT NOT NULL,"
  "  created_us INTEGER NOT NULL, last_used_us INTEGER NOT NULL);"
  "CREATE TABLE slot_templates (id TEXT PRIMARY KEY NOT NULL,"
  "  prison_kiosk TEXT NOT NULL REFERENCES kiosks (id),"
  "  community_kiosk TEXT NOT NULL REFERENCES kiosks (id),"
  "  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7), start_local TEXT NOT NULL,"
  "  minutes INTEGER NOT NULL CHECK (minutes > 0),"
  "  every_weeks INTEGER NOT NULL DEFAULT 1 CHECK (every_weeks >= 1),"
  "  valid_from TEXT NOT NULL, valid_to TEXT NOT NULL DEFAULT '',"
  "  active INTEGER NOT NULL DEFAULT 1, created_us INTEGER NOT NULL);"
  "CREATE TABLE booking_moves (id INTEGER PRIMARY KEY,"
  "  booking_id TEXT NOT NULL REFERENCES bookings (id), moved_us INTEGER NOT NULL,"
  "  moved_by TEXT NOT NULL, from_start_us INTEGER NOT NULL, from_end_us INTEGER NOT NULL,"
  "  to_start_us INTEGER NOT NULL, to_end_us INTEGER NOT NULL,"
  "  reason TEXT NOT NULL DEFAULT '');"
  "INSERT INTO sites VALUES ('zagreb', 'Zagreb centre', 'Europe/Zagreb', 1764579600000000);"
  "INSERT INTO kiosks (id, role, label, token_hash, created_us, site_id) VALUES"
  "  ('prison-1', 'prison', 'Room 1', 'hash-1', 1764579600000000, 'zagreb'),"
  "  ('community-1', 'community', 'Room A', 'hash-2', 1764579600000000, 'zagreb');"
  "INSERT INTO slot_templates (id, prison_kiosk, community_kiosk, weekday, start_local,"
  "  minutes, valid_from, created_us) VALUES"
  "  ('t-tue', 'prison-1', 'community-1', 2, '15:30', 30, '2025-12-01', 1764579600000000);"
  "INSERT INTO bookings (id, prison_kiosk, community_kiosk, start_us, end_us, prison_label,"
  "  community_label, age_band, created_us, template_id) VALUES"
  "  ('b-old', 'prison-1', 'community-1', 1764689400000000, 1764691200000000, 'Dad', 'Lena',"
  "   '0-3', 1764579600000000, 't-tue');"
  "PRAGMA user_version = 5;";

/* Version 5 to 6: families and the rules for children. What was there
 * keeps working: the booking has no family and kept to the rules, the
 * template holds nothing back, the site has the default age rules and no
 * school hours; then a family and its booking against the rules go in. */
static void
test_migration_v5 (Fixture       *fixture,
                   gconstpointer  user_data)
{
  const gint64 t0 = 1764579600000000;  /* 2025-12-01T09:00:00Z */
  g_autoptr(GError) error = NULL;
  g_autoptr(KvStore) store = NULL;
  g_autoptr(KvBookingRecord) booking = NULL;
  g_autoptr(KvSlotTemplate) template = NULL;
  g_autoptr(KvSiteRecord) site = NULL;
  g_autoptr(KvFamilyRecord) family = kv_family_record_new ();
  g_autoptr(KvFamilyRecord) stored = NULL;
  g_autoptr(KvBooking) visit = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GHashTable) contacts = NULL;
  KvBookingOrigin origin = { "t-tue", "f-1", "Court order", KV_AGE_BAND_0_3, "too-long-for-age" };

  g_assert_cmpint (raw_exec (fixture->path, schema_v5, NULL), ==, SQLITE_OK);
  store = kv_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (raw_count (fixture->path, "PRAGMA user_version"), ==, 6);
  g_assert_cmpint (KV_STORE_SCHEMA_VERSION, ==, 6);
  g_assert_cmpint (raw_count (fixture->path, "SELECT count(*) FROM sqlite_master WHERE name IN "
                                             "('families', 'family_children', 'family_kiosks', "
                                             "'site_age_rules', 'site_school_hours', "
                                             "'bookings_family')"), ==, 6);

  booking = kv_store_lookup_booking (store, "b-old", &error);
  g_assert_no_error (error);
  g_assert_null (booking->family_id);
  g_assert_cmpstr (booking->rules_override, ==, "");
  g_assert_cmpstr (booking->template_id, ==, "t-tue");
  template = kv_store_lookup_template (store, "t-tue", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (template->first_week_share, ==, 0);
  site = kv_store_lookup_site (store, "zagreb", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (site->age_rules.bands[0].max_minutes, ==, 20);
  g_assert_cmpuint (site->age_rules.bands[2].max_minutes, ==, 45);
  g_assert_false (site->age_rules_set[0]);
  g_assert_cmpuint (site->school_hours->len, ==, 0);

  family->id = g_strdup ("f-1");
  family->parent_label = g_strdup ("Dad");
  family->admitted_on = g_strdup ("2025-11-30");
  family->community_site = g_strdup ("zagreb");
  g_strfreev (family->prison_kiosks);
  family->prison_kiosks = g_strsplit ("prison-1", ",", -1);
  g_ptr_array_add (family->children, kv_family_child_new ("Lena", KV_AGE_BAND_0_3));
  kv_family_table_add (kv_store_get_families (store), family, t0, "admin", &error);
  g_assert_no_error (error);
  stored = kv_family_table_lookup (kv_store_get_families (store), "f-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->prison_kiosk_sites[0], ==, "zagreb");
  g_assert_cmpint (kv_family_record_get_age_band (stored), ==, KV_AGE_BAND_0_3);

  /* A booking of the family, against the rules: stored with its reason,
   * both audit rows in its transaction. */
  visit = kv_booking_new ("b-new", "prison-1", "community-1", t0 + 7 * G_TIME_SPAN_DAY,
                          t0 + 7 * G_TIME_SPAN_DAY + G_TIME_SPAN_HOUR, "Dad", "Lena",
                          KV_AGE_BAND_0_3);
  kv_store_add_booking_with (store, visit, &origin, t0, "staff:ana", &error);
  g_assert_no_error (error);
  g_clear_pointer (&booking, kv_booking_record_free);
  booking = kv_store_lookup_booking (store, "b-new", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (booking->family_id, ==, "f-1");
  g_assert_cmpstr (booking->rules_override, ==, "Court order");
  audit = kv_store_list_audit (store, G_MININT64, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 3);
  g_assert_cmpstr (((KvAuditEntry *) g_ptr_array_index (audit, 0))->action, ==, "family-added");
  g_assert_cmpstr (((KvAuditEntry *) g_ptr_array_index (audit, 1))->action, ==,
                   "booking-created");
  g_assert_cmpstr (((KvAuditEntry *) g_ptr_array_index (audit, 2))->action, ==,
                   "booking-rules-override");
  g_assert_cmpstr (((KvAuditEntry *) g_ptr_array_index (audit, 2))->details, ==,
                   "family=f-1 band=0-3 rule=too-long-for-age reason=Court order");
  contacts = kv_family_table_list_contacts (kv_store_get_families (store), NULL, t0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((KvFamilyContact *) g_hash_table_lookup (contacts, "f-1"))->next_booking_id,
                   ==, "b-new");

  /* A booking whose family is unknown is refused whole. */
  g_clear_pointer (&visit, kv_booking_free);
  visit = kv_booking_new ("b-lost", "prison-1", "community-1", t0 + 8 * G_TIME_SPAN_DAY,
                          t0 + 8 * G_TIME_SPAN_DAY + G_TIME_SPAN_HOUR, "Dad", "Lena",
                          KV_AGE_BAND_0_3);
  origin.family_id = "f-nobody";
  g_assert_false (kv_store_add_booking_with (store, visit, &origin, t0, "staff:ana", &error));
  g_assert_error (error, KV_STORE_ERROR, KV_STORE_ERROR_EXISTS);
  g_assert_cmpint (kv_store_count_audit (store, NULL), ==, 3);

  g_assert_finalize_object (g_steal_pointer (&store));
}

/* Everything a session says of staff's doings comes back after a restart,
 * and each pause and mute is a row that opens and closes with it. */
static void
test_session_round_trip (Fixture       *fixture,
                         gconstpointer  user_data)
{
  const gint64 t0 = 1764579600000000;  /* 2025-12-01T09:00:00Z */
  g_autoptr(GError) error = NULL;
  g_autoptr(KvStore) store = kv_store_open (fixture->path, &error);
  g_autoptr(KvBooking) booking = kv_booking_new ("b-1", "prison-1", "community-1", t0,
                                                 t0 + 1800 * G_USEC_PER_SEC, "Dad", "Lena",
                                                 KV_AGE_BAND_4_7);
  g_autoptr(KvBookingRecord) record = NULL;
  g_autoptr(GPtrArray) pauses = NULL;
  g_autoptr(GPtrArray) mutes = NULL;
  g_autofree char *token = NULL;
  KvSessionSnapshot snapshot = {
    .state = KV_SESSION_STATE_LIVE, .present = KV_SIDE_BOTH, .confirmed = KV_SIDE_BOTH,
    .community_pause = KV_PAUSE_CATEGORY_CHILD_NEEDS_A_MOMENT, .muted = KV_SIDE_PRISON,
    .supervised = TRUE, .child_alerts = 3,
  };
  const KvPauseRecord *pause;

  g_assert_no_error (error);
  kv_store_add_kiosk (store, "prison-1", KV_ROLE_PRISON, "", t0, "admin",&token, &error);
  g_clear_pointer (&token, g_free);
  kv_store_add_kiosk (store, "community-1", KV_ROLE_COMMUNITY, "", t0, "admin",&token, &error);
  kv_store_add_booking (store, booking, t0, "admin", &error);
  g_assert_no_error (error);

  kv_store_save_session (store, "b-1", &snapshot, t0 + 60 * G_USEC_PER_SEC, "kiosk:community-1",
                         "session-paused", "side=community", &error);
  g_assert_no_error (error);
  /* The community side changes its reason: the old pause closes, a new
   * one opens; the prison unmutes. Then staff start the goodbye. */
  snapshot.community_pause = KV_PAUSE_CATEGORY_OTHER;
  snapshot.muted = KV_SIDE_NONE;
  snapshot.end_category = KV_END_CATEGORY_ADULT_UNWELL;
  snapshot.end_side = KV_SIDE_COMMUNITY;
  snapshot.end_actor = (char *) "kiosk:community-1";
  snapshot.end_reason = (char *) "Carer unwell";
  snapshot.end_requested_us = t0 + 120 * G_USEC_PER_SEC;
  snapshot.staff_goodbye_us = t0 + 120 * G_USEC_PER_SEC;
  snapshot.staff_end_us = t0 + 180 * G_USEC_PER_SEC;
  kv_store_save_session (store, "b-1", &snapshot, t0 + 120 * G_USEC_PER_SEC, "kiosk:prison-1",
                         NULL, NULL, &error);
  g_assert_no_error (error);

  record = kv_store_lookup_booking (store, "b-1", &error);
  g_assert_no_error (error);
  g_assert_true (record->has_session);
  g_assert_cmpint (record->session.community_pause, ==, KV_PAUSE_CATEGORY_OTHER);
  g_assert_cmpint (record->session.prison_pause, ==, KV_PAUSE_CATEGORY_NONE);
  g_assert_cmpint (record->session.muted, ==, KV_SIDE_NONE);
  g_assert_true (record->session.supervised);
  g_assert_cmpuint (record->session.child_alerts, ==, 3);
  g_assert_cmpint (record->session.end_category, ==, KV_END_CATEGORY_ADULT_UNWELL);
  g_assert_cmpint (record->session.end_side, ==, KV_SIDE_COMMUNITY);
  g_assert_cmpstr (record->session.end_actor, ==, "kiosk:community-1");
  g_assert_cmpstr (record->session.end_reason, ==, "Carer unwell");
  g_assert_cmpint (record->session.staff_goodbye_us, ==, t0 + 120 * G_USEC_PER_SEC);
  g_assert_cmpint (record->session.staff_end_us, ==, t0 + 180 * G_USEC_PER_SEC);

  pauses = kv_store_list_pauses (store, "b-1", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pauses->len, ==, 2);
  pause = g_ptr_array_index (pauses, 0);
  g_assert_cmpint (pause->side, ==, KV_SIDE_COMMUNITY);
  g_assert_cmpint (pause->category, ==, KV_PAUSE_CATEGORY_CHILD_NEEDS_A_MOMENT);
  g_assert_cmpint (pause->ended_us, ==, t0 + 120 * G_USEC_PER_SEC);
  g_assert_cmpstr (pause->started_by, ==, "kiosk:community-1");
  g_assert_cmpstr (pause->ended_by, ==, "kiosk:prison-1");
  pause = g_ptr_array_index (pauses, 1);
  g_assert_cmpint (pause->category, ==, KV_PAUSE_CATEGORY_OTHER);
  g_assert_cmpint (pause->ended_us, ==, 0);
  g_assert_null (pause->ended_by);
  mutes = kv_store_list_pauses (store, "b-1", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mutes->len, ==, 1);
  pause = g_ptr_array_index (mutes, 0);
  g_assert_cmpint (pause->side, ==, KV_SIDE_PRISON);
  g_assert_cmpint (pause->category, ==, KV_PAUSE_CATEGORY_NONE);
  g_assert_cmpint (pause->started_us, ==, t0 + 60 * G_USEC_PER_SEC);
  g_assert_cmpint (pause->ended_us, ==, t0 + 120 * G_USEC_PER_SEC);
  g_assert_true (kv_store_get_audit_head (store, NULL) > 0);

  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
test_batch_and_rollback (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvStore) store = kv_store_open (fixture->path, &error);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_audit_entry_free);
  g_autoptr(GPtrArray) poisoned = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_audit_entry_free);
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();
  g_autoptr(KvStoreReader) reader = NULL;
  g_autoptr(KvAuditVerification) verification = NULL;
  g_autofree char *previous = g_strdup (KV_AUDIT_CHAIN_GENESIS);
  const char *head_hash;

  g_assert_no_error (error);
  kv_store_append_audit (store, 1000, "admin", "first", NULL, NULL, &error);
  g_assert_no_error (error);

  /* Three rows, one transaction, each chained to the one before. */
  g_ptr_array_add (batch, kv_audit_entry_new (2000, "admin-api", "requests-refused", NULL,
                                              "address=192.0.2.1 count=17"));
  g_ptr_array_add (batch, kv_audit_entry_new (2000, "admin-api", "requests-refused", NULL,
                                              "address=192.0.2.2 count=3"));
  g_ptr_array_add (batch, kv_audit_entry_new (2001, "admin-api", "requests-refused", "b-1", NULL));
  kv_store_append_audit_batch (store, batch, &error);
  g_assert_no_error (error);
  g_assert_true (kv_store_append_audit_batch (store, empty, &error));
  g_assert_no_error (error);

  audit = kv_store_list_audit (store, G_MININT64, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 4);
  for (guint i = 0; i < audit->len; i++)
    {
      KvAuditEntry *entry = g_ptr_array_index (audit, i);
      g_autofree char *expected = kv_audit_chain_hash (previous, entry);

      g_assert_cmpint (entry->seq, ==, i + 1);
      g_assert_cmpstr (entry->hash, ==, expected);
      g_free (previous);
      previous = g_strdup (entry->hash);
    }
  g_assert_cmpstr (((KvAuditEntry *) g_ptr_array_index (audit, 3))->details, ==, "");

  /* A batch that fails half way leaves nothing, and the chain in memory
   * goes back to what the database holds. */
  g_assert_cmpint (raw_exec (fixture->path,
                             "CREATE TRIGGER poison BEFORE INSERT ON audit WHEN new.action = "
                             "'poison' BEGIN SELECT RAISE (ABORT, 'poisoned'); END;", NULL),
                   ==, SQLITE_OK);
  g_ptr_array_add (poisoned, kv_audit_entry_new (3000, "admin", "fine", NULL, NULL));
  g_ptr_array_add (poisoned, kv_audit_entry_new (3000, "admin", "poison", NULL, NULL));
  g_assert_false (kv_store_append_audit_batch (store, poisoned, &error));
  g_assert_error (error, KV_STORE_ERROR, KV_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpint (kv_store_get_audit_head (store, &head_hash), ==, 4);
  g_assert_cmpstr (head_hash, ==, previous);
  kv_store_append_audit (store, 4000, "admin", "after", NULL, NULL, &error);
  g_assert_no_error (error);

  reader = kv_store_reader_open (fixture->path, &error);
  g_assert_no_error (error);
  verification = kv_store_reader_verify_audit (reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (verification->intact);
  g_assert_cmpint (verification->n_rows, ==, 5);
  g_assert_cmpint (verification->head_seq, ==, 5);
  g_assert_cmpint (kv_store_count_audit (store, NULL), ==, 5);

  g_assert_finalize_object (g_steal_pointer (&store));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/store/file-modes", Fixture, NULL,
              fixture_set_up, test_file_modes, fixture_tear_down);
  g_test_add ("/server/store/one-server", Fixture, NULL,
              fixture_set_up, test_one_server, fixture_tear_down);
  g_test_add ("/server/store/backup-closed-database", Fixture, NULL,
              fixture_set_up, test_backup_closed_database, fixture_tear_down);
  g_test_add ("/server/store/program-while-serving", Fixture, NULL,
              fixture_set_up, test_program_while_serving, fixture_tear_down);
  g_test_add_func ("/server/store/hash-vectors", test_hash_vectors);
  g_test_add ("/server/store/migration", Fixture, NULL,
              fixture_set_up, test_migration, fixture_tear_down);
  g_test_add ("/server/store/migration-v5", Fixture, NULL,
              fixture_set_up, test_migration_v5, fixture_tear_down);
  g_test_add ("/server/store/session-round-trip", Fixture, NULL,
              fixture_set_up, test_session_round_trip, fixture_tear_down);
  g_test_add ("/server/store/batch-and-rollback", Fixture, NULL,
              fixture_set_up, test_batch_and_rollback, fixture_tear_down);

  return g_test_run ();
}
