/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-e2e-console"

#include "config.h"

#include "kv-e2e-demo.h"

#include <glib/gstdio.h>
#include <string.h>

/* The staff console watches a real visit: the README demo's two kiosks
 * (test video, under Xvfb) go live, and Debian's chromium, signed in as
 * the demo's staff account, sees the prison kiosk's row turn Live on Today
 * without the page reloading (server-sent events), then the pair's week on
 * Calendar with the visit booked (app/demo/console-screenshots.js). The
 * kiosks' timing is e2e-visit's business; this one does not time them. */

/* A screenshot of a page with content is well over this; a blank one is
 * a few KiB. */
#define MIN_SCREENSHOT_BYTES (20 * 1024)

static void
check_screenshot (const char *output,
                  const char *name)
{
  g_autofree char *path = g_build_filename (output, name, NULL);
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    kv_e2e_check_failed ("The demo saved no %s", name);
  else if (st.st_size < MIN_SCREENSHOT_BYTES)
    kv_e2e_check_failed ("%s is only %" G_GINT64_FORMAT " bytes", name, (gint64) st.st_size);
}

static void
test_console_watches_visit (KvE2eFixture  *fixture,
                            gconstpointer  data)
{
  const char *source_root = g_getenv ("KV_SOURCE_ROOT");
  g_autofree char *xvfb_run = g_find_program_in_path ("xvfb-run");
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *playwright = NULL;
  g_autofree char *log_path = NULL;
  g_autofree char *log = NULL;

  g_assert_nonnull (source_root);
  playwright = g_build_filename (source_root, "tests", "browser", "node_modules",
                                 "playwright-core", NULL);
  if (xvfb_run == NULL || node == NULL ||
      !g_file_test ("/usr/bin/chromium", G_FILE_TEST_IS_EXECUTABLE) ||
      !g_file_test (playwright, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("Needs xvfb-run, node, /usr/bin/chromium and tests/browser/node_modules "
                   "(tests/run-all installs them)");
      return;
    }

  fixture->with_console = TRUE;
  kv_e2e_run_demo (fixture, NULL);

  log_path = g_build_filename (fixture->output, "console.log", NULL);
  if (!g_file_get_contents (log_path, &log, NULL, NULL))
    kv_e2e_check_failed ("The demo left no console.log: the console was never driven");
  else
    {
      g_test_message ("Console log:\n%s", log);
      if (strstr (log, "Today shows the visit live") == NULL)
        kv_e2e_check_failed ("Today never showed the visit live without a reload");
      if (strstr (log, "the Calendar shows the pair's week") == NULL)
        kv_e2e_check_failed ("The Calendar never showed the pair's week with the visit");
    }
  check_screenshot (fixture->output, "console-today.png");
  check_screenshot (fixture->output, "console-calendar.png");

  if (fixture->demo_done && fixture->demo_status != 0)
    kv_e2e_check_failed ("kinvisit-demo exited with status %d (logs in %s)",
                         fixture->demo_status, fixture->output);
  kv_e2e_check_nothing_left (fixture->output);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/e2e/console-watches-visit", KvE2eFixture, NULL,
              kv_e2e_fixture_set_up, test_console_watches_visit,
              kv_e2e_fixture_tear_down);

  return g_test_run ();
}
