/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-media-watchdog.h"

/**
 * KvMediaWatchdog:
 *
 * Watches the remote picture. libnice 0.1.21 and GStreamer 1.22 have no ICE
 * restart and no consent freshness: a dead path is noticed after ~50 s,
 * far too late for a booked visit. The watchdog notices in 2 s instead.
 *
 * While started it keeps #KvMediaWatchdog:flowing up to date. While
 * released as well (media is expected), no picture for
 * %KV_MEDIA_WATCHDOG_STALL_US emits #KvMediaWatchdog::stalled, and still
 * none %KV_MEDIA_WATCHDOG_REBUILD_US later emits
 * #KvMediaWatchdog::rebuild-needed (again every
 * %KV_MEDIA_WATCHDOG_REBUILD_US until the picture is back). The time
 * without a picture while released is added up in "lost-us".
 *
 * Time comes from a #KvClock, so tests run it on a fake clock.
 */

enum {
  PROP_0,
  PROP_CLOCK,
  PROP_FLOWING,
  PROP_LOST_US,
  N_PROPS
};

enum {
  SIGNAL_STALLED,
  SIGNAL_REBUILD_NEEDED,
  SIGNAL_RECOVERED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

struct _KvMediaWatchdog
{
  GObject   parent_instance;

  KvClock  *clock;
  guint     alarm_id;
  gboolean  started;
  gboolean  released;
  gboolean  flowing;
  gboolean  stalled;
  gint64    last_frame_us;   /* or the time watching began */
  gint64    gap_start_us;    /* while stalled */
  gint64    next_rebuild_us; /* while stalled */
  gint64    lost_us;         /* completed gaps */
  guint     n_freezes;
  gboolean  frame_since_release; /* a gap before the first picture is not a freeze */
};

G_DEFINE_FINAL_TYPE (KvMediaWatchdog, kv_media_watchdog, G_TYPE_OBJECT)

static void schedule_check (KvMediaWatchdog *self);

static void
set_flowing (KvMediaWatchdog *self,
             gboolean         flowing)
{
  if (self->flowing == flowing)
    return;
  self->flowing = flowing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLOWING]);
}

static void
on_check_due (gpointer data)
{
  KvMediaWatchdog *self = data;
  gint64 now = kv_clock_get_now (self->clock);

  self->alarm_id = 0;

  if (now - self->last_frame_us >= KV_MEDIA_WATCHDOG_STALL_US)
    set_flowing (self, FALSE);

  if (self->released && !self->stalled && now - self->last_frame_us >= KV_MEDIA_WATCHDOG_STALL_US)
    {
      self->stalled = TRUE;
      self->gap_start_us = self->last_frame_us;
      self->next_rebuild_us = now + KV_MEDIA_WATCHDOG_REBUILD_US;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOST_US]);
      g_signal_emit (self, signals[SIGNAL_STALLED], 0);
    }
  else if (self->stalled && now >= self->next_rebuild_us)
    {
      self->next_rebuild_us = now + KV_MEDIA_WATCHDOG_REBUILD_US;
      g_signal_emit (self, signals[SIGNAL_REBUILD_NEEDED], 0);
    }

  schedule_check (self);
}

static void
schedule_check (KvMediaWatchdog *self)
{
  gint64 due;

  kv_clear_alarm (self->clock, &self->alarm_id);
  if (!self->started)
    return;

  if (self->stalled)
    due = self->next_rebuild_us;
  else if (self->flowing || self->released)
    due = self->last_frame_us + KV_MEDIA_WATCHDOG_STALL_US;
  else
    return; /* held and nothing flowing: nothing to watch until a frame */

  self->alarm_id = kv_clock_add_alarm (self->clock, due, on_check_due, self, NULL);
}

static void
kv_media_watchdog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KvMediaWatchdog *self = KV_MEDIA_WATCHDOG (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_FLOWING:
      g_value_set_boolean (value, self->flowing);
      break;
    case PROP_LOST_US:
      g_value_set_int64 (value, kv_media_watchdog_get_lost_us (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_media_watchdog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KvMediaWatchdog *self = KV_MEDIA_WATCHDOG (object);

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
kv_media_watchdog_dispose (GObject *object)
{
  KvMediaWatchdog *self = KV_MEDIA_WATCHDOG (object);

  if (self->clock != NULL)
    kv_clear_alarm (self->clock, &self->alarm_id);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (kv_media_watchdog_parent_class)->dispose (object);
}

static void
kv_media_watchdog_class_init (KvMediaWatchdogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kv_media_watchdog_get_property;
  object_class->set_property = kv_media_watchdog_set_property;
  object_class->dispose = kv_media_watchdog_dispose;

  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, KV_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvMediaWatchdog:flowing:
   *
   * Whether a picture arrived within the last %KV_MEDIA_WATCHDOG_STALL_US.
   */
  properties[PROP_FLOWING] =
    g_param_spec_boolean ("flowing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KvMediaWatchdog:lost-us:
   *
   * Time without a picture while released, counted from the last picture
   * before each stall. Notified when a stall begins and when it ends.
   */
  properties[PROP_LOST_US] =
    g_param_spec_int64 ("lost-us", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KvMediaWatchdog::stalled:
   *
   * No picture for %KV_MEDIA_WATCHDOG_STALL_US while released.
   */
  signals[SIGNAL_STALLED] =
    g_signal_new ("stalled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * KvMediaWatchdog::rebuild-needed:
   *
   * Stalled and not back within %KV_MEDIA_WATCHDOG_REBUILD_US: the call
   * should be rebuilt. Repeats while the stall lasts.
   */
  signals[SIGNAL_REBUILD_NEEDED] =
    g_signal_new ("rebuild-needed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * KvMediaWatchdog::recovered:
   *
   * A picture arrived after a stall.
   */
  signals[SIGNAL_RECOVERED] =
    g_signal_new ("recovered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kv_media_watchdog_init (KvMediaWatchdog *self)
{
}

KvMediaWatchdog *
kv_media_watchdog_new (KvClock *clock)
{
  g_return_val_if_fail (KV_IS_CLOCK (clock), NULL);

  return g_object_new (KV_TYPE_MEDIA_WATCHDOG, "clock", clock, NULL);
}

/* Begins watching (the call is connected); the stall timer starts now. */
void
kv_media_watchdog_start (KvMediaWatchdog *self)
{
  g_return_if_fail (KV_IS_MEDIA_WATCHDOG (self));

  if (self->started)
    return;
  self->started = TRUE;
  self->last_frame_us = kv_clock_get_now (self->clock);
  schedule_check (self);
}

/* Stops watching (held by the caller's choice, or the call ended). A stall
 * in progress ends and its time is counted. */
void
kv_media_watchdog_stop (KvMediaWatchdog *self)
{
  g_return_if_fail (KV_IS_MEDIA_WATCHDOG (self));

  if (self->stalled)
    {
      self->lost_us += kv_clock_get_now (self->clock) - self->gap_start_us;
      self->stalled = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOST_US]);
    }
  self->started = FALSE;
  kv_clear_alarm (self->clock, &self->alarm_id);
  set_flowing (self, FALSE);
}

void
kv_media_watchdog_set_released (KvMediaWatchdog *self,
                                gboolean         released)
{
  g_return_if_fail (KV_IS_MEDIA_WATCHDOG (self));

  if (self->released == released)
    return;

  if (!released && self->stalled)
    {
      self->lost_us += kv_clock_get_now (self->clock) - self->gap_start_us;
      self->stalled = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOST_US]);
    }
  self->released = released;
  self->frame_since_release = FALSE;
  /* On release the peer needs a moment to send its first picture: the
   * stall timer starts at the release, not at the last held frame. */
  if (released && !self->flowing)
    self->last_frame_us = kv_clock_get_now (self->clock);
  schedule_check (self);
}

void
kv_media_watchdog_frame_seen (KvMediaWatchdog *self)
{
  gint64 now;

  g_return_if_fail (KV_IS_MEDIA_WATCHDOG (self));

  if (!self->started)
    return;

  now = kv_clock_get_now (self->clock);
  if (self->released && self->frame_since_release
      && now - self->last_frame_us > KV_MEDIA_WATCHDOG_FREEZE_US)
    self->n_freezes++;
  self->last_frame_us = now;
  self->frame_since_release = self->released;

  if (self->stalled)
    {
      self->lost_us += now - self->gap_start_us;
      self->stalled = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOST_US]);
      g_signal_emit (self, signals[SIGNAL_RECOVERED], 0);
    }
  if (!self->flowing)
    {
      set_flowing (self, TRUE);
      schedule_check (self);
    }
  else if (self->alarm_id == 0)
    schedule_check (self);
  /* Otherwise the pending alarm re-checks against last_frame_us: no alarm
   * churn 30 times a second. */
}

gboolean
kv_media_watchdog_get_flowing (KvMediaWatchdog *self)
{
  g_return_val_if_fail (KV_IS_MEDIA_WATCHDOG (self), FALSE);

  return self->flowing;
}

gboolean
kv_media_watchdog_get_stalled (KvMediaWatchdog *self)
{
  g_return_val_if_fail (KV_IS_MEDIA_WATCHDOG (self), FALSE);

  return self->stalled;
}

gint64
kv_media_watchdog_get_lost_us (KvMediaWatchdog *self)
{
  g_return_val_if_fail (KV_IS_MEDIA_WATCHDOG (self), 0);

  if (self->stalled)
    return self->lost_us + (kv_clock_get_now (self->clock) - self->gap_start_us);
  return self->lost_us;
}

guint
kv_media_watchdog_get_n_freezes (KvMediaWatchdog *self)
{
  g_return_val_if_fail (KV_IS_MEDIA_WATCHDOG (self), 0);

  return self->n_freezes;
}
