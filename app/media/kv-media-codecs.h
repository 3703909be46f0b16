/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

#include "kv-media-config.h"

G_BEGIN_DECLS

/* RTP payload types this kiosk uses when it offers. When answering, the
 * offer's payload types are used instead (Chromium uses VP8=96, Opus=111). */
#define KV_PT_H264 96
#define KV_PT_VP8  97
#define KV_PT_OPUS 111

const char *kv_media_codec_encoding_name  (KvVideoCodec         codec);
GstCaps    *kv_media_codec_rtp_caps       (KvVideoCodec         codec,
                                           guint                pt);
GstCaps    *kv_media_opus_rtp_caps        (guint                pt);
guint32     kv_media_random_ssrc          (void);
GstElement *kv_media_make_video_encoder   (const KvMediaConfig *config,
                                           KvVideoCodec         codec,
                                           guint                pt,
                                           guint32              ssrc,
                                           GError             **error);
GstElement *kv_media_make_audio_encoder   (guint                pt,
                                           guint32              ssrc,
                                           GError             **error);
GstElement *kv_media_make_decoder         (const char          *encoding_name,
                                           GError             **error);

G_END_DECLS
