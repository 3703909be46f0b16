/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by the two files of KvServer: kv-server.c (the object, kiosk
 * messages in and out) and kv-server-listen.c (listening, accepting, the
 * WebSocket upgrade, the plain HTTP endpoints). */

#include "kv-server.h"

#include "kv-admin-api.h"
#include "kv-connection-pool.h"
#include "kv-scheduler.h"
#include "kv-signalling-handler.h"

#include <libsoup/soup.h>

G_BEGIN_DECLS

struct _KvServer
{
  GObject              parent_instance;

  KvServerConfig      *config;
  KvClock             *clock;
  KvStore             *store;

  KvScheduler         *scheduler;
  KvMetrics           *metrics;
  KvSignallingHandler *handler;
  KvAdminApi          *admin_api;
  SoupServer          *soup_server;
  GSocketService      *listener;
  GTlsCertificate     *certificate;   /* NULL: plain HTTP */
  KvConnectionPool    *pool;
  GPtrArray           *extension_types; /* GTypeClass: WebSocket extensions offered */
  GHashTable          *connections;   /* SoupWebsocketConnection -> KvPeer (owned) */
  guint                port;
  gboolean             tls;
};

void kv_server_dispatch (KvServer  *self,
                         GPtrArray *envelopes);

G_END_DECLS
