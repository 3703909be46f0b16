/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-e2e-visit"

#include "config.h"

#include <gdk/gdk.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

/* A whole visit, end to end: kinvisit-server and two kinvisit-kiosk
 * processes, each under its own Xvfb with test video, book a one-minute
 * visit through kinvisitctl and hold it from the waiting room to the end.
 * The orchestration is the demo's (app/demo/kinvisit-demo), so the README's
 * first command is tested too; this program checks what the demo left
 * behind: the kiosks' event log (what their screens showed, in server
 * time), the booking, and pictures of the two X screens.
 *
 * The kiosks send different test pictures: the community kiosk SMPTE bars
 * at full intensity, the prison kiosk at 75%. A live screen must be filled
 * with the PEER's colours; the self-view thumbnail is far too small to
 * pass for it. */

/* The demo waits for the start (up to 80 s), the visit (60 s) and a minute
 * of grace; meson's own timeout (300 s) must never be what stops it. */
#define DEMO_TIMEOUT_SECONDS 270
/* After SIGTERM the demo stops its kiosks, Xvfbs and server. */
#define DEMO_STOP_SECONDS 20
/* Design target: both kiosks end within 1 s of the slot end. */
#define END_TOLERANCE_US G_USEC_PER_SEC
/* Share of the screen that must show each of the peer's colours. */
#define MIN_COLOUR_SHARE 0.02
/* How far (per channel, 0-255) a pixel may be from a bar colour after
 * H.264, colour conversion and scaling; the full and 75% bars are 64 apart. */
#define COLOUR_TOLERANCE 24

typedef struct
{
  const char *name;
  guint8      red, green, blue;
} Colour;

typedef struct
{
  const char *role;
  const char *peer;
  /* The peer's bars (what this kiosk must show), then its own. */
  Colour      peer_magenta, peer_cyan, own_magenta;
} Side;

static const Side sides[] = {
  { "community", "prison",
    { "75% magenta", 191, 0, 191 }, { "75% cyan", 0, 191, 191 }, { "magenta", 255, 0, 255 } },
  { "prison", "community",
    { "magenta", 255, 0, 255 }, { "cyan", 0, 255, 255 }, { "75% magenta", 191, 0, 191 } },
};

typedef struct
{
  char     *event;
  gint64    time_us;
} Event;

typedef struct
{
  char       *tmp_dir;
  char       *output;
  GMainLoop  *loop;
  GSubprocess *demo;
  gboolean    demo_done;
  gboolean    timed_out;
  int         demo_status;
} Fixture;

/* Records a failure and goes on, so one run reports everything that is
 * wrong; each failure is printed, not only the last. */
G_GNUC_PRINTF (1, 2)
static void
check_failed (const char *format,
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
  Event *event = data;

  g_free (event->event);
  g_free (event);
}

static gint64
parse_time (const char *text)
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
  Fixture *fixture = user_data;
  g_autoptr (GError) error = NULL;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error))
    g_test_message ("Waiting for the demo: %s", error->message);
  fixture->demo_done = TRUE;
  g_main_loop_quit (fixture->loop);
}

static gboolean
on_demo_timeout (gpointer user_data)
{
  Fixture *fixture = user_data;

  fixture->timed_out = TRUE;
  g_main_loop_quit (fixture->loop);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until the demo exits or @seconds pass. */
static void
wait_for_demo (Fixture *fixture,
               guint    seconds)
{
  guint timeout_id;

  fixture->timed_out = FALSE;
  timeout_id = g_timeout_add_seconds (seconds, on_demo_timeout, fixture);
  while (!fixture->demo_done && !fixture->timed_out)
    g_main_loop_run (fixture->loop);
  if (!fixture->timed_out)
    g_source_remove (timeout_id);
}

static void
fixture_set_up (Fixture       *fixture,
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

static void
fixture_tear_down (Fixture       *fixture,
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
  /* A failed run keeps its logs and screenshots for whoever looks at it. */
  if (fixture->tmp_dir != NULL && !g_test_failed ())
    remove_tree (fixture->tmp_dir);
  g_clear_pointer (&fixture->loop, g_main_loop_unref);
  g_free (fixture->output);
  g_free (fixture->tmp_dir);
}

static void
run_demo (Fixture *fixture)
{
  const char *source_root = g_getenv ("KV_SOURCE_ROOT");
  const char *build_root = g_getenv ("KV_BUILD_ROOT");
  g_autofree char *demo = NULL;
  g_autofree char *log_path = g_build_filename (fixture->tmp_dir, "demo.log", NULL);
  g_autofree char *log = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (source_root);
  g_assert_nonnull (build_root);
  demo = g_build_filename (source_root, "app", "demo", "kinvisit-demo", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
  /* The kiosks run as they would on a site: a GLib warning is logged, not
   * fatal (this test's own G_DEBUG would otherwise reach them). */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  fixture->demo = g_subprocess_launcher_spawn (launcher, &error,
                                               "sh", demo, "--no-install", "--no-build", "--xvfb",
                                               "--builddir", build_root, "--minutes", "1",
                                               "--output", fixture->output, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (fixture->demo, NULL, on_demo_exited, fixture);
  wait_for_demo (fixture, DEMO_TIMEOUT_SECONDS);
  if (!fixture->demo_done)
    {
      check_failed ("The demo did not finish within %d s", DEMO_TIMEOUT_SECONDS);
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
static GPtrArray *
load_events (const char *output,
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
      Event *event;

      if (*lines[i] == '\0')
        continue;
      if (!json_parser_load_from_data (parser, lines[i], -1, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          check_failed ("events.jsonl line %u is not a JSON object: %s", i + 1, lines[i]);
          continue;
        }
      object = json_node_get_object (json_parser_get_root (parser));
      if (g_strcmp0 (json_object_get_string_member_with_default (object, "kiosk", ""), kiosk) != 0)
        continue;
      event = g_new0 (Event, 1);
      event->event = g_strdup (json_object_get_string_member_with_default (object, "event", ""));
      event->time_us = parse_time (json_object_get_string_member_with_default (object, "time", NULL));
      if (event->time_us == 0)
        check_failed ("events.jsonl line %u has no valid time: %s", i + 1, lines[i]);
      g_ptr_array_add (events, event);
    }
  return events;
}

/* The first @name at or after @from, or -1. */
static int
find_event (GPtrArray  *events,
            const char *name,
            int         from)
{
  for (guint i = MAX (from, 0); i < events->len; i++)
    {
      Event *event = g_ptr_array_index (events, i);

      if (g_str_equal (event->event, name))
        return (int) i;
    }
  return -1;
}

static gint64
load_slot_end (const char *output)
{
  g_autofree char *path = g_build_filename (output, "booking.json", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_file (parser, path, &error))
    {
      check_failed ("No booking from kinvisitctl --json: %s", error->message);
      return 0;
    }
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      check_failed ("booking.json is not a JSON object");
      return 0;
    }
  return parse_time (json_object_get_string_member_with_default (json_node_get_object (root),
                                                                 "end", NULL));
}

static void
check_phases (const char *output,
              const Side *side,
              gint64      slot_end_us)
{
  g_autoptr (GPtrArray) events = load_events (output, side->role);
  const char * const order[] = { "waiting", "live", "goodbye", "after" };
  int at = 0;
  int ended;

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      int found = find_event (events, order[i], at);

      if (found < 0)
        {
          check_failed ("The %s kiosk never showed '%s' after '%s'", side->role, order[i],
                              i > 0 ? order[i - 1] : "start");
          return;
        }
      at = found;
    }

  ended = find_event (events, "ended", find_event (events, "goodbye", 0));
  if (ended < 0)
    {
      check_failed ("The %s kiosk logged no 'ended' after the goodbye", side->role);
      return;
    }
  {
    Event *end = g_ptr_array_index (events, ended);
    Event *goodbye = g_ptr_array_index (events, find_event (events, "goodbye", 0));
    gint64 off_us = end->time_us - slot_end_us;

    g_test_message ("%s kiosk: goodbye %.3f s before the slot end, ended %+.3f s from it",
                    side->role, (slot_end_us - goodbye->time_us) / 1e6, off_us / 1e6);
    if (ABS (off_us) > END_TOLERANCE_US)
      check_failed ("The %s kiosk ended %+.3f s from the slot end (allowed: 1 s)",
                          side->role, off_us / 1e6);
    if (goodbye->time_us >= slot_end_us)
      check_failed ("The %s kiosk showed the goodbye only after the slot end", side->role);
  }
}

/* The picture of the kiosk's screen taken furthest into the visit. */
static char *
find_live_screen (const char *output,
                  const char *role)
{
  g_autofree char *folder = g_build_filename (output, role, NULL);
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  g_autofree char *best = NULL;
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_prefix (name, "screen-") && g_str_has_suffix (name, "-live.png") &&
          (best == NULL || strcmp (name, best) > 0))
        {
          g_free (best);
          best = g_strdup (name);
        }
    }
  return best != NULL ? g_build_filename (folder, best, NULL) : NULL;
}

static gboolean
near (const guint8 *pixel,
      const Colour *colour)
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

static void
check_screen (const char *output,
              const Side *side)
{
  g_autofree char *path = find_live_screen (output, side->role);
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree guint8 *pixels = NULL;
  const Colour *colours[] = { &side->peer_magenta, &side->peer_cyan, &side->own_magenta };
  guint counts[G_N_ELEMENTS (colours)] = { 0 };
  int width, height;
  gsize total;

  if (path == NULL)
    {
      check_failed ("No picture of the %s kiosk's screen during the visit", side->role);
      return;
    }
  texture = gdk_texture_new_from_filename (path, &error);
  if (texture == NULL)
    {
      check_failed ("Cannot load %s: %s", path, error->message);
      return;
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

  g_test_message ("%s kiosk (%dx%d, %s): %s %.1f%%, %s %.1f%%, own %s %.1f%%", side->role,
                  width, height, path, colours[0]->name, 100.0 * counts[0] / total,
                  colours[1]->name, 100.0 * counts[1] / total,
                  colours[2]->name, 100.0 * counts[2] / total);
  for (guint c = 0; c < 2; c++)
    if ((double) counts[c] / total <= MIN_COLOUR_SHARE)
      check_failed ("The %s kiosk's live screen does not show the %s kiosk's picture: "
                          "%.2f%% %s (needs > %.0f%%), see %s", side->role, side->peer,
                          100.0 * counts[c] / total, colours[c]->name,
                          100 * MIN_COLOUR_SHARE, path);
  if (counts[2] >= counts[0])
    check_failed ("The %s kiosk's live screen shows more of its own picture than the "
                        "%s kiosk's, see %s", side->role, side->peer, path);
}

/* Nothing the demo started may outlive it: every kiosk, Xvfb, bus and
 * server has the output folder or the demo's files in its command line. */
static void
check_nothing_left (const char *output)
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
        check_failed ("Process %s outlived the demo: %s", name, cmdline);
    }
}

static void
test_whole_visit (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *xvfb_run = g_find_program_in_path ("xvfb-run");
  g_autofree char *summary_path = NULL;
  g_autofree char *summary = NULL;
  gint64 slot_end_us;

  if (xvfb_run == NULL)
    {
      g_test_skip ("xvfb-run is missing (Debian package xvfb)");
      return;
    }

  run_demo (fixture);

  summary_path = g_build_filename (fixture->output, "summary.txt", NULL);
  if (g_file_get_contents (summary_path, &summary, NULL, NULL))
    g_test_message ("%s", summary);

  slot_end_us = load_slot_end (fixture->output);
  if (slot_end_us != 0)
    for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
      check_phases (fixture->output, &sides[i], slot_end_us);
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    check_screen (fixture->output, &sides[i]);

  if (fixture->demo_done && fixture->demo_status != 0)
    check_failed ("kinvisit-demo exited with status %d (logs in %s)",
                        fixture->demo_status, fixture->output);
  check_nothing_left (fixture->output);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/e2e/whole-visit", Fixture, NULL,
              fixture_set_up, test_whole_visit, fixture_tear_down);

  return g_test_run ();
}
