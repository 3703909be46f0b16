/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-sites.h"

#include "kv-admin-site-json.h"
#include "kv-admin-site-rules.h"
#include "kv-booking-rules.h"
#include "kv-local-time.h"

#include <string.h>

/**
 * KvAdminSites:
 *
 * The admin API's sites: their IANA time zone (in which their staff read
 * and type every time), opening hours and closed days. A caller sees and
 * changes only the sites it covers; only the admin token adds sites. The
 * rules a site keeps for children (age rules, school hours) are
 * kv-admin-site-rules.c's; how a site is written, kv-admin-site-json.c's.
 */

/* Longest site name, in characters. */
#define MAX_NAME_CHARS 80
/* Longest closed-day reason, in characters. */
#define MAX_REASON_CHARS 200

struct _KvAdminSites
{
  GObject              parent_instance;

  KvStore             *store;
  KvSignallingHandler *handler;
};

G_DEFINE_FINAL_TYPE (KvAdminSites, kv_admin_sites, G_TYPE_OBJECT)

/* The zone must be one this machine knows: GLib gives NULL for any other
 * name, so a typo never becomes a site silently on UTC. UTC itself is
 * allowed, for a site that really keeps it. */
static gboolean
check_zone (const KvAdminRequest *request,
            const char           *zone)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autofree char *text = NULL;

  if (zone != NULL && strlen (zone) < 64 && g_utf8_validate (zone, -1, NULL))
    tz = g_time_zone_new_identifier (zone);
  if (tz != NULL)
    return TRUE;
  text = zone != NULL && strlen (zone) < 64 && g_utf8_validate (zone, -1, NULL)
           ? g_strdup_printf ("Field 'time_zone' \"%s\" is not a time zone this server knows: "
                              "use an IANA name like Europe/Zagreb", zone)
           : g_strdup ("Field 'time_zone' must be an IANA time zone like Europe/Zagreb");
  kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST, "bad-time-zone",
                                     "time_zone", text);
  return FALSE;
}

static gboolean
check_text (const KvAdminRequest *request,
            const char           *field,
            const char           *text,
            guint                 max_chars,
            gboolean              required)
{
  g_autofree char *reply = NULL;

  if (text == NULL ? !required
                   : (g_utf8_validate (text, -1, NULL) && *text != '\0' &&
                      g_utf8_strlen (text, -1) <= max_chars))
    return TRUE;
  reply = g_strdup_printf ("Field '%s' must be text of 1 to %u characters", field, max_chars);
  kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST, "bad-text", field,
                                     reply);
  return FALSE;
}

/* GET /api/v1/sites: the caller's sites only. */
static void
sites_list (const KvAdminRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sites = kv_store_list_sites (request->store, &error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (sites == NULL)
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sites");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sites->len; i++)
    {
      KvSiteRecord *site = g_ptr_array_index (sites, i);

      if (kv_admin_caller_covers_site (request->caller, site->id))
        kv_admin_site_json_add (builder, site);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  kv_admin_http_respond_json (request->message, SOUP_STATUS_OK, builder);
}

/* POST /api/v1/sites {"id", "name", "time_zone"} */
static void
sites_create (const KvAdminRequest *request)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *id, *name, *zone;
  JsonObject *body;

  body = kv_admin_http_read_body (request->message, parser);
  if (body == NULL ||
      !kv_admin_http_get_string (request->message, body, "id", &id) ||
      !kv_admin_http_get_string (request->message, body, "name", &name) ||
      !kv_admin_http_get_string (request->message, body, "time_zone", &zone))
    return;
  if (id == NULL || !kv_booking_rules_check_id (id, &error))
    {
      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST, "bad-id", "id",
                                         error != NULL ? error->message : "Field 'id' is required");
      return;
    }
  /* A new site is nobody's yet: only callers who cover every site may
   * add one. */
  if (!kv_admin_http_require_site (request, id) ||
      !check_text (request, "name", name, MAX_NAME_CHARS, TRUE) || !check_zone (request, zone))
    return;
  if (!kv_store_add_site (request->store, id, name, zone, request->now_us,
                          request->caller->actor, &error))
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  kv_admin_site_json_respond (request, id, SOUP_STATUS_CREATED);
}

/* PATCH /api/v1/sites/ID {"name"?, "time_zone"?} */
static void
sites_update (KvAdminSites         *self,
              const KvAdminRequest *request)
{
  const char *id = request->parts[1];
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *name, *zone;
  JsonObject *body;

  body = kv_admin_http_read_body (request->message, parser);
  if (body == NULL ||
      !kv_admin_http_get_string (request->message, body, "name", &name) ||
      !kv_admin_http_get_string (request->message, body, "time_zone", &zone) ||
      !kv_admin_site_json_require_known (request, id) ||
      !check_text (request, "name", name, MAX_NAME_CHARS, FALSE) ||
      (zone != NULL && !check_zone (request, zone)))
    return;
  if (!kv_store_update_site (request->store, id, name, zone, request->now_us,
                             request->caller->actor, &error))
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  /* The kiosks' staff panels show times in the zone their roster names. */
  if (zone != NULL)
    g_ptr_array_extend_and_steal (request->out_envelopes,
                                  kv_signalling_handler_rosters_changed (self->handler));
  kv_admin_site_json_respond (request, id, SOUP_STATUS_OK);
}

/* PUT /api/v1/sites/ID/hours {"hours": [...]}: the whole week at once. */
static void
sites_set_hours (const KvAdminRequest *request)
{
  const char *id = request->parts[1];
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) hours = NULL;
  JsonObject *body;

  body = kv_admin_http_read_body (request->message, parser);
  if (body == NULL || !kv_admin_site_json_require_known (request, id))
    return;
  hours = kv_admin_site_json_read_week (request, body, "hours");
  if (hours == NULL)
    return;
  if (!kv_store_set_site_hours (request->store, id, hours, request->now_us,
                                request->caller->actor, &error))
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  kv_admin_site_json_respond (request, id, SOUP_STATUS_OK);
}

/* POST /api/v1/sites/ID/closed-days {"day", "reason"?} */
static void
sites_add_closed_day (const KvAdminRequest *request)
{
  const char *id = request->parts[1];
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *day, *reason;
  JsonObject *body;
  GDate date;

  body = kv_admin_http_read_body (request->message, parser);
  if (body == NULL ||
      !kv_admin_http_get_string (request->message, body, "day", &day) ||
      !kv_admin_http_get_string (request->message, body, "reason", &reason) ||
      !kv_admin_site_json_require_known (request, id))
    return;
  if (!kv_local_time_parse_day (day, &date, NULL))
    {
      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST, "bad-day",
                                         "day", "Field 'day' must be a date like 2026-12-25");
      return;
    }
  if (!check_text (request, "reason", reason, MAX_REASON_CHARS, FALSE))
    return;
  if (!kv_store_add_closed_day (request->store, id, day, reason, request->now_us,
                                request->caller->actor, &error))
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  kv_admin_site_json_respond (request, id, SOUP_STATUS_CREATED);
}

/* DELETE /api/v1/sites/ID/closed-days/DAY */
static void
sites_remove_closed_day (const KvAdminRequest *request)
{
  const char *id = request->parts[1];
  g_autoptr(GError) error = NULL;

  if (!kv_admin_site_json_require_known (request, id))
    return;
  if (!kv_store_remove_closed_day (request->store, id, request->parts[3], request->now_us,
                                   request->caller->actor, &error))
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  kv_admin_site_json_respond (request, id, SOUP_STATUS_OK);
}

static void
kv_admin_sites_dispose (GObject *object)
{
  KvAdminSites *self = KV_ADMIN_SITES (object);

  g_clear_object (&self->store);
  g_clear_object (&self->handler);

  G_OBJECT_CLASS (kv_admin_sites_parent_class)->dispose (object);
}

static void
kv_admin_sites_class_init (KvAdminSitesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kv_admin_sites_dispose;
}

static void
kv_admin_sites_init (KvAdminSites *self)
{
}

KvAdminSites *
kv_admin_sites_new (KvStore             *store,
                    KvSignallingHandler *handler)
{
  KvAdminSites *self = g_object_new (KV_TYPE_ADMIN_SITES, NULL);

  self->store = g_object_ref (store);
  self->handler = g_object_ref (handler);
  return self;
}

/**
 * kv_admin_sites_route:
 * @self: a #KvAdminSites
 * @request: a request on /api/v1/sites
 *
 * Returns: %FALSE if no endpoint of sites answers @request (nothing was
 *   sent then)
 */
gboolean
kv_admin_sites_route (KvAdminSites         *self,
                      const KvAdminRequest *request)
{
  if (kv_admin_http_is_route (request, "GET", 1, NULL))
    sites_list (request);
  else if (kv_admin_http_is_route (request, "POST", 1, NULL))
    sites_create (request);
  else if (kv_admin_http_is_route (request, "GET", 2, NULL))
    {
      if (kv_admin_site_json_require_known (request, request->parts[1]))
        kv_admin_site_json_respond (request, request->parts[1], SOUP_STATUS_OK);
    }
  else if (kv_admin_http_is_route (request, "PATCH", 2, NULL))
    sites_update (self, request);
  else if (kv_admin_http_is_route (request, "PUT", 3, "hours"))
    sites_set_hours (request);
  else if (kv_admin_http_is_route (request, "POST", 3, "closed-days"))
    sites_add_closed_day (request);
  else if (g_str_equal (request->method, "DELETE") && request->n_parts == 4 &&
           g_str_equal (request->parts[2], "closed-days"))
    sites_remove_closed_day (request);
  else
    return kv_admin_site_rules_route (request);
  return TRUE;
}
