/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-kiosk"

#include "config.h"

#include "kv-visit.h"

#include "kv-core-enums.h"
#include "kv-kiosk-enums.h"

/**
 * KvVisit:
 *
 * One visit on this kiosk: one booking, joined once. It owns the visit's
 * clockwork (#KvVisitTimeline: times, cues, countdowns), its call
 * (#KvVisitCall), its session as the server describes it
 * (#KvVisitSession), what this kiosk tells the server of it
 * (#KvVisitRequests) and one #KvVisitState, which changes only through
 * kv_visit_state_next() (the table is in kv-visit-state.c).
 *
 * It is made when the server's `join` (or, after a restart, a `session`)
 * comes for its booking; kv_visit_join() sets up its call with media held.
 * From then on it follows what the server says of its booking (start,
 * cue, goodbye, end, session, and the peer's sdp and ice), what the call
 * does (media lost and back) and its own clock, which ends it at the slot
 * end whether or not the server can be reached: the server leads while it
 * can be reached; the kiosk's clock caps the visit whatever happens.
 *
 * Staff's pause and mute are the server's: the visit follows its
 * `session` (paused on either side: PAUSED, and the call holds this
 * side's sending; muted on either side: the call holds the sound), so
 * both kiosks do the same, whichever side's staff asked.
 *
 * Properties (read-only, notified only on change): "state",
 * "lost-seconds" (the server's count or the call's, whichever is more)
 * and "call" (the #KvVisitCall, from the join to the end).
 */

enum {
  PROP_0,
  PROP_CLOCK,
  PROP_SIGNALLER,
  PROP_CALL_FACTORY,
  PROP_ROLE,
  PROP_BOOKING_ID,
  PROP_OFFERER,
  PROP_ROOM_SUPERVISED,
  PROP_STATE,
  PROP_LOST_SECONDS,
  PROP_CALL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CUE_REACHED,
  SIGNAL_ENDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _KvVisit
{
  GObject parent_instance;

  /* Collaborators and identity (construct-only) */
  KvClock *clock;
  KvSignaller *signaller;
  KvCallFactory *call_factory;
  KvRole role;
  char *booking_id;
  gboolean offerer;
  gboolean room_supervised;

  KvVisitState state;
  KvVisitTimeline *timeline;
  KvVisitSession *session;
  KvVisitRequests *requests;
  KvVisitCall *call;            /* from the join until the end */
  guint lost_seconds;
};

G_DEFINE_FINAL_TYPE (KvVisit, kv_visit, G_TYPE_OBJECT)

static void
update_lost (KvVisit *self)
{
  gint64 lost_us = kv_visit_session_get_lost_us (self->session);
  guint lost_seconds;

  if (self->call != NULL)
    lost_us = MAX (lost_us, kv_visit_call_get_lost_us (self->call));
  lost_seconds = (guint) CLAMP (lost_us / KV_USEC_PER_SECOND, 0, G_MAXUINT);

  if (self->lost_seconds == lost_seconds)
    return;
  self->lost_seconds = lost_seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOST_SECONDS]);
}

/* The state ---------------------------------------------------------------- */

/* Feeds the facts that hold for a while (is the goodbye due, is the visit
 * paused, is media lost) after @state, so the state agrees with them
 * whatever event came first: a visit released in its last minute goes
 * straight to GOODBYE, one resumed with media gone to RECONNECTING. */
static KvVisitState
settle (KvVisit      *self,
        KvVisitState  state)
{
  gboolean goodbye_due =
    kv_clock_get_now (self->clock) >= kv_visit_timeline_get_goodbye (self->timeline) ||
    kv_visit_session_get_server_state (self->session) == KV_SESSION_STATE_GOODBYE;
  gboolean lost = self->call != NULL && kv_visit_call_get_media_lost (self->call);

  state = kv_visit_state_next (state, goodbye_due ? KV_VISIT_EVENT_GOODBYE
                                                  : KV_VISIT_EVENT_GOODBYE_POSTPONED);
  state = kv_visit_state_next (state, kv_visit_session_get_paused (self->session)
                                        ? KV_VISIT_EVENT_PAUSE : KV_VISIT_EVENT_RESUME);
  return kv_visit_state_next (state, lost ? KV_VISIT_EVENT_MEDIA_LOST : KV_VISIT_EVENT_MEDIA_BACK);
}

static void
set_state (KvVisit      *self,
           KvVisitState  state,
           const char   *why)
{
  if (state == self->state)
    return;

  g_debug ("Visit %s: %s -> %s (%s)", self->booking_id, kv_visit_state_to_string (self->state),
           kv_visit_state_to_string (state), why);
  self->state = state;
  /* A pause holds this side's sending, whichever side paused. */
  if (self->call != NULL)
    kv_visit_call_set_paused (self->call, kv_visit_state_is_held (state));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Every change of state goes through here: @event, then the facts. */
static void
apply (KvVisit      *self,
       KvVisitEvent  event)
{
  KvVisitState state = kv_visit_state_next (self->state, event);

  if (event != KV_VISIT_EVENT_END)
    state = settle (self, state);
  set_state (self, state, kv_visit_event_to_string (event));
}

/* The times or the server's view changed: the facts again, no event. */
static void
refresh (KvVisit *self)
{
  set_state (self, settle (self, self->state), "refreshed");
}

static void
stop_call (KvVisit *self)
{
  if (self->call == NULL)
    return;

  update_lost (self);
  g_signal_handlers_disconnect_by_data (self->call, self);
  g_signal_handlers_disconnect_by_data (kv_visit_call_get_backend (self->call), self);
  kv_visit_call_stop (self->call);
  g_clear_object (&self->call);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALL]);
}

static void
finish (KvVisit   *self,
        KvOutcome  outcome)
{
  if (!kv_visit_state_is_on (self->state))
    return;

  g_debug ("Visit over on this kiosk (%s)", kv_outcome_to_string (outcome));
  kv_visit_timeline_stop (self->timeline);
  stop_call (self);
  apply (self, KV_VISIT_EVENT_END);
  g_signal_emit (self, signals[SIGNAL_ENDED], 0, outcome);
}

static void
release (KvVisit *self)
{
  if (self->call != NULL)
    kv_visit_call_release (self->call);
  apply (self, KV_VISIT_EVENT_RELEASE);
}

/* What the call and the clock say -------------------------------------------- */

static void
on_call_media_lost_changed (GObject    *object,
                            GParamSpec *pspec,
                            gpointer    user_data)
{
  KvVisit *self = user_data;

  update_lost (self);
  apply (self, kv_visit_call_get_media_lost (self->call) ? KV_VISIT_EVENT_MEDIA_LOST
                                                         : KV_VISIT_EVENT_MEDIA_BACK);
}

static void
on_call_failed (KvVisitCall *call,
                GError      *error,
                gpointer     user_data)
{
  /* The visit goes on (the peer still sees and hears what it can) until
   * its end or a staff end. */
  refresh (KV_VISIT (user_data));
}

static void
on_backend_lost_changed (GObject    *object,
                         GParamSpec *pspec,
                         gpointer    user_data)
{
  update_lost (KV_VISIT (user_data));
}

static void
on_start_reached (KvVisitTimeline *timeline,
                  gpointer         user_data)
{
  KvVisit *self = user_data;
  KvSessionState server_state = kv_visit_session_get_server_state (self->session);

  /* Without the server's `start`, media is released only if the server
   * said before that the session is live (e.g. restored after a restart). */
  if (server_state == KV_SESSION_STATE_LIVE || server_state == KV_SESSION_STATE_GOODBYE)
    release (self);
}

static void
on_cue_due (KvVisitTimeline *timeline,
            guint            seconds_left,
            gboolean         half_way,
            gpointer         user_data)
{
  KvVisit *self = user_data;

  /* While the server can be reached, its `cue` leads (same moment on both
   * kiosks); without it, our own clock shows the cue. */
  if (kv_signaller_get_state (self->signaller) == KV_SIGNALLER_STATE_SIGNED_IN)
    return;
  if (!kv_visit_state_is_released (self->state))
    return;

  if (kv_visit_timeline_mark_cue_shown (self->timeline, seconds_left))
    g_signal_emit (self, signals[SIGNAL_CUE_REACHED], 0, seconds_left, half_way);
}

static void
on_goodbye_reached (KvVisitTimeline *timeline,
                    gpointer         user_data)
{
  apply (KV_VISIT (user_data), KV_VISIT_EVENT_GOODBYE);
}

static void
on_end_reached (KvVisitTimeline *timeline,
                gpointer         user_data)
{
  KvVisit *self = user_data;
  KvOutcome outcome = KV_OUTCOME_NO_SHOW;

  /* The slot (or the goodbye staff started) is over on this kiosk's clock:
   * end now, whatever the server says or does not say. Its `end` comes a
   * moment later and finds the visit over, so the outcome is the one the
   * server will record: staff's, if staff started the goodbye. */
  if (kv_visit_state_is_released (self->state))
    outcome = kv_visit_session_get_end_category (self->session) != KV_END_CATEGORY_NONE
                ? KV_OUTCOME_ENDED_BY_STAFF
                : KV_OUTCOME_COMPLETED;
  finish (self, outcome);
}

/* What the server says of this booking ----------------------------------- */

static void
on_session_muted_changed (GObject    *object,
                          GParamSpec *pspec,
                          gpointer    user_data)
{
  KvVisit *self = user_data;

  /* Muted on either side: this side's sound is held too. */
  if (self->call != NULL)
    kv_visit_call_set_audio_held (self->call, kv_visit_session_get_muted (self->session));
}

static void
handle_start (KvVisit       *self,
              const KvStart *start)
{
  if (!kv_visit_state_is_on (self->state))
    return;

  kv_visit_session_set_server_state (self->session, KV_SESSION_STATE_LIVE);
  kv_visit_timeline_move_end (self->timeline, start->end_us);
  release (self);
}

static void
handle_cue (KvVisit     *self,
            const KvCue *cue)
{
  if (kv_visit_state_is_on (self->state) &&
      kv_visit_timeline_mark_cue_shown (self->timeline, cue->seconds_left))
    g_signal_emit (self, signals[SIGNAL_CUE_REACHED], 0, cue->seconds_left, cue->half_way);
}

static void
handle_goodbye (KvVisit         *self,
                const KvGoodbye *goodbye)
{
  if (!kv_visit_state_is_on (self->state))
    return;

  /* The goodbye lifts the pauses (as on the server), so they can wave. */
  kv_visit_session_set_server_state (self->session, KV_SESSION_STATE_GOODBYE);
  kv_visit_session_set_end_category (self->session, goodbye->category);
  kv_visit_timeline_move_end (self->timeline, goodbye->end_us);
  kv_visit_timeline_begin_goodbye (self->timeline);
  release (self);
}

static void
handle_end (KvVisit     *self,
            const KvEnd *end)
{
  kv_visit_session_set_lost_us (self->session, end->lost_us);
  kv_visit_session_set_end_category (self->session, end->category);
  update_lost (self);
  finish (self, end->outcome);
}

/* GObject ---------------------------------------------------------------- */

static void
kv_visit_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  KvVisit *self = KV_VISIT (object);

  switch (prop_id)
    {
    case PROP_CLOCK: g_value_set_object (value, self->clock); break;
    case PROP_SIGNALLER: g_value_set_object (value, self->signaller); break;
    case PROP_CALL_FACTORY: g_value_set_object (value, self->call_factory); break;
    case PROP_ROLE: g_value_set_enum (value, self->role); break;
    case PROP_BOOKING_ID: g_value_set_string (value, self->booking_id); break;
    case PROP_OFFERER: g_value_set_boolean (value, self->offerer); break;
    case PROP_ROOM_SUPERVISED: g_value_set_boolean (value, self->room_supervised); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_LOST_SECONDS: g_value_set_uint (value, self->lost_seconds); break;
    case PROP_CALL: g_value_set_object (value, self->call); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_visit_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  KvVisit *self = KV_VISIT (object);

  switch (prop_id)
    {
    case PROP_CLOCK: self->clock = g_value_dup_object (value); break;
    case PROP_SIGNALLER: self->signaller = g_value_dup_object (value); break;
    case PROP_CALL_FACTORY: self->call_factory = g_value_dup_object (value); break;
    case PROP_ROLE: self->role = g_value_get_enum (value); break;
    case PROP_BOOKING_ID: self->booking_id = g_value_dup_string (value); break;
    case PROP_OFFERER: self->offerer = g_value_get_boolean (value); break;
    case PROP_ROOM_SUPERVISED: self->room_supervised = g_value_get_boolean (value); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_visit_constructed (GObject *object)
{
  KvVisit *self = KV_VISIT (object);

  G_OBJECT_CLASS (kv_visit_parent_class)->constructed (object);

  g_assert (KV_IS_CLOCK (self->clock));
  g_assert (KV_IS_SIGNALLER (self->signaller));
  g_assert (KV_IS_CALL_FACTORY (self->call_factory));
  g_assert (self->booking_id != NULL);

  self->session = kv_visit_session_new (self->role);
  self->requests = kv_visit_requests_new (self->signaller, self->role, self->booking_id,
                                          self->room_supervised);
  g_signal_connect_object (self->session, "notify::muted", G_CALLBACK (on_session_muted_changed),
                           self, 0);
  self->timeline = kv_visit_timeline_new (self->clock);
  g_signal_connect_object (self->timeline, "start-reached",
                           G_CALLBACK (on_start_reached), self, 0);
  g_signal_connect_object (self->timeline, "cue-due", G_CALLBACK (on_cue_due), self, 0);
  g_signal_connect_object (self->timeline, "goodbye-reached",
                           G_CALLBACK (on_goodbye_reached), self, 0);
  g_signal_connect_object (self->timeline, "end-reached",
                           G_CALLBACK (on_end_reached), self, 0);
}

static void
kv_visit_dispose (GObject *object)
{
  KvVisit *self = KV_VISIT (object);

  if (self->timeline != NULL)
    kv_visit_stop (self);
  g_clear_object (&self->timeline);
  g_clear_object (&self->session);
  g_clear_object (&self->requests);
  g_clear_object (&self->call_factory);
  g_clear_object (&self->signaller);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (kv_visit_parent_class)->dispose (object);
}

static void
kv_visit_finalize (GObject *object)
{
  g_free (KV_VISIT (object)->booking_id);

  G_OBJECT_CLASS (kv_visit_parent_class)->finalize (object);
}

static void
kv_visit_class_init (KvVisitClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = kv_visit_get_property;
  object_class->set_property = kv_visit_set_property;
  object_class->constructed = kv_visit_constructed;
  object_class->dispose = kv_visit_dispose;
  object_class->finalize = kv_visit_finalize;

  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, KV_TYPE_CLOCK, construct);
  properties[PROP_SIGNALLER] =
    g_param_spec_object ("signaller", NULL, NULL, KV_TYPE_SIGNALLER, construct);
  properties[PROP_CALL_FACTORY] =
    g_param_spec_object ("call-factory", NULL, NULL, KV_TYPE_CALL_FACTORY, construct);
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, KV_TYPE_ROLE, KV_ROLE_COMMUNITY, construct);
  properties[PROP_BOOKING_ID] =
    g_param_spec_string ("booking-id", NULL, NULL, NULL, construct);
  /**
   * KvVisit:offerer:
   *
   * Whether this side sends the offer (the prison kiosk does).
   */
  properties[PROP_OFFERER] =
    g_param_spec_boolean ("offerer", NULL, NULL, FALSE, construct);
  /**
   * KvVisit:room-supervised:
   *
   * Whether this kiosk's room is supervised (prison kiosks only; said in
   * `presence`).
   */
  properties[PROP_ROOM_SUPERVISED] =
    g_param_spec_boolean ("room-supervised", NULL, NULL, FALSE, construct);
  /**
   * KvVisit:state:
   *
   * Where the visit is; see #KvVisitState.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, KV_TYPE_VISIT_STATE, KV_VISIT_STATE_WAITING, ro);
  /**
   * KvVisit:lost-seconds:
   *
   * Time without media, in seconds: the server's count or the call's,
   * whichever is more.
   */
  properties[PROP_LOST_SECONDS] =
    g_param_spec_uint ("lost-seconds", NULL, NULL, 0, G_MAXUINT, 0, ro);
  /**
   * KvVisit:call:
   *
   * The visit's call, from the join to the end, or %NULL.
   */
  properties[PROP_CALL] =
    g_param_spec_object ("call", NULL, NULL, KV_TYPE_VISIT_CALL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KvVisit::cue-reached:
   * @self: the visit
   * @seconds_left: the cue point, as time left
   * @half_way: whether it is the half-way cue
   *
   * A gentle time cue is due, once per cue point: from the server's `cue`
   * or, when the server cannot be reached, from the kiosk's own clock.
   */
  signals[SIGNAL_CUE_REACHED] =
    g_signal_new ("cue-reached", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BOOLEAN);

  /**
   * KvVisit::ended:
   * @self: the visit
   * @outcome: how the visit ended
   *
   * The visit is over (once); its state is already ENDED.
   */
  signals[SIGNAL_ENDED] =
    g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KV_TYPE_OUTCOME);
}

static void
kv_visit_init (KvVisit *self)
{
  self->state = KV_VISIT_STATE_WAITING;
}

/**
 * kv_visit_new:
 * @clock: the kiosk's clock (server time)
 * @signaller: the link to the server
 * @call_factory: makes the visit's call
 * @role: which side this kiosk is on
 * @booking_id: the booking
 * @offerer: whether this side sends the offer
 *
 * Returns: (transfer full): a visit, not joined yet (see kv_visit_join())
 */
KvVisit *
kv_visit_new (KvClock       *clock,
              KvSignaller   *signaller,
              KvCallFactory *call_factory,
              KvRole         role,
              const char    *booking_id,
              gboolean       offerer)
{
  g_return_val_if_fail (KV_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (KV_IS_SIGNALLER (signaller), NULL);
  g_return_val_if_fail (KV_IS_CALL_FACTORY (call_factory), NULL);
  g_return_val_if_fail (booking_id != NULL, NULL);

  return g_object_new (KV_TYPE_VISIT,
                       "clock", clock,
                       "signaller", signaller,
                       "call-factory", call_factory,
                       "role", role,
                       "booking-id", booking_id,
                       "offerer", offerer,
                       NULL);
}

/**
 * kv_visit_join:
 * @self: a #KvVisit, not joined yet
 * @start_us: the slot start
 * @end_us: the slot end
 * @goodbye_at_us: when the protected goodbye begins
 * @cues: (array length=n_cues): the cue points, as time left
 * @n_cues: how many
 * @ice_servers: (nullable) (element-type KvIceServer): from the join
 * @release_now: the visit is already on (restored after a restart):
 *   media is released before the state is first seen, so the screens go
 *   straight to the visit
 * @error: return location for the call engine's #KV_MEDIA_ERROR
 *
 * Sets up the call with media held and tells the server this kiosk is
 * here. On failure the visit stays unjoined and is to be dropped.
 *
 * Returns: whether the call could be set up
 */
gboolean
kv_visit_join (KvVisit      *self,
               gint64        start_us,
               gint64        end_us,
               gint64        goodbye_at_us,
               const guint  *cues,
               guint         n_cues,
               GPtrArray    *ice_servers,
               gboolean      release_now,
               GError      **error)
{
  g_autoptr(KvCallBackend) backend = NULL;

  g_return_val_if_fail (KV_IS_VISIT (self), FALSE);
  g_return_val_if_fail (self->call == NULL, FALSE);

  g_debug ("Joining a visit (%s)", self->offerer ? "offerer" : "answerer");
  kv_visit_timeline_set_cues (self->timeline, cues, n_cues);
  kv_visit_timeline_set_times (self->timeline, start_us, end_us, goodbye_at_us);

  backend = kv_call_factory_create_call (self->call_factory, self->offerer, ice_servers, error);
  if (backend == NULL)
    {
      kv_visit_timeline_stop (self->timeline);
      return FALSE;
    }

  self->call = kv_visit_call_new (backend, self->signaller, self->booking_id);
  g_signal_connect_object (self->call, "notify::media-lost",
                           G_CALLBACK (on_call_media_lost_changed), self, 0);
  g_signal_connect_object (self->call, "failed", G_CALLBACK (on_call_failed), self, 0);
  g_signal_connect_object (backend, "notify::lost-us",
                           G_CALLBACK (on_backend_lost_changed), self, 0);
  kv_visit_call_set_audio_held (self->call, kv_visit_session_get_muted (self->session));
  kv_visit_call_start (self->call);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALL]);

  if (release_now)
    kv_visit_call_release (self->call);
  kv_visit_requests_send_presence (self->requests, TRUE);
  if (release_now)
    apply (self, KV_VISIT_EVENT_RELEASE);
  else
    refresh (self);
  return TRUE;
}

/**
 * kv_visit_rejoin:
 * @self: a #KvVisit that is on
 * @start_us: the slot start
 * @end_us: the effective end
 * @goodbye_at_us: when the protected goodbye begins
 * @cues: (array length=n_cues): the cue points, as time left
 * @n_cues: how many
 *
 * The server repeated the join of this visit: the call goes on; the times
 * and cues are taken again.
 */
void
kv_visit_rejoin (KvVisit     *self,
                 gint64       start_us,
                 gint64       end_us,
                 gint64       goodbye_at_us,
                 const guint *cues,
                 guint        n_cues)
{
  g_return_if_fail (KV_IS_VISIT (self));

  kv_visit_timeline_set_cues (self->timeline, cues, n_cues);
  kv_visit_timeline_set_times (self->timeline, start_us, end_us, goodbye_at_us);
  refresh (self);
}

/**
 * kv_visit_handle_message:
 * @self: a #KvVisit
 * @message: from the server: start, cue, goodbye, end, sdp or ice
 *
 * Follows what the server says, if it is about this visit's booking and
 * comes at a moment it can apply; anything else is dropped.
 */
void
kv_visit_handle_message (KvVisit         *self,
                         const KvMessage *message)
{
  g_return_if_fail (KV_IS_VISIT (self));
  g_return_if_fail (message != NULL);

  switch (message->type)
    {
    case KV_MESSAGE_START:
      if (kv_visit_has_booking (self, message->start.booking_id))
        handle_start (self, &message->start);
      break;

    case KV_MESSAGE_CUE:
      if (kv_visit_has_booking (self, message->cue.booking_id))
        handle_cue (self, &message->cue);
      break;

    case KV_MESSAGE_GOODBYE:
      if (kv_visit_has_booking (self, message->goodbye.booking_id))
        handle_goodbye (self, &message->goodbye);
      break;

    case KV_MESSAGE_END:
      if (kv_visit_has_booking (self, message->end.booking_id))
        handle_end (self, &message->end);
      break;

    /* The call checks the booking and the generation itself. */
    case KV_MESSAGE_SDP:
      if (self->call != NULL)
        kv_visit_call_handle_sdp (self->call, &message->sdp);
      break;

    case KV_MESSAGE_ICE:
      if (self->call != NULL)
        kv_visit_call_handle_ice (self->call, &message->ice);
      break;

    default:
      break;
    }
}

/**
 * kv_visit_handle_session:
 * @self: a #KvVisit
 * @session: the server's snapshot of this visit's session
 *
 * Takes the snapshot (#KvVisitSession) and follows the server's state:
 * live starts the visit, ended ends it. A visit that is over still takes
 * the figures.
 */
void
kv_visit_handle_session (KvVisit             *self,
                         const KvSessionInfo *session)
{
  gboolean peer_arrived;

  g_return_if_fail (KV_IS_VISIT (self));
  g_return_if_fail (kv_visit_has_booking (self, session->booking_id));

  peer_arrived = kv_visit_session_take_snapshot (self->session, session);
  update_lost (self);

  if (!kv_visit_state_is_on (self->state))
    return;

  if (peer_arrived && self->call != NULL)
    kv_visit_call_peer_arrived (self->call);

  /* Make-up time moves the end (and the goodbye) later. */
  if (session->end_us > 0)
    kv_visit_timeline_set_times (self->timeline, session->start_us, session->end_us,
                                 session->goodbye_us);

  if (session->state == KV_SESSION_STATE_LIVE || session->state == KV_SESSION_STATE_GOODBYE)
    release (self);
  else if (session->state == KV_SESSION_STATE_ENDED)
    finish (self, session->outcome);
  else
    refresh (self);
}

/**
 * kv_visit_end:
 * @self: a #KvVisit
 * @outcome: how it ended
 *
 * Ends the visit on this kiosk now (staff, a revoked kiosk): the call
 * stops, the state becomes ENDED and #KvVisit::ended is emitted, once.
 */
void
kv_visit_end (KvVisit   *self,
              KvOutcome  outcome)
{
  g_return_if_fail (KV_IS_VISIT (self));

  finish (self, outcome);
}

/**
 * kv_visit_end_by_staff:
 * @self: a #KvVisit
 * @category: why staff ended it
 *
 * Like kv_visit_end() with %KV_OUTCOME_ENDED_BY_STAFF, for an end that
 * cannot wait for the server (a safeguarding stop while it cannot be
 * reached): the session says why, as the server's `end` would have.
 */
void
kv_visit_end_by_staff (KvVisit       *self,
                       KvEndCategory  category)
{
  g_return_if_fail (KV_IS_VISIT (self));

  if (!kv_visit_state_is_on (self->state))
    return;
  kv_visit_session_set_end_category (self->session, category);
  finish (self, KV_OUTCOME_ENDED_BY_STAFF);
}

/**
 * kv_visit_stop:
 * @self: a #KvVisit
 *
 * The kiosk shuts down: the call and the visit's clock stop and nothing is
 * emitted any more. Not an end of the visit (the server still has it).
 */
void
kv_visit_stop (KvVisit *self)
{
  g_return_if_fail (KV_IS_VISIT (self));

  if (self->call != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->call, self);
      g_signal_handlers_disconnect_by_data (kv_visit_call_get_backend (self->call), self);
      kv_visit_call_stop (self->call);
      g_clear_object (&self->call);
    }
  g_signal_handlers_disconnect_by_data (self->timeline, self);
  kv_visit_timeline_stop (self->timeline);
}

KvVisitState
kv_visit_get_state (KvVisit *self)
{
  g_return_val_if_fail (KV_IS_VISIT (self), KV_VISIT_STATE_ENDED);
  return self->state;
}

const char *
kv_visit_get_booking_id (KvVisit *self)
{
  g_return_val_if_fail (KV_IS_VISIT (self), NULL);
  return self->booking_id;
}

gboolean
kv_visit_has_booking (KvVisit    *self,
                      const char *booking_id)
{
  g_return_val_if_fail (KV_IS_VISIT (self), FALSE);
  return g_strcmp0 (self->booking_id, booking_id) == 0;
}

guint
kv_visit_get_lost_seconds (KvVisit *self)
{
  g_return_val_if_fail (KV_IS_VISIT (self), 0);
  return self->lost_seconds;
}

/**
 * kv_visit_get_call:
 * @self: a #KvVisit
 *
 * Returns: (transfer none) (nullable): the visit's call, from the join to
 *   the end (the camera is in use while there is one)
 */
KvVisitCall *
kv_visit_get_call (KvVisit *self)
{
  g_return_val_if_fail (KV_IS_VISIT (self), NULL);
  return self->call;
}

/**
 * kv_visit_get_session:
 * @self: a #KvVisit
 *
 * Returns: (transfer none): the visit's session, as the server describes it
 */
KvVisitSession *
kv_visit_get_session (KvVisit *self)
{
  g_return_val_if_fail (KV_IS_VISIT (self), NULL);
  return self->session;
}

/**
 * kv_visit_get_requests:
 * @self: a #KvVisit
 *
 * Returns: (transfer none): what this kiosk tells the server of the visit
 */
KvVisitRequests *
kv_visit_get_requests (KvVisit *self)
{
  g_return_val_if_fail (KV_IS_VISIT (self), NULL);
  return self->requests;
}

/**
 * kv_visit_get_timeline:
 * @self: a #KvVisit
 *
 * Returns: (transfer none): the visit's times and countdowns
 */
KvVisitTimeline *
kv_visit_get_timeline (KvVisit *self)
{
  g_return_val_if_fail (KV_IS_VISIT (self), NULL);
  return self->timeline;
}
