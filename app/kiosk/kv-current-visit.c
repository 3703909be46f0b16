/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-kiosk"

#include "config.h"

#include "kv-current-visit.h"

#include "kv-core-enums.h"

/**
 * KvCurrentVisit:
 *
 * The visit the kiosk is in, or has just had, as the screens see it: its
 * times and countdowns, who is there, the time lost and given back, its
 * pictures and microphone level (from the visit's call, or between visits
 * from staff's #KvDeviceTest), and its cues and stickers. It follows whichever visit the #KvVisitJoiner has; the values
 * stay as they were when that visit is over, until the next one.
 *
 * Properties (read-only, notified only on change): "visit-start",
 * "visit-end", "seconds-left" (WAITING: until the start; on: until the
 * end; over: 0), "progress" (0..1 of the visit elapsed; 1 once over),
 * "lost-seconds", "makeup-seconds", "peer-present", "self-confirmed",
 * "peer-confirmed", "remote-paintable", "self-paintable", "input-level",
 * "device-testing". The visit controller shows them
 * under the same names.
 */

typedef enum {
  PROP_0,
  PROP_JOINER,
  PROP_DEVICE_TEST,
  PROP_VISIT_START,
  PROP_VISIT_END,
  PROP_SECONDS_LEFT,
  PROP_PROGRESS,
  PROP_LOST_SECONDS,
  PROP_MAKEUP_SECONDS,
  PROP_PEER_PRESENT,
  PROP_SELF_CONFIRMED,
  PROP_PEER_CONFIRMED,
  PROP_REMOTE_PAINTABLE,
  PROP_SELF_PAINTABLE,
  PROP_INPUT_LEVEL,
  PROP_DEVICE_TESTING,
  N_PROPS
} KvCurrentVisitProperty;

#define FIRST_VALUE PROP_VISIT_START

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CUE_REACHED,
  SIGNAL_STICKER_SHOWN,
  SIGNAL_ENDED,
  SIGNAL_CALL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _KvCurrentVisit
{
  GObject parent_instance;

  KvVisitJoiner *joiner;
  KvDeviceTest *device_test;

  KvVisit *visit;       /* the joiner's, as watched */
  KvVisitCall *call;    /* the visit's, as watched */

  /* The read-only properties' values, by property id: each is written
   * only through set_value(), which notifies on change. */
  GValue values[N_PROPS];
};

G_DEFINE_FINAL_TYPE (KvCurrentVisit, kv_current_visit, G_TYPE_OBJECT)

#define VALUE(self, prop) (&(self)->values[(prop)])

static void
set_value (KvCurrentVisit         *self,
           KvCurrentVisitProperty  prop,
           const GValue           *value)
{
  if (g_param_values_cmp (properties[prop], VALUE (self, prop), value) == 0)
    return;
  g_value_copy (value, VALUE (self, prop));
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

#define DEFINE_SETTER(name, type, gtype, setter)                                    \
  static void                                                                       \
  name (KvCurrentVisit *self, KvCurrentVisitProperty prop, type value)             \
  {                                                                                 \
    g_auto(GValue) v = G_VALUE_INIT;                                                \
                                                                                    \
    setter (g_value_init (&v, gtype), value);                                       \
    set_value (self, prop, &v);                                                     \
  }

DEFINE_SETTER (set_boolean, gboolean, G_TYPE_BOOLEAN, g_value_set_boolean)
DEFINE_SETTER (set_int64, gint64, G_TYPE_INT64, g_value_set_int64)
DEFINE_SETTER (set_uint, guint, G_TYPE_UINT, g_value_set_uint)
DEFINE_SETTER (set_double, double, G_TYPE_DOUBLE, g_value_set_double)
DEFINE_SETTER (set_paintable, GdkPaintable *, GDK_TYPE_PAINTABLE, g_value_set_object)

#undef DEFINE_SETTER

static void
update_clock_props (KvCurrentVisit *self)
{
  KvVisitTimeline *timeline = self->visit != NULL ? kv_visit_get_timeline (self->visit) : NULL;
  guint seconds_left = 0;
  double progress = 0.0;

  if (timeline != NULL)
    {
      switch (kv_visit_get_state (self->visit))
        {
        case KV_VISIT_STATE_WAITING:
          seconds_left = kv_visit_timeline_get_seconds_to_start (timeline);
          break;
        case KV_VISIT_STATE_LIVE:
        case KV_VISIT_STATE_RECONNECTING:
        case KV_VISIT_STATE_PAUSED:
        case KV_VISIT_STATE_GOODBYE:
          seconds_left = kv_visit_timeline_get_seconds_to_end (timeline);
          progress = kv_visit_timeline_get_progress (timeline);
          break;
        case KV_VISIT_STATE_ENDED:
        default:
          progress = 1.0;
          break;
        }
    }

  g_object_freeze_notify (G_OBJECT (self));
  set_uint (self, PROP_SECONDS_LEFT, seconds_left);
  set_double (self, PROP_PROGRESS, progress);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
update_from_visit (KvCurrentVisit *self)
{
  KvVisitSession *session = kv_visit_get_session (self->visit);
  KvVisitTimeline *timeline = kv_visit_get_timeline (self->visit);

  g_object_freeze_notify (G_OBJECT (self));
  set_boolean (self, PROP_PEER_PRESENT, kv_visit_session_get_peer_present (session));
  set_boolean (self, PROP_SELF_CONFIRMED, kv_visit_session_get_self_confirmed (session));
  set_boolean (self, PROP_PEER_CONFIRMED, kv_visit_session_get_peer_confirmed (session));
  set_uint (self, PROP_MAKEUP_SECONDS, kv_visit_session_get_makeup_seconds (session));
  set_uint (self, PROP_LOST_SECONDS, kv_visit_get_lost_seconds (self->visit));
  set_int64 (self, PROP_VISIT_START, kv_visit_timeline_get_start (timeline));
  set_int64 (self, PROP_VISIT_END, kv_visit_timeline_get_end (timeline));
  update_clock_props (self);
  g_object_thaw_notify (G_OBJECT (self));
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

/* The pictures and the microphone level come from the visit's call while
 * there is one, else from the staff's device test. */
static void
update_media (KvCurrentVisit *self)
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
  else
    {
      own = kv_device_test_get_self_paintable (self->device_test);
      level = kv_device_test_get_input_level (self->device_test);
    }

  limit_self_view (own);
  g_object_freeze_notify (G_OBJECT (self));
  set_paintable (self, PROP_REMOTE_PAINTABLE, remote);
  set_paintable (self, PROP_SELF_PAINTABLE, own);
  set_double (self, PROP_INPUT_LEVEL, CLAMP (level, 0.0, 1.0));
  set_boolean (self, PROP_DEVICE_TESTING, kv_device_test_get_testing (self->device_test));
  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_cue_reached (KvCurrentVisit *self,
                guint           seconds_left,
                gboolean        half_way)
{
  g_signal_emit (self, signals[SIGNAL_CUE_REACHED], 0, seconds_left, half_way);
}

static void
on_ended (KvCurrentVisit *self,
          KvOutcome       outcome)
{
  g_signal_emit (self, signals[SIGNAL_ENDED], 0, outcome);
}

static void
on_sticker_received (KvCurrentVisit *self,
                     const char     *sticker_id)
{
  KvVisitState state = kv_visit_get_state (self->visit);

  /* Nothing of the peer's shows while the visit is paused. */
  if (kv_visit_state_is_released (state) && !kv_visit_state_is_held (state))
    g_signal_emit (self, signals[SIGNAL_STICKER_SHOWN], 0, sticker_id, TRUE);
}

static void
on_call_failed (KvCurrentVisit *self,
                GError         *error)
{
  g_signal_emit (self, signals[SIGNAL_CALL_FAILED], 0, error);
}

static void
watch_call (KvCurrentVisit *self)
{
  KvVisitCall *call = self->visit != NULL ? kv_visit_get_call (self->visit) : NULL;
  static const char * const media[] = {
    "notify::remote-paintable", "notify::self-paintable", "notify::input-level",
  };

  if (call == self->call)
    return;
  if (self->call != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->call, self);
      g_signal_handlers_disconnect_by_data (kv_visit_call_get_backend (self->call), self);
    }
  g_set_object (&self->call, call);
  if (call != NULL)
    {
      g_signal_connect_object (call, "sticker-received", G_CALLBACK (on_sticker_received), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (call, "failed", G_CALLBACK (on_call_failed), self,
                               G_CONNECT_SWAPPED);
      for (guint i = 0; i < G_N_ELEMENTS (media); i++)
        g_signal_connect_object (kv_visit_call_get_backend (call), media[i],
                                 G_CALLBACK (update_media), self, G_CONNECT_SWAPPED);
    }
  update_media (self);
}

static void
unwatch_visit (KvCurrentVisit *self)
{
  if (self->visit == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->visit, self);
  g_signal_handlers_disconnect_by_data (kv_visit_get_session (self->visit), self);
  g_signal_handlers_disconnect_by_data (kv_visit_get_timeline (self->visit), self);
  g_clear_object (&self->visit);
}

static void
on_joiner_visit_changed (KvCurrentVisit *self)
{
  KvVisit *visit = kv_visit_joiner_get_visit (self->joiner);
  KvVisitTimeline *timeline;

  /* A join that failed leaves the last visit's values as they were. */
  if (visit == self->visit || visit == NULL)
    {
      watch_call (self);
      return;
    }

  unwatch_visit (self);
  self->visit = g_object_ref (visit);
  timeline = kv_visit_get_timeline (visit);
  g_signal_connect_object (visit, "notify::state", G_CALLBACK (update_clock_props), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (visit, "notify::lost-seconds", G_CALLBACK (update_from_visit), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (visit, "notify::call", G_CALLBACK (watch_call), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (visit, "cue-reached", G_CALLBACK (on_cue_reached), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (visit, "ended", G_CALLBACK (on_ended), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (kv_visit_get_session (visit), "notify",
                           G_CALLBACK (update_from_visit), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (timeline, "notify::start", G_CALLBACK (update_from_visit), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (timeline, "notify::end", G_CALLBACK (update_from_visit), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (timeline, "ticked", G_CALLBACK (update_clock_props), self,
                           G_CONNECT_SWAPPED);
  watch_call (self);
  update_from_visit (self);
}

static void
kv_current_visit_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KvCurrentVisit *self = KV_CURRENT_VISIT (object);

  switch ((KvCurrentVisitProperty) prop_id)
    {
    case PROP_JOINER: g_value_set_object (value, self->joiner); break;
    case PROP_DEVICE_TEST: g_value_set_object (value, self->device_test); break;
    case PROP_0:
    case N_PROPS:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
    default:
      g_value_copy (VALUE (self, prop_id), value);
    }
}

static void
kv_current_visit_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KvCurrentVisit *self = KV_CURRENT_VISIT (object);

  switch (prop_id)
    {
    case PROP_JOINER: self->joiner = g_value_dup_object (value); break;
    case PROP_DEVICE_TEST: self->device_test = g_value_dup_object (value); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_current_visit_constructed (GObject *object)
{
  KvCurrentVisit *self = KV_CURRENT_VISIT (object);

  G_OBJECT_CLASS (kv_current_visit_parent_class)->constructed (object);

  g_signal_connect_object (self->joiner, "notify::visit", G_CALLBACK (on_joiner_visit_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->device_test, "notify", G_CALLBACK (update_media), self,
                           G_CONNECT_SWAPPED);
}

static void
kv_current_visit_dispose (GObject *object)
{
  KvCurrentVisit *self = KV_CURRENT_VISIT (object);

  if (self->joiner != NULL)
    kv_current_visit_stop (self);
  g_clear_object (&self->device_test);
  g_clear_object (&self->joiner);
  for (guint i = FIRST_VALUE; i < N_PROPS; i++)
    g_value_reset (VALUE (self, i));

  G_OBJECT_CLASS (kv_current_visit_parent_class)->dispose (object);
}

static void
kv_current_visit_finalize (GObject *object)
{
  KvCurrentVisit *self = KV_CURRENT_VISIT (object);

  for (guint i = FIRST_VALUE; i < N_PROPS; i++)
    g_value_unset (VALUE (self, i));

  G_OBJECT_CLASS (kv_current_visit_parent_class)->finalize (object);
}

#define RO (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
#define CONSTRUCT (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS)

static void
kv_current_visit_class_init (KvCurrentVisitClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kv_current_visit_get_property;
  object_class->set_property = kv_current_visit_set_property;
  object_class->constructed = kv_current_visit_constructed;
  object_class->dispose = kv_current_visit_dispose;
  object_class->finalize = kv_current_visit_finalize;

  properties[PROP_JOINER] =
    g_param_spec_object ("joiner", NULL, NULL, KV_TYPE_VISIT_JOINER, CONSTRUCT);
  properties[PROP_DEVICE_TEST] =
    g_param_spec_object ("device-test", NULL, NULL, KV_TYPE_DEVICE_TEST, CONSTRUCT);
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
  properties[PROP_PEER_PRESENT] =
    g_param_spec_boolean ("peer-present", NULL, NULL, FALSE, RO);
  properties[PROP_SELF_CONFIRMED] =
    g_param_spec_boolean ("self-confirmed", NULL, NULL, FALSE, RO);
  properties[PROP_PEER_CONFIRMED] =
    g_param_spec_boolean ("peer-confirmed", NULL, NULL, FALSE, RO);
  properties[PROP_REMOTE_PAINTABLE] =
    g_param_spec_object ("remote-paintable", NULL, NULL, GDK_TYPE_PAINTABLE, RO);
  properties[PROP_SELF_PAINTABLE] =
    g_param_spec_object ("self-paintable", NULL, NULL, GDK_TYPE_PAINTABLE, RO);
  properties[PROP_INPUT_LEVEL] =
    g_param_spec_double ("input-level", NULL, NULL, 0.0, 1.0, 0.0, RO);
  properties[PROP_DEVICE_TESTING] =
    g_param_spec_boolean ("device-testing", NULL, NULL, FALSE, RO);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KvCurrentVisit::cue-reached:
   * @self: the current visit
   * @seconds_left: the cue point, as time left
   * @half_way: whether it is the half-way cue
   *
   * The visit's #KvVisit::cue-reached.
   */
  signals[SIGNAL_CUE_REACHED] =
    g_signal_new ("cue-reached", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BOOLEAN);

  /**
   * KvCurrentVisit::sticker-shown:
   * @self: the current visit
   * @sticker_id: a known sticker id
   * @from_peer: %TRUE for the peer's stickers, %FALSE for our own
   *
   * A sticker is to be shown while the visit is on.
   */
  signals[SIGNAL_STICKER_SHOWN] =
    g_signal_new ("sticker-shown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_BOOLEAN);

  /**
   * KvCurrentVisit::ended:
   * @self: the current visit
   * @outcome: how it ended
   *
   * The visit's #KvVisit::ended.
   */
  signals[SIGNAL_ENDED] =
    g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KV_TYPE_OUTCOME);

  /**
   * KvCurrentVisit::call-failed:
   * @self: the current visit
   * @error: why, a #KV_MEDIA_ERROR
   *
   * The call engine gave up on the visit's call (say, the camera went
   * away); the visit goes on until its end.
   */
  signals[SIGNAL_CALL_FAILED] =
    g_signal_new ("call-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
kv_current_visit_init (KvCurrentVisit *self)
{
  for (guint i = FIRST_VALUE; i < N_PROPS; i++)
    {
      g_value_init (VALUE (self, i), G_PARAM_SPEC_VALUE_TYPE (properties[i]));
      g_param_value_set_default (properties[i], VALUE (self, i));
    }
}

KvCurrentVisit *
kv_current_visit_new (KvVisitJoiner *joiner,
                      KvDeviceTest  *device_test)
{
  g_return_val_if_fail (KV_IS_VISIT_JOINER (joiner), NULL);
  g_return_val_if_fail (KV_IS_DEVICE_TEST (device_test), NULL);

  return g_object_new (KV_TYPE_CURRENT_VISIT,
                       "joiner", joiner,
                       "device-test", device_test,
                       NULL);
}

/**
 * kv_current_visit_send_sticker:
 * @self: a #KvCurrentVisit
 * @sticker_id: a known sticker id
 *
 * Shows a sticker on both screens while the visit is on: ours at once
 * (#KvCurrentVisit::sticker-shown), the peer's through the data channel.
 *
 * Returns: whether the visit is on to show it
 */
gboolean
kv_current_visit_send_sticker (KvCurrentVisit *self,
                               const char     *sticker_id)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (KV_IS_CURRENT_VISIT (self), FALSE);

  if (self->call == NULL || !kv_visit_call_get_released (self->call) ||
      !kv_visit_state_is_released (kv_visit_get_state (self->visit)) ||
      kv_visit_state_is_held (kv_visit_get_state (self->visit)))
    return FALSE;

  /* Our own screen shows it at once, whatever the data channel does. */
  g_signal_emit (self, signals[SIGNAL_STICKER_SHOWN], 0, sticker_id, FALSE);
  if (!kv_visit_call_send_sticker (self->call, sticker_id, &error))
    g_debug ("Sticker not sent to the peer: %s", error->message);
  return TRUE;
}

/* Shutting down: nothing is watched any more. */
void
kv_current_visit_stop (KvCurrentVisit *self)
{
  g_return_if_fail (KV_IS_CURRENT_VISIT (self));

  g_signal_handlers_disconnect_by_data (self->joiner, self);
  g_signal_handlers_disconnect_by_data (self->device_test, self);
  unwatch_visit (self);
  watch_call (self);
}

/**
 * kv_current_visit_get_visit:
 * @self: a #KvCurrentVisit
 *
 * Returns: (transfer none) (nullable): the visit the kiosk is in, or has
 *   just had
 */
KvVisit *
kv_current_visit_get_visit (KvCurrentVisit *self)
{
  g_return_val_if_fail (KV_IS_CURRENT_VISIT (self), NULL);
  return self->visit;
}

/**
 * kv_current_visit_has_call:
 * @self: a #KvCurrentVisit
 *
 * Returns: whether the visit has its call (the camera is in use)
 */
gboolean
kv_current_visit_has_call (KvCurrentVisit *self)
{
  g_return_val_if_fail (KV_IS_CURRENT_VISIT (self), FALSE);
  return self->call != NULL;
}
