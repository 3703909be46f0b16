/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-hostile-command.h"

#include <string.h>
#include <sys/stat.h>

void
kv_command_result_clear (KvCommandResult *result)
{
  g_clear_pointer (&result->output, g_free);
}

static gboolean
on_tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
kv_hostile_wait_until (gboolean  (*done) (gpointer data),
                       gpointer    data,
                       guint       timeout_ms)
{
  GMainContext *context = g_main_context_ref_thread_default ();
  GSource *tick = g_timeout_source_new (10);
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gboolean ok;

  g_source_set_callback (tick, on_tick, NULL, NULL);
  g_source_attach (tick, context);
  while (!(ok = done (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (tick);
  g_source_unref (tick);
  g_main_context_unref (context);
  return ok;
}

typedef struct
{
  gboolean  done;
  GBytes   *output;
} Communication;

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Communication *communication = user_data;

  g_subprocess_communicate_finish (G_SUBPROCESS (source), result, &communication->output, NULL,
                                   NULL);
  communication->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Communication *) data)->done;
}

static void
set_umask_022 (gpointer user_data)
{
  umask (022);
}

/**
 * kv_hostile_run:
 * @stdin_text: (nullable): what the command reads; %NULL: nothing
 * @umask_022: run it under umask 022, whatever ours is
 */
void
kv_hostile_run (const char * const *argv,
                const char         *stdin_text,
                gboolean            umask_022,
                guint               timeout_ms,
                KvCommandResult    *out_result)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) input = g_bytes_new (stdin_text != NULL ? stdin_text : "",
                                         stdin_text != NULL ? strlen (stdin_text) : 0);
  g_autoptr(GError) error = NULL;
  Communication communication = { 0 };

  memset (out_result, 0, sizeof *out_result);
  out_result->exit_status = -1;
  /* The tests' own GLib debugging would change what the command does. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_unsetenv (launcher, "MALLOC_CHECK_");
  if (umask_022)
    g_subprocess_launcher_set_child_setup (launcher, set_umask_022, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (process == NULL)
    {
      out_result->output = g_strdup_printf ("cannot run %s: %s", argv[0], error->message);
      return;
    }
  g_subprocess_communicate_async (process, input, cancellable, on_communicated, &communication);
  if (!kv_hostile_wait_until (is_done, &communication, timeout_ms))
    {
      g_subprocess_force_exit (process);
      g_cancellable_cancel (cancellable);
      kv_hostile_wait_until (is_done, &communication, 5000);
    }
  else
    out_result->finished = TRUE;
  g_subprocess_wait (process, NULL, NULL);
  if (out_result->finished && g_subprocess_get_if_exited (process))
    out_result->exit_status = g_subprocess_get_exit_status (process);
  out_result->output = communication.output != NULL && g_bytes_get_size (communication.output) > 0
                         ? g_strndup (g_bytes_get_data (communication.output, NULL),
                                      g_bytes_get_size (communication.output))
                         : g_strdup ("");
  g_clear_pointer (&communication.output, g_bytes_unref);
}
