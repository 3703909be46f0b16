/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-store"

#include "config.h"

#include "kv-store-reader.h"

#include "kv-audit-table.h"
#include "kv-purge-batch.h"

#include <string.h>

/**
 * KvStoreReader:
 *
 * A read-only connection of its own to the server's database, for work
 * that must not run on the main loop: exporting the audit log page by
 * page, verifying its hash chain, counting what a purge would remove. WAL
 * lets it read while the #KvStore writes; each call sees one consistent
 * snapshot. Open it on the thread that uses it; one thread at a time.
 */

struct _KvStoreReader
{
  char    *path;
  sqlite3 *db;
};

/* Rows between two looks at the cancellable while verifying. */
#define VERIFY_CANCEL_CHECK_EVERY 4096

static gboolean
reader_error (KvStoreReader  *self,
              GError        **error,
              const char     *what)
{
  g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_FAILED, "Database %s: %s failed: %s",
               self->path, what, sqlite3_errmsg (self->db));
  return FALSE;
}

static sqlite3_stmt *
reader_prepare (KvStoreReader  *self,
                const char     *sql,
                GError        **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      reader_error (self, error, "prepare");
      return NULL;
    }
  return stmt;
}

static gboolean
reader_exec (KvStoreReader  *self,
             const char     *sql,
             GError        **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return reader_error (self, error, sql);
  return TRUE;
}

/**
 * kv_store_reader_open:
 * @path: the database a #KvStore serves
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the reader, or %NULL
 */
KvStoreReader *
kv_store_reader_open (const char  *path,
                      GError     **error)
{
  g_autoptr(KvStoreReader) self = g_new0 (KvStoreReader, 1);

  g_return_val_if_fail (path != NULL, NULL);

  self->path = g_strdup (path);
  /* NOMUTEX: this connection is only ever used by one thread at a time. */
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_FAILED, "Cannot read database %s: %s",
                   path, self->db != NULL ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }
  /* Readers wait only for a checkpoint that restarts the WAL. */
  sqlite3_busy_timeout (self->db, 5000);
  return g_steal_pointer (&self);
}

void
kv_store_reader_free (KvStoreReader *self)
{
  if (self == NULL)
    return;
  sqlite3_close_v2 (self->db);
  g_free (self->path);
  g_free (self);
}

/**
 * kv_store_reader_list_audit_page:
 * @self: a #KvStoreReader
 * @after_seq: the cursor: only rows after this seq (0 for the first page)
 * @since_us: only rows at or after this time (%G_MININT64 for all)
 * @limit: most rows to return, 1 to %KV_STORE_READER_MAX_PAGE
 * @out_more: (out): whether rows follow the last one returned
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type KvAuditEntry): the rows, in
 *   seq order
 */
GPtrArray *
kv_store_reader_list_audit_page (KvStoreReader  *self,
                                 gint64          after_seq,
                                 gint64          since_us,
                                 guint           limit,
                                 gboolean       *out_more,
                                 GError        **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_audit_entry_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (limit >= 1 && limit <= KV_STORE_READER_MAX_PAGE, NULL);

  g_debug ("Reading up to %u audit rows after seq %" G_GINT64_FORMAT, limit, after_seq);
  /* One row more than asked for says whether there are more. */
  stmt = reader_prepare (self,
                         "SELECT " KV_AUDIT_TABLE_COLUMNS " FROM audit "
                         "WHERE seq > ?1 AND time_us >= ?2 ORDER BY seq LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, after_seq);
  sqlite3_bind_int64 (stmt, 2, since_us);
  sqlite3_bind_int64 (stmt, 3, (gint64) limit + 1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && entries->len < limit)
    g_ptr_array_add (entries, kv_audit_table_read_entry (stmt));
  *out_more = rc == SQLITE_ROW;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      reader_error (self, error, "reading the audit log");
      return NULL;
    }
  return g_steal_pointer (&entries);
}

/**
 * kv_store_reader_verify_audit:
 * @self: a #KvStoreReader
 * @cancellable: (nullable): to stop early
 * @error: return location for a #GError
 *
 * Walks the whole hash chain from the purge anchor, in one snapshot (a
 * purge or an append meanwhile cannot make it look broken).
 *
 * Returns: (transfer full): what it found, or %NULL if the log could not be
 *   read (a broken chain is not an error)
 */
KvAuditVerification *
kv_store_reader_verify_audit (KvStoreReader  *self,
                              GCancellable   *cancellable,
                              GError        **error)
{
  KvAuditChainCheck check;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  g_debug ("Verifying the audit chain");
  if (!reader_exec (self, "BEGIN", error))
    return NULL;
  stmt = reader_prepare (self, "SELECT seq, hash FROM audit_anchor", error);
  if (stmt == NULL)
    goto fail;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_FAILED,
                   "Database %s has no purge anchor: the audit log cannot be verified",
                   self->path);
      goto fail;
    }
  kv_audit_chain_check_init (&check, sqlite3_column_int64 (stmt, 0),
                             (const char *) sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);

  stmt = reader_prepare (self, "SELECT " KV_AUDIT_TABLE_COLUMNS " FROM audit ORDER BY seq",
                         error);
  if (stmt == NULL)
    goto fail;
  for (guint64 i = 1; (rc = sqlite3_step (stmt)) == SQLITE_ROW; i++)
    {
      g_autoptr(KvAuditEntry) entry = kv_audit_table_read_entry (stmt);

      if (i % VERIFY_CANCEL_CHECK_EVERY == 0 &&
          g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_finalize (stmt);
          g_free (check.reason);
          goto fail;
        }
      if (!kv_audit_chain_check_add (&check, entry))
        {
          rc = SQLITE_DONE;
          break;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_free (check.reason);
      reader_error (self, error, "reading the audit log");
      goto fail;
    }
  reader_exec (self, "COMMIT", NULL);
  return kv_audit_chain_check_finish (&check);

fail:
  reader_exec (self, "ROLLBACK", NULL);
  return NULL;
}

/**
 * kv_store_reader_count_purgeable:
 * @self: a #KvStoreReader
 * @bookings_before_us: finished bookings whose visit ended before this
 * @now_us: now
 * @audit_before_us: the oldest audit rows, up to the first at or after this
 * @out_counts: (out): what a purge would remove now
 * @error: return location for a #GError
 *
 * A purge's dry run: the same choice as kv_purge_batch_bookings() and
 * kv_purge_batch_audit() make, counted in one snapshot.
 *
 * Returns: %TRUE if counted
 */
gboolean
kv_store_reader_count_purgeable (KvStoreReader  *self,
                                 gint64          bookings_before_us,
                                 gint64          now_us,
                                 gint64          audit_before_us,
                                 KvPurgeCounts  *out_counts,
                                 GError        **error)
{
  sqlite3_stmt *stmt;
  gint64 first_kept;

  g_return_val_if_fail (self != NULL, FALSE);

  memset (out_counts, 0, sizeof *out_counts);
  if (!reader_exec (self, "BEGIN", error))
    return FALSE;

  stmt = reader_prepare (self,
                         "SELECT count(*), count (s.booking_id), "
                         "total (ifnull (s.end_reason, '') != '') "
                         KV_PURGE_BATCH_FINISHED_BOOKINGS, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, bookings_before_us);
  sqlite3_bind_int64 (stmt, 2, now_us - KV_PURGE_BATCH_STALE_AFTER_US);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      reader_error (self, error, "counting finished bookings");
      goto fail;
    }
  out_counts->bookings = sqlite3_column_int64 (stmt, 0);
  out_counts->sessions = sqlite3_column_int64 (stmt, 1);
  out_counts->end_reasons = sqlite3_column_int64 (stmt, 2);
  sqlite3_finalize (stmt);

  /* Only the oldest rows go: up to the first one that is recent enough
   * (`+time_us` keeps SQLite walking in seq order rather than by time). */
  stmt = reader_prepare (self,
                         "SELECT ifnull ((SELECT seq FROM audit WHERE +time_us >= ?1 "
                         "ORDER BY seq LIMIT 1), (SELECT ifnull (max (seq), 0) + 1 FROM audit))",
                         error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, audit_before_us);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      reader_error (self, error, "finding old audit rows");
      goto fail;
    }
  first_kept = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  stmt = reader_prepare (self, "SELECT count(*) FROM audit WHERE seq < ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, first_kept);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      reader_error (self, error, "counting old audit rows");
      goto fail;
    }
  out_counts->audit_rows = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  reader_exec (self, "COMMIT", NULL);
  return TRUE;

fail:
  reader_exec (self, "ROLLBACK", NULL);
  return FALSE;
}
