/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The legitimate pair: the two kiosks of a visit whose join window is open
 * (libsoup WebSockets, as the kiosks use), relaying `ice` messages to each
 * other at a steady rate for as long as an attack lasts, on their own
 * thread and main context so the attack never delays them on our side.
 * Each message carries its sequence number; its one-way latency is taken
 * as its frame arrives, before it is parsed. */

typedef struct _KvLegitPair KvLegitPair;

typedef struct
{
  guint  sent;
  guint  received;
  double p50_ms;     /* a message never received counts as infinitely late */
  double p99_ms;
  double max_ms;
} KvRelayStats;

KvLegitPair *kv_legit_pair_start (guint16       port,
                                  const char   *prison_token,
                                  const char   *community_token,
                                  const char   *booking_id,
                                  guint         messages_per_second_each,
                                  GError      **error);
void         kv_legit_pair_stop  (KvLegitPair  *self,
                                  KvRelayStats *out_stats);

G_END_DECLS
