/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-http-front.h"
#include "kv-listener.h"
#include "kv-test-raw.h"
#include "kv-test-server.h"

#include <string.h>
#include <sys/resource.h>

/* What a client without credentials may cost the server: no WebSocket
 * compression, no body read before its size and the token are checked,
 * bounded unauthenticated connections (the oldest goes, not the newcomer),
 * deadlines for a request and for a sign-in, a close 1009 instead of a
 * reset for an oversized frame, and no spinning when descriptors run out.
 * Each of these was an attack that worked (issue "Harden the server
 * against hostile clients"). */

#define LIMITS_CONFIG \
  "[server]\n" \
  "listen-address=127.0.0.1\n" \
  "port=0\n" \
  "[limits]\n" \
  "max-connections=%u\n" \
  "max-unauthenticated=8\n" \
  "max-unauthenticated-per-address=4\n" \
  "request-timeout-seconds=5\n" \
  "sign-in-timeout-seconds=5\n"

typedef struct
{
  KvTestServer server;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  guint max_connections = GPOINTER_TO_UINT (user_data);
  g_autofree char *config = g_strdup_printf (LIMITS_CONFIG,
                                             max_connections != 0 ? max_connections : 64);

  kv_test_server_start_with_config (&fixture->server, "2026-12-01T09:00:00Z", config, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  kv_test_server_clear (&fixture->server);
}

/* The status line of a raw response, e.g. "HTTP/1.1 401 Unauthorized". */
static char *
status_line (const char *response)
{
  const char *end = strstr (response, "\r\n");

  return end != NULL ? g_strndup (response, end - response) : g_strdup (response);
}

static char *
raw_request (Fixture    *fixture,
             const char *request)
{
  g_autoptr(KvTestRaw) raw = kv_test_raw_connect (&fixture->server, NULL);

  return kv_test_raw_request (raw, request);
}

static void
test_no_deflate (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(KvTestRaw) raw = kv_test_raw_connect (&fixture->server, "127.0.0.2");
  g_autofree char *head = NULL;
  static const guint8 expected_close[] = { 0x88, 0x02, 0x03, 0xea };   /* 1002 */
  /* Deflate of "{}" would be a few bytes; what matters is RSV1. */
  static const guint8 compressed[] = { 0xab, 0xae, 0x05, 0x00 };

  head = kv_test_raw_websocket_handshake (raw, "Sec-WebSocket-Extensions: permessage-deflate; "
                                               "client_max_window_bits\r\n");
  /* The server never agrees to inflate what a client sends. */
  g_assert_null (g_strstr_len (head, -1, "Sec-WebSocket-Extensions"));
  g_assert_null (g_strstr_len (head, -1, "sec-websocket-extensions"));

  /* FIN + RSV1 + text: a compressed frame is a protocol error now. */
  kv_test_raw_send_frame (raw, 0xc1, compressed, sizeof compressed, sizeof compressed);
  kv_test_raw_wait_for (raw, "\x03\xea");
  g_assert_cmpuint (raw->received->len, >=, sizeof expected_close);
  g_assert_cmpmem (raw->received->str, sizeof expected_close, expected_close, sizeof expected_close);
}

static void
test_body_too_large (Fixture       *fixture,
                     gconstpointer  user_data)
{
  static const char *requests[] = {
    /* A gigabyte announced, no token: refused on the headers. */
    "POST /api/v1/bookings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    "Content-Length: 1000000000\r\n\r\n",
    /* Health has no body either way; still not read. */
    "POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000000\r\n\r\n",
    /* Unknown length. */
    "POST /api/v1/bookings HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
    "Authorization: Bearer " KV_TEST_ADMIN_TOKEN "\r\n\r\n",
    /* One byte over, with the right token. */
    "POST /api/v1/bookings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 65537\r\n"
    "Authorization: Bearer " KV_TEST_ADMIN_TOKEN "\r\n\r\n",
  };
  /* More than the kernel buffers between two loopback sockets: what is
   * not sent was refused by a server that stopped reading. */
  const gsize filler_size = 32 * 1024 * 1024;
  g_autofree char *filler = g_malloc (filler_size);

  memset (filler, 'x', filler_size);
  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_autoptr(KvTestRaw) raw = kv_test_raw_connect (&fixture->server, "127.0.0.2");
      g_autofree char *status = NULL;
      gsize sent;

      kv_test_raw_send_text (raw, requests[i]);
      /* Keep sending, as an attacker would: the server must answer and
       * stop reading long before all of it is in. */
      sent = kv_test_raw_send (raw, filler, filler_size);
      kv_test_raw_wait_closed (raw);
      status = status_line (raw->received->str);
      g_test_message ("request %u: %s after %zu body bytes sent", i, status, sent);
      g_assert_cmpstr (status, ==, "HTTP/1.1 413 Request Entity Too Large");
      g_assert_nonnull (strstr (raw->received->str, "\"too-large\""));
      g_assert_cmpuint (sent, <, filler_size);
    }
  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_requests_too_large_total"), ==,
                   G_N_ELEMENTS (requests));
}

static void
test_token_before_body (Fixture       *fixture,
                        gconstpointer  user_data)
{
  struct
  {
    const char *request;
    const char *status;
  } cases[] = {
    { "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 200 OK" },
    { "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 401 Unauthorized" },
    { "GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong\r\n\r\n",
      "HTTP/1.1 401 Unauthorized" },
    { "GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " KV_TEST_METRICS_TOKEN "\r\n\r\n",
      "HTTP/1.1 200 OK" },
    { "GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " KV_TEST_ADMIN_TOKEN "\r\n\r\n",
      "HTTP/1.1 200 OK" },
    /* The metrics token is good for /metrics only. */
    { "GET /api/v1/kiosks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " KV_TEST_METRICS_TOKEN
      "\r\n\r\n", "HTTP/1.1 401 Unauthorized" },
    /* Unknown paths tell nothing without a token. */
    { "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 401 Unauthorized" },
    { "GET /nowhere HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " KV_TEST_ADMIN_TOKEN "\r\n\r\n",
      "HTTP/1.1 404 Not Found" },
    /* A small body without a token: 401 once it is read, and dropped. */
    { "POST /api/v1/kiosks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 31\r\n\r\n{\"id\":\"k-1\",\"role\":\"community\"}",
      "HTTP/1.1 401 Unauthorized" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *response = raw_request (fixture, cases[i].request);
      g_autofree char *status = status_line (response);

      g_test_message ("case %u: %s", i, status);
      g_assert_cmpstr (status, ==, cases[i].status);
    }

  /* The refused POST made no kiosk. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) kiosks = kv_store_list_kiosks (fixture->server.store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (kiosks->len, ==, 0);
  }
}

/* Idle sockets from one address evict each other, oldest first; a kiosk
 * still gets in and signs in. */
static void
test_evicts_oldest (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *token = kv_test_add_kiosk (&fixture->server, "community-1", "community");
  KvTestRaw *first[4], *second[4];
  g_autoptr(KvTestRaw) newcomer = NULL;
  g_autoptr(KvTestKiosk) kiosk = NULL;

  for (guint i = 0; i < 4; i++)
    first[i] = kv_test_raw_connect (&fixture->server, "127.0.0.2");
  for (guint i = 0; i < 4; i++)
    g_assert_false (kv_test_raw_is_closed_now (first[i]));

  /* A fifth from the same address: the oldest of that address goes. */
  newcomer = kv_test_raw_connect (&fixture->server, "127.0.0.2");
  kv_test_raw_wait_closed (first[0]);
  for (guint i = 1; i < 4; i++)
    g_assert_false (kv_test_raw_is_closed_now (first[i]));
  g_assert_false (kv_test_raw_is_closed_now (newcomer));

  /* Four more from another address fill the global limit (8). */
  for (guint i = 0; i < 4; i++)
    second[i] = kv_test_raw_connect (&fixture->server, "127.0.0.3");
  kv_test_iterate ();
  g_assert_false (kv_test_raw_is_closed_now (second[3]));

  /* A kiosk connects anyway: the oldest unauthenticated socket of all
   * makes room, and the kiosk, once signed in, no longer counts. */
  kiosk = kv_test_kiosk_sign_in (&fixture->server, "community-1", token);
  kv_test_raw_wait_closed (first[1]);
  kv_test_kiosk_assert_quiet (kiosk);

  for (guint i = 0; i < 4; i++)
    {
      kv_test_raw_free (first[i]);
      kv_test_raw_free (second[i]);
    }
  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_connections_evicted_total"), >=, 2);
}

static void
test_request_timeout (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(KvTestRaw) slow = kv_test_raw_connect (&fixture->server, "127.0.0.2");

  /* Half a request, then nothing (slowloris). Accepted (at low priority)
   * before the clock moves: the deadline counts from the accept. */
  kv_test_raw_send_text (slow, "GET /healthz HTTP/1.1\r\nHost: x\r\n");
  kv_test_iterate ();
  kv_test_advance (&fixture->server, 4 * G_USEC_PER_SEC);
  g_assert_false (kv_test_raw_is_closed_now (slow));
  kv_test_advance (&fixture->server, 2 * G_USEC_PER_SEC);
  kv_test_raw_wait_closed (slow);
  g_assert_cmpstr (slow->received->str, ==, "");
  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_connections_expired_total"), ==, 1);
}

static void
test_sign_in_timeout (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *token = kv_test_add_kiosk (&fixture->server, "community-1", "community");
  g_autoptr(KvTestRaw) silent = kv_test_raw_connect (&fixture->server, "127.0.0.2");
  g_autoptr(KvTestKiosk) kiosk = NULL;
  g_autofree char *head = NULL;

  head = kv_test_raw_websocket_handshake (silent, NULL);
  kiosk = kv_test_kiosk_sign_in (&fixture->server, "community-1", token);

  kv_test_advance (&fixture->server, 4 * G_USEC_PER_SEC);
  g_assert_false (kv_test_raw_is_closed_now (silent));
  kv_test_advance (&fixture->server, 2 * G_USEC_PER_SEC);
  kv_test_raw_wait_closed (silent);

  /* A kiosk that signed in has no deadline. */
  kv_test_advance (&fixture->server, 60 * G_USEC_PER_SEC);
  kv_test_kiosk_assert_quiet (kiosk);
}

/* Full of signed-in kiosks (16): a newcomer is refused, not a kiosk. */
static void
test_full_of_kiosks (Fixture       *fixture,
                     gconstpointer  user_data)
{
  KvTestKiosk *kiosks[16];
  g_autoptr(KvTestRaw) refused = NULL;
  g_autoptr(KvTestRaw) admitted = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (kiosks); i++)
    {
      g_autofree char *id = g_strdup_printf ("community-%u", i);
      g_autofree char *token = kv_test_add_kiosk (&fixture->server, id, "community");

      kiosks[i] = kv_test_kiosk_sign_in (&fixture->server, id, token);
    }
  /* The admin requests' connections are gone by now. */
  kv_test_iterate ();

  refused = kv_test_raw_connect (&fixture->server, "127.0.0.2");
  kv_test_raw_wait_closed (refused);
  for (guint i = 0; i < G_N_ELEMENTS (kiosks); i++)
    kv_test_kiosk_assert_quiet (kiosks[i]);

  /* One kiosk leaves: there is room again. */
  kv_test_kiosk_close (kiosks[0]);
  kv_test_kiosk_free (kiosks[0]);
  /* The close reaches the main thread from the socket's I/O thread: one
   * pass of the main loop is not always enough on a busy machine. */
  while (kv_server_get_n_connections (fixture->server.server) >= G_N_ELEMENTS (kiosks))
    g_main_context_iteration (NULL, TRUE);
  admitted = kv_test_raw_connect (&fixture->server, "127.0.0.2");
  g_assert_false (kv_test_raw_is_closed_now (admitted));
  for (guint i = 1; i < G_N_ELEMENTS (kiosks); i++)
    kv_test_kiosk_free (kiosks[i]);
}

static void
test_frame_too_big (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(KvTestRaw) raw = kv_test_raw_connect (&fixture->server, "127.0.0.2");
  g_autofree char *head = kv_test_raw_websocket_handshake (raw, NULL);
  g_autofree char *payload = g_malloc0 (200 * 1024);
  static const guint8 expected_close[] = { 0x88, 0x02, 0x03, 0xf1 };   /* 1009 */

  /* A 1 MB text frame announced, 200 KB of it sent. */
  kv_test_raw_send_frame (raw, 0x81, payload, 1024 * 1024, 200 * 1024);
  kv_test_raw_wait_closed (raw);
  g_assert_cmpuint (raw->received->len, >=, sizeof expected_close);
  g_assert_cmpmem (raw->received->str, sizeof expected_close, expected_close, sizeof expected_close);
  g_assert_true (raw->eof);     /* the close frame, then a FIN: no reset */
}

static guint
count_open_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Out of descriptors, the server closes waiting connections and pauses,
 * logging once, instead of trying again at once (100% CPU and a warning
 * per try). */
static void
test_fd_exhaustion (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback,
                                                                 kv_server_get_port (fixture->server.server));
  struct rlimit saved, tight;
  gint64 until;
  guint n_closed = 0;

  kv_test_iterate ();
  g_assert_cmpint (getrlimit (RLIMIT_NOFILE, &saved), ==, 0);
  tight = saved;
  tight.rlim_cur = count_open_fds () + 8;
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &tight), ==, 0);

  /* Clients until this process (which is the server too) has no
   * descriptor left: the kernel queues their connections for accept. */
  for (;;)
    {
      g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_TCP, NULL);

      if (socket == NULL)
        break;
      g_assert_true (g_socket_connect (socket, address, NULL, NULL));
      g_ptr_array_add (clients, g_steal_pointer (&socket));
    }
  g_assert_cmpuint (clients->len, >=, 2);

  g_test_expect_message ("kv-server", G_LOG_LEVEL_WARNING, "Out of file descriptors*");
  until = g_get_monotonic_time () + 400 * 1000;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_test_assert_expected_messages ();

  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &saved), ==, 0);

  /* Waiting clients were closed cleanly, one per pause: 50 + 100 + 200 ms
   * fit in the 400 ms, so a handful, not thousands. */
  for (guint i = 0; i < clients->len; i++)
    {
      char byte;

      g_socket_set_blocking (g_ptr_array_index (clients, i), FALSE);
      if (g_socket_receive (g_ptr_array_index (clients, i), &byte, 1, NULL, NULL) == 0)
        n_closed++;
    }
  g_test_message ("%u clients, %u closed unserved", clients->len, n_closed);
  g_assert_cmpuint (n_closed, >=, 1);
  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_fd_exhausted_total"), >=, 1);
  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_fd_exhausted_total"), <=, 10);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, max) \
  g_test_add (path, Fixture, GUINT_TO_POINTER (max), fixture_set_up, func, fixture_tear_down)

  ADD ("/server/limits/no-deflate", test_no_deflate, 0);
  ADD ("/server/limits/body-too-large", test_body_too_large, 0);
  ADD ("/server/limits/token-before-body", test_token_before_body, 0);
  ADD ("/server/limits/evicts-oldest", test_evicts_oldest, 0);
  ADD ("/server/limits/request-timeout", test_request_timeout, 0);
  ADD ("/server/limits/sign-in-timeout", test_sign_in_timeout, 0);
  ADD ("/server/limits/full-of-kiosks", test_full_of_kiosks, 16);
  ADD ("/server/limits/frame-too-big", test_frame_too_big, 0);
  ADD ("/server/limits/fd-exhaustion", test_fd_exhaustion, 0);

#undef ADD

  return g_test_run ();
}
