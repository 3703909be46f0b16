/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-admin-api.h"
#include "kv-fake-clock.h"
#include "kv-metrics.h"
#include "kv-rate-limiter.h"
#include "kv-scheduler.h"
#include "kv-signalling-handler.h"
#include "kv-store.h"
#include "kv-turn.h"

#include <glib/gstdio.h>
#include <libglib-testing/signal-logger.h>
#include <sqlite3.h>
#include <string.h>

/* The server's parts on their own: TURN credentials, metrics text, the rate
 * limiter, the store's schema and append-only audit log, the admin token
 * comparison, and the signalling handler driven without any socket. */

#define MINUTE KV_USEC_PER_MINUTE

static void
test_turn_credentials (void)
{
  g_autofree char *username = NULL;
  g_autofree char *credential = NULL;

  /* Vector computed independently: openssl dgst -sha1 -hmac and Python's
   * hmac give the same base64 digest. */
  kv_turn_make_credentials ("north-wing-secret", "prison-1", 1764583200, &username, &credential);
  g_assert_cmpstr (username, ==, "1764583200:prison-1");
  g_assert_cmpstr (credential, ==, "08uomHatI+Mfwo1JqDkT+r3gRig=");
}

static void
test_metrics_text (void)
{
  g_autoptr(KvMetrics) metrics = kv_metrics_new ();
  g_autofree char *text = NULL;

  kv_metrics_set (metrics, KV_METRIC_KIOSKS_SIGNED_IN, 2000);
  kv_metrics_add (metrics, KV_METRIC_MESSAGES_RELAYED, 5);
  kv_metrics_count_rejection (metrics, "malformed");
  kv_metrics_count_rejection (metrics, "forbidden");
  kv_metrics_count_rejection (metrics, "forbidden");
  text = kv_metrics_render (metrics);

  g_assert_nonnull (strstr (text, "# TYPE kinvisit_kiosks_signed_in gauge\n"
                                  "kinvisit_kiosks_signed_in 2000\n"));
  g_assert_nonnull (strstr (text, "\nkinvisit_sessions_live 0\n"));
  g_assert_nonnull (strstr (text, "# TYPE kinvisit_messages_relayed_total counter\n"
                                  "kinvisit_messages_relayed_total 5\n"));
  g_assert_nonnull (strstr (text, "\nkinvisit_messages_rejected_total 3\n"));
  g_assert_nonnull (strstr (text, "\nkinvisit_auth_failures_total 0\n"));
  g_assert_nonnull (strstr (text, "kinvisit_messages_rejected_by_code_total{code=\"forbidden\"} 2\n"
                                  "kinvisit_messages_rejected_by_code_total{code=\"malformed\"} 1\n"));
  g_assert_finalize_object (g_steal_pointer (&metrics));
}

static void
test_rate_limiter (void)
{
  g_autoptr(KvClock) clock = kv_fake_clock_new_from_iso8601 ("2026-12-01T09:00:00Z");
  g_autoptr(KvRateLimiter) limiter = kv_rate_limiter_new (clock, 3, 60 * G_USEC_PER_SEC);

  for (guint i = 0; i < 3; i++)
    {
      g_assert_false (kv_rate_limiter_is_limited (limiter, "10.0.0.1"));
      kv_rate_limiter_record (limiter, "10.0.0.1");
      kv_fake_clock_advance_seconds (KV_FAKE_CLOCK (clock), 10);
    }
  g_assert_true (kv_rate_limiter_is_limited (limiter, "10.0.0.1"));
  g_assert_false (kv_rate_limiter_is_limited (limiter, "10.0.0.2"));

  /* The first failure leaves the window 60 s after it happened. */
  kv_fake_clock_advance_seconds (KV_FAKE_CLOCK (clock), 30);
  g_assert_false (kv_rate_limiter_is_limited (limiter, "10.0.0.1"));

  g_assert_finalize_object (g_steal_pointer (&limiter));
  g_assert_finalize_object (g_steal_pointer (&clock));
}

static void
test_token_compare (void)
{
  g_assert_true (kv_admin_api_token_equal ("secret-token", "secret-token"));
  g_assert_false (kv_admin_api_token_equal ("secret-token", "secret-tokeN"));
  g_assert_false (kv_admin_api_token_equal ("secret-token", "secret-token2"));
  g_assert_false (kv_admin_api_token_equal ("secret-token", ""));
  g_assert_false (kv_admin_api_token_equal ("", ""));
  g_assert_false (kv_admin_api_token_equal (NULL, "x"));
}

static int
raw_exec (const char *path,
          const char *sql,
          char      **out_message)
{
  sqlite3 *db = NULL;
  int rc;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  rc = sqlite3_exec (db, sql, NULL, NULL, out_message);
  sqlite3_close (db);
  return rc;
}

static void
test_store_schema (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kinvisit-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "kinvisit.db", NULL);
  g_autofree char *token = NULL;
  g_autoptr(KvStore) store = NULL;
  g_autoptr(KvKioskRecord) kiosk = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  char *message = NULL;
  int rc;

  g_assert_no_error (error);
  store = kv_store_open (path, &error);
  g_assert_no_error (error);
  kv_store_add_kiosk (store, "prison-1", KV_ROLE_PRISON, "Room 1", 1000, &token, &error);
  g_assert_no_error (error);

  /* Only the token's hash is stored, and it finds the kiosk. */
  kiosk = kv_store_lookup_kiosk_by_token (store, token, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kiosk->id, ==, "prison-1");
  g_assert_null (kv_store_lookup_kiosk_by_token (store, "not-the-token", &error));
  g_assert_error (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_finalize_object (g_steal_pointer (&store));

  /* The audit log refuses UPDATE and DELETE, even from outside. */
  rc = raw_exec (path, "UPDATE audit SET actor = 'me'", &message);
  g_assert_cmpint (rc, !=, SQLITE_OK);
  g_assert_nonnull (strstr (message, "append-only"));
  sqlite3_free (message);
  rc = raw_exec (path, "DELETE FROM audit", &message);
  g_assert_cmpint (rc, !=, SQLITE_OK);
  sqlite3_free (message);
  g_assert_cmpint (raw_exec (path, "SELECT * FROM kiosks WHERE token_hash LIKE '%' || 'x'", NULL),
                   ==, SQLITE_OK);

  /* Reopening keeps everything; the schema version is recorded. */
  store = kv_store_open (path, &error);
  g_assert_no_error (error);
  audit = kv_store_list_audit (store, G_MININT64, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);
  g_assert_cmpstr (((KvAuditEntry *) g_ptr_array_index (audit, 0))->action, ==, "kiosk-added");
  g_assert_null (strstr (((KvAuditEntry *) g_ptr_array_index (audit, 0))->details, "Room"));
  g_assert_finalize_object (g_steal_pointer (&store));

  /* A database from a newer server is refused, not damaged. */
  g_assert_cmpint (raw_exec (path, "PRAGMA user_version = 99", NULL), ==, SQLITE_OK);
  g_assert_null (kv_store_open (path, &error));
  g_assert_error (error, KV_STORE_ERROR, KV_STORE_ERROR_TOO_NEW);

  for (const char *suffix = ""; suffix != NULL;
       suffix = g_str_equal (suffix, "") ? "-wal" : g_str_equal (suffix, "-wal") ? "-shm"
              : g_str_equal (suffix, "-shm") ? ".lock" : NULL)
    {
      g_autofree char *file = g_strconcat (path, suffix, NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

/* The handler alone: bytes in, envelopes out, no socket anywhere. */
static void
test_handler_without_sockets (void)
{
  static const char config_data[] = "[server]\nport=0\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kinvisit-handler-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "kinvisit.db", NULL);
  g_autoptr(KvClock) clock = kv_fake_clock_new_from_iso8601 ("2026-12-01T09:00:00Z");
  g_autoptr(KvServerConfig) config = NULL;
  g_autoptr(KvStore) store = NULL;
  g_autoptr(KvScheduler) scheduler = NULL;
  g_autoptr(KvMetrics) metrics = kv_metrics_new ();
  g_autoptr(KvSignallingHandler) handler = NULL;
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autoptr(KvPeer) prison = kv_peer_new ("10.0.0.1");
  g_autoptr(KvPeer) community = kv_peer_new ("10.0.0.2");
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(KvBooking) booking = NULL;
  g_autofree char *prison_token = NULL;
  g_autofree char *community_token = NULL;
  g_autofree char *hello = NULL;
  g_autofree char *sdp = NULL;
  KvEnvelope *envelope;
  gint64 now = kv_clock_get_now (clock);

  g_assert_no_error (error);
  config = kv_server_config_new_from_data (config_data, strlen (config_data),
                                           "[secrets]\nadmin-token=abc\n", &error);
  g_assert_no_error (error);
  store = kv_store_open (path, &error);
  g_assert_no_error (error);
  scheduler = kv_scheduler_new (clock, kv_server_config_get_site_rules (config));
  handler = kv_signalling_handler_new (config, clock, store, scheduler, metrics);
  kv_signalling_handler_load (handler, &error);
  g_assert_no_error (error);
  gt_signal_logger_connect (logger, handler, "outbox-ready");

  kv_store_add_kiosk (store, "prison-1", KV_ROLE_PRISON, NULL, now, &prison_token, &error);
  g_assert_no_error (error);
  kv_store_add_kiosk (store, "community-1", KV_ROLE_COMMUNITY, NULL, now, &community_token, &error);
  g_assert_no_error (error);

  /* Sign-in: welcome then schedule, both to the peer that said hello. */
  hello = g_strdup_printf ("{\"type\":\"hello\",\"version\":1,\"token\":\"%s\"}", prison_token);
  out = kv_signalling_handler_handle (handler, prison, hello, strlen (hello));
  g_assert_cmpuint (out->len, ==, 2);
  envelope = g_ptr_array_index (out, 0);
  g_assert_true (envelope->peer == prison);
  g_assert_cmpint (envelope->message->type, ==, KV_MESSAGE_WELCOME);
  g_assert_cmpint (((KvEnvelope *) g_ptr_array_index (out, 1))->message->type, ==,
                   KV_MESSAGE_SCHEDULE);
  g_assert_cmpstr (prison->kiosk_id, ==, "prison-1");
  g_clear_pointer (&out, g_ptr_array_unref);
  g_free (hello);
  hello = g_strdup_printf ("{\"type\":\"hello\",\"version\":1,\"token\":\"%s\"}", community_token);
  g_clear_pointer (&out, g_ptr_array_unref);
  out = kv_signalling_handler_handle (handler, community, hello, strlen (hello));
  g_clear_pointer (&out, g_ptr_array_unref);

  /* A booking 5 minutes ahead: inside the join window at once, so both
   * kiosks get a new schedule and a join. */
  booking = kv_booking_new ("b-1", "prison-1", "community-1", now + 5 * MINUTE,
                            now + 35 * MINUTE, "Dad", "Lena", KV_AGE_BAND_4_7);
  out = kv_signalling_handler_add_booking (handler, booking, &error);
  g_assert_no_error (error);
  g_assert_nonnull (out);
  {
    guint joins = 0;

    for (guint i = 0; i < out->len; i++)
      {
        envelope = g_ptr_array_index (out, i);
        if (envelope->message->type == KV_MESSAGE_JOIN)
          {
            joins++;
            g_assert_cmpint (envelope->message->join.offerer, ==, envelope->peer == prison);
          }
      }
    g_assert_cmpuint (joins, ==, 2);
  }
  g_clear_pointer (&out, g_ptr_array_unref);
  gt_signal_logger_assert_no_emissions (logger);

  /* sdp from the prison goes to the community kiosk only. */
  {
    g_autoptr(KvMessage) message = kv_message_new (KV_MESSAGE_SDP);

    message->sdp.booking_id = g_strdup ("b-1");
    message->sdp.generation = 1;
    message->sdp.sdp_type = KV_SDP_OFFER;
    message->sdp.sdp = g_strdup ("v=0\r\n");
    sdp = kv_message_serialize (message, NULL);
  }
  out = kv_signalling_handler_handle (handler, prison, sdp, strlen (sdp));
  g_assert_cmpuint (out->len, ==, 1);
  envelope = g_ptr_array_index (out, 0);
  g_assert_true (envelope->peer == community);
  g_assert_cmpint (envelope->message->type, ==, KV_MESSAGE_SDP);
  g_clear_pointer (&out, g_ptr_array_unref);
  g_assert_cmpint (kv_metrics_get (metrics, KV_METRIC_MESSAGES_RELAYED), ==, 1);

  /* The start comes from the clock, not from a call: outbox-ready. The
   * session cannot go live without confirmation: it ends as a no-show at
   * the slot end instead. */
  kv_fake_clock_advance (KV_FAKE_CLOCK (clock), 35 * MINUTE);
  gt_signal_logger_assert_emission_pop (logger, handler, "outbox-ready", NULL);
  out = kv_signalling_handler_take_outbox (handler);
  {
    gboolean ended = FALSE;

    for (guint i = 0; i < out->len; i++)
      {
        envelope = g_ptr_array_index (out, i);
        if (envelope->message->type == KV_MESSAGE_END)
          {
            g_assert_cmpint (envelope->message->end.outcome, ==, KV_OUTCOME_NO_SHOW);
            ended = TRUE;
          }
      }
    g_assert_true (ended);
  }
  g_clear_pointer (&out, g_ptr_array_unref);
  while (gt_signal_logger_get_n_emissions (logger) > 0)
    gt_signal_logger_assert_emission_pop (logger, handler, "outbox-ready", NULL);

  out = kv_signalling_handler_peer_closed (handler, prison);
  g_clear_pointer (&out, g_ptr_array_unref);
  g_assert_false (kv_signalling_handler_is_signed_in (handler, "prison-1"));

  g_clear_pointer (&logger, gt_signal_logger_free);
  g_assert_finalize_object (g_steal_pointer (&handler));
  g_assert_finalize_object (g_steal_pointer (&scheduler));
  g_assert_finalize_object (g_steal_pointer (&store));
  for (const char *suffix = ""; suffix != NULL;
       suffix = g_str_equal (suffix, "") ? "-wal" : g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *file = g_strconcat (path, suffix, NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/units/turn-credentials", test_turn_credentials);
  g_test_add_func ("/server/units/metrics-text", test_metrics_text);
  g_test_add_func ("/server/units/rate-limiter", test_rate_limiter);
  g_test_add_func ("/server/units/token-compare", test_token_compare);
  g_test_add_func ("/server/units/store-schema", test_store_schema);
  g_test_add_func ("/server/units/handler-without-sockets", test_handler_without_sockets);

  return g_test_run ();
}
