/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Where a kiosk stands, for the admin API: its record, its site and that
 * site's calendar and zone; times in requests read in that zone, and times
 * in answers written in it. Calls nothing of the admin API back. */

#include "kv-admin-http.h"
#include "kv-slot-calendar.h"
#include "kv-store.h"

G_BEGIN_DECLS

/**
 * KvAdminPlace:
 * @kiosk: the kiosk
 * @site: (nullable): its site; %NULL for a kiosk on no site
 * @calendar: (nullable): the site's calendar
 * @zone: the site's zone, or UTC for a kiosk on no site
 *
 * A kiosk and where it stands.
 */
typedef struct
{
  KvKioskRecord  *kiosk;
  KvSiteRecord   *site;
  KvSiteCalendar *calendar;
  GTimeZone      *zone;
} KvAdminPlace;

void          kv_admin_place_free           (KvAdminPlace         *place);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvAdminPlace, kv_admin_place_free)

KvAdminPlace *kv_admin_place_lookup         (KvStore              *store,
                                             const char           *kiosk_id,
                                             GError              **error);
KvAdminPlace *kv_admin_place_require        (const KvAdminRequest *request,
                                             const char           *field,
                                             const char           *kiosk_id,
                                             KvRole                role);
gboolean      kv_admin_place_covers_either  (const KvAdminRequest *request,
                                             KvAdminPlace         *prison,
                                             KvAdminPlace         *community);
gboolean      kv_admin_place_get_time       (const KvAdminRequest *request,
                                             KvAdminPlace         *place,
                                             const char           *field,
                                             const char           *text,
                                             gint64               *out_us);
gboolean      kv_admin_place_check_open     (const KvAdminRequest *request,
                                             KvAdminPlace         *prison,
                                             KvAdminPlace         *community,
                                             gint64                start_us,
                                             gint64                end_us);
void          kv_admin_place_add_local      (JsonBuilder          *builder,
                                             KvAdminPlace         *place,
                                             gint64                start_us,
                                             gint64                end_us);
void          kv_admin_place_add_rfc3339    (JsonBuilder          *builder,
                                             const char           *name,
                                             gint64                time_us,
                                             GTimeZone            *zone);

G_END_DECLS
