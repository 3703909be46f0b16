/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-call-factory.h"
#include "kv-clock.h"
#include "kv-media-config.h"

G_BEGIN_DECLS

#define KV_TYPE_WEBRTC_CALL_FACTORY (kv_webrtc_call_factory_get_type ())
G_DECLARE_FINAL_TYPE (KvWebrtcCallFactory, kv_webrtc_call_factory, KV, WEBRTC_CALL_FACTORY,
                      GObject)

KvWebrtcCallFactory *kv_webrtc_call_factory_new (const KvMediaConfig *config,
                                                 KvClock             *clock);

G_END_DECLS
