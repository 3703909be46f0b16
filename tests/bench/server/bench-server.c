/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-protocol.h"
#include "kv-store.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

/* Server capacity: N kiosks (KV_BENCH_KIOSKS, default 2000) sign in to a
 * real kinvisit-server process on 127.0.0.1; the N/2 pairs, each in a
 * booking whose join window is open, relay sdp- and ice-sized messages
 * through the server at KV_BENCH_RATE messages per second (default 1000).
 * Prints the sign-in rate, relay latency p50/p99, the server's RSS and CPU;
 * the last line is one JSON object.
 *
 * Measuring the server, not ourselves: the server is its own process; the
 * idle kiosks are held by helper processes; of the relaying pairs, the
 * senders live on one client thread and the receivers on another, so a
 * receive is never queued behind our own sends. Sends are paced evenly
 * (one every 1/rate s, stamped when they leave), not in bursts: a burst
 * makes a queue at the server that is of the benchmark's making. The
 * latency is taken as the frame arrives, before it is parsed.
 *
 * The machine is shared: run `uptime` before, and see docs/server.md
 * ("Capacity") for measuring with the load of other work kept out.
 *
 * Test mode for speed: the kiosks and bookings are written straight into
 * the database before the server starts (the server restores them). */

#define MINUTE (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define SDP_BYTES 3000
#define MESSAGES_PER_PAIR 10
#define CONNECT_CONCURRENCY 16   /* per client thread */

typedef struct _Worker Worker;

typedef struct
{
  Worker                  *bench;
  guint                    index;
  char                    *id;
  char                    *token;
  char                    *booking_id;
  SoupWebsocketConnection *connection;
  gboolean                 signed_in;
} Kiosk;

typedef enum
{
  WORKER_HOLD,      /* signs in, then only keeps its kiosks signed in */
  WORKER_SEND,      /* the prison kiosk of each relaying pair */
  WORKER_RECEIVE,   /* the community kiosk of each relaying pair */
} WorkerRole;

/* One client thread with its own main context: every main loop iteration
 * polls all of its sockets, so one thread with 2000 sockets would measure
 * itself, not the server. */
struct _Worker
{
  WorkerRole    role;
  GThread      *thread;
  GMainContext *context;
  guint         n_kiosks;
  guint         rate;
  Kiosk        *kiosks;       /* this worker's kiosks (pair i at index i when relaying) */
  SoupSession  *session;
  const char   *ws_url;
  guint         next_connect;
  guint         connecting;
  guint         signed_in;
  guint         failures;
  GArray       *latencies_ms; /* double */
  guint         sent;
  guint         received;
  guint         to_send;
  guint         late;         /* sends more than 2 ms behind schedule */
  gint64        pace_start_us;
  const char   *padding;
  gint         *go;           /* shared: 1 once every worker signed in */
  gint         *done;         /* shared: workers finished */
};

typedef Worker Bench;

static void connect_next (Bench *bench);

static void
on_message (SoupWebsocketConnection *connection,
            SoupWebsocketDataType    type,
            GBytes                  *data,
            gpointer                 user_data)
{
  /* Before anything else: the time to parse is ours, not the server's. */
  gint64 arrived = g_get_monotonic_time ();
  Kiosk *kiosk = user_data;
  Bench *bench = kiosk->bench;
  g_autoptr(KvMessage) message = NULL;
  gsize length;
  const char *text = g_bytes_get_data (data, &length);
  const char *body = NULL;

  message = kv_message_parse (text, length, NULL);
  if (message == NULL)
    return;
  if (message->type == KV_MESSAGE_WELCOME && !kiosk->signed_in)
    {
      kiosk->signed_in = TRUE;
      bench->signed_in++;
      bench->connecting--;
      connect_next (bench);
      return;
    }
  if (message->type == KV_MESSAGE_SDP)
    body = message->sdp.sdp;
  else if (message->type == KV_MESSAGE_ICE)
    body = message->ice.candidate;
  if (body != NULL)
    {
      /* The sender's monotonic time is the first token of the body. */
      gint64 sent = g_ascii_strtoll (body + 2, NULL, 10);
      double ms = (arrived - sent) / 1000.0;

      g_array_append_val (bench->latencies_ms, ms);
      bench->received++;
    }
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Kiosk *kiosk = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KvMessage) hello = kv_message_new (KV_MESSAGE_HELLO);
  g_autofree char *text = NULL;
  GIOStream *stream;

  kiosk->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (kiosk->connection == NULL)
    {
      g_printerr ("kiosk %s: %s\n", kiosk->id, error->message);
      kiosk->bench->failures++;
      kiosk->bench->connecting--;
      connect_next (kiosk->bench);
      return;
    }
  soup_websocket_connection_set_max_incoming_payload_size (kiosk->connection, 256 * 1024);
  stream = soup_websocket_connection_get_io_stream (kiosk->connection);
  if (G_IS_SOCKET_CONNECTION (stream))
    g_socket_set_option (g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream)),
                         IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  g_signal_connect (kiosk->connection, "message", G_CALLBACK (on_message), kiosk);
  hello->hello.token = g_strdup (kiosk->token);
  text = kv_message_serialize (hello, NULL);
  soup_websocket_connection_send_text (kiosk->connection, text);
}

static void
connect_next (Bench *bench)
{
  while (bench->connecting < CONNECT_CONCURRENCY && bench->next_connect < bench->n_kiosks)
    {
      Kiosk *kiosk = &bench->kiosks[bench->next_connect++];
      g_autoptr(SoupMessage) message = soup_message_new ("GET", bench->ws_url);

      bench->connecting++;
      soup_session_websocket_connect_async (bench->session, message, NULL, NULL,
                                            G_PRIORITY_DEFAULT, NULL, on_connected, kiosk);
    }
}

/* Sends message @index from the sender kiosk it falls to, stamped now. */
static void
send_one (Worker *worker,
          guint   index)
{
  Kiosk *from = &worker->kiosks[index % worker->n_kiosks];
  guint round = index / worker->n_kiosks;
  g_autoptr(KvMessage) message = NULL;
  g_autofree char *text = NULL;

  /* One sdp in five, like a negotiation, then candidates. The senders are
   * prison kiosks, the offerers: the server refuses their answers. */
  if (round % 5 == 0)
    {
      message = kv_message_new (KV_MESSAGE_SDP);
      message->sdp.booking_id = g_strdup (from->booking_id);
      message->sdp.generation = 1;
      message->sdp.sdp_type = KV_SDP_OFFER;
      message->sdp.sdp = g_strdup_printf ("o=%" G_GINT64_FORMAT " %s", g_get_monotonic_time (),
                                          worker->padding);
    }
  else
    {
      message = kv_message_new (KV_MESSAGE_ICE);
      message->ice.booking_id = g_strdup (from->booking_id);
      message->ice.generation = 1;
      message->ice.candidate = g_strdup_printf ("c=%" G_GINT64_FORMAT
                                                " 1 UDP 2122252543 127.0.0.1 40000 typ host",
                                                g_get_monotonic_time ());
    }
  text = kv_message_serialize (message, NULL);
  soup_websocket_connection_send_text (from->connection, text);
}

/* Paced sending: message i is due at start + i / rate. Each goes when it
 * is due and is stamped when it goes, so a late wake-up of ours delays the
 * send, not the measured latency. Sends more than 2 ms late are counted,
 * to show when the client could not keep up (GLib rounds its waits up to
 * whole milliseconds, so 1 ms late is normal). */
static gboolean
send_due (gpointer user_data)
{
  Worker *worker = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 due = 0;

  while (worker->sent < worker->to_send)
    {
      due = worker->pace_start_us + (gint64) worker->sent * G_USEC_PER_SEC / worker->rate;
      if (due > now)
        break;
      if (now - due > 2000)
        worker->late++;
      send_one (worker, worker->sent++);
      now = g_get_monotonic_time ();
    }
  if (worker->sent >= worker->to_send)
    return G_SOURCE_REMOVE;
  g_source_set_ready_time (g_main_current_source (), due);
  return G_SOURCE_CONTINUE;
}

static gboolean
dispatch_callback (GSource     *source,
                   GSourceFunc  callback,
                   gpointer     user_data)
{
  return callback (user_data);
}

/* A source that fires at its ready time (microseconds, not a whole
 * millisecond tick like g_timeout_add()). */
static GSourceFuncs pace_funcs = { NULL, NULL, dispatch_callback, NULL, NULL, NULL };

typedef struct
{
  SoupWebsocketConnection *connection;
  gboolean                 done;
} Cycle;

static void
on_cycle_connected (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Cycle *cycle = user_data;

  cycle->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, NULL);
  cycle->done = TRUE;
}

static void
on_cycle_message (SoupWebsocketConnection *connection,
                  SoupWebsocketDataType    type,
                  GBytes                   *data,
                  gpointer                 user_data)
{
  Cycle *cycle = user_data;

  /* The first reply to hello is the welcome (or an error): signed in. */
  cycle->done = TRUE;
}

static void
on_cycle_closed (SoupWebsocketConnection *connection,
                 gpointer                 user_data)
{
  Cycle *cycle = user_data;

  cycle->done = TRUE;
}

static void
iterate_until (gboolean *done)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!*done)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("bench: a connect/close cycle timed out");
      g_main_context_iteration (NULL, TRUE);
    }
}

/* One kiosk connects, signs in and closes: the life of a kiosk that
 * reconnects. Run many times, the server's RSS must not grow. */
static void
cycle_connection (SoupSession *session,
                  const char  *ws_url,
                  Kiosk       *kiosk)
{
  g_autoptr(SoupMessage) message = soup_message_new ("GET", ws_url);
  g_autoptr(KvMessage) hello = kv_message_new (KV_MESSAGE_HELLO);
  g_autofree char *text = NULL;
  Cycle cycle = { 0 };

  soup_session_websocket_connect_async (session, message, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        on_cycle_connected, &cycle);
  iterate_until (&cycle.done);
  if (cycle.connection == NULL)
    g_error ("bench: a cycling kiosk could not connect");
  cycle.done = FALSE;
  g_signal_connect (cycle.connection, "message", G_CALLBACK (on_cycle_message), &cycle);
  hello->hello.token = g_strdup (kiosk->token);
  text = kv_message_serialize (hello, NULL);
  soup_websocket_connection_send_text (cycle.connection, text);
  iterate_until (&cycle.done);
  g_signal_handlers_disconnect_by_func (cycle.connection, on_cycle_message, &cycle);
  cycle.done = FALSE;
  g_signal_connect (cycle.connection, "closed", G_CALLBACK (on_cycle_closed), &cycle);
  soup_websocket_connection_close (cycle.connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  iterate_until (&cycle.done);
  g_signal_handlers_disconnect_by_func (cycle.connection, on_cycle_closed, &cycle);
  g_object_unref (cycle.connection);
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static gboolean
on_tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
read_process (GPid    pid,
              double *out_rss_mb,
              double *out_hwm_mb,
              double *out_cpu_s)
{
  g_autofree char *status_path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *status = NULL;
  g_autofree char *stat = NULL;
  g_auto(GStrv) lines = NULL;
  char *after;

  *out_rss_mb = *out_hwm_mb = *out_cpu_s = 0;
  if (g_file_get_contents (status_path, &status, NULL, NULL))
    {
      lines = g_strsplit (status, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          if (g_str_has_prefix (lines[i], "VmRSS:"))
            *out_rss_mb = g_ascii_strtod (lines[i] + 6, NULL) / 1024.0;
          else if (g_str_has_prefix (lines[i], "VmHWM:"))
            *out_hwm_mb = g_ascii_strtod (lines[i] + 6, NULL) / 1024.0;
        }
    }
  if (g_file_get_contents (stat_path, &stat, NULL, NULL) && (after = strrchr (stat, ')')) != NULL)
    {
      g_auto(GStrv) fields = g_strsplit (after + 2, " ", -1);

      /* utime and stime are fields 14 and 15; fields[] starts at field 3. */
      if (g_strv_length (fields) > 13)
        *out_cpu_s = (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) /
                     sysconf (_SC_CLK_TCK);
    }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
wait_for (gboolean   (*done) (Bench *),
          Bench       *bench,
          const char  *what,
          guint        timeout_s)
{
  GMainContext *context = g_main_context_get_thread_default ();
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;
  GSource *tick = g_timeout_source_new (10);

  g_source_set_callback (tick, on_tick, NULL, NULL);
  g_source_attach (tick, context);
  while (!done (bench))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("bench: timed out waiting for %s", what);
      g_main_context_iteration (context, TRUE);
    }
  g_source_destroy (tick);
  g_source_unref (tick);
}

static gboolean all_signed_in (Bench *b) { return b->signed_in + b->failures >= b->n_kiosks; }
static gboolean all_received (Bench *b) { return b->received >= b->to_send; }
static gboolean all_sent (Bench *b) { return b->sent >= b->to_send; }
static gboolean may_go (Bench *b) { return g_atomic_int_get (b->go) >= 1; }
static gboolean may_end (Bench *b) { return g_atomic_int_get (b->go) >= 2; }

static gpointer
worker_run (gpointer user_data)
{
  Worker *worker = user_data;
  GSource *source;

  g_main_context_push_thread_default (worker->context);
  worker->session = soup_session_new_with_options ("max-conns", CONNECT_CONCURRENCY * 2,
                                                   "max-conns-per-host", CONNECT_CONCURRENCY * 2,
                                                   NULL);
  connect_next (worker);
  wait_for (all_signed_in, worker, "sign-in", 300);
  g_atomic_int_inc (worker->done);
  if (worker->role == WORKER_HOLD)
    {
      /* Until the process is told to go. */
      while (TRUE)
        g_main_context_iteration (worker->context, TRUE);
    }
  wait_for (may_go, worker, "the start signal", 300);
  if (worker->role == WORKER_SEND)
    {
      source = g_source_new (&pace_funcs, sizeof (GSource));
      g_source_set_callback (source, send_due, worker, NULL);
      worker->pace_start_us = g_get_monotonic_time ();
      g_source_set_ready_time (source, worker->pace_start_us);
      g_source_attach (source, worker->context);
      g_source_unref (source);
      wait_for (all_sent, worker, "sending", 300);
    }
  else
    wait_for (all_received, worker, "relayed messages", 300);
  g_atomic_int_inc (worker->done);
  /* Keep the sockets open until the main thread has read the server's
   * figures. */
  wait_for (may_end, worker, "the end", 300);
  g_main_context_pop_thread_default (worker->context);
  return NULL;
}

/* Helper process: signs kiosks [from, to) of the tokens file in, says
 * "ready <n>", and holds them until its stdin closes. */
static int
hold_main (char **argv)
{
  guint from = (guint) g_ascii_strtoull (argv[2], NULL, 10);
  guint to = (guint) g_ascii_strtoull (argv[3], NULL, 10);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  Worker worker = { 0 };
  gint go = 0, done = 0;
  char buffer[64];

  if (!g_file_get_contents (argv[4], &contents, NULL, NULL) || to <= from)
    return 1;
  lines = g_strsplit (contents, "\n", -1);
  if (g_strv_length (lines) < to)
    return 1;
  worker.kiosks = g_new0 (Kiosk, to - from);
  for (guint i = from; i < to; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], " ", 3);
      Kiosk *kiosk = &worker.kiosks[i - from];

      kiosk->bench = &worker;
      kiosk->id = g_strdup (fields[0]);
      kiosk->token = g_strdup (fields[1]);
      kiosk->booking_id = g_strdup (fields[2]);
    }
  worker.n_kiosks = to - from;
  worker.context = g_main_context_new ();
  worker.ws_url = argv[5];
  worker.latencies_ms = g_array_new (FALSE, FALSE, sizeof (double));
  worker.go = &go;
  worker.done = &done;
  worker.thread = g_thread_new ("bench-holder", worker_run, &worker);
  while (g_atomic_int_get (&done) < 1)
    g_usleep (1000);
  printf ("ready %u\n", worker.signed_in);
  fflush (stdout);
  while (read (STDIN_FILENO, buffer, sizeof buffer) > 0)
    ;
  _exit (0);
}

int
main (int    argc,
      char **argv)
{
  Bench bench = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL, *db_path = NULL, *config_path = NULL, *port_path = NULL;
  g_autofree char *secrets_path = NULL, *config = NULL, *port_text = NULL, *binary = NULL;
  g_autoptr(KvStore) store = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  struct rlimit limit;
  const char *env;
  gint64 now = g_get_real_time ();
  gint64 start_us = (now / MINUTE + 3) * MINUTE;
  gint64 t0, t1;
  double signin_per_s, p50, p99, max, server_cpu_pct, cycle_bytes = -1, rss_mb,
         client_cpu_before, client_cpu_after, hwm_mb, cpu_before, cpu_after, relay_s, unused;
  g_autofree char *ws_url = NULL;
  g_autofree Worker *workers = NULL;
  guint n_workers, n_cycles, signed_in = 0, failures = 0, received = 0, active_pairs, n_holders;
  g_autofree char *tokens_path = NULL;
  g_autoptr(GPtrArray) holders = NULL;
  gint go = 0, done = 0;
  GPid pid;

  if (argc == 6 && g_str_equal (argv[1], "--hold"))
    return hold_main (argv);

  env = g_getenv ("KV_BENCH_KIOSKS");
  bench.n_kiosks = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 2000;
  bench.n_kiosks = MAX (2, bench.n_kiosks & ~1u);
  env = g_getenv ("KV_BENCH_RATE");
  bench.rate = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 1000;
  bench.latencies_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench.padding = g_strnfill (SDP_BYTES, 'a');
  bench.to_send = (bench.n_kiosks / 2) * MESSAGES_PER_PAIR;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }

  dir = g_dir_make_tmp ("kinvisit-bench-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (dir, "kinvisit.db", NULL);
  config_path = g_build_filename (dir, "server.conf", NULL);
  port_path = g_build_filename (dir, "port", NULL);
  secrets_path = g_build_filename (dir, "server.secrets", NULL);
  /* Every kiosk comes from 127.0.0.1, and the holder processes open their
   * kiosks' WebSockets all at once without retrying: as behind a reverse
   * proxy (docs/server.md), the limits on connections not signed in yet
   * must let them all in. What they protect against is bench-hostile's. */
  config = g_strdup_printf ("[server]\nlisten-address=127.0.0.1\nport=0\ndatabase=%s\n"
                            "secrets-file=server.secrets\n"
                            "[limits]\nmax-unauthenticated=%u\n"
                            "max-unauthenticated-per-address=%u\n",
                            db_path, MAX (bench.n_kiosks, 8), bench.n_kiosks);
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (secrets_path, "[secrets]\nadmin-token=bench-admin-token\n", -1, &error);
  g_assert_no_error (error);
  g_chmod (secrets_path, 0600);

  /* Test mode: kiosks and bookings straight into the database. */
  store = kv_store_open (db_path, &error);
  g_assert_no_error (error);
  bench.kiosks = g_new0 (Kiosk, bench.n_kiosks);
  for (guint i = 0; i < bench.n_kiosks; i++)
    {
      Kiosk *kiosk = &bench.kiosks[i];

      kiosk->bench = &bench;
      kiosk->index = i;
      kiosk->id = g_strdup_printf ("%s-%u", i % 2 == 0 ? "prison" : "community", i / 2);
      kv_store_add_kiosk (store, kiosk->id, i % 2 == 0 ? KV_ROLE_PRISON : KV_ROLE_COMMUNITY,
                          NULL, now, "admin",&kiosk->token, &error);
      g_assert_no_error (error);
    }
  for (guint pair = 0; pair < bench.n_kiosks / 2; pair++)
    {
      g_autofree char *id = g_strdup_printf ("bench-%u", pair);
      g_autoptr(KvBooking) booking = kv_booking_new (id, bench.kiosks[2 * pair].id,
                                                     bench.kiosks[2 * pair + 1].id, start_us,
                                                     start_us + 60 * MINUTE, "Mum", "Sam",
                                                     KV_AGE_BAND_8_12);

      kv_store_add_booking (store, booking, now, "admin", &error);
      g_assert_no_error (error);
      bench.kiosks[2 * pair].booking_id = g_strdup (id);
      bench.kiosks[2 * pair + 1].booking_id = g_strdup (id);
    }
  g_clear_object (&store);

  binary = g_build_filename (g_getenv ("KV_BUILD_ROOT") != NULL ? g_getenv ("KV_BUILD_ROOT") : ".",
                             "app", "server", "kinvisit-server", NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  /* If the bench dies, the server goes with it. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server = g_subprocess_launcher_spawn (launcher, &error, binary, "--config", config_path,
                                        "--port-file", port_path, NULL);
  g_assert_no_error (error);
  {
    guint tick = g_timeout_add (20, on_tick, NULL);
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    while (!g_file_get_contents (port_path, &port_text, NULL, NULL) || strchr (port_text, '\n') == NULL)
      {
        g_clear_pointer (&port_text, g_free);
        if (g_get_monotonic_time () > deadline)
          g_error ("bench: the server did not start");
        g_main_context_iteration (NULL, TRUE);
      }
    g_source_remove (tick);
  }
  pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (server), NULL, 10);
  ws_url = g_strdup_printf ("ws://127.0.0.1:%u/ws", (guint) g_ascii_strtoull (port_text, NULL, 10));
  /* The kiosks that relay live in this process (one client thread); the
   * others are held signed in by helper processes: a GLib main loop polls
   * every one of its sockets on each iteration, so a single client with
   * 2000 sockets would measure itself rather than the server. */
  env = g_getenv ("KV_BENCH_ACTIVE_PAIRS");
  active_pairs = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 100;
  active_pairs = CLAMP (active_pairs, 1, bench.n_kiosks / 2);
  env = g_getenv ("KV_BENCH_HOLDERS");
  n_holders = env != NULL ? CLAMP ((guint) g_ascii_strtoull (env, NULL, 10), 1, 32) : 4;
  tokens_path = g_build_filename (dir, "tokens", NULL);
  {
    g_autoptr(GString) tokens = g_string_new (NULL);

    for (guint i = 0; i < bench.n_kiosks; i++)
      g_string_append_printf (tokens, "%s %s %s\n", bench.kiosks[i].id, bench.kiosks[i].token,
                              bench.kiosks[i].booking_id);
    g_file_set_contents (tokens_path, tokens->str, tokens->len, &error);
    g_assert_no_error (error);
  }
  /* Worker 0 sends from the prison kiosk of each relaying pair, worker 1
   * receives on the community kiosk: separate threads, separate main
   * loops, so neither waits for the other. */
  n_workers = 2;
  workers = g_new0 (Worker, n_workers);
  for (guint w = 0; w < n_workers; w++)
    {
      Worker *worker = &workers[w];

      worker->role = w == 0 ? WORKER_SEND : WORKER_RECEIVE;
      worker->context = g_main_context_new ();
      worker->kiosks = g_new0 (Kiosk, active_pairs);
      worker->n_kiosks = active_pairs;
      for (guint pair = 0; pair < active_pairs; pair++)
        {
          worker->kiosks[pair] = bench.kiosks[2 * pair + w];
          worker->kiosks[pair].bench = worker;
        }
      worker->rate = MAX (1, bench.rate);
      worker->to_send = MAX (active_pairs * MESSAGES_PER_PAIR, 10000);
      worker->ws_url = ws_url;
      worker->padding = bench.padding;
      worker->latencies_ms = g_array_new (FALSE, FALSE, sizeof (double));
      worker->go = &go;
      worker->done = &done;
    }

  /* Sign-in: everyone at once. */
  t0 = g_get_monotonic_time ();
  holders = g_ptr_array_new_with_free_func (g_object_unref);
  {
    g_autoptr(GSubprocessLauncher) holder_launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
    g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
    guint first = 2 * active_pairs, rest = bench.n_kiosks - first;

    g_subprocess_launcher_set_child_setup (holder_launcher, die_with_parent, NULL, NULL);
    for (guint h = 0; h < n_holders && rest > 0; h++)
      {
        guint count = rest / (n_holders - h);
        g_autofree char *from = g_strdup_printf ("%u", first);
        g_autofree char *to = g_strdup_printf ("%u", first + count);
        GSubprocess *holder = g_subprocess_launcher_spawn (holder_launcher, &error, self_path,
                                                           "--hold", from, to, tokens_path,
                                                           ws_url, NULL);

        g_assert_no_error (error);
        g_ptr_array_add (holders, holder);
        first += count;
        rest -= count;
      }
  }
  workers[0].thread = g_thread_new ("bench-sender", worker_run, &workers[0]);
  workers[1].thread = g_thread_new ("bench-receiver", worker_run, &workers[1]);
  for (guint h = 0; h < holders->len; h++)
    {
      g_autoptr(GDataInputStream) out =
        g_data_input_stream_new (g_subprocess_get_stdout_pipe (g_ptr_array_index (holders, h)));
      g_autofree char *line = g_data_input_stream_read_line (out, NULL, NULL, NULL);

      if (line == NULL || !g_str_has_prefix (line, "ready "))
        g_error ("bench: a holder process failed to sign its kiosks in");
      signed_in += (guint) g_ascii_strtoull (line + 6, NULL, 10);
    }
  while ((guint) g_atomic_int_get (&done) < n_workers)
    g_usleep (1000);
  t1 = g_get_monotonic_time ();
  for (guint w = 0; w < n_workers; w++)
    {
      signed_in += workers[w].signed_in;
      failures += workers[w].failures;
    }
  signin_per_s = signed_in / ((t1 - t0) / 1e6);
  g_print ("kiosks signed in: %u of %u (%u failed) in %.2f s: %.0f sign-ins/s\n",
           signed_in, bench.n_kiosks, failures, (t1 - t0) / 1e6, signin_per_s);
  if (failures > 0 || signed_in < bench.n_kiosks)
    g_error ("bench: not every kiosk could sign in");
  g_print ("relaying between %u pairs; %u kiosks idle in %u holder processes\n",
           active_pairs, bench.n_kiosks - 2 * active_pairs, holders->len);

  /* Let the joins and schedules settle, then relay. */
  g_usleep (G_USEC_PER_SEC);
  read_process (pid, &unused, &unused, &cpu_before);
  read_process (getpid (), &unused, &unused, &client_cpu_before);
  g_print ("server CPU after sign-in: %.2f s\n", cpu_before);
  t0 = g_get_monotonic_time ();
  g_atomic_int_set (&go, 1);
  while ((guint) g_atomic_int_get (&done) < 2 * n_workers)
    g_usleep (1000);
  t1 = g_get_monotonic_time ();
  relay_s = (t1 - t0) / 1e6;
  read_process (pid, &rss_mb, &hwm_mb, &cpu_after);
  read_process (getpid (), &unused, &unused, &client_cpu_after);
  g_atomic_int_set (&go, 2);
  for (guint w = 0; w < n_workers; w++)
    {
      g_thread_join (workers[w].thread);
      g_array_append_vals (bench.latencies_ms, workers[w].latencies_ms->data,
                           workers[w].latencies_ms->len);
      received += workers[w].received;
    }

  /* KV_BENCH_CYCLES: that many connect/sign-in/close cycles of idle
   * kiosks (each also replaces the kiosk's held connection), after a
   * warm-up of a tenth as many; the server's RSS growth per cycle shows a
   * leak per closed WebSocket. */
  env = g_getenv ("KV_BENCH_CYCLES");
  n_cycles = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 0;
  if (n_cycles > 0 && bench.n_kiosks > 2 * active_pairs)
    {
      g_autoptr(SoupSession) session = soup_session_new ();
      guint first = 2 * active_pairs, n_idle = bench.n_kiosks - 2 * active_pairs;
      double rss_before, rss_after;

      for (guint i = 0; i < n_cycles / 10; i++)
        cycle_connection (session, ws_url, &bench.kiosks[first + i % n_idle]);
      g_usleep (G_USEC_PER_SEC);
      read_process (pid, &rss_before, &unused, &unused);
      for (guint i = 0; i < n_cycles; i++)
        cycle_connection (session, ws_url, &bench.kiosks[first + i % n_idle]);
      g_usleep (G_USEC_PER_SEC);
      read_process (pid, &rss_after, &unused, &unused);
      cycle_bytes = (rss_after - rss_before) * 1024 * 1024 / n_cycles;
      g_print ("connect/sign-in/close cycles: %u, server RSS %.1f -> %.1f MB (%.0f bytes per cycle)\n",
               n_cycles, rss_before, rss_after, cycle_bytes);
    }

  g_array_sort (bench.latencies_ms, compare_doubles);
  p50 = g_array_index (bench.latencies_ms, double, bench.latencies_ms->len / 2);
  p99 = g_array_index (bench.latencies_ms, double, (bench.latencies_ms->len * 99) / 100);
  max = g_array_index (bench.latencies_ms, double, bench.latencies_ms->len - 1);
  server_cpu_pct = 100.0 * (cpu_after - cpu_before) / relay_s;
  g_print ("relayed %u messages (sdp %d B, ice) in %.2f s at %u/s (%u sends over 2 ms late): "
           "p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
           received, SDP_BYTES, relay_s, bench.rate, workers[0].late, p50, p99, max);
  g_print ("server: RSS %.1f MB (peak %.1f MB), CPU %.0f%% of one core while relaying "
           "(%.0f us per message); the relaying clients used %.0f%%\n",
           rss_mb, hwm_mb, server_cpu_pct, 1e6 * (cpu_after - cpu_before) / MAX (received, 1),
           100.0 * (client_cpu_after - client_cpu_before) / relay_s);
  g_print ("{\"kiosks\":%u,\"signin_per_s\":%.0f,\"relay_p50_ms\":%.3f,\"relay_p99_ms\":%.3f,"
           "\"relay_max_ms\":%.3f,\"late_sends\":%u,"
           "\"rss_mb\":%.1f,\"rss_peak_mb\":%.1f,\"server_cpu_pct\":%.0f,"
           "\"rss_bytes_per_cycle\":%.0f}\n",
           signed_in, signin_per_s, p50, p99, max, workers[0].late, rss_mb, hwm_mb,
           server_cpu_pct, cycle_bytes);

  for (guint h = 0; h < holders->len; h++)
    g_subprocess_force_exit (g_ptr_array_index (holders, h));
  g_unlink (tokens_path);
  g_subprocess_send_signal (server, SIGKILL);
  g_subprocess_wait (server, NULL, NULL);
  for (const char *suffix = ""; suffix != NULL;
       suffix = g_str_equal (suffix, "") ? "-wal" : g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *file = g_strconcat (db_path, suffix, NULL);

      g_unlink (file);
    }
  g_unlink (config_path);
  g_unlink (port_path);
  g_unlink (secrets_path);
  g_rmdir (dir);
  return 0;
}
