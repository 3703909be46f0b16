/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-clock"

#include "config.h"

#include "kv-clock.h"

/**
 * KvClock:
 *
 * Base class for clocks. It keeps the alarms, ordered by due time and then
 * by the order they were added, and fires them from kv_clock_dispatch_due();
 * subclasses only say what time it is and when to wake up.
 */

typedef struct
{
  guint          id;
  gint64         when_us;
  guint64        sequence;
  KvClockFunc    func;
  gpointer       user_data;
  GDestroyNotify destroy;
} KvAlarm;

typedef struct
{
  GSequence *alarms;        /* KvAlarm, sorted by (when_us, sequence) */
  GHashTable *by_id;        /* id -> GSequenceIter */
  guint next_id;
  guint64 next_sequence;
  gboolean dispatching;
} KvClockPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (KvClock, kv_clock, G_TYPE_OBJECT)

static void
kv_alarm_free (KvAlarm *alarm)
{

  if (alarm->destroy != NULL)
    alarm->destroy (alarm->user_data);
  g_free (alarm);
}

static int
compare_alarms (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const KvAlarm *x = a;
  const KvAlarm *y = b;

  if (x->when_us != y->when_us)
    return x->when_us < y->when_us ? -1 : 1;
  if (x->sequence != y->sequence)
    return x->sequence < y->sequence ? -1 : 1;
  return 0;
}

static void
reschedule (KvClock *self)
{
  KvClockClass *klass = KV_CLOCK_GET_CLASS (self);

  if (klass->schedule_wakeup != NULL)
    klass->schedule_wakeup (self, kv_clock_get_next_alarm (self));
}

static void
kv_clock_finalize (GObject *object)
{
  KvClock *self = KV_CLOCK (object);
  KvClockPrivate *priv = kv_clock_get_instance_private (self);

  g_hash_table_unref (priv->by_id);
  for (GSequenceIter *iter = g_sequence_get_begin_iter (priv->alarms);
       !g_sequence_iter_is_end (iter);
       iter = g_sequence_iter_next (iter))
    kv_alarm_free (g_sequence_get (iter));
  g_sequence_free (priv->alarms);

  G_OBJECT_CLASS (kv_clock_parent_class)->finalize (object);
}

static void
kv_clock_class_init (KvClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kv_clock_finalize;
}

static void
kv_clock_init (KvClock *self)
{
  KvClockPrivate *priv = kv_clock_get_instance_private (self);

  priv->alarms = g_sequence_new (NULL);
  priv->by_id = g_hash_table_new (NULL, NULL);
  priv->next_id = 1;
}

/**
 * kv_clock_get_now:
 * @self: a #KvClock
 *
 * Returns: the current time, UTC, in microseconds since the Unix epoch
 */
gint64
kv_clock_get_now (KvClock *self)
{
  g_return_val_if_fail (KV_IS_CLOCK (self), 0);

  return KV_CLOCK_GET_CLASS (self)->get_now (self);
}

/**
 * kv_clock_get_now_utc:
 * @self: a #KvClock
 *
 * Returns: (transfer full): the current time as a UTC #GDateTime
 */
GDateTime *
kv_clock_get_now_utc (KvClock *self)
{
  g_return_val_if_fail (KV_IS_CLOCK (self), NULL);

  return kv_date_time_new_from_us (kv_clock_get_now (self));
}

/**
 * kv_date_time_new_from_us:
 * @time_us: UTC microseconds since the Unix epoch
 *
 * Returns: (transfer full) (nullable): @time_us as a UTC #GDateTime, or %NULL
 *   if it is out of #GDateTime's range
 */
GDateTime *
kv_date_time_new_from_us (gint64 time_us)
{
  g_autoptr(GDateTime) whole = NULL;
  gint64 seconds = time_us / KV_USEC_PER_SECOND;
  gint64 rest = time_us % KV_USEC_PER_SECOND;

  if (rest < 0)
    {
      seconds -= 1;
      rest += KV_USEC_PER_SECOND;
    }

  whole = g_date_time_new_from_unix_utc (seconds);
  if (whole == NULL)
    return NULL;

  return g_date_time_add (whole, rest);
}

/**
 * kv_date_time_to_us:
 * @date_time: a #GDateTime
 *
 * Returns: @date_time in UTC microseconds since the Unix epoch
 */
gint64
kv_date_time_to_us (GDateTime *date_time)
{
  g_return_val_if_fail (date_time != NULL, 0);

  return g_date_time_to_unix (date_time) * KV_USEC_PER_SECOND +
         g_date_time_get_microsecond (date_time);
}

/**
 * kv_clock_add_alarm:
 * @self: a #KvClock
 * @when_us: when to fire, UTC microseconds since the epoch; a time in the
 *   past fires at the next dispatch
 * @func: the callback
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data once the alarm fired or was removed
 *
 * Alarms due at the same time fire in the order they were added.
 *
 * Returns: an alarm id, never 0
 */
guint
kv_clock_add_alarm (KvClock       *self,
                    gint64         when_us,
                    KvClockFunc    func,
                    gpointer       user_data,
                    GDestroyNotify destroy)
{
  KvClockPrivate *priv = kv_clock_get_instance_private (self);
  KvAlarm *alarm;
  GSequenceIter *iter;

  g_return_val_if_fail (KV_IS_CLOCK (self), 0);
  g_return_val_if_fail (func != NULL, 0);

  alarm = g_new0 (KvAlarm, 1);
  alarm->id = priv->next_id++;
  if (priv->next_id == 0)
    priv->next_id = 1;
  alarm->when_us = when_us;
  alarm->sequence = priv->next_sequence++;
  alarm->func = func;
  alarm->user_data = user_data;
  alarm->destroy = destroy;

  iter = g_sequence_insert_sorted (priv->alarms, alarm, compare_alarms, NULL);
  g_hash_table_insert (priv->by_id, GUINT_TO_POINTER (alarm->id), iter);

  if (!priv->dispatching)
    reschedule (self);

  return alarm->id;
}

/**
 * kv_clock_remove_alarm:
 * @self: a #KvClock
 * @alarm_id: an id from kv_clock_add_alarm()
 *
 * Removes an alarm that has not fired yet. Removing one that already fired
 * is harmless.
 */
void
kv_clock_remove_alarm (KvClock *self,
                       guint    alarm_id)
{
  KvClockPrivate *priv = kv_clock_get_instance_private (self);
  GSequenceIter *iter;

  g_return_if_fail (KV_IS_CLOCK (self));

  iter = g_hash_table_lookup (priv->by_id, GUINT_TO_POINTER (alarm_id));
  if (iter == NULL)
    return;

  g_hash_table_remove (priv->by_id, GUINT_TO_POINTER (alarm_id));
  kv_alarm_free (g_sequence_get (iter));
  g_sequence_remove (iter);

  if (!priv->dispatching)
    reschedule (self);
}

/**
 * kv_clock_get_next_alarm:
 * @self: a #KvClock
 *
 * Returns: when the next alarm is due, or %G_MAXINT64 if none is pending
 */
gint64
kv_clock_get_next_alarm (KvClock *self)
{
  KvClockPrivate *priv = kv_clock_get_instance_private (self);
  GSequenceIter *first;

  g_return_val_if_fail (KV_IS_CLOCK (self), G_MAXINT64);

  first = g_sequence_get_begin_iter (priv->alarms);
  if (g_sequence_iter_is_end (first))
    return G_MAXINT64;

  return ((KvAlarm *) g_sequence_get (first))->when_us;
}

/**
 * kv_clock_get_n_alarms:
 * @self: a #KvClock
 *
 * Returns: how many alarms are pending
 */
guint
kv_clock_get_n_alarms (KvClock *self)
{
  KvClockPrivate *priv = kv_clock_get_instance_private (self);

  g_return_val_if_fail (KV_IS_CLOCK (self), 0);

  return g_hash_table_size (priv->by_id);
}

/**
 * kv_clock_dispatch_due:
 * @self: a #KvClock
 *
 * Fires every alarm that is due now, in order, including alarms that the
 * callbacks add for times already past. For subclasses.
 */
void
kv_clock_dispatch_due (KvClock *self)
{
  KvClockPrivate *priv = kv_clock_get_instance_private (self);
  gboolean was_dispatching = priv->dispatching;

  g_return_if_fail (KV_IS_CLOCK (self));

  g_object_ref (self);
  priv->dispatching = TRUE;

  for (;;)
    {
      GSequenceIter *first = g_sequence_get_begin_iter (priv->alarms);
      KvAlarm *alarm;

      if (g_sequence_iter_is_end (first))
        break;

      alarm = g_sequence_get (first);
      if (alarm->when_us > kv_clock_get_now (self))
        break;

      /* Unlink before calling, so the callback sees a consistent clock and
       * can add or remove alarms freely. */
      g_hash_table_remove (priv->by_id, GUINT_TO_POINTER (alarm->id));
      g_sequence_remove (first);

      alarm->func (alarm->user_data);
      kv_alarm_free (alarm);
    }

  priv->dispatching = was_dispatching;
  if (!priv->dispatching)
    reschedule (self);
  g_object_unref (self);
}
