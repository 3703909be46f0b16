/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-session.h"
#include "kv-session-cues.h"

G_BEGIN_DECLS

/* Shared by kv-session.c (the state machine) and kv-session-actions.c (what
 * kiosks and staff do to a session); nothing else includes this. */

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
  char *end_reason;

  gint64 free_until_us;
  gboolean media_lost;
  gint64 media_lost_since_us;
  KvSessionCues cues;

  guint alarm_id;
  gboolean evaluating;
};

void kv_session_set_state        (KvSession      *self,
                                  KvSessionState  state);
void kv_session_close_media_loss (KvSession      *self,
                                  gint64          at_us);
void kv_session_finish           (KvSession      *self,
                                  KvOutcome       outcome,
                                  gint64          at_us);
void kv_session_evaluate         (KvSession      *self);
void kv_session_emit_end_time_changed (KvSession *self);
void kv_session_apply_snapshot   (KvSession               *self,
                                  const KvSessionSnapshot *snapshot);

G_END_DECLS
