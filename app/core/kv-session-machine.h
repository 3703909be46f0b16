/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-session.h"
#include "kv-session-child.h"
#include "kv-session-cues.h"
#include "kv-session-ending.h"
#include "kv-session-makeup.h"
#include "kv-session-pauses.h"

G_BEGIN_DECLS

/*
 * KvSession's state machine (kv-session.c), for the two files of its
 * public API that act on a visit: kv-session-actions.c (what kiosks and
 * the scheduler do) and kv-session-staff.c (what staff and the child do).
 * They call the machine; it never calls them. They see no field of
 * KvSession: what they change is a part with its own state and functions
 * (the make-up, the pauses, the staff end, the child's side, the cues),
 * and the machine's operations below, which keep its signals and
 * properties right.
 */

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

/* The parts */
KvSessionMakeup   *kv_session_get_makeup_part  (KvSession *self);
KvSessionPauses   *kv_session_get_pauses_part  (KvSession *self);
KvSessionEnding   *kv_session_get_ending_part  (KvSession *self);
KvSessionChild    *kv_session_get_child_part   (KvSession *self);
const KvSessionCues *kv_session_get_cues_part  (KvSession *self);
const KvSiteRules *kv_session_get_rules        (KvSession *self);

/* The machine */
gint64  kv_session_now             (KvSession         *self);
void    kv_session_evaluate        (KvSession         *self);
void    kv_session_notify          (KvSession         *self,
                                    KvSessionProperty  property);
void    kv_session_add_lost        (KvSession         *self,
                                    gint64             lost_us);
void    kv_session_grant_makeup    (KvSession         *self);
void    kv_session_skip_cues_before (KvSession        *self,
                                     gint64            before_us);
void    kv_session_finish          (KvSession         *self,
                                    KvOutcome          outcome,
                                    gint64             at_us);

G_END_DECLS
