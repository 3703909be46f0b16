/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-media-watchdog.h"

/**
 * KvMediaWatchdog:
 *
 * Watches the remote picture and paces the rebuilds of a call that lost
 * it. libnice 0.1.21 and GStreamer 1.22 have no ICE restart and no consent
 * freshness: a dead path is noticed after ~50 s, far too late for a booked
 * visit. The watchdog notices in %KV_MEDIA_WATCHDOG_STALL_US instead.
 *
 * While started it keeps #KvMediaWatchdog:flowing up to date. While
 * released as well (media is expected), no picture for
 * %KV_MEDIA_WATCHDOG_STALL_US emits #KvMediaWatchdog::stalled and, at
 * once, #KvMediaWatchdog::rebuild-needed. From then on the call is rebuilt
 * in attempts, until a picture arrives:
 *
 * - an attempt whose answer came gets %KV_MEDIA_WATCHDOG_ATTEMPT_US from
 *   its start; one whose answer never came gets
 *   %KV_MEDIA_WATCHDOG_UNANSWERED_US; then the next one starts at once;
 * - a rebuild needs the signalling link (the offer and the answer go
 *   through the server): while it is down, no attempt starts; the moment
 *   it is back, one starts, whatever the attempt in progress was (its
 *   offer or answer may have been lost with the link);
 * - an attempt the call started by itself (a failed pipeline, an offer
 *   sent again) counts too: kv_media_watchdog_attempt_started().
 *
 * The time without a picture while released is added up in "lost-us".
 *
 * A hold (kv_media_watchdog_set_released() with %FALSE) during a stall
 * ends the stall, not the loss: the call is still without a picture, so
 * #KvMediaWatchdog::recovered is owed, and emitted with the first picture
 * after it, held or released again.
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
  gint64    lost_us;         /* completed gaps */
  gboolean  signalling_up;
  /* The rebuild attempt since the last picture, if any. */
  gboolean  attempt_active;
  gboolean  attempt_answered;
  gint64    attempt_start_us;
  guint     n_freezes;
  gboolean  frame_since_release; /* a gap before the first picture is not a freeze */
  gboolean  recovery_owed;   /* a hold ended a stall: "recovered" at the next picture */
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

/* Forgets the attempt in progress: a picture came, or none is expected. */
static void
clear_attempt (KvMediaWatchdog *self)
{
  self->attempt_active = FALSE;
  self->attempt_answered = FALSE;
}

static gint64
attempt_deadline (KvMediaWatchdog *self)
{
  return self->attempt_start_us + (self->attempt_answered ? KV_MEDIA_WATCHDOG_ATTEMPT_US
                                                          : KV_MEDIA_WATCHDOG_UNANSWERED_US);
}

static void
begin_attempt (KvMediaWatchdog *self)
{
  self->attempt_active = TRUE;
  self->attempt_answered = FALSE;
  self->attempt_start_us = kv_clock_get_now (self->clock);
}

/* Stalled, and the attempt in progress (if any) is over: the next one
 * starts now, or the moment the signalling link is back. */
static void
request_rebuild (KvMediaWatchdog *self)
{
  if (!self->signalling_up)
    {
      /* An offer now could not reach the peer: no attempt until the link
       * is back (kv_media_watchdog_set_signalling_up() starts one). */
      clear_attempt (self);
      return;
    }
  /* Before the emission: the handler may start the attempt itself
   * (kv_media_watchdog_attempt_started()), which is the same. */
  begin_attempt (self);
  g_signal_emit (self, signals[SIGNAL_REBUILD_NEEDED], 0);
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
      self->recovery_owed = FALSE;  /* this stall's "recovered" pays it */
      self->gap_start_us = self->last_frame_us;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOST_US]);
      g_signal_emit (self, signals[SIGNAL_STALLED], 0);
      /* A rebuild that the call began by itself before the stall (its
       * pipeline failed) keeps its time; otherwise the first starts now. */
      if (self->started && self->stalled &&
          !(self->attempt_active && now < attempt_deadline (self)))
        request_rebuild (self);
    }
  else if (self->stalled && self->attempt_active && now >= attempt_deadline (self))
    {
      request_rebuild (self);
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

  if (self->stalled && self->attempt_active)
    due = attempt_deadline (self);
  else if (self->stalled)
    return; /* waiting for the signalling link, or for a picture */
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
   * Stalled, the signalling link is up and no attempt is in progress (or
   * it ran out of time): the call should be rebuilt now. Repeats, one
   * attempt at a time, while the stall lasts.
   */
  signals[SIGNAL_REBUILD_NEEDED] =
    g_signal_new ("rebuild-needed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * KvMediaWatchdog::recovered:
   *
   * A picture arrived after a stall, or after a hold that ended one.
   */
  signals[SIGNAL_RECOVERED] =
    g_signal_new ("recovered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kv_media_watchdog_init (KvMediaWatchdog *self)
{
  /* Until told otherwise: a call without a server (tests, a direct pair)
   * negotiates whenever it likes. */
  self->signalling_up = TRUE;
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
  self->recovery_owed = FALSE;
  clear_attempt (self);
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
      /* Whoever heard "stalled" still waits for the picture: without this,
       * a call held while reconnecting stayed so after the release, with
       * its picture back. */
      self->recovery_owed = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOST_US]);
    }
  if (!released)
    clear_attempt (self);
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
  clear_attempt (self);

  if (self->stalled)
    {
      self->lost_us += now - self->gap_start_us;
      self->stalled = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOST_US]);
      g_signal_emit (self, signals[SIGNAL_RECOVERED], 0);
    }
  else if (self->recovery_owed)
    {
      self->recovery_owed = FALSE;
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

/**
 * kv_media_watchdog_set_signalling_up:
 * @self: a #KvMediaWatchdog
 * @up: whether descriptions and candidates can reach the peer now (the
 *   kiosk is signed in to the server)
 *
 * While the link is down no rebuild starts. When it comes back during a
 * stall, a rebuild starts at once instead of at the next deadline: the
 * attempt in progress may have lost its offer or answer with the link, and
 * the peer may have rebuilt meanwhile.
 */
void
kv_media_watchdog_set_signalling_up (KvMediaWatchdog *self,
                                     gboolean         up)
{
  g_return_if_fail (KV_IS_MEDIA_WATCHDOG (self));

  up = !!up;
  if (self->signalling_up == up)
    return;
  self->signalling_up = up;
  if (up && self->stalled && self->started)
    request_rebuild (self);
  schedule_check (self);
}

/**
 * kv_media_watchdog_attempt_started:
 * @self: a #KvMediaWatchdog
 *
 * The call began a negotiation by itself: a rebuild after a failed
 * pipeline, a newer offer followed, or the current offer sent again to a
 * peer that missed it. Its time starts now, unanswered.
 */
void
kv_media_watchdog_attempt_started (KvMediaWatchdog *self)
{
  g_return_if_fail (KV_IS_MEDIA_WATCHDOG (self));

  begin_attempt (self);
  schedule_check (self);
}

/**
 * kv_media_watchdog_attempt_answered:
 * @self: a #KvMediaWatchdog
 *
 * The attempt in progress has the peer's description: it now has
 * %KV_MEDIA_WATCHDOG_ATTEMPT_US from its start to show a picture.
 */
void
kv_media_watchdog_attempt_answered (KvMediaWatchdog *self)
{
  g_return_if_fail (KV_IS_MEDIA_WATCHDOG (self));

  if (!self->attempt_active || self->attempt_answered)
    return;
  self->attempt_answered = TRUE;
  schedule_check (self);
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
