/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-kiosk"

#include "config.h"

#include "kv-visit-controller.h"

#include "kv-core-enums.h"
#include "kv-current-visit.h"
#include "kv-device-test.h"
#include "kv-kiosk-availability.h"
#include "kv-kiosk-enums.h"
#include "kv-kiosk-schedule.h"
#include "kv-sticker.h"
#include "kv-visit-interventions.h"
#include "kv-visit-joiner.h"
#include "kv-visit-labels.h"

#include <glib/gi18n-lib.h>

/**
 * KvVisitController:
 *
 * What the kiosk's screens bind to. It makes the kiosk's parts from its
 * collaborators (#KvSignaller, #KvCallFactory, the clock and the
 * configuration) and turns them into one phase and the properties below:
 * #KvKioskSchedule (the bookings and the next visit),
 * #KvKioskAvailability (what the kiosk can do when no visit is on),
 * #KvVisitLabels (who the screens name, and when the next visit is),
 * #KvVisitJoiner (which #KvVisit the kiosk is in; the visit follows the
 * server, its call and its own clock, and ends at the slot end whether or
 * not the server can be reached), #KvVisitInterventions (staff's pause,
 * mute, goodbye now and safeguarding stop, and the child's "I'm not OK")
 * and #KvDeviceTest (staff's camera test).
 * It routes the server's messages to them and the user intents (methods;
 * the UI wraps them in actions) to the visit.
 *
 * Read-only properties, all notified only on change: "phase"
 * (#KvVisitPhase), "unavailable-reason" (#KvUnavailableReason), "role",
 * "kiosk-label", "peer-label" ("Dad" on the community side, the child's
 * label on the prison side), "self-label", "age-band", "peer-present",
 * "self-confirmed", "peer-confirmed", "next-visit-start" and
 * "next-visit-end" (µs, server time, 0 = none), "visit-start" and
 * "visit-end" (the current or last visit; the end includes make-up),
 * "seconds-left" (WAITING: until the start; LIVE, RECONNECTING, GOODBYE:
 * until the end), "progress" (0..1 of the visit elapsed), "lost-seconds",
 * "makeup-seconds", "remote-paintable", "self-paintable", "input-level"
 * (0..1, microphone), "device-testing", "clock"; the labels and the
 * next visit's times are #KvVisitLabels', and from the interventions "paused-here", "pause-category" (#KvPauseCategory),
 * "muted", "muted-here", "peer-supervised", "child-alert" and
 * "end-category" (#KvEndCategory).
 */

typedef enum {
  PROP_0,
  PROP_CONFIG,
  PROP_CLOCK,
  PROP_SIGNALLER,
  PROP_CALL_FACTORY,
  PROP_PHASE,
  PROP_UNAVAILABLE_REASON,
  PROP_ROLE,
  PROP_KIOSK_LABEL,
  PROP_PEER_LABEL,
  PROP_SELF_LABEL,
  PROP_AGE_BAND,
  PROP_PEER_PRESENT,
  PROP_SELF_CONFIRMED,
  PROP_PEER_CONFIRMED,
  PROP_NEXT_VISIT_START,
  PROP_NEXT_VISIT_END,
  PROP_VISIT_START,
  PROP_VISIT_END,
  PROP_SECONDS_LEFT,
  PROP_PROGRESS,
  PROP_LOST_SECONDS,
  PROP_MAKEUP_SECONDS,
  PROP_REMOTE_PAINTABLE,
  PROP_SELF_PAINTABLE,
  PROP_INPUT_LEVEL,
  PROP_DEVICE_TESTING,
  PROP_PAUSED_HERE,
  PROP_PAUSE_CATEGORY,
  PROP_MUTED,
  PROP_MUTED_HERE,
  PROP_PEER_SUPERVISED,
  PROP_ROOM_SUPERVISED,
  PROP_CHILD_ALERT,
  PROP_END_CATEGORY,
  N_PROPS
} KvVisitControllerProperty;

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CUE_REACHED,
  SIGNAL_STICKER_SHOWN,
  SIGNAL_ENDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Started once, shut down once: a shut-down controller is done (the
 * application makes a new one). */
typedef enum {
  RUN_NEW,
  RUN_STARTED,
  RUN_SHUT_DOWN,
} RunState;

struct _KvVisitController
{
  GObject parent_instance;

  /* Collaborators (construct-only) */
  KvKioskConfig *config;
  KvClock *clock;
  KvSignaller *signaller;
  KvCallFactory *call_factory;

  /* Its parts */
  KvKioskSchedule *schedule;
  KvKioskAvailability *availability;
  KvVisitLabels *labels;
  KvVisitJoiner *joiner;
  KvDeviceTest *device_test;
  KvCurrentVisit *current;
  KvVisitInterventions *interventions;

  RunState run;
  guint after_alarm;           /* while AFTER lasts */
  char *staff_id;              /* who opened the staff panel, for the server */

  /* The read-only properties' values, by property id: each is written
   * only through set_value(), which notifies on change. */
  GValue values[N_PROPS];
};

G_DEFINE_FINAL_TYPE (KvVisitController, kv_visit_controller, G_TYPE_OBJECT)

/* Property values ------------------------------------------------------------- */

#define VALUE(self, prop) (&(self)->values[(prop)])

static void
set_value (KvVisitController         *self,
           KvVisitControllerProperty  prop,
           const GValue              *value)
{
  if (g_param_values_cmp (properties[prop], VALUE (self, prop), value) == 0)
    return;
  g_value_copy (value, VALUE (self, prop));
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_enum (KvVisitController         *self,
          KvVisitControllerProperty  prop,
          int                        value)
{
  g_auto(GValue) v = G_VALUE_INIT;

  g_value_set_enum (g_value_init (&v, G_PARAM_SPEC_VALUE_TYPE (properties[prop])), value);
  set_value (self, prop, &v);
}

static KvVisitPhase
get_phase (KvVisitController *self)
{
  return g_value_get_enum (VALUE (self, PROP_PHASE));
}

static void
set_phase (KvVisitController   *self,
           KvVisitPhase         phase,
           KvUnavailableReason  reason)
{
  if (phase != KV_VISIT_PHASE_UNAVAILABLE)
    reason = KV_UNAVAILABLE_NONE;
  if (phase != get_phase (self))
    g_debug ("Phase %d -> %d (reason %d)", get_phase (self), phase, reason);
  /* The reason first, so a UI that switches screens on "phase" reads the
   * right reason. */
  set_enum (self, PROP_UNAVAILABLE_REASON, reason);
  set_enum (self, PROP_PHASE, phase);
}

/* From the parts to the properties ---------------------------------------------- */

static KvVisit *
get_visit (KvVisitController *self)
{
  return kv_visit_joiner_get_visit (self->joiner);
}

static gboolean
visit_is_on (KvVisitController *self)
{
  KvVisit *visit = get_visit (self);

  return visit != NULL && kv_visit_state_is_on (kv_visit_get_state (visit));
}

static gboolean
phase_is_resting (KvVisitPhase phase)
{
  return phase == KV_VISIT_PHASE_STARTING || phase == KV_VISIT_PHASE_UNAVAILABLE ||
         phase == KV_VISIT_PHASE_IDLE;
}

/* The property of the same name of one of the parts (the current visit,
 * the labels, the interventions); between visits the countdowns show
 * nothing. */
static void
mirror_from (KvVisitController *self,
             GObject           *part,
             GParamSpec        *pspec)
{
  GParamSpec *own = g_object_class_find_property (G_OBJECT_GET_CLASS (self), pspec->name);
  g_auto(GValue) value = G_VALUE_INIT;

  /* Only the read-only values: a part's collaborators ("clock", "config")
   * are not the controller's to change. */
  if (own == NULL || own->owner_type != KV_TYPE_VISIT_CONTROLLER || own->param_id < PROP_PHASE)
    return;
  g_value_init (&value, own->value_type);
  if (!(phase_is_resting (get_phase (self)) &&
        (own == properties[PROP_SECONDS_LEFT] || own == properties[PROP_PROGRESS])))
    g_object_get_property (part, pspec->name, &value);
  set_value (self, own->param_id, &value);
}

static void
mirror (KvVisitController *self,
        GParamSpec        *pspec)
{
  mirror_from (self, G_OBJECT (self->current), pspec);
}

static void
update_clock_props (KvVisitController *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  mirror (self, properties[PROP_SECONDS_LEFT]);
  mirror (self, properties[PROP_PROGRESS]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
update_next_visit (KvVisitController *self)
{
  kv_visit_labels_update_next (self->labels, !visit_is_on (self) && self->after_alarm == 0);
}

static void
update_phase (KvVisitController *self)
{
  static const KvVisitPhase of_state[] = {
    [KV_VISIT_STATE_WAITING] = KV_VISIT_PHASE_WAITING,
    [KV_VISIT_STATE_LIVE] = KV_VISIT_PHASE_LIVE,
    [KV_VISIT_STATE_RECONNECTING] = KV_VISIT_PHASE_RECONNECTING,
    [KV_VISIT_STATE_PAUSED] = KV_VISIT_PHASE_PAUSED,
    [KV_VISIT_STATE_GOODBYE] = KV_VISIT_PHASE_GOODBYE,
  };

  update_next_visit (self);
  if (visit_is_on (self))
    set_phase (self, of_state[kv_visit_get_state (get_visit (self))], KV_UNAVAILABLE_NONE);
  else if (self->after_alarm != 0)
    /* A safeguarding stop gets a calm screen of its own, no warm goodbye. */
    set_phase (self,
               kv_visit_interventions_get_end_category (self->interventions) ==
                 KV_END_CATEGORY_SAFEGUARDING ? KV_VISIT_PHASE_STOPPED : KV_VISIT_PHASE_AFTER,
               KV_UNAVAILABLE_NONE);
  else
    set_phase (self, kv_kiosk_availability_get_phase (self->availability),
               kv_kiosk_availability_get_reason (self->availability));
  update_clock_props (self);
}

/* What the parts say ------------------------------------------------------------- */

static void
on_changed (KvVisitController *self)
{
  update_phase (self);
}

static void
on_current_visit_notify (KvVisitController *self,
                         GParamSpec        *pspec)
{
  mirror (self, pspec);
}

static void
on_interventions_notify (KvVisitController *self,
                         GParamSpec        *pspec)
{
  mirror_from (self, G_OBJECT (self->interventions), pspec);
}

static void
on_labels_notify (KvVisitController *self,
                  GParamSpec        *pspec)
{
  mirror_from (self, G_OBJECT (self->labels), pspec);
}

static void
on_after_over (gpointer user_data)
{
  KvVisitController *self = user_data;

  self->after_alarm = 0;
  update_phase (self);
}

static void
on_visit_state_changed (KvVisitController *self)
{
  if (!visit_is_on (self))
    {
      /* Over: a warm goodbye on screen for a while, then between visits. */
      kv_clear_alarm (self->clock, &self->after_alarm);
      self->after_alarm = kv_clock_add_alarm (self->clock,
                                              kv_clock_get_now (self->clock) +
                                              KV_VISIT_AFTER_SECONDS * KV_USEC_PER_SECOND,
                                              on_after_over, self, NULL);
      kv_kiosk_schedule_set_visit (self->schedule, kv_visit_get_booking_id (get_visit (self)),
                                   TRUE);
    }
  update_phase (self);
}

static void
on_cue_reached (KvVisitController *self,
                guint              seconds_left,
                gboolean           half_way)
{
  g_signal_emit (self, signals[SIGNAL_CUE_REACHED], 0, seconds_left, half_way);
}

static void
on_sticker_shown (KvVisitController *self,
                  const char        *sticker_id,
                  gboolean           from_peer)
{
  g_signal_emit (self, signals[SIGNAL_STICKER_SHOWN], 0, sticker_id, from_peer);
}

static void
on_ended (KvVisitController *self,
          KvOutcome          outcome)
{
  g_signal_emit (self, signals[SIGNAL_ENDED], 0, outcome);
}

static void
on_call_failed (KvVisitController *self,
                GError            *error)
{
  /* The camera went away mid-call: say so once the visit is over. */
  if (g_error_matches (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_DEVICE_MISSING))
    kv_kiosk_availability_set_camera_missing (self->availability, TRUE);
}

/* The joiner joined a visit (or a join failed: the last visit stays). */
static void
on_joiner_visit_changed (KvVisitController *self)
{
  KvVisit *visit = kv_visit_joiner_get_visit (self->joiner);

  if (visit != NULL)
    {
      g_signal_connect_object (visit, "notify::state", G_CALLBACK (on_visit_state_changed),
                               self, G_CONNECT_SWAPPED);
      g_object_set (kv_visit_get_requests (visit), "staff-id", self->staff_id, NULL);
      kv_kiosk_availability_set_camera_missing (self->availability, FALSE);
      kv_kiosk_schedule_set_visit (self->schedule, kv_visit_get_booking_id (visit), FALSE);
      kv_visit_labels_show_visit (self->labels, kv_visit_get_booking_id (visit));
    }
  update_phase (self);
}

/* A visit is about to set up its call: it takes the camera, and the kiosk
 * is no longer after the last visit. */
static void
on_joining (KvVisitController *self)
{
  kv_clear_alarm (self->clock, &self->after_alarm);
  kv_device_test_stop (self->device_test);
}

static void
on_camera_checked (KvVisitController *self,
                   gboolean           found)
{
  kv_kiosk_availability_set_camera_missing (self->availability, !found);
}

static void
on_join_failed (KvVisitController *self,
                GError            *error)
{
  kv_kiosk_availability_set_camera_missing (self->availability, TRUE);
}

static void
teardown (KvVisitController *self)
{
  kv_visit_labels_stop (self->labels);
  if (get_visit (self) != NULL)
    g_signal_handlers_disconnect_by_data (get_visit (self), self);
  kv_current_visit_stop (self->current);
  kv_visit_interventions_stop (self->interventions);
  kv_visit_joiner_stop (self->joiner);
  kv_kiosk_availability_stop (self->availability);
  kv_kiosk_schedule_stop (self->schedule);
  kv_clear_alarm (self->clock, &self->after_alarm);
}

/* GObject ------------------------------------------------------------------------ */

static void
kv_visit_controller_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KvVisitController *self = KV_VISIT_CONTROLLER (object);

  switch ((KvVisitControllerProperty) prop_id)
    {
    case PROP_CONFIG: g_value_set_object (value, self->config); break;
    case PROP_CLOCK: g_value_set_object (value, self->clock); break;
    case PROP_SIGNALLER: g_value_set_object (value, self->signaller); break;
    case PROP_CALL_FACTORY: g_value_set_object (value, self->call_factory); break;
    case PROP_0:
    case N_PROPS:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
    default:
      g_value_copy (VALUE (self, prop_id), value);
    }
}

static void
kv_visit_controller_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KvVisitController *self = KV_VISIT_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_CONFIG: self->config = g_value_dup_object (value); break;
    case PROP_CLOCK: self->clock = g_value_dup_object (value); break;
    case PROP_SIGNALLER: self->signaller = g_value_dup_object (value); break;
    case PROP_CALL_FACTORY: self->call_factory = g_value_dup_object (value); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_visit_controller_constructed (GObject *object)
{
  KvVisitController *self = KV_VISIT_CONTROLLER (object);
  GParamSpec **label_props;
  guint n_label_props;

  G_OBJECT_CLASS (kv_visit_controller_parent_class)->constructed (object);

  g_assert (KV_IS_KIOSK_CONFIG (self->config));
  g_assert (KV_IS_CLOCK (self->clock));
  g_assert (KV_IS_SIGNALLER (self->signaller));
  g_assert (KV_IS_CALL_FACTORY (self->call_factory));

  g_value_set_enum (VALUE (self, PROP_ROLE), kv_kiosk_config_get_role (self->config));
  g_value_set_boolean (VALUE (self, PROP_ROOM_SUPERVISED),
                       kv_kiosk_config_get_supervised (self->config));

  /* The parts follow the link in this order: the kiosk's name, the
   * bookings, what the kiosk can do, then its visit (whose call follows
   * last). */
  self->schedule = kv_kiosk_schedule_new (self->clock, self->signaller);
  self->labels = kv_visit_labels_new (self->config, self->signaller, self->schedule);
  label_props = g_object_class_list_properties (G_OBJECT_GET_CLASS (self->labels),
                                                &n_label_props);
  for (guint i = 0; i < n_label_props; i++)
    mirror_from (self, G_OBJECT (self->labels), label_props[i]);
  g_free (label_props);
  g_signal_connect_object (self->labels, "notify", G_CALLBACK (on_labels_notify), self,
                           G_CONNECT_SWAPPED);
  /* The next visit is known before the phase that shows it. */
  g_signal_connect_object (self->schedule, "changed", G_CALLBACK (on_changed), self,
                           G_CONNECT_SWAPPED);
  self->availability = kv_kiosk_availability_new (self->clock, self->signaller, self->schedule);
  g_signal_connect_object (self->availability, "notify::phase", G_CALLBACK (on_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->availability, "notify::unavailable-reason",
                           G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
  self->joiner = kv_visit_joiner_new (self->clock, self->signaller, self->call_factory,
                                      kv_kiosk_config_get_role (self->config),
                                      kv_kiosk_config_get_supervised (self->config));
  self->device_test = kv_device_test_new (self->call_factory);
  g_signal_connect_object (self->device_test, "camera-checked", G_CALLBACK (on_camera_checked),
                           self, G_CONNECT_SWAPPED);
  /* Made before the controller watches the joiner: the current visit's
   * values are up to date by the time the phase changes. */
  self->current = kv_current_visit_new (self->joiner, self->device_test);
  self->interventions = kv_visit_interventions_new (self->joiner, self->clock,
                                                    kv_kiosk_config_get_role (self->config));
  g_signal_connect_object (self->interventions, "notify", G_CALLBACK (on_interventions_notify),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->joiner, "notify::visit", G_CALLBACK (on_joiner_visit_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->joiner, "joining", G_CALLBACK (on_joining), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->joiner, "join-failed", G_CALLBACK (on_join_failed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->current, "notify", G_CALLBACK (on_current_visit_notify), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->current, "cue-reached", G_CALLBACK (on_cue_reached), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->current, "sticker-shown", G_CALLBACK (on_sticker_shown), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->current, "ended", G_CALLBACK (on_ended), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->current, "call-failed", G_CALLBACK (on_call_failed), self,
                           G_CONNECT_SWAPPED);
}

static void
kv_visit_controller_dispose (GObject *object)
{
  KvVisitController *self = KV_VISIT_CONTROLLER (object);

  if (self->joiner != NULL)
    {
      kv_device_test_stop (self->device_test);
      teardown (self);
      g_signal_handlers_disconnect_by_data (self->joiner, self);
      g_signal_handlers_disconnect_by_data (self->current, self);
      g_signal_handlers_disconnect_by_data (self->interventions, self);
      g_signal_handlers_disconnect_by_data (self->labels, self);
    }
  g_clear_object (&self->interventions);
  g_clear_object (&self->current);
  g_clear_object (&self->device_test);
  g_clear_object (&self->joiner);
  g_clear_object (&self->availability);
  g_clear_object (&self->labels);
  g_clear_object (&self->schedule);
  for (guint i = PROP_PHASE; i < N_PROPS; i++)
    g_value_reset (VALUE (self, i));
  g_clear_object (&self->call_factory);
  g_clear_object (&self->signaller);
  g_clear_object (&self->clock);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (kv_visit_controller_parent_class)->dispose (object);
}

static void
kv_visit_controller_finalize (GObject *object)
{
  KvVisitController *self = KV_VISIT_CONTROLLER (object);

  for (guint i = PROP_PHASE; i < N_PROPS; i++)
    g_value_unset (VALUE (self, i));
  g_free (self->staff_id);

  G_OBJECT_CLASS (kv_visit_controller_parent_class)->finalize (object);
}

#define RO (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
#define CONSTRUCT (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS)
#define OBJECT(name, type) g_param_spec_object (name, NULL, NULL, type, CONSTRUCT)
#define BOOLEAN(name) g_param_spec_boolean (name, NULL, NULL, FALSE, RO)
#define STRING(name) g_param_spec_string (name, NULL, NULL, NULL, RO)
#define UINT(name) g_param_spec_uint (name, NULL, NULL, 0, G_MAXUINT, 0, RO)
#define TIME(name) g_param_spec_int64 (name, NULL, NULL, 0, G_MAXINT64, 0, RO)
#define FRACTION(name) g_param_spec_double (name, NULL, NULL, 0.0, 1.0, 0.0, RO)
#define PAINTABLE(name) g_param_spec_object (name, NULL, NULL, GDK_TYPE_PAINTABLE, RO)

static void
kv_visit_controller_class_init (KvVisitControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kv_visit_controller_get_property;
  object_class->set_property = kv_visit_controller_set_property;
  object_class->constructed = kv_visit_controller_constructed;
  object_class->dispose = kv_visit_controller_dispose;
  object_class->finalize = kv_visit_controller_finalize;

  properties[PROP_CONFIG] = OBJECT ("config", KV_TYPE_KIOSK_CONFIG);
  properties[PROP_CLOCK] = OBJECT ("clock", KV_TYPE_CLOCK);
  properties[PROP_SIGNALLER] = OBJECT ("signaller", KV_TYPE_SIGNALLER);
  properties[PROP_CALL_FACTORY] = OBJECT ("call-factory", KV_TYPE_CALL_FACTORY);
  properties[PROP_PHASE] = g_param_spec_enum ("phase", NULL, NULL, KV_TYPE_VISIT_PHASE,
                                              KV_VISIT_PHASE_STARTING, RO);
  properties[PROP_UNAVAILABLE_REASON] =
    g_param_spec_enum ("unavailable-reason", NULL, NULL, KV_TYPE_UNAVAILABLE_REASON,
                       KV_UNAVAILABLE_NONE, RO);
  properties[PROP_ROLE] = g_param_spec_enum ("role", NULL, NULL, KV_TYPE_ROLE,
                                             KV_ROLE_COMMUNITY, RO);
  properties[PROP_KIOSK_LABEL] = STRING ("kiosk-label");
  properties[PROP_PEER_LABEL] = STRING ("peer-label");
  properties[PROP_SELF_LABEL] = STRING ("self-label");
  properties[PROP_AGE_BAND] = g_param_spec_enum ("age-band", NULL, NULL, KV_TYPE_AGE_BAND,
                                                 KV_AGE_BAND_UNSPECIFIED, RO);
  properties[PROP_PEER_PRESENT] = BOOLEAN ("peer-present");
  properties[PROP_SELF_CONFIRMED] = BOOLEAN ("self-confirmed");
  properties[PROP_PEER_CONFIRMED] = BOOLEAN ("peer-confirmed");
  properties[PROP_NEXT_VISIT_START] = TIME ("next-visit-start");
  properties[PROP_NEXT_VISIT_END] = TIME ("next-visit-end");
  properties[PROP_VISIT_START] = TIME ("visit-start");
  properties[PROP_VISIT_END] = TIME ("visit-end");
  properties[PROP_SECONDS_LEFT] = UINT ("seconds-left");
  properties[PROP_PROGRESS] = FRACTION ("progress");
  properties[PROP_LOST_SECONDS] = UINT ("lost-seconds");
  properties[PROP_MAKEUP_SECONDS] = UINT ("makeup-seconds");
  properties[PROP_REMOTE_PAINTABLE] = PAINTABLE ("remote-paintable");
  properties[PROP_SELF_PAINTABLE] = PAINTABLE ("self-paintable");
  properties[PROP_INPUT_LEVEL] = FRACTION ("input-level");
  properties[PROP_DEVICE_TESTING] = BOOLEAN ("device-testing");
  /**
   * KvVisitController:paused-here:
   *
   * Whether this kiosk's staff paused the visit (see
   * kv_visit_controller_pause()); the phase is PAUSED whichever side did.
   */
  properties[PROP_PAUSED_HERE] = BOOLEAN ("paused-here");
  /**
   * KvVisitController:pause-category:
   *
   * Why the visit is paused, while it is; %KV_PAUSE_CATEGORY_NONE otherwise.
   */
  properties[PROP_PAUSE_CATEGORY] =
    g_param_spec_enum ("pause-category", NULL, NULL, KV_TYPE_PAUSE_CATEGORY,
                       KV_PAUSE_CATEGORY_NONE, RO);
  /**
   * KvVisitController:muted:
   *
   * Whether the sound is off: staff on either side muted it (the picture
   * goes on).
   */
  properties[PROP_MUTED] = BOOLEAN ("muted");
  /**
   * KvVisitController:muted-here:
   *
   * Whether this side's staff muted it.
   */
  properties[PROP_MUTED_HERE] = BOOLEAN ("muted-here");
  /**
   * KvVisitController:peer-supervised:
   *
   * On the community kiosk: the prison side's room is supervised (a helper
   * sees and hears the visit). Always %FALSE on the prison kiosk.
   */
  properties[PROP_PEER_SUPERVISED] = BOOLEAN ("peer-supervised");
  /**
   * KvVisitController:room-supervised:
   *
   * On the prison kiosk: its own room is supervised (`[kiosk] supervised`),
   * which the parent is reminded of. Always %FALSE on the community kiosk.
   */
  properties[PROP_ROOM_SUPERVISED] = BOOLEAN ("room-supervised");
  /**
   * KvVisitController:child-alert:
   *
   * Community kiosk: the child pressed "I'm not OK" and staff have not
   * marked it seen (kv_visit_controller_child_alert_seen()).
   */
  properties[PROP_CHILD_ALERT] = BOOLEAN ("child-alert");
  /**
   * KvVisitController:end-category:
   *
   * Why staff ended the current (or last) visit: a goodbye now or a
   * safeguarding stop; %KV_END_CATEGORY_NONE otherwise.
   */
  properties[PROP_END_CATEGORY] =
    g_param_spec_enum ("end-category", NULL, NULL, KV_TYPE_END_CATEGORY,
                       KV_END_CATEGORY_NONE, RO);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KvVisitController::cue-reached:
   * @self: the controller
   * @seconds_left: the cue point, as time left
   * @half_way: whether it is the half-way cue
   *
   * A gentle time cue is due: the UI plays a soft sound and shows it. Each
   * cue is emitted once per visit, from the server's `cue` or, when the
   * server cannot be reached, from the kiosk's own clock.
   */
  signals[SIGNAL_CUE_REACHED] =
    g_signal_new ("cue-reached", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BOOLEAN);

  /**
   * KvVisitController::sticker-shown:
   * @self: the controller
   * @sticker_id: one of the known sticker ids
   * @from_peer: %TRUE for the peer's stickers, %FALSE for our own
   *
   * A sticker is to be shown, so both screens show the same stickers.
   */
  signals[SIGNAL_STICKER_SHOWN] =
    g_signal_new ("sticker-shown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_BOOLEAN);

  /**
   * KvVisitController::ended:
   * @self: the controller
   * @outcome: how the visit ended
   *
   * The visit is over (once per visit); the phase is now AFTER.
   */
  signals[SIGNAL_ENDED] =
    g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KV_TYPE_OUTCOME);
}

static void
kv_visit_controller_init (KvVisitController *self)
{
  for (guint i = PROP_PHASE; i < N_PROPS; i++)
    {
      g_value_init (VALUE (self, i), G_PARAM_SPEC_VALUE_TYPE (properties[i]));
      g_param_value_set_default (properties[i], VALUE (self, i));
    }
}

/**
 * kv_visit_controller_new:
 * @config: the kiosk's configuration
 * @clock: the kiosk's clock, following the server's time
 * @signaller: the link to the server
 * @call_factory: makes calls and previews
 *
 * Returns: (transfer full): a new controller; call
 *   kv_visit_controller_start() to sign in
 */
KvVisitController *
kv_visit_controller_new (KvKioskConfig *config,
                         KvClock       *clock,
                         KvSignaller   *signaller,
                         KvCallFactory *call_factory)
{
  g_return_val_if_fail (KV_IS_KIOSK_CONFIG (config), NULL);
  g_return_val_if_fail (KV_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (KV_IS_SIGNALLER (signaller), NULL);
  g_return_val_if_fail (KV_IS_CALL_FACTORY (call_factory), NULL);

  return g_object_new (KV_TYPE_VISIT_CONTROLLER,
                       "config", config,
                       "clock", clock,
                       "signaller", signaller,
                       "call-factory", call_factory,
                       NULL);
}

/**
 * kv_visit_controller_start:
 * @self: a #KvVisitController
 *
 * Signs in and begins following the schedule.
 */
void
kv_visit_controller_start (KvVisitController *self)
{
  g_return_if_fail (KV_IS_VISIT_CONTROLLER (self));
  /* A shut-down controller is done: the application makes a new one. */
  g_return_if_fail (self->run != RUN_SHUT_DOWN);

  if (self->run == RUN_STARTED)
    return;

  self->run = RUN_STARTED;
  kv_signaller_start (self->signaller);
  update_phase (self);
}

/**
 * kv_visit_controller_shutdown:
 * @self: a #KvVisitController
 *
 * Ends any call, tells the server this kiosk is leaving, and stops. A
 * controller that was shut down cannot be started again.
 */
void
kv_visit_controller_shutdown (KvVisitController *self)
{
  g_return_if_fail (KV_IS_VISIT_CONTROLLER (self));

  kv_device_test_stop (self->device_test);
  if (visit_is_on (self))
    kv_visit_requests_send_presence (kv_visit_get_requests (get_visit (self)), FALSE);
  teardown (self);
  if (self->run == RUN_STARTED)
    kv_signaller_stop (self->signaller);
  self->run = RUN_SHUT_DOWN;
}

/**
 * kv_visit_controller_send_sticker:
 * @self: a #KvVisitController
 * @sticker_id: "heart", "star", "sun", "flower", "cat", "dog", "rabbit" or "fish"
 *
 * Shows a sticker on both screens. Outside a visit, or for an unknown id,
 * nothing happens.
 */
void
kv_visit_controller_send_sticker (KvVisitController *self,
                                  const char        *sticker_id)
{
  const char *known = NULL;

  g_return_if_fail (KV_IS_VISIT_CONTROLLER (self));

  for (const char * const *id = kv_sticker_get_ids (); *id != NULL; id++)
    if (g_strcmp0 (*id, sticker_id) == 0)
      known = *id;

  if (known == NULL || !kv_current_visit_send_sticker (self->current, known))
    g_debug ("Sticker not shown: unknown, or no visit on");
}

/**
 * kv_visit_controller_is_sticker_known:
 * @sticker_id: (nullable): a sticker id
 *
 * Returns: whether @sticker_id is one of the stickers of a visit
 */
gboolean
kv_visit_controller_is_sticker_known (const char *sticker_id)
{
  return kv_sticker_is_known (sticker_id);
}

/**
 * kv_visit_controller_staff_confirm:
 * @self: a #KvVisitController
 * @error: return location for a %KV_KIOSK_ERROR
 *
 * Staff confirm that the person on this side is here (sends `confirm`).
 *
 * Returns: whether the confirmation was sent
 */
gboolean
kv_visit_controller_staff_confirm (KvVisitController  *self,
                                   GError            **error)
{
  g_return_val_if_fail (KV_IS_VISIT_CONTROLLER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!visit_is_on (self))
    {
      g_set_error_literal (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NO_VISIT,
                           /* Translators: shown to staff */
                           _("There is no visit to confirm right now."));
      return FALSE;
    }
  if (kv_visit_get_state (get_visit (self)) != KV_VISIT_STATE_WAITING)
    {
      g_set_error_literal (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NOT_NOW,
                           /* Translators: shown to staff */
                           _("The visit has already started."));
      return FALSE;
    }
  return kv_visit_requests_send_confirm (kv_visit_get_requests (get_visit (self)), error);
}

/**
 * kv_visit_controller_pause:
 * @self: a #KvVisitController
 * @category: why staff pause (not %KV_PAUSE_CATEGORY_NONE)
 * @error: return location for a %KV_KIOSK_ERROR
 *
 * Staff pause the visit (`pause`): once the server agrees, both kiosks
 * hold their picture and sound and the phase is PAUSED. Only while the
 * visit is on, never in its goodbye.
 *
 * Returns: whether the server was asked
 */
gboolean
kv_visit_controller_pause (KvVisitController  *self,
                           KvPauseCategory     category,
                           GError            **error)
{
  g_return_val_if_fail (KV_IS_VISIT_CONTROLLER (self), FALSE);
  return kv_visit_interventions_pause (self->interventions, category, error);
}

/**
 * kv_visit_controller_resume:
 * @self: a #KvVisitController
 * @error: return location for a %KV_KIOSK_ERROR
 *
 * Staff lift their own pause; the call comes back as it was (no new
 * negotiation), unless the other side's staff paused too.
 *
 * Returns: whether the server was asked
 */
gboolean
kv_visit_controller_resume (KvVisitController  *self,
                            GError            **error)
{
  g_return_val_if_fail (KV_IS_VISIT_CONTROLLER (self), FALSE);
  return kv_visit_interventions_resume (self->interventions, error);
}

/**
 * kv_visit_controller_set_muted:
 * @self: a #KvVisitController
 * @muted: sound off (%TRUE) or back on
 * @error: return location for a %KV_KIOSK_ERROR
 *
 * Staff mute the sound both ways (the picture goes on), or lift their own
 * side's mute.
 *
 * Returns: whether the server was asked
 */
gboolean
kv_visit_controller_set_muted (KvVisitController  *self,
                               gboolean            muted,
                               GError            **error)
{
  g_return_val_if_fail (KV_IS_VISIT_CONTROLLER (self), FALSE);
  return kv_visit_interventions_set_muted (self->interventions, muted, error);
}

/**
 * kv_visit_controller_goodbye_now:
 * @self: a #KvVisitController
 * @category: why (not %KV_END_CATEGORY_NONE, nor
 *   %KV_END_CATEGORY_SAFEGUARDING: see kv_visit_controller_safeguarding_stop())
 * @details: (nullable): staff's words, recorded with the category
 * @error: return location for a %KV_KIOSK_ERROR
 *
 * Staff end the visit gently: the server starts the protected goodbye now
 * on both kiosks, then ends the visit.
 *
 * Returns: whether the server was asked
 */
gboolean
kv_visit_controller_goodbye_now (KvVisitController  *self,
                                 KvEndCategory       category,
                                 const char         *details,
                                 GError            **error)
{
  g_return_val_if_fail (KV_IS_VISIT_CONTROLLER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (category == KV_END_CATEGORY_SAFEGUARDING)
    {
      g_set_error_literal (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_BAD_CATEGORY,
                           /* Translators: shown to staff */
                           _("A safeguarding concern stops the visit at once: use the "
                             "safeguarding stop."));
      return FALSE;
    }
  return kv_visit_interventions_end (self->interventions, category, details, error);
}

/**
 * kv_visit_controller_safeguarding_stop:
 * @self: a #KvVisitController
 * @error: return location for a %KV_KIOSK_ERROR
 *
 * Staff stop the visit at once for a safeguarding concern, without a
 * goodbye; the phase is STOPPED, then IDLE (or UNAVAILABLE) after
 * %KV_VISIT_AFTER_SECONDS. Without the server the visit still stops here.
 *
 * Returns: whether the server was told
 */
gboolean
kv_visit_controller_safeguarding_stop (KvVisitController  *self,
                                       GError            **error)
{
  g_return_val_if_fail (KV_IS_VISIT_CONTROLLER (self), FALSE);
  return kv_visit_interventions_end (self->interventions, KV_END_CATEGORY_SAFEGUARDING, NULL,
                                     error);
}

/**
 * kv_visit_controller_child_alert:
 * @self: a #KvVisitController
 * @error: return location for a %KV_KIOSK_ERROR
 *
 * The child pressed "I'm not OK" (community kiosk only): #KvVisitController:child-alert
 * is raised for staff until they mark it seen.
 *
 * Returns: whether the alert was raised
 */
gboolean
kv_visit_controller_child_alert (KvVisitController  *self,
                                 GError            **error)
{
  g_return_val_if_fail (KV_IS_VISIT_CONTROLLER (self), FALSE);
  return kv_visit_interventions_child_alert (self->interventions, error);
}

/**
 * kv_visit_controller_child_alert_seen:
 * @self: a #KvVisitController
 *
 * Staff saw the child's alert: it is lowered.
 */
void
kv_visit_controller_child_alert_seen (KvVisitController *self)
{
  g_return_if_fail (KV_IS_VISIT_CONTROLLER (self));
  kv_visit_interventions_child_alert_seen (self->interventions);
}

/**
 * kv_visit_controller_set_staff_id:
 * @self: a #KvVisitController
 * @staff_id: (nullable): whose personal PIN opened the staff panel, or
 *   %NULL (locked, or the site PIN)
 *
 * Staff's confirm, pause, mute and ends from now on name @staff_id to the
 * server (`staff`), which audits them in that person's name.
 */
void
kv_visit_controller_set_staff_id (KvVisitController *self,
                                  const char        *staff_id)
{
  KvVisit *visit;

  g_return_if_fail (KV_IS_VISIT_CONTROLLER (self));

  if (g_strcmp0 (self->staff_id, staff_id) == 0)
    return;
  g_free (self->staff_id);
  self->staff_id = g_strdup (staff_id);
  visit = get_visit (self);
  if (visit != NULL)
    g_object_set (kv_visit_get_requests (visit), "staff-id", staff_id, NULL);
}

/**
 * kv_visit_controller_set_device_test:
 * @self: a #KvVisitController
 * @testing: start or stop the test
 * @error: return location for a %KV_KIOSK_ERROR
 *
 * Staff's camera and microphone test: a self-view and the input level from
 * a local preview, while no call is active.
 *
 * Returns: whether the test is in the requested state
 */
gboolean
kv_visit_controller_set_device_test (KvVisitController  *self,
                                     gboolean            testing,
                                     GError            **error)
{
  g_return_val_if_fail (KV_IS_VISIT_CONTROLLER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!testing)
    {
      kv_device_test_stop (self->device_test);
      return TRUE;
    }
  return kv_device_test_start (self->device_test, kv_current_visit_has_call (self->current),
                               error);
}

#define GETTER(type, name, prop, get, fallback)                      \
  type                                                               \
  kv_visit_controller_get_##name (KvVisitController *self)           \
  {                                                                  \
    g_return_val_if_fail (KV_IS_VISIT_CONTROLLER (self), fallback);  \
    return (type) get (VALUE (self, prop));                          \
  }

GETTER (KvVisitPhase, phase, PROP_PHASE, g_value_get_enum, KV_VISIT_PHASE_STARTING)
GETTER (KvUnavailableReason, unavailable_reason, PROP_UNAVAILABLE_REASON, g_value_get_enum,
        KV_UNAVAILABLE_NONE)
GETTER (KvRole, role, PROP_ROLE, g_value_get_enum, KV_ROLE_COMMUNITY)
GETTER (const char *, kiosk_label, PROP_KIOSK_LABEL, g_value_get_string, NULL)
GETTER (const char *, peer_label, PROP_PEER_LABEL, g_value_get_string, NULL)
GETTER (const char *, self_label, PROP_SELF_LABEL, g_value_get_string, NULL)
GETTER (KvAgeBand, age_band, PROP_AGE_BAND, g_value_get_enum, KV_AGE_BAND_UNSPECIFIED)
GETTER (gboolean, peer_present, PROP_PEER_PRESENT, g_value_get_boolean, FALSE)
GETTER (gboolean, self_confirmed, PROP_SELF_CONFIRMED, g_value_get_boolean, FALSE)
GETTER (gboolean, peer_confirmed, PROP_PEER_CONFIRMED, g_value_get_boolean, FALSE)
GETTER (gint64, next_visit_start, PROP_NEXT_VISIT_START, g_value_get_int64, 0)
GETTER (gint64, next_visit_end, PROP_NEXT_VISIT_END, g_value_get_int64, 0)
GETTER (gint64, visit_start, PROP_VISIT_START, g_value_get_int64, 0)
GETTER (gint64, visit_end, PROP_VISIT_END, g_value_get_int64, 0)
GETTER (guint, seconds_left, PROP_SECONDS_LEFT, g_value_get_uint, 0)
GETTER (double, progress, PROP_PROGRESS, g_value_get_double, 0.0)
GETTER (guint, lost_seconds, PROP_LOST_SECONDS, g_value_get_uint, 0)
GETTER (guint, makeup_seconds, PROP_MAKEUP_SECONDS, g_value_get_uint, 0)
GETTER (GdkPaintable *, remote_paintable, PROP_REMOTE_PAINTABLE, g_value_get_object, NULL)
GETTER (GdkPaintable *, self_paintable, PROP_SELF_PAINTABLE, g_value_get_object, NULL)
GETTER (double, input_level, PROP_INPUT_LEVEL, g_value_get_double, 0.0)
GETTER (gboolean, device_testing, PROP_DEVICE_TESTING, g_value_get_boolean, FALSE)
GETTER (gboolean, paused_here, PROP_PAUSED_HERE, g_value_get_boolean, FALSE)
GETTER (KvPauseCategory, pause_category, PROP_PAUSE_CATEGORY, g_value_get_enum,
        KV_PAUSE_CATEGORY_NONE)
GETTER (gboolean, muted, PROP_MUTED, g_value_get_boolean, FALSE)
GETTER (gboolean, muted_here, PROP_MUTED_HERE, g_value_get_boolean, FALSE)
GETTER (gboolean, peer_supervised, PROP_PEER_SUPERVISED, g_value_get_boolean, FALSE)
GETTER (gboolean, room_supervised, PROP_ROOM_SUPERVISED, g_value_get_boolean, FALSE)
GETTER (gboolean, child_alert, PROP_CHILD_ALERT, g_value_get_boolean, FALSE)
GETTER (KvEndCategory, end_category, PROP_END_CATEGORY, g_value_get_enum, KV_END_CATEGORY_NONE)

#undef GETTER

/**
 * kv_visit_controller_get_clock:
 * @self: a #KvVisitController
 *
 * Returns: (transfer none): the kiosk's clock (server time)
 */
KvClock *
kv_visit_controller_get_clock (KvVisitController *self)
{
  g_return_val_if_fail (KV_IS_VISIT_CONTROLLER (self), NULL);
  return self->clock;
}
