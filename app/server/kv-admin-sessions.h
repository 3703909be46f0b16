/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-admin-http.h"
#include "kv-clock.h"
#include "kv-server-config.h"
#include "kv-signalling-handler.h"
#include "kv-store.h"

G_BEGIN_DECLS

#define KV_TYPE_ADMIN_SESSIONS (kv_admin_sessions_get_type ())
G_DECLARE_FINAL_TYPE (KvAdminSessions, kv_admin_sessions, KV, ADMIN_SESSIONS, GObject)

KvAdminSessions *kv_admin_sessions_new   (KvServerConfig       *config,
                                          KvStore              *store,
                                          KvSignallingHandler  *handler,
                                          KvClock              *clock);
gboolean         kv_admin_sessions_route (KvAdminSessions      *self,
                                          const KvAdminRequest *request);

G_END_DECLS
