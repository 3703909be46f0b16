/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A TCP relay on 127.0.0.1 in front of a local server, standing for a
 * kiosk's network path to it. Down, it behaves like a dead path (a pulled
 * cable, a router rebooting): nothing gets through in either direction,
 * nothing is closed, and new connections are taken but go nowhere, so a
 * client notices only by its own timers. Back up, the connections of the
 * outage are reset (the router forgot them) and new ones get through.
 * This kernel has no netem or iptables; this is the server link's
 * counterpart of the call's netsim blackout. */
typedef struct _KvTestProxy KvTestProxy;

KvTestProxy *kv_test_proxy_new      (guint16      upstream_port);
guint16      kv_test_proxy_get_port (KvTestProxy *self);
void         kv_test_proxy_set_down (KvTestProxy *self,
                                     gboolean     down);
void         kv_test_proxy_free     (KvTestProxy *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvTestProxy, kv_test_proxy_free)

G_END_DECLS
