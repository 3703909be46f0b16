/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-clock.h"
#include "kv-metrics.h"
#include "kv-server-config.h"
#include "kv-store.h"

G_BEGIN_DECLS

#define KV_SERVER_ERROR (kv_server_error_quark ())
GQuark kv_server_error_quark (void);

/**
 * KvServerError:
 * @KV_SERVER_ERROR_INSECURE: plain HTTP on a non-loopback address without
 *   allow-insecure
 * @KV_SERVER_ERROR_TLS: the TLS certificate or key cannot be used
 * @KV_SERVER_ERROR_LISTEN: the address or port cannot be bound
 *
 * Errors starting the server.
 */
typedef enum {
  KV_SERVER_ERROR_INSECURE,
  KV_SERVER_ERROR_TLS,
  KV_SERVER_ERROR_LISTEN,
} KvServerError;

/* Frames above this are refused by the WebSocket layer itself (close 1009);
 * between KV_PROTOCOL_MAX_MESSAGE_SIZE and this, the kiosk gets an
 * `error` too-large reply and the connection stays up. */
#define KV_SERVER_MAX_FRAME_SIZE (2 * 64 * 1024)

#define KV_TYPE_SERVER (kv_server_get_type ())
G_DECLARE_FINAL_TYPE (KvServer, kv_server, KV, SERVER, GObject)

KvServer  *kv_server_new         (KvServerConfig  *config,
                                  KvClock         *clock,
                                  KvStore         *store,
                                  GError         **error);
gboolean   kv_server_listen      (KvServer        *self,
                                  GError         **error);
guint      kv_server_get_port    (KvServer        *self);
char      *kv_server_get_url     (KvServer        *self,
                                  const char      *scheme);
KvMetrics *kv_server_get_metrics (KvServer        *self);
guint      kv_server_get_n_connections (KvServer  *self);
void       kv_server_disconnect_all (KvServer     *self);

G_END_DECLS
