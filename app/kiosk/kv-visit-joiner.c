/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-kiosk"

#include "config.h"

#include "kv-visit-joiner.h"

#include "kv-core-enums.h"
#include "kv-site-rules.h"

/**
 * KvVisitJoiner:
 *
 * Decides which visit the kiosk is in, one at a time: it makes the
 * #KvVisit of a booking when the server's `join` comes (or, after a
 * restart, a `session` of a visit that is on), and hands the server's news
 * of a booking to its visit. Back on the server after a lost link, it says
 * again that this kiosk is at its visit; a kiosk the server refuses
 * (revoked by an administrator, a deliberate act) holds no visit.
 *
 * Back-to-back visits: when the next visit's join window opens while a
 * visit is on, that visit keeps every minute; the next one's `join` (or
 * `session`) is kept and joined the moment the visit is over. A `session`
 * that comes before its `join` waits a moment for it (the join carries the
 * TURN credentials). A visit that ended here is not joined again when the
 * server repeats its join.
 *
 * Properties (read-only, notified only on change): "visit", the visit the
 * kiosk is in or has just had (%NULL before the first, and after a join
 * whose call could not be set up).
 *
 * Signals: #KvVisitJoiner::joining before a visit's call is set up (the
 * camera is needed), #KvVisitJoiner::join-failed when it could not be.
 */

/* How long a session snapshot of a visit not yet on waits for its join. */
#define JOIN_WAIT_US (2 * KV_USEC_PER_SECOND)

enum {
  PROP_0,
  PROP_CLOCK,
  PROP_SIGNALLER,
  PROP_CALL_FACTORY,
  PROP_ROLE,
  PROP_ROOM_SUPERVISED,
  PROP_VISIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_JOINING,
  SIGNAL_JOIN_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _KvVisitJoiner
{
  GObject parent_instance;

  KvClock *clock;
  KvSignaller *signaller;
  KvCallFactory *call_factory;
  KvRole role;
  gboolean room_supervised;

  KvVisit *visit;
  KvMessage *pending_join;     /* the next visit's join, while one is on */
  KvMessage *pending_session;  /* a snapshot waiting for its join */
  guint pending_session_alarm;
};

G_DEFINE_FINAL_TYPE (KvVisitJoiner, kv_visit_joiner, G_TYPE_OBJECT)

static void handle_session (KvVisitJoiner       *self,
                            const KvSessionInfo *session,
                            gboolean             waited);

static gboolean
is_on (KvVisitJoiner *self)
{
  return self->visit != NULL && kv_visit_state_is_on (kv_visit_get_state (self->visit));
}

static gboolean
is_current (KvVisitJoiner *self,
            const char    *booking_id)
{
  return self->visit != NULL && kv_visit_has_booking (self->visit, booking_id);
}

static gboolean
is_over_here (KvVisitJoiner *self,
              const char    *booking_id)
{
  return is_current (self, booking_id) && !is_on (self);
}

static void on_visit_ended (KvVisit *visit, KvOutcome outcome, gpointer user_data);

static void
set_visit (KvVisitJoiner *self,
           KvVisit       *visit)
{
  if (self->visit == visit)
    return;
  if (self->visit != NULL)
    g_signal_handlers_disconnect_by_data (self->visit, self);
  g_set_object (&self->visit, visit);
  /* After everyone else heard of the end: the next visit is joined last. */
  if (visit != NULL)
    g_signal_connect_object (visit, "ended", G_CALLBACK (on_visit_ended), self,
                             G_CONNECT_AFTER);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIT]);
}

/* Joins a visit: from a `join`, or from a `session` after a restart. */
static void
begin (KvVisitJoiner *self,
       const char    *booking_id,
       gboolean       offerer,
       gint64         start_us,
       gint64         end_us,
       gint64         goodbye_at_us,
       const guint   *cues,
       guint          n_cues,
       GPtrArray     *ice_servers,
       gboolean       release_now)
{
  g_autoptr(KvVisit) visit = NULL;
  g_autoptr(GError) error = NULL;

  if (is_on (self) && is_current (self, booking_id))
    {
      kv_visit_rejoin (self->visit, start_us, end_us, goodbye_at_us, cues, n_cues);
      return;
    }

  if (is_on (self))
    {
      g_warning ("A new visit begins while another is on: ending that one here");
      kv_visit_end (self->visit, KV_OUTCOME_NONE);
    }

  visit = g_object_new (KV_TYPE_VISIT,
                        "clock", self->clock,
                        "signaller", self->signaller,
                        "call-factory", self->call_factory,
                        "role", self->role,
                        "booking-id", booking_id,
                        "offerer", offerer,
                        "room-supervised", self->room_supervised,
                        NULL);
  g_signal_emit (self, signals[SIGNAL_JOINING], 0, visit);
  if (!kv_visit_join (visit, start_us, end_us, goodbye_at_us, cues, n_cues, ice_servers,
                      release_now, &error))
    {
      /* Whatever the media engine lacks (a camera, a plugin), staff need
       * to fix this kiosk's devices before it can hold a visit. A join
       * repeated later tries again. */
      g_warning ("Could not set up the call: %s", error->message);
      set_visit (self, NULL);
      g_signal_emit (self, signals[SIGNAL_JOIN_FAILED], 0, error);
      return;
    }
  set_visit (self, visit);
}

/* kv_message_copy() copies whole messages; the handlers get members. */
static KvMessage *
copy_join (const KvJoin *join)
{
  KvMessage wrapper = { .type = KV_MESSAGE_JOIN };

  wrapper.join = *join;
  return kv_message_copy (&wrapper);
}

static void
handle_join (KvVisitJoiner *self,
             const KvJoin  *join)
{
  g_autoptr(KvMessage) session = NULL;

  /* A visit that ended here (say, staff ended it while the server was
   * out of reach) is not joined again when the server repeats its join. */
  if (is_over_here (self, join->booking_id))
    {
      g_debug ("Ignored a join for the visit that just ended");
      return;
    }

  /* Back-to-back visits: the next join window opens while this visit is
   * still on. One call at a time, and this visit keeps every minute: the
   * next one is joined the moment this one is over. */
  if (is_on (self) && !is_current (self, join->booking_id))
    {
      g_debug ("Keeping the next visit's join until this visit is over");
      g_clear_pointer (&self->pending_join, kv_message_free);
      self->pending_join = copy_join (join);
      return;
    }

  begin (self, join->booking_id, join->offerer, join->start_us, join->end_us,
         join->end_us - join->goodbye_us, join->cues, join->n_cues, join->ice_servers, FALSE);

  /* A session snapshot that came just before the join applies now. */
  if (self->pending_session != NULL &&
      is_current (self, self->pending_session->session.booking_id))
    {
      kv_clear_alarm (self->clock, &self->pending_session_alarm);
      session = g_steal_pointer (&self->pending_session);
      handle_session (self, &session->session, TRUE);
    }
}

static void
on_session_wait_over (gpointer user_data)
{
  KvVisitJoiner *self = user_data;
  g_autoptr(KvMessage) session = g_steal_pointer (&self->pending_session);

  self->pending_session_alarm = 0;
  if (session != NULL && !is_on (self))
    handle_session (self, &session->session, TRUE);
}

static void
keep_session (KvVisitJoiner       *self,
              const KvSessionInfo *session,
              gboolean             wait)
{
  KvMessage *copy = kv_message_new (KV_MESSAGE_SESSION);

  copy->session = *session;
  copy->session.booking_id = g_strdup (session->booking_id);
  g_clear_pointer (&self->pending_session, kv_message_free);
  self->pending_session = copy;

  if (wait && self->pending_session_alarm == 0)
    self->pending_session_alarm =
      kv_clock_add_alarm (self->clock, kv_clock_get_now (self->clock) + JOIN_WAIT_US,
                          on_session_wait_over, self, NULL);
}

static void
begin_from_session (KvVisitJoiner       *self,
                    const KvSessionInfo *session)
{
  KvSiteRules rules;
  guint cues[KV_SITE_RULES_MAX_CUES];
  guint n_cues = 0;
  /* The booked slot: the session's end includes the make-up time. */
  gint64 slot_us = MAX (0, session->end_us - session->makeup_us - session->start_us);

  /* A session of ours is on but we have not joined it: this kiosk was
   * restarted, or the join was missed. Join from the snapshot; the
   * prison kiosk offers, and the cue points are the site defaults, cut
   * to the slot's length as the server does. */
  kv_site_rules_init_defaults (&rules);
  if (rules.cue_half_way)
    cues[n_cues++] = (guint) ((session->end_us - session->start_us) / 2 / KV_USEC_PER_SECOND);
  n_cues += kv_site_rules_get_slot_cues (&rules, slot_us, cues + n_cues,
                                         G_N_ELEMENTS (cues) - n_cues);

  begin (self, session->booking_id, self->role == KV_ROLE_PRISON,
         session->start_us, session->end_us, session->goodbye_us, cues, n_cues, NULL,
         session->state == KV_SESSION_STATE_LIVE || session->state == KV_SESSION_STATE_GOODBYE);
}

static void
handle_session (KvVisitJoiner       *self,
                const KvSessionInfo *session,
                gboolean             waited)
{
  gboolean on = session->state == KV_SESSION_STATE_JOINABLE ||
                session->state == KV_SESSION_STATE_READY ||
                session->state == KV_SESSION_STATE_LIVE ||
                session->state == KV_SESSION_STATE_GOODBYE;
  gboolean live = session->state == KV_SESSION_STATE_LIVE ||
                  session->state == KV_SESSION_STATE_GOODBYE;

  if (is_on (self) && !is_current (self, session->booking_id))
    {
      /* The next visit's news, while this one is on: kept for later. */
      if (on)
        keep_session (self, session, FALSE);
      return;
    }

  if (!is_on (self) && on && !is_over_here (self, session->booking_id))
    {
      /* Before a live session, the join (with the TURN credentials) is
       * normally on its way: give it a moment before joining without. */
      if (!live && !waited)
        {
          keep_session (self, session, TRUE);
          return;
        }
      begin_from_session (self, session);
    }

  if (is_current (self, session->booking_id))
    kv_visit_handle_session (self->visit, session);
}

/* After a visit is over, joins the next one whose join (or session) came
 * while it was on. */
static void
on_visit_ended (KvVisit   *visit,
                KvOutcome  outcome,
                gpointer   user_data)
{
  KvVisitJoiner *self = user_data;
  g_autoptr(KvMessage) join = g_steal_pointer (&self->pending_join);

  if (is_on (self))
    return;

  if (join != NULL && join->join.end_us > kv_clock_get_now (self->clock))
    handle_join (self, &join->join);
  else if (self->pending_session != NULL && self->pending_session_alarm == 0)
    on_session_wait_over (self);
}

/* The messages are already validated by the codec; here they are checked
 * against the visit (right booking, right moment) and otherwise dropped. */
static void
on_message_received (KvSignaller *signaller,
                     KvMessage   *message,
                     gpointer     user_data)
{
  KvVisitJoiner *self = user_data;

  switch (message->type)
    {
    case KV_MESSAGE_JOIN:
      handle_join (self, &message->join);
      break;

    case KV_MESSAGE_SESSION:
      handle_session (self, &message->session, FALSE);
      break;

    case KV_MESSAGE_START:
    case KV_MESSAGE_CUE:
    case KV_MESSAGE_GOODBYE:
    case KV_MESSAGE_END:
    case KV_MESSAGE_SDP:
    case KV_MESSAGE_ICE:
      if (self->visit != NULL)
        kv_visit_handle_message (self->visit, message);
      break;

    case KV_MESSAGE_ERROR:
      g_message ("The server refused a %s message: %s",
                 message->error.in_reply_to != NULL ? message->error.in_reply_to : "(unknown)",
                 kv_protocol_error_to_string (message->error.code));
      break;

    default:
      g_debug ("Ignored a %s message", kv_message_type_to_string (message->type));
      break;
    }
}

static void
on_signed_in (KvSignaller *signaller,
              KvMessage   *welcome,
              gpointer     user_data)
{
  KvVisitJoiner *self = user_data;

  /* Back after a lost link in the middle of a visit: we are still here. */
  if (is_on (self))
    kv_visit_requests_send_presence (kv_visit_get_requests (self->visit), TRUE);
}

static void
on_signaller_state_changed (GObject    *object,
                            GParamSpec *pspec,
                            gpointer    user_data)
{
  KvVisitJoiner *self = user_data;

  /* A refused (revoked) kiosk holds no visit: revocation is a deliberate
   * act by an administrator. */
  if (kv_signaller_get_state (self->signaller) == KV_SIGNALLER_STATE_REFUSED && is_on (self))
    kv_visit_end (self->visit, KV_OUTCOME_CANCELLED);
}

static void
kv_visit_joiner_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KvVisitJoiner *self = KV_VISIT_JOINER (object);

  switch (prop_id)
    {
    case PROP_CLOCK: g_value_set_object (value, self->clock); break;
    case PROP_SIGNALLER: g_value_set_object (value, self->signaller); break;
    case PROP_CALL_FACTORY: g_value_set_object (value, self->call_factory); break;
    case PROP_ROLE: g_value_set_enum (value, self->role); break;
    case PROP_ROOM_SUPERVISED: g_value_set_boolean (value, self->room_supervised); break;
    case PROP_VISIT: g_value_set_object (value, self->visit); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_visit_joiner_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KvVisitJoiner *self = KV_VISIT_JOINER (object);

  switch (prop_id)
    {
    case PROP_CLOCK: self->clock = g_value_dup_object (value); break;
    case PROP_SIGNALLER: self->signaller = g_value_dup_object (value); break;
    case PROP_CALL_FACTORY: self->call_factory = g_value_dup_object (value); break;
    case PROP_ROLE: self->role = g_value_get_enum (value); break;
    case PROP_ROOM_SUPERVISED: self->room_supervised = g_value_get_boolean (value); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_visit_joiner_constructed (GObject *object)
{
  KvVisitJoiner *self = KV_VISIT_JOINER (object);

  G_OBJECT_CLASS (kv_visit_joiner_parent_class)->constructed (object);

  g_signal_connect_object (self->signaller, "message-received",
                           G_CALLBACK (on_message_received), self, 0);
  g_signal_connect_object (self->signaller, "signed-in", G_CALLBACK (on_signed_in), self, 0);
  g_signal_connect_object (self->signaller, "notify::state",
                           G_CALLBACK (on_signaller_state_changed), self, 0);
}

static void
kv_visit_joiner_dispose (GObject *object)
{
  KvVisitJoiner *self = KV_VISIT_JOINER (object);

  if (self->clock != NULL)
    kv_visit_joiner_stop (self);
  g_clear_object (&self->visit);
  g_clear_object (&self->call_factory);
  g_clear_object (&self->signaller);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (kv_visit_joiner_parent_class)->dispose (object);
}

static void
kv_visit_joiner_class_init (KvVisitJoinerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                G_PARAM_STATIC_STRINGS;

  object_class->get_property = kv_visit_joiner_get_property;
  object_class->set_property = kv_visit_joiner_set_property;
  object_class->constructed = kv_visit_joiner_constructed;
  object_class->dispose = kv_visit_joiner_dispose;

  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, KV_TYPE_CLOCK, construct);
  properties[PROP_SIGNALLER] =
    g_param_spec_object ("signaller", NULL, NULL, KV_TYPE_SIGNALLER, construct);
  properties[PROP_CALL_FACTORY] =
    g_param_spec_object ("call-factory", NULL, NULL, KV_TYPE_CALL_FACTORY, construct);
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, KV_TYPE_ROLE, KV_ROLE_COMMUNITY, construct);
  /**
   * KvVisitJoiner:room-supervised:
   *
   * Whether this (prison) kiosk's room is supervised; its visits say so
   * in `presence`.
   */
  properties[PROP_ROOM_SUPERVISED] =
    g_param_spec_boolean ("room-supervised", NULL, NULL, FALSE, construct);
  /**
   * KvVisitJoiner:visit:
   *
   * The visit the kiosk is in or has just had, or %NULL.
   */
  properties[PROP_VISIT] =
    g_param_spec_object ("visit", NULL, NULL, KV_TYPE_VISIT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KvVisitJoiner::joining:
   * @self: the joiner
   * @visit: the visit about to be joined
   *
   * A visit's call is about to be set up: whatever uses the camera lets go
   * of it now (one camera user at a time).
   */
  signals[SIGNAL_JOINING] =
    g_signal_new ("joining", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KV_TYPE_VISIT);

  /**
   * KvVisitJoiner::join-failed:
   * @self: the joiner
   * @error: why the call could not be set up, a #KV_MEDIA_ERROR
   *
   * The visit could not be joined: this kiosk's devices need staff.
   */
  signals[SIGNAL_JOIN_FAILED] =
    g_signal_new ("join-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
kv_visit_joiner_init (KvVisitJoiner *self)
{
}

KvVisitJoiner *
kv_visit_joiner_new (KvClock       *clock,
                     KvSignaller   *signaller,
                     KvCallFactory *call_factory,
                     KvRole         role,
                     gboolean       room_supervised)
{
  g_return_val_if_fail (KV_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (KV_IS_SIGNALLER (signaller), NULL);
  g_return_val_if_fail (KV_IS_CALL_FACTORY (call_factory), NULL);

  return g_object_new (KV_TYPE_VISIT_JOINER,
                       "clock", clock,
                       "signaller", signaller,
                       "call-factory", call_factory,
                       "role", role,
                       "room-supervised", room_supervised,
                       NULL);
}

/**
 * kv_visit_joiner_stop:
 * @self: a #KvVisitJoiner
 *
 * The kiosk shuts down: the visit's call and clock stop (it is not ended:
 * the server still has it) and nothing kept is joined any more.
 */
void
kv_visit_joiner_stop (KvVisitJoiner *self)
{
  g_return_if_fail (KV_IS_VISIT_JOINER (self));

  g_signal_handlers_disconnect_by_data (self->signaller, self);
  kv_clear_alarm (self->clock, &self->pending_session_alarm);
  g_clear_pointer (&self->pending_session, kv_message_free);
  g_clear_pointer (&self->pending_join, kv_message_free);
  if (self->visit != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->visit, self);
      kv_visit_stop (self->visit);
    }
}

/**
 * kv_visit_joiner_get_visit:
 * @self: a #KvVisitJoiner
 *
 * Returns: (transfer none) (nullable): the visit the kiosk is in or has
 *   just had
 */
KvVisit *
kv_visit_joiner_get_visit (KvVisitJoiner *self)
{
  g_return_val_if_fail (KV_IS_VISIT_JOINER (self), NULL);
  return self->visit;
}
