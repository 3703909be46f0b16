/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-hostile-command.h"
#include "kv-hostile-server.h"
#include "kv-hostile-test.h"
#include "kv-raw-http.h"
#include "kv-raw-socket.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

/* What the server leaves on disk, and who else may open it: the database
 * holds token hashes, bookings with children's names and the audit log. */

static void
assert_private (const char *path)
{
  GStatBuf buf;

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  g_test_message ("%s: mode %04o", path, (guint) (buf.st_mode & 07777));
  g_assert_cmpuint (buf.st_mode & 0777, ==, 0600);
}

/* The database, its -wal and -shm and every backup are 0600 whatever the
 * umask the service was started with (022 here, the usual default). */
static void
test_files_are_private (void)
{
  const KvHostileServerOptions options = { .empty_database = TRUE, .umask_022 = TRUE };
  g_autoptr(KvHostileServer) server = kv_hostile_server_start (&options);
  g_autoptr(KvRawResponse) created = NULL;
  g_autofree char *wal = g_strconcat (server->db_path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (server->db_path, "-shm", NULL);
  g_autofree char *backup = g_build_filename (server->dir, "backup.db", NULL);
  g_autofree char *binary = kv_hostile_server_binary ("kinvisit-server");
  const char * const argv[] = { binary, "--config", server->config_path, "--backup", backup, NULL };
  KvCommandResult run;

  /* A write, so that the write-ahead log exists. */
  created = kv_raw_http_request (NULL, server->port, "POST", "/api/v1/kiosks",
                                 KV_HOSTILE_ADMIN_TOKEN,
                                 "{\"id\":\"prison-9\",\"role\":\"prison\",\"label\":\"Room 9\"}",
                                 64 * 1024, kv_raw_deadline_ms (2000), NULL);
  g_assert_nonnull (created);
  g_assert_cmpuint (created != NULL ? created->status : 0, ==, 201);
  assert_private (server->db_path);
  assert_private (wal);
  assert_private (shm);

  kv_hostile_run (argv, NULL, TRUE, 10000, &run);
  g_test_message ("kinvisit-server --backup: exit %d %s", run.exit_status, run.output);
  g_assert_cmpint (run.exit_status, ==, 0);
  assert_private (backup);
  kv_command_result_clear (&run);
}

/* Two servers on one database would both run the scheduler and each
 * believe its own sessions: the second refuses to start, and says why. */
static void
test_second_server_refused (void)
{
  g_autoptr(KvHostileServer) server = kv_hostile_server_start (NULL);
  g_autofree char *binary = kv_hostile_server_binary ("kinvisit-server");
  g_autofree char *port_file = g_build_filename (server->dir, "second.port", NULL);
  const char * const argv[] = { binary, "--config", server->config_path, "--port-file", port_file,
                                NULL };
  g_autofree char *lower = NULL;
  KvCommandResult run;

  kv_hostile_run (argv, NULL, FALSE, 5000, &run);
  g_test_message ("a second kinvisit-server on the same database: %s, exit %d: %s",
                  run.finished ? "exited" : "still running after 5 s (killed)", run.exit_status,
                  run.output);
  g_assert_true (run.finished);
  g_assert_cmpint (run.exit_status, >, 0);
  lower = g_ascii_strdown (run.output, -1);
  g_assert_nonnull (strstr (lower, "in use"));
  g_assert_true (kv_hostile_server_healthy (server, 2000));
  kv_command_result_clear (&run);
}

int
main (int    argc,
      char **argv)
{
  kv_hostile_test_init (&argc, &argv);

  g_test_add_func ("/hostile/files/private", test_files_are_private);
  g_test_add_func ("/hostile/files/second-server-refused", test_second_server_refused);
  return g_test_run ();
}
