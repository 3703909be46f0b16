/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-clock"

#include "config.h"

#include "kv-fake-clock.h"

/**
 * KvFakeClock:
 *
 * A clock for tests: time stands still until the test moves it.
 *
 * kv_fake_clock_advance() walks through time: every alarm fires with the
 * clock showing exactly its due time, in order, so a callback that adds a
 * later alarm within the advanced span sees it fire too.
 * kv_fake_clock_set_now() is a jump: everything due fires at the new time,
 * as after a wall-clock step on a real machine.
 */

struct _KvFakeClock
{
  KvClock parent_instance;

  gint64 now_us;
};

G_DEFINE_FINAL_TYPE (KvFakeClock, kv_fake_clock, KV_TYPE_CLOCK)

static gint64
kv_fake_clock_get_now (KvClock *clock)
{
  return KV_FAKE_CLOCK (clock)->now_us;
}

static void
kv_fake_clock_class_init (KvFakeClockClass *klass)
{
  KvClockClass *clock_class = KV_CLOCK_CLASS (klass);

  clock_class->get_now = kv_fake_clock_get_now;
}

static void
kv_fake_clock_init (KvFakeClock *self)
{
}

/**
 * kv_fake_clock_new:
 * @now_us: the starting time, UTC microseconds since the epoch
 *
 * Returns: (transfer full): a new fake clock
 */
KvClock *
kv_fake_clock_new (gint64 now_us)
{
  KvFakeClock *self = g_object_new (KV_TYPE_FAKE_CLOCK, NULL);

  self->now_us = now_us;

  return KV_CLOCK (self);
}

/**
 * kv_fake_clock_new_from_iso8601:
 * @iso8601: a time such as "2026-03-29T00:30:00Z"
 *
 * Returns: (transfer full): a new fake clock, or %NULL if @iso8601 does not parse
 */
KvClock *
kv_fake_clock_new_from_iso8601 (const char *iso8601)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso8601, NULL);

  g_return_val_if_fail (dt != NULL, NULL);

  return kv_fake_clock_new (kv_date_time_to_us (dt));
}

/**
 * kv_fake_clock_set_now:
 * @self: a #KvFakeClock
 * @now_us: the new time; may be earlier than the current one
 *
 * Jumps to @now_us and fires everything due.
 */
void
kv_fake_clock_set_now (KvFakeClock *self,
                       gint64       now_us)
{
  g_return_if_fail (KV_IS_FAKE_CLOCK (self));

  self->now_us = now_us;
  kv_clock_dispatch_due (KV_CLOCK (self));
}

/**
 * kv_fake_clock_advance:
 * @self: a #KvFakeClock
 * @delta_us: how far to move forward, >= 0
 *
 * Moves forward, stopping at each alarm's due time to fire it.
 */
void
kv_fake_clock_advance (KvFakeClock *self,
                       gint64       delta_us)
{
  gint64 target;

  g_return_if_fail (KV_IS_FAKE_CLOCK (self));
  g_return_if_fail (delta_us >= 0);

  target = self->now_us + delta_us;

  for (;;)
    {
      gint64 next = kv_clock_get_next_alarm (KV_CLOCK (self));

      if (next > target)
        break;

      if (next > self->now_us)
        self->now_us = next;
      kv_clock_dispatch_due (KV_CLOCK (self));
    }

  self->now_us = target;
}

/**
 * kv_fake_clock_advance_seconds:
 * @self: a #KvFakeClock
 * @seconds: how far to move forward
 *
 * Like kv_fake_clock_advance(), in seconds.
 */
void
kv_fake_clock_advance_seconds (KvFakeClock *self,
                               double       seconds)
{
  kv_fake_clock_advance (self, (gint64) (seconds * KV_USEC_PER_SECOND));
}
