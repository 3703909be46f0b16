/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-net"

#include "config.h"

#include "kv-clock-offset.h"

/* A sample whose round trip took longer than this says nothing useful. */
#define MAX_ROUND_TRIP_US (60 * G_USEC_PER_SEC)

void
kv_clock_offset_init (KvClockOffset *self)
{
  *self = (KvClockOffset) { 0, };
}

/**
 * kv_clock_offset_add_sample:
 * @self: a #KvClockOffset
 * @sent_us: our clock when the request left
 * @received_us: our clock when the answer came
 * @server_time_us: the server's clock in the answer
 *
 * Returns: whether the sample was plausible and kept
 */
gboolean
kv_clock_offset_add_sample (KvClockOffset *self,
                            gint64         sent_us,
                            gint64         received_us,
                            gint64         server_time_us)
{
  /* The times come from the network (echoed by the server): an answer from
   * before the request, or from over a minute later, is no sample. */
  if (sent_us <= 0 || server_time_us <= 0 || received_us < sent_us ||
      received_us - sent_us > MAX_ROUND_TRIP_US)
    return FALSE;

  self->round_trip_us[self->next] = received_us - sent_us;
  /* The server read its clock, on average, half-way through the trip. */
  self->offset_us[self->next] = server_time_us - (sent_us + (received_us - sent_us) / 2);
  self->next = (self->next + 1) % KV_CLOCK_OFFSET_SAMPLES;
  self->n_samples = MIN (self->n_samples + 1, KV_CLOCK_OFFSET_SAMPLES);

  return TRUE;
}

gboolean
kv_clock_offset_get_best (const KvClockOffset *self,
                          gint64              *out_offset_us,
                          gint64              *out_round_trip_us)
{
  guint best = 0;

  if (self->n_samples == 0)
    return FALSE;

  for (guint i = 1; i < self->n_samples; i++)
    if (self->round_trip_us[i] < self->round_trip_us[best])
      best = i;

  if (out_offset_us != NULL)
    *out_offset_us = self->offset_us[best];
  if (out_round_trip_us != NULL)
    *out_round_trip_us = self->round_trip_us[best];

  return TRUE;
}
