/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-booking.h"
#include "kv-clock.h"
#include "kv-site-rules.h"
#include "kv-types.h"

G_BEGIN_DECLS

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
guint             kv_session_get_cues          (KvSession   *self,
                                                guint       *out_seconds_left,
                                                guint        max_cues);

void              kv_session_set_present       (KvSession   *self,
                                                KvSideFlags  sides,
                                                gboolean     present);
void              kv_session_confirm           (KvSession   *self,
                                                KvSideFlags  sides);
void              kv_session_end_by_staff      (KvSession   *self,
                                                const char  *reason);
void              kv_session_cancel            (KvSession   *self);
void              kv_session_media_lost        (KvSession   *self);
void              kv_session_media_restored    (KvSession   *self);
void              kv_session_set_free_until    (KvSession   *self,
                                                gint64       free_until_us);

G_END_DECLS
