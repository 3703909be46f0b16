/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-call-backend.h"
#include "kv-clock.h"

G_BEGIN_DECLS

/* No picture for this long while released: the call is reconnecting, and
 * its first rebuild starts now. Loss recovery (retransmission, a keyframe
 * request) brings a picture back well within a second; two seconds without
 * a single frame is a path that is gone, not a stutter. Shorter would
 * rebuild calls that were recovering by themselves. */
#define KV_MEDIA_WATCHDOG_STALL_US (2 * G_USEC_PER_SEC)

/* What one rebuild needs on a working path is a promise of the seam,
 * KV_CALL_NEGOTIATION_BUDGET_US (kv-call-backend.h), with how it was
 * measured. */
#define KV_MEDIA_NEGOTIATION_BUDGET_US KV_CALL_NEGOTIATION_BUDGET_US

/* How long a rebuild attempt whose answer came may take to show a
 * picture, from its start, before it is abandoned and the next one starts
 * at once: the negotiation budget, and half a second for a keyframe that
 * is late. An attempt that began while the path was down (its ICE checks
 * lost) is dead on arrival; this is how long it blocks the next one. */
#define KV_MEDIA_WATCHDOG_ATTEMPT_US (1500 * 1000)

/* An attempt whose answer never came (the server dropped the offer: the
 * other kiosk was away) is abandoned after this long. Not on the path of
 * the recovery bound: the other kiosk, back, asks for the offer again at
 * once (kv-visit-call.c). This only limits how often offers are made for
 * a peer that is away. */
#define KV_MEDIA_WATCHDOG_UNANSWERED_US (4 * G_USEC_PER_SEC)

/* A gap between two pictures longer than this is a freeze (people notice
 * a still picture after about half a second). */
#define KV_MEDIA_WATCHDOG_FREEZE_US (500 * 1000)

G_STATIC_ASSERT (KV_MEDIA_WATCHDOG_ATTEMPT_US >= KV_MEDIA_NEGOTIATION_BUDGET_US);
G_STATIC_ASSERT (KV_MEDIA_WATCHDOG_UNANSWERED_US >= KV_MEDIA_WATCHDOG_ATTEMPT_US);
/* The kiosk's recovery bound counts on the seam's promises
 * (kv-call-backend.h): whoever tunes the constants above finds out here. */
G_STATIC_ASSERT (KV_MEDIA_WATCHDOG_STALL_US <= KV_CALL_STALL_BOUND_US);
G_STATIC_ASSERT (KV_MEDIA_WATCHDOG_ATTEMPT_US <= KV_CALL_ATTEMPT_BOUND_US);

#define KV_TYPE_MEDIA_WATCHDOG (kv_media_watchdog_get_type ())
G_DECLARE_FINAL_TYPE (KvMediaWatchdog, kv_media_watchdog, KV, MEDIA_WATCHDOG, GObject)

KvMediaWatchdog *kv_media_watchdog_new          (KvClock         *clock);
void             kv_media_watchdog_start        (KvMediaWatchdog *self);
void             kv_media_watchdog_stop         (KvMediaWatchdog *self);
void             kv_media_watchdog_set_released (KvMediaWatchdog *self,
                                                 gboolean         released);
void             kv_media_watchdog_set_signalling_up (KvMediaWatchdog *self,
                                                      gboolean         up);
void             kv_media_watchdog_attempt_started  (KvMediaWatchdog *self);
void             kv_media_watchdog_attempt_answered (KvMediaWatchdog *self);
void             kv_media_watchdog_frame_seen   (KvMediaWatchdog *self);
gboolean         kv_media_watchdog_get_flowing  (KvMediaWatchdog *self);
gboolean         kv_media_watchdog_get_stalled  (KvMediaWatchdog *self);
gint64           kv_media_watchdog_get_lost_us  (KvMediaWatchdog *self);
guint            kv_media_watchdog_get_n_freezes (KvMediaWatchdog *self);

G_END_DECLS
