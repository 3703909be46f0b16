/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-kiosk"

#include "config.h"

#include "kv-visit-timeline.h"

/**
 * KvVisitTimeline:
 *
 * The visit's own clockwork: alarms on the kiosk's clock (server time) at
 * the start, at each cue point, when the goodbye begins and at the end,
 * plus a tick each time the number of whole seconds left changes.
 *
 * The kiosk does not trust the server link to end a visit: the end alarm
 * fires from this kiosk's clock even when no `end` message ever arrives.
 * Only moments still in the future get an alarm; the visit looks at the
 * present itself when it (re)sets the times, e.g. after a restart.
 *
 * It also keeps the goodbye's length, so an end that moves (make-up time)
 * moves the goodbye with it, and tells the time left: to the start, to
 * the end, and how much of the visit has gone ("start" and "end" are
 * properties, notified on change; the rest is read at each "ticked").
 */

struct _KvVisitTimeline
{
  GObject parent_instance;

  KvClock *clock;

  gint64 start_us;
  gint64 end_us;
  gint64 goodbye_us;
  gint64 goodbye_length_us;
  guint cues[KV_SITE_RULES_MAX_CUES];
  guint n_cues;
  GHashTable *shown_cues;   /* GUINT_TO_POINTER (seconds_left + 1) */

  gboolean running;
  guint start_alarm;
  guint goodbye_alarm;
  guint end_alarm;
  guint tick_alarm;
  guint cue_alarms[KV_SITE_RULES_MAX_CUES];
};

enum {
  PROP_0,
  PROP_CLOCK,
  PROP_START,
  PROP_END,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_TICKED,
  SIGNAL_START_REACHED,
  SIGNAL_CUE_DUE,
  SIGNAL_GOODBYE_REACHED,
  SIGNAL_END_REACHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KvVisitTimeline, kv_visit_timeline, G_TYPE_OBJECT)

static void on_tick (gpointer user_data);

static void
clear_alarms (KvVisitTimeline *self)
{
  kv_clear_alarm (self->clock, &self->start_alarm);
  kv_clear_alarm (self->clock, &self->goodbye_alarm);
  kv_clear_alarm (self->clock, &self->end_alarm);
  kv_clear_alarm (self->clock, &self->tick_alarm);
  for (guint i = 0; i < G_N_ELEMENTS (self->cue_alarms); i++)
    kv_clear_alarm (self->clock, &self->cue_alarms[i]);
}

static void
schedule_tick (KvVisitTimeline *self)
{
  gint64 now = kv_clock_get_now (self->clock);
  gint64 target = now < self->start_us ? self->start_us : self->end_us;
  gint64 remaining = target - now;
  gint64 step;

  kv_clear_alarm (self->clock, &self->tick_alarm);
  if (remaining <= 0)
    return;

  /* Wake exactly when the count of whole seconds left changes, so the
   * countdown never shows a second too many. */
  step = remaining % KV_USEC_PER_SECOND;
  if (step == 0)
    step = KV_USEC_PER_SECOND;

  self->tick_alarm = kv_clock_add_alarm (self->clock, now + step,
                                         on_tick, self, NULL);
  g_signal_emit (self, signals[SIGNAL_TICKED], 0);
}

static void
on_tick (gpointer user_data)
{
  KvVisitTimeline *self = user_data;

  self->tick_alarm = 0;
  schedule_tick (self);
}

static void
on_start (gpointer user_data)
{
  KvVisitTimeline *self = user_data;

  self->start_alarm = 0;
  g_signal_emit (self, signals[SIGNAL_START_REACHED], 0);
}

static void
on_goodbye (gpointer user_data)
{
  KvVisitTimeline *self = user_data;

  self->goodbye_alarm = 0;
  g_signal_emit (self, signals[SIGNAL_GOODBYE_REACHED], 0);
}

static void
on_end (gpointer user_data)
{
  KvVisitTimeline *self = user_data;

  self->end_alarm = 0;
  kv_clear_alarm (self->clock, &self->tick_alarm);
  g_signal_emit (self, signals[SIGNAL_TICKED], 0);
  g_signal_emit (self, signals[SIGNAL_END_REACHED], 0);
}

typedef struct
{
  KvVisitTimeline *self;
  guint index;
} CueAlarm;

static void
on_cue (gpointer user_data)
{
  CueAlarm *cue = user_data;
  KvVisitTimeline *self = cue->self;
  guint seconds_left = self->cues[cue->index];

  self->cue_alarms[cue->index] = 0;
  g_signal_emit (self, signals[SIGNAL_CUE_DUE], 0,
                 seconds_left, kv_visit_timeline_is_half_way (self, seconds_left));
}

static guint
add_future_alarm (KvVisitTimeline *self,
                  gint64           when_us,
                  KvClockFunc      func,
                  gpointer         data,
                  GDestroyNotify   destroy)
{
  if (when_us <= kv_clock_get_now (self->clock))
    {
      if (destroy != NULL)
        destroy (data);
      return 0;
    }

  return kv_clock_add_alarm (self->clock, when_us, func, data, destroy);
}

static void
schedule_alarms (KvVisitTimeline *self)
{
  clear_alarms (self);

  if (!self->running)
    return;

  self->start_alarm = add_future_alarm (self, self->start_us, on_start, self, NULL);
  self->goodbye_alarm = add_future_alarm (self, self->goodbye_us, on_goodbye, self, NULL);
  self->end_alarm = add_future_alarm (self, self->end_us, on_end, self, NULL);

  for (guint i = 0; i < self->n_cues; i++)
    {
      CueAlarm *cue = g_new0 (CueAlarm, 1);
      gint64 when = self->end_us - (gint64) self->cues[i] * KV_USEC_PER_SECOND;

      cue->self = self;
      cue->index = i;
      /* A cue point before the start (a very short visit) is never shown. */
      if (when < self->start_us)
        when = 0;
      self->cue_alarms[i] = add_future_alarm (self, when, on_cue, cue, g_free);
    }

  schedule_tick (self);
}

/* A later end (make-up) moves cues already shown into the future again:
 * they are shown again when their time comes. */
static void
forget_moved_cues (KvVisitTimeline *self,
                   gint64           end_us)
{
  gint64 now = kv_clock_get_now (self->clock);

  if (end_us == self->end_us || self->end_us == 0)
    return;
  for (guint i = 0; i < self->n_cues; i++)
    if (end_us - (gint64) self->cues[i] * KV_USEC_PER_SECOND > now)
      g_hash_table_remove (self->shown_cues, GUINT_TO_POINTER (self->cues[i] + 1));
}

static void
place (KvVisitTimeline *self,
       gint64           start_us,
       gint64           end_us,
       gint64           goodbye_us)
{
  gint64 old_start = self->start_us;
  gint64 old_end = self->end_us;

  self->start_us = start_us;
  self->end_us = MAX (end_us, start_us);
  self->goodbye_us = CLAMP (goodbye_us, start_us, self->end_us);
  self->running = TRUE;

  g_object_freeze_notify (G_OBJECT (self));
  if (old_start != self->start_us)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START]);
  if (old_end != self->end_us)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END]);
  schedule_alarms (self);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
kv_visit_timeline_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KvVisitTimeline *self = KV_VISIT_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;

    case PROP_START:
      g_value_set_int64 (value, self->start_us);
      break;

    case PROP_END:
      g_value_set_int64 (value, self->end_us);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_visit_timeline_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KvVisitTimeline *self = KV_VISIT_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_visit_timeline_dispose (GObject *object)
{
  KvVisitTimeline *self = KV_VISIT_TIMELINE (object);

  if (self->clock != NULL)
    clear_alarms (self);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (kv_visit_timeline_parent_class)->dispose (object);
}

static void
kv_visit_timeline_finalize (GObject *object)
{
  KvVisitTimeline *self = KV_VISIT_TIMELINE (object);

  g_hash_table_unref (self->shown_cues);

  G_OBJECT_CLASS (kv_visit_timeline_parent_class)->finalize (object);
}

static void
kv_visit_timeline_class_init (KvVisitTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kv_visit_timeline_get_property;
  object_class->set_property = kv_visit_timeline_set_property;
  object_class->dispose = kv_visit_timeline_dispose;
  object_class->finalize = kv_visit_timeline_finalize;

  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL,
                         KV_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvVisitTimeline:start:
   *
   * The slot start (µs, server time).
   */
  properties[PROP_START] =
    g_param_spec_int64 ("start", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KvVisitTimeline:end:
   *
   * The effective end, make-up time included (µs, server time).
   */
  properties[PROP_END] =
    g_param_spec_int64 ("end", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KvVisitTimeline::ticked:
   *
   * The whole seconds left (to the start, then to the end) changed.
   */
  signals[SIGNAL_TICKED] =
    g_signal_new ("ticked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * KvVisitTimeline::start-reached:
   *
   * The clock reached the slot start.
   */
  signals[SIGNAL_START_REACHED] =
    g_signal_new ("start-reached", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * KvVisitTimeline::cue-due:
   * @seconds_left: the cue point
   * @half_way: whether it is the half-way cue
   *
   * The clock reached a cue point.
   */
  signals[SIGNAL_CUE_DUE] =
    g_signal_new ("cue-due", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BOOLEAN);

  /**
   * KvVisitTimeline::goodbye-reached:
   *
   * The clock reached the start of the protected goodbye.
   */
  signals[SIGNAL_GOODBYE_REACHED] =
    g_signal_new ("goodbye-reached", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * KvVisitTimeline::end-reached:
   *
   * The clock reached the effective end (make-up included).
   */
  signals[SIGNAL_END_REACHED] =
    g_signal_new ("end-reached", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kv_visit_timeline_init (KvVisitTimeline *self)
{
  self->shown_cues = g_hash_table_new (NULL, NULL);
}

KvVisitTimeline *
kv_visit_timeline_new (KvClock *clock)
{
  g_return_val_if_fail (KV_IS_CLOCK (clock), NULL);

  return g_object_new (KV_TYPE_VISIT_TIMELINE, "clock", clock, NULL);
}

/**
 * kv_visit_timeline_set_times:
 * @self: a #KvVisitTimeline
 * @start_us: the slot start
 * @end_us: the effective end, make-up included
 * @goodbye_us: when the protected goodbye begins
 *
 * (Re)starts the alarms. Cues shown before stay shown, unless a later end
 * (make-up) moved them into the future again.
 */
void
kv_visit_timeline_set_times (KvVisitTimeline *self,
                             gint64           start_us,
                             gint64           end_us,
                             gint64           goodbye_us)
{
  g_return_if_fail (KV_IS_VISIT_TIMELINE (self));

  forget_moved_cues (self, end_us);

  self->goodbye_length_us = end_us - goodbye_us;
  place (self, start_us, end_us, goodbye_us);
}

/**
 * kv_visit_timeline_move_end:
 * @self: a #KvVisitTimeline
 * @end_us: the new end (make-up time); 0 or the same end change nothing
 *
 * Moves the end, and the goodbye with it: the goodbye keeps the length it
 * was given with the times.
 */
void
kv_visit_timeline_move_end (KvVisitTimeline *self,
                            gint64           end_us)
{
  g_return_if_fail (KV_IS_VISIT_TIMELINE (self));

  if (end_us <= 0 || end_us == self->end_us)
    return;
  forget_moved_cues (self, end_us);
  place (self, self->start_us, end_us, end_us - self->goodbye_length_us);
}

/**
 * kv_visit_timeline_begin_goodbye:
 * @self: a #KvVisitTimeline
 *
 * The goodbye begins now, if it was still to come (the server said so):
 * a later end keeps the goodbye's length as given with the times.
 */
void
kv_visit_timeline_begin_goodbye (KvVisitTimeline *self)
{
  gint64 now;

  g_return_if_fail (KV_IS_VISIT_TIMELINE (self));

  now = kv_clock_get_now (self->clock);
  if (now < self->goodbye_us)
    place (self, self->start_us, self->end_us, now);
}

void
kv_visit_timeline_set_cues (KvVisitTimeline *self,
                            const guint     *seconds_left,
                            guint            n_cues)
{
  g_return_if_fail (KV_IS_VISIT_TIMELINE (self));

  self->n_cues = MIN (n_cues, KV_SITE_RULES_MAX_CUES);
  for (guint i = 0; i < self->n_cues; i++)
    self->cues[i] = seconds_left[i];

  schedule_alarms (self);
}

void
kv_visit_timeline_stop (KvVisitTimeline *self)
{
  g_return_if_fail (KV_IS_VISIT_TIMELINE (self));

  self->running = FALSE;
  clear_alarms (self);
}

gint64
kv_visit_timeline_get_start (KvVisitTimeline *self)
{
  g_return_val_if_fail (KV_IS_VISIT_TIMELINE (self), 0);

  return self->start_us;
}

gint64
kv_visit_timeline_get_end (KvVisitTimeline *self)
{
  g_return_val_if_fail (KV_IS_VISIT_TIMELINE (self), 0);

  return self->end_us;
}

gint64
kv_visit_timeline_get_goodbye (KvVisitTimeline *self)
{
  g_return_val_if_fail (KV_IS_VISIT_TIMELINE (self), 0);

  return self->goodbye_us;
}

/**
 * kv_visit_timeline_is_half_way:
 * @self: a #KvVisitTimeline
 * @seconds_left: a cue point
 *
 * The join message lists the half-way point like any other cue, as the
 * time left; it is recognised by being half the slot (to the second).
 *
 * Returns: whether @seconds_left is the half-way point of the booked slot
 */
gboolean
kv_visit_timeline_is_half_way (KvVisitTimeline *self,
                               guint            seconds_left)
{
  gint64 half;

  g_return_val_if_fail (KV_IS_VISIT_TIMELINE (self), FALSE);

  half = (self->end_us - self->start_us) / 2 / KV_USEC_PER_SECOND;

  return half > 0 && ABS ((gint64) seconds_left - half) <= 1;
}

gboolean
kv_visit_timeline_mark_cue_shown (KvVisitTimeline *self,
                                  guint            seconds_left)
{
  g_return_val_if_fail (KV_IS_VISIT_TIMELINE (self), FALSE);

  return g_hash_table_add (self->shown_cues, GUINT_TO_POINTER (seconds_left + 1));
}

static guint
whole_seconds_until (gint64 from_us,
                     gint64 to_us)
{
  if (to_us <= from_us)
    return 0;
  return (guint) MIN ((to_us - from_us + KV_USEC_PER_SECOND - 1) / KV_USEC_PER_SECOND,
                      G_MAXUINT);
}

/**
 * kv_visit_timeline_get_seconds_to_start:
 * @self: a #KvVisitTimeline
 *
 * Returns: whole seconds until the start (rounded up, so a countdown never
 *   shows 0 before it is time), 0 once started
 */
guint
kv_visit_timeline_get_seconds_to_start (KvVisitTimeline *self)
{
  g_return_val_if_fail (KV_IS_VISIT_TIMELINE (self), 0);

  return whole_seconds_until (kv_clock_get_now (self->clock), self->start_us);
}

/**
 * kv_visit_timeline_get_seconds_to_end:
 * @self: a #KvVisitTimeline
 *
 * Returns: whole seconds until the end (rounded up), 0 once over
 */
guint
kv_visit_timeline_get_seconds_to_end (KvVisitTimeline *self)
{
  g_return_val_if_fail (KV_IS_VISIT_TIMELINE (self), 0);

  return whole_seconds_until (kv_clock_get_now (self->clock), self->end_us);
}

/**
 * kv_visit_timeline_get_progress:
 * @self: a #KvVisitTimeline
 *
 * Returns: how much of the visit has gone, 0 at the start to 1 at the end
 *   (1 for a visit without length)
 */
double
kv_visit_timeline_get_progress (KvVisitTimeline *self)
{
  gint64 now;

  g_return_val_if_fail (KV_IS_VISIT_TIMELINE (self), 0.0);

  now = kv_clock_get_now (self->clock);
  if (self->end_us <= self->start_us)
    return 1.0;
  return CLAMP ((double) (now - self->start_us) / (double) (self->end_us - self->start_us),
                0.0, 1.0);
}
