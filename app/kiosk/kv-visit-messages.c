/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-kiosk"

#include "config.h"

#include "kv-visit-controller-private.h"

#include "kv-site-rules.h"

/* After a sign-in, how long to wait for the server's `session` of a visit
 * that is on right now before showing the idle screen: a restarted kiosk
 * goes straight back into its visit instead of flashing "no visit". */
#define RESTORE_GRACE_US (5 * KV_USEC_PER_SECOND)

/* How long a session snapshot of a visit not yet on waits for its join. */
#define JOIN_WAIT_US (2 * KV_USEC_PER_SECOND)

/* What the server says to #KvVisitController: schedule, join, session,
 * start, cue, goodbye, end, sdp and ice, plus the state of the link. The
 * messages are already validated by the codec; here they are checked
 * against the visit (right booking, right moment) and otherwise dropped. */

static int
compare_bookings (gconstpointer a,
                  gconstpointer b)
{
  const KvBooking *x = *(const KvBooking * const *) a;
  const KvBooking *y = *(const KvBooking * const *) b;

  if (x->start_us != y->start_us)
    return x->start_us < y->start_us ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

static void
handle_schedule (KvVisitController *self,
                 const KvSchedule  *schedule)
{
  g_ptr_array_set_size (self->bookings, 0);
  for (guint i = 0; i < schedule->bookings->len; i++)
    g_ptr_array_add (self->bookings, kv_booking_copy (g_ptr_array_index (schedule->bookings, i)));
  g_ptr_array_sort (self->bookings, compare_bookings);
  self->have_schedule = TRUE;

  kv_visit_flow_update_resting_phase (self);
}

static void handle_session (KvVisitController   *self,
                            const KvSessionInfo *session,
                            gboolean             waited);

/* kv_message_copy() copies whole messages; the handlers get members. */
static KvMessage *
copy_join (const KvJoin *join)
{
  KvMessage wrapper = { .type = KV_MESSAGE_JOIN };

  wrapper.join = *join;
  return kv_message_copy (&wrapper);
}

static void
handle_join (KvVisitController *self,
             const KvJoin      *join)
{
  g_autoptr(KvMessage) session = NULL;

  /* A visit that ended here (say, staff ended it while the server was
   * out of reach) is not joined again when the server repeats its join. */
  if (!self->visit_active && self->visit_ended &&
      kv_visit_flow_is_current (self, join->booking_id))
    {
      g_debug ("Ignored a join for the visit that just ended");
      return;
    }

  /* Back-to-back visits: the next join window opens while this visit is
   * still on. One call at a time, and this visit keeps every minute: the
   * next one is joined the moment this one is over. */
  if (self->visit_active && !kv_visit_flow_is_current (self, join->booking_id))
    {
      g_debug ("Keeping the next visit's join until this visit is over");
      g_clear_pointer (&self->pending_join, kv_message_free);
      self->pending_join = copy_join (join);
      return;
    }

  self->goodbye_length_us = join->goodbye_us;
  self->visit_offerer = join->offerer;
  kv_visit_flow_begin (self, join->booking_id, join->offerer, join->start_us, join->end_us,
                       join->end_us - join->goodbye_us, join->cues, join->n_cues,
                       join->ice_servers, FALSE);

  /* A session snapshot that came just before the join applies now. */
  if (self->pending_session != NULL &&
      kv_visit_flow_is_current (self, self->pending_session->session.booking_id))
    {
      kv_clear_alarm (self->clock, &self->pending_session_alarm);
      session = g_steal_pointer (&self->pending_session);
      handle_session (self, &session->session, TRUE);
    }
}

static void
on_session_wait_over (gpointer user_data)
{
  KvVisitController *self = user_data;
  g_autoptr(KvMessage) session = g_steal_pointer (&self->pending_session);

  self->pending_session_alarm = 0;
  if (session != NULL && !self->visit_active)
    handle_session (self, &session->session, TRUE);
}

static void
keep_session (KvVisitController   *self,
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
begin_from_session (KvVisitController   *self,
                    const KvSessionInfo *session)
{
  KvSiteRules rules;
  guint cues[KV_SITE_RULES_MAX_CUES];
  guint n_cues = 0;

  /* A session of ours is on but we have not joined it: this kiosk was
   * restarted, or the join was missed. Join from the snapshot; the
   * prison kiosk offers, and the cue points are the site defaults. */
  kv_site_rules_init_defaults (&rules);
  if (rules.cue_half_way)
    cues[n_cues++] = (guint) ((session->end_us - session->start_us) / 2 / KV_USEC_PER_SECOND);
  for (guint i = 0; i < rules.n_cues && n_cues < KV_SITE_RULES_MAX_CUES; i++)
    cues[n_cues++] = rules.cue_seconds_left[i];

  self->goodbye_length_us = session->end_us - session->goodbye_us;
  kv_visit_flow_begin (self, session->booking_id,
                       kv_visit_controller_get_role (self) == KV_ROLE_PRISON,
                       session->start_us, session->end_us, session->goodbye_us,
                       cues, n_cues, NULL,
                       session->state == KV_SESSION_STATE_LIVE ||
                       session->state == KV_SESSION_STATE_GOODBYE);
}

static void
handle_session (KvVisitController   *self,
                const KvSessionInfo *session,
                gboolean             waited)
{
  gboolean on = session->state == KV_SESSION_STATE_JOINABLE ||
                session->state == KV_SESSION_STATE_READY ||
                session->state == KV_SESSION_STATE_LIVE ||
                session->state == KV_SESSION_STATE_GOODBYE;
  gboolean live = session->state == KV_SESSION_STATE_LIVE ||
                  session->state == KV_SESSION_STATE_GOODBYE;
  KvSideFlags own = kv_visit_flow_own_side (self);
  KvSideFlags peer = kv_visit_flow_peer_side (self);
  gboolean peer_arrived;

  if (self->visit_active && !kv_visit_flow_is_current (self, session->booking_id))
    {
      /* The next visit's news, while this one is on: kept for later. */
      if (on)
        keep_session (self, session, FALSE);
      return;
    }

  if (!self->visit_active && on &&
      !(kv_visit_flow_is_current (self, session->booking_id) && self->visit_ended))
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

  if (!kv_visit_flow_is_current (self, session->booking_id))
    return;

  self->have_session_state = TRUE;
  self->session_state = session->state;
  self->server_lost_us = session->lost_us;

  peer_arrived = !self->peer_present && (session->present & peer) != 0;
  g_object_freeze_notify (G_OBJECT (self));
  kv_visit_controller_set_boolean (self, &self->peer_present,
                                   (session->present & peer) != 0, PROP_PEER_PRESENT);
  kv_visit_controller_set_boolean (self, &self->self_confirmed,
                                   (session->confirmed & own) != 0, PROP_SELF_CONFIRMED);
  kv_visit_controller_set_boolean (self, &self->peer_confirmed,
                                   (session->confirmed & peer) != 0, PROP_PEER_CONFIRMED);
  kv_visit_controller_set_uint (self, &self->makeup_seconds,
                                (guint) CLAMP (session->makeup_us / KV_USEC_PER_SECOND,
                                               0, G_MAXUINT),
                                PROP_MAKEUP_SECONDS);
  kv_visit_flow_update_lost (self);
  g_object_thaw_notify (G_OBJECT (self));

  if (!self->visit_active)
    return;

  if (peer_arrived && self->call != NULL)
    kv_visit_call_peer_arrived (self->call);

  if (session->end_us > 0)
    {
      /* Make-up time moves the end (and the goodbye) later. */
      self->goodbye_length_us = session->end_us - session->goodbye_us;
      kv_visit_flow_set_times (self, session->start_us, session->end_us, session->goodbye_us);
    }

  if (session->state == KV_SESSION_STATE_LIVE || session->state == KV_SESSION_STATE_GOODBYE)
    kv_visit_flow_release (self);
  else if (session->state == KV_SESSION_STATE_ENDED)
    kv_visit_flow_finish (self, session->outcome);
  else
    kv_visit_flow_evaluate_phase (self);
}

static void
update_end (KvVisitController *self,
            gint64             end_us)
{
  if (end_us <= 0 || end_us == kv_visit_timeline_get_end (self->timeline))
    return;

  kv_visit_flow_set_times (self, kv_visit_timeline_get_start (self->timeline), end_us,
                   end_us - self->goodbye_length_us);
}

static void
handle_start (KvVisitController *self,
              const KvStart     *start)
{
  if (!self->visit_active || !kv_visit_flow_is_current (self, start->booking_id))
    return;

  self->have_session_state = TRUE;
  self->session_state = KV_SESSION_STATE_LIVE;
  update_end (self, start->end_us);
  kv_visit_flow_release (self);
}

static void
handle_cue (KvVisitController *self,
            const KvCue       *cue)
{
  if (!self->visit_active || !kv_visit_flow_is_current (self, cue->booking_id))
    return;

  if (kv_visit_timeline_mark_cue_shown (self->timeline, cue->seconds_left))
    g_signal_emit (self, kv_visit_controller_signals[SIGNAL_CUE_REACHED], 0,
                   cue->seconds_left, cue->half_way);
}

static void
handle_goodbye (KvVisitController *self,
                const KvGoodbye   *goodbye)
{
  gint64 now = kv_clock_get_now (self->clock);

  if (!self->visit_active || !kv_visit_flow_is_current (self, goodbye->booking_id))
    return;

  self->have_session_state = TRUE;
  self->session_state = KV_SESSION_STATE_GOODBYE;
  update_end (self, goodbye->end_us);
  if (now < kv_visit_timeline_get_goodbye (self->timeline))
    kv_visit_flow_set_times (self, kv_visit_timeline_get_start (self->timeline),
                     kv_visit_timeline_get_end (self->timeline), now);
  kv_visit_flow_release (self);
}

static void
handle_end (KvVisitController *self,
            const KvEnd       *end)
{
  if (!kv_visit_flow_is_current (self, end->booking_id))
    return;

  self->server_lost_us = end->lost_us;
  kv_visit_flow_update_lost (self);
  kv_visit_flow_finish (self, end->outcome);
}

static void
on_message_received (KvSignaller *signaller,
                     KvMessage   *message,
                     gpointer     user_data)
{
  KvVisitController *self = user_data;

  switch (message->type)
    {
    case KV_MESSAGE_SCHEDULE:
      handle_schedule (self, &message->schedule);
      break;

    case KV_MESSAGE_JOIN:
      handle_join (self, &message->join);
      break;

    case KV_MESSAGE_SESSION:
      handle_session (self, &message->session, FALSE);
      break;

    case KV_MESSAGE_START:
      handle_start (self, &message->start);
      break;

    case KV_MESSAGE_CUE:
      handle_cue (self, &message->cue);
      break;

    case KV_MESSAGE_GOODBYE:
      handle_goodbye (self, &message->goodbye);
      break;

    case KV_MESSAGE_END:
      handle_end (self, &message->end);
      break;

    case KV_MESSAGE_SDP:
      if (self->call != NULL)
        kv_visit_call_handle_sdp (self->call, &message->sdp);
      break;

    case KV_MESSAGE_ICE:
      if (self->call != NULL)
        kv_visit_call_handle_ice (self->call, &message->ice);
      break;

    case KV_MESSAGE_ERROR:
      g_message ("The server refused a %s message: %s",
                 message->error.in_reply_to != NULL ? message->error.in_reply_to : "(unknown)",
                 kv_protocol_error_to_string (message->error.code));
      break;

    case KV_MESSAGE_HELLO:
    case KV_MESSAGE_WELCOME:
    case KV_MESSAGE_PING:
    case KV_MESSAGE_PONG:
    case KV_MESSAGE_PRESENCE:
    case KV_MESSAGE_CONFIRM:
    case KV_MESSAGE_STAFF_END:
    case KV_MESSAGE_MEDIA:
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
  KvVisitController *self = user_data;

  self->ever_signed_in = TRUE;
  self->link_tried = TRUE;
  self->link_failed = FALSE;
  g_free (self->kiosk_id);
  self->kiosk_id = g_strdup (welcome->welcome.kiosk_id);
  /* The configured label wins; else the one the server knows. */
  if (kv_kiosk_config_get_label (self->config) == NULL ||
      *kv_kiosk_config_get_label (self->config) == '\0')
    kv_visit_controller_set_string (self, &self->kiosk_label,
                                    welcome->welcome.kiosk_label != NULL
                                      ? welcome->welcome.kiosk_label : welcome->welcome.kiosk_id,
                                    PROP_KIOSK_LABEL);

  self->restore_until = kv_clock_get_now (self->clock) + RESTORE_GRACE_US;
  kv_clear_alarm (self->clock, &self->restore_alarm);

  /* Back after a lost link in the middle of a visit: we are still here. */
  if (self->visit_active)
    kv_visit_flow_send_presence (self, TRUE);

  kv_visit_flow_update_resting_phase (self);
}

static void
on_signaller_state_changed (GObject    *object,
                            GParamSpec *pspec,
                            gpointer    user_data)
{
  KvVisitController *self = user_data;
  KvSignallerState state = kv_signaller_get_state (self->signaller);

  if (state != KV_SIGNALLER_STATE_DISCONNECTED)
    self->link_tried = TRUE;
  else if (self->link_tried)
    self->link_failed = TRUE;

  /* A refused (revoked) kiosk holds no visit: revocation is a deliberate
   * act by an administrator. */
  if (state == KV_SIGNALLER_STATE_REFUSED && self->visit_active)
    kv_visit_flow_finish (self, KV_OUTCOME_CANCELLED);

  kv_visit_flow_update_resting_phase (self);
}

/**
 * kv_visit_messages_replay_pending:
 * @self: the controller
 *
 * After a visit is over, joins the next one whose join (or session) came
 * while it was on.
 */
void
kv_visit_messages_replay_pending (KvVisitController *self)
{
  g_autoptr(KvMessage) join = g_steal_pointer (&self->pending_join);

  if (self->visit_active)
    return;

  if (join != NULL && join->join.end_us > kv_clock_get_now (self->clock))
    handle_join (self, &join->join);
  else if (self->pending_session != NULL && self->pending_session_alarm == 0)
    on_session_wait_over (self);
}

void
kv_visit_messages_clear (KvVisitController *self)
{
  kv_clear_alarm (self->clock, &self->pending_session_alarm);
  g_clear_pointer (&self->pending_session, kv_message_free);
  g_clear_pointer (&self->pending_join, kv_message_free);
}

void
kv_visit_messages_connect (KvVisitController *self)
{
  g_signal_connect_object (self->signaller, "notify::state",
                           G_CALLBACK (on_signaller_state_changed), self, 0);
  g_signal_connect_object (self->signaller, "signed-in", G_CALLBACK (on_signed_in), self, 0);
  g_signal_connect_object (self->signaller, "message-received",
                           G_CALLBACK (on_message_received), self, 0);
}
