/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-store"

#include "config.h"

#include "kv-site-week-table.h"

#include "kv-local-time.h"
#include "kv-store.h"

/* A site's week of time windows, as a table of (site_id, weekday, opens,
 * closes) rows with the times as the site's local 'HH:MM' text: its
 * opening hours (site_hours) and its school hours (site_school_hours).
 * Text, since a window means the same wall-clock time whatever the
 * season. The callers hold the transaction and write the audit row. */

/**
 * kv_site_week_table_read:
 * @table: "site_hours" or "site_school_hours"
 * @what: what the rows are, for an error ("opening hours")
 * @week: (element-type KvSiteHours): where to append the windows, by
 *   weekday and time
 *
 * Rows that kv_site_week_table_replace() never writes (a weekday or a
 * time out of range, a window that closes before it opens) are skipped.
 */
gboolean
kv_site_week_table_read (KvDatabase  *database,
                         const char  *table,
                         const char  *what,
                         const char  *site_id,
                         GArray      *week,
                         GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT weekday, opens, closes FROM %s "
                                          "WHERE site_id = ? ORDER BY weekday, opens", table);
  sqlite3_stmt *stmt = kv_database_prepare (database, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  kv_database_bind_text (stmt, 1, site_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KvSiteHours window = { (guint) sqlite3_column_int (stmt, 0) };

      if (window.weekday >= 1 && window.weekday <= 7 &&
          kv_local_time_parse_clock ((const char *) sqlite3_column_text (stmt, 1), &window.opens,
                                     NULL) &&
          kv_local_time_parse_clock ((const char *) sqlite3_column_text (stmt, 2), &window.closes,
                                     NULL) &&
          window.opens < window.closes)
        g_array_append_val (week, window);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_autofree char *doing = g_strdup_printf ("reading %s", what);

      return kv_database_error (database, error, doing);
    }
  return TRUE;
}

/**
 * kv_site_week_table_replace:
 * @table: "site_hours" or "site_school_hours"
 * @what: what the rows are, for an error ("opening hours")
 * @week: (element-type KvSiteHours): the whole week, validated by the
 *   caller; empty for none
 * @details: where to append the windows for the audit row
 *   ("mon:09:00-12:00,tue:...")
 *
 * Replaces the site's rows in @table with @week, inside the caller's
 * transaction.
 */
gboolean
kv_site_week_table_replace (KvDatabase  *database,
                            const char  *table,
                            const char  *what,
                            const char  *site_id,
                            GArray      *week,
                            GString     *details,
                            GError     **error)
{
  g_autofree char *delete_sql = g_strdup_printf ("DELETE FROM %s WHERE site_id = ?", table);
  g_autofree char *insert_sql = g_strdup_printf ("INSERT INTO %s (site_id, weekday, opens, "
                                                 "closes) VALUES (?, ?, ?, ?)", table);
  g_autofree char *doing = g_strdup_printf ("setting %s", what);
  sqlite3_stmt *stmt = kv_database_prepare (database, delete_sql, error);

  if (stmt == NULL)
    return FALSE;
  kv_database_bind_text (stmt, 1, site_id);
  if (!kv_database_step_done (database, stmt, error))
    return FALSE;
  for (guint i = 0; i < week->len; i++)
    {
      const KvSiteHours *window = &g_array_index (week, KvSiteHours, i);
      g_autofree char *opens = kv_local_time_format_clock (window->opens);
      g_autofree char *closes = kv_local_time_format_clock (window->closes);

      stmt = kv_database_prepare (database, insert_sql, error);
      if (stmt == NULL)
        return FALSE;
      kv_database_bind_text (stmt, 1, site_id);
      sqlite3_bind_int (stmt, 2, (int) window->weekday);
      kv_database_bind_text (stmt, 3, opens);
      kv_database_bind_text (stmt, 4, closes);
      /* The caller checked the week; a clash here is a second window
       * starting at the same time, or one that ends before it starts. */
      if (!kv_database_step_insert (database, stmt, doing, error, KV_STORE_ERROR_INVALID,
                                    "The %s on %s from %s to %s clash or make no sense", what,
                                    kv_local_time_weekday_plural (window->weekday), opens,
                                    closes))
        return FALSE;
      g_string_append_printf (details, "%s%s:%s-%s", i > 0 ? "," : "",
                              kv_local_time_weekday_name (window->weekday), opens, closes);
    }
  return TRUE;
}
