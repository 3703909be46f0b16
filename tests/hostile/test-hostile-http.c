/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-attack-http.h"
#include "kv-hostile-monitor.h"
#include "kv-hostile-test.h"
#include "kv-raw-http.h"

#include <string.h>

/* HTTP requests without a token that cost the server what they like: huge
 * bodies, and the limits every request must meet before anything else. */

#define BODY_LIMIT (64 * 1024)
/* The test's own cap on what it sends, and the pace: 8 KiB a millisecond,
 * so 1 MiB takes 128 ms, far longer than a server needs to answer. */
#define MAX_SENT (4 * 1024 * 1024)
#define BYTES_PER_MS (8 * 1024)
#define ANSWERED_WITHIN (1024 * 1024)

static void
assert_refused_early (const char             *what,
                      const KvHugeBodyResult *result)
{
  g_test_message ("%s: HTTP %u (%s) after %zu bytes of body; then %s%s%s", what, result->status,
                  result->error_code != NULL ? result->error_code : "no JSON error",
                  result->body_sent, kv_raw_end_to_string (result->end),
                  result->detail != NULL ? "; " : "", result->detail != NULL ? result->detail : "");
  g_assert_cmpuint (result->status, ==, 413);
  g_assert_cmpstr (result->error_code, ==, "too-large");
  g_assert_cmpuint (result->body_sent, <=, ANSWERED_WITHIN);
  g_assert_cmpint (result->end, !=, KV_RAW_END_TIMEOUT);
}

/* A body over the limit is refused with 413 as soon as its length is
 * known (Content-Length) or passes the limit (chunked), and the connection
 * is closed: the server never holds more than the limit of any body. */
static void
test_huge_bodies (void)
{
  g_autoptr(KvHostileServer) server = kv_hostile_server_start (NULL);
  KvHostileMonitor *monitor = kv_hostile_monitor_start (server, "huge-bodies");
  KvHugeBodyResult bookings, health, chunked;
  KvHostileReport report;
  g_autofree char *address = kv_raw_attacker_address (0);

  kv_attack_huge_body (server, address, "/api/v1/bookings", KV_HUGE_BODY_CONTENT_LENGTH, MAX_SENT,
                       BYTES_PER_MS, &bookings);
  kv_attack_huge_body (server, address, "/healthz", KV_HUGE_BODY_CONTENT_LENGTH, MAX_SENT,
                       BYTES_PER_MS, &health);
  kv_attack_huge_body (server, address, "/api/v1/bookings", KV_HUGE_BODY_CHUNKED, MAX_SENT,
                       BYTES_PER_MS, &chunked);
  kv_hostile_monitor_finish (monitor, &report);
  report.unauthenticated = 3;

  assert_refused_early ("POST /api/v1/bookings, Content-Length 1e9", &bookings);
  assert_refused_early ("POST /healthz, Content-Length 1e9", &health);
  assert_refused_early ("POST /api/v1/bookings, chunked", &chunked);
  kv_hostile_report_assert_bounds (&report);

  kv_huge_body_result_clear (&bookings);
  kv_huge_body_result_clear (&health);
  kv_huge_body_result_clear (&chunked);
  kv_hostile_report_clear (&report);
}

static KvRawResponse *
request (KvHostileServer *server,
         const char      *method,
         const char      *path,
         const char      *token,
         const char      *body)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = kv_raw_attacker_address (1);
  KvRawResponse *response = kv_raw_http_request (address, server->port, method, path, token, body,
                                                 1024 * 1024, kv_raw_deadline_ms (2000), &error);

  if (response == NULL)
    g_test_message ("%s %s: %s", method, path, error->message);
  return response;
}

/* The limit is 64 KiB, also for the admin: one byte over is refused. A
 * small body without a token is refused for the token. */
static void
test_body_limits (void)
{
  g_autoptr(KvHostileServer) server = kv_hostile_server_start (NULL);
  g_autofree char *over = g_malloc (BODY_LIMIT + 2);
  g_autoptr(KvRawResponse) too_large = NULL;
  g_autoptr(KvRawResponse) unauthorized = NULL;
  g_autofree char *code = NULL;

  /* Valid JSON, so only its size can be the reason. */
  memset (over, ' ', BODY_LIMIT + 1);
  over[0] = '{';
  over[BODY_LIMIT] = '}';
  over[BODY_LIMIT + 1] = '\0';
  too_large = request (server, "POST", "/api/v1/bookings", KV_HOSTILE_ADMIN_TOKEN, over);
  g_assert_nonnull (too_large);
  if (too_large != NULL)
    {
      code = kv_raw_response_error_code (too_large);
      g_test_message ("POST of %d bytes with the admin token: HTTP %u (%s)", BODY_LIMIT + 1,
                      too_large->status, code);
      g_assert_cmpuint (too_large->status, ==, 413);
      g_assert_cmpstr (code, ==, "too-large");
      g_clear_pointer (&code, g_free);
    }

  unauthorized = request (server, "POST", "/api/v1/bookings", NULL,
                          "{\"prison\":\"prison-2\",\"community\":\"community-2\","
                          "\"start\":\"2030-01-01T10:00:00Z\",\"minutes\":30}");
  g_assert_nonnull (unauthorized);
  if (unauthorized != NULL)
    {
      code = kv_raw_response_error_code (unauthorized);
      g_assert_cmpuint (unauthorized->status, ==, 401);
      g_assert_cmpstr (code, ==, "unauthorized");
    }
  g_assert_true (kv_hostile_server_healthy (server, 2000));
}

static gboolean
body_contains (KvRawResponse *response,
               const char    *needle)
{
  gsize length;
  const char *data = g_bytes_get_data (response->body, &length);

  return length > 0 && g_strstr_len (data, length, needle) != NULL;
}

/* /metrics says how busy the server is and with how many kiosks: only for
 * the admin (or the metrics-only token). */
static void
test_metrics_need_a_token (void)
{
  g_autoptr(KvHostileServer) server = kv_hostile_server_start (NULL);
  g_autoptr(KvRawResponse) anonymous = request (server, "GET", "/metrics", NULL, NULL);
  g_autoptr(KvRawResponse) admin = request (server, "GET", "/metrics", KV_HOSTILE_ADMIN_TOKEN,
                                            NULL);

  g_assert_nonnull (anonymous);
  g_assert_nonnull (admin);
  if (anonymous == NULL || admin == NULL)
    return;
  g_test_message ("/metrics: HTTP %u without a token, %u with the admin token", anonymous->status,
                  admin->status);
  g_assert_cmpuint (anonymous->status, ==, 401);
  g_assert_false (body_contains (anonymous, "kinvisit_"));
  g_assert_cmpuint (admin->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (admin->headers, NULL), ==, "text/plain");
  g_assert_true (body_contains (admin, "kinvisit_kiosks_signed_in"));
}

int
main (int    argc,
      char **argv)
{
  kv_hostile_test_init (&argc, &argv);

  g_test_add_func ("/hostile/http/huge-bodies", test_huge_bodies);
  g_test_add_func ("/hostile/http/body-limits", test_body_limits);
  g_test_add_func ("/hostile/http/metrics-need-a-token", test_metrics_need_a_token);
  return g_test_run ();
}
