/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-store"

#include "config.h"

#include "kv-store.h"

/* A family's records as the store hands them out (declared in
 * kv-store.h with the other records): making, copying and freeing them,
 * and the band whose rules a family's visits follow. */

KvFamilyChild *
kv_family_child_new (const char *label,
                     KvAgeBand   age_band)
{
  KvFamilyChild *child = g_new0 (KvFamilyChild, 1);

  child->label = g_strdup (label);
  child->age_band = age_band;
  return child;
}

void
kv_family_child_free (KvFamilyChild *child)
{
  if (child == NULL)
    return;
  g_free (child->label);
  g_free (child);
}

KvFamilyRecord *
kv_family_record_new (void)
{
  KvFamilyRecord *record = g_new0 (KvFamilyRecord, 1);

  record->prison_kiosks = g_new0 (char *, 1);
  record->prison_kiosk_sites = g_new0 (char *, 1);
  record->children = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_family_child_free);
  return record;
}

KvFamilyRecord *
kv_family_record_copy (const KvFamilyRecord *record)
{
  KvFamilyRecord *copy = kv_family_record_new ();

  copy->id = g_strdup (record->id);
  copy->parent_label = g_strdup (record->parent_label);
  copy->admitted_on = g_strdup (record->admitted_on);
  copy->community_site = g_strdup (record->community_site);
  g_strfreev (copy->prison_kiosks);
  copy->prison_kiosks = g_strdupv (record->prison_kiosks);
  g_strfreev (copy->prison_kiosk_sites);
  copy->prison_kiosk_sites = g_strdupv (record->prison_kiosk_sites);
  for (guint i = 0; i < record->children->len; i++)
    {
      const KvFamilyChild *child = g_ptr_array_index (record->children, i);

      g_ptr_array_add (copy->children, kv_family_child_new (child->label, child->age_band));
    }
  copy->created_us = record->created_us;
  copy->created_by = g_strdup (record->created_by);
  copy->archived_us = record->archived_us;
  return copy;
}

void
kv_family_record_free (KvFamilyRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->id);
  g_free (record->parent_label);
  g_free (record->admitted_on);
  g_free (record->community_site);
  g_strfreev (record->prison_kiosks);
  g_strfreev (record->prison_kiosk_sites);
  g_clear_pointer (&record->children, g_ptr_array_unref);
  g_free (record->created_by);
  g_free (record);
}

/* The youngest child's band, whose rules the family's visits follow. */
KvAgeBand
kv_family_record_get_age_band (const KvFamilyRecord *record)
{
  g_autofree KvAgeBand *bands = g_new0 (KvAgeBand, MAX (record->children->len, 1));

  for (guint i = 0; i < record->children->len; i++)
    bands[i] = ((const KvFamilyChild *) g_ptr_array_index (record->children, i))->age_band;
  return kv_age_band_youngest (bands, record->children->len);
}

void
kv_family_contact_free (KvFamilyContact *contact)
{
  if (contact == NULL)
    return;
  g_free (contact->next_booking_id);
  g_free (contact);
}

void
kv_family_visit_free (KvFamilyVisit *visit)
{
  if (visit == NULL)
    return;
  g_free (visit->family_id);
  g_free (visit);
}
