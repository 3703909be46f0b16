/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-protocol.h"
#include "kv-types.h"

G_BEGIN_DECLS

#define KV_TYPE_VISIT_SESSION (kv_visit_session_get_type ())
G_DECLARE_FINAL_TYPE (KvVisitSession, kv_visit_session, KV, VISIT_SESSION, GObject)

KvVisitSession *kv_visit_session_new                 (KvRole               role);

/* What the server says of the session */
gboolean        kv_visit_session_take_snapshot       (KvVisitSession      *self,
                                                      const KvSessionInfo *snapshot);
void            kv_visit_session_set_server_state    (KvVisitSession      *self,
                                                      KvSessionState       state);
void            kv_visit_session_set_lost_us         (KvVisitSession      *self,
                                                      gint64               lost_us);
void            kv_visit_session_set_end_category    (KvVisitSession      *self,
                                                      KvEndCategory        category);
KvSessionState  kv_visit_session_get_server_state    (KvVisitSession      *self);
gint64          kv_visit_session_get_lost_us         (KvVisitSession      *self);
gboolean        kv_visit_session_get_peer_present    (KvVisitSession      *self);
gboolean        kv_visit_session_get_self_confirmed  (KvVisitSession      *self);
gboolean        kv_visit_session_get_peer_confirmed  (KvVisitSession      *self);
guint           kv_visit_session_get_makeup_seconds  (KvVisitSession      *self);
gboolean        kv_visit_session_get_paused          (KvVisitSession      *self);
gboolean        kv_visit_session_get_paused_here     (KvVisitSession      *self);
KvPauseCategory kv_visit_session_get_pause_category  (KvVisitSession      *self);
gboolean        kv_visit_session_get_muted           (KvVisitSession      *self);
gboolean        kv_visit_session_get_muted_here      (KvVisitSession      *self);
gboolean        kv_visit_session_get_peer_supervised (KvVisitSession      *self);
KvEndCategory   kv_visit_session_get_end_category    (KvVisitSession      *self);

G_END_DECLS
