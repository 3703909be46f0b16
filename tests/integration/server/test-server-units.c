/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-admin-api.h"
#include "kv-fake-clock.h"
#include "kv-metrics.h"
#include "kv-rate-limiter.h"
#include "kv-refusal-log.h"
#include "kv-scheduler.h"
#include "kv-signalling-handler.h"
#include "kv-store.h"
#include "kv-turn.h"

#include <glib/gstdio.h>
#include <libglib-testing/signal-logger.h>
#include <sqlite3.h>
#include <string.h>

/* The server's parts on their own: TURN credentials, metrics text, the rate
 * limiter, the refusal log, the store's schema and append-only audit log,
 * the admin token comparison, and the signalling handler driven without any
 * socket. */

#define MINUTE KV_USEC_PER_MINUTE

/* A database in a new temporary directory. */
static KvStore *
open_temp_store (char **out_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kinvisit-units-XXXXXX", &error);
  g_autofree char *path = NULL;
  KvStore *store;

  g_assert_no_error (error);
  path = g_build_filename (dir, "kinvisit.db", NULL);
  store = kv_store_open (path, &error);
  g_assert_no_error (error);
  *out_dir = g_steal_pointer (&dir);
  return store;
}

static void
remove_temp_store (const char *dir)
{
  const char *names[] = { "kinvisit.db", "kinvisit.db-wal", "kinvisit.db-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *file = g_build_filename (dir, names[i], NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

static GPtrArray *
list_audit (KvStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = kv_store_list_audit (store, G_MININT64, &error);

  g_assert_no_error (error);
  return entries;
}

static KvAuditEntry *
audit_entry (GPtrArray *entries,
             guint      index)
{
  g_assert_cmpuint (index, <, entries->len);
  return g_ptr_array_index (entries, index);
}

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

/* A flood of ever-new keys (spoofed or rotating addresses) cannot grow the
 * limiter: it keeps max-keys keys, and forgets the stalest first. */
static void
test_rate_limiter_bounded (void)
{
  g_autoptr(KvClock) clock = kv_fake_clock_new_from_iso8601 ("2026-12-01T09:00:00Z");
  g_autoptr(KvRateLimiter) limiter = g_object_new (KV_TYPE_RATE_LIMITER,
                                                   "clock", clock,
                                                   "max-events", 3,
                                                   "window", 60 * G_USEC_PER_SEC,
                                                   "max-keys", 100,
                                                   NULL);

  for (guint i = 0; i < 3; i++)
    kv_rate_limiter_record (limiter, "192.0.2.1");
  g_assert_true (kv_rate_limiter_is_limited (limiter, "192.0.2.1"));

  /* 99 other keys: all fit; the first key is still limited. */
  for (guint i = 0; i < 99; i++)
    {
      g_autofree char *key = g_strdup_printf ("10.0.0.%u", i);

      kv_rate_limiter_record (limiter, key);
    }
  g_assert_cmpuint (kv_rate_limiter_get_n_keys (limiter), ==, 100);
  g_assert_true (kv_rate_limiter_is_limited (limiter, "192.0.2.1"));

  /* A new event makes a key the freshest: 99 more new keys push out the
   * first 99 others, not it. */
  kv_rate_limiter_record (limiter, "192.0.2.1");
  for (guint i = 0; i < 99; i++)
    {
      g_autofree char *key = g_strdup_printf ("10.0.1.%u", i);

      kv_rate_limiter_record (limiter, key);
    }
  g_assert_cmpuint (kv_rate_limiter_get_n_keys (limiter), ==, 100);
  g_assert_true (kv_rate_limiter_is_limited (limiter, "192.0.2.1"));
  g_assert_false (kv_rate_limiter_is_limited (limiter, "10.0.0.0"));

  /* Now it is the stalest, and the next new key pushes it out. */
  kv_rate_limiter_record (limiter, "10.0.2.0");
  g_assert_false (kv_rate_limiter_is_limited (limiter, "192.0.2.1"));

  /* 10,000 spoofed addresses later, still 100 keys. */
  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *key = g_strdup_printf ("2001:db8::%x", i);

      kv_rate_limiter_record (limiter, key);
    }
  g_assert_cmpuint (kv_rate_limiter_get_n_keys (limiter), ==, 100);
  g_assert_false (kv_rate_limiter_is_limited (limiter, "2001:db8::270f"));

  /* Forgetting and the window still free their keys. */
  kv_rate_limiter_forget (limiter, "2001:db8::270f");
  g_assert_cmpuint (kv_rate_limiter_get_n_keys (limiter), ==, 99);
  kv_fake_clock_advance_seconds (KV_FAKE_CLOCK (clock), 61);
  g_assert_false (kv_rate_limiter_is_limited (limiter, "2001:db8::270e"));
  g_assert_cmpuint (kv_rate_limiter_get_n_keys (limiter), ==, 98);

  g_assert_finalize_object (g_steal_pointer (&limiter));
  g_assert_finalize_object (g_steal_pointer (&clock));
}

/* Unauthenticated refusals are counted per (address, kind) and reach the
 * audit log once a minute, as one row per key. */
static void
test_refusal_log_minute (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KvStore) store = open_temp_store (&dir);
  g_autoptr(KvClock) clock = kv_fake_clock_new_from_iso8601 ("2026-12-01T09:00:10Z");
  g_autoptr(KvRefusalLog) log = kv_refusal_log_new (clock, store);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (kv_clock_get_n_alarms (clock), ==, 0);
  for (guint i = 0; i < 500; i++)
    kv_refusal_log_record (log, "192.0.2.7", KV_REFUSAL_SIGN_IN_BAD_TOKEN);
  kv_fake_clock_advance_seconds (KV_FAKE_CLOCK (clock), 5);
  kv_refusal_log_record (log, "192.0.2.7", KV_REFUSAL_MESSAGE_BEFORE_SIGN_IN);
  kv_refusal_log_record (log, "2001:db8::1", KV_REFUSAL_ADMIN_UNAUTHORIZED);
  /* Not an address: whatever a client might smuggle in, it is not stored. */
  kv_refusal_log_record (log, "<script>alert(1)</script>", KV_REFUSAL_BAD_FRAME);
  kv_refusal_log_record (log, NULL, KV_REFUSAL_BAD_FRAME);
  g_assert_cmpuint (kv_refusal_log_get_n_pending (log), ==, 504);
  g_assert_cmpint (kv_store_count_audit (store, &error), ==, 0);

  /* The minute ends at 09:01:00: four rows, in the order first seen. */
  kv_fake_clock_advance_seconds (KV_FAKE_CLOCK (clock), 44);
  g_assert_cmpint (kv_store_count_audit (store, &error), ==, 0);
  kv_fake_clock_advance_seconds (KV_FAKE_CLOCK (clock), 1);
  g_assert_cmpuint (kv_refusal_log_get_n_pending (log), ==, 0);
  rows = list_audit (store);
  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_cmpstr (audit_entry (rows, 0)->actor, ==, "address:192.0.2.7");
  g_assert_cmpstr (audit_entry (rows, 0)->action, ==, "sign-in-bad-token");
  g_assert_cmpstr (audit_entry (rows, 0)->details, ==, "count=500 since=2026-12-01T09:00:10Z");
  g_assert_null (audit_entry (rows, 0)->booking_id);
  g_assert_cmpint (audit_entry (rows, 0)->time_us, ==, kv_clock_get_now (clock));
  g_assert_cmpstr (audit_entry (rows, 1)->actor, ==, "address:192.0.2.7");
  g_assert_cmpstr (audit_entry (rows, 1)->action, ==, "message-before-sign-in");
  g_assert_cmpstr (audit_entry (rows, 1)->details, ==, "count=1 since=2026-12-01T09:00:15Z");
  g_assert_cmpstr (audit_entry (rows, 2)->actor, ==, "address:2001:db8::1");
  g_assert_cmpstr (audit_entry (rows, 2)->action, ==, "admin-unauthorized");
  g_assert_cmpstr (audit_entry (rows, 3)->actor, ==, "address:unknown");
  g_assert_cmpstr (audit_entry (rows, 3)->action, ==, "bad-frame");
  g_assert_cmpstr (audit_entry (rows, 3)->details, ==, "count=2 since=2026-12-01T09:00:15Z");

  /* A quiet minute writes nothing and keeps no alarm. */
  g_assert_cmpuint (kv_clock_get_n_alarms (clock), ==, 0);
  kv_fake_clock_advance_seconds (KV_FAKE_CLOCK (clock), 120);
  g_assert_cmpint (kv_store_count_audit (store, &error), ==, 4);

  /* The next refusal counts afresh. */
  kv_refusal_log_record (log, "192.0.2.7", KV_REFUSAL_SIGN_IN_BAD_TOKEN);
  kv_fake_clock_advance_seconds (KV_FAKE_CLOCK (clock), 60);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = list_audit (store);
  g_assert_cmpuint (rows->len, ==, 5);
  g_assert_cmpstr (audit_entry (rows, 4)->details, ==, "count=1 since=2026-12-01T09:03:00Z");
  g_assert_no_error (error);

  g_assert_finalize_object (g_steal_pointer (&log));
  g_assert_finalize_object (g_steal_pointer (&store));
  g_assert_finalize_object (g_steal_pointer (&clock));
  remove_temp_store (dir);
}

/* Many addresses in one minute: 64 rows, then one row for all the rest. */
static void
test_refusal_log_overflow (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KvStore) store = open_temp_store (&dir);
  g_autoptr(KvClock) clock = kv_fake_clock_new_from_iso8601 ("2026-12-01T09:00:00Z");
  g_autoptr(KvRefusalLog) log = kv_refusal_log_new (clock, store);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  KvAuditEntry *folded;

  for (guint i = 0; i < KV_REFUSAL_LOG_MAX_KEYS; i++)
    {
      g_autofree char *address = g_strdup_printf ("10.0.0.%u", i);

      kv_refusal_log_record (log, address, KV_REFUSAL_SIGN_IN_BAD_TOKEN);
    }
  /* Known keys keep counting in their own row... */
  kv_refusal_log_record (log, "10.0.0.0", KV_REFUSAL_SIGN_IN_BAD_TOKEN);
  /* ...new ones are folded, each address once, each kind counted. */
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *address = g_strdup_printf ("10.0.1.%u", i);

      kv_refusal_log_record (log, address, KV_REFUSAL_MESSAGE_BEFORE_SIGN_IN);
      kv_refusal_log_record (log, address, KV_REFUSAL_BAD_FRAME);
    }
  kv_refusal_log_record (log, "10.0.0.0", KV_REFUSAL_BAD_FRAME);

  g_assert_true (kv_refusal_log_flush (log, &error));
  g_assert_no_error (error);
  rows = list_audit (store);
  g_assert_cmpuint (rows->len, ==, KV_REFUSAL_LOG_MAX_KEYS + 1);
  g_assert_cmpstr (audit_entry (rows, 0)->details, ==, "count=2 since=2026-12-01T09:00:00Z");
  folded = audit_entry (rows, KV_REFUSAL_LOG_MAX_KEYS);
  g_assert_cmpstr (folded->actor, ==, "address:*");
  g_assert_cmpstr (folded->action, ==, "refusals-folded");
  g_assert_cmpstr (folded->details, ==,
                   "addresses=101 message-before-sign-in=100 bad-frame=101 "
                   "since=2026-12-01T09:00:00Z");

  /* A flood of spoofed addresses: still 65 rows, and bounded memory. */
  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *address = g_strdup_printf ("2001:db8::%x", i);

      kv_refusal_log_record (log, address, KV_REFUSAL_SIGN_IN_BAD_TOKEN);
    }
  g_assert_true (kv_refusal_log_flush (log, &error));
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = list_audit (store);
  g_assert_cmpuint (rows->len, ==, 2 * (KV_REFUSAL_LOG_MAX_KEYS + 1));
  g_assert_cmpstr (audit_entry (rows, rows->len - 1)->details, ==,
                   "addresses=1024+ sign-in-bad-token=4936 since=2026-12-01T09:00:00Z");

  g_assert_finalize_object (g_steal_pointer (&log));
  g_assert_finalize_object (g_steal_pointer (&store));
  g_assert_finalize_object (g_steal_pointer (&clock));
  remove_temp_store (dir);
}

/* Shutting down (the server disposes the log on SIGTERM) loses no counts. */
static void
test_refusal_log_dispose_flushes (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KvStore) store = open_temp_store (&dir);
  g_autoptr(KvClock) clock = kv_fake_clock_new_from_iso8601 ("2026-12-01T09:00:30Z");
  g_autoptr(KvRefusalLog) log = kv_refusal_log_new (clock, store);
  g_autoptr(GPtrArray) rows = NULL;

  kv_refusal_log_record (log, "192.0.2.9", KV_REFUSAL_SIGN_IN_REVOKED);
  kv_refusal_log_record (log, "192.0.2.9", KV_REFUSAL_SIGN_IN_RATE_LIMITED);
  g_assert_cmpuint (kv_clock_get_n_alarms (clock), ==, 1);
  g_assert_finalize_object (g_steal_pointer (&log));
  g_assert_cmpuint (kv_clock_get_n_alarms (clock), ==, 0);

  rows = list_audit (store);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (audit_entry (rows, 0)->action, ==, "sign-in-revoked");
  g_assert_cmpstr (audit_entry (rows, 1)->action, ==, "sign-in-rate-limited");
  g_assert_cmpint (audit_entry (rows, 1)->time_us, ==, kv_clock_get_now (clock));

  g_assert_finalize_object (g_steal_pointer (&store));
  g_assert_finalize_object (g_steal_pointer (&clock));
  remove_temp_store (dir);
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

/* A kiosk's last sign-in or sign-out and the software it named: kept as
 * sent when fit to show as is (printable UTF-8, at most 64 bytes), else
 * empty; %NULL keeps what is there. */
static void
test_kiosk_seen (void)
{
  static const struct {
    const char *sent;
    const char *kept;
  } cases[] = {
    { "kinvisit-kiosk 0.1.0", "kinvisit-kiosk 0.1.0" },
    { "kinvisit-kiosk 0.1.0 (Kovač build)", "kinvisit-kiosk 0.1.0 (Kovač build)" },
    { "0123456789012345678901234567890123456789012345678901234567890123",
      "0123456789012345678901234567890123456789012345678901234567890123" },
    { "01234567890123456789012345678901234567890123456789012345678901234", "" },
    { "kinvisit\x01", "" },
    { "kinvisit\x7f", "" },
    { "kinvisit \xff", "" },
    { "kinvisit \xe2\x80\xae" "1.0", "" },         /* right-to-left override */
    { "kinvisit\xe2\x80\xa8" "1.0", "" },          /* line separator */
    { "", "" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *token = NULL;
  g_autoptr(KvStore) store = open_temp_store (&dir);
  g_autoptr(GPtrArray) audit = NULL;

  kv_store_add_kiosk (store, "prison-1", KV_ROLE_PRISON, "Room 1", 1000, "admin", &token, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KvKioskRecord) kiosk = NULL;

      g_assert_true (kv_store_note_kiosk_seen (store, "prison-1", 2000 + i, cases[i].sent,
                                               &error));
      g_assert_no_error (error);
      kiosk = kv_store_lookup_kiosk (store, "prison-1", &error);
      g_assert_no_error (error);
      g_assert_cmpint (kiosk->last_seen_us, ==, 2000 + i);
      g_assert_cmpstr (kiosk->software, ==, cases[i].kept);
    }

  /* A sign-out keeps the software; a kiosk that is gone is no error. */
  g_assert_true (kv_store_note_kiosk_seen (store, "prison-1", 5000, "kinvisit-kiosk 0.2", &error));
  g_assert_true (kv_store_note_kiosk_seen (store, "prison-1", 6000, NULL, &error));
  g_assert_true (kv_store_note_kiosk_seen (store, "nobody", 6000, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(KvKioskRecord) kiosk = kv_store_lookup_kiosk (store, "prison-1", &error);

    g_assert_no_error (error);
    g_assert_cmpint (kiosk->last_seen_us, ==, 6000);
    g_assert_cmpstr (kiosk->software, ==, "kinvisit-kiosk 0.2");
  }
  /* Not audited: only the kiosk's addition is. */
  audit = kv_store_list_audit (store, G_MININT64, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);

  g_assert_finalize_object (g_steal_pointer (&store));
  remove_temp_store (dir);
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
  kv_store_add_kiosk (store, "prison-1", KV_ROLE_PRISON, "Room 1", 1000, "admin",&token, &error);
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
  g_autoptr(KvRefusalLog) refusal_log = NULL;
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
  refusal_log = kv_refusal_log_new (clock, store);
  handler = kv_signalling_handler_new (config, clock, store, scheduler, metrics, refusal_log);
  kv_signalling_handler_load (handler, &error);
  g_assert_no_error (error);
  gt_signal_logger_connect (logger, handler, "outbox-ready");

  kv_store_add_kiosk (store, "prison-1", KV_ROLE_PRISON, NULL, now, "admin",&prison_token, &error);
  g_assert_no_error (error);
  kv_store_add_kiosk (store, "community-1", KV_ROLE_COMMUNITY, NULL, now, "admin",&community_token, &error);
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
  out = kv_signalling_handler_add_booking (handler, booking, "admin", &error);
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
  g_assert_finalize_object (g_steal_pointer (&refusal_log));
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

static goffset
file_size (const char *path)
{
  GStatBuf buf;

  return g_stat (path, &buf) == 0 ? buf.st_size : 0;
}

/* What the database holds for good: its file once the write-ahead log is
 * checkpointed into it (the log itself is reused, and SQLite checkpoints
 * it by itself every 1000 pages). */
static goffset
database_size (const char *dir)
{
  g_autofree char *db = g_build_filename (dir, "kinvisit.db", NULL);
  g_autofree char *wal = g_build_filename (dir, "kinvisit.db-wal", NULL);

  g_assert_cmpint (raw_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL), ==, SQLITE_OK);
  return file_size (db) + file_size (wal);
}

/* 10,000 refused requests without a token, from 10,000 connections and
 * 1000 addresses: junk before sign-in and bad hellos. The audit log gets
 * a bounded number of rows, and the database grows by less than 1 MB. */
static void
test_handler_refusals_bounded (void)
{
  static const char config_data[] = "[server]\nport=0\n";
  static const char * const junk[] = {
    "{\"type\":\"hello\",\"version\":1,\"token\":\"DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD\"}",
    "{\"type\":\"ping\",\"client_time\":\"2026-12-01T09:00:00Z\"}",
    "{\"type\":\"confirm\",\"booking\":\"b-1\"}",
    "{not json",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(KvStore) store = open_temp_store (&dir);
  g_autoptr(KvClock) clock = kv_fake_clock_new_from_iso8601 ("2026-12-01T09:00:00Z");
  g_autoptr(KvServerConfig) config = NULL;
  g_autoptr(KvScheduler) scheduler = NULL;
  g_autoptr(KvMetrics) metrics = kv_metrics_new ();
  g_autoptr(KvRefusalLog) refusal_log = NULL;
  g_autoptr(KvSignallingHandler) handler = NULL;
  g_autofree char *token = NULL;
  gint64 rows_before, rows;
  goffset size_before, growth;

  config = kv_server_config_new_from_data (config_data, strlen (config_data),
                                           "[secrets]\nadmin-token=abc\n", &error);
  g_assert_no_error (error);
  scheduler = kv_scheduler_new (clock, kv_server_config_get_site_rules (config));
  refusal_log = kv_refusal_log_new (clock, store);
  handler = kv_signalling_handler_new (config, clock, store, scheduler, metrics, refusal_log);
  kv_signalling_handler_load (handler, &error);
  g_assert_no_error (error);
  kv_store_add_kiosk (store, "prison-1", KV_ROLE_PRISON, NULL, kv_clock_get_now (clock), "admin",&token,
                      &error);
  g_assert_no_error (error);
  rows_before = kv_store_count_audit (store, &error);
  size_before = database_size (dir);

  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *address = g_strdup_printf ("10.0.%u.%u", i % 1000 / 250, i % 250);
      g_autoptr(KvPeer) peer = kv_peer_new (address);
      const char *text = junk[i % G_N_ELEMENTS (junk)];
      g_autoptr(GPtrArray) out = kv_signalling_handler_handle (handler, peer, text, strlen (text));
      g_autoptr(GPtrArray) closed = NULL;
      KvEnvelope *reply;

      /* Each is answered with an error, not silently dropped. */
      g_assert_cmpuint (out->len, >=, 1);
      reply = g_ptr_array_index (out, 0);
      g_assert_true (reply->peer == peer);
      g_assert_cmpint (reply->message->type, ==, KV_MESSAGE_ERROR);
      closed = kv_signalling_handler_peer_closed (handler, peer);
    }
  g_assert_cmpint (kv_metrics_get (metrics, KV_METRIC_MESSAGES_REJECTED), >=, 10000);

  /* The minute's flush. */
  kv_fake_clock_advance (KV_FAKE_CLOCK (clock), MINUTE);
  rows = kv_store_count_audit (store, &error) - rows_before;
  g_assert_no_error (error);
  growth = database_size (dir) - size_before;
  g_test_message ("10000 refusals: %" G_GINT64_FORMAT " audit rows, %" G_GINT64_FORMAT
                  " bytes of database", rows, (gint64) growth);
  g_assert_cmpint (rows, <=, 2 * KV_REFUSAL_LOG_MAX_KEYS);
  g_assert_cmpint (rows, >, 0);
  /* The guarantee is 1 MB per 10,000; a tenth of it leaves room for
   * longer rows, and fails without the aggregation (~1 MB). */
  g_assert_cmpint (growth, <=, 1024 * 1024 / 10);

  g_assert_finalize_object (g_steal_pointer (&handler));
  g_assert_finalize_object (g_steal_pointer (&refusal_log));
  g_assert_finalize_object (g_steal_pointer (&scheduler));
  g_assert_finalize_object (g_steal_pointer (&store));
  remove_temp_store (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/units/turn-credentials", test_turn_credentials);
  g_test_add_func ("/server/units/metrics-text", test_metrics_text);
  g_test_add_func ("/server/units/rate-limiter", test_rate_limiter);
  g_test_add_func ("/server/units/rate-limiter-bounded", test_rate_limiter_bounded);
  g_test_add_func ("/server/units/refusal-log/minute", test_refusal_log_minute);
  g_test_add_func ("/server/units/refusal-log/overflow", test_refusal_log_overflow);
  g_test_add_func ("/server/units/refusal-log/dispose-flushes", test_refusal_log_dispose_flushes);
  g_test_add_func ("/server/units/token-compare", test_token_compare);
  g_test_add_func ("/server/units/store-schema", test_store_schema);
  g_test_add_func ("/server/units/kiosk-seen", test_kiosk_seen);
  g_test_add_func ("/server/units/handler-without-sockets", test_handler_without_sockets);
  g_test_add_func ("/server/units/handler-refusals-bounded", test_handler_refusals_bounded);

  return g_test_run ();
}
