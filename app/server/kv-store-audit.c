/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-store"

#include "config.h"

#include "kv-store.h"
#include "kv-store-private.h"

/* KvStore, continued: the audit log and its hash chain (kv-audit-chain.c).
 * Every row gets seq = head + 1 and its hash from the head's hash, both
 * from memory; the database checks the order (a trigger refuses any other
 * seq and rows without a hash). A rollback reloads the head. */

/* Rows the 1 -> 2 migration reads at a time: an UPDATE of a table while a
 * SELECT walks it is undefined in SQLite, so it reads a chunk, then writes. */
#define BACKFILL_CHUNK 1000

KvAuditEntry *
kv_audit_entry_new (gint64      time_us,
                    const char *actor,
                    const char *action,
                    const char *booking_id,
                    const char *details)
{
  KvAuditEntry *entry = g_new0 (KvAuditEntry, 1);

  entry->time_us = time_us;
  entry->actor = g_strdup (actor);
  entry->action = g_strdup (action);
  entry->booking_id = g_strdup (booking_id);
  entry->details = g_strdup (details != NULL ? details : "");
  return entry;
}

void
kv_audit_entry_free (KvAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->actor);
  g_free (entry->action);
  g_free (entry->booking_id);
  g_free (entry->details);
  g_free (entry->hash);
  g_free (entry);
}

/* A row of KV_STORE_AUDIT_COLUMNS. */
KvAuditEntry *
kv_store_read_audit_entry (sqlite3_stmt *stmt)
{
  KvAuditEntry *entry = g_new0 (KvAuditEntry, 1);

  entry->seq = sqlite3_column_int64 (stmt, 0);
  entry->time_us = sqlite3_column_int64 (stmt, 1);
  entry->actor = kv_store_sql_column_text (stmt, 2);
  entry->action = kv_store_sql_column_text (stmt, 3);
  entry->booking_id = kv_store_sql_column_text (stmt, 4);
  entry->details = kv_store_sql_column_text (stmt, 5);
  entry->hash = kv_store_sql_column_text (stmt, 6);
  /* NOT NULL in the schema; a damaged row must not crash the hashing. */
  if (entry->actor == NULL)
    entry->actor = g_strdup ("");
  if (entry->action == NULL)
    entry->action = g_strdup ("");
  return entry;
}

/* The head is the last row, or the purge anchor when retention removed
 * them all. */
gboolean
kv_store_load_audit_head (KvStore  *self,
                          GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = kv_store_sql_prepare (self,
                               "SELECT seq, hash FROM audit WHERE seq = (SELECT max (seq) FROM audit) "
                               "UNION ALL SELECT seq, hash FROM audit_anchor "
                               "WHERE NOT EXISTS (SELECT 1 FROM audit)", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      return kv_store_sql_error (self, error, "reading the head of the audit log");
    }
  self->audit_head_seq = sqlite3_column_int64 (stmt, 0);
  g_strlcpy (self->audit_head_hash,
             sqlite3_column_text (stmt, 1) != NULL ? (const char *) sqlite3_column_text (stmt, 1)
                                                   : "",
             sizeof self->audit_head_hash);
  sqlite3_finalize (stmt);
  return TRUE;
}

/* Migration 1 -> 2: chains the rows written before there was a chain, in
 * their order, from the genesis. */
gboolean
kv_store_backfill_audit_hashes (KvStore  *self,
                                GError  **error)
{
  g_autofree char *previous = g_strdup (KV_AUDIT_CHAIN_GENESIS);
  gint64 after = G_MININT64;
  gint64 n_rows = 0;

  for (;;)
    {
      g_autoptr(GPtrArray) chunk = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_audit_entry_free);
      sqlite3_stmt *stmt;
      int rc;

      stmt = kv_store_sql_prepare (self,
                                   "SELECT " KV_STORE_AUDIT_COLUMNS " FROM audit WHERE seq > ? "
                                   "ORDER BY seq LIMIT " G_STRINGIFY (BACKFILL_CHUNK), error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, after);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (chunk, kv_store_read_audit_entry (stmt));
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        return kv_store_sql_error (self, error, "reading the audit log to chain it");
      if (chunk->len == 0)
        break;

      stmt = kv_store_sql_prepare (self, "UPDATE audit SET hash = ? WHERE seq = ?", error);
      if (stmt == NULL)
        return FALSE;
      for (guint i = 0; i < chunk->len; i++)
        {
          KvAuditEntry *entry = g_ptr_array_index (chunk, i);
          g_autofree char *hash = kv_audit_chain_hash (previous, entry);

          sqlite3_reset (stmt);
          kv_store_sql_bind_text (stmt, 1, hash);
          sqlite3_bind_int64 (stmt, 2, entry->seq);
          if (sqlite3_step (stmt) != SQLITE_DONE)
            {
              sqlite3_finalize (stmt);
              return kv_store_sql_error (self, error, "chaining the audit log");
            }
          g_free (previous);
          previous = g_steal_pointer (&hash);
          after = entry->seq;
        }
      sqlite3_finalize (stmt);
      n_rows += chunk->len;
    }
  g_debug ("Chained %" G_GINT64_FORMAT " existing audit rows", n_rows);
  return TRUE;
}

/* Appends one row inside the caller's transaction. */
gboolean
kv_store_insert_audit (KvStore     *self,
                       gint64       time_us,
                       const char  *actor,
                       const char  *action,
                       const char  *booking_id,
                       const char  *details,
                       GError     **error)
{
  KvAuditEntry entry = {
    .seq = self->audit_head_seq + 1,
    .time_us = time_us,
    .actor = (char *) actor,
    .action = (char *) action,
    .booking_id = (char *) booking_id,
    .details = (char *) (details != NULL ? details : ""),
  };
  g_autofree char *hash = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (self->in_transaction, FALSE);
  g_return_val_if_fail (actor != NULL && action != NULL, FALSE);

  hash = kv_audit_chain_hash (self->audit_head_hash, &entry);
  stmt = kv_store_sql_prepare (self,
                               "INSERT INTO audit (seq, time_us, actor, action, booking_id, details, "
                               "hash) VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry.seq);
  sqlite3_bind_int64 (stmt, 2, time_us);
  kv_store_sql_bind_text (stmt, 3, actor);
  kv_store_sql_bind_text (stmt, 4, action);
  kv_store_sql_bind_text (stmt, 5, booking_id);
  kv_store_sql_bind_text (stmt, 6, entry.details);
  kv_store_sql_bind_text (stmt, 7, hash);
  if (!kv_store_sql_step_done (self, stmt, error))
    return FALSE;

  /* Tentative until the commit: a rollback reloads it. */
  self->audit_head_seq = entry.seq;
  g_strlcpy (self->audit_head_hash, hash, sizeof self->audit_head_hash);
  return TRUE;
}

/**
 * kv_store_append_audit:
 *
 * Appends one entry to the audit log, in its own transaction.
 */
gboolean
kv_store_append_audit (KvStore     *self,
                       gint64       time_us,
                       const char  *actor,
                       const char  *action,
                       const char  *booking_id,
                       const char  *details,
                       GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  if (!kv_store_sql_begin (self, error))
    return FALSE;
  if (!kv_store_insert_audit (self, time_us, actor, action, booking_id, details, error) ||
      !kv_store_sql_commit (self, error))
    {
      kv_store_sql_rollback (self);
      return FALSE;
    }
  return TRUE;
}

/**
 * kv_store_append_audit_batch:
 * @self: a #KvStore
 * @entries: (element-type KvAuditEntry): the entries, in order; their
 *   @seq and @hash are ignored (the store gives them theirs)
 * @error: return location for a #GError
 *
 * Appends several entries in one transaction (one fsync): all of them, in
 * order and chained one to the next, or none. For entries written often,
 * such as counts of refused requests flushed once a minute.
 *
 * Returns: %TRUE once committed
 */
gboolean
kv_store_append_audit_batch (KvStore    *self,
                             GPtrArray  *entries,
                             GError    **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);
  g_return_val_if_fail (entries != NULL, FALSE);

  if (entries->len == 0)
    return TRUE;
  if (!kv_store_sql_begin (self, error))
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      const KvAuditEntry *entry = g_ptr_array_index (entries, i);

      if (!kv_store_insert_audit (self, entry->time_us, entry->actor, entry->action,
                                  entry->booking_id, entry->details, error))
        goto fail;
    }
  if (!kv_store_sql_commit (self, error))
    goto fail;
  return TRUE;

fail:
  kv_store_sql_rollback (self);
  return FALSE;
}

/**
 * kv_store_list_audit:
 * @since_us: only entries at or after this time
 *
 * Reads the whole log into memory on the calling thread: for tests and
 * small logs. The admin API pages through it with a #KvStoreReader in a
 * worker thread instead.
 *
 * Returns: (transfer container) (element-type KvAuditEntry): the entries in
 *   the order they were written
 */
GPtrArray *
kv_store_list_audit (KvStore  *self,
                     gint64    since_us,
                     GError  **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_audit_entry_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  stmt = kv_store_sql_prepare (self,
                               "SELECT " KV_STORE_AUDIT_COLUMNS " FROM audit "
                               "WHERE time_us >= ? ORDER BY seq", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since_us);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, kv_store_read_audit_entry (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      kv_store_sql_error (self, error, "reading the audit log");
      return NULL;
    }
  return g_steal_pointer (&entries);
}

gint64
kv_store_count_audit (KvStore  *self,
                      GError  **error)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_return_val_if_fail (KV_IS_STORE (self), -1);

  stmt = kv_store_sql_prepare (self, "SELECT count(*) FROM audit", error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    kv_store_sql_error (self, error, "counting the audit log");
  sqlite3_finalize (stmt);
  return count;
}

/**
 * kv_store_get_audit_head:
 * @self: a #KvStore
 * @out_hash: (out) (optional) (transfer none): the head's hash
 *
 * Returns: the seq of the last audit row (of the purge anchor if the log
 *   is empty; 0 for a new log)
 */
gint64
kv_store_get_audit_head (KvStore     *self,
                         const char **out_hash)
{
  g_return_val_if_fail (KV_IS_STORE (self), 0);

  if (out_hash != NULL)
    *out_hash = self->audit_head_hash;
  return self->audit_head_seq;
}
