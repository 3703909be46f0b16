/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * KvVisitState:
 * @KV_VISIT_STATE_WAITING: joined: the call is set up with media held
 *   (join window), waiting for the visit to start
 * @KV_VISIT_STATE_LIVE: the visit is on, media flows
 * @KV_VISIT_STATE_RECONNECTING: the visit is on, but media was lost; the
 *   call recovers by itself
 * @KV_VISIT_STATE_PAUSED: the visit is on, but staff on either side paused
 *   it: both kiosks hold their sending (no picture, no sound either way);
 *   the call stays up, so the resume needs no new negotiation
 * @KV_VISIT_STATE_GOODBYE: the protected last minute; a media loss in it
 *   does not take it away
 * @KV_VISIT_STATE_ENDED: over (for good: a visit object is never joined
 *   again)
 *
 * The life of one visit (#KvVisit), one state at a time. What changes it
 * is a #KvVisitEvent, through kv_visit_state_next() and nothing else.
 */
typedef enum {
  KV_VISIT_STATE_WAITING,
  KV_VISIT_STATE_LIVE,
  KV_VISIT_STATE_RECONNECTING,
  KV_VISIT_STATE_PAUSED,
  KV_VISIT_STATE_GOODBYE,
  KV_VISIT_STATE_ENDED,
} KvVisitState;

/**
 * KvVisitEvent:
 * @KV_VISIT_EVENT_RELEASE: the visit starts: media is released (the
 *   server's `start`, a live `session`, or the slot start when the server
 *   said before that the session is live)
 * @KV_VISIT_EVENT_MEDIA_LOST: the call lost media after the release
 * @KV_VISIT_EVENT_MEDIA_BACK: the call has media again (or never lost it)
 * @KV_VISIT_EVENT_GOODBYE: the goodbye is due: its time came on the
 *   kiosk's clock, or the server said `goodbye`
 * @KV_VISIT_EVENT_GOODBYE_POSTPONED: the goodbye is not due (any more):
 *   make-up time moved it later
 * @KV_VISIT_EVENT_PAUSE: the server's session says staff on a side paused
 *   the visit
 * @KV_VISIT_EVENT_RESUME: the server's session says no side is paused (any
 *   more), or the goodbye lifted the pauses
 * @KV_VISIT_EVENT_END: the visit is over: the server's `end` or an ended
 *   `session`, the slot end on the kiosk's clock, staff, or a revoked
 *   kiosk
 *
 * What happens to a visit. #KvVisit turns what the server, the call and
 * its clock say into these; the facts that hold for a while (goodbye due,
 * paused, media lost; in that order) are fed again after every change, so the state always
 * agrees with them.
 */
typedef enum {
  KV_VISIT_EVENT_RELEASE,
  KV_VISIT_EVENT_MEDIA_LOST,
  KV_VISIT_EVENT_MEDIA_BACK,
  KV_VISIT_EVENT_GOODBYE,
  KV_VISIT_EVENT_GOODBYE_POSTPONED,
  KV_VISIT_EVENT_PAUSE,
  KV_VISIT_EVENT_RESUME,
  KV_VISIT_EVENT_END,
} KvVisitEvent;

KvVisitState kv_visit_state_next      (KvVisitState state,
                                       KvVisitEvent event);
gboolean     kv_visit_state_is_on     (KvVisitState state);
gboolean     kv_visit_state_is_released (KvVisitState state);
gboolean     kv_visit_state_is_held     (KvVisitState state);
const char  *kv_visit_state_to_string (KvVisitState state);
const char  *kv_visit_event_to_string (KvVisitEvent event);

G_END_DECLS
