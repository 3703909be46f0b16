/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-webrtc-call.h"

#include "kv-call-generations.h"
#include "kv-call-ice-servers.h"
#include "kv-media-error.h"
#include "kv-media-init.h"
#include "kv-media-watchdog.h"
#include "kv-netsim.h"
#include "kv-real-clock.h"
#include "kv-seams-enums.h"
#include "kv-video-paintable.h"

#include <string.h>

/**
 * KvWebrtcCall:
 *
 * The real #KvCallBackend: a webrtcbin + libnice call. Its
 * #KvCallGenerations keeps one #KvCallPipeline per generation, and the
 * call rebuilds by itself when the picture stops (no ICE restart in
 * GStreamer 1.22): the offerer makes a new pipeline with generation + 1
 * and offers again through the same #KvCallBackend::local-description
 * signal; the answerer follows when an offer of a newer generation
 * arrives. Its #KvMediaWatchdog paces the rebuilds (one attempt at a time,
 * each with a deadline) and holds them while the signalling link is down
 * (kv_call_backend_set_signalling_up()). The paintables stay the same
 * objects across rebuilds, so the screen never has to rebind.
 *
 * This object is the call's state (#KvCallState) and what it makes of
 * failures and of the watchdog's verdicts; it also has the test and
 * benchmark hooks (fault injection and what a test checks).
 */

/* While this side has no picture, it sends a keyframe this often. The
 * path is then most likely down both ways, and when it comes back the
 * peer's decoder needs a keyframe: its request can wait ~1.4 s for the
 * RTCP of a pipeline younger than 1.5 s (kv-call-receiver.c), which a
 * rebuild attempt always is, and the periodic keyframe comes every 2 s.
 * Measured (test-call-recovery, 10 s blackout, picture back on both):
 * median 0.55 s and up to 1.6 s without (6 runs); median 0.42 s with (18
 * runs), 16 of them within 0.6 s, 2 at 1.35 s (the attempt in progress
 * ran out of time just after the path came back and the next one showed
 * the picture). Into a dead path they cost nothing; if only the other
 * direction is broken, the peer gets two extra keyframes a second until
 * this side's picture is back. */
#define STALLED_KEYFRAME_INTERVAL_MS 500

enum {
  PROP_0,
  PROP_CONFIG,
  PROP_OFFERER,
  PROP_ICE_SERVERS,
  PROP_CLOCK,
  PROP_FAULT_INJECTION,
  PROP_STATE,
  PROP_HELD,
  PROP_MEDIA_FLOWING,
  PROP_REMOTE_PAINTABLE,
  PROP_SELF_PAINTABLE,
  PROP_INPUT_LEVEL,
  PROP_LOST_US,
  PROP_GENERATION,
  PROP_AUDIO_HELD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvWebrtcCall
{
  GObject           parent_instance;

  KvMediaConfig    *config;
  gboolean          offerer;
  GPtrArray        *ice_servers;      /* KvIceServer, as given */
  KvClock          *clock;
  gboolean          fault_injection;

  KvNetsim          *netsim;
  KvMediaWatchdog   *watchdog;
  KvVideoPaintable  *remote_paintable;
  KvVideoPaintable  *self_paintable;
  KvCallGenerations *generations;
  guint              stalled_keyframe_source;

  KvCallState        state;
  gboolean           started;
  gboolean           held;
  gboolean           audio_held;
  gboolean           ever_connected;
  double             input_level;
  KvCallStats        stats;
};

static void kv_webrtc_call_backend_init (KvCallBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KvWebrtcCall, kv_webrtc_call, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (KV_TYPE_CALL_BACKEND,
                                                      kv_webrtc_call_backend_init))

static guint
current_generation (KvWebrtcCall *self)
{
  return kv_call_generations_get_generation (self->generations);
}

static void
set_state (KvWebrtcCall *self,
           KvCallState   state)
{
  if (self->state == state)
    return;
  g_debug ("Call state %s -> %s (generation %u)", kv_call_state_to_string (self->state),
           kv_call_state_to_string (state), current_generation (self));
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Ends the call for good, with @error (taken) on the failed signal. */
static void
fail_call (KvWebrtcCall *self,
           GError       *error)
{
  g_autoptr(GError) owned = error;

  if (self->state == KV_CALL_STATE_FAILED || self->state == KV_CALL_STATE_ENDED)
    return;
  g_debug ("Call failed: %s", error->message);
  kv_call_generations_drop (self->generations);
  kv_media_watchdog_stop (self->watchdog);
  g_clear_handle_id (&self->stalled_keyframe_source, g_source_remove);
  set_state (self, KV_CALL_STATE_FAILED);
  kv_call_backend_emit_failed (KV_CALL_BACKEND (self), error);
}

/* A new pipeline for @generation while the visit goes on. */
static void
rebuild (KvWebrtcCall *self,
         guint         generation)
{
  g_autoptr(GError) error = NULL;

  if (!kv_call_generations_rebuild (self->generations, generation, &error))
    fail_call (self, g_steal_pointer (&error));
}

static gboolean
is_recoverable (const GError *error)
{
  /* The network and the stream can come back; a wrong peer identity, a
   * missing device or plugin cannot. */
  return g_error_matches (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_CONNECTION_FAILED)
         || g_error_matches (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_STREAM);
}

static void
on_pipeline_failed (KvCallGenerations *generations,
                    GError            *error,
                    gpointer           data)
{
  KvWebrtcCall *self = data;

  if (self->ever_connected && is_recoverable (error))
    {
      g_debug ("Call generation %u lost: %s", current_generation (self), error->message);
      set_state (self, KV_CALL_STATE_RECONNECTING);
      if (self->offerer)
        rebuild (self, current_generation (self) + 1);
      return;
    }
  fail_call (self, g_error_copy (error));
}

static void
on_input_level_changed (KvCallGenerations *generations,
                        gpointer           data)
{
  KvWebrtcCall *self = data;

  self->input_level = kv_call_generations_get_input_level (generations);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INPUT_LEVEL]);
}

static void
on_generation_changed (KvCallGenerations *generations,
                       GParamSpec        *pspec,
                       gpointer           data)
{
  g_object_notify_by_pspec (G_OBJECT (data), properties[PROP_GENERATION]);
}

static void
on_pipeline_connected (KvCallGenerations *generations,
                       gpointer           data)
{
  KvWebrtcCall *self = data;

  self->ever_connected = TRUE;
  if (self->state != KV_CALL_STATE_RECONNECTING || !kv_media_watchdog_get_stalled (self->watchdog))
    set_state (self, KV_CALL_STATE_CONNECTED);
  kv_media_watchdog_start (self->watchdog);
  kv_media_watchdog_set_released (self->watchdog, !self->held);
}

static gboolean
on_stalled_keyframe_due (gpointer data)
{
  KvWebrtcCall *self = data;

  if (!kv_media_watchdog_get_stalled (self->watchdog) || self->held)
    {
      self->stalled_keyframe_source = 0;
      return G_SOURCE_REMOVE;
    }
  kv_call_generations_force_keyframe (self->generations);
  return G_SOURCE_CONTINUE;
}

static void
on_watchdog_stalled (KvMediaWatchdog *watchdog,
                     gpointer         data)
{
  KvWebrtcCall *self = data;

  set_state (self, KV_CALL_STATE_RECONNECTING);
  /* See STALLED_KEYFRAME_INTERVAL_MS: the peer's picture comes back with
   * the path, not at its next keyframe request. */
  if (self->stalled_keyframe_source == 0)
    self->stalled_keyframe_source = g_timeout_add (STALLED_KEYFRAME_INTERVAL_MS,
                                                   on_stalled_keyframe_due, self);
}

static void
on_watchdog_recovered (KvMediaWatchdog *watchdog,
                       gpointer         data)
{
  KvWebrtcCall *self = data;

  g_clear_handle_id (&self->stalled_keyframe_source, g_source_remove);
  if (self->state == KV_CALL_STATE_RECONNECTING)
    set_state (self, KV_CALL_STATE_CONNECTED);
}

static void
on_watchdog_rebuild_needed (KvMediaWatchdog *watchdog,
                            gpointer         data)
{
  KvWebrtcCall *self = data;

  /* Only the offerer can start a new negotiation; the answerer follows
   * the offer of the next generation. */
  if (self->offerer)
    rebuild (self, current_generation (self) + 1);
}

static void
on_watchdog_flowing_changed (KvMediaWatchdog *watchdog,
                             GParamSpec      *pspec,
                             gpointer         data)
{
  g_object_notify_by_pspec (G_OBJECT (data), properties[PROP_MEDIA_FLOWING]);
}

static void
on_watchdog_lost_changed (KvMediaWatchdog *watchdog,
                          GParamSpec      *pspec,
                          gpointer         data)
{
  g_object_notify_by_pspec (G_OBJECT (data), properties[PROP_LOST_US]);
}

static void
on_remote_frame_shown (KvVideoPaintable *paintable,
                       gpointer          data)
{
  KvWebrtcCall *self = data;

  kv_media_watchdog_frame_seen (self->watchdog);
}

/* KvCallBackend ------------------------------------------------------- */

static void
kv_webrtc_call_start (KvCallBackend *backend)
{
  KvWebrtcCall *self = KV_WEBRTC_CALL (backend);
  g_autoptr(GError) error = NULL;

  if (self->started)
    return;
  self->started = TRUE;

  if (!kv_media_init (&error) || !kv_media_check_config (self->config, &error))
    {
      fail_call (self, g_steal_pointer (&error));
      return;
    }
  set_state (self, KV_CALL_STATE_CONNECTING);
  if (!kv_call_generations_start (self->generations, self->held, &error))
    fail_call (self, g_steal_pointer (&error));
}

static gboolean
is_over (KvWebrtcCall *self)
{
  return self->state == KV_CALL_STATE_ENDED || self->state == KV_CALL_STATE_FAILED;
}

static void
kv_webrtc_call_set_remote_description (KvCallBackend *backend,
                                       KvSdpType      type,
                                       const char    *sdp,
                                       guint          generation)
{
  KvWebrtcCall *self = KV_WEBRTC_CALL (backend);
  g_autoptr(GError) error = NULL;

  if (!self->started || is_over (self))
    {
      g_debug ("Ignoring a remote description: the call is not running");
      return;
    }
  if (!kv_call_generations_set_remote_description (self->generations, type, sdp, generation,
                                                   &error))
    fail_call (self, g_steal_pointer (&error));
}

static void
kv_webrtc_call_add_remote_candidate (KvCallBackend *backend,
                                     guint          mline_index,
                                     const char    *candidate,
                                     guint          generation)
{
  KvWebrtcCall *self = KV_WEBRTC_CALL (backend);

  if (is_over (self))
    {
      g_debug ("Ignoring a candidate of generation %u: the call is over", generation);
      return;
    }
  kv_call_generations_add_remote_candidate (self->generations, mline_index, candidate,
                                            generation);
}

static void
kv_webrtc_call_set_held (KvCallBackend *backend,
                         gboolean       held)
{
  KvWebrtcCall *self = KV_WEBRTC_CALL (backend);

  held = !!held;
  if (self->held == held)
    return;
  self->held = held;
  kv_call_generations_set_held (self->generations, held);
  if (self->ever_connected)
    kv_media_watchdog_set_released (self->watchdog, !held);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HELD]);
}

/* The sound alone: the watchdog watches the picture, which goes on, so a
 * mute is never taken for a stall. */
static void
kv_webrtc_call_set_audio_held (KvCallBackend *backend,
                               gboolean       held)
{
  KvWebrtcCall *self = KV_WEBRTC_CALL (backend);

  held = !!held;
  if (self->audio_held == held)
    return;
  self->audio_held = held;
  kv_call_generations_set_audio_held (self->generations, held);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIO_HELD]);
}

static gboolean
kv_webrtc_call_send_play_message (KvCallBackend  *backend,
                                  const char     *json,
                                  GError        **error)
{
  KvWebrtcCall *self = KV_WEBRTC_CALL (backend);

  if (json == NULL || !g_utf8_validate (json, -1, NULL))
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_INVALID_STATE,
                   "A play message must be UTF-8 text");
      return FALSE;
    }
  if (strlen (json) > KV_CALL_MAX_PLAY_MESSAGE_SIZE)
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_MESSAGE_TOO_LARGE,
                   "A play message is limited to %d bytes", KV_CALL_MAX_PLAY_MESSAGE_SIZE);
      return FALSE;
    }
  if (is_over (self))
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_NOT_CONNECTED, "The call is not running");
      return FALSE;
    }
  return kv_call_generations_send_play_message (self->generations, json, error);
}

static void
kv_webrtc_call_stop (KvCallBackend *backend)
{
  KvWebrtcCall *self = KV_WEBRTC_CALL (backend);

  kv_call_generations_drop (self->generations);
  kv_media_watchdog_stop (self->watchdog);
  g_clear_handle_id (&self->stalled_keyframe_source, g_source_remove);
  kv_video_paintable_clear (self->remote_paintable);
  if (self->state != KV_CALL_STATE_FAILED)
    set_state (self, KV_CALL_STATE_ENDED);
}

static void
kv_webrtc_call_set_signalling_up (KvCallBackend *backend,
                                  gboolean       up)
{
  KvWebrtcCall *self = KV_WEBRTC_CALL (backend);

  kv_media_watchdog_set_signalling_up (self->watchdog, up);
}

static void
kv_webrtc_call_backend_init (KvCallBackendInterface *iface)
{
  iface->start = kv_webrtc_call_start;
  iface->set_remote_description = kv_webrtc_call_set_remote_description;
  iface->add_remote_candidate = kv_webrtc_call_add_remote_candidate;
  iface->set_held = kv_webrtc_call_set_held;
  iface->send_play_message = kv_webrtc_call_send_play_message;
  iface->stop = kv_webrtc_call_stop;
  iface->set_signalling_up = kv_webrtc_call_set_signalling_up;
  iface->set_audio_held = kv_webrtc_call_set_audio_held;
}

/* Connects the watchdog, the generations and the remote picture to the
 * call's state. */
static void
connect_parts (KvWebrtcCall *self)
{
  g_signal_connect (self->watchdog, "stalled", G_CALLBACK (on_watchdog_stalled), self);
  g_signal_connect (self->watchdog, "recovered", G_CALLBACK (on_watchdog_recovered), self);
  g_signal_connect (self->watchdog, "rebuild-needed", G_CALLBACK (on_watchdog_rebuild_needed),
                    self);
  g_signal_connect (self->watchdog, "notify::flowing", G_CALLBACK (on_watchdog_flowing_changed),
                    self);
  g_signal_connect (self->watchdog, "notify::lost-us", G_CALLBACK (on_watchdog_lost_changed),
                    self);
  g_signal_connect (self->remote_paintable, "frame-shown", G_CALLBACK (on_remote_frame_shown),
                    self);
  g_signal_connect (self->generations, "connected", G_CALLBACK (on_pipeline_connected), self);
  g_signal_connect (self->generations, "failed", G_CALLBACK (on_pipeline_failed), self);
  g_signal_connect (self->generations, "input-level-changed",
                    G_CALLBACK (on_input_level_changed), self);
  g_signal_connect (self->generations, "notify::generation", G_CALLBACK (on_generation_changed),
                    self);
}
/* GObject -------------------------------------------------------------- */

static void
kv_webrtc_call_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KvWebrtcCall *self = KV_WEBRTC_CALL (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_value_set_boxed (value, self->config);
      break;
    case PROP_OFFERER:
      g_value_set_boolean (value, self->offerer);
      break;
    case PROP_ICE_SERVERS:
      g_value_set_boxed (value, self->ice_servers);
      break;
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_FAULT_INJECTION:
      g_value_set_boolean (value, self->fault_injection);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_HELD:
      g_value_set_boolean (value, self->held);
      break;
    case PROP_AUDIO_HELD:
      g_value_set_boolean (value, self->audio_held);
      break;
    case PROP_MEDIA_FLOWING:
      g_value_set_boolean (value, kv_media_watchdog_get_flowing (self->watchdog));
      break;
    case PROP_REMOTE_PAINTABLE:
      g_value_set_object (value, self->remote_paintable);
      break;
    case PROP_SELF_PAINTABLE:
      g_value_set_object (value, self->self_paintable);
      break;
    case PROP_INPUT_LEVEL:
      g_value_set_double (value, self->input_level);
      break;
    case PROP_LOST_US:
      g_value_set_int64 (value, kv_media_watchdog_get_lost_us (self->watchdog));
      break;
    case PROP_GENERATION:
      g_value_set_uint (value, current_generation (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_webrtc_call_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KvWebrtcCall *self = KV_WEBRTC_CALL (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      self->config = g_value_dup_boxed (value);
      break;
    case PROP_OFFERER:
      self->offerer = g_value_get_boolean (value);
      break;
    case PROP_ICE_SERVERS:
      self->ice_servers = kv_call_ice_servers_copy (g_value_get_boxed (value));
      break;
    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;
    case PROP_FAULT_INJECTION:
      self->fault_injection = g_value_get_boolean (value);
      break;
    case PROP_HELD:
      kv_call_backend_set_held (KV_CALL_BACKEND (self), g_value_get_boolean (value));
      break;
    case PROP_AUDIO_HELD:
      kv_call_backend_set_audio_held (KV_CALL_BACKEND (self), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_webrtc_call_constructed (GObject *object)
{
  KvWebrtcCall *self = KV_WEBRTC_CALL (object);
  KvNetsimSettings settings = { 0 };
  const char *env = g_getenv ("KV_NETSIM");
  g_auto(GStrv) stun_urls = NULL;
  g_auto(GStrv) turn_urls = NULL;

  G_OBJECT_CLASS (kv_webrtc_call_parent_class)->constructed (object);

  if (self->config == NULL)
    self->config = kv_media_config_new_defaults ();
  if (self->clock == NULL)
    self->clock = kv_real_clock_new ();
  if (self->ice_servers == NULL)
    self->ice_servers = kv_call_ice_servers_copy (NULL);
  kv_call_ice_servers_to_urls (self->ice_servers, self->config, &stun_urls, &turn_urls);

  /* Fault injection: from the configuration, overridden key by key by
   * KV_NETSIM, or on request (tests switch blackouts at run time). */
  kv_netsim_settings_from_config (self->config, &settings);
  if (env != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!kv_netsim_settings_parse (env, &settings, &error))
        g_warning ("Ignoring KV_NETSIM: %s", error->message);
    }
  if (self->fault_injection || kv_netsim_settings_is_active (&settings))
    self->netsim = kv_netsim_new (&settings);

  self->watchdog = kv_media_watchdog_new (self->clock);
  self->remote_paintable = kv_video_paintable_new ();
  self->self_paintable = kv_video_paintable_new ();
  self->generations = kv_call_generations_new (KV_CALL_BACKEND (self), self->config,
                                               self->offerer, stun_urls, turn_urls,
                                               self->remote_paintable, self->self_paintable,
                                               self->netsim, self->watchdog);
  connect_parts (self);
}

static void
kv_webrtc_call_dispose (GObject *object)
{
  KvWebrtcCall *self = KV_WEBRTC_CALL (object);

  if (self->generations != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->generations, self);
      kv_call_generations_drop (self->generations);
    }
  g_clear_handle_id (&self->stalled_keyframe_source, g_source_remove);
  if (self->watchdog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->watchdog, self);
      kv_media_watchdog_stop (self->watchdog);
    }
  if (self->remote_paintable != NULL)
    g_signal_handlers_disconnect_by_data (self->remote_paintable, self);
  g_clear_object (&self->generations);
  g_clear_object (&self->watchdog);
  g_clear_object (&self->remote_paintable);
  g_clear_object (&self->self_paintable);
  g_clear_object (&self->netsim);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (kv_webrtc_call_parent_class)->dispose (object);
}

static void
kv_webrtc_call_finalize (GObject *object)
{
  KvWebrtcCall *self = KV_WEBRTC_CALL (object);

  g_clear_pointer (&self->config, kv_media_config_free);
  g_clear_pointer (&self->ice_servers, g_ptr_array_unref);

  G_OBJECT_CLASS (kv_webrtc_call_parent_class)->finalize (object);
}

static void
kv_webrtc_call_class_init (KvWebrtcCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kv_webrtc_call_get_property;
  object_class->set_property = kv_webrtc_call_set_property;
  object_class->constructed = kv_webrtc_call_constructed;
  object_class->dispose = kv_webrtc_call_dispose;
  object_class->finalize = kv_webrtc_call_finalize;

  /**
   * KvWebrtcCall:config:
   *
   * The media configuration (copied).
   */
  properties[PROP_CONFIG] =
    g_param_spec_boxed ("config", NULL, NULL, KV_TYPE_MEDIA_CONFIG,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvWebrtcCall:offerer:
   *
   * Whether this side sends the offer (the prison kiosk does).
   */
  properties[PROP_OFFERER] =
    g_param_spec_boolean ("offerer", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvWebrtcCall:ice-servers:
   *
   * STUN/TURN servers from the join message (#KvIceServer, copied).
   */
  properties[PROP_ICE_SERVERS] =
    g_param_spec_boxed ("ice-servers", NULL, NULL, G_TYPE_PTR_ARRAY,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvWebrtcCall:clock:
   *
   * Time for the media watchdog (a real clock if not given).
   */
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, KV_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvWebrtcCall:fault-injection:
   *
   * Put netsim in the send path even without configured faults, so that
   * blackouts can be switched at run time (tests, benchmarks).
   */
  properties[PROP_FAULT_INJECTION] =
    g_param_spec_boolean ("fault-injection", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, PROP_STATE, properties);

  g_object_class_override_property (object_class, PROP_STATE, "state");
  g_object_class_override_property (object_class, PROP_HELD, "held");
  g_object_class_override_property (object_class, PROP_AUDIO_HELD, "audio-held");
  g_object_class_override_property (object_class, PROP_MEDIA_FLOWING, "media-flowing");
  g_object_class_override_property (object_class, PROP_REMOTE_PAINTABLE, "remote-paintable");
  g_object_class_override_property (object_class, PROP_SELF_PAINTABLE, "self-paintable");
  g_object_class_override_property (object_class, PROP_INPUT_LEVEL, "input-level");
  g_object_class_override_property (object_class, PROP_LOST_US, "lost-us");
  g_object_class_override_property (object_class, PROP_GENERATION, "generation");

  /* Overridden properties: keep their pspecs for explicit notifies. */
  properties[PROP_STATE] = g_object_class_find_property (object_class, "state");
  properties[PROP_HELD] = g_object_class_find_property (object_class, "held");
  properties[PROP_AUDIO_HELD] = g_object_class_find_property (object_class, "audio-held");
  properties[PROP_MEDIA_FLOWING] = g_object_class_find_property (object_class, "media-flowing");
  properties[PROP_REMOTE_PAINTABLE] = g_object_class_find_property (object_class,
                                                                    "remote-paintable");
  properties[PROP_SELF_PAINTABLE] = g_object_class_find_property (object_class,
                                                                  "self-paintable");
  properties[PROP_INPUT_LEVEL] = g_object_class_find_property (object_class, "input-level");
  properties[PROP_LOST_US] = g_object_class_find_property (object_class, "lost-us");
  properties[PROP_GENERATION] = g_object_class_find_property (object_class, "generation");
}

static void
kv_webrtc_call_init (KvWebrtcCall *self)
{
  self->state = KV_CALL_STATE_NEW;
}

/**
 * kv_webrtc_call_new:
 * @config: the media configuration (copied)
 * @offerer: whether this side sends the offer
 * @ice_servers: (nullable) (element-type KvIceServer): from the join
 *   message (copied)
 * @clock: (nullable): time for the media watchdog; a real clock if %NULL
 *
 * Returns: (transfer full): a new call, not started
 */
KvWebrtcCall *
kv_webrtc_call_new (const KvMediaConfig *config,
                    gboolean             offerer,
                    GPtrArray           *ice_servers,
                    KvClock             *clock)
{
  return g_object_new (KV_TYPE_WEBRTC_CALL,
                       "config", config,
                       "offerer", offerer,
                       "ice-servers", ice_servers,
                       "clock", clock,
                       NULL);
}

gboolean
kv_webrtc_call_get_offerer (KvWebrtcCall *self)
{
  g_return_val_if_fail (KV_IS_WEBRTC_CALL (self), FALSE);

  return self->offerer;
}

/**
 * kv_webrtc_call_get_stats:
 * @self: a #KvWebrtcCall
 * @out_stats: (out caller-allocates): the latest figures (refreshed every
 *   second while connected)
 */
void
kv_webrtc_call_get_stats (KvWebrtcCall *self,
                          KvCallStats  *out_stats)
{
  g_return_if_fail (KV_IS_WEBRTC_CALL (self));
  g_return_if_fail (out_stats != NULL);

  if (kv_call_generations_get_pipeline (self->generations) != NULL)
    self->stats = *kv_call_pipeline_get_stats (kv_call_generations_get_pipeline (self->generations));
  self->stats.frames_decoded = kv_video_paintable_get_n_frames (self->remote_paintable);
  self->stats.freezes = kv_media_watchdog_get_n_freezes (self->watchdog);
  *out_stats = self->stats;
}

/* Drops every RTP packet this side sends, until called with FALSE. Needs
 * the "fault-injection" property or configured faults. */
void
kv_webrtc_call_set_blackout (KvWebrtcCall *self,
                             gboolean      blackout)
{
  g_return_if_fail (KV_IS_WEBRTC_CALL (self));
  g_return_if_fail (self->netsim != NULL);

  kv_netsim_set_blackout (self->netsim, blackout);
}

void
kv_webrtc_call_set_drop_probability (KvWebrtcCall *self,
                                     double        probability)
{
  g_return_if_fail (KV_IS_WEBRTC_CALL (self));
  g_return_if_fail (self->netsim != NULL);

  kv_netsim_set_drop_probability (self->netsim, probability);
}

double
kv_webrtc_call_get_remote_audio_level (KvWebrtcCall *self)
{
  g_return_val_if_fail (KV_IS_WEBRTC_CALL (self), 0.0);

  KvCallPipeline *pipeline = kv_call_generations_get_pipeline (self->generations);

  return pipeline != NULL ? kv_call_pipeline_get_remote_audio_level (pipeline) : 0.0;
}

guint64
kv_webrtc_call_get_remote_audio_buffers (KvWebrtcCall *self)
{
  g_return_val_if_fail (KV_IS_WEBRTC_CALL (self), 0);

  KvCallPipeline *pipeline = kv_call_generations_get_pipeline (self->generations);

  return pipeline != NULL ? kv_call_pipeline_get_remote_audio_buffers (pipeline) : 0;
}

/* Returns: (transfer none) (nullable): the current generation's webrtcbin */
GstElement *
kv_webrtc_call_get_webrtcbin (KvWebrtcCall *self)
{
  g_return_val_if_fail (KV_IS_WEBRTC_CALL (self), NULL);

  KvCallPipeline *pipeline = kv_call_generations_get_pipeline (self->generations);

  return pipeline != NULL ? kv_call_pipeline_get_webrtcbin (pipeline) : NULL;
}

guint64
kv_webrtc_call_get_remote_frames (KvWebrtcCall *self)
{
  g_return_val_if_fail (KV_IS_WEBRTC_CALL (self), 0);

  return kv_video_paintable_get_n_frames (self->remote_paintable);
}

guint
kv_webrtc_call_get_n_rebuilds (KvWebrtcCall *self)
{
  g_return_val_if_fail (KV_IS_WEBRTC_CALL (self), 0);

  return kv_call_generations_get_n_rebuilds (self->generations);
}
