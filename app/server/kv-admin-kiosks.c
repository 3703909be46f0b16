/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-kiosks.h"

#include "kv-booking-rules.h"
#include "kv-local-time.h"

/**
 * KvAdminKiosks:
 *
 * The admin API's kiosks: adding one (the only time its device token
 * leaves the server), listing them with whether each is signed in, when
 * it was last seen and what software it runs, and revoking one.
 */

struct _KvAdminKiosks
{
  GObject              parent_instance;

  KvStore             *store;
  KvSignallingHandler *handler;
  KvClock             *clock;
};

G_DEFINE_FINAL_TYPE (KvAdminKiosks, kv_admin_kiosks, G_TYPE_OBJECT)

/* The zone of site @site_id, for the local times of its kiosks: UTC for
 * no site, or a site (or zone) this server cannot find, rather than
 * failing the whole list. */
static GTimeZone *
new_site_zone (KvAdminKiosks *self,
               const char    *site_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvSiteRecord) site = NULL;
  GTimeZone *zone = NULL;

  if (site_id != NULL)
    {
      site = kv_store_lookup_site (self->store, site_id, &error);
      if (site == NULL)
        g_warning ("Site %s of a kiosk cannot be read: %s", site_id, error->message);
      else
        zone = g_time_zone_new_identifier (site->time_zone);
    }
  return zone != NULL ? zone : g_time_zone_new_utc ();
}

/* "last_seen" in UTC and "last_seen_local" in @zone with its abbreviation
 * ("2026-12-08 15:30 CET"), both null if the kiosk never signed in. */
static void
add_last_seen (JsonBuilder   *builder,
               KvKioskRecord *kiosk,
               GTimeZone     *zone)
{
  g_autofree char *local = NULL;

  if (kiosk->last_seen_us != 0)
    local = kv_local_time_format (kiosk->last_seen_us, zone);
  kv_admin_http_add_time (builder, "last_seen", kiosk->last_seen_us);
  kv_admin_http_add_string (builder, "last_seen_local", local);
}

static void
add_kiosk (KvAdminKiosks *self,
           JsonBuilder   *builder,
           KvKioskRecord *kiosk,
           GTimeZone     *zone)
{
  json_builder_begin_object (builder);
  kv_admin_http_add_string (builder, "id", kiosk->id);
  kv_admin_http_add_string (builder, "role", kv_role_to_string (kiosk->role));
  kv_admin_http_add_string (builder, "label", kiosk->label);
  kv_admin_http_add_time (builder, "created", kiosk->created_us);
  kv_admin_http_add_time (builder, "revoked", kiosk->revoked_us);
  kv_admin_http_add_string (builder, "site", kiosk->site_id);
  add_last_seen (builder, kiosk, zone);
  kv_admin_http_add_string (builder, "software", kiosk->software);
  json_builder_set_member_name (builder, "signed_in");
  json_builder_add_boolean_value (builder,
                                  kv_signalling_handler_is_signed_in (self->handler, kiosk->id));
  json_builder_end_object (builder);
}

/* A "site" member: %NULL (none), or a site that exists and the caller
 * covers. */
static gboolean
check_site (const KvAdminRequest *request,
            const char           *site_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvSiteRecord) site = NULL;
  g_autofree char *text = NULL;

  if (site_id == NULL)
    return TRUE;
  site = kv_store_lookup_site (request->store, site_id, &error);
  if (site == NULL)
    {
      if (!g_error_matches (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND))
        {
          kv_admin_http_respond_gerror (request->message, error);
          return FALSE;
        }
      text = g_strdup_printf ("There is no site %s", site_id);
      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                         "unknown-site", "site", text);
      return FALSE;
    }
  return kv_admin_http_require_site (request, site_id);
}

/* POST /api/v1/kiosks {"id", "role", "label", "site"?}: the answer holds
 * the new device token. */
static void
kiosks_create (KvAdminKiosks        *self,
               const KvAdminRequest *request)
{
  SoupServerMessage *message = request->message;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(KvKioskRecord) kiosk = NULL;
  g_autofree char *token = NULL;
  const char *id, *role_name, *label, *site;
  JsonObject *body;
  KvRole role;

  body = kv_admin_http_read_body (message, parser);
  if (body == NULL ||
      !kv_admin_http_get_string (message, body, "id", &id) ||
      !kv_admin_http_get_string (message, body, "role", &role_name) ||
      !kv_admin_http_get_string (message, body, "label", &label) ||
      !kv_admin_http_get_string (message, body, "site", &site))
    return;
  if (id == NULL || !kv_booking_rules_check_id (id, &error))
    {
      kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST, "bad-id", "id",
                                         error != NULL ? error->message
                                                       : "Field 'id' is required");
      return;
    }
  if (role_name == NULL || !kv_role_from_string (role_name, &role))
    {
      kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST, "bad-role", "role",
                                         "Field 'role' must be \"community\" or \"prison\"");
      return;
    }
  if (label != NULL && *label != '\0' && !kv_booking_rules_check_label (label, &error))
    {
      kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST, "bad-label", "label",
                                         error->message);
      return;
    }
  /* A kiosk on no site is for the admin token only (require_site). */
  if (site == NULL ? !kv_admin_http_require_site (request, NULL) : !check_site (request, site))
    return;
  if (!kv_store_add_kiosk_at_site (self->store, id, role, label, site,
                                   kv_clock_get_now (self->clock), request->caller->actor, &token,
                                   &error))
    {
      kv_admin_http_respond_gerror (message, error);
      return;
    }
  kiosk = kv_store_lookup_kiosk (self->store, id, &error);
  if (kiosk == NULL)
    {
      kv_admin_http_respond_gerror (message, error);
      return;
    }

  json_builder_begin_object (builder);
  kv_admin_http_add_string (builder, "id", kiosk->id);
  kv_admin_http_add_string (builder, "role", kv_role_to_string (kiosk->role));
  kv_admin_http_add_string (builder, "label", kiosk->label);
  kv_admin_http_add_time (builder, "created", kiosk->created_us);
  kv_admin_http_add_string (builder, "site", kiosk->site_id);
  /* The only time the token leaves the server: the store keeps its hash. */
  kv_admin_http_add_string (builder, "token", token);
  json_builder_end_object (builder);
  kv_admin_http_respond_json (message, SOUP_STATUS_CREATED, builder);
}

/* GET /api/v1/kiosks: those at the caller's sites. */
static void
kiosks_list (KvAdminKiosks        *self,
             const KvAdminRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) kiosks = kv_store_list_kiosks (self->store, &error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  /* site id ("" for none) -> GTimeZone: each site read once per list. */
  g_autoptr(GHashTable) zones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_time_zone_unref);

  if (kiosks == NULL)
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kiosks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < kiosks->len; i++)
    {
      KvKioskRecord *kiosk = g_ptr_array_index (kiosks, i);

      const char *site_key = kiosk->site_id != NULL ? kiosk->site_id : "";
      GTimeZone *zone;

      if (!kv_admin_caller_covers_site (request->caller, kiosk->site_id))
        continue;
      zone = g_hash_table_lookup (zones, site_key);
      if (zone == NULL)
        {
          zone = new_site_zone (self, kiosk->site_id);
          g_hash_table_insert (zones, g_strdup (site_key), zone);
        }
      add_kiosk (self, builder, kiosk, zone);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  kv_admin_http_respond_json (request->message, SOUP_STATUS_OK, builder);
}

/* PATCH /api/v1/kiosks/ID {"site": "..." or null}: the caller must cover
 * both the kiosk's site and the new one. */
static void
kiosks_update (KvAdminKiosks        *self,
               const KvAdminRequest *request)
{
  const char *id = request->parts[1];
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KvKioskRecord) kiosk = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GTimeZone) zone = NULL;
  const char *site;
  JsonObject *body;

  body = kv_admin_http_read_body (request->message, parser);
  if (body == NULL || !kv_admin_http_get_string (request->message, body, "site", &site))
    return;
  if (!json_object_has_member (body, "site"))
    {
      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                         "missing-field", "site",
                                         "Field 'site' (a site id, or null for none) is required");
      return;
    }
  kiosk = kv_store_lookup_kiosk (self->store, id, &error);
  if (kiosk == NULL)
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  if (!kv_admin_http_require_site (request, kiosk->site_id) ||
      (site == NULL ? !kv_admin_http_require_site (request, NULL) : !check_site (request, site)))
    return;
  g_clear_pointer (&kiosk, kv_kiosk_record_free);
  if (!kv_store_set_kiosk_site (self->store, id, site, kv_clock_get_now (self->clock),
                                request->caller->actor, &error) ||
      (kiosk = kv_store_lookup_kiosk (self->store, id, &error)) == NULL)
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  /* Its staff roster is its new site's staff, in that site's zone. */
  g_ptr_array_extend_and_steal (request->out_envelopes,
                                kv_signalling_handler_rosters_changed (self->handler));
  zone = new_site_zone (self, kiosk->site_id);
  add_kiosk (self, builder, kiosk, zone);
  kv_admin_http_respond_json (request->message, SOUP_STATUS_OK, builder);
}

/* POST /api/v1/kiosks/ID/revoke: the kiosk is told, and signed out. */
static void
kiosks_revoke (KvAdminKiosks        *self,
               const KvAdminRequest *request)
{
  SoupServerMessage *message = request->message;
  const char *id = request->parts[1];
  const char *actor = request->caller->actor;
  GPtrArray *out_envelopes = request->out_envelopes;
  g_autoptr(GError) error = NULL;
  g_autoptr(KvKioskRecord) kiosk = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GTimeZone) zone = NULL;

  kiosk = kv_store_lookup_kiosk (self->store, id, &error);
  if (kiosk == NULL)
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  if (!kv_admin_http_require_site (request, kiosk->site_id))
    return;
  g_clear_pointer (&kiosk, kv_kiosk_record_free);
  if (!kv_store_revoke_kiosk (self->store, id, kv_clock_get_now (self->clock), actor, &error))
    {
      kv_admin_http_respond_gerror (message, error);
      return;
    }
  g_ptr_array_extend_and_steal (out_envelopes,
                                kv_signalling_handler_kiosk_revoked (self->handler, id, actor));
  kiosk = kv_store_lookup_kiosk (self->store, id, &error);
  if (kiosk == NULL)
    {
      kv_admin_http_respond_gerror (message, error);
      return;
    }
  zone = new_site_zone (self, kiosk->site_id);
  add_kiosk (self, builder, kiosk, zone);
  kv_admin_http_respond_json (message, SOUP_STATUS_OK, builder);
}

static void
kv_admin_kiosks_dispose (GObject *object)
{
  KvAdminKiosks *self = KV_ADMIN_KIOSKS (object);

  g_clear_object (&self->store);
  g_clear_object (&self->handler);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (kv_admin_kiosks_parent_class)->dispose (object);
}

static void
kv_admin_kiosks_class_init (KvAdminKiosksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kv_admin_kiosks_dispose;
}

static void
kv_admin_kiosks_init (KvAdminKiosks *self)
{
}

KvAdminKiosks *
kv_admin_kiosks_new (KvStore             *store,
                     KvSignallingHandler *handler,
                     KvClock             *clock)
{
  KvAdminKiosks *self = g_object_new (KV_TYPE_ADMIN_KIOSKS, NULL);

  self->store = g_object_ref (store);
  self->handler = g_object_ref (handler);
  self->clock = g_object_ref (clock);
  return self;
}

/**
 * kv_admin_kiosks_route:
 * @self: a #KvAdminKiosks
 * @request: a request on /api/v1/kiosks
 *
 * Returns: %FALSE if no endpoint of kiosks answers @request (nothing was
 *   sent then)
 */
gboolean
kv_admin_kiosks_route (KvAdminKiosks        *self,
                       const KvAdminRequest *request)
{
  /* Every answer shows when kiosks were last seen, which waits in memory
   * for a batched write: store it first. */
  kv_signalling_handler_flush_sightings (self->handler);
  if (kv_admin_http_is_route (request, "POST", 1, NULL))
    kiosks_create (self, request);
  else if (kv_admin_http_is_route (request, "GET", 1, NULL))
    kiosks_list (self, request);
  else if (kv_admin_http_is_route (request, "PATCH", 2, NULL))
    kiosks_update (self, request);
  else if (kv_admin_http_is_route (request, "POST", 3, "revoke"))
    kiosks_revoke (self, request);
  else
    return FALSE;
  return TRUE;
}
