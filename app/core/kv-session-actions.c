/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-session"

#include "config.h"

#include "kv-session.h"

#include "kv-session-private.h"

#include <glib/gi18n-lib.h>

/*
 * What kiosks, staff and the scheduler do to a session, and what they can
 * read from it. Every action first lets the session catch up with the
 * clock (a real clock's alarm may not have been dispatched yet), so an
 * action is always judged against the state that is true now.
 */

static gint64
now (KvSession *self)
{
  return kv_clock_get_now (self->clock);
}

/* Lost time so far, including a loss or pause still going on. */
static gint64
lost_so_far (KvSession *self)
{
  return self->lost_us + kv_session_pauses_ongoing_us (&self->pauses, now (self));
}

/**
 * kv_session_snapshot_clear:
 * @snapshot: a #KvSessionSnapshot
 *
 * Frees what @snapshot owns; the struct itself stays.
 */
void
kv_session_snapshot_clear (KvSessionSnapshot *snapshot)
{
  g_return_if_fail (snapshot != NULL);

  g_clear_pointer (&snapshot->end_reason, g_free);
  g_clear_pointer (&snapshot->end_actor, g_free);
}

/**
 * kv_session_get_booking:
 * @self: a #KvSession
 *
 * Returns: (transfer none): the booked slot
 */
const KvBooking *
kv_session_get_booking (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), NULL);

  return self->booking;
}

KvSessionState
kv_session_get_state (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), KV_SESSION_STATE_ENDED);

  return self->state;
}

KvOutcome
kv_session_get_outcome (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), KV_OUTCOME_NONE);

  return self->outcome;
}

/**
 * kv_session_get_snapshot:
 * @self: a #KvSession
 * @out_snapshot: (out caller-allocates): filled in; clear it with
 *   kv_session_snapshot_clear()
 *
 * A loss still going on is counted up to now: after a restart nobody knows
 * when it would have ended.
 */
void
kv_session_get_snapshot (KvSession         *self,
                         KvSessionSnapshot *out_snapshot)
{
  g_return_if_fail (KV_IS_SESSION (self));
  g_return_if_fail (out_snapshot != NULL);

  *out_snapshot = (KvSessionSnapshot) {
    .state = self->state,
    .outcome = self->outcome,
    .present = self->present,
    .confirmed = self->confirmed,
    .absent = self->absent,
    .live_since_us = self->live_since_us,
    .ended_at_us = self->ended_at_us,
    .lost_us = lost_so_far (self),
    .makeup_us = self->makeup_us,
    .end_reason = g_strdup (self->ending.reason),
    .prison_pause = kv_session_pauses_get_category (&self->pauses, KV_SIDE_PRISON),
    .community_pause = kv_session_pauses_get_category (&self->pauses, KV_SIDE_COMMUNITY),
    .muted = self->pauses.muted,
    .supervised = self->supervised,
    .child_alerts = self->child_alerts,
    .end_category = self->ending.category,
    .end_side = self->ending.side,
    .end_actor = g_strdup (self->ending.actor),
    .end_requested_us = self->ending.requested_us,
    .staff_goodbye_us = self->ending.goodbye_from_us,
    .staff_end_us = self->ending.goodbye_from_us != 0 ? self->ending.end_us : 0,
  };
}

/* Called once, during construction, before the first evaluation. */
void
kv_session_apply_snapshot (KvSession               *self,
                           const KvSessionSnapshot *snapshot)
{
  gint64 now_us = kv_clock_get_now (self->clock);

  /* The snapshot comes from the database: out-of-range values are repaired,
   * never trusted, and never allowed to lengthen a visit. */
  self->state = snapshot->state <= KV_SESSION_STATE_ENDED ? snapshot->state
                                                          : KV_SESSION_STATE_SCHEDULED;
  self->outcome = snapshot->outcome <= KV_OUTCOME_CANCELLED ? snapshot->outcome
                                                            : KV_OUTCOME_NONE;
  if (self->state == KV_SESSION_STATE_ENDED && self->outcome == KV_OUTCOME_NONE)
    self->outcome = KV_OUTCOME_COMPLETED;
  else if (self->state != KV_SESSION_STATE_ENDED)
    self->outcome = KV_OUTCOME_NONE;

  self->present = snapshot->present & KV_SIDE_BOTH;
  self->confirmed = snapshot->confirmed & KV_SIDE_BOTH;
  self->absent = snapshot->absent & KV_SIDE_BOTH;
  self->live_since_us = MAX (0, snapshot->live_since_us);
  self->ended_at_us = MAX (0, snapshot->ended_at_us);
  self->lost_us = MAX (0, snapshot->lost_us);
  self->makeup_us = CLAMP (snapshot->makeup_us, 0, self->rules.makeup_max_us);
  if (snapshot->end_requested_us > 0 || snapshot->end_reason != NULL)
    {
      const char *reason = snapshot->end_reason;
      const char *actor = snapshot->end_actor;

      if (reason != NULL && !g_utf8_validate (reason, -1, NULL))
        reason = NULL;
      if (actor != NULL && !g_utf8_validate (actor, -1, NULL))
        actor = NULL;
      kv_session_ending_record (&self->ending,
                                snapshot->end_category <= KV_END_CATEGORY_SAFEGUARDING
                                  ? snapshot->end_category : KV_END_CATEGORY_OTHER,
                                reason, snapshot->end_side, actor,
                                MAX (0, snapshot->end_requested_us));
      /* A staff goodbye never ends later than the visit would have. */
      if (snapshot->staff_goodbye_us > 0 && snapshot->staff_end_us > 0)
        kv_session_ending_start_goodbye (&self->ending, snapshot->staff_goodbye_us,
                                         MIN (snapshot->staff_end_us,
                                              self->booking->end_us + self->makeup_us));
    }
  self->supervised = snapshot->supervised;
  self->child_alerts = snapshot->child_alerts;
  if (self->state == KV_SESSION_STATE_LIVE)
    kv_session_pauses_restore (&self->pauses, snapshot->prison_pause, snapshot->community_pause,
                               snapshot->muted, now_us);
  else if (self->state == KV_SESSION_STATE_GOODBYE)
    kv_session_pauses_restore (&self->pauses, KV_PAUSE_CATEGORY_NONE, KV_PAUSE_CATEGORY_NONE,
                               snapshot->muted, now_us);

  if ((self->state == KV_SESSION_STATE_LIVE || self->state == KV_SESSION_STATE_GOODBYE) &&
      self->live_since_us == 0)
    self->live_since_us = self->booking->start_us;

  /* Cues that fell while the server was down are not replayed. */
  kv_session_cues_skip_before (&self->cues, now_us + 1, kv_session_get_end_time (self));
}

KvSideFlags
kv_session_get_present (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), KV_SIDE_NONE);

  return self->present;
}

KvSideFlags
kv_session_get_confirmed (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), KV_SIDE_NONE);

  return self->confirmed;
}

/**
 * kv_session_get_absent:
 * @self: a #KvSession
 *
 * Returns: for a no-show, the sides that were not present and confirmed
 */
KvSideFlags
kv_session_get_absent (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), KV_SIDE_NONE);

  return self->absent;
}

/**
 * kv_session_get_end_reason:
 * @self: a #KvSession
 *
 * Returns: (nullable): staff's reason for ending the visit
 */
const char *
kv_session_get_end_reason (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), NULL);

  return self->ending.reason;
}

gint64
kv_session_get_live_since (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), 0);

  return self->live_since_us;
}

gint64
kv_session_get_ended_at (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), 0);

  return self->ended_at_us;
}

gint64
kv_session_get_join_time (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), 0);

  return self->booking->start_us - self->rules.join_window_us;
}

/**
 * kv_session_get_end_time:
 * @self: a #KvSession
 *
 * Returns: the effective end: the booked end plus make-up time given back
 */
gint64
kv_session_get_end_time (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), 0);

  return kv_session_end_time (self);
}

gint64
kv_session_get_goodbye_time (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), 0);

  return kv_session_goodbye_time (self);
}

gint64
kv_session_get_half_way_time (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), 0);

  return self->cues.half_way_us;
}

/**
 * kv_session_get_lost_us:
 * @self: a #KvSession
 *
 * Returns: media time lost while live, including a loss still going on
 */
gint64
kv_session_get_lost_us (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), 0);

  return lost_so_far (self);
}

gint64
kv_session_get_makeup_us (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), 0);

  return self->makeup_us;
}

/**
 * kv_session_get_unrecovered_us:
 * @self: a #KvSession
 *
 * Returns: lost time not given back (what a technical failure records)
 */
gint64
kv_session_get_unrecovered_us (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), 0);

  return MAX (0, lost_so_far (self) - self->makeup_us);
}

gboolean
kv_session_is_media_lost (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), FALSE);

  return self->pauses.media_lost;
}

gint64
kv_session_get_free_until (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), G_MAXINT64);

  return self->free_until_us;
}

/**
 * kv_session_get_cues:
 * @self: a #KvSession
 * @out_seconds_left: (out caller-allocates) (array length=max_cues): cue
 *   points, as seconds before the effective end, largest first
 * @max_cues: the size of @out_seconds_left
 *
 * Returns: how many cue points were written
 */
guint
kv_session_get_cues (KvSession *self,
                     guint     *out_seconds_left,
                     guint      max_cues)
{
  guint n;

  g_return_val_if_fail (KV_IS_SESSION (self), 0);
  g_return_val_if_fail (out_seconds_left != NULL || max_cues == 0, 0);

  n = MIN (max_cues, self->cues.n_points);
  for (guint i = 0; i < n; i++)
    out_seconds_left[i] = self->cues.seconds_left[i];

  return n;
}

/**
 * kv_session_set_present:
 * @self: a #KvSession
 * @sides: the sides whose kiosk joined or left
 * @present: whether they are in the session now
 *
 * A side leaving while READY takes the session back to JOINABLE; once live,
 * leaving does not stop the clock (the lost media is counted instead).
 */
void
kv_session_set_present (KvSession   *self,
                        KvSideFlags  sides,
                        gboolean     present)
{
  KvSideFlags new_present;

  g_return_if_fail (KV_IS_SESSION (self));

  kv_session_evaluate (self);
  if (self->state == KV_SESSION_STATE_ENDED)
    return;

  sides &= KV_SIDE_BOTH;
  new_present = present ? (self->present | sides) : (self->present & ~sides);
  if (new_present == self->present)
    return;

  self->present = new_present;
  g_object_notify_by_pspec (G_OBJECT (self), kv_session_properties[PROP_PRESENT]);
  kv_session_evaluate (self);
}

/**
 * kv_session_confirm:
 * @self: a #KvSession
 * @sides: the sides whose staff confirm the person is there
 * @error: return location for a #KvSessionError
 *
 * Accepted from the join window on. With both sides present and confirmed
 * the session is READY, or LIVE at once if the slot has already started.
 *
 * Returns: whether the confirmation was taken
 */
gboolean
kv_session_confirm (KvSession    *self,
                    KvSideFlags   sides,
                    GError      **error)
{
  g_return_val_if_fail (KV_IS_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  kv_session_evaluate (self);

  if (sides == KV_SIDE_NONE || (sides & ~KV_SIDE_BOTH) != 0)
    {
      g_set_error_literal (error, KV_SESSION_ERROR, KV_SESSION_ERROR_INVALID_SIDES,
                           _("Say which side of the visit is confirmed."));
      return FALSE;
    }

  if (self->state == KV_SESSION_STATE_SCHEDULED)
    {
      g_set_error_literal (error, KV_SESSION_ERROR, KV_SESSION_ERROR_NOT_JOINABLE_YET,
                           _("It is too early to confirm: the visit's join window has not opened."));
      return FALSE;
    }

  if (self->state == KV_SESSION_STATE_ENDED)
    {
      g_set_error_literal (error, KV_SESSION_ERROR, KV_SESSION_ERROR_ALREADY_ENDED,
                           _("This visit is already over."));
      return FALSE;
    }

  if ((self->confirmed | sides) != self->confirmed)
    {
      self->confirmed |= sides;
      g_object_notify_by_pspec (G_OBJECT (self), kv_session_properties[PROP_CONFIRMED]);
      kv_session_evaluate (self);
    }

  return TRUE;
}

/**
 * kv_session_end_by_staff:
 * @self: a #KvSession
 * @reason: why, for the audit log and the outcome
 * @error: return location for a #KvSessionError
 *
 * Ends the visit at once, from any state before ENDED, skipping the
 * goodbye, without a category: what a kiosk of protocol version 1 asks
 * for. See kv_session_end_by_staff_full() for the gentle ending.
 *
 * Returns: whether the visit was ended
 */
gboolean
kv_session_end_by_staff (KvSession   *self,
                         const char  *reason,
                         GError     **error)
{
  KvEndRequest request = { KV_END_CATEGORY_NONE, reason, KV_SIDE_NONE, NULL };

  return kv_session_end_by_staff_full (self, &request, error);
}

/**
 * kv_session_cancel:
 * @self: a #KvSession
 * @error: return location for a #KvSessionError
 *
 * Cancels a visit that has not gone live; a live one is ended by staff
 * instead, so that the outcome says what happened.
 *
 * Returns: whether the visit was cancelled
 */
gboolean
kv_session_cancel (KvSession  *self,
                   GError    **error)
{
  g_return_val_if_fail (KV_IS_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  kv_session_evaluate (self);

  switch (self->state)
    {
    case KV_SESSION_STATE_SCHEDULED:
    case KV_SESSION_STATE_JOINABLE:
    case KV_SESSION_STATE_READY:
      kv_session_finish (self, KV_OUTCOME_CANCELLED, now (self));
      return TRUE;

    case KV_SESSION_STATE_LIVE:
    case KV_SESSION_STATE_GOODBYE:
      g_set_error_literal (error, KV_SESSION_ERROR, KV_SESSION_ERROR_ALREADY_STARTED,
                           _("This visit has started: end it instead of cancelling it."));
      return FALSE;

    case KV_SESSION_STATE_ENDED:
    default:
      g_set_error_literal (error, KV_SESSION_ERROR, KV_SESSION_ERROR_ALREADY_ENDED,
                           _("This visit is already over."));
      return FALSE;
    }
}

/**
 * kv_session_media_lost:
 * @self: a #KvSession
 *
 * A kiosk reported that media stopped. Counted only while LIVE or GOODBYE;
 * a second report during the same loss changes nothing, and a loss while
 * staff have paused the visit counts once with the pause.
 */
void
kv_session_media_lost (KvSession *self)
{
  g_return_if_fail (KV_IS_SESSION (self));

  kv_session_evaluate (self);

  if (self->pauses.media_lost ||
      (self->state != KV_SESSION_STATE_LIVE && self->state != KV_SESSION_STATE_GOODBYE))
    return;

  kv_session_add_lost (self, kv_session_pauses_set_media_lost (&self->pauses, TRUE, now (self)));
}

/* Gives lost time back right away, as far as the make-up maximum and the
 * next booking on either kiosk allow. Not in a goodbye staff started: they
 * chose to end early. */
void
kv_session_grant_makeup (KvSession *self)
{
  gint64 owed = self->lost_us - self->makeup_us;
  gint64 room = self->rules.makeup_max_us - self->makeup_us;
  gint64 extra;

  if (kv_session_ending_is_goodbye (&self->ending) || self->state == KV_SESSION_STATE_ENDED)
    return;

  if (self->free_until_us != G_MAXINT64)
    room = MIN (room, self->free_until_us - kv_session_get_end_time (self));

  extra = MIN (owed, room);
  if (extra <= 0)
    return;

  self->makeup_us += extra;
  g_debug ("Session %s: %" G_GINT64_FORMAT " s given back", self->booking->id,
           extra / KV_USEC_PER_SECOND);

  kv_session_emit_end_time_changed (self);

  if (self->state == KV_SESSION_STATE_GOODBYE &&
      kv_session_get_goodbye_time (self) > now (self))
    kv_session_set_state (self, KV_SESSION_STATE_LIVE);
}

/**
 * kv_session_media_restored:
 * @self: a #KvSession
 *
 * Media flows again: the lost time is added up and given back at once
 * (see #KvSession::end-time-changed) unless staff have paused the visit,
 * in which case that happens when they resume. If that moves the goodbye
 * back into the future, the visit is LIVE again.
 */
void
kv_session_media_restored (KvSession *self)
{
  gint64 closed;

  g_return_if_fail (KV_IS_SESSION (self));

  kv_session_evaluate (self);

  if (!self->pauses.media_lost || self->state == KV_SESSION_STATE_ENDED)
    return;

  closed = kv_session_pauses_set_media_lost (&self->pauses, FALSE, now (self));
  kv_session_add_lost (self, closed);
  if (closed > 0)
    kv_session_grant_makeup (self);
  kv_session_evaluate (self);
}

/**
 * kv_session_set_free_until:
 * @self: a #KvSession
 * @free_until_us: the start of the next booking on either kiosk, or
 *   %G_MAXINT64 when there is none
 *
 * Set by the scheduler: make-up time never reaches into the next visit.
 */
void
kv_session_set_free_until (KvSession *self,
                           gint64     free_until_us)
{
  g_return_if_fail (KV_IS_SESSION (self));

  self->free_until_us = free_until_us;
}
