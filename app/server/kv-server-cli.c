/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-server"

#include "config.h"

#include "kv-server-cli.h"

#include "kv-http-front.h"
#include "kv-real-clock.h"
#include "kv-server.h"
#include "kv-server-config.h"
#include "kv-store.h"

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <errno.h>
#include <sys/resource.h>

/* kinvisit-server's command line: load the configuration, open the
 * database (one server per database), listen, run until SIGTERM/SIGINT. */

static void
raise_fd_limit (void)
{
  struct rlimit limit;

  /* One socket per kiosk: 2000 kiosks need more than the usual soft limit
   * of 1024. The hard limit is ours to take. */
  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
        g_warning ("Could not raise the open file limit: %s", g_strerror (errno));
    }
}

/* glib-networking reads G_TLS_GNUTLS_PRIORITY once, when the first TLS
 * connection is made, and takes GnuTLS's defaults without it (TLS 1.0 and
 * 1.1, static RSA, CBC with SHA-1). Set before anything else runs, while
 * this process has one thread. An administrator's own setting wins. */
static void
set_tls_priority (void)
{
  const char *priority = g_getenv ("G_TLS_GNUTLS_PRIORITY");

  if (priority != NULL)
    {
      g_message ("TLS priorities from G_TLS_GNUTLS_PRIORITY: %s", priority);
      return;
    }
  g_setenv ("G_TLS_GNUTLS_PRIORITY", KV_HTTP_FRONT_TLS_PRIORITY, TRUE);
}

static gboolean
on_quit_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

int
kv_server_cli_main (int    argc,
                    char **argv)
{
  g_autofree char *config_path = NULL;
  g_autofree char *port_file = NULL;
  g_autofree char *database = NULL;
  g_autofree char *backup = NULL;
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path,
      "Configuration file (default: " KV_SYSCONFDIR "/server.conf and server.conf.d/)", "FILE" },
    { "port-file", 0, 0, G_OPTION_ARG_FILENAME, &port_file,
      "Write the port listened on to FILE (for port 0)", "FILE" },
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database,
      "Database file, instead of the configured one", "PATH" },
    { "backup", 0, 0, G_OPTION_ARG_FILENAME, &backup,
      "Write a consistent copy of the database to FILE and exit (safe while a server runs)",
      "FILE" },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- the Kinvisit visit server");
  g_autoptr(GError) error = NULL;
  g_autoptr(KvServerConfig) config = NULL;
  g_autoptr(KvStore) store = NULL;
  g_autoptr(KvClock) clock = NULL;
  g_autoptr(KvServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  guint sigterm_id, sigint_id;

  set_tls_priority ();
  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "kinvisit-server: %s\n", error->message);
      return 2;
    }
  if (version)
    {
      printf ("kinvisit-server %s\n", PACKAGE_VERSION);
      return 0;
    }

  raise_fd_limit ();

  config = kv_server_config_load (config_path, &error);
  if (config == NULL)
    {
      fprintf (stderr, "kinvisit-server: %s\n", error->message);
      return 1;
    }
  if (database == NULL)
    database = g_strdup (kv_server_config_get_database (config));
  if (backup != NULL)
    {
      /* Read-only and without the server's lock: the server may be running. */
      if (!kv_store_backup_database (database, backup, &error))
        {
          fprintf (stderr, "kinvisit-server: %s\n", error->message);
          return 1;
        }
      return 0;
    }
  store = kv_store_open (database, &error);
  if (store == NULL)
    {
      fprintf (stderr, "kinvisit-server: %s\n", error->message);
      return 1;
    }

  clock = kv_real_clock_new ();
  server = kv_server_new (config, clock, store, &error);
  if (server == NULL || !kv_server_listen (server, &error))
    {
      fprintf (stderr, "kinvisit-server: %s\n", error->message);
      return 1;
    }
  if (port_file != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%u\n", kv_server_get_port (server));

      if (!g_file_set_contents (port_file, text, -1, &error))
        {
          fprintf (stderr, "kinvisit-server: cannot write the port file: %s\n", error->message);
          return 1;
        }
    }
  g_message ("Listening on port %u", kv_server_get_port (server));

  loop = g_main_loop_new (NULL, FALSE);
  sigterm_id = g_unix_signal_add (SIGTERM, on_quit_signal, loop);
  sigint_id = g_unix_signal_add (SIGINT, on_quit_signal, loop);
  g_main_loop_run (loop);
  g_source_remove (sigterm_id);
  g_source_remove (sigint_id);

  kv_server_disconnect_all (server);
  g_message ("Stopped");
  return 0;
}
