/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A family as the admin API reasons about it: its youngest band and that
 * band's rules at its community site, its first week in the zone of its
 * prison kiosks' site, and where its contact stands. Calls nothing of the
 * admin API back. */

#include "kv-admin-caller.h"
#include "kv-contact-plan.h"
#include "kv-store.h"

G_BEGIN_DECLS

/**
 * KvFamilyView:
 * @record: the family
 * @zone: the zone of its (first) prison kiosk's site, where its admission
 *   day is; UTC for a kiosk on no site
 * @community_zone: the community site's zone (UTC if unknown)
 * @school_hours: (nullable): the community site's school hours
 * @band: its youngest child's band
 * @rules: the community site's age rules (the defaults if it has none)
 * @admission_start_us: the start of its admission day
 * @first_week_end_us: the end of its first week
 * @last_held_us: the start of its last held visit, 0 for none
 * @next_booking_id: (nullable): its next visit that has not ended
 * @next_start_us: that visit's start
 * @status: where its contact stands now
 *
 * What the admin API shows and decides of a family.
 */
typedef struct
{
  KvFamilyRecord  *record;
  GTimeZone       *zone;
  GTimeZone       *community_zone;
  KvSchoolHours   *school_hours;
  KvAgeBand        band;
  KvAgeRules       rules;
  gint64           admission_start_us;
  gint64           first_week_end_us;
  gint64           last_held_us;
  char            *next_booking_id;
  gint64           next_start_us;
  KvContactStatus  status;
} KvFamilyView;

KvFamilyView         *kv_family_view_new           (KvStore              *store,
                                                    const KvFamilyRecord *record,
                                                    GHashTable           *contacts,
                                                    GHashTable           *sites,
                                                    gint64                now_us,
                                                    GError              **error);
void                  kv_family_view_free          (KvFamilyView         *view);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvFamilyView, kv_family_view_free)

GHashTable           *kv_family_view_new_site_cache (void);
const KvAgeBandRules *kv_family_view_get_rules     (const KvFamilyView   *view);
gboolean              kv_family_view_in_first_week (const KvFamilyView   *view,
                                                    gint64                now_us);
gboolean              kv_family_view_is_covered    (const KvFamilyRecord *record,
                                                    const KvAdminCaller  *caller);
char                 *kv_family_view_format_children (const KvFamilyRecord *record,
                                                      guint                max_chars);

G_END_DECLS
