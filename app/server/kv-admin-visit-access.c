/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-visit-access.h"

/* The permission table says which roles reach the sessions endpoints;
 * this says which visits: staff see the visits of their sites (either
 * kiosk), and run (confirm, end) only their own side's: officers at the
 * prison kiosks of their sites, coordinators at the community kiosks of
 * theirs. The admin token and an organisation-wide admin (no sites) cover
 * every site. */

static char *
site_of (KvStore    *store,
         const char *kiosk_id)
{
  g_autoptr(KvKioskRecord) kiosk = kv_store_lookup_kiosk (store, kiosk_id, NULL);

  return kiosk != NULL ? g_strdup (kiosk->site_id) : NULL;
}

/**
 * kv_admin_visit_access_covers:
 * @request: an authenticated request
 * @booking: a visit
 *
 * Returns: whether the caller works at the site of either kiosk of @booking
 */
gboolean
kv_admin_visit_access_covers (const KvAdminRequest *request,
                              const KvBooking      *booking)
{
  g_autofree char *prison_site = NULL;
  g_autofree char *community_site = NULL;

  if (request->caller->sites == NULL)
    return TRUE;
  prison_site = site_of (request->store, booking->prison_kiosk);
  community_site = site_of (request->store, booking->community_kiosk);
  return kv_admin_caller_covers_site (request->caller, prison_site) ||
         kv_admin_caller_covers_site (request->caller, community_site);
}

/* The booking, or NULL when there is none: the endpoint then answers 404
 * as it would for anyone. */
static KvBooking *
lookup_booking (const KvAdminRequest *request,
                const char           *booking_id)
{
  g_autoptr(KvBookingRecord) record = kv_store_lookup_booking (request->store, booking_id, NULL);

  return record != NULL ? kv_booking_copy (record->booking) : NULL;
}

/**
 * kv_admin_visit_access_require_see:
 * @request: an authenticated request
 * @booking_id: the visit it is about
 *
 * Whether the caller may see the visit (kv_admin_visit_access_covers());
 * if not, the request is refused (403, audited).
 */
gboolean
kv_admin_visit_access_require_see (const KvAdminRequest *request,
                                   const char           *booking_id)
{
  g_autoptr(KvBooking) booking = NULL;

  if (request->caller->sites == NULL)
    return TRUE;
  booking = lookup_booking (request, booking_id);
  if (booking == NULL || kv_admin_visit_access_covers (request, booking))
    return TRUE;
  kv_admin_http_forbid (request, "This visit is not at one of your sites");
  return FALSE;
}

/**
 * kv_admin_visit_access_require_run:
 * @request: an authenticated request
 * @booking_id: the visit it would change
 *
 * Whether the caller may run the visit: an officer covering its prison
 * kiosk's site or a coordinator covering its community kiosk's site; if
 * not, the request is refused (403, audited).
 */
gboolean
kv_admin_visit_access_require_run (const KvAdminRequest *request,
                                   const char           *booking_id)
{
  const KvAdminCaller *caller = request->caller;
  g_autoptr(KvBooking) booking = NULL;
  g_autofree char *prison_site = NULL;
  g_autofree char *community_site = NULL;

  if (caller->sites == NULL)
    return TRUE;
  booking = lookup_booking (request, booking_id);
  if (booking == NULL)
    return TRUE;
  prison_site = site_of (request->store, booking->prison_kiosk);
  community_site = site_of (request->store, booking->community_kiosk);
  if ((kv_admin_caller_has_role (caller, KV_STAFF_ROLE_OFFICER) &&
       kv_admin_caller_covers_site (caller, prison_site)) ||
      (kv_admin_caller_has_role (caller, KV_STAFF_ROLE_COORDINATOR) &&
       kv_admin_caller_covers_site (caller, community_site)))
    return TRUE;
  kv_admin_http_forbid (request, "Officers run the visits of their sites' prison kiosks, "
                                 "coordinators those of their community kiosks");
  return FALSE;
}
