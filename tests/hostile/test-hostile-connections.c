/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-attack-connections.h"
#include "kv-hostile-monitor.h"
#include "kv-hostile-test.h"

/* Connection exhaustion: more idle connections than the server has file
 * descriptors. */

#define FD_LIMIT 1024
#define CONNECTIONS 1100
/* 55 connections from each of 20 addresses: within the per-address limit
 * set below, so that the global limits and the fd limit are what is
 * tested, not only the per-address one. */
#define ADDRESSES 20
#define TIMEOUT_S 3
#define GRACE_S 2
#define MAX_LOG_BYTES (100 * 1024)
#define MAX_CPU_SHARE 0.5

/* With its hard fd limit at 1024, the server holds 1100 idle connections
 * (plain, slowloris, WebSockets without hello) and still answers /healthz,
 * the admin and a kiosk's sign-in within 2 s; it closes each idle one
 * within its timeout (+ 2 s), spends little CPU doing so, and does not
 * log a line per refused accept (the old server wrote 1 GB of them). */
static void
test_connection_exhaustion (void)
{
  const KvHostileServerOptions options = {
    .fd_hard_limit = FD_LIMIT,
    .limits = "max-unauthenticated-per-address=64\n"
              "request-timeout-seconds=3\n"
              "sign-in-timeout-seconds=3",
  };
  g_autoptr(KvHostileServer) server = kv_hostile_server_start (&options);
  KvHostileMonitor *monitor = kv_hostile_monitor_start (server, "connection-exhaustion");
  KvIdleConnectionsResult result;
  KvHostileReport report;

  kv_attack_idle_connections (server, CONNECTIONS, ADDRESSES, 0, TIMEOUT_S, GRACE_S, &result);
  kv_hostile_monitor_finish (monitor, &report);
  report.unauthenticated = result.requested;

  g_test_message ("connection exhaustion: %u idle connections, %u established; %u closed by the "
                  "server within %u s, %u later, %u still open after %.1f s (slowest end %.1f s); "
                  "server CPU %.0f%% of one core, log %" G_GOFFSET_FORMAT " bytes",
                  result.requested, result.opened, result.closed_in_time, TIMEOUT_S + GRACE_S,
                  result.closed_late, result.still_open, result.seconds, result.worst_close_s,
                  100 * report.server_cpu_s / report.wall_s, report.log_bytes);
  g_assert_cmpuint (result.closed_in_time, ==, CONNECTIONS);
  g_assert_cmpfloat (report.server_cpu_s / report.wall_s, <, MAX_CPU_SHARE);
  g_assert_cmpint (report.log_bytes, <, MAX_LOG_BYTES);
  kv_hostile_report_assert_bounds (&report);

  kv_hostile_report_clear (&report);
}

int
main (int    argc,
      char **argv)
{
  kv_hostile_test_init (&argc, &argv);

  g_test_add_func ("/hostile/connections/exhaustion", test_connection_exhaustion);
  return g_test_run ();
}
