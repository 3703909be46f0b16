/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

#include "kv-media-config.h"

G_BEGIN_DECLS

#define KV_TYPE_CALL_SENDER (kv_call_sender_get_type ())
G_DECLARE_FINAL_TYPE (KvCallSender, kv_call_sender, KV, CALL_SENDER, GObject)

KvCallSender *kv_call_sender_new                 (const KvMediaConfig *config,
                                                  GstBin              *pipeline,
                                                  GstElement          *webrtc,
                                                  GstElement          *video_valve,
                                                  GstElement          *audio_valve);
void          kv_call_sender_set_held            (KvCallSender        *self,
                                                  gboolean             held);
void          kv_call_sender_set_audio_held      (KvCallSender        *self,
                                                  gboolean             held);
void          kv_call_sender_force_keyframe      (KvCallSender        *self);
gboolean      kv_call_sender_add_offer_senders   (KvCallSender        *self,
                                                  GError             **error);
gboolean      kv_call_sender_add_answer_senders  (KvCallSender        *self,
                                                  guint                video_mline,
                                                  KvVideoCodec         codec,
                                                  guint                video_pt,
                                                  int                  audio_mline,
                                                  guint                audio_pt,
                                                  GError             **error);
gboolean      kv_call_sender_link                (KvCallSender        *self,
                                                  KvVideoCodec         codec,
                                                  guint                video_pt,
                                                  int                  audio_pt,
                                                  GError             **error);
void          kv_call_sender_stop                (KvCallSender        *self);

G_END_DECLS
