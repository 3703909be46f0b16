/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdk/gdk.h>

#include "kv-call-factory.h"
#include "kv-clock.h"
#include "kv-kiosk-config.h"
#include "kv-kiosk-error.h"
#include "kv-signaller.h"
#include "kv-types.h"

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
 * @KV_VISIT_PHASE_GOODBYE: the protected last minute
 * @KV_VISIT_PHASE_AFTER: a warm goodbye and when the next visit is; back to
 *   IDLE (or UNAVAILABLE) after %KV_VISIT_AFTER_SECONDS
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
  KV_VISIT_PHASE_GOODBYE,
  KV_VISIT_PHASE_AFTER,
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

/* How long the AFTER phase lasts before going back to IDLE. */
#define KV_VISIT_AFTER_SECONDS 60

/* The stickers a visit knows, in tray order. Anything else is dropped. */
#define KV_VISIT_STICKER_IDS "heart", "star", "sun", "flower", "cat", "dog", "rabbit", "fish"

#define KV_TYPE_VISIT_CONTROLLER (kv_visit_controller_get_type ())
G_DECLARE_FINAL_TYPE (KvVisitController, kv_visit_controller, KV, VISIT_CONTROLLER, GObject)

KvVisitController   *kv_visit_controller_new                 (KvKioskConfig     *config,
                                                              KvClock           *clock,
                                                              KvSignaller       *signaller,
                                                              KvCallFactory     *call_factory);
void                 kv_visit_controller_start               (KvVisitController *self);
void                 kv_visit_controller_shutdown            (KvVisitController *self);

/* User intents */
void                 kv_visit_controller_send_sticker        (KvVisitController *self,
                                                              const char        *sticker_id);
gboolean             kv_visit_controller_staff_confirm       (KvVisitController *self,
                                                              GError           **error);
gboolean             kv_visit_controller_staff_end           (KvVisitController *self,
                                                              const char        *reason,
                                                              GError           **error);
void                 kv_visit_controller_set_picture_paused  (KvVisitController *self,
                                                              gboolean           paused);
gboolean             kv_visit_controller_set_device_test     (KvVisitController *self,
                                                              gboolean           testing,
                                                              GError           **error);

/* Property getters */
KvVisitPhase         kv_visit_controller_get_phase              (KvVisitController *self);
KvUnavailableReason  kv_visit_controller_get_unavailable_reason (KvVisitController *self);
KvRole               kv_visit_controller_get_role               (KvVisitController *self);
const char          *kv_visit_controller_get_kiosk_label        (KvVisitController *self);
const char          *kv_visit_controller_get_peer_label         (KvVisitController *self);
const char          *kv_visit_controller_get_self_label         (KvVisitController *self);
KvAgeBand            kv_visit_controller_get_age_band           (KvVisitController *self);
gboolean             kv_visit_controller_get_peer_present       (KvVisitController *self);
gboolean             kv_visit_controller_get_self_confirmed     (KvVisitController *self);
gboolean             kv_visit_controller_get_peer_confirmed     (KvVisitController *self);
gint64               kv_visit_controller_get_next_visit_start   (KvVisitController *self);
gint64               kv_visit_controller_get_next_visit_end     (KvVisitController *self);
gint64               kv_visit_controller_get_visit_start        (KvVisitController *self);
gint64               kv_visit_controller_get_visit_end          (KvVisitController *self);
guint                kv_visit_controller_get_seconds_left       (KvVisitController *self);
double               kv_visit_controller_get_progress           (KvVisitController *self);
guint                kv_visit_controller_get_lost_seconds       (KvVisitController *self);
guint                kv_visit_controller_get_makeup_seconds     (KvVisitController *self);
GdkPaintable        *kv_visit_controller_get_remote_paintable   (KvVisitController *self);
GdkPaintable        *kv_visit_controller_get_self_paintable     (KvVisitController *self);
double               kv_visit_controller_get_input_level        (KvVisitController *self);
gboolean             kv_visit_controller_get_picture_paused     (KvVisitController *self);
gboolean             kv_visit_controller_get_device_testing     (KvVisitController *self);
KvClock             *kv_visit_controller_get_clock              (KvVisitController *self);

gboolean             kv_visit_controller_is_sticker_known       (const char        *sticker_id);

G_END_DECLS
