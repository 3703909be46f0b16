/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * KvRole:
 * @KV_ROLE_COMMUNITY: a kiosk in a community centre, where the child is
 * @KV_ROLE_PRISON: a kiosk in a supervised visit room, where the parent is
 *
 * Which side of a visit a kiosk is on.
 */
typedef enum {
  KV_ROLE_COMMUNITY,
  KV_ROLE_PRISON,
} KvRole;

/**
 * KvSideFlags:
 * @KV_SIDE_NONE: neither side
 * @KV_SIDE_PRISON: the prison side
 * @KV_SIDE_COMMUNITY: the community side
 *
 * A set of sides, e.g. the sides that did not show up.
 */
typedef enum /*< flags >*/ {
  KV_SIDE_NONE      = 0,
  KV_SIDE_PRISON    = 1 << 0,
  KV_SIDE_COMMUNITY = 1 << 1,
} KvSideFlags;

#define KV_SIDE_BOTH (KV_SIDE_PRISON | KV_SIDE_COMMUNITY)

/**
 * KvSessionState:
 * @KV_SESSION_STATE_SCHEDULED: booked; the join window has not opened
 * @KV_SESSION_STATE_JOINABLE: the join window is open: kiosks set up the call
 *   with media held
 * @KV_SESSION_STATE_READY: both sides are present and confirmed by staff;
 *   waiting for the slot start
 * @KV_SESSION_STATE_LIVE: the visit is on: media flows
 * @KV_SESSION_STATE_GOODBYE: the protected last minute
 * @KV_SESSION_STATE_ENDED: over, with an outcome
 *
 * The life of one booked visit.
 */
typedef enum {
  KV_SESSION_STATE_SCHEDULED,
  KV_SESSION_STATE_JOINABLE,
  KV_SESSION_STATE_READY,
  KV_SESSION_STATE_LIVE,
  KV_SESSION_STATE_GOODBYE,
  KV_SESSION_STATE_ENDED,
} KvSessionState;

/**
 * KvOutcome:
 * @KV_OUTCOME_NONE: not ended yet
 * @KV_OUTCOME_COMPLETED: ran to its end
 * @KV_OUTCOME_ENDED_BY_STAFF: staff ended it, with a reason
 * @KV_OUTCOME_NO_SHOW: the visit never started; the absent sides are recorded
 * @KV_OUTCOME_TECHNICAL_FAILURE: media was lost and the lost minutes could not
 *   all be given back
 * @KV_OUTCOME_CANCELLED: cancelled before it started
 *
 * How a visit ended.
 */
typedef enum {
  KV_OUTCOME_NONE,
  KV_OUTCOME_COMPLETED,
  KV_OUTCOME_ENDED_BY_STAFF,
  KV_OUTCOME_NO_SHOW,
  KV_OUTCOME_TECHNICAL_FAILURE,
  KV_OUTCOME_CANCELLED,
} KvOutcome;

/**
 * KvAgeBand:
 * @KV_AGE_BAND_UNSPECIFIED: not given
 * @KV_AGE_BAND_0_3: a baby or toddler
 * @KV_AGE_BAND_4_7: a young child
 * @KV_AGE_BAND_8_12: an older child
 * @KV_AGE_BAND_13_17: a teenager
 *
 * The child's age band, optional; the kiosk adapts its screens to it. No
 * birth date is ever stored.
 */
typedef enum {
  KV_AGE_BAND_UNSPECIFIED,
  KV_AGE_BAND_0_3,
  KV_AGE_BAND_4_7,
  KV_AGE_BAND_8_12,
  KV_AGE_BAND_13_17,
} KvAgeBand;

/**
 * KvEndCategory:
 * @KV_END_CATEGORY_NONE: no category: not ended by staff, or a staff end
 *   from a kiosk of protocol version 1, which ends at once
 * @KV_END_CATEGORY_FINISHED_EARLY: all is well; stopping early
 * @KV_END_CATEGORY_CHILD_UPSET: the child is upset
 * @KV_END_CATEGORY_ADULT_UNWELL: the parent (or another adult) is unwell
 * @KV_END_CATEGORY_TECHNICAL_PROBLEM: the call does not work well enough
 * @KV_END_CATEGORY_OTHER: another reason, in the free text
 * @KV_END_CATEGORY_SAFEGUARDING: a safeguarding concern: the visit stops at
 *   once, without a goodbye
 *
 * Why staff ended a visit. Every category but safeguarding starts the
 * goodbye now instead of cutting the visit off.
 */
typedef enum {
  KV_END_CATEGORY_NONE,
  KV_END_CATEGORY_FINISHED_EARLY,
  KV_END_CATEGORY_CHILD_UPSET,
  KV_END_CATEGORY_ADULT_UNWELL,
  KV_END_CATEGORY_TECHNICAL_PROBLEM,
  KV_END_CATEGORY_OTHER,
  KV_END_CATEGORY_SAFEGUARDING,
} KvEndCategory;

/**
 * KvPauseCategory:
 * @KV_PAUSE_CATEGORY_NONE: not paused
 * @KV_PAUSE_CATEGORY_CHILD_NEEDS_A_MOMENT: the child needs a moment
 * @KV_PAUSE_CATEGORY_ADULT_NEEDS_A_MOMENT: the parent (or another adult)
 *   needs a moment
 * @KV_PAUSE_CATEGORY_TECHNICAL_PROBLEM: something to fix before going on
 * @KV_PAUSE_CATEGORY_OTHER: another reason
 *
 * Why staff paused a visit; both kiosks show it.
 */
typedef enum {
  KV_PAUSE_CATEGORY_NONE,
  KV_PAUSE_CATEGORY_CHILD_NEEDS_A_MOMENT,
  KV_PAUSE_CATEGORY_ADULT_NEEDS_A_MOMENT,
  KV_PAUSE_CATEGORY_TECHNICAL_PROBLEM,
  KV_PAUSE_CATEGORY_OTHER,
} KvPauseCategory;

/* Stable string forms, as used in the protocol, the database and the
 * configuration. The _from_string functions return FALSE for unknown names. */
const char *kv_role_to_string           (KvRole          role);
gboolean    kv_role_from_string         (const char     *name,
                                         KvRole         *out_role);
const char *kv_session_state_to_string  (KvSessionState  state);
gboolean    kv_session_state_from_string (const char    *name,
                                          KvSessionState *out_state);
const char *kv_outcome_to_string        (KvOutcome       outcome);
gboolean    kv_outcome_from_string      (const char     *name,
                                         KvOutcome      *out_outcome);
const char *kv_age_band_to_string       (KvAgeBand       band);
gboolean    kv_age_band_from_string     (const char     *name,
                                         KvAgeBand      *out_band);
const char *kv_end_category_to_string   (KvEndCategory   category);
gboolean    kv_end_category_from_string (const char     *name,
                                         KvEndCategory  *out_category);
const char *kv_pause_category_to_string (KvPauseCategory category);
gboolean    kv_pause_category_from_string (const char      *name,
                                           KvPauseCategory *out_category);
KvSideFlags kv_role_to_side             (KvRole          role);

G_END_DECLS
