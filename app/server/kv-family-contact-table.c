/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-store"

#include "config.h"

#include "kv-family-contact-table.h"

/* What the due list and the contact report need of families' bookings:
 * each family's last held visit and next booked one, and every visit
 * that was not cancelled with whether it was held and kept to the age
 * rules. Read only. */

/* A visit was held when it ran to its end, or staff ended it for another
 * reason than a technical problem (a safeguarding stop counts: the child
 * saw the parent). No-shows, technical failures and cancellations were
 * not. For a booking LEFT JOINed to its session `s`. */
#define HELD_SQL \
  "coalesce (s.outcome = 'completed' OR (s.outcome = 'ended-by-staff' AND " \
  "coalesce (s.end_category, '') != 'technical-problem'), 0)"

static KvFamilyContact *
contact_of (GHashTable *contacts,
            const char *family_id)
{
  KvFamilyContact *contact = g_hash_table_lookup (contacts, family_id);

  if (contact == NULL)
    {
      contact = g_new0 (KvFamilyContact, 1);
      g_hash_table_insert (contacts, g_strdup (family_id), contact);
    }
  return contact;
}

/**
 * kv_family_contact_table_list_contacts:
 * @family_id: (nullable): only this family's
 * @now_us: the time: the next visit is the first one that has not ended
 *   by then (and has no outcome)
 *
 * Returns: (transfer full) (element-type utf8 KvFamilyContact): per family
 *   id, its last held visit and its next booked one; families with
 *   neither are not in it
 */
GHashTable *
kv_family_contact_table_list_contacts (KvDatabase  *database,
                                       const char  *family_id,
                                       gint64       now_us,
                                       GError     **error)
{
  g_autoptr(GHashTable) contacts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) kv_family_contact_free);
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  stmt = kv_database_prepare (database, "SELECT b.family_id, max (b.start_us) "
                              "FROM bookings b JOIN sessions s ON s.booking_id = b.id "
                              "WHERE b.family_id IS NOT NULL AND (?1 IS NULL OR b.family_id = ?1) "
                              "AND b.cancelled_us = 0 AND " HELD_SQL " GROUP BY b.family_id",
                              error);
  if (stmt == NULL)
    return NULL;
  kv_database_bind_text (stmt, 1, family_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    contact_of (contacts, (const char *) sqlite3_column_text (stmt, 0))->last_held_us =
      sqlite3_column_int64 (stmt, 1);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      kv_database_error (database, error, "reading families' held visits");
      return NULL;
    }

  /* SQLite fills the bare columns from the row that has the minimum. */
  stmt = kv_database_prepare (database, "SELECT b.family_id, min (b.start_us), b.id "
                              "FROM bookings b LEFT JOIN sessions s ON s.booking_id = b.id "
                              "WHERE b.family_id IS NOT NULL AND (?1 IS NULL OR b.family_id = ?1) "
                              "AND b.cancelled_us = 0 AND b.end_us > ?2 "
                              "AND coalesce (s.outcome, 'none') = 'none' GROUP BY b.family_id",
                              error);
  if (stmt == NULL)
    return NULL;
  kv_database_bind_text (stmt, 1, family_id);
  sqlite3_bind_int64 (stmt, 2, now_us);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KvFamilyContact *contact = contact_of (contacts,
                                             (const char *) sqlite3_column_text (stmt, 0));

      contact->next_start_us = sqlite3_column_int64 (stmt, 1);
      g_free (contact->next_booking_id);
      contact->next_booking_id = kv_database_column_text (stmt, 2);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      kv_database_error (database, error, "reading families' next visits");
      return NULL;
    }
  return g_steal_pointer (&contacts);
}

/**
 * kv_family_contact_table_list_visits:
 * @community_site: a community site
 *
 * Returns: (transfer container) (element-type KvFamilyVisit): every visit
 *   that was not cancelled of the site's families (archived ones too), by
 *   start
 */
GPtrArray *
kv_family_contact_table_list_visits (KvDatabase  *database,
                                     const char  *community_site,
                                     GError     **error)
{
  g_autoptr(GPtrArray) visits = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_family_visit_free);
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  stmt = kv_database_prepare (database, "SELECT b.family_id, b.start_us, " HELD_SQL ", "
                              "b.rules_override = '' FROM bookings b "
                              "JOIN families f ON f.id = b.family_id "
                              "LEFT JOIN sessions s ON s.booking_id = b.id "
                              "WHERE f.community_site = ? AND b.cancelled_us = 0 "
                              "ORDER BY b.start_us, b.id", error);
  if (stmt == NULL)
    return NULL;
  kv_database_bind_text (stmt, 1, community_site);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KvFamilyVisit *visit = g_new0 (KvFamilyVisit, 1);

      visit->family_id = kv_database_column_text (stmt, 0);
      visit->start_us = sqlite3_column_int64 (stmt, 1);
      visit->held = sqlite3_column_int (stmt, 2) != 0;
      visit->within_rules = sqlite3_column_int (stmt, 3) != 0;
      g_ptr_array_add (visits, visit);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      kv_database_error (database, error, "listing families' visits");
      return NULL;
    }
  return g_steal_pointer (&visits);
}
