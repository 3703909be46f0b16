/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-fakes"

#include "config.h"

#include "kv-fake-call.h"

#include "kv-fake-paintable.h"

struct _KvFakeCall
{
  GObject parent_instance;

  gboolean offerer;
  gboolean started;
  gboolean stopped;
  gboolean held_before_start;

  KvCallState state;
  gboolean held;
  gboolean audio_held;
  gboolean media_flowing;
  GdkPaintable *remote_paintable;
  GdkPaintable *self_paintable;
  double input_level;
  gint64 lost_us;
  guint generation;
  gboolean signalling_up;

  GPtrArray *remote_descriptions;
  GPtrArray *remote_candidates;
  GPtrArray *sent_play_messages;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_HELD,
  PROP_MEDIA_FLOWING,
  PROP_REMOTE_PAINTABLE,
  PROP_SELF_PAINTABLE,
  PROP_INPUT_LEVEL,
  PROP_LOST_US,
  PROP_GENERATION,
  PROP_AUDIO_HELD,
  PROP_SIGNALLING_UP,
  N_PROPS
};

static void kv_fake_call_iface_init (KvCallBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KvFakeCall, kv_fake_call, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (KV_TYPE_CALL_BACKEND,
                                                      kv_fake_call_iface_init))

static void
set_held (KvFakeCall *self,
          gboolean    held)
{
  held = !!held;
  if (!self->started && held)
    self->held_before_start = TRUE;
  if (self->held == held)
    return;
  self->held = held;
  g_object_notify (G_OBJECT (self), "held");
}

static void
set_audio_held (KvFakeCall *self,
                gboolean    held)
{
  held = !!held;
  if (self->audio_held == held)
    return;
  self->audio_held = held;
  g_object_notify (G_OBJECT (self), "audio-held");
}

static void
kv_fake_call_set_audio_held_vfunc (KvCallBackend *backend,
                                   gboolean       held)
{
  set_audio_held (KV_FAKE_CALL (backend), held);
}

static void
kv_fake_call_start (KvCallBackend *backend)
{
  KvFakeCall *self = KV_FAKE_CALL (backend);

  self->started = TRUE;
  kv_fake_call_set_state (self, KV_CALL_STATE_CONNECTING);
}

static void
kv_fake_call_set_remote_description (KvCallBackend *backend,
                                     KvSdpType      type,
                                     const char    *sdp,
                                     guint          generation)
{
  KvFakeCall *self = KV_FAKE_CALL (backend);

  g_ptr_array_add (self->remote_descriptions,
                   g_strdup_printf ("%s:%s@%u", type == KV_SDP_OFFER ? "offer" : "answer",
                                    sdp, generation));
}

static void
kv_fake_call_add_remote_candidate (KvCallBackend *backend,
                                   guint          mline_index,
                                   const char    *candidate,
                                   guint          generation)
{
  KvFakeCall *self = KV_FAKE_CALL (backend);

  g_ptr_array_add (self->remote_candidates,
                   g_strdup_printf ("%u:%s@%u", mline_index, candidate, generation));
}

static void
kv_fake_call_set_held_vfunc (KvCallBackend *backend,
                             gboolean       held)
{
  set_held (KV_FAKE_CALL (backend), held);
}

static gboolean
kv_fake_call_send_play_message (KvCallBackend  *backend,
                                const char     *json,
                                GError        **error)
{
  KvFakeCall *self = KV_FAKE_CALL (backend);

  if (self->state != KV_CALL_STATE_CONNECTED && self->state != KV_CALL_STATE_RECONNECTING)
    {
      g_set_error_literal (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_NOT_CONNECTED,
                           "The data channel is not open");
      return FALSE;
    }

  g_ptr_array_add (self->sent_play_messages, g_strdup (json));
  return TRUE;
}

static void
kv_fake_call_stop (KvCallBackend *backend)
{
  KvFakeCall *self = KV_FAKE_CALL (backend);

  self->stopped = TRUE;
  kv_fake_call_set_media_flowing (self, FALSE);
  kv_fake_call_set_state (self, KV_CALL_STATE_ENDED);
}

static void
kv_fake_call_set_signalling_up (KvCallBackend *backend,
                                gboolean       up)
{
  KvFakeCall *self = KV_FAKE_CALL (backend);

  up = !!up;
  if (self->signalling_up == up)
    return;
  self->signalling_up = up;
  g_object_notify (G_OBJECT (self), "signalling-up");
}

static void
kv_fake_call_iface_init (KvCallBackendInterface *iface)
{
  iface->start = kv_fake_call_start;
  iface->set_remote_description = kv_fake_call_set_remote_description;
  iface->add_remote_candidate = kv_fake_call_add_remote_candidate;
  iface->set_held = kv_fake_call_set_held_vfunc;
  iface->send_play_message = kv_fake_call_send_play_message;
  iface->stop = kv_fake_call_stop;
  iface->set_signalling_up = kv_fake_call_set_signalling_up;
  iface->set_audio_held = kv_fake_call_set_audio_held_vfunc;
}

static void
kv_fake_call_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KvFakeCall *self = KV_FAKE_CALL (object);

  switch (prop_id)
    {
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_HELD: g_value_set_boolean (value, self->held); break;
    case PROP_MEDIA_FLOWING: g_value_set_boolean (value, self->media_flowing); break;
    case PROP_REMOTE_PAINTABLE: g_value_set_object (value, self->remote_paintable); break;
    case PROP_SELF_PAINTABLE: g_value_set_object (value, self->self_paintable); break;
    case PROP_INPUT_LEVEL: g_value_set_double (value, self->input_level); break;
    case PROP_LOST_US: g_value_set_int64 (value, self->lost_us); break;
    case PROP_GENERATION: g_value_set_uint (value, self->generation); break;
    case PROP_AUDIO_HELD: g_value_set_boolean (value, self->audio_held); break;
    case PROP_SIGNALLING_UP: g_value_set_boolean (value, self->signalling_up); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_fake_call_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  KvFakeCall *self = KV_FAKE_CALL (object);

  switch (prop_id)
    {
    case PROP_HELD:
      set_held (self, g_value_get_boolean (value));
      break;

    case PROP_AUDIO_HELD:
      set_audio_held (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_fake_call_dispose (GObject *object)
{
  KvFakeCall *self = KV_FAKE_CALL (object);

  g_clear_object (&self->remote_paintable);
  g_clear_object (&self->self_paintable);

  G_OBJECT_CLASS (kv_fake_call_parent_class)->dispose (object);
}

static void
kv_fake_call_finalize (GObject *object)
{
  KvFakeCall *self = KV_FAKE_CALL (object);

  g_ptr_array_unref (self->remote_descriptions);
  g_ptr_array_unref (self->remote_candidates);
  g_ptr_array_unref (self->sent_play_messages);

  G_OBJECT_CLASS (kv_fake_call_parent_class)->finalize (object);
}

static void
kv_fake_call_class_init (KvFakeCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kv_fake_call_get_property;
  object_class->set_property = kv_fake_call_set_property;
  object_class->dispose = kv_fake_call_dispose;
  object_class->finalize = kv_fake_call_finalize;

  g_object_class_override_property (object_class, PROP_STATE, "state");
  g_object_class_override_property (object_class, PROP_HELD, "held");
  g_object_class_override_property (object_class, PROP_MEDIA_FLOWING, "media-flowing");
  g_object_class_override_property (object_class, PROP_REMOTE_PAINTABLE, "remote-paintable");
  g_object_class_override_property (object_class, PROP_SELF_PAINTABLE, "self-paintable");
  g_object_class_override_property (object_class, PROP_INPUT_LEVEL, "input-level");
  g_object_class_override_property (object_class, PROP_LOST_US, "lost-us");
  g_object_class_override_property (object_class, PROP_GENERATION, "generation");

  /* The picture-only privacy hold, which the visit controller uses when a
   * call engine offers it. */
  g_object_class_override_property (object_class, PROP_AUDIO_HELD, "audio-held");

  /* What kv_call_backend_set_signalling_up() said last, so a test can
   * play the engine's part when it changes. */
  g_object_class_install_property (object_class, PROP_SIGNALLING_UP,
    g_param_spec_boolean ("signalling-up", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}

static void
kv_fake_call_init (KvFakeCall *self)
{
  self->remote_descriptions = g_ptr_array_new_with_free_func (g_free);
  self->remote_candidates = g_ptr_array_new_with_free_func (g_free);
  self->sent_play_messages = g_ptr_array_new_with_free_func (g_free);
  /* Blue: the remote picture; green: the self-view. */
  self->remote_paintable =
    GDK_PAINTABLE (kv_fake_paintable_new (&(GdkRGBA) { 0.2, 0.4, 0.9, 1.0 }, 0, 0));
  self->self_paintable =
    GDK_PAINTABLE (kv_fake_paintable_new (&(GdkRGBA) { 0.2, 0.7, 0.3, 1.0 }, 0, 0));
  self->generation = 1;
  self->signalling_up = TRUE;
}

KvFakeCall *
kv_fake_call_new (gboolean offerer)
{
  KvFakeCall *self = g_object_new (KV_TYPE_FAKE_CALL, NULL);

  self->offerer = offerer;

  return self;
}

gboolean
kv_fake_call_get_offerer (KvFakeCall *self)
{
  return self->offerer;
}

gboolean
kv_fake_call_get_started (KvFakeCall *self)
{
  return self->started;
}

gboolean
kv_fake_call_get_stopped (KvFakeCall *self)
{
  return self->stopped;
}

gboolean
kv_fake_call_get_audio_held (KvFakeCall *self)
{
  return self->audio_held;
}

gboolean
kv_fake_call_get_signalling_up (KvFakeCall *self)
{
  return self->signalling_up;
}

gboolean
kv_fake_call_get_held_before_start (KvFakeCall *self)
{
  return self->held_before_start;
}

void
kv_fake_call_set_state (KvFakeCall  *self,
                        KvCallState  state)
{
  g_return_if_fail (KV_IS_FAKE_CALL (self));

  if (self->state == state)
    return;
  self->state = state;
  g_object_notify (G_OBJECT (self), "state");
}

void
kv_fake_call_set_media_flowing (KvFakeCall *self,
                                gboolean    flowing)
{
  g_return_if_fail (KV_IS_FAKE_CALL (self));

  flowing = !!flowing;
  if (self->media_flowing == flowing)
    return;
  self->media_flowing = flowing;
  g_object_notify (G_OBJECT (self), "media-flowing");
}

void
kv_fake_call_set_lost_us (KvFakeCall *self,
                          gint64      lost_us)
{
  g_return_if_fail (KV_IS_FAKE_CALL (self));

  if (self->lost_us == lost_us)
    return;
  self->lost_us = lost_us;
  g_object_notify (G_OBJECT (self), "lost-us");
}

void
kv_fake_call_set_input_level (KvFakeCall *self,
                              double      level)
{
  g_return_if_fail (KV_IS_FAKE_CALL (self));

  if (self->input_level == level)
    return;
  self->input_level = level;
  g_object_notify (G_OBJECT (self), "input-level");
}

void
kv_fake_call_set_generation (KvFakeCall *self,
                             guint       generation)
{
  g_return_if_fail (KV_IS_FAKE_CALL (self));

  if (self->generation == generation)
    return;
  self->generation = generation;
  g_object_notify (G_OBJECT (self), "generation");
}

void
kv_fake_call_emit_local_description (KvFakeCall *self,
                                     KvSdpType   type,
                                     const char *sdp)
{
  kv_call_backend_emit_local_description (KV_CALL_BACKEND (self), type, sdp, self->generation);
}

void
kv_fake_call_emit_local_candidate (KvFakeCall *self,
                                   guint       mline_index,
                                   const char *candidate)
{
  kv_call_backend_emit_local_candidate (KV_CALL_BACKEND (self), mline_index, candidate,
                                        self->generation);
}

void
kv_fake_call_receive_play_message (KvFakeCall *self,
                                   const char *json)
{
  kv_call_backend_emit_play_message_received (KV_CALL_BACKEND (self), json);
}

void
kv_fake_call_fail (KvFakeCall   *self,
                   const GError *error)
{
  kv_fake_call_set_state (self, KV_CALL_STATE_FAILED);
  kv_call_backend_emit_failed (KV_CALL_BACKEND (self), error);
}

GPtrArray *
kv_fake_call_get_remote_descriptions (KvFakeCall *self)
{
  return self->remote_descriptions;
}

GPtrArray *
kv_fake_call_get_remote_candidates (KvFakeCall *self)
{
  return self->remote_candidates;
}

GPtrArray *
kv_fake_call_get_sent_play_messages (KvFakeCall *self)
{
  return self->sent_play_messages;
}
