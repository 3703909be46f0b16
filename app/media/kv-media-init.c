/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-media-init.h"

#include "kv-media-error.h"

#include <gst/gst.h>

/*
 * One-time start-up of the call engine: GStreamer, the plugin check, and
 * the DTLS certificate. Everything here is paid once per process, before
 * the first call, so that none of it eats into a booked visit.
 */

/* Every call needs these, whatever the configuration says. */
static const char *const common_elements[] = {
  "webrtcbin", "nicesrc", "nicesink", "dtlsdec", "dtlsenc", "srtpenc", "srtpdec",
  "rtpbin", "opusenc", "opusdec", "rtpopuspay", "rtpopusdepay",
  "videoconvert", "videoscale", "videorate", "audioconvert", "audioresample",
  "appsink", "queue", "tee", "valve", "level", "capsfilter", "fakesink",
  NULL
};

static gsize init_done;
static GError *init_error;

gboolean
kv_media_check_elements (const char *const  *factory_names,
                         GError            **error)
{
  g_autoptr(GString) missing = g_string_new (NULL);

  /* gst-inspect-1.0 --exists is wrong for nicesrc on Debian 12 (the
   * plugin's version is below GStreamer's), so ask the registry. */
  for (guint i = 0; factory_names[i] != NULL; i++)
    {
      g_autoptr(GstElementFactory) factory = gst_element_factory_find (factory_names[i]);

      if (factory == NULL)
        g_string_append_printf (missing, "%s%s", missing->len > 0 ? ", " : "",
                                factory_names[i]);
    }

  if (missing->len > 0)
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_MISSING_PLUGIN,
                   "GStreamer elements missing on this machine: %s", missing->str);
      return FALSE;
    }

  return TRUE;
}

gboolean
kv_media_check_config (const KvMediaConfig  *config,
                       GError              **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_ptr_array_add (names, config->video_source == KV_VIDEO_SOURCE_V4L2
                          ? "v4l2src" : "videotestsrc");
  g_ptr_array_add (names, config->audio_source == KV_AUDIO_SOURCE_PULSE
                          ? "pulsesrc" : "audiotestsrc");
  switch (config->audio_sink)
    {
    case KV_AUDIO_SINK_PULSE: g_ptr_array_add (names, "pulsesink"); break;
    case KV_AUDIO_SINK_AUTO: g_ptr_array_add (names, "autoaudiosink"); break;
    case KV_AUDIO_SINK_FAKE: break;
    default: break;
    }

  for (guint i = 0; i < config->n_codecs; i++)
    {
      if (config->codecs[i] == KV_VIDEO_CODEC_H264)
        {
          g_ptr_array_add (names, "x264enc");
          g_ptr_array_add (names, "avdec_h264");
          g_ptr_array_add (names, "rtph264pay");
          g_ptr_array_add (names, "rtph264depay");
        }
      else
        {
          g_ptr_array_add (names, "vp8enc");
          g_ptr_array_add (names, "vp8dec");
          g_ptr_array_add (names, "rtpvp8pay");
          g_ptr_array_add (names, "rtpvp8depay");
        }
    }

  if (kv_media_config_wants_echo_cancel (config))
    {
      g_ptr_array_add (names, "webrtcdsp");
      g_ptr_array_add (names, "webrtcechoprobe");
    }
  if (kv_media_config_has_netsim (config) || g_getenv ("KV_NETSIM") != NULL)
    g_ptr_array_add (names, "netsim");

  g_ptr_array_add (names, NULL);

  return kv_media_check_elements ((const char *const *) names->pdata, error);
}

static void
pregenerate_dtls_certificate (void)
{
  gint64 start_us = g_get_monotonic_time ();
  g_autoptr(GstElement) dtlsdec = gst_element_factory_make ("dtlsdec", NULL);
  g_autofree char *pem = NULL;

  /* The first DTLS use in a process generates an RSA-2048 certificate,
   * 100-700 ms at random (platform-notes.md). dtlsdec makes the process-wide
   * default certificate when it is created; reading "pem" makes sure it is
   * done. Every later webrtcbin reuses it, so call set-up stays fast. */
  if (dtlsdec == NULL)
    return;
  g_object_get (dtlsdec, "pem", &pem, NULL);
  g_debug ("DTLS certificate ready in %" G_GINT64_FORMAT " ms",
           (g_get_monotonic_time () - start_us) / 1000);
}

/**
 * kv_media_init:
 * @error: return location for a %KV_MEDIA_ERROR_MISSING_PLUGIN error
 *
 * Initialises GStreamer, checks that the elements every call needs are
 * installed and generates the DTLS certificate. Safe to call more than
 * once (from the main thread); later calls return the first result.
 *
 * Returns: %TRUE if calls can be made
 */
gboolean
kv_media_init (GError **error)
{
  if (g_once_init_enter (&init_done))
    {
      g_autoptr(GError) local_error = NULL;

      gst_init (NULL, NULL);
      if (kv_media_check_elements (common_elements, &local_error))
        pregenerate_dtls_certificate ();
      else
        init_error = g_steal_pointer (&local_error);

      g_once_init_leave (&init_done, 1);
    }

  if (init_error != NULL)
    {
      g_propagate_error (error, g_error_copy (init_error));
      return FALSE;
    }
  return TRUE;
}
