/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-kiosk-program"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

/* The kinvisit-kiosk program itself, for what only the composition root
 * does: the switches it accepts and the files and folders it makes. It runs
 * without a display, so it stops right after reading its options (GTK
 * cannot start); everything it prepares before the window is already there
 * to check. */

/* The demo's and the tests' switches (KvTestHooks): only in a build with
 * -Dtest_hooks=true; the production kiosk rejects them. */
static const char * const switches[] = {
  "--auto-confirm",
  "--screenshot-dir=/nonexistent/kv-shots",
  "--event-log=/nonexistent/kv-events.jsonl",
  "--staff-script=pause:other@1",
};

static char *
program_path (void)
{
  return g_build_filename (g_getenv ("KV_BUILD_ROOT"), "kinvisit-kiosk", NULL);
}

/* Runs the kiosk without a display; returns its exit status and output. */
static int
run_kiosk (const char  *option,
           char       **out_stdout,
           char       **out_stderr)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = program_path ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) kiosk = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "GDK_BACKEND", "x11", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  kiosk = g_subprocess_launcher_spawn (launcher, &error, program, option, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (kiosk, NULL, NULL, out_stdout, out_stderr, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (kiosk);
}

/* --help lists the test switches exactly when the build has them; without
 * them, each one is an unknown option and the kiosk does not start. */
static void
test_switches (void)
{
  g_autofree char *help = NULL;
  g_autofree char *help_err = NULL;

  g_assert_cmpint (run_kiosk ("--help", &help, &help_err), ==, 0);
  g_assert_nonnull (strstr (help, "--config"));

  for (guint i = 0; i < G_N_ELEMENTS (switches); i++)
    {
      g_autofree char *name = g_strndup (switches[i], strcspn (switches[i], "="));

#if KV_WITH_TEST_HOOKS
      g_test_message ("%s is offered (-Dtest_hooks=true)", name);
      g_assert_nonnull (strstr (help, name));
#else
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *expected = g_strconcat ("Unknown option ", name, NULL);

      g_test_message ("%s is rejected (-Dtest_hooks=false)", name);
      g_assert_null (strstr (help, name));
      g_assert_cmpint (run_kiosk (switches[i], &out, &err), !=, 0);
      g_assert_nonnull (strstr (err, expected));
#endif
    }
}

#if KV_WITH_TEST_HOOKS
/* The program reads its configuration and quits: seconds, not minutes. */
#define RUN_TIMEOUT_S 30

static const char config_text[] =
  "[kiosk]\n"
  "role=community\n"
  /* Nothing listens on the discard port: the link never comes up. */
  "server-url=ws://127.0.0.1:9/ws\n"
  "allow-insecure=true\n"
  "secrets-file=kiosk.secrets\n"
  "[media]\n"
  "video-source=test\n"
  "audio-source=test\n"
  "audio-sink=fake\n";

static const char secrets_text[] =
  "[secrets]\n"
  "device-token=dGVzdC10b2tlbi10aGF0LWlzLWxvbmctZW5vdWdo\n"
  "staff-pin-hash=pbkdf2-sha256$100000$RVhBTVBMRS1zYWx0LTEyMw==$"
  "ezusQiWyZAJbSdxuq/egmWttTUZNUP+AStMslNME/FM=\n";

typedef struct
{
  gboolean done;
  gboolean timed_out;
} Wait;

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *wait = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  wait->done = TRUE;
}

static gboolean
on_timeout (gpointer user_data)
{
  ((Wait *) user_data)->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
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

static guint
mode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

/* Screenshots show the child and the parent: the folders the kiosk makes
 * for them are its own account's only, whatever the umask allows. */
static void
test_screenshot_dir_private (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("kv-kiosk-program-XXXXXX", &error);
  g_autofree char *config = NULL;
  g_autofree char *secrets = NULL;
  g_autofree char *shots = NULL;
  g_autofree char *nested = NULL;
  g_autofree char *program = NULL;
  g_autofree char *config_option = NULL;
  g_autofree char *shots_option = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) kiosk = NULL;
  Wait wait = { 0 };
  guint timeout_id;
  mode_t old_umask;

  g_assert_no_error (error);
  config = g_build_filename (tmp, "kiosk.conf", NULL);
  secrets = g_build_filename (tmp, "kiosk.secrets", NULL);
  g_file_set_contents (config, config_text, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (secrets, secrets_text, -1, &error);
  g_assert_no_error (error);
  g_chmod (secrets, 0600);

  shots = g_build_filename (tmp, "shots", NULL);
  nested = g_build_filename (shots, "visit", NULL);
  program = program_path ();
  config_option = g_strconcat ("--config=", config, NULL);
  shots_option = g_strconcat ("--screenshot-dir=", nested, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  /* No display at all (not even a default Wayland socket): GTK cannot
   * start, so the kiosk exits once its options are handled. GTK's warning
   * about it must not abort the program under the test's G_DEBUG. */
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "GDK_BACKEND", "x11", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  /* The most permissive umask usual on a desktop: the mode must come from
   * the kiosk, not from the umask. */
  old_umask = umask (022);
  kiosk = g_subprocess_launcher_spawn (launcher, &error, program, config_option, shots_option,
                                       NULL);
  umask (old_umask);
  g_assert_no_error (error);

  timeout_id = g_timeout_add_seconds (RUN_TIMEOUT_S, on_timeout, &wait);
  g_subprocess_wait_async (kiosk, NULL, on_exited, &wait);
  while (!wait.done && !wait.timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (wait.timed_out)
    {
      g_subprocess_force_exit (kiosk);
      g_error ("kinvisit-kiosk did not stop within %d s without a display", RUN_TIMEOUT_S);
    }
  g_source_remove (timeout_id);

  g_assert_true (g_file_test (nested, G_FILE_TEST_IS_DIR));
  g_assert_cmphex (mode_of (shots), ==, 0700);
  g_assert_cmphex (mode_of (nested), ==, 0700);

  remove_tree (tmp);
}
#endif

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk-program/test-switches", test_switches);
#if KV_WITH_TEST_HOOKS
  g_test_add_func ("/kiosk-program/screenshot-dir-private", test_screenshot_dir_private);
#endif

  return g_test_run ();
}
