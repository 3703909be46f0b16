/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-store.h"

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

/* The database files themselves: who may read them, that one server at a
 * time serves a database while backups still work. */

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

  kv_store_add_kiosk (store, id, KV_ROLE_PRISON, "Visit room", 1000, &token, &error);
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

  return g_test_run ();
}
