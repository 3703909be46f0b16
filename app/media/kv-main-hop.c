/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-main-hop.h"

/* webrtcbin, libnice and the SCTP stack call back on their own threads:
 * everything they say is hopped to the main context before it touches a
 * GObject of ours (platform-notes.md), and dropped there if the object is
 * gone or stopped by then. */

struct _KvMainHop
{
  gatomicrefcount  ref_count;
  GWeakRef         target;
  GMainContext    *context;
  gint             closed;   /* atomic */
};

typedef struct
{
  KvMainHop      *hop;
  KvMainHopFunc   func;
  gpointer        data;
  GDestroyNotify  free_data;
} Hop;

/**
 * kv_main_hop_new:
 * @target: the object the hops reach
 *
 * Returns: (transfer full): a hop to @target on the thread-default main
 *   context of the caller
 */
KvMainHop *
kv_main_hop_new (gpointer target)
{
  KvMainHop *hop = g_new0 (KvMainHop, 1);

  g_atomic_ref_count_init (&hop->ref_count);
  g_weak_ref_init (&hop->target, target);
  hop->context = g_main_context_ref_thread_default ();
  return hop;
}

KvMainHop *
kv_main_hop_ref (KvMainHop *hop)
{
  g_atomic_ref_count_inc (&hop->ref_count);
  return hop;
}

void
kv_main_hop_unref (gpointer data)
{
  KvMainHop *hop = data;

  if (!g_atomic_ref_count_dec (&hop->ref_count))
    return;
  g_weak_ref_clear (&hop->target);
  g_main_context_unref (hop->context);
  g_free (hop);
}

/* For g_signal_connect_data(). */
void
kv_main_hop_closure_unref (gpointer  hop,
                           GClosure *closure)
{
  kv_main_hop_unref (hop);
}

/* The target stopped: nothing hopped reaches it any more. */
void
kv_main_hop_close (KvMainHop *hop)
{
  g_atomic_int_set (&hop->closed, TRUE);
}

gboolean
kv_main_hop_is_closed (KvMainHop *hop)
{
  return g_atomic_int_get (&hop->closed);
}

/* Any thread: the target while it is alive (closed or not), or NULL. */
gpointer
kv_main_hop_dup_target (KvMainHop *hop)
{
  return g_weak_ref_get (&hop->target);
}

static gboolean
hop_dispatch (gpointer data)
{
  Hop *hop = data;
  g_autoptr(GObject) target = g_weak_ref_get (&hop->hop->target);

  if (target != NULL && !kv_main_hop_is_closed (hop->hop))
    hop->func (target, hop->data);
  return G_SOURCE_REMOVE;
}

static void
hop_free (gpointer data)
{
  Hop *hop = data;

  if (hop->free_data != NULL && hop->data != NULL)
    hop->free_data (hop->data);
  kv_main_hop_unref (hop->hop);
  g_free (hop);
}

/**
 * kv_main_hop_run:
 * @hop: a #KvMainHop
 * @func: what to run on the main context, with the target
 * @data: (nullable): @func's data
 * @free_data: (nullable): frees @data
 *
 * Runs @func on the target's main context, unless the target is gone or
 * closed by then. Safe from any thread.
 */
void
kv_main_hop_run (KvMainHop      *hop,
                 KvMainHopFunc   func,
                 gpointer        data,
                 GDestroyNotify  free_data)
{
  Hop *h = g_new0 (Hop, 1);

  h->hop = kv_main_hop_ref (hop);
  h->func = func;
  h->data = data;
  h->free_data = free_data;
  g_main_context_invoke_full (hop->context, G_PRIORITY_DEFAULT, hop_dispatch, h, hop_free);
}
