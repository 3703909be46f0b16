/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-admin-http.h"
#include "kv-clock.h"
#include "kv-signalling-handler.h"
#include "kv-staff-sign-in.h"
#include "kv-store.h"

G_BEGIN_DECLS

/* Open event streams: at most this many in all, and per account (a new
 * one past that closes the account's oldest: a reloaded page). */
#define KV_CONSOLE_EVENTS_MAX_STREAMS 64
#define KV_CONSOLE_EVENTS_MAX_PER_ACCOUNT 4
/* A comment line this often keeps proxies from closing an idle stream and
 * finds browsers that went away; each one also checks the session. */
#define KV_CONSOLE_EVENTS_HEARTBEAT_S 20
/* Changes closer together than this go out as one board. */
#define KV_CONSOLE_EVENTS_COALESCE_MS 100

#define KV_TYPE_CONSOLE_EVENTS (kv_console_events_get_type ())
G_DECLARE_FINAL_TYPE (KvConsoleEvents, kv_console_events, KV, CONSOLE_EVENTS, GObject)

KvConsoleEvents *kv_console_events_new       (KvStore              *store,
                                              KvSignallingHandler  *handler,
                                              KvClock              *clock,
                                              KvStaffSignIn        *sign_in);
gboolean         kv_console_events_route     (KvConsoleEvents      *self,
                                              const KvAdminRequest *request);
void             kv_console_events_changed   (KvConsoleEvents      *self);
void             kv_console_events_check_sessions (KvConsoleEvents *self);
guint            kv_console_events_get_n_streams (KvConsoleEvents  *self);
gboolean         kv_console_events_is_stream (SoupServerMessage    *message);

G_END_DECLS
