/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-e2e"

#include "config.h"

#include "kv-e2e-demo.h"

#include <gdk/gdk.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

/* What the end-to-end tests share: running app/demo/kinvisit-demo (a
 * kinvisit-server and two kinvisit-kiosk processes, each under its own
 * Xvfb with test video) and reading what it left behind: the kiosks' event
 * log (what their screens showed, in server time), the booking, the
 * visit's record and audit log, and pictures of the two X screens.
 *
 * The kiosks send different test pictures: the community kiosk SMPTE bars
 * at full intensity, the prison kiosk at 75%. A live screen must be filled
 * with the PEER's colours; the self-view thumbnail is far too small to
 * pass for it. */

/* After SIGTERM the demo stops its kiosks, Xvfbs and server. */
#define DEMO_STOP_SECONDS 20
/* How far (per channel, 0-255) a pixel may be from a bar colour after
 * H.264, colour conversion and scaling; the full and 75% bars are 64 apart. */
#define COLOUR_TOLERANCE 24

const KvE2eSide kv_e2e_sides[2] = {
  { "community", "prison",
    { "75% magenta", 191, 0, 191 }, { "75% cyan", 0, 191, 191 }, { "magenta", 255, 0, 255 } },
  { "prison", "community",
    { "magenta", 255, 0, 255 }, { "cyan", 0, 255, 255 }, { "75% magenta", 191, 0, 191 } },
};

/* Records a failure and goes on, so one run reports everything that is
 * wrong; each failure is printed, not only the last. */
void
kv_e2e_check_failed (const char *format,
                     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_test_message ("FAILED: %s", message);
  g_test_fail_printf ("%s", message);
}

static void
event_free (gpointer data)
{
  KvE2eEvent *event = data;

  g_free (event->event);
  g_clear_pointer (&event->fields, json_object_unref);
  g_free (event);
}

gint64
kv_e2e_parse_time (const char *text)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) time = text != NULL ? g_date_time_new_from_iso8601 (text, utc) : NULL;

  if (time == NULL)
    return 0;
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

static void
on_demo_exited (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  KvE2eFixture *fixture = user_data;
  g_autoptr (GError) error = NULL;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error))
    g_test_message ("Waiting for the demo: %s", error->message);
  fixture->demo_done = TRUE;
  g_main_loop_quit (fixture->loop);
}

static gboolean
on_demo_timeout (gpointer user_data)
{
  KvE2eFixture *fixture = user_data;

  fixture->timed_out = TRUE;
  g_main_loop_quit (fixture->loop);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until the demo exits or @seconds pass. */
static void
wait_for_demo (KvE2eFixture *fixture,
               guint         seconds)
{
  guint timeout_id;

  fixture->timed_out = FALSE;
  timeout_id = g_timeout_add_seconds (seconds, on_demo_timeout, fixture);
  while (!fixture->demo_done && !fixture->timed_out)
    g_main_loop_run (fixture->loop);
  if (!fixture->timed_out)
    g_source_remove (timeout_id);
}

void
kv_e2e_fixture_set_up (KvE2eFixture  *fixture,
                       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  fixture->tmp_dir = g_dir_make_tmp ("kv-e2e-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->output = g_build_filename (fixture->tmp_dir, "demo-output", NULL);
  fixture->loop = g_main_loop_new (NULL, FALSE);
  g_test_message ("Demo output: %s", fixture->output);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
kv_e2e_fixture_tear_down (KvE2eFixture  *fixture,
                          gconstpointer  data)
{
  if (fixture->demo != NULL && !fixture->demo_done)
    {
      g_subprocess_send_signal (fixture->demo, SIGTERM);
      wait_for_demo (fixture, DEMO_STOP_SECONDS);
      if (!fixture->demo_done)
        g_subprocess_force_exit (fixture->demo);
    }
  g_clear_object (&fixture->demo);
  /* A failed run keeps its logs and screenshots for whoever looks at it,
   * and so does a run asked to (KV_E2E_KEEP_OUTPUT=1). */
  if (fixture->tmp_dir != NULL && !g_test_failed () &&
      g_strcmp0 (g_getenv ("KV_E2E_KEEP_OUTPUT"), "1") != 0)
    remove_tree (fixture->tmp_dir);
  g_clear_pointer (&fixture->loop, g_main_loop_unref);
  g_free (fixture->output);
  g_free (fixture->tmp_dir);
}

/**
 * kv_e2e_run_demo:
 * @extra_arguments: (nullable) (array zero-terminated=1): more arguments for the demo
 *
 * Runs a one-minute demo visit to its end (or its timeout).
 */
void
kv_e2e_run_demo (KvE2eFixture       *fixture,
                 const char * const *extra_arguments)
{
  const char *source_root = g_getenv ("KV_SOURCE_ROOT");
  const char *build_root = g_getenv ("KV_BUILD_ROOT");
  g_autofree char *demo = NULL;
  g_autofree char *log_path = g_build_filename (fixture->tmp_dir, "demo.log", NULL);
  g_autofree char *log = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (source_root);
  g_assert_nonnull (build_root);
  demo = g_build_filename (source_root, "app", "demo", "kinvisit-demo", NULL);

  g_ptr_array_add (argv, (gpointer) "sh");
  g_ptr_array_add (argv, demo);
  g_ptr_array_add (argv, (gpointer) "--no-install");
  g_ptr_array_add (argv, (gpointer) "--no-build");
  g_ptr_array_add (argv, (gpointer) "--xvfb");
  /* No browser beside the kiosks where a test times the kiosks. */
  if (!fixture->with_console)
    g_ptr_array_add (argv, (gpointer) "--no-console-screenshots");
  g_ptr_array_add (argv, (gpointer) "--builddir");
  g_ptr_array_add (argv, (gpointer) build_root);
  g_ptr_array_add (argv, (gpointer) "--minutes");
  g_ptr_array_add (argv, (gpointer) "1");
  g_ptr_array_add (argv, (gpointer) "--output");
  g_ptr_array_add (argv, fixture->output);
  for (guint i = 0; extra_arguments != NULL && extra_arguments[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra_arguments[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
  /* The kiosks run as they would on a site: a GLib warning is logged, not
   * fatal (this test's own G_DEBUG would otherwise reach them). */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  fixture->demo = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                &error);
  g_assert_no_error (error);
  g_subprocess_wait_async (fixture->demo, NULL, on_demo_exited, fixture);
  wait_for_demo (fixture, KV_E2E_DEMO_TIMEOUT_SECONDS);
  if (!fixture->demo_done)
    {
      kv_e2e_check_failed ("The demo did not finish within %d s", KV_E2E_DEMO_TIMEOUT_SECONDS);
      g_subprocess_send_signal (fixture->demo, SIGTERM);
      wait_for_demo (fixture, DEMO_STOP_SECONDS);
    }
  if (fixture->demo_done)
    fixture->demo_status = g_subprocess_get_if_exited (fixture->demo)
                           ? g_subprocess_get_exit_status (fixture->demo) : -1;
  if (g_file_get_contents (log_path, &log, NULL, NULL))
    g_test_message ("Demo output:\n%s", log);
}

/* The events of one kiosk, in the order they were written. */
GPtrArray *
kv_e2e_load_events (const char *output,
                    const char *kiosk)
{
  g_autofree char *path = g_build_filename (output, "events.jsonl", NULL);
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  GPtrArray *events = g_ptr_array_new_with_free_func (event_free);

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return events;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      JsonObject *object;
      KvE2eEvent *event;

      if (*lines[i] == '\0')
        continue;
      if (!json_parser_load_from_data (parser, lines[i], -1, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          kv_e2e_check_failed ("events.jsonl line %u is not a JSON object: %s", i + 1, lines[i]);
          continue;
        }
      object = json_node_get_object (json_parser_get_root (parser));
      if (g_strcmp0 (json_object_get_string_member_with_default (object, "kiosk", ""), kiosk) != 0)
        continue;
      event = g_new0 (KvE2eEvent, 1);
      event->event = g_strdup (json_object_get_string_member_with_default (object, "event", ""));
      event->time_us = kv_e2e_time_member (object, "time");
      event->fields = json_object_ref (object);
      if (event->time_us == 0)
        kv_e2e_check_failed ("events.jsonl line %u has no valid time: %s", i + 1, lines[i]);
      g_ptr_array_add (events, event);
    }
  return events;
}

/* The first @name at or after @from, or -1. */
int
kv_e2e_find_event (GPtrArray  *events,
                   const char *name,
                   int         from)
{
  for (guint i = MAX (from, 0); i < events->len; i++)
    {
      KvE2eEvent *event = g_ptr_array_index (events, i);

      if (g_str_equal (event->event, name))
        return (int) i;
    }
  return -1;
}

/* The JSON object in @name of the demo's output, or %NULL (a failure). */
JsonObject *
kv_e2e_load_object (const char  *output,
                    const char  *name,
                    JsonNode   **out_root)
{
  g_autofree char *path = g_build_filename (output, name, NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonNode *root;

  *out_root = NULL;
  if (!json_parser_load_from_file (parser, path, &error))
    {
      kv_e2e_check_failed ("Cannot read %s: %s", name, error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      kv_e2e_check_failed ("%s is not a JSON object", name);
      return NULL;
    }
  *out_root = json_node_copy (root);
  return json_node_get_object (*out_root);
}

/* @object's time member @name in microseconds, or 0. */
gint64
kv_e2e_time_member (JsonObject *object,
                    const char *name)
{
  if (object == NULL)
    return 0;
  return kv_e2e_parse_time (json_object_get_string_member_with_default (object, name, NULL));
}

static guint
screen_number (const char *name)
{
  return (guint) g_ascii_strtoull (name + strlen ("screen-"), NULL, 10);
}

/* The demo's picture of @role's X screen in @phase (screen-NN-PHASE.png),
 * taken after the picture named @after if given: the latest or the
 * earliest; or %NULL. */
char *
kv_e2e_find_screen (const char *output,
                    const char *role,
                    const char *phase,
                    const char *after,
                    gboolean    latest)
{
  g_autofree char *folder = g_build_filename (output, role, NULL);
  g_autofree char *suffix = g_strdup_printf ("-%s.png", phase);
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  g_autofree char *best = NULL;
  g_autofree char *after_name = after != NULL ? g_path_get_basename (after) : NULL;
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      if (!g_str_has_prefix (name, "screen-") || !g_str_has_suffix (name, suffix))
        continue;
      if (after_name != NULL && screen_number (name) <= screen_number (after_name))
        continue;
      if (best == NULL || (latest ? screen_number (name) > screen_number (best)
                                  : screen_number (name) < screen_number (best)))
        {
          g_free (best);
          best = g_strdup (name);
        }
    }
  return best != NULL ? g_build_filename (folder, best, NULL) : NULL;
}

static gboolean
near (const guint8      *pixel,
      const KvE2eColour *colour)
{
  /* GDK's default download format is Cairo's ARGB32: B, G, R, A in memory
   * on little-endian machines; compare through the 32-bit value instead. */
  guint32 value;
  int red, green, blue;

  memcpy (&value, pixel, sizeof value);
  red = (value >> 16) & 0xff;
  green = (value >> 8) & 0xff;
  blue = value & 0xff;

  return ABS (red - colour->red) <= COLOUR_TOLERANCE &&
         ABS (green - colour->green) <= COLOUR_TOLERANCE &&
         ABS (blue - colour->blue) <= COLOUR_TOLERANCE;
}

/* The shares of @side's peer's and own bar colours in the picture at
 * @path; FALSE (a failure) if it cannot be read. */
gboolean
kv_e2e_colour_shares (const char      *path,
                      const KvE2eSide *side,
                      KvE2eShares     *shares)
{
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree guint8 *pixels = NULL;
  const KvE2eColour *colours[] = { &side->peer_magenta, &side->peer_cyan, &side->own_magenta };
  guint counts[G_N_ELEMENTS (colours)] = { 0 };
  int width, height;
  gsize total;

  texture = gdk_texture_new_from_filename (path, &error);
  if (texture == NULL)
    {
      kv_e2e_check_failed ("Cannot load %s: %s", path, error->message);
      return FALSE;
    }
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  total = (gsize) width * height;
  pixels = g_malloc ((gsize) width * 4 * height);
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  for (gsize i = 0; i < total; i++)
    for (guint c = 0; c < G_N_ELEMENTS (colours); c++)
      if (near (pixels + i * 4, colours[c]))
        counts[c]++;

  shares->peer_magenta = (double) counts[0] / total;
  shares->peer_cyan = (double) counts[1] / total;
  shares->own_magenta = (double) counts[2] / total;
  g_test_message ("%s kiosk (%dx%d, %s): %s %.1f%%, %s %.1f%%, own %s %.1f%%", side->role,
                  width, height, path, colours[0]->name, 100.0 * shares->peer_magenta,
                  colours[1]->name, 100.0 * shares->peer_cyan,
                  colours[2]->name, 100.0 * shares->own_magenta);
  return TRUE;
}

/* Nothing the demo started may outlive it: every kiosk, Xvfb, bus and
 * server has the output folder or the demo's files in its command line. */
void
kv_e2e_check_nothing_left (const char *output)
{
  g_autoptr (GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *cmdline = NULL;
      gsize length;

      if (!g_ascii_isdigit (name[0]))
        continue;
      path = g_build_filename ("/proc", name, "cmdline", NULL);
      if (!g_file_get_contents (path, &cmdline, &length, NULL) || length == 0)
        continue;
      for (gsize i = 0; i + 1 < length; i++)
        if (cmdline[i] == '\0')
          cmdline[i] = ' ';
      if (strstr (cmdline, output) != NULL)
        kv_e2e_check_failed ("Process %s outlived the demo: %s", name, cmdline);
    }
}
