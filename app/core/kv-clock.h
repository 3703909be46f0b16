/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KV_USEC_PER_SECOND G_GINT64_CONSTANT (1000000)
#define KV_USEC_PER_MINUTE (60 * KV_USEC_PER_SECOND)

#define KV_TYPE_CLOCK (kv_clock_get_type ())
G_DECLARE_DERIVABLE_TYPE (KvClock, kv_clock, KV, CLOCK, GObject)

/**
 * KvClockFunc:
 * @user_data: the data passed to kv_clock_add_alarm()
 *
 * Called once when an alarm is due. The alarm is already removed when this
 * runs, so the callback may add or remove other alarms.
 */
typedef void (*KvClockFunc) (gpointer user_data);

/**
 * KvClockClass:
 * @get_now: returns the current time, UTC, in microseconds since the Unix epoch
 * @schedule_wakeup: arranges for kv_clock_dispatch_due() to run at (or soon
 *   after) @deadline_us; %G_MAXINT64 means no alarm is pending
 *
 * The clock is the only source of time for the scheduler, the session state
 * machine and the kiosk's countdowns. It is derivable on purpose: the real
 * clock follows the wall clock (plus the offset to the server's clock), the
 * fake clock lets tests run a 30-minute visit in milliseconds.
 */
struct _KvClockClass
{
  GObjectClass parent_class;

  gint64 (*get_now)         (KvClock *self);
  void   (*schedule_wakeup) (KvClock *self,
                             gint64   deadline_us);

  /*< private >*/
  gpointer padding[8];
};

gint64     kv_clock_get_now          (KvClock       *self);
GDateTime *kv_clock_get_now_utc      (KvClock       *self);
guint      kv_clock_add_alarm        (KvClock       *self,
                                      gint64         when_us,
                                      KvClockFunc    func,
                                      gpointer       user_data,
                                      GDestroyNotify destroy);
void       kv_clock_remove_alarm     (KvClock       *self,
                                      guint          alarm_id);
gint64     kv_clock_get_next_alarm   (KvClock       *self);
guint      kv_clock_get_n_alarms     (KvClock       *self);

/* Conversions between GDateTime and microseconds since the epoch (UTC);
 * GLib 2.74 has only whole seconds for these. */
GDateTime *kv_date_time_new_from_us  (gint64         time_us);
gint64     kv_date_time_to_us        (GDateTime     *date_time);

/* For subclasses */
void       kv_clock_dispatch_due     (KvClock       *self);

/**
 * kv_clear_alarm:
 * @clock: the clock the alarm was added to
 * @alarm_id: (inout): the alarm id, set to 0
 *
 * Removes an alarm if @alarm_id is not 0, like g_clear_handle_id().
 */
static inline void
kv_clear_alarm (KvClock *clock,
                guint   *alarm_id)
{
  if (*alarm_id != 0)
    {
      kv_clock_remove_alarm (clock, *alarm_id);
      *alarm_id = 0;
    }
}

G_END_DECLS
