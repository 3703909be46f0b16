/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-booking-changes.h"

#include "kv-admin-age-check.h"
#include "kv-admin-booking-json.h"
#include "kv-admin-places.h"
#include "kv-family-table.h"
#include "kv-family-view.h"

/**
 * KvAdminBookingChanges:
 *
 * What staff do to a booking once it is made: move it to another time
 * (same id, same rules as a new booking, the age rules of its band at the
 * new time included, the move kept in its history) or
 * cancel it with a category and a reason. Each is one transaction with its
 * audit row, and the kiosks get their new schedule through the signalling
 * handler.
 */

struct _KvAdminBookingChanges
{
  GObject              parent_instance;

  KvStore             *store;
  KvSignallingHandler *handler;
};

G_DEFINE_FINAL_TYPE (KvAdminBookingChanges, kv_admin_booking_changes, G_TYPE_OBJECT)

static const char * const cancel_categories[] = {
  "family-request", "prison-regime", "illness", "technical", "other", NULL,
};

/* A reason is staff's words: short, readable text. */
static gboolean
check_reason (const KvAdminRequest *request,
              const char           *reason)
{
  g_autofree char *text = NULL;

  if (reason == NULL ||
      (g_utf8_validate (reason, -1, NULL) &&
       g_utf8_strlen (reason, -1) <= KV_ADMIN_BOOKING_REASON_MAX_CHARS))
    return TRUE;
  text = g_strdup_printf ("Field 'reason' must be text of at most %d characters",
                          KV_ADMIN_BOOKING_REASON_MAX_CHARS);
  kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST, "bad-reason",
                                     "reason", text);
  return FALSE;
}

/* The stored booking and its two places, if the caller covers either. */
static KvBookingRecord *
require_booking (const KvAdminRequest  *request,
                 const char            *booking_id,
                 KvAdminPlace         **out_prison,
                 KvAdminPlace         **out_community)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvBookingRecord) record = NULL;
  g_autoptr(KvAdminPlace) prison = NULL;
  g_autoptr(KvAdminPlace) community = NULL;

  record = kv_store_lookup_booking (request->store, booking_id, &error);
  if (record != NULL)
    prison = kv_admin_place_lookup (request->store, record->booking->prison_kiosk, &error);
  if (prison != NULL)
    community = kv_admin_place_lookup (request->store, record->booking->community_kiosk, &error);
  if (community == NULL)
    {
      kv_admin_http_respond_gerror (request->message, error);
      return NULL;
    }
  if (!kv_admin_place_covers_either (request, prison, community))
    return NULL;
  *out_prison = g_steal_pointer (&prison);
  *out_community = g_steal_pointer (&community);
  return g_steal_pointer (&record);
}

/* The age rules for a booking's new times: its family's (the youngest
 * child's band at its community site), or for a booking of no family its
 * own band at the community kiosk's site. */
static gboolean
check_age (const KvAdminRequest  *request,
           const KvBookingRecord *record,
           KvAdminPlace          *community,
           gint64                 start_us,
           gint64                 end_us,
           const char            *override_reason,
           KvBookingOrigin       *origin)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvFamilyRecord) family = NULL;
  g_autoptr(KvFamilyView) view = NULL;
  KvAdminAgeVisit visit = {
    NULL, record->booking->age_band, record->family_id, record->booking->id, start_us, end_us,
    "minutes",
  };
  KvAgeRules rules;

  if (record->family_id != NULL)
    {
      family = kv_family_table_lookup (kv_store_get_families (request->store), record->family_id,
                                       &error);
      if (family != NULL)
        view = kv_family_view_new (request->store, family, NULL, NULL, request->now_us, &error);
      if (view == NULL)
        {
          kv_admin_http_respond_gerror (request->message, error);
          return FALSE;
        }
      rules = view->rules;
      visit.band = view->band;
      origin->family_id = record->family_id;
    }
  else if (community->site != NULL)
    rules = community->site->age_rules;
  else
    kv_age_rules_init_defaults (&rules);
  visit.rules = &rules;
  return kv_admin_age_check_run (request, &visit, override_reason, origin);
}

/* POST /api/v1/bookings/ID/move {"start", "minutes"?, "reason"?,
 * "override_reason"?} */
static void
booking_move (KvAdminBookingChanges *self,
              const KvAdminRequest  *request)
{
  const char *id = request->parts[1];
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KvBookingRecord) record = NULL;
  g_autoptr(KvAdminPlace) prison = NULL;
  g_autoptr(KvAdminPlace) community = NULL;
  g_autoptr(GPtrArray) envelopes = NULL;
  const char *start, *reason, *override_reason;
  gint64 start_us, end_us, minutes;
  gboolean has_minutes;
  JsonObject *body;
  KvBookingOrigin origin = { 0 };

  body = kv_admin_http_read_body (request->message, parser);
  if (body == NULL ||
      !kv_admin_http_get_string (request->message, body, "start", &start) ||
      !kv_admin_http_get_string (request->message, body, "reason", &reason) ||
      !kv_admin_http_get_int (request->message, body, "minutes", 1, 24 * 60, &minutes,
                              &has_minutes) ||
      !check_reason (request, reason) ||
      !kv_admin_age_check_read_reason (request, body, &override_reason))
    return;
  record = require_booking (request, id, &prison, &community);
  if (record == NULL ||
      !kv_admin_place_get_time (request, prison, "start", start, &start_us))
    return;
  end_us = start_us + (has_minutes ? minutes * 60 * G_USEC_PER_SEC
                                   : record->booking->end_us - record->booking->start_us);
  if (!kv_admin_place_check_open (request, prison, community, start_us, end_us) ||
      !check_age (request, record, community, start_us, end_us, override_reason, &origin))
    return;

  envelopes = kv_signalling_handler_move_booking (self->handler, id, start_us, end_us,
                                                  reason != NULL ? reason : "", &origin,
                                                  request->caller->actor, &error);
  if (envelopes == NULL)
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  g_ptr_array_extend_and_steal (request->out_envelopes, g_steal_pointer (&envelopes));
  kv_admin_booking_json_respond (request, id, SOUP_STATUS_OK);
}

/* POST /api/v1/bookings/ID/cancel {"category", "reason"?} */
static void
booking_cancel (KvAdminBookingChanges *self,
                const KvAdminRequest  *request)
{
  const char *id = request->parts[1];
  SoupMessageBody *raw = soup_server_message_get_request_body (request->message);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KvBookingRecord) record = NULL;
  g_autoptr(KvAdminPlace) prison = NULL;
  g_autoptr(KvAdminPlace) community = NULL;
  g_autoptr(GPtrArray) envelopes = NULL;
  const char *category = NULL, *reason = NULL;
  JsonObject *body;

  /* No body at all is the commonest mistake: say what is missing. */
  if (raw->length > 0)
    {
      body = kv_admin_http_read_body (request->message, parser);
      if (body == NULL ||
          !kv_admin_http_get_string (request->message, body, "category", &category) ||
          !kv_admin_http_get_string (request->message, body, "reason", &reason))
        return;
    }
  if (category == NULL || !g_strv_contains (cancel_categories, category))
    {
      kv_admin_http_respond_field_error (request->message, SOUP_STATUS_BAD_REQUEST,
                                         category == NULL ? "missing-field" : "bad-category",
                                         "category",
                                         "Field 'category' must say why: family-request, "
                                         "prison-regime, illness, technical or other");
      return;
    }
  if (!check_reason (request, reason))
    return;
  record = require_booking (request, id, &prison, &community);
  if (record == NULL)
    return;

  envelopes = kv_signalling_handler_cancel_booking (self->handler, id, category, reason,
                                                    request->caller->actor, &error);
  if (envelopes == NULL)
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  g_ptr_array_extend_and_steal (request->out_envelopes, g_steal_pointer (&envelopes));
  kv_admin_booking_json_respond (request, id, SOUP_STATUS_OK);
}

static void
kv_admin_booking_changes_dispose (GObject *object)
{
  KvAdminBookingChanges *self = KV_ADMIN_BOOKING_CHANGES (object);

  g_clear_object (&self->store);
  g_clear_object (&self->handler);

  G_OBJECT_CLASS (kv_admin_booking_changes_parent_class)->dispose (object);
}

static void
kv_admin_booking_changes_class_init (KvAdminBookingChangesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kv_admin_booking_changes_dispose;
}

static void
kv_admin_booking_changes_init (KvAdminBookingChanges *self)
{
}

KvAdminBookingChanges *
kv_admin_booking_changes_new (KvStore             *store,
                              KvSignallingHandler *handler)
{
  KvAdminBookingChanges *self = g_object_new (KV_TYPE_ADMIN_BOOKING_CHANGES, NULL);

  self->store = g_object_ref (store);
  self->handler = g_object_ref (handler);
  return self;
}

/**
 * kv_admin_booking_changes_route:
 * @self: a #KvAdminBookingChanges
 * @request: a request on /api/v1/bookings/ID/...
 *
 * Returns: %FALSE if no endpoint here answers @request (nothing was sent)
 */
gboolean
kv_admin_booking_changes_route (KvAdminBookingChanges *self,
                                const KvAdminRequest  *request)
{
  if (kv_admin_http_is_route (request, "POST", 3, "move"))
    booking_move (self, request);
  else if (kv_admin_http_is_route (request, "POST", 3, "cancel"))
    booking_cancel (self, request);
  else
    return FALSE;
  return TRUE;
}
