/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How many ping/pong samples the clock offset is chosen from. */
#define KV_CLOCK_OFFSET_SAMPLES 8

/**
 * KvClockOffset:
 *
 * The offset between this machine's clock and the server's, estimated
 * NTP-style from request/response pairs: offset = server_time -
 * (t_send + t_receive) / 2, keeping the sample with the smallest round trip
 * of the last %KV_CLOCK_OFFSET_SAMPLES (the one with the least queueing in
 * it). Plain data, so it is tested without sockets.
 */
typedef struct
{
  gint64 round_trip_us[KV_CLOCK_OFFSET_SAMPLES];
  gint64 offset_us[KV_CLOCK_OFFSET_SAMPLES];
  guint n_samples;
  guint next;
} KvClockOffset;

void     kv_clock_offset_init       (KvClockOffset *self);
gboolean kv_clock_offset_add_sample (KvClockOffset *self,
                                     gint64         sent_us,
                                     gint64         received_us,
                                     gint64         server_time_us);
gboolean kv_clock_offset_get_best   (const KvClockOffset *self,
                                     gint64        *out_offset_us,
                                     gint64        *out_round_trip_us);

G_END_DECLS
