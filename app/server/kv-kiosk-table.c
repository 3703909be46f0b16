/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-store"

#include "config.h"

#include "kv-kiosk-table.h"

#include "kv-random-token.h"
#include "kv-site-table.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

/* The store's kiosks: their records, and device tokens, of which only a
 * hash is kept. */

/* Records */

KvKioskRecord *
kv_kiosk_record_copy (const KvKioskRecord *record)
{
  KvKioskRecord *copy = g_new0 (KvKioskRecord, 1);

  copy->id = g_strdup (record->id);
  copy->role = record->role;
  copy->label = g_strdup (record->label);
  copy->created_us = record->created_us;
  copy->revoked_us = record->revoked_us;
  copy->site_id = g_strdup (record->site_id);
  copy->last_seen_us = record->last_seen_us;
  copy->software = g_strdup (record->software);
  return copy;
}

void
kv_kiosk_record_free (KvKioskRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->id);
  g_free (record->label);
  g_free (record->site_id);
  g_free (record->software);
  g_free (record);
}

/* Kiosks */

#define KIOSK_COLUMNS "id, role, label, created_us, revoked_us, site_id, last_seen_us, software"

static KvKioskRecord *
read_kiosk (sqlite3_stmt *stmt)
{
  KvKioskRecord *record = g_new0 (KvKioskRecord, 1);
  const char *role = (const char *) sqlite3_column_text (stmt, 1);

  record->id = kv_database_column_text (stmt, 0);
  if (role == NULL || !kv_role_from_string (role, &record->role))
    record->role = KV_ROLE_COMMUNITY;
  record->label = kv_database_column_text (stmt, 2);
  record->created_us = sqlite3_column_int64 (stmt, 3);
  record->revoked_us = sqlite3_column_int64 (stmt, 4);
  record->site_id = kv_database_column_text (stmt, 5);
  record->last_seen_us = sqlite3_column_int64 (stmt, 6);
  record->software = kv_database_column_text (stmt, 7);
  if (record->software == NULL)
    record->software = g_strdup ("");
  return record;
}

/* The lowercase hex SHA-256 of @token, which is all the store keeps of it. */
char *
kv_kiosk_table_hash_token (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

/* Adds a kiosk (at @site_id, if not %NULL) with a new device token, which
 * goes to @out_token only: the table keeps its hash. */
gboolean
kv_kiosk_table_add (KvDatabase    *database,
                    KvAuditTable  *audit,
                    const char    *id,
                    KvRole         role,
                    const char    *label,
                    const char    *site_id,
                    gint64         now_us,
                    const char    *actor,
                    char         **out_token,
                    GError       **error)
{
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *details = NULL;
  sqlite3_stmt *stmt;

  token = kv_random_token_new (error);
  if (token == NULL)
    return FALSE;
  hash = kv_kiosk_table_hash_token (token);

  if (!kv_database_begin (database, error))
    return FALSE;
  if (site_id != NULL && !kv_site_table_check_exists (database, site_id, error))
    goto fail;
  stmt = kv_database_prepare (database,
                              "INSERT INTO kiosks (id, role, label, token_hash, created_us, "
                              "site_id) VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  kv_database_bind_text (stmt, 1, id);
  kv_database_bind_text (stmt, 2, kv_role_to_string (role));
  kv_database_bind_text (stmt, 3, label != NULL ? label : "");
  kv_database_bind_text (stmt, 4, hash);
  sqlite3_bind_int64 (stmt, 5, now_us);
  kv_database_bind_text (stmt, 6, site_id);
  if (!kv_database_step_insert (database, stmt, "adding a kiosk", error,
                                KV_STORE_ERROR_EXISTS,
                                "A kiosk with id %s exists already", id))
    goto fail;
  details = site_id != NULL
    ? g_strdup_printf ("kiosk=%s role=%s site=%s", id, kv_role_to_string (role), site_id)
    : g_strdup_printf ("kiosk=%s role=%s", id, kv_role_to_string (role));
  if (!kv_audit_table_insert (audit, now_us, actor, "kiosk-added", NULL, details, error) ||
      !kv_database_commit (database, error))
    goto fail;

  *out_token = g_steal_pointer (&token);
  return TRUE;

fail:
  kv_database_rollback (database);
  return FALSE;
}

/* What a kiosk's hello says it runs, if it is fit to show staff as is:
 * valid UTF-8 of printable characters only (no control, format,
 * separator other than space, or unassigned ones, so nothing can reorder,
 * break or hide text in the console or a terminal) and at most KV_KIOSK_MAX_SOFTWARE_BYTES bytes. Anything
 * else becomes "": the kiosk signs in all the same. */
#define KV_KIOSK_MAX_SOFTWARE_BYTES 64

char *
kv_kiosk_table_clean_software (const char *software)
{
  const char *end;

  if (software == NULL || strlen (software) > KV_KIOSK_MAX_SOFTWARE_BYTES ||
      !g_utf8_validate (software, -1, &end))
    return g_strdup ("");
  for (const char *p = software; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      /* isprint lets the line and paragraph separators through. */
      if (!g_unichar_isprint (c) || type == G_UNICODE_LINE_SEPARATOR ||
          type == G_UNICODE_PARAGRAPH_SEPARATOR)
        return g_strdup ("");
    }
  return g_strdup (software);
}

/* Records that kiosk @id was seen at @now_us (it signed in or out) and,
 * unless @software is %NULL, what it runs (cleaned). One UPDATE, not
 * audited; a kiosk that does not exist any more is no error. */
gboolean
kv_kiosk_table_note_seen (KvDatabase  *database,
                          const char  *id,
                          gint64       now_us,
                          const char  *software,
                          GError     **error)
{
  g_autofree char *clean = software != NULL ? kv_kiosk_table_clean_software (software) : NULL;
  sqlite3_stmt *stmt;

  stmt = kv_database_prepare (database,
                              "UPDATE kiosks SET last_seen_us = ?, "
                              "software = coalesce (?, software) WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now_us);
  kv_database_bind_text (stmt, 2, clean);
  kv_database_bind_text (stmt, 3, id);
  return kv_database_step_done (database, stmt, error);
}

/* Puts a kiosk at @site_id (%NULL: on no site), audited. */
gboolean
kv_kiosk_table_set_site (KvDatabase    *database,
                         KvAuditTable  *audit,
                         const char    *id,
                         const char    *site_id,
                         gint64         now_us,
                         const char    *actor,
                         GError       **error)
{
  g_autoptr(KvKioskRecord) kiosk = NULL;
  g_autofree char *details = NULL;
  sqlite3_stmt *stmt;

  if (!kv_database_begin (database, error))
    return FALSE;
  kiosk = kv_kiosk_table_lookup (database, id, error);
  if (kiosk == NULL || (site_id != NULL && !kv_site_table_check_exists (database, site_id, error)))
    goto fail;
  stmt = kv_database_prepare (database, "UPDATE kiosks SET site_id = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  kv_database_bind_text (stmt, 1, site_id);
  kv_database_bind_text (stmt, 2, id);
  details = g_strdup_printf ("kiosk=%s from=%s to=%s", id,
                             kiosk->site_id != NULL ? kiosk->site_id : "none",
                             site_id != NULL ? site_id : "none");
  if (!kv_database_step_done (database, stmt, error) ||
      !kv_audit_table_insert (audit, now_us, actor, "kiosk-site-set", NULL, details, error) ||
      !kv_database_commit (database, error))
    goto fail;
  return TRUE;

fail:
  kv_database_rollback (database);
  return FALSE;
}

static KvKioskRecord *
lookup_kiosk_where (KvDatabase  *database,
                    const char  *sql,
                    const char  *value,
                    GError     **error)
{
  sqlite3_stmt *stmt = kv_database_prepare (database, sql, error);
  KvKioskRecord *record = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  kv_database_bind_text (stmt, 1, value);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    record = read_kiosk (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND, "No such kiosk");
  else
    kv_database_error (database, error, "looking up a kiosk");
  sqlite3_finalize (stmt);
  return record;
}

KvKioskRecord *
kv_kiosk_table_lookup (KvDatabase  *database,
                       const char  *id,
                       GError     **error)
{
  return lookup_kiosk_where (database, "SELECT " KIOSK_COLUMNS " FROM kiosks WHERE id = ?",
                             id, error);
}

/* By the token's hash, so the lookup takes the same time whatever the
 * token; revoked kiosks too. */
KvKioskRecord *
kv_kiosk_table_lookup_by_token (KvDatabase  *database,
                                const char  *token,
                                GError     **error)
{
  g_autofree char *hash = kv_kiosk_table_hash_token (token != NULL ? token : "");

  return lookup_kiosk_where (database,
                             "SELECT " KIOSK_COLUMNS " FROM kiosks WHERE token_hash = ?",
                             hash, error);
}

/* Every kiosk, by id. */
GPtrArray *
kv_kiosk_table_list (KvDatabase  *database,
                     GError     **error)
{
  g_autoptr(GPtrArray) kiosks = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_kiosk_record_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = kv_database_prepare (database, "SELECT " KIOSK_COLUMNS " FROM kiosks ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (kiosks, read_kiosk (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      kv_database_error (database, error, "listing kiosks");
      return NULL;
    }
  return g_steal_pointer (&kiosks);
}

gboolean
kv_kiosk_table_revoke (KvDatabase    *database,
                       KvAuditTable  *audit,
                       const char    *id,
                       gint64         now_us,
                       const char    *actor,
                       GError       **error)
{
  g_autoptr(KvKioskRecord) kiosk = NULL;
  g_autofree char *details = NULL;
  sqlite3_stmt *stmt;

  if (!kv_database_begin (database, error))
    return FALSE;
  kiosk = kv_kiosk_table_lookup (database, id, error);
  if (kiosk == NULL)
    goto fail;
  if (kiosk->revoked_us != 0)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_INVALID,
                   "Kiosk %s is revoked already", id);
      goto fail;
    }
  stmt = kv_database_prepare (database, "UPDATE kiosks SET revoked_us = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, now_us);
  kv_database_bind_text (stmt, 2, id);
  details = g_strdup_printf ("kiosk=%s", id);
  if (!kv_database_step_done (database, stmt, error) ||
      !kv_audit_table_insert (audit, now_us, actor, "kiosk-revoked", NULL, details, error) ||
      !kv_database_commit (database, error))
    goto fail;
  return TRUE;

fail:
  kv_database_rollback (database);
  return FALSE;
}
