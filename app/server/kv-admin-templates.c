/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-templates.h"

#include "kv-admin-places.h"
#include "kv-contact-plan.h"
#include "kv-local-time.h"

#include <string.h>

/**
 * KvAdminTemplates:
 *
 * The admin API's weekly slot templates ("Tuesdays at 15:30 for 30
 * minutes" for one pair of kiosks, in the prison site's local time) and
 * the slots they offer: GET /api/v1/slots lists them over some days with
 * whether each is free, so staff book a slot rather than type a time. A
 * template may hold back a share of its slots for families in their first
 * week, until 48 hours before each starts; a slot says whether it is held
 * now and whether it falls in the community site's school hours.
 */

/* Most days one slots request covers: two months. */
#define MAX_DAYS 62

struct _KvAdminTemplates
{
  GObject              parent_instance;

  KvStore             *store;
  KvSignallingHandler *handler;
  KvSiteRules          rules;
};

G_DEFINE_FINAL_TYPE (KvAdminTemplates, kv_admin_templates, G_TYPE_OBJECT)

static void
add_template (JsonBuilder          *builder,
              const KvSlotTemplate *template)
{
  json_builder_begin_object (builder);
  kv_admin_http_add_string (builder, "id", template->id);
  kv_admin_http_add_string (builder, "prison", template->prison_kiosk);
  kv_admin_http_add_string (builder, "community", template->community_kiosk);
  kv_admin_http_add_string (builder, "weekday", kv_local_time_weekday_name (template->weekday));
  kv_admin_http_add_string (builder, "start", template->start_local);
  kv_admin_http_add_int (builder, "minutes", template->minutes);
  kv_admin_http_add_int (builder, "every_weeks", template->every_weeks);
  kv_admin_http_add_string (builder, "valid_from", template->valid_from);
  kv_admin_http_add_string (builder, "valid_to",
                            *template->valid_to != '\0' ? template->valid_to : NULL);
  json_builder_set_member_name (builder, "active");
  json_builder_add_boolean_value (builder, template->active);
  kv_admin_http_add_int (builder, "first_week_share", template->first_week_share);
  kv_admin_http_add_time (builder, "created", template->created_us);
  json_builder_end_object (builder);
}

static void
respond_template (const KvAdminRequest *request,
                  const char           *id,
                  guint                 status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvSlotTemplate) template = kv_store_lookup_template (request->store, id, &error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (template == NULL)
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  add_template (builder, template);
  kv_admin_http_respond_json (request->message, status, builder);
}

static gboolean
refuse (const KvAdminRequest *request,
        const char           *code,
        const char           *field,
        const char           *text)
{
  kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST, code, field,
                                     text);
  return FALSE;
}

/* "first_week_share": a percent, 0 to 100, if given (@out_given). */
static gboolean
read_share (const KvAdminRequest *request,
            JsonObject           *body,
            guint                *out_share,
            gboolean             *out_given)
{
  JsonNode *node = json_object_get_member (body, "first_week_share");

  *out_given = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64 &&
      json_node_get_int (node) >= 0 && json_node_get_int (node) <= KV_HOLD_BACK_MAX_SHARE)
    {
      *out_share = (guint) json_node_get_int (node);
      *out_given = TRUE;
      return TRUE;
    }
  return refuse (request, "bad-share", "first_week_share",
                 "Field 'first_week_share' must be the percent of the template's slots held "
                 "back for families in their first week: a whole number from 0 to 100");
}

/* Both kiosks as the request names them, on sites the caller covers. */
static gboolean
require_pair (const KvAdminRequest  *request,
              const char            *prison,
              const char            *community,
              KvAdminPlace         **out_prison,
              KvAdminPlace         **out_community)
{
  g_autoptr(KvAdminPlace) prison_place = NULL;
  g_autoptr(KvAdminPlace) community_place = NULL;
  g_autofree char *text = NULL;

  prison_place = kv_admin_place_require (request, "prison", prison, KV_ROLE_PRISON);
  if (prison_place == NULL)
    return FALSE;
  community_place = kv_admin_place_require (request, "community", community, KV_ROLE_COMMUNITY);
  if (community_place == NULL)
    return FALSE;
  if (prison_place->calendar == NULL || community_place->calendar == NULL)
    {
      KvAdminPlace *lost = prison_place->calendar == NULL ? prison_place : community_place;

      text = g_strdup_printf ("Kiosk %s is on no site (or its site's time zone is unknown): "
                              "put it on a site first (PATCH /api/v1/kiosks/%s)",
                              lost->kiosk->id, lost->kiosk->id);
      return refuse (request, "no-site", lost == prison_place ? "prison" : "community", text);
    }
  *out_prison = g_steal_pointer (&prison_place);
  *out_community = g_steal_pointer (&community_place);
  return TRUE;
}

static char *
new_template_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strdup_printf ("t-%.8s", uuid);
}

/* POST /api/v1/templates {"prison", "community", "weekday", "start",
 * "minutes", "every_weeks"?, "valid_from"?, "valid_to"?, "first_week_share"?, "id"?} */
static void
templates_create (KvAdminTemplates     *self,
                  const KvAdminRequest *request)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KvAdminPlace) prison = NULL;
  g_autoptr(KvAdminPlace) community = NULL;
  g_autoptr(KvSlotTemplate) template = NULL;
  g_autofree char *id = NULL;
  g_autofree char *today = NULL;
  g_autofree char *text = NULL;
  const char *given_id, *prison_id, *community_id, *weekday_name, *start, *valid_from, *valid_to;
  gint64 minutes, every_weeks = 1;
  gboolean has_minutes, has_every, has_share;
  guint share = 0;
  guint weekday, start_minute;
  JsonObject *body;
  GDate from, to, now_day;

  body = kv_admin_http_read_body (request->message, parser);
  if (body == NULL ||
      !kv_admin_http_get_string (request->message, body, "id", &given_id) ||
      !kv_admin_http_get_string (request->message, body, "prison", &prison_id) ||
      !kv_admin_http_get_string (request->message, body, "community", &community_id) ||
      !kv_admin_http_get_string (request->message, body, "weekday", &weekday_name) ||
      !kv_admin_http_get_string (request->message, body, "start", &start) ||
      !kv_admin_http_get_string (request->message, body, "valid_from", &valid_from) ||
      !kv_admin_http_get_string (request->message, body, "valid_to", &valid_to) ||
      !kv_admin_http_get_int (request->message, body, "minutes", 1, 24 * 60, &minutes,
                              &has_minutes) ||
      !kv_admin_http_get_int (request->message, body, "every_weeks", 1,
                              KV_SLOT_TEMPLATE_MAX_EVERY_WEEKS, &every_weeks, &has_every) ||
      !read_share (request, body, &share, &has_share))
    return;
  if (!require_pair (request, prison_id, community_id, &prison, &community))
    return;

  if (!kv_local_time_parse_weekday (weekday_name, &weekday, NULL))
    {
      refuse (request, "bad-weekday", "weekday",
              "Field 'weekday' must be mon, tue, wed, thu, fri, sat or sun");
      return;
    }
  if (!kv_local_time_parse_clock (start, &start_minute, NULL) || start_minute >= 24 * 60)
    {
      refuse (request, "bad-time", "start",
              "Field 'start' must be a time of day like 15:30, in the prison site's local time");
      return;
    }
  if (!has_minutes ||
      minutes * 60 * G_USEC_PER_SEC < self->rules.min_length_us ||
      minutes * 60 * G_USEC_PER_SEC > self->rules.max_length_us ||
      start_minute + minutes > 24 * 60)
    {
      text = g_strdup_printf ("Field 'minutes' must be a visit's length from %" G_GINT64_FORMAT
                              " to %" G_GINT64_FORMAT " minutes, ending the same day",
                              self->rules.min_length_us / (60 * G_USEC_PER_SEC),
                              self->rules.max_length_us / (60 * G_USEC_PER_SEC));
      refuse (request, has_minutes ? "too-long" : "missing-field", "minutes", text);
      return;
    }
  kv_local_time_get_day (request->now_us, prison->zone, &now_day, NULL);
  today = kv_local_time_format_day (&now_day);
  if (valid_from == NULL)
    valid_from = today;
  if (!kv_local_time_parse_day (valid_from, &from, NULL))
    {
      refuse (request, "bad-day", "valid_from", "Field 'valid_from' must be a date like 2026-12-08");
      return;
    }
  if (valid_to != NULL &&
      (!kv_local_time_parse_day (valid_to, &to, NULL) || g_date_compare (&to, &from) < 0))
    {
      refuse (request, "bad-day", "valid_to",
              "Field 'valid_to' must be a date on or after 'valid_from', or null for no end");
      return;
    }
  if (!kv_site_calendar_check_weekly (prison->calendar, weekday, start_minute, (guint) minutes,
                                      &error))
    {
      refuse (request, "outside-hours", "start", error->message);
      return;
    }

  id = given_id != NULL ? g_strdup (given_id) : new_template_id ();
  if (!kv_booking_rules_check_id (id, NULL))
    {
      refuse (request, "bad-id", "id",
              "Field 'id' must be up to 64 ASCII letters, digits, '-', '_' or '.'");
      return;
    }
  template = kv_slot_template_new (id, prison_id, community_id, weekday, start, (guint) minutes,
                                   (guint) every_weeks, valid_from, valid_to);
  template->first_week_share = share;
  if (!kv_slot_template_validate (template, &error))
    {
      refuse (request, "bad-template", NULL, error->message);
      return;
    }
  if (!kv_store_add_template (request->store, template, request->now_us, request->caller->actor,
                              &error))
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  respond_template (request, id, SOUP_STATUS_CREATED);
}

/* The caller may see or change a template if it covers either kiosk's
 * site (refused, audited, if not). */
static KvSlotTemplate *
require_template (const KvAdminRequest *request,
                  const char           *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvSlotTemplate) template = kv_store_lookup_template (request->store, id, &error);
  g_autoptr(KvAdminPlace) prison = NULL;
  g_autoptr(KvAdminPlace) community = NULL;

  if (template != NULL)
    prison = kv_admin_place_lookup (request->store, template->prison_kiosk, &error);
  if (prison != NULL)
    community = kv_admin_place_lookup (request->store, template->community_kiosk, &error);
  if (community == NULL)
    {
      kv_admin_http_respond_gerror (request->message, error);
      return NULL;
    }
  if (!kv_admin_place_covers_either (request, prison, community))
    return NULL;
  return g_steal_pointer (&template);
}

/* PATCH /api/v1/templates/ID {"active"?, "valid_to"?, "first_week_share"?} */
static void
templates_update (const KvAdminRequest *request)
{
  const char *id = request->parts[1];
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KvSlotTemplate) template = NULL;
  const char *valid_to = NULL;
  JsonNode *active_node;
  int active = -1;
  JsonObject *body;
  GDate from, to;
  gboolean has_share;
  guint share = 0;

  body = kv_admin_http_read_body (request->message, parser);
  if (body == NULL || !kv_admin_http_get_string (request->message, body, "valid_to", &valid_to) ||
      !read_share (request, body, &share, &has_share))
    return;
  active_node = json_object_get_member (body, "active");
  if (active_node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (active_node) ||
          json_node_get_value_type (active_node) != G_TYPE_BOOLEAN)
        {
          refuse (request, "wrong-type", "active", "Field 'active' must be true or false");
          return;
        }
      active = json_node_get_boolean (active_node) ? 1 : 0;
    }
  template = require_template (request, id);
  if (template == NULL)
    return;
  /* "valid_to": null ends the end date: the template runs on. */
  if (json_object_has_member (body, "valid_to") && valid_to == NULL)
    valid_to = "";
  if (valid_to != NULL && *valid_to != '\0' &&
      (!kv_local_time_parse_day (valid_to, &to, NULL) ||
       !kv_local_time_parse_day (template->valid_from, &from, NULL) ||
       g_date_compare (&to, &from) < 0))
    {
      refuse (request, "bad-day", "valid_to",
              "Field 'valid_to' must be a date on or after the template's 'valid_from', or null");
      return;
    }
  if (active < 0 && valid_to == NULL && !has_share)
    {
      refuse (request, "missing-field", NULL,
              "Give 'active', 'valid_to' or 'first_week_share' to change");
      return;
    }
  if (!kv_store_update_template (request->store, id, active, valid_to,
                                 has_share ? (int) share : -1, request->now_us,
                                 request->caller->actor, &error))
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  respond_template (request, id, SOUP_STATUS_OK);
}

/* GET /api/v1/templates[?prison=ID&community=ID]: those the caller covers. */
static void
templates_list (const KvAdminRequest *request)
{
  const char *prison = kv_admin_http_get_query (request, "prison");
  const char *community = kv_admin_http_get_query (request, "community");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) sites = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  templates = kv_store_list_templates (request->store, prison != NULL && *prison ? prison : NULL,
                                       community != NULL && *community ? community : NULL,
                                       &error);
  if (templates == NULL)
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "templates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < templates->len; i++)
    {
      KvSlotTemplate *template = g_ptr_array_index (templates, i);
      const char *kiosks[] = { template->prison_kiosk, template->community_kiosk };
      gboolean covered = FALSE;

      for (gsize k = 0; k < G_N_ELEMENTS (kiosks) && !covered; k++)
        {
          const char *site;

          if (!g_hash_table_lookup_extended (sites, kiosks[k], NULL, (gpointer *) &site))
            {
              g_autoptr(KvKioskRecord) kiosk = kv_store_lookup_kiosk (request->store, kiosks[k],
                                                                      NULL);

              site = kiosk != NULL ? g_strdup (kiosk->site_id) : NULL;
              g_hash_table_insert (sites, g_strdup (kiosks[k]), (gpointer) site);
            }
          covered = kv_admin_caller_covers_site (request->caller, site);
        }
      if (covered)
        add_template (builder, template);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  kv_admin_http_respond_json (request->message, SOUP_STATUS_OK, builder);
}

/* Local midnight starting @day in @zone (the first instant of the day, even
 * where a change of clocks skips midnight). */
static gint64
day_start (GTimeZone   *zone,
           const GDate *day)
{
  KvLocalResolution resolution;

  kv_local_time_resolve (zone, day, 0, 0, &resolution);
  return resolution.first_us;
}

/* GET /api/v1/slots?prison=ID&community=ID&from=YYYY-MM-DD&days=N */
static void
slots_list (KvAdminTemplates     *self,
            const KvAdminRequest *request)
{
  const char *from_text = kv_admin_http_get_query (request, "from");
  const char *days_text = kv_admin_http_get_query (request, "days");
  g_autoptr(KvAdminPlace) prison = NULL;
  g_autoptr(KvAdminPlace) community = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GPtrArray) slots = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) shares = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(KvSchoolHours) school_hours = NULL;
  g_autofree char *from_day = NULL;
  guint64 days = 7;
  gint64 from_us, to_us;
  GDate from, to;

  if (!require_pair (request, kv_admin_http_get_query (request, "prison"),
                     kv_admin_http_get_query (request, "community"), &prison, &community))
    return;
  if (days_text != NULL && *days_text != '\0' &&
      !g_ascii_string_to_unsigned (days_text, 10, 1, MAX_DAYS, &days, NULL))
    {
      refuse (request, "bad-days", "days", "Parameter 'days' must be 1 to 62");
      return;
    }
  if (from_text != NULL && *from_text != '\0')
    {
      if (!kv_local_time_parse_day (from_text, &from, NULL))
        {
          refuse (request, "bad-day", "from", "Parameter 'from' must be a date like 2026-12-08");
          return;
        }
    }
  else
    kv_local_time_get_day (request->now_us, prison->zone, &from, NULL);
  to = from;
  g_date_add_days (&to, (guint) days);
  from_us = day_start (prison->zone, &from);
  to_us = day_start (prison->zone, &to);

  templates = kv_store_list_templates (request->store, prison->kiosk->id, community->kiosk->id,
                                       &error);
  if (templates == NULL)
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  slots = kv_slot_calendar_expand (templates, prison->calendar, community->calendar, from_us,
                                   to_us);
  for (guint i = 0; i < templates->len; i++)
    {
      KvSlotTemplate *template = g_ptr_array_index (templates, i);

      g_hash_table_insert (shares, template->id, GUINT_TO_POINTER (template->first_week_share));
    }
  school_hours = kv_site_record_to_school_hours (community->site);

  from_day = kv_local_time_format_day (&from);
  json_builder_begin_object (builder);
  kv_admin_http_add_string (builder, "prison", prison->kiosk->id);
  kv_admin_http_add_string (builder, "community", community->kiosk->id);
  kv_admin_http_add_string (builder, "time_zone", prison->site->time_zone);
  kv_admin_http_add_string (builder, "from", from_day);
  kv_admin_http_add_int (builder, "days", (gint64) days);
  json_builder_set_member_name (builder, "slots");
  json_builder_begin_array (builder);
  for (guint i = 0; i < slots->len; i++)
    {
      KvSlot *slot = g_ptr_array_index (slots, i);
      g_autoptr(KvBooking) probe = kv_booking_new ("slot", slot->prison_kiosk,
                                                   slot->community_kiosk, slot->start_us,
                                                   slot->end_us, "", "",
                                                   KV_AGE_BAND_UNSPECIFIED);
      const KvBooking *taken = kv_signalling_handler_find_clash (self->handler, probe);
      g_autofree char *start = kv_local_time_format_rfc3339 (slot->start_us, prison->zone);
      g_autofree char *slot_id = g_strdup_printf ("%s@%s", slot->template_id, start);
      gboolean past = slot->start_us < request->now_us;
      guint share = GPOINTER_TO_UINT (g_hash_table_lookup (shares, slot->template_id));
      gboolean held = kv_contact_plan_is_held_back (slot->occurrence, share) &&
                      kv_contact_plan_hold_applies (slot->start_us, request->now_us);

      json_builder_begin_object (builder);
      kv_admin_http_add_string (builder, "slot", slot_id);
      kv_admin_http_add_string (builder, "template", slot->template_id);
      kv_admin_http_add_string (builder, "start", start);
      kv_admin_place_add_rfc3339 (builder, "end", slot->end_us, prison->zone);
      kv_admin_place_add_local (builder, prison, slot->start_us, slot->end_us);
      json_builder_set_member_name (builder, "free");
      json_builder_add_boolean_value (builder, taken == NULL && !past);
      json_builder_set_member_name (builder, "past");
      json_builder_add_boolean_value (builder, past);
      kv_admin_http_add_string (builder, "booking", taken != NULL ? taken->id : NULL);
      /* Kept for families in their first week until 48 hours before. */
      json_builder_set_member_name (builder, "held_back");
      json_builder_add_boolean_value (builder, held);
      if (held)
        kv_admin_place_add_rfc3339 (builder, "held_until",
                                    slot->start_us - KV_HOLD_BACK_RELEASE_US, prison->zone);
      json_builder_set_member_name (builder, "in_school_hours");
      json_builder_add_boolean_value (builder, school_hours != NULL &&
                                      kv_school_hours_overlaps (school_hours, slot->start_us,
                                                                slot->end_us));
      /* The clocks went forward through the template's time: say so. */
      if (slot->moved_by_us != 0)
        kv_admin_http_add_int (builder, "moved_by_minutes", slot->moved_by_us / (60 * G_USEC_PER_SEC));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  kv_admin_http_respond_json (request->message, SOUP_STATUS_OK, builder);
}

static void
kv_admin_templates_dispose (GObject *object)
{
  KvAdminTemplates *self = KV_ADMIN_TEMPLATES (object);

  g_clear_object (&self->store);
  g_clear_object (&self->handler);

  G_OBJECT_CLASS (kv_admin_templates_parent_class)->dispose (object);
}

static void
kv_admin_templates_class_init (KvAdminTemplatesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kv_admin_templates_dispose;
}

static void
kv_admin_templates_init (KvAdminTemplates *self)
{
}

KvAdminTemplates *
kv_admin_templates_new (KvStore             *store,
                        KvSignallingHandler *handler,
                        const KvSiteRules   *rules)
{
  KvAdminTemplates *self = g_object_new (KV_TYPE_ADMIN_TEMPLATES, NULL);

  self->store = g_object_ref (store);
  self->handler = g_object_ref (handler);
  self->rules = *rules;
  return self;
}

/**
 * kv_admin_templates_route:
 * @self: a #KvAdminTemplates
 * @request: a request on /api/v1/templates or /api/v1/slots
 *
 * Returns: %FALSE if no endpoint here answers @request (nothing was sent)
 */
gboolean
kv_admin_templates_route (KvAdminTemplates     *self,
                          const KvAdminRequest *request)
{
  if (g_str_equal (request->parts[0], "slots"))
    {
      if (!kv_admin_http_is_route (request, "GET", 1, NULL))
        return FALSE;
      slots_list (self, request);
    }
  else if (kv_admin_http_is_route (request, "GET", 1, NULL))
    templates_list (request);
  else if (kv_admin_http_is_route (request, "POST", 1, NULL))
    templates_create (self, request);
  else if (kv_admin_http_is_route (request, "GET", 2, NULL))
    {
      g_autoptr(KvSlotTemplate) template = require_template (request, request->parts[1]);

      if (template != NULL)
        respond_template (request, template->id, SOUP_STATUS_OK);
    }
  else if (kv_admin_http_is_route (request, "PATCH", 2, NULL))
    templates_update (request);
  else
    return FALSE;
  return TRUE;
}
