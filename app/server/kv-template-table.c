/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-store"

#include "config.h"

#include "kv-template-table.h"

/* The store's weekly slot templates, as staff wrote them: weekday, local
 * start and days, and the share of their slots held back for families in
 * their first week. Templates are never deleted, only made inactive or given
 * an end, so the bookings made from them keep their origin. */

#define TEMPLATE_COLUMNS "id, prison_kiosk, community_kiosk, weekday, start_local, minutes, " \
                         "every_weeks, valid_from, valid_to, active, created_us, first_week_share"

static KvSlotTemplate *
read_template (sqlite3_stmt *stmt)
{
  KvSlotTemplate *template;

  template = kv_slot_template_new ((const char *) sqlite3_column_text (stmt, 0),
                                   (const char *) sqlite3_column_text (stmt, 1),
                                   (const char *) sqlite3_column_text (stmt, 2),
                                   (guint) sqlite3_column_int (stmt, 3),
                                   (const char *) sqlite3_column_text (stmt, 4),
                                   (guint) sqlite3_column_int (stmt, 5),
                                   (guint) sqlite3_column_int (stmt, 6),
                                   (const char *) sqlite3_column_text (stmt, 7),
                                   (const char *) sqlite3_column_text (stmt, 8));
  template->active = sqlite3_column_int (stmt, 9) != 0;
  template->created_us = sqlite3_column_int64 (stmt, 10);
  template->first_week_share = (guint) CLAMP (sqlite3_column_int (stmt, 11), 0, 100);
  return template;
}

gboolean
kv_template_table_add (KvDatabase           *database,
                       KvAuditTable         *audit,
                       const KvSlotTemplate *template,
                       gint64                now_us,
                       const char           *actor,
                       GError              **error)
{
  g_autofree char *details = NULL;
  sqlite3_stmt *stmt;

  if (!kv_database_begin (database, error))
    return FALSE;
  stmt = kv_database_prepare (database, "INSERT INTO slot_templates (" TEMPLATE_COLUMNS ") "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  kv_database_bind_text (stmt, 1, template->id);
  kv_database_bind_text (stmt, 2, template->prison_kiosk);
  kv_database_bind_text (stmt, 3, template->community_kiosk);
  sqlite3_bind_int (stmt, 4, (int) template->weekday);
  kv_database_bind_text (stmt, 5, template->start_local);
  sqlite3_bind_int (stmt, 6, (int) template->minutes);
  sqlite3_bind_int (stmt, 7, (int) template->every_weeks);
  kv_database_bind_text (stmt, 8, template->valid_from);
  kv_database_bind_text (stmt, 9, template->valid_to != NULL ? template->valid_to : "");
  sqlite3_bind_int64 (stmt, 10, now_us);
  sqlite3_bind_int (stmt, 11, (int) template->first_week_share);
  if (!kv_database_step_insert (database, stmt, "adding a template", error,
                                KV_STORE_ERROR_EXISTS,
                                "Template %s exists already, or one of its kiosks is unknown", template->id))
    goto fail;
  details = g_strdup_printf ("template=%s prison=%s community=%s weekday=%u start=%s minutes=%u "
                             "every_weeks=%u valid_from=%s valid_to=%s first_week_share=%u", template->id,
                             template->prison_kiosk, template->community_kiosk, template->weekday,
                             template->start_local, template->minutes, template->every_weeks,
                             template->valid_from,
                             template->valid_to != NULL && *template->valid_to != '\0'
                               ? template->valid_to : "none",
                             template->first_week_share);
  if (!kv_audit_table_insert (audit, now_us, actor, "template-added", NULL, details, error) ||
      !kv_database_commit (database, error))
    goto fail;
  return TRUE;

fail:
  kv_database_rollback (database);
  return FALSE;
}

/* @active: 0 or 1, or -1 to keep; @valid_to: a day, "" for no end, or
 * %NULL to keep; @first_week_share: 0 to 100, or -1 to keep. */
gboolean
kv_template_table_update (KvDatabase    *database,
                          KvAuditTable  *audit,
                          const char    *id,
                          int            active,
                          const char    *valid_to,
                          int            first_week_share,
                          gint64         now_us,
                          const char    *actor,
                          GError       **error)
{
  g_autoptr(GString) details = g_string_new (NULL);
  sqlite3_stmt *stmt;

  if (!kv_database_begin (database, error))
    return FALSE;
  stmt = kv_database_prepare (database, "UPDATE slot_templates SET "
                              "active = CASE WHEN ?1 < 0 THEN active ELSE ?1 END, "
                              "valid_to = coalesce (?2, valid_to), "
                              "first_week_share = CASE WHEN ?4 < 0 THEN first_week_share "
                              "ELSE ?4 END WHERE id = ?3", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int (stmt, 1, active);
  kv_database_bind_text (stmt, 2, valid_to);
  kv_database_bind_text (stmt, 3, id);
  sqlite3_bind_int (stmt, 4, first_week_share);
  if (!kv_database_step_done (database, stmt, error))
    goto fail;
  if (kv_database_changes (database) == 0)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND, "There is no template %s", id);
      goto fail;
    }
  g_string_append_printf (details, "template=%s", id);
  if (active >= 0)
    g_string_append_printf (details, " active=%d", active);
  if (valid_to != NULL)
    g_string_append_printf (details, " valid_to=%s", *valid_to != '\0' ? valid_to : "none");
  if (first_week_share >= 0)
    g_string_append_printf (details, " first_week_share=%d", first_week_share);
  if (!kv_audit_table_insert (audit, now_us, actor, "template-changed", NULL, details->str,
                              error) ||
      !kv_database_commit (database, error))
    goto fail;
  return TRUE;

fail:
  kv_database_rollback (database);
  return FALSE;
}

static GPtrArray *
select_templates (KvDatabase  *database,
                  const char  *id,
                  const char  *prison_kiosk,
                  const char  *community_kiosk,
                  GError     **error)
{
  g_autoptr(GPtrArray) templates = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_slot_template_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = kv_database_prepare (database, "SELECT " TEMPLATE_COLUMNS " FROM slot_templates "
                              "WHERE (?1 IS NULL OR id = ?1) AND (?2 IS NULL OR prison_kiosk = ?2) "
                              "AND (?3 IS NULL OR community_kiosk = ?3) "
                              "ORDER BY prison_kiosk, community_kiosk, weekday, start_local, id",
                              error);
  if (stmt == NULL)
    return NULL;
  kv_database_bind_text (stmt, 1, id);
  kv_database_bind_text (stmt, 2, prison_kiosk);
  kv_database_bind_text (stmt, 3, community_kiosk);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (templates, read_template (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      kv_database_error (database, error, "listing templates");
      return NULL;
    }
  return g_steal_pointer (&templates);
}

KvSlotTemplate *
kv_template_table_lookup (KvDatabase  *database,
                          const char  *id,
                          GError     **error)
{
  g_autoptr(GPtrArray) templates = NULL;

  if (id == NULL)
    {
      g_set_error_literal (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND, "No template");
      return NULL;
    }
  templates = select_templates (database, id, NULL, NULL, error);
  if (templates == NULL)
    return NULL;
  if (templates->len == 0)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND, "There is no template %s", id);
      return NULL;
    }
  return g_ptr_array_steal_index (templates, 0);
}

/* The templates of a prison kiosk, a community kiosk, both, or all
 * (%NULL for either: any). */
GPtrArray *
kv_template_table_list (KvDatabase  *database,
                        const char  *prison_kiosk,
                        const char  *community_kiosk,
                        GError     **error)
{
  return select_templates (database, NULL, prison_kiosk, community_kiosk, error);
}
