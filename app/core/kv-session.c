/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-session"

#include "config.h"

#include "kv-session.h"

#include "kv-core-enums.h"
#include "kv-session-machine.h"

#include <glib/gi18n-lib.h>

/**
 * KvSession:
 *
 * The life of one booked visit, driven by the clock. Every boundary (join
 * window, start, goodbye, end, cues) is a time; one routine, kv_session_evaluate(),
 * applies every transition due at the clock's now, in order, and then sets
 * one alarm for the next boundary. A clock that jumps over several
 * boundaries therefore lands in the right state, and a restart restores a
 * session from its snapshot by the same rules.
 *
 * The slot is the law of the call: a visit goes live at the slot start (or
 * later, once both sides are present and confirmed) and never ends after the
 * booked end plus the make-up time given back for lost media; the last
 * minute is a protected goodbye, which only a safeguarding stop skips.
 * Staff ending a live visit for any other reason start the goodbye now
 * (KvSessionEnding); staff pausing it stop the clock of the visit the way
 * lost media does (KvSessionPauses), and the goodbye lifts every pause.
 *
 * This file is the state machine and the state it alone changes (where
 * the visit is, who is there). Everything else is a part with its own
 * state and file: the time lost and given back (KvSessionMakeup), pauses
 * and mutes (KvSessionPauses), how staff ended it (KvSessionEnding), the
 * child's side (KvSessionChild) and the cues (KvSessionCues). What kiosks,
 * the scheduler, staff and the child do to a session is in
 * kv-session-actions.c and kv-session-staff.c, which call the machine
 * (kv-session-machine.h) and never the other way round.
 */

/* Lost time that was not given back and makes a visit a technical failure
 * rather than a completed one: less than a minute is a glitch, not a visit
 * the family lost. */
#define TECHNICAL_FAILURE_LOST_US (60 * KV_USEC_PER_SECOND)

enum {
  STATE_CHANGED,
  CUE_REACHED,
  END_TIME_CHANGED,
  ENDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

struct _KvSession
{
  GObject parent_instance;

  KvClock *clock;
  KvBooking *booking;
  KvSiteRules rules;
  KvSessionSnapshot *initial;   /* only during construction */

  KvSessionState state;
  KvOutcome outcome;
  KvSideFlags present;
  KvSideFlags confirmed;
  KvSideFlags absent;
  gint64 live_since_us;
  gint64 ended_at_us;

  KvSessionMakeup makeup;
  KvSessionPauses pauses;
  KvSessionEnding ending;
  KvSessionChild child;
  KvSessionCues cues;

  guint alarm_id;
  gboolean evaluating;
};

G_DEFINE_FINAL_TYPE (KvSession, kv_session, G_TYPE_OBJECT)

G_DEFINE_QUARK (kv-session-error-quark, kv_session_error)

static gboolean
both_ready (KvSession *self)
{
  return (self->present & self->confirmed & KV_SIDE_BOTH) == KV_SIDE_BOTH;
}

/* The effective end: the booked end plus make-up, or the end of the
 * goodbye staff started, which nothing moves. */
static gint64
end_time (KvSession *self)
{
  if (kv_session_ending_is_goodbye (&self->ending))
    return self->ending.end_us;
  return self->booking->end_us + self->makeup.makeup_us;
}

static gint64
goodbye_time (KvSession *self)
{
  if (kv_session_ending_is_goodbye (&self->ending))
    return self->ending.goodbye_from_us;
  return end_time (self) - self->rules.goodbye_us;
}

static void
set_state (KvSession      *self,
                      KvSessionState  state)
{
  KvSessionState old = self->state;

  if (old == state)
    return;

  self->state = state;
  g_debug ("Session %s: %s -> %s", self->booking->id,
           kv_session_state_to_string (old), kv_session_state_to_string (state));

  /* A handler may drop the last reference (the server forgetting an ended
   * visit) or act on the session again; both must be safe here. */
  g_object_ref (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_signal_emit (self, signals[STATE_CHANGED], 0, old, state);

  if (state == KV_SESSION_STATE_ENDED)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTCOME]);
      g_signal_emit (self, signals[ENDED], 0, self->outcome);
    }
  g_object_unref (self);
}

/* The goodbye lifts the pauses, so that nobody misses it. */
static void
lift_pauses (KvSession *self,
             gint64     at_us)
{
  if (self->pauses.paused == KV_SIDE_NONE)
    return;
  kv_session_add_lost (self, kv_session_pauses_lift (&self->pauses, at_us));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

static void
emit_end_time_changed (KvSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_TIME]);
  g_signal_emit (self, signals[END_TIME_CHANGED], 0, end_time (self));
}

/* Media still lost, or a pause still on, when a visit ends counts as lost
 * up to the end; nothing is muted or paused after it. Notified after the
 * state change, so that the `session` of that change says it. */
void
kv_session_finish (KvSession *self,
                   KvOutcome  outcome,
                   gint64     at_us)
{
  KvSideFlags paused = self->pauses.paused;
  KvSideFlags muted = self->pauses.muted;

  kv_session_add_lost (self, kv_session_pauses_stop (&self->pauses, at_us));
  kv_clear_alarm (self->clock, &self->alarm_id);
  self->outcome = outcome;
  self->ended_at_us = at_us;
  set_state (self, KV_SESSION_STATE_ENDED);
  if (paused != KV_SIDE_NONE)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
  if (muted != KV_SIDE_NONE)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
}

static void
go_live (KvSession *self,
         gint64     at_us)
{
  self->live_since_us = at_us;
  /* Cues due before the visit went live are stale: a late start must not
   * open with a burst of "5 minutes left" and "2 minutes left". */
  kv_session_cues_skip_before (&self->cues, at_us, end_time (self));

  /* A start inside the last goodbye-length has no time for anything else. */
  if (at_us >= goodbye_time (self))
    {
      kv_session_cues_skip_all (&self->cues);
      set_state (self, KV_SESSION_STATE_GOODBYE);
    }
  else
    {
      set_state (self, KV_SESSION_STATE_LIVE);
    }
}

static void
fire_due_cues (KvSession *self,
               gint64     now_us)
{
  guint seconds_left;
  gboolean half_way;

  if (kv_session_cues_take_due (&self->cues, now_us, end_time (self),
                                &seconds_left, &half_way))
    g_signal_emit (self, signals[CUE_REACHED], 0, seconds_left, half_way);
}

/* Applies the next transition due at @now_us, if any. */
static gboolean
step (KvSession *self,
      gint64     now_us)
{
  const KvBooking *booking = self->booking;

  switch (self->state)
    {
    case KV_SESSION_STATE_SCHEDULED:
      if (now_us < booking->start_us - self->rules.join_window_us)
        return FALSE;
      set_state (self, KV_SESSION_STATE_JOINABLE);
      return TRUE;

    case KV_SESSION_STATE_JOINABLE:
      if (now_us >= end_time (self))
        {
          self->absent = KV_SIDE_BOTH & ~(self->present & self->confirmed);
          kv_session_finish (self, KV_OUTCOME_NO_SHOW, end_time (self));
          return TRUE;
        }
      if (!both_ready (self))
        return FALSE;
      if (now_us < booking->start_us)
        set_state (self, KV_SESSION_STATE_READY);
      else
        go_live (self, now_us);   /* late: the end stays where it was */
      return TRUE;

    case KV_SESSION_STATE_READY:
      if (!both_ready (self))
        {
          set_state (self, KV_SESSION_STATE_JOINABLE);
          return TRUE;
        }
      if (now_us < booking->start_us)
        return FALSE;
      go_live (self, booking->start_us);
      return TRUE;

    case KV_SESSION_STATE_LIVE:
      if (now_us >= goodbye_time (self))
        {
          /* A pause ends where the goodbye begins, and what it took is
           * given back if the time after the visit is free: then the
           * goodbye is later, and the visit goes on first. */
          if (self->pauses.paused != KV_SIDE_NONE)
            {
              lift_pauses (self, goodbye_time (self));
              kv_session_grant_makeup (self);
              if (now_us < goodbye_time (self))
                return TRUE;
            }
          kv_session_cues_skip_all (&self->cues);
          set_state (self, KV_SESSION_STATE_GOODBYE);
          return TRUE;
        }
      /* No "2 minutes left" while the kiosks show a pause: the cues wait,
       * and the end may move when the pause ends. */
      if (self->pauses.paused == KV_SIDE_NONE)
        fire_due_cues (self, now_us);
      return FALSE;

    case KV_SESSION_STATE_GOODBYE:
      if (now_us < end_time (self))
        return FALSE;
      /* The goodbye staff started ends as they asked; the outcome says
       * so (and the category why), whatever time was lost. */
      if (kv_session_ending_is_recorded (&self->ending))
        kv_session_finish (self, KV_OUTCOME_ENDED_BY_STAFF, end_time (self));
      else if (self->makeup.lost_us + kv_session_pauses_ongoing_us (&self->pauses, end_time (self))
                 - self->makeup.makeup_us >= TECHNICAL_FAILURE_LOST_US)
        kv_session_finish (self, KV_OUTCOME_TECHNICAL_FAILURE, end_time (self));
      else
        kv_session_finish (self, KV_OUTCOME_COMPLETED, end_time (self));
      return TRUE;

    case KV_SESSION_STATE_ENDED:
    default:
      return FALSE;
    }
}

static gint64
next_boundary (KvSession *self)
{
  switch (self->state)
    {
    case KV_SESSION_STATE_SCHEDULED:
      return self->booking->start_us - self->rules.join_window_us;
    case KV_SESSION_STATE_JOINABLE:
      return end_time (self);
    case KV_SESSION_STATE_READY:
      return self->booking->start_us;
    case KV_SESSION_STATE_LIVE:
      if (self->pauses.paused != KV_SIDE_NONE)
        return goodbye_time (self);
      return MIN (goodbye_time (self), kv_session_cues_next (&self->cues, end_time (self)));
    case KV_SESSION_STATE_GOODBYE:
      return end_time (self);
    case KV_SESSION_STATE_ENDED:
    default:
      return G_MAXINT64;
    }
}

static void
on_alarm (gpointer user_data)
{
  KvSession *self = KV_SESSION (user_data);

  self->alarm_id = 0;
  kv_session_evaluate (self);
}

static void
schedule_alarm (KvSession *self)
{
  gint64 when = next_boundary (self);

  kv_clear_alarm (self->clock, &self->alarm_id);
  if (when != G_MAXINT64)
    self->alarm_id = kv_clock_add_alarm (self->clock, when, on_alarm, self, NULL);
}

void
kv_session_evaluate (KvSession *self)
{
  /* A signal handler that acts on the session (a staff end from a
   * state-changed handler) re-enters here: the outer loop picks it up. */
  if (self->evaluating)
    return;

  g_object_ref (self);
  self->evaluating = TRUE;

  /* Each step moves strictly forward through the states, so this ends. */
  while (step (self, kv_clock_get_now (self->clock)))
    ;

  self->evaluating = FALSE;
  schedule_alarm (self);
  g_object_unref (self);
}

/* Gives lost time back right away (KvSessionMakeup), not in a goodbye
 * staff started: they chose to end early. A goodbye that the time given
 * back moves into the future is LIVE again. */
void
kv_session_grant_makeup (KvSession *self)
{
  gint64 extra;

  if (kv_session_ending_is_goodbye (&self->ending) || self->state == KV_SESSION_STATE_ENDED)
    return;
  extra = kv_session_makeup_grant (&self->makeup, end_time (self), self->rules.makeup_max_us);
  if (extra <= 0)
    return;

  g_debug ("Session %s: %" G_GINT64_FORMAT " s given back", self->booking->id,
           extra / KV_USEC_PER_SECOND);
  emit_end_time_changed (self);

  if (self->state == KV_SESSION_STATE_GOODBYE && goodbye_time (self) > kv_session_now (self))
    set_state (self, KV_SESSION_STATE_LIVE);
}

gint64
kv_session_now (KvSession *self)
{
  return kv_clock_get_now (self->clock);
}

void
kv_session_notify (KvSession         *self,
                   KvSessionProperty  property)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[property]);
}

void
kv_session_add_lost (KvSession *self,
                     gint64     lost_us)
{
  kv_session_makeup_add_lost (&self->makeup, lost_us);
}

/* Cues before @before_us, counted back from the effective end now. */
void
kv_session_skip_cues_before (KvSession *self,
                             gint64     before_us)
{
  kv_session_cues_skip_before (&self->cues, before_us, end_time (self));
}

KvSessionMakeup *
kv_session_get_makeup_part (KvSession *self)
{
  return &self->makeup;
}

KvSessionPauses *
kv_session_get_pauses_part (KvSession *self)
{
  return &self->pauses;
}

KvSessionEnding *
kv_session_get_ending_part (KvSession *self)
{
  return &self->ending;
}

KvSessionChild *
kv_session_get_child_part (KvSession *self)
{
  return &self->child;
}

const KvSessionCues *
kv_session_get_cues_part (KvSession *self)
{
  return &self->cues;
}

const KvSiteRules *
kv_session_get_rules (KvSession *self)
{
  return &self->rules;
}

/* Once, during construction, before the first evaluation. The snapshot
 * comes from the database: out-of-range values are repaired, never
 * trusted, and never allowed to lengthen a visit. */
static void
apply_snapshot (KvSession               *self,
                const KvSessionSnapshot *snapshot)
{
  gint64 now_us = kv_clock_get_now (self->clock);

  self->state = snapshot->state <= KV_SESSION_STATE_ENDED ? snapshot->state
                                                          : KV_SESSION_STATE_SCHEDULED;
  self->outcome = snapshot->outcome <= KV_OUTCOME_CANCELLED ? snapshot->outcome
                                                            : KV_OUTCOME_NONE;
  if (self->state == KV_SESSION_STATE_ENDED && self->outcome == KV_OUTCOME_NONE)
    self->outcome = KV_OUTCOME_COMPLETED;
  else if (self->state != KV_SESSION_STATE_ENDED)
    self->outcome = KV_OUTCOME_NONE;

  self->present = snapshot->present & KV_SIDE_BOTH;
  self->confirmed = snapshot->confirmed & KV_SIDE_BOTH;
  self->absent = snapshot->absent & KV_SIDE_BOTH;
  self->live_since_us = MAX (0, snapshot->live_since_us);
  self->ended_at_us = MAX (0, snapshot->ended_at_us);
  self->makeup.lost_us = MAX (0, snapshot->lost_us);
  self->makeup.makeup_us = CLAMP (snapshot->makeup_us, 0, self->rules.makeup_max_us);
  kv_session_ending_restore (&self->ending, snapshot,
                             self->booking->end_us + self->makeup.makeup_us);
  self->child.supervised = snapshot->supervised;
  self->child.alerts = snapshot->child_alerts;
  if (self->state == KV_SESSION_STATE_LIVE)
    kv_session_pauses_restore (&self->pauses, snapshot->prison_pause, snapshot->community_pause,
                               snapshot->muted, now_us);
  else if (self->state == KV_SESSION_STATE_GOODBYE)
    kv_session_pauses_restore (&self->pauses, KV_PAUSE_CATEGORY_NONE, KV_PAUSE_CATEGORY_NONE,
                               snapshot->muted, now_us);

  if ((self->state == KV_SESSION_STATE_LIVE || self->state == KV_SESSION_STATE_GOODBYE) &&
      self->live_since_us == 0)
    self->live_since_us = self->booking->start_us;

  /* Cues that fell while the server was down are not replayed. */
  kv_session_cues_skip_before (&self->cues, now_us + 1, end_time (self));
}

static void
kv_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KvSession *self = KV_SESSION (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_BOOKING:
      g_value_set_boxed (value, self->booking);
      break;
    case PROP_RULES:
      g_value_set_pointer (value, &self->rules);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_OUTCOME:
      g_value_set_enum (value, self->outcome);
      break;
    case PROP_PRESENT:
      g_value_set_flags (value, self->present);
      break;
    case PROP_CONFIRMED:
      g_value_set_flags (value, self->confirmed);
      break;
    case PROP_END_TIME:
      g_value_set_int64 (value, end_time (self));
      break;
    case PROP_PAUSED:
      g_value_set_flags (value, self->pauses.paused);
      break;
    case PROP_MUTED:
      g_value_set_flags (value, self->pauses.muted);
      break;
    case PROP_SUPERVISED:
      g_value_set_boolean (value, self->child.supervised);
      break;
    case PROP_END_CATEGORY:
      g_value_set_enum (value, self->ending.category);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  KvSession *self = KV_SESSION (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;
    case PROP_BOOKING:
      self->booking = g_value_dup_boxed (value);
      break;
    case PROP_RULES:
      if (g_value_get_pointer (value) != NULL)
        self->rules = *(const KvSiteRules *) g_value_get_pointer (value);
      break;
    case PROP_SNAPSHOT:
      self->initial = g_value_get_pointer (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_session_constructed (GObject *object)
{
  KvSession *self = KV_SESSION (object);

  G_OBJECT_CLASS (kv_session_parent_class)->constructed (object);

  g_assert (self->clock != NULL);
  g_assert (self->booking != NULL);

  self->rules.n_cues = MIN (self->rules.n_cues, KV_SITE_RULES_MAX_CUES);
  kv_session_cues_init (&self->cues, self->booking, &self->rules);

  if (self->initial != NULL)
    apply_snapshot (self, self->initial);
  self->initial = NULL;

  /* Nobody can be connected yet: catching up here emits nothing anyone
   * sees, which is what a restore wants (the server compares with the
   * snapshot it stored). */
  kv_session_evaluate (self);
}

static void
kv_session_dispose (GObject *object)
{
  KvSession *self = KV_SESSION (object);

  if (self->clock != NULL)
    kv_clear_alarm (self->clock, &self->alarm_id);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (kv_session_parent_class)->dispose (object);
}

static void
kv_session_finalize (GObject *object)
{
  KvSession *self = KV_SESSION (object);

  g_clear_pointer (&self->booking, kv_booking_free);
  kv_session_ending_clear (&self->ending);

  G_OBJECT_CLASS (kv_session_parent_class)->finalize (object);
}

static void
kv_session_class_init (KvSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kv_session_get_property;
  object_class->set_property = kv_session_set_property;
  object_class->constructed = kv_session_constructed;
  object_class->dispose = kv_session_dispose;
  object_class->finalize = kv_session_finalize;

  /**
   * KvSession:clock:
   *
   * The only source of time for the session.
   */
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, KV_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * KvSession:booking:
   *
   * The booked slot; copied, never changed.
   */
  properties[PROP_BOOKING] =
    g_param_spec_boxed ("booking", NULL, NULL, KV_TYPE_BOOKING,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * KvSession:rules:
   *
   * A #KvSiteRules, copied at construction.
   */
  properties[PROP_RULES] =
    g_param_spec_pointer ("rules", NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * KvSession:snapshot:
   *
   * A #KvSessionSnapshot to restore, or %NULL for a new session.
   */
  properties[PROP_SNAPSHOT] =
    g_param_spec_pointer ("snapshot", NULL, NULL,
                          G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * KvSession:state:
   *
   * Where the visit is in its life.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, KV_TYPE_SESSION_STATE, KV_SESSION_STATE_SCHEDULED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KvSession:outcome:
   *
   * How the visit ended; %KV_OUTCOME_NONE until it has.
   */
  properties[PROP_OUTCOME] =
    g_param_spec_enum ("outcome", NULL, NULL, KV_TYPE_OUTCOME, KV_OUTCOME_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KvSession:present:
   *
   * The sides whose kiosk is in the session.
   */
  properties[PROP_PRESENT] =
    g_param_spec_flags ("present", NULL, NULL, KV_TYPE_SIDE_FLAGS, KV_SIDE_NONE,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KvSession:confirmed:
   *
   * The sides whose staff confirmed the person is there.
   */
  properties[PROP_CONFIRMED] =
    g_param_spec_flags ("confirmed", NULL, NULL, KV_TYPE_SIDE_FLAGS, KV_SIDE_NONE,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KvSession:end-time:
   *
   * The effective end, UTC microseconds: the booked end plus make-up.
   */
  properties[PROP_END_TIME] =
    g_param_spec_int64 ("end-time", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KvSession:paused:
   *
   * The sides whose staff paused the visit. While any side is paused, both
   * kiosks stop picture and sound both ways, and the time is lost time.
   */
  properties[PROP_PAUSED] =
    g_param_spec_flags ("paused", NULL, NULL, KV_TYPE_SIDE_FLAGS, KV_SIDE_NONE,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KvSession:muted:
   *
   * The sides whose staff muted the sound. While any side is muted, both
   * kiosks stop sound both ways; the picture goes on.
   */
  properties[PROP_MUTED] =
    g_param_spec_flags ("muted", NULL, NULL, KV_TYPE_SIDE_FLAGS, KV_SIDE_NONE,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KvSession:supervised:
   *
   * Whether the prison kiosk said its room is supervised.
   */
  properties[PROP_SUPERVISED] =
    g_param_spec_boolean ("supervised", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * KvSession:end-category:
   *
   * Why staff ended the visit, once they have (a goodbye they started, or
   * a stop); %KV_END_CATEGORY_NONE before.
   */
  properties[PROP_END_CATEGORY] =
    g_param_spec_enum ("end-category", NULL, NULL, KV_TYPE_END_CATEGORY, KV_END_CATEGORY_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KvSession::state-changed:
   * @self: the session
   * @old_state: the #KvSessionState it left
   * @new_state: the #KvSessionState it entered
   *
   * Emitted after every transition, after #GObject::notify for
   * #KvSession:state. Entering LIVE, or GOODBYE straight from JOINABLE or
   * READY (a start too late for anything but goodbye), is when media is
   * released.
   */
  signals[STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  KV_TYPE_SESSION_STATE, KV_TYPE_SESSION_STATE);

  /**
   * KvSession::cue-reached:
   * @self: the session
   * @seconds_left: seconds until the effective end
   * @half_way: whether this is the half-way cue
   *
   * Emitted once per cue while the visit is live. Cues that fell before the
   * visit went live, or that a clock jump made stale, are skipped.
   */
  signals[CUE_REACHED] =
    g_signal_new ("cue-reached", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BOOLEAN);

  /**
   * KvSession::end-time-changed:
   * @self: the session
   * @new_end_us: the new effective end, UTC microseconds
   *
   * Emitted when make-up time moved the end later.
   */
  signals[END_TIME_CHANGED] =
    g_signal_new ("end-time-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * KvSession::ended:
   * @self: the session
   * @outcome: the #KvOutcome
   *
   * Emitted once, after the transition to ENDED.
   */
  signals[ENDED] =
    g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KV_TYPE_OUTCOME);
}

static void
kv_session_init (KvSession *self)
{
  kv_site_rules_init_defaults (&self->rules);
  kv_session_makeup_init (&self->makeup);
}

/**
 * kv_session_new:
 * @clock: the clock
 * @booking: the booked slot, copied
 * @rules: the site's rules, copied
 *
 * Returns: (transfer full): a session in the state due at the clock's now
 */
KvSession *
kv_session_new (KvClock           *clock,
                const KvBooking   *booking,
                const KvSiteRules *rules)
{
  return kv_session_new_restored (clock, booking, rules, NULL);
}

/**
 * kv_session_new_restored:
 * @clock: the clock
 * @booking: the booked slot, copied
 * @rules: the site's rules, copied
 * @snapshot: (nullable): what kv_session_get_snapshot() returned before a
 *   restart
 *
 * The state is recomputed for the clock's now, without signals: restored
 * after the end, the session is ENDED; restored while live, it is LIVE with
 * the same end. A restart never lengthens a visit.
 *
 * Returns: (transfer full): the session
 */
KvSession *
kv_session_new_restored (KvClock                 *clock,
                         const KvBooking         *booking,
                         const KvSiteRules       *rules,
                         const KvSessionSnapshot *snapshot)
{
  g_return_val_if_fail (KV_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (booking != NULL, NULL);
  g_return_val_if_fail (rules != NULL, NULL);

  return g_object_new (KV_TYPE_SESSION,
                       "clock", clock,
                       "booking", booking,
                       "rules", rules,
                       "snapshot", snapshot,
                       NULL);
}

/**
 * kv_session_get_booking:
 * @self: a #KvSession
 *
 * Returns: (transfer none): the booked slot
 */
const KvBooking *
kv_session_get_booking (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), NULL);

  return self->booking;
}

KvSessionState
kv_session_get_state (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), KV_SESSION_STATE_ENDED);

  return self->state;
}

KvOutcome
kv_session_get_outcome (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), KV_OUTCOME_NONE);

  return self->outcome;
}

KvSideFlags
kv_session_get_present (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), KV_SIDE_NONE);

  return self->present;
}

KvSideFlags
kv_session_get_confirmed (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), KV_SIDE_NONE);

  return self->confirmed;
}

/**
 * kv_session_get_absent:
 * @self: a #KvSession
 *
 * Returns: for a no-show, the sides that were not present and confirmed
 */
KvSideFlags
kv_session_get_absent (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), KV_SIDE_NONE);

  return self->absent;
}

gint64
kv_session_get_live_since (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), 0);

  return self->live_since_us;
}

gint64
kv_session_get_ended_at (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), 0);

  return self->ended_at_us;
}

gint64
kv_session_get_join_time (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), 0);

  return self->booking->start_us - self->rules.join_window_us;
}

/**
 * kv_session_get_end_time:
 * @self: a #KvSession
 *
 * Returns: the effective end: the booked end plus make-up time given back
 */
gint64
kv_session_get_end_time (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), 0);

  return end_time (self);
}

gint64
kv_session_get_goodbye_time (KvSession *self)
{
  g_return_val_if_fail (KV_IS_SESSION (self), 0);

  return goodbye_time (self);
}

/**
 * kv_session_set_present:
 * @self: a #KvSession
 * @sides: the sides whose kiosk joined or left
 * @present: whether they are in the session now
 *
 * A side leaving while READY takes the session back to JOINABLE; once live,
 * leaving does not stop the clock (the lost media is counted instead).
 */
void
kv_session_set_present (KvSession   *self,
                        KvSideFlags  sides,
                        gboolean     present)
{
  KvSideFlags new_present;

  g_return_if_fail (KV_IS_SESSION (self));

  kv_session_evaluate (self);
  if (self->state == KV_SESSION_STATE_ENDED)
    return;

  sides &= KV_SIDE_BOTH;
  new_present = present ? (self->present | sides) : (self->present & ~sides);
  if (new_present == self->present)
    return;

  self->present = new_present;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENT]);
  kv_session_evaluate (self);
}

/**
 * kv_session_confirm:
 * @self: a #KvSession
 * @sides: the sides whose staff confirm the person is there
 * @error: return location for a #KvSessionError
 *
 * Accepted from the join window on. With both sides present and confirmed
 * the session is READY, or LIVE at once if the slot has already started.
 *
 * Returns: whether the confirmation was taken
 */
gboolean
kv_session_confirm (KvSession    *self,
                    KvSideFlags   sides,
                    GError      **error)
{
  g_return_val_if_fail (KV_IS_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  kv_session_evaluate (self);

  if (sides == KV_SIDE_NONE || (sides & ~KV_SIDE_BOTH) != 0)
    {
      g_set_error_literal (error, KV_SESSION_ERROR, KV_SESSION_ERROR_INVALID_SIDES,
                           _("Say which side of the visit is confirmed."));
      return FALSE;
    }

  if (self->state == KV_SESSION_STATE_SCHEDULED)
    {
      g_set_error_literal (error, KV_SESSION_ERROR, KV_SESSION_ERROR_NOT_JOINABLE_YET,
                           _("It is too early to confirm: the visit's join window has not opened."));
      return FALSE;
    }

  if (self->state == KV_SESSION_STATE_ENDED)
    {
      g_set_error_literal (error, KV_SESSION_ERROR, KV_SESSION_ERROR_ALREADY_ENDED,
                           _("This visit is already over."));
      return FALSE;
    }

  if ((self->confirmed | sides) != self->confirmed)
    {
      self->confirmed |= sides;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIRMED]);
      kv_session_evaluate (self);
    }

  return TRUE;
}
