/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-test-server.h"

#include <stdio.h>
#include <string.h>

/*
 * The staff console's pages under load (suite 'bench'): 200 kiosks (100
 * pairs at one site, all signed in), 21 weekly template slots per pair and
 * 2,000 bookings in the week, 100 of them open now. Measures, over HTTP on
 * loopback with the server in this process (so client and server share
 * the main loop: the figures are an upper bound):
 *
 *  - Today: GET /api/v1/events until its first board has arrived;
 *  - Calendar: GET /api/v1/kiosks (the page's menus) and GET
 *    /api/v1/slots?prison=&community=&days=7 for a random pair.
 *
 * Target: p95 <= 300 ms each. KV_BENCH_CONSOLE_REQUESTS (default 200)
 * requests of each. The last line is one JSON object.
 */

#define PAIRS 100
#define BOOKINGS_PER_PAIR 20

static const char *const weekdays[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
static const char *const times[] = { "08:05", "11:00", "14:00" };

typedef struct
{
  gboolean  done;
  GString  *text;
  GError   *error;
} Stream;

static void read_more (GInputStream *input, Stream *stream);

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Stream *stream = user_data;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result,
                                                              &stream->error);

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      stream->done = TRUE;
      return;
    }
  g_string_append_len (stream->text, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  /* The first board is in once its event ends with a blank line. */
  {
    const char *board = strstr (stream->text->str, "event: board\n");

    if (board != NULL && strstr (board, "\n\n") != NULL)
      {
        stream->done = TRUE;
        return;
      }
  }
  read_more (G_INPUT_STREAM (source), stream);
}

static void
read_more (GInputStream *input,
           Stream       *stream)
{
  g_input_stream_read_bytes_async (input, 65536, G_PRIORITY_DEFAULT, NULL, on_read, stream);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Stream *stream = user_data;
  g_autoptr(GInputStream) input = soup_session_send_finish (SOUP_SESSION (source), result,
                                                            &stream->error);

  if (input == NULL)
    {
      stream->done = TRUE;
      return;
    }
  read_more (input, stream);
}

/* Milliseconds until the first board of a new event stream. */
static double
time_today (KvTestServer *server)
{
  g_autofree char *base = kv_server_get_url (server->server, "http");
  g_autofree char *url = g_strconcat (base, "/api/v1/events", NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Stream stream = { FALSE, g_string_new (NULL), NULL };
  gint64 start = g_get_monotonic_time ();
  double ms;

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                "Bearer " KV_TEST_ADMIN_TOKEN);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept",
                                "text/event-stream");
  soup_session_send_async (server->session, message, G_PRIORITY_DEFAULT, cancellable, on_sent,
                           &stream);
  while (!stream.done)
    g_main_context_iteration (NULL, TRUE);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_no_error (stream.error);
  g_assert_nonnull (strstr (stream.text->str, "\"visits\""));
  g_cancellable_cancel (cancellable);
  soup_session_abort (server->session);
  g_string_free (stream.text, TRUE);
  kv_test_iterate ();
  return ms;
}

static double
time_get (KvTestServer *server,
          const char   *path)
{
  gint64 start = g_get_monotonic_time ();
  guint status = 0;
  g_autoptr(JsonNode) answer = kv_test_admin (server, "GET", path, NULL, KV_TEST_ADMIN_TOKEN,
                                              &status);

  g_assert_cmpuint (status, ==, 200);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *values,
            double  p)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, MIN (values->len - 1, (guint) (p * values->len)));
}

static void
post (KvTestServer *server,
      const char   *path,
      const char   *body,
      guint         expected)
{
  guint status = 0;
  g_autoptr(JsonNode) answer = kv_test_admin (server, "POST", path, body, KV_TEST_ADMIN_TOKEN,
                                              &status);

  if (status != expected)
    g_error ("POST %s %s: %u %s", path, body, status, json_to_string (answer, FALSE));
}

int
main (void)
{
  KvTestServer server;
  g_autoptr(GPtrArray) kiosks = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_test_kiosk_free);
  g_autoptr(GArray) today = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) kiosk_list = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) slots = g_array_new (FALSE, FALSE, sizeof (double));
  const char *env = g_getenv ("KV_BENCH_CONSOLE_REQUESTS");
  guint requests = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 200;
  guint n_bookings = 0;
  gint64 setup_start = g_get_monotonic_time ();

  /* A Monday, 08:00: the week's first slots (08:05) are open already. */
  kv_test_server_start (&server, "2026-12-07T08:00:00Z");
  post (&server, "/api/v1/sites", "{\"id\":\"town\",\"name\":\"Town\",\"time_zone\":\"UTC\"}", 201);
  for (guint pair = 0; pair < PAIRS; pair++)
    for (guint side = 0; side < 2; side++)
      {
        g_autofree char *id = g_strdup_printf ("%s-%03u", side == 0 ? "prison" : "community", pair);
        g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"role\":\"%s\",\"label\":\"Room %u\","
                                                 "\"site\":\"town\"}", id,
                                                 side == 0 ? "prison" : "community", pair);
        guint status = 0;
        g_autoptr(JsonNode) answer = kv_test_admin (&server, "POST", "/api/v1/kiosks", body,
                                                    KV_TEST_ADMIN_TOKEN, &status);

        g_assert_cmpuint (status, ==, 201);
        g_ptr_array_add (kiosks, kv_test_kiosk_sign_in (&server, id,
                                                        json_object_get_string_member (json_node_get_object (answer), "token")));
      }
  for (guint pair = 0; pair < PAIRS; pair++)
    {
      guint booked = 0;

      for (guint day = 0; day < G_N_ELEMENTS (weekdays); day++)
        for (guint t = 0; t < G_N_ELEMENTS (times); t++)
          {
            g_autofree char *body = g_strdup_printf (
              "{\"id\":\"t-%03u-%s-%u\",\"prison\":\"prison-%03u\",\"community\":\"community-%03u\","
              "\"weekday\":\"%s\",\"start\":\"%s\",\"minutes\":30,\"every_weeks\":1,"
              "\"valid_from\":\"2026-12-07\"}", pair, weekdays[day], t, pair, pair, weekdays[day],
              times[t]);

            post (&server, "/api/v1/templates", body, 201);
          }
      for (guint day = 0; day < G_N_ELEMENTS (weekdays) && booked < BOOKINGS_PER_PAIR; day++)
        for (guint t = 0; t < G_N_ELEMENTS (times) && booked < BOOKINGS_PER_PAIR; t++)
          {
            g_autofree char *body = g_strdup_printf (
              "{\"prison\":\"prison-%03u\",\"community\":\"community-%03u\","
              "\"start\":\"2026-12-%02u %s\",\"minutes\":30,\"prison_label\":\"Dad\","
              "\"community_label\":\"Sam\"}", pair, pair, 7 + day, times[t]);

            post (&server, "/api/v1/bookings", body, 201);
            booked++;
            n_bookings++;
          }
    }
  kv_test_iterate ();
  g_print ("set up %u kiosks, %u templates, %u bookings in %.1f s\n", 2 * PAIRS,
           PAIRS * 21, n_bookings, (g_get_monotonic_time () - setup_start) / 1e6);

  for (guint i = 0; i < requests; i++)
    {
      double ms = time_today (&server);
      g_autofree char *path = g_strdup_printf ("/api/v1/slots?prison=prison-%03u&"
                                               "community=community-%03u&from=2026-12-07&days=7",
                                               i % PAIRS, i % PAIRS);

      g_array_append_val (today, ms);
      ms = time_get (&server, "/api/v1/kiosks");
      g_array_append_val (kiosk_list, ms);
      ms = time_get (&server, path);
      g_array_append_val (slots, ms);
    }

  g_print ("Today (first board)  p50 %6.1f ms  p95 %6.1f ms\n", percentile (today, 0.5),
           percentile (today, 0.95));
  g_print ("Calendar kiosks      p50 %6.1f ms  p95 %6.1f ms\n", percentile (kiosk_list, 0.5),
           percentile (kiosk_list, 0.95));
  g_print ("Calendar week slots  p50 %6.1f ms  p95 %6.1f ms\n", percentile (slots, 0.5),
           percentile (slots, 0.95));
  g_print ("{\"kiosks\":%u,\"bookings\":%u,\"requests\":%u,\"today_p95_ms\":%.1f,"
           "\"kiosks_p95_ms\":%.1f,\"slots_p95_ms\":%.1f}\n", 2 * PAIRS, n_bookings, requests,
           percentile (today, 0.95), percentile (kiosk_list, 0.95), percentile (slots, 0.95));

  g_ptr_array_set_size (kiosks, 0);
  kv_test_server_clear (&server);
  return percentile (today, 0.95) <= 300 && percentile (slots, 0.95) <= 300 &&
         percentile (kiosk_list, 0.95) <= 300 ? 0 : 1;
}
