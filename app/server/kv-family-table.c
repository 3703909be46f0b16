/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-store"

#include "config.h"

#include "kv-family-table.h"

#include "kv-audit-table.h"
#include "kv-booking-table.h"
#include "kv-family-contact-table.h"
#include "kv-database.h"

/**
 * KvFamilyTable:
 *
 * The store's families: one person in prison (their admission day, the
 * prison kiosks they use) and their children at a community site, known
 * only by the labels staff chose and their age bands. Families are never
 * deleted, only archived, so their bookings keep their family. Every
 * change is one transaction with its audit row; the audit log gets ids,
 * sites, kiosks, bands and the admission day, never a label.
 *
 * It also hands out what the due list and the families report need of
 * the families' bookings (kv-family-contact-table.c): the last held visit
 * and the next booked one, and every visit that was not cancelled. The
 * records themselves are kv-family-record.c's.
 */

struct _KvFamilyTable
{
  GObject       parent_instance;

  KvDatabase   *database;
  KvAuditTable *audit;
};

G_DEFINE_FINAL_TYPE (KvFamilyTable, kv_family_table, G_TYPE_OBJECT)

static void
kv_family_table_dispose (GObject *object)
{
  KvFamilyTable *self = KV_FAMILY_TABLE (object);

  g_clear_object (&self->audit);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (kv_family_table_parent_class)->dispose (object);
}

static void
kv_family_table_class_init (KvFamilyTableClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kv_family_table_dispose;
}

static void
kv_family_table_init (KvFamilyTable *self)
{
}

/**
 * kv_family_table_new:
 * @database: the store's database
 * @audit: its audit log
 *
 * Returns: (transfer full): the families of @database
 */
KvFamilyTable *
kv_family_table_new (KvDatabase   *database,
                     KvAuditTable *audit)
{
  KvFamilyTable *self = g_object_new (KV_TYPE_FAMILY_TABLE, NULL);

  self->database = g_object_ref (database);
  self->audit = g_object_ref (audit);
  return self;
}

/* The same label, whatever the case: "Dad" and "dad" are one person. */
static gboolean
same_label (const char *a,
            const char *b)
{
  g_autofree char *folded_a = g_utf8_casefold (a, -1);
  g_autofree char *folded_b = g_utf8_casefold (b, -1);

  return g_str_equal (folded_a, folded_b);
}

/* The label of @family_id's child that @record has too, or %NULL. */
static char *
find_same_child (KvDatabase            *database,
                 const char            *family_id,
                 const KvFamilyRecord  *record,
                 GError               **error)
{
  sqlite3_stmt *stmt;
  char *found = NULL;
  int rc = SQLITE_DONE;

  stmt = kv_database_prepare (database, "SELECT label FROM family_children WHERE family_id = ? "
                              "ORDER BY position", error);
  if (stmt == NULL)
    return NULL;
  kv_database_bind_text (stmt, 1, family_id);
  while (found == NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *label = (const char *) sqlite3_column_text (stmt, 0);

      for (guint i = 0; found == NULL && label != NULL && i < record->children->len; i++)
        if (same_label (label, ((KvFamilyChild *) g_ptr_array_index (record->children, i))->label))
          found = g_strdup (label);
    }
  if (found == NULL && rc != SQLITE_DONE)
    kv_database_error (database, error, "reading a family's children");
  sqlite3_finalize (stmt);
  return found;
}

/* Whether another active family on one of @record's prison kiosks has
 * the same parent and a child of the same label: the same family twice,
 * whose visits would be counted apart (KV_STORE_ERROR_OVERLAP naming it). */
static gboolean
check_overlap (KvDatabase            *database,
               const KvFamilyRecord  *record,
               GError               **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;
  int rc = SQLITE_DONE;

  stmt = kv_database_prepare (database, "SELECT f.id, f.parent_label, fk.kiosk_id FROM families f "
                              "JOIN family_kiosks fk ON fk.family_id = f.id "
                              "WHERE fk.kiosk_id = ?1 AND f.archived_us = 0 AND f.id != ?2 "
                              "ORDER BY f.id", error);
  if (stmt == NULL)
    return FALSE;
  for (guint k = 0; ok && record->prison_kiosks[k] != NULL; k++)
    {
      sqlite3_reset (stmt);
      kv_database_bind_text (stmt, 1, record->prison_kiosks[k]);
      kv_database_bind_text (stmt, 2, record->id);
      while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *other = (const char *) sqlite3_column_text (stmt, 0);
          const char *parent = (const char *) sqlite3_column_text (stmt, 1);
          g_autoptr(GError) local_error = NULL;
          g_autofree char *child = NULL;

          if (parent == NULL || !same_label (parent, record->parent_label))
            continue;
          child = find_same_child (database, other, record, &local_error);
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              ok = FALSE;
            }
          else if (child != NULL)
            {
              g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_OVERLAP,
                           "Family %s on %s already has %s and %s", other,
                           record->prison_kiosks[k], parent, child);
              ok = FALSE;
            }
        }
      if (ok && rc != SQLITE_DONE)
        ok = kv_database_error (database, error, "looking for the same family");
    }
  sqlite3_finalize (stmt);
  return ok;
}

/* The children and prison kiosks of @record, replacing any stored. */
static gboolean
write_members (KvDatabase            *database,
               const KvFamilyRecord  *record,
               gboolean               children,
               gboolean               kiosks,
               GError               **error)
{
  sqlite3_stmt *stmt;

  if (children)
    {
      stmt = kv_database_prepare (database, "DELETE FROM family_children WHERE family_id = ?",
                                  error);
      if (stmt == NULL)
        return FALSE;
      kv_database_bind_text (stmt, 1, record->id);
      if (!kv_database_step_done (database, stmt, error))
        return FALSE;
      for (guint i = 0; i < record->children->len; i++)
        {
          const KvFamilyChild *child = g_ptr_array_index (record->children, i);

          stmt = kv_database_prepare (database, "INSERT INTO family_children (family_id, "
                                      "position, label, age_band) VALUES (?, ?, ?, ?)", error);
          if (stmt == NULL)
            return FALSE;
          kv_database_bind_text (stmt, 1, record->id);
          sqlite3_bind_int (stmt, 2, (int) i);
          kv_database_bind_text (stmt, 3, child->label);
          kv_database_bind_text (stmt, 4, kv_age_band_to_string (child->age_band));
          if (!kv_database_step_insert (database, stmt, "adding a child", error,
                                        KV_STORE_ERROR_INVALID,
                                        "Child %u of family %s has no age band", i + 1,
                                        record->id))
            return FALSE;
        }
    }
  if (kiosks)
    {
      stmt = kv_database_prepare (database, "DELETE FROM family_kiosks WHERE family_id = ?",
                                  error);
      if (stmt == NULL)
        return FALSE;
      kv_database_bind_text (stmt, 1, record->id);
      if (!kv_database_step_done (database, stmt, error))
        return FALSE;
      for (guint i = 0; record->prison_kiosks[i] != NULL; i++)
        {
          stmt = kv_database_prepare (database, "INSERT INTO family_kiosks (family_id, kiosk_id) "
                                      "VALUES (?, ?)", error);
          if (stmt == NULL)
            return FALSE;
          kv_database_bind_text (stmt, 1, record->id);
          kv_database_bind_text (stmt, 2, record->prison_kiosks[i]);
          if (!kv_database_step_insert (database, stmt, "adding a family's kiosk", error,
                                        KV_STORE_ERROR_NOT_FOUND,
                                        "There is no kiosk %s (or it is named twice)",
                                        record->prison_kiosks[i]))
            return FALSE;
        }
    }
  return TRUE;
}

/* "pv-1,pv-2 ... bands=0-3,8-12": what the audit log keeps of a family. */
static char *
describe (const KvFamilyRecord *record)
{
  g_autofree char *kiosks = g_strjoinv (",", record->prison_kiosks);
  g_autoptr(GString) bands = g_string_new (NULL);

  for (guint i = 0; i < record->children->len; i++)
    {
      const KvFamilyChild *child = g_ptr_array_index (record->children, i);

      g_string_append_printf (bands, "%s%s", i > 0 ? "," : "",
                              kv_age_band_to_string (child->age_band));
    }
  return g_strdup_printf ("community_site=%s prison_kiosks=%s admitted_on=%s children=%u bands=%s",
                          record->community_site, kiosks, record->admitted_on,
                          record->children->len, bands->str);
}

/**
 * kv_family_table_add:
 * @record: a family the caller has validated; its @created_us and
 *   @created_by are @now_us and @actor
 *
 * Adds the family with its children and kiosks and its `family-added`
 * audit row, in one transaction; nothing if another active family on one
 * of its kiosks has the same parent and a child of the same label
 * (%KV_STORE_ERROR_OVERLAP) or its id is taken (%KV_STORE_ERROR_EXISTS).
 *
 * Returns: %TRUE once committed
 */
gboolean
kv_family_table_add (KvFamilyTable         *self,
                     const KvFamilyRecord  *record,
                     gint64                 now_us,
                     const char            *actor,
                     GError               **error)
{
  g_autofree char *description = NULL;
  g_autofree char *details = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KV_IS_FAMILY_TABLE (self), FALSE);

  if (!kv_database_begin (self->database, error))
    return FALSE;
  if (!check_overlap (self->database, record, error))
    goto fail;
  stmt = kv_database_prepare (self->database, "INSERT INTO families (id, parent_label, "
                              "admitted_on, community_site, created_us, created_by) "
                              "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  kv_database_bind_text (stmt, 1, record->id);
  kv_database_bind_text (stmt, 2, record->parent_label);
  kv_database_bind_text (stmt, 3, record->admitted_on);
  kv_database_bind_text (stmt, 4, record->community_site);
  sqlite3_bind_int64 (stmt, 5, now_us);
  kv_database_bind_text (stmt, 6, actor);
  if (!kv_database_step_insert (self->database, stmt, "adding a family", error,
                                KV_STORE_ERROR_EXISTS,
                                "Family %s exists already, or site %s is unknown", record->id,
                                record->community_site) ||
      !write_members (self->database, record, TRUE, TRUE, error))
    goto fail;
  description = describe (record);
  details = g_strdup_printf ("family=%s %s", record->id, description);
  if (!kv_audit_table_insert (self->audit, now_us, actor, "family-added", NULL, details, error) ||
      !kv_database_commit (self->database, error))
    goto fail;
  return TRUE;

fail:
  kv_database_rollback (self->database);
  return FALSE;
}

/**
 * kv_family_table_update:
 * @record: the family as it is to be, validated by the caller
 * @changed: (array zero-terminated=1): the fields that change, for the
 *   audit row ("parent_label", "children", "prison_kiosks", ...)
 *
 * Replaces an active family's labels, admission day, site, children and
 * kiosks, with its `family-changed` audit row, in one transaction; the same
 * overlap check as kv_family_table_add().
 *
 * Returns: %TRUE once committed
 */
gboolean
kv_family_table_update (KvFamilyTable         *self,
                        const KvFamilyRecord  *record,
                        const char * const    *changed,
                        gint64                 now_us,
                        const char            *actor,
                        GError               **error)
{
  g_autofree char *fields = g_strjoinv (",", (char **) changed);
  g_autofree char *description = NULL;
  g_autofree char *details = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KV_IS_FAMILY_TABLE (self), FALSE);

  if (!kv_database_begin (self->database, error))
    return FALSE;
  if (!check_overlap (self->database, record, error))
    goto fail;
  stmt = kv_database_prepare (self->database, "UPDATE families SET parent_label = ?, "
                              "admitted_on = ?, community_site = ? "
                              "WHERE id = ? AND archived_us = 0", error);
  if (stmt == NULL)
    goto fail;
  kv_database_bind_text (stmt, 1, record->parent_label);
  kv_database_bind_text (stmt, 2, record->admitted_on);
  kv_database_bind_text (stmt, 3, record->community_site);
  kv_database_bind_text (stmt, 4, record->id);
  if (!kv_database_step_done (self->database, stmt, error))
    goto fail;
  if (kv_database_changes (self->database) == 0)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND,
                   "There is no active family %s", record->id);
      goto fail;
    }
  if (!write_members (self->database, record, g_strv_contains (changed, "children"),
                      g_strv_contains (changed, "prison_kiosks"), error))
    goto fail;
  description = describe (record);
  details = g_strdup_printf ("family=%s changed=%s %s", record->id, fields, description);
  if (!kv_audit_table_insert (self->audit, now_us, actor, "family-changed", NULL, details,
                              error) ||
      !kv_database_commit (self->database, error))
    goto fail;
  return TRUE;

fail:
  kv_database_rollback (self->database);
  return FALSE;
}

/**
 * kv_family_table_archive:
 *
 * Archives an active family (%KV_STORE_ERROR_INVALID if it is archived
 * already): it leaves the due lists and gets no proposals; its bookings
 * stay.
 *
 * Returns: %TRUE once committed, audited (`family-archived`)
 */
gboolean
kv_family_table_archive (KvFamilyTable  *self,
                         const char     *id,
                         gint64          now_us,
                         const char     *actor,
                         GError        **error)
{
  g_autoptr(KvFamilyRecord) record = NULL;
  g_autofree char *details = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KV_IS_FAMILY_TABLE (self), FALSE);

  if (!kv_database_begin (self->database, error))
    return FALSE;
  record = kv_family_table_lookup (self, id, error);
  if (record == NULL)
    goto fail;
  if (record->archived_us != 0)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_INVALID,
                   "Family %s is archived already", id);
      goto fail;
    }
  stmt = kv_database_prepare (self->database, "UPDATE families SET archived_us = ? WHERE id = ?",
                              error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, now_us);
  kv_database_bind_text (stmt, 2, id);
  details = g_strdup_printf ("family=%s", id);
  if (!kv_database_step_done (self->database, stmt, error) ||
      !kv_audit_table_insert (self->audit, now_us, actor, "family-archived", NULL, details,
                              error) ||
      !kv_database_commit (self->database, error))
    goto fail;
  return TRUE;

fail:
  kv_database_rollback (self->database);
  return FALSE;
}

/* Each family's children, and its kiosks with their sites, in the order
 * they were written. */
static gboolean
read_members (KvDatabase      *database,
              KvFamilyRecord  *record,
              GError         **error)
{
  g_autoptr(GPtrArray) kiosks = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) sites = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  stmt = kv_database_prepare (database, "SELECT label, age_band FROM family_children "
                              "WHERE family_id = ? ORDER BY position", error);
  if (stmt == NULL)
    return FALSE;
  kv_database_bind_text (stmt, 1, record->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *band_text = (const char *) sqlite3_column_text (stmt, 1);
      KvAgeBand band = KV_AGE_BAND_UNSPECIFIED;

      if (band_text == NULL || !kv_age_band_from_string (band_text, &band))
        band = KV_AGE_BAND_UNSPECIFIED;
      g_ptr_array_add (record->children,
                       kv_family_child_new ((const char *) sqlite3_column_text (stmt, 0), band));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return kv_database_error (database, error, "reading a family's children");

  stmt = kv_database_prepare (database, "SELECT fk.kiosk_id, coalesce (k.site_id, '') "
                              "FROM family_kiosks fk LEFT JOIN kiosks k ON k.id = fk.kiosk_id "
                              "WHERE fk.family_id = ? ORDER BY fk.rowid", error);
  if (stmt == NULL)
    return FALSE;
  kv_database_bind_text (stmt, 1, record->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (kiosks, kv_database_column_text (stmt, 0));
      g_ptr_array_add (sites, kv_database_column_text (stmt, 1));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return kv_database_error (database, error, "reading a family's kiosks");
  g_ptr_array_add (kiosks, NULL);
  g_ptr_array_add (sites, NULL);
  g_strfreev (record->prison_kiosks);
  record->prison_kiosks = (GStrv) g_ptr_array_free (g_steal_pointer (&kiosks), FALSE);
  g_strfreev (record->prison_kiosk_sites);
  record->prison_kiosk_sites = (GStrv) g_ptr_array_free (g_steal_pointer (&sites), FALSE);
  return TRUE;
}

static GPtrArray *
select_families (KvDatabase  *database,
                 const char  *id,
                 const char  *community_site,
                 gboolean     include_archived,
                 GError     **error)
{
  g_autoptr(GPtrArray) families = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_family_record_free);
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  stmt = kv_database_prepare (database, "SELECT id, parent_label, admitted_on, community_site, "
                              "created_us, created_by, archived_us FROM families "
                              "WHERE (?1 IS NULL OR id = ?1) AND (?2 IS NULL OR community_site = ?2) "
                              "AND (?3 OR archived_us = 0) "
                              "ORDER BY parent_label COLLATE NOCASE, id", error);
  if (stmt == NULL)
    return NULL;
  kv_database_bind_text (stmt, 1, id);
  kv_database_bind_text (stmt, 2, community_site);
  sqlite3_bind_int (stmt, 3, include_archived ? 1 : 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KvFamilyRecord *record = kv_family_record_new ();

      record->id = kv_database_column_text (stmt, 0);
      record->parent_label = kv_database_column_text (stmt, 1);
      record->admitted_on = kv_database_column_text (stmt, 2);
      record->community_site = kv_database_column_text (stmt, 3);
      record->created_us = sqlite3_column_int64 (stmt, 4);
      record->created_by = kv_database_column_text (stmt, 5);
      record->archived_us = sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (families, record);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      kv_database_error (database, error, "listing families");
      return NULL;
    }
  for (guint i = 0; i < families->len; i++)
    if (!read_members (database, g_ptr_array_index (families, i), error))
      return NULL;
  return g_steal_pointer (&families);
}

/**
 * kv_family_table_lookup:
 *
 * Returns: (transfer full): the family, archived or not, or %NULL
 *   (%KV_STORE_ERROR_NOT_FOUND)
 */
KvFamilyRecord *
kv_family_table_lookup (KvFamilyTable  *self,
                        const char     *id,
                        GError        **error)
{
  g_autoptr(GPtrArray) families = NULL;

  g_return_val_if_fail (KV_IS_FAMILY_TABLE (self), NULL);

  if (id == NULL)
    {
      g_set_error_literal (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND, "No family");
      return NULL;
    }
  families = select_families (self->database, id, NULL, TRUE, error);
  if (families == NULL)
    return NULL;
  if (families->len == 0)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND, "There is no family %s", id);
      return NULL;
    }
  return g_ptr_array_steal_index (families, 0);
}

/**
 * kv_family_table_list:
 * @community_site: (nullable): only the families of this community site
 * @include_archived: whether to list archived families too
 *
 * Returns: (transfer container) (element-type KvFamilyRecord): the
 *   families, by parent label (whatever the case), then id
 */
GPtrArray *
kv_family_table_list (KvFamilyTable  *self,
                      const char     *community_site,
                      gboolean        include_archived,
                      GError        **error)
{
  g_return_val_if_fail (KV_IS_FAMILY_TABLE (self), NULL);

  return select_families (self->database, NULL, community_site, include_archived, error);
}

/**
 * kv_family_table_list_contacts:
 * @family_id: (nullable): only this family's
 * @now_us: the time: the next visit is the first one that has not ended
 *   by then (and has no outcome)
 *
 * Returns: (transfer full) (element-type utf8 KvFamilyContact): per family
 *   id, its last held visit and its next booked one (see
 *   kv-family-contact-table.c); families with neither are not in it
 */
GHashTable *
kv_family_table_list_contacts (KvFamilyTable  *self,
                               const char     *family_id,
                               gint64          now_us,
                               GError        **error)
{
  g_return_val_if_fail (KV_IS_FAMILY_TABLE (self), NULL);

  return kv_family_contact_table_list_contacts (self->database, family_id, now_us, error);
}

/**
 * kv_family_table_list_visits:
 * @community_site: a community site
 *
 * Returns: (transfer container) (element-type KvFamilyVisit): every visit
 *   that was not cancelled of the site's families (archived ones too), by
 *   start
 */
GPtrArray *
kv_family_table_list_visits (KvFamilyTable  *self,
                             const char     *community_site,
                             GError        **error)
{
  g_return_val_if_fail (KV_IS_FAMILY_TABLE (self), NULL);

  return kv_family_contact_table_list_visits (self->database, community_site, error);
}

/**
 * kv_family_table_list_bookings:
 *
 * Returns: (transfer container) (element-type KvBookingRecord): every
 *   booking of @family_id, cancelled ones too, by start
 */
GPtrArray *
kv_family_table_list_bookings (KvFamilyTable  *self,
                               const char     *family_id,
                               GError        **error)
{
  g_return_val_if_fail (KV_IS_FAMILY_TABLE (self), NULL);

  return kv_booking_table_list_family (self->database, family_id, error);
}
