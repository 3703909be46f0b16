/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-kiosk"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Kiosk resources during a visit (suite 'bench'): a whole visit between two
 * kiosks with display (each under its own Xvfb, GTK's cairo renderer),
 * 640x480 at 30 frames/s, H.264, run by app/demo/kinvisit-demo, which
 * samples each kiosk's /proc/PID/stat and status every second into
 * resources.tsv. Reported per kiosk over the live phase: CPU (% of one
 * core, utime + stime between the first and last live sample), RSS (median
 * of the live samples) and the peak (VmHWM, the process's high-water mark).
 * Targets (design.md): <= 40% of one core, <= 150 MB RSS in a call.
 *
 * KV_BENCH_MINUTES (default 2) sets the visit's length. The last line of
 * the output is one JSON object. Exits 1 when a target is missed or the
 * visit never went live. */

#define TARGET_CPU_PERCENT 40.0
#define TARGET_RSS_MB 150.0

typedef struct
{
  const char *role;
  GArray     *rss_kb;        /* double, live samples */
  double      first_time, last_time;
  double      first_ticks, last_ticks;
  double      peak_kb;
} Kiosk;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  guint n = values->len;

  if (n == 0)
    return 0;
  g_array_sort (values, compare_doubles);
  return n % 2 ? g_array_index (values, double, n / 2)
               : (g_array_index (values, double, n / 2 - 1) + g_array_index (values, double, n / 2)) / 2;
}

/* resources.tsv: time, kiosk, phase, cpu_ticks, rss_kb, hwm_kb. */
static gboolean
read_samples (const char  *path,
              Kiosk       *kiosks,
              guint        n_kiosks,
              GError     **error)
{
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return FALSE;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto (GStrv) fields = g_strsplit (lines[i], "\t", -1);

      if (g_strv_length (fields) != 6)
        continue;
      for (guint k = 0; k < n_kiosks; k++)
        {
          Kiosk *kiosk = &kiosks[k];
          double time = g_ascii_strtod (fields[0], NULL);
          double ticks = g_ascii_strtod (fields[3], NULL);
          double rss = g_ascii_strtod (fields[4], NULL);
          double hwm = g_ascii_strtod (fields[5], NULL);

          if (!g_str_equal (fields[1], kiosk->role))
            continue;
          kiosk->peak_kb = MAX (kiosk->peak_kb, hwm);
          if (!g_str_equal (fields[2], "live"))
            continue;
          if (kiosk->rss_kb->len == 0)
            {
              kiosk->first_time = time;
              kiosk->first_ticks = ticks;
            }
          kiosk->last_time = time;
          kiosk->last_ticks = ticks;
          g_array_append_val (kiosk->rss_kb, rss);
        }
    }
  return TRUE;
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

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

int
main (int   argc,
      char *argv[])
{
  const char *source_root = g_getenv ("KV_SOURCE_ROOT");
  const char *build_root = g_getenv ("KV_BUILD_ROOT");
  const char *minutes_text = g_getenv ("KV_BENCH_MINUTES");
  guint64 minutes = 2;
  g_autofree char *tmp_dir = NULL;
  g_autofree char *output = NULL;
  g_autofree char *demo = NULL;
  g_autofree char *samples = NULL;
  g_autofree char *minutes_arg = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) json = g_string_new (NULL);
  Kiosk kiosks[] = { { "community" }, { "prison" } };
  gboolean done = FALSE, timed_out = FALSE, pass = TRUE;
  g_autofree char *xvfb_run = g_find_program_in_path ("xvfb-run");
  guint timeout_id;
  long ticks_per_second = sysconf (_SC_CLK_TCK);

  if (source_root == NULL || build_root == NULL)
    {
      fprintf (stderr, "bench-kiosk: KV_SOURCE_ROOT and KV_BUILD_ROOT are set by tests/meson.build\n");
      return 2;
    }
  if (minutes_text != NULL &&
      !g_ascii_string_to_unsigned (minutes_text, 10, 1, 10, &minutes, NULL))
    {
      fprintf (stderr, "bench-kiosk: KV_BENCH_MINUTES=%s is not 1-10\n", minutes_text);
      return 2;
    }
  if (xvfb_run == NULL)
    {
      printf ("bench-kiosk: xvfb-run is missing (Debian package xvfb): skipped\n");
      return 77;
    }

  tmp_dir = g_dir_make_tmp ("kv-bench-kiosk-XXXXXX", &error);
  if (tmp_dir == NULL)
    {
      fprintf (stderr, "bench-kiosk: %s\n", error->message);
      return 1;
    }
  output = g_build_filename (tmp_dir, "demo-output", NULL);
  demo = g_build_filename (source_root, "app", "demo", "kinvisit-demo", NULL);
  minutes_arg = g_strdup_printf ("%" G_GUINT64_FORMAT, minutes);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  /* Measure the kiosks as a site runs them: no fatal warnings and no
   * malloc checking from the test environment. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_unsetenv (launcher, "MALLOC_CHECK_");
  g_subprocess_launcher_unsetenv (launcher, "MALLOC_PERTURB_");
  /* No console screenshots: a browser would compete for the CPU measured. */
  process = g_subprocess_launcher_spawn (launcher, &error,
                                         "sh", demo, "--no-install", "--no-build", "--xvfb",
                                         "--no-console-screenshots",
                                         "--builddir", build_root, "--minutes", minutes_arg,
                                         "--output", output, NULL);
  if (process == NULL)
    {
      fprintf (stderr, "bench-kiosk: cannot run the demo: %s\n", error->message);
      return 1;
    }
  g_subprocess_wait_async (process, NULL, on_exited, &done);
  /* The start is up to 80 s away; then the visit and a minute of grace. */
  timeout_id = g_timeout_add_seconds (minutes * 60 + 200, on_timeout, &timed_out);
  while (!done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    {
      fprintf (stderr, "bench-kiosk: the demo did not finish; stopping it\n");
      g_subprocess_send_signal (process, SIGTERM);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
      return 1;
    }
  g_source_remove (timeout_id);
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      fprintf (stderr, "bench-kiosk: the demo failed; its output is in %s\n", output);
      return 1;
    }

  for (guint k = 0; k < G_N_ELEMENTS (kiosks); k++)
    kiosks[k].rss_kb = g_array_new (FALSE, FALSE, sizeof (double));
  samples = g_build_filename (output, "resources.tsv", NULL);
  if (!read_samples (samples, kiosks, G_N_ELEMENTS (kiosks), &error))
    {
      fprintf (stderr, "bench-kiosk: %s\n", error->message);
      return 1;
    }

  printf ("Kiosk resources, 640x480@30 with display (Xvfb, cairo), %" G_GUINT64_FORMAT
          "-minute visit\n", minutes);
  g_string_append_printf (json, "{\"bench\":\"kiosk\",\"minutes\":%" G_GUINT64_FORMAT
                          ",\"video\":\"640x480@30\",\"targets\":{\"cpu_percent\":%.0f,"
                          "\"rss_mb\":%.0f},\"kiosks\":{", minutes, TARGET_CPU_PERCENT,
                          TARGET_RSS_MB);
  for (guint k = 0; k < G_N_ELEMENTS (kiosks); k++)
    {
      Kiosk *kiosk = &kiosks[k];
      double seconds = kiosk->last_time - kiosk->first_time;
      double cpu, rss_mb, peak_mb = kiosk->peak_kb / 1024;
      char cpu_text[G_ASCII_DTOSTR_BUF_SIZE], rss_text[G_ASCII_DTOSTR_BUF_SIZE];
      char peak_text[G_ASCII_DTOSTR_BUF_SIZE];

      if (kiosk->rss_kb->len < 2 || seconds <= 0)
        {
          printf ("%s: the visit never went live (see %s)\n", kiosk->role, output);
          g_array_unref (kiosk->rss_kb);
          return 1;
        }
      cpu = (kiosk->last_ticks - kiosk->first_ticks) / ticks_per_second / seconds * 100;
      rss_mb = median (kiosk->rss_kb) / 1024;
      printf ("%-9s CPU %5.1f%% of one core (target <= %.0f%%)  RSS median %6.1f MB "
              "(target <= %.0f MB)  peak %6.1f MB  over %.0f s live, %u samples\n",
              kiosk->role, cpu, TARGET_CPU_PERCENT, rss_mb, TARGET_RSS_MB, peak_mb, seconds,
              kiosk->rss_kb->len);
      if (cpu > TARGET_CPU_PERCENT || rss_mb > TARGET_RSS_MB)
        pass = FALSE;
      g_ascii_formatd (cpu_text, sizeof cpu_text, "%.1f", cpu);
      g_ascii_formatd (rss_text, sizeof rss_text, "%.1f", rss_mb);
      g_ascii_formatd (peak_text, sizeof peak_text, "%.1f", peak_mb);
      g_string_append_printf (json, "%s\"%s\":{\"cpu_percent\":%s,\"rss_median_mb\":%s,"
                              "\"rss_peak_mb\":%s,\"live_seconds\":%.0f}", k > 0 ? "," : "",
                              kiosk->role, cpu_text, rss_text, peak_text, seconds);
      g_array_unref (kiosk->rss_kb);
    }
  g_string_append_printf (json, "},\"pass\":%s}", pass ? "true" : "false");
  /* The figures are in the output; the demo's folder only matters when
   * something went wrong (kept above). */
  remove_tree (tmp_dir);
  printf ("%s\n", json->str);
  return pass ? 0 : 1;
}
