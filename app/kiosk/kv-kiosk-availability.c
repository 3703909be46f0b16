/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-kiosk"

#include "config.h"

#include "kv-kiosk-availability.h"

#include "kv-kiosk-enums.h"

/**
 * KvKioskAvailability:
 *
 * Whether the kiosk can hold a visit when none is on, and if not, why:
 * the phase the screens show between visits (STARTING, UNAVAILABLE or
 * IDLE) from what the link to the server, the schedule and the camera
 * allow.
 *
 * Signing in for the first time is "starting"; once a try failed, the
 * kiosk says the server cannot be reached while it keeps retrying. After
 * each sign-in it waits a moment (RESTORE_GRACE_US) for the server's
 * `session` of a visit that is on right now, so that a restarted kiosk
 * goes straight back into its visit instead of flashing "no visit".
 *
 * Properties (read-only, notified only on change; the reason before the
 * phase): "phase" (#KvVisitPhase), "unavailable-reason"
 * (#KvUnavailableReason, NONE unless the phase is UNAVAILABLE) and
 * "camera-missing".
 */

/* After a sign-in, how long to wait for the server's `session` of a visit
 * that is on right now before showing the idle screen. */
#define RESTORE_GRACE_US (5 * KV_USEC_PER_SECOND)

/* What the link has been since the kiosk started. */
typedef enum {
  LINK_UNTRIED,   /* nothing tried yet */
  LINK_TRIED,     /* up, or being tried, since the last sign-in */
  LINK_FAILED,    /* went down since the last sign-in */
} LinkHistory;

enum {
  PROP_0,
  PROP_CLOCK,
  PROP_SIGNALLER,
  PROP_SCHEDULE,
  PROP_PHASE,
  PROP_UNAVAILABLE_REASON,
  PROP_CAMERA_MISSING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvKioskAvailability
{
  GObject parent_instance;

  KvClock *clock;
  KvSignaller *signaller;
  KvKioskSchedule *schedule;

  LinkHistory link;
  gboolean camera_missing;
  gint64 restore_until;
  guint restore_alarm;

  KvVisitPhase phase;
  KvUnavailableReason reason;
};

G_DEFINE_FINAL_TYPE (KvKioskAvailability, kv_kiosk_availability, G_TYPE_OBJECT)

static void
set_phase (KvKioskAvailability *self,
           KvVisitPhase         phase,
           KvUnavailableReason  reason)
{
  gboolean phase_changed = self->phase != phase;
  gboolean reason_changed;

  if (phase != KV_VISIT_PHASE_UNAVAILABLE)
    reason = KV_UNAVAILABLE_NONE;
  reason_changed = self->reason != reason;

  self->phase = phase;
  self->reason = reason;
  /* The reason first, so whoever switches screens on "phase" reads the
   * right reason. */
  if (reason_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNAVAILABLE_REASON]);
  if (phase_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
}

static void update (KvKioskAvailability *self);

static void
on_restore_over (gpointer user_data)
{
  KvKioskAvailability *self = user_data;

  self->restore_alarm = 0;
  update (self);
}

static void
update (KvKioskAvailability *self)
{
  KvSignallerState state = kv_signaller_get_state (self->signaller);

  if (state == KV_SIGNALLER_STATE_REFUSED)
    set_phase (self, KV_VISIT_PHASE_UNAVAILABLE, KV_UNAVAILABLE_REFUSED);
  else if (state != KV_SIGNALLER_STATE_SIGNED_IN)
    set_phase (self,
               self->link == LINK_FAILED ? KV_VISIT_PHASE_UNAVAILABLE : KV_VISIT_PHASE_STARTING,
               KV_UNAVAILABLE_NO_NETWORK);
  else if (!kv_kiosk_schedule_get_received (self->schedule))
    set_phase (self, KV_VISIT_PHASE_STARTING, KV_UNAVAILABLE_NONE);
  else if (self->camera_missing)
    set_phase (self, KV_VISIT_PHASE_UNAVAILABLE, KV_UNAVAILABLE_NO_CAMERA);
  else if (kv_clock_get_now (self->clock) < self->restore_until &&
           kv_kiosk_schedule_has_visit_on_now (self->schedule))
    {
      set_phase (self, KV_VISIT_PHASE_STARTING, KV_UNAVAILABLE_NONE);
      if (self->restore_alarm == 0)
        self->restore_alarm = kv_clock_add_alarm (self->clock, self->restore_until,
                                                  on_restore_over, self, NULL);
    }
  else if (kv_kiosk_schedule_get_next (self->schedule) != NULL)
    set_phase (self, KV_VISIT_PHASE_IDLE, KV_UNAVAILABLE_NONE);
  else
    set_phase (self, KV_VISIT_PHASE_UNAVAILABLE, KV_UNAVAILABLE_NO_BOOKING);
}

static void
on_signaller_state_changed (GObject    *object,
                            GParamSpec *pspec,
                            gpointer    user_data)
{
  KvKioskAvailability *self = user_data;

  if (kv_signaller_get_state (self->signaller) != KV_SIGNALLER_STATE_DISCONNECTED)
    self->link = self->link == LINK_UNTRIED ? LINK_TRIED : self->link;
  else if (self->link != LINK_UNTRIED)
    self->link = LINK_FAILED;
  update (self);
}

static void
on_signed_in (KvSignaller *signaller,
              KvMessage   *welcome,
              gpointer     user_data)
{
  KvKioskAvailability *self = user_data;

  self->link = LINK_TRIED;
  self->restore_until = kv_clock_get_now (self->clock) + RESTORE_GRACE_US;
  kv_clear_alarm (self->clock, &self->restore_alarm);
  update (self);
}

static void
on_schedule_changed (KvKioskSchedule *schedule,
                     gpointer         user_data)
{
  update (KV_KIOSK_AVAILABILITY (user_data));
}

static void
kv_kiosk_availability_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  KvKioskAvailability *self = KV_KIOSK_AVAILABILITY (object);

  switch (prop_id)
    {
    case PROP_CLOCK: g_value_set_object (value, self->clock); break;
    case PROP_SIGNALLER: g_value_set_object (value, self->signaller); break;
    case PROP_SCHEDULE: g_value_set_object (value, self->schedule); break;
    case PROP_PHASE: g_value_set_enum (value, self->phase); break;
    case PROP_UNAVAILABLE_REASON: g_value_set_enum (value, self->reason); break;
    case PROP_CAMERA_MISSING: g_value_set_boolean (value, self->camera_missing); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_kiosk_availability_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  KvKioskAvailability *self = KV_KIOSK_AVAILABILITY (object);

  switch (prop_id)
    {
    case PROP_CLOCK: self->clock = g_value_dup_object (value); break;
    case PROP_SIGNALLER: self->signaller = g_value_dup_object (value); break;
    case PROP_SCHEDULE: self->schedule = g_value_dup_object (value); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_kiosk_availability_constructed (GObject *object)
{
  KvKioskAvailability *self = KV_KIOSK_AVAILABILITY (object);

  G_OBJECT_CLASS (kv_kiosk_availability_parent_class)->constructed (object);

  g_signal_connect_object (self->signaller, "notify::state",
                           G_CALLBACK (on_signaller_state_changed), self, 0);
  g_signal_connect_object (self->signaller, "signed-in", G_CALLBACK (on_signed_in), self, 0);
  g_signal_connect_object (self->schedule, "changed", G_CALLBACK (on_schedule_changed), self, 0);
  update (self);
}

static void
kv_kiosk_availability_dispose (GObject *object)
{
  KvKioskAvailability *self = KV_KIOSK_AVAILABILITY (object);

  if (self->clock != NULL)
    kv_kiosk_availability_stop (self);
  g_clear_object (&self->schedule);
  g_clear_object (&self->signaller);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (kv_kiosk_availability_parent_class)->dispose (object);
}

static void
kv_kiosk_availability_class_init (KvKioskAvailabilityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = kv_kiosk_availability_get_property;
  object_class->set_property = kv_kiosk_availability_set_property;
  object_class->constructed = kv_kiosk_availability_constructed;
  object_class->dispose = kv_kiosk_availability_dispose;

  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, KV_TYPE_CLOCK, construct);
  properties[PROP_SIGNALLER] =
    g_param_spec_object ("signaller", NULL, NULL, KV_TYPE_SIGNALLER, construct);
  properties[PROP_SCHEDULE] =
    g_param_spec_object ("schedule", NULL, NULL, KV_TYPE_KIOSK_SCHEDULE, construct);
  /**
   * KvKioskAvailability:phase:
   *
   * STARTING, UNAVAILABLE or IDLE: what to show when no visit is on.
   */
  properties[PROP_PHASE] =
    g_param_spec_enum ("phase", NULL, NULL, KV_TYPE_VISIT_PHASE, KV_VISIT_PHASE_STARTING, ro);
  properties[PROP_UNAVAILABLE_REASON] =
    g_param_spec_enum ("unavailable-reason", NULL, NULL, KV_TYPE_UNAVAILABLE_REASON,
                       KV_UNAVAILABLE_NONE, ro);
  /**
   * KvKioskAvailability:camera-missing:
   *
   * Whether the camera or microphone was found missing (by a call or a
   * staff test) and has not worked since.
   */
  properties[PROP_CAMERA_MISSING] =
    g_param_spec_boolean ("camera-missing", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_kiosk_availability_init (KvKioskAvailability *self)
{
  self->phase = KV_VISIT_PHASE_STARTING;
}

KvKioskAvailability *
kv_kiosk_availability_new (KvClock         *clock,
                           KvSignaller     *signaller,
                           KvKioskSchedule *schedule)
{
  g_return_val_if_fail (KV_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (KV_IS_SIGNALLER (signaller), NULL);
  g_return_val_if_fail (KV_IS_KIOSK_SCHEDULE (schedule), NULL);

  return g_object_new (KV_TYPE_KIOSK_AVAILABILITY,
                       "clock", clock,
                       "signaller", signaller,
                       "schedule", schedule,
                       NULL);
}

/**
 * kv_kiosk_availability_set_camera_missing:
 * @self: a #KvKioskAvailability
 * @missing: whether a call or a staff test found the camera or microphone
 *   missing (%FALSE once one worked)
 *
 * Whatever the media engine lacks, staff need to fix this kiosk's devices
 * before it can hold a visit.
 */
void
kv_kiosk_availability_set_camera_missing (KvKioskAvailability *self,
                                          gboolean             missing)
{
  g_return_if_fail (KV_IS_KIOSK_AVAILABILITY (self));

  missing = !!missing;
  if (self->camera_missing != missing)
    {
      self->camera_missing = missing;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAMERA_MISSING]);
    }
  update (self);
}

/* Shutting down: nothing is left on the clock, nothing changes any more. */
void
kv_kiosk_availability_stop (KvKioskAvailability *self)
{
  g_return_if_fail (KV_IS_KIOSK_AVAILABILITY (self));

  kv_clear_alarm (self->clock, &self->restore_alarm);
  g_signal_handlers_disconnect_by_data (self->signaller, self);
  g_signal_handlers_disconnect_by_data (self->schedule, self);
}

KvVisitPhase
kv_kiosk_availability_get_phase (KvKioskAvailability *self)
{
  g_return_val_if_fail (KV_IS_KIOSK_AVAILABILITY (self), KV_VISIT_PHASE_STARTING);
  return self->phase;
}

KvUnavailableReason
kv_kiosk_availability_get_reason (KvKioskAvailability *self)
{
  g_return_val_if_fail (KV_IS_KIOSK_AVAILABILITY (self), KV_UNAVAILABLE_NONE);
  return self->reason;
}

gboolean
kv_kiosk_availability_get_camera_missing (KvKioskAvailability *self)
{
  g_return_val_if_fail (KV_IS_KIOSK_AVAILABILITY (self), FALSE);
  return self->camera_missing;
}
