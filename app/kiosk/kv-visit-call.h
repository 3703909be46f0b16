/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdk/gdk.h>

#include "kv-call-backend.h"
#include "kv-signaller.h"

G_BEGIN_DECLS

/**
 * KV_VISIT_CALL_RECOVERY_BOUND_US:
 *
 * The recovery bound of a visit's call: once the network path between the
 * two kiosks is back and both can reach the server again, the remote
 * picture is back on both within this time (3 s). It holds by design, not
 * by measurement, if a negotiation on a working path fits its budget
 * (%KV_CALL_NEGOTIATION_BUDGET_US, 1 s; ~0.3 s measured on loopback).
 *
 * Let T be the moment both are back. Each way the picture can be missing
 * at T ends within one of these, each followed by one negotiation on a
 * working path:
 *
 * - the call's old path is fine again: frames flow at once. If the path
 *   came back different (a NAT that forgot the call), the stall is seen
 *   within %KV_CALL_STALL_BOUND_US (2 s) of the last frame, so at most
 *   that long after T, and the first rebuild starts right then;
 * - a rebuild attempt was under way at T and is dead (its ICE checks went
 *   into the dead path): it is abandoned %KV_CALL_ATTEMPT_BOUND_US
 *   (1.5 s) after it began, so at most that long after T, and the next one
 *   starts at once;
 * - a server link was down: an urgent link is signed in again within
 *   %KV_SIGNALLER_URGENT_LINK_BACK_BOUND_US (2 s: a lost sign-in abandoned
 *   after 0.75 s, a retry within the 0.5 s cap, a sign-in within 0.75 s).
 *   The offerer, signed in while the picture is gone, rebuilds at once;
 *   the answerer, signed in, sends its last answer again, and an offerer
 *   that rebuilt meanwhile sends its current offer again at once, its
 *   attempt's time starting over (that extra hop is in the budget).
 *
 * Hence the bound: max(stall, attempt, link back) + negotiation budget =
 * max(2, 1.5, 2) + 1 = 3 s. An attempt is never abandoned while it can
 * still succeed on a working path (the attempt time covers the budget),
 * and while the link is down no attempt starts, so none is wasted. The
 * static assertions in kv-visit-call.c, and those of the implementations
 * (kv-media-watchdog.h, kv-signalling-client.h) against the seams'
 * promises, keep these constants honest.
 */
#define KV_VISIT_CALL_RECOVERY_BOUND_US                                          \
  (MAX (MAX (KV_CALL_STALL_BOUND_US, KV_CALL_ATTEMPT_BOUND_US),               \
        KV_SIGNALLER_URGENT_LINK_BACK_BOUND_US)                                 \
   + KV_CALL_NEGOTIATION_BUDGET_US)

#define KV_TYPE_VISIT_CALL (kv_visit_call_get_type ())
G_DECLARE_FINAL_TYPE (KvVisitCall, kv_visit_call, KV, VISIT_CALL, GObject)

KvVisitCall   *kv_visit_call_new                 (KvCallBackend   *backend,
                                                  KvSignaller     *signaller,
                                                  const char      *booking_id);
void           kv_visit_call_start               (KvVisitCall     *self);
void           kv_visit_call_release             (KvVisitCall     *self);
void           kv_visit_call_set_paused          (KvVisitCall     *self,
                                                  gboolean         paused);
void           kv_visit_call_set_audio_held      (KvVisitCall     *self,
                                                  gboolean         held);
void           kv_visit_call_stop                (KvVisitCall     *self);
void           kv_visit_call_peer_arrived        (KvVisitCall     *self);
void           kv_visit_call_handle_sdp          (KvVisitCall     *self,
                                                  const KvSdp     *sdp);
void           kv_visit_call_handle_ice          (KvVisitCall     *self,
                                                  const KvIce     *ice);
gboolean       kv_visit_call_send_sticker        (KvVisitCall     *self,
                                                  const char      *sticker_id,
                                                  GError         **error);

KvCallBackend *kv_visit_call_get_backend         (KvVisitCall     *self);
const char    *kv_visit_call_get_booking_id      (KvVisitCall     *self);
gboolean       kv_visit_call_get_released        (KvVisitCall     *self);
gboolean       kv_visit_call_get_media_lost      (KvVisitCall     *self);
gint64         kv_visit_call_get_lost_us         (KvVisitCall     *self);

G_END_DECLS
