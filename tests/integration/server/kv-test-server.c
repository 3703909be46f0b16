/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-test-server.h"

#include <glib/gstdio.h>
#include <string.h>

static gboolean
on_timeout (gpointer user_data)
{
  g_error ("Timed out after %d s waiting for %s", KV_TEST_TIMEOUT_S, (const char *) user_data);
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until *@done, or fails the test after
 * KV_TEST_TIMEOUT_S. */
static void
wait_until (gboolean   *done,
            const char *what)
{
  guint timeout_id = g_timeout_add_seconds (KV_TEST_TIMEOUT_S, on_timeout, (gpointer) what);

  while (!*done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);
}

void
kv_test_iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
open_server (KvTestServer *self)
{
  g_autoptr(GError) error = NULL;

  self->store = kv_store_open (self->db_path, &error);
  g_assert_no_error (error);
  self->server = kv_server_new (self->config, self->clock, self->store, &error);
  g_assert_no_error (error);
  kv_server_listen (self->server, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kv_server_get_port (self->server), >, 0);
}

void
kv_test_server_start (KvTestServer *self,
                      const char   *now_iso8601)
{
  static const char config[] =
    "[server]\n"
    "listen-address=127.0.0.1\n"
    "port=0\n"
    "[turn]\n"
    "urls=turn:127.0.0.1:3478?transport=udp\n"
    "stun-urls=stun:127.0.0.1:3478\n";

  kv_test_server_start_with_config (self, now_iso8601, config, NULL);
}

/**
 * kv_test_server_start_with_config:
 * @config: the server configuration text
 * @ca_file: (nullable): PEM of the CA the test's HTTP session trusts
 */
void
kv_test_server_start_with_config (KvTestServer *self,
                                  const char   *now_iso8601,
                                  const char   *config,
                                  const char   *ca_file)
{
  g_autoptr(GError) error = NULL;
  static const char secrets[] =
    "[secrets]\n"
    "admin-token=" KV_TEST_ADMIN_TOKEN "\n"
    "turn-secret=" KV_TEST_TURN_SECRET "\n"
    "metrics-token=" KV_TEST_METRICS_TOKEN "\n";

  memset (self, 0, sizeof *self);
  self->dir = g_dir_make_tmp ("kinvisit-server-test-XXXXXX", &error);
  g_assert_no_error (error);
  self->db_path = g_build_filename (self->dir, "kinvisit.db", NULL);
  self->clock = kv_fake_clock_new_from_iso8601 (now_iso8601);
  g_assert_nonnull (self->clock);
  self->config = kv_server_config_new_from_data (config, strlen (config), secrets, &error);
  g_assert_no_error (error);
  self->session = soup_session_new ();
  if (ca_file != NULL)
    {
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (ca_file, &error);

      g_assert_no_error (error);
      soup_session_set_tls_database (self->session, database);
    }
  open_server (self);
}

/* Stops the server (its kiosks see their sockets close), keeps the database. */
void
kv_test_server_stop (KvTestServer *self)
{
  kv_server_disconnect_all (self->server);
  kv_test_iterate ();
  g_assert_finalize_object (g_steal_pointer (&self->server));
  g_assert_finalize_object (g_steal_pointer (&self->store));
}

/* A new server process, as it were: same database, same clock. */
void
kv_test_server_restart (KvTestServer *self)
{
  if (self->server != NULL)
    kv_test_server_stop (self);
  open_server (self);
}

void
kv_test_server_clear (KvTestServer *self)
{
  if (self->server != NULL)
    kv_test_server_stop (self);
  g_assert_finalize_object (g_steal_pointer (&self->session));
  g_assert_finalize_object (g_steal_pointer (&self->config));
  g_assert_finalize_object (g_steal_pointer (&self->clock));
  rm_rf (self->dir);
  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->db_path, g_free);
}

typedef struct
{
  gboolean  done;
  GBytes   *body;
  GError   *error;
} Reply;

static void
on_send_ready (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Reply *reply = user_data;

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &reply->error);
  reply->done = TRUE;
}

static GBytes *
http_request (KvTestServer *self,
              const char   *method,
              const char   *path,
              const char   *json_body,
              const char   *token,
              guint        *out_status)
{
  g_autofree char *base = kv_server_get_url (self->server, "http");
  g_autofree char *url = g_strconcat (base, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  Reply reply = { 0 };

  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (message),
                                    "Authorization", value);
    }
  if (json_body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (json_body, strlen (json_body));

      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT, NULL,
                                    on_send_ready, &reply);
  wait_until (&reply.done, path);
  g_assert_no_error (reply.error);
  *out_status = soup_message_get_status (message);
  return reply.body;
}

/**
 * kv_test_admin:
 * @token: (nullable): the bearer token, %NULL for none
 *
 * Returns: (transfer full): the reply's JSON
 */
JsonNode *
kv_test_admin (KvTestServer *self,
               const char   *method,
               const char   *path,
               const char   *json_body,
               const char   *token,
               guint        *out_status)
{
  g_autoptr(GBytes) body = http_request (self, method, path, json_body, token, out_status);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                              &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

char *
kv_test_http_get (KvTestServer *self,
                  const char   *path,
                  guint        *out_status)
{
  g_autoptr(GBytes) body = http_request (self, "GET", path, NULL, KV_TEST_ADMIN_TOKEN,
                                         out_status);

  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

/* Returns: (transfer full): the new kiosk's device token */
char *
kv_test_add_kiosk (KvTestServer *self,
                   const char   *id,
                   const char   *role)
{
  g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"role\":\"%s\",\"label\":\"Room\"}",
                                           id, role);
  g_autoptr(JsonNode) reply = NULL;
  guint status;

  reply = kv_test_admin (self, "POST", "/api/v1/kiosks", body, KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 201);
  return g_strdup (json_object_get_string_member (json_node_get_object (reply), "token"));
}

/* Returns: (transfer full): the new booking's id */
char *
kv_test_add_booking (KvTestServer *self,
                     const char   *prison,
                     const char   *community,
                     gint64        start_us,
                     guint         minutes)
{
  g_autoptr(GDateTime) start = kv_date_time_new_from_us (start_us);
  g_autofree char *start_text = g_date_time_format (start, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  guint status;

  body = g_strdup_printf ("{\"prison\":\"%s\",\"community\":\"%s\",\"start\":\"%s\","
                          "\"minutes\":%u,\"prison_label\":\"Dad\",\"community_label\":\"Lena\","
                          "\"age_band\":\"4-7\"}",
                          prison, community, start_text, minutes);
  reply = kv_test_admin (self, "POST", "/api/v1/bookings", body, KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 201);
  return g_strdup (json_object_get_string_member (json_node_get_object (reply), "id"));
}

/* The value of one metric, as /metrics shows it. */
gint64
kv_test_metric (KvTestServer *self,
                const char   *name)
{
  guint status;
  g_autofree char *text = kv_test_http_get (self, "/metrics", &status);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  gsize name_len = strlen (name);

  g_assert_cmpuint (status, ==, 200);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strncmp (lines[i], name, name_len) == 0 && lines[i][name_len] == ' ')
      return g_ascii_strtoll (lines[i] + name_len + 1, NULL, 10);
  g_error ("No metric %s in:\n%s", name, text);
  return -1;
}

gboolean
kv_test_audit_has (KvTestServer *self,
                   const char   *actor,
                   const char   *action,
                   const char   *booking_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = kv_store_list_audit (self->store, G_MININT64, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      KvAuditEntry *entry = g_ptr_array_index (entries, i);

      if (g_strcmp0 (entry->actor, actor) == 0 && g_strcmp0 (entry->action, action) == 0 &&
          (booking_id == NULL || g_strcmp0 (entry->booking_id, booking_id) == 0))
        return TRUE;
    }
  return FALSE;
}

static void
on_kiosk_message (SoupWebsocketConnection *connection,
                  SoupWebsocketDataType    type,
                  GBytes                  *data,
                  gpointer                 user_data)
{
  KvTestKiosk *kiosk = user_data;
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *text = g_bytes_get_data (data, &length);
  KvMessage *message = kv_message_parse (text, length, &error);

  /* What the server sends must always parse. */
  g_assert_no_error (error);
  g_queue_push_tail (&kiosk->received, message);
}

static void
on_kiosk_closed (SoupWebsocketConnection *connection,
                 gpointer                 user_data)
{
  KvTestKiosk *kiosk = user_data;

  if (!kiosk->closed)
    kiosk->server->n_open_kiosks--;
  kiosk->closed = TRUE;
}

typedef struct
{
  gboolean                 done;
  SoupWebsocketConnection *connection;
  GError                  *error;
} Connect;

static void
on_connect_ready (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Connect *connect = user_data;

  connect->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result,
                                                               &connect->error);
  connect->done = TRUE;
}

/* A WebSocket to /ws, not signed in yet. */
KvTestKiosk *
kv_test_kiosk_connect (KvTestServer *server,
                       const char   *id,
                       const char   *token)
{
  KvTestKiosk *kiosk = g_new0 (KvTestKiosk, 1);
  g_autofree char *base = kv_server_get_url (server->server, "ws");
  g_autofree char *url = g_strconcat (base, "/ws", NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  Connect connect = { 0 };

  kiosk->server = server;
  kiosk->id = g_strdup (id);
  kiosk->token = g_strdup (token);
  g_queue_init (&kiosk->received);
  soup_session_websocket_connect_async (server->session, message, NULL, NULL, G_PRIORITY_DEFAULT,
                                        NULL, on_connect_ready, &connect);
  wait_until (&connect.done, "a WebSocket connection");
  g_assert_no_error (connect.error);
  kiosk->connection = connect.connection;
  /* Big enough for anything the server sends (schedules, joins). */
  soup_websocket_connection_set_max_incoming_payload_size (kiosk->connection, 256 * 1024);
  g_signal_connect (kiosk->connection, "message", G_CALLBACK (on_kiosk_message), kiosk);
  g_signal_connect (kiosk->connection, "closed", G_CALLBACK (on_kiosk_closed), kiosk);
  server->n_open_kiosks++;
  return kiosk;
}

/* Connects and signs in; the welcome, staff roster and schedule are checked
 * and taken (the roster is kept in kiosk->roster). */
KvTestKiosk *
kv_test_kiosk_sign_in (KvTestServer *server,
                       const char   *id,
                       const char   *token)
{
  KvTestKiosk *kiosk = kv_test_kiosk_connect (server, id, token);
  g_autoptr(KvMessage) hello = kv_message_new (KV_MESSAGE_HELLO);
  g_autoptr(KvMessage) welcome = NULL;
  g_autoptr(KvMessage) schedule = NULL;

  hello->hello.token = g_strdup (token);
  hello->hello.software = g_strdup ("kinvisit-test");
  kv_test_kiosk_send (kiosk, hello);
  welcome = kv_test_kiosk_expect (kiosk, KV_MESSAGE_WELCOME);
  g_assert_cmpstr (welcome->welcome.kiosk_id, ==, id);
  g_assert_cmpint (welcome->welcome.server_time_us, ==, kv_clock_get_now (server->clock));
  /* Right after welcome, before the schedule. */
  kiosk->roster = kv_test_kiosk_expect (kiosk, KV_MESSAGE_STAFF_ROSTER);
  schedule = kv_test_kiosk_expect (kiosk, KV_MESSAGE_SCHEDULE);
  g_assert_cmpint (schedule->schedule.server_time_us, ==, kv_clock_get_now (server->clock));
  return kiosk;
}

void
kv_test_kiosk_free (KvTestKiosk *kiosk)
{
  if (kiosk == NULL)
    return;
  if (kiosk->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (kiosk->connection, kiosk);
      if (!kiosk->closed)
        kiosk->server->n_open_kiosks--;
      if (soup_websocket_connection_get_state (kiosk->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (kiosk->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&kiosk->connection);
    }
  g_queue_clear_full (&kiosk->received, (GDestroyNotify) kv_message_free);
  g_clear_pointer (&kiosk->roster, kv_message_free);
  g_free (kiosk->id);
  g_free (kiosk->token);
  g_free (kiosk);
}

void
kv_test_kiosk_send (KvTestKiosk *kiosk,
                    KvMessage   *message)
{
  g_autofree char *text = kv_message_serialize (message, NULL);

  g_assert_nonnull (text);
  kv_test_kiosk_send_text (kiosk, text);
}

void
kv_test_kiosk_send_text (KvTestKiosk *kiosk,
                         const char  *text)
{
  g_assert_false (kiosk->closed);
  soup_websocket_connection_send_text (kiosk->connection, text);
}

/* Returns: (transfer full): the next message the kiosk receives */
KvMessage *
kv_test_kiosk_next (KvTestKiosk *kiosk)
{
  guint timeout_id;

  timeout_id = g_timeout_add_seconds (KV_TEST_TIMEOUT_S, on_timeout, (gpointer) "a message");
  while (g_queue_is_empty (&kiosk->received))
    {
      g_assert_false (kiosk->closed);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (timeout_id);
  return g_queue_pop_head (&kiosk->received);
}

/* Returns: (transfer full): the next message, which must be of @type */
KvMessage *
kv_test_kiosk_expect (KvTestKiosk   *kiosk,
                      KvMessageType  type)
{
  KvMessage *message = kv_test_kiosk_next (kiosk);

  if (message->type != type)
    g_error ("Kiosk %s expected %s, got %s%s%s", kiosk->id, kv_message_type_to_string (type),
             kv_message_type_to_string (message->type),
             message->type == KV_MESSAGE_ERROR ? ": " : "",
             message->type == KV_MESSAGE_ERROR ? message->error.message : "");
  return message;
}

void
kv_test_kiosk_expect_error (KvTestKiosk     *kiosk,
                            KvProtocolError  code)
{
  g_autoptr(KvMessage) message = kv_test_kiosk_expect (kiosk, KV_MESSAGE_ERROR);

  g_assert_cmpstr (kv_protocol_error_to_string (message->error.code), ==,
                   kv_protocol_error_to_string (code));
}

void
kv_test_kiosk_wait_closed (KvTestKiosk *kiosk)
{
  KvTestServer *server = kiosk->server;
  guint timeout_id;

  wait_until (&kiosk->closed, "the socket to close");

  /* The server learns of a closed socket on one of its I/O threads, and
   * its main thread a moment later: wait for that too, so that what the
   * test checks next (signed-in kiosks, lost time, metrics) is settled. */
  if (server->server == NULL)
    return;
  timeout_id = g_timeout_add_seconds (KV_TEST_TIMEOUT_S, on_timeout,
                                      (gpointer) "the server to see the socket close");
  while (kv_server_get_n_connections (server->server) > server->n_open_kiosks)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);
}

void
kv_test_kiosk_close (KvTestKiosk *kiosk)
{
  soup_websocket_connection_close (kiosk->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  kv_test_kiosk_wait_closed (kiosk);
}

/* The kiosk has received nothing (else): the server answers a ping on the
 * same socket after anything it sent before, so the next message must be
 * the pong. */
void
kv_test_kiosk_assert_quiet (KvTestKiosk *kiosk)
{
  g_autoptr(KvMessage) ping = kv_message_new (KV_MESSAGE_PING);
  g_autoptr(KvMessage) pong = NULL;

  ping->ping.client_time_us = 1764000000042000;
  kv_test_kiosk_send (kiosk, ping);
  pong = kv_test_kiosk_expect (kiosk, KV_MESSAGE_PONG);
  g_assert_cmpint (pong->pong.client_time_us, ==, 1764000000042000);
}

/* Drops everything received so far (after a round trip). */
void
kv_test_kiosk_drain (KvTestKiosk *kiosk)
{
  g_autoptr(KvMessage) ping = kv_message_new (KV_MESSAGE_PING);

  ping->ping.client_time_us = 1764000000043000;
  kv_test_kiosk_send (kiosk, ping);
  for (;;)
    {
      g_autoptr(KvMessage) message = kv_test_kiosk_next (kiosk);

      if (message->type == KV_MESSAGE_PONG && message->pong.client_time_us == 1764000000043000)
        break;
    }
}

/* Moves the fake clock; what the sessions send goes out on the sockets. */
void
kv_test_advance (KvTestServer *self,
                 gint64        delta_us)
{
  kv_fake_clock_advance (KV_FAKE_CLOCK (self->clock), delta_us);
  kv_test_iterate ();
}

static void
on_communicate_ready (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  KvTestRun *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, &run->err,
                                        &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (G_SUBPROCESS (source));
  run->done = TRUE;
}

static gboolean
on_ctl_timeout (gpointer user_data)
{
  g_error ("kinvisitctl did not finish in %d s", KV_TEST_TIMEOUT_S);
  return G_SOURCE_REMOVE;
}

/* Runs the built kinvisitctl (KV_BUILD_ROOT) against the test server with
 * @token_file; the server keeps running in this main loop meanwhile. */
void
kv_test_run_ctl (KvTestServer *self,
                 const char   *token_file,
                 KvTestRun    *run,
                 const char   *first,
                 ...)
{
  g_autofree char *url = kv_server_get_url (self->server, "http");
  g_autofree char *ctl = g_build_filename (g_getenv ("KV_BUILD_ROOT"), "app", "server",
                                           "kinvisitctl", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  guint timeout_id;
  va_list args;

  g_ptr_array_add (argv, g_strdup (ctl));
  g_ptr_array_add (argv, g_strconcat ("--server=", url, NULL));
  g_ptr_array_add (argv, g_strconcat ("--token-file=", token_file, NULL));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  memset (run, 0, sizeof *run);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_communicate_ready, run);
  timeout_id = g_timeout_add_seconds (KV_TEST_TIMEOUT_S, on_ctl_timeout, NULL);
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);
}

void
kv_test_run_clear (KvTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

/**
 * kv_test_call:
 * @out_node: (inout): where the reply goes, freeing what it held
 *
 * @method @path with @json_body as the admin; asserts the status.
 *
 * Returns: (transfer none): the reply's object
 */
JsonObject *
kv_test_call (KvTestServer *self,
              const char   *method,
              const char   *path,
              const char   *json_body,
              guint         expected_status,
              JsonNode    **out_node)
{
  guint status;

  g_clear_pointer (out_node, json_node_unref);
  *out_node = kv_test_admin (self, method, path, json_body, KV_TEST_ADMIN_TOKEN, &status);
  if (status != expected_status)
    {
      g_autofree char *text = *out_node != NULL ? json_to_string (*out_node, FALSE) : NULL;

      g_test_message ("%s %s: %u %s", method, path, status, text);
    }
  g_assert_cmpuint (status, ==, expected_status);
  g_assert_nonnull (*out_node);
  return json_node_get_object (*out_node);
}

/* The error's code, and its field (which must be @field). */
const char *
kv_test_refusal (JsonObject *reply,
                 const char *field)
{
  JsonObject *error = json_object_get_object_member (reply, "error");

  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member_with_default (error, "field", NULL), ==, field);
  return json_object_get_string_member (error, "code");
}

/* The error's message. */
const char *
kv_test_refusal_message (JsonObject *reply)
{
  return json_object_get_string_member (json_object_get_object_member (reply, "error"),
                                        "message");
}
