/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-bookings.h"

#include "kv-admin-age-check.h"
#include "kv-admin-booking-changes.h"
#include "kv-admin-booking-json.h"
#include "kv-admin-places.h"
#include "kv-booking-rules.h"
#include "kv-family-table.h"
#include "kv-family-view.h"
#include "kv-local-time.h"

#include <string.h>

/**
 * KvAdminBookings:
 *
 * The admin API's bookings: making one (at a time staff type in the
 * prison site's local time, or a template's free slot or the start of it;
 * the scheduling rules, clashes and both sites' hours and closed days
 * apply, and the kiosks hear of it through the signalling handler),
 * listing a day's or those from today on, and showing one with its moves.
 * A booking may be a family's: its labels and age band come from the
 * family, its kiosks must be the family's, and the age rules of its
 * community site apply (a scheduler may book against them with a
 * reason). A slot held back for first-week families goes only to them
 * until 48 hours before it. Moving and cancelling are
 * #KvAdminBookingChanges'.
 */

/* Most bookings one list returns: a year of a busy site. */
#define MAX_LIST 5000

struct _KvAdminBookings
{
  GObject                parent_instance;

  KvStore               *store;
  KvSignallingHandler   *handler;
  KvClock               *clock;
  KvAdminBookingChanges *changes;
};

G_DEFINE_FINAL_TYPE (KvAdminBookings, kv_admin_bookings, G_TYPE_OBJECT)

static char *
new_booking_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  /* 48 random bits: unique enough for a region's bookings, short enough
   * for staff to read out on the phone. */
  return g_strdup_printf ("b-%.8s%.4s", uuid, uuid + 9);
}

/* The slot of @template that starts at @start_us, if it offers one: its
 * weekday, weeks and days, active, inside both sites' hours and on no
 * closed day. Answers the request if not. */
static KvSlot *
require_slot (const KvAdminRequest *request,
              const char           *field,
              KvSlotTemplate       *template,
              KvAdminPlace         *prison,
              KvAdminPlace         *community,
              gint64                start_us)
{
  g_autoptr(GPtrArray) templates = g_ptr_array_new ();
  g_autoptr(GPtrArray) slots = NULL;
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;

  if (prison->calendar == NULL || community->calendar == NULL)
    {
      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST, "no-site",
                                         field, "Templates need both kiosks on a site");
      return NULL;
    }
  if (!template->active)
    {
      text = g_strdup_printf ("Template %s is disabled", template->id);
      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                         "template-disabled", field, text);
      return NULL;
    }
  g_ptr_array_add (templates, template);
  slots = kv_slot_calendar_expand (templates, prison->calendar, community->calendar, start_us,
                                   start_us + 1);
  if (slots->len == 1)
    return g_ptr_array_steal_index (slots, 0);

  when = kv_local_time_format (start_us, prison->zone);
  text = g_strdup_printf ("Template %s offers no visit at %s (it is on %s at %s, from %s%s%s, "
                          "when both sites are open)", template->id, when,
                          kv_local_time_weekday_plural (template->weekday), template->start_local,
                          template->valid_from, *template->valid_to != '\0' ? " to " : "",
                          template->valid_to);
  kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST, "not-a-slot",
                                     field, text);
  return NULL;
}

/* "slot": "<template>@<start>", or "template" with "start": the template,
 * and the start's text in @inout_start. */
static KvSlotTemplate *
require_template (const KvAdminRequest  *request,
                  const char            *slot,
                  const char            *template_id,
                  const char           **inout_start,
                  const char           **out_field)
{
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  KvSlotTemplate *template;

  *out_field = slot != NULL ? "slot" : "template";
  if (slot != NULL)
    {
      const char *at = strchr (slot, '@');

      if (at == NULL || at == slot)
        {
          kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                             "bad-slot", "slot",
                                             "Field 'slot' must be TEMPLATE@START, as "
                                             "GET /api/v1/slots lists them");
          return NULL;
        }
      id = g_strndup (slot, at - slot);
      *inout_start = at + 1;
    }
  else
    id = g_strdup (template_id);

  template = kv_store_lookup_template (request->store, id, &error);
  if (template == NULL)
    {
      if (!g_error_matches (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND))
        {
          kv_admin_http_respond_gerror (request->message, error);
          return NULL;
        }
      text = g_strdup_printf ("There is no template %s", id);
      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                         "unknown-template", *out_field, text);
    }
  return template;
}

/* "family": an active family of the caller's sites (answers if not). */
static KvFamilyView *
require_family (const KvAdminRequest *request,
                const char           *family_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvFamilyRecord) record = NULL;
  g_autoptr(KvFamilyView) view = NULL;
  g_autofree char *text = NULL;

  record = kv_family_table_lookup (kv_store_get_families (request->store), family_id, &error);
  if (record == NULL)
    {
      if (!g_error_matches (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND))
        {
          kv_admin_http_respond_gerror (request->message, error);
          return NULL;
        }
      text = g_strdup_printf ("There is no family %s", family_id);
      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                         "unknown-family", "family", text);
      return NULL;
    }
  if (!kv_family_view_is_covered (record, request->caller))
    {
      kv_admin_http_forbid (request, "Your account covers none of the family's sites");
      return NULL;
    }
  if (record->archived_us != 0)
    {
      text = g_strdup_printf ("Family %s is archived: it gets no more visits", family_id);
      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                         "family-archived", "family", text);
      return NULL;
    }
  view = kv_family_view_new (request->store, record, NULL, NULL, request->now_us, &error);
  if (view == NULL)
    kv_admin_http_respond_gerror (request->message, error);
  return g_steal_pointer (&view);
}

/* The kiosks must be the family's: one of its prison kiosks, and a
 * community kiosk at its community site. */
static gboolean
check_family_kiosks (const KvAdminRequest *request,
                     const KvFamilyView   *view,
                     KvAdminPlace         *prison,
                     KvAdminPlace         *community)
{
  g_autofree char *text = NULL;

  if (!g_strv_contains ((const char * const *) view->record->prison_kiosks, prison->kiosk->id))
    {
      g_autofree char *kiosks = g_strjoinv (", ", view->record->prison_kiosks);

      text = g_strdup_printf ("Kiosk %s is not family %s's prison kiosk (%s)", prison->kiosk->id,
                              view->record->id, kiosks);
      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                         "not-family-kiosk", "prison", text);
      return FALSE;
    }
  if (g_strcmp0 (community->kiosk->site_id, view->record->community_site) != 0)
    {
      text = g_strdup_printf ("Kiosk %s is not at family %s's community site %s",
                              community->kiosk->id, view->record->id,
                              view->record->community_site);
      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                         "not-family-kiosk", "community", text);
      return FALSE;
    }
  return TRUE;
}

/* A slot its template holds back for families in their first week may
 * go to one of them until 48 hours before it starts; to anyone after. */
static gboolean
check_hold (const KvAdminRequest *request,
            const char           *field,
            const KvSlotTemplate *template,
            const KvSlot         *slot,
            const KvFamilyView   *view,
            GTimeZone            *zone)
{
  g_autoptr(GDateTime) until_utc = NULL;
  g_autoptr(GDateTime) until = NULL;
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;

  if (!kv_contact_plan_is_held_back (slot->occurrence, template->first_week_share) ||
      !kv_contact_plan_hold_applies (slot->start_us, request->now_us) ||
      (view != NULL && kv_family_view_in_first_week (view, request->now_us)))
    return TRUE;
  until_utc = kv_date_time_new_from_us (slot->start_us - KV_HOLD_BACK_RELEASE_US);
  until = until_utc != NULL ? g_date_time_to_timezone (until_utc, zone) : NULL;
  when = until != NULL ? g_date_time_format (until, "%a %-d %b %H:%M") : g_strdup ("");
  text = g_strdup_printf ("This slot is kept for families in their first week until %s "
                          "(48 hours before)%s", when,
                          view != NULL ? "; this family is not in its first week" : "");
  kv_admin_http_respond_field_error (request->message, SOUP_STATUS_CONFLICT,
                                     "held-for-first-week", field, text);
  return FALSE;
}

/* POST /api/v1/bookings */
static void
bookings_create (KvAdminBookings      *self,
                 const KvAdminRequest *request)
{
  SoupServerMessage *message = request->message;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KvBooking) booking = NULL;
  g_autoptr(GPtrArray) envelopes = NULL;
  g_autoptr(KvSlotTemplate) template = NULL;
  g_autoptr(KvAdminPlace) prison_place = NULL;
  g_autoptr(KvAdminPlace) community_place = NULL;
  g_autoptr(KvSlot) slot_found = NULL;
  g_autoptr(KvFamilyView) family = NULL;
  g_autofree char *id = NULL;
  g_autofree char *children = NULL;
  const char *prison, *community, *start, *end, *prison_label, *community_label, *age_band;
  const char *given_id, *slot, *template_id, *family_id, *override_reason;
  const char *start_field = "start";
  JsonObject *body;
  gint64 start_us, end_us, minutes;
  gboolean has_minutes;
  KvAgeBand band = KV_AGE_BAND_UNSPECIFIED;
  KvAgeRules site_rules;
  KvAdminAgeVisit visit;
  KvBookingOrigin origin = { 0 };

  body = kv_admin_http_read_body (message, parser);
  if (body == NULL ||
      !kv_admin_http_get_string (message, body, "id", &given_id) ||
      !kv_admin_http_get_string (message, body, "prison", &prison) ||
      !kv_admin_http_get_string (message, body, "community", &community) ||
      !kv_admin_http_get_string (message, body, "start", &start) ||
      !kv_admin_http_get_string (message, body, "end", &end) ||
      !kv_admin_http_get_string (message, body, "slot", &slot) ||
      !kv_admin_http_get_string (message, body, "template", &template_id) ||
      !kv_admin_http_get_string (message, body, "prison_label", &prison_label) ||
      !kv_admin_http_get_string (message, body, "community_label", &community_label) ||
      !kv_admin_http_get_string (message, body, "age_band", &age_band) ||
      !kv_admin_http_get_string (message, body, "family", &family_id) ||
      !kv_admin_http_get_int (message, body, "minutes", 1, 24 * 60, &minutes, &has_minutes) ||
      !kv_admin_age_check_read_reason (request, body, &override_reason))
    return;

  if (family_id != NULL)
    {
      family = require_family (request, family_id);
      if (family == NULL)
        return;
    }
  if (slot != NULL || template_id != NULL)
    {
      template = require_template (request, slot, template_id, &start, &start_field);
      if (template == NULL)
        return;
      if ((prison != NULL && !g_str_equal (prison, template->prison_kiosk)) ||
          (community != NULL && !g_str_equal (community, template->community_kiosk)))
        {
          kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST,
                                             "template-mismatch", start_field,
                                             "The template is for other kiosks than 'prison' "
                                             "and 'community'");
          return;
        }
      prison = template->prison_kiosk;
      community = template->community_kiosk;
    }

  prison_place = kv_admin_place_require (request, "prison", prison, KV_ROLE_PRISON);
  if (prison_place == NULL)
    return;
  community_place = kv_admin_place_require (request, "community", community, KV_ROLE_COMMUNITY);
  if (community_place == NULL ||
      (family != NULL && !check_family_kiosks (request, family, prison_place, community_place)) ||
      !kv_admin_place_get_time (request, prison_place, start_field, start, &start_us))
    return;

  if (template != NULL)
    {
      slot_found = require_slot (request, start_field, template, prison_place, community_place,
                                 start_us);
      if (slot_found == NULL)
        return;
      end_us = slot_found->end_us;
      /* A shorter visit at the slot's start: 15 minutes of a 30-minute
       * slot for a toddler. */
      if (has_minutes)
        {
          if (minutes * 60 * G_USEC_PER_SEC > slot_found->end_us - slot_found->start_us)
            {
              g_autofree char *text = g_strdup_printf ("Field 'minutes' must be at most the "
                                                       "slot's %u minutes", template->minutes);

              kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST, "bad-minutes",
                                                 "minutes", text);
              return;
            }
          end_us = start_us + minutes * 60 * G_USEC_PER_SEC;
        }
    }
  else if (end != NULL)
    {
      if (!kv_admin_place_get_time (request, prison_place, "end", end, &end_us))
        return;
    }
  else if (has_minutes)
    end_us = start_us + minutes * 60 * G_USEC_PER_SEC;
  else
    {
      kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST, "missing-field",
                                         "minutes",
                                         "Give the visit's 'end' time or its length in 'minutes'");
      return;
    }
  if (age_band != NULL && !kv_age_band_from_string (age_band, &band))
    {
      kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST, "bad-age-band",
                                         "age_band",
                                         "Field 'age_band' must be 0-3, 4-7, 8-12 or 13-17");
      return;
    }
  if (template == NULL &&
      !kv_admin_place_check_open (request, prison_place, community_place, start_us, end_us))
    return;
  if (template != NULL &&
      !check_hold (request, start_field, template, slot_found, family, prison_place->zone))
    return;

  /* The rules of the child's site, for the family's youngest child. */
  if (family != NULL)
    {
      band = family->band;
      site_rules = family->rules;
      if (prison_label == NULL)
        prison_label = family->record->parent_label;
      if (community_label == NULL)
        community_label = children = kv_family_view_format_children (family->record,
                                                                     KV_BOOKING_LABEL_MAX_CHARS);
    }
  else if (community_place->site != NULL)
    site_rules = community_place->site->age_rules;
  else
    kv_age_rules_init_defaults (&site_rules);
  visit = (KvAdminAgeVisit) {
    &site_rules, band, family_id, NULL, start_us, end_us, end != NULL ? "end" : "minutes",
  };
  if (!kv_admin_age_check_run (request, &visit, override_reason, &origin))
    return;

  id = given_id != NULL ? g_strdup (given_id) : new_booking_id ();
  booking = kv_booking_new (id, prison, community, start_us, end_us,
                            prison_label != NULL ? prison_label : "",
                            community_label != NULL ? community_label : "", band);
  origin.template_id = template != NULL ? template->id : NULL;
  origin.family_id = family_id;
  envelopes = kv_signalling_handler_add_booking_with (self->handler, booking, &origin,
                                                      request->caller->actor, &error);
  if (envelopes == NULL)
    {
      kv_admin_http_respond_gerror (message, error);
      return;
    }
  g_ptr_array_extend_and_steal (request->out_envelopes, g_steal_pointer (&envelopes));
  /* As stored: with its template and who made it, like GET /bookings/ID. */
  kv_admin_booking_json_respond (request, id, SOUP_STATUS_CREATED);
}

/* The place of @kiosk_id, looked up once per request. */
static KvAdminPlace *
cached_place (GHashTable *places,
              KvStore    *store,
              const char *kiosk_id)
{
  KvAdminPlace *place;

  if (g_hash_table_lookup_extended (places, kiosk_id, NULL, (gpointer *) &place))
    return place;
  place = kv_admin_place_lookup (store, kiosk_id, NULL);
  g_hash_table_insert (places, g_strdup (kiosk_id), place);
  return place;
}

/* GET /api/v1/bookings?kiosk=ID&day=YYYY-MM-DD: the caller's sites' only. */
static void
bookings_list (KvAdminBookings      *self,
               const KvAdminRequest *request)
{
  SoupServerMessage *message = request->message;
  const char *kiosk = kv_admin_http_get_query (request, "kiosk");
  const char *day = kv_admin_http_get_query (request, "day");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) places = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) kv_admin_place_free);
  gint64 from_us, to_us = G_MAXINT64;
  guint listed = 0;

  if (kiosk != NULL && *kiosk == '\0')
    kiosk = NULL;
  if (day != NULL && *day != '\0')
    {
      g_autofree char *midnight = g_strdup_printf ("%sT00:00:00Z", day);

      if (strlen (day) != 10 || !kv_admin_http_parse_time (midnight, &from_us, NULL))
        {
          kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST, "bad-day", "day",
                                             "Parameter 'day' must be a date like 2026-12-01");
          return;
        }
      to_us = from_us + G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC;
    }
  else
    {
      /* Today (UTC) and later. */
      gint64 now = kv_clock_get_now (self->clock);
      gint64 day_us = G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC;

      from_us = now - now % day_us;
    }

  records = kv_store_list_bookings (self->store, kiosk, from_us, to_us, TRUE, &error);
  if (records == NULL)
    {
      kv_admin_http_respond_gerror (message, error);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "bookings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < records->len && listed < MAX_LIST; i++)
    {
      KvBookingRecord *record = g_ptr_array_index (records, i);
      KvAdminPlace *prison = cached_place (places, self->store, record->booking->prison_kiosk);
      KvAdminPlace *community = cached_place (places, self->store,
                                              record->booking->community_kiosk);
      KvAdminBookingView view = { record->booking, NULL, NULL, prison, record };

      /* Staff of either side see the visit; no one else. */
      if (!kv_admin_caller_covers_site (request->caller,
                                        prison != NULL ? prison->kiosk->site_id : NULL) &&
          !kv_admin_caller_covers_site (request->caller,
                                        community != NULL ? community->kiosk->site_id : NULL))
        continue;
      kv_admin_booking_json_get_state (record, &view.state, &view.outcome);
      kv_admin_booking_json_add (builder, &view);
      listed++;
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  kv_admin_http_respond_json (message, SOUP_STATUS_OK, builder);
}

static void
kv_admin_bookings_dispose (GObject *object)
{
  KvAdminBookings *self = KV_ADMIN_BOOKINGS (object);

  g_clear_object (&self->changes);
  g_clear_object (&self->store);
  g_clear_object (&self->handler);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (kv_admin_bookings_parent_class)->dispose (object);
}

static void
kv_admin_bookings_class_init (KvAdminBookingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kv_admin_bookings_dispose;
}

static void
kv_admin_bookings_init (KvAdminBookings *self)
{
}

KvAdminBookings *
kv_admin_bookings_new (KvStore             *store,
                       KvSignallingHandler *handler,
                       KvClock             *clock)
{
  KvAdminBookings *self = g_object_new (KV_TYPE_ADMIN_BOOKINGS, NULL);

  self->store = g_object_ref (store);
  self->handler = g_object_ref (handler);
  self->clock = g_object_ref (clock);
  self->changes = kv_admin_booking_changes_new (store, handler);
  return self;
}

/**
 * kv_admin_bookings_route:
 * @self: a #KvAdminBookings
 * @request: a request on /api/v1/bookings
 *
 * Returns: %FALSE if no endpoint of bookings answers @request (nothing was
 *   sent then)
 */
gboolean
kv_admin_bookings_route (KvAdminBookings      *self,
                         const KvAdminRequest *request)
{
  if (kv_admin_http_is_route (request, "POST", 1, NULL))
    bookings_create (self, request);
  else if (kv_admin_http_is_route (request, "GET", 1, NULL))
    bookings_list (self, request);
  else if (kv_admin_http_is_route (request, "GET", 2, NULL))
    kv_admin_booking_json_respond (request, request->parts[1], SOUP_STATUS_OK);
  else
    return kv_admin_booking_changes_route (self->changes, request);
  return TRUE;
}
