/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-signalling-client"

#include "config.h"

#include <libsoup/soup.h>

#include "kv-backoff.h"
#include "kv-clock-offset.h"
#include "kv-fake-clock.h"
#include "kv-real-clock.h"
#include "kv-signalling-client.h"

/* The signalling client against a real local SoupServer on 127.0.0.1,
 * port 0, playing the server's part of the protocol. The urgent link's
 * timing (retries, the sign-in deadline) runs on a fake clock: the test
 * reads when the next attempt is due and moves time there. */

#define GOOD_TOKEN "dGVzdC10b2tlbi10aGF0LWlzLWxvbmctZW5vdWdo"
#define WAIT_TIMEOUT_MS 8000

typedef struct
{
  SoupServer *server;
  char *url;
  GPtrArray *connections;     /* SoupWebsocketConnection on the server side */
  GPtrArray *received;        /* KvMessage the server received, not hello/ping */
  guint n_hellos;
  guint n_pings;
  gint64 server_offset_us;
  gboolean refuse;
  gboolean silent_after_welcome;
  gboolean silent_hello;      /* take the hello, never welcome */

  KvClock *clock;
  KvSignallingClient *client;
  GArray *states;             /* KvSignallerState history */
  guint n_signed_in;
  GPtrArray *delivered;       /* KvMessage delivered to the kiosk */
} Fixture;

static char *
data_path (const char *name)
{
  const char *root = g_getenv ("KV_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "tests", "integration", "net", "data", name, NULL);
}

static void
server_send (SoupWebsocketConnection *connection,
             KvMessage               *message)
{
  g_autoptr(KvMessage) owned = message;
  g_autofree char *text = kv_message_serialize (owned, NULL);

  /* A connection the test server is closing answers nothing more. */
  if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (connection, text);
}

static void
on_server_message (SoupWebsocketConnection *connection,
                   int                      type,
                   GBytes                  *bytes,
                   gpointer                 user_data)
{
  Fixture *f = user_data;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  g_autoptr(GError) error = NULL;
  g_autoptr(KvMessage) message = kv_message_parse (data, length, &error);

  g_assert_no_error (error);

  if (message->type == KV_MESSAGE_HELLO)
    {
      KvMessage *welcome;

      f->n_hellos++;
      if (f->silent_hello)
        return;
      if (f->refuse || g_strcmp0 (message->hello.token, GOOD_TOKEN) != 0)
        {
          server_send (connection, kv_message_new_error (KV_PROTOCOL_ERROR_BAD_TOKEN, "hello",
                                                         "unknown device token"));
          soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                                           "bad token");
          return;
        }

      welcome = kv_message_new (KV_MESSAGE_WELCOME);
      welcome->welcome.kiosk_id = g_strdup ("community-1");
      welcome->welcome.role = KV_ROLE_COMMUNITY;
      welcome->welcome.server_time_us = g_get_real_time () + f->server_offset_us;
      server_send (connection, welcome);
    }
  else if (message->type == KV_MESSAGE_PING)
    {
      KvMessage *pong;

      f->n_pings++;
      if (f->silent_after_welcome)
        return;
      pong = kv_message_new (KV_MESSAGE_PONG);
      pong->pong.client_time_us = message->ping.client_time_us;
      pong->pong.server_time_us = g_get_real_time () + f->server_offset_us;
      server_send (connection, pong);
    }
  else
    {
      g_ptr_array_add (f->received, g_steal_pointer (&message));
    }
}

static void
on_websocket (SoupServer              *server,
              SoupServerMessage       *message,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->connections, g_object_ref (connection));
  g_signal_connect (connection, "message", G_CALLBACK (on_server_message), f);
}

static void
start_server (Fixture  *f,
              gboolean  tls)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  GSList *uris;
  GUri *uri;

  if (tls)
    {
      g_autofree char *cert = data_path ("server.pem");
      g_autofree char *key = data_path ("server-key.pem");

      certificate = g_tls_certificate_new_from_files (cert, key, &error);
      g_assert_no_error (error);
    }

  f->server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_websocket_handler (f->server, "/ws", NULL, NULL, on_websocket, f, NULL);
  soup_server_listen_local (f->server, 0,
                            SOUP_SERVER_LISTEN_IPV4_ONLY | (tls ? SOUP_SERVER_LISTEN_HTTPS : 0),
                            &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (f->server);
  g_assert_nonnull (uris);
  uri = uris->data;
  f->url = g_strdup_printf ("%s://127.0.0.1:%d/ws", tls ? "wss" : "ws", g_uri_get_port (uri));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
on_state_changed (GObject    *object,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  Fixture *f = user_data;
  KvSignallerState state = kv_signaller_get_state (KV_SIGNALLER (object));

  g_array_append_val (f->states, state);
}

static void
on_signed_in (KvSignaller *signaller,
              KvMessage   *welcome,
              gpointer     user_data)
{
  Fixture *f = user_data;

  g_assert_cmpint (welcome->type, ==, KV_MESSAGE_WELCOME);
  g_assert_cmpstr (welcome->welcome.kiosk_id, ==, "community-1");
  g_assert_cmpint (kv_signaller_get_state (signaller), ==, KV_SIGNALLER_STATE_SIGNED_IN);
  f->n_signed_in++;
}

static void
on_message_received (KvSignaller *signaller,
                     KvMessage   *message,
                     gpointer     user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->delivered, kv_message_copy (message));
}

static void
make_client (Fixture      *f,
             const char   *ca_name,
             guint         heartbeat_seconds)
{
  g_autoptr(GTlsDatabase) database = NULL;

  if (ca_name != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = data_path (ca_name);

      database = g_tls_file_database_new (path, &error);
      g_assert_no_error (error);
    }

  f->client = kv_signalling_client_new (f->url, database, GOOD_TOKEN, heartbeat_seconds, f->clock);
  /* Fast retries, so reconnection is seen within the test's time. */
  kv_signalling_client_set_retry_delays (f->client, 20 * 1000, 200 * 1000, 60 * G_USEC_PER_SEC);
  g_signal_connect (f->client, "notify::state", G_CALLBACK (on_state_changed), f);
  g_signal_connect (f->client, "signed-in", G_CALLBACK (on_signed_in), f);
  g_signal_connect (f->client, "message-received", G_CALLBACK (on_message_received), f);
}

static void
setup_common (Fixture *f)
{
  f->connections = g_ptr_array_new_with_free_func (g_object_unref);
  f->received = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_message_free);
  f->delivered = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_message_free);
  f->states = g_array_new (FALSE, FALSE, sizeof (KvSignallerState));
  f->clock = kv_real_clock_new ();
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  setup_common (f);
  start_server (f, FALSE);
  make_client (f, NULL, 1);
}

#define T0 G_GINT64_CONSTANT (1800000000000000)

/* The client's timers on a fake clock, with the production delays. */
static void
setup_fake_clock (Fixture       *f,
                  gconstpointer  data)
{
  f->connections = g_ptr_array_new_with_free_func (g_object_unref);
  f->received = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_message_free);
  f->delivered = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_message_free);
  f->states = g_array_new (FALSE, FALSE, sizeof (KvSignallerState));
  f->clock = kv_fake_clock_new (T0);
  start_server (f, FALSE);
  make_client (f, NULL, 10);
  kv_signalling_client_set_retry_delays (f->client, KV_SIGNALLING_RETRY_BASE_US,
                                         KV_SIGNALLING_RETRY_CAP_US,
                                         KV_SIGNALLING_REFUSED_RETRY_US);
}

static void
setup_tls (Fixture       *f,
           gconstpointer  data)
{
  setup_common (f);
  start_server (f, TRUE);
}

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (Fixture *f);

/* Runs the main loop until @condition holds; fails after WAIT_TIMEOUT_MS. */
static void
wait_for (Fixture   *f,
          Condition  condition,
          const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (WAIT_TIMEOUT_MS, on_timeout, &timed_out);

  while (!condition (f) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Timed out waiting for %s", what);
  g_source_remove (id);
}

/* Runs the main loop for @ms, whatever happens. */
static void
run_for (guint ms)
{
  gboolean timed_out = FALSE;

  g_timeout_add (ms, on_timeout, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
is_signed_in (Fixture *f)
{
  return kv_signaller_get_state (KV_SIGNALLER (f->client)) == KV_SIGNALLER_STATE_SIGNED_IN;
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  if (f->client != NULL)
    {
      kv_signaller_stop (KV_SIGNALLER (f->client));
      g_assert_finalize_object (f->client);
    }
  /* Let the closes reach the server. */
  run_for (20);
  for (guint i = 0; i < f->connections->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (f->connections, i), f);
  g_ptr_array_unref (f->connections);
  soup_server_disconnect (f->server);
  g_assert_finalize_object (f->server);
  g_assert_finalize_object (f->clock);
  g_ptr_array_unref (f->received);
  g_ptr_array_unref (f->delivered);
  g_array_unref (f->states);
  g_free (f->url);
}

static SoupWebsocketConnection *
last_connection (Fixture *f)
{
  g_assert_cmpuint (f->connections->len, >, 0);
  return g_ptr_array_index (f->connections, f->connections->len - 1);
}

static gboolean
has_two_deliveries (Fixture *f)
{
  return f->delivered->len >= 2;
}

static gboolean
server_got_presence (Fixture *f)
{
  return f->received->len >= 1;
}

static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(KvMessage) presence = kv_message_new (KV_MESSAGE_PRESENCE);
  g_autoptr(KvMessage) schedule = kv_message_new (KV_MESSAGE_SCHEDULE);
  g_autoptr(GError) error = NULL;
  KvMessage *cue;
  const KvMessage *got;

  presence->presence.booking_id = g_strdup ("b1");
  presence->presence.present = TRUE;

  /* Nothing goes out before the sign-in. */
  g_assert_false (kv_signaller_send (KV_SIGNALLER (f->client), presence, &error));
  g_assert_error (error, KV_NET_ERROR, KV_NET_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);

  kv_signaller_start (KV_SIGNALLER (f->client));
  g_assert_cmpint (kv_signaller_get_state (KV_SIGNALLER (f->client)), ==,
                   KV_SIGNALLER_STATE_CONNECTING);
  wait_for (f, is_signed_in, "sign-in");
  g_assert_cmpuint (f->n_hellos, ==, 1);
  g_assert_cmpuint (f->n_signed_in, ==, 1);

  /* Bad frames are dropped; the link and the next message survive. */
  soup_websocket_connection_send_text (last_connection (f), "{\"type\":\"cue\",\"booking\":");
  soup_websocket_connection_send_text (last_connection (f), "[1,2,3]");
  soup_websocket_connection_send_text (last_connection (f), "{\"type\":\"launch_rockets\"}");
  soup_websocket_connection_send_binary (last_connection (f), "\x00\x01", 2);
  /* A kiosk-only message from the "server" is not delivered either. */
  server_send (last_connection (f), kv_message_copy (presence));
  schedule->schedule.server_time_us = g_get_real_time ();
  server_send (last_connection (f), kv_message_copy (schedule));
  cue = kv_message_new (KV_MESSAGE_CUE);
  cue->cue.booking_id = g_strdup ("b1");
  cue->cue.seconds_left = 300;
  server_send (last_connection (f), cue);
  wait_for (f, has_two_deliveries, "two messages");
  run_for (50);
  g_assert_cmpuint (f->delivered->len, ==, 2);
  got = g_ptr_array_index (f->delivered, 0);
  g_assert_cmpint (got->type, ==, KV_MESSAGE_SCHEDULE);
  got = g_ptr_array_index (f->delivered, 1);
  g_assert_cmpint (got->type, ==, KV_MESSAGE_CUE);
  g_assert_cmpuint (got->cue.seconds_left, ==, 300);
  g_assert_true (is_signed_in (f));

  /* And the kiosk's messages reach the server. */
  g_assert_true (kv_signaller_send (KV_SIGNALLER (f->client), presence, &error));
  g_assert_no_error (error);
  wait_for (f, server_got_presence, "presence at the server");
  got = g_ptr_array_index (f->received, 0);
  g_assert_cmpint (got->type, ==, KV_MESSAGE_PRESENCE);
  g_assert_cmpstr (got->presence.booking_id, ==, "b1");
  g_assert_true (got->presence.present);

  /* A kiosk cannot send server messages. */
  g_assert_false (kv_signaller_send (KV_SIGNALLER (f->client), schedule, &error));
  g_assert_error (error, KV_NET_ERROR, KV_NET_ERROR_INVALID_MESSAGE);
}

static gboolean
has_three_pings (Fixture *f)
{
  return f->n_pings >= 3;
}

static void
test_heartbeat_and_offset (Fixture       *f,
                           gconstpointer  data)
{
  gint64 offset;

  /* The server's clock is 5 s ahead of ours. */
  f->server_offset_us = 5 * G_USEC_PER_SEC;
  kv_signaller_start (KV_SIGNALLER (f->client));
  wait_for (f, is_signed_in, "sign-in");
  /* One ping right after the welcome, then one per heartbeat (1 s). */
  wait_for (f, has_three_pings, "three heartbeats");
  g_assert_true (is_signed_in (f));

  offset = kv_real_clock_get_offset (KV_REAL_CLOCK (f->clock));
  g_test_message ("offset %" G_GINT64_FORMAT " us, round trip %" G_GINT64_FORMAT " us",
                  offset, kv_signalling_client_get_round_trip (f->client));
  g_assert_cmpint (ABS (offset - 5 * G_USEC_PER_SEC), <, 50 * 1000);
  g_assert_cmpint (kv_signalling_client_get_clock_offset (f->client), ==, offset);
  g_assert_cmpint (kv_signalling_client_get_round_trip (f->client), <, 50 * 1000);
  /* Countdowns read the clock: it shows server time. */
  g_assert_cmpint (ABS (kv_clock_get_now (f->clock) - (g_get_real_time () + 5 * G_USEC_PER_SEC)),
                   <, 50 * 1000);
}

static gboolean
is_disconnected (Fixture *f)
{
  return kv_signaller_get_state (KV_SIGNALLER (f->client)) == KV_SIGNALLER_STATE_DISCONNECTED;
}

static gboolean
has_second_sign_in (Fixture *f)
{
  return f->n_signed_in >= 2 && is_signed_in (f);
}

static void
test_reconnect (Fixture       *f,
                gconstpointer  data)
{
  kv_signaller_start (KV_SIGNALLER (f->client));
  wait_for (f, is_signed_in, "sign-in");

  /* The server drops the socket. */
  soup_websocket_connection_close (last_connection (f), SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "restart");
  wait_for (f, is_disconnected, "the drop to be noticed");
  wait_for (f, has_second_sign_in, "a second sign-in");
  g_assert_cmpuint (f->n_hellos, ==, 2);
  g_assert_cmpuint (f->states->len, ==, 5);
  g_assert_cmpint (g_array_index (f->states, KvSignallerState, 0), ==, KV_SIGNALLER_STATE_CONNECTING);
  g_assert_cmpint (g_array_index (f->states, KvSignallerState, 1), ==, KV_SIGNALLER_STATE_SIGNED_IN);
  g_assert_cmpint (g_array_index (f->states, KvSignallerState, 2), ==, KV_SIGNALLER_STATE_DISCONNECTED);
  g_assert_cmpint (g_array_index (f->states, KvSignallerState, 3), ==, KV_SIGNALLER_STATE_CONNECTING);
  g_assert_cmpint (g_array_index (f->states, KvSignallerState, 4), ==, KV_SIGNALLER_STATE_SIGNED_IN);
}

static void
test_dead_link (Fixture       *f,
                gconstpointer  data)
{
  gint64 started;

  kv_signaller_start (KV_SIGNALLER (f->client));
  wait_for (f, is_signed_in, "sign-in");

  /* The server stops answering without closing (a pulled cable). */
  f->silent_after_welcome = TRUE;
  started = g_get_monotonic_time ();
  wait_for (f, is_disconnected, "the dead link to be noticed");
  /* Three heartbeats of 1 s, give or take one tick. */
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 2 * G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - started, <=, 5 * G_USEC_PER_SEC);

  f->silent_after_welcome = FALSE;
  wait_for (f, has_second_sign_in, "a sign-in on a new link");
  g_assert_cmpuint (f->n_hellos, ==, 2);
}

static gboolean
is_refused (Fixture *f)
{
  return kv_signaller_get_state (KV_SIGNALLER (f->client)) == KV_SIGNALLER_STATE_REFUSED;
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  f->refuse = TRUE;
  kv_signalling_client_set_retry_delays (f->client, 1000, 1000, 600 * 1000);

  g_test_expect_message ("kv-net", G_LOG_LEVEL_WARNING, "*refused this kiosk's device token*");
  kv_signaller_start (KV_SIGNALLER (f->client));
  wait_for (f, is_refused, "the refusal");
  g_test_assert_expected_messages ();
  g_assert_cmpuint (f->n_signed_in, ==, 0);

  /* No retry storm: with a 1 ms backoff for ordinary failures, a refused
   * token is still asked about only after the slow refused delay. */
  run_for (300);
  g_assert_cmpuint (f->n_hellos, ==, 1);
  g_assert_true (is_refused (f));

  /* An administrator fixes the kiosk: the slow retry signs it in. */
  f->refuse = FALSE;
  wait_for (f, is_signed_in, "the slow retry");
  g_assert_cmpuint (f->n_hellos, ==, 2);
}

static void
test_tls_pinned (Fixture       *f,
                 gconstpointer  data)
{
  make_client (f, "ca.pem", 1);
  kv_signaller_start (KV_SIGNALLER (f->client));
  wait_for (f, is_signed_in, "sign-in over TLS");
  g_assert_true (g_str_has_prefix (f->url, "wss://"));
  g_assert_cmpuint (f->n_hellos, ==, 1);
}

static gboolean
tried_and_failed (Fixture *f)
{
  return f->states->len >= 2 && is_disconnected (f);
}

static void
test_tls_other_ca (Fixture       *f,
                   gconstpointer  data)
{
  make_client (f, "other-ca.pem", 1);
  kv_signalling_client_set_retry_delays (f->client, 60 * G_USEC_PER_SEC, 60 * G_USEC_PER_SEC,
                                         60 * G_USEC_PER_SEC);
  kv_signaller_start (KV_SIGNALLER (f->client));
  wait_for (f, tried_and_failed, "the TLS failure");
  run_for (100);
  /* The certificate is not from the pinned CA: the token never left. */
  g_assert_cmpuint (f->n_hellos, ==, 0);
  g_assert_cmpuint (f->n_signed_in, ==, 0);
}

/* A ws:// URL on 127.0.0.1 where nothing listens: every connect is
 * refused at once. */
static char *
dead_url (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any_port, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return g_strdup_printf ("ws://127.0.0.1:%u/ws", port);
}

static void
use_url (Fixture    *f,
         const char *url)
{
  g_object_unref (f->client);
  g_free (f->url);
  f->url = g_strdup (url);
  make_client (f, NULL, 10);
  kv_signalling_client_set_retry_delays (f->client, KV_SIGNALLING_RETRY_BASE_US,
                                         KV_SIGNALLING_RETRY_CAP_US,
                                         KV_SIGNALLING_REFUSED_RETRY_US);
}

/* When the client's next timer is due, from now (fake clock). */
static gint64
next_timer_in (Fixture *f)
{
  gint64 next = kv_clock_get_next_alarm (f->clock);

  g_assert_cmpint (next, !=, G_MAXINT64);
  return next - kv_clock_get_now (f->clock);
}

static void
advance_to_next_timer (Fixture *f)
{
  kv_fake_clock_set_now (KV_FAKE_CLOCK (f->clock), kv_clock_get_next_alarm (f->clock));
}

static gboolean
is_connecting (Fixture *f)
{
  return kv_signaller_get_state (KV_SIGNALLER (f->client)) == KV_SIGNALLER_STATE_CONNECTING;
}

/* While urgent, every retry after a failure is due within the urgent cap,
 * however many failed before: the polite backoff would be at 30 s by now. */
static void
test_urgent_retry_cap (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *url = dead_url ();

  use_url (f, url);
  kv_signaller_set_urgent (KV_SIGNALLER (f->client), TRUE);
  kv_signaller_start (KV_SIGNALLER (f->client));
  for (guint attempt = 0; attempt < 12; attempt++)
    {
      gint64 delay;

      wait_for (f, is_disconnected, "a refused connect");
      delay = next_timer_in (f);
      g_test_message ("attempt %u failed, next in %" G_GINT64_FORMAT " ms", attempt, delay / 1000);
      g_assert_cmpint (delay, >=, 0);
      g_assert_cmpint (delay, <, KV_SIGNALLING_URGENT_RETRY_CAP_US);
      advance_to_next_timer (f);
      g_assert_true (is_connecting (f));
    }
}

/* A retry planned with the polite backoff comes forward the moment a call
 * needs the link. */
static void
test_urgent_brings_retry_forward (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *url = dead_url ();
  gint64 delay;

  use_url (f, url);
  kv_signalling_client_set_retry_delays (f->client, 60 * G_USEC_PER_SEC, 60 * G_USEC_PER_SEC,
                                         KV_SIGNALLING_REFUSED_RETRY_US);
  kv_signaller_start (KV_SIGNALLER (f->client));
  /* Full jitter may draw a short one: fail until the next try is far. */
  do
    {
      wait_for (f, is_disconnected, "a refused connect");
      delay = next_timer_in (f);
      if (delay <= KV_SIGNALLING_URGENT_RETRY_CAP_US)
        advance_to_next_timer (f);
    }
  while (delay <= KV_SIGNALLING_URGENT_RETRY_CAP_US);
  g_test_message ("polite retry in %" G_GINT64_FORMAT " ms", delay / 1000);

  kv_signaller_set_urgent (KV_SIGNALLER (f->client), TRUE);
  delay = next_timer_in (f);
  g_test_message ("urgent retry in %" G_GINT64_FORMAT " ms", delay / 1000);
  g_assert_cmpint (delay, <, KV_SIGNALLING_URGENT_RETRY_CAP_US);
  advance_to_next_timer (f);
  g_assert_true (is_connecting (f));
}

static gboolean
has_one_hello (Fixture *f)
{
  return f->n_hellos >= 1;
}

/* A sign-in that hangs (the path died under it) is abandoned after the
 * urgent deadline and tried afresh; without urgency it is left to the
 * heartbeat. */
static void
test_urgent_sign_in_deadline (Fixture       *f,
                              gconstpointer  data)
{
  f->silent_hello = TRUE;
  kv_signaller_start (KV_SIGNALLER (f->client));
  wait_for (f, has_one_hello, "the hello");
  /* Not urgent: no deadline on the clock, however long it takes. */
  g_assert_cmpint (kv_clock_get_next_alarm (f->clock), ==, G_MAXINT64);
  kv_fake_clock_advance_seconds (KV_FAKE_CLOCK (f->clock), 10);
  g_assert_true (is_connecting (f));

  /* Urgent: the deadline starts now. */
  kv_signaller_set_urgent (KV_SIGNALLER (f->client), TRUE);
  g_assert_cmpint (next_timer_in (f), ==, KV_SIGNALLING_URGENT_SIGN_IN_US);
  kv_fake_clock_advance (KV_FAKE_CLOCK (f->clock), KV_SIGNALLING_URGENT_SIGN_IN_US - 1);
  g_assert_true (is_connecting (f));
  kv_fake_clock_advance (KV_FAKE_CLOCK (f->clock), 1);
  g_assert_true (is_disconnected (f));
  g_assert_cmpint (next_timer_in (f), <, KV_SIGNALLING_URGENT_RETRY_CAP_US);

  /* The path is back: the next attempt signs in. */
  f->silent_hello = FALSE;
  advance_to_next_timer (f);
  wait_for (f, is_signed_in, "a sign-in on a fresh connection");
  g_assert_cmpuint (f->n_hellos, ==, 2);
  /* Signed in: no deadline left behind. */
  g_assert_cmpint (kv_clock_get_next_alarm (f->clock), ==, G_MAXINT64);
}

/* A refused token is asked about slowly, urgent or not. */
static void
test_urgent_keeps_refused_slow (Fixture       *f,
                                gconstpointer  data)
{
  f->refuse = TRUE;
  g_test_expect_message ("kv-net", G_LOG_LEVEL_WARNING, "*refused this kiosk's device token*");
  kv_signaller_start (KV_SIGNALLER (f->client));
  wait_for (f, is_refused, "the refusal");
  g_test_assert_expected_messages ();
  g_assert_cmpint (next_timer_in (f), ==, KV_SIGNALLING_REFUSED_RETRY_US);
  kv_signaller_set_urgent (KV_SIGNALLER (f->client), TRUE);
  g_assert_cmpint (next_timer_in (f), ==, KV_SIGNALLING_REFUSED_RETRY_US);
}

/* A silent server is noticed within the urgent silence (plus one ping
 * interval for the check to run), not after three 10 s heartbeats. */
static void
test_urgent_dead_link (Fixture       *f,
                       gconstpointer  data)
{
  gint64 started;
  gint64 took;

  g_object_unref (f->client);
  make_client (f, NULL, 10);
  kv_signaller_start (KV_SIGNALLER (f->client));
  wait_for (f, is_signed_in, "sign-in");
  kv_signaller_set_urgent (KV_SIGNALLER (f->client), TRUE);

  f->silent_after_welcome = TRUE;
  started = g_get_monotonic_time ();
  wait_for (f, is_disconnected, "the dead link to be noticed");
  took = g_get_monotonic_time () - started;
  g_test_message ("dead link noticed after %" G_GINT64_FORMAT " ms", took / 1000);
  g_assert_cmpint (took, >=, KV_SIGNALLING_URGENT_SILENCE_US - 100 * 1000);
  g_assert_cmpint (took, <=, KV_SIGNALLING_URGENT_SILENCE_US + KV_SIGNALLING_URGENT_PING_US
                             + 500 * 1000);

  f->silent_after_welcome = FALSE;
  wait_for (f, has_second_sign_in, "a sign-in on a new link");
}

static void
test_backoff_bounds (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  const gint64 base = G_USEC_PER_SEC;
  const gint64 cap = 30 * G_USEC_PER_SEC;

  /* The bounds: [0, min(cap, base * 2^attempt)). */
  for (guint attempt = 0; attempt < 70; attempt++)
    {
      gint64 ceiling = attempt < 5 ? base << attempt : cap;
      gint64 largest = 0;

      g_assert_cmpint (kv_backoff_get_delay (attempt, base, cap, 0.0), ==, 0);
      g_assert_cmpint (kv_backoff_get_delay (attempt, base, cap, 0.999999), <, ceiling);
      g_assert_cmpint (kv_backoff_get_delay (attempt, base, cap, 0.999999), >, ceiling * 99 / 100);
      for (guint i = 0; i < 200; i++)
        {
          gint64 delay = kv_backoff_get_delay (attempt, base, cap, g_rand_double (rand));

          g_assert_cmpint (delay, >=, 0);
          g_assert_cmpint (delay, <, ceiling);
          largest = MAX (largest, delay);
        }
      /* Full jitter spreads over the whole range. */
      g_assert_cmpint (largest, >, ceiling / 2);
    }

  /* Nonsense randomness is clamped, never a negative or huge delay. */
  g_assert_cmpint (kv_backoff_get_delay (3, base, cap, -1.0), ==, 0);
  g_assert_cmpint (kv_backoff_get_delay (3, base, cap, 7.0), <, 8 * base);
  g_assert_cmpint (kv_backoff_get_delay (G_MAXUINT, base, cap, 0.5), ==, cap / 2);
}

static void
test_clock_offset_samples (void)
{
  KvClockOffset offset;
  gint64 best, round_trip;
  const gint64 t = G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC;

  kv_clock_offset_init (&offset);
  g_assert_false (kv_clock_offset_get_best (&offset, &best, &round_trip));

  /* 100 ms round trip, server 2 s ahead and read half-way. */
  g_assert_true (kv_clock_offset_add_sample (&offset, t, t + 100000, t + 50000 + 2 * G_USEC_PER_SEC));
  g_assert_true (kv_clock_offset_get_best (&offset, &best, &round_trip));
  g_assert_cmpint (best, ==, 2 * G_USEC_PER_SEC);
  g_assert_cmpint (round_trip, ==, 100000);

  /* A queued (slow, asymmetric) sample does not replace the better one. */
  g_assert_true (kv_clock_offset_add_sample (&offset, t, t + 900000, t + 800000 + 2 * G_USEC_PER_SEC));
  g_assert_true (kv_clock_offset_get_best (&offset, &best, &round_trip));
  g_assert_cmpint (best, ==, 2 * G_USEC_PER_SEC);
  g_assert_cmpint (round_trip, ==, 100000);

  /* A faster one does. */
  g_assert_true (kv_clock_offset_add_sample (&offset, t, t + 2000, t + 1000 + 3 * G_USEC_PER_SEC));
  g_assert_true (kv_clock_offset_get_best (&offset, &best, &round_trip));
  g_assert_cmpint (best, ==, 3 * G_USEC_PER_SEC);

  /* Impossible samples (from the network) are refused. */
  g_assert_false (kv_clock_offset_add_sample (&offset, t, t - 1, t));
  g_assert_false (kv_clock_offset_add_sample (&offset, 0, t, t));
  g_assert_false (kv_clock_offset_add_sample (&offset, t, t + 61 * G_USEC_PER_SEC, t));

  /* Only the last few count: the fast sample ages out. */
  for (guint i = 0; i < KV_CLOCK_OFFSET_SAMPLES; i++)
    g_assert_true (kv_clock_offset_add_sample (&offset, t, t + 50000, t + 25000 - G_USEC_PER_SEC));
  g_assert_true (kv_clock_offset_get_best (&offset, &best, &round_trip));
  g_assert_cmpint (best, ==, -G_USEC_PER_SEC);
  g_assert_cmpint (round_trip, ==, 50000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/signalling/backoff-bounds", test_backoff_bounds);
  g_test_add_func ("/signalling/clock-offset-samples", test_clock_offset_samples);
  g_test_add ("/signalling/sign-in", Fixture, NULL, setup, test_sign_in, teardown);
  g_test_add ("/signalling/heartbeat-and-offset", Fixture, NULL, setup,
              test_heartbeat_and_offset, teardown);
  g_test_add ("/signalling/reconnect", Fixture, NULL, setup, test_reconnect, teardown);
  g_test_add ("/signalling/dead-link", Fixture, NULL, setup, test_dead_link, teardown);
  g_test_add ("/signalling/refused", Fixture, NULL, setup, test_refused, teardown);
  g_test_add ("/signalling/urgent-retry-cap", Fixture, NULL, setup_fake_clock,
              test_urgent_retry_cap, teardown);
  g_test_add ("/signalling/urgent-brings-retry-forward", Fixture, NULL, setup_fake_clock,
              test_urgent_brings_retry_forward, teardown);
  g_test_add ("/signalling/urgent-sign-in-deadline", Fixture, NULL, setup_fake_clock,
              test_urgent_sign_in_deadline, teardown);
  g_test_add ("/signalling/urgent-keeps-refused-slow", Fixture, NULL, setup_fake_clock,
              test_urgent_keeps_refused_slow, teardown);
  g_test_add ("/signalling/urgent-dead-link", Fixture, NULL, setup, test_urgent_dead_link,
              teardown);
  g_test_add ("/signalling/tls-pinned", Fixture, NULL, setup_tls, test_tls_pinned, teardown);
  g_test_add ("/signalling/tls-other-ca", Fixture, NULL, setup_tls, test_tls_other_ca, teardown);

  return g_test_run ();
}
