/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-session"

#include "config.h"

#include "kv-session.h"

#include "kv-session-machine.h"

#include <glib/gi18n-lib.h>

/*
 * What kiosks and the scheduler do to a session, and what they can read
 * from it: snapshots, lost and make-up time, cues. Every action first lets
 * the session catch up with the clock (a real clock's alarm may not have
 * been dispatched yet), so an action is always judged against the state
 * that is true now. The state is the machine's (kv-session.c) and its
 * parts'; this file keeps none.
 */

/* Lost time so far, including a loss or pause still going on. */
static gint64
lost_so_far (KvSession *self)
{
  return kv_session_get_makeup_part (self)->lost_us +
         kv_session_pauses_ongoing_us (kv_session_get_pauses_part (self), kv_session_now (self));
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
  const KvSessionPauses *pauses;
  const KvSessionEnding *ending;
  const KvSessionChild *child;

  g_return_if_fail (KV_IS_SESSION (self));
  g_return_if_fail (out_snapshot != NULL);

  pauses = kv_session_get_pauses_part (self);
  ending = kv_session_get_ending_part (self);
  child = kv_session_get_child_part (self);
  *out_snapshot = (KvSessionSnapshot) {
    .state = kv_session_get_state (self),
    .outcome = kv_session_get_outcome (self),
    .present = kv_session_get_present (self),
    .confirmed = kv_session_get_confirmed (self),
    .absent = kv_session_get_absent (self),
    .live_since_us = kv_session_get_live_since (self),
    .ended_at_us = kv_session_get_ended_at (self),
    .lost_us = lost_so_far (self),
    .makeup_us = kv_session_get_makeup_part (self)->makeup_us,
    .end_reason = g_strdup (ending->reason),
    .prison_pause = kv_session_pauses_get_category (pauses, KV_SIDE_PRISON),
    .community_pause = kv_session_pauses_get_category (pauses, KV_SIDE_COMMUNITY),
    .muted = pauses->muted,
    .supervised = child->supervised,
    .child_alerts = child->alerts,
    .end_category = ending->category,
    .end_side = ending->side,
    .end_actor = g_strdup (ending->actor),
    .end_requested_us = ending->requested_us,
    .staff_goodbye_us = ending->goodbye_from_us,
    .staff_end_us = ending->goodbye_from_us != 0 ? ending->end_us : 0,
  };
}

gint64
kv_session_get_half_way_time (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), 0);

  return kv_session_get_cues_part (self)->half_way_us;
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

  return kv_session_get_makeup_part (self)->makeup_us;
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

  return MAX (0, lost_so_far (self) - kv_session_get_makeup_part (self)->makeup_us);
}

gboolean
kv_session_is_media_lost (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), FALSE);

  return kv_session_get_pauses_part (self)->media_lost;
}

gint64
kv_session_get_free_until (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), G_MAXINT64);

  return kv_session_get_makeup_part (self)->free_until_us;
}

/**
 * kv_session_get_cues:
 * @self: a #KvSession
 * @out_seconds_left: (out caller-allocates) (array length=max_cues): cue
 *   points, as seconds before the effective end, largest first
 * @max_cues: the size of @out_seconds_left
 *
 * The cue points `join` tells the kiosks: the half-way point (when the site
 * has one) and the countdown cues, so that a kiosk that loses the server
 * mid-visit still shows every cue from its own clock. The kiosk knows the
 * half-way point by its value: half the slot, to the second.
 *
 * Returns: how many cue points were written
 */
guint
kv_session_get_cues (KvSession *self,
                     guint     *out_seconds_left,
                     guint      max_cues)
{
  const KvSessionCues *cues;
  guint n;

  g_return_val_if_fail (KV_IS_SESSION (self), 0);
  g_return_val_if_fail (out_seconds_left != NULL || max_cues == 0, 0);

  cues = kv_session_get_cues_part (self);
  n = 0;
  /* Countdown cues are all in the last quarter, so half-way comes first. */
  if (cues->has_half_way && n < max_cues)
    out_seconds_left[n++] = (guint) ((kv_session_get_end_time (self) - cues->half_way_us) /
                                     KV_USEC_PER_SECOND);
  for (guint i = 0; i < cues->n_points && n < max_cues; i++)
    out_seconds_left[n++] = cues->seconds_left[i];

  return n;
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

  switch (kv_session_get_state (self))
    {
    case KV_SESSION_STATE_SCHEDULED:
    case KV_SESSION_STATE_JOINABLE:
    case KV_SESSION_STATE_READY:
      kv_session_finish (self, KV_OUTCOME_CANCELLED, kv_session_now (self));
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
  KvSessionPauses *pauses;
  KvSessionState state;

  g_return_if_fail (KV_IS_SESSION (self));

  kv_session_evaluate (self);
  pauses = kv_session_get_pauses_part (self);
  state = kv_session_get_state (self);
  if (pauses->media_lost || (state != KV_SESSION_STATE_LIVE && state != KV_SESSION_STATE_GOODBYE))
    return;

  kv_session_add_lost (self, kv_session_pauses_set_media_lost (pauses, TRUE, kv_session_now (self)));
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
  KvSessionPauses *pauses;
  gint64 closed;

  g_return_if_fail (KV_IS_SESSION (self));

  kv_session_evaluate (self);
  pauses = kv_session_get_pauses_part (self);
  if (!pauses->media_lost || kv_session_get_state (self) == KV_SESSION_STATE_ENDED)
    return;

  closed = kv_session_pauses_set_media_lost (pauses, FALSE, kv_session_now (self));
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

  kv_session_get_makeup_part (self)->free_until_us = free_until_us;
}
