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
} KvSessionError;

#define KV_SESSION_ERROR (kv_session_error_quark ())
GQuark kv_session_error_quark (void);

/* Longest staff end reason, in characters. */
#define KV_SESSION_REASON_MAX_CHARS 500

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
gboolean          kv_session_cancel            (KvSession   *self,
                                                GError     **error);
void              kv_session_media_lost        (KvSession   *self);
void              kv_session_media_restored    (KvSession   *self);
void              kv_session_set_free_until    (KvSession   *self,
                                                gint64       free_until_us);

G_END_DECLS
