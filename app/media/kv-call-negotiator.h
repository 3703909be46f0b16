/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

#include "kv-call-receiver.h"
#include "kv-call-sender.h"
#include "kv-media-config.h"
#include "kv-play-channel.h"
#include "kv-protocol.h"

G_BEGIN_DECLS

#define KV_TYPE_CALL_NEGOTIATOR (kv_call_negotiator_get_type ())
G_DECLARE_FINAL_TYPE (KvCallNegotiator, kv_call_negotiator, KV, CALL_NEGOTIATOR, GObject)

KvCallNegotiator *kv_call_negotiator_new          (const KvMediaConfig *config,
                                                   gboolean             offerer,
                                                   GstElement          *webrtc,
                                                   KvCallSender        *sender,
                                                   KvCallReceiver      *receiver,
                                                   KvPlayChannel       *channel);
void              kv_call_negotiator_create_offer (KvCallNegotiator    *self);
gboolean          kv_call_negotiator_set_remote_description (KvCallNegotiator *self,
                                                             KvSdpType         type,
                                                             const char       *sdp,
                                                             GError          **error);
gboolean          kv_call_negotiator_add_remote_candidate   (KvCallNegotiator *self,
                                                             guint             mline_index,
                                                             const char       *candidate,
                                                             GError          **error);
void              kv_call_negotiator_stop         (KvCallNegotiator    *self);

G_END_DECLS
