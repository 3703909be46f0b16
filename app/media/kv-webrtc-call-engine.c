/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-webrtc-call-private.h"

#include "kv-call-generation.h"
#include "kv-ice-url.h"
#include "kv-media-error.h"
#include "kv-media-init.h"

#include <string.h>

/*
 * The life of a KvWebrtcCall: one KvCallPipeline per generation, the
 * state machine, the watchdog's verdicts (reconnecting, rebuild), and the
 * KvCallBackend methods the kiosk calls.
 */

static void
set_state (KvWebrtcCall *self,
           KvCallState   state)
{
  if (self->state == state)
    return;
  g_debug ("Call state %s -> %s (generation %u)", kv_call_state_to_string (self->state),
           kv_call_state_to_string (state), self->generation);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), kv_webrtc_call_properties[PROP_STATE]);
}

static void
set_generation (KvWebrtcCall *self,
                guint         generation)
{
  if (self->generation == generation)
    return;
  self->generation = generation;
  g_object_notify_by_pspec (G_OBJECT (self), kv_webrtc_call_properties[PROP_GENERATION]);
}

void
kv_webrtc_call_drop_pipeline (KvWebrtcCall *self)
{
  g_clear_handle_id (&self->stats_source, g_source_remove);
  if (self->pipeline == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->pipeline, self);
  kv_call_pipeline_stop (self->pipeline);
  g_clear_object (&self->pipeline);
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
  kv_webrtc_call_drop_pipeline (self);
  kv_media_watchdog_stop (self->watchdog);
  g_clear_handle_id (&self->stalled_keyframe_source, g_source_remove);
  set_state (self, KV_CALL_STATE_FAILED);
  kv_call_backend_emit_failed (KV_CALL_BACKEND (self), error);
}

static void rebuild (KvWebrtcCall *self, guint generation);

static gboolean
is_recoverable (const GError *error)
{
  /* The network and the stream can come back; a wrong peer identity, a
   * missing device or plugin cannot. */
  return g_error_matches (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_CONNECTION_FAILED)
         || g_error_matches (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_STREAM);
}

static void
on_pipeline_failed (KvCallPipeline *pipeline,
                    GError         *error,
                    gpointer        data)
{
  KvWebrtcCall *self = data;

  if (self->ever_connected && is_recoverable (error))
    {
      g_debug ("Call generation %u lost: %s", self->generation, error->message);
      set_state (self, KV_CALL_STATE_RECONNECTING);
      if (self->offerer)
        rebuild (self, self->generation + 1);
      return;
    }
  fail_call (self, g_error_copy (error));
}

static void
on_local_description (KvCallPipeline *pipeline,
                      KvSdpType       type,
                      const char     *sdp,
                      gpointer        data)
{
  KvWebrtcCall *self = data;

  kv_call_backend_emit_local_description (KV_CALL_BACKEND (self), type, sdp, self->generation);
}

static void
on_local_candidate (KvCallPipeline *pipeline,
                    guint           mline_index,
                    const char     *candidate,
                    gpointer        data)
{
  KvWebrtcCall *self = data;

  kv_call_backend_emit_local_candidate (KV_CALL_BACKEND (self), mline_index, candidate,
                                        self->generation);
}

static void
on_play_message (KvCallPipeline *pipeline,
                 const char     *json,
                 gpointer        data)
{
  kv_call_backend_emit_play_message_received (KV_CALL_BACKEND (data), json);
}

static void
on_input_level_changed (KvCallPipeline *pipeline,
                        gpointer        data)
{
  KvWebrtcCall *self = data;

  self->input_level = kv_call_pipeline_get_input_level (pipeline);
  g_object_notify_by_pspec (G_OBJECT (self), kv_webrtc_call_properties[PROP_INPUT_LEVEL]);
}

static gboolean
on_stats_due (gpointer data)
{
  KvWebrtcCall *self = data;

  if (self->pipeline != NULL)
    kv_call_pipeline_refresh_stats (self->pipeline);
  return G_SOURCE_CONTINUE;
}

static void
on_pipeline_connected (KvCallPipeline *pipeline,
                       gpointer        data)
{
  KvWebrtcCall *self = data;

  self->ever_connected = TRUE;
  if (self->state != KV_CALL_STATE_RECONNECTING || !kv_media_watchdog_get_stalled (self->watchdog))
    set_state (self, KV_CALL_STATE_CONNECTED);
  kv_media_watchdog_start (self->watchdog);
  kv_media_watchdog_set_released (self->watchdog, !self->held);
  if (self->stats_source == 0)
    self->stats_source = g_timeout_add (STATS_INTERVAL_MS, on_stats_due, self);
  on_stats_due (self);
}

static gboolean
start_pipeline (KvWebrtcCall  *self,
                GError       **error)
{
  g_autoptr(KvCallPipeline) pipeline = NULL;

  pipeline = kv_call_pipeline_new (self->config, self->offerer, self->stun_urls,
                                   self->turn_urls, self->remote_paintable,
                                   self->self_paintable, self->netsim, error);
  if (pipeline == NULL)
    return FALSE;

  g_signal_connect (pipeline, "local-description", G_CALLBACK (on_local_description), self);
  g_signal_connect (pipeline, "local-candidate", G_CALLBACK (on_local_candidate), self);
  g_signal_connect (pipeline, "connected", G_CALLBACK (on_pipeline_connected), self);
  g_signal_connect (pipeline, "failed", G_CALLBACK (on_pipeline_failed), self);
  g_signal_connect (pipeline, "play-message", G_CALLBACK (on_play_message), self);
  g_signal_connect (pipeline, "input-level-changed", G_CALLBACK (on_input_level_changed),
                    self);
  self->pipeline = g_steal_pointer (&pipeline);
  self->offer_received = FALSE;
  self->answer_received = FALSE;

  return kv_call_pipeline_start (self->pipeline, self->held, error);
}

/* A new pipeline for @generation while the visit goes on. */
static void
rebuild (KvWebrtcCall *self,
         guint         generation)
{
  g_autoptr(GError) error = NULL;

  g_debug ("Rebuilding the call as generation %u", generation);
  kv_webrtc_call_drop_pipeline (self);
  self->n_rebuilds++;
  set_generation (self, generation);
  if (!start_pipeline (self, &error))
    {
      fail_call (self, g_steal_pointer (&error));
      return;
    }
  /* Whoever asked for it (the watchdog, a failed pipeline, a newer
   * offer), this is the attempt the watchdog now gives its time to. */
  kv_media_watchdog_attempt_started (self->watchdog);
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
  if (self->pipeline != NULL)
    kv_call_pipeline_force_keyframe (self->pipeline);
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
    rebuild (self, self->generation + 1);
}

static void
on_watchdog_flowing_changed (KvMediaWatchdog *watchdog,
                             GParamSpec      *pspec,
                             gpointer         data)
{
  g_object_notify_by_pspec (G_OBJECT (data), kv_webrtc_call_properties[PROP_MEDIA_FLOWING]);
}

static void
on_watchdog_lost_changed (KvMediaWatchdog *watchdog,
                          GParamSpec      *pspec,
                          gpointer         data)
{
  g_object_notify_by_pspec (G_OBJECT (data), kv_webrtc_call_properties[PROP_LOST_US]);
}

static void
on_remote_frame_shown (KvVideoPaintable *paintable,
                       gpointer          data)
{
  KvWebrtcCall *self = data;

  kv_media_watchdog_frame_seen (self->watchdog);
}

static void
add_ice_url (KvWebrtcCall *self,
             GPtrArray    *stun,
             GPtrArray    *turn,
             const char   *url_text,
             const char   *username,
             const char   *credential)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvIceUrl) url = kv_ice_url_parse (url_text, &error);

  if (url == NULL)
    {
      /* From the server or the configuration: skip it, the call can still
       * work over the others. */
      g_warning ("Ignoring an ICE server: %s", error->message);
      return;
    }
  if (url->scheme == KV_ICE_URL_SCHEME_STUN)
    g_ptr_array_add (stun, kv_ice_url_to_webrtcbin (url, NULL, NULL));
  else
    g_ptr_array_add (turn, kv_ice_url_to_webrtcbin (url, username, credential));
}

/* The join's servers first (they carry credentials), then the
 * configuration's. */
void
kv_webrtc_call_collect_ice_urls (KvWebrtcCall *self)
{
  g_autoptr(GPtrArray) stun = g_ptr_array_new ();
  g_autoptr(GPtrArray) turn = g_ptr_array_new ();

  for (guint i = 0; self->ice_servers != NULL && i < self->ice_servers->len; i++)
    {
      KvIceServer *server = g_ptr_array_index (self->ice_servers, i);

      for (guint u = 0; server->urls != NULL && u < server->urls->len; u++)
        add_ice_url (self, stun, turn, g_ptr_array_index (server->urls, u), server->username,
                     server->credential);
    }
  for (guint i = 0; self->config->stun_servers != NULL && self->config->stun_servers[i]; i++)
    add_ice_url (self, stun, turn, self->config->stun_servers[i], NULL, NULL);
  for (guint i = 0; self->config->turn_servers != NULL && self->config->turn_servers[i]; i++)
    add_ice_url (self, stun, turn, self->config->turn_servers[i], NULL, NULL);

  g_ptr_array_add (stun, NULL);
  g_ptr_array_add (turn, NULL);
  self->stun_urls = (GStrv) g_ptr_array_free (g_steal_pointer (&stun), FALSE);
  self->turn_urls = (GStrv) g_ptr_array_free (g_steal_pointer (&turn), FALSE);
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
  if (!start_pipeline (self, &error))
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
  KvCallGenerationVerdict verdict;

  if (!self->started || is_over (self) || self->pipeline == NULL)
    {
      g_debug ("Ignoring a remote description: the call is not running");
      return;
    }
  verdict = kv_call_generation_check_description (self->offerer, type, generation,
                                                  self->generation);
  if (verdict == KV_CALL_GENERATION_ASKS_FOR_OFFER)
    {
      /* The answerer sends its last answer again when it signs in with no
       * picture: an older one means it never got this generation's offer
       * (the server dropped it while the answerer was away). The kiosk
       * sends that offer again, so this attempt starts over from now
       * instead of being abandoned while it negotiates. */
      g_debug ("An answer of generation %u: the peer is back without offer %u", generation,
               self->generation);
      if (!self->answer_received)
        kv_media_watchdog_attempt_started (self->watchdog);
      return;
    }
  if (verdict == KV_CALL_GENERATION_STALE)
    {
      g_debug ("Ignoring a description of stale generation %u (now %u)", generation,
               self->generation);
      return;
    }

  if (self->offerer)
    {
      if (type != KV_SDP_ANSWER || verdict != KV_CALL_GENERATION_CURRENT)
        {
          g_debug ("Ignoring an unexpected description (generation %u)", generation);
          return;
        }
      if (self->answer_received)
        {
          /* The same answer again (the peer signed in again): applying it
           * twice would fail the call. */
          g_debug ("Ignoring a repeated answer of generation %u", generation);
          return;
        }
    }
  else
    {
      if (type != KV_SDP_OFFER)
        {
          g_debug ("Ignoring an answer sent to the answerer");
          return;
        }
      if (self->offer_received && verdict == KV_CALL_GENERATION_CURRENT)
        {
          g_debug ("Ignoring a repeated offer of generation %u", generation);
          return;
        }
      /* A newer offer: the offerer rebuilt the call. A fresh pipeline
       * unless this one has not negotiated yet. */
      if (self->offer_received)
        rebuild (self, generation);
      else
        set_generation (self, generation);
      if (self->pipeline == NULL)
        return;
      self->offer_received = TRUE;
    }

  if (!kv_call_pipeline_set_remote_description (self->pipeline, type, sdp, &error))
    {
      fail_call (self, g_steal_pointer (&error));
      return;
    }
  if (self->offerer)
    self->answer_received = TRUE;
  kv_media_watchdog_attempt_answered (self->watchdog);
}

static void
kv_webrtc_call_add_remote_candidate (KvCallBackend *backend,
                                     guint          mline_index,
                                     const char    *candidate,
                                     guint          generation)
{
  KvWebrtcCall *self = KV_WEBRTC_CALL (backend);
  g_autoptr(GError) error = NULL;

  /* Only the current generation's pipeline can use a candidate: a newer
   * one's came before the offer that starts that generation. */
  if (self->pipeline == NULL || is_over (self) ||
      kv_call_generation_check_candidate (generation, self->generation)
      != KV_CALL_GENERATION_CURRENT)
    {
      g_debug ("Ignoring a candidate of generation %u (now %u)", generation, self->generation);
      return;
    }
  /* A malformed candidate is dropped; the others may still connect. */
  if (!kv_call_pipeline_add_remote_candidate (self->pipeline, mline_index, candidate, &error))
    g_debug ("Dropping a remote candidate: %s", error->message);
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
  if (self->pipeline != NULL)
    kv_call_pipeline_set_held (self->pipeline, held);
  if (self->ever_connected)
    kv_media_watchdog_set_released (self->watchdog, !held);
  g_object_notify_by_pspec (G_OBJECT (self), kv_webrtc_call_properties[PROP_HELD]);
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
  if (self->pipeline == NULL || is_over (self))
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_NOT_CONNECTED, "The call is not running");
      return FALSE;
    }
  return kv_call_pipeline_send_string (self->pipeline, json, error);
}

static void
kv_webrtc_call_stop (KvCallBackend *backend)
{
  KvWebrtcCall *self = KV_WEBRTC_CALL (backend);

  kv_webrtc_call_drop_pipeline (self);
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

void
kv_webrtc_call_backend_init (KvCallBackendInterface *iface)
{
  iface->start = kv_webrtc_call_start;
  iface->set_remote_description = kv_webrtc_call_set_remote_description;
  iface->add_remote_candidate = kv_webrtc_call_add_remote_candidate;
  iface->set_held = kv_webrtc_call_set_held;
  iface->send_play_message = kv_webrtc_call_send_play_message;
  iface->stop = kv_webrtc_call_stop;
  iface->set_signalling_up = kv_webrtc_call_set_signalling_up;
}

/* Connects the watchdog and the remote picture to the call's state. */
void
kv_webrtc_call_connect_watchdog (KvWebrtcCall *self)
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
}
