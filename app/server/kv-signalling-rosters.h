/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-peer.h"
#include "kv-signalling-outbox.h"
#include "kv-signalling-peers.h"
#include "kv-store.h"

G_BEGIN_DECLS

#define KV_TYPE_SIGNALLING_ROSTERS (kv_signalling_rosters_get_type ())
G_DECLARE_FINAL_TYPE (KvSignallingRosters, kv_signalling_rosters, KV, SIGNALLING_ROSTERS,
                      GObject)

KvSignallingRosters *kv_signalling_rosters_new       (KvStore             *store,
                                                      KvSignallingPeers   *peers,
                                                      KvSignallingOutbox  *outbox);
void                 kv_signalling_rosters_send      (KvSignallingRosters *self,
                                                      KvPeer              *peer);
void                 kv_signalling_rosters_send_all  (KvSignallingRosters *self);
void                 kv_signalling_rosters_forget    (KvSignallingRosters *self,
                                                      const char          *kiosk_id);
gboolean             kv_signalling_rosters_has_staff (KvSignallingRosters *self,
                                                      const char          *kiosk_id,
                                                      const char          *staff_id);

G_END_DECLS
