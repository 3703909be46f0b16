/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kv-clock.h"
#include "kv-server-config.h"
#include "kv-store.h"

G_BEGIN_DECLS

/* Rows one purge transaction removes at most, before the main loop gets a
 * turn: a few milliseconds of work and one fsync. */
#define KV_RETENTION_BATCH_ROWS 500

/* When the daily purge runs: seconds after midnight UTC. At night, when no
 * visits are booked; the purge gives way to kiosks' traffic anyway. */
#define KV_RETENTION_DAILY_AT_S (3 * 3600)

/**
 * KvPurgeReport:
 * @dry_run: nothing was removed; @counts is what would have been
 * @bookings_before_us: finished bookings whose visit ended before this go
 * @audit_before_us: the oldest audit rows, up to the first at or after
 *   this, go
 * @counts: what was (or would be) removed
 *
 * The outcome of one purge.
 */
typedef struct
{
  gboolean      dry_run;
  gint64        bookings_before_us;
  gint64        audit_before_us;
  KvPurgeCounts counts;
} KvPurgeReport;

#define KV_TYPE_RETENTION (kv_retention_get_type ())
G_DECLARE_FINAL_TYPE (KvRetention, kv_retention, KV, RETENTION, GObject)

KvRetention   *kv_retention_new          (KvServerConfig       *config,
                                          KvClock              *clock,
                                          KvStore              *store);
void           kv_retention_start_daily  (KvRetention          *self);
gint64         kv_retention_get_next_run (KvRetention          *self);
void           kv_retention_purge_async  (KvRetention          *self,
                                          gboolean              dry_run,
                                          const char           *actor,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
KvPurgeReport *kv_retention_purge_finish (KvRetention          *self,
                                          GAsyncResult         *result,
                                          GError              **error);

G_END_DECLS
