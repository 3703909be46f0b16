/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-call-pipeline-private.h"

#include "kv-media-codecs.h"
#include "kv-media-error.h"

#include <math.h>

/*
 * What KvCallPipeline receives: the peer's streams as webrtcbin exposes
 * them (linked to decoders on the streaming thread), and the pipeline's
 * bus (level meters, latency, errors) on the main context.
 */

/* Receiving ------------------------------------------------------------ */

/* Streaming thread, on the first RTP packet of each stream (often audio
 * first). Linking right here is GStreamer-only work on elements this
 * pipeline owns; nothing of the GObject state is touched. */
void
kv_call_pipeline_on_pad_added (GstElement *webrtc,
              GstPad     *pad,
              gpointer    data)
{
  KvCallPipeline *self = data;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstPad) decoder_sink = NULL;
  g_autoptr(GstPad) decoder_src = NULL;
  g_autoptr(GstPad) valve_sink = NULL;
  g_autoptr(GError) error = NULL;
  const GstStructure *s;
  const char *media;
  const char *encoding;
  GstElement *decoder;
  GstElement *valve;

  if (GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;

  caps = gst_pad_get_current_caps (pad);
  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  if (caps == NULL || gst_caps_is_empty (caps))
    return;
  s = gst_caps_get_structure (caps, 0);
  media = gst_structure_get_string (s, "media");
  encoding = gst_structure_get_string (s, "encoding-name");
  valve = g_strcmp0 (media, "video") == 0 ? self->video_recv_valve : self->audio_recv_entry;
  valve_sink = gst_element_get_static_pad (valve, "sink");

  decoder = encoding != NULL ? kv_media_make_decoder (encoding, &error) : NULL;
  if (decoder == NULL || gst_pad_is_linked (valve_sink))
    {
      /* A stream we cannot or need not show still needs a sink, or
       * webrtcbin's streaming thread stops with not-linked. */
      GstElement *sink = gst_element_factory_make ("fakesink", NULL);

      g_debug ("Discarding a received %s stream: %s", media != NULL ? media : "unknown",
               error != NULL ? error->message : "already receiving one");
      g_clear_pointer (&decoder, gst_object_unref);
      g_object_set (sink, "async", FALSE, "sync", FALSE, NULL);
      gst_bin_add (GST_BIN (self->pipeline), sink);
      gst_element_sync_state_with_parent (sink);
      decoder_sink = gst_element_get_static_pad (sink, "sink");
      gst_pad_link (pad, decoder_sink);
      return;
    }

  gst_bin_add (GST_BIN (self->pipeline), decoder);
  gst_element_sync_state_with_parent (decoder);
  decoder_sink = gst_element_get_static_pad (decoder, "sink");
  decoder_src = gst_element_get_static_pad (decoder, "src");
  gst_pad_link (decoder_src, valve_sink);
  gst_pad_link (pad, decoder_sink);
}

/* Bus (main context) --------------------------------------------------- */

/* The first channel of a level message's field, as 0..1 amplitude.
 * level posts GValueArray (deprecated in GLib, still what 1.22 sends). */
double
kv_level_message_get (const GstStructure *s,
                      const char         *field)
{
  const GValue *value = gst_structure_get_value (s, field);
  double db = -G_MAXDOUBLE;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (value != NULL && G_VALUE_TYPE (value) == g_value_array_get_type ())
    {
      GValueArray *array = g_value_get_boxed (value);

      if (array != NULL && array->n_values > 0 && G_VALUE_HOLDS_DOUBLE (&array->values[0]))
        db = g_value_get_double (&array->values[0]);
    }
  G_GNUC_END_IGNORE_DEPRECATIONS

  if (db == -G_MAXDOUBLE)
    return 0.0;
  return CLAMP (pow (10.0, db / 20.0), 0.0, 1.0);
}

gboolean
kv_call_pipeline_on_bus_message (GstBus     *bus,
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
                g_signal_emit (self,
                               kv_call_pipeline_signals[KV_CALL_PIPELINE_SIGNAL_INPUT_LEVEL_CHANGED],
                               0);
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
        kv_call_pipeline_fail (self,
                               g_error_new (KV_MEDIA_ERROR,
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

