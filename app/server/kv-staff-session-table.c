/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-store"

#include "config.h"

#include "kv-staff-session-table.h"

/* The store's staff console sessions. A session is kept as the SHA-256 of
 * its id (the cookie's value), so a copy of the database signs no one in;
 * its CSRF token is kept as is, being useless without the cookie. */

void
kv_staff_session_record_free (KvStaffSessionRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->staff_id);
  g_free (record->csrf_token);
  g_free (record);
}

static char *
hash_session_id (const char *session_id)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, session_id != NULL ? session_id : "",
                                        -1);
}

/* Ends every session of @staff_id inside the caller's transaction. */
gboolean
kv_staff_session_table_delete_of (KvDatabase  *database,
                                  const char  *staff_id,
                                  gint64      *out_n_deleted,
                                  GError     **error)
{
  sqlite3_stmt *stmt = kv_database_prepare (database,
                                            "DELETE FROM staff_sessions WHERE staff_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  kv_database_bind_text (stmt, 1, staff_id);
  if (!kv_database_step_done (database, stmt, error))
    return FALSE;
  *out_n_deleted = kv_database_changes (database);
  return TRUE;
}

/* A new session, audited as the account's sign-in (@details: from where).
 * Sessions of any account last used before @idle_before_us or made before
 * @made_before_us are swept in the same transaction: nobody will present
 * their cookies again, and without this they would stay for good. */
gboolean
kv_staff_session_table_add (KvDatabase    *database,
                            KvAuditTable  *audit,
                            const char    *session_id,
                            const char    *staff_id,
                            const char    *csrf_token,
                            gint64         now_us,
                            gint64         idle_before_us,
                            gint64         made_before_us,
                            const char    *details,
                            GError       **error)
{
  g_autofree char *hash = hash_session_id (session_id);
  g_autofree char *actor = g_strconcat ("staff:", staff_id, NULL);
  sqlite3_stmt *stmt;

  if (!kv_database_begin (database, error))
    return FALSE;
  stmt = kv_database_prepare (database,
                              "DELETE FROM staff_sessions WHERE last_used_us < ? OR created_us < ?",
                              error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, idle_before_us);
  sqlite3_bind_int64 (stmt, 2, made_before_us);
  if (!kv_database_step_done (database, stmt, error))
    goto fail;
  stmt = kv_database_prepare (database,
                              "INSERT INTO staff_sessions (id_hash, staff_id, csrf_token, "
                              "created_us, last_used_us) VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  kv_database_bind_text (stmt, 1, hash);
  kv_database_bind_text (stmt, 2, staff_id);
  kv_database_bind_text (stmt, 3, csrf_token);
  sqlite3_bind_int64 (stmt, 4, now_us);
  sqlite3_bind_int64 (stmt, 5, now_us);
  if (!kv_database_step_done (database, stmt, error) ||
      !kv_audit_table_insert (audit, now_us, actor, "staff-signed-in", NULL, details, error) ||
      !kv_database_commit (database, error))
    goto fail;
  return TRUE;

fail:
  kv_database_rollback (database);
  return FALSE;
}

/* By the id's hash, so the lookup costs the same whatever the cookie. */
KvStaffSessionRecord *
kv_staff_session_table_lookup (KvDatabase  *database,
                               const char  *session_id,
                               GError     **error)
{
  g_autofree char *hash = hash_session_id (session_id);
  KvStaffSessionRecord *record = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = kv_database_prepare (database,
                              "SELECT staff_id, csrf_token, created_us, last_used_us "
                              "FROM staff_sessions WHERE id_hash = ?", error);
  if (stmt == NULL)
    return NULL;
  kv_database_bind_text (stmt, 1, hash);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      record = g_new0 (KvStaffSessionRecord, 1);
      record->staff_id = kv_database_column_text (stmt, 0);
      record->csrf_token = kv_database_column_text (stmt, 1);
      record->created_us = sqlite3_column_int64 (stmt, 2);
      record->last_used_us = sqlite3_column_int64 (stmt, 3);
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND, "No such session");
  else
    kv_database_error (database, error, "looking up a console session");
  sqlite3_finalize (stmt);
  return record;
}

/* At most one write a minute per session: a console polling every second
 * must not turn into a disk write every second. The idle expiry is
 * counted from this, so it is up to a minute early, never late. */
gboolean
kv_staff_session_table_touch (KvDatabase  *database,
                              const char  *session_id,
                              gint64       now_us,
                              GError     **error)
{
  g_autofree char *hash = hash_session_id (session_id);
  sqlite3_stmt *stmt;

  stmt = kv_database_prepare (database,
                              "UPDATE staff_sessions SET last_used_us = ? "
                              "WHERE id_hash = ? AND last_used_us <= ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now_us);
  kv_database_bind_text (stmt, 2, hash);
  sqlite3_bind_int64 (stmt, 3, now_us - 60 * G_USEC_PER_SEC);
  return kv_database_step_done (database, stmt, error);
}

/* Ends one session; audited as a sign-out when @actor is given (an expired
 * session is only removed). */
gboolean
kv_staff_session_table_delete (KvDatabase    *database,
                               KvAuditTable  *audit,
                               const char    *session_id,
                               gint64         now_us,
                               const char    *actor,
                               GError       **error)
{
  g_autofree char *hash = hash_session_id (session_id);
  sqlite3_stmt *stmt;

  if (!kv_database_begin (database, error))
    return FALSE;
  stmt = kv_database_prepare (database, "DELETE FROM staff_sessions WHERE id_hash = ?", error);
  if (stmt == NULL)
    goto fail;
  kv_database_bind_text (stmt, 1, hash);
  if (!kv_database_step_done (database, stmt, error) ||
      (actor != NULL &&
       !kv_audit_table_insert (audit, now_us, actor, "staff-signed-out", NULL, NULL, error)) ||
      !kv_database_commit (database, error))
    goto fail;
  return TRUE;

fail:
  kv_database_rollback (database);
  return FALSE;
}

gboolean
kv_staff_session_table_delete_all (KvDatabase    *database,
                                KvAuditTable  *audit,
                                const char    *staff_id,
                                gint64         now_us,
                                const char    *actor,
                                GError       **error)
{
  g_autofree char *details = NULL;
  gint64 n_sessions = 0;

  if (!kv_database_begin (database, error))
    return FALSE;
  if (!kv_staff_session_table_delete_of (database, staff_id, &n_sessions, error))
    goto fail;
  details = g_strdup_printf ("staff=%s sessions-ended=%" G_GINT64_FORMAT, staff_id, n_sessions);
  if (!kv_audit_table_insert (audit, now_us, actor, "staff-sessions-ended", NULL, details, error) ||
      !kv_database_commit (database, error))
    goto fail;
  return TRUE;

fail:
  kv_database_rollback (database);
  return FALSE;
}
