/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-places.h"

#include "kv-local-time.h"

/* Staff never type UTC: a time without a zone in a request is the wall
 * clock of the prison kiosk's site, and answers carry that local time with
 * its zone's abbreviation beside the UTC one. A kiosk on no site (made
 * before sites existed) keeps the old rule: times need their zone. */

void
kv_admin_place_free (KvAdminPlace *place)
{
  if (place == NULL)
    return;
  g_clear_pointer (&place->kiosk, kv_kiosk_record_free);
  g_clear_pointer (&place->site, kv_site_record_free);
  g_clear_pointer (&place->calendar, kv_site_calendar_free);
  g_clear_pointer (&place->zone, g_time_zone_unref);
  g_free (place);
}

/**
 * kv_admin_place_lookup:
 * @store: the store
 * @kiosk_id: a kiosk
 * @error: return location for a #GError (%KV_STORE_ERROR_NOT_FOUND if there
 *   is no such kiosk)
 *
 * Returns: (transfer full) (nullable): the kiosk and its site
 */
KvAdminPlace *
kv_admin_place_lookup (KvStore     *store,
                       const char  *kiosk_id,
                       GError     **error)
{
  g_autoptr(KvAdminPlace) place = g_new0 (KvAdminPlace, 1);

  place->kiosk = kv_store_lookup_kiosk (store, kiosk_id, error);
  if (place->kiosk == NULL)
    return NULL;
  if (place->kiosk->site_id != NULL)
    {
      place->site = kv_store_lookup_site (store, place->kiosk->site_id, error);
      if (place->site == NULL)
        return NULL;
      place->calendar = kv_site_record_to_calendar (place->site);
    }
  /* A zone that vanished from the system's zone data reads as UTC rather
   * than failing every request of the site. */
  if (place->calendar != NULL)
    place->zone = g_time_zone_ref (kv_site_calendar_get_zone (place->calendar));
  else
    {
      if (place->site != NULL)
        g_warning ("Site %s has time zone %s, which this system does not know; using UTC",
                   place->site->id, place->site->time_zone);
      place->zone = g_time_zone_new_utc ();
    }
  return g_steal_pointer (&place);
}

/**
 * kv_admin_place_require:
 * @request: the request
 * @field: the request's field that names the kiosk ("prison")
 * @kiosk_id: (nullable): the kiosk it names
 * @role: the side it must be on
 *
 * The kiosk must be given, exist, be on @role's side, not be revoked and
 * stand at a site the caller covers. Otherwise the request is answered
 * (400 naming @field, or 403).
 *
 * Returns: (transfer full) (nullable): the kiosk and its site
 */
KvAdminPlace *
kv_admin_place_require (const KvAdminRequest *request,
                        const char           *field,
                        const char           *kiosk_id,
                        KvRole                role)
{
  SoupServerMessage *message = request->message;
  g_autoptr(KvAdminPlace) place = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (kiosk_id == NULL)
    {
      text = g_strdup_printf ("Field '%s' (a kiosk id) is required", field);
      kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST, "missing-field", field,
                                         text);
      return NULL;
    }
  place = kv_admin_place_lookup (request->store, kiosk_id, &error);
  if (place == NULL)
    {
      if (!g_error_matches (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND))
        {
          kv_admin_http_respond_gerror (message, error);
          return NULL;
        }
      text = g_strdup_printf ("There is no kiosk %s", kiosk_id);
      kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST, "unknown-kiosk", field,
                                         text);
      return NULL;
    }
  if (place->kiosk->role != role)
    {
      text = g_strdup_printf ("Kiosk %s is a %s kiosk, not a %s kiosk", kiosk_id,
                              kv_role_to_string (place->kiosk->role), kv_role_to_string (role));
      kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST, "wrong-role", field,
                                         text);
      return NULL;
    }
  if (place->kiosk->revoked_us != 0)
    {
      text = g_strdup_printf ("Kiosk %s is revoked", kiosk_id);
      kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST, "revoked-kiosk", field,
                                         text);
      return NULL;
    }
  if (!kv_admin_http_require_site (request, place->kiosk->site_id))
    return NULL;
  return g_steal_pointer (&place);
}

/* Whether the caller covers the site of either kiosk of a booking (staff
 * of either side may see and change their visits); if not, the request is
 * refused (403, audited). */
gboolean
kv_admin_place_covers_either (const KvAdminRequest *request,
                              KvAdminPlace         *prison,
                              KvAdminPlace         *community)
{
  if (community != NULL &&
      kv_admin_caller_covers_site (request->caller, community->kiosk->site_id))
    return TRUE;
  return kv_admin_http_require_site (request, prison->kiosk->site_id);
}

/**
 * kv_admin_place_get_time:
 * @request: the request
 * @place: the prison kiosk's place, whose zone a time without one is in
 * @field: the field @text comes from ("start")
 * @text: (nullable): what staff typed: "2026-12-08 15:30", or with "Z" or
 *   an offset
 * @out_us: (out): the instant
 *
 * Reads a time in the site's zone. A time the clocks skip or repeat that
 * night is refused with what to write instead (400 `nonexistent-time` or
 * `ambiguous-time`, naming @field).
 *
 * Returns: whether @text is one instant
 */
gboolean
kv_admin_place_get_time (const KvAdminRequest *request,
                         KvAdminPlace         *place,
                         const char           *field,
                         const char           *text,
                         gint64               *out_us)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  gboolean missing_zone = FALSE;

  if (text == NULL)
    {
      reply = g_strdup_printf ("Field '%s' (a time like \"2026-12-08 15:30\") is required", field);
      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                         "missing-field", field, reply);
      return FALSE;
    }
  /* Full RFC 3339 with its zone, as scripts send it. */
  if (kv_admin_http_parse_time (text, out_us, &missing_zone))
    return TRUE;
  if (place->site == NULL)
    {
      if (kv_local_time_has_zone (text) && kv_local_time_parse (text, place->zone, out_us, NULL))
        return TRUE;
      if (missing_zone || kv_local_time_parse (text, place->zone, out_us, NULL))
        /* Echoed only when it parsed as a time: short and valid UTF-8. */
        reply = g_strdup_printf ("Field '%s' \"%s\" has no time zone: add Z for UTC or an offset "
                                 "like +01:00", field, text);
      else
        reply = g_strdup_printf ("Field '%s' must be a time with its zone, like "
                                 "\"2026-12-01T10:00:00Z\" or \"2026-12-01T11:00:00+01:00\"",
                                 field);
      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST, "bad-time",
                                         field, reply);
      return FALSE;
    }
  if (kv_local_time_parse (text, place->zone, out_us, &error))
    return TRUE;
  if (g_error_matches (error, KV_LOCAL_TIME_ERROR, KV_LOCAL_TIME_ERROR_INVALID))
    {
      reply = g_strdup_printf ("Field '%s' %s", field, error->message);
      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST, "bad-time",
                                         field, reply);
    }
  else
    kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                       error->code == KV_LOCAL_TIME_ERROR_NONEXISTENT
                                         ? "nonexistent-time" : "ambiguous-time",
                                       field, error->message);
  return FALSE;
}

/**
 * kv_admin_place_check_open:
 * @request: the request
 * @prison: the prison kiosk's place
 * @community: the community kiosk's place
 * @start_us: a visit's start
 * @end_us: its end
 *
 * Both sites must hold visits then: no closed day, inside the opening
 * hours (each in its own zone). Otherwise 400 `closed-day` or
 * `outside-hours` naming the field "start".
 *
 * Returns: whether both are open
 */
gboolean
kv_admin_place_check_open (const KvAdminRequest *request,
                           KvAdminPlace         *prison,
                           KvAdminPlace         *community,
                           gint64                start_us,
                           gint64                end_us)
{
  KvAdminPlace *places[] = { prison, community };

  for (gsize i = 0; i < G_N_ELEMENTS (places); i++)
    {
      g_autoptr(GError) error = NULL;

      if (places[i]->calendar == NULL ||
          kv_site_calendar_check (places[i]->calendar, start_us, end_us, &error))
        continue;
      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                         error->code == KV_SLOT_ERROR_CLOSED_DAY
                                           ? "closed-day" : "outside-hours",
                                         "start", error->message);
      return FALSE;
    }
  return TRUE;
}

/* "start_local", "end_local" ("2026-12-08 15:30 CET") and "time_zone". */
void
kv_admin_place_add_local (JsonBuilder  *builder,
                          KvAdminPlace *place,
                          gint64        start_us,
                          gint64        end_us)
{
  g_autofree char *start = kv_local_time_format (start_us, place->zone);
  g_autofree char *end = kv_local_time_format (end_us, place->zone);

  kv_admin_http_add_string (builder, "start_local", start);
  kv_admin_http_add_string (builder, "end_local", end);
  kv_admin_http_add_string (builder, "time_zone",
                            place->site != NULL ? place->site->time_zone : "UTC");
}

/* RFC 3339 with the zone's offset: "2026-12-08T15:30:00+01:00". */
void
kv_admin_place_add_rfc3339 (JsonBuilder *builder,
                            const char  *name,
                            gint64       time_us,
                            GTimeZone   *zone)
{
  g_autofree char *text = kv_local_time_format_rfc3339 (time_us, zone);

  kv_admin_http_add_string (builder, name, text);
}
