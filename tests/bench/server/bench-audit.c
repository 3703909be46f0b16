/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-audit-format.h"
#include "kv-fake-clock.h"
#include "kv-retention.h"
#include "kv-server.h"
#include "kv-store.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* How long the audit log's big jobs hold the server's main loop, with
 * KV_BENCH_AUDIT_ROWS rows (default 1,000,000) in the database:
 *
 *   - the old export: the whole log read and formatted on the main loop in
 *     one go (what GET /api/v1/audit did before it was paged), timed
 *     directly (KV_BENCH_AUDIT_OLD=0 skips it: it needs ~1 GB);
 *   - the paged export: a client on its own thread pages through the
 *     whole log (KV_BENCH_AUDIT_PAGE rows a page, default 10000, the
 *     largest) while a 1 ms timer on the server's main loop records how
 *     late it fires (the gap), and how much CPU the main thread used in
 *     that gap (busy): a gap with little CPU is the main thread waiting for
 *     a core on a loaded machine, not work that held the loop;
 *   - the chain's verification, the same way;
 *   - a purge of the whole log (all rows are older than audit-days), the
 *     same way: batches of 500 rows, one transaction each.
 *
 * The server runs in this process (so its main loop can be watched), the
 * client on another thread with its own main context. The machine is
 * shared: the load average is printed with the figures. The last line is
 * one JSON object. */

#define DAY_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)
#define TOKEN "bench-admin-token"

typedef struct
{
  gint64  last_us;
  gint64  last_cpu_ns;
  GArray *gaps_ms;     /* double: wall time between two ticks */
  GArray *busy_ms;     /* double: the main thread's CPU time in that gap */
} Ticks;

static gint64
thread_cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static gboolean
on_tick (gpointer user_data)
{
  Ticks *ticks = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_ns ();
  double gap, busy;

  if (ticks->last_us != 0)
    {
      gap = (now - ticks->last_us) / 1000.0;
      busy = (cpu - ticks->last_cpu_ns) / 1e6;
      g_array_append_val (ticks->gaps_ms, gap);
      g_array_append_val (ticks->busy_ms, busy);
    }
  ticks->last_us = now;
  ticks->last_cpu_ns = cpu;
  return G_SOURCE_CONTINUE;
}

static void
ticks_reset (Ticks *ticks)
{
  ticks->last_us = 0;
  g_array_set_size (ticks->gaps_ms, 0);
  g_array_set_size (ticks->busy_ms, 0);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *values,
            double  p)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, MIN (values->len - 1, (guint) (p * values->len)));
}

typedef struct
{
  char    *base_url;
  guint    page_rows;
  gboolean verify;
  /* results */
  guint    pages;
  gint64   bytes;
  gint64   rows;
  gboolean ok;
  char    *failure;
  gint     done;
} Client;

static GBytes *
client_get (SoupSession  *session,
            const char   *url,
            SoupMessage **out_message,
            GError      **error)
{
  SoupMessage *message = soup_message_new ("GET", url);

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                "Bearer " TOKEN);
  *out_message = message;
  return soup_session_send_and_read (session, message, NULL, error);
}

/* The client: its own thread, its own main context, its own session. */
static gpointer
client_thread (gpointer data)
{
  Client *client = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) error = NULL;
  gint64 after = 0;

  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("timeout", 600, NULL);
  client->ok = TRUE;
  if (client->verify)
    {
      g_autofree char *url = g_strconcat (client->base_url, "/api/v1/audit/verify", NULL);
      g_autoptr(SoupMessage) message = NULL;
      g_autoptr(GBytes) body = client_get (session, url, &message, &error);

      if (body == NULL || soup_message_get_status (message) != 200 ||
          strstr (g_bytes_get_data (body, NULL), "\"intact\":true") == NULL)
        {
          client->ok = FALSE;
          client->failure = g_strdup (error != NULL ? error->message : "not intact");
        }
    }
  else
    for (;;)
      {
        g_autofree char *url = g_strdup_printf ("%s/api/v1/audit?format=csv&limit=%u&after=%"
                                                G_GINT64_FORMAT, client->base_url,
                                                client->page_rows, after);
        g_autoptr(SoupMessage) message = NULL;
        g_autoptr(GBytes) body = client_get (session, url, &message, &error);
        const char *cursor;

        if (body == NULL || soup_message_get_status (message) != 200)
          {
            client->ok = FALSE;
            client->failure = g_strdup_printf ("page after %" G_GINT64_FORMAT ": %s", after,
                                               error != NULL ? error->message : "not 200");
            break;
          }
        client->pages++;
        client->bytes += g_bytes_get_size (body);
        for (const char *p = g_bytes_get_data (body, NULL),
               *end = p + g_bytes_get_size (body); p < end; p++)
          client->rows += *p == '\n';
        client->rows--;     /* the header */
        cursor = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                               "Kinvisit-Next-After");
        if (cursor == NULL)
          break;
        after = g_ascii_strtoll (cursor, NULL, 10);
      }
  g_main_context_pop_thread_default (context);
  g_atomic_int_set (&client->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

/* Runs @client on its thread while the main loop keeps ticking; fills
 * @ticks with the gaps. Returns: the wall time, s. */
static double
run_watched (Client *client,
             Ticks  *ticks)
{
  gint64 start = g_get_monotonic_time ();
  GThread *thread;
  guint tick_id;

  ticks_reset (ticks);
  tick_id = g_timeout_add (1, on_tick, ticks);
  thread = g_thread_new ("bench-client", client_thread, client);
  while (!g_atomic_int_get (&client->done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  g_source_remove (tick_id);
  if (!client->ok)
    g_error ("The client failed: %s", client->failure);
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static void
on_purged (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  KvPurgeReport **out_report = user_data;
  g_autoptr(GError) error = NULL;

  *out_report = kv_retention_purge_finish (KV_RETENTION (source), result, &error);
  if (*out_report == NULL)
    g_error ("The purge failed: %s", error->message);
}

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? (guint) g_ascii_strtoull (value, NULL, 10) : fallback;
}

int
main (int    argc,
      char **argv)
{
  static const char config_text[] =
    "[server]\nlisten-address=127.0.0.1\nport=0\n[retention]\naudit-days=30\n";
  guint n_rows = env_uint ("KV_BENCH_AUDIT_ROWS", 1000000);
  guint page_rows = env_uint ("KV_BENCH_AUDIT_PAGE", 10000);
  gboolean measure_old = env_uint ("KV_BENCH_AUDIT_OLD", 1) != 0;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(KvClock) clock = kv_fake_clock_new_from_iso8601 ("2026-12-01T09:00:00Z");
  g_autoptr(KvServerConfig) config = NULL;
  g_autoptr(KvStore) store = NULL;
  g_autoptr(KvServer) server = NULL;
  g_autoptr(KvRetention) retention = NULL;
  g_autofree KvPurgeReport *report = NULL;
  Ticks ticks = { 0, 0, g_array_new (FALSE, FALSE, sizeof (double)),
                  g_array_new (FALSE, FALSE, sizeof (double)) };
  Client export = { 0 }, verify = { 0 };
  double seed_s, old_ms = -1, export_s, verify_s, purge_s, load[3] = { 0 };
  double export_p99, export_max, verify_max, purge_p99, purge_max, purge_batches;
  double export_busy_max, verify_busy_max, purge_busy_max, purge_busy_p99;
  gint64 start, now = kv_clock_get_now (clock);

  dir = g_dir_make_tmp ("kinvisit-bench-audit-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (dir, "kinvisit.db", NULL);
  config = kv_server_config_new_from_data (config_text, strlen (config_text),
                                           "[secrets]\nadmin-token=" TOKEN "\n", &error);
  g_assert_no_error (error);
  store = kv_store_open (db_path, &error);
  g_assert_no_error (error);

  /* The log: a year's worth of rows, all older than audit-days. */
  start = g_get_monotonic_time ();
  for (guint done = 0; done < n_rows;)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_audit_entry_free);

      for (guint i = 0; i < 10000 && done < n_rows; i++, done++)
        {
          g_autofree char *details = g_strdup_printf ("from=ready outcome=completed lost_us=%u",
                                                      done % 97);

          g_ptr_array_add (batch, kv_audit_entry_new (now - 400 * DAY_US + (gint64) done * 30 * G_USEC_PER_SEC,
                                                      "scheduler", "session-live", "b-3f2a91c07d1e",
                                                      details));
        }
      kv_store_append_audit_batch (store, batch, &error);
      g_assert_no_error (error);
    }
  seed_s = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  fprintf (stderr, "seeded %u rows in %.1f s\n", n_rows, seed_s);

  if (measure_old)
    {
      g_autoptr(GPtrArray) all = NULL;
      g_autoptr(GBytes) text = NULL;

      start = g_get_monotonic_time ();
      all = kv_store_list_audit (store, G_MININT64, &error);
      g_assert_no_error (error);
      text = kv_audit_format_page (all, KV_AUDIT_FORMAT_CSV);
      old_ms = (g_get_monotonic_time () - start) / 1000.0;
      fprintf (stderr, "old export (all rows at once, on the main loop): %.0f ms, %zu bytes\n",
               old_ms, g_bytes_get_size (text));
    }

  server = kv_server_new (config, clock, store, &error);
  g_assert_no_error (error);
  kv_server_listen (server, &error);
  g_assert_no_error (error);

  export.base_url = kv_server_get_url (server, "http");
  export.page_rows = page_rows;
  export_s = run_watched (&export, &ticks);
  g_assert_cmpint (export.rows, ==, n_rows);
  export_p99 = percentile (ticks.gaps_ms, 0.99);
  export_max = percentile (ticks.gaps_ms, 1.0);
  export_busy_max = percentile (ticks.busy_ms, 1.0);
  fprintf (stderr, "paged export: %u pages, %.1f MB in %.1f s; main loop gap p50 %.2f p99 %.2f "
           "max %.2f ms, busy max %.2f ms\n", export.pages, export.bytes / 1e6, export_s,
           percentile (ticks.gaps_ms, 0.5), export_p99, export_max, export_busy_max);

  verify.base_url = export.base_url;
  verify.verify = TRUE;
  verify_s = run_watched (&verify, &ticks);
  verify_max = percentile (ticks.gaps_ms, 1.0);
  verify_busy_max = percentile (ticks.busy_ms, 1.0);
  fprintf (stderr, "verify: %.1f s; main loop gap p99 %.2f max %.2f ms, busy max %.2f ms\n",
           verify_s, percentile (ticks.gaps_ms, 0.99), verify_max, verify_busy_max);

  /* The purge runs on the main loop itself, a batch per iteration. */
  retention = kv_retention_new (config, clock, store);
  ticks_reset (&ticks);
  {
    guint tick_id = g_timeout_add (1, on_tick, &ticks);

    start = g_get_monotonic_time ();
    kv_retention_purge_async (retention, FALSE, "admin", NULL, on_purged, &report);
    while (report == NULL)
      g_main_context_iteration (NULL, TRUE);
    purge_s = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
    g_source_remove (tick_id);
  }
  g_assert_cmpint (report->counts.audit_rows, ==, n_rows);
  purge_p99 = percentile (ticks.gaps_ms, 0.99);
  purge_max = percentile (ticks.gaps_ms, 1.0);
  purge_busy_p99 = percentile (ticks.busy_ms, 0.99);
  purge_busy_max = percentile (ticks.busy_ms, 1.0);
  purge_batches = (n_rows + KV_RETENTION_BATCH_ROWS - 1) / KV_RETENTION_BATCH_ROWS;
  fprintf (stderr, "purge: %.0f batches in %.1f s; main loop gap p99 %.2f max %.2f ms, busy "
           "p99 %.2f max %.2f ms\n", purge_batches, purge_s, purge_p99, purge_max,
           purge_busy_p99, purge_busy_max);

  if (getloadavg (load, 3) < 0)
    load[0] = -1;
  printf ("{\"bench\":\"audit\",\"rows\":%u,\"page_rows\":%u,\"seed_s\":%.1f,"
          "\"old_export_block_ms\":%.0f,\"export_pages\":%u,\"export_s\":%.2f,"
          "\"export_gap_p99_ms\":%.2f,\"export_gap_max_ms\":%.2f,\"export_busy_max_ms\":%.2f,"
          "\"verify_s\":%.2f,\"verify_gap_max_ms\":%.2f,\"verify_busy_max_ms\":%.2f,"
          "\"purge_batches\":%.0f,\"purge_s\":%.2f,\"purge_gap_p99_ms\":%.2f,"
          "\"purge_gap_max_ms\":%.2f,\"purge_busy_p99_ms\":%.2f,\"purge_busy_max_ms\":%.2f,"
          "\"loadavg\":%.2f}\n",
          n_rows, page_rows, seed_s, old_ms, export.pages, export_s, export_p99, export_max,
          export_busy_max, verify_s, verify_max, verify_busy_max, purge_batches, purge_s,
          purge_p99, purge_max, purge_busy_p99, purge_busy_max, load[0]);

  g_clear_object (&retention);
  g_clear_object (&server);
  g_clear_object (&store);
  g_free (export.base_url);
  g_array_unref (ticks.gaps_ms);
  g_array_unref (ticks.busy_ms);
  for (const char *suffix = ""; suffix != NULL;
       suffix = g_str_equal (suffix, "") ? "-wal" : g_str_equal (suffix, "-wal") ? "-shm"
              : g_str_equal (suffix, "-shm") ? ".lock" : NULL)
    {
      g_autofree char *file = g_strconcat (db_path, suffix, NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
  return 0;
}
