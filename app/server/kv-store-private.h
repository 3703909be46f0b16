/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by the files of KvStore only (kv-store.c, kv-store-audit.c,
 * kv-store-bookings.c, kv-store-kiosks.c, kv-store-retention.c): nothing
 * outside the store sees SQLite. */

#include <sqlite3.h>

#include "kv-audit-chain.h"
#include "kv-store.h"

G_BEGIN_DECLS

struct _KvStore
{
  GObject   parent_instance;

  char     *path;
  sqlite3  *db;
  int       lock_fd;          /* flock()ed <path>.lock, -1 if none */
  gboolean  in_transaction;

  /* The last row of the audit chain (or the purge anchor when the log is
   * empty): appending needs only this, not a read. */
  gint64    audit_head_seq;
  char      audit_head_hash[KV_AUDIT_HASH_LENGTH + 1];
};

/* A booking is finished once it is cancelled or its session ended, or when
 * its slot (with make-up) ended more than a day (?2) ago without the server
 * ending it (the server was not running then; it restores only visits that
 * ended less than a day ago). ?1 is the retention cut-off: the visit ended
 * before it. Never a future or a live booking. Shared by the purge
 * (kv-store-retention.c) and its dry run (kv-store-reader.c). */
#define KV_STORE_FINISHED_BOOKINGS \
  "FROM bookings b LEFT JOIN sessions s ON s.booking_id = b.id " \
  "WHERE b.start_us < ?1 " \
  "AND max (b.end_us + ifnull (s.makeup_us, 0), ifnull (s.ended_at_us, 0), b.cancelled_us) < ?1 " \
  "AND (b.cancelled_us != 0 OR s.state = 'ended' OR b.end_us + ifnull (s.makeup_us, 0) < ?2)"

/* How long the server keeps an unfinished visit of the past in memory. */
#define KV_STORE_STALE_AFTER_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

gboolean      kv_store_sql_error     (KvStore      *self,
                                      GError      **error,
                                      const char   *what);
gboolean      kv_store_sql_exec      (KvStore      *self,
                                      const char   *sql,
                                      GError      **error);
sqlite3_stmt *kv_store_sql_prepare   (KvStore      *self,
                                      const char   *sql,
                                      GError      **error);
gboolean      kv_store_sql_step_done (KvStore      *self,
                                      sqlite3_stmt *stmt,
                                      GError      **error);
void          kv_store_sql_bind_text (sqlite3_stmt *stmt,
                                      int           index,
                                      const char   *text);
char         *kv_store_sql_column_text (sqlite3_stmt *stmt,
                                        int           index);
gboolean      kv_store_sql_begin     (KvStore      *self,
                                      GError      **error);
gboolean      kv_store_sql_commit    (KvStore      *self,
                                      GError      **error);
void          kv_store_sql_rollback  (KvStore      *self);

/* kv-store-pauses.c */
gboolean      kv_store_sync_pauses   (KvStore                 *self,
                                      const char              *booking_id,
                                      const KvSessionSnapshot *snapshot,
                                      gint64                   now_us,
                                      const char              *actor,
                                      GError                 **error);

/* kv-store-audit.c */
gboolean      kv_store_insert_audit  (KvStore      *self,
                                      gint64        time_us,
                                      const char   *actor,
                                      const char   *action,
                                      const char   *booking_id,
                                      const char   *details,
                                      GError      **error);
gboolean      kv_store_load_audit_head (KvStore    *self,
                                        GError    **error);
gboolean      kv_store_backfill_audit_hashes (KvStore *self,
                                              GError **error);
KvAuditEntry *kv_store_read_audit_entry (sqlite3_stmt *stmt);

/* The columns kv_store_read_audit_entry() reads, in order. */
#define KV_STORE_AUDIT_COLUMNS "seq, time_us, actor, action, booking_id, details, hash"

G_END_DECLS
