/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-booking.h"
#include "kv-clock.h"
#include "kv-site-rules.h"
#include "kv-types.h"

G_BEGIN_DECLS

/**
 * KvSessionError:
 * @KV_SESSION_ERROR_NOT_JOINABLE_YET: the join window has not opened
 * @KV_SESSION_ERROR_ALREADY_STARTED: the visit is already live
 * @KV_SESSION_ERROR_ALREADY_ENDED: the visit is already over
 * @KV_SESSION_ERROR_INVALID_SIDES: no side, or an unknown side, was given
 * @KV_SESSION_ERROR_BAD_REASON: a staff end without a usable reason (empty,
 *   too long, not UTF-8)
 * @KV_SESSION_ERROR_NOT_LIVE: only while the visit is live (a pause) or
 *   live or in its goodbye (a mute)
 * @KV_SESSION_ERROR_NOT_OPEN: only from the join window to the end (a
 *   child's alert)
 * @KV_SESSION_ERROR_ALREADY_ENDING: staff have started the goodbye already;
 *   only a safeguarding stop changes it
 * @KV_SESSION_ERROR_BAD_CATEGORY: a pause without a reason, or an unknown
 *   category
 *
 * Why a staff action on a session was refused. The messages are written
 * for staff.
 */
typedef enum {
  KV_SESSION_ERROR_NOT_JOINABLE_YET,
  KV_SESSION_ERROR_ALREADY_STARTED,
  KV_SESSION_ERROR_ALREADY_ENDED,
  KV_SESSION_ERROR_INVALID_SIDES,
  KV_SESSION_ERROR_BAD_REASON,
  KV_SESSION_ERROR_NOT_LIVE,
  KV_SESSION_ERROR_NOT_OPEN,
  KV_SESSION_ERROR_ALREADY_ENDING,
  KV_SESSION_ERROR_BAD_CATEGORY,
} KvSessionError;

#define KV_SESSION_ERROR (kv_session_error_quark ())
GQuark kv_session_error_quark (void);

/* Longest staff end reason, in characters. */
#define KV_SESSION_REASON_MAX_CHARS 500

/* A child's "I'm not OK" is recorded at most once in this time, so that a
 * child pressing again and again does not fill the audit log. */
#define KV_SESSION_CHILD_ALERT_INTERVAL_US (10 * G_USEC_PER_SEC)

/**
 * KvEndRequest:
 * @category: why; %KV_END_CATEGORY_SAFEGUARDING (and %KV_END_CATEGORY_NONE,
 *   from kiosks that predate categories) stops the visit at once, every
 *   other category starts the goodbye now
 * @reason: staff's words, 1 to %KV_SESSION_REASON_MAX_CHARS characters
 * @side: the side whose staff ended the visit; %KV_SIDE_NONE for the admin
 * @actor: (nullable): who, for the record: `kiosk:<id>` or `admin` (the
 *   default)
 *
 * A staff end, as kiosks and the admin API ask for it.
 */
typedef struct
{
  KvEndCategory  category;
  const char    *reason;
  KvSideFlags    side;
  const char    *actor;
} KvEndRequest;

/**
 * KvSessionSnapshot:
 * @state: the state
 * @outcome: the outcome, %KV_OUTCOME_NONE until ended
 * @present: sides whose kiosk is in the session (joined the call)
 * @confirmed: sides whose staff confirmed the person is there
 * @absent: for a no-show, the sides that never came
 * @live_since_us: when media was released, 0 if never
 * @ended_at_us: when it ended, 0 if not yet
 * @lost_us: media time lost while live, in total
 * @makeup_us: time given back so far (extends the end)
 * @end_reason: (nullable): staff's reason for an early end
 * @prison_pause: why the prison side paused the visit, NONE if it did not
 * @community_pause: why the community side paused it, NONE if it did not
 * @muted: sides whose staff muted the sound
 * @supervised: the prison kiosk said its room is supervised
 * @child_alerts: how many times the child said "I'm not OK" (recorded ones)
 * @end_category: the staff end's category, NONE if none
 * @end_side: the side whose staff ended it, NONE for the admin
 * @end_actor: (nullable): who ended it: `kiosk:<id>` or `admin`
 * @end_requested_us: when staff ended it, 0 if they did not
 * @staff_goodbye_us: when the goodbye staff started began, 0 if none
 * @staff_end_us: when that goodbye ends
 *
 * Everything about a session that is not in its booking: what the server
 * stores so that a restart restores every session as it was.
 */
typedef struct
{
  KvSessionState state;
  KvOutcome      outcome;
  KvSideFlags    present;
  KvSideFlags    confirmed;
  KvSideFlags    absent;
  gint64         live_since_us;
  gint64         ended_at_us;
  gint64         lost_us;
  gint64         makeup_us;
  char          *end_reason;
  KvPauseCategory prison_pause;
  KvPauseCategory community_pause;
  KvSideFlags    muted;
  gboolean       supervised;
  guint          child_alerts;
  KvEndCategory  end_category;
  KvSideFlags    end_side;
  char          *end_actor;
  gint64         end_requested_us;
  gint64         staff_goodbye_us;
  gint64         staff_end_us;
} KvSessionSnapshot;

void kv_session_snapshot_clear (KvSessionSnapshot *snapshot);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KvSessionSnapshot, kv_session_snapshot_clear)

#define KV_TYPE_SESSION (kv_session_get_type ())
G_DECLARE_FINAL_TYPE (KvSession, kv_session, KV, SESSION, GObject)

KvSession        *kv_session_new               (KvClock                 *clock,
                                                const KvBooking         *booking,
                                                const KvSiteRules       *rules);
KvSession        *kv_session_new_restored      (KvClock                 *clock,
                                                const KvBooking         *booking,
                                                const KvSiteRules       *rules,
                                                const KvSessionSnapshot *snapshot);

const KvBooking  *kv_session_get_booking       (KvSession   *self);
KvSessionState    kv_session_get_state         (KvSession   *self);
KvOutcome         kv_session_get_outcome       (KvSession   *self);
void              kv_session_get_snapshot      (KvSession   *self,
                                                KvSessionSnapshot *out_snapshot);
KvSideFlags       kv_session_get_present       (KvSession   *self);
KvSideFlags       kv_session_get_confirmed     (KvSession   *self);
gint64            kv_session_get_join_time     (KvSession   *self);
gint64            kv_session_get_end_time      (KvSession   *self);
gint64            kv_session_get_goodbye_time  (KvSession   *self);
gint64            kv_session_get_lost_us       (KvSession   *self);
gint64            kv_session_get_makeup_us     (KvSession   *self);
gint64            kv_session_get_free_until    (KvSession   *self);
KvSideFlags       kv_session_get_absent        (KvSession   *self);
const char       *kv_session_get_end_reason    (KvSession   *self);
gint64            kv_session_get_live_since    (KvSession   *self);
gint64            kv_session_get_ended_at      (KvSession   *self);
gint64            kv_session_get_half_way_time (KvSession   *self);
gboolean          kv_session_is_media_lost     (KvSession   *self);
KvSideFlags       kv_session_get_paused        (KvSession   *self);
KvPauseCategory   kv_session_get_pause_category (KvSession  *self);
KvSideFlags       kv_session_get_muted         (KvSession   *self);
gboolean          kv_session_get_supervised    (KvSession   *self);
guint             kv_session_get_child_alerts  (KvSession   *self);
KvEndCategory     kv_session_get_end_category  (KvSession   *self);
KvSideFlags       kv_session_get_end_side      (KvSession   *self);
const char       *kv_session_get_end_actor     (KvSession   *self);
gint64            kv_session_get_end_requested_at (KvSession *self);
gboolean          kv_session_is_staff_goodbye  (KvSession   *self);
gint64            kv_session_get_unrecovered_us (KvSession  *self);
guint             kv_session_get_cues          (KvSession   *self,
                                                guint       *out_seconds_left,
                                                guint        max_cues);

void              kv_session_set_present       (KvSession   *self,
                                                KvSideFlags  sides,
                                                gboolean     present);
gboolean          kv_session_confirm           (KvSession   *self,
                                                KvSideFlags  sides,
                                                GError     **error);
gboolean          kv_session_end_by_staff      (KvSession   *self,
                                                const char  *reason,
                                                GError     **error);
gboolean          kv_session_end_by_staff_full (KvSession   *self,
                                                const KvEndRequest *request,
                                                GError     **error);
gboolean          kv_session_set_paused        (KvSession   *self,
                                                KvSideFlags  side,
                                                KvPauseCategory category,
                                                GError     **error);
gboolean          kv_session_set_muted         (KvSession   *self,
                                                KvSideFlags  side,
                                                gboolean     muted,
                                                GError     **error);
void              kv_session_set_supervised    (KvSession   *self,
                                                gboolean     supervised);
gboolean          kv_session_note_child_alert  (KvSession   *self,
                                                gboolean    *out_recorded,
                                                GError     **error);
gboolean          kv_session_cancel            (KvSession   *self,
                                                GError     **error);
void              kv_session_media_lost        (KvSession   *self);
void              kv_session_media_restored    (KvSession   *self);
void              kv_session_set_free_until    (KvSession   *self,
                                                gint64       free_until_us);

G_END_DECLS
