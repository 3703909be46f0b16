/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-store"

#include "config.h"

#include "kv-staff-table.h"

#include "kv-site-table.h"

#include "kv-staff-session-table.h"

/* The store's staff accounts. Password and PIN hashes are written here
 * and read back only for verification; no audit row or message ever holds
 * one, nor a display name. Disabling an account or setting its password
 * ends its console sessions (kv-staff-session-table.c) in the same
 * transaction. */

/* Records */

void
kv_staff_record_free (KvStaffRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->id);
  g_free (record->display_name);
  g_strfreev (record->sites);
  g_free (record);
}

static char *
join_sites (const char * const *sites)
{
  if (sites == NULL || sites[0] == NULL)
    return g_strdup ("-");
  return g_strjoinv (",", (char **) sites);
}

/* Replaces the account's sites; inside the caller's transaction. */
static gboolean
write_sites (KvDatabase         *database,
             const char         *staff_id,
             const char * const *sites,
             GError            **error)
{
  sqlite3_stmt *stmt = kv_database_prepare (database,
                                            "DELETE FROM staff_sites WHERE staff_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  kv_database_bind_text (stmt, 1, staff_id);
  if (!kv_database_step_done (database, stmt, error))
    return FALSE;
  for (guint i = 0; sites != NULL && sites[i] != NULL; i++)
    {
      if (!kv_site_table_check_exists (database, sites[i], error))
        return FALSE;
      stmt = kv_database_prepare (database,
                                  "INSERT OR IGNORE INTO staff_sites (staff_id, site_id) "
                                  "VALUES (?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      kv_database_bind_text (stmt, 1, staff_id);
      kv_database_bind_text (stmt, 2, sites[i]);
      if (!kv_database_step_done (database, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static GStrv
read_sites (KvDatabase  *database,
            const char  *staff_id,
            GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = kv_database_prepare (database,
                              "SELECT site_id FROM staff_sites WHERE staff_id = ? "
                              "ORDER BY site_id", error);
  if (stmt == NULL)
    return NULL;
  kv_database_bind_text (stmt, 1, staff_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      kv_database_error (database, error, "reading a staff account's sites");
      return NULL;
    }
  return g_strv_builder_end (builder);
}

/* Accounts */

#define STAFF_COLUMNS \
  "id, display_name, roles, pin_hash != '', created_us, disabled_us, credentials_us"

static KvStaffRecord *
read_staff (KvDatabase    *database,
            sqlite3_stmt  *stmt,
            GError       **error)
{
  g_autoptr(KvStaffRecord) record = g_new0 (KvStaffRecord, 1);

  record->id = kv_database_column_text (stmt, 0);
  record->display_name = kv_database_column_text (stmt, 1);
  record->roles = kv_staff_roles_from_string ((const char *) sqlite3_column_text (stmt, 2));
  record->has_pin = sqlite3_column_int (stmt, 3) != 0;
  record->created_us = sqlite3_column_int64 (stmt, 4);
  record->disabled_us = sqlite3_column_int64 (stmt, 5);
  record->credentials_us = sqlite3_column_int64 (stmt, 6);
  record->sites = read_sites (database, record->id, error);
  if (record->sites == NULL)
    return NULL;
  return g_steal_pointer (&record);
}

gboolean
kv_staff_table_add (KvDatabase          *database,
                    KvAuditTable        *audit,
                    const char          *id,
                    const char          *display_name,
                    KvStaffRoles         roles,
                    const char * const  *sites,
                    const char          *password_hash,
                    gint64               now_us,
                    const char          *actor,
                    GError             **error)
{
  g_autofree char *roles_text = kv_staff_roles_to_string (roles);
  g_autofree char *sites_text = join_sites (sites);
  g_autofree char *details = NULL;
  sqlite3_stmt *stmt;

  if (!kv_database_begin (database, error))
    return FALSE;
  stmt = kv_database_prepare (database,
                              "INSERT INTO staff (id, display_name, roles, password_hash, "
                              "created_us, credentials_us) VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  kv_database_bind_text (stmt, 1, id);
  kv_database_bind_text (stmt, 2, display_name != NULL ? display_name : "");
  kv_database_bind_text (stmt, 3, roles_text);
  kv_database_bind_text (stmt, 4, password_hash);
  sqlite3_bind_int64 (stmt, 5, now_us);
  sqlite3_bind_int64 (stmt, 6, now_us);
  if (!kv_database_step_insert (database, stmt, "adding a staff account", error,
                                KV_STORE_ERROR_EXISTS,
                                "A staff account with id %s exists already", id))
    goto fail;
  details = g_strdup_printf ("staff=%s roles=%s sites=%s", id, roles_text, sites_text);
  if (!write_sites (database, id, sites, error) ||
      !kv_audit_table_insert (audit, now_us, actor, "staff-added", NULL, details, error) ||
      !kv_database_commit (database, error))
    goto fail;
  return TRUE;

fail:
  kv_database_rollback (database);
  return FALSE;
}

KvStaffRecord *
kv_staff_table_lookup (KvDatabase  *database,
                       const char  *id,
                       GError     **error)
{
  sqlite3_stmt *stmt;
  KvStaffRecord *record = NULL;
  int rc;

  stmt = kv_database_prepare (database, "SELECT " STAFF_COLUMNS " FROM staff WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  kv_database_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    record = read_staff (database, stmt, error);
  else if (rc == SQLITE_DONE)
    g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND, "No staff account %s", id);
  else
    kv_database_error (database, error, "looking up a staff account");
  sqlite3_finalize (stmt);
  return record;
}

/* For verifying a sign-in only. */
char *
kv_staff_table_get_password_hash (KvDatabase  *database,
                                  const char  *id,
                                  GError     **error)
{
  sqlite3_stmt *stmt;
  char *hash = NULL;
  int rc;

  stmt = kv_database_prepare (database, "SELECT password_hash FROM staff WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  kv_database_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    hash = kv_database_column_text (stmt, 0);
  else if (rc == SQLITE_DONE)
    g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND, "No staff account %s", id);
  else
    kv_database_error (database, error, "looking up a staff account");
  sqlite3_finalize (stmt);
  return hash;
}

GPtrArray *
kv_staff_table_list (KvDatabase  *database,
                     GError     **error)
{
  g_autoptr(GPtrArray) staff = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_staff_record_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = kv_database_prepare (database, "SELECT " STAFF_COLUMNS " FROM staff ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KvStaffRecord *record = read_staff (database, stmt, error);

      if (record == NULL)
        {
          sqlite3_finalize (stmt);
          return NULL;
        }
      g_ptr_array_add (staff, record);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      kv_database_error (database, error, "listing staff accounts");
      return NULL;
    }
  return g_steal_pointer (&staff);
}

/* Runs @sql (an UPDATE of one account, whose last parameter is its id,
 * the ones before it @text and @number if not NULL/-1) inside the caller's
 * transaction; NOT_FOUND if no such account. */
static gboolean
update_account (KvDatabase  *database,
                const char  *sql,
                const char  *id,
                const char  *text,
                gint64       number,
                GError     **error)
{
  sqlite3_stmt *stmt = kv_database_prepare (database, sql, error);
  int index = 1;

  if (stmt == NULL)
    return FALSE;
  if (text != NULL)
    kv_database_bind_text (stmt, index++, text);
  if (number >= 0)
    sqlite3_bind_int64 (stmt, index++, number);
  kv_database_bind_text (stmt, index, id);
  if (!kv_database_step_done (database, stmt, error))
    return FALSE;
  if (kv_database_changes (database) == 0)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND, "No staff account %s", id);
      return FALSE;
    }
  return TRUE;
}

/* Changes what is not NULL of the name, roles and sites, in one
 * transaction with one audit row naming what changed. */
gboolean
kv_staff_table_update (KvDatabase          *database,
                       KvAuditTable        *audit,
                       const char          *id,
                       const char          *display_name,
                       const KvStaffRoles  *roles,
                       const char * const  *sites,
                       gint64               now_us,
                       const char          *actor,
                       GError             **error)
{
  g_autoptr(GString) details = g_string_new (NULL);

  g_string_printf (details, "staff=%s", id);
  if (!kv_database_begin (database, error))
    return FALSE;
  if (!update_account (database, "UPDATE staff SET id = id WHERE id = ?", id, NULL, -1, error))
    goto fail;
  if (display_name != NULL)
    {
      if (!update_account (database, "UPDATE staff SET display_name = ? WHERE id = ?", id,
                           display_name, -1, error))
        goto fail;
      /* Never the name itself: the audit log names no one. */
      g_string_append (details, " name=changed");
    }
  if (roles != NULL)
    {
      g_autofree char *roles_text = kv_staff_roles_to_string (*roles);

      if (!update_account (database, "UPDATE staff SET roles = ? WHERE id = ?", id, roles_text,
                           -1, error))
        goto fail;
      g_string_append_printf (details, " roles=%s", roles_text);
    }
  if (sites != NULL)
    {
      g_autofree char *sites_text = join_sites (sites);

      if (!write_sites (database, id, sites, error))
        goto fail;
      g_string_append_printf (details, " sites=%s", sites_text);
    }
  if (!kv_audit_table_insert (audit, now_us, actor, "staff-updated", NULL, details->str, error) ||
      !kv_database_commit (database, error))
    goto fail;
  return TRUE;

fail:
  kv_database_rollback (database);
  return FALSE;
}

/* Disabling also ends every console session of the account, in the same
 * transaction: the next request with one of its cookies gets 401. */
gboolean
kv_staff_table_set_disabled (KvDatabase    *database,
                             KvAuditTable  *audit,
                             const char    *id,
                             gboolean       disabled,
                             gint64         now_us,
                             const char    *actor,
                             GError       **error)
{
  g_autoptr(KvStaffRecord) record = NULL;
  g_autofree char *details = NULL;
  gint64 n_sessions = 0;

  if (!kv_database_begin (database, error))
    return FALSE;
  record = kv_staff_table_lookup (database, id, error);
  if (record == NULL)
    goto fail;
  if ((record->disabled_us != 0) == disabled)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_INVALID,
                   disabled ? "Staff account %s is disabled already"
                            : "Staff account %s is not disabled", id);
      goto fail;
    }
  if (!update_account (database, "UPDATE staff SET disabled_us = ? WHERE id = ?", id, NULL,
                       disabled ? now_us : 0, error) ||
      (disabled && !kv_staff_session_table_delete_of (database, id, &n_sessions, error)))
    goto fail;
  details = g_strdup_printf ("staff=%s sessions-ended=%" G_GINT64_FORMAT, id, n_sessions);
  if (!kv_audit_table_insert (audit, now_us, actor, disabled ? "staff-disabled" : "staff-enabled",
                              NULL, details, error) ||
      !kv_database_commit (database, error))
    goto fail;
  return TRUE;

fail:
  kv_database_rollback (database);
  return FALSE;
}

/* A new password ends every console session of the account, in the same
 * transaction: whoever knew the old one is signed out. */
gboolean
kv_staff_table_set_password (KvDatabase    *database,
                             KvAuditTable  *audit,
                             const char    *id,
                             const char    *password_hash,
                             gint64         now_us,
                             const char    *actor,
                             GError       **error)
{
  g_autofree char *details = NULL;
  gint64 n_sessions = 0;
  sqlite3_stmt *stmt;

  if (!kv_database_begin (database, error))
    return FALSE;
  stmt = kv_database_prepare (database,
                              "UPDATE staff SET password_hash = ?, credentials_us = ? "
                              "WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  kv_database_bind_text (stmt, 1, password_hash);
  sqlite3_bind_int64 (stmt, 2, now_us);
  kv_database_bind_text (stmt, 3, id);
  if (!kv_database_step_done (database, stmt, error))
    goto fail;
  if (kv_database_changes (database) == 0)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND, "No staff account %s", id);
      goto fail;
    }
  if (!kv_staff_session_table_delete_of (database, id, &n_sessions, error))
    goto fail;
  details = g_strdup_printf ("staff=%s sessions-ended=%" G_GINT64_FORMAT, id, n_sessions);
  if (!kv_audit_table_insert (audit, now_us, actor, "staff-password-set", NULL, details, error) ||
      !kv_database_commit (database, error))
    goto fail;
  return TRUE;

fail:
  kv_database_rollback (database);
  return FALSE;
}

gboolean
kv_staff_table_set_pin (KvDatabase    *database,
                        KvAuditTable  *audit,
                        const char    *id,
                        const char    *pin_hash,
                        gint64         now_us,
                        const char    *actor,
                        GError       **error)
{
  g_autofree char *details = g_strdup_printf ("staff=%s", id);
  sqlite3_stmt *stmt;

  if (!kv_database_begin (database, error))
    return FALSE;
  stmt = kv_database_prepare (database,
                              "UPDATE staff SET pin_hash = ?, credentials_us = ? WHERE id = ?",
                              error);
  if (stmt == NULL)
    goto fail;
  kv_database_bind_text (stmt, 1, pin_hash);
  sqlite3_bind_int64 (stmt, 2, now_us);
  kv_database_bind_text (stmt, 3, id);
  if (!kv_database_step_done (database, stmt, error))
    goto fail;
  if (kv_database_changes (database) == 0)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND, "No staff account %s", id);
      goto fail;
    }
  if (!kv_audit_table_insert (audit, now_us, actor, "staff-pin-set", NULL, details, error) ||
      !kv_database_commit (database, error))
    goto fail;
  return TRUE;

fail:
  kv_database_rollback (database);
  return FALSE;
}
