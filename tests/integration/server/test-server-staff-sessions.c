/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-test-raw.h"
#include "kv-test-staff.h"

#include <string.h>

/* Staff console sessions over real HTTP, with the fake clock: sign-in
 * throttling per account and per address, idle and absolute expiry,
 * revocation, and a client that leaves mid-check. */

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

/* Signing in carries no CSRF token, so only a JSON body is taken: another
 * site's form cannot sign a browser in to an account of its choosing. */
static void
test_sign_in_needs_json (Fixture       *fixture,
                         gconstpointer  data)
{
  KvTestServer *server = &fixture->server;
  g_autofree char *body = g_strdup_printf ("{\"username\":\"ana\",\"password\":\"%s\"}",
                                           PASSWORD);
  g_auto(KvTestReply) reply = { 0 };

  kv_test_staff_add (server, "ana", "[\"officer\"]", NULL, PASSWORD);
  kv_test_request_as_type (server, "POST", "/api/v1/session", "text/plain", body, NULL, NULL,
                           NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 415);
  g_assert_null (soup_message_headers_get_one (reply.headers, "Set-Cookie"));
  kv_test_reply_clear (&reply);
  kv_test_request (server, "POST", "/api/v1/session", body, NULL, NULL, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/staff-sessions/throttle-account", Fixture, NULL, fixture_set_up,
              test_throttle_account, fixture_tear_down);
  g_test_add ("/staff-sessions/throttle-address", Fixture, NULL, fixture_set_up_small_limits,
              test_throttle_address, fixture_tear_down);
  g_test_add ("/staff-sessions/expiry", Fixture, NULL, fixture_set_up, test_expiry,
              fixture_tear_down);
  g_test_add ("/staff-sessions/revocation", Fixture, NULL, fixture_set_up, test_revocation,
              fixture_tear_down);
  g_test_add ("/staff-sessions/sign-in-needs-json", Fixture, NULL, fixture_set_up,
              test_sign_in_needs_json, fixture_tear_down);
  g_test_add ("/staff-sessions/client-gone", Fixture, NULL, fixture_set_up, test_client_gone,
              fixture_tear_down);

  return g_test_run ();
}
