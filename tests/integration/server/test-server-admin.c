/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-test-server.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

/* The admin API and kinvisitctl (the built binary) against a real server:
 * authorisation, kiosks, booking conflicts, notifications, times that must
 * say their zone, the audit export page by page, its verification, purges. */

#define MINUTE KV_USEC_PER_MINUTE

typedef struct
{
  KvTestServer server;
  char        *token_file;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  kv_test_server_start (&fixture->server, "2026-12-01T09:00:00Z");
  fixture->token_file = g_build_filename (fixture->server.dir, "admin.token", NULL);
  g_file_set_contents (fixture->token_file, KV_TEST_ADMIN_TOKEN "\n", -1, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_unlink (fixture->token_file);
  g_free (fixture->token_file);
  kv_test_server_clear (&fixture->server);
}

static const char *
error_code (JsonNode *reply)
{
  JsonObject *error = json_object_get_object_member (json_node_get_object (reply), "error");

  g_assert_nonnull (error);
  g_assert_nonnull (json_object_get_string_member (error, "message"));
  return json_object_get_string_member (error, "code");
}

static void
test_unauthorised (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(JsonNode) none = NULL;
  g_autoptr(JsonNode) wrong = NULL;
  g_autoptr(JsonNode) missing = NULL;
  g_autofree char *health = NULL;
  guint status;

  none = kv_test_admin (&fixture->server, "GET", "/api/v1/kiosks", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpstr (error_code (none), ==, "unauthorized");
  wrong = kv_test_admin (&fixture->server, "GET", "/api/v1/kiosks", NULL,
                         KV_TEST_ADMIN_TOKEN "x", &status);
  g_assert_cmpuint (status, ==, 401);
  /* Counted by address and minute: written when the minute is over. */
  g_assert_false (kv_test_audit_has (&fixture->server, "address:127.0.0.1", "admin-unauthorized",
                                     NULL));
  kv_test_advance (&fixture->server, 60 * G_USEC_PER_SEC);
  g_assert_true (kv_test_audit_has (&fixture->server, "address:127.0.0.1", "admin-unauthorized",
                                    NULL));

  missing = kv_test_admin (&fixture->server, "GET", "/api/v1/teapots", NULL,
                           KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 404);

  health = kv_test_http_get (&fixture->server, "/healthz", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (health, ==, "ok\n");
}

/* A POST without a body, or with JSON that is not an object: a clear
 * 400, whatever the endpoint. */
static void
test_empty_body (Fixture       *fixture,
                 gconstpointer  user_data)
{
  static const char * const bodies[] = { "", "   ", "[]", "\"kiosk\"", "{" };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonNode) reply = NULL;
      guint status;

      reply = kv_test_admin (&fixture->server, "POST", "/api/v1/kiosks", bodies[i],
                             KV_TEST_ADMIN_TOKEN, &status);
      g_assert_cmpuint (status, ==, 400);
      g_assert_cmpstr (error_code (reply), ==, "malformed");
    }
}

static void
test_kiosks (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autofree char *token = kv_test_add_kiosk (&fixture->server, "prison-1", "prison");
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) bad_role = NULL;
  g_autoptr(JsonNode) bad_id = NULL;
  g_autofree char *text = NULL;
  JsonObject *kiosk;
  guint status;

  list = kv_test_admin (&fixture->server, "GET", "/api/v1/kiosks", NULL, KV_TEST_ADMIN_TOKEN,
                        &status);
  g_assert_cmpuint (status, ==, 200);
  kiosk = json_array_get_object_element (json_object_get_array_member (json_node_get_object (list),
                                                                       "kiosks"), 0);
  g_assert_cmpstr (json_object_get_string_member (kiosk, "id"), ==, "prison-1");
  g_assert_cmpstr (json_object_get_string_member (kiosk, "role"), ==, "prison");
  /* The token was shown once, and is nowhere in the list. */
  g_assert_false (json_object_has_member (kiosk, "token"));
  text = json_to_string (list, FALSE);
  g_assert_null (strstr (text, token));

  again = kv_test_admin (&fixture->server, "POST", "/api/v1/kiosks",
                         "{\"id\":\"prison-1\",\"role\":\"prison\"}", KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 409);
  bad_role = kv_test_admin (&fixture->server, "POST", "/api/v1/kiosks",
                            "{\"id\":\"p2\",\"role\":\"warden\"}", KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (error_code (bad_role), ==, "bad-role");
  bad_id = kv_test_admin (&fixture->server, "POST", "/api/v1/kiosks",
                          "{\"id\":\"a b\",\"role\":\"prison\"}", KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (error_code (bad_id), ==, "bad-id");
}

/* The kiosk @id of GET /api/v1/kiosks (the list is kept in @out_list). */
static JsonObject *
listed_kiosk (Fixture     *fixture,
              const char  *id,
              JsonNode   **out_list)
{
  JsonArray *kiosks;
  guint status;

  g_clear_pointer (out_list, json_node_unref);
  *out_list = kv_test_admin (&fixture->server, "GET", "/api/v1/kiosks", NULL, KV_TEST_ADMIN_TOKEN,
                             &status);
  g_assert_cmpuint (status, ==, 200);
  kiosks = json_object_get_array_member (json_node_get_object (*out_list), "kiosks");
  for (guint i = 0; i < json_array_get_length (kiosks); i++)
    {
      JsonObject *kiosk = json_array_get_object_element (kiosks, i);

      if (g_strcmp0 (json_object_get_string_member (kiosk, "id"), id) == 0)
        return kiosk;
    }
  g_assert_not_reached ();
}

/* Staff see when a kiosk was last seen, in its site's time, and what it
 * runs: "online now" while it is signed in, then the time it left, which
 * stays; a software name unfit to show is not kept. */
static void
test_kiosk_last_seen (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *token = kv_test_add_kiosk (&fixture->server, "prison-1", "prison");
  g_autofree char *other_token = kv_test_add_kiosk (&fixture->server, "community-1",
                                                    "community");
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(KvMessage) hello = kv_message_new (KV_MESSAGE_HELLO);
  g_autoptr(KvMessage) welcome = NULL;
  KvTestKiosk *kiosk;
  KvTestKiosk *other;
  JsonObject *listed;
  guint status;

  reply = kv_test_admin (&fixture->server, "POST", "/api/v1/sites",
                         "{\"id\":\"zagreb\",\"name\":\"Zagreb\",\"time_zone\":\"Europe/Zagreb\"}",
                         KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 201);
  g_clear_pointer (&reply, json_node_unref);
  reply = kv_test_admin (&fixture->server, "PATCH", "/api/v1/kiosks/prison-1",
                         "{\"site\":\"zagreb\"}", KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 200);

  /* Never signed in. */
  listed = listed_kiosk (fixture, "prison-1", &list);
  g_assert_false (json_object_get_boolean_member (listed, "signed_in"));
  g_assert_true (json_object_get_null_member (listed, "last_seen"));
  g_assert_true (json_object_get_null_member (listed, "last_seen_local"));
  g_assert_cmpstr (json_object_get_string_member (listed, "software"), ==, "");

  kiosk = kv_test_kiosk_sign_in (&fixture->server, "prison-1", token);
  listed = listed_kiosk (fixture, "prison-1", &list);
  g_assert_true (json_object_get_boolean_member (listed, "signed_in"));
  g_assert_cmpstr (json_object_get_string_member (listed, "software"), ==, "kinvisit-test");
  g_assert_cmpstr (json_object_get_string_member (listed, "last_seen"), ==,
                   "2026-12-01T09:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (listed, "last_seen_local"), ==,
                   "2026-12-01 10:00 CET");

  /* It leaves at 09:25: that time stays, with what it ran. */
  kv_test_advance (&fixture->server, 25 * MINUTE);
  kv_test_kiosk_close (kiosk);
  kv_test_kiosk_free (kiosk);
  listed = listed_kiosk (fixture, "prison-1", &list);
  g_assert_false (json_object_get_boolean_member (listed, "signed_in"));
  g_assert_cmpstr (json_object_get_string_member (listed, "last_seen"), ==,
                   "2026-12-01T09:25:00Z");
  g_assert_cmpstr (json_object_get_string_member (listed, "last_seen_local"), ==,
                   "2026-12-01 10:25 CET");
  g_assert_cmpstr (json_object_get_string_member (listed, "software"), ==, "kinvisit-test");

  /* A software name with a right-to-left override (which would turn the
   * text around on staff's screens) signs in all the same, and shows as
   * none; a kiosk on no site has its local time in UTC. */
  other = kv_test_kiosk_connect (&fixture->server, "community-1", other_token);
  hello->hello.token = g_strdup (other_token);
  hello->hello.software = g_strdup ("kinvisit-kiosk \xe2\x80\xae" "0.1");
  kv_test_kiosk_send (other, hello);
  welcome = kv_test_kiosk_expect (other, KV_MESSAGE_WELCOME);
  g_assert_cmpstr (welcome->welcome.kiosk_id, ==, "community-1");
  listed = listed_kiosk (fixture, "community-1", &list);
  g_assert_true (json_object_get_boolean_member (listed, "signed_in"));
  g_assert_cmpstr (json_object_get_string_member (listed, "software"), ==, "");
  g_assert_cmpstr (json_object_get_string_member (listed, "last_seen_local"), ==,
                   "2026-12-01 09:25 UTC");
  kv_test_kiosk_close (other);
  kv_test_kiosk_free (other);

  if (g_getenv ("KV_BUILD_ROOT") != NULL)
    {
      KvTestRun run;

      kv_test_run_ctl (&fixture->server, fixture->token_file, &run, "kiosk", "list", NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.out, "LAST SEEN"));
      g_assert_nonnull (strstr (run.out, "SOFTWARE"));
      g_assert_nonnull (strstr (run.out, "2026-12-01 10:25 CET"));
      g_assert_nonnull (strstr (run.out, "kinvisit-test"));
      kv_test_run_clear (&run);
    }
}

static char *
booking_body (const char *prison,
              const char *community,
              const char *start,
              guint       minutes)
{
  return g_strdup_printf ("{\"prison\":\"%s\",\"community\":\"%s\",\"start\":\"%s\","
                          "\"minutes\":%u,\"prison_label\":\"Dad\",\"community_label\":\"Lena\"}",
                          prison, community, start, minutes);
}

static void
test_booking_conflicts (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *community_token = NULL;
  g_autoptr(KvTestKiosk) community = NULL;
  g_autoptr(KvMessage) welcome = NULL;
  g_autoptr(KvMessage) schedule = NULL;
  g_autoptr(KvMessage) after_cancel = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) busy = NULL;
  g_autoptr(JsonNode) community_busy = NULL;
  g_autoptr(JsonNode) bad_time = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) cancelled = NULL;
  g_autofree char *body = NULL;
  g_autofree char *cancel_path = NULL;
  const char *id;
  guint status;

  g_free (kv_test_add_kiosk (&fixture->server, "prison-1", "prison"));
  community_token = kv_test_add_kiosk (&fixture->server, "community-1", "community");
  g_free (kv_test_add_kiosk (&fixture->server, "community-2", "community"));
  g_free (kv_test_add_kiosk (&fixture->server, "prison-2", "prison"));
  community = kv_test_kiosk_sign_in (&fixture->server, "community-1", community_token);

  body = booking_body ("prison-1", "community-1", "2026-12-01T10:00:00Z", 30);
  created = kv_test_admin (&fixture->server, "POST", "/api/v1/bookings", body,
                           KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 201);
  id = json_object_get_string_member (json_node_get_object (created), "id");

  /* The community kiosk hears of its new visit at once. */
  welcome = kv_test_kiosk_expect (community, KV_MESSAGE_WELCOME);
  schedule = kv_test_kiosk_expect (community, KV_MESSAGE_SCHEDULE);
  g_assert_cmpuint (schedule->schedule.bookings->len, ==, 1);
  g_assert_cmpstr (((KvBooking *) g_ptr_array_index (schedule->schedule.bookings, 0))->id, ==, id);

  /* The same prison kiosk at an overlapping time: 409 with the rule's code. */
  g_free (body);
  body = booking_body ("prison-1", "community-2", "2026-12-01T10:20:00Z", 30);
  busy = kv_test_admin (&fixture->server, "POST", "/api/v1/bookings", body,
                        KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 409);
  g_assert_cmpstr (error_code (busy), ==, "prison-kiosk-busy");

  g_free (body);
  body = booking_body ("prison-2", "community-1", "2026-12-01T09:50:00Z", 20);
  community_busy = kv_test_admin (&fixture->server, "POST", "/api/v1/bookings", body,
                                  KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 409);
  g_assert_cmpstr (error_code (community_busy), ==, "community-kiosk-busy");

  g_free (body);
  body = booking_body ("prison-2", "community-2", "tomorrow at ten", 20);
  bad_time = kv_test_admin (&fixture->server, "POST", "/api/v1/bookings", body,
                            KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (error_code (bad_time), ==, "bad-time");

  list = kv_test_admin (&fixture->server, "GET",
                        "/api/v1/bookings?kiosk=community-1&day=2026-12-01", NULL,
                        KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (list),
                                                                         "bookings")), ==, 1);

  cancel_path = g_strdup_printf ("/api/v1/bookings/%s/cancel", id);
  /* Why is required. */
  cancelled = kv_test_admin (&fixture->server, "POST", cancel_path, NULL, KV_TEST_ADMIN_TOKEN,
                             &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (error_code (cancelled), ==, "missing-field");
  g_clear_pointer (&cancelled, json_node_unref);
  cancelled = kv_test_admin (&fixture->server, "POST", cancel_path,
                             "{\"category\":\"family-request\"}", KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&welcome, kv_message_free);
  welcome = kv_test_kiosk_expect (community, KV_MESSAGE_WELCOME);
  after_cancel = kv_test_kiosk_expect (community, KV_MESSAGE_SCHEDULE);
  g_assert_cmpuint (after_cancel->schedule.bookings->len, ==, 0);
  g_assert_true (kv_test_audit_has (&fixture->server, "admin", "booking-cancelled", id));
}

/* Runs the built kinvisitctl against the test server with the fixture's
 * token file. */
#define run_ctl(fixture, run, ...) \
  kv_test_run_ctl (&(fixture)->server, (fixture)->token_file, (run), __VA_ARGS__)
#define run_clear kv_test_run_clear
typedef KvTestRun Run;

static void
test_kinvisitctl (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  Run run;

  if (g_getenv ("KV_BUILD_ROOT") == NULL)
    {
      g_test_skip ("KV_BUILD_ROOT is not set: run under meson test");
      return;
    }

  /* kiosk add: the token alone on stdout... */
  run_ctl (fixture, &run, "kiosk", "add", "prison-2", "--role", "prison", "--label", "Room 2", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (strlen (run.out), ==, 44);         /* 43 characters and a newline */
  g_assert_null (strchr (run.out, ' '));
  run_clear (&run);

  /* ...or {"id":..,"token":..} with --json. */
  run_ctl (fixture, &run, "--json", "kiosk", "add", "community-2", "--role", "community", NULL);
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                  "id"), ==, "community-2");
  g_assert_cmpuint (strlen (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                           "token")), ==, 43);
  run_clear (&run);
  g_free (kv_test_add_kiosk (&fixture->server, "community-3", "community"));

  run_ctl (fixture, &run, "booking", "add", "--prison", "prison-2", "--community", "community-2",
           "--start", "2026-12-01T10:00Z", "--minutes", "30", "--prison-label", "Dad",
           "--community-label", "Lena", "--age-band", "4-7", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "b-"));
  run_clear (&run);

  /* A clash: non-zero, one clear line naming the rule. */
  run_ctl (fixture, &run, "booking", "add", "--prison", "prison-2", "--community", "community-3",
           "--start", "2026-12-01T10:15Z", "--end", "2026-12-01T10:45Z", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_str_has_prefix (run.err, "kinvisitctl: booking refused: "));
  g_assert_true (g_str_has_suffix (run.err, "(prison-kiosk-busy)\n"));
  g_assert_nonnull (strstr (run.err, "10:00"));
  g_assert_true (strchr (run.err, '\n') == run.err + strlen (run.err) - 1);   /* one line */
  run_clear (&run);

  run_ctl (fixture, &run, "booking", "list", "--kiosk", "prison-2", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "ID "));
  g_assert_nonnull (strstr (run.out, "2026-12-01 10:00 UTC"));
  g_assert_nonnull (strstr (run.out, "community-2"));
  run_clear (&run);

  /* A usage error is exit 2, a wrong token 1. */
  run_ctl (fixture, &run, "booking", "add", "--prison", "prison-2", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
  g_file_set_contents (fixture->token_file, "wrong\n", -1, &error);
  g_assert_no_error (error);
  run_ctl (fixture, &run, "kiosk", "list", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "(unauthorized)"));
  run_clear (&run);
}

static void
test_audit_export (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *jsonl = NULL;
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  guint status;

  g_free (kv_test_add_kiosk (&fixture->server, "prison-1", "prison"));
  g_free (kv_test_add_kiosk (&fixture->server, "community-1", "community"));
  g_free (kv_test_add_booking (&fixture->server, "prison-1", "community-1",
                               kv_clock_get_now (fixture->server.clock) + 60 * MINUTE, 30));

  jsonl = kv_test_http_get (&fixture->server, "/api/v1/audit?format=jsonl", &status);
  g_assert_cmpuint (status, ==, 200);
  lines = g_strsplit (jsonl, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);   /* 3 entries and the end */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
    }
  g_assert_nonnull (strstr (lines[2], "\"action\":\"booking-created\""));
  /* No labels in the audit log. */
  g_assert_null (strstr (jsonl, "Lena"));
  g_assert_null (strstr (jsonl, "Dad"));

  csv = kv_test_http_get (&fixture->server, "/api/v1/audit?format=csv&since=2026-12-01T00:00:00Z",
                          &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (g_str_has_prefix (csv, "seq,time,actor,action,booking,details\r\n"));
  g_assert_nonnull (strstr (csv, "\"kiosk-added\""));
}

/* A time without a zone is refused, whatever it is for; with "Z" or an
 * offset it is the same instant either way. */
static void
test_times_need_zone (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(JsonNode) no_zone = NULL;
  g_autoptr(JsonNode) no_zone_end = NULL;
  g_autoptr(JsonNode) offset = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autofree char *body = NULL;
  g_autofree char *since = NULL;
  JsonObject *error;
  guint status;

  g_free (kv_test_add_kiosk (&fixture->server, "prison-1", "prison"));
  g_free (kv_test_add_kiosk (&fixture->server, "community-1", "community"));

  body = booking_body ("prison-1", "community-1", "2026-12-01T10:00:00", 30);
  no_zone = kv_test_admin (&fixture->server, "POST", "/api/v1/bookings", body,
                           KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (error_code (no_zone), ==, "bad-time");
  error = json_object_get_object_member (json_node_get_object (no_zone), "error");
  g_assert_cmpstr (json_object_get_string_member (error, "message"), ==,
                   "Field 'start' \"2026-12-01T10:00:00\" has no time zone: add Z for UTC or an "
                   "offset like +01:00");

  no_zone_end = kv_test_admin (&fixture->server, "POST", "/api/v1/bookings",
                               "{\"prison\":\"prison-1\",\"community\":\"community-1\","
                               "\"start\":\"2026-12-01T10:00:00Z\","
                               "\"end\":\"2026-12-01T10:30:00\"}", KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (error_code (no_zone_end), ==, "bad-time");
  error = json_object_get_object_member (json_node_get_object (no_zone_end), "error");
  g_assert_nonnull (strstr (json_object_get_string_member (error, "message"), "Field 'end'"));

  g_free (body);
  body = booking_body ("prison-1", "community-1", "2026-12-01T11:00:00+01:00", 30);
  offset = kv_test_admin (&fixture->server, "POST", "/api/v1/bookings", body,
                          KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (offset), "start"), ==,
                   "2026-12-01T10:00:00Z");

  since = kv_test_http_get (&fixture->server, "/api/v1/audit?since=2026-12-01T00:00:00",
                            &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_nonnull (strstr (since, "\"bad-time\""));
  g_assert_nonnull (strstr (since, "has no time zone"));

  /* Only the booking with a zone was made. */
  list = kv_test_admin (&fixture->server, "GET", "/api/v1/bookings?day=2026-12-01", NULL,
                        KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (list),
                                                                         "bookings")), ==, 1);
}

static void
test_kinvisitctl_times (Fixture       *fixture,
                        gconstpointer  user_data)
{
  Run run;

  if (g_getenv ("KV_BUILD_ROOT") == NULL)
    {
      g_test_skip ("KV_BUILD_ROOT is not set: run under meson test");
      return;
    }
  g_free (kv_test_add_kiosk (&fixture->server, "prison-1", "prison"));
  g_free (kv_test_add_kiosk (&fixture->server, "community-1", "community"));

  /* Refused before anything is sent: a usage error, and no booking. */
  for (guint i = 0; i < 2; i++)
    {
      run_ctl (fixture, &run, "booking", "add", "--prison", "prison-1", "--community",
               "community-1", "--start", i == 0 ? "2026-12-01T10:00" : "2026-12-01T10:00:00",
               "--minutes", "30", NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_nonnull (strstr (run.err, "has no time zone: add Z for UTC or an offset like "
                                         "+01:00"));
      run_clear (&run);
    }
  run_ctl (fixture, &run, "booking", "add", "--prison", "prison-1", "--community",
           "community-1", "--start", "2026-12-01T10:00Z", "--end", "2026-12-01T10:30", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--end 2026-12-01T10:30 has no time zone"));
  run_clear (&run);
  run_ctl (fixture, &run, "audit", "export", "--since", "2026-12-01T00:00", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--since 2026-12-01T00:00 has no time zone"));
  run_clear (&run);
  run_ctl (fixture, &run, "booking", "add", "--prison", "prison-1", "--community",
           "community-1", "--start", "tomorrow", "--minutes", "30", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "is not a time like"));
  run_clear (&run);
  g_assert_false (kv_test_audit_has (&fixture->server, "admin", "booking-created", NULL));

  /* With an offset it is sent, as UTC. */
  run_ctl (fixture, &run, "--json", "booking", "add", "--prison", "prison-1", "--community",
           "community-1", "--start", "2026-12-01T11:00+01:00", "--minutes", "30", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"start\" : \"2026-12-01T10:00:00Z\""));
  run_clear (&run);

  /* Relative times need no zone: this one is sent and answered. */
  run_ctl (fixture, &run, "audit", "export", "--since", "+5m", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
}

static void
append_rows (Fixture *fixture,
             guint    n)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_audit_entry_free);
  g_autoptr(GError) error = NULL;
  gint64 now = kv_clock_get_now (fixture->server.clock);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *details = g_strdup_printf ("n=%u", i);

      g_ptr_array_add (batch, kv_audit_entry_new (now, "scheduler", "session-live", "b-1",
                                                  details));
    }
  kv_store_append_audit_batch (fixture->server.store, batch, &error);
  g_assert_no_error (error);
}

/* kinvisitctl follows the cursor to the end: every row once, in order, the
 * CSV header once. */
static void
test_kinvisitctl_export_pages (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_auto(GStrv) lines = NULL;
  Run run;

  if (g_getenv ("KV_BUILD_ROOT") == NULL)
    {
      g_test_skip ("KV_BUILD_ROOT is not set: run under meson test");
      return;
    }
  append_rows (fixture, 25);

  run_ctl (fixture, &run, "audit", "export", "--page-size", "7", NULL);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (run.out, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 25 + 1);
  g_assert_cmpstr (lines[0], ==, "seq,time,actor,action,booking,details");
  for (guint i = 1; i <= 25; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("%u,", i);
      g_autofree char *details = g_strdup_printf (",\"n=%u\"", i - 1);

      g_assert_true (g_str_has_prefix (lines[i], prefix));
      g_assert_true (g_str_has_suffix (lines[i], details));
    }
  g_assert_cmpstr (lines[26], ==, "");
  run_clear (&run);

  /* JSONL: one object per line, 25 lines, whatever the page size. */
  run_ctl (fixture, &run, "audit", "export", "--format", "jsonl", "--page-size", "25", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_strfreev (lines);
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 26);
  g_assert_true (g_str_has_prefix (lines[24], "{\"seq\":25,"));
  run_clear (&run);

  run_ctl (fixture, &run, "audit", "export", "--page-size", "10001", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--page-size must be a number of rows from 1 to 10000"));
  run_clear (&run);
}

static void
test_kinvisitctl_verify_and_purge (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autofree char *expected = NULL;
  const char *head_hash;
  sqlite3 *db = NULL;
  Run run;

  if (g_getenv ("KV_BUILD_ROOT") == NULL)
    {
      g_test_skip ("KV_BUILD_ROOT is not set: run under meson test");
      return;
    }
  append_rows (fixture, 6);

  /* Nothing is old enough yet: the dry run and the purge say so. */
  run_ctl (fixture, &run, "purge", "--dry-run", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "Would purge 0 finished bookings (0 sessions, 0 staff end "
                                "reasons) of visits that ended before 2026-09-02 09:00 UTC, and 0 "
                                "audit rows from before 2025-12-01 09:00 UTC.\n");
  run_clear (&run);
  run_ctl (fixture, &run, "purge", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "Purged 0 finished bookings"));
  run_clear (&run);
  g_assert_true (kv_test_audit_has (&fixture->server, "admin", "retention-purge", NULL));
  run_ctl (fixture, &run, "purge", "--now", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  g_assert_cmpint (kv_store_get_audit_head (fixture->server.store, &head_hash), ==, 7);
  expected = g_strdup_printf ("intact: 7 rows, head hash %s\n", head_hash);
  run_ctl (fixture, &run, "audit", "verify", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, expected);
  run_clear (&run);

  g_assert_cmpint (sqlite3_open (fixture->server.db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER audit_no_update;"
                                     "UPDATE audit SET actor = 'admin' WHERE seq = 3;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  run_ctl (fixture, &run, "audit", "verify", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.out, "broken at seq 3: the row does not match its hash"));
  run_clear (&run);
  run_ctl (fixture, &run, "--json", "audit", "verify", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "\"broken_seq\" : 3"));
  run_clear (&run);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/admin/unauthorised", Fixture, NULL,
              fixture_set_up, test_unauthorised, fixture_tear_down);
  g_test_add ("/server/admin/empty-body", Fixture, NULL,
              fixture_set_up, test_empty_body, fixture_tear_down);
  g_test_add ("/server/admin/kiosks", Fixture, NULL,
              fixture_set_up, test_kiosks, fixture_tear_down);
  g_test_add ("/server/admin/kiosk-last-seen", Fixture, NULL,
              fixture_set_up, test_kiosk_last_seen, fixture_tear_down);
  g_test_add ("/server/admin/booking-conflicts", Fixture, NULL,
              fixture_set_up, test_booking_conflicts, fixture_tear_down);
  g_test_add ("/server/admin/kinvisitctl", Fixture, NULL,
              fixture_set_up, test_kinvisitctl, fixture_tear_down);
  g_test_add ("/server/admin/audit-export", Fixture, NULL,
              fixture_set_up, test_audit_export, fixture_tear_down);
  g_test_add ("/server/admin/times-need-zone", Fixture, NULL,
              fixture_set_up, test_times_need_zone, fixture_tear_down);
  g_test_add ("/server/admin/kinvisitctl-times", Fixture, NULL,
              fixture_set_up, test_kinvisitctl_times, fixture_tear_down);
  g_test_add ("/server/admin/kinvisitctl-export-pages", Fixture, NULL,
              fixture_set_up, test_kinvisitctl_export_pages, fixture_tear_down);
  g_test_add ("/server/admin/kinvisitctl-verify-and-purge", Fixture, NULL,
              fixture_set_up, test_kinvisitctl_verify_and_purge, fixture_tear_down);

  return g_test_run ();
}
