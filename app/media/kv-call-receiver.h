/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

#define KV_TYPE_CALL_RECEIVER (kv_call_receiver_get_type ())
G_DECLARE_FINAL_TYPE (KvCallReceiver, kv_call_receiver, KV, CALL_RECEIVER, GObject)

KvCallReceiver *kv_call_receiver_new          (GstBin         *pipeline,
                                               GstElement     *webrtc,
                                               GstElement     *video_valve,
                                               GstElement     *audio_entry,
                                               GstElement     *audio_valve);
void            kv_call_receiver_set_video_pt (KvCallReceiver *self,
                                               guint           pt);
void            kv_call_receiver_open         (KvCallReceiver *self);
void            kv_call_receiver_stop         (KvCallReceiver *self);

G_END_DECLS
