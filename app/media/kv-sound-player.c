/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-sound-player.h"

#include "kv-media-error.h"
#include "kv-media-init.h"
#include "kv-media-sources.h"

#include <gst/gst.h>

/**
 * KvSoundPlayer:
 *
 * The real #KvSoundOutput: plays short Ogg Vorbis sounds (the kiosk's cues) through the speaker the
 * kiosk is configured with, the same one the call uses: a fake speaker
 * stays fake, a chosen PulseAudio sink is the one that sounds.
 *
 * One small pipeline, giostreamsrc ! oggdemux ! vorbisdec ! speaker, kept
 * in NULL between sounds so it holds no device. Being explicit about the
 * chain, rather than letting playbin or GtkMediaFile plug one, keeps type
 * finders, other decoders and every audio sink autoaudiosink probes (JACK,
 * OpenAL, OSS...) out of the kiosk: several megabytes in a process that
 * must stay under 150 MB in a call.
 *
 * The pipeline is built on the first sound and built again after an error,
 * so a speaker that appears after the kiosk started (a sound server that
 * starts late, a USB speaker plugged in) is picked up. A sound that cannot
 * be played is no reason to disturb a visit: the error is kept
 * (kv_sound_player_get_error()) and logged at debug level.
 */

enum {
  PROP_0,
  PROP_PLAYING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvSoundPlayer
{
  GObject        parent_instance;

  KvMediaConfig *config;
  GstElement    *pipeline;
  GstElement    *source;
  GstElement    *decoder;
  guint          bus_watch;

  gboolean       playing;
  guint          n_ended;
  GError        *error;
};

static void kv_sound_player_output_init (KvSoundOutputInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KvSoundPlayer, kv_sound_player, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (KV_TYPE_SOUND_OUTPUT,
                                                      kv_sound_player_output_init))

static void
set_playing (KvSoundPlayer *self,
             gboolean       playing)
{
  if (self->playing == playing)
    return;
  self->playing = playing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

/* Back to NULL after every sound: the speaker is released and the bus is
 * flushed, so nothing from this sound reaches the next one. */
static void
finish (KvSoundPlayer *self)
{
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  set_playing (self, FALSE);
}

static void
discard_pipeline (KvSoundPlayer *self)
{
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  finish (self);
  self->source = NULL;
  self->decoder = NULL;
  g_clear_object (&self->pipeline);
}

static void
keep_error (KvSoundPlayer *self,
            GError        *error)
{
  g_clear_error (&self->error);
  self->error = error;
  g_debug ("Sound could not be played: %s", error->message);
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    data)
{
  KvSoundPlayer *self = data;
  GError *error = NULL;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_EOS:
      self->n_ended++;
      finish (self);
      return G_SOURCE_CONTINUE;
    case GST_MESSAGE_ERROR:
      gst_message_parse_error (message, &error, NULL);
      keep_error (self, error);
      /* The speaker may have gone: the next sound builds afresh. */
      discard_pipeline (self);
      return G_SOURCE_REMOVE;
    default:
      return G_SOURCE_CONTINUE;
    }
}

/* oggdemux names its pads after the stream serial: link the first one. */
static void
on_demux_pad_added (GstElement *demux,
                    GstPad     *pad,
                    gpointer    data)
{
  GstElement *decoder = data;
  g_autoptr(GstPad) sink_pad = gst_element_get_static_pad (decoder, "sink");

  if (!gst_pad_is_linked (sink_pad))
    gst_pad_link (pad, sink_pad);
}

static GstElement *
add_new_element (GstElement  *pipeline,
                 const char  *factory,
                 GError     **error)
{
  GstElement *element = kv_media_make_element (factory, NULL, error);

  if (element != NULL)
    gst_bin_add (GST_BIN (pipeline), element);
  return element;
}

static gboolean
ensure_pipeline (KvSoundPlayer  *self,
                 GError        **error)
{
  g_autoptr(GstBus) bus = NULL;
  GstElement *demux;
  GstElement *speaker;

  if (self->pipeline != NULL)
    return TRUE;
  if (!kv_media_init (error))
    return FALSE;

  self->pipeline = gst_object_ref_sink (gst_pipeline_new ("kv-sound"));
  if ((self->source = add_new_element (self->pipeline, "giostreamsrc", error)) == NULL ||
      (demux = add_new_element (self->pipeline, "oggdemux", error)) == NULL ||
      (self->decoder = add_new_element (self->pipeline, "vorbisdec", error)) == NULL ||
      (speaker = kv_media_make_audio_sink (self->config, NULL, error)) == NULL)
    {
      discard_pipeline (self);
      return FALSE;
    }
  gst_bin_add (GST_BIN (self->pipeline), speaker);

  if (!gst_element_link (self->source, demux) ||
      !gst_element_link (self->decoder, speaker))
    {
      g_set_error_literal (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_PIPELINE,
                           "The sound player's elements do not link");
      discard_pipeline (self);
      return FALSE;
    }
  g_signal_connect_object (demux, "pad-added", G_CALLBACK (on_demux_pad_added),
                           self->decoder, 0);

  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);
  return TRUE;
}

static void
kv_sound_player_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_PLAYING:
      g_value_set_boolean (value, KV_SOUND_PLAYER (object)->playing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_sound_player_dispose (GObject *object)
{
  discard_pipeline (KV_SOUND_PLAYER (object));

  G_OBJECT_CLASS (kv_sound_player_parent_class)->dispose (object);
}

static void
kv_sound_player_finalize (GObject *object)
{
  KvSoundPlayer *self = KV_SOUND_PLAYER (object);

  g_clear_pointer (&self->config, kv_media_config_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (kv_sound_player_parent_class)->finalize (object);
}

static void
play_output (KvSoundOutput *output,
             GBytes        *ogg_vorbis)
{
  kv_sound_player_play (KV_SOUND_PLAYER (output), ogg_vorbis);
}

static void
stop_output (KvSoundOutput *output)
{
  kv_sound_player_stop (KV_SOUND_PLAYER (output));
}

static void
kv_sound_player_output_init (KvSoundOutputInterface *iface)
{
  iface->play = play_output;
  iface->stop = stop_output;
}

static void
kv_sound_player_class_init (KvSoundPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kv_sound_player_get_property;
  object_class->dispose = kv_sound_player_dispose;
  object_class->finalize = kv_sound_player_finalize;

  /**
   * KvSoundPlayer:playing:
   *
   * Whether a sound is playing now.
   */
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_sound_player_init (KvSoundPlayer *self)
{
}

/**
 * kv_sound_player_new:
 * @config: the kiosk's media configuration; its speaker is used
 *
 * Nothing is opened until the first sound.
 */
KvSoundPlayer *
kv_sound_player_new (const KvMediaConfig *config)
{
  KvSoundPlayer *self;

  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (KV_TYPE_SOUND_PLAYER, NULL);
  self->config = kv_media_config_copy (config);
  return self;
}

/**
 * kv_sound_player_play:
 * @ogg_vorbis: a whole Ogg Vorbis file
 *
 * Plays @ogg_vorbis, cutting off any sound still playing (cues are short,
 * and the newest one is the one that matters).
 */
void
kv_sound_player_play (KvSoundPlayer *self,
                      GBytes        *ogg_vorbis)
{
  g_autoptr(GInputStream) stream = NULL;
  GError *error = NULL;

  g_return_if_fail (KV_IS_SOUND_PLAYER (self));
  g_return_if_fail (ogg_vorbis != NULL);

  finish (self);
  g_clear_error (&self->error);
  if (!ensure_pipeline (self, &error))
    {
      keep_error (self, error);
      return;
    }

  stream = g_memory_input_stream_new_from_bytes (ogg_vorbis);
  g_object_set (self->source, "stream", stream, NULL);
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstBus) bus = gst_element_get_bus (self->pipeline);
      g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

      /* The bus usually says why; keep something if it does not. */
      if (message != NULL)
        gst_message_parse_error (message, &error, NULL);
      else
        error = g_error_new_literal (KV_MEDIA_ERROR, KV_MEDIA_ERROR_PIPELINE,
                                     "The speaker could not start");
      keep_error (self, error);
      discard_pipeline (self);
      return;
    }
  set_playing (self, TRUE);
}

/**
 * kv_sound_player_stop:
 *
 * Stops the sound playing, if any.
 */
void
kv_sound_player_stop (KvSoundPlayer *self)
{
  g_return_if_fail (KV_IS_SOUND_PLAYER (self));
  finish (self);
}

gboolean
kv_sound_player_get_playing (KvSoundPlayer *self)
{
  g_return_val_if_fail (KV_IS_SOUND_PLAYER (self), FALSE);
  return self->playing;
}

/**
 * kv_sound_player_get_n_ended:
 *
 * Returns: how many sounds played to their end
 */
guint
kv_sound_player_get_n_ended (KvSoundPlayer *self)
{
  g_return_val_if_fail (KV_IS_SOUND_PLAYER (self), 0);
  return self->n_ended;
}

/**
 * kv_sound_player_get_error:
 *
 * Returns: (nullable): why the last sound could not be played
 */
const GError *
kv_sound_player_get_error (KvSoundPlayer *self)
{
  g_return_val_if_fail (KV_IS_SOUND_PLAYER (self), NULL);
  return self->error;
}
