/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-family-view.h"

#include "kv-family-table.h"

/* Whose rules, and whose calendar: a family's visits follow the rules of
 * its community site (where the child is), for its youngest child's band;
 * its admission day, and so its first week, is a day at its prison
 * kiosks' site (where the parent is). */

/**
 * kv_family_view_new_site_cache:
 *
 * Returns: (transfer full): a cache of sites by id, for making many views
 *   with one lookup per site
 */
GHashTable *
kv_family_view_new_site_cache (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify) kv_site_record_free);
}

/* The site @id, from @sites if there (a missing site is cached too). */
static const KvSiteRecord *
lookup_site (KvStore    *store,
             GHashTable *sites,
             const char *id)
{
  KvSiteRecord *site;

  if (id == NULL || *id == '\0')
    return NULL;
  if (g_hash_table_lookup_extended (sites, id, NULL, (gpointer *) &site))
    return site;
  site = kv_store_lookup_site (store, id, NULL);
  g_hash_table_insert (sites, g_strdup (id), site);
  return site;
}

static GTimeZone *
zone_of (const KvSiteRecord *site)
{
  GTimeZone *tz = site != NULL ? g_time_zone_new_identifier (site->time_zone) : NULL;

  return tz != NULL ? tz : g_time_zone_new_utc ();
}

/**
 * kv_family_view_new:
 * @store: the store
 * @record: a family
 * @contacts: (nullable) (element-type utf8 KvFamilyContact): the families'
 *   contacts (kv_family_table_list_contacts()); %NULL to read this one's
 * @sites: (nullable): a site cache (kv_family_view_new_site_cache())
 * @now_us: the time, for the contact's status
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the view, or %NULL if the store failed
 */
KvFamilyView *
kv_family_view_new (KvStore               *store,
                    const KvFamilyRecord  *record,
                    GHashTable            *contacts,
                    GHashTable            *sites,
                    gint64                 now_us,
                    GError               **error)
{
  g_autoptr(KvFamilyView) view = g_new0 (KvFamilyView, 1);
  g_autoptr(GHashTable) own_contacts = NULL;
  g_autoptr(GHashTable) own_sites = NULL;
  const KvFamilyContact *contact;
  const KvSiteRecord *community;

  if (contacts == NULL)
    {
      own_contacts = kv_family_table_list_contacts (kv_store_get_families (store), record->id,
                                                    now_us, error);
      if (own_contacts == NULL)
        return NULL;
      contacts = own_contacts;
    }
  if (sites == NULL)
    sites = own_sites = kv_family_view_new_site_cache ();

  view->record = kv_family_record_copy (record);
  community = lookup_site (store, sites, record->community_site);
  view->community_zone = zone_of (community);
  view->school_hours = community != NULL ? kv_site_record_to_school_hours (community) : NULL;
  view->zone = zone_of (lookup_site (store, sites, record->prison_kiosk_sites[0]));
  view->band = kv_family_record_get_age_band (record);
  if (community != NULL)
    view->rules = community->age_rules;
  else
    kv_age_rules_init_defaults (&view->rules);

  /* Written by the API after its checks; a day that no longer reads (a
   * database edited by hand) leaves the first week at 0: long over. */
  view->admission_start_us = kv_contact_plan_admission_start (record->admitted_on, view->zone,
                                                              NULL);
  view->first_week_end_us = kv_contact_plan_first_week_end (record->admitted_on, view->zone,
                                                            NULL);

  contact = g_hash_table_lookup (contacts, record->id);
  if (contact != NULL)
    {
      view->last_held_us = contact->last_held_us;
      view->next_booking_id = g_strdup (contact->next_booking_id);
      view->next_start_us = contact->next_start_us;
    }
  kv_contact_plan_status (view->first_week_end_us, view->last_held_us,
                          kv_family_view_get_rules (view), now_us, &view->status);
  return g_steal_pointer (&view);
}

void
kv_family_view_free (KvFamilyView *view)
{
  if (view == NULL)
    return;
  g_clear_pointer (&view->record, kv_family_record_free);
  g_clear_pointer (&view->school_hours, kv_school_hours_free);
  g_clear_pointer (&view->zone, g_time_zone_unref);
  g_clear_pointer (&view->community_zone, g_time_zone_unref);
  g_free (view->next_booking_id);
  g_free (view);
}

/* The rules of the family's youngest band, or %NULL if no child has one. */
const KvAgeBandRules *
kv_family_view_get_rules (const KvFamilyView *view)
{
  return kv_age_rules_get (&view->rules, view->band);
}

/**
 * kv_family_view_in_first_week:
 *
 * Whether the family is in its first week and has had no visit yet: then
 * it may take the slots templates hold back for first-week families.
 */
gboolean
kv_family_view_in_first_week (const KvFamilyView *view,
                              gint64              now_us)
{
  return view->record->archived_us == 0 && view->last_held_us == 0 &&
         now_us < view->first_week_end_us;
}

/**
 * kv_family_view_is_covered:
 *
 * Whether @caller works at one of the family's sites: its community site
 * or the site of one of its prison kiosks (staff of either side see and
 * change a family, as they do its bookings).
 */
gboolean
kv_family_view_is_covered (const KvFamilyRecord *record,
                           const KvAdminCaller  *caller)
{
  if (kv_admin_caller_covers_site (caller, record->community_site))
    return TRUE;
  for (guint i = 0; record->prison_kiosk_sites[i] != NULL; i++)
    if (*record->prison_kiosk_sites[i] != '\0' &&
        kv_admin_caller_covers_site (caller, record->prison_kiosk_sites[i]))
      return TRUE;
  return FALSE;
}

/**
 * kv_family_view_format_children:
 * @max_chars: the longest the text may be, in characters
 *
 * The children's labels as one booking label: "Lena & Marko"; when they
 * do not all fit, as many as do and how many more: "Lena & Marko +3".
 *
 * Returns: (transfer full): the label
 */
char *
kv_family_view_format_children (const KvFamilyRecord *record,
                                guint                 max_chars)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = record->children->len;

  for (guint i = 0; i < n; i++)
    {
      const KvFamilyChild *child = g_ptr_array_index (record->children, i);
      g_autofree char *rest = i + 1 < n ? g_strdup_printf (" +%u", n - i - 1) : g_strdup ("");
      glong length = g_utf8_strlen (text->str, -1) + (i > 0 ? 3 : 0) +
                     g_utf8_strlen (child->label, -1) + g_utf8_strlen (rest, -1);

      if (i > 0 && length > (glong) max_chars)
        {
          g_autofree char *more = g_strdup_printf (" +%u", n - i);

          if (g_utf8_strlen (text->str, -1) + g_utf8_strlen (more, -1) <= (glong) max_chars)
            g_string_append (text, more);
          break;
        }
      g_string_append_printf (text, "%s%s", i > 0 ? " & " : "", child->label);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
