/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-kiosk"

#include "config.h"

#include "kv-visit-controller-private.h"

/* The visit flow of #KvVisitController: what the server says (schedule,
 * join, session, start, cue, goodbye, end, sdp, ice), what the call does
 * (media lost/back, stickers, failures) and what the visit's own clock says
 * (start, cues, goodbye, end). The server leads while it can be reached;
 * the kiosk's clock caps the visit whatever happens. */



KvSideFlags
kv_visit_flow_own_side (KvVisitController *self)
{
  return kv_role_to_side (kv_visit_controller_get_role (self));
}

KvSideFlags
kv_visit_flow_peer_side (KvVisitController *self)
{
  return KV_SIDE_BOTH & ~kv_visit_flow_own_side (self);
}

gboolean
kv_visit_flow_is_current (KvVisitController *self,
                  const char        *booking_id)
{
  return self->visit_booking_id != NULL && g_strcmp0 (booking_id, self->visit_booking_id) == 0;
}

static const KvBooking *
find_booking (KvVisitController *self,
              const char        *booking_id)
{
  for (guint i = 0; i < self->bookings->len; i++)
    {
      const KvBooking *booking = g_ptr_array_index (self->bookings, i);

      if (g_strcmp0 (booking->id, booking_id) == 0)
        return booking;
    }

  return NULL;
}

static void
set_labels_from_booking (KvVisitController *self,
                         const KvBooking   *booking)
{
  KvRole role = kv_visit_controller_get_role (self);
  KvRole peer_role = role == KV_ROLE_PRISON ? KV_ROLE_COMMUNITY : KV_ROLE_PRISON;

  g_object_freeze_notify (G_OBJECT (self));
  kv_visit_controller_set_string (self, &self->peer_label,
                                  booking != NULL ? kv_booking_get_label (booking, peer_role)
                                                  : NULL,
                                  PROP_PEER_LABEL);
  kv_visit_controller_set_string (self, &self->self_label,
                                  booking != NULL ? kv_booking_get_label (booking, role) : NULL,
                                  PROP_SELF_LABEL);
  if (self->age_band != (booking != NULL ? booking->age_band : KV_AGE_BAND_UNSPECIFIED))
    {
      self->age_band = booking != NULL ? booking->age_band : KV_AGE_BAND_UNSPECIFIED;
      g_object_notify_by_pspec (G_OBJECT (self), kv_visit_controller_properties[PROP_AGE_BAND]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
update_clock_props (KvVisitController *self)
{
  gint64 now = kv_clock_get_now (self->clock);
  gint64 start = self->visit_start;
  gint64 end = self->visit_end;
  guint seconds_left = 0;
  double progress = 0.0;

  switch (self->phase)
    {
    case KV_VISIT_PHASE_WAITING:
      if (start > now)
        seconds_left = (guint) MIN ((start - now + KV_USEC_PER_SECOND - 1) / KV_USEC_PER_SECOND,
                                    G_MAXUINT);
      break;

    case KV_VISIT_PHASE_LIVE:
    case KV_VISIT_PHASE_RECONNECTING:
    case KV_VISIT_PHASE_GOODBYE:
      if (end > now)
        seconds_left = (guint) MIN ((end - now + KV_USEC_PER_SECOND - 1) / KV_USEC_PER_SECOND,
                                    G_MAXUINT);
      progress = end > start ? CLAMP ((double) (now - start) / (double) (end - start), 0.0, 1.0)
                             : 1.0;
      break;

    case KV_VISIT_PHASE_AFTER:
      progress = 1.0;
      break;

    case KV_VISIT_PHASE_STARTING:
    case KV_VISIT_PHASE_UNAVAILABLE:
    case KV_VISIT_PHASE_IDLE:
    default:
      break;
    }

  g_object_freeze_notify (G_OBJECT (self));
  kv_visit_controller_set_uint (self, &self->seconds_left, seconds_left, PROP_SECONDS_LEFT);
  kv_visit_controller_set_double (self, &self->progress, progress, PROP_PROGRESS);
  g_object_thaw_notify (G_OBJECT (self));
}

void
kv_visit_flow_update_lost (KvVisitController *self)
{
  gint64 lost_us = self->server_lost_us;

  if (self->call != NULL)
    lost_us = MAX (lost_us, kv_visit_call_get_lost_us (self->call));

  kv_visit_controller_set_uint (self, &self->lost_seconds,
                                (guint) CLAMP (lost_us / KV_USEC_PER_SECOND, 0, G_MAXUINT),
                                PROP_LOST_SECONDS);
}

static void on_next_visit_over (gpointer user_data);

void
kv_visit_flow_update_next_visit (KvVisitController *self)
{
  gint64 now = kv_clock_get_now (self->clock);
  const KvBooking *next = NULL;

  for (guint i = 0; i < self->bookings->len && next == NULL; i++)
    {
      const KvBooking *booking = g_ptr_array_index (self->bookings, i);

      if (booking->end_us <= now)
        continue;
      /* The visit on now, or just over, is not the next one. */
      if (kv_visit_flow_is_current (self, booking->id) && (self->visit_active || self->visit_ended))
        continue;
      next = booking;
    }

  g_object_freeze_notify (G_OBJECT (self));
  kv_visit_controller_set_int64 (self, &self->next_visit_start, next != NULL ? next->start_us : 0,
                                 PROP_NEXT_VISIT_START);
  kv_visit_controller_set_int64 (self, &self->next_visit_end, next != NULL ? next->end_us : 0,
                                 PROP_NEXT_VISIT_END);
  /* Between visits the labels say who comes next. */
  if (!self->visit_active && self->after_alarm == 0)
    set_labels_from_booking (self, next);
  g_object_thaw_notify (G_OBJECT (self));

  kv_clear_alarm (self->clock, &self->next_alarm);
  if (next != NULL)
    self->next_alarm = kv_clock_add_alarm (self->clock, next->end_us,
                                           on_next_visit_over, self, NULL);
}

static gboolean
has_visit_on_now (KvVisitController *self)
{
  gint64 now = kv_clock_get_now (self->clock);

  for (guint i = 0; i < self->bookings->len; i++)
    {
      const KvBooking *booking = g_ptr_array_index (self->bookings, i);

      if (booking->start_us <= now && now < booking->end_us &&
          !(kv_visit_flow_is_current (self, booking->id) && self->visit_ended))
        return TRUE;
    }

  return FALSE;
}

static void
on_restore_over (gpointer user_data)
{
  KvVisitController *self = user_data;

  self->restore_alarm = 0;
  kv_visit_flow_update_resting_phase (self);
}

/* The phase when no visit is on: what the link and the schedule allow. */
void
kv_visit_flow_update_resting_phase (KvVisitController *self)
{
  KvSignallerState state = kv_signaller_get_state (self->signaller);
  gint64 now = kv_clock_get_now (self->clock);

  kv_visit_flow_update_next_visit (self);

  if (self->visit_active || self->after_alarm != 0)
    return;

  if (state == KV_SIGNALLER_STATE_REFUSED)
    kv_visit_controller_set_phase (self, KV_VISIT_PHASE_UNAVAILABLE, KV_UNAVAILABLE_REFUSED);
  else if (state != KV_SIGNALLER_STATE_SIGNED_IN)
    /* Signing in for the first time is "starting"; once a try failed, the
     * kiosk says the server cannot be reached while it keeps retrying. */
    kv_visit_controller_set_phase (self,
                                   self->link_failed ? KV_VISIT_PHASE_UNAVAILABLE
                                                     : KV_VISIT_PHASE_STARTING,
                                   KV_UNAVAILABLE_NO_NETWORK);
  else if (!self->have_schedule)
    kv_visit_controller_set_phase (self, KV_VISIT_PHASE_STARTING, KV_UNAVAILABLE_NONE);
  else if (self->no_camera)
    kv_visit_controller_set_phase (self, KV_VISIT_PHASE_UNAVAILABLE, KV_UNAVAILABLE_NO_CAMERA);
  else if (now < self->restore_until && has_visit_on_now (self))
    {
      kv_visit_controller_set_phase (self, KV_VISIT_PHASE_STARTING, KV_UNAVAILABLE_NONE);
      if (self->restore_alarm == 0)
        self->restore_alarm = kv_clock_add_alarm (self->clock, self->restore_until,
                                                  on_restore_over, self, NULL);
    }
  else if (self->next_visit_start != 0)
    kv_visit_controller_set_phase (self, KV_VISIT_PHASE_IDLE, KV_UNAVAILABLE_NONE);
  else
    kv_visit_controller_set_phase (self, KV_VISIT_PHASE_UNAVAILABLE, KV_UNAVAILABLE_NO_BOOKING);

  update_clock_props (self);
}

static void
on_next_visit_over (gpointer user_data)
{
  KvVisitController *self = user_data;

  self->next_alarm = 0;
  kv_visit_flow_update_resting_phase (self);
}

static void
on_after_over (gpointer user_data)
{
  KvVisitController *self = user_data;

  self->after_alarm = 0;
  kv_visit_flow_update_resting_phase (self);
}

void
kv_visit_flow_send_presence (KvVisitController *self,
                             gboolean           present)
{
  g_autoptr(KvMessage) message = kv_message_new (KV_MESSAGE_PRESENCE);
  g_autoptr(GError) error = NULL;

  message->presence.booking_id = g_strdup (self->visit_booking_id);
  message->presence.present = present;
  if (!kv_signaller_send (self->signaller, message, &error))
    g_debug ("Could not send presence: %s", error->message);
}

void
kv_visit_flow_set_times (KvVisitController *self,
                 gint64             start_us,
                 gint64             end_us,
                 gint64             goodbye_at_us)
{
  kv_visit_timeline_set_times (self->timeline, start_us, end_us, goodbye_at_us);

  g_object_freeze_notify (G_OBJECT (self));
  kv_visit_controller_set_int64 (self, &self->visit_start, start_us, PROP_VISIT_START);
  kv_visit_controller_set_int64 (self, &self->visit_end, kv_visit_timeline_get_end (self->timeline),
                                 PROP_VISIT_END);
  update_clock_props (self);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
stop_call (KvVisitController *self)
{
  if (self->call == NULL)
    return;

  kv_visit_flow_update_lost (self);
  g_signal_handlers_disconnect_by_data (self->call, self);
  g_signal_handlers_disconnect_by_data (kv_visit_call_get_backend (self->call), self);
  kv_visit_call_stop (self->call);
  g_clear_object (&self->call);
  kv_visit_controller_update_media (self);
}

/**
 * kv_visit_flow_finish:
 * @self: the controller
 * @outcome: how the visit ended
 *
 * Ends the visit on this kiosk: the call stops, the AFTER phase begins and
 * "ended" is emitted (once per visit).
 */
void
kv_visit_flow_finish (KvVisitController *self,
                      KvOutcome          outcome)
{
  if (!self->visit_active)
    return;

  g_debug ("Visit over on this kiosk (%s)", kv_outcome_to_string (outcome));
  self->visit_active = FALSE;
  kv_visit_timeline_stop (self->timeline);
  stop_call (self);

  kv_clear_alarm (self->clock, &self->after_alarm);
  self->after_alarm = kv_clock_add_alarm (self->clock,
                                          kv_clock_get_now (self->clock) +
                                          KV_VISIT_AFTER_SECONDS * KV_USEC_PER_SECOND,
                                          on_after_over, self, NULL);
  kv_visit_controller_set_phase (self, KV_VISIT_PHASE_AFTER, KV_UNAVAILABLE_NONE);
  update_clock_props (self);

  if (!self->visit_ended)
    {
      self->visit_ended = TRUE;
      kv_visit_flow_update_next_visit (self);
      g_signal_emit (self, kv_visit_controller_signals[SIGNAL_ENDED], 0, outcome);
    }

  kv_visit_messages_replay_pending (self);
}

void
kv_visit_flow_release (KvVisitController *self)
{
  if (self->call != NULL)
    kv_visit_call_release (self->call);
  kv_visit_flow_evaluate_phase (self);
}

void
kv_visit_flow_evaluate_phase (KvVisitController *self)
{
  gint64 now = kv_clock_get_now (self->clock);
  KvVisitPhase phase;

  if (!self->visit_active)
    return;

  if (self->call == NULL || !kv_visit_call_get_released (self->call))
    phase = KV_VISIT_PHASE_WAITING;
  else if (now >= kv_visit_timeline_get_goodbye (self->timeline) ||
           (self->have_session_state && self->session_state == KV_SESSION_STATE_GOODBYE))
    /* The goodbye is protected: a media loss in it does not take it away. */
    phase = KV_VISIT_PHASE_GOODBYE;
  else if (kv_visit_call_get_media_lost (self->call))
    phase = KV_VISIT_PHASE_RECONNECTING;
  else
    phase = KV_VISIT_PHASE_LIVE;

  kv_visit_controller_set_phase (self, phase, KV_UNAVAILABLE_NONE);
  update_clock_props (self);
}

static void
on_call_media_lost_changed (GObject    *object,
                            GParamSpec *pspec,
                            gpointer    user_data)
{
  KvVisitController *self = user_data;

  kv_visit_flow_update_lost (self);
  kv_visit_flow_evaluate_phase (self);
}

static void
on_call_sticker_received (KvVisitCall *call,
                          const char  *sticker_id,
                          gpointer     user_data)
{
  KvVisitController *self = user_data;

  if (self->phase == KV_VISIT_PHASE_LIVE || self->phase == KV_VISIT_PHASE_RECONNECTING ||
      self->phase == KV_VISIT_PHASE_GOODBYE)
    g_signal_emit (self, kv_visit_controller_signals[SIGNAL_STICKER_SHOWN], 0, sticker_id, TRUE);
}

static void
on_call_failed (KvVisitCall *call,
                GError      *error,
                gpointer     user_data)
{
  KvVisitController *self = user_data;

  /* The camera went away mid-call: say so once the visit is over. The
   * visit itself goes on (the peer still sees and hears what it can) until
   * its end or a staff end. */
  if (g_error_matches (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_DEVICE_MISSING))
    self->no_camera = TRUE;
  kv_visit_flow_evaluate_phase (self);
}

static void
on_backend_media_changed (GObject    *object,
                          GParamSpec *pspec,
                          gpointer    user_data)
{
  kv_visit_controller_update_media (KV_VISIT_CONTROLLER (user_data));
}

static void
on_backend_lost_changed (GObject    *object,
                         GParamSpec *pspec,
                         gpointer    user_data)
{
  kv_visit_flow_update_lost (KV_VISIT_CONTROLLER (user_data));
}

static gboolean
create_call (KvVisitController *self,
             GPtrArray         *ice_servers)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvCallBackend) backend = NULL;

  /* One camera user at a time: a staff device test gives way to the visit. */
  kv_visit_controller_stop_preview (self);

  backend = kv_call_factory_create_call (self->call_factory, self->visit_offerer, ice_servers,
                                         &error);
  if (backend == NULL)
    {
      /* Whatever the media engine lacks (a camera, a plugin), staff need
       * to fix this kiosk's devices before it can hold a visit. */
      g_warning ("Could not set up the call: %s", error->message);
      self->no_camera = TRUE;
      return FALSE;
    }

  self->no_camera = FALSE;
  self->call = kv_visit_call_new (backend, self->signaller, self->visit_booking_id);
  g_signal_connect_object (self->call, "notify::media-lost",
                           G_CALLBACK (on_call_media_lost_changed), self, 0);
  g_signal_connect_object (self->call, "sticker-received",
                           G_CALLBACK (on_call_sticker_received), self, 0);
  g_signal_connect_object (self->call, "failed", G_CALLBACK (on_call_failed), self, 0);
  g_signal_connect_object (backend, "notify::remote-paintable",
                           G_CALLBACK (on_backend_media_changed), self, 0);
  g_signal_connect_object (backend, "notify::self-paintable",
                           G_CALLBACK (on_backend_media_changed), self, 0);
  g_signal_connect_object (backend, "notify::input-level",
                           G_CALLBACK (on_backend_media_changed), self, 0);
  g_signal_connect_object (backend, "notify::lost-us",
                           G_CALLBACK (on_backend_lost_changed), self, 0);

  kv_visit_call_set_picture_paused (self->call, self->picture_paused);
  kv_visit_call_start (self->call);
  kv_visit_controller_update_media (self);

  return TRUE;
}

/* Joins a visit: from a `join`, or from a `session` after a restart. */
void
kv_visit_flow_begin (KvVisitController *self,
             const char        *booking_id,
             gboolean           offerer,
             gint64             start_us,
             gint64             end_us,
             gint64             goodbye_at_us,
             const guint       *cues,
             guint              n_cues,
             GPtrArray         *ice_servers,
             gboolean           release_now)
{
  if (self->visit_active && kv_visit_flow_is_current (self, booking_id))
    {
      kv_visit_timeline_set_cues (self->timeline, cues, n_cues);
      kv_visit_flow_set_times (self, start_us, end_us, goodbye_at_us);
      kv_visit_flow_evaluate_phase (self);
      return;
    }

  if (self->visit_active)
    {
      g_warning ("A new visit begins while another is on: ending that one here");
      kv_visit_flow_finish (self, KV_OUTCOME_NONE);
    }

  g_debug ("Joining a visit (%s)", offerer ? "offerer" : "answerer");
  kv_clear_alarm (self->clock, &self->after_alarm);
  g_free (self->visit_booking_id);
  self->visit_booking_id = g_strdup (booking_id);
  self->visit_active = TRUE;
  self->visit_ended = FALSE;
  self->visit_offerer = offerer;
  self->have_session_state = FALSE;
  self->server_lost_us = 0;

  g_object_freeze_notify (G_OBJECT (self));
  set_labels_from_booking (self, find_booking (self, booking_id));
  kv_visit_controller_set_boolean (self, &self->peer_present, FALSE, PROP_PEER_PRESENT);
  kv_visit_controller_set_boolean (self, &self->self_confirmed, FALSE, PROP_SELF_CONFIRMED);
  kv_visit_controller_set_boolean (self, &self->peer_confirmed, FALSE, PROP_PEER_CONFIRMED);
  kv_visit_controller_set_uint (self, &self->lost_seconds, 0, PROP_LOST_SECONDS);
  kv_visit_controller_set_uint (self, &self->makeup_seconds, 0, PROP_MAKEUP_SECONDS);
  kv_visit_controller_set_boolean (self, &self->picture_paused, FALSE, PROP_PICTURE_PAUSED);
  kv_visit_timeline_set_cues (self->timeline, cues, n_cues);
  kv_visit_flow_set_times (self, start_us, end_us, goodbye_at_us);
  g_object_thaw_notify (G_OBJECT (self));

  if (!create_call (self, ice_servers))
    {
      self->visit_active = FALSE;
      kv_visit_timeline_stop (self->timeline);
      kv_visit_flow_update_resting_phase (self);
      return;
    }

  /* Restored into a live visit: release before the first phase is shown,
   * so the screens go straight to the visit. */
  if (release_now)
    kv_visit_call_release (self->call);
  kv_visit_flow_send_presence (self, TRUE);
  kv_visit_flow_evaluate_phase (self);
  kv_visit_flow_update_next_visit (self);
}

static void
on_ticked (KvVisitTimeline *timeline,
           gpointer         user_data)
{
  update_clock_props (KV_VISIT_CONTROLLER (user_data));
}

static void
on_start_reached (KvVisitTimeline *timeline,
                  gpointer         user_data)
{
  KvVisitController *self = user_data;

  /* Without the server's `start`, media is released only if the server
   * said before that the session is live (e.g. restored after a restart). */
  if (self->have_session_state &&
      (self->session_state == KV_SESSION_STATE_LIVE ||
       self->session_state == KV_SESSION_STATE_GOODBYE))
    kv_visit_flow_release (self);
  else
    kv_visit_flow_evaluate_phase (self);
}

static void
on_cue_due (KvVisitTimeline *timeline,
            guint            seconds_left,
            gboolean         half_way,
            gpointer         user_data)
{
  KvVisitController *self = user_data;

  /* While the server can be reached, its `cue` leads (same moment on both
   * kiosks); without it, our own clock shows the cue. */
  if (kv_signaller_get_state (self->signaller) == KV_SIGNALLER_STATE_SIGNED_IN)
    return;
  if (self->call == NULL || !kv_visit_call_get_released (self->call))
    return;

  if (kv_visit_timeline_mark_cue_shown (self->timeline, seconds_left))
    g_signal_emit (self, kv_visit_controller_signals[SIGNAL_CUE_REACHED], 0,
                   seconds_left, half_way);
}

static void
on_goodbye_reached (KvVisitTimeline *timeline,
                    gpointer         user_data)
{
  kv_visit_flow_evaluate_phase (KV_VISIT_CONTROLLER (user_data));
}

static void
on_end_reached (KvVisitTimeline *timeline,
                gpointer         user_data)
{
  KvVisitController *self = user_data;
  gboolean released = self->call != NULL && kv_visit_call_get_released (self->call);

  /* The slot is over on this kiosk's clock: end now, whatever the server
   * says or does not say. */
  kv_visit_flow_finish (self, released ? KV_OUTCOME_COMPLETED : KV_OUTCOME_NO_SHOW);
}

void
kv_visit_flow_setup (KvVisitController *self)
{
  self->timeline = kv_visit_timeline_new (self->clock);
  g_signal_connect_object (self->timeline, "ticked", G_CALLBACK (on_ticked), self, 0);
  g_signal_connect_object (self->timeline, "start-reached",
                           G_CALLBACK (on_start_reached), self, 0);
  g_signal_connect_object (self->timeline, "cue-due", G_CALLBACK (on_cue_due), self, 0);
  g_signal_connect_object (self->timeline, "goodbye-reached",
                           G_CALLBACK (on_goodbye_reached), self, 0);
  g_signal_connect_object (self->timeline, "end-reached",
                           G_CALLBACK (on_end_reached), self, 0);

  kv_visit_messages_connect (self);
}

void
kv_visit_flow_teardown (KvVisitController *self)
{
  if (self->timeline == NULL)
    return;

  stop_call (self);
  self->visit_active = FALSE;
  kv_clear_alarm (self->clock, &self->after_alarm);
  kv_clear_alarm (self->clock, &self->restore_alarm);
  kv_clear_alarm (self->clock, &self->next_alarm);
  kv_visit_messages_clear (self);
  g_signal_handlers_disconnect_by_data (self->signaller, self);
  g_signal_handlers_disconnect_by_data (self->timeline, self);
  kv_visit_timeline_stop (self->timeline);
  g_clear_object (&self->timeline);
}
