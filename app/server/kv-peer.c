/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-signalling"

#include "config.h"

#include "kv-peer.h"

/**
 * kv_peer_new:
 * @address: (nullable): the connection's remote address
 *
 * Returns: (transfer full): a connection that is not signed in
 */
KvPeer *
kv_peer_new (const char *address)
{
  KvPeer *peer = g_new0 (KvPeer, 1);

  peer->address = g_strdup (address != NULL ? address : "unknown");
  return peer;
}

void
kv_peer_free (KvPeer *peer)
{
  if (peer == NULL)
    return;
  g_free (peer->address);
  g_free (peer->kiosk_id);
  g_free (peer);
}

/**
 * kv_peer_dup_actor:
 * @peer: a #KvPeer
 *
 * Returns: (transfer full): who the connection is, for the audit log:
 *   `kiosk:<id>` once signed in, `address:<ip>` before
 */
char *
kv_peer_dup_actor (KvPeer *peer)
{
  if (peer->kiosk_id != NULL)
    return g_strconcat ("kiosk:", peer->kiosk_id, NULL);
  return g_strconcat ("address:", peer->address, NULL);
}
