/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-store"

#include "config.h"

#include "kv-report-table.h"

/* Monthly figures of a site, read only, in one read transaction so the
 * live bookings and the purged counts are of the same moment (a purge
 * batch moves visits from one to the other in one transaction).
 *
 * A booking belongs to a site when either of its kiosks stands there (by
 * the kiosk's site now), and to the month its slot starts in, in the
 * site's zone: the caller turns the local month into [start_us, end_us).
 *
 * Purged months. Retention removes finished bookings and their sessions
 * but first adds them to `visit_counts`: per UTC month of the start,
 * prison and community kiosk and outcome, the number of visits, booked
 * minutes, lost and make-up seconds. Those rows are added to the figures
 * of the month of the same name, for the sites of their kiosks: cancelled,
 * booked (every outcome but cancelled), held (completed and
 * ended-by-staff: a session ended either way had gone live), no-shows,
 * minutes. What the counts do not keep cannot be reported: a purged
 * no-show's absent sides (counted as "side unknown"), a staff end's
 * category and whether it was early (so ended_early is partial), and the
 * local month (a purged visit in the first or last hours of a month by
 * local time counts in its UTC month). */

#define SITE_BOOKINGS \
  "FROM bookings b LEFT JOIN sessions s ON s.booking_id = b.id " \
  "WHERE b.start_us >= ?1 AND b.start_us < ?2 " \
  "AND (b.prison_kiosk IN (SELECT id FROM kiosks WHERE site_id = ?3) " \
  "OR b.community_kiosk IN (SELECT id FROM kiosks WHERE site_id = ?3))"

void
kv_report_free (KvReport *report)
{
  if (report == NULL)
    return;
  g_free (report->site_id);
  g_free (report->month);
  g_clear_pointer (&report->ended_early, g_hash_table_unref);
  g_free (report);
}

static sqlite3_stmt *
prepare_bound (KvDatabase  *database,
               const char  *sql,
               const char  *site_id,
               const char  *month,
               gint64       start_us,
               gint64       end_us,
               GError     **error)
{
  sqlite3_stmt *stmt = kv_database_prepare (database, sql, error);

  if (stmt == NULL)
    return NULL;
  /* Parameters a statement does not use are refused (SQLITE_RANGE) and
   * harmless. */
  sqlite3_bind_int64 (stmt, 1, start_us);
  sqlite3_bind_int64 (stmt, 2, end_us);
  kv_database_bind_text (stmt, 3, site_id);
  if (month != NULL)
    kv_database_bind_text (stmt, 4, month);
  return stmt;
}

static gboolean
read_live (KvDatabase  *database,
           KvReport    *report,
           gint64       start_us,
           gint64       end_us,
           GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  /* absent: the KvSideFlags of a no-show (1 prison, 2 community). */
  stmt = prepare_bound (database,
                        "SELECT "
                        "total (b.cancelled_us = 0), "
                        "total (b.cancelled_us = 0 AND s.outcome IN ('completed', 'ended-by-staff') "
                        "       AND s.live_since_us != 0), "
                        "total (b.cancelled_us != 0), "
                        "total (b.cancelled_us = 0 AND s.outcome = 'no-show' AND s.absent = 1), "
                        "total (b.cancelled_us = 0 AND s.outcome = 'no-show' AND s.absent = 2), "
                        "total (b.cancelled_us = 0 AND s.outcome = 'no-show' AND s.absent = 3), "
                        "total (CASE WHEN b.cancelled_us = 0 THEN ifnull (s.lost_us, 0) END), "
                        "total (CASE WHEN b.cancelled_us = 0 THEN ifnull (s.makeup_us, 0) END), "
                        "total (CASE WHEN b.cancelled_us = 0 THEN (b.end_us - b.start_us) / 60000000 END) "
                        SITE_BOOKINGS, report->site_id, NULL, start_us, end_us, error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      report->booked = sqlite3_column_int64 (stmt, 0);
      report->held = sqlite3_column_int64 (stmt, 1);
      report->cancelled = sqlite3_column_int64 (stmt, 2);
      report->no_show_prison = sqlite3_column_int64 (stmt, 3);
      report->no_show_community = sqlite3_column_int64 (stmt, 4);
      report->no_show_both = sqlite3_column_int64 (stmt, 5);
      report->lost_seconds = (sqlite3_column_int64 (stmt, 6) + 500000) / 1000000;
      report->makeup_seconds = (sqlite3_column_int64 (stmt, 7) + 500000) / 1000000;
      report->booked_minutes = sqlite3_column_int64 (stmt, 8);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return kv_database_error (database, error, "reading a report");

  /* Ended early: staff ended it (a goodbye now or a stop) before the slot's
   * end, moved on by the time given back. */
  stmt = prepare_bound (database,
                        "SELECT ifnull (s.end_category, 'none'), count (*) "
                        SITE_BOOKINGS " AND b.cancelled_us = 0 AND s.outcome = 'ended-by-staff' "
                        "AND s.ended_at_us < b.end_us + s.makeup_us "
                        "GROUP BY 1 ORDER BY 1", report->site_id, NULL, start_us, end_us, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *count = g_new (gint64, 1);

      *count = sqlite3_column_int64 (stmt, 1);
      g_hash_table_replace (report->ended_early, kv_database_column_text (stmt, 0), count);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return kv_database_error (database, error, "reading a report");
  return TRUE;
}

static gboolean
read_purged (KvDatabase  *database,
             KvReport    *report,
             GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare_bound (database,
                        "SELECT "
                        "total (visits), "
                        "total (CASE WHEN outcome != 'cancelled' THEN visits END), "
                        "total (CASE WHEN outcome IN ('completed', 'ended-by-staff') THEN visits END), "
                        "total (CASE WHEN outcome = 'cancelled' THEN visits END), "
                        "total (CASE WHEN outcome = 'no-show' THEN visits END), "
                        "total (CASE WHEN outcome != 'cancelled' THEN lost_seconds END), "
                        "total (CASE WHEN outcome != 'cancelled' THEN makeup_seconds END), "
                        "total (CASE WHEN outcome != 'cancelled' THEN booked_minutes END) "
                        "FROM visit_counts WHERE month = ?4 "
                        "AND (prison_kiosk IN (SELECT id FROM kiosks WHERE site_id = ?3) "
                        "OR community_kiosk IN (SELECT id FROM kiosks WHERE site_id = ?3))",
                        report->site_id, report->month, 0, 0, error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      report->purged_visits = sqlite3_column_int64 (stmt, 0);
      report->booked += sqlite3_column_int64 (stmt, 1);
      report->held += sqlite3_column_int64 (stmt, 2);
      report->cancelled += sqlite3_column_int64 (stmt, 3);
      report->no_show_unknown += sqlite3_column_int64 (stmt, 4);
      report->lost_seconds += sqlite3_column_int64 (stmt, 5);
      report->makeup_seconds += sqlite3_column_int64 (stmt, 6);
      report->booked_minutes += sqlite3_column_int64 (stmt, 7);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return kv_database_error (database, error, "reading a report's purged counts");
  return TRUE;
}

/**
 * kv_report_table_read:
 * @site_id: a site
 * @month: the month, `YYYY-MM`
 * @start_us: the month's first instant in the site's zone
 * @end_us: the next month's first instant there
 *
 * Returns: (transfer full): the site's figures for the month
 */
KvReport *
kv_report_table_read (KvDatabase  *database,
                      const char  *site_id,
                      const char  *month,
                      gint64       start_us,
                      gint64       end_us,
                      GError     **error)
{
  g_autoptr(KvReport) report = g_new0 (KvReport, 1);
  gboolean ok;

  report->site_id = g_strdup (site_id);
  report->month = g_strdup (month);
  report->ended_early = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* A deferred transaction: a snapshot for the reads, no write lock. */
  if (!kv_database_exec (database, "BEGIN DEFERRED", error))
    return NULL;
  ok = read_live (database, report, start_us, end_us, error) &&
       read_purged (database, report, error);
  if (!kv_database_exec (database, ok ? "COMMIT" : "ROLLBACK", ok ? error : NULL))
    return NULL;
  return ok ? g_steal_pointer (&report) : NULL;
}
