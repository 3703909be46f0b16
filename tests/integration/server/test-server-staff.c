/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-test-raw.h"
#include "kv-test-staff.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

/* Staff accounts, sign-in, console sessions and CSRF over real HTTP, with
 * the fake clock for expiries and throttling windows. */

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
assert_throttled (KvTestServer *server,
                  const char   *username,
                  const char   *password,
                  char        **inout_message)
{
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\"}",
                                           username, password);
  g_auto(KvTestReply) reply = { 0 };
  const char *retry_after;

  kv_test_request (server, "POST", "/api/v1/session", body, NULL, NULL, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 429);
  retry_after = soup_message_headers_get_one (reply.headers, "Retry-After");
  g_assert_nonnull (retry_after);
  g_assert_cmpint (g_ascii_strtoll (retry_after, NULL, 10), >, 0);
  g_assert_cmpint (g_ascii_strtoll (retry_after, NULL, 10), <=, 15 * 60);
  if (*inout_message == NULL)
    *inout_message = g_strdup (kv_test_reply_error_message (&reply));
  else
    g_assert_cmpstr (kv_test_reply_error_message (&reply), ==, *inout_message);
}

static void
fail_sign_in (KvTestServer *server,
              const char   *username)
{
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"wrong "
                                           "password!\"}", username);
  g_auto(KvTestReply) reply = { 0 };

  kv_test_request (server, "POST", "/api/v1/session", body, NULL, NULL, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 401);
}

static void
test_throttle_account (Fixture       *fixture,
                       gconstpointer  data)
{
  KvTestServer *server = &fixture->server;
  g_autofree char *message = NULL;

  kv_test_staff_add (server, "ana", "[\"officer\"]", NULL, PASSWORD);
  for (guint i = 0; i < 5; i++)
    fail_sign_in (server, "ana");
  /* Even the right password now waits, and says nothing of the account. */
  assert_throttled (server, "ana", PASSWORD, &message);
  g_assert_cmpuint (kv_test_count_audit (server, "staff:ana", "staff-sign-in-locked", NULL), ==, 1);

  for (guint i = 0; i < 5; i++)
    fail_sign_in (server, "nobody");
  assert_throttled (server, "nobody", PASSWORD, &message);

  /* Another account from the same address is not locked out. */
  kv_test_staff_add (server, "ben", "[\"officer\"]", NULL, PASSWORD);
  g_assert_true (kv_test_staff_sign_in (server, "ben", PASSWORD, NULL, NULL));

  /* The window moves on. */
  kv_test_advance (server, 15 * G_TIME_SPAN_MINUTE);
  g_assert_true (kv_test_staff_sign_in (server, "ana", PASSWORD, NULL, NULL));
}

/* With the limits from [staff], smaller than the defaults so the test
 * needs fewer (slow, on purpose) password checks. */
static void
fixture_set_up_small_limits (Fixture       *fixture,
                             gconstpointer  data)
{
  static const char config[] =
    "[server]\n"
    "listen-address=127.0.0.1\n"
    "port=0\n"
    "[turn]\n"
    "urls=turn:127.0.0.1:3478?transport=udp\n"
    "[staff]\n"
    "sign-in-failures-per-account=3\n"
    "sign-in-failures-per-address=6\n"
    "sign-in-window-minutes=5\n";

  kv_test_server_start_with_config (&fixture->server, "2026-12-01T09:00:00Z", config, NULL);
}

static void
test_throttle_address (Fixture       *fixture,
                       gconstpointer  data)
{
  KvTestServer *server = &fixture->server;
  g_autofree char *message = NULL;

  kv_test_staff_add (server, "ana", "[\"officer\"]", NULL, PASSWORD);
  /* Two failures each for three names: no account is over its limit of
   * three, the address is at its six. */
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *name = g_strdup_printf ("guess%u", i % 3);

      fail_sign_in (server, name);
    }
  assert_throttled (server, "ana", PASSWORD, &message);
  g_assert_cmpuint (kv_test_count_audit (server, "address:127.0.0.1", "staff-sign-in-locked",
                                         NULL), ==, 1);
  kv_test_advance (server, 5 * G_TIME_SPAN_MINUTE);
  g_assert_true (kv_test_staff_sign_in (server, "ana", PASSWORD, NULL, NULL));
}

static guint
session_status (KvTestServer *server,
                const char   *cookie)
{
  g_auto(KvTestReply) reply = { 0 };

  kv_test_request (server, "GET", "/api/v1/session", NULL, NULL, cookie, NULL, &reply);
  return reply.status;
}

static void
test_expiry (Fixture       *fixture,
             gconstpointer  data)
{
  KvTestServer *server = &fixture->server;
  g_autofree char *cookie = NULL;
  g_autofree char *second = NULL;

  kv_test_staff_add (server, "ana", "[\"officer\"]", NULL, PASSWORD);

  /* Idle: used within 30 minutes, it lives on; unused for 30, it ends. */
  g_assert_true (kv_test_staff_sign_in (server, "ana", PASSWORD, &cookie, NULL));
  kv_test_advance (server, 29 * G_TIME_SPAN_MINUTE);
  g_assert_cmpuint (session_status (server, cookie), ==, 200);
  kv_test_advance (server, 29 * G_TIME_SPAN_MINUTE);
  g_assert_cmpuint (session_status (server, cookie), ==, 200);
  kv_test_advance (server, 30 * G_TIME_SPAN_MINUTE);
  g_assert_cmpuint (session_status (server, cookie), ==, 401);

  /* A session nobody presents again is swept by the next sign-in. */
  {
    g_autofree char *forgotten = NULL;
    g_autofree char *next = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(KvStaffSessionRecord) record = NULL;

    g_assert_true (kv_test_staff_sign_in (server, "ana", PASSWORD, &forgotten, NULL));
    kv_test_advance (server, 31 * G_TIME_SPAN_MINUTE);
    g_assert_true (kv_test_staff_sign_in (server, "ana", PASSWORD, &next, NULL));
    record = kv_store_lookup_staff_session (server->store, forgotten, &error);
    g_assert_error (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND);
    g_assert_null (record);
  }

  /* Absolute: however busy, 12 hours after signing in. */
  g_assert_true (kv_test_staff_sign_in (server, "ana", PASSWORD, &second, NULL));
  for (guint i = 0; i < 35; i++)
    {
      kv_test_advance (server, 20 * G_TIME_SPAN_MINUTE);
      g_assert_cmpuint (session_status (server, second), ==, 200);
    }
  kv_test_advance (server, 20 * G_TIME_SPAN_MINUTE);
  g_assert_cmpuint (session_status (server, second), ==, 401);
}

static void
test_revocation (Fixture       *fixture,
                 gconstpointer  data)
{
  KvTestServer *server = &fixture->server;
  g_autofree char *cookie = NULL, *csrf = NULL;
  g_autofree char *other = NULL;
  g_autofree char *third = NULL;
  g_auto(KvTestReply) reply = { 0 };

  kv_test_staff_add (server, "ana", "[\"officer\"]", NULL, PASSWORD);

  /* Sign-out. */
  g_assert_true (kv_test_staff_sign_in (server, "ana", PASSWORD, &cookie, &csrf));
  g_assert_true (kv_test_staff_sign_in (server, "ana", PASSWORD, &other, NULL));
  kv_test_request (server, "DELETE", "/api/v1/session", NULL, NULL, cookie, csrf, &reply);
  g_assert_cmpuint (reply.status, ==, 204);
  kv_test_reply_clear (&reply);
  g_assert_cmpuint (session_status (server, cookie), ==, 401);
  g_assert_cmpuint (kv_test_count_audit (server, "staff:ana", "staff-signed-out", NULL), ==, 1);
  /* Only that session. */
  g_assert_cmpuint (session_status (server, other), ==, 200);

  /* Disabling the account ends its sessions at once. */
  kv_test_request (server, "POST", "/api/v1/staff/ana/disable", "{}", KV_TEST_ADMIN_TOKEN, NULL,
                   NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  kv_test_reply_clear (&reply);
  g_assert_cmpuint (session_status (server, other), ==, 401);
  kv_test_request (server, "POST", "/api/v1/staff/ana/enable", "{}", KV_TEST_ADMIN_TOKEN, NULL,
                   NULL, &reply);
  kv_test_reply_clear (&reply);
  g_assert_cmpuint (session_status (server, other), ==, 401);

  /* So does resetting its password; the new one works, the old not. */
  g_assert_true (kv_test_staff_sign_in (server, "ana", PASSWORD, &third, NULL));
  kv_test_request (server, "POST", "/api/v1/staff/ana/password",
                   "{\"password\":\"" OTHER_PASSWORD "\"}", KV_TEST_ADMIN_TOKEN, NULL, NULL,
                   &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  kv_test_reply_clear (&reply);
  g_assert_cmpuint (session_status (server, third), ==, 401);
  g_assert_false (kv_test_staff_sign_in (server, "ana", PASSWORD, NULL, NULL));
  g_assert_true (kv_test_staff_sign_in (server, "ana", OTHER_PASSWORD, NULL, NULL));
  g_assert_cmpuint (kv_test_count_audit (server, "admin", "staff-password-set", "staff=ana"), ==, 1);
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

/* A client that leaves while its password is being checked: the answer
 * has nowhere to go, and the server goes on. */
static void
test_client_gone (Fixture       *fixture,
                  gconstpointer  data)
{
  KvTestServer *server = &fixture->server;
  static const char body[] = "{\"username\":\"ana\",\"password\":\"" PASSWORD "\"}";
  g_autofree char *request = NULL;

  kv_test_staff_add (server, "ana", "[\"officer\"]", NULL, PASSWORD);
  request = g_strdup_printf ("POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                             strlen (body), body);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(KvTestRaw) raw = kv_test_raw_connect (server, NULL);

      kv_test_raw_send_text (raw, request);
      kv_test_iterate ();
    }
  /* The password threads take jobs in order: by the time these are
   * answered, the abandoned ones are done. */
  for (guint i = 0; i < 3; i++)
    g_assert_true (kv_test_staff_sign_in (server, "ana", PASSWORD, NULL, NULL));
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
  g_test_add ("/staff/throttle-account", Fixture, NULL, fixture_set_up, test_throttle_account,
              fixture_tear_down);
  g_test_add ("/staff/throttle-address", Fixture, NULL, fixture_set_up_small_limits,
              test_throttle_address, fixture_tear_down);
  g_test_add ("/staff/expiry", Fixture, NULL, fixture_set_up, test_expiry, fixture_tear_down);
  g_test_add ("/staff/revocation", Fixture, NULL, fixture_set_up, test_revocation,
              fixture_tear_down);
  g_test_add ("/staff/csrf", Fixture, NULL, fixture_set_up, test_csrf, fixture_tear_down);
  g_test_add ("/staff/pin", Fixture, NULL, fixture_set_up, test_pin, fixture_tear_down);
  g_test_add ("/staff/site-scope", Fixture, NULL, fixture_set_up, test_site_scope,
              fixture_tear_down);

  g_test_add ("/staff/client-gone", Fixture, NULL, fixture_set_up, test_client_gone,
              fixture_tear_down);
  g_test_add ("/staff/kinvisitctl", Fixture, NULL, fixture_set_up, test_kinvisitctl,
              fixture_tear_down);

  return g_test_run ();
}
