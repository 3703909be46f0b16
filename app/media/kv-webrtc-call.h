/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

#include "kv-call-backend.h"
#include "kv-call-stats.h"
#include "kv-clock.h"
#include "kv-media-config.h"

G_BEGIN_DECLS

#define KV_TYPE_WEBRTC_CALL (kv_webrtc_call_get_type ())
G_DECLARE_FINAL_TYPE (KvWebrtcCall, kv_webrtc_call, KV, WEBRTC_CALL, GObject)

KvWebrtcCall *kv_webrtc_call_new                (const KvMediaConfig *config,
                                                 gboolean             offerer,
                                                 GPtrArray           *ice_servers,
                                                 KvClock             *clock);
gboolean      kv_webrtc_call_get_offerer        (KvWebrtcCall        *self);
void          kv_webrtc_call_get_stats          (KvWebrtcCall        *self,
                                                 KvCallStats         *out_stats);

/* Test and benchmark hooks: fault injection and what a test checks. */
void          kv_webrtc_call_set_blackout       (KvWebrtcCall        *self,
                                                 gboolean             blackout);
void          kv_webrtc_call_set_drop_probability (KvWebrtcCall      *self,
                                                   double             probability);
double        kv_webrtc_call_get_remote_audio_level (KvWebrtcCall    *self);
guint64       kv_webrtc_call_get_remote_audio_buffers (KvWebrtcCall  *self);
GstElement   *kv_webrtc_call_get_webrtcbin      (KvWebrtcCall        *self);
guint64       kv_webrtc_call_get_remote_frames  (KvWebrtcCall        *self);
guint         kv_webrtc_call_get_n_rebuilds     (KvWebrtcCall        *self);

G_END_DECLS
