/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-store"

#include "config.h"

#include "kv-roster-table.h"

#include "kv-booking-rules.h"
#include "kv-pin.h"
#include "kv-protocol.h"

#include <sqlite3.h>
#include <string.h>

/*
 * Reads, never writes, the staff who may open a kiosk's staff panel with a
 * personal PIN: the staff accounts (written by the account management) that
 * are not disabled, have a PIN, hold the role for the kiosk's side
 * (`officer` in a prison, `coordinator` in a community centre) and are
 * assigned to the kiosk's site; and the site's time zone.
 *
 * A kiosk refuses a whole staff_roster if one entry breaks the protocol's
 * rules, so rows that would are left out here, with a warning naming the
 * account (never its hash or name), and the others still go.
 */

static const char *
role_for_side (KvRole role)
{
  return role == KV_ROLE_PRISON ? "officer" : "coordinator";
}

static gboolean
is_sendable_name (const char *name)
{
  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL) ||
      g_utf8_strlen (name, -1) > KV_PROTOCOL_MAX_STAFF_NAME_CHARS)
    return FALSE;
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
read_kiosk_site (KvDatabase  *database,
                 const char  *kiosk_id,
                 KvRole      *out_role,
                 char       **out_time_zone,
                 GError     **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *role = NULL;
  int rc;

  stmt = kv_database_prepare (database,
                              "SELECT k.role, s.time_zone FROM kiosks k "
                              "LEFT JOIN sites s ON s.id = k.site_id WHERE k.id = ?", error);
  if (stmt == NULL)
    return FALSE;
  kv_database_bind_text (stmt, 1, kiosk_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      role = kv_database_column_text (stmt, 0);
      *out_time_zone = sqlite3_column_type (stmt, 1) == SQLITE_NULL
                         ? NULL : kv_database_column_text (stmt, 1);
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND, "No such kiosk");
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return kv_database_error (database, error, "looking up a kiosk's site");

  if (!kv_role_from_string (role, out_role))
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_FAILED,
                   "Kiosk %s has an unknown role", kiosk_id);
      g_clear_pointer (out_time_zone, g_free);
      return FALSE;
    }
  if (*out_time_zone != NULL && !kv_protocol_is_valid_time_zone (*out_time_zone))
    {
      g_warning ("The site of kiosk %s has a time zone that is not an IANA name; "
                 "its kiosks keep their own", kiosk_id);
      g_clear_pointer (out_time_zone, g_free);
    }
  return TRUE;
}

/**
 * kv_roster_table_lookup:
 * @database: the store's database
 * @kiosk_id: a kiosk
 * @error: return location for a %KV_STORE_ERROR
 *
 * Returns: (transfer full): the kiosk's roster, by staff id (empty for a
 *   kiosk with no site), or %NULL with %KV_STORE_ERROR_NOT_FOUND for an
 *   unknown kiosk or another error
 */
KvKioskRoster *
kv_roster_table_lookup (KvDatabase  *database,
                        const char  *kiosk_id,
                        GError     **error)
{
  g_autoptr(KvKioskRoster) roster = g_new0 (KvKioskRoster, 1);
  sqlite3_stmt *stmt;
  KvRole role;
  int rc;

  roster->staff = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_roster_entry_free);
  if (!read_kiosk_site (database, kiosk_id, &role, &roster->time_zone, error))
    return NULL;

  /* Roles are a comma-separated list: match whole names only, so that a
   * role "officer-trainee" is not "officer". */
  stmt = kv_database_prepare (database,
                              "SELECT st.id, st.display_name, st.pin_hash FROM staff st "
                              "JOIN staff_sites ss ON ss.staff_id = st.id "
                              "JOIN kiosks k ON k.site_id = ss.site_id "
                              "WHERE k.id = ? AND st.disabled_us = 0 AND st.pin_hash != '' "
                              "AND instr (',' || REPLACE (st.roles, ' ', '') || ',', "
                              "           ',' || ? || ',') > 0 "
                              "ORDER BY st.id", error);
  if (stmt == NULL)
    return NULL;
  kv_database_bind_text (stmt, 1, kiosk_id);
  kv_database_bind_text (stmt, 2, role_for_side (role));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *id = kv_database_column_text (stmt, 0);
      g_autofree char *name = kv_database_column_text (stmt, 1);
      g_autofree char *pin_hash = kv_database_column_text (stmt, 2);

      if (!kv_booking_rules_check_id (id, NULL))
        {
          g_warning ("A staff account of kiosk %s's site has an id a kiosk cannot take; "
                     "left out of its roster", kiosk_id);
          continue;
        }
      if (!is_sendable_name (name) || !kv_pin_hash_validate (pin_hash, NULL))
        {
          g_warning ("Staff account %s has a display name or PIN hash a kiosk cannot take; "
                     "left out of kiosk %s's roster", id, kiosk_id);
          continue;
        }
      if (roster->staff->len == KV_PROTOCOL_MAX_ROSTER)
        {
          g_warning ("Kiosk %s's site has more than %d staff with a PIN: the roster holds "
                     "the first %d by id", kiosk_id, KV_PROTOCOL_MAX_ROSTER,
                     KV_PROTOCOL_MAX_ROSTER);
          break;
        }
      g_ptr_array_add (roster->staff, kv_roster_entry_new (id, name, pin_hash));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      kv_database_error (database, error, "reading a kiosk's staff roster");
      return NULL;
    }

  return g_steal_pointer (&roster);
}
