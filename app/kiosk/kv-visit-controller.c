/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-kiosk"

#include "config.h"

#include "kv-visit-controller.h"

#include "kv-core-enums.h"
#include "kv-kiosk-enums.h"
#include "kv-sticker.h"
#include "kv-visit-controller-private.h"

#include <glib/gi18n-lib.h>

/**
 * KvVisitController:
 *
 * The kiosk's visit logic, between the server link (#KvSignaller), the call
 * engine (#KvCallFactory) and the screens: it follows the schedule, sets
 * up the call with media held during the join window, releases media when
 * the visit starts, shows the cues and the protected goodbye, and ends the
 * call at the slot end by itself, on its own clock (server time), whether
 * or not the server is reachable.
 *
 * Widgets bind to its read-only properties (all notified only on change):
 * "phase" (#KvVisitPhase), "unavailable-reason" (#KvUnavailableReason),
 * "role", "kiosk-label", "peer-label" ("Dad" on the community side, the
 * child's label on the prison side), "self-label", "age-band",
 * "peer-present", "self-confirmed", "peer-confirmed", "next-visit-start" and
 * "next-visit-end" (µs, server time, 0 = none), "visit-start" and
 * "visit-end" (the current or last visit; the end includes make-up),
 * "seconds-left" (WAITING: until the start; LIVE, RECONNECTING, GOODBYE:
 * until the end), "progress" (0..1 of the visit elapsed), "lost-seconds",
 * "makeup-seconds", "remote-paintable", "self-paintable", "input-level"
 * (0..1, microphone), "picture-paused", "device-testing" and "clock".
 *
 * User intents are methods (the UI wraps them in actions).
 */

GParamSpec *kv_visit_controller_properties[N_PROPS];
guint kv_visit_controller_signals[N_SIGNALS];

#define properties kv_visit_controller_properties
#define signals kv_visit_controller_signals

G_DEFINE_FINAL_TYPE (KvVisitController, kv_visit_controller, G_TYPE_OBJECT)

void
kv_visit_controller_set_phase (KvVisitController   *self,
                               KvVisitPhase         phase,
                               KvUnavailableReason  reason)
{
  gboolean phase_changed = self->phase != phase;
  gboolean reason_changed;

  if (phase != KV_VISIT_PHASE_UNAVAILABLE)
    reason = KV_UNAVAILABLE_NONE;
  reason_changed = self->unavailable_reason != reason;

  if (!phase_changed && !reason_changed)
    return;

  g_debug ("Phase %d -> %d (reason %d)", self->phase, phase, reason);
  self->phase = phase;
  self->unavailable_reason = reason;

  /* The reason first, so a UI that switches screens on "phase" reads the
   * right reason. */
  if (reason_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNAVAILABLE_REASON]);
  if (phase_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
}

void
kv_visit_controller_set_boolean (KvVisitController         *self,
                                 gboolean                  *field,
                                 gboolean                   value,
                                 KvVisitControllerProperty  prop)
{
  value = !!value;
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
kv_visit_controller_set_int64 (KvVisitController         *self,
                               gint64                    *field,
                               gint64                     value,
                               KvVisitControllerProperty  prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
kv_visit_controller_set_uint (KvVisitController         *self,
                              guint                     *field,
                              guint                      value,
                              KvVisitControllerProperty  prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
kv_visit_controller_set_double (KvVisitController         *self,
                                double                    *field,
                                double                     value,
                                KvVisitControllerProperty  prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
kv_visit_controller_set_string (KvVisitController         *self,
                                char                     **field,
                                const char                *value,
                                KvVisitControllerProperty  prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_paintable (KvVisitController          *self,
               GdkPaintable              **field,
               GdkPaintable               *value,
               KvVisitControllerProperty   prop)
{
  if (g_set_object (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* Our own picture is a thumbnail (240x180) a child glances at: 15 frames/s
 * look the same there. Every frame of it costs a conversion, a hop to the
 * main thread and a paint of the window of its own unless it falls in the
 * same frame as a remote one; on the cairo renderer a paint downloads every
 * texture of the window again (~1.5 ms with the remote picture's). */
#define SELF_VIEW_MAX_FRAMERATE 15

static void
limit_self_view (GdkPaintable *paintable)
{
  GParamSpec *pspec;

  /* Only the real video paintable has the knob; fakes and still pictures
   * do not need it. */
  if (paintable == NULL)
    return;
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (paintable), "max-framerate");
  if (pspec != NULL && pspec->value_type == G_TYPE_UINT)
    g_object_set (paintable, "max-framerate", (guint) SELF_VIEW_MAX_FRAMERATE, NULL);
}

/* The pictures and the microphone level come from the call while there is
 * one, else from the device-test preview. */
void
kv_visit_controller_update_media (KvVisitController *self)
{
  GdkPaintable *remote = NULL;
  GdkPaintable *own = NULL;
  double level = 0.0;

  if (self->call != NULL)
    {
      KvCallBackend *backend = kv_visit_call_get_backend (self->call);

      remote = kv_call_backend_get_remote_paintable (backend);
      own = kv_call_backend_get_self_paintable (backend);
      level = kv_call_backend_get_input_level (backend);
    }
  else if (self->preview != NULL)
    {
      own = kv_media_preview_get_self_paintable (self->preview);
      level = kv_media_preview_get_input_level (self->preview);
    }

  limit_self_view (own);
  g_object_freeze_notify (G_OBJECT (self));
  set_paintable (self, &self->remote_paintable, remote, PROP_REMOTE_PAINTABLE);
  set_paintable (self, &self->self_paintable, own, PROP_SELF_PAINTABLE);
  kv_visit_controller_set_double (self, &self->input_level, CLAMP (level, 0.0, 1.0),
                                  PROP_INPUT_LEVEL);
  g_object_thaw_notify (G_OBJECT (self));
}

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
    case PROP_PHASE: g_value_set_enum (value, self->phase); break;
    case PROP_UNAVAILABLE_REASON: g_value_set_enum (value, self->unavailable_reason); break;
    case PROP_ROLE: g_value_set_enum (value, kv_visit_controller_get_role (self)); break;
    case PROP_KIOSK_LABEL: g_value_set_string (value, self->kiosk_label); break;
    case PROP_PEER_LABEL: g_value_set_string (value, self->peer_label); break;
    case PROP_SELF_LABEL: g_value_set_string (value, self->self_label); break;
    case PROP_AGE_BAND: g_value_set_enum (value, self->age_band); break;
    case PROP_PEER_PRESENT: g_value_set_boolean (value, self->peer_present); break;
    case PROP_SELF_CONFIRMED: g_value_set_boolean (value, self->self_confirmed); break;
    case PROP_PEER_CONFIRMED: g_value_set_boolean (value, self->peer_confirmed); break;
    case PROP_NEXT_VISIT_START: g_value_set_int64 (value, self->next_visit_start); break;
    case PROP_NEXT_VISIT_END: g_value_set_int64 (value, self->next_visit_end); break;
    case PROP_VISIT_START: g_value_set_int64 (value, self->visit_start); break;
    case PROP_VISIT_END: g_value_set_int64 (value, self->visit_end); break;
    case PROP_SECONDS_LEFT: g_value_set_uint (value, self->seconds_left); break;
    case PROP_PROGRESS: g_value_set_double (value, self->progress); break;
    case PROP_LOST_SECONDS: g_value_set_uint (value, self->lost_seconds); break;
    case PROP_MAKEUP_SECONDS: g_value_set_uint (value, self->makeup_seconds); break;
    case PROP_REMOTE_PAINTABLE: g_value_set_object (value, self->remote_paintable); break;
    case PROP_SELF_PAINTABLE: g_value_set_object (value, self->self_paintable); break;
    case PROP_INPUT_LEVEL: g_value_set_double (value, self->input_level); break;
    case PROP_PICTURE_PAUSED: g_value_set_boolean (value, self->picture_paused); break;
    case PROP_DEVICE_TESTING: g_value_set_boolean (value, self->device_testing); break;
    case PROP_0:
    case N_PROPS:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
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
  const char *label;

  G_OBJECT_CLASS (kv_visit_controller_parent_class)->constructed (object);

  g_assert (KV_IS_KIOSK_CONFIG (self->config));
  g_assert (KV_IS_CLOCK (self->clock));
  g_assert (KV_IS_SIGNALLER (self->signaller));
  g_assert (KV_IS_CALL_FACTORY (self->call_factory));

  label = kv_kiosk_config_get_label (self->config);
  self->kiosk_label = g_strdup (label != NULL && *label != '\0' ? label : NULL);

  kv_visit_flow_setup (self);
}

static void
kv_visit_controller_dispose (GObject *object)
{
  KvVisitController *self = KV_VISIT_CONTROLLER (object);

  if (self->clock != NULL)
    {
      kv_visit_controller_stop_preview (self);
      kv_visit_flow_teardown (self);
    }
  g_clear_object (&self->remote_paintable);
  g_clear_object (&self->self_paintable);
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

  g_clear_pointer (&self->bookings, g_ptr_array_unref);
  g_free (self->kiosk_id);
  g_free (self->visit_booking_id);
  g_free (self->kiosk_label);
  g_free (self->peer_label);
  g_free (self->self_label);

  G_OBJECT_CLASS (kv_visit_controller_parent_class)->finalize (object);
}

#define RO (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
#define CONSTRUCT (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS)

static void
kv_visit_controller_class_init (KvVisitControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kv_visit_controller_get_property;
  object_class->set_property = kv_visit_controller_set_property;
  object_class->constructed = kv_visit_controller_constructed;
  object_class->dispose = kv_visit_controller_dispose;
  object_class->finalize = kv_visit_controller_finalize;

  properties[PROP_CONFIG] =
    g_param_spec_object ("config", NULL, NULL, KV_TYPE_KIOSK_CONFIG, CONSTRUCT);
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, KV_TYPE_CLOCK, CONSTRUCT);
  properties[PROP_SIGNALLER] =
    g_param_spec_object ("signaller", NULL, NULL, KV_TYPE_SIGNALLER, CONSTRUCT);
  properties[PROP_CALL_FACTORY] =
    g_param_spec_object ("call-factory", NULL, NULL, KV_TYPE_CALL_FACTORY, CONSTRUCT);
  properties[PROP_PHASE] =
    g_param_spec_enum ("phase", NULL, NULL,
                       KV_TYPE_VISIT_PHASE, KV_VISIT_PHASE_STARTING, RO);
  properties[PROP_UNAVAILABLE_REASON] =
    g_param_spec_enum ("unavailable-reason", NULL, NULL,
                       KV_TYPE_UNAVAILABLE_REASON, KV_UNAVAILABLE_NONE, RO);
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, KV_TYPE_ROLE, KV_ROLE_COMMUNITY, RO);
  properties[PROP_KIOSK_LABEL] =
    g_param_spec_string ("kiosk-label", NULL, NULL, NULL, RO);
  properties[PROP_PEER_LABEL] =
    g_param_spec_string ("peer-label", NULL, NULL, NULL, RO);
  properties[PROP_SELF_LABEL] =
    g_param_spec_string ("self-label", NULL, NULL, NULL, RO);
  properties[PROP_AGE_BAND] =
    g_param_spec_enum ("age-band", NULL, NULL,
                       KV_TYPE_AGE_BAND, KV_AGE_BAND_UNSPECIFIED, RO);
  properties[PROP_PEER_PRESENT] =
    g_param_spec_boolean ("peer-present", NULL, NULL, FALSE, RO);
  properties[PROP_SELF_CONFIRMED] =
    g_param_spec_boolean ("self-confirmed", NULL, NULL, FALSE, RO);
  properties[PROP_PEER_CONFIRMED] =
    g_param_spec_boolean ("peer-confirmed", NULL, NULL, FALSE, RO);
  properties[PROP_NEXT_VISIT_START] =
    g_param_spec_int64 ("next-visit-start", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_NEXT_VISIT_END] =
    g_param_spec_int64 ("next-visit-end", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_VISIT_START] =
    g_param_spec_int64 ("visit-start", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_VISIT_END] =
    g_param_spec_int64 ("visit-end", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_SECONDS_LEFT] =
    g_param_spec_uint ("seconds-left", NULL, NULL, 0, G_MAXUINT, 0, RO);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0, RO);
  properties[PROP_LOST_SECONDS] =
    g_param_spec_uint ("lost-seconds", NULL, NULL, 0, G_MAXUINT, 0, RO);
  properties[PROP_MAKEUP_SECONDS] =
    g_param_spec_uint ("makeup-seconds", NULL, NULL, 0, G_MAXUINT, 0, RO);
  properties[PROP_REMOTE_PAINTABLE] =
    g_param_spec_object ("remote-paintable", NULL, NULL, GDK_TYPE_PAINTABLE, RO);
  properties[PROP_SELF_PAINTABLE] =
    g_param_spec_object ("self-paintable", NULL, NULL, GDK_TYPE_PAINTABLE, RO);
  properties[PROP_INPUT_LEVEL] =
    g_param_spec_double ("input-level", NULL, NULL, 0.0, 1.0, 0.0, RO);
  properties[PROP_PICTURE_PAUSED] =
    g_param_spec_boolean ("picture-paused", NULL, NULL, FALSE, RO);
  properties[PROP_DEVICE_TESTING] =
    g_param_spec_boolean ("device-testing", NULL, NULL, FALSE, RO);

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
  self->phase = KV_VISIT_PHASE_STARTING;
  self->bookings = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_booking_free);
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
  g_return_if_fail (self->timeline != NULL);

  if (self->started)
    return;

  self->started = TRUE;
  kv_signaller_start (self->signaller);
  kv_visit_flow_update_resting_phase (self);
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

  kv_visit_controller_stop_preview (self);
  if (self->visit_active)
    kv_visit_flow_send_presence (self, FALSE);
  kv_visit_flow_teardown (self);
  if (self->started)
    kv_signaller_stop (self->signaller);
  self->started = FALSE;
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
  g_autoptr(GError) error = NULL;
  const char *known = NULL;

  g_return_if_fail (KV_IS_VISIT_CONTROLLER (self));

  for (const char * const *id = kv_sticker_get_ids (); *id != NULL; id++)
    if (g_strcmp0 (*id, sticker_id) == 0)
      known = *id;

  if (known == NULL || self->call == NULL || !kv_visit_call_get_released (self->call) ||
      !(self->phase == KV_VISIT_PHASE_LIVE || self->phase == KV_VISIT_PHASE_GOODBYE ||
        self->phase == KV_VISIT_PHASE_RECONNECTING))
    {
      g_debug ("Sticker not shown: unknown, or no visit on");
      return;
    }

  /* Our own screen shows it at once, whatever the data channel does. */
  g_signal_emit (self, signals[SIGNAL_STICKER_SHOWN], 0, known, FALSE);
  if (!kv_visit_call_send_sticker (self->call, known, &error))
    g_debug ("Sticker not sent to the peer: %s", error->message);
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

#define GETTER(type, name, field, fallback) \
  type \
  kv_visit_controller_get_##name (KvVisitController *self) \
  { \
    g_return_val_if_fail (KV_IS_VISIT_CONTROLLER (self), fallback); \
    return self->field; \
  }

GETTER (KvVisitPhase, phase, phase, KV_VISIT_PHASE_STARTING)
GETTER (KvUnavailableReason, unavailable_reason, unavailable_reason, KV_UNAVAILABLE_NONE)
GETTER (const char *, kiosk_label, kiosk_label, NULL)
GETTER (const char *, peer_label, peer_label, NULL)
GETTER (const char *, self_label, self_label, NULL)
GETTER (KvAgeBand, age_band, age_band, KV_AGE_BAND_UNSPECIFIED)
GETTER (gboolean, peer_present, peer_present, FALSE)
GETTER (gboolean, self_confirmed, self_confirmed, FALSE)
GETTER (gboolean, peer_confirmed, peer_confirmed, FALSE)
GETTER (gint64, next_visit_start, next_visit_start, 0)
GETTER (gint64, next_visit_end, next_visit_end, 0)
GETTER (gint64, visit_start, visit_start, 0)
GETTER (gint64, visit_end, visit_end, 0)
GETTER (guint, seconds_left, seconds_left, 0)
GETTER (double, progress, progress, 0.0)
GETTER (guint, lost_seconds, lost_seconds, 0)
GETTER (guint, makeup_seconds, makeup_seconds, 0)
GETTER (GdkPaintable *, remote_paintable, remote_paintable, NULL)
GETTER (GdkPaintable *, self_paintable, self_paintable, NULL)
GETTER (double, input_level, input_level, 0.0)
GETTER (gboolean, picture_paused, picture_paused, FALSE)
GETTER (gboolean, device_testing, device_testing, FALSE)
GETTER (KvClock *, clock, clock, NULL)

KvRole
kv_visit_controller_get_role (KvVisitController *self)
{
  g_return_val_if_fail (KV_IS_VISIT_CONTROLLER (self), KV_ROLE_COMMUNITY);

  return kv_kiosk_config_get_role (self->config);
}
