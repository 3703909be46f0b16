/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-hostile-server.h"
#include "kv-legit-pair.h"
#include "kv-service-probes.h"

G_BEGIN_DECLS

/* Everything watched while an attack runs, started together just before
 * it and stopped just after: the legitimate pair relaying, the service
 * probes, the memory/log watchdog, the server's CPU time and the size of
 * its database. The report holds the figures that every hostile test
 * asserts on (kv_hostile_report_assert_bounds()) and the bench prints. */

/* The bounds of the issue "Harden the server against hostile clients".
 * The relay's target is p99 <= 5 ms; bench-hostile measures it, over a
 * minute per attack. The default suite runs each attack for seconds on
 * whatever machine runs it (a CI runner, a laptop with a build going), with
 * the attacking threads in the same process as the pair, and a p99 of
 * ~190 messages is their second slowest: it allows 25 ms. A quiet
 * machine measures 1-5 ms, scheduling spikes reach 10-17 ms, and every
 * attack that worked against the server cost 40 ms to 600 ms, which this
 * still catches.
 *
 * On a machine busy with other work (three compilers on 2 cores) the pair
 * alone, with no attack, measured p99 10-20 ms, and attacks the server
 * withstands then reached 27-69 ms. So the pair first relays for
 * KV_HOSTILE_BASELINE_SECONDS with no attack, and the bound is the larger
 * of 25 ms and KV_HOSTILE_BASELINE_FACTOR times that quiet p99: an attack
 * may not make relaying much slower than the machine already is. */
#define KV_HOSTILE_MAX_RSS_MB            200.0
#define KV_HOSTILE_MAX_P99_MS            25.0
#define KV_HOSTILE_BASELINE_SECONDS      1
#define KV_HOSTILE_BASELINE_FACTOR       3.0
#define KV_HOSTILE_DB_BYTES_PER_10000    (1024 * 1024)
#define KV_HOSTILE_PROBE_LIMIT_MS        2000
/* The watchdog's limits: far over the bounds, only there to protect the
 * machine from an attack that works. */
#define KV_HOSTILE_KILL_RSS_MB           1024.0
#define KV_HOSTILE_KILL_LOG_BYTES        (10 * 1024 * 1024)

typedef struct
{
  const char       *attack;
  double            wall_s;
  double            peak_rss_mb;
  double            server_cpu_s;
  goffset           db_growth_bytes;
  goffset           log_bytes;
  KvRelayStats      relay;
  double            baseline_p99_ms;   /* the pair with no attack, just before */
  KvProbeReport     probes;
  char             *killed_reason;     /* the watchdog killed the server: why */
  gboolean          alive;             /* the server still ran at the end */
  gboolean          healthy_after;     /* and /healthz answered */
  gboolean          stopped_cleanly;   /* then exited 0 on SIGTERM */
  gint64            audit_rows_added;  /* -1: could not be counted */
  guint64           unauthenticated;   /* requests the attack made; set by the attack */
} KvHostileReport;

typedef struct _KvHostileMonitor KvHostileMonitor;

KvHostileMonitor *kv_hostile_monitor_start         (KvHostileServer       *server,
                                                    const char            *attack);
void              kv_hostile_monitor_finish        (KvHostileMonitor      *self,
                                                    KvHostileReport       *out_report);

void              kv_hostile_report_clear          (KvHostileReport       *report);
double            kv_hostile_max_p99_ms            (const KvHostileReport *report);
char             *kv_hostile_report_summary        (const KvHostileReport *report);
char             *kv_hostile_report_to_json        (const KvHostileReport *report);
void              kv_hostile_report_assert_bounds  (const KvHostileReport *report);

G_END_DECLS
