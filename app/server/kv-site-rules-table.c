/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-store"

#include "config.h"

#include "kv-site-rules-table.h"

#include "kv-local-time.h"

/* The rules a site keeps for children: its rules per age band (a band
 * with no row keeps kv_age_rules_init_defaults()) and its school hours,
 * per weekday in minutes after local midnight. Each change is one
 * transaction with its audit row. */

/* The bands in the order of kv_age_rules_band_index(). */
static const KvAgeBand bands[KV_AGE_BAND_COUNT] = {
  KV_AGE_BAND_0_3, KV_AGE_BAND_4_7, KV_AGE_BAND_8_12, KV_AGE_BAND_13_17,
};

/* The site must exist (KV_STORE_ERROR_NOT_FOUND if not). */
static gboolean
check_site (KvDatabase  *database,
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

/**
 * kv_site_rules_table_read:
 * @record: a site just read, whose age rules and school hours to fill
 *
 * Rows that the writers below never write (a band or an hour out of
 * range) are skipped: the defaults, or no school hours, stand instead.
 */
gboolean
kv_site_rules_table_read (KvDatabase    *database,
                          KvSiteRecord  *record,
                          GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  kv_age_rules_init_defaults (&record->age_rules);
  for (guint i = 0; i < KV_AGE_BAND_COUNT; i++)
    record->age_rules_set[i] = FALSE;
  record->school_hours = g_array_new (FALSE, FALSE, sizeof (KvSiteHours));

  stmt = kv_database_prepare (database, "SELECT age_band, default_minutes, max_minutes, "
                              "min_gap_hours, aim_visits, aim_days FROM site_age_rules "
                              "WHERE site_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  kv_database_bind_text (stmt, 1, record->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      KvAgeBandRules rules = {
        (guint) CLAMP (sqlite3_column_int64 (stmt, 1), 0, G_MAXUINT),
        (guint) CLAMP (sqlite3_column_int64 (stmt, 2), 0, G_MAXUINT),
        (guint) CLAMP (sqlite3_column_int64 (stmt, 3), 0, G_MAXUINT),
        (guint) CLAMP (sqlite3_column_int64 (stmt, 4), 0, G_MAXUINT),
        (guint) CLAMP (sqlite3_column_int64 (stmt, 5), 0, G_MAXUINT),
      };
      KvAgeBand band;
      int index;

      if (name == NULL || !kv_age_band_from_string (name, &band) ||
          (index = kv_age_rules_band_index (band)) < 0 ||
          !kv_age_band_rules_validate (&rules, band, NULL))
        continue;
      record->age_rules.bands[index] = rules;
      record->age_rules_set[index] = TRUE;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return kv_database_error (database, error, "reading age rules");

  stmt = kv_database_prepare (database, "SELECT weekday, opens, closes FROM site_school_hours "
                              "WHERE site_id = ? ORDER BY weekday, opens", error);
  if (stmt == NULL)
    return FALSE;
  kv_database_bind_text (stmt, 1, record->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KvSiteHours hours = {
        (guint) sqlite3_column_int (stmt, 0),
        (guint) sqlite3_column_int (stmt, 1),
        (guint) sqlite3_column_int (stmt, 2),
      };

      if (hours.weekday >= 1 && hours.weekday <= 7 && hours.opens < hours.closes &&
          hours.closes <= 24 * 60)
        g_array_append_val (record->school_hours, hours);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return kv_database_error (database, error, "reading school hours");
  return TRUE;
}

/**
 * kv_site_rules_table_set_age_rules:
 * @rules: the rules, validated by the caller
 * @bands_mask: which bands to set: bit kv_age_rules_band_index() of each;
 *   the others keep what they have
 *
 * Returns: %TRUE once the bands are set, audited (`site-age-rules`)
 */
gboolean
kv_site_rules_table_set_age_rules (KvDatabase        *database,
                                   KvAuditTable      *audit,
                                   const char        *site_id,
                                   const KvAgeRules  *rules,
                                   guint              bands_mask,
                                   gint64             now_us,
                                   const char        *actor,
                                   GError           **error)
{
  g_autoptr(GString) details = g_string_new (NULL);

  if (!kv_database_begin (database, error))
    return FALSE;
  if (!check_site (database, site_id, error))
    goto fail;
  g_string_append_printf (details, "site=%s", site_id);
  for (guint i = 0; i < KV_AGE_BAND_COUNT; i++)
    {
      const KvAgeBandRules *band = &rules->bands[i];
      sqlite3_stmt *stmt;

      if (!(bands_mask & (1u << i)))
        continue;
      stmt = kv_database_prepare (database, "INSERT OR REPLACE INTO site_age_rules (site_id, "
                                  "age_band, default_minutes, max_minutes, min_gap_hours, "
                                  "aim_visits, aim_days) VALUES (?, ?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        goto fail;
      kv_database_bind_text (stmt, 1, site_id);
      kv_database_bind_text (stmt, 2, kv_age_band_to_string (bands[i]));
      sqlite3_bind_int64 (stmt, 3, band->default_minutes);
      sqlite3_bind_int64 (stmt, 4, band->max_minutes);
      sqlite3_bind_int64 (stmt, 5, band->min_gap_hours);
      sqlite3_bind_int64 (stmt, 6, band->aim_visits);
      sqlite3_bind_int64 (stmt, 7, band->aim_days);
      if (!kv_database_step_done (database, stmt, error))
        goto fail;
      g_string_append_printf (details, " %s=%u/%u/%uh/%u:%u", kv_age_band_to_string (bands[i]),
                              band->default_minutes, band->max_minutes, band->min_gap_hours,
                              band->aim_visits, band->aim_days);
    }
  if (!kv_audit_table_insert (audit, now_us, actor, "site-age-rules", NULL, details->str,
                              error) ||
      !kv_database_commit (database, error))
    goto fail;
  return TRUE;

fail:
  kv_database_rollback (database);
  return FALSE;
}

/**
 * kv_site_rules_table_set_school_hours:
 * @hours: (element-type KvSiteHours): the whole week, validated by the
 *   caller; empty for none
 *
 * Returns: %TRUE once the week is replaced, audited (`site-school-hours`)
 */
gboolean
kv_site_rules_table_set_school_hours (KvDatabase    *database,
                                      KvAuditTable  *audit,
                                      const char    *site_id,
                                      GArray        *hours,
                                      gint64         now_us,
                                      const char    *actor,
                                      GError       **error)
{
  g_autoptr(GString) details = g_string_new (NULL);
  sqlite3_stmt *stmt;

  if (!kv_database_begin (database, error))
    return FALSE;
  if (!check_site (database, site_id, error))
    goto fail;
  stmt = kv_database_prepare (database, "DELETE FROM site_school_hours WHERE site_id = ?", error);
  if (stmt == NULL)
    goto fail;
  kv_database_bind_text (stmt, 1, site_id);
  if (!kv_database_step_done (database, stmt, error))
    goto fail;
  g_string_append_printf (details, "site=%s school_hours=", site_id);
  for (guint i = 0; i < hours->len; i++)
    {
      const KvSiteHours *window = &g_array_index (hours, KvSiteHours, i);
      g_autofree char *opens = kv_local_time_format_clock (window->opens);
      g_autofree char *closes = kv_local_time_format_clock (window->closes);

      stmt = kv_database_prepare (database, "INSERT INTO site_school_hours (site_id, weekday, "
                                  "opens, closes) VALUES (?, ?, ?, ?)", error);
      if (stmt == NULL)
        goto fail;
      kv_database_bind_text (stmt, 1, site_id);
      sqlite3_bind_int (stmt, 2, (int) window->weekday);
      sqlite3_bind_int (stmt, 3, (int) window->opens);
      sqlite3_bind_int (stmt, 4, (int) window->closes);
      if (!kv_database_step_insert (database, stmt, "setting school hours", error,
                                    KV_STORE_ERROR_INVALID, "School hours on %s from %s to %s "
                                    "make no sense", kv_local_time_weekday_plural (window->weekday),
                                    opens, closes))
        goto fail;
      g_string_append_printf (details, "%s%s:%s-%s", i > 0 ? "," : "",
                              kv_local_time_weekday_name (window->weekday), opens, closes);
    }
  if (hours->len == 0)
    g_string_append (details, "none");
  if (!kv_audit_table_insert (audit, now_us, actor, "site-school-hours", NULL, details->str,
                              error) ||
      !kv_database_commit (database, error))
    goto fail;
  return TRUE;

fail:
  kv_database_rollback (database);
  return FALSE;
}
