/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-kiosk"

#include "config.h"

#include "kv-visit-state.h"

/*
 * The visit's transition table: the state after each event, from each
 * state. It is the whole of the visit's state machine; tests/unit/kiosk/
 * test-visit-state.c drives a real #KvVisit through every cell.
 *
 *   from \ event  RELEASE  MEDIA_LOST    MEDIA_BACK  GOODBYE  POSTPONED     PAUSE   RESUME        END
 *   WAITING       LIVE     WAITING       WAITING     WAITING  WAITING       WAITING WAITING       ENDED
 *   LIVE          LIVE     RECONNECTING  LIVE        GOODBYE  LIVE          PAUSED  LIVE          ENDED
 *   RECONNECTING  RECON.   RECONNECTING  LIVE        GOODBYE  RECONNECTING  PAUSED  RECONNECTING  ENDED
 *   PAUSED        PAUSED   PAUSED        PAUSED      GOODBYE  PAUSED        PAUSED  LIVE          ENDED
 *   GOODBYE       GOODBYE  GOODBYE       GOODBYE     GOODBYE  LIVE          GOODBYE GOODBYE       ENDED
 *   ENDED         ENDED    ENDED         ENDED       ENDED    ENDED         ENDED   ENDED         ENDED
 *
 * Why:
 * - Nothing but RELEASE starts a visit: the goodbye time passing before
 *   the start (no `start` ever came) leaves it waiting, and its end makes
 *   it a no-show. Staff cannot pause it before the start either (the
 *   server refuses): PAUSE leaves it waiting.
 * - The goodbye is protected: media lost or back in it changes nothing on
 *   screen. Only make-up time, moving the goodbye later, brings the visit
 *   back (LIVE; PAUSE and MEDIA_LOST, fed again right after, make it
 *   PAUSED or RECONNECTING if that is so).
 * - A pause holds media both ways, live or reconnecting (the server
 *   counts the pause as lost time either way). Media lost or back during
 *   it changes nothing on screen; RESUME goes back to LIVE, and
 *   MEDIA_LOST, fed again right after, makes it RECONNECTING if media is
 *   still gone. The call is not rebuilt for a pause, and the resume needs
 *   no new negotiation.
 * - The goodbye is never paused: the server refuses a pause in it, and
 *   its start lifts every pause so nobody misses it. GOODBYE in PAUSED is
 *   GOODBYE (the hold is lifted with it); PAUSE in GOODBYE changes nothing.
 * - ENDED is for good.
 */

#define W KV_VISIT_STATE_WAITING
#define L KV_VISIT_STATE_LIVE
#define R KV_VISIT_STATE_RECONNECTING
#define P KV_VISIT_STATE_PAUSED
#define G KV_VISIT_STATE_GOODBYE
#define E KV_VISIT_STATE_ENDED

static const KvVisitState transitions[][KV_VISIT_EVENT_END + 1] = {
  /*                    RELEASE  LOST  BACK  GOODBYE  POSTPONED  PAUSE  RESUME  END */
  [KV_VISIT_STATE_WAITING]      = { L, W, W, W, W, W, W, E },
  [KV_VISIT_STATE_LIVE]         = { L, R, L, G, L, P, L, E },
  [KV_VISIT_STATE_RECONNECTING] = { R, R, L, G, R, P, R, E },
  [KV_VISIT_STATE_PAUSED]       = { P, P, P, G, P, P, L, E },
  [KV_VISIT_STATE_GOODBYE]      = { G, G, G, G, L, G, G, E },
  [KV_VISIT_STATE_ENDED]        = { E, E, E, E, E, E, E, E },
};

#undef W
#undef L
#undef R
#undef P
#undef G
#undef E

G_STATIC_ASSERT (G_N_ELEMENTS (transitions) == KV_VISIT_STATE_ENDED + 1);

/**
 * kv_visit_state_next:
 * @state: where the visit is
 * @event: what happened
 *
 * Returns: where the visit is after @event (see the table above)
 */
KvVisitState
kv_visit_state_next (KvVisitState state,
                     KvVisitEvent event)
{
  g_return_val_if_fail (state <= KV_VISIT_STATE_ENDED, state);
  g_return_val_if_fail (event <= KV_VISIT_EVENT_END, state);

  return transitions[state][event];
}

/**
 * kv_visit_state_is_on:
 * @state: a visit's state
 *
 * Returns: whether the visit is joined and not over
 */
gboolean
kv_visit_state_is_on (KvVisitState state)
{
  return state != KV_VISIT_STATE_ENDED;
}

/**
 * kv_visit_state_is_released:
 * @state: a visit's state
 *
 * Returns: whether the visit started (media was released) and is not over
 */
gboolean
kv_visit_state_is_released (KvVisitState state)
{
  return state == KV_VISIT_STATE_LIVE || state == KV_VISIT_STATE_RECONNECTING ||
         state == KV_VISIT_STATE_PAUSED || state == KV_VISIT_STATE_GOODBYE;
}

/**
 * kv_visit_state_is_held:
 * @state: a visit's state
 *
 * Returns: whether this kiosk holds its sending in @state although the
 *   visit started: a staff pause (on either side) holds it both ways
 */
gboolean
kv_visit_state_is_held (KvVisitState state)
{
  return state == KV_VISIT_STATE_PAUSED;
}

const char *
kv_visit_state_to_string (KvVisitState state)
{
  switch (state)
    {
    case KV_VISIT_STATE_WAITING:      return "waiting";
    case KV_VISIT_STATE_LIVE:         return "live";
    case KV_VISIT_STATE_RECONNECTING: return "reconnecting";
    case KV_VISIT_STATE_PAUSED:       return "paused";
    case KV_VISIT_STATE_GOODBYE:      return "goodbye";
    case KV_VISIT_STATE_ENDED:        return "ended";
    default:                          return "unknown";
    }
}

const char *
kv_visit_event_to_string (KvVisitEvent event)
{
  switch (event)
    {
    case KV_VISIT_EVENT_RELEASE:           return "release";
    case KV_VISIT_EVENT_MEDIA_LOST:        return "media-lost";
    case KV_VISIT_EVENT_MEDIA_BACK:        return "media-back";
    case KV_VISIT_EVENT_GOODBYE:           return "goodbye";
    case KV_VISIT_EVENT_GOODBYE_POSTPONED: return "goodbye-postponed";
    case KV_VISIT_EVENT_PAUSE:             return "pause";
    case KV_VISIT_EVENT_RESUME:            return "resume";
    case KV_VISIT_EVENT_END:               return "end";
    default:                               return "unknown";
    }
}
