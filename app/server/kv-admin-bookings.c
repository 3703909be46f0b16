/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-bookings.h"

#include "kv-booking-rules.h"

#include <string.h>

/**
 * KvAdminBookings:
 *
 * The admin API's bookings: making one (the scheduling rules and the
 * kiosks hear of it through the signalling handler), listing a day's or
 * those from today on, and cancelling one.
 */

/* Most bookings one list returns: a year of a busy site. */
#define MAX_LIST 5000

struct _KvAdminBookings
{
  GObject              parent_instance;

  KvStore             *store;
  KvSignallingHandler *handler;
  KvClock             *clock;
};

G_DEFINE_FINAL_TYPE (KvAdminBookings, kv_admin_bookings, G_TYPE_OBJECT)

static void
add_booking (JsonBuilder     *builder,
             const KvBooking *booking,
             const char      *state,
             const char      *outcome)
{
  json_builder_begin_object (builder);
  kv_admin_http_add_string (builder, "id", booking->id);
  kv_admin_http_add_string (builder, "prison", booking->prison_kiosk);
  kv_admin_http_add_string (builder, "community", booking->community_kiosk);
  kv_admin_http_add_time (builder, "start", booking->start_us);
  kv_admin_http_add_time (builder, "end", booking->end_us);
  kv_admin_http_add_string (builder, "prison_label", booking->prison_label);
  kv_admin_http_add_string (builder, "community_label", booking->community_label);
  kv_admin_http_add_string (builder, "age_band", kv_age_band_to_string (booking->age_band));
  kv_admin_http_add_string (builder, "state", state);
  kv_admin_http_add_string (builder, "outcome", outcome);
  json_builder_end_object (builder);
}

/* The kiosk must exist, be on @role's side and not be revoked. */
static gboolean
check_kiosk (KvAdminBookings   *self,
             SoupServerMessage *message,
             const char        *field,
             const char        *id,
             KvRole             role)
{
  g_autoptr(KvKioskRecord) kiosk = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (id == NULL)
    {
      text = g_strdup_printf ("Field '%s' (a kiosk id) is required", field);
      kv_admin_http_respond_error (message, SOUP_STATUS_BAD_REQUEST, "missing-field", text);
      return FALSE;
    }
  kiosk = kv_store_lookup_kiosk (self->store, id, &error);
  if (kiosk == NULL)
    {
      if (!g_error_matches (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND))
        {
          kv_admin_http_respond_gerror (message, error);
          return FALSE;
        }
      text = g_strdup_printf ("There is no kiosk %s", id);
      kv_admin_http_respond_error (message, SOUP_STATUS_BAD_REQUEST, "unknown-kiosk", text);
      return FALSE;
    }
  if (kiosk->role != role)
    {
      text = g_strdup_printf ("Kiosk %s is a %s kiosk, not a %s kiosk", id,
                              kv_role_to_string (kiosk->role), kv_role_to_string (role));
      kv_admin_http_respond_error (message, SOUP_STATUS_BAD_REQUEST, "wrong-role", text);
      return FALSE;
    }
  if (kiosk->revoked_us != 0)
    {
      text = g_strdup_printf ("Kiosk %s is revoked", id);
      kv_admin_http_respond_error (message, SOUP_STATUS_BAD_REQUEST, "revoked-kiosk", text);
      return FALSE;
    }
  return TRUE;
}

static char *
new_booking_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  /* 48 random bits: unique enough for a region's bookings, short enough
   * for staff to read out on the phone. */
  return g_strdup_printf ("b-%.8s%.4s", uuid, uuid + 9);
}

/* POST /api/v1/bookings */
static void
bookings_create (KvAdminBookings   *self,
                 SoupServerMessage *message,
                 const char        *actor,
                 GPtrArray         *out_envelopes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(KvBooking) booking = NULL;
  g_autoptr(GPtrArray) envelopes = NULL;
  g_autofree char *id = NULL;
  const char *prison, *community, *start, *end, *prison_label, *community_label, *age_band;
  const char *given_id;
  JsonObject *body;
  gint64 start_us, end_us;
  KvAgeBand band = KV_AGE_BAND_UNSPECIFIED;

  body = kv_admin_http_read_body (message, parser);
  if (body == NULL ||
      !kv_admin_http_get_string (message, body, "id", &given_id) ||
      !kv_admin_http_get_string (message, body, "prison", &prison) ||
      !kv_admin_http_get_string (message, body, "community", &community) ||
      !kv_admin_http_get_string (message, body, "start", &start) ||
      !kv_admin_http_get_string (message, body, "end", &end) ||
      !kv_admin_http_get_string (message, body, "prison_label", &prison_label) ||
      !kv_admin_http_get_string (message, body, "community_label", &community_label) ||
      !kv_admin_http_get_string (message, body, "age_band", &age_band))
    return;

  if (!kv_admin_http_get_time (message, "Field 'start'", start, &start_us))
    return;
  if (end != NULL)
    {
      if (!kv_admin_http_get_time (message, "Field 'end'", end, &end_us))
        return;
    }
  else if (json_object_has_member (body, "minutes") &&
           JSON_NODE_HOLDS_VALUE (json_object_get_member (body, "minutes")) &&
           json_node_get_value_type (json_object_get_member (body, "minutes")) == G_TYPE_INT64 &&
           json_object_get_int_member (body, "minutes") > 0 &&
           json_object_get_int_member (body, "minutes") <= 24 * 60)
    end_us = start_us + json_object_get_int_member (body, "minutes") * 60 * G_USEC_PER_SEC;
  else
    {
      kv_admin_http_respond_error (message, SOUP_STATUS_BAD_REQUEST, "missing-field",
                                   "Give the visit's 'end' time or its length in 'minutes'");
      return;
    }
  if (age_band != NULL && !kv_age_band_from_string (age_band, &band))
    {
      kv_admin_http_respond_error (message, SOUP_STATUS_BAD_REQUEST, "bad-age-band",
                                   "Field 'age_band' must be 0-3, 4-7, 8-12 or 13-17");
      return;
    }
  if (!check_kiosk (self, message, "prison", prison, KV_ROLE_PRISON) ||
      !check_kiosk (self, message, "community", community, KV_ROLE_COMMUNITY))
    return;

  id = given_id != NULL ? g_strdup (given_id) : new_booking_id ();
  booking = kv_booking_new (id, prison, community, start_us, end_us,
                            prison_label != NULL ? prison_label : "",
                            community_label != NULL ? community_label : "", band);
  envelopes = kv_signalling_handler_add_booking (self->handler, booking, actor, &error);
  if (envelopes == NULL)
    {
      kv_admin_http_respond_gerror (message, error);
      return;
    }
  g_ptr_array_extend_and_steal (out_envelopes, g_steal_pointer (&envelopes));
  add_booking (builder, booking, "scheduled", "none");
  kv_admin_http_respond_json (message, SOUP_STATUS_CREATED, builder);
}

/* GET /api/v1/bookings?kiosk=ID&day=YYYY-MM-DD */
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
  gint64 from_us, to_us = G_MAXINT64;

  if (kiosk != NULL && *kiosk == '\0')
    kiosk = NULL;
  if (day != NULL && *day != '\0')
    {
      g_autofree char *midnight = g_strdup_printf ("%sT00:00:00Z", day);

      if (strlen (day) != 10 || !kv_admin_http_parse_time (midnight, &from_us, NULL))
        {
          kv_admin_http_respond_error (message, SOUP_STATUS_BAD_REQUEST, "bad-day",
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
  for (guint i = 0; i < records->len && i < MAX_LIST; i++)
    {
      KvBookingRecord *record = g_ptr_array_index (records, i);
      KvSessionState state = record->session.state;
      KvOutcome outcome = record->session.outcome;

      if (record->cancelled_us != 0)
        {
          state = KV_SESSION_STATE_ENDED;
          outcome = KV_OUTCOME_CANCELLED;
        }
      add_booking (builder, record->booking, kv_session_state_to_string (state),
                   kv_outcome_to_string (outcome));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  kv_admin_http_respond_json (message, SOUP_STATUS_OK, builder);
}

/* POST /api/v1/bookings/ID/cancel */
static void
bookings_cancel (KvAdminBookings   *self,
                 SoupServerMessage *message,
                 const char        *id,
                 const char        *actor,
                 GPtrArray         *out_envelopes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) envelopes = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  envelopes = kv_signalling_handler_cancel_booking (self->handler, id, actor, &error);
  if (envelopes == NULL)
    {
      kv_admin_http_respond_gerror (message, error);
      return;
    }
  g_ptr_array_extend_and_steal (out_envelopes, g_steal_pointer (&envelopes));
  json_builder_begin_object (builder);
  kv_admin_http_add_string (builder, "id", id);
  kv_admin_http_add_string (builder, "state", "ended");
  kv_admin_http_add_string (builder, "outcome", "cancelled");
  json_builder_end_object (builder);
  kv_admin_http_respond_json (message, SOUP_STATUS_OK, builder);
}

static void
kv_admin_bookings_dispose (GObject *object)
{
  KvAdminBookings *self = KV_ADMIN_BOOKINGS (object);

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
    bookings_create (self, request->message, request->caller->actor, request->out_envelopes);
  else if (kv_admin_http_is_route (request, "GET", 1, NULL))
    bookings_list (self, request);
  else if (kv_admin_http_is_route (request, "POST", 3, "cancel"))
    bookings_cancel (self, request->message, request->parts[1], request->caller->actor,
                     request->out_envelopes);
  else
    return FALSE;
  return TRUE;
}
