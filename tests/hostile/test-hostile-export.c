/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-attack-export.h"
#include "kv-hostile-monitor.h"
#include "kv-hostile-test.h"

/* The audit export of a log of 1,000,000 entries under load. */

#define AUDIT_ROWS 1000000
#define EXPORT_SECONDS 8
#define PAGE_ROWS 1000

/* The export is paged: without `limit` at most 1000 entries and a
 * Kinvisit-Next-After cursor for `after`, so exporting a large log never
 * builds it in memory nor stops the relay. */
static void
test_audit_export (void)
{
  const KvHostileServerOptions options = { .audit_rows = AUDIT_ROWS };
  g_autoptr(KvHostileServer) server = kv_hostile_server_start (&options);
  KvHostileMonitor *monitor = kv_hostile_monitor_start (server, "audit-export");
  KvAuditExportResult result;
  KvHostileReport report;

  kv_attack_audit_export (server, EXPORT_SECONDS, &result);
  kv_hostile_monitor_finish (monitor, &report);

  g_test_message ("audit export of %d entries: %u exports, %u answered (slowest %.0f ms, at most "
                  "%u entries), %u without a cursor; %u next pages, %u not continuing%s%s",
                  AUDIT_ROWS, result.requests, result.answered, result.worst_ms, result.max_rows,
                  result.unpaged, result.next_pages, result.next_pages_wrong,
                  result.first_failure != NULL ? "; first failure: " : "",
                  result.first_failure != NULL ? result.first_failure : "");
  g_assert_cmpuint (result.answered, >, 0);
  g_assert_cmpuint (result.answered, ==, result.requests);
  g_assert_cmpuint (result.max_rows, <=, PAGE_ROWS);
  g_assert_cmpuint (result.unpaged, ==, 0);
  g_assert_cmpuint (result.next_pages, >, 0);
  g_assert_cmpuint (result.next_pages_wrong, ==, 0);
  kv_hostile_report_assert_bounds (&report);

  kv_audit_export_result_clear (&result);
  kv_hostile_report_clear (&report);
}

int
main (int    argc,
      char **argv)
{
  kv_hostile_test_init (&argc, &argv);

  g_test_add_func ("/hostile/export/audit-export", test_audit_export);
  return g_test_run ();
}
