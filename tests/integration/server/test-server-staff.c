/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-pin.h"
#include "kv-test-staff.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

/* Staff accounts, signing in, CSRF, PINs, the site scope of admins and
 * kinvisitctl over real HTTP (sessions and throttling are in
 * test-server-staff-sessions.c). */

#define PASSWORD       "correct horse battery"
#define OTHER_PASSWORD "another long passphrase"

typedef struct
{
  KvTestServer server;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  kv_test_server_start (&fixture->server, "2026-12-01T09:00:00Z");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  kv_test_server_clear (&fixture->server);
}

static void
assert_field_error (KvTestServer *server,
                    const char   *body,
                    guint         status,
                    const char   *code,
                    const char   *field)
{
  g_auto(KvTestReply) reply = { 0 };

  kv_test_request (server, "POST", "/api/v1/staff", body, KV_TEST_ADMIN_TOKEN, NULL, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, status);
  g_assert_cmpstr (kv_test_reply_error_code (&reply), ==, code);
  g_assert_cmpstr (kv_test_reply_error_field (&reply), ==, field);
  g_assert_nonnull (kv_test_reply_error_message (&reply));
}

static void
test_accounts (Fixture       *fixture,
               gconstpointer  data)
{
  KvTestServer *server = &fixture->server;
  g_auto(KvTestReply) reply = { 0 };
  g_autofree char *text = NULL;
  JsonObject *account;
  JsonArray *staff;

  kv_test_staff_add (server, "ana", "[\"officer\",\"scheduler\"]", NULL, PASSWORD);
  g_assert_cmpuint (kv_test_count_audit (server, "admin", "staff-added", "staff=ana"), ==, 1);

  kv_test_request (server, "GET", "/api/v1/staff", NULL, KV_TEST_ADMIN_TOKEN, NULL, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  text = json_to_string (reply.body, FALSE);
  g_assert_null (strstr (text, "argon2"));
  g_assert_null (strstr (text, PASSWORD));
  staff = json_object_get_array_member (json_node_get_object (reply.body), "staff");
  g_assert_cmpuint (json_array_get_length (staff), ==, 1);
  account = json_array_get_object_element (staff, 0);
  g_assert_cmpstr (json_object_get_string_member (account, "id"), ==, "ana");
  g_assert_cmpstr (json_object_get_string_member (account, "name"), ==, "Test ana");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (account, "roles")), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (account, "roles"), 0),
                   ==, "officer");
  g_assert_false (json_object_get_boolean_member (account, "has_pin"));
  g_assert_false (json_object_get_boolean_member (account, "disabled"));
  kv_test_reply_clear (&reply);

  /* Validation: each message names its field. */
  assert_field_error (server, "{\"id\":\"bad id!\",\"name\":\"X\",\"roles\":[\"admin\"],"
                      "\"password\":\"" PASSWORD "\"}", 400, "bad-id", "id");
  assert_field_error (server, "{\"id\":\"b\",\"name\":\"  \",\"roles\":[\"admin\"],"
                      "\"password\":\"" PASSWORD "\"}", 400, "bad-name", "name");
  assert_field_error (server, "{\"id\":\"b\",\"name\":\"B\",\"roles\":[\"warden\"],"
                      "\"password\":\"" PASSWORD "\"}", 400, "bad-roles", "roles");
  assert_field_error (server, "{\"id\":\"b\",\"name\":\"B\",\"roles\":[],"
                      "\"password\":\"" PASSWORD "\"}", 400, "bad-roles", "roles");
  assert_field_error (server, "{\"id\":\"b\",\"name\":\"B\",\"roles\":[\"admin\"],"
                      "\"sites\":[\"atlantis\"],\"password\":\"" PASSWORD "\"}",
                      400, "bad-sites", "sites");
  assert_field_error (server, "{\"id\":\"b\",\"name\":\"B\",\"roles\":[\"admin\"],"
                      "\"password\":\"short\"}", 400, "bad-password", "password");
  assert_field_error (server, "{\"id\":\"ana\",\"name\":\"B\",\"roles\":[\"admin\"],"
                      "\"password\":\"" PASSWORD "\"}", 409, "exists", "id");

  /* Disable and enable, each once. */
  kv_test_request (server, "POST", "/api/v1/staff/ana/disable", "{}", KV_TEST_ADMIN_TOKEN, NULL,
                   NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (reply.body), "disabled"));
  kv_test_reply_clear (&reply);
  kv_test_request (server, "POST", "/api/v1/staff/ana/disable", "{}", KV_TEST_ADMIN_TOKEN, NULL,
                   NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 409);
  kv_test_reply_clear (&reply);
  g_assert_false (kv_test_staff_sign_in (server, "ana", PASSWORD, NULL, NULL));
  kv_test_request (server, "POST", "/api/v1/staff/ana/enable", "{}", KV_TEST_ADMIN_TOKEN, NULL,
                   NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  kv_test_reply_clear (&reply);
  g_assert_true (kv_test_staff_sign_in (server, "ana", PASSWORD, NULL, NULL));

  /* PATCH: name, roles, sites. */
  kv_test_request (server, "PATCH", "/api/v1/staff/ana", "{\"name\":\"Ana Horvat\","
                   "\"roles\":[\"coordinator\"]}", KV_TEST_ADMIN_TOKEN, NULL, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  account = json_node_get_object (reply.body);
  g_assert_cmpstr (json_object_get_string_member (account, "name"), ==, "Ana Horvat");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (account, "roles"), 0),
                   ==, "coordinator");
  kv_test_reply_clear (&reply);
  g_assert_cmpuint (kv_test_count_audit (server, "admin", "staff-updated", NULL), ==, 1);

  kv_test_request (server, "GET", "/api/v1/staff/nobody", NULL, KV_TEST_ADMIN_TOKEN, NULL, NULL,
                   &reply);
  g_assert_cmpuint (reply.status, ==, 404);
}

static void
test_password_hash (Fixture       *fixture,
                    gconstpointer  data)
{
  KvTestServer *server = &fixture->server;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *cookie = NULL;
  g_autofree char *csrf = NULL;
  g_auto(KvTestReply) reply = { 0 };
  const char *set_cookie;
  JsonObject *root;

  kv_test_staff_add (server, "ana", "[\"admin\"]", NULL, PASSWORD);
  hash = kv_store_get_staff_password_hash (server->store, "ana", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_null (strstr (hash, PASSWORD));

  /* Wrong password: refused, in the same words as an unknown account. */
  kv_test_request (server, "POST", "/api/v1/session",
                   "{\"username\":\"ana\",\"password\":\"" OTHER_PASSWORD "\"}",
                   NULL, NULL, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 401);
  g_assert_cmpstr (kv_test_reply_error_code (&reply), ==, "sign-in-failed");
  g_assert_null (soup_message_headers_get_one (reply.headers, "Set-Cookie"));
  {
    g_auto(KvTestReply) unknown = { 0 };

    kv_test_request (server, "POST", "/api/v1/session",
                     "{\"username\":\"nobody\",\"password\":\"" OTHER_PASSWORD "\"}",
                     NULL, NULL, NULL, &unknown);
    g_assert_cmpuint (unknown.status, ==, 401);
    g_assert_cmpstr (kv_test_reply_error_message (&unknown), ==,
                     kv_test_reply_error_message (&reply));
  }
  kv_test_reply_clear (&reply);

  /* Right password: the cookie and its attributes, the account. */
  kv_test_request (server, "POST", "/api/v1/session",
                   "{\"username\":\"ana\",\"password\":\"" PASSWORD "\"}", NULL, NULL, NULL,
                   &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  set_cookie = soup_message_headers_get_one (reply.headers, "Set-Cookie");
  g_assert_true (g_str_has_prefix (set_cookie, "kinvisit_session="));
  g_assert_cmpuint (strcspn (set_cookie + strlen ("kinvisit_session="), ";"), ==, 43);
  g_assert_nonnull (strstr (set_cookie, "; Path=/"));
  g_assert_nonnull (strstr (set_cookie, "; HttpOnly"));
  g_assert_nonnull (strstr (set_cookie, "; Secure"));
  g_assert_nonnull (strstr (set_cookie, "; SameSite=Strict"));
  root = json_node_get_object (reply.body);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "account"),
                                                  "id"), ==, "ana");
  g_assert_cmpuint (strlen (json_object_get_string_member (root, "csrf_token")), ==, 43);
  g_assert_cmpuint (kv_test_count_audit (server, "staff:ana", "staff-signed-in", NULL), ==, 1);
  kv_test_reply_clear (&reply);

  /* GET /session with the cookie: the same account and token. */
  g_assert_true (kv_test_staff_sign_in (server, "ana", PASSWORD, &cookie, &csrf));
  kv_test_request (server, "GET", "/api/v1/session", NULL, NULL, cookie, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  root = json_node_get_object (reply.body);
  g_assert_cmpstr (json_object_get_string_member (root, "csrf_token"), ==, csrf);
  kv_test_reply_clear (&reply);

  /* The cookie is a credential for the admin API (of its roles). */
  kv_test_request (server, "GET", "/api/v1/staff", NULL, NULL, cookie, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  kv_test_reply_clear (&reply);

  /* A made-up cookie of the right shape gets in past the front, no further. */
  kv_test_request (server, "GET", "/api/v1/staff", NULL, NULL,
                   "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 401);
  kv_test_reply_clear (&reply);
  /* Nor does the cookie open anything but the admin API. */
  kv_test_request (server, "GET", "/metrics", NULL, NULL, cookie, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 401);
}

static void
test_csrf (Fixture       *fixture,
           gconstpointer  data)
{
  KvTestServer *server = &fixture->server;
  g_autofree char *cookie = NULL, *csrf = NULL;
  g_auto(KvTestReply) reply = { 0 };

  kv_test_staff_add (server, "boss", "[\"admin\"]", NULL, PASSWORD);
  kv_test_staff_add (server, "ana", "[\"officer\"]", NULL, PASSWORD);
  g_assert_true (kv_test_staff_sign_in (server, "boss", PASSWORD, &cookie, &csrf));

  /* Missing, then wrong: 403 csrf, audited; nothing changed. */
  kv_test_request (server, "POST", "/api/v1/staff/ana/disable", "{}", NULL, cookie, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 403);
  g_assert_cmpstr (kv_test_reply_error_code (&reply), ==, "csrf");
  kv_test_reply_clear (&reply);
  kv_test_request (server, "POST", "/api/v1/staff/ana/disable", "{}", NULL, cookie,
                   "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &reply);
  g_assert_cmpuint (reply.status, ==, 403);
  g_assert_cmpstr (kv_test_reply_error_code (&reply), ==, "csrf");
  kv_test_reply_clear (&reply);
  g_assert_cmpuint (kv_test_count_audit (server, "staff:boss", "csrf",
                                         "POST /api/v1/staff/ana/disable"), ==, 2);
  g_assert_true (kv_test_staff_sign_in (server, "ana", PASSWORD, NULL, NULL));

  /* A read needs no token. */
  kv_test_request (server, "GET", "/api/v1/staff/ana", NULL, NULL, cookie, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  kv_test_reply_clear (&reply);

  /* The right token works, audited in the account's name. */
  kv_test_request (server, "POST", "/api/v1/staff/ana/disable", "{}", NULL, cookie, csrf, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  kv_test_reply_clear (&reply);
  g_assert_cmpuint (kv_test_count_audit (server, "staff:boss", "staff-disabled", "staff=ana"), ==, 1);

  /* The bearer token needs none. */
  kv_test_request (server, "POST", "/api/v1/staff/ana/enable", "{}", KV_TEST_ADMIN_TOKEN, NULL,
                   NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
}

static void
test_pin (Fixture       *fixture,
          gconstpointer  data)
{
  KvTestServer *server = &fixture->server;
  g_autofree char *cookie = NULL, *csrf = NULL;
  g_auto(KvTestReply) reply = { 0 };

  kv_test_staff_add (server, "ana", "[\"officer\"]", NULL, PASSWORD);
  kv_test_staff_add (server, "ben", "[\"officer\"]", NULL, PASSWORD);

  kv_test_request (server, "POST", "/api/v1/staff/ana/pin", "{\"pin\":\"12a4\"}",
                   KV_TEST_ADMIN_TOKEN, NULL, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 400);
  g_assert_cmpstr (kv_test_reply_error_field (&reply), ==, "pin");
  kv_test_reply_clear (&reply);

  kv_test_request (server, "POST", "/api/v1/staff/ana/pin", "{\"pin\":\"482913\"}",
                   KV_TEST_ADMIN_TOKEN, NULL, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (reply.body), "has_pin"));
  {
    g_autofree char *text = json_to_string (reply.body, FALSE);

    g_assert_null (strstr (text, "argon2"));
  }
  kv_test_reply_clear (&reply);
  g_assert_cmpuint (kv_test_count_audit (server, "admin", "staff-pin-set", "staff=ana"), ==, 1);

  /* Staff set their own PIN, nobody else's. */
  g_assert_true (kv_test_staff_sign_in (server, "ben", PASSWORD, &cookie, &csrf));
  kv_test_request (server, "POST", "/api/v1/staff/ben/pin", "{\"pin\":\"5555\"}", NULL, cookie,
                   csrf, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  kv_test_reply_clear (&reply);
  kv_test_request (server, "POST", "/api/v1/staff/ana/pin", "{\"pin\":\"5555\"}", NULL, cookie,
                   csrf, &reply);
  g_assert_cmpuint (reply.status, ==, 403);
}

/* The console or kinvisitctl sets a PIN: the kiosks of the account's sites
 * get their new roster at once, without signing in again, and the PIN
 * typed at the kiosk matches the hash they got. Moving a kiosk to another
 * site gives it that site's staff. */
static void
test_pin_reaches_kiosk (Fixture       *fixture,
                        gconstpointer  data)
{
  KvTestServer *server = &fixture->server;
  g_autoptr(KvTestKiosk) kiosk = NULL;
  g_autoptr(KvMessage) roster = NULL;
  g_autoptr(KvMessage) moved = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *token = NULL;
  g_auto(KvTestReply) answer = { 0 };
  const KvRosterEntry *entry;
  guint status;

  kv_test_add_site (server, "zagreb");
  kv_test_add_site (server, "split");
  reply = kv_test_admin (server, "POST", "/api/v1/kiosks",
                         "{\"id\":\"prison-1\",\"role\":\"prison\",\"site\":\"zagreb\"}",
                         KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 201);
  token = g_strdup (json_object_get_string_member (json_node_get_object (reply), "token"));
  kv_test_staff_add (server, "ana", "[\"officer\"]", "[\"zagreb\"]", PASSWORD);

  kiosk = kv_test_kiosk_sign_in (server, "prison-1", token);
  g_assert_nonnull (kiosk->roster);
  g_assert_cmpuint (kiosk->roster->staff_roster.staff->len, ==, 0);
  g_assert_cmpstr (kiosk->roster->staff_roster.time_zone, ==, "Europe/Zagreb");

  kv_test_request (server, "POST", "/api/v1/staff/ana/pin", "{\"pin\":\"482913\"}",
                   KV_TEST_ADMIN_TOKEN, NULL, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  roster = kv_test_kiosk_expect (kiosk, KV_MESSAGE_STAFF_ROSTER);
  g_assert_cmpuint (roster->staff_roster.staff->len, ==, 1);
  entry = g_ptr_array_index (roster->staff_roster.staff, 0);
  g_assert_cmpstr (entry->id, ==, "ana");
  g_assert_true (kv_pin_verify (entry->pin_hash, "482913", NULL));
  g_assert_false (kv_pin_verify (entry->pin_hash, "482914", NULL));

  g_clear_pointer (&reply, json_node_unref);
  reply = kv_test_admin (server, "PATCH", "/api/v1/kiosks/prison-1", "{\"site\":\"split\"}",
                         KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 200);
  moved = kv_test_kiosk_expect (kiosk, KV_MESSAGE_STAFF_ROSTER);
  g_assert_cmpuint (moved->staff_roster.staff->len, ==, 0);
}

static void
test_site_scope (Fixture       *fixture,
                 gconstpointer  data)
{
  KvTestServer *server = &fixture->server;
  g_autofree char *cookie = NULL, *csrf = NULL;
  g_auto(KvTestReply) reply = { 0 };
  JsonArray *staff;

  kv_test_add_site (server, "zagreb-centre");
  kv_test_add_site (server, "split-south");
  kv_test_staff_add (server, "zg-admin", "[\"admin\"]", "[\"zagreb-centre\"]", PASSWORD);
  kv_test_staff_add (server, "zg-officer", "[\"officer\"]", "[\"zagreb-centre\"]", PASSWORD);
  kv_test_staff_add (server, "st-officer", "[\"officer\"]", "[\"split-south\"]", PASSWORD);
  g_assert_true (kv_test_staff_sign_in (server, "zg-admin", PASSWORD, &cookie, &csrf));

  /* Sees and manages the accounts of its own site only. */
  kv_test_request (server, "GET", "/api/v1/staff", NULL, NULL, cookie, NULL, &reply);
  staff = json_object_get_array_member (json_node_get_object (reply.body), "staff");
  g_assert_cmpuint (json_array_get_length (staff), ==, 2);
  kv_test_reply_clear (&reply);
  kv_test_request (server, "POST", "/api/v1/staff/zg-officer/disable", "{}", NULL, cookie, csrf,
                   &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  kv_test_reply_clear (&reply);
  kv_test_request (server, "POST", "/api/v1/staff/st-officer/disable", "{}", NULL, cookie, csrf,
                   &reply);
  g_assert_cmpuint (reply.status, ==, 403);
  kv_test_reply_clear (&reply);
  g_assert_cmpuint (kv_test_count_audit (server, "staff:zg-admin", "forbidden",
                                         "POST /api/v1/staff/st-officer/disable"), ==, 1);

  /* Gives only its own sites, and makes no account of no site (an
   * organisation-wide admin). */
  kv_test_request (server, "POST", "/api/v1/staff", "{\"id\":\"x\",\"name\":\"X\","
                   "\"roles\":[\"admin\"],\"sites\":[],\"password\":\"" PASSWORD "\"}",
                   NULL, cookie, csrf, &reply);
  g_assert_cmpuint (reply.status, ==, 403);
  kv_test_reply_clear (&reply);
  kv_test_request (server, "PATCH", "/api/v1/staff/zg-officer", "{\"sites\":[\"split-south\"]}",
                   NULL, cookie, csrf, &reply);
  g_assert_cmpuint (reply.status, ==, 403);
}

/* The first admin of a fresh install, then signing in and working as
 * them: the session in docs/server.md. */
static void
test_kinvisitctl (Fixture       *fixture,
                  gconstpointer  data)
{
  KvTestServer *server = &fixture->server;
  g_autofree char *token_file = g_build_filename (server->dir, "admin.token", NULL);
  g_autofree char *config_home = g_build_filename (server->dir, "config", NULL);
  g_autofree char *ctl_dir = g_build_filename (config_home, "kinvisitctl", NULL);
  g_autoptr(GDir) dir = NULL;
  g_autofree char *session_file = NULL;
  KvTestRun run;
  GStatBuf st;

  g_assert_true (g_file_set_contents (token_file, KV_TEST_ADMIN_TOKEN "\n", -1, NULL));

  /* With the admin token. */
  kv_test_run_ctl_input (server, token_file, config_home, PASSWORD "\n", &run,
                         "staff", "add", "ana", "--name", "Ana Horvat", "--role", "admin",
                         NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "ana added"));
  kv_test_run_clear (&run);
  kv_test_run_ctl_input (server, token_file, config_home, "short\n", &run,
                         "staff", "add", "ben", "--role", "officer", "--role", "scheduler", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "too short"));
  kv_test_run_clear (&run);
  g_assert_cmpuint (kv_test_count_audit (server, "admin", "staff-added", "staff=ana"), ==, 1);

  /* Signed in: the session file, 0600, and the commands in ana's name. */
  kv_test_run_ctl_input (server, "/nonexistent", config_home, "wrong password\n", &run,
                         "sign-in", "--user", "ana", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Wrong username or password"));
  kv_test_run_clear (&run);
  kv_test_run_ctl_input (server, "/nonexistent", config_home, PASSWORD "\n", &run,
                         "sign-in", "--user", "ana", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "as ana (Ana Horvat), roles: admin"));
  kv_test_run_clear (&run);
  dir = g_dir_open (ctl_dir, 0, NULL);
  g_assert_nonnull (dir);
  session_file = g_build_filename (ctl_dir, g_dir_read_name (dir), NULL);
  g_assert_cmpint (g_stat (session_file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  kv_test_run_ctl_input (server, "/nonexistent", config_home, PASSWORD "\n", &run,
                         "staff", "add", "ben", "--role", "officer", "--role", "scheduler", NULL);
  g_assert_cmpint (run.status, ==, 0);
  kv_test_run_clear (&run);
  g_assert_cmpuint (kv_test_count_audit (server, "staff:ana", "staff-added", "staff=ben"), ==, 1);
  kv_test_run_ctl_input (server, "/nonexistent", config_home, "4821\n", &run,
                         "staff", "set-pin", "ben", NULL);
  g_assert_cmpint (run.status, ==, 0);
  kv_test_run_clear (&run);
  kv_test_run_ctl_input (server, "/nonexistent", config_home, NULL, &run, "staff", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "officer,scheduler"));
  g_assert_nonnull (strstr (run.out, "set"));
  kv_test_run_clear (&run);
  kv_test_run_ctl_input (server, "/nonexistent", config_home, NULL, &run,
                         "staff", "disable", "ben", NULL);
  g_assert_cmpint (run.status, ==, 0);
  kv_test_run_clear (&run);
  kv_test_run_ctl_input (server, "/nonexistent", config_home, NULL, &run, "whoami", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "as ana"));
  kv_test_run_clear (&run);

  /* Signed out: the file is gone and the server ended the session. */
  kv_test_run_ctl_input (server, "/nonexistent", config_home, NULL, &run, "sign-out", NULL);
  g_assert_cmpint (run.status, ==, 0);
  kv_test_run_clear (&run);
  g_assert_false (g_file_test (session_file, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (kv_test_count_audit (server, "staff:ana", "staff-signed-out", NULL), ==, 1);
  kv_test_run_ctl_input (server, "/nonexistent", config_home, NULL, &run, "staff", "list", NULL);
  g_assert_cmpint (run.status, ==, 1);
  kv_test_run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/staff/accounts", Fixture, NULL, fixture_set_up, test_accounts, fixture_tear_down);
  g_test_add ("/staff/password-hash", Fixture, NULL, fixture_set_up, test_password_hash,
              fixture_tear_down);
  g_test_add ("/staff/csrf", Fixture, NULL, fixture_set_up, test_csrf, fixture_tear_down);
  g_test_add ("/staff/pin", Fixture, NULL, fixture_set_up, test_pin, fixture_tear_down);
  g_test_add ("/staff/pin-reaches-kiosk", Fixture, NULL, fixture_set_up, test_pin_reaches_kiosk,
              fixture_tear_down);
  g_test_add ("/staff/site-scope", Fixture, NULL, fixture_set_up, test_site_scope,
              fixture_tear_down);

  g_test_add ("/staff/kinvisitctl", Fixture, NULL, fixture_set_up, test_kinvisitctl,
              fixture_tear_down);

  return g_test_run ();
}
