/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-attack-flood.h"
#include "kv-hostile-monitor.h"
#include "kv-hostile-test.h"

/* Floods of unauthenticated failures: what they may cost the audit log,
 * the database and the kiosks that share an address with the attacker. */

#define FLOOD_SECONDS 20
/* The test's cap on the flood: a server that audits each failure on its
 * own writes this many rows at most. */
#define FLOOD_MAX_REQUESTS 50000
/* Enough that the flood was one (the old server answered ~28,000): a
 * server may slow attackers down, not take a second over each failure. */
#define FLOOD_MIN_REQUESTS 2000
/* Paced, not flat out: on 2 cores an unpaced flood measures the test's own
 * CPU against the legitimate pair's, not the server. 1500 failures a
 * second is 30,000 in 20 s. The bench also floods flat out. */
#define FLOOD_PER_SECOND 1500
#define MAX_AUDIT_ROWS 300

/* Failures are audited aggregated (per address and minute), not one row
 * each: the flood leaves a bounded audit log and database, and the
 * legitimate pair relays as before. */
static void
test_audit_flood (void)
{
  g_autoptr(KvHostileServer) server = kv_hostile_server_start (NULL);
  KvHostileMonitor *monitor = kv_hostile_monitor_start (server, "audit-flood");
  KvAuditFloodResult result;
  KvHostileReport report;

  kv_attack_audit_flood (server, FLOOD_SECONDS, FLOOD_MAX_REQUESTS, FLOOD_PER_SECOND, 0, &result);
  kv_hostile_monitor_finish (monitor, &report);
  report.unauthenticated = kv_audit_flood_total (&result);

  g_test_message ("audit flood: %" G_GUINT64_FORMAT " failures in %.1f s (%" G_GUINT64_FORMAT
                  " admin requests refused, %" G_GUINT64_FORMAT " otherwise answered; %"
                  G_GUINT64_FORMAT " junk messages; %" G_GUINT64_FORMAT " bad hellos, %"
                  G_GUINT64_FORMAT " welcomed) over %" G_GUINT64_FORMAT " connections, %"
                  G_GUINT64_FORMAT " failed or timed out; audit +%" G_GINT64_FORMAT " rows",
                  report.unauthenticated, result.seconds, result.http_refused, result.http_other,
                  result.junk_sent, result.hellos_sent, result.hellos_welcomed, result.connections,
                  result.failures, report.audit_rows_added);
  g_assert_cmpuint (result.http_other, ==, 0);
  g_assert_cmpuint (result.hellos_welcomed, ==, 0);
  g_assert_cmpuint (report.unauthenticated, >=, FLOOD_MIN_REQUESTS);
  g_assert_cmpint (report.audit_rows_added, >=, 0);
  g_assert_cmpint (report.audit_rows_added, <, MAX_AUDIT_ROWS);
  kv_hostile_report_assert_bounds (&report);

  kv_hostile_report_clear (&report);
}

/* Kiosks behind one address (a site's NAT) share it with whoever misbehaves
 * there: failures from an address may slow failures down, never refuse a
 * valid token. */
static void
test_lockout_by_address (void)
{
  g_autoptr(KvHostileServer) server = kv_hostile_server_start (NULL);
  KvHostileMonitor *monitor = kv_hostile_monitor_start (server, "lockout");
  KvLockoutResult result;
  KvHostileReport report;

  kv_attack_lockout (server, "127.0.0.1", 200, 50, server->abuse_community_token, &result);
  kv_hostile_monitor_finish (monitor, &report);
  report.unauthenticated = result.junk_sent + result.hellos_sent;

  g_test_message ("lockout: %u junk messages and %u bad hellos from 127.0.0.1 over %u "
                  "connections; then a valid sign-in from there: %s after %.0f ms",
                  result.junk_sent, result.hellos_sent, result.connections,
                  result.welcomed ? "welcome" : result.sign_in_failure, result.sign_in_ms);
  g_assert_cmpuint (result.junk_sent, ==, 200);
  g_assert_cmpuint (result.hellos_sent, ==, 50);
  g_assert_true (result.welcomed);
  kv_hostile_report_assert_bounds (&report);

  kv_lockout_result_clear (&result);
  kv_hostile_report_clear (&report);
}

int
main (int    argc,
      char **argv)
{
  kv_hostile_test_init (&argc, &argv);

  g_test_add_func ("/hostile/flood/audit-flood", test_audit_flood);
  g_test_add_func ("/hostile/flood/lockout-by-address", test_lockout_by_address);
  return g_test_run ();
}
