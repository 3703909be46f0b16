/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Plain BSD sockets for hostile clients: what GSocketClient would hide
 * (the source address, a half-sent request, a reset) is the point here.
 * Every socket is non-blocking and every call takes a deadline
 * (g_get_monotonic_time() microseconds), so no test can hang on a server
 * that stopped answering. The server is always 127.0.0.1. */

/**
 * KvRawEnd:
 * @KV_RAW_END_EOF: the peer closed the connection (FIN)
 * @KV_RAW_END_RESET: the peer reset it (RST)
 * @KV_RAW_END_TIMEOUT: still open at the deadline
 *
 * How a connection ended, seen from the client.
 */
typedef enum {
  KV_RAW_END_EOF,
  KV_RAW_END_RESET,
  KV_RAW_END_TIMEOUT,
} KvRawEnd;

const char *kv_raw_end_to_string     (KvRawEnd     end);

/* "127.0.0.<2 + index>": attackers come from other loopback addresses than
 * the legitimate kiosks (Linux routes all of 127/8 on lo). */
char       *kv_raw_attacker_address  (guint        index);

gint64      kv_raw_deadline_ms       (guint        milliseconds);

void        kv_raw_raise_fd_limit    (void);

int         kv_raw_connect_start     (const char  *source_address,
                                      guint16      port,
                                      GError     **error);
int         kv_raw_connect           (const char  *source_address,
                                      guint16      port,
                                      gint64       deadline_us,
                                      GError     **error);
gboolean    kv_raw_send_all          (int          fd,
                                      const void  *data,
                                      gsize        length,
                                      gint64       deadline_us,
                                      GError     **error);
gssize      kv_raw_send_some         (int          fd,
                                      const void  *data,
                                      gsize        length,
                                      GError     **error);
gssize      kv_raw_recv              (int          fd,
                                      void        *buffer,
                                      gsize        size,
                                      gint64       deadline_us,
                                      GError     **error);
gboolean    kv_raw_wait_readable     (int          fd,
                                      gint64       deadline_us);
KvRawEnd    kv_raw_wait_end          (int          fd,
                                      gint64       deadline_us);
KvRawEnd    kv_raw_poll_end          (int          fd);
void        kv_raw_close             (int          fd);

G_END_DECLS
