/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-call-pipeline.h"

#include "kv-call-negotiator.h"
#include "kv-call-receiver.h"
#include "kv-call-sender.h"
#include "kv-core-enums.h"
#include "kv-level-message.h"
#include "kv-main-hop.h"
#include "kv-media-error.h"
#include "kv-media-sources.h"
#include "kv-play-channel.h"

#include <gst/webrtc/webrtc.h>
#include <math.h>
#include <nice/agent.h>

/**
 * KvCallPipeline:
 *
 * One GStreamer pipeline (one webrtcbin) for one generation of a call:
 * built, negotiated and torn down as a whole (GStreamer 1.22 has teardown
 * bugs when parts of a webrtcbin call are reused). #KvCallGenerations
 * owns it and replaces it when the call is rebuilt.
 *
 *   camera ! tee ! valve(hold) ! encoder ! webrtcbin ! decoder ! valve(verified) ! paintable
 *            tee ! self-view paintable
 *   mic ! level ! valve(hold) ! opus   ! webrtcbin ! opus ! level ! valve(verified) ! speaker
 *
 * Hold drops buffers in valves before the encoders: nothing is encoded or
 * sent (encoders and network idle during the join window), the self-view
 * and the microphone level keep working, and release is one property
 * change plus a forced keyframe. Received media passes a valve that opens
 * only once the peer's DTLS certificate matched its SDP fingerprint.
 *
 * GStreamer calls back on its own threads; each callback hops to the main
 * context (#KvMainHop) before touching an object of ours; every signal is
 * emitted there.
 *
 * It builds the pipeline and owns its parts, each with its own state: the
 * #KvCallSender (hold valves, encoders, SSRCs), the #KvCallReceiver
 * (decoders, jitter buffers, the verified gate), the #KvCallNegotiator
 * (offer/answer, ICE, peer identity) and the #KvPlayChannel (stickers).
 * It watches the bus (levels, latency, errors), fetches statistics and
 * tears everything down.
 */

enum {
  SIGNAL_LOCAL_DESCRIPTION,
  SIGNAL_LOCAL_CANDIDATE,
  SIGNAL_CONNECTED,
  SIGNAL_FAILED,
  SIGNAL_PLAY_MESSAGE,
  SIGNAL_CHANNEL_OPEN,
  SIGNAL_INPUT_LEVEL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _KvCallPipeline
{
  GObject           parent_instance;

  KvMediaConfig    *config;
  gboolean          offerer;
  GStrv             stun_urls;
  GStrv             turn_urls;
  KvVideoPaintable *remote_paintable;
  KvVideoPaintable *self_paintable;
  KvNetsim         *netsim;
  KvMainHop        *hop;

  GstElement       *pipeline;
  GstElement       *webrtc;
  KvCallSender     *sender;
  KvCallReceiver   *receiver;
  KvCallNegotiator *negotiator;
  KvPlayChannel    *channel;
  guint             bus_watch;
  char             *echo_probe_name;
  gboolean          held;
  gboolean          stopped;

  double            input_level;
  double            remote_audio_level;
  guint64           remote_audio_buffers;
  KvCallStats       stats;
};

G_DEFINE_FINAL_TYPE (KvCallPipeline, kv_call_pipeline, G_TYPE_OBJECT)

/* The level meters' period: smooth enough for an animation, cheap. */
#define LEVEL_INTERVAL_NS (100 * GST_MSECOND)

/* Takes @error. */
static void
fail (KvCallPipeline *self,
      GError         *error)
{
  g_autoptr(GError) owned = error;

  if (self->stopped)
    return;
  g_debug ("Call pipeline failed: %s", error->message);
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, error);
}

/* What the parts say, said again by the pipeline ------------------------ */

static void
on_local_description (KvCallPipeline *self,
                      KvSdpType       type,
                      const char     *sdp)
{
  g_signal_emit (self, signals[SIGNAL_LOCAL_DESCRIPTION], 0, type, sdp);
}

static void
on_local_candidate (KvCallPipeline *self,
                    guint           mline,
                    const char     *candidate)
{
  g_signal_emit (self, signals[SIGNAL_LOCAL_CANDIDATE], 0, mline, candidate);
}

static void
on_connected (KvCallPipeline *self)
{
  g_signal_emit (self, signals[SIGNAL_CONNECTED], 0);
}

static void
on_failed (KvCallPipeline *self,
           GError         *error)
{
  fail (self, g_error_copy (error));
}

static void
on_play_message (KvCallPipeline *self,
                 const char     *text)
{
  g_signal_emit (self, signals[SIGNAL_PLAY_MESSAGE], 0, text);
}

static void
on_channel_opened (KvCallPipeline *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANNEL_OPEN], 0);
}

/* Building ------------------------------------------------------------- */

static GstElement *
on_request_aux_sender (GstElement             *webrtc,
                       GstWebRTCDTLSTransport *transport,
                       gpointer                data)
{
  /* webrtcbin's thread; KvNetsim is thread-safe. */
  return kv_netsim_make_element (KV_NETSIM (data));
}

static void
configure_ice (KvCallPipeline *self)
{
  g_autoptr(GstObject) ice = NULL;
  g_autoptr(GObject) agent = NULL;

  g_object_get (self->webrtc, "ice-agent", &ice, NULL);
  if (ice == NULL)
    return;
  /* No ICE-TCP host candidates (3 per address): kiosks reach each other
   * over UDP or through TURN (UDP or TCP); fewer candidates, faster
   * checks. */
  g_object_set (ice, "ice-tcp", FALSE, NULL);
  g_object_get (ice, "agent", &agent, NULL);
  if (agent == NULL)
    return;

  /* libnice ignores loopback and virtual interfaces; tests and the demo
   * name their addresses. Once one is added libnice uses only those, so
   * this is an option, never the default. */
  for (guint i = 0; self->config->local_addresses != NULL
                    && self->config->local_addresses[i] != NULL; i++)
    {
      NiceAddress address;

      nice_address_init (&address);
      if (nice_address_set_from_string (&address, self->config->local_addresses[i]))
        nice_agent_add_local_address (NICE_AGENT (agent), &address);
    }
  /* No UPnP port mapping: it multicasts SSDP on every interface and waits
   * for routers; kiosks use STUN/TURN instead. */
  g_object_set (agent, "upnp", FALSE, NULL);
  /* webrtcbin 1.22 has no ice-transport-policy: relay-only is libnice's
   * force-relay. */
  if (self->config->relay_only)
    g_object_set (agent, "force-relay", TRUE, NULL);
}

/* Bus (main context) --------------------------------------------------- */

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    data)
{
  KvCallPipeline *self = data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ELEMENT:
      {
        const GstStructure *s = gst_message_get_structure (message);
        const char *name = GST_OBJECT_NAME (GST_MESSAGE_SRC (message));

        if (!gst_structure_has_name (s, "level"))
          break;
        if (g_strcmp0 (name, "input-level") == 0)
          {
            /* Peak, not RMS: the waiting-room animation should jump when
             * a child speaks. */
            double level = kv_level_message_get (s, "peak");

            if (fabs (level - self->input_level) > 0.005)
              {
                self->input_level = level;
                g_signal_emit (self, signals[SIGNAL_INPUT_LEVEL_CHANGED], 0);
              }
          }
        else if (g_strcmp0 (name, "remote-level") == 0)
          {
            self->remote_audio_level = kv_level_message_get (s, "rms");
            self->remote_audio_buffers++;
          }
      }
      break;

    case GST_MESSAGE_LATENCY:
      /* Receive branches and the answerer's senders are added while the
       * pipeline plays: without recalculating, the RTP session and the
       * jitter buffer run with an unknown latency. */
      gst_bin_recalculate_latency (GST_BIN (self->pipeline));
      break;

    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) gst_error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (message, &gst_error, &debug);
        g_debug ("Pipeline error from %s: %s (%s)", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)),
                 gst_error->message, debug != NULL ? debug : "");
        fail (self, g_error_new (KV_MEDIA_ERROR,
                                 gst_error->domain == GST_RESOURCE_ERROR
                                 ? KV_MEDIA_ERROR_DEVICE_MISSING
                                 : KV_MEDIA_ERROR_STREAM,
                                 "%s", gst_error->message));
      }
      break;

    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}


static gboolean
build (KvCallPipeline  *self,
       GError         **error)
{
  GstElement *video_source, *audio_source, *audio_sink, *self_sink, *remote_sink;
  GstElement *video_tee, *self_queue, *input_level, *remote_level;
  GstElement *video_valve, *audio_valve, *video_recv_valve, *audio_recv_valve;
  g_autoptr(GstBus) bus = NULL;
  gboolean echo_cancel = kv_media_config_wants_echo_cancel (self->config);

  self->pipeline = gst_pipeline_new ("kv-call");
  gst_object_ref_sink (self->pipeline);

  if (echo_cancel)
    self->echo_probe_name = g_strdup_printf ("kv-echo-probe-%p", (void *) self);

  video_source = kv_media_make_video_source (self->config, error);
  if (video_source == NULL)
    return FALSE;
  gst_bin_add (GST_BIN (self->pipeline), video_source);
  audio_source = kv_media_make_audio_source (self->config, self->echo_probe_name, error);
  if (audio_source == NULL)
    return FALSE;
  gst_bin_add (GST_BIN (self->pipeline), audio_source);
  audio_sink = kv_media_make_audio_sink (self->config, self->echo_probe_name, error);
  if (audio_sink == NULL)
    return FALSE;
  gst_bin_add (GST_BIN (self->pipeline), audio_sink);

  if ((self->webrtc = kv_media_make_element ("webrtcbin", "webrtc", error)) == NULL
      || (video_tee = kv_media_make_element ("tee", NULL, error)) == NULL
      || (self_queue = kv_media_make_element ("queue", NULL, error)) == NULL
      || (video_valve = kv_media_make_element ("valve", "video-hold", error)) == NULL
      || (audio_valve = kv_media_make_element ("valve", "audio-hold", error)) == NULL
      || (video_recv_valve = kv_media_make_element ("valve", NULL, error)) == NULL
      || (audio_recv_valve = kv_media_make_element ("valve", NULL, error)) == NULL
      || (input_level = kv_media_make_element ("level", "input-level", error)) == NULL
      || (remote_level = kv_media_make_element ("level", "remote-level", error)) == NULL)
    return FALSE;

  self_sink = kv_video_paintable_make_sink (self->self_paintable, "self-view");
  remote_sink = kv_video_paintable_make_sink (self->remote_paintable, "remote-view");
  gst_bin_add_many (GST_BIN (self->pipeline), self->webrtc, video_tee, self_queue,
                    video_valve, audio_valve, video_recv_valve, audio_recv_valve, input_level,
                    remote_level, self_sink, remote_sink, NULL);

  /* bundle-policy max-bundle: one transport for audio, video and data,
   * so one ICE check and one DTLS handshake (the default is none).
   * latency: the jitter buffer; webrtcbin's 200 ms default alone breaks a
   * 150 ms mouth-to-ear budget, the configuration's 50 ms measured ~66 ms
   * end to end on loopback. */
  gst_util_set_object_arg (G_OBJECT (self->webrtc), "bundle-policy", "max-bundle");
  g_object_set (self->webrtc, "latency", self->config->jitter_latency_ms, NULL);
  if (self->stun_urls != NULL && self->stun_urls[0] != NULL)
    g_object_set (self->webrtc, "stun-server", self->stun_urls[0], NULL);
  for (guint i = 0; self->turn_urls != NULL && self->turn_urls[i] != NULL; i++)
    {
      gboolean added = FALSE;

      g_signal_emit_by_name (self->webrtc, "add-turn-server", self->turn_urls[i], &added);
    }
  configure_ice (self);

  /* Held valves drop buffers but forward caps and segments, so encoders
   * and webrtcbin are negotiated and ready when media is released. The
   * sender holds them from the start. */
  gst_util_set_object_arg (G_OBJECT (video_valve), "drop-mode", "forward-sticky-events");
  gst_util_set_object_arg (G_OBJECT (audio_valve), "drop-mode", "forward-sticky-events");
  g_object_set (input_level, "interval", (guint64) LEVEL_INTERVAL_NS, "post-messages", TRUE, NULL);
  g_object_set (remote_level, "interval", (guint64) LEVEL_INTERVAL_NS, "post-messages", TRUE,
                NULL);
  /* The self-view may drop frames; the encoder branch must never wait for
   * it. */
  g_object_set (self_queue, "leaky", 2, "max-size-buffers", 2, NULL);

  if (!gst_element_link (video_source, video_tee)
      || !gst_element_link_many (video_tee, self_queue, self_sink, NULL)
      || !gst_element_link (video_tee, video_valve)
      || !gst_element_link_many (audio_source, input_level, audio_valve, NULL)
      || !gst_element_link (video_recv_valve, remote_sink)
      || !gst_element_link_many (remote_level, audio_recv_valve, audio_sink, NULL))
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_PIPELINE,
                   "Could not link the call pipeline");
      return FALSE;
    }

  if (self->netsim != NULL)
    g_signal_connect_object (self->webrtc, "request-aux-sender",
                             G_CALLBACK (on_request_aux_sender), self->netsim, 0);

  self->sender = kv_call_sender_new (self->config, GST_BIN (self->pipeline), self->webrtc,
                                     video_valve, audio_valve);
  /* Decoded audio enters at the level meter, so the remote level is
   * measured even before the peer is verified (it is not played). Nothing
   * from the peer is shown or played before it is verified. */
  self->receiver = kv_call_receiver_new (GST_BIN (self->pipeline), self->webrtc,
                                         video_recv_valve, remote_level, audio_recv_valve);
  self->channel = kv_play_channel_new (self->webrtc, self->offerer);
  self->negotiator = kv_call_negotiator_new (self->config, self->offerer, self->webrtc,
                                             self->sender, self->receiver, self->channel);
  g_signal_connect_swapped (self->channel, "message-received", G_CALLBACK (on_play_message),
                            self);
  g_signal_connect_swapped (self->channel, "opened", G_CALLBACK (on_channel_opened), self);
  g_signal_connect_swapped (self->negotiator, "local-description",
                            G_CALLBACK (on_local_description), self);
  g_signal_connect_swapped (self->negotiator, "local-candidate", G_CALLBACK (on_local_candidate),
                            self);
  g_signal_connect_swapped (self->negotiator, "connected", G_CALLBACK (on_connected), self);
  g_signal_connect_swapped (self->negotiator, "failed", G_CALLBACK (on_failed), self);

  bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));
  self->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);
  return TRUE;
}

/* Teardown ------------------------------------------------------------- */

static NiceAgent *
get_nice_agent (KvCallPipeline *self)
{
  g_autoptr(GstObject) ice = NULL;
  GObject *agent = NULL;

  if (self->webrtc == NULL)
    return NULL;
  g_object_get (self->webrtc, "ice-agent", &ice, NULL);
  if (ice != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (ice), "agent") != NULL)
    g_object_get (ice, "agent", &agent, NULL);
  return agent != NULL ? NICE_AGENT (agent) : NULL;
}

/* Main context: the agent released its TURN allocations (or timed out
 * trying); now the pipeline, webrtcbin and the agent can go. */
static void
on_nice_agent_closed (GObject      *agent,
                      GAsyncResult *result,
                      gpointer      pipeline)
{
  gst_object_unref (pipeline);
}

/* Statistics ----------------------------------------------------------- */

static void
on_stats_ready (gpointer target,
                gpointer data)
{
  KvCallPipeline *self = target;

  kv_call_stats_update_from_webrtc (&self->stats, data, g_get_monotonic_time ());
}

static void
on_stats_reply (GstPromise *promise,
                gpointer    data)
{
  const GstStructure *reply;

  if (gst_promise_wait (promise) == GST_PROMISE_RESULT_REPLIED
      && (reply = gst_promise_get_reply (promise)) != NULL)
    kv_main_hop_run (data, on_stats_ready, gst_structure_copy (reply),
                     (GDestroyNotify) gst_structure_free);
  gst_promise_unref (promise);
}

/* GObject -------------------------------------------------------------- */

static void
kv_call_pipeline_dispose (GObject *object)
{
  KvCallPipeline *self = KV_CALL_PIPELINE (object);

  kv_call_pipeline_stop (self);
  g_clear_object (&self->remote_paintable);
  g_clear_object (&self->self_paintable);
  g_clear_object (&self->netsim);

  G_OBJECT_CLASS (kv_call_pipeline_parent_class)->dispose (object);
}

static void
kv_call_pipeline_finalize (GObject *object)
{
  KvCallPipeline *self = KV_CALL_PIPELINE (object);

  g_clear_pointer (&self->config, kv_media_config_free);
  g_clear_pointer (&self->stun_urls, g_strfreev);
  g_clear_pointer (&self->turn_urls, g_strfreev);
  g_clear_pointer (&self->echo_probe_name, g_free);
  g_clear_pointer (&self->hop, kv_main_hop_unref);

  G_OBJECT_CLASS (kv_call_pipeline_parent_class)->finalize (object);
}

static void
kv_call_pipeline_class_init (KvCallPipelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kv_call_pipeline_dispose;
  object_class->finalize = kv_call_pipeline_finalize;

  /* All emitted on the main context. */
  signals[SIGNAL_LOCAL_DESCRIPTION] =
    g_signal_new ("local-description", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, KV_TYPE_SDP_TYPE, G_TYPE_STRING);
  signals[SIGNAL_LOCAL_CANDIDATE] =
    g_signal_new ("local-candidate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
  /* Connected and the peer's certificate verified. */
  signals[SIGNAL_CONNECTED] =
    g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[SIGNAL_PLAY_MESSAGE] =
    g_signal_new ("play-message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_CHANNEL_OPEN] =
    g_signal_new ("channel-open", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_INPUT_LEVEL_CHANGED] =
    g_signal_new ("input-level-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kv_call_pipeline_init (KvCallPipeline *self)
{
  self->hop = kv_main_hop_new (self);
  self->stats.round_trip_ms = -1.0;
}

/**
 * kv_call_pipeline_new:
 * @config: the media configuration (copied)
 * @offerer: whether this side offers
 * @stun_urls: (nullable): webrtcbin STUN URLs (stun://host:port); the
 *   first is used
 * @turn_urls: (nullable): webrtcbin TURN URLs with credentials
 * @remote_paintable: shows the peer's picture
 * @self_paintable: shows the camera
 * @netsim: (nullable): fault injection on the RTP send path
 * @error: return location for a #KV_MEDIA_ERROR
 *
 * Builds the pipeline (sources opened, nothing running yet).
 *
 * Returns: (transfer full): the pipeline, or %NULL with @error set
 */
KvCallPipeline *
kv_call_pipeline_new (const KvMediaConfig  *config,
                      gboolean              offerer,
                      GStrv                 stun_urls,
                      GStrv                 turn_urls,
                      KvVideoPaintable     *remote_paintable,
                      KvVideoPaintable     *self_paintable,
                      KvNetsim             *netsim,
                      GError              **error)
{
  g_autoptr(KvCallPipeline) self = g_object_new (KV_TYPE_CALL_PIPELINE, NULL);

  self->config = kv_media_config_copy (config);
  self->offerer = offerer;
  self->stun_urls = g_strdupv (stun_urls);
  self->turn_urls = g_strdupv (turn_urls);
  self->remote_paintable = g_object_ref (remote_paintable);
  self->self_paintable = g_object_ref (self_paintable);
  self->netsim = netsim != NULL ? g_object_ref (netsim) : NULL;
  self->held = TRUE;

  if (!build (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * kv_call_pipeline_start:
 * @self: a #KvCallPipeline
 * @held: whether media starts held
 * @error: return location for a #KV_MEDIA_ERROR
 *
 * Sets the pipeline playing. The offerer adds its senders and makes its
 * offer; the answerer waits for kv_call_pipeline_set_remote_description().
 */
gboolean
kv_call_pipeline_start (KvCallPipeline  *self,
                        gboolean         held,
                        GError         **error)
{
  g_return_val_if_fail (KV_IS_CALL_PIPELINE (self), FALSE);

  kv_call_pipeline_set_held (self, held);
  if (self->offerer && !kv_call_sender_add_offer_senders (self->sender, error))
    return FALSE;

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_PIPELINE,
                   "The call pipeline could not start");
      return FALSE;
    }

  if (self->offerer)
    kv_call_negotiator_create_offer (self->negotiator);
  return TRUE;
}

/* The sound alone (staff muted the visit); see kv_call_sender_set_audio_held(). */
void
kv_call_pipeline_set_audio_held (KvCallPipeline *self,
                                 gboolean        held)
{
  g_return_if_fail (KV_IS_CALL_PIPELINE (self));

  if (self->sender != NULL)
    kv_call_sender_set_audio_held (self->sender, held);
}

void
kv_call_pipeline_set_held (KvCallPipeline *self,
                           gboolean        held)
{
  g_return_if_fail (KV_IS_CALL_PIPELINE (self));

  self->held = held;
  if (self->sender != NULL)
    kv_call_sender_set_held (self->sender, held);
}

/* The next frame this side encodes is a keyframe, so a peer decoder that
 * lost the stream can start from it. */
void
kv_call_pipeline_force_keyframe (KvCallPipeline *self)
{
  g_return_if_fail (KV_IS_CALL_PIPELINE (self));

  if (self->sender != NULL)
    kv_call_sender_force_keyframe (self->sender);
}

gboolean
kv_call_pipeline_set_remote_description (KvCallPipeline  *self,
                                         KvSdpType        type,
                                         const char      *sdp,
                                         GError         **error)
{
  g_return_val_if_fail (KV_IS_CALL_PIPELINE (self), FALSE);

  if (self->stopped)
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_INVALID_STATE, "The call has ended");
      return FALSE;
    }
  return kv_call_negotiator_set_remote_description (self->negotiator, type, sdp, error);
}

gboolean
kv_call_pipeline_add_remote_candidate (KvCallPipeline  *self,
                                       guint            mline_index,
                                       const char      *candidate,
                                       GError         **error)
{
  g_return_val_if_fail (KV_IS_CALL_PIPELINE (self), FALSE);

  if (self->stopped)
    return TRUE;
  return kv_call_negotiator_add_remote_candidate (self->negotiator, mline_index, candidate,
                                                  error);
}

gboolean
kv_call_pipeline_send_string (KvCallPipeline  *self,
                              const char      *text,
                              GError         **error)
{
  g_return_val_if_fail (KV_IS_CALL_PIPELINE (self), FALSE);

  if (self->stopped || self->channel == NULL)
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_NOT_CONNECTED,
                   "The play channel is not open");
      return FALSE;
    }
  return kv_play_channel_send (self->channel, text, error);
}

/* Asks webrtcbin for fresh figures; kv_call_pipeline_get_stats() has them
 * a moment later. */
void
kv_call_pipeline_refresh_stats (KvCallPipeline *self)
{
  GstPromise *promise;

  g_return_if_fail (KV_IS_CALL_PIPELINE (self));

  if (self->stopped)
    return;
  promise = gst_promise_new_with_change_func (on_stats_reply, kv_main_hop_ref (self->hop),
                                              kv_main_hop_unref);
  g_signal_emit_by_name (self->webrtc, "get-stats", NULL, promise);
}

const KvCallStats *
kv_call_pipeline_get_stats (KvCallPipeline *self)
{
  g_return_val_if_fail (KV_IS_CALL_PIPELINE (self), NULL);

  return &self->stats;
}

double
kv_call_pipeline_get_input_level (KvCallPipeline *self)
{
  g_return_val_if_fail (KV_IS_CALL_PIPELINE (self), 0.0);

  return self->input_level;
}

double
kv_call_pipeline_get_remote_audio_level (KvCallPipeline *self)
{
  g_return_val_if_fail (KV_IS_CALL_PIPELINE (self), 0.0);

  return self->remote_audio_level;
}

guint64
kv_call_pipeline_get_remote_audio_buffers (KvCallPipeline *self)
{
  g_return_val_if_fail (KV_IS_CALL_PIPELINE (self), 0);

  return self->remote_audio_buffers;
}

/* For tests and benchmarks only. */
GstElement *
kv_call_pipeline_get_webrtcbin (KvCallPipeline *self)
{
  g_return_val_if_fail (KV_IS_CALL_PIPELINE (self), NULL);

  return self->webrtc;
}

/**
 * kv_call_pipeline_stop:
 * @self: a #KvCallPipeline
 *
 * Tears the pipeline down, on the main thread (GStreamer 1.22's webrtcbin
 * has teardown bugs otherwise). Idempotent; no signal is emitted after it.
 */
void
kv_call_pipeline_stop (KvCallPipeline *self)
{
  g_autoptr(GObject) agent = NULL;   /* NiceAgent: no autoptr in 0.1.21 */

  g_return_if_fail (KV_IS_CALL_PIPELINE (self));

  self->stopped = TRUE;
  kv_main_hop_close (self->hop);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline == NULL)
    return;

  /* Handlers left on webrtcbin and the channel only hop, and every part's
   * hop is closed now: nothing reaches the call after this. The receiver
   * lets go of webrtcbin's and rtpbin's streaming-thread handlers. */
  if (self->negotiator != NULL)
    {
      kv_call_negotiator_stop (self->negotiator);
      kv_play_channel_stop (self->channel);
      kv_call_receiver_stop (self->receiver);
      kv_call_sender_stop (self->sender);
      g_signal_handlers_disconnect_by_data (self->negotiator, self);
      g_signal_handlers_disconnect_by_data (self->channel, self);
    }
  if (self->webrtc != NULL)
    g_signal_handlers_disconnect_by_data (self->webrtc, self);
  agent = (GObject *) get_nice_agent (self);
  gst_element_set_state (self->pipeline, GST_STATE_NULL);
  /* The pipeline has stopped: no streaming thread is in a part any more,
   * they can go. */
  g_clear_object (&self->negotiator);
  g_clear_object (&self->channel);
  g_clear_object (&self->receiver);
  g_clear_object (&self->sender);
  /* webrtcbin 1.22 drops its NiceAgent without closing it, so TURN
   * allocations stayed on the relay until they expired (10 min on
   * coturn's default). Closing sends the deallocations; it runs on
   * webrtcbin's ICE thread, so the pipeline is kept until it is done
   * (at once without TURN). */
  if (agent != NULL)
    nice_agent_close_async (NICE_AGENT (agent), on_nice_agent_closed, g_steal_pointer (&self->pipeline));
  else
    g_clear_pointer (&self->pipeline, gst_object_unref);
  self->webrtc = NULL;
}
