/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-retention.h"
#include "kv-test-server.h"

#include <sqlite3.h>
#include <string.h>

/* Retention: finished bookings become anonymous monthly counts after
 * [retention] bookings-days, audit rows go after audit-days from the
 * oldest end with the hash chain still verifying, never a future or live
 * booking, in batches that give the main loop back, every day at 03:00 UTC
 * by the (fake) clock and when staff ask. */

#define MINUTE KV_USEC_PER_MINUTE
#define HOUR (60 * MINUTE)
#define DAY (24 * HOUR)

/* Now: 2026-12-01T09:00:00Z. Bookings go 30 days after their visit, audit
 * rows after 60 days. */
static const char config[] =
  "[server]\n"
  "listen-address=127.0.0.1\n"
  "port=0\n"
  "[retention]\n"
  "bookings-days=30\n"
  "audit-days=60\n";

typedef struct
{
  KvTestServer server;
  gint64       now;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  kv_test_server_start_with_config (&fixture->server, "2026-12-01T09:00:00Z", config, NULL);
  fixture->now = kv_clock_get_now (fixture->server.clock);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  kv_test_server_clear (&fixture->server);
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

static gint64
raw_count (Fixture    *fixture,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (fixture->server.db_path, &db, SQLITE_OPEN_READONLY, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* The rows of visit_counts, one "month prison community outcome visits
 * minutes lost makeup" line each, in order. */
static char *
visit_counts (Fixture *fixture)
{
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (fixture->server.db_path, &db, SQLITE_OPEN_READONLY, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT * FROM visit_counts ORDER BY 1, 2, 3, 4", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        g_string_append_printf (out, "%s%s", i > 0 ? " " : "",
                                (const char *) sqlite3_column_text (stmt, i));
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
add_booking (Fixture    *fixture,
             const char *id,
             const char *prison,
             const char *community,
             gint64      start_us,
             guint       minutes)
{
  g_autoptr(KvBooking) booking = kv_booking_new (id, prison, community, start_us,
                                                 start_us + minutes * MINUTE, "Dad", "Lena",
                                                 KV_AGE_BAND_4_7);
  g_autoptr(GError) error = NULL;

  kv_store_add_booking (fixture->server.store, booking, fixture->now, "admin", &error);
  g_assert_no_error (error);
}

static void
save_session (Fixture        *fixture,
              const char     *id,
              KvSessionState  state,
              KvOutcome       outcome,
              gint64          ended_at_us,
              gint64          lost_us,
              gint64          makeup_us,
              const char     *reason)
{
  KvSessionSnapshot snapshot = {
    .state = state,
    .outcome = outcome,
    .present = KV_SIDE_BOTH,
    .confirmed = KV_SIDE_BOTH,
    .ended_at_us = ended_at_us,
    .lost_us = lost_us,
    .makeup_us = makeup_us,
    .end_reason = (char *) reason,
  };
  g_autoptr(GError) error = NULL;

  kv_store_save_session (fixture->server.store, id, &snapshot, fixture->now, "scheduler", NULL,
                         NULL, &error);
  g_assert_no_error (error);
}

/* A visit with a staff goodbye, a pause and a mute, as the server stores
 * them: the pause and mute rows open, then close. */
static void
save_staff_end_with_pauses (Fixture    *fixture,
                            const char *id,
                            gint64      ended_at_us)
{
  KvSessionSnapshot snapshot = {
    .state = KV_SESSION_STATE_LIVE,
    .outcome = KV_OUTCOME_NONE,
    .present = KV_SIDE_BOTH,
    .confirmed = KV_SIDE_BOTH,
    .prison_pause = KV_PAUSE_CATEGORY_ADULT_NEEDS_A_MOMENT,
    .muted = KV_SIDE_COMMUNITY,
    .supervised = TRUE,
    .child_alerts = 1,
  };
  g_autoptr(GError) error = NULL;

  kv_store_save_session (fixture->server.store, id, &snapshot, ended_at_us - 10 * MINUTE,
                         "kiosk:prison-1", NULL, NULL, &error);
  g_assert_no_error (error);
  snapshot.state = KV_SESSION_STATE_ENDED;
  snapshot.outcome = KV_OUTCOME_ENDED_BY_STAFF;
  snapshot.ended_at_us = ended_at_us;
  snapshot.lost_us = 90 * G_USEC_PER_SEC;
  snapshot.makeup_us = 60 * G_USEC_PER_SEC;
  snapshot.prison_pause = KV_PAUSE_CATEGORY_NONE;
  snapshot.muted = KV_SIDE_NONE;
  snapshot.end_reason = (char *) "Lena was tired";
  snapshot.end_category = KV_END_CATEGORY_CHILD_UPSET;
  snapshot.end_side = KV_SIDE_PRISON;
  snapshot.end_actor = (char *) "kiosk:prison-1";
  snapshot.end_requested_us = ended_at_us - MINUTE;
  snapshot.staff_goodbye_us = ended_at_us - MINUTE;
  snapshot.staff_end_us = ended_at_us;
  kv_store_save_session (fixture->server.store, id, &snapshot, ended_at_us, "kiosk:prison-1",
                         NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Old, recent, live and future bookings, and 1200 audit rows from long
 * ago at the start of the log. */
static void
add_history (Fixture *fixture)
{
  g_autoptr(GPtrArray) old = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_audit_entry_free);
  g_autoptr(GError) error = NULL;
  gint64 now = fixture->now;

  for (guint i = 0; i < 1200; i++)
    g_ptr_array_add (old, kv_audit_entry_new (now - 100 * DAY + i, "scheduler", "session-live",
                                              "b-gone", "from=ready"));
  kv_store_append_audit_batch (fixture->server.store, old, &error);
  g_assert_no_error (error);

  g_free (kv_test_add_kiosk (&fixture->server, "prison-1", "prison"));
  g_free (kv_test_add_kiosk (&fixture->server, "community-1", "community"));
  g_free (kv_test_add_kiosk (&fixture->server, "prison-2", "prison"));
  g_free (kv_test_add_kiosk (&fixture->server, "community-2", "community"));

  /* October 2026, over for more than 30 days: these go. */
  add_booking (fixture, "b-staff-end", "prison-1", "community-1", now - 40 * DAY + HOUR, 30);
  save_session (fixture, "b-staff-end", KV_SESSION_STATE_ENDED, KV_OUTCOME_ENDED_BY_STAFF,
                now - 40 * DAY + HOUR + 20 * MINUTE, 90 * G_USEC_PER_SEC, 60 * G_USEC_PER_SEC,
                "Safeguarding concern about Lena");
  save_staff_end_with_pauses (fixture, "b-staff-end", now - 40 * DAY + HOUR + 20 * MINUTE);
  add_booking (fixture, "b-done-1", "prison-1", "community-1", now - 40 * DAY + 3 * HOUR, 30);
  save_session (fixture, "b-done-1", KV_SESSION_STATE_ENDED, KV_OUTCOME_COMPLETED,
                now - 40 * DAY + 3 * HOUR + 31 * MINUTE, 30 * G_USEC_PER_SEC,
                60 * G_USEC_PER_SEC, NULL);
  add_booking (fixture, "b-done-2", "prison-1", "community-1", now - 39 * DAY, 45);
  save_session (fixture, "b-done-2", KV_SESSION_STATE_ENDED, KV_OUTCOME_COMPLETED,
                now - 39 * DAY + 45 * MINUTE, 0, 0, NULL);
  add_booking (fixture, "b-cancelled", "prison-2", "community-2", now - 35 * DAY, 20);
  kv_store_cancel_booking (fixture->server.store, "b-cancelled", now - 36 * DAY, "admin", &error);
  g_assert_no_error (error);
  /* The server was not running for it: no session was ever stored. */
  add_booking (fixture, "b-never-run", "prison-2", "community-2", now - 50 * DAY, 20);

  /* These stay: over for less than 30 days, live, ahead. */
  add_booking (fixture, "b-recent", "prison-1", "community-1", now - 10 * DAY, 30);
  save_session (fixture, "b-recent", KV_SESSION_STATE_ENDED, KV_OUTCOME_COMPLETED,
                now - 10 * DAY + 30 * MINUTE, 0, 0, NULL);
  save_staff_end_with_pauses (fixture, "b-recent", now - 10 * DAY + 30 * MINUTE);
  add_booking (fixture, "b-live", "prison-2", "community-2", now - 10 * MINUTE, 30);
  save_session (fixture, "b-live", KV_SESSION_STATE_LIVE, KV_OUTCOME_NONE, 0, 0, 0, NULL);
  add_booking (fixture, "b-future", "prison-1", "community-1", now + 2 * DAY, 30);
  add_booking (fixture, "b-future-cancelled", "prison-2", "community-2", now + 3 * DAY, 30);
  kv_store_cancel_booking (fixture->server.store, "b-future-cancelled", now, "admin", &error);
  g_assert_no_error (error);

  /* Old, but written after newer rows (the clock was wrong): only the
   * oldest rows of the log go, so this one stays. */
  kv_store_append_audit (fixture->server.store, now - 100 * DAY, "admin", "late", NULL, "",
                         &error);
  g_assert_no_error (error);
}

static JsonObject *
purge (Fixture    *fixture,
       const char *body,
       guint       expected_status,
       JsonNode  **out_reply)
{
  guint status;

  *out_reply = kv_test_admin (&fixture->server, "POST", "/api/v1/purge", body,
                              KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, expected_status);
  return json_node_get_object (*out_reply);
}

static void
assert_report (JsonObject *report,
               gboolean    dry_run,
               gint64      bookings,
               gint64      sessions,
               gint64      end_reasons,
               gint64      audit_rows)
{
  g_assert_cmpint (json_object_get_boolean_member (report, "dry_run"), ==, dry_run);
  g_assert_cmpstr (json_object_get_string_member (report, "bookings_before"), ==,
                   "2026-11-01T09:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (report, "audit_before"), ==,
                   "2026-10-02T09:00:00Z");
  g_assert_cmpint (json_object_get_int_member (report, "bookings"), ==, bookings);
  g_assert_cmpint (json_object_get_int_member (report, "sessions"), ==, sessions);
  g_assert_cmpint (json_object_get_int_member (report, "end_reasons"), ==, end_reasons);
  g_assert_cmpint (json_object_get_int_member (report, "audit_rows"), ==, audit_rows);
}

static void
test_purge (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(JsonNode) dry = NULL;
  g_autoptr(JsonNode) real = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) verified = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *export = NULL;
  JsonObject *result;
  gint64 n_audit;
  KvAuditEntry *last;
  guint status;

  add_history (fixture);
  n_audit = kv_store_count_audit (fixture->server.store, NULL);

  /* A dry run counts and changes nothing. */
  assert_report (purge (fixture, "{\"dry_run\":true}", 200, &dry), TRUE, 5, 3, 1, 1200);
  g_assert_cmpint (raw_count (fixture, "SELECT count(*) FROM bookings"), ==, 9);
  g_assert_cmpint (kv_store_count_audit (fixture->server.store, NULL), ==, n_audit);

  assert_report (purge (fixture, "{\"dry_run\":false}", 200, &real), FALSE, 5, 3, 1, 1200);

  /* Only the finished old bookings went, with their sessions and the
   * staff's reason. */
  g_assert_cmpint (raw_count (fixture, "SELECT count(*) FROM bookings WHERE id IN ('b-recent', "
                                       "'b-live', 'b-future', 'b-future-cancelled')"), ==, 4);
  g_assert_cmpint (raw_count (fixture, "SELECT count(*) FROM bookings"), ==, 4);
  g_assert_cmpint (raw_count (fixture, "SELECT count(*) FROM sessions"), ==, 2);
  g_assert_cmpint (raw_count (fixture, "SELECT count(*) FROM sessions WHERE end_reason IS NOT "
                                       "NULL"), ==, 1);
  /* And with what staff said and did in them: who ended them and why,
   * their pauses and mutes. The recent visit keeps its own. */
  g_assert_cmpint (raw_count (fixture, "SELECT count(*) FROM sessions WHERE booking_id != "
                                       "'b-recent' AND (end_category IS NOT NULL OR end_actor "
                                       "IS NOT NULL OR child_alerts != 0)"), ==, 0);
  g_assert_cmpint (raw_count (fixture, "SELECT count(*) FROM pauses WHERE booking_id = "
                                       "'b-staff-end'"), ==, 0);
  g_assert_cmpint (raw_count (fixture, "SELECT count(*) FROM mutes WHERE booking_id = "
                                       "'b-staff-end'"), ==, 0);
  g_assert_cmpint (raw_count (fixture, "SELECT count(*) FROM pauses"), ==, 1);
  g_assert_cmpint (raw_count (fixture, "SELECT count(*) FROM mutes"), ==, 1);

  /* What is left of them: counts per month, kiosk pair and outcome. */
  counts = visit_counts (fixture);
  g_assert_cmpstr (counts, ==,
                   "2026-10 prison-1 community-1 completed 2 75 30 60\n"
                   "2026-10 prison-1 community-1 ended-by-staff 1 30 90 60\n"
                   "2026-10 prison-2 community-2 cancelled 1 20 0 0\n"
                   "2026-10 prison-2 community-2 none 1 20 0 0\n");
  g_assert_cmpint (raw_count (fixture, "SELECT count(*) FROM pragma_table_info ('visit_counts')"),
                   ==, 8);

  /* The oldest 1200 audit rows went; the late one stays; the purge is in
   * the log; the chain still verifies from the anchor. */
  audit = kv_store_list_audit (fixture->server.store, G_MININT64, &error);
  g_assert_no_error (error);
  g_assert_cmpint (audit->len, ==, n_audit - 1200 + 1);
  g_assert_cmpint (((KvAuditEntry *) g_ptr_array_index (audit, 0))->seq, ==, 1201);
  g_assert_cmpint (raw_count (fixture, "SELECT count(*) FROM audit WHERE action = 'late'"), ==, 1);
  last = g_ptr_array_index (audit, audit->len - 1);
  g_assert_cmpstr (last->actor, ==, "admin");
  g_assert_cmpstr (last->action, ==, "retention-purge");
  g_assert_true (g_str_has_prefix (last->details, "result=done bookings=5 sessions=3 "
                                                  "end_reasons=1 audit_rows=1200 "));
  g_assert_cmpint (raw_count (fixture, "SELECT seq FROM audit_anchor"), ==, 1200);
  verified = kv_test_admin (&fixture->server, "GET", "/api/v1/audit/verify", NULL,
                            KV_TEST_ADMIN_TOKEN, &status);
  result = json_node_get_object (verified);
  g_assert_true (json_object_get_boolean_member (result, "intact"));
  g_assert_cmpint (json_object_get_int_member (result, "anchor_seq"), ==, 1200);
  g_assert_cmpint (json_object_get_int_member (result, "rows"), ==, audit->len);
  export = kv_test_http_get (&fixture->server, "/api/v1/audit?format=csv&limit=1", &status);
  g_assert_true (g_str_has_prefix (export, "seq,time,actor,action,booking,details\r\n1201,"));

  /* Nothing the purge kept names a person or a reason. */
  g_assert_cmpint (raw_count (fixture, "SELECT count(*) FROM audit WHERE details LIKE '%Lena%' "
                                       "OR details LIKE '%Dad%' OR details LIKE '%Safeguarding%'"),
                   ==, 0);

  /* A second purge finds nothing more. */
  assert_report (purge (fixture, "{\"dry_run\":false}", 200, &again), FALSE, 0, 0, 0, 0);
}

static void
test_bad_requests (Fixture       *fixture,
                   gconstpointer  user_data)
{
  static const struct
  {
    const char *body;
    const char *code;
  } cases[] = {
    { "{}", "missing-field" },
    { "{\"dry_run\":\"yes\"}", "missing-field" },
    { "{\"dry_run\":1}", "missing-field" },
    { "[true]", "malformed" },
    { "", "malformed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) reply = NULL;
      JsonObject *error;

      error = json_object_get_object_member (purge (fixture, cases[i].body, 400, &reply), "error");
      g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, cases[i].code);
    }
  g_assert_cmpint (kv_store_count_audit (fixture->server.store, NULL), ==, 0);
}

/* With the cut-off at now itself, what is not over stays: live (and one
 * live past its slot that the server has not ended yet), future, and
 * future but cancelled. */
static void
test_never_future_or_live (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  KvPurgeCounts counts = { 0 };
  gboolean done = FALSE;

  add_history (fixture);
  add_booking (fixture, "b-running-late", "prison-1", "community-1",
               fixture->now - 3 * HOUR, 30);
  save_session (fixture, "b-running-late", KV_SESSION_STATE_LIVE, KV_OUTCOME_NONE, 0, 0, 0, NULL);

  kv_store_purge_bookings_batch (fixture->server.store, fixture->now, fixture->now, 500, &counts,
                                 &done, &error);
  g_assert_no_error (error);
  g_assert_true (done);
  g_assert_cmpint (counts.bookings, ==, 6);
  g_assert_cmpint (raw_count (fixture, "SELECT count(*) FROM bookings WHERE id IN ('b-live', "
                                       "'b-running-late', 'b-future', 'b-future-cancelled')"),
                   ==, 4);
  g_assert_cmpint (raw_count (fixture, "SELECT count(*) FROM bookings"), ==, 4);
}

static gint64
rows_left (Fixture *fixture)
{
  return raw_count (fixture, "SELECT (SELECT count(*) FROM bookings) + (SELECT count(*) FROM "
                             "audit)");
}

static void
on_purge_ready (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  KvPurgeReport **out_report = user_data;
  g_autoptr(GError) error = NULL;

  *out_report = kv_retention_purge_finish (KV_RETENTION (source), result, &error);
  g_assert_no_error (error);
}

/* 1100 bookings and 1200 audit rows: at most KV_RETENTION_BATCH_ROWS go
 * per main-loop iteration, so kiosks are never kept waiting for long. */
static void
test_batches (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(KvRetention) retention = NULL;
  g_autofree KvPurgeReport *report = NULL;
  g_autofree char *bulk = NULL;
  gint64 before, after;
  guint n_iterations = 0;

  add_history (fixture);
  bulk = g_strdup_printf ("WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                          "WHERE i < 1100) "
                          "INSERT INTO bookings (id, prison_kiosk, community_kiosk, start_us, "
                          "end_us, prison_label, community_label, age_band, created_us, "
                          "cancelled_us) SELECT 'bulk-' || i, 'prison-1', 'community-1', "
                          "%" G_GINT64_FORMAT " + i * 60000000, %" G_GINT64_FORMAT
                          " + i * 60000000, 'Dad', 'Lena', '4-7', 0, 1 FROM n",
                          fixture->now - 80 * DAY, fixture->now - 80 * DAY + 30 * MINUTE);
  raw_exec (fixture, bulk);

  retention = kv_retention_new (fixture->server.config, fixture->server.clock,
                                fixture->server.store);
  kv_retention_purge_async (retention, FALSE, "admin", NULL, on_purge_ready, &report);
  before = rows_left (fixture);
  while (report == NULL)
    {
      g_main_context_iteration (NULL, FALSE);
      after = rows_left (fixture);
      g_assert_cmpint (before - after, <=, KV_RETENTION_BATCH_ROWS);
      before = after;
      n_iterations++;
    }
  g_assert_cmpint (report->counts.bookings, ==, 1105);
  g_assert_cmpint (report->counts.audit_rows, ==, 1200);
  /* 3 + 3 batches at least (the last of each finds the end). */
  g_assert_cmpuint (n_iterations, >=, 6);
  g_assert_finalize_object (g_steal_pointer (&retention));
}

static void
on_purged (KvRetention         *retention,
           const KvPurgeReport *report,
           gpointer             user_data)
{
  guint *n_purged = user_data;

  (*n_purged)++;
}

static gboolean
on_purge_timeout (gpointer user_data)
{
  g_error ("The daily purge did not finish in %d s", KV_TEST_TIMEOUT_S);
  return G_SOURCE_REMOVE;
}

static void
wait_purged (guint *n_purged,
             guint  count)
{
  guint timeout_id = g_timeout_add_seconds (KV_TEST_TIMEOUT_S, on_purge_timeout, NULL);

  while (*n_purged < count)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);
}

/* Every day at 03:00 UTC by the server's clock. */
static void
test_daily (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(KvRetention) retention = kv_retention_new (fixture->server.config,
                                                       fixture->server.clock,
                                                       fixture->server.store);
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GError) error = NULL;
  KvAuditEntry *last;
  guint n_purged = 0;

  add_history (fixture);
  g_signal_connect (retention, "purged", G_CALLBACK (on_purged), &n_purged);
  kv_retention_start_daily (retention);
  g_assert_cmpint (kv_retention_get_next_run (retention), ==,
                   fixture->now - 9 * HOUR + DAY + 3 * HOUR);

  kv_test_advance (&fixture->server, 18 * HOUR - 1);
  g_assert_cmpuint (n_purged, ==, 0);
  g_assert_cmpint (raw_count (fixture, "SELECT count(*) FROM bookings"), ==, 9);
  kv_test_advance (&fixture->server, 1);
  wait_purged (&n_purged, 1);
  g_assert_cmpint (raw_count (fixture, "SELECT count(*) FROM bookings"), ==, 4);
  g_assert_cmpint (kv_retention_get_next_run (retention), ==,
                   fixture->now - 9 * HOUR + 2 * DAY + 3 * HOUR);

  audit = kv_store_list_audit (fixture->server.store, G_MININT64, &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (audit, audit->len - 1);
  g_assert_cmpstr (last->actor, ==, "retention");
  g_assert_cmpstr (last->action, ==, "retention-purge");

  /* The next night, nothing is old enough; the run is still recorded. */
  kv_test_advance (&fixture->server, DAY);
  wait_purged (&n_purged, 2);
  g_clear_pointer (&audit, g_ptr_array_unref);
  audit = kv_store_list_audit (fixture->server.store, G_MININT64, &error);
  last = g_ptr_array_index (audit, audit->len - 1);
  g_assert_true (g_str_has_prefix (last->details, "result=done bookings=0 sessions=0 "
                                                  "end_reasons=0 audit_rows=0 "));
  kv_test_iterate ();
  g_assert_finalize_object (g_steal_pointer (&retention));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/retention/purge", Fixture, NULL,
              fixture_set_up, test_purge, fixture_tear_down);
  g_test_add ("/server/retention/bad-requests", Fixture, NULL,
              fixture_set_up, test_bad_requests, fixture_tear_down);
  g_test_add ("/server/retention/never-future-or-live", Fixture, NULL,
              fixture_set_up, test_never_future_or_live, fixture_tear_down);
  g_test_add ("/server/retention/batches", Fixture, NULL,
              fixture_set_up, test_batches, fixture_tear_down);
  g_test_add ("/server/retention/daily", Fixture, NULL,
              fixture_set_up, test_daily, fixture_tear_down);

  return g_test_run ();
}
