/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-test-server.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

/* The audit log through the admin API: the export page by page with its
 * cursor, its parameters refused clearly, pages produced off the main loop
 * (visits go on meanwhile), and the hash chain's verification finding the
 * first row that was changed or removed. */

/* ---- Holding a worker thread where it logs ---------------------------------
 *
 * The export and the verification log a debug line in their worker thread
 * before they read. This log writer holds the thread there until the test
 * lets it go: the request is then provably still being produced while the
 * test checks that the server answers other requests, without a timing
 * assertion. A read on the main thread (as the export used to be) either
 * never reaches it (the test times out) or reaches it on the main thread
 * (the test fails). */

static struct
{
  GMutex      lock;
  GCond       cond;
  GThread    *main_thread;
  const char *prefix;        /* the line to stop at; NULL when not armed */
  gint        reached;
  gboolean    on_main_thread;
  gboolean    released;
  gint        n_answered;    /* "Answered" flow lines of the admin API */
  gint        n_dropped;     /* "Dropped the answer to" lines */
} hold;

static const char *
field_text (const GLogField *fields,
            gsize            n_fields,
            const char      *key)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, key))
      return fields[i].value;
  return NULL;
}

static GLogWriterOutput
hold_writer (GLogLevelFlags   level,
             const GLogField *fields,
             gsize            n_fields,
             gpointer         user_data)
{
  const char *domain = field_text (fields, n_fields, "GLIB_DOMAIN");
  const char *message = field_text (fields, n_fields, "MESSAGE");

  if ((level & G_LOG_LEVEL_DEBUG) == 0 || domain == NULL || message == NULL)
    return g_log_writer_default (level, fields, n_fields, user_data);

  if (g_str_equal (domain, "kv-admin-api") && g_str_has_prefix (message, "Answered "))
    g_atomic_int_inc (&hold.n_answered);
  if (g_str_equal (domain, "kv-admin-api") && g_str_has_prefix (message, "Dropped the answer"))
    g_atomic_int_inc (&hold.n_dropped);

  g_mutex_lock (&hold.lock);
  if (hold.prefix != NULL && g_str_equal (domain, "kv-store") &&
      g_str_has_prefix (message, hold.prefix))
    {
      hold.prefix = NULL;
      hold.on_main_thread = g_thread_self () == hold.main_thread;
      g_atomic_int_set (&hold.reached, TRUE);
      g_main_context_wakeup (NULL);
      /* Never block the main thread: the test could not go on. */
      while (!hold.on_main_thread && !hold.released)
        g_cond_wait (&hold.cond, &hold.lock);
    }
  g_mutex_unlock (&hold.lock);
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
hold_arm (const char *prefix)
{
  g_mutex_lock (&hold.lock);
  hold.prefix = prefix;
  hold.reached = FALSE;
  hold.released = FALSE;
  g_mutex_unlock (&hold.lock);
}

static gboolean
on_wait_timeout (gpointer user_data)
{
  g_error ("Timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

static void
hold_wait_reached (void)
{
  guint timeout_id = g_timeout_add_seconds (KV_TEST_TIMEOUT_S, on_wait_timeout,
                                            (gpointer) "the read to start in a worker thread");

  while (!g_atomic_int_get (&hold.reached))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);
  g_assert_false (hold.on_main_thread);
}

static void
hold_release (void)
{
  g_mutex_lock (&hold.lock);
  hold.released = TRUE;
  g_cond_broadcast (&hold.cond);
  g_mutex_unlock (&hold.lock);
}

/* ---- HTTP with the response headers ---------------------------------------- */

typedef struct
{
  gboolean     done;
  SoupMessage *message;
  GBytes      *body;
  GError      *error;
} Reply;

static void
reply_clear (Reply *reply)
{
  g_clear_object (&reply->message);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_error (&reply->error);
  reply->done = FALSE;
}

static void
on_reply_ready (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Reply *reply = user_data;

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &reply->error);
  reply->done = TRUE;
}

static void
request_async (KvTestServer *server,
               const char   *method,
               const char   *path,
               Reply        *reply,
               GCancellable *cancellable)
{
  g_autofree char *base = kv_server_get_url (server->server, "http");
  g_autofree char *url = g_strconcat (base, path, NULL);

  memset (reply, 0, sizeof *reply);
  reply->message = soup_message_new (method, url);
  soup_message_headers_replace (soup_message_get_request_headers (reply->message),
                                "Authorization", "Bearer " KV_TEST_ADMIN_TOKEN);
  soup_session_send_and_read_async (server->session, reply->message, G_PRIORITY_DEFAULT,
                                    cancellable, on_reply_ready, reply);
}

static void
reply_wait (Reply *reply)
{
  guint timeout_id = g_timeout_add_seconds (KV_TEST_TIMEOUT_S, on_wait_timeout,
                                            (gpointer) "a reply");

  while (!reply->done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);
}

/* GETs @path; returns its body as text. */
static char *
get (KvTestServer *server,
     const char   *path,
     Reply        *reply)
{
  request_async (server, "GET", path, reply, NULL);
  reply_wait (reply);
  g_assert_no_error (reply->error);
  return g_strndup (g_bytes_get_data (reply->body, NULL), g_bytes_get_size (reply->body));
}

static const char *
next_after (Reply *reply)
{
  return soup_message_headers_get_one (soup_message_get_response_headers (reply->message),
                                       "Kinvisit-Next-After");
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

/* ---- Fixture ---------------------------------------------------------------- */

typedef struct
{
  KvTestServer server;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  kv_test_server_start (&fixture->server, "2026-12-01T09:00:00Z");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  kv_test_server_clear (&fixture->server);
}

/* @n rows, one second apart from @first_us, details "n=<i>". */
static void
append_rows (Fixture *fixture,
             guint    n,
             gint64   first_us)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_audit_entry_free);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *details = g_strdup_printf ("n=%u", i);

      g_ptr_array_add (batch, kv_audit_entry_new (first_us + i * G_USEC_PER_SEC, "scheduler",
                                                  "session-live", "b-1", details));
    }
  kv_store_append_audit_batch (fixture->server.store, batch, &error);
  g_assert_no_error (error);
}

static void
raw_exec (Fixture    *fixture,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (fixture->server.db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* ---- Tests ------------------------------------------------------------------ */

static void
test_pages (Fixture       *fixture,
            gconstpointer  user_data)
{
  gint64 now = kv_clock_get_now (fixture->server.clock);
  g_autoptr(GString) all = g_string_new (NULL);
  g_autofree char *path = g_strdup ("/api/v1/audit?format=jsonl&limit=10");
  guint n_pages = 0;
  gint64 expected_seq = 1;
  Reply reply;

  g_assert_cmpint (kv_store_count_audit (fixture->server.store, NULL), ==, 0);
  append_rows (fixture, 25, now);

  /* Cursor to cursor, 10 rows at a time: 10, 10, 5, then no cursor. */
  for (;;)
    {
      g_autofree char *page = get (&fixture->server, path, &reply);
      g_auto(GStrv) lines = g_strsplit (page, "\n", -1);
      guint n_lines = g_strv_length (lines) - 1;

      g_assert_cmpuint (soup_message_get_status (reply.message), ==, 200);
      g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (reply.message), NULL),
                       ==, "application/x-ndjson");
      g_assert_cmpuint (n_lines, ==, n_pages < 2 ? 10 : 5);
      for (guint i = 0; i < n_lines; i++)
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          JsonObject *row = parse_object (parser, lines[i]);

          g_assert_cmpint (json_object_get_int_member (row, "seq"), ==, expected_seq);
          expected_seq++;
        }
      n_pages++;
      if (next_after (&reply) == NULL)
        break;
      g_assert_cmpint (g_ascii_strtoll (next_after (&reply), NULL, 10), ==, expected_seq - 1);
      g_free (path);
      path = g_strdup_printf ("/api/v1/audit?format=jsonl&limit=10&after=%s", next_after (&reply));
      reply_clear (&reply);
    }
  reply_clear (&reply);
  g_assert_cmpuint (n_pages, ==, 3);
  g_assert_cmpint (expected_seq, ==, 26);

  /* A page that ends exactly at the last row says so: no cursor. */
  g_free (get (&fixture->server, "/api/v1/audit?limit=5&after=20", &reply));
  g_assert_null (next_after (&reply));
  reply_clear (&reply);

  /* CSV: every page is a whole file, header included; `since` and the
   * cursor together. */
  {
    g_autofree char *since = NULL;
    g_autoptr(GDateTime) time = kv_date_time_new_from_us (now + 12 * G_USEC_PER_SEC);
    g_autofree char *text = g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
    g_autofree char *csv = NULL;
    g_auto(GStrv) lines = NULL;

    since = g_strdup_printf ("/api/v1/audit?format=csv&limit=4&after=14&since=%s", text);
    csv = get (&fixture->server, since, &reply);
    lines = g_strsplit (csv, "\r\n", -1);
    g_assert_cmpstr (lines[0], ==, "seq,time,actor,action,booking,details");
    g_assert_true (g_str_has_prefix (lines[1], "15,"));
    g_assert_true (g_str_has_prefix (lines[4], "18,"));
    g_assert_cmpstr (lines[5], ==, "");
    g_assert_cmpstr (next_after (&reply), ==, "18");
    g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (reply.message), NULL),
                     ==, "text/csv");
    reply_clear (&reply);
    g_free (csv);

    /* since alone skips the first 12 rows. */
    g_free (since);
    since = g_strdup_printf ("/api/v1/audit?format=csv&since=%s", text);
    csv = get (&fixture->server, since, &reply);
    g_strfreev (lines);
    lines = g_strsplit (csv, "\r\n", -1);
    g_assert_true (g_str_has_prefix (lines[1], "13,"));
    g_assert_cmpuint (g_strv_length (lines), ==, 1 + 13 + 1);
    g_assert_null (next_after (&reply));
    reply_clear (&reply);
  }
}

static void
test_bad_parameters (Fixture       *fixture,
                     gconstpointer  user_data)
{
  static const struct
  {
    const char *query;
    const char *code;
    const char *words;
  } cases[] = {
    { "after=-1", "bad-after", "Parameter 'after' must be a row number" },
    { "after=ten", "bad-after", "Kinvisit-Next-After" },
    { "after=", "bad-after", "Parameter 'after'" },
    { "after=99999999999999999999", "bad-after", "Parameter 'after'" },
    { "limit=0", "bad-limit", "from 1 to 10000" },
    { "limit=10001", "bad-limit", "from 1 to 10000" },
    { "limit=1e3", "bad-limit", "Parameter 'limit'" },
    { "format=xml", "bad-format", "jsonl or csv" },
    { "since=2026-12-01T00:00:00", "bad-time", "has no time zone: add Z for UTC or an offset like +01:00" },
    { "since=yesterday", "bad-time", "Parameter 'since' must be a time with its zone" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/api/v1/audit?", cases[i].query, NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *body = NULL;
      JsonObject *error;
      Reply reply;

      g_test_message ("%s", path);
      body = get (&fixture->server, path, &reply);
      g_assert_cmpuint (soup_message_get_status (reply.message), ==, 400);
      error = json_object_get_object_member (parse_object (parser, body), "error");
      g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, cases[i].code);
      g_assert_nonnull (strstr (json_object_get_string_member (error, "message"), cases[i].words));
      reply_clear (&reply);
    }

  /* With a zone the same time is fine, as Z or as an offset. */
  for (guint i = 0; i < 2; i++)
    {
      Reply reply;

      g_free (get (&fixture->server, i == 0 ? "/api/v1/audit?since=2026-12-01T00:00:00Z"
                                             : "/api/v1/audit?since=2026-12-01T01:00:00%2B01:00",
                   &reply));
      g_assert_cmpuint (soup_message_get_status (reply.message), ==, 200);
      reply_clear (&reply);
    }
}

/* While a page is being read, in its worker thread, the server answers
 * everything else: /healthz, other admin requests, a kiosk's ping. */
static void
test_off_main_loop (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *token = kv_test_add_kiosk (&fixture->server, "prison-1", "prison");
  g_autoptr(KvTestKiosk) kiosk = kv_test_kiosk_sign_in (&fixture->server, "prison-1", token);
  g_autofree char *health = NULL;
  g_autofree char *kiosks = NULL;
  g_autofree char *page = NULL;
  Reply export, other;

  append_rows (fixture, 3000, kv_clock_get_now (fixture->server.clock));

  hold_arm ("Reading up to");
  request_async (&fixture->server, "GET", "/api/v1/audit?format=csv&limit=2500", &export, NULL);
  hold_wait_reached ();

  health = get (&fixture->server, "/healthz", &other);
  g_assert_cmpuint (soup_message_get_status (other.message), ==, 200);
  g_assert_cmpstr (health, ==, "ok\n");
  reply_clear (&other);
  kiosks = get (&fixture->server, "/api/v1/kiosks", &other);
  g_assert_cmpuint (soup_message_get_status (other.message), ==, 200);
  g_assert_nonnull (strstr (kiosks, "prison-1"));
  reply_clear (&other);
  kv_test_kiosk_assert_quiet (kiosk);
  g_assert_false (export.done);

  hold_release ();
  reply_wait (&export);
  g_assert_no_error (export.error);
  g_assert_cmpuint (soup_message_get_status (export.message), ==, 200);
  page = g_strndup (g_bytes_get_data (export.body, NULL), g_bytes_get_size (export.body));
  g_assert_true (g_str_has_prefix (page, "seq,time,actor,action,booking,details\r\n1,"));
  g_assert_nonnull (strstr (page, "\r\n2500,"));
  g_assert_null (strstr (page, "\r\n2501,"));
  g_assert_cmpstr (next_after (&export), ==, "2500");
  reply_clear (&export);

  /* The verification too. */
  hold_arm ("Verifying the audit chain");
  request_async (&fixture->server, "GET", "/api/v1/audit/verify", &export, NULL);
  hold_wait_reached ();
  g_free (health);
  health = get (&fixture->server, "/healthz", &other);
  g_assert_cmpstr (health, ==, "ok\n");
  reply_clear (&other);
  g_assert_false (export.done);
  hold_release ();
  reply_wait (&export);
  g_assert_cmpuint (soup_message_get_status (export.message), ==, 200);
  reply_clear (&export);
}

/* The client goes, or the whole server stops, while its page is read: the
 * page is dropped, nothing else happens (a critical would abort here). */
static void
test_client_gone (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  guint timeout_id;
  gint answered = g_atomic_int_get (&hold.n_answered);
  gint dropped = g_atomic_int_get (&hold.n_dropped);
  Reply export;

  append_rows (fixture, 10, kv_clock_get_now (fixture->server.clock));

  hold_arm ("Reading up to");
  request_async (&fixture->server, "GET", "/api/v1/audit", &export, cancellable);
  hold_wait_reached ();
  g_cancellable_cancel (cancellable);
  reply_wait (&export);
  g_assert_error (export.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  reply_clear (&export);
  hold_release ();
  timeout_id = g_timeout_add_seconds (KV_TEST_TIMEOUT_S, on_wait_timeout, (gpointer) "the answer");
  while (g_atomic_int_get (&hold.n_answered) == answered)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);

  hold_arm ("Reading up to");
  request_async (&fixture->server, "GET", "/api/v1/audit", &export, NULL);
  hold_wait_reached ();
  kv_test_server_stop (&fixture->server);
  reply_wait (&export);
  g_assert_nonnull (export.error);
  reply_clear (&export);
  hold_release ();
  timeout_id = g_timeout_add_seconds (KV_TEST_TIMEOUT_S, on_wait_timeout,
                                      (gpointer) "the answer to be dropped");
  while (g_atomic_int_get (&hold.n_dropped) == dropped)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);
}

static JsonObject *
verify (Fixture    *fixture,
        JsonParser *parser)
{
  g_autofree char *body = NULL;
  Reply reply;

  body = get (&fixture->server, "/api/v1/audit/verify", &reply);
  g_assert_cmpuint (soup_message_get_status (reply.message), ==, 200);
  reply_clear (&reply);
  return parse_object (parser, body);
}

static void
test_verify (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(JsonParser) intact_parser = json_parser_new ();
  g_autoptr(JsonParser) changed_parser = json_parser_new ();
  g_autoptr(JsonParser) removed_parser = json_parser_new ();
  JsonObject *result;
  const char *head_hash;

  append_rows (fixture, 9, kv_clock_get_now (fixture->server.clock));
  g_free (kv_test_add_kiosk (&fixture->server, "prison-1", "prison"));

  result = verify (fixture, intact_parser);
  g_assert_true (json_object_get_boolean_member (result, "intact"));
  g_assert_cmpint (json_object_get_int_member (result, "rows"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (result, "head_seq"), ==, 10);
  g_assert_cmpint (kv_store_get_audit_head (fixture->server.store, &head_hash), ==, 10);
  g_assert_cmpstr (json_object_get_string_member (result, "head_hash"), ==, head_hash);
  g_assert_false (json_object_has_member (result, "broken_seq"));

  /* Someone with the database file changes row 5 (the triggers must go
   * first): exactly that row is reported. */
  raw_exec (fixture, "DROP TRIGGER audit_no_update;"
                     "UPDATE audit SET details = 'n=4 but nicer' WHERE seq = 5;");
  result = verify (fixture, changed_parser);
  g_assert_false (json_object_get_boolean_member (result, "intact"));
  g_assert_cmpint (json_object_get_int_member (result, "broken_seq"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (result, "rows"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (result, "head_seq"), ==, 4);
  g_assert_nonnull (strstr (json_object_get_string_member (result, "reason"),
                            "does not match its hash"));

  /* Put it back, then remove row 7 instead. */
  raw_exec (fixture, "UPDATE audit SET details = 'n=4' WHERE seq = 5;"
                     "DROP TRIGGER audit_no_delete;"
                     "DELETE FROM audit WHERE seq = 7;");
  result = verify (fixture, removed_parser);
  g_assert_false (json_object_get_boolean_member (result, "intact"));
  g_assert_cmpint (json_object_get_int_member (result, "broken_seq"), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (result, "reason"), ==,
                   "row 7 is missing: seq 6 is followed by seq 8");
}

int
main (int    argc,
      char **argv)
{
  /* Before anything logs. */
  hold.main_thread = g_thread_self ();
  g_log_set_writer_func (hold_writer, NULL, NULL);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/audit/pages", Fixture, NULL,
              fixture_set_up, test_pages, fixture_tear_down);
  g_test_add ("/server/audit/bad-parameters", Fixture, NULL,
              fixture_set_up, test_bad_parameters, fixture_tear_down);
  g_test_add ("/server/audit/off-main-loop", Fixture, NULL,
              fixture_set_up, test_off_main_loop, fixture_tear_down);
  g_test_add ("/server/audit/client-gone", Fixture, NULL,
              fixture_set_up, test_client_gone, fixture_tear_down);
  g_test_add ("/server/audit/verify", Fixture, NULL,
              fixture_set_up, test_verify, fixture_tear_down);

  return g_test_run ();
}
