/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-store"

#include "config.h"

#include "kv-site-table.h"

#include "kv-kiosk-table.h"
#include "kv-local-time.h"
#include "kv-site-rules-table.h"

/* The store's sites: their zone, opening hours and closed days. Hours and
 * days are kept as the site's local text ('HH:MM', 'YYYY-MM-DD'), since
 * they mean the same wall-clock time whatever the season. Every change is
 * one transaction with its audit row. The rules a site keeps for children
 * (age rules, school hours) are kv-site-rules-table.c's, read with the
 * site. */

void
kv_site_record_free (KvSiteRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->id);
  g_free (record->name);
  g_free (record->time_zone);
  g_clear_pointer (&record->hours, g_array_unref);
  g_clear_pointer (&record->closed_days, g_ptr_array_unref);
  g_clear_pointer (&record->school_hours, g_array_unref);
  g_free (record);
}

static void
closed_day_free (KvClosedDay *day)
{
  g_free (day->day);
  g_free (day->reason);
  g_free (day);
}

/**
 * kv_site_record_to_calendar:
 * @record: a site
 *
 * Returns: (transfer full) (nullable): its calendar, or %NULL if its zone
 *   is not known on this machine (its zone data was removed)
 */
KvSiteCalendar *
kv_site_record_to_calendar (const KvSiteRecord *record)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (record->time_zone);
  KvSiteCalendar *calendar;

  if (tz == NULL)
    return NULL;
  calendar = kv_site_calendar_new (record->id, record->name, tz);
  for (guint i = 0; i < record->hours->len; i++)
    {
      const KvSiteHours *hours = &g_array_index (record->hours, KvSiteHours, i);

      kv_site_calendar_add_hours (calendar, hours->weekday, hours->opens, hours->closes);
    }
  for (guint i = 0; i < record->closed_days->len; i++)
    {
      const KvClosedDay *day = g_ptr_array_index (record->closed_days, i);

      kv_site_calendar_add_closed_day (calendar, day->day, day->reason);
    }
  return calendar;
}

/**
 * kv_site_record_to_school_hours:
 * @record: a site
 *
 * Returns: (transfer full) (nullable): its school hours (empty when it set
 *   none), or %NULL if its zone is not known on this machine
 */
KvSchoolHours *
kv_site_record_to_school_hours (const KvSiteRecord *record)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (record->time_zone);
  KvSchoolHours *hours;

  if (tz == NULL)
    return NULL;
  hours = kv_school_hours_new (tz);
  for (guint i = 0; record->school_hours != NULL && i < record->school_hours->len; i++)
    {
      const KvSiteHours *window = &g_array_index (record->school_hours, KvSiteHours, i);

      kv_school_hours_add (hours, window->weekday, window->opens, window->closes);
    }
  return hours;
}

/* Audits @action on site @id and commits; rolls back on failure. */
static gboolean
finish (KvDatabase    *database,
        KvAuditTable  *audit,
        gint64         now_us,
        const char    *actor,
        const char    *action,
        const char    *details,
        GError       **error)
{
  if (!kv_audit_table_insert (audit, now_us, actor, action, NULL, details, error) ||
      !kv_database_commit (database, error))
    {
      kv_database_rollback (database);
      return FALSE;
    }
  return TRUE;
}

/* Whether site @site_id exists (KV_STORE_ERROR_NOT_FOUND if not). */
gboolean
kv_site_table_check_exists (KvDatabase  *database,
                            const char  *site_id,
                            GError     **error)
{
  sqlite3_stmt *stmt = kv_database_prepare (database, "SELECT 1 FROM sites WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  kv_database_bind_text (stmt, 1, site_id);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND, "There is no site %s", site_id);
  else
    kv_database_error (database, error, "looking up a site");
  return FALSE;
}

gboolean
kv_site_table_add (KvDatabase    *database,
                   KvAuditTable  *audit,
                   const char    *id,
                   const char    *name,
                   const char    *time_zone,
                   gint64         now_us,
                   const char    *actor,
                   GError       **error)
{
  g_autofree char *details = NULL;
  sqlite3_stmt *stmt;

  if (!kv_database_begin (database, error))
    return FALSE;
  stmt = kv_database_prepare (database, "INSERT INTO sites (id, name, time_zone, created_us) "
                              "VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  kv_database_bind_text (stmt, 1, id);
  kv_database_bind_text (stmt, 2, name);
  kv_database_bind_text (stmt, 3, time_zone);
  sqlite3_bind_int64 (stmt, 4, now_us);
  if (!kv_database_step_insert (database, stmt, "adding a site", error,
                                KV_STORE_ERROR_EXISTS,
                                "A site with id %s exists already", id))
    goto fail;
  details = g_strdup_printf ("site=%s time_zone=%s", id, time_zone);
  return finish (database, audit, now_us, actor, "site-added", details, error);

fail:
  kv_database_rollback (database);
  return FALSE;
}

/* Changes the name and/or the zone (%NULL: keep). */
gboolean
kv_site_table_update (KvDatabase    *database,
                      KvAuditTable  *audit,
                      const char    *id,
                      const char    *name,
                      const char    *time_zone,
                      gint64         now_us,
                      const char    *actor,
                      GError       **error)
{
  g_autofree char *details = NULL;
  sqlite3_stmt *stmt;

  if (!kv_database_begin (database, error))
    return FALSE;
  if (!kv_site_table_check_exists (database, id, error))
    goto fail;
  stmt = kv_database_prepare (database, "UPDATE sites SET name = coalesce (?1, name), "
                              "time_zone = coalesce (?2, time_zone) WHERE id = ?3", error);
  if (stmt == NULL)
    goto fail;
  kv_database_bind_text (stmt, 1, name);
  kv_database_bind_text (stmt, 2, time_zone);
  kv_database_bind_text (stmt, 3, id);
  if (!kv_database_step_done (database, stmt, error))
    goto fail;
  details = g_strdup_printf ("site=%s%s%s%s", id, name != NULL ? " name" : "",
                             time_zone != NULL ? " time_zone=" : "",
                             time_zone != NULL ? time_zone : "");
  return finish (database, audit, now_us, actor, "site-changed", details, error);

fail:
  kv_database_rollback (database);
  return FALSE;
}

static gboolean
read_details (KvDatabase    *database,
              KvSiteRecord  *record,
              GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  record->hours = g_array_new (FALSE, FALSE, sizeof (KvSiteHours));
  record->closed_days = g_ptr_array_new_with_free_func ((GDestroyNotify) closed_day_free);

  stmt = kv_database_prepare (database, "SELECT weekday, opens, closes FROM site_hours "
                              "WHERE site_id = ? ORDER BY weekday, opens", error);
  if (stmt == NULL)
    return FALSE;
  kv_database_bind_text (stmt, 1, record->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KvSiteHours hours = { (guint) sqlite3_column_int (stmt, 0) };

      /* Written by kv_site_table_set_hours() only; anything else is skipped. */
      if (hours.weekday >= 1 && hours.weekday <= 7 &&
          kv_local_time_parse_clock ((const char *) sqlite3_column_text (stmt, 1), &hours.opens,
                                     NULL) &&
          kv_local_time_parse_clock ((const char *) sqlite3_column_text (stmt, 2), &hours.closes,
                                     NULL))
        g_array_append_val (record->hours, hours);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return kv_database_error (database, error, "reading opening hours");

  stmt = kv_database_prepare (database, "SELECT day, reason FROM site_closed_days "
                              "WHERE site_id = ? ORDER BY day", error);
  if (stmt == NULL)
    return FALSE;
  kv_database_bind_text (stmt, 1, record->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KvClosedDay *day = g_new0 (KvClosedDay, 1);

      day->day = kv_database_column_text (stmt, 0);
      day->reason = kv_database_column_text (stmt, 1);
      g_ptr_array_add (record->closed_days, day);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return kv_database_error (database, error, "reading closed days");
  return kv_site_rules_table_read (database, record, error);
}

static GPtrArray *
select_sites (KvDatabase  *database,
              const char  *id,
              GError     **error)
{
  g_autoptr(GPtrArray) sites = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_site_record_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = kv_database_prepare (database, "SELECT id, name, time_zone, created_us FROM sites "
                              "WHERE ?1 IS NULL OR id = ?1 ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  kv_database_bind_text (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KvSiteRecord *record = g_new0 (KvSiteRecord, 1);

      record->id = kv_database_column_text (stmt, 0);
      record->name = kv_database_column_text (stmt, 1);
      record->time_zone = kv_database_column_text (stmt, 2);
      record->created_us = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (sites, record);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      kv_database_error (database, error, "listing sites");
      return NULL;
    }
  for (guint i = 0; i < sites->len; i++)
    if (!read_details (database, g_ptr_array_index (sites, i), error))
      return NULL;
  return g_steal_pointer (&sites);
}

KvSiteRecord *
kv_site_table_lookup (KvDatabase  *database,
                      const char  *id,
                      GError     **error)
{
  g_autoptr(GPtrArray) sites = NULL;

  if (id == NULL)
    {
      g_set_error_literal (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND, "No site");
      return NULL;
    }
  sites = select_sites (database, id, error);
  if (sites == NULL)
    return NULL;
  if (sites->len == 0)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND, "There is no site %s", id);
      return NULL;
    }
  return g_ptr_array_steal_index (sites, 0);
}

/* Every site, by id, with its hours and closed days. */
GPtrArray *
kv_site_table_list (KvDatabase  *database,
                    GError     **error)
{
  return select_sites (database, NULL, error);
}

/* Replaces the site's whole week of opening hours with @hours. */
gboolean
kv_site_table_set_hours (KvDatabase    *database,
                         KvAuditTable  *audit,
                         const char    *id,
                         GArray        *hours,
                         gint64         now_us,
                         const char    *actor,
                         GError       **error)
{
  g_autoptr(GString) details = g_string_new (NULL);
  sqlite3_stmt *stmt;

  if (!kv_database_begin (database, error))
    return FALSE;
  if (!kv_site_table_check_exists (database, id, error))
    goto fail;
  stmt = kv_database_prepare (database, "DELETE FROM site_hours WHERE site_id = ?", error);
  if (stmt == NULL)
    goto fail;
  kv_database_bind_text (stmt, 1, id);
  if (!kv_database_step_done (database, stmt, error))
    goto fail;
  g_string_append_printf (details, "site=%s hours=", id);
  for (guint i = 0; i < hours->len; i++)
    {
      const KvSiteHours *window = &g_array_index (hours, KvSiteHours, i);
      g_autofree char *opens = kv_local_time_format_clock (window->opens);
      g_autofree char *closes = kv_local_time_format_clock (window->closes);

      stmt = kv_database_prepare (database, "INSERT INTO site_hours (site_id, weekday, opens, "
                                  "closes) VALUES (?, ?, ?, ?)", error);
      if (stmt == NULL)
        goto fail;
      kv_database_bind_text (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, (int) window->weekday);
      kv_database_bind_text (stmt, 3, opens);
      kv_database_bind_text (stmt, 4, closes);
      if (!kv_database_step_insert (database, stmt, "setting opening hours", error,
                                    KV_STORE_ERROR_INVALID,
                                    "Two openings on %s start at %s", kv_local_time_weekday_plural (window->weekday), opens))
        goto fail;
      g_string_append_printf (details, "%s%s:%s-%s", i > 0 ? "," : "",
                              kv_local_time_weekday_name (window->weekday), opens, closes);
    }
  return finish (database, audit, now_us, actor, "site-hours-set", details->str, error);

fail:
  kv_database_rollback (database);
  return FALSE;
}

gboolean
kv_site_table_add_closed_day (KvDatabase    *database,
                              KvAuditTable  *audit,
                              const char    *id,
                              const char    *day,
                              const char    *reason,
                              gint64         now_us,
                              const char    *actor,
                              GError       **error)
{
  g_autofree char *details = NULL;
  sqlite3_stmt *stmt;

  if (!kv_database_begin (database, error))
    return FALSE;
  if (!kv_site_table_check_exists (database, id, error))
    goto fail;
  stmt = kv_database_prepare (database, "INSERT INTO site_closed_days (site_id, day, reason) "
                              "VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  kv_database_bind_text (stmt, 1, id);
  kv_database_bind_text (stmt, 2, day);
  kv_database_bind_text (stmt, 3, reason != NULL ? reason : "");
  if (!kv_database_step_insert (database, stmt, "adding a closed day", error,
                                KV_STORE_ERROR_EXISTS,
                                "Site %s is closed on %s already", id, day))
    goto fail;
  details = g_strdup_printf ("site=%s day=%s", id, day);
  return finish (database, audit, now_us, actor, "site-closed-day-added", details, error);

fail:
  kv_database_rollback (database);
  return FALSE;
}

gboolean
kv_site_table_remove_closed_day (KvDatabase    *database,
                                 KvAuditTable  *audit,
                                 const char    *id,
                                 const char    *day,
                                 gint64         now_us,
                                 const char    *actor,
                                 GError       **error)
{
  g_autofree char *details = NULL;
  sqlite3_stmt *stmt;

  if (!kv_database_begin (database, error))
    return FALSE;
  stmt = kv_database_prepare (database, "DELETE FROM site_closed_days WHERE site_id = ? AND "
                              "day = ?", error);
  if (stmt == NULL)
    goto fail;
  kv_database_bind_text (stmt, 1, id);
  kv_database_bind_text (stmt, 2, day);
  if (!kv_database_step_done (database, stmt, error))
    goto fail;
  if (kv_database_changes (database) == 0)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND,
                   "Site %s is not closed on %s", id, day);
      goto fail;
    }
  details = g_strdup_printf ("site=%s day=%s", id, day);
  return finish (database, audit, now_us, actor, "site-closed-day-removed", details, error);

fail:
  kv_database_rollback (database);
  return FALSE;
}
