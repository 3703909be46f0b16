/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sys/prctl.h>
#include <string.h>

/* SIGKILL in the middle of a burst of bookings loses nothing committed:
 * the real kinvisit-server binary is killed with -9 while requests are in
 * flight; after a restart on the same database every booking that got a
 * 201 is there, with its audit entry. */

#define ADMIN_TOKEN "sigkill-test-admin-token"
#define IN_FLIGHT 4
#define KILL_AFTER 40
#define TIMEOUT_S 30

typedef struct
{
  char        *dir;
  char        *config_path;
  char        *port_path;
  GSubprocess *process;
  SoupSession *session;
  char        *base_url;
  GPtrArray   *committed;      /* ids that got a 201 */
  guint        in_flight;
  guint        next_slot;
  gboolean     killed;
  gint64       day_start_us;
} Burst;

static gboolean
on_timeout (gpointer user_data)
{
  g_error ("Timed out: %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
on_tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
start_server (Burst *burst)
{
  g_autofree char *binary = g_build_filename (g_getenv ("KV_BUILD_ROOT"), "app", "server",
                                              "kinvisit-server", NULL);
  g_autofree char *port_text = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  guint timeout_id, tick_id;

  g_unlink (burst->port_path);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  /* A failing test must not leave a server behind. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  burst->process = g_subprocess_launcher_spawn (launcher, &error, binary,
                                                "--config", burst->config_path,
                                                "--port-file", burst->port_path, NULL);
  g_assert_no_error (error);

  /* Wait for the port file, with a guard; the tick only wakes the loop. */
  timeout_id = g_timeout_add_seconds (TIMEOUT_S, on_timeout, (gpointer) "the port file");
  tick_id = g_timeout_add (20, on_tick, NULL);
  while (!g_file_get_contents (burst->port_path, &port_text, NULL, NULL) ||
         strchr (port_text, '\n') == NULL)
    {
      g_clear_pointer (&port_text, g_free);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick_id);
  g_source_remove (timeout_id);
  g_free (burst->base_url);
  burst->base_url = g_strdup_printf ("http://127.0.0.1:%u",
                                     (guint) g_ascii_strtoull (port_text, NULL, 10));
}

static void
wait_exit (Burst *burst)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait (burst->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&burst->process);
}

typedef struct
{
  gboolean  done;
  guint     status;
  GBytes   *body;
} Reply;

static void
on_reply (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Reply *reply = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  reply->status = reply->body != NULL ? soup_message_get_status (message) : 0;
  reply->done = TRUE;
}

static JsonNode *
request (Burst      *burst,
         const char *method,
         const char *path,
         const char *body,
         guint      *out_status)
{
  g_autofree char *url = g_strconcat (burst->base_url, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) bytes = NULL;
  Reply reply = { 0 };
  guint timeout_id;

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                "Bearer " ADMIN_TOKEN);
  if (body != NULL)
    {
      bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }
  soup_session_send_and_read_async (burst->session, message, G_PRIORITY_DEFAULT, NULL,
                                    on_reply, &reply);
  timeout_id = g_timeout_add_seconds (TIMEOUT_S, on_timeout, (gpointer) path);
  while (!reply.done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);
  g_assert_nonnull (reply.body);
  *out_status = reply.status;
  if (!json_parser_load_from_data (parser, g_bytes_get_data (reply.body, NULL),
                                   g_bytes_get_size (reply.body), NULL))
    {
      g_bytes_unref (reply.body);
      return NULL;
    }
  g_bytes_unref (reply.body);
  return json_node_copy (json_parser_get_root (parser));
}

static void send_next_booking (Burst *burst);

static void
on_booking_reply (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Burst *burst = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);

  burst->in_flight--;
  /* Only a complete 201 counts as committed. */
  if (body != NULL && soup_message_get_status (message) == SOUP_STATUS_CREATED)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                                 g_bytes_get_size (body), NULL));
      g_ptr_array_add (burst->committed,
                       g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                                "id")));
    }
  if (!burst->killed && burst->committed->len >= KILL_AFTER)
    {
      /* Mid-burst: other requests are still in flight. */
      g_subprocess_force_exit (burst->process);
      burst->killed = TRUE;
    }
  if (!burst->killed)
    send_next_booking (burst);
}

static void
send_next_booking (Burst *burst)
{
  g_autofree char *url = g_strconcat (burst->base_url, "/api/v1/bookings", NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("POST", url);
  g_autoptr(GDateTime) start = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GBytes) bytes = NULL;

  /* Back-to-back 10-minute slots from tomorrow on: no two clash. */
  start = g_date_time_new_from_unix_utc ((burst->day_start_us / G_USEC_PER_SEC) + 86400 +
                                         600 * burst->next_slot++);
  start_text = g_date_time_format (start, "%Y-%m-%dT%H:%M:%SZ");
  body = g_strdup_printf ("{\"prison\":\"prison-1\",\"community\":\"community-1\",\"start\":\"%s\","
                          "\"minutes\":10,\"prison_label\":\"Mum\",\"community_label\":\"Sam\"}",
                          start_text);
  bytes = g_bytes_new (body, strlen (body));
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                "Bearer " ADMIN_TOKEN);
  soup_message_set_request_body_from_bytes (message, "application/json", bytes);
  burst->in_flight++;
  soup_session_send_and_read_async (burst->session, message, G_PRIORITY_DEFAULT, NULL,
                                    on_booking_reply, burst);
}

static void
test_sigkill_burst (void)
{
  Burst burst = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;
  g_autofree char *secrets_path = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) kiosk = NULL;
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) audited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *audit_url = NULL;
  g_autoptr(SoupMessage) audit_message = NULL;
  g_autoptr(GBytes) audit = NULL;
  g_auto(GStrv) lines = NULL;
  JsonArray *bookings;
  guint status, timeout_id;
  gint64 now = g_get_real_time ();

  if (g_getenv ("KV_BUILD_ROOT") == NULL)
    {
      g_test_skip ("KV_BUILD_ROOT is not set: run under meson test");
      return;
    }

  burst.dir = g_dir_make_tmp ("kinvisit-sigkill-XXXXXX", &error);
  g_assert_no_error (error);
  burst.config_path = g_build_filename (burst.dir, "server.conf", NULL);
  burst.port_path = g_build_filename (burst.dir, "port", NULL);
  secrets_path = g_build_filename (burst.dir, "server.secrets", NULL);
  config = g_strdup_printf ("[server]\nlisten-address=127.0.0.1\nport=0\ndatabase=%s/kinvisit.db\n"
                            "secrets-file=server.secrets\n", burst.dir);
  g_file_set_contents (burst.config_path, config, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (secrets_path, "[secrets]\nadmin-token=" ADMIN_TOKEN "\n", -1, &error);
  g_assert_no_error (error);
  g_chmod (secrets_path, 0600);
  burst.session = soup_session_new ();
  burst.committed = g_ptr_array_new_with_free_func (g_free);
  burst.day_start_us = now - now % (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC);

  start_server (&burst);
  kiosk = request (&burst, "POST", "/api/v1/kiosks", "{\"id\":\"prison-1\",\"role\":\"prison\"}",
                   &status);
  g_assert_cmpuint (status, ==, 201);
  g_clear_pointer (&kiosk, json_node_unref);
  kiosk = request (&burst, "POST", "/api/v1/kiosks",
                   "{\"id\":\"community-1\",\"role\":\"community\"}", &status);
  g_assert_cmpuint (status, ==, 201);

  for (guint i = 0; i < IN_FLIGHT; i++)
    send_next_booking (&burst);
  timeout_id = g_timeout_add_seconds (TIMEOUT_S, on_timeout, (gpointer) "the burst");
  while (!burst.killed || burst.in_flight > 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);
  wait_exit (&burst);
  g_assert_cmpuint (burst.committed->len, >=, KILL_AFTER);

  /* Same database, new process. */
  start_server (&burst);
  list = request (&burst, "GET", "/api/v1/bookings", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  bookings = json_object_get_array_member (json_node_get_object (list), "bookings");
  for (guint i = 0; i < json_array_get_length (bookings); i++)
    g_hash_table_add (listed, g_strdup (json_object_get_string_member (json_array_get_object_element (bookings, i),
                                                                       "id")));

  audit_url = g_strconcat (burst.base_url, "/api/v1/audit?format=jsonl", NULL);
  audit_message = soup_message_new ("GET", audit_url);
  soup_message_headers_replace (soup_message_get_request_headers (audit_message),
                                "Authorization", "Bearer " ADMIN_TOKEN);
  {
    Reply reply = { 0 };

    soup_session_send_and_read_async (burst.session, audit_message, G_PRIORITY_DEFAULT, NULL,
                                      on_reply, &reply);
    timeout_id = g_timeout_add_seconds (TIMEOUT_S, on_timeout, (gpointer) "the audit log");
    while (!reply.done)
      g_main_context_iteration (NULL, TRUE);
    g_source_remove (timeout_id);
    audit = reply.body;
    g_assert_cmpuint (reply.status, ==, 200);
  }
  lines = g_strsplit (g_bytes_get_data (audit, NULL), "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *entry;

      /* Every line is whole: nothing half-written survived the kill. */
      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      entry = json_node_get_object (json_parser_get_root (parser));
      if (g_str_equal (json_object_get_string_member (entry, "action"), "booking-created"))
        g_hash_table_add (audited, g_strdup (json_object_get_string_member (entry, "booking")));
    }

  for (guint i = 0; i < burst.committed->len; i++)
    {
      const char *id = g_ptr_array_index (burst.committed, i);

      g_assert_true (g_hash_table_contains (listed, id));
      g_assert_true (g_hash_table_contains (audited, id));
    }
  /* And nothing exists without its audit entry. */
  g_assert_cmpuint (g_hash_table_size (listed), ==, g_hash_table_size (audited));

  g_subprocess_send_signal (burst.process, SIGTERM);
  wait_exit (&burst);

  {
    g_autoptr(GDir) dir = g_dir_open (burst.dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *file = g_build_filename (burst.dir, name, NULL);

        g_unlink (file);
      }
  }
  g_rmdir (burst.dir);
  g_free (burst.dir);
  g_free (burst.config_path);
  g_free (burst.port_path);
  g_free (burst.base_url);
  g_ptr_array_unref (burst.committed);
  g_assert_finalize_object (burst.session);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/sigkill/burst-of-bookings", test_sigkill_burst);

  return g_test_run ();
}
