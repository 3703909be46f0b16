/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-clock"

#include "config.h"

#include "kv-real-clock.h"

/**
 * KvRealClock:
 *
 * The wall clock, plus an offset (the kiosk sets it to the difference to the
 * server's clock, so every countdown on screen uses server time).
 *
 * Alarms are due at wall-clock times, and the wall clock can jump (NTP, an
 * administrator, a new offset). A single long GLib timeout would fire at the
 * wrong moment after a jump, so the clock never sleeps longer than
 * %MAX_SLEEP_MS and re-reads the time each time it wakes.
 */

/* Upper bound on how late an alarm can be after a wall-clock jump. */
#define MAX_SLEEP_MS 1000

struct _KvRealClock
{
  KvClock parent_instance;

  gint64 offset_us;
  guint wakeup_id;
};

enum {
  PROP_0,
  PROP_OFFSET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KvRealClock, kv_real_clock, KV_TYPE_CLOCK)

static gint64
kv_real_clock_get_now (KvClock *clock)
{
  KvRealClock *self = KV_REAL_CLOCK (clock);

  return g_get_real_time () + self->offset_us;
}

static gboolean
on_wakeup (gpointer user_data)
{
  KvRealClock *self = user_data;

  self->wakeup_id = 0;
  /* Dispatch reschedules through schedule_wakeup(). */
  kv_clock_dispatch_due (KV_CLOCK (self));

  return G_SOURCE_REMOVE;
}

static void
kv_real_clock_schedule_wakeup (KvClock *clock,
                               gint64   deadline_us)
{
  KvRealClock *self = KV_REAL_CLOCK (clock);
  gint64 wait_us;
  guint wait_ms;

  g_clear_handle_id (&self->wakeup_id, g_source_remove);

  if (deadline_us == G_MAXINT64)
    return;

  wait_us = deadline_us - kv_clock_get_now (clock);
  if (wait_us <= 0)
    wait_ms = 0;
  else
    /* Round up: waking a little early would just go back to sleep. */
    wait_ms = (guint) MIN ((wait_us + 999) / 1000, MAX_SLEEP_MS);

  self->wakeup_id = g_timeout_add_full (G_PRIORITY_HIGH, wait_ms, on_wakeup, self, NULL);
  g_source_set_name_by_id (self->wakeup_id, "[kinvisit] clock alarm");
}

static void
kv_real_clock_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KvRealClock *self = KV_REAL_CLOCK (object);

  switch (prop_id)
    {
    case PROP_OFFSET:
      g_value_set_int64 (value, self->offset_us);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_real_clock_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KvRealClock *self = KV_REAL_CLOCK (object);

  switch (prop_id)
    {
    case PROP_OFFSET:
      kv_real_clock_set_offset (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_real_clock_dispose (GObject *object)
{
  KvRealClock *self = KV_REAL_CLOCK (object);

  g_clear_handle_id (&self->wakeup_id, g_source_remove);

  G_OBJECT_CLASS (kv_real_clock_parent_class)->dispose (object);
}

static void
kv_real_clock_class_init (KvRealClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KvClockClass *clock_class = KV_CLOCK_CLASS (klass);

  object_class->get_property = kv_real_clock_get_property;
  object_class->set_property = kv_real_clock_set_property;
  object_class->dispose = kv_real_clock_dispose;

  clock_class->get_now = kv_real_clock_get_now;
  clock_class->schedule_wakeup = kv_real_clock_schedule_wakeup;

  /**
   * KvRealClock:offset:
   *
   * Microseconds added to the wall clock, e.g. the offset to the server.
   */
  properties[PROP_OFFSET] =
    g_param_spec_int64 ("offset", NULL, NULL,
                        G_MININT64 / 2, G_MAXINT64 / 2, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_real_clock_init (KvRealClock *self)
{
}

/**
 * kv_real_clock_new:
 *
 * Returns: (transfer full): a clock following the system's wall clock
 */
KvClock *
kv_real_clock_new (void)
{
  return g_object_new (KV_TYPE_REAL_CLOCK, NULL);
}

gint64
kv_real_clock_get_offset (KvRealClock *self)
{
  g_return_val_if_fail (KV_IS_REAL_CLOCK (self), 0);

  return self->offset_us;
}

/**
 * kv_real_clock_set_offset:
 * @self: a #KvRealClock
 * @offset_us: microseconds to add to the wall clock
 *
 * Changing the offset is a clock jump: alarms that are now due fire at once.
 */
void
kv_real_clock_set_offset (KvRealClock *self,
                          gint64       offset_us)
{
  g_return_if_fail (KV_IS_REAL_CLOCK (self));

  if (self->offset_us == offset_us)
    return;

  self->offset_us = offset_us;
  kv_clock_dispatch_due (KV_CLOCK (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFSET]);
}
