/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-metrics.h"
#include "kv-peer.h"
#include "kv-protocol.h"
#include "kv-signalling-outbox.h"
#include "kv-signalling-peers.h"
#include "kv-signalling-sessions.h"

G_BEGIN_DECLS

#define KV_TYPE_SIGNALLING_RELAY (kv_signalling_relay_get_type ())
G_DECLARE_FINAL_TYPE (KvSignallingRelay, kv_signalling_relay, KV, SIGNALLING_RELAY, GObject)

KvSignallingRelay *kv_signalling_relay_new    (KvMetrics            *metrics,
                                               KvSignallingPeers    *peers,
                                               KvSignallingSessions *sessions,
                                               KvSignallingOutbox   *outbox);
void               kv_signalling_relay_handle (KvSignallingRelay    *self,
                                               KvPeer               *peer,
                                               KvMessage            *message);

G_END_DECLS
