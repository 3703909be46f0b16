/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * KvMainHop:
 *
 * How a GStreamer thread reaches an object of the call pipeline on the
 * main context without keeping it alive: a weak reference to the object,
 * its main context, and a "closed" flag set when the object stops. Shared
 * (reference-counted) with the closures and promises that use it.
 */
typedef struct _KvMainHop KvMainHop;

typedef void (*KvMainHopFunc) (gpointer target,
                               gpointer data);

KvMainHop *kv_main_hop_new           (gpointer        target);
KvMainHop *kv_main_hop_ref           (KvMainHop      *hop);
void       kv_main_hop_unref         (gpointer        hop);
void       kv_main_hop_closure_unref (gpointer        hop,
                                      GClosure       *closure);
void       kv_main_hop_close         (KvMainHop      *hop);
gboolean   kv_main_hop_is_closed     (KvMainHop      *hop);
gpointer   kv_main_hop_dup_target    (KvMainHop      *hop);
void       kv_main_hop_run           (KvMainHop      *hop,
                                      KvMainHopFunc   func,
                                      gpointer        data,
                                      GDestroyNotify  free_data);

G_END_DECLS
