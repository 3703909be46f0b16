/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-media-sources.h"

#include "kv-media-error.h"

/*
 * The kiosk's camera, microphone and speaker as GStreamer bins, from the
 * [media] configuration: a V4L2 camera and PulseAudio on real kiosks,
 * videotestsrc/audiotestsrc in tests and the demo. A configured device that
 * is missing is a clear KV_MEDIA_ERROR_DEVICE_MISSING, found when the call
 * or preview is created, not half-way into a visit.
 */

/* Opus and the echo canceller both work at 48 kHz; one rate end to end
 * avoids resampling twice. Mono: one microphone per kiosk. */
#define AUDIO_CAPS "audio/x-raw,format=S16LE,rate=48000,channels=1,layout=interleaved"

GstElement *
kv_media_make_element (const char  *factory,
                       const char  *name,
                       GError     **error)
{
  GstElement *element = gst_element_factory_make (factory, name);

  if (element == NULL)
    g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_MISSING_PLUGIN,
                 "GStreamer element %s is missing on this machine", factory);
  return element;
}

/* Opens the device once (READY) so that a missing or busy device is an
 * error now, with a message naming it, rather than a bus error later. */
static gboolean
check_device_opens (GstElement  *element,
                    const char  *what,
                    const char  *device,
                    GError     **error)
{
  GstStateChangeReturn ret = gst_element_set_state (element, GST_STATE_READY);

  gst_element_set_state (element, GST_STATE_NULL);
  if (ret == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_DEVICE_MISSING,
                   "The %s %s cannot be opened", what, device != NULL ? device : "(default)");
      return FALSE;
    }
  return TRUE;
}

static GstElement *
make_bin_with_ghost (const char *name,
                     GstElement *first,
                     GstElement *last,
                     GList      *elements)
{
  GstElement *bin = gst_bin_new (name);

  for (GList *l = elements; l != NULL; l = l->next)
    gst_bin_add (GST_BIN (bin), l->data);
  for (GList *l = elements; l != NULL && l->next != NULL; l = l->next)
    gst_element_link (l->data, l->next->data);

  if (last != NULL)
    {
      g_autoptr(GstPad) pad = gst_element_get_static_pad (last, "src");
      gst_element_add_pad (bin, gst_ghost_pad_new ("src", pad));
    }
  if (first != NULL)
    {
      g_autoptr(GstPad) pad = gst_element_get_static_pad (first, "sink");
      gst_element_add_pad (bin, gst_ghost_pad_new ("sink", pad));
    }
  return bin;
}

static void
free_floating_elements (GList *elements)
{
  for (GList *l = elements; l != NULL; l = l->next)
    if (l->data != NULL)
      gst_object_unref (gst_object_ref_sink (l->data));
  g_list_free (elements);
}

/* Makes each factory in turn; on the first failure frees what was made. */
static GList *
make_chain (GError     **error,
            const char  *first_factory,
            ...)
{
  g_autoptr(GError) local_error = NULL;
  GList *elements = NULL;
  const char *factory = first_factory;
  va_list args;

  va_start (args, first_factory);
  while (factory != NULL)
    {
      GstElement *element = kv_media_make_element (factory, NULL, &local_error);

      if (element == NULL)
        break;
      elements = g_list_append (elements, element);
      factory = va_arg (args, const char *);
    }
  va_end (args);

  if (local_error != NULL)
    {
      free_floating_elements (elements);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return elements;
}

static gboolean
set_test_pattern (GstElement  *source,
                  const char  *pattern,
                  GError     **error)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (source), "pattern");
  GEnumClass *enum_class;
  GEnumValue *value;

  if (pattern == NULL || pspec == NULL || !G_IS_PARAM_SPEC_ENUM (pspec))
    return TRUE;

  enum_class = G_PARAM_SPEC_ENUM (pspec)->enum_class;
  value = g_enum_get_value_by_nick (enum_class, pattern);
  if (value == NULL)
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_PIPELINE,
                   "Unknown test pattern \"%s\"", pattern);
      return FALSE;
    }
  g_object_set (source, "pattern", value->value, NULL);
  return TRUE;
}

/**
 * kv_media_make_video_source:
 * @config: the media configuration
 * @error: return location for a #KV_MEDIA_ERROR
 *
 * Returns: (transfer floating): a bin with a "src" pad giving raw I420 video
 *   at the configured size and frame rate
 */
GstElement *
kv_media_make_video_source (const KvMediaConfig  *config,
                            GError              **error)
{
  g_autoptr(GstCaps) caps = NULL;
  GList *elements;
  GstElement *source;

  if (config->video_source == KV_VIDEO_SOURCE_V4L2)
    {
      const char *device = config->video_device != NULL ? config->video_device : "/dev/video0";

      if (!g_file_test (device, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_DEVICE_MISSING,
                       "The camera %s is not connected", device);
          return NULL;
        }
      /* Cameras give what they give: convert, scale and rate-adapt to
       * the configured format so the encoder always sees the same input. */
      elements = make_chain (error, "v4l2src", "videoconvert", "videoscale", "videorate",
                             "capsfilter", NULL);
      if (elements == NULL)
        return NULL;
      source = elements->data;
      g_object_set (source, "device", device, NULL);
      if (!check_device_opens (source, "camera", device, error))
        {
          free_floating_elements (elements);
          return NULL;
        }
    }
  else
    {
      elements = make_chain (error, "videotestsrc", "capsfilter", NULL);
      if (elements == NULL)
        return NULL;
      source = elements->data;
      /* is-live: behave like a camera (frames at the frame rate, not as
       * fast as possible), so tests measure what kiosks do. */
      g_object_set (source, "is-live", TRUE, NULL);
      if (!set_test_pattern (source, config->test_pattern, error))
        {
          free_floating_elements (elements);
          return NULL;
        }
    }

  /* I420 is what both encoders take natively: no conversion on the send
   * path. */
  caps = gst_caps_new_simple ("video/x-raw",
                              "format", G_TYPE_STRING, "I420",
                              "width", G_TYPE_INT, (int) config->width,
                              "height", G_TYPE_INT, (int) config->height,
                              "framerate", GST_TYPE_FRACTION, (int) config->framerate, 1,
                              "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                              NULL);
  g_object_set (g_list_last (elements)->data, "caps", caps, NULL);

  {
    GstElement *last = g_list_last (elements)->data;
    GstElement *bin = make_bin_with_ghost ("video-source", NULL, last, elements);

    g_list_free (elements);
    return bin;
  }
}

/**
 * kv_media_make_audio_source:
 * @config: the media configuration
 * @echo_probe_name: (nullable): name of the webrtcechoprobe on the speaker
 *   side, to cancel its echo; %NULL for no echo cancellation
 * @error: return location for a #KV_MEDIA_ERROR
 *
 * Returns: (transfer floating): a bin with a "src" pad giving 48 kHz mono
 */
GstElement *
kv_media_make_audio_source (const KvMediaConfig  *config,
                            const char           *echo_probe_name,
                            GError              **error)
{
  g_autoptr(GstCaps) caps = gst_caps_from_string (AUDIO_CAPS);
  GList *elements;
  GstElement *source;
  GstElement *bin;

  if (config->audio_source == KV_AUDIO_SOURCE_PULSE)
    {
      elements = make_chain (error, "pulsesrc", "audioconvert", "audioresample", "capsfilter",
                             NULL);
      if (elements == NULL)
        return NULL;
      source = elements->data;
      if (config->audio_source_device != NULL)
        g_object_set (source, "device", config->audio_source_device, NULL);
      if (!check_device_opens (source, "microphone", config->audio_source_device, error))
        {
          free_floating_elements (elements);
          return NULL;
        }
    }
  else
    {
      elements = make_chain (error, "audiotestsrc", "audioconvert", "audioresample",
                             "capsfilter", NULL);
      if (elements == NULL)
        return NULL;
      source = elements->data;
      /* A steady 440 Hz tone at -10 dBFS: loud enough for the receiver's
       * level meter to prove sound arrived, live like a microphone. */
      g_object_set (source, "is-live", TRUE, "freq", 440.0, "volume", 0.3, NULL);
    }
  g_object_set (g_list_last (elements)->data, "caps", caps, NULL);

  if (echo_probe_name != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      GstElement *dsp = kv_media_make_element ("webrtcdsp", NULL, &local_error);

      if (dsp == NULL)
        {
          free_floating_elements (elements);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      /* The probe taps what the speaker plays so the microphone's copy of
       * it can be removed: a kiosk has open speakers, not headphones. */
      g_object_set (dsp, "probe", echo_probe_name, NULL);
      elements = g_list_append (elements, dsp);
    }

  bin = make_bin_with_ghost ("audio-source", NULL, g_list_last (elements)->data, elements);
  g_list_free (elements);
  return bin;
}

/**
 * kv_media_make_audio_sink:
 * @config: the media configuration
 * @echo_probe_name: (nullable): name for a webrtcechoprobe before the
 *   speaker; %NULL for none
 * @error: return location for a #KV_MEDIA_ERROR
 *
 * Returns: (transfer floating): a bin with a "sink" pad taking raw audio
 */
GstElement *
kv_media_make_audio_sink (const KvMediaConfig  *config,
                          const char           *echo_probe_name,
                          GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *factory;
  GList *elements;
  GstElement *sink;
  GstElement *bin;

  switch (config->audio_sink)
    {
    case KV_AUDIO_SINK_PULSE: factory = "pulsesink"; break;
    case KV_AUDIO_SINK_AUTO: factory = "autoaudiosink"; break;
    case KV_AUDIO_SINK_FAKE:
    default: factory = "fakesink"; break;
    }

  elements = make_chain (error, "audioconvert", "audioresample", NULL);
  if (elements == NULL)
    return NULL;

  if (echo_probe_name != NULL)
    {
      GstElement *probe = kv_media_make_element ("webrtcechoprobe", echo_probe_name,
                                                 &local_error);
      if (probe == NULL)
        {
          free_floating_elements (elements);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      elements = g_list_append (elements, probe);
    }

  sink = kv_media_make_element (factory, NULL, &local_error);
  if (sink == NULL)
    {
      free_floating_elements (elements);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  elements = g_list_append (elements, sink);

  if (config->audio_sink == KV_AUDIO_SINK_PULSE)
    {
      if (config->audio_sink_device != NULL)
        g_object_set (sink, "device", config->audio_sink_device, NULL);
      if (!check_device_opens (sink, "speaker", config->audio_sink_device, error))
        {
          free_floating_elements (elements);
          return NULL;
        }
    }
  else if (config->audio_sink == KV_AUDIO_SINK_FAKE)
    {
      /* sync: consume at the real rate like a sound card would. async=false:
       * sound arrives only once the call is connected; the pipeline must
       * not wait for it to reach PLAYING. */
      g_object_set (sink, "sync", TRUE, "async", FALSE, NULL);
    }

  bin = make_bin_with_ghost ("audio-sink", elements->data, NULL, elements);
  g_list_free (elements);
  return bin;
}
