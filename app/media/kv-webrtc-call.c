/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-webrtc-call-private.h"

#include "kv-call-pipeline.h"
#include "kv-ice-url.h"
#include "kv-seams-enums.h"
#include "kv-media-error.h"
#include "kv-media-init.h"
#include "kv-media-watchdog.h"
#include "kv-netsim.h"
#include "kv-real-clock.h"
#include "kv-video-paintable.h"

#include <string.h>

/**
 * KvWebrtcCall:
 *
 * The real #KvCallBackend: a webrtcbin + libnice call. It owns one
 * #KvCallPipeline per generation and rebuilds the call by itself when the
 * picture stops (no ICE restart in GStreamer 1.22): the offerer makes a
 * new pipeline with generation + 1 and offers again through the same
 * #KvCallBackend::local-description signal; the answerer follows when an
 * offer of a newer generation arrives. Its #KvMediaWatchdog paces the
 * rebuilds (one attempt at a time, each with a deadline) and holds them
 * while the signalling link is down (kv_call_backend_set_signalling_up()).
 * The paintables stay the same objects across rebuilds, so the screen
 * never has to rebind.
 */

GParamSpec *kv_webrtc_call_properties[N_PROPS];

G_DEFINE_FINAL_TYPE_WITH_CODE (KvWebrtcCall, kv_webrtc_call, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (KV_TYPE_CALL_BACKEND,
                                                      kv_webrtc_call_backend_init))

static GPtrArray *
copy_ice_servers (GPtrArray *servers)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_ice_server_free);

  for (guint i = 0; servers != NULL && i < servers->len; i++)
    {
      const KvIceServer *server = g_ptr_array_index (servers, i);
      KvIceServer *dup = g_new0 (KvIceServer, 1);

      dup->urls = g_ptr_array_new_with_free_func (g_free);
      for (guint u = 0; server->urls != NULL && u < server->urls->len; u++)
        g_ptr_array_add (dup->urls, g_strdup (g_ptr_array_index (server->urls, u)));
      dup->username = g_strdup (server->username);
      dup->credential = g_strdup (server->credential);
      g_ptr_array_add (copy, dup);
    }
  return copy;
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
      g_value_set_uint (value, self->generation);
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
      self->ice_servers = copy_ice_servers (g_value_get_boxed (value));
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

  G_OBJECT_CLASS (kv_webrtc_call_parent_class)->constructed (object);

  if (self->config == NULL)
    self->config = kv_media_config_new_defaults ();
  if (self->clock == NULL)
    self->clock = kv_real_clock_new ();
  if (self->ice_servers == NULL)
    self->ice_servers = copy_ice_servers (NULL);
  kv_webrtc_call_collect_ice_urls (self);

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
  kv_webrtc_call_connect_watchdog (self);
}

static void
kv_webrtc_call_dispose (GObject *object)
{
  KvWebrtcCall *self = KV_WEBRTC_CALL (object);

  kv_webrtc_call_drop_pipeline (self);
  g_clear_handle_id (&self->stalled_keyframe_source, g_source_remove);
  if (self->watchdog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->watchdog, self);
      kv_media_watchdog_stop (self->watchdog);
    }
  if (self->remote_paintable != NULL)
    g_signal_handlers_disconnect_by_data (self->remote_paintable, self);
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
  g_clear_pointer (&self->stun_urls, g_strfreev);
  g_clear_pointer (&self->turn_urls, g_strfreev);

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
  kv_webrtc_call_properties[PROP_CONFIG] =
    g_param_spec_boxed ("config", NULL, NULL, KV_TYPE_MEDIA_CONFIG,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvWebrtcCall:offerer:
   *
   * Whether this side sends the offer (the prison kiosk does).
   */
  kv_webrtc_call_properties[PROP_OFFERER] =
    g_param_spec_boolean ("offerer", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvWebrtcCall:ice-servers:
   *
   * STUN/TURN servers from the join message (#KvIceServer, copied).
   */
  kv_webrtc_call_properties[PROP_ICE_SERVERS] =
    g_param_spec_boxed ("ice-servers", NULL, NULL, G_TYPE_PTR_ARRAY,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvWebrtcCall:clock:
   *
   * Time for the media watchdog (a real clock if not given).
   */
  kv_webrtc_call_properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, KV_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvWebrtcCall:fault-injection:
   *
   * Put netsim in the send path even without configured faults, so that
   * blackouts can be switched at run time (tests, benchmarks).
   */
  kv_webrtc_call_properties[PROP_FAULT_INJECTION] =
    g_param_spec_boolean ("fault-injection", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, PROP_STATE, kv_webrtc_call_properties);

  g_object_class_override_property (object_class, PROP_STATE, "state");
  g_object_class_override_property (object_class, PROP_HELD, "held");
  g_object_class_override_property (object_class, PROP_MEDIA_FLOWING, "media-flowing");
  g_object_class_override_property (object_class, PROP_REMOTE_PAINTABLE, "remote-paintable");
  g_object_class_override_property (object_class, PROP_SELF_PAINTABLE, "self-paintable");
  g_object_class_override_property (object_class, PROP_INPUT_LEVEL, "input-level");
  g_object_class_override_property (object_class, PROP_LOST_US, "lost-us");
  g_object_class_override_property (object_class, PROP_GENERATION, "generation");

  /* Overridden properties: keep their pspecs for explicit notifies. */
  kv_webrtc_call_properties[PROP_STATE] = g_object_class_find_property (object_class, "state");
  kv_webrtc_call_properties[PROP_HELD] = g_object_class_find_property (object_class, "held");
  kv_webrtc_call_properties[PROP_MEDIA_FLOWING] = g_object_class_find_property (object_class, "media-flowing");
  kv_webrtc_call_properties[PROP_REMOTE_PAINTABLE] = g_object_class_find_property (object_class,
                                                                    "remote-paintable");
  kv_webrtc_call_properties[PROP_SELF_PAINTABLE] = g_object_class_find_property (object_class,
                                                                  "self-paintable");
  kv_webrtc_call_properties[PROP_INPUT_LEVEL] = g_object_class_find_property (object_class, "input-level");
  kv_webrtc_call_properties[PROP_LOST_US] = g_object_class_find_property (object_class, "lost-us");
  kv_webrtc_call_properties[PROP_GENERATION] = g_object_class_find_property (object_class, "generation");
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

  if (self->pipeline != NULL)
    self->stats = *kv_call_pipeline_get_stats (self->pipeline);
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

  return self->pipeline != NULL ? kv_call_pipeline_get_remote_audio_level (self->pipeline) : 0.0;
}

guint64
kv_webrtc_call_get_remote_audio_buffers (KvWebrtcCall *self)
{
  g_return_val_if_fail (KV_IS_WEBRTC_CALL (self), 0);

  return self->pipeline != NULL ? kv_call_pipeline_get_remote_audio_buffers (self->pipeline) : 0;
}

/* Returns: (transfer none) (nullable): the current generation's webrtcbin */
GstElement *
kv_webrtc_call_get_webrtcbin (KvWebrtcCall *self)
{
  g_return_val_if_fail (KV_IS_WEBRTC_CALL (self), NULL);

  return self->pipeline != NULL ? kv_call_pipeline_get_webrtcbin (self->pipeline) : NULL;
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

  return self->n_rebuilds;
}
