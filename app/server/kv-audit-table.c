/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-store"

#include "config.h"

#include "kv-audit-table.h"

#include "kv-audit-chain.h"

/**
 * KvAuditTable:
 *
 * The store's audit log and its hash chain (kv-audit-chain.c). Every row
 * gets seq = head + 1 and its hash from the head's hash, both from memory;
 * the database checks the order (a trigger refuses any other seq and rows
 * without a hash). A rollback of the database reloads the head.
 */

/* Rows the 1 -> 2 migration reads at a time: an UPDATE of a table while a
 * SELECT walks it is undefined in SQLite, so it reads a chunk, then writes. */
#define BACKFILL_CHUNK 1000

struct _KvAuditTable
{
  GObject     parent_instance;

  KvDatabase *database;

  /* The last row of the audit chain (or the purge anchor when the log is
   * empty): appending needs only this, not a read. */
  gint64      head_seq;
  char        head_hash[KV_AUDIT_HASH_LENGTH + 1];
};

G_DEFINE_FINAL_TYPE (KvAuditTable, kv_audit_table, G_TYPE_OBJECT)

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

/* A row of KV_AUDIT_TABLE_COLUMNS. */
KvAuditEntry *
kv_audit_table_read_entry (sqlite3_stmt *stmt)
{
  KvAuditEntry *entry = g_new0 (KvAuditEntry, 1);

  entry->seq = sqlite3_column_int64 (stmt, 0);
  entry->time_us = sqlite3_column_int64 (stmt, 1);
  entry->actor = kv_database_column_text (stmt, 2);
  entry->action = kv_database_column_text (stmt, 3);
  entry->booking_id = kv_database_column_text (stmt, 4);
  entry->details = kv_database_column_text (stmt, 5);
  entry->hash = kv_database_column_text (stmt, 6);
  /* NOT NULL in the schema; a damaged row must not crash the hashing. */
  if (entry->actor == NULL)
    entry->actor = g_strdup ("");
  if (entry->action == NULL)
    entry->action = g_strdup ("");
  return entry;
}

/* The head is the last row, or the purge anchor when retention removed
 * them all. */
static gboolean
load_head (KvAuditTable  *self,
           GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = kv_database_prepare (self->database,
                              "SELECT seq, hash FROM audit WHERE seq = (SELECT max (seq) FROM audit) "
                              "UNION ALL SELECT seq, hash FROM audit_anchor "
                              "WHERE NOT EXISTS (SELECT 1 FROM audit)", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      return kv_database_error (self->database, error, "reading the head of the audit log");
    }
  self->head_seq = sqlite3_column_int64 (stmt, 0);
  g_strlcpy (self->head_hash,
             sqlite3_column_text (stmt, 1) != NULL ? (const char *) sqlite3_column_text (stmt, 1)
                                                   : "",
             sizeof self->head_hash);
  sqlite3_finalize (stmt);
  return TRUE;
}

/* The transaction may have appended to the chain in memory: take the head
 * from the database again, as it is now. */
static void
on_rolled_back (KvDatabase *database,
                gpointer    user_data)
{
  KvAuditTable *self = KV_AUDIT_TABLE (user_data);
  g_autoptr(GError) error = NULL;

  if (!load_head (self, &error))
    g_warning ("Audit chain head not reloaded: %s", error->message);
}

/* Migration 1 -> 2: chains the rows written before there was a chain, in
 * their order, from the genesis. */
gboolean
kv_audit_table_backfill_hashes (KvDatabase  *database,
                                GError     **error)
{
  g_autofree char *previous = g_strdup (KV_AUDIT_CHAIN_GENESIS);
  gint64 after = G_MININT64;
  gint64 n_rows = 0;

  for (;;)
    {
      g_autoptr(GPtrArray) chunk = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_audit_entry_free);
      sqlite3_stmt *stmt;
      int rc;

      stmt = kv_database_prepare (database,
                                  "SELECT " KV_AUDIT_TABLE_COLUMNS " FROM audit WHERE seq > ? "
                                  "ORDER BY seq LIMIT " G_STRINGIFY (BACKFILL_CHUNK), error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, after);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (chunk, kv_audit_table_read_entry (stmt));
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        return kv_database_error (database, error, "reading the audit log to chain it");
      if (chunk->len == 0)
        break;

      stmt = kv_database_prepare (database, "UPDATE audit SET hash = ? WHERE seq = ?", error);
      if (stmt == NULL)
        return FALSE;
      for (guint i = 0; i < chunk->len; i++)
        {
          KvAuditEntry *entry = g_ptr_array_index (chunk, i);
          g_autofree char *hash = kv_audit_chain_hash (previous, entry);

          sqlite3_reset (stmt);
          kv_database_bind_text (stmt, 1, hash);
          sqlite3_bind_int64 (stmt, 2, entry->seq);
          if (sqlite3_step (stmt) != SQLITE_DONE)
            {
              sqlite3_finalize (stmt);
              return kv_database_error (database, error, "chaining the audit log");
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

static void
kv_audit_table_dispose (GObject *object)
{
  KvAuditTable *self = KV_AUDIT_TABLE (object);

  if (self->database != NULL)
    g_signal_handlers_disconnect_by_data (self->database, self);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (kv_audit_table_parent_class)->dispose (object);
}

static void
kv_audit_table_class_init (KvAuditTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kv_audit_table_dispose;
}

static void
kv_audit_table_init (KvAuditTable *self)
{
}

/**
 * kv_audit_table_new:
 * @database: a database with the current schema
 * @error: return location for a #GError
 *
 * Reads the head of the chain, and reads it again whenever @database
 * rolls a transaction back.
 *
 * Returns: (transfer full): the audit table, or %NULL
 */
KvAuditTable *
kv_audit_table_new (KvDatabase  *database,
                    GError     **error)
{
  g_autoptr(KvAuditTable) self = g_object_new (KV_TYPE_AUDIT_TABLE, NULL);

  g_return_val_if_fail (KV_IS_DATABASE (database), NULL);

  self->database = g_object_ref (database);
  if (!load_head (self, error))
    return NULL;
  g_signal_connect (database, "rolled-back", G_CALLBACK (on_rolled_back), self);
  return g_steal_pointer (&self);
}

/* Appends one row inside the caller's transaction. */
gboolean
kv_audit_table_insert (KvAuditTable  *self,
                       gint64         time_us,
                       const char    *actor,
                       const char    *action,
                       const char    *booking_id,
                       const char    *details,
                       GError       **error)
{
  KvAuditEntry entry = {
    .seq = self->head_seq + 1,
    .time_us = time_us,
    .actor = (char *) actor,
    .action = (char *) action,
    .booking_id = (char *) booking_id,
    .details = (char *) (details != NULL ? details : ""),
  };
  g_autofree char *hash = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (kv_database_in_transaction (self->database), FALSE);
  g_return_val_if_fail (actor != NULL && action != NULL, FALSE);

  hash = kv_audit_chain_hash (self->head_hash, &entry);
  stmt = kv_database_prepare (self->database,
                              "INSERT INTO audit (seq, time_us, actor, action, booking_id, details, "
                              "hash) VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry.seq);
  sqlite3_bind_int64 (stmt, 2, time_us);
  kv_database_bind_text (stmt, 3, actor);
  kv_database_bind_text (stmt, 4, action);
  kv_database_bind_text (stmt, 5, booking_id);
  kv_database_bind_text (stmt, 6, entry.details);
  kv_database_bind_text (stmt, 7, hash);
  if (!kv_database_step_done (self->database, stmt, error))
    return FALSE;

  /* Tentative until the commit: a rollback reloads it. */
  self->head_seq = entry.seq;
  g_strlcpy (self->head_hash, hash, sizeof self->head_hash);
  return TRUE;
}

/* Appends @entries (their seq and hash ignored) in one transaction of
 * their own: all of them, in order and chained, or none. */
gboolean
kv_audit_table_append (KvAuditTable  *self,
                       GPtrArray     *entries,
                       GError       **error)
{
  g_return_val_if_fail (KV_IS_AUDIT_TABLE (self), FALSE);
  g_return_val_if_fail (entries != NULL, FALSE);

  if (entries->len == 0)
    return TRUE;
  if (!kv_database_begin (self->database, error))
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      const KvAuditEntry *entry = g_ptr_array_index (entries, i);

      if (!kv_audit_table_insert (self, entry->time_us, entry->actor, entry->action,
                                  entry->booking_id, entry->details, error))
        goto fail;
    }
  if (!kv_database_commit (self->database, error))
    goto fail;
  return TRUE;

fail:
  kv_database_rollback (self->database);
  return FALSE;
}

/* The whole log at or after @since_us, in the order it was written. */
GPtrArray *
kv_audit_table_list (KvAuditTable  *self,
                     gint64         since_us,
                     GError       **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_audit_entry_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KV_IS_AUDIT_TABLE (self), NULL);

  stmt = kv_database_prepare (self->database,
                              "SELECT " KV_AUDIT_TABLE_COLUMNS " FROM audit "
                              "WHERE time_us >= ? ORDER BY seq", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since_us);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, kv_audit_table_read_entry (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      kv_database_error (self->database, error, "reading the audit log");
      return NULL;
    }
  return g_steal_pointer (&entries);
}

gint64
kv_audit_table_count (KvAuditTable  *self,
                      GError       **error)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_return_val_if_fail (KV_IS_AUDIT_TABLE (self), -1);

  stmt = kv_database_prepare (self->database, "SELECT count(*) FROM audit", error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    kv_database_error (self->database, error, "counting the audit log");
  sqlite3_finalize (stmt);
  return count;
}

gint64
kv_audit_table_get_head (KvAuditTable  *self,
                         const char   **out_hash)
{
  g_return_val_if_fail (KV_IS_AUDIT_TABLE (self), 0);

  if (out_hash != NULL)
    *out_hash = self->head_hash;
  return self->head_seq;
}
