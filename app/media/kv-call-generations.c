/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-call-generations.h"

#include "kv-call-generation.h"
#include "kv-media-error.h"

/**
 * KvCallGenerations:
 *
 * The generations of one call: one #KvCallPipeline at a time (GStreamer
 * 1.22 has teardown bugs when parts of a webrtcbin call are reused), a new
 * one with the next generation for each rebuild (no ICE restart in 1.22),
 * and which of the peer's descriptions and candidates belong to which
 * (kv_call_generation_check_description(), the filter the kiosk uses
 * too). The offerer rebuilds when asked; the answerer rebuilds when an
 * offer of a newer generation comes. Each rebuild and each answer is an
 * attempt for the #KvMediaWatchdog.
 *
 * #KvWebrtcCall owns it and decides when a call is lost for good. What
 * goes to the kiosk (descriptions and candidates with their generation,
 * play messages) it emits as the call's own #KvCallBackend signals.
 *
 * Signals (main context): "connected", "failed" (#GError: the current
 * pipeline failed), "input-level-changed". Property: "generation"
 * (read-only, notified on change).
 */

/* While connected, statistics are refreshed this often. */
#define STATS_INTERVAL_MS 1000

enum {
  PROP_0,
  PROP_GENERATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CONNECTED,
  SIGNAL_FAILED,
  SIGNAL_INPUT_LEVEL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _KvCallGenerations
{
  GObject           parent_instance;

  KvCallBackend    *backend;           /* the call that owns this */
  KvMediaConfig    *config;
  gboolean          offerer;
  GStrv             stun_urls;
  GStrv             turn_urls;
  KvVideoPaintable *remote_paintable;
  KvVideoPaintable *self_paintable;
  KvNetsim         *netsim;            /* nullable */
  KvMediaWatchdog  *watchdog;

  KvCallPipeline   *pipeline;          /* the current generation's */
  guint             generation;
  guint             n_rebuilds;
  gboolean          held;
  gboolean          audio_held;   /* kept across rebuilds, like held */
  gboolean          offer_received;    /* answerer: this generation has its offer */
  gboolean          answer_received;   /* offerer: this generation has its answer */
  guint             stats_source;
};

G_DEFINE_FINAL_TYPE (KvCallGenerations, kv_call_generations, G_TYPE_OBJECT)

static void
set_generation (KvCallGenerations *self,
                guint              generation)
{
  if (self->generation == generation)
    return;
  self->generation = generation;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GENERATION]);
}

static void
on_local_description (KvCallPipeline    *pipeline,
                      KvSdpType          type,
                      const char        *sdp,
                      KvCallGenerations *self)
{
  kv_call_backend_emit_local_description (self->backend, type, sdp, self->generation);
}

static void
on_local_candidate (KvCallPipeline    *pipeline,
                    guint              mline_index,
                    const char        *candidate,
                    KvCallGenerations *self)
{
  kv_call_backend_emit_local_candidate (self->backend, mline_index, candidate,
                                        self->generation);
}

static void
on_failed (KvCallPipeline    *pipeline,
           GError            *error,
           KvCallGenerations *self)
{
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, error);
}

static void
on_play_message (KvCallPipeline    *pipeline,
                 const char        *json,
                 KvCallGenerations *self)
{
  kv_call_backend_emit_play_message_received (self->backend, json);
}

static void
on_input_level_changed (KvCallPipeline    *pipeline,
                        KvCallGenerations *self)
{
  g_signal_emit (self, signals[SIGNAL_INPUT_LEVEL_CHANGED], 0);
}

static gboolean
on_stats_due (gpointer data)
{
  KvCallGenerations *self = data;

  if (self->pipeline != NULL)
    kv_call_pipeline_refresh_stats (self->pipeline);
  return G_SOURCE_CONTINUE;
}

static void
on_connected (KvCallPipeline    *pipeline,
              KvCallGenerations *self)
{
  if (self->stats_source == 0)
    self->stats_source = g_timeout_add (STATS_INTERVAL_MS, on_stats_due, self);
  on_stats_due (self);
  g_signal_emit (self, signals[SIGNAL_CONNECTED], 0);
}

static gboolean
start_pipeline (KvCallGenerations  *self,
                GError            **error)
{
  g_autoptr(KvCallPipeline) pipeline = NULL;

  pipeline = kv_call_pipeline_new (self->config, self->offerer, self->stun_urls,
                                   self->turn_urls, self->remote_paintable,
                                   self->self_paintable, self->netsim, error);
  if (pipeline == NULL)
    return FALSE;

  g_signal_connect (pipeline, "local-description", G_CALLBACK (on_local_description), self);
  g_signal_connect (pipeline, "local-candidate", G_CALLBACK (on_local_candidate), self);
  g_signal_connect (pipeline, "connected", G_CALLBACK (on_connected), self);
  g_signal_connect (pipeline, "failed", G_CALLBACK (on_failed), self);
  g_signal_connect (pipeline, "play-message", G_CALLBACK (on_play_message), self);
  g_signal_connect (pipeline, "input-level-changed", G_CALLBACK (on_input_level_changed), self);
  self->pipeline = g_steal_pointer (&pipeline);
  self->offer_received = FALSE;
  self->answer_received = FALSE;

  kv_call_pipeline_set_audio_held (self->pipeline, self->audio_held);
  return kv_call_pipeline_start (self->pipeline, self->held, error);
}

static void
kv_call_generations_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_GENERATION:
      g_value_set_uint (value, KV_CALL_GENERATIONS (object)->generation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_call_generations_dispose (GObject *object)
{
  KvCallGenerations *self = KV_CALL_GENERATIONS (object);

  kv_call_generations_drop (self);
  g_clear_object (&self->remote_paintable);
  g_clear_object (&self->self_paintable);
  g_clear_object (&self->netsim);
  g_clear_object (&self->watchdog);

  G_OBJECT_CLASS (kv_call_generations_parent_class)->dispose (object);
}

static void
kv_call_generations_finalize (GObject *object)
{
  KvCallGenerations *self = KV_CALL_GENERATIONS (object);

  g_clear_pointer (&self->config, kv_media_config_free);
  g_clear_pointer (&self->stun_urls, g_strfreev);
  g_clear_pointer (&self->turn_urls, g_strfreev);

  G_OBJECT_CLASS (kv_call_generations_parent_class)->finalize (object);
}

static void
kv_call_generations_class_init (KvCallGenerationsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kv_call_generations_get_property;
  object_class->dispose = kv_call_generations_dispose;
  object_class->finalize = kv_call_generations_finalize;

  /**
   * KvCallGenerations:generation:
   *
   * The current generation, carried by every SDP and ICE message; bumped
   * by every rebuild.
   */
  properties[PROP_GENERATION] =
    g_param_spec_uint ("generation", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CONNECTED] =
    g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[SIGNAL_INPUT_LEVEL_CHANGED] =
    g_signal_new ("input-level-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kv_call_generations_init (KvCallGenerations *self)
{
  self->held = TRUE;
}

/**
 * kv_call_generations_new:
 * @backend: the call that owns the generations, whose signals they emit
 * @config: the media configuration (copied)
 * @offerer: whether this side offers
 * @stun_urls: (nullable): webrtcbin STUN URLs
 * @turn_urls: (nullable): webrtcbin TURN URLs with credentials
 * @remote_paintable: the peer's picture, the same across generations
 * @self_paintable: the camera's picture, the same across generations
 * @netsim: (nullable): fault injection on the RTP send path
 * @watchdog: the call's watchdog, told of each attempt
 *
 * Returns: (transfer full): generation 0, no pipeline yet
 */
KvCallGenerations *
kv_call_generations_new (KvCallBackend       *backend,
                         const KvMediaConfig *config,
                         gboolean             offerer,
                         GStrv                stun_urls,
                         GStrv                turn_urls,
                         KvVideoPaintable    *remote_paintable,
                         KvVideoPaintable    *self_paintable,
                         KvNetsim            *netsim,
                         KvMediaWatchdog     *watchdog)
{
  KvCallGenerations *self = g_object_new (KV_TYPE_CALL_GENERATIONS, NULL);

  self->backend = backend;
  self->config = kv_media_config_copy (config);
  self->offerer = offerer;
  self->stun_urls = g_strdupv (stun_urls);
  self->turn_urls = g_strdupv (turn_urls);
  self->remote_paintable = g_object_ref (remote_paintable);
  self->self_paintable = g_object_ref (self_paintable);
  self->netsim = netsim != NULL ? g_object_ref (netsim) : NULL;
  self->watchdog = g_object_ref (watchdog);
  return self;
}

/* The first generation's pipeline. */
gboolean
kv_call_generations_start (KvCallGenerations  *self,
                           gboolean            held,
                           GError            **error)
{
  g_return_val_if_fail (KV_IS_CALL_GENERATIONS (self), FALSE);

  self->held = held;
  return start_pipeline (self, error);
}

/**
 * kv_call_generations_rebuild:
 * @self: a #KvCallGenerations
 * @generation: the new generation
 * @error: return location for a #KV_MEDIA_ERROR
 *
 * A new pipeline for @generation while the visit goes on. Whoever asked
 * for it (the watchdog, a failed pipeline, a newer offer), this is the
 * attempt the watchdog now gives its time to.
 *
 * Returns: %FALSE if no pipeline could be made (the call cannot go on)
 */
gboolean
kv_call_generations_rebuild (KvCallGenerations  *self,
                             guint               generation,
                             GError            **error)
{
  g_return_val_if_fail (KV_IS_CALL_GENERATIONS (self), FALSE);

  g_debug ("Rebuilding the call as generation %u", generation);
  kv_call_generations_drop (self);
  self->n_rebuilds++;
  set_generation (self, generation);
  if (!start_pipeline (self, error))
    return FALSE;
  kv_media_watchdog_attempt_started (self->watchdog);
  return TRUE;
}

/* No pipeline any more (the call stops, fails, or is rebuilt). */
void
kv_call_generations_drop (KvCallGenerations *self)
{
  g_return_if_fail (KV_IS_CALL_GENERATIONS (self));

  g_clear_handle_id (&self->stats_source, g_source_remove);
  if (self->pipeline == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->pipeline, self);
  kv_call_pipeline_stop (self->pipeline);
  g_clear_object (&self->pipeline);
}

/**
 * kv_call_generations_set_remote_description:
 * @self: a #KvCallGenerations
 * @type: offer or answer
 * @sdp: the peer's description
 * @generation: the generation it carries
 * @error: return location for a #KV_MEDIA_ERROR
 *
 * Applies the peer's description to the pipeline of its generation:
 * descriptions of older generations are dropped, a newer offer (answerer)
 * rebuilds the call, a repeated one changes nothing, and an offerer given
 * an answer of an older generation gives the current attempt its time
 * from now (the peer is back without the current offer, which the kiosk
 * sends again).
 *
 * Returns: %FALSE if the call cannot go on
 */
gboolean
kv_call_generations_set_remote_description (KvCallGenerations  *self,
                                            KvSdpType           type,
                                            const char         *sdp,
                                            guint               generation,
                                            GError            **error)
{
  KvCallGenerationVerdict verdict;

  g_return_val_if_fail (KV_IS_CALL_GENERATIONS (self), FALSE);

  if (self->pipeline == NULL)
    {
      g_debug ("Ignoring a remote description: the call is not running");
      return TRUE;
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
      return TRUE;
    }
  if (verdict == KV_CALL_GENERATION_STALE)
    {
      g_debug ("Ignoring a description of stale generation %u (now %u)", generation,
               self->generation);
      return TRUE;
    }

  if (self->offerer)
    {
      if (type != KV_SDP_ANSWER || verdict != KV_CALL_GENERATION_CURRENT)
        {
          g_debug ("Ignoring an unexpected description (generation %u)", generation);
          return TRUE;
        }
      if (self->answer_received)
        {
          /* The same answer again (the peer signed in again): applying it
           * twice would fail the call. */
          g_debug ("Ignoring a repeated answer of generation %u", generation);
          return TRUE;
        }
    }
  else
    {
      if (type != KV_SDP_OFFER)
        {
          g_debug ("Ignoring an answer sent to the answerer");
          return TRUE;
        }
      if (self->offer_received && verdict == KV_CALL_GENERATION_CURRENT)
        {
          g_debug ("Ignoring a repeated offer of generation %u", generation);
          return TRUE;
        }
      /* A newer offer: the offerer rebuilt the call. A fresh pipeline
       * unless this one has not negotiated yet. */
      if (self->offer_received)
        {
          if (!kv_call_generations_rebuild (self, generation, error))
            return FALSE;
        }
      else
        set_generation (self, generation);
      self->offer_received = TRUE;
    }

  if (!kv_call_pipeline_set_remote_description (self->pipeline, type, sdp, error))
    return FALSE;
  if (self->offerer)
    self->answer_received = TRUE;
  kv_media_watchdog_attempt_answered (self->watchdog);
  return TRUE;
}

void
kv_call_generations_add_remote_candidate (KvCallGenerations *self,
                                          guint              mline_index,
                                          const char        *candidate,
                                          guint              generation)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KV_IS_CALL_GENERATIONS (self));

  /* Only the current generation's pipeline can use a candidate: a newer
   * one's came before the offer that starts that generation. */
  if (self->pipeline == NULL ||
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

void
kv_call_generations_set_held (KvCallGenerations *self,
                              gboolean           held)
{
  g_return_if_fail (KV_IS_CALL_GENERATIONS (self));

  self->held = held;
  if (self->pipeline != NULL)
    kv_call_pipeline_set_held (self->pipeline, held);
}

void
kv_call_generations_set_audio_held (KvCallGenerations *self,
                                    gboolean           held)
{
  g_return_if_fail (KV_IS_CALL_GENERATIONS (self));

  self->audio_held = held;
  if (self->pipeline != NULL)
    kv_call_pipeline_set_audio_held (self->pipeline, held);
}

gboolean
kv_call_generations_send_play_message (KvCallGenerations  *self,
                                       const char         *json,
                                       GError            **error)
{
  g_return_val_if_fail (KV_IS_CALL_GENERATIONS (self), FALSE);

  if (self->pipeline == NULL)
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_NOT_CONNECTED, "The call is not running");
      return FALSE;
    }
  return kv_call_pipeline_send_string (self->pipeline, json, error);
}

void
kv_call_generations_force_keyframe (KvCallGenerations *self)
{
  g_return_if_fail (KV_IS_CALL_GENERATIONS (self));

  if (self->pipeline != NULL)
    kv_call_pipeline_force_keyframe (self->pipeline);
}

guint
kv_call_generations_get_generation (KvCallGenerations *self)
{
  g_return_val_if_fail (KV_IS_CALL_GENERATIONS (self), 0);
  return self->generation;
}

guint
kv_call_generations_get_n_rebuilds (KvCallGenerations *self)
{
  g_return_val_if_fail (KV_IS_CALL_GENERATIONS (self), 0);
  return self->n_rebuilds;
}

double
kv_call_generations_get_input_level (KvCallGenerations *self)
{
  g_return_val_if_fail (KV_IS_CALL_GENERATIONS (self), 0.0);
  return self->pipeline != NULL ? kv_call_pipeline_get_input_level (self->pipeline) : 0.0;
}

/**
 * kv_call_generations_get_pipeline:
 * @self: a #KvCallGenerations
 *
 * Returns: (transfer none) (nullable): the current generation's pipeline
 */
KvCallPipeline *
kv_call_generations_get_pipeline (KvCallGenerations *self)
{
  g_return_val_if_fail (KV_IS_CALL_GENERATIONS (self), NULL);
  return self->pipeline;
}
