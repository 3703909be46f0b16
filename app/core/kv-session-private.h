/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-session.h"
#include "kv-session-cues.h"
#include "kv-session-ending.h"
#include "kv-session-pauses.h"

G_BEGIN_DECLS

/* Shared by kv-session.c (the state machine), kv-session-actions.c (what
 * kiosks and the scheduler do to a session, and what it tells) and
 * kv-session-staff.c (what staff do during a visit: end, pause, mute);
 * nothing else includes this. What interrupts a visit and how staff ended
 * it have their own structs, KvSessionPauses and KvSessionEnding. */

typedef enum {
  PROP_0,
  PROP_CLOCK,
  PROP_BOOKING,
  PROP_RULES,
  PROP_SNAPSHOT,
  PROP_STATE,
  PROP_OUTCOME,
  PROP_PRESENT,
  PROP_CONFIRMED,
  PROP_END_TIME,
  PROP_PAUSED,
  PROP_MUTED,
  PROP_SUPERVISED,
  PROP_END_CATEGORY,
  N_PROPS
} KvSessionProperty;

extern GParamSpec *kv_session_properties[N_PROPS];

struct _KvSession
{
  GObject parent_instance;

  KvClock *clock;
  KvBooking *booking;
  KvSiteRules rules;
  KvSessionSnapshot *initial;   /* only during construction */

  KvSessionState state;
  KvOutcome outcome;
  KvSideFlags present;
  KvSideFlags confirmed;
  KvSideFlags absent;
  gint64 live_since_us;
  gint64 ended_at_us;
  gint64 lost_us;
  gint64 makeup_us;
  KvSessionEnding ending;
  gboolean supervised;
  guint child_alerts;
  gint64 last_child_alert_us;

  gint64 free_until_us;
  KvSessionPauses pauses;
  KvSessionCues cues;

  guint alarm_id;
  gboolean evaluating;
};

void kv_session_set_state        (KvSession      *self,
                                  KvSessionState  state);
gint64 kv_session_end_time      (KvSession      *self);
gint64 kv_session_goodbye_time  (KvSession      *self);
void kv_session_add_lost        (KvSession      *self,
                                 gint64          lost_us);
void kv_session_grant_makeup    (KvSession      *self);
void kv_session_lift_pauses     (KvSession      *self,
                                 gint64          at_us);
void kv_session_close_interruptions (KvSession  *self,
                                     gint64      at_us);
void kv_session_finish           (KvSession      *self,
                                  KvOutcome       outcome,
                                  gint64          at_us);
void kv_session_evaluate         (KvSession      *self);
void kv_session_emit_end_time_changed (KvSession *self);
void kv_session_apply_snapshot   (KvSession               *self,
                                  const KvSessionSnapshot *snapshot);

G_END_DECLS
