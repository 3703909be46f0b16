/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdk/gdk.h>

#include "kv-call-backend.h"
#include "kv-signaller.h"

G_BEGIN_DECLS

#define KV_TYPE_VISIT_CALL (kv_visit_call_get_type ())
G_DECLARE_FINAL_TYPE (KvVisitCall, kv_visit_call, KV, VISIT_CALL, GObject)

KvVisitCall   *kv_visit_call_new                 (KvCallBackend   *backend,
                                                  KvSignaller     *signaller,
                                                  const char      *booking_id);
void           kv_visit_call_start               (KvVisitCall     *self);
void           kv_visit_call_release             (KvVisitCall     *self);
void           kv_visit_call_set_picture_paused  (KvVisitCall     *self,
                                                  gboolean         paused);
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
