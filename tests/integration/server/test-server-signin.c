/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-test-server.h"
#include "kv-signalling-handler.h"

#include <string.h>

/* Kiosk sign-in: good, bad and revoked tokens, hello first or closed,
 * rate limiting (per address for unknown tokens, per kiosk for revoked
 * ones, never for valid ones), refusals audited by the minute, revocation
 * of a live socket, one connection per kiosk. */

typedef struct
{
  KvTestServer server;
  char        *token;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  kv_test_server_start (&fixture->server, "2026-12-01T09:00:00Z");
  fixture->token = kv_test_add_kiosk (&fixture->server, "community-1", "community");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  kv_test_server_clear (&fixture->server);
  g_free (fixture->token);
}

static void
send_hello (KvTestKiosk *kiosk,
            const char  *token)
{
  g_autoptr(KvMessage) hello = kv_message_new (KV_MESSAGE_HELLO);

  hello->hello.token = g_strdup (token);
  kv_test_kiosk_send (kiosk, hello);
}

static void
test_good_token (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(KvTestKiosk) kiosk = NULL;
  g_autoptr(KvMessage) ping = kv_message_new (KV_MESSAGE_PING);
  g_autoptr(KvMessage) pong = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) kiosks = NULL;

  /* The store keeps a hash, never the token. */
  kiosks = kv_store_list_kiosks (fixture->server.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kiosks->len, ==, 1);
  g_assert_cmpuint (strlen (fixture->token), ==, 43);   /* 256 bits, base64url */

  kiosk = kv_test_kiosk_sign_in (&fixture->server, "community-1", fixture->token);
  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_kiosks_signed_in"), ==, 1);

  ping->ping.client_time_us = 1764000000123000;
  kv_test_kiosk_send (kiosk, ping);
  pong = kv_test_kiosk_expect (kiosk, KV_MESSAGE_PONG);
  g_assert_cmpint (pong->pong.client_time_us, ==, 1764000000123000);
  g_assert_cmpint (pong->pong.server_time_us, ==, kv_clock_get_now (fixture->server.clock));

  kv_test_kiosk_close (kiosk);
  kv_test_iterate ();
  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_kiosks_signed_in"), ==, 0);
}

static void
test_bad_token (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(KvTestKiosk) kiosk = kv_test_kiosk_connect (&fixture->server, "x", NULL);

  send_hello (kiosk, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  kv_test_kiosk_expect_error (kiosk, KV_PROTOCOL_ERROR_BAD_TOKEN);
  kv_test_kiosk_wait_closed (kiosk);
  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_auth_failures_total"), ==, 1);
  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_kiosks_signed_in"), ==, 0);

  /* Audited with the minute's other refusals from this address. */
  g_assert_false (kv_test_audit_has (&fixture->server, "address:127.0.0.1", "sign-in-bad-token",
                                     NULL));
  kv_test_advance (&fixture->server, 60 * G_USEC_PER_SEC);
  g_assert_true (kv_test_audit_has (&fixture->server, "address:127.0.0.1", "sign-in-bad-token",
                                    NULL));
}

/* Before sign-in the first message must be hello: anything else is
 * answered and the connection closed at once, without a second chance to
 * send more junk on it. */
static void
test_not_signed_in (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(KvTestKiosk) kiosk = kv_test_kiosk_connect (&fixture->server, "x", NULL);
  g_autoptr(KvTestKiosk) other = NULL;
  g_autoptr(KvTestKiosk) binary = NULL;
  g_autoptr(KvMessage) ping = kv_message_new (KV_MESSAGE_PING);
  g_autoptr(KvMessage) start = kv_message_new (KV_MESSAGE_START);

  kv_test_kiosk_send (kiosk, ping);
  kv_test_kiosk_expect_error (kiosk, KV_PROTOCOL_ERROR_NOT_SIGNED_IN);
  kv_test_kiosk_wait_closed (kiosk);
  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_messages_rejected_total"), ==, 1);

  /* A server message is no better: not signed in either. */
  other = kv_test_kiosk_connect (&fixture->server, "x", NULL);
  start->start.booking_id = g_strdup ("b-1");
  start->start.end_us = kv_clock_get_now (fixture->server.clock);
  kv_test_kiosk_send (other, start);
  kv_test_kiosk_expect_error (other, KV_PROTOCOL_ERROR_NOT_SIGNED_IN);
  kv_test_kiosk_wait_closed (other);

  /* Nor is a binary frame, which gets the codec's answer. */
  binary = kv_test_kiosk_connect (&fixture->server, "x", NULL);
  soup_websocket_connection_send_binary (binary->connection, "\x00\x01", 2);
  kv_test_kiosk_expect_error (binary, KV_PROTOCOL_ERROR_MALFORMED);
  kv_test_kiosk_wait_closed (binary);
  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_messages_rejected_total"), ==, 3);

  /* None of this counts as a failed sign-in. */
  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_auth_failures_total"), ==, 0);
}

static void
test_rate_limited (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(KvTestKiosk) good = NULL;
  g_autoptr(KvTestKiosk) guess = NULL;

  /* Ten unknown tokens from this address in a minute... */
  for (guint i = 0; i < KV_SIGNALLING_MAX_AUTH_FAILURES; i++)
    {
      g_autoptr(KvTestKiosk) kiosk = kv_test_kiosk_connect (&fixture->server, "x", NULL);

      send_hello (kiosk, "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB");
      kv_test_kiosk_expect_error (kiosk, KV_PROTOCOL_ERROR_BAD_TOKEN);
      kv_test_kiosk_wait_closed (kiosk);
    }

  /* ...and the next unknown token gets rate-limited, */
  guess = kv_test_kiosk_connect (&fixture->server, "x", NULL);
  send_hello (guess, "EEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE");
  kv_test_kiosk_expect_error (guess, KV_PROTOCOL_ERROR_RATE_LIMITED);
  kv_test_kiosk_wait_closed (guess);
  g_clear_pointer (&guess, kv_test_kiosk_free);

  /* ...but a kiosk's own token still signs in at once (kiosks behind one
   * NAT or proxy share the address with whoever failed), */
  good = kv_test_kiosk_sign_in (&fixture->server, "community-1", fixture->token);
  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_auth_failures_total"), ==,
                   KV_SIGNALLING_MAX_AUTH_FAILURES + 1);

  /* ...and a minute later unknown tokens get a plain bad-token again. */
  kv_test_advance (&fixture->server, 61 * G_USEC_PER_SEC);
  guess = kv_test_kiosk_connect (&fixture->server, "x", NULL);
  send_hello (guess, "EEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE");
  kv_test_kiosk_expect_error (guess, KV_PROTOCOL_ERROR_BAD_TOKEN);
  kv_test_kiosk_wait_closed (guess);
}

/* The attack that locked kiosks out: junk and bad tokens from the address
 * the kiosks sign in from (a NAT, or a reverse proxy where everything comes
 * from 127.0.0.1). The kiosk signs in at once all the same. */
static void
test_junk_does_not_lock_out (Fixture       *fixture,
                             gconstpointer  user_data)
{
  static const char * const junk[] = {
    "{\"type\":\"ping\",\"client_time\":\"2026-12-01T09:00:00Z\"}",
    "{\"type\":\"confirm\",\"booking\":\"b-1\"}",
    "{\"type\":\"welcome\"}",
    "{not json",
    "[]",
  };
  g_autoptr(KvTestKiosk) good = NULL;

  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(KvTestKiosk) kiosk = kv_test_kiosk_connect (&fixture->server, "x", NULL);
      g_autoptr(KvMessage) reply = NULL;

      kv_test_kiosk_send_text (kiosk, junk[i % G_N_ELEMENTS (junk)]);
      reply = kv_test_kiosk_expect (kiosk, KV_MESSAGE_ERROR);
    }
  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(KvTestKiosk) kiosk = kv_test_kiosk_connect (&fixture->server, "x", NULL);
      g_autoptr(KvMessage) reply = NULL;

      send_hello (kiosk, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF");
      reply = kv_test_kiosk_expect (kiosk, KV_MESSAGE_ERROR);
      g_assert_true (reply->error.code == KV_PROTOCOL_ERROR_BAD_TOKEN ||
                     reply->error.code == KV_PROTOCOL_ERROR_RATE_LIMITED);
    }

  good = kv_test_kiosk_sign_in (&fixture->server, "community-1", fixture->token);
  kv_test_kiosk_assert_quiet (good);
  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_kiosks_signed_in"), ==, 1);
}

/* A revoked kiosk that keeps retrying (it does not know it was revoked)
 * is limited on its own: the kiosks and tokens that share its address are
 * not. */
static void
test_revoked_retries_do_not_lock_out (Fixture       *fixture,
                                      gconstpointer  user_data)
{
  g_autofree char *revoked_token = kv_test_add_kiosk (&fixture->server, "community-2",
                                                      "community");
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(KvTestKiosk) good = NULL;
  g_autoptr(KvTestKiosk) other = NULL;
  guint status;

  reply = kv_test_admin (&fixture->server, "POST", "/api/v1/kiosks/community-2/revoke", NULL,
                         KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 200);

  for (guint i = 0; i < 2 * KV_SIGNALLING_MAX_AUTH_FAILURES; i++)
    {
      g_autoptr(KvTestKiosk) kiosk = kv_test_kiosk_connect (&fixture->server, "community-2",
                                                            revoked_token);

      send_hello (kiosk, revoked_token);
      kv_test_kiosk_expect_error (kiosk, i < KV_SIGNALLING_MAX_AUTH_FAILURES
                                           ? KV_PROTOCOL_ERROR_BAD_TOKEN
                                           : KV_PROTOCOL_ERROR_RATE_LIMITED);
      kv_test_kiosk_wait_closed (kiosk);
    }

  /* The address is not limited: an unknown token is looked up as usual, */
  other = kv_test_kiosk_connect (&fixture->server, "x", NULL);
  send_hello (other, "GGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGG");
  kv_test_kiosk_expect_error (other, KV_PROTOCOL_ERROR_BAD_TOKEN);
  kv_test_kiosk_wait_closed (other);

  /* and the kiosk next to it signs in. */
  good = kv_test_kiosk_sign_in (&fixture->server, "community-1", fixture->token);
}

static void
test_revoked (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(KvTestKiosk) live = kv_test_kiosk_sign_in (&fixture->server, "community-1",
                                                       fixture->token);
  g_autoptr(KvTestKiosk) again = NULL;
  g_autoptr(JsonNode) reply = NULL;
  guint status;

  /* Revocation disconnects the live socket at once. */
  reply = kv_test_admin (&fixture->server, "POST", "/api/v1/kiosks/community-1/revoke", NULL,
                         KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 200);
  kv_test_kiosk_expect_error (live, KV_PROTOCOL_ERROR_BAD_TOKEN);
  kv_test_kiosk_wait_closed (live);
  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_kiosks_signed_in"), ==, 0);
  g_assert_true (kv_test_audit_has (&fixture->server, "admin", "kiosk-revoked", NULL));

  /* And the token no longer signs in. */
  again = kv_test_kiosk_connect (&fixture->server, "community-1", fixture->token);
  send_hello (again, fixture->token);
  kv_test_kiosk_expect_error (again, KV_PROTOCOL_ERROR_BAD_TOKEN);
  kv_test_kiosk_wait_closed (again);

  /* A server stopped before the minute is over still audits the attempt. */
  kv_test_server_restart (&fixture->server);
  g_assert_true (kv_test_audit_has (&fixture->server, "address:127.0.0.1", "sign-in-revoked",
                                    NULL));
}

static gint64
audit_rows_of (KvTestServer *server,
               const char   *actor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = kv_store_list_audit (server->store, G_MININT64, &error);
  gint64 n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    n += g_strcmp0 (((KvAuditEntry *) g_ptr_array_index (entries, i))->actor, actor) == 0;
  return n;
}

/* Refused requests without a token cost the database a few rows a minute,
 * not one each: junk, bad hellos and binary frames from many connections
 * become one row per kind for the address. */
static void
test_refusals_aggregated (Fixture       *fixture,
                          gconstpointer  user_data)
{
  static const char * const junk[] = {
    "{\"type\":\"ping\",\"client_time\":\"2026-12-01T09:00:00Z\"}",
    "{not json",
    "{\"type\":\"hello\",\"version\":1,\"token\":\"CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC\"}",
  };
  g_autoptr(GError) error = NULL;
  gint64 rows_before = kv_store_count_audit (fixture->server.store, &error);
  guint n = 300;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KvTestKiosk) kiosk = kv_test_kiosk_connect (&fixture->server, "x", NULL);
      g_autoptr(KvMessage) reply = NULL;

      kv_test_kiosk_send_text (kiosk, junk[i % G_N_ELEMENTS (junk)]);
      reply = kv_test_kiosk_expect (kiosk, KV_MESSAGE_ERROR);
    }
  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_messages_rejected_total"), >=, n);

  /* Nothing written yet... */
  g_assert_cmpint (audit_rows_of (&fixture->server, "address:127.0.0.1"), ==, 0);
  g_assert_cmpint (kv_store_count_audit (fixture->server.store, &error), ==, rows_before);

  /* ...and at the end of the minute, one row per kind of refusal. */
  kv_test_advance (&fixture->server, 60 * G_USEC_PER_SEC);
  g_assert_cmpint (audit_rows_of (&fixture->server, "address:127.0.0.1"), <=, KV_REFUSAL_N_KINDS);
  g_assert_true (kv_test_audit_has (&fixture->server, "address:127.0.0.1", "sign-in-bad-token",
                                    NULL));
  g_assert_true (kv_test_audit_has (&fixture->server, "address:127.0.0.1",
                                    "message-before-sign-in", NULL));
  g_assert_true (kv_test_audit_has (&fixture->server, "address:127.0.0.1", "bad-frame", NULL));
  g_assert_cmpint (kv_store_count_audit (fixture->server.store, &error) - rows_before, <=,
                   KV_REFUSAL_N_KINDS);
  g_assert_no_error (error);
}

static void
test_newest_connection_wins (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(KvTestKiosk) first = kv_test_kiosk_sign_in (&fixture->server, "community-1",
                                                        fixture->token);
  g_autoptr(KvTestKiosk) second = kv_test_kiosk_sign_in (&fixture->server, "community-1",
                                                         fixture->token);

  kv_test_kiosk_expect_error (first, KV_PROTOCOL_ERROR_INVALID_STATE);
  kv_test_kiosk_wait_closed (first);
  kv_test_kiosk_assert_quiet (second);
  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_kiosks_signed_in"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/signin/good-token", Fixture, NULL,
              fixture_set_up, test_good_token, fixture_tear_down);
  g_test_add ("/server/signin/bad-token", Fixture, NULL,
              fixture_set_up, test_bad_token, fixture_tear_down);
  g_test_add ("/server/signin/not-signed-in", Fixture, NULL,
              fixture_set_up, test_not_signed_in, fixture_tear_down);
  g_test_add ("/server/signin/rate-limited", Fixture, NULL,
              fixture_set_up, test_rate_limited, fixture_tear_down);
  g_test_add ("/server/signin/junk-does-not-lock-out", Fixture, NULL,
              fixture_set_up, test_junk_does_not_lock_out, fixture_tear_down);
  g_test_add ("/server/signin/revoked-retries-do-not-lock-out", Fixture, NULL,
              fixture_set_up, test_revoked_retries_do_not_lock_out, fixture_tear_down);
  g_test_add ("/server/signin/revoked", Fixture, NULL,
              fixture_set_up, test_revoked, fixture_tear_down);
  g_test_add ("/server/signin/refusals-aggregated", Fixture, NULL,
              fixture_set_up, test_refusals_aggregated, fixture_tear_down);
  g_test_add ("/server/signin/newest-connection-wins", Fixture, NULL,
              fixture_set_up, test_newest_connection_wins, fixture_tear_down);

  return g_test_run ();
}
