/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-test-staff.h"

#include <sqlite3.h>
#include <string.h>

typedef struct
{
  gboolean  done;
  GBytes   *body;
  GError   *error;
} Pending;

static void
on_send_ready (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Pending *pending = user_data;

  pending->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                     &pending->error);
  pending->done = TRUE;
}

static gboolean
on_timeout (gpointer user_data)
{
  g_error ("Timed out after %d s waiting for %s", KV_TEST_TIMEOUT_S, (const char *) user_data);
  return G_SOURCE_REMOVE;
}

void
kv_test_reply_clear (KvTestReply *reply)
{
  g_clear_pointer (&reply->body, json_node_unref);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  reply->status = 0;
}

/**
 * kv_test_request:
 * @token: (nullable): a bearer token
 * @cookie: (nullable): the session cookie's value
 * @csrf_token: (nullable): for X-CSRF-Token
 * @out_reply: (out caller-allocates): the reply (kv_test_reply_clear() it)
 */
void
kv_test_request (KvTestServer *server,
                 const char   *method,
                 const char   *path,
                 const char   *json_body,
                 const char   *token,
                 const char   *cookie,
                 const char   *csrf_token,
                 KvTestReply  *out_reply)
{
  kv_test_request_as_type (server, method, path, "application/json", json_body, token, cookie,
                           csrf_token, out_reply);
}

/* kv_test_request() with a body of another @content_type. */
void
kv_test_request_as_type (KvTestServer *server,
                         const char   *method,
                         const char   *path,
                         const char   *content_type,
                         const char   *body,
                         const char   *token,
                         const char   *cookie,
                         const char   *csrf_token,
                         KvTestReply  *out_reply)
{
  g_autofree char *base = kv_server_get_url (server->server, "http");
  g_autofree char *url = g_strconcat (base, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  g_autoptr(JsonParser) parser = json_parser_new ();
  Pending pending = { 0 };
  guint timeout_id;

  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", value);
    }
  if (cookie != NULL)
    {
      g_autofree char *value = g_strconcat ("kinvisit_session=", cookie, NULL);

      soup_message_headers_replace (headers, "Cookie", value);
    }
  if (csrf_token != NULL)
    soup_message_headers_replace (headers, "X-CSRF-Token", csrf_token);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, content_type, bytes);
    }
  soup_session_send_and_read_async (server->session, message, G_PRIORITY_DEFAULT, NULL,
                                    on_send_ready, &pending);
  timeout_id = g_timeout_add_seconds (KV_TEST_TIMEOUT_S, on_timeout, (gpointer) path);
  while (!pending.done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);
  g_assert_no_error (pending.error);

  memset (out_reply, 0, sizeof *out_reply);
  out_reply->status = soup_message_get_status (message);
  out_reply->headers = soup_message_headers_ref (soup_message_get_response_headers (message));
  if (g_bytes_get_size (pending.body) > 0 &&
      json_parser_load_from_data (parser, g_bytes_get_data (pending.body, NULL),
                                  g_bytes_get_size (pending.body), NULL))
    out_reply->body = json_node_copy (json_parser_get_root (parser));
  g_bytes_unref (pending.body);
}

static JsonObject *
error_object (KvTestReply *reply)
{
  JsonObject *root;

  if (reply->body == NULL || !JSON_NODE_HOLDS_OBJECT (reply->body))
    return NULL;
  root = json_node_get_object (reply->body);
  return json_object_has_member (root, "error") ? json_object_get_object_member (root, "error")
                                                : NULL;
}

const char *
kv_test_reply_error_code (KvTestReply *reply)
{
  JsonObject *error = error_object (reply);

  return error != NULL ? json_object_get_string_member_with_default (error, "code", NULL) : NULL;
}

const char *
kv_test_reply_error_field (KvTestReply *reply)
{
  JsonObject *error = error_object (reply);

  return error != NULL ? json_object_get_string_member_with_default (error, "field", NULL) : NULL;
}

const char *
kv_test_reply_error_message (KvTestReply *reply)
{
  JsonObject *error = error_object (reply);

  return error != NULL ? json_object_get_string_member_with_default (error, "message", NULL)
                       : NULL;
}

/* Adds an account with the admin token; the test fails if it is refused. */
void
kv_test_staff_add (KvTestServer *server,
                   const char   *id,
                   const char   *roles_json,
                   const char   *sites_json,
                   const char   *password)
{
  g_autofree char *body = NULL;
  g_auto(KvTestReply) reply = { 0 };

  body = g_strdup_printf ("{\"id\":\"%s\",\"name\":\"Test %s\",\"roles\":%s,\"sites\":%s,"
                          "\"password\":\"%s\"}", id, id, roles_json,
                          sites_json != NULL ? sites_json : "[]", password);
  kv_test_request (server, "POST", "/api/v1/staff", body, KV_TEST_ADMIN_TOKEN, NULL, NULL, &reply);
  if (reply.status != 201)
    g_error ("Adding staff %s: HTTP %u %s", id, reply.status,
             kv_test_reply_error_message (&reply));
}

/* Signs in; on success, the cookie's value and the CSRF token. */
gboolean
kv_test_staff_sign_in (KvTestServer  *server,
                       const char    *id,
                       const char    *password,
                       char         **out_cookie,
                       char         **out_csrf_token)
{
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\"}", id,
                                           password);
  g_auto(KvTestReply) reply = { 0 };
  const char *set_cookie;
  const char *start, *end;

  kv_test_request (server, "POST", "/api/v1/session", body, NULL, NULL, NULL, &reply);
  if (reply.status != 200)
    return FALSE;
  set_cookie = soup_message_headers_get_one (reply.headers, "Set-Cookie");
  g_assert_nonnull (set_cookie);
  g_assert_true (g_str_has_prefix (set_cookie, "kinvisit_session="));
  start = set_cookie + strlen ("kinvisit_session=");
  end = strchr (start, ';');
  g_assert_nonnull (end);
  if (out_cookie != NULL)
    *out_cookie = g_strndup (start, end - start);
  if (out_csrf_token != NULL)
    *out_csrf_token = g_strdup (json_object_get_string_member (json_node_get_object (reply.body),
                                                               "csrf_token"));
  return TRUE;
}

/* Sites are another part's API: the test writes the row itself, with the
 * server stopped (it holds the database's lock). */
void
kv_test_add_site (KvTestServer *server,
                  const char   *id)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO sites (id, name, time_zone, created_us) "
                                          "VALUES ('%s', 'Site %s', 'Europe/Zagreb', 0)", id, id);
  sqlite3 *db = NULL;

  kv_test_server_stop (server);
  g_assert_cmpint (sqlite3_open (server->db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  kv_test_server_restart (server);
}

/* Audit rows of @actor and @action whose details begin with
 * @details_prefix (any, if %NULL). */
guint
kv_test_count_audit (KvTestServer *server,
                     const char   *actor,
                     const char   *action,
                     const char   *details_prefix)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = kv_store_list_audit (server->store, 0, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      KvAuditEntry *entry = g_ptr_array_index (entries, i);

      if (g_str_equal (entry->actor, actor) && g_str_equal (entry->action, action) &&
          (details_prefix == NULL || g_str_has_prefix (entry->details, details_prefix)))
        n++;
    }
  return n;
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

/**
 * kv_test_run_ctl_input:
 * @config_home: XDG_CONFIG_HOME for the run (where sessions are kept)
 * @input: (nullable): its standard input (not a terminal)
 *
 * kv_test_run_ctl() with standard input and a configuration folder.
 */
void
kv_test_run_ctl_input (KvTestServer *server,
                       const char   *token_file,
                       const char   *config_home,
                       const char   *input,
                       KvTestRun    *run,
                       const char   *first,
                       ...)
{
  g_autofree char *url = kv_server_get_url (server->server, "http");
  g_autofree char *ctl = g_build_filename (g_getenv ("KV_BUILD_ROOT"), "app", "server",
                                           "kinvisitctl", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
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
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config_home, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, input != NULL ? input : "", NULL,
                                       on_communicate_ready, run);
  timeout_id = g_timeout_add_seconds (KV_TEST_TIMEOUT_S, on_timeout, (gpointer) "kinvisitctl");
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);
}
