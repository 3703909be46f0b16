/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-store"

#include "config.h"

#include "kv-purge-batch.h"

/* What retention removes from the store, one bounded batch per
 * transaction so that the caller (KvRetention) can give the main loop back
 * between batches.
 *
 * Finished bookings leave behind only anonymous monthly counts (month of
 * the visit, UTC; the two kiosk ids; the outcome: visits, booked minutes,
 * lost and make-up seconds), never labels, reasons or booking ids. The
 * audit log loses its oldest rows only, and the purge anchor records the
 * last removed row's seq and hash so that the chain still verifies. */

/* A batch commits without an fsync of its own (synchronous=NORMAL): WAL
 * keeps it atomic, and under a busy disk an fsync per batch held the main
 * loop 10 to 50 ms each time. A power cut may undo the last batches, which
 * the next purge removes again; the purge's audit row, committed with an
 * fsync, makes all of them durable. Everything else keeps FULL. */
static gboolean
begin_batch (KvDatabase  *database,
             GError     **error)
{
  if (!kv_database_exec (database, "PRAGMA synchronous = NORMAL", error))
    return FALSE;
  if (!kv_database_begin (database, error))
    {
      kv_database_exec (database, "PRAGMA synchronous = FULL", NULL);
      return FALSE;
    }
  return TRUE;
}

/* Back to FULL, after the batch is committed or rolled back. */
static gboolean
end_batch (KvDatabase  *database,
           gboolean     committed,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!committed)
    kv_database_rollback (database);
  if (!kv_database_exec (database, "PRAGMA synchronous = FULL", &local_error))
    {
      if (committed)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_warning ("Commits are not durable now: %s", local_error->message);
      return FALSE;
    }
  return committed;
}

static gboolean
exec_bound (KvDatabase    *database,
            sqlite3_stmt  *stmt,
            GError       **error)
{
  return stmt != NULL && kv_database_step_done (database, stmt, error);
}

/**
 * kv_purge_batch_bookings:
 * @database: the store's database
 * @before_us: the cut-off: bookings whose visit ended before this
 * @now_us: now (a visit of the past that the server never ended counts as
 *   finished a day after its slot)
 * @max_rows: most bookings to remove in this transaction
 * @inout_counts: what was removed is added here
 * @out_done: (out): %TRUE when no finished booking is left before @before_us
 * @error: return location for a #GError
 *
 * Counts up to @max_rows finished bookings in `visit_counts`, then removes
 * them with their sessions (end reasons and categories, who ended them,
 * lost and make-up figures) and their pauses and mutes, in one
 * transaction. Future and live bookings are never touched.
 *
 * Returns: %TRUE if the batch was committed
 */
gboolean
kv_purge_batch_bookings (KvDatabase     *database,
                         gint64          before_us,
                         gint64          now_us,
                         guint           max_rows,
                         KvPurgeCounts  *inout_counts,
                         gboolean       *out_done,
                         GError        **error)
{
  sqlite3_stmt *stmt;
  gint64 n_bookings = 0, n_sessions = 0, n_reasons = 0;

  g_return_val_if_fail (KV_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (max_rows > 0, FALSE);
  g_return_val_if_fail (before_us <= now_us, FALSE);

  if (!begin_batch (database, error))
    return FALSE;
  if (!kv_database_exec (database,
                         "CREATE TEMP TABLE IF NOT EXISTS purge_batch ("
                         "  id TEXT PRIMARY KEY, month TEXT, prison_kiosk TEXT,"
                         "  community_kiosk TEXT, outcome TEXT, booked_minutes INTEGER,"
                         "  lost_seconds INTEGER, makeup_seconds INTEGER,"
                         "  has_session INTEGER, has_reason INTEGER);"
                         "DELETE FROM purge_batch;", error))
    goto fail;

  stmt = kv_database_prepare (database,
                              "INSERT INTO purge_batch SELECT b.id, "
                              "strftime ('%Y-%m', b.start_us / 1000000, 'unixepoch'), "
                              "b.prison_kiosk, b.community_kiosk, "
                              "CASE WHEN b.cancelled_us != 0 THEN 'cancelled' "
                              "ELSE ifnull (s.outcome, 'none') END, "
                              "(b.end_us - b.start_us) / 60000000, "
                              "(ifnull (s.lost_us, 0) + 500000) / 1000000, "
                              "(ifnull (s.makeup_us, 0) + 500000) / 1000000, "
                              "s.booking_id IS NOT NULL, ifnull (s.end_reason, '') != '' "
                              KV_PURGE_BATCH_FINISHED_BOOKINGS " ORDER BY b.start_us LIMIT ?3", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, before_us);
  sqlite3_bind_int64 (stmt, 2, now_us - KV_PURGE_BATCH_STALE_AFTER_US);
  sqlite3_bind_int64 (stmt, 3, max_rows);
  if (!exec_bound (database, stmt, error))
    goto fail;

  stmt = kv_database_prepare (database,
                              "SELECT count(*), total (has_session), total (has_reason) "
                              "FROM purge_batch", error);
  if (stmt == NULL)
    goto fail;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      n_bookings = sqlite3_column_int64 (stmt, 0);
      n_sessions = sqlite3_column_int64 (stmt, 1);
      n_reasons = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_finalize (stmt);

  /* WHERE true: SQLite's grammar needs it before an upsert's ON CONFLICT. */
  if (n_bookings > 0 &&
      !kv_database_exec (database,
                         "INSERT INTO visit_counts (month, prison_kiosk, community_kiosk, outcome, "
                         "visits, booked_minutes, lost_seconds, makeup_seconds) "
                         "SELECT month, prison_kiosk, community_kiosk, outcome, count(*), "
                         "sum (booked_minutes), sum (lost_seconds), sum (makeup_seconds) "
                         "FROM purge_batch WHERE true "
                         "GROUP BY month, prison_kiosk, community_kiosk, outcome "
                         "ON CONFLICT (month, prison_kiosk, community_kiosk, outcome) DO UPDATE SET "
                         "visits = visits + excluded.visits, "
                         "booked_minutes = booked_minutes + excluded.booked_minutes, "
                         "lost_seconds = lost_seconds + excluded.lost_seconds, "
                         "makeup_seconds = makeup_seconds + excluded.makeup_seconds;"
                         "DELETE FROM pauses WHERE booking_id IN (SELECT id FROM purge_batch);"
                         "DELETE FROM mutes WHERE booking_id IN (SELECT id FROM purge_batch);"
                         "DELETE FROM booking_moves WHERE booking_id IN (SELECT id FROM purge_batch);"
                         "DELETE FROM sessions WHERE booking_id IN (SELECT id FROM purge_batch);"
                         "DELETE FROM bookings WHERE id IN (SELECT id FROM purge_batch);"
                         "DELETE FROM purge_batch;", error))
    goto fail;
  if (!end_batch (database, kv_database_commit (database, error), error))
    return FALSE;

  inout_counts->bookings += n_bookings;
  inout_counts->sessions += n_sessions;
  inout_counts->end_reasons += n_reasons;
  *out_done = n_bookings < max_rows;
  return TRUE;

fail:
  return end_batch (database, FALSE, error);
}

/**
 * kv_purge_batch_audit:
 * @database: the store's database
 * @before_us: the cut-off: the oldest rows, up to the first at or after this
 * @max_rows: most rows to remove in this transaction
 * @inout_counts: what was removed is added here
 * @out_done: (out): %TRUE when the oldest row left is at or after @before_us
 * @error: return location for a #GError
 *
 * Moves the purge anchor to the last of up to @max_rows oldest rows, then
 * removes them, in one transaction: the chain then starts from the anchor.
 * A row older than @before_us that comes after a newer one (the clock went
 * back) is kept, so only a prefix of the log is ever removed.
 *
 * Returns: %TRUE if the batch was committed
 */
gboolean
kv_purge_batch_audit (KvDatabase     *database,
                      gint64          before_us,
                      guint           max_rows,
                      KvPurgeCounts  *inout_counts,
                      gboolean       *out_done,
                      GError        **error)
{
  g_autofree char *last_hash = NULL;
  sqlite3_stmt *stmt;
  gint64 last_seq = 0;
  gint64 n_removed = 0;
  guint n_read = 0;
  gboolean reached_recent = FALSE;
  int rc;

  g_return_val_if_fail (KV_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (max_rows > 0, FALSE);

  if (!begin_batch (database, error))
    return FALSE;
  stmt = kv_database_prepare (database, "SELECT seq, time_us, hash FROM audit ORDER BY seq LIMIT ?",
                              error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, max_rows);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      n_read++;
      if (sqlite3_column_int64 (stmt, 1) >= before_us)
        {
          reached_recent = TRUE;
          break;
        }
      last_seq = sqlite3_column_int64 (stmt, 0);
      g_free (last_hash);
      last_hash = kv_database_column_text (stmt, 2);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      kv_database_error (database, error, "reading the oldest audit rows");
      goto fail;
    }

  if (last_hash != NULL)
    {
      stmt = kv_database_prepare (database, "UPDATE audit_anchor SET seq = ?, hash = ?", error);
      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, last_seq);
          kv_database_bind_text (stmt, 2, last_hash);
        }
      if (!exec_bound (database, stmt, error))
        goto fail;
      stmt = kv_database_prepare (database, "DELETE FROM audit WHERE seq <= ?", error);
      if (stmt != NULL)
        sqlite3_bind_int64 (stmt, 1, last_seq);
      if (!exec_bound (database, stmt, error))
        goto fail;
      n_removed = kv_database_changes (database);
    }
  if (!end_batch (database, kv_database_commit (database, error), error))
    return FALSE;

  inout_counts->audit_rows += n_removed;
  *out_done = reached_recent || n_read < max_rows;
  return TRUE;

fail:
  return end_batch (database, FALSE, error);
}
