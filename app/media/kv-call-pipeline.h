/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

#include "kv-call-stats.h"
#include "kv-media-config.h"
#include "kv-netsim.h"
#include "kv-protocol.h"
#include "kv-video-paintable.h"

G_BEGIN_DECLS

#define KV_TYPE_CALL_PIPELINE (kv_call_pipeline_get_type ())
G_DECLARE_FINAL_TYPE (KvCallPipeline, kv_call_pipeline, KV, CALL_PIPELINE, GObject)

KvCallPipeline *kv_call_pipeline_new          (const KvMediaConfig *config,
                                               gboolean             offerer,
                                               GStrv                stun_urls,
                                               GStrv                turn_urls,
                                               KvVideoPaintable    *remote_paintable,
                                               KvVideoPaintable    *self_paintable,
                                               KvNetsim            *netsim,
                                               GError             **error);
gboolean        kv_call_pipeline_start        (KvCallPipeline      *self,
                                               gboolean             held,
                                               GError             **error);
gboolean        kv_call_pipeline_set_remote_description (KvCallPipeline *self,
                                                         KvSdpType       type,
                                                         const char     *sdp,
                                                         GError        **error);
gboolean        kv_call_pipeline_add_remote_candidate (KvCallPipeline *self,
                                                       guint           mline_index,
                                                       const char     *candidate,
                                                       GError        **error);
void            kv_call_pipeline_set_held     (KvCallPipeline      *self,
                                               gboolean             held);
void            kv_call_pipeline_set_audio_held (KvCallPipeline    *self,
                                                 gboolean           held);
void            kv_call_pipeline_force_keyframe (KvCallPipeline    *self);
gboolean        kv_call_pipeline_send_string  (KvCallPipeline      *self,
                                               const char          *text,
                                               GError             **error);
void            kv_call_pipeline_refresh_stats (KvCallPipeline     *self);
const KvCallStats *kv_call_pipeline_get_stats (KvCallPipeline      *self);
double          kv_call_pipeline_get_input_level (KvCallPipeline   *self);
double          kv_call_pipeline_get_remote_audio_level (KvCallPipeline *self);
guint64         kv_call_pipeline_get_remote_audio_buffers (KvCallPipeline *self);
GstElement     *kv_call_pipeline_get_webrtcbin (KvCallPipeline     *self);
void            kv_call_pipeline_stop         (KvCallPipeline      *self);

G_END_DECLS
