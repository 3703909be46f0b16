/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-database.h"

G_BEGIN_DECLS

/* A booking is finished once it is cancelled or its session ended, or when
 * its slot (with make-up) ended more than a day (?2) ago without the server
 * ending it (the server was not running then; it restores only visits that
 * ended less than a day ago). ?1 is the retention cut-off: the visit ended
 * before it. Never a future or a live booking. Shared by the purge
 * (kv-purge-batch.c) and its dry run (kv-store-reader.c). */
#define KV_PURGE_BATCH_FINISHED_BOOKINGS \
  "FROM bookings b LEFT JOIN sessions s ON s.booking_id = b.id " \
  "WHERE b.start_us < ?1 " \
  "AND max (b.end_us + ifnull (s.makeup_us, 0), ifnull (s.ended_at_us, 0), b.cancelled_us) < ?1 " \
  "AND (b.cancelled_us != 0 OR s.state = 'ended' OR b.end_us + ifnull (s.makeup_us, 0) < ?2)"

/* How long the server keeps an unfinished visit of the past in memory. */
#define KV_PURGE_BATCH_STALE_AFTER_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

gboolean kv_purge_batch_bookings (KvDatabase     *database,
                                  gint64          before_us,
                                  gint64          now_us,
                                  guint           max_rows,
                                  KvPurgeCounts  *inout_counts,
                                  gboolean       *out_done,
                                  GError        **error);
gboolean kv_purge_batch_audit    (KvDatabase     *database,
                                  gint64          before_us,
                                  guint           max_rows,
                                  KvPurgeCounts  *inout_counts,
                                  gboolean       *out_done,
                                  GError        **error);

G_END_DECLS
