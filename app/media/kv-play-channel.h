/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* The data channel's label, the same on both sides. */
#define KV_PLAY_CHANNEL_LABEL "kinvisit-play"

#define KV_TYPE_PLAY_CHANNEL (kv_play_channel_get_type ())
G_DECLARE_FINAL_TYPE (KvPlayChannel, kv_play_channel, KV, PLAY_CHANNEL, GObject)

KvPlayChannel *kv_play_channel_new    (GstElement     *webrtc,
                                       gboolean        offerer);
void           kv_play_channel_create (KvPlayChannel  *self);
gboolean       kv_play_channel_send   (KvPlayChannel  *self,
                                       const char     *text,
                                       GError        **error);
void           kv_play_channel_stop   (KvPlayChannel  *self);

G_END_DECLS
