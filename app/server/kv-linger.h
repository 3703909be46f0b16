/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A lingering close reads and drops at most this much of what the client
 * still sends, for at most this long, before the socket really closes. */
#define KV_LINGER_MAX_BYTES (256 * 1024)
#define KV_LINGER_TIMEOUT_MS 2000

void kv_linger_close (GSocket *socket);

G_END_DECLS
