/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-session"

#include "config.h"

#include "kv-session.h"

#include "kv-session-machine.h"

#include <glib/gi18n-lib.h>

/*
 * What staff do during a visit, and the child: end it gently or stop it,
 * pause it, mute its sound, and the child's "I'm not OK". Like every
 * action, each first lets the session catch up with the clock. The state
 * they change is in the session's parts (KvSessionEnding, KvSessionPauses,
 * KvSessionChild); this file keeps none.
 */

static gboolean
is_one_side (KvSideFlags side)
{
  return side == KV_SIDE_PRISON || side == KV_SIDE_COMMUNITY;
}

/**
 * kv_session_end_by_staff_full:
 * @self: a #KvSession
 * @request: the category, the reason, and who asks
 * @error: return location for a #KvSessionError
 *
 * A safeguarding stop (or a staff end without a category) ends the visit at
 * once, in any state before ENDED, without a goodbye. Any other category
 * starts the goodbye now if the visit is live: it ends at now plus the
 * site's goodbye length (at least %KV_SESSION_STAFF_GOODBYE_MIN_US), never
 * after the slot's own end, and make-up no longer moves it. In the goodbye
 * already, the end stays and only the category and reason are recorded;
 * before the visit is live there is nothing to wave goodbye to, so it ends
 * at once. Whichever way, the outcome is %KV_OUTCOME_ENDED_BY_STAFF.
 *
 * Returns: whether the end was taken
 */
gboolean
kv_session_end_by_staff_full (KvSession           *self,
                              const KvEndRequest  *request,
                              GError             **error)
{
  KvSessionEnding *ending;
  KvSessionState state;
  gint64 now_us, end_us;

  g_return_val_if_fail (KV_IS_SESSION (self), FALSE);
  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  kv_session_evaluate (self);
  now_us = kv_session_now (self);
  ending = kv_session_get_ending_part (self);
  state = kv_session_get_state (self);

  if (!kv_session_ending_reason_is_valid (request->reason, KV_SESSION_REASON_MAX_CHARS))
    {
      g_set_error (error, KV_SESSION_ERROR, KV_SESSION_ERROR_BAD_REASON,
                   _("Give a reason for ending the visit, in at most %d characters."),
                   KV_SESSION_REASON_MAX_CHARS);
      return FALSE;
    }
  if ((guint) request->category > KV_END_CATEGORY_SAFEGUARDING)
    {
      g_set_error_literal (error, KV_SESSION_ERROR, KV_SESSION_ERROR_BAD_CATEGORY,
                           _("Say why the visit ends: choose one of the categories."));
      return FALSE;
    }
  if (state == KV_SESSION_STATE_ENDED)
    {
      g_set_error_literal (error, KV_SESSION_ERROR, KV_SESSION_ERROR_ALREADY_ENDED,
                           _("This visit is already over."));
      return FALSE;
    }

  if (kv_session_ending_stops_at_once (request->category) || state < KV_SESSION_STATE_LIVE)
    {
      kv_session_ending_record (ending, request->category, request->reason,
                                request->side, request->actor, now_us);
      kv_session_finish (self, KV_OUTCOME_ENDED_BY_STAFF, now_us);
      if (request->category != KV_END_CATEGORY_NONE)
        kv_session_notify (self, PROP_END_CATEGORY);
      return TRUE;
    }

  if (kv_session_ending_is_goodbye (ending))
    {
      g_set_error_literal (error, KV_SESSION_ERROR, KV_SESSION_ERROR_ALREADY_ENDING,
                           _("Staff have started the goodbye already; only a safeguarding "
                             "stop ends the visit sooner."));
      return FALSE;
    }

  if (state == KV_SESSION_STATE_GOODBYE)
    {
      /* The goodbye is on: it keeps its end, which no make-up moves now. */
      gint64 goodbye_us = kv_session_get_goodbye_time (self);

      end_us = kv_session_get_end_time (self);
      kv_session_ending_record (ending, request->category, request->reason, request->side,
                                request->actor, now_us);
      kv_session_ending_start_goodbye (ending, goodbye_us, end_us);
      kv_session_notify (self, PROP_END_CATEGORY);
      kv_session_evaluate (self);
      return TRUE;
    }

  /* LIVE: the goodbye starts now. */
  end_us = kv_session_ending_goodbye_end (now_us, kv_session_get_end_time (self),
                                          kv_session_get_rules (self)->goodbye_us);
  kv_session_ending_record (ending, request->category, request->reason, request->side,
                            request->actor, now_us);
  kv_session_ending_start_goodbye (ending, now_us, end_us);
  kv_session_evaluate (self);
  kv_session_notify (self, PROP_END_TIME);
  kv_session_notify (self, PROP_END_CATEGORY);
  return TRUE;
}

/**
 * kv_session_set_paused:
 * @self: a #KvSession
 * @side: the side whose staff pause or resume
 * @category: why they pause, or %KV_PAUSE_CATEGORY_NONE to resume
 * @error: return location for a #KvSessionError
 *
 * Staff pause only a LIVE visit: not before it starts, and never its
 * goodbye. While any side is paused the visit loses time, as with lost
 * media (both count once), and the time is given back as make-up when the
 * last pause ends, if the time after the visit is free. A side resumes its
 * own pause only; a resume when that side has not paused (the goodbye
 * lifted it already) changes nothing, in LIVE or GOODBYE.
 *
 * Returns: whether the pause or resume was taken
 */
gboolean
kv_session_set_paused (KvSession        *self,
                       KvSideFlags       side,
                       KvPauseCategory   category,
                       GError          **error)
{
  KvSessionPauses *pauses;
  KvSessionState state;
  KvPauseCategory before;
  gint64 closed;

  g_return_val_if_fail (KV_IS_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  kv_session_evaluate (self);
  pauses = kv_session_get_pauses_part (self);
  state = kv_session_get_state (self);

  if (!is_one_side (side))
    {
      g_set_error_literal (error, KV_SESSION_ERROR, KV_SESSION_ERROR_INVALID_SIDES,
                           _("Say which side of the visit pauses."));
      return FALSE;
    }
  if ((guint) category > KV_PAUSE_CATEGORY_OTHER)
    {
      g_set_error_literal (error, KV_SESSION_ERROR, KV_SESSION_ERROR_BAD_CATEGORY,
                           _("Say why the visit pauses: choose one of the reasons."));
      return FALSE;
    }
  if (category != KV_PAUSE_CATEGORY_NONE ? state != KV_SESSION_STATE_LIVE
                                         : (state != KV_SESSION_STATE_LIVE &&
                                            state != KV_SESSION_STATE_GOODBYE))
    {
      g_set_error_literal (error, KV_SESSION_ERROR, KV_SESSION_ERROR_NOT_LIVE,
                           state == KV_SESSION_STATE_GOODBYE
                             ? _("The goodbye cannot be paused.")
                             : _("A visit can be paused only while it is live."));
      return FALSE;
    }

  before = kv_session_pauses_get_category (pauses, side);
  if (before == category)
    return TRUE;

  closed = kv_session_pauses_set_paused (pauses, side, category, kv_session_now (self));
  kv_session_add_lost (self, closed);
  kv_session_notify (self, PROP_PAUSED);
  if (pauses->paused == KV_SIDE_NONE)
    {
      kv_session_grant_makeup (self);
      /* Cues held during the pause that are past even with the time
       * given back would only startle now. */
      kv_session_skip_cues_before (self, kv_session_now (self));
    }
  kv_session_evaluate (self);
  return TRUE;
}

/**
 * kv_session_set_muted:
 * @self: a #KvSession
 * @side: the side whose staff mute or unmute
 * @muted: whether its staff want the sound off
 * @error: return location for a #KvSessionError
 *
 * Staff mute the sound of a LIVE visit or of its goodbye: the picture goes
 * on, so it is not lost time. A side unmutes its own mute only.
 *
 * Returns: whether the mute or unmute was taken
 */
gboolean
kv_session_set_muted (KvSession    *self,
                      KvSideFlags   side,
                      gboolean      muted,
                      GError      **error)
{
  g_return_val_if_fail (KV_IS_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  kv_session_evaluate (self);

  if (!is_one_side (side))
    {
      g_set_error_literal (error, KV_SESSION_ERROR, KV_SESSION_ERROR_INVALID_SIDES,
                           _("Say which side of the visit mutes."));
      return FALSE;
    }
  if (kv_session_get_state (self) != KV_SESSION_STATE_LIVE &&
      kv_session_get_state (self) != KV_SESSION_STATE_GOODBYE)
    {
      g_set_error_literal (error, KV_SESSION_ERROR, KV_SESSION_ERROR_NOT_LIVE,
                           _("The sound can be muted only while the visit is on."));
      return FALSE;
    }

  if (kv_session_pauses_set_muted (kv_session_get_pauses_part (self), side, muted))
    kv_session_notify (self, PROP_MUTED);
  return TRUE;
}

/**
 * kv_session_set_supervised:
 * @self: a #KvSession
 * @supervised: whether the prison kiosk's room is supervised
 *
 * What the prison kiosk says of its room, for the community kiosk's "a
 * helper can see and hear" sign. Ignored once the visit is over.
 */
void
kv_session_set_supervised (KvSession *self,
                           gboolean   supervised)
{
  g_return_if_fail (KV_IS_SESSION (self));

  kv_session_evaluate (self);
  if (kv_session_get_state (self) == KV_SESSION_STATE_ENDED)
    return;
  if (kv_session_child_set_supervised (kv_session_get_child_part (self), supervised))
    kv_session_notify (self, PROP_SUPERVISED);
}

/**
 * kv_session_note_child_alert:
 * @self: a #KvSession
 * @out_recorded: (out): whether this alert was counted; %FALSE for one
 *   within %KV_SESSION_CHILD_ALERT_INTERVAL_US of the last counted one
 * @error: return location for a #KvSessionError
 *
 * The child said "I'm not OK", from the join window to the end of the
 * goodbye. Counted for staff, at most once per
 * %KV_SESSION_CHILD_ALERT_INTERVAL_US.
 *
 * Returns: whether the alert was taken (counted or not)
 */
gboolean
kv_session_note_child_alert (KvSession  *self,
                             gboolean   *out_recorded,
                             GError    **error)
{
  KvSessionState state;

  g_return_val_if_fail (KV_IS_SESSION (self), FALSE);
  g_return_val_if_fail (out_recorded != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  kv_session_evaluate (self);
  *out_recorded = FALSE;
  state = kv_session_get_state (self);
  if (state < KV_SESSION_STATE_JOINABLE || state > KV_SESSION_STATE_GOODBYE)
    {
      g_set_error_literal (error, KV_SESSION_ERROR, KV_SESSION_ERROR_NOT_OPEN,
                           state == KV_SESSION_STATE_ENDED
                             ? _("This visit is already over.")
                             : _("This visit's join window has not opened."));
      return FALSE;
    }

  *out_recorded = kv_session_child_note_alert (kv_session_get_child_part (self),
                                               kv_session_now (self),
                                               KV_SESSION_CHILD_ALERT_INTERVAL_US);
  return TRUE;
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

  return kv_session_get_ending_part (self)->reason;
}

KvSideFlags
kv_session_get_paused (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), KV_SIDE_NONE);

  return kv_session_get_pauses_part (self)->paused;
}

/**
 * kv_session_get_pause_category:
 * @self: a #KvSession
 *
 * Returns: why the visit is paused (the reason of the side that paused
 *   last), or %KV_PAUSE_CATEGORY_NONE
 */
KvPauseCategory
kv_session_get_pause_category (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), KV_PAUSE_CATEGORY_NONE);

  return kv_session_pauses_get_shown_category (kv_session_get_pauses_part (self));
}

KvSideFlags
kv_session_get_muted (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), KV_SIDE_NONE);

  return kv_session_get_pauses_part (self)->muted;
}

gboolean
kv_session_get_supervised (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), FALSE);

  return kv_session_get_child_part (self)->supervised;
}

guint
kv_session_get_child_alerts (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), 0);

  return kv_session_get_child_part (self)->alerts;
}

KvEndCategory
kv_session_get_end_category (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), KV_END_CATEGORY_NONE);

  return kv_session_get_ending_part (self)->category;
}

/**
 * kv_session_get_end_side:
 * @self: a #KvSession
 *
 * Returns: the side whose staff ended the visit; %KV_SIDE_NONE for the
 *   admin, or when staff did not end it
 */
KvSideFlags
kv_session_get_end_side (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), KV_SIDE_NONE);

  return kv_session_get_ending_part (self)->side;
}

/**
 * kv_session_get_end_actor:
 * @self: a #KvSession
 *
 * Returns: (nullable): who ended the visit (`kiosk:<id>`, `admin`), or
 *   %NULL when staff did not
 */
const char *
kv_session_get_end_actor (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), NULL);

  return kv_session_get_ending_part (self)->actor;
}

gint64
kv_session_get_end_requested_at (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), 0);

  return kv_session_get_ending_part (self)->requested_us;
}

/**
 * kv_session_is_staff_goodbye:
 * @self: a #KvSession
 *
 * Returns: whether the goodbye (running or done) is one staff started
 */
gboolean
kv_session_is_staff_goodbye (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), FALSE);

  return kv_session_ending_is_goodbye (kv_session_get_ending_part (self));
}
