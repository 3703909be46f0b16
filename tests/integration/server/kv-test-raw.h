/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-test-server.h"

G_BEGIN_DECLS

/* A raw TCP client for the in-process server, for what a well-behaved
 * HTTP or WebSocket library would never send: oversized bodies, idle
 * sockets, hand-made WebSocket frames. Everything runs on the test's main
 * loop, so the server keeps running while the client waits. */

typedef struct
{
  GSocket *socket;
  GSource *readable;   /* wakes the main loop when there is something to read */
  GString *received;
  gboolean eof;        /* the server closed (FIN) */
  gboolean reset;      /* the server reset the connection */
  gboolean send_failed;
} KvTestRaw;

KvTestRaw *kv_test_raw_connect        (KvTestServer *server,
                                       const char   *source_address);
void       kv_test_raw_free           (KvTestRaw    *raw);
gsize      kv_test_raw_send           (KvTestRaw    *raw,
                                       const void   *data,
                                       gsize         length);
void       kv_test_raw_send_text      (KvTestRaw    *raw,
                                       const char   *text);
gboolean   kv_test_raw_wait_for       (KvTestRaw    *raw,
                                       const char   *needle);
void       kv_test_raw_wait_closed    (KvTestRaw    *raw);
gboolean   kv_test_raw_is_closed_now  (KvTestRaw    *raw);
char      *kv_test_raw_websocket_handshake (KvTestRaw  *raw,
                                            const char *extra_headers);
char      *kv_test_raw_request        (KvTestRaw    *raw,
                                       const char   *request);
void       kv_test_raw_send_frame     (KvTestRaw    *raw,
                                       guint8        first_byte,
                                       const void   *payload,
                                       guint64       declared_length,
                                       gsize         length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvTestRaw, kv_test_raw_free)

G_END_DECLS
