/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-booking-json.h"

#include "kv-local-time.h"

/* "start" and "end" stay UTC ("Z") as they always were, for scripts; the
 * local times beside them are what people read. */

static void
add_move (JsonBuilder         *builder,
          const KvBookingMove *move,
          KvAdminPlace        *prison)
{
  json_builder_begin_object (builder);
  kv_admin_http_add_time (builder, "moved", move->moved_us);
  kv_admin_http_add_string (builder, "moved_by", move->moved_by);
  kv_admin_http_add_time (builder, "from_start", move->from_start_us);
  kv_admin_http_add_time (builder, "from_end", move->from_end_us);
  kv_admin_http_add_time (builder, "to_start", move->to_start_us);
  kv_admin_http_add_time (builder, "to_end", move->to_end_us);
  if (prison != NULL)
    {
      g_autofree char *from = kv_local_time_format (move->from_start_us, prison->zone);
      g_autofree char *to = kv_local_time_format (move->to_start_us, prison->zone);

      kv_admin_http_add_string (builder, "from_start_local", from);
      kv_admin_http_add_string (builder, "to_start_local", to);
    }
  kv_admin_http_add_string (builder, "reason", move->reason);
  json_builder_end_object (builder);
}

void
kv_admin_booking_json_add (JsonBuilder              *builder,
                           const KvAdminBookingView *view)
{
  const KvBooking *booking = view->booking;

  json_builder_begin_object (builder);
  kv_admin_http_add_string (builder, "id", booking->id);
  kv_admin_http_add_string (builder, "prison", booking->prison_kiosk);
  kv_admin_http_add_string (builder, "community", booking->community_kiosk);
  kv_admin_http_add_time (builder, "start", booking->start_us);
  kv_admin_http_add_time (builder, "end", booking->end_us);
  if (view->prison != NULL)
    kv_admin_place_add_local (builder, view->prison, booking->start_us, booking->end_us);
  kv_admin_http_add_string (builder, "prison_label", booking->prison_label);
  kv_admin_http_add_string (builder, "community_label", booking->community_label);
  kv_admin_http_add_string (builder, "age_band", kv_age_band_to_string (booking->age_band));
  kv_admin_http_add_string (builder, "state", view->state);
  kv_admin_http_add_string (builder, "outcome", view->outcome);
  if (view->record != NULL)
    {
      kv_admin_http_add_string (builder, "template", view->record->template_id);
      kv_admin_http_add_string (builder, "created_by", view->record->created_by);
      kv_admin_http_add_string (builder, "family", view->record->family_id);
      kv_admin_http_add_string (builder, "rules_override",
                                view->record->rules_override != NULL
                                  ? view->record->rules_override : "");
      if (view->record->cancelled_us != 0)
        {
          kv_admin_http_add_time (builder, "cancelled", view->record->cancelled_us);
          kv_admin_http_add_string (builder, "cancelled_by", view->record->cancelled_by);
          kv_admin_http_add_string (builder, "cancel_category", view->record->cancel_category);
          kv_admin_http_add_string (builder, "cancel_reason", view->record->cancel_reason);
        }
    }
  if (view->moves != NULL)
    {
      json_builder_set_member_name (builder, "moves");
      json_builder_begin_array (builder);
      for (guint i = 0; i < view->moves->len; i++)
        add_move (builder, g_ptr_array_index (view->moves, i), view->prison);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
}

/* A stored booking's state and outcome as the API shows them. */
void
kv_admin_booking_json_get_state (const KvBookingRecord  *record,
                                 const char            **out_state,
                                 const char            **out_outcome)
{
  KvSessionState state = record->session.state;
  KvOutcome outcome = record->session.outcome;

  if (record->cancelled_us != 0)
    {
      state = KV_SESSION_STATE_ENDED;
      outcome = KV_OUTCOME_CANCELLED;
    }
  *out_state = kv_session_state_to_string (state);
  *out_outcome = kv_outcome_to_string (outcome);
}

/**
 * kv_admin_booking_json_respond:
 * @request: the request
 * @booking_id: a booking
 * @status: the status to answer with
 *
 * Answers with the booking as stored, its local times and its moves, if
 * the caller covers either kiosk's site.
 */
void
kv_admin_booking_json_respond (const KvAdminRequest *request,
                               const char           *booking_id,
                               guint                 status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvBookingRecord) record = NULL;
  g_autoptr(KvAdminPlace) prison = NULL;
  g_autoptr(KvAdminPlace) community = NULL;
  g_autoptr(GPtrArray) moves = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  KvAdminBookingView view = { 0 };

  record = kv_store_lookup_booking (request->store, booking_id, &error);
  if (record == NULL)
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  prison = kv_admin_place_lookup (request->store, record->booking->prison_kiosk, &error);
  if (prison == NULL)
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  community = kv_admin_place_lookup (request->store, record->booking->community_kiosk, NULL);
  if (!kv_admin_place_covers_either (request, prison, community))
    return;
  moves = kv_store_list_booking_moves (request->store, booking_id, &error);
  if (moves == NULL)
    {
      kv_admin_http_respond_gerror (request->message, error);
      return;
    }
  view = (KvAdminBookingView) { record->booking, NULL, NULL, prison, record, moves };
  kv_admin_booking_json_get_state (record, &view.state, &view.outcome);
  kv_admin_booking_json_add (builder, &view);
  kv_admin_http_respond_json (request->message, status, builder);
}

