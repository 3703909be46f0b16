/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kv-types.h"

G_BEGIN_DECLS

/**
 * KvPeer:
 * @address: the remote address, for rate limiting and the audit log
 * @kiosk_id: (nullable): the kiosk, once signed in
 * @role: the kiosk's role, once signed in
 * @version: the protocol version of its `hello`, once signed in
 * @n_rejected: messages refused on this connection
 * @window_start_us: start of the current one-second message window
 * @window_count: messages in that window
 * @closing: the handler asked for this connection to be closed
 * @connection: the server's connection object; the handler never uses it
 *
 * One kiosk connection, as the signalling handler sees it. The server
 * makes one per WebSocket and hands it to every call; tests make them
 * without sockets.
 */
typedef struct
{
  char     *address;
  char     *kiosk_id;
  KvRole    role;
  guint     version;
  guint     n_rejected;
  gint64    window_start_us;
  guint     window_count;
  gboolean  closing;
  gpointer  connection;
} KvPeer;

KvPeer *kv_peer_new       (const char *address);
void    kv_peer_free      (KvPeer     *peer);
char   *kv_peer_dup_actor (KvPeer     *peer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvPeer, kv_peer_free)

G_END_DECLS
