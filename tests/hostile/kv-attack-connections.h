/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-hostile-server.h"

G_BEGIN_DECLS

/* Connection exhaustion: many idle TCP connections at once, in thirds:
 * plain idle ones, ones that send half an HTTP header a byte at a time
 * (slowloris), and WebSockets that never send hello. The server must close
 * each within its request or sign-in timeout, and keep room for everyone
 * else meanwhile. */

typedef struct
{
  guint  requested;
  guint  opened;          /* TCP connections established */
  guint  closed_in_time;  /* ended (EOF or reset) within timeout + grace of their connect */
  guint  closed_late;     /* ended, but later */
  guint  still_open;      /* open (or still connecting) at the end */
  double worst_close_s;   /* longest connect-to-end among those that ended */
  double seconds;
} KvIdleConnectionsResult;

void kv_attack_idle_connections (KvHostileServer         *server,
                                 guint                    n_connections,
                                 guint                    n_addresses,
                                 guint                    first_address,
                                 guint                    timeout_s,
                                 guint                    grace_s,
                                 KvIdleConnectionsResult *out_result);

G_END_DECLS
