/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-kiosk"

#include "config.h"

#include "kv-visit-state.h"

/*
 * The visit's transition table: the state after each event, from each
 * state. It is the whole of the visit's state machine; tests/unit/kiosk/
 * test-visit-state.c drives a real #KvVisit through every cell.
 *
 *   from \ event   RELEASE  MEDIA_LOST    MEDIA_BACK  GOODBYE  GOODBYE_POSTPONED  END
 *   WAITING        LIVE     WAITING       WAITING     WAITING  WAITING            ENDED
 *   LIVE           LIVE     RECONNECTING  LIVE        GOODBYE  LIVE               ENDED
 *   RECONNECTING   RECON.   RECONNECTING  LIVE        GOODBYE  RECONNECTING       ENDED
 *   GOODBYE        GOODBYE  GOODBYE       GOODBYE     GOODBYE  LIVE               ENDED
 *   ENDED          ENDED    ENDED         ENDED       ENDED    ENDED              ENDED
 *
 * Why:
 * - Nothing but RELEASE starts a visit: the goodbye time passing before
 *   the start (no `start` ever came) leaves it waiting, and its end makes
 *   it a no-show.
 * - The goodbye is protected: media lost or back in it changes nothing on
 *   screen. Only make-up time, moving the goodbye later, brings the visit
 *   back (LIVE; MEDIA_LOST, fed again right after, makes it RECONNECTING
 *   if media is gone).
 * - ENDED is for good.
 *
 * The next state to come is "paused" (staff pause the visit, and the lost
 * time is given back): a row, and PAUSE and RESUME columns.
 */

#define W KV_VISIT_STATE_WAITING
#define L KV_VISIT_STATE_LIVE
#define R KV_VISIT_STATE_RECONNECTING
#define G KV_VISIT_STATE_GOODBYE
#define E KV_VISIT_STATE_ENDED

static const KvVisitState transitions[][KV_VISIT_EVENT_END + 1] = {
  /*                    RELEASE  LOST  BACK  GOODBYE  POSTPONED  END */
  [KV_VISIT_STATE_WAITING]      = { L, W, W, W, W, E },
  [KV_VISIT_STATE_LIVE]         = { L, R, L, G, L, E },
  [KV_VISIT_STATE_RECONNECTING] = { R, R, L, G, R, E },
  [KV_VISIT_STATE_GOODBYE]      = { G, G, G, G, L, E },
  [KV_VISIT_STATE_ENDED]        = { E, E, E, E, E, E },
};

#undef W
#undef L
#undef R
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
         state == KV_VISIT_STATE_GOODBYE;
}

const char *
kv_visit_state_to_string (KvVisitState state)
{
  switch (state)
    {
    case KV_VISIT_STATE_WAITING:      return "waiting";
    case KV_VISIT_STATE_LIVE:         return "live";
    case KV_VISIT_STATE_RECONNECTING: return "reconnecting";
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
    case KV_VISIT_EVENT_END:               return "end";
    default:                               return "unknown";
    }
}
