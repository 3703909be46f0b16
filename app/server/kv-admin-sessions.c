/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-sessions.h"

#include "kv-admin-visit-access.h"
#include "kv-booking-rules.h"

/**
 * KvAdminSessions:
 *
 * The admin API's sessions: the running ones, the record of one visit
 * (running or long over: from the store when the server no longer runs
 * it), and staff confirming presence in one or ending it.
 */

struct _KvAdminSessions
{
  GObject              parent_instance;

  KvServerConfig      *config;
  KvStore             *store;
  KvSignallingHandler *handler;
  KvClock             *clock;
};

G_DEFINE_FINAL_TYPE (KvAdminSessions, kv_admin_sessions, G_TYPE_OBJECT)

static void
add_session (JsonBuilder *builder,
             KvSession   *session)
{
  const KvBooking *booking = kv_session_get_booking (session);

  json_builder_begin_object (builder);
  kv_admin_http_add_string (builder, "booking", booking->id);
  kv_admin_http_add_string (builder, "state",
                            kv_session_state_to_string (kv_session_get_state (session)));
  kv_admin_http_add_string (builder, "outcome",
                            kv_outcome_to_string (kv_session_get_outcome (session)));
  kv_admin_http_add_string (builder, "prison", booking->prison_kiosk);
  kv_admin_http_add_string (builder, "community", booking->community_kiosk);
  kv_admin_http_add_time (builder, "start", booking->start_us);
  kv_admin_http_add_time (builder, "end", kv_session_get_end_time (session));
  json_builder_set_member_name (builder, "present_sides");
  json_builder_add_int_value (builder, kv_session_get_present (session));
  json_builder_set_member_name (builder, "confirmed_sides");
  json_builder_add_int_value (builder, kv_session_get_confirmed (session));
  json_builder_set_member_name (builder, "lost_s");
  json_builder_add_int_value (builder, kv_session_get_lost_us (session) / G_USEC_PER_SEC);
  json_builder_set_member_name (builder, "makeup_s");
  json_builder_add_int_value (builder, kv_session_get_makeup_us (session) / G_USEC_PER_SEC);
  json_builder_end_object (builder);
}

/* GET /api/v1/sessions */
static void
sessions_list (KvAdminSessions      *self,
               const KvAdminRequest *request)
{
  SoupServerMessage *message = request->message;
  g_autoptr(GPtrArray) sessions = kv_signalling_handler_list_active_sessions (self->handler);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sessions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sessions->len; i++)
    {
      KvSession *session = g_ptr_array_index (sessions, i);

      if (kv_admin_visit_access_covers (request, kv_session_get_booking (session)))
        add_session (builder, session);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  kv_admin_http_respond_json (message, SOUP_STATUS_OK, builder);
}

static const char *
side_name (KvSideFlags side)
{
  if (side == KV_SIDE_PRISON)
    return kv_role_to_string (KV_ROLE_PRISON);
  if (side == KV_SIDE_COMMUNITY)
    return kv_role_to_string (KV_ROLE_COMMUNITY);
  return NULL;
}

static void
add_sides (JsonBuilder *builder,
           const char  *name,
           KvSideFlags  sides)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  if (sides & KV_SIDE_PRISON)
    json_builder_add_string_value (builder, side_name (KV_SIDE_PRISON));
  if (sides & KV_SIDE_COMMUNITY)
    json_builder_add_string_value (builder, side_name (KV_SIDE_COMMUNITY));
  json_builder_end_array (builder);
}

/* Pauses or mutes, as stored: who, why, from when to when. */
static void
add_pauses (JsonBuilder *builder,
            const char  *name,
            GPtrArray   *records,
            gint64       now_us)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < records->len; i++)
    {
      const KvPauseRecord *record = g_ptr_array_index (records, i);
      gint64 until = record->ended_us != 0 ? record->ended_us : now_us;

      json_builder_begin_object (builder);
      kv_admin_http_add_string (builder, "side", side_name (record->side));
      if (record->category != KV_PAUSE_CATEGORY_NONE)
        kv_admin_http_add_string (builder, "category",
                                  kv_pause_category_to_string (record->category));
      kv_admin_http_add_time (builder, "started", record->started_us);
      kv_admin_http_add_time (builder, "ended", record->ended_us);
      kv_admin_http_add_int (builder, "seconds",
                             MAX (0, until - record->started_us) / G_USEC_PER_SEC);
      kv_admin_http_add_string (builder, "started_by", record->started_by);
      kv_admin_http_add_string (builder, "ended_by", record->ended_by);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_staff_end (JsonBuilder             *builder,
               const KvSessionSnapshot *snapshot)
{
  json_builder_set_member_name (builder, "staff_end");
  if (snapshot->end_requested_us == 0 && snapshot->end_reason == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  /* No category: a stop from a kiosk of protocol version 1, or stored
   * before categories existed. */
  kv_admin_http_add_string (builder, "category",
                            snapshot->end_category != KV_END_CATEGORY_NONE
                            ? kv_end_category_to_string (snapshot->end_category) : NULL);
  kv_admin_http_add_string (builder, "reason", snapshot->end_reason);
  kv_admin_http_add_string (builder, "side", side_name (snapshot->end_side));
  kv_admin_http_add_string (builder, "by", snapshot->end_actor);
  kv_admin_http_add_time (builder, "at", snapshot->end_requested_us);
  kv_admin_http_add_time (builder, "goodbye_from", snapshot->staff_goodbye_us);
  kv_admin_http_add_time (builder, "goodbye_until", snapshot->staff_end_us);
  json_builder_end_object (builder);
}

/* The record of one visit: what the session says, what is stored of its
 * pauses and mutes. @end_us and @goodbye_us: its effective end and when
 * its goodbye begins (or began). */
static void
build_record (JsonBuilder             *builder,
              const KvBooking         *booking,
              const KvSessionSnapshot *snapshot,
              gint64                   end_us,
              gint64                   goodbye_us,
              GPtrArray               *pauses,
              GPtrArray               *mutes,
              gint64                   now_us)
{
  json_builder_begin_object (builder);
  kv_admin_http_add_string (builder, "booking", booking->id);
  kv_admin_http_add_string (builder, "state", kv_session_state_to_string (snapshot->state));
  kv_admin_http_add_string (builder, "outcome", kv_outcome_to_string (snapshot->outcome));
  kv_admin_http_add_string (builder, "prison", booking->prison_kiosk);
  kv_admin_http_add_string (builder, "community", booking->community_kiosk);
  kv_admin_http_add_time (builder, "start", booking->start_us);
  kv_admin_http_add_time (builder, "booked_end", booking->end_us);
  kv_admin_http_add_time (builder, "end", end_us);
  kv_admin_http_add_time (builder, "goodbye", goodbye_us);
  kv_admin_http_add_time (builder, "live_since", snapshot->live_since_us);
  kv_admin_http_add_time (builder, "ended_at", snapshot->ended_at_us);
  add_sides (builder, "absent", snapshot->absent);
  kv_admin_http_add_int (builder, "lost_s", snapshot->lost_us / G_USEC_PER_SEC);
  kv_admin_http_add_int (builder, "makeup_s", snapshot->makeup_us / G_USEC_PER_SEC);
  json_builder_set_member_name (builder, "supervised");
  json_builder_add_boolean_value (builder, snapshot->supervised);
  add_sides (builder, "paused",
             (snapshot->prison_pause != KV_PAUSE_CATEGORY_NONE ? KV_SIDE_PRISON : 0) |
             (snapshot->community_pause != KV_PAUSE_CATEGORY_NONE ? KV_SIDE_COMMUNITY : 0));
  add_sides (builder, "muted", snapshot->muted);
  kv_admin_http_add_int (builder, "child_alerts", snapshot->child_alerts);
  add_staff_end (builder, snapshot);
  add_pauses (builder, "pauses", pauses, now_us);
  add_pauses (builder, "mutes", mutes, now_us);
  json_builder_end_object (builder);
}

/* GET /api/v1/sessions/ID: one visit's record, whether the server still
 * runs it or it ended long ago (until retention purges it). */
static void
sessions_show (KvAdminSessions   *self,
               SoupServerMessage *message,
               const char        *id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KvBookingRecord) record = NULL;
  g_autoptr(GPtrArray) pauses = NULL;
  g_autoptr(GPtrArray) mutes = NULL;
  gint64 now_us = kv_clock_get_now (self->clock);
  KvSession *session;

  if (!kv_booking_rules_check_id (id, &error))
    {
      kv_admin_http_respond_error (message, SOUP_STATUS_BAD_REQUEST, "bad-id", error->message);
      return;
    }
  record = kv_store_lookup_booking (self->store, id, &error);
  if (record == NULL)
    {
      kv_admin_http_respond_gerror (message, error);
      return;
    }
  pauses = kv_store_list_pauses (self->store, id, FALSE, &error);
  mutes = pauses != NULL ? kv_store_list_pauses (self->store, id, TRUE, &error) : NULL;
  if (mutes == NULL)
    {
      kv_admin_http_respond_gerror (message, error);
      return;
    }

  session = kv_signalling_handler_lookup_session (self->handler, id);
  if (session != NULL)
    {
      /* Running: the live figures (a pause or loss going on counts to now). */
      g_auto(KvSessionSnapshot) snapshot = { 0 };

      kv_session_get_snapshot (session, &snapshot);
      build_record (builder, kv_session_get_booking (session), &snapshot,
                    kv_session_get_end_time (session), kv_session_get_goodbye_time (session),
                    pauses, mutes, now_us);
    }
  else
    {
      const KvSiteRules *rules = kv_server_config_get_site_rules (self->config);
      KvSessionSnapshot *snapshot = &record->session;
      gint64 end_us = record->booking->end_us + snapshot->makeup_us;
      gint64 goodbye_us;

      if (snapshot->staff_goodbye_us != 0 && snapshot->staff_end_us != 0)
        {
          end_us = snapshot->staff_end_us;
          goodbye_us = snapshot->staff_goodbye_us;
        }
      else
        goodbye_us = end_us - rules->goodbye_us;
      if (record->cancelled_us != 0)
        {
          snapshot->state = KV_SESSION_STATE_ENDED;
          snapshot->outcome = KV_OUTCOME_CANCELLED;
          if (snapshot->ended_at_us == 0)
            snapshot->ended_at_us = record->cancelled_us;
        }
      build_record (builder, record->booking, snapshot, end_us, goodbye_us, pauses, mutes,
                    now_us);
    }
  kv_admin_http_respond_json (message, SOUP_STATUS_OK, builder);
}

/* POST /api/v1/sessions/ID/end {"category", "reason"} */
static void
sessions_end (KvAdminSessions   *self,
              SoupServerMessage *message,
              const char        *id,
              const char        *actor,
              GPtrArray         *out_envelopes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) envelopes = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *reason, *category_name;
  KvEndCategory category;
  KvSession *session;
  JsonObject *body;

  body = kv_admin_http_read_body (message, parser);
  if (body == NULL || !kv_admin_http_get_string (message, body, "reason", &reason) ||
      !kv_admin_http_get_string (message, body, "category", &category_name))
    return;
  if (reason == NULL)
    {
      kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST, "missing-field",
                                         "reason",
                                         "Field 'reason' is required: say why the visit ends");
      return;
    }
  /* Staff choose between a goodbye now and a stop: no default would be
   * right for both. */
  if (category_name == NULL)
    {
      kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST, "missing-field",
                                         "category",
                                         "Field 'category' is required: finished-early, "
                                         "child-upset, adult-unwell, technical-problem, other "
                                         "(a goodbye now) or safeguarding (stops at once)");
      return;
    }
  if (!kv_end_category_from_string (category_name, &category) ||
      category == KV_END_CATEGORY_NONE)
    {
      kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST, "bad-category",
                                         "category",
                                         "Field 'category' must be finished-early, child-upset, "
                                         "adult-unwell, technical-problem, other or "
                                         "safeguarding");
      return;
    }
  envelopes = kv_signalling_handler_end_session (self->handler, id, category, reason, actor,
                                                 &error);
  if (envelopes == NULL)
    {
      kv_admin_http_respond_gerror (message, error);
      return;
    }
  g_ptr_array_extend_and_steal (out_envelopes, g_steal_pointer (&envelopes));
  session = kv_signalling_handler_lookup_session (self->handler, id);
  json_builder_begin_object (builder);
  kv_admin_http_add_string (builder, "booking", id);
  kv_admin_http_add_string (builder, "state",
                            session != NULL
                              ? kv_session_state_to_string (kv_session_get_state (session))
                              : "ended");
  /* A goodbye staff started is still on: the outcome comes at its end. */
  kv_admin_http_add_string (builder, "outcome", session != NULL
                            ? kv_outcome_to_string (kv_session_get_outcome (session))
                            : "ended-by-staff");
  kv_admin_http_add_string (builder, "category", category_name);
  if (session != NULL)
    kv_admin_http_add_time (builder, "end", kv_session_get_end_time (session));
  json_builder_end_object (builder);
  kv_admin_http_respond_json (message, SOUP_STATUS_OK, builder);
}

/* POST /api/v1/sessions/ID/confirm {"side"}: the staff of a side confirm
 * their person is there. Officers confirm the prison side, coordinators
 * the community side; the admin token either. */
static void
sessions_confirm (KvAdminSessions      *self,
                  const KvAdminRequest *request)
{
  SoupServerMessage *message = request->message;
  const char *id = request->parts[1];
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) envelopes = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *side_text;
  KvStaffRoles needed;
  KvSideFlags side;
  KvSession *session;
  JsonObject *body;
  KvRole role;

  body = kv_admin_http_read_body (message, parser);
  if (body == NULL || !kv_admin_http_get_string (message, body, "side", &side_text))
    return;
  if (side_text == NULL || !kv_role_from_string (side_text, &role))
    {
      kv_admin_http_respond_field_error (message, SOUP_STATUS_BAD_REQUEST, "bad-side", "side",
                                         "Field 'side' must be prison or community");
      return;
    }
  side = role == KV_ROLE_PRISON ? KV_SIDE_PRISON : KV_SIDE_COMMUNITY;
  needed = role == KV_ROLE_PRISON ? KV_STAFF_ROLE_OFFICER : KV_STAFF_ROLE_COORDINATOR;
  if (!kv_admin_caller_has_role (request->caller, needed))
    {
      kv_admin_http_forbid (request, role == KV_ROLE_PRISON
                                       ? "Officers confirm the prison side"
                                       : "Coordinators confirm the community side");
      return;
    }
  envelopes = kv_signalling_handler_confirm_session (self->handler, id, side,
                                                     request->caller->actor, &error);
  if (envelopes == NULL)
    {
      kv_admin_http_respond_gerror (message, error);
      return;
    }
  g_ptr_array_extend_and_steal (request->out_envelopes, g_steal_pointer (&envelopes));
  session = kv_signalling_handler_lookup_session (self->handler, id);
  json_builder_begin_object (builder);
  kv_admin_http_add_string (builder, "booking", id);
  if (session != NULL)
    {
      kv_admin_http_add_string (builder, "state",
                                kv_session_state_to_string (kv_session_get_state (session)));
      json_builder_set_member_name (builder, "confirmed_sides");
      json_builder_add_int_value (builder, kv_session_get_confirmed (session));
    }
  json_builder_end_object (builder);
  kv_admin_http_respond_json (message, SOUP_STATUS_OK, builder);
}

static void
kv_admin_sessions_dispose (GObject *object)
{
  KvAdminSessions *self = KV_ADMIN_SESSIONS (object);

  g_clear_object (&self->config);
  g_clear_object (&self->store);
  g_clear_object (&self->handler);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (kv_admin_sessions_parent_class)->dispose (object);
}

static void
kv_admin_sessions_class_init (KvAdminSessionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kv_admin_sessions_dispose;
}

static void
kv_admin_sessions_init (KvAdminSessions *self)
{
}

KvAdminSessions *
kv_admin_sessions_new (KvServerConfig      *config,
                       KvStore             *store,
                       KvSignallingHandler *handler,
                       KvClock             *clock)
{
  KvAdminSessions *self = g_object_new (KV_TYPE_ADMIN_SESSIONS, NULL);

  self->config = g_object_ref (config);
  self->store = g_object_ref (store);
  self->handler = g_object_ref (handler);
  self->clock = g_object_ref (clock);
  return self;
}

/**
 * kv_admin_sessions_route:
 * @self: a #KvAdminSessions
 * @request: a request on /api/v1/sessions
 *
 * Returns: %FALSE if no endpoint of sessions answers @request (nothing was
 *   sent then)
 */
gboolean
kv_admin_sessions_route (KvAdminSessions      *self,
                         const KvAdminRequest *request)
{
  if (kv_admin_http_is_route (request, "GET", 1, NULL))
    sessions_list (self, request);
  else if (kv_admin_http_is_route (request, "GET", 2, NULL))
    {
      if (kv_admin_visit_access_require_see (request, request->parts[1]))
        sessions_show (self, request->message, request->parts[1]);
    }
  else if (kv_admin_http_is_route (request, "POST", 3, "end"))
    {
      if (kv_admin_visit_access_require_run (request, request->parts[1]))
        sessions_end (self, request->message, request->parts[1], request->caller->actor,
                      request->out_envelopes);
    }
  else if (kv_admin_http_is_route (request, "POST", 3, "confirm"))
    {
      if (kv_admin_visit_access_require_run (request, request->parts[1]))
        sessions_confirm (self, request);
    }
  else
    return FALSE;
  return TRUE;
}
