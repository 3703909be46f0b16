/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kv-clock.h"
#include "kv-server-config.h"

G_BEGIN_DECLS

/* How often expired connections are looked for, while there are any that
 * could expire; and at most how many one look closes, then sooner again
 * until all are: closing a thousand sockets at once is tens of
 * milliseconds the kiosks' messages would wait for. */
#define KV_CONNECTION_GUARD_SWEEP_US (G_USEC_PER_SEC / 2)
#define KV_CONNECTION_GUARD_CLOSE_BATCH 32
#define KV_CONNECTION_GUARD_BATCH_US (20 * 1000)

/**
 * KvGuardedConnection:
 *
 * One connection the guard counts, from accept until its socket is gone;
 * see kv_connection_guard_admit(). Reference-counted so that it can be
 * attached to objects that outlive the socket: the guard ignores a record
 * whose socket is gone.
 */
typedef struct _KvGuardedConnection KvGuardedConnection;

/**
 * KvGuardedConnectionCloseFunc:
 * @user_data: what was given to kv_guarded_connection_set_closer()
 *
 * Closes the connection now, from the thread that owns it. Called on the
 * guard's thread when the connection is evicted or expires.
 */
typedef void (*KvGuardedConnectionCloseFunc) (gpointer user_data);

#define KV_TYPE_CONNECTION_GUARD (kv_connection_guard_get_type ())
G_DECLARE_FINAL_TYPE (KvConnectionGuard, kv_connection_guard, KV, CONNECTION_GUARD, GObject)

KvConnectionGuard   *kv_connection_guard_new       (KvClock              *clock,
                                                    const KvServerLimits *limits,
                                                    guint                 max_connections);
KvGuardedConnection *kv_connection_guard_admit     (KvConnectionGuard    *self,
                                                    GSocketConnection    *connection,
                                                    const char           *address);
void                 kv_connection_guard_set_deadline (KvConnectionGuard   *self,
                                                       KvGuardedConnection *connection,
                                                       gint64               deadline_us);
void                 kv_connection_guard_authenticated (KvConnectionGuard   *self,
                                                        KvGuardedConnection *connection);
guint                kv_connection_guard_get_n_connections (KvConnectionGuard *self);
guint                kv_connection_guard_get_n_unauthenticated (KvConnectionGuard *self);
guint64              kv_connection_guard_get_n_refused (KvConnectionGuard *self);
guint64              kv_connection_guard_get_n_evicted (KvConnectionGuard *self);
guint64              kv_connection_guard_get_n_expired (KvConnectionGuard *self);

KvGuardedConnection *kv_guarded_connection_ref       (KvGuardedConnection *connection);
void                 kv_guarded_connection_unref     (KvGuardedConnection *connection);
void                 kv_guarded_connection_set_closer (KvGuardedConnection          *connection,
                                                       KvGuardedConnectionCloseFunc  func,
                                                       gpointer                      user_data,
                                                       GDestroyNotify                destroy);
GSocket             *kv_guarded_connection_get_socket (KvGuardedConnection *connection);
const char          *kv_guarded_connection_get_address (KvGuardedConnection *connection);

G_END_DECLS
