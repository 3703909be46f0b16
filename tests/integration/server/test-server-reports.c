/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-test-server.h"
#include "kv-test-staff.h"

#include <sqlite3.h>
#include <string.h>

/* Monthly reports over real HTTP: each figure of a site's month, the
 * month taken in the site's own zone, the CSV and its formula guard, a
 * month retention purged (from visit_counts), and what is refused (a bad
 * month, an unknown site, a site the caller does not cover). Rows are
 * written with SQL while the server is stopped, as a year of visits
 * would have left them. */

#define PASSWORD "correct horse battery staple"

typedef struct
{
  KvTestServer server;
} Fixture;

/* Two sites in Zagreb (a prison and a community centre) with one kiosk
 * each, and a London pair nobody at Zagreb covers. One site's id starts
 * with '=', as a spreadsheet formula would. */
static const char rows[] =
  "INSERT INTO sites (id, name, time_zone, created_us) VALUES "
  "  ('lepoglava', 'Lepoglava prison', 'Europe/Zagreb', 0),"
  "  ('zagreb', 'Zagreb centre', 'Europe/Zagreb', 0),"
  "  ('london', 'London centre', 'Europe/London', 0),"
  "  ('=1+1', '@SUM(A1)', 'UTC', 0);"
  "UPDATE kiosks SET site_id = 'lepoglava' WHERE id = 'p1';"
  "UPDATE kiosks SET site_id = 'zagreb' WHERE id = 'c1';"
  "UPDATE kiosks SET site_id = 'london' WHERE id IN ('p2', 'c2');"
  /* id, start, minutes, cancelled */
  "CREATE TEMP TABLE b (id TEXT, start TEXT, minutes INTEGER, cancelled INTEGER,"
  "  prison TEXT DEFAULT 'p1', community TEXT DEFAULT 'c1');"
  "INSERT INTO b (id, start, minutes, cancelled) VALUES "
  /* 00:30 on 1 December in Zagreb: December there. */
  "  ('b-first', '2026-11-30 23:30:00', 30, 0),"
  "  ('b-upset', '2026-12-05 10:00:00', 60, 0),"
  "  ('b-ns-prison', '2026-12-06 10:00:00', 30, 0),"
  "  ('b-ns-community', '2026-12-07 10:00:00', 30, 0),"
  "  ('b-ns-both', '2026-12-08 10:00:00', 30, 0),"
  "  ('b-cancelled', '2026-12-09 10:00:00', 30, 1),"
  "  ('b-stop-at-end', '2026-12-10 10:00:00', 30, 0),"
  /* 23:30 on 30 November in Zagreb: November. */
  "  ('b-november', '2026-11-30 22:30:00', 30, 0),"
  /* 00:30 on 1 January in Zagreb: January. */
  "  ('b-january', '2026-12-31 23:30:00', 30, 0);"
  "INSERT INTO b VALUES ('b-london', '2026-12-05 10:00:00', 30, 0, 'p2', 'c2');"
  "INSERT INTO bookings (id, prison_kiosk, community_kiosk, start_us, end_us, prison_label,"
  "  community_label, age_band, created_us, cancelled_us) "
  "SELECT id, prison, community, unixepoch (start) * 1000000,"
  "  (unixepoch (start) + minutes * 60) * 1000000, 'Dad', 'Lena', 'unspecified', 0,"
  "  CASE WHEN cancelled THEN unixepoch (start) * 1000000 - 86400000000 ELSE 0 END FROM b;"
  /* booking, outcome, absent, live, ended after (s), lost, make-up (s), category */
  "CREATE TEMP TABLE s (id TEXT, outcome TEXT, absent INTEGER, live INTEGER, ended INTEGER,"
  "  lost INTEGER, makeup INTEGER, category TEXT);"
  "INSERT INTO s VALUES "
  "  ('b-first', 'completed', 0, 1, 1860, 90, 60, NULL),"
  "  ('b-upset', 'ended-by-staff', 0, 1, 1200, 150, 0, 'child-upset'),"
  "  ('b-ns-prison', 'no-show', 1, 0, 600, 0, 0, NULL),"
  "  ('b-ns-community', 'no-show', 2, 0, 600, 0, 0, NULL),"
  "  ('b-ns-both', 'no-show', 3, 0, 600, 0, 0, NULL),"
  "  ('b-stop-at-end', 'ended-by-staff', 0, 1, 1800, 0, 0, 'safeguarding'),"
  "  ('b-november', 'completed', 0, 1, 1800, 600, 0, NULL),"
  "  ('b-london', 'completed', 0, 1, 1800, 0, 0, NULL);"
  "INSERT INTO sessions (booking_id, state, outcome, present, confirmed, absent, live_since_us,"
  "  ended_at_us, lost_us, makeup_us, updated_us, end_category) "
  "SELECT s.id, 'ended', outcome, 0, 0, absent,"
  "  CASE WHEN live THEN bookings.start_us ELSE 0 END, bookings.start_us + ended * 1000000,"
  "  lost * 1000000, makeup * 1000000, bookings.start_us, category "
  "FROM s JOIN bookings ON bookings.id = s.id;"
  /* June, purged: anonymous counts only, in its UTC month. */
  "INSERT INTO visit_counts VALUES "
  "  ('2026-06', 'p1', 'c1', 'completed', 5, 150, 120, 60),"
  "  ('2026-06', 'p1', 'c1', 'no-show', 2, 60, 0, 0),"
  "  ('2026-06', 'p1', 'c1', 'cancelled', 1, 30, 0, 0),"
  "  ('2026-06', 'p2', 'c2', 'completed', 9, 270, 0, 0);";

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  kv_test_server_start (&fixture->server, "2026-12-20T12:00:00Z");
  for (const char * const *id = (const char * const[]) { "p1", "p2", NULL }; *id; id++)
    g_free (kv_test_add_kiosk (&fixture->server, *id, "prison"));
  for (const char * const *id = (const char * const[]) { "c1", "c2", NULL }; *id; id++)
    g_free (kv_test_add_kiosk (&fixture->server, *id, "community"));

  kv_test_server_stop (&fixture->server);
  g_assert_cmpint (sqlite3_open (fixture->server.db_path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, rows, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s", message);
  sqlite3_close (db);
  kv_test_server_restart (&fixture->server);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  kv_test_server_clear (&fixture->server);
}

/* The one report of @site in the answer. */
static JsonObject *
report_of (KvTestReply *reply,
           const char  *site)
{
  JsonArray *reports;

  g_assert_cmpuint (reply->status, ==, 200);
  reports = json_object_get_array_member (json_node_get_object (reply->body), "reports");
  for (guint i = 0; i < json_array_get_length (reports); i++)
    {
      JsonObject *report = json_array_get_object_element (reports, i);

      if (g_str_equal (json_object_get_string_member (report, "site"), site))
        return report;
    }
  g_error ("No report of %s", site);
  return NULL;
}

static gint64
member (JsonObject *object,
        const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", 2);

  if (parts[1] != NULL)
    object = json_object_get_object_member (object, parts[0]);
  return json_object_get_int_member (object, parts[1] != NULL ? parts[1] : parts[0]);
}

static void
test_figures (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_auto(KvTestReply) reply = { 0 };
  JsonObject *report;

  kv_test_request (&fixture->server, "GET", "/api/v1/reports?month=2026-12&site=lepoglava", NULL,
                   KV_TEST_ADMIN_TOKEN, NULL, NULL, &reply);
  report = report_of (&reply, "lepoglava");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (reply.body),
                                                                         "reports")), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (report, "month"), ==, "2026-12");
  g_assert_cmpstr (json_object_get_string_member (report, "time_zone"), ==, "Europe/Zagreb");
  /* b-first (December in Zagreb), b-upset, three no-shows, b-stop-at-end;
   * not b-november, b-january nor the cancelled one. */
  g_assert_cmpint (member (report, "booked"), ==, 6);
  g_assert_cmpint (member (report, "held"), ==, 3);
  g_assert_cmpint (member (report, "cancelled"), ==, 1);
  g_assert_cmpint (member (report, "no_show.prison"), ==, 1);
  g_assert_cmpint (member (report, "no_show.community"), ==, 1);
  g_assert_cmpint (member (report, "no_show.both"), ==, 1);
  g_assert_cmpint (member (report, "no_show.side_unknown"), ==, 0);
  /* The safeguarding stop came at the slot's end: not early. */
  g_assert_cmpint (member (report, "ended_early.child-upset"), ==, 1);
  g_assert_cmpint (member (report, "ended_early.safeguarding"), ==, 0);
  g_assert_cmpint (member (report, "ended_early.finished-early"), ==, 0);
  g_assert_cmpint (member (report, "minutes_lost"), ==, 4);
  g_assert_cmpint (member (report, "minutes_given_back"), ==, 1);
  g_assert_cmpint (member (report, "minutes_booked"), ==, 30 + 60 + 30 + 30 + 30 + 30);
  g_assert_false (json_object_get_boolean_member (report, "partial"));
  kv_test_reply_clear (&reply);

  /* The community side's site sees the same visits. */
  kv_test_request (&fixture->server, "GET", "/api/v1/reports?month=2026-12&site=zagreb", NULL,
                   KV_TEST_ADMIN_TOKEN, NULL, NULL, &reply);
  g_assert_cmpint (member (report_of (&reply, "zagreb"), "booked"), ==, 6);
  kv_test_reply_clear (&reply);

  /* The neighbouring months, by Zagreb's clock. */
  kv_test_request (&fixture->server, "GET", "/api/v1/reports?month=2026-11&site=lepoglava", NULL,
                   KV_TEST_ADMIN_TOKEN, NULL, NULL, &reply);
  report = report_of (&reply, "lepoglava");
  g_assert_cmpint (member (report, "booked"), ==, 1);
  g_assert_cmpint (member (report, "minutes_lost"), ==, 10);
  kv_test_reply_clear (&reply);
  kv_test_request (&fixture->server, "GET", "/api/v1/reports?month=2027-01&site=lepoglava", NULL,
                   KV_TEST_ADMIN_TOKEN, NULL, NULL, &reply);
  report = report_of (&reply, "lepoglava");
  g_assert_cmpint (member (report, "booked"), ==, 1);
  g_assert_cmpint (member (report, "held"), ==, 0);
  kv_test_reply_clear (&reply);

  /* Without a site: every site, each in its own zone. */
  kv_test_request (&fixture->server, "GET", "/api/v1/reports?month=2026-12", NULL,
                   KV_TEST_ADMIN_TOKEN, NULL, NULL, &reply);
  g_assert_cmpint (member (report_of (&reply, "london"), "booked"), ==, 1);
  g_assert_cmpint (member (report_of (&reply, "=1+1"), "booked"), ==, 0);
  g_assert_cmpint (member (report_of (&reply, "lepoglava"), "booked"), ==, 6);
}

static void
test_purged_month (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_auto(KvTestReply) reply = { 0 };
  JsonObject *report;

  kv_test_request (&fixture->server, "GET", "/api/v1/reports?month=2026-06&site=lepoglava", NULL,
                   KV_TEST_ADMIN_TOKEN, NULL, NULL, &reply);
  report = report_of (&reply, "lepoglava");
  g_assert_cmpint (member (report, "booked"), ==, 7);
  g_assert_cmpint (member (report, "held"), ==, 5);
  g_assert_cmpint (member (report, "cancelled"), ==, 1);
  g_assert_cmpint (member (report, "no_show.side_unknown"), ==, 2);
  g_assert_cmpint (member (report, "no_show.prison"), ==, 0);
  g_assert_cmpint (member (report, "minutes_lost"), ==, 2);
  g_assert_cmpint (member (report, "minutes_given_back"), ==, 1);
  g_assert_cmpint (member (report, "minutes_booked"), ==, 210);
  g_assert_cmpint (member (report, "purged_visits"), ==, 8);
  g_assert_true (json_object_get_boolean_member (report, "partial"));
}

static void
test_csv (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_auto(KvTestReply) reply = { 0 };
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  guint status = 0;

  kv_test_request (&fixture->server, "GET", "/api/v1/reports?month=2026-12&format=csv", NULL,
                   KV_TEST_ADMIN_TOKEN, NULL, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (reply.headers, NULL),
                                   "text/csv"));

  csv = kv_test_http_get (&fixture->server, "/api/v1/reports?month=2026-12&format=csv", &status);
  g_assert_cmpuint (status, ==, 200);
  lines = g_strsplit (csv, "\r\n", -1);
  /* A header and one row a site (four), then the last line's end. */
  g_assert_cmpuint (g_strv_length (lines), ==, 6);
  g_assert_cmpstr (lines[5], ==, "");
  g_assert_cmpstr (lines[0], ==,
                   "\"month\",\"site\",\"time_zone\",\"booked\",\"held\",\"cancelled\","
                   "\"no_show_prison\",\"no_show_community\",\"no_show_both\","
                   "\"no_show_side_unknown\",\"ended_early_finished-early\","
                   "\"ended_early_child-upset\",\"ended_early_adult-unwell\","
                   "\"ended_early_technical-problem\",\"ended_early_other\","
                   "\"ended_early_safeguarding\",\"ended_early_none\",\"minutes_lost\","
                   "\"minutes_given_back\",\"minutes_booked\",\"partial\"");
  g_assert_true (g_strv_contains ((const char * const *) lines,
                                  "\"2026-12\",\"lepoglava\",\"Europe/Zagreb\",\"6\",\"3\",\"1\","
                                  "\"1\",\"1\",\"1\",\"0\",\"0\",\"1\",\"0\",\"0\",\"0\",\"0\","
                                  "\"0\",\"4\",\"1\",\"210\",\"false\""));
  /* A site id a spreadsheet would run as a formula is kept as text. */
  g_assert_nonnull (strstr (csv, "\n\"2026-12\",\"'=1+1\",\"UTC\","));
  g_assert_null (strstr (csv, "\"=1+1\""));
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autofree char *cookie = NULL, *csrf = NULL;
  g_auto(KvTestReply) reply = { 0 };
  JsonArray *reports;

  for (const char * const *month = (const char * const[]) {
         "2026-13", "2026-1", "26-12", "2026/12", "december", "2026-00", "", NULL };
       *month != NULL; month++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/reports?month=%s", *month);

      kv_test_request (&fixture->server, "GET", path, NULL, KV_TEST_ADMIN_TOKEN, NULL, NULL,
                       &reply);
      g_assert_cmpuint (reply.status, ==, 400);
      g_assert_cmpstr (kv_test_reply_error_field (&reply), ==, "month");
      g_assert_cmpstr (kv_test_reply_error_code (&reply), ==, "bad-month");
      kv_test_reply_clear (&reply);
    }
  kv_test_request (&fixture->server, "GET", "/api/v1/reports", NULL, KV_TEST_ADMIN_TOKEN, NULL,
                   NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 400);
  g_assert_cmpstr (kv_test_reply_error_field (&reply), ==, "month");
  kv_test_reply_clear (&reply);
  kv_test_request (&fixture->server, "GET", "/api/v1/reports?month=2026-12&site=nowhere", NULL,
                   KV_TEST_ADMIN_TOKEN, NULL, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 400);
  g_assert_cmpstr (kv_test_reply_error_code (&reply), ==, "unknown-site");
  g_assert_cmpstr (kv_test_reply_error_field (&reply), ==, "site");
  kv_test_reply_clear (&reply);
  kv_test_request (&fixture->server, "GET", "/api/v1/reports?month=2026-12&format=xlsx", NULL,
                   KV_TEST_ADMIN_TOKEN, NULL, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 400);
  g_assert_cmpstr (kv_test_reply_error_field (&reply), ==, "format");
  kv_test_reply_clear (&reply);

  /* A scheduler at Lepoglava: its own site, not London's. */
  kv_test_staff_add (&fixture->server, "sam", "[\"scheduler\"]", "[\"lepoglava\"]", PASSWORD);
  g_assert_true (kv_test_staff_sign_in (&fixture->server, "sam", PASSWORD, &cookie, &csrf));
  kv_test_request (&fixture->server, "GET", "/api/v1/reports?month=2026-12&site=london", NULL,
                   NULL, cookie, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 403);
  g_assert_cmpstr (kv_test_reply_error_code (&reply), ==, "forbidden");
  kv_test_reply_clear (&reply);
  kv_test_request (&fixture->server, "GET", "/api/v1/reports?month=2026-12", NULL, NULL, cookie,
                   NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  reports = json_object_get_array_member (json_node_get_object (reply.body), "reports");
  g_assert_cmpuint (json_array_get_length (reports), ==, 1);
  g_assert_cmpint (member (report_of (&reply, "lepoglava"), "booked"), ==, 6);
  kv_test_reply_clear (&reply);
  g_clear_pointer (&cookie, g_free);
  g_clear_pointer (&csrf, g_free);

  /* An officer may not see reports at all. */
  kv_test_staff_add (&fixture->server, "olga", "[\"officer\"]", "[\"lepoglava\"]", PASSWORD);
  g_assert_true (kv_test_staff_sign_in (&fixture->server, "olga", PASSWORD, &cookie, &csrf));
  kv_test_request (&fixture->server, "GET", "/api/v1/reports?month=2026-12", NULL, NULL, cookie,
                   NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 403);
}

static void
test_ctl (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_autofree char *token_file = g_build_filename (fixture->server.dir, "admin.token", NULL);
  KvTestRun run = { 0 };

  g_assert_true (g_file_set_contents (token_file, KV_TEST_ADMIN_TOKEN "\n", -1, NULL));
  kv_test_run_ctl (&fixture->server, token_file, &run, "report", "--month", "2026-12",
                   "--site", "lepoglava", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "lepoglava"));
  g_assert_true (g_regex_match_simple ("^Visits booked +6$", run.out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^No-show: both sides +1$", run.out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^Minutes lost to faults +4$", run.out,
                                       G_REGEX_MULTILINE, 0));
  kv_test_run_clear (&run);

  kv_test_run_ctl (&fixture->server, token_file, &run, "report", "--month", "2026-06",
                   "--site", "lepoglava", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "lepoglava *"));
  g_assert_nonnull (strstr (run.out, "retention has purged"));
  kv_test_run_clear (&run);

  kv_test_run_ctl (&fixture->server, token_file, &run, "report", "--month", "2026-12", "--csv",
                   NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "\"month\",\"site\","));
  kv_test_run_clear (&run);

  kv_test_run_ctl (&fixture->server, token_file, &run, "report", "--month", "2026-13", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "bad-month"));
  kv_test_run_clear (&run);
  kv_test_run_ctl (&fixture->server, token_file, &run, "report", NULL);
  g_assert_cmpint (run.status, ==, 2);
  kv_test_run_clear (&run);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/reports/figures", Fixture, NULL,
              fixture_set_up, test_figures, fixture_tear_down);
  g_test_add ("/server/reports/purged-month", Fixture, NULL,
              fixture_set_up, test_purged_month, fixture_tear_down);
  g_test_add ("/server/reports/csv", Fixture, NULL,
              fixture_set_up, test_csv, fixture_tear_down);
  g_test_add ("/server/reports/refused", Fixture, NULL,
              fixture_set_up, test_refused, fixture_tear_down);

  g_test_add ("/server/reports/kinvisitctl", Fixture, NULL,
              fixture_set_up, test_ctl, fixture_tear_down);

  return g_test_run ();
}
