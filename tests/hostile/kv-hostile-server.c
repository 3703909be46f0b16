/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-hostile-server.h"

#include "kv-booking.h"
#include "kv-hostile-command.h"
#include "kv-raw-http.h"
#include "kv-raw-socket.h"
#include "kv-store.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define MINUTE (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define DAY (24 * 60 * MINUTE)
#define START_TIMEOUT_MS 20000

/* Set before the fork, read in the child: the child has its own copy. */
static struct
{
  guint    fd_hard_limit;
  gboolean umask_022;
} child_setup_options;

/* Between fork and exec: async-signal-safe calls only. */
static void
setup_server_child (gpointer user_data)
{
  /* If the test dies, its server goes with it. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (child_setup_options.fd_hard_limit > 0)
    {
      /* The server raises its soft limit to the hard one: lower the hard. */
      struct rlimit limit = { child_setup_options.fd_hard_limit,
                              child_setup_options.fd_hard_limit };

      setrlimit (RLIMIT_NOFILE, &limit);
    }
  if (child_setup_options.umask_022)
    umask (022);
  /* Its own session, so its own scheduler autogroup, whose weight the
   * parent raises: see raise_priority(). */
  setsid ();
  setpriority (PRIO_PROCESS, 0, KV_HOSTILE_MEASURED_NICE);
}

char *
kv_hostile_server_binary (const char *name)
{
  const char *root = g_getenv ("KV_BUILD_ROOT");

  return g_build_filename (root != NULL ? root : ".", "app", "server", name, NULL);
}

char *
kv_hostile_source_file (const char *relative)
{
  const char *root = g_getenv ("KV_SOURCE_ROOT");

  return g_build_filename (root != NULL ? root : ".", relative, NULL);
}

char *
kv_hostile_format_time (gint64 time_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

static void
add_booking (KvStore    *store,
             const char *id,
             const char *prison,
             const char *community,
             gint64      start_us)
{
  g_autoptr(KvBooking) booking = kv_booking_new (id, prison, community, start_us,
                                                 start_us + 60 * MINUTE, "Dad", "Lena",
                                                 KV_AGE_BAND_4_7);
  g_autoptr(GError) error = NULL;

  if (!kv_store_add_booking (store, booking, g_get_real_time (), "admin", &error))
    g_error ("hostile: cannot seed booking %s: %s", id, error->message);
}

static char *
add_kiosk (KvStore    *store,
           const char *id,
           KvRole      role)
{
  g_autoptr(GError) error = NULL;
  char *token = NULL;

  if (!kv_store_add_kiosk (store, id, role, "Room", g_get_real_time (), "admin",&token, &error))
    g_error ("hostile: cannot seed kiosk %s: %s", id, error->message);
  return token;
}

/* A large audit log, through the store so that every row carries its
 * chain hash, in batches of one transaction each: one row at a time would
 * cost an fsync each. */
#define SEED_BATCH 10000

static void
seed_audit (KvStore *store,
            guint    rows)
{
  gint64 first_us = g_get_real_time () - 2 * DAY;

  for (guint done = 0; done < rows; )
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_audit_entry_free);
      g_autoptr(GError) error = NULL;

      for (; done < rows && batch->len < SEED_BATCH; done++)
        {
          g_autofree char *actor = g_strdup_printf ("address:127.0.0.%u", done % 250);

          g_ptr_array_add (batch, kv_audit_entry_new (first_us + (gint64) done * 1000, actor,
                                                      "sign-in-bad-token", NULL,
                                                      "count=1 since=2026-12-01T00:00:00Z"));
        }
      if (!kv_store_append_audit_batch (store, batch, &error))
        g_error ("hostile: cannot seed the audit log: %s", error->message);
    }
}

static void
seed_database (KvHostileServer              *self,
               const KvHostileServerOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvStore) store = kv_store_open (self->db_path, &error);
  gint64 now = g_get_real_time ();

  if (store == NULL)
    g_error ("hostile: cannot create the database: %s", error->message);
  self->prison_token = add_kiosk (store, "prison-1", KV_ROLE_PRISON);
  self->community_token = add_kiosk (store, "community-1", KV_ROLE_COMMUNITY);
  self->abuse_prison_token = add_kiosk (store, "prison-2", KV_ROLE_PRISON);
  self->abuse_community_token = add_kiosk (store, "community-2", KV_ROLE_COMMUNITY);
  self->probe_token = add_kiosk (store, "community-probe", KV_ROLE_COMMUNITY);
  self->booking_start_us = (now / MINUTE + 1) * MINUTE + 5 * MINUTE;
  self->next_week_start_us = self->booking_start_us + 6 * DAY;
  add_booking (store, KV_HOSTILE_LEGIT_BOOKING, "prison-1", "community-1", self->booking_start_us);
  add_booking (store, KV_HOSTILE_ABUSE_BOOKING, "prison-2", "community-2", self->booking_start_us);
  add_booking (store, KV_HOSTILE_ABUSE_NEXT_WEEK_BOOKING, "prison-2", "community-2",
               self->next_week_start_us);
  if (options->audit_rows > 0)
    seed_audit (store, options->audit_rows);
  g_clear_object (&store);
}

static void
write_config (KvHostileServer              *self,
              const KvHostileServerOptions *options)
{
  g_autoptr(GString) config = g_string_new (NULL);
  g_autofree char *secrets_path = g_build_filename (self->dir, "server.secrets", NULL);
  g_autoptr(GError) error = NULL;

  g_string_append_printf (config, "[server]\nlisten-address=127.0.0.1\nport=0\ndatabase=%s\n"
                          "secrets-file=server.secrets\n", self->db_path);
  if (options->tls)
    {
      g_autofree char *pem = kv_hostile_source_file ("tests/integration/server/test-tls.pem");
      g_autofree char *key = kv_hostile_source_file ("tests/integration/server/test-tls.key");

      g_string_append_printf (config, "tls-certificate=%s\ntls-key=%s\n", pem, key);
    }
  if (options->limits != NULL)
    g_string_append_printf (config, "[limits]\n%s\n", options->limits);
  if (!g_file_set_contents (self->config_path, config->str, -1, &error) ||
      !g_file_set_contents (secrets_path, "[secrets]\nadmin-token=" KV_HOSTILE_ADMIN_TOKEN "\n",
                            -1, &error))
    g_error ("hostile: cannot write the configuration: %s", error->message);
  g_chmod (secrets_path, 0600);
}

/* Real attackers run on other machines, and the machine is shared with
 * other work: neither must be what the relay's latency measures. The
 * server's autogroup (its own session) and its threads get more weight
 * than our attacking threads and other sessions' builds, as docs/server.md
 * ("Capacity") does for the bench; the group ends with the server. Only
 * where allowed (root); elsewhere the server runs as it is. */
static void
raise_priority (GPid pid)
{
  g_autofree char *autogroup = g_strdup_printf ("/proc/%d/autogroup", pid);
  FILE *file = fopen (autogroup, "w");

  if (file != NULL)
    {
      fprintf (file, "%d\n", KV_HOSTILE_MEASURED_NICE);
      fclose (file);
    }
}

/* The server's folder: configuration, database, log. In memory (/dev/shm)
 * unless KV_HOSTILE_TMPDIR names another place: the server commits with
 * synchronous=FULL on its main thread, and an fsync on this shared VM's
 * disk takes ~4 ms (p50) and far more when others build, which the relay
 * latency would measure instead of the attack. Give a real disk to see
 * that cost. */
static char *
make_work_dir (GError **error)
{
  const char *parent = g_getenv ("KV_HOSTILE_TMPDIR");
  g_autofree char *template = NULL;

  if (parent == NULL || *parent == '\0')
    parent = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir ();
  template = g_build_filename (parent, "kinvisit-hostile-XXXXXX", NULL);
  if (g_mkdtemp (template) == NULL)
    {
      int errsv = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                   "Cannot make a folder in %s: %s", parent, g_strerror (errsv));
      return NULL;
    }
  return g_steal_pointer (&template);
}

typedef struct
{
  KvHostileServer *server;
  char            *port_path;
} Starting;

static gboolean
port_written_or_exited (gpointer data)
{
  Starting *starting = data;
  g_autofree char *text = NULL;

  if (!kv_hostile_server_is_running (starting->server))
    return TRUE;
  if (!g_file_get_contents (starting->port_path, &text, NULL, NULL) || strchr (text, '\n') == NULL)
    return FALSE;
  starting->server->port = (guint16) g_ascii_strtoull (text, NULL, 10);
  return TRUE;
}

/**
 * kv_hostile_server_start:
 *
 * Starts a server and waits until it listens. Failing to start is not an
 * attack's outcome, so it ends the test program (g_error()).
 *
 * Returns: (transfer full): the running server
 */
KvHostileServer *
kv_hostile_server_start (const KvHostileServerOptions *options)
{
  static const KvHostileServerOptions defaults = { 0 };
  g_autoptr(KvHostileServer) self = g_new0 (KvHostileServer, 1);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *binary = kv_hostile_server_binary ("kinvisit-server");
  Starting starting = { self, NULL };

  if (options == NULL)
    options = &defaults;
  self->dir = make_work_dir (&error);
  if (self->dir == NULL)
    g_error ("hostile: %s", error->message);
  self->config_path = g_build_filename (self->dir, "server.conf", NULL);
  self->db_path = g_build_filename (self->dir, "kinvisit.db", NULL);
  self->log_path = g_build_filename (self->dir, "server.log", NULL);
  starting.port_path = g_build_filename (self->dir, "port", NULL);
  write_config (self, options);
  if (!options->empty_database)
    seed_database (self, options);
  /* Closed and checkpointed: what the database weighs before the server
   * writes a byte. */
  self->seeded_db_bytes = kv_hostile_server_db_bytes (self);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, self->log_path);
  /* A production-like server: our test-only GLib debugging (fatal
   * warnings, malloc checks, debug logs) would change what it does. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_unsetenv (launcher, "MALLOC_CHECK_");
  g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  child_setup_options.fd_hard_limit = options->fd_hard_limit;
  child_setup_options.umask_022 = options->umask_022;
  g_subprocess_launcher_set_child_setup (launcher, setup_server_child, NULL, NULL);
  self->process = g_subprocess_launcher_spawn (launcher, &error, binary, "--config",
                                               self->config_path, "--port-file",
                                               starting.port_path, NULL);
  if (self->process == NULL)
    g_error ("hostile: cannot start %s: %s", binary, error->message);
  self->pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (self->process), NULL, 10);
  raise_priority (self->pid);
  if (!kv_hostile_wait_until (port_written_or_exited, &starting, START_TIMEOUT_MS) ||
      self->port == 0)
    {
      g_autofree char *log = kv_hostile_server_log_tail (self, 2000);

      g_error ("hostile: the server did not start listening: %s", log);
    }
  g_free (starting.port_path);
  return g_steal_pointer (&self);
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

/**
 * kv_hostile_server_stop:
 *
 * Stops the server as systemd would (SIGTERM), so that it writes what it
 * holds (the minute's refusal counts) and closes its database; kills it
 * after 10 s.
 *
 * Returns: whether it exited by itself, with status 0
 */
gboolean
kv_hostile_server_stop (KvHostileServer *self)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  if (!kv_hostile_server_is_running (self))
    return FALSE;
  g_subprocess_send_signal (self->process, SIGTERM);
  while (kv_hostile_server_is_running (self) && g_get_monotonic_time () < deadline)
    g_usleep (10 * 1000);   /* polling a child that reaps on GLib's thread */
  if (kv_hostile_server_is_running (self))
    {
      g_subprocess_force_exit (self->process);
      g_subprocess_wait (self->process, NULL, NULL);
      return FALSE;
    }
  return g_subprocess_get_if_exited (self->process) && g_subprocess_get_exit_status (self->process) == 0;
}

/**
 * kv_hostile_server_count_audit_in_database:
 * @since_us: count entries written from this time on
 *
 * Counts audit entries in the database file of a stopped server.
 *
 * Returns: the number, or -1 if the database cannot be read
 */
gint64
kv_hostile_server_count_audit_in_database (KvHostileServer *self,
                                           gint64           since_us)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  g_return_val_if_fail (!kv_hostile_server_is_running (self), -1);

  store = kv_store_open (self->db_path, &error);
  if (store != NULL)
    entries = kv_store_list_audit (store, since_us, &error);
  if (entries == NULL)
    {
      g_message ("hostile: audit entries not counted: %s", error->message);
      return -1;
    }
  return entries->len;
}

/* Kills the server (if it still runs) and removes its files. */
void
kv_hostile_server_free (KvHostileServer *self)
{
  if (self == NULL)
    return;
  if (self->process != NULL)
    {
      g_subprocess_force_exit (self->process);
      g_subprocess_wait (self->process, NULL, NULL);
      g_clear_object (&self->process);
    }
  if (self->dir != NULL)
    remove_tree (self->dir);
  g_free (self->dir);
  g_free (self->config_path);
  g_free (self->db_path);
  g_free (self->log_path);
  g_free (self->prison_token);
  g_free (self->community_token);
  g_free (self->abuse_prison_token);
  g_free (self->abuse_community_token);
  g_free (self->probe_token);
  g_free (self);
}

gboolean
kv_hostile_server_is_running (KvHostileServer *self)
{
  /* GLib reaps the child on its worker thread and then forgets the id. */
  return self->process != NULL && g_subprocess_get_identifier (self->process) != NULL;
}

static goffset
file_size (const char *path)
{
  GStatBuf buf;

  return g_stat (path, &buf) == 0 ? (goffset) buf.st_size : 0;
}

/* The database as it grows on disk: the file and its write-ahead log. */
goffset
kv_hostile_server_db_bytes (KvHostileServer *self)
{
  g_autofree char *wal = g_strconcat (self->db_path, "-wal", NULL);

  return file_size (self->db_path) + file_size (wal);
}

goffset
kv_hostile_server_log_bytes (KvHostileServer *self)
{
  return file_size (self->log_path);
}

/* Returns: (transfer full): the last @max_bytes of the server's log */
char *
kv_hostile_server_log_tail (KvHostileServer *self,
                            gsize            max_bytes)
{
  g_autoptr(GMappedFile) file = g_mapped_file_new (self->log_path, FALSE, NULL);
  gsize length;
  const char *data;

  if (file == NULL)
    return g_strdup ("(no log)");
  length = g_mapped_file_get_length (file);
  data = g_mapped_file_get_contents (file);
  if (data == NULL)
    return g_strdup ("");
  if (length > max_bytes)
    return g_strndup (data + length - max_bytes, max_bytes);
  return g_strndup (data, length);
}

/* Does /healthz answer 200 within @timeout_ms? */
gboolean
kv_hostile_server_healthy (KvHostileServer *self,
                           guint            timeout_ms)
{
  g_autoptr(KvRawResponse) response =
    kv_raw_http_request (NULL, self->port, "GET", "/healthz", NULL, NULL, 4096,
                         kv_raw_deadline_ms (timeout_ms), NULL);

  return response != NULL && response->status == 200;
}

/**
 * kv_hostile_server_count_audit:
 * @since_us: count entries from this time (whole seconds)
 *
 * Counts audit entries through the admin API, page by page when the server
 * pages (`limit`, `after`, `Kinvisit-Next-After`), in one go when it does
 * not.
 *
 * Returns: the number of entries, -1 on error
 */
gint64
kv_hostile_server_count_audit (KvHostileServer  *self,
                               gint64            since_us,
                               GError          **error)
{
  g_autofree char *since = kv_hostile_format_time (since_us);
  g_autofree char *after = NULL;
  gint64 count = 0;

  for (guint page = 0; page < 1000; page++)
    {
      g_autofree char *path = NULL;
      g_autoptr(KvRawResponse) response = NULL;
      const char *next;
      guint lines;

      path = g_strdup_printf ("/api/v1/audit?format=jsonl&since=%s&limit=1000%s%s", since,
                              after != NULL ? "&after=" : "", after != NULL ? after : "");
      response = kv_raw_http_request (NULL, self->port, "GET", path, KV_HOSTILE_ADMIN_TOKEN, NULL,
                                      256 * 1024 * 1024, kv_raw_deadline_ms (30000), error);
      if (response == NULL)
        return -1;
      if (response->status != 200)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "GET %s: HTTP %u", path,
                       response->status);
          return -1;
        }
      lines = kv_raw_response_count_lines (response);
      count += lines;
      next = soup_message_headers_get_one (response->headers, "Kinvisit-Next-After");
      if (lines == 0 || next == NULL || *next == '\0')
        return count;
      g_free (after);
      after = g_uri_escape_string (next, NULL, FALSE);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "more than 1000 pages of audit entries");
  return -1;
}
