/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-store"

#include "config.h"

#include "kv-pause-table.h"

/* The store's pauses and mutes of sessions, one row each, for
 * staff reading back what happened in a visit (GET /api/v1/sessions/ID).
 * The session's own row says who is paused or muted now; these rows follow
 * it in the same transaction (kv_booking_table_save_session()), and go
 * with their booking when retention purges it. */

typedef struct
{
  const char *table;
  gboolean    has_category;
} PauseTable;

static const PauseTable pauses_table = { "pauses", TRUE };
static const PauseTable mutes_table = { "mutes", FALSE };

void
kv_pause_record_free (KvPauseRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->started_by);
  g_free (record->ended_by);
  g_free (record);
}

/* The open row of @side: its id (0 if none) and category. */
static gboolean
find_open (KvDatabase        *database,
           const PauseTable  *table,
           const char        *booking_id,
           const char        *side,
           gint64            *out_id,
           KvPauseCategory   *out_category,
           GError           **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  sql = g_strdup_printf ("SELECT id, %s FROM %s WHERE booking_id = ? AND side = ? "
                         "AND ended_us = 0 ORDER BY id DESC LIMIT 1",
                         table->has_category ? "category" : "NULL", table->table);
  stmt = kv_database_prepare (database, sql, error);
  if (stmt == NULL)
    return FALSE;
  kv_database_bind_text (stmt, 1, booking_id);
  kv_database_bind_text (stmt, 2, side);
  *out_id = 0;
  *out_category = KV_PAUSE_CATEGORY_NONE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *category = (const char *) sqlite3_column_text (stmt, 1);

      /* An open mute is "on": OTHER, as kv_pause_table_sync() says it. */
      *out_id = sqlite3_column_int64 (stmt, 0);
      if (category == NULL || !kv_pause_category_from_string (category, out_category))
        *out_category = KV_PAUSE_CATEGORY_OTHER;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return kv_database_error (database, error, "reading pauses");
  return TRUE;
}

static gboolean
close_row (KvDatabase       *database,
           const PauseTable *table,
           gint64            id,
           gint64            now_us,
           const char       *actor,
           GError          **error)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET ended_us = ?, ended_by = ? WHERE id = ?",
                                          table->table);
  sqlite3_stmt *stmt = kv_database_prepare (database, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now_us);
  kv_database_bind_text (stmt, 2, actor);
  sqlite3_bind_int64 (stmt, 3, id);
  return kv_database_step_done (database, stmt, error);
}

static gboolean
open_row (KvDatabase       *database,
          const PauseTable *table,
          const char       *booking_id,
          const char       *side,
          KvPauseCategory   category,
          gint64            now_us,
          const char       *actor,
          GError          **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  if (table->has_category)
    sql = g_strdup_printf ("INSERT INTO %s (booking_id, side, started_us, started_by, category) "
                           "VALUES (?, ?, ?, ?, ?)", table->table);
  else
    sql = g_strdup_printf ("INSERT INTO %s (booking_id, side, started_us, started_by) "
                           "VALUES (?, ?, ?, ?)", table->table);
  stmt = kv_database_prepare (database, sql, error);
  if (stmt == NULL)
    return FALSE;
  kv_database_bind_text (stmt, 1, booking_id);
  kv_database_bind_text (stmt, 2, side);
  sqlite3_bind_int64 (stmt, 3, now_us);
  kv_database_bind_text (stmt, 4, actor);
  if (table->has_category)
    kv_database_bind_text (stmt, 5, kv_pause_category_to_string (category));
  return kv_database_step_done (database, stmt, error);
}

/* Brings @side's rows of @table in line with what the session says now:
 * @category NONE is not paused (or not muted; mutes use OTHER for "on"). */
static gboolean
sync_side (KvDatabase       *database,
           const PauseTable *table,
           const char       *booking_id,
           KvRole            role,
           KvPauseCategory   category,
           gint64            now_us,
           const char       *actor,
           GError          **error)
{
  const char *side = kv_role_to_string (role);
  KvPauseCategory open_category;
  gint64 open_id;

  if (!find_open (database, table, booking_id, side, &open_id, &open_category, error))
    return FALSE;
  if (open_id != 0 && open_category == category)
    return TRUE;
  if (open_id != 0 && !close_row (database, table, open_id, now_us, actor, error))
    return FALSE;
  if (category != KV_PAUSE_CATEGORY_NONE &&
      !open_row (database, table, booking_id, side, category, now_us, actor, error))
    return FALSE;
  return TRUE;
}

/* Inside kv_booking_table_save_session()'s transaction. */
gboolean
kv_pause_table_sync (KvDatabase              *database,
                     const char              *booking_id,
                     const KvSessionSnapshot *snapshot,
                     gint64                   now_us,
                     const char              *actor,
                     GError                 **error)
{
  KvPauseCategory prison_mute = (snapshot->muted & KV_SIDE_PRISON) ? KV_PAUSE_CATEGORY_OTHER
                                                                   : KV_PAUSE_CATEGORY_NONE;
  KvPauseCategory community_mute = (snapshot->muted & KV_SIDE_COMMUNITY)
                                     ? KV_PAUSE_CATEGORY_OTHER : KV_PAUSE_CATEGORY_NONE;

  return sync_side (database, &pauses_table, booking_id, KV_ROLE_PRISON, snapshot->prison_pause,
                    now_us, actor, error) &&
         sync_side (database, &pauses_table, booking_id, KV_ROLE_COMMUNITY,
                    snapshot->community_pause, now_us, actor, error) &&
         sync_side (database, &mutes_table, booking_id, KV_ROLE_PRISON, prison_mute, now_us, actor,
                    error) &&
         sync_side (database, &mutes_table, booking_id, KV_ROLE_COMMUNITY, community_mute, now_us,
                    actor, error);
}

/* The pauses (or mutes) of the booking's visit, in the order they began. */
GPtrArray *
kv_pause_table_list (KvDatabase  *database,
                     const char  *booking_id,
                     gboolean     mutes,
                     GError     **error)
{
  const PauseTable *table = mutes ? &mutes_table : &pauses_table;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_pause_record_free);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  sql = g_strdup_printf ("SELECT side, %s, started_us, ended_us, started_by, ended_by FROM %s "
                         "WHERE booking_id = ? ORDER BY started_us, id",
                         table->has_category ? "category" : "NULL", table->table);
  stmt = kv_database_prepare (database, sql, error);
  if (stmt == NULL)
    return NULL;
  kv_database_bind_text (stmt, 1, booking_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KvPauseRecord *record = g_new0 (KvPauseRecord, 1);
      const char *side = (const char *) sqlite3_column_text (stmt, 0);
      const char *category = (const char *) sqlite3_column_text (stmt, 1);
      KvRole role;

      record->side = side != NULL && kv_role_from_string (side, &role) ? kv_role_to_side (role)
                                                                       : KV_SIDE_NONE;
      if (category == NULL || !kv_pause_category_from_string (category, &record->category))
        record->category = KV_PAUSE_CATEGORY_NONE;
      record->started_us = sqlite3_column_int64 (stmt, 2);
      record->ended_us = sqlite3_column_int64 (stmt, 3);
      record->started_by = kv_database_column_text (stmt, 4);
      record->ended_by = kv_database_column_text (stmt, 5);
      g_ptr_array_add (records, record);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      kv_database_error (database, error, "listing pauses");
      return NULL;
    }
  return g_steal_pointer (&records);
}
