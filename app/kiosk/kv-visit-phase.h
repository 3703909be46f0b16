/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * KvVisitPhase:
 * @KV_VISIT_PHASE_STARTING: signing in, or restoring the state after a restart
 * @KV_VISIT_PHASE_UNAVAILABLE: the kiosk cannot hold a visit now; see
 *   #KvVisitController:unavailable-reason
 * @KV_VISIT_PHASE_IDLE: between visits: the next visit is shown
 * @KV_VISIT_PHASE_WAITING: join window: waiting room, self-view, the call is
 *   pre-connected with media held
 * @KV_VISIT_PHASE_LIVE: the visit is on
 * @KV_VISIT_PHASE_RECONNECTING: the visit is on but media was lost: a calm
 *   animation while the call recovers
 * @KV_VISIT_PHASE_PAUSED: the visit is on, but staff on either side paused
 *   it: media is held both ways; see #KvVisitController:pause-category
 * @KV_VISIT_PHASE_GOODBYE: the protected last minute
 * @KV_VISIT_PHASE_AFTER: a warm goodbye and when the next visit is; back to
 *   IDLE (or UNAVAILABLE) after %KV_VISIT_AFTER_SECONDS
 * @KV_VISIT_PHASE_STOPPED: a safeguarding stop ended the visit: a calm
 *   screen, then like AFTER, IDLE (or UNAVAILABLE) after
 *   %KV_VISIT_AFTER_SECONDS
 *
 * What the kiosk's screen shows.
 */
typedef enum {
  KV_VISIT_PHASE_STARTING,
  KV_VISIT_PHASE_UNAVAILABLE,
  KV_VISIT_PHASE_IDLE,
  KV_VISIT_PHASE_WAITING,
  KV_VISIT_PHASE_LIVE,
  KV_VISIT_PHASE_RECONNECTING,
  KV_VISIT_PHASE_PAUSED,
  KV_VISIT_PHASE_GOODBYE,
  KV_VISIT_PHASE_AFTER,
  KV_VISIT_PHASE_STOPPED,
} KvVisitPhase;

/**
 * KvUnavailableReason:
 * @KV_UNAVAILABLE_NONE: the kiosk is available
 * @KV_UNAVAILABLE_NO_NETWORK: the server cannot be reached; retrying
 * @KV_UNAVAILABLE_REFUSED: the server refused the device token (bad or revoked)
 * @KV_UNAVAILABLE_NO_CAMERA: the configured camera or microphone is missing
 * @KV_UNAVAILABLE_NO_BOOKING: signed in, but nothing is booked in the coming days
 *
 * Why the kiosk is in %KV_VISIT_PHASE_UNAVAILABLE.
 */
typedef enum {
  KV_UNAVAILABLE_NONE,
  KV_UNAVAILABLE_NO_NETWORK,
  KV_UNAVAILABLE_REFUSED,
  KV_UNAVAILABLE_NO_CAMERA,
  KV_UNAVAILABLE_NO_BOOKING,
} KvUnavailableReason;

G_END_DECLS
