/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-media-codecs.h"

#include "kv-media-error.h"
#include "kv-media-sources.h"

/*
 * Encoder and decoder bins for calls. Every tuning value says why: the
 * targets are a 640x480@30 call under 40% of one core, the first picture
 * within 250 ms of a cold set-up, and a picture back within 100 ms of a
 * release.
 */

/* A keyframe at least every 2 s (at 30 fps): a receiver that lost one and
 * whose keyframe request was lost too still recovers quickly. */
#define KEYFRAME_INTERVAL_FRAMES 60

const char *
kv_media_codec_encoding_name (KvVideoCodec codec)
{
  return codec == KV_VIDEO_CODEC_H264 ? "H264" : "VP8";
}

/* The caps webrtcbin offers for a codec. No profile-level-id for H.264:
 * x264 emits 42c01e, browsers answer 42e01f and accept it
 * (platform-notes.md); pinning it would make the answer not match. */
GstCaps *
kv_media_codec_rtp_caps (KvVideoCodec codec,
                         guint        pt)
{
  GstCaps *caps = gst_caps_new_simple ("application/x-rtp",
                                       "media", G_TYPE_STRING, "video",
                                       "encoding-name", G_TYPE_STRING,
                                       kv_media_codec_encoding_name (codec),
                                       "clock-rate", G_TYPE_INT, 90000,
                                       "payload", G_TYPE_INT, (int) pt,
                                       NULL);

  if (codec == KV_VIDEO_CODEC_H264)
    gst_caps_set_simple (caps, "packetization-mode", G_TYPE_STRING, "1", NULL);
  return caps;
}

GstCaps *
kv_media_opus_rtp_caps (guint pt)
{
  return gst_caps_new_simple ("application/x-rtp",
                              "media", G_TYPE_STRING, "audio",
                              "encoding-name", G_TYPE_STRING, "OPUS",
                              "clock-rate", G_TYPE_INT, 48000,
                              "payload", G_TYPE_INT, (int) pt,
                              NULL);
}

static GstElement *
bin_from_chain (const char  *name,
                GstElement **chain,
                guint        n)
{
  GstElement *bin = gst_bin_new (name);
  g_autoptr(GstPad) sink_pad = NULL;
  g_autoptr(GstPad) src_pad = NULL;

  for (guint i = 0; i < n; i++)
    gst_bin_add (GST_BIN (bin), chain[i]);
  for (guint i = 0; i + 1 < n; i++)
    gst_element_link (chain[i], chain[i + 1]);

  sink_pad = gst_element_get_static_pad (chain[0], "sink");
  src_pad = gst_element_get_static_pad (chain[n - 1], "src");
  gst_element_add_pad (bin, gst_ghost_pad_new ("sink", sink_pad));
  gst_element_add_pad (bin, gst_ghost_pad_new ("src", src_pad));
  return bin;
}

static gboolean
make_all (GstElement  **chain,
          const char  **factories,
          guint         n,
          GError      **error)
{
  for (guint i = 0; i < n; i++)
    {
      chain[i] = kv_media_make_element (factories[i], NULL, error);
      if (chain[i] == NULL)
        {
          for (guint j = 0; j < i; j++)
            gst_object_unref (gst_object_ref_sink (chain[j]));
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * kv_media_random_ssrc:
 *
 * Returns: a random RTP SSRC for a sender: never 0, which webrtcbin 1.22
 *   writes for "unknown", and never G_MAXUINT, which payloaders read as
 *   "pick one yourself"
 */
guint32
kv_media_random_ssrc (void)
{
  guint32 ssrc;

  do
    ssrc = g_random_int ();
  while (ssrc == 0 || ssrc == G_MAXUINT32);
  return ssrc;
}

/**
 * kv_media_make_video_encoder:
 * @config: the media configuration (bitrate)
 * @codec: which codec
 * @pt: the RTP payload type to send with
 * @ssrc: the RTP SSRC to send with (see kv_media_random_ssrc())
 * @error: return location for a #KV_MEDIA_ERROR
 *
 * Returns: (transfer floating): raw video in, RTP out ("sink"/"src" pads);
 *   the encoder element is named "encoder" (for forced keyframes)
 */
GstElement *
kv_media_make_video_encoder (const KvMediaConfig  *config,
                             KvVideoCodec          codec,
                             guint                 pt,
                             guint32               ssrc,
                             GError              **error)
{
  GstElement *chain[4];

  if (codec == KV_VIDEO_CODEC_H264)
    {
      const char *factories[] = { "queue", "x264enc", "capsfilter", "rtph264pay" };
      g_autoptr(GstCaps) caps = NULL;

      if (!make_all (chain, factories, G_N_ELEMENTS (factories), error))
        return NULL;

      gst_object_set_name (GST_OBJECT (chain[1]), "encoder");
      /* ultrafast + zerolatency: no lookahead, no B-frames, ~15% of a core
       * at 640x480@30 (platform-notes.md). */
      gst_util_set_object_arg (G_OBJECT (chain[1]), "speed-preset", "ultrafast");
      gst_util_set_object_arg (G_OBJECT (chain[1]), "tune", "zerolatency");
      g_object_set (chain[1],
                    "bitrate", config->video_bitrate_kbps,
                    "key-int-max", KEYFRAME_INTERVAL_FRAMES,
                    NULL);
      /* Constrained baseline is what every browser decodes. */
      caps = gst_caps_from_string ("video/x-h264,profile=constrained-baseline");
      g_object_set (chain[2], "caps", caps, NULL);
      /* config-interval=-1: SPS/PPS with every keyframe, so a receiver can
       * start at any keyframe (after a release, a loss or a rebuild).
       * zero-latency aggregation: send each frame's packets at once. */
      g_object_set (chain[3], "pt", pt, "ssrc", ssrc, "config-interval", -1, NULL);
      gst_util_set_object_arg (G_OBJECT (chain[3]), "aggregate-mode", "zero-latency");
    }
  else
    {
      const char *factories[] = { "queue", "vp8enc", "rtpvp8pay" };

      if (!make_all (chain, factories, G_N_ELEMENTS (factories), error))
        return NULL;

      gst_object_set_name (GST_OBJECT (chain[1]), "encoder");
      /* deadline=1 (real time) and cpu-used=8: vp8enc's defaults (1 s per
       * frame, cpu-used 0) are not real time. threads=1: two threads on
       * this 2-core machine starve everything else (147% CPU measured).
       * lag-in-frames=0: no lookahead latency. */
      g_object_set (chain[1],
                    "deadline", G_GINT64_CONSTANT (1),
                    "cpu-used", 8,
                    "threads", 1,
                    "lag-in-frames", 0,
                    "target-bitrate", (int) config->video_bitrate_kbps * 1000,
                    "keyframe-max-dist", KEYFRAME_INTERVAL_FRAMES,
                    NULL);
      gst_util_set_object_arg (G_OBJECT (chain[1]), "end-usage", "cbr");
      /* 15-bit picture ids let the receiver tell which frames were lost. */
      g_object_set (chain[2], "pt", pt, "ssrc", ssrc, NULL);
      gst_util_set_object_arg (G_OBJECT (chain[2]), "picture-id-mode", "15-bit");
      return bin_from_chain ("video-encoder", chain, 3);
    }

  /* The queue decouples the camera thread from the encoder so a slow frame
   * does not stall the self-view. */
  return bin_from_chain ("video-encoder", chain, 4);
}

/**
 * kv_media_make_audio_encoder:
 * @pt: the RTP payload type to send with
 * @ssrc: the RTP SSRC to send with (see kv_media_random_ssrc())
 * @error: return location for a #KV_MEDIA_ERROR
 *
 * Returns: (transfer floating): raw audio in, Opus RTP out
 */
GstElement *
kv_media_make_audio_encoder (guint    pt,
                             guint32  ssrc,
                             GError **error)
{
  const char *factories[] = { "queue", "opusenc", "rtpopuspay" };
  GstElement *chain[3];

  if (!make_all (chain, factories, G_N_ELEMENTS (factories), error))
    return NULL;

  /* In-band FEC is off by default in opusenc; with it a lost packet is
   * rebuilt from the next one. packet-loss-percentage tells the encoder how
   * much redundancy to spend (10%: the worst loss we still plan for).
   * 20 ms frames: Opus' and browsers' default, a good latency/overhead
   * trade. Voice: the kiosk carries speech. */
  g_object_set (chain[1],
                "inband-fec", TRUE,
                "packet-loss-percentage", 10,
                "frame-size", 20,
                "bitrate", 32000,
                NULL);
  gst_util_set_object_arg (G_OBJECT (chain[1]), "audio-type", "voice");
  g_object_set (chain[2], "pt", pt, "ssrc", ssrc, NULL);

  return bin_from_chain ("audio-encoder", chain, 3);
}

/**
 * kv_media_make_decoder:
 * @encoding_name: "H264", "VP8" or "OPUS" (from the RTP caps)
 * @error: return location for a #KV_MEDIA_ERROR
 *
 * Returns: (transfer floating): RTP in, raw out; %NULL with
 *   %KV_MEDIA_ERROR_NEGOTIATION for an encoding this kiosk does not decode
 */
GstElement *
kv_media_make_decoder (const char  *encoding_name,
                       GError     **error)
{
  GstElement *chain[2];

  if (g_ascii_strcasecmp (encoding_name, "OPUS") == 0)
    {
      const char *factories[] = { "rtpopusdepay", "opusdec" };

      if (!make_all (chain, factories, 2, error))
        return NULL;
      /* Conceal losses, and use the sender's in-band FEC when it is there. */
      g_object_set (chain[1], "plc", TRUE, "use-inband-fec", TRUE, NULL);
      return bin_from_chain ("audio-decoder", chain, 2);
    }

  if (g_ascii_strcasecmp (encoding_name, "H264") == 0)
    {
      const char *factories[] = { "rtph264depay", "avdec_h264" };

      /* avdec_h264: openh264dec decodes nothing from x264 over RTP here. */
      if (!make_all (chain, factories, 2, error))
        return NULL;
    }
  else if (g_ascii_strcasecmp (encoding_name, "VP8") == 0)
    {
      const char *factories[] = { "rtpvp8depay", "vp8dec" };

      if (!make_all (chain, factories, 2, error))
        return NULL;
      /* One thread: see the encoder. */
      g_object_set (chain[1], "threads", 1, NULL);
    }
  else
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_NEGOTIATION,
                   "The peer sends %s, which this kiosk does not decode", encoding_name);
      return NULL;
    }

  /* A picture as soon as possible: ask for a keyframe whenever one is
   * missing (start, loss, release), and never show a smeared picture built
   * on a lost reference. */
  g_object_set (chain[0], "request-keyframe", TRUE, "wait-for-keyframe", TRUE, NULL);
  g_object_set (chain[1], "automatic-request-sync-points", TRUE,
                "discard-corrupted-frames", TRUE, NULL);
  return bin_from_chain ("video-decoder", chain, 2);
}
