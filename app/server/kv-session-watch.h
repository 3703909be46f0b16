/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-server-config.h"
#include "kv-session.h"
#include "kv-signalling-outbox.h"
#include "kv-signalling-peers.h"

G_BEGIN_DECLS

#define KV_TYPE_SESSION_WATCH (kv_session_watch_get_type ())
G_DECLARE_FINAL_TYPE (KvSessionWatch, kv_session_watch, KV, SESSION_WATCH, GObject)

KvSessionWatch *kv_session_watch_new         (KvSession          *session,
                                              KvServerConfig     *config,
                                              KvSignallingPeers  *peers,
                                              KvSignallingOutbox *outbox);

KvSession      *kv_session_watch_get_session (KvSessionWatch     *self);
void            kv_session_watch_announce    (KvSessionWatch     *self);
void            kv_session_watch_set_lost    (KvSessionWatch     *self,
                                              KvSideFlags         side,
                                              gboolean            lost);

G_END_DECLS
