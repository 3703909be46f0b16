/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-attack-connections.h"
#include "kv-attack-export.h"
#include "kv-attack-flood.h"
#include "kv-attack-frames.h"
#include "kv-attack-http.h"
#include "kv-hostile-monitor.h"

#include <stdio.h>
#include <string.h>

/* The hostile-client attacks of tests/hostile, each kept up for longer
 * (KV_BENCH_HOSTILE_SECONDS, default 60) against its own server process,
 * with the legitimate pair relaying and the probes signing a fresh kiosk
 * in throughout. Unlike the tests it asserts nothing and floods flat out.
 * Prints a line of figures per attack and, as its last line, one JSON
 * object: per attack the server's peak RSS, audit rows added per 10,000
 * unauthenticated requests, the pair's relay p50/p99 and whether a fresh
 * kiosk could always sign in. KV_BENCH_HOSTILE_ATTACKS (comma-separated
 * names) runs only some. The machine is shared: give `uptime` with the
 * figures. */

#define DEFAULT_SECONDS 60

typedef guint64 (*AttackFunc) (KvHostileServer *server,
                               gint64           deadline_us);

static gboolean
going_on (KvHostileServer *server,
          gint64           deadline_us)
{
  return g_get_monotonic_time () < deadline_us && kv_hostile_server_is_running (server);
}

/* Rounds of 8 connections and 1 MB of compressed zeros each. */
static guint64
deflate_bomb (KvHostileServer *server,
              gint64           deadline_us)
{
  guint64 requests = 0;

  for (guint round = 0; going_on (server, deadline_us); round++)
    {
      KvDeflateBombResult result;

      kv_attack_deflate_bomb (server, 8, 1024 * 1024, (round * 8) % 200, &result);
      requests += result.connections + result.frames_sent;
      kv_deflate_bomb_result_clear (&result);
    }
  return requests;
}

static guint64
huge_bodies (KvHostileServer *server,
             gint64           deadline_us)
{
  static const struct { const char *path; KvHugeBodyKind kind; } requests[] = {
    { "/api/v1/bookings", KV_HUGE_BODY_CONTENT_LENGTH },
    { "/healthz", KV_HUGE_BODY_CONTENT_LENGTH },
    { "/api/v1/bookings", KV_HUGE_BODY_CHUNKED },
  };
  guint64 sent = 0;

  for (guint i = 0; going_on (server, deadline_us); i++)
    {
      g_autofree char *address = kv_raw_attacker_address (i % 16);
      KvHugeBodyResult result;

      kv_attack_huge_body (server, address, requests[i % 3].path, requests[i % 3].kind,
                           4 * 1024 * 1024, 8 * 1024, &result);
      sent++;
      kv_huge_body_result_clear (&result);
    }
  return sent;
}

/* Flat out: as fast as the server answers. */
static guint64
audit_flood (KvHostileServer *server,
             gint64           deadline_us)
{
  KvAuditFloodResult result;
  guint seconds = (guint) MAX (1, (deadline_us - g_get_monotonic_time ()) / G_USEC_PER_SEC);

  kv_attack_audit_flood (server, seconds, G_MAXINT, 0, 0, &result);
  return kv_audit_flood_total (&result);
}

/* Waves of 1100 idle connections, each waited out. */
static guint64
connection_exhaustion (KvHostileServer *server,
                       gint64           deadline_us)
{
  guint64 opened = 0;

  while (going_on (server, deadline_us))
    {
      KvIdleConnectionsResult result;

      kv_attack_idle_connections (server, 1100, 20, 0, 3, 2, &result);
      opened += result.requested;
    }
  return opened;
}

static guint64
lockout (KvHostileServer *server,
         gint64           deadline_us)
{
  guint64 sent = 0;

  while (going_on (server, deadline_us))
    {
      KvLockoutResult result;

      kv_attack_lockout (server, "127.0.0.1", 200, 50, server->abuse_community_token, &result);
      sent += result.junk_sent + result.hellos_sent;
      kv_lockout_result_clear (&result);
    }
  return sent;
}

static guint64
audit_export (KvHostileServer *server,
              gint64           deadline_us)
{
  KvAuditExportResult result;
  guint seconds = (guint) MAX (1, (deadline_us - g_get_monotonic_time ()) / G_USEC_PER_SEC);

  kv_attack_audit_export (server, seconds, &result);
  kv_audit_export_result_clear (&result);
  return 0;
}

typedef struct
{
  const char             *name;
  AttackFunc              run;
  KvHostileServerOptions  options;
} Attack;

static const Attack attacks[] = {
  { "deflate-bomb", deflate_bomb, { 0 } },
  { "huge-bodies", huge_bodies, { 0 } },
  { "audit-flood", audit_flood, { 0 } },
  { "connection-exhaustion", connection_exhaustion,
    { .fd_hard_limit = 1024,
      .limits = "max-unauthenticated-per-address=64\n"
                "request-timeout-seconds=3\n"
                "sign-in-timeout-seconds=3" } },
  { "lockout", lockout, { 0 } },
  { "audit-export", audit_export, { .audit_rows = 1000000 } },
};

static gboolean
selected (const char *name)
{
  const char *list = g_getenv ("KV_BENCH_HOSTILE_ATTACKS");
  g_auto(GStrv) names = NULL;

  if (list == NULL || *list == '\0')
    return TRUE;
  names = g_strsplit (list, ",", -1);
  return g_strv_contains ((const char * const *) names, name);
}

int
main (int    argc,
      char **argv)
{
  const char *env = g_getenv ("KV_BENCH_HOSTILE_SECONDS");
  guint seconds = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : DEFAULT_SECONDS;
  g_autoptr(GString) json = g_string_new (NULL);

  kv_raw_raise_fd_limit ();
  seconds = MAX (seconds, 5);
  g_string_append_printf (json, "{\"seconds_per_attack\":%u,\"attacks\":[", seconds);
  for (guint i = 0; i < G_N_ELEMENTS (attacks); i++)
    {
      const Attack *attack = &attacks[i];
      g_autoptr(KvHostileServer) server = NULL;
      g_autofree char *summary = NULL;
      g_autofree char *object = NULL;
      KvHostileMonitor *monitor;
      KvHostileReport report;
      guint64 requests;

      if (!selected (attack->name))
        continue;
      server = kv_hostile_server_start (&attack->options);
      monitor = kv_hostile_monitor_start (server, attack->name);
      requests = attack->run (server, g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC);
      kv_hostile_monitor_finish (monitor, &report);
      report.unauthenticated = requests;
      summary = kv_hostile_report_summary (&report);
      object = kv_hostile_report_to_json (&report);
      g_print ("%s\n", summary);
      if (report.killed_reason != NULL)
        g_print ("%s: %s\n", attack->name, report.killed_reason);
      g_string_append_printf (json, "%s%s", json->str[json->len - 1] == '[' ? "" : ",", object);
      kv_hostile_report_clear (&report);
    }
  g_string_append (json, "]}");
  g_print ("%s\n", json->str);
  return 0;
}
