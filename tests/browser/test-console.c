/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-test-server.h"

#include <stdio.h>
#include <string.h>

/*
 * The staff console in Debian's chromium (headless, driven by
 * playwright-core from tests/browser/node_modules; never downloaded): a
 * real KvServer on 127.0.0.1 port 0 with a fake clock and a temporary
 * database, and one node script per scenario (console-*.js) that drives
 * the browser.
 *
 * The script asks this harness for what a browser cannot do, one line
 * `@@<command> <args>` on its standard output, and reads the answer, one
 * line, on its standard input:
 *
 *   @@kiosk-add ID ROLE SITE LABEL  adds a kiosk at a site (the label may
 *                                 have spaces) -> ok
 *   @@kiosk-sign-in ID            a raw WebSocket kiosk signs in -> ok
 *   @@kiosk-present ID BOOKING    the kiosk says it is in the visit -> ok
 *   @@kiosk-close ID              its socket closes     -> ok
 *   @@advance SECONDS             the server's clock moves on -> ok
 *   @@now                         -> the server's time, RFC 3339
 *
 * Everything else it prints is passed through. The script gets the
 * server's URL and the admin token in its environment, and a folder for
 * its screenshots. Exits 77 (skip) when chromium, node or the node modules
 * are missing.
 *
 * Usage: test-console SCRIPT.js SCREENSHOT_DIR
 */

#define CHROMIUM "/usr/bin/chromium"
#define SCRIPT_TIMEOUT_S 240

typedef struct
{
  KvTestServer       server;
  GHashTable        *tokens;   /* kiosk id -> token */
  GHashTable        *kiosks;   /* kiosk id -> KvTestKiosk */
  GSubprocess       *node;
  GDataInputStream  *out;
  GOutputStream     *in;
  gboolean           done;
  gboolean           timed_out;
  int                status;
} Harness;

static void read_next_line (Harness *self);

static char *
run_command (Harness    *self,
             const char *line)
{
  g_auto(GStrv) words = g_strsplit (line, " ", 5);
  const char *command = words[0];
  guint n = g_strv_length (words);

  if (g_str_equal (command, "kiosk-add") && n == 5)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autofree char *body = NULL;
      guint status = 0;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, words[1]);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, words[2]);
      json_builder_set_member_name (builder, "site");
      json_builder_add_string_value (builder, words[3]);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, words[4]);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      body = json_to_string (root, FALSE);
      answer = kv_test_admin (&self->server, "POST", "/api/v1/kiosks", body,
                             KV_TEST_ADMIN_TOKEN, &status);
      if (status != 201 || answer == NULL)
        return g_strdup_printf ("error %u", status);
      g_hash_table_replace (self->tokens, g_strdup (words[1]),
                            g_strdup (json_object_get_string_member (json_node_get_object (answer),
                                                                     "token")));
      return g_strdup ("ok");
    }
  if (g_str_equal (command, "kiosk-sign-in") && n == 2)
    {
      const char *token = g_hash_table_lookup (self->tokens, words[1]);

      if (token == NULL)
        return g_strdup ("error no such kiosk");
      g_hash_table_replace (self->kiosks, g_strdup (words[1]),
                            kv_test_kiosk_sign_in (&self->server, words[1], token));
      return g_strdup ("ok");
    }
  if (g_str_equal (command, "kiosk-present") && n == 3)
    {
      KvTestKiosk *kiosk = g_hash_table_lookup (self->kiosks, words[1]);
      g_autoptr(KvMessage) presence = kv_message_new (KV_MESSAGE_PRESENCE);

      if (kiosk == NULL)
        return g_strdup ("error not signed in");
      presence->presence.booking_id = g_strdup (words[2]);
      presence->presence.present = TRUE;
      kv_test_kiosk_send (kiosk, presence);
      kv_test_iterate ();
      return g_strdup ("ok");
    }
  if (g_str_equal (command, "kiosk-close") && n == 2)
    {
      if (!g_hash_table_remove (self->kiosks, words[1]))
        return g_strdup ("error not signed in");
      kv_test_iterate ();
      return g_strdup ("ok");
    }
  if (g_str_equal (command, "advance") && n == 2)
    {
      kv_test_advance (&self->server, g_ascii_strtoll (words[1], NULL, 10) * G_USEC_PER_SEC);
      return g_strdup ("ok");
    }
  if (g_str_equal (command, "now"))
    {
      g_autoptr(GDateTime) now = kv_clock_get_now_utc (self->server.clock);

      return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
    }
  return g_strdup_printf ("error unknown command %s", command);
}

static void
on_line_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Harness *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                                     result, NULL, &error);

  if (line == NULL)
    return;     /* the script closed its output: it is ending */
  if (g_str_has_prefix (line, "@@"))
    {
      g_autofree char *answer = run_command (self, line + 2);
      g_autofree char *reply = g_strconcat (answer, "\n", NULL);

      if (!g_output_stream_write_all (self->in, reply, strlen (reply), NULL, NULL, &error) ||
          !g_output_stream_flush (self->in, NULL, &error))
        g_printerr ("# could not answer the script: %s\n", error->message);
    }
  else
    {
      printf ("%s\n", line);
      fflush (stdout);
    }
  read_next_line (self);
}

static void
read_next_line (Harness *self)
{
  g_data_input_stream_read_line_async (self->out, G_PRIORITY_DEFAULT, NULL, on_line_read, self);
}

static void
on_node_exited (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Harness *self = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  self->status = g_subprocess_get_if_exited (G_SUBPROCESS (source))
                   ? g_subprocess_get_exit_status (G_SUBPROCESS (source)) : 1;
  self->done = TRUE;
}

static gboolean
on_timeout (gpointer user_data)
{
  Harness *self = user_data;

  self->timed_out = TRUE;
  g_subprocess_force_exit (self->node);
  return G_SOURCE_REMOVE;
}

static char *
browser_dir (void)
{
  const char *source_root = g_getenv ("MESON_SOURCE_ROOT");

  if (source_root != NULL)
    return g_build_filename (source_root, "tests", "browser", NULL);
  return g_strdup (SOURCE_BROWSER_DIR);
}

int
main (int    argc,
      char **argv)
{
  Harness self = { 0 };
  g_autofree char *dir = browser_dir ();
  g_autofree char *playwright = g_build_filename (dir, "node_modules", "playwright-core", NULL);
  g_autofree char *axe = g_build_filename (dir, "node_modules", "axe-core", NULL);
  g_autofree char *node_path = g_find_program_in_path ("node");
  g_autofree char *script = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  guint timeout_id;

  if (argc != 3)
    {
      g_printerr ("Usage: %s SCRIPT.js SCREENSHOT_DIR\n", argv[0]);
      return 2;
    }
  if (!g_file_test (CHROMIUM, G_FILE_TEST_IS_EXECUTABLE) || node_path == NULL ||
      !g_file_test (playwright, G_FILE_TEST_IS_DIR) || !g_file_test (axe, G_FILE_TEST_IS_DIR))
    {
      printf ("SKIP: chromium, node or tests/browser/node_modules missing "
              "(run npm ci in tests/browser)\n");
      return 77;
    }
  script = g_build_filename (dir, argv[1], NULL);
  g_mkdir_with_parents (argv[2], 0755);

  /* A Tuesday morning, before the day's visits. */
  kv_test_server_start (&self.server, "2026-12-01T08:00:00Z");
  self.tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self.kiosks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) kv_test_kiosk_free);
  url = kv_server_get_url (self.server.server, "http");

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "KV_CONSOLE_SERVER", url, TRUE);
  g_subprocess_launcher_setenv (launcher, "KV_ADMIN_TOKEN", KV_TEST_ADMIN_TOKEN, TRUE);
  g_subprocess_launcher_setenv (launcher, "KV_SCREENSHOT_DIR", argv[2], TRUE);
  g_subprocess_launcher_setenv (launcher, "KV_CHROMIUM", CHROMIUM, TRUE);
  self.node = g_subprocess_launcher_spawn (launcher, &error, node_path, script, NULL);
  if (self.node == NULL)
    g_error ("Could not start node: %s", error->message);
  self.out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self.node));
  self.in = g_object_ref (g_subprocess_get_stdin_pipe (self.node));
  read_next_line (&self);
  g_subprocess_wait_async (self.node, NULL, on_node_exited, &self);
  timeout_id = g_timeout_add_seconds (SCRIPT_TIMEOUT_S, on_timeout, &self);

  while (!self.done)
    g_main_context_iteration (NULL, TRUE);
  if (!self.timed_out)
    g_source_remove (timeout_id);
  /* What the script printed last. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_hash_table_unref (self.kiosks);
  g_hash_table_unref (self.tokens);
  g_clear_object (&self.out);
  g_clear_object (&self.in);
  g_clear_object (&self.node);
  kv_test_server_clear (&self.server);
  if (self.timed_out)
    {
      printf ("FAIL: the script took over %d s\n", SCRIPT_TIMEOUT_S);
      return 1;
    }
  return self.status;
}
