/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-hostile-monitor.h"

#include "kv-process-stats.h"
#include "kv-server-watchdog.h"

#include <math.h>
#include <string.h>

/* 50 ice messages a second each way: a negotiation's worth, all the time. */
#define RELAY_RATE_EACH 50
#define PROBE_INTERVAL_MS 1000
/* The shortest window measured: enough relayed messages for a p99, and a
 * few rounds of probes, even when an attack is over in a moment. */
#define MIN_WINDOW_US (2 * G_USEC_PER_SEC)

struct _KvHostileMonitor
{
  KvHostileServer  *server;
  const char       *attack;
  KvLegitPair      *pair;
  double            baseline_p99_ms;
  KvServiceProbes  *probes;
  KvServerWatchdog *watchdog;
  gint64            started_us;
  gint64            started_real_us;
  goffset           db_bytes_before;
  double            cpu_before_s;
};

static KvLegitPair *
start_pair (KvHostileServer *server,
            const char      *attack)
{
  g_autoptr(GError) error = NULL;
  KvLegitPair *pair = kv_legit_pair_start (server->port, server->prison_token,
                                           server->community_token, KV_HOSTILE_LEGIT_BOOKING,
                                           RELAY_RATE_EACH, &error);

  if (pair == NULL)
    g_error ("hostile %s: before the attack: %s", attack, error->message);
  return pair;
}

/* The pair's p99 with no attack, on this machine, now. Pacing, not
 * synchronisation: the window must be long enough to measure. */
static double
measure_baseline (KvHostileServer *server,
                  const char      *attack)
{
  KvLegitPair *pair = start_pair (server, attack);
  KvRelayStats stats;

  g_usleep (KV_HOSTILE_BASELINE_SECONDS * G_USEC_PER_SEC);
  kv_legit_pair_stop (pair, &stats);
  return stats.p99_ms;
}

/**
 * kv_hostile_monitor_start:
 * @attack: the attack's name, for the report
 *
 * Signs the legitimate pair in and starts everything. A pair that cannot
 * even sign in before the attack is a broken set-up: g_error().
 *
 * Returns: (transfer full): the monitor; finish it after the attack
 */
KvHostileMonitor *
kv_hostile_monitor_start (KvHostileServer *server,
                          const char      *attack)
{
  KvHostileMonitor *self = g_new0 (KvHostileMonitor, 1);
  KvProcessStats stats;

  self->server = server;
  self->attack = attack;
  self->watchdog = kv_server_watchdog_start (server->pid, server->log_path, KV_HOSTILE_KILL_RSS_MB,
                                             KV_HOSTILE_KILL_LOG_BYTES);
  self->baseline_p99_ms = measure_baseline (server, attack);
  self->pair = start_pair (server, attack);
  self->probes = kv_service_probes_start (server->port, KV_HOSTILE_ADMIN_TOKEN, server->probe_token,
                                          KV_HOSTILE_PROBE_LIMIT_MS, PROBE_INTERVAL_MS);
  /* From before the server started: its write-ahead log is folded into
   * the file when it stops, so sizes compare only between closed
   * databases. This counts the server's own start-up writes (a few KB)
   * against the attack, which errs on the safe side. */
  self->db_bytes_before = server->seeded_db_bytes;
  kv_process_stats_read (server->pid, &stats);
  self->cpu_before_s = stats.cpu_s;
  self->started_us = g_get_monotonic_time ();
  self->started_real_us = g_get_real_time ();
  return self;
}

/* Stops everything, the server included, counts what the attack left
 * behind (and frees @self). */
void
kv_hostile_monitor_finish (KvHostileMonitor *self,
                           KvHostileReport  *out_report)
{
  KvWatchdogReport watchdog;
  KvProcessStats stats;

  memset (out_report, 0, sizeof *out_report);
  out_report->attack = self->attack;
  out_report->baseline_p99_ms = self->baseline_p99_ms;
  /* Pacing, not synchronisation: the window must be long enough to measure. */
  if (g_get_monotonic_time () - self->started_us < MIN_WINDOW_US)
    g_usleep (MIN_WINDOW_US - (g_get_monotonic_time () - self->started_us));
  out_report->wall_s = (g_get_monotonic_time () - self->started_us) / 1e6;
  kv_legit_pair_stop (self->pair, &out_report->relay);
  kv_service_probes_stop (self->probes, &out_report->probes);
  if (kv_process_stats_read (self->server->pid, &stats))
    out_report->server_cpu_s = stats.cpu_s - self->cpu_before_s;
  out_report->alive = kv_hostile_server_is_running (self->server);
  out_report->healthy_after = out_report->alive &&
                              kv_hostile_server_healthy (self->server, KV_HOSTILE_PROBE_LIMIT_MS);
  /* Stopped the way systemd stops it, the server writes what it holds
   * (refusals are counted by the minute): then the database shows all
   * that the attack cost. */
  kv_server_watchdog_stop (self->watchdog, &watchdog);
  out_report->stopped_cleanly = out_report->alive && kv_hostile_server_stop (self->server);
  out_report->audit_rows_added = out_report->alive
                                   ? kv_hostile_server_count_audit_in_database (self->server,
                                                                                self->started_real_us)
                                   : -1;
  out_report->db_growth_bytes = kv_hostile_server_db_bytes (self->server) - self->db_bytes_before;
  out_report->peak_rss_mb = watchdog.peak_rss_mb;
  out_report->log_bytes = kv_hostile_server_log_bytes (self->server);
  out_report->killed_reason = g_steal_pointer (&watchdog.killed_reason);
  g_free (self);
}

void
kv_hostile_report_clear (KvHostileReport *report)
{
  kv_probe_report_clear (&report->probes);
  g_clear_pointer (&report->killed_reason, g_free);
}

/* The bound on the pair's p99 during @report's attack (see
 * KV_HOSTILE_BASELINE_FACTOR). KV_HOSTILE_MAX_P99_MS sets it outright, with
 * no allowance for a busy machine: 5 holds a quiet machine to the target. */
double
kv_hostile_max_p99_ms (const KvHostileReport *report)
{
  const char *env = g_getenv ("KV_HOSTILE_MAX_P99_MS");

  if (env != NULL)
    return g_ascii_strtod (env, NULL);
  return MAX (KV_HOSTILE_MAX_P99_MS, KV_HOSTILE_BASELINE_FACTOR * report->baseline_p99_ms);
}

static double
audit_rows_per_10000 (const KvHostileReport *report)
{
  if (report->audit_rows_added < 0 || report->unauthenticated == 0)
    return NAN;
  return report->audit_rows_added * 10000.0 / report->unauthenticated;
}

char *
kv_hostile_report_summary (const KvHostileReport *report)
{
  return g_strdup_printf ("%s: %.1f s, %" G_GUINT64_FORMAT " unauthenticated requests; server peak "
                          "RSS %.1f MB, CPU %.1f s, log %" G_GOFFSET_FORMAT " B, database +%"
                          G_GOFFSET_FORMAT " B, audit +%" G_GINT64_FORMAT " rows; relay %u/%u "
                          "received, p50 %.2f ms, p99 %.2f ms (%.2f ms with no attack), max %.2f ms; "
                          "sign-in %u/%u ok "
                          "(worst %.0f ms), healthz %u/%u, admin %u/%u; %s%s",
                          report->attack, report->wall_s, report->unauthenticated,
                          report->peak_rss_mb, report->server_cpu_s, report->log_bytes,
                          report->db_growth_bytes, report->audit_rows_added,
                          report->relay.received, report->relay.sent, report->relay.p50_ms,
                          report->relay.p99_ms, report->baseline_p99_ms, report->relay.max_ms,
                          report->probes.sign_in.attempts - report->probes.sign_in.failures,
                          report->probes.sign_in.attempts, report->probes.sign_in.worst_ms,
                          report->probes.health.attempts - report->probes.health.failures,
                          report->probes.health.attempts,
                          report->probes.admin.attempts - report->probes.admin.failures,
                          report->probes.admin.attempts,
                          !report->alive ? "server DEAD" :
                          report->healthy_after ? "alive and healthy" : "alive, /healthz FAILED",
                          report->killed_reason != NULL ? " (killed by the watchdog)" : "");
}

static void
append_number (GString    *json,
               const char *name,
               double      value)
{
  if (isfinite (value))
    g_string_append_printf (json, "\"%s\":%.3f,", name, value);
  else
    g_string_append_printf (json, "\"%s\":null,", name);
}

/* One JSON object: what the bench prints per attack. */
char *
kv_hostile_report_to_json (const KvHostileReport *report)
{
  GString *json = g_string_new ("{");

  g_string_append_printf (json, "\"attack\":\"%s\",", report->attack);
  append_number (json, "seconds", report->wall_s);
  g_string_append_printf (json, "\"unauthenticated\":%" G_GUINT64_FORMAT ",",
                          report->unauthenticated);
  append_number (json, "peak_rss_mb", report->peak_rss_mb);
  append_number (json, "server_cpu_s", report->server_cpu_s);
  g_string_append_printf (json, "\"db_growth_bytes\":%" G_GOFFSET_FORMAT ",",
                          report->db_growth_bytes);
  g_string_append_printf (json, "\"audit_rows_added\":%" G_GINT64_FORMAT ",",
                          report->audit_rows_added);
  append_number (json, "audit_rows_per_10000", audit_rows_per_10000 (report));
  append_number (json, "relay_p50_ms", report->relay.p50_ms);
  append_number (json, "relay_p99_ms", report->relay.p99_ms);
  append_number (json, "relay_p99_no_attack_ms", report->baseline_p99_ms);
  g_string_append_printf (json, "\"relay_lost\":%u,", report->relay.sent - report->relay.received);
  g_string_append_printf (json, "\"fresh_sign_in\":%s,",
                          report->probes.sign_in.attempts > 0 &&
                          report->probes.sign_in.failures == 0 ? "true" : "false");
  append_number (json, "sign_in_worst_ms", report->probes.sign_in.worst_ms);
  g_string_append_printf (json, "\"alive\":%s,\"killed\":%s}",
                          report->alive && report->healthy_after ? "true" : "false",
                          report->killed_reason != NULL ? "true" : "false");
  return g_string_free (json, FALSE);
}

/**
 * kv_hostile_report_assert_bounds:
 *
 * What every attack must leave intact: the server alive and answering,
 * its memory ≤ 200 MB, the legitimate pair's relay p99 within
 * kv_hostile_max_p99_ms() (the target, 5 ms, is the bench's), a fresh
 * kiosk sign-in, /healthz and an admin request each within 2 s throughout,
 * and the database grown by ≤ 1 MB per 10,000 unauthenticated requests.
 */
void
kv_hostile_report_assert_bounds (const KvHostileReport *report)
{
  g_autofree char *summary = kv_hostile_report_summary (report);
  double db_budget = KV_HOSTILE_DB_BYTES_PER_10000 * MAX (report->unauthenticated, 10000) / 10000.0;

  g_test_message ("%s", summary);
  if (report->killed_reason != NULL)
    g_test_message ("%s: %s", report->attack, report->killed_reason);
  g_assert_null (report->killed_reason);
  g_assert_true (report->alive);
  g_assert_true (report->healthy_after);
  g_assert_true (report->stopped_cleanly);
  g_assert_cmpfloat (report->peak_rss_mb, <=, KV_HOSTILE_MAX_RSS_MB);
  g_assert_cmpuint (report->relay.sent, >, 0);
  g_assert_cmpfloat (report->relay.p99_ms, <=, kv_hostile_max_p99_ms (report));
  if (report->probes.sign_in.first_failure != NULL)
    g_test_message ("%s: first failed sign-in: %s", report->attack,
                    report->probes.sign_in.first_failure);
  if (report->probes.health.first_failure != NULL)
    g_test_message ("%s: first failed /healthz: %s", report->attack,
                    report->probes.health.first_failure);
  if (report->probes.admin.first_failure != NULL)
    g_test_message ("%s: first failed admin request: %s", report->attack,
                    report->probes.admin.first_failure);
  g_assert_cmpuint (report->probes.sign_in.attempts, >, 0);
  g_assert_cmpuint (report->probes.sign_in.failures, ==, 0);
  g_assert_cmpuint (report->probes.health.failures, ==, 0);
  g_assert_cmpuint (report->probes.admin.failures, ==, 0);
  g_assert_cmpfloat ((double) report->db_growth_bytes, <=, db_budget);
}
