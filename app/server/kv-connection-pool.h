/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Kiosk WebSockets are spread over I/O threads (see kv-connection-pool.c
 * for why): a new thread is started whenever every running one has
 * SHARD_SIZE connections, up to a maximum: by default DEFAULT_THREADS, or
 * what the environment variable KINVISIT_SERVER_IO_THREADS says (at most
 * MAX_THREADS; 0 keeps the connections on the main thread). */
#define KV_CONNECTION_POOL_SHARD_SIZE 32
#define KV_CONNECTION_POOL_DEFAULT_THREADS 64
#define KV_CONNECTION_POOL_MAX_THREADS 256

#define KV_TYPE_CONNECTION_POOL (kv_connection_pool_get_type ())
G_DECLARE_FINAL_TYPE (KvConnectionPool, kv_connection_pool, KV, CONNECTION_POOL, GObject)

KvConnectionPool *kv_connection_pool_new          (guint                    n_threads,
                                                   guint64                  max_incoming_payload_size);
guint             kv_connection_pool_get_n_threads (KvConnectionPool       *self);
GMainContext     *kv_connection_pool_adopt        (KvConnectionPool        *self,
                                                   GIOStream               *stream,
                                                   GUri                    *uri,
                                                   const char              *origin,
                                                   const char              *protocol,
                                                   const char              *address,
                                                   GSocket                 *socket);
void              kv_connection_pool_send         (KvConnectionPool        *self,
                                                   SoupWebsocketConnection *connection,
                                                   char                    *text,
                                                   gboolean                 close,
                                                   gushort                  close_code);
void              kv_connection_pool_close_all    (KvConnectionPool        *self,
                                                   gushort                  close_code);
void              kv_connection_pool_shutdown     (KvConnectionPool        *self);

G_END_DECLS
