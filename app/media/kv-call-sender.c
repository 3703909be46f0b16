/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-call-sender.h"

#include "kv-media-codecs.h"
#include "kv-media-error.h"

#include <gst/video/video.h>
#include <gst/webrtc/webrtc.h>

/**
 * KvCallSender:
 *
 * What one call pipeline sends: the hold valves before the encoders, the
 * encoders and payloaders linked to webrtcbin's sink pads once the
 * negotiation says which codec and payload types to use, and the SSRCs,
 * chosen here rather than by the payloaders so that an answer can name
 * them early.
 *
 * Hold drops buffers in the valves: nothing is encoded or sent (encoders
 * and network idle during the join window), and release is one property
 * change plus a forced keyframe. The audio hold (staff muted the visit)
 * drops the sound alone; the audio valve drops while either holds it. Main context only; #KvCallPipeline owns
 * it, #KvCallNegotiator links it.
 */

struct _KvCallSender
{
  GObject        parent_instance;

  KvMediaConfig *config;
  GstBin        *pipeline;
  GstElement    *webrtc;
  GstElement    *video_valve;
  GstElement    *audio_valve;

  GstElement    *video_encoder;   /* in the pipeline, once linked */
  GstPad        *video_pad;       /* webrtcbin's video sink pad */
  GstPad        *audio_pad;       /* webrtcbin's audio sink pad */
  guint32        video_ssrc;
  guint32        audio_ssrc;
  gboolean       held;
  gboolean       audio_held;
  gboolean       video_linked;
  gboolean       audio_linked;
  gboolean       stopped;
};

G_DEFINE_FINAL_TYPE (KvCallSender, kv_call_sender, G_TYPE_OBJECT)

/* Whether @valve drops now. A valve whose sender is not linked yet (the
 * answerer before the offer) keeps dropping, or its source would stop with
 * not-linked. */
static gboolean
valve_drops (KvCallSender *self,
             GstElement   *valve)
{
  if (valve == self->audio_valve)
    return self->held || self->audio_held || !self->audio_linked;
  return self->held || !self->video_linked;
}

static void
update_valves (KvCallSender *self)
{
  g_object_set (self->video_valve, "drop", valve_drops (self, self->video_valve), NULL);
  g_object_set (self->audio_valve, "drop", valve_drops (self, self->audio_valve), NULL);
}

static void
kv_call_sender_dispose (GObject *object)
{
  KvCallSender *self = KV_CALL_SENDER (object);

  g_clear_object (&self->video_pad);
  g_clear_object (&self->audio_pad);
  g_clear_object (&self->video_encoder);
  g_clear_object (&self->video_valve);
  g_clear_object (&self->audio_valve);
  g_clear_object (&self->webrtc);
  g_clear_object (&self->pipeline);

  G_OBJECT_CLASS (kv_call_sender_parent_class)->dispose (object);
}

static void
kv_call_sender_finalize (GObject *object)
{
  g_clear_pointer (&KV_CALL_SENDER (object)->config, kv_media_config_free);

  G_OBJECT_CLASS (kv_call_sender_parent_class)->finalize (object);
}

static void
kv_call_sender_class_init (KvCallSenderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kv_call_sender_dispose;
  object_class->finalize = kv_call_sender_finalize;
}

static void
kv_call_sender_init (KvCallSender *self)
{
  self->held = TRUE;
  self->video_ssrc = kv_media_random_ssrc ();
  do
    self->audio_ssrc = kv_media_random_ssrc ();
  while (self->audio_ssrc == self->video_ssrc);
}

/**
 * kv_call_sender_new:
 * @config: the media configuration (copied)
 * @pipeline: the call's pipeline, which the encoders join
 * @webrtc: its webrtcbin
 * @video_valve: the video hold valve, linked from the camera
 * @audio_valve: the audio hold valve, linked from the microphone
 *
 * The elements belong to @pipeline; the sender keeps a reference while it
 * lives. Media starts held.
 *
 * Returns: (transfer full): the sender
 */
KvCallSender *
kv_call_sender_new (const KvMediaConfig *config,
                    GstBin              *pipeline,
                    GstElement          *webrtc,
                    GstElement          *video_valve,
                    GstElement          *audio_valve)
{
  KvCallSender *self = g_object_new (KV_TYPE_CALL_SENDER, NULL);

  self->config = kv_media_config_copy (config);
  self->pipeline = g_object_ref (pipeline);
  self->webrtc = g_object_ref (webrtc);
  self->video_valve = g_object_ref (video_valve);
  self->audio_valve = g_object_ref (audio_valve);
  /* Nothing is linked yet: both drop. */
  update_valves (self);
  return self;
}

/**
 * kv_call_sender_set_held:
 * @self: a #KvCallSender
 * @held: %TRUE: nothing is encoded or sent
 */
void
kv_call_sender_set_held (KvCallSender *self,
                         gboolean      held)
{
  g_return_if_fail (KV_IS_CALL_SENDER (self));

  if (self->held == held || self->stopped)
    {
      self->held = held;
      return;
    }
  self->held = held;

  if (!held && self->video_encoder != NULL)
    {
      g_autoptr(GstPad) pad = gst_element_get_static_pad (self->video_encoder, "sink");

      /* The peer's decoder waits for a keyframe: make the first released
       * frame one instead of waiting for the periodic one (up to 2 s).
       * Sent before the valve opens, so no delta frame slips out first. */
      gst_pad_send_event (pad, gst_video_event_new_downstream_force_key_unit (
                                 GST_CLOCK_TIME_NONE, GST_CLOCK_TIME_NONE,
                                 GST_CLOCK_TIME_NONE, TRUE, 0));
    }
  update_valves (self);
}

/**
 * kv_call_sender_set_audio_held:
 * @self: a #KvCallSender
 * @held: %TRUE: no sound is encoded or sent; the picture goes on
 *
 * The sound's own hold, besides kv_call_sender_set_held(): the audio
 * valve drops while either holds it. Opus needs no keyframe, so the sound
 * is back with the next buffer.
 */
void
kv_call_sender_set_audio_held (KvCallSender *self,
                               gboolean      held)
{
  g_return_if_fail (KV_IS_CALL_SENDER (self));

  self->audio_held = !!held;
  if (!self->stopped)
    update_valves (self);
}

/* The next frame this side encodes is a keyframe, so a peer decoder that
 * lost the stream can start from it. Asked the way a receiver's keyframe
 * request arrives: upstream, on the encoder's source pad. A downstream
 * event on its sink pad is serialized and waits for the streaming thread's
 * stream lock, which blocked the main loop for good when that thread was
 * itself waiting (seen once in ~10 runs of bench-media-link). */
void
kv_call_sender_force_keyframe (KvCallSender *self)
{
  g_autoptr(GstPad) pad = NULL;

  g_return_if_fail (KV_IS_CALL_SENDER (self));

  if (self->video_encoder == NULL || self->stopped)
    return;
  pad = gst_element_get_static_pad (self->video_encoder, "src");
  gst_pad_send_event (pad, gst_video_event_new_upstream_force_key_unit (GST_CLOCK_TIME_NONE,
                                                                        TRUE, 0));
}

/* Requests webrtcbin's sink pad for media line @mline and sets up its
 * transceiver: send and receive, the codecs this side accepts. */
static GstPad *
request_sender_pad (KvCallSender  *self,
                    guint          mline,
                    GstCaps       *codec_caps,
                    gboolean       video,
                    GError       **error)
{
  g_autofree char *pad_name = g_strdup_printf ("sink_%u", mline);
  g_autoptr(GstWebRTCRTPTransceiver) transceiver = NULL;
  GstPad *pad = gst_element_request_pad_simple (self->webrtc, pad_name);

  if (pad == NULL)
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_PIPELINE,
                   "webrtcbin refused a sender for media line %u", mline);
      return NULL;
    }
  g_object_get (pad, "transceiver", &transceiver, NULL);
  if (transceiver != NULL)
    {
      /* NACK + RTX for video: on a lossy link a lost packet is resent
       * within a round trip instead of the picture waiting for the next
       * keyframe. Not for audio: Opus FEC and concealment cover losses, a
       * resent packet would come too late, and Chromium refuses an audio
       * RTX ssrc-group ("Failed to add remote stream ssrc"). */
      g_object_set (transceiver,
                    "direction", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_SENDRECV,
                    "codec-preferences", codec_caps,
                    "do-nack", video,
                    NULL);
    }
  return pad;
}

/* The offerer offers every configured codec: its senders are linked only
 * when the answer says which codec the peer chose (webrtcbin 1.22 would
 * otherwise offer only what the linked encoder produces). */
gboolean
kv_call_sender_add_offer_senders (KvCallSender  *self,
                                  GError       **error)
{
  g_autoptr(GstCaps) video_caps = gst_caps_new_empty ();
  g_autoptr(GstCaps) audio_caps = kv_media_opus_rtp_caps (KV_PT_OPUS);

  g_return_val_if_fail (KV_IS_CALL_SENDER (self), FALSE);

  for (guint i = 0; i < self->config->n_codecs; i++)
    {
      KvVideoCodec codec = self->config->codecs[i];

      gst_caps_append (video_caps,
                       kv_media_codec_rtp_caps (codec, codec == KV_VIDEO_CODEC_H264
                                                       ? KV_PT_H264 : KV_PT_VP8));
    }

  self->video_pad = request_sender_pad (self, 0, video_caps, TRUE, error);
  if (self->video_pad == NULL)
    return FALSE;
  self->audio_pad = request_sender_pad (self, 1, audio_caps, FALSE, error);
  return self->audio_pad != NULL;
}

/**
 * kv_call_sender_add_answer_senders:
 * @self: a #KvCallSender
 * @video_mline: the offer's video media line
 * @codec: the video codec to send
 * @video_pt: the offer's payload type for it
 * @audio_mline: the offer's Opus media line, or -1
 * @audio_pt: the offer's payload type for Opus
 * @error: return location for a #KV_MEDIA_ERROR
 *
 * The answerer's senders, on the offer's media lines.
 *
 * Returns: whether webrtcbin gave the pads
 */
gboolean
kv_call_sender_add_answer_senders (KvCallSender  *self,
                                   guint          video_mline,
                                   KvVideoCodec   codec,
                                   guint          video_pt,
                                   int            audio_mline,
                                   guint          audio_pt,
                                   GError       **error)
{
  g_autoptr(GstCaps) video_caps = kv_media_codec_rtp_caps (codec, video_pt);

  g_return_val_if_fail (KV_IS_CALL_SENDER (self), FALSE);

  /* The answer must name the SSRCs this side will send with. webrtcbin
   * 1.22 takes them from the caps its sink pads have seen, and a held
   * sender has sent none yet: the answer then says "ssrc-group:FID 0
   * <rtx>", and Chromium, told of SSRCs, drops the real stream as
   * unknown (no picture ever). The payloaders send with these. An
   * offer names no SSRC, and browsers take an unnamed stream as it
   * comes (the browser test covers both roles). */
  gst_caps_set_simple (video_caps, "ssrc", G_TYPE_UINT, self->video_ssrc, NULL);

  self->video_pad = request_sender_pad (self, video_mline, video_caps, TRUE, error);
  if (self->video_pad == NULL)
    return FALSE;
  if (audio_mline >= 0)
    {
      g_autoptr(GstCaps) audio_caps = kv_media_opus_rtp_caps (audio_pt);

      gst_caps_set_simple (audio_caps, "ssrc", G_TYPE_UINT, self->audio_ssrc, NULL);

      self->audio_pad = request_sender_pad (self, (guint) audio_mline, audio_caps, FALSE, error);
      if (self->audio_pad == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
link_encoder (KvCallSender  *self,
              GstElement    *valve,
              GstElement    *encoder,
              GstPad        *sink_pad,
              GError       **error)
{
  g_autoptr(GstPad) encoder_src = gst_element_get_static_pad (encoder, "src");

  gst_bin_add (self->pipeline, encoder);
  if (!gst_element_link (valve, encoder)
      || GST_PAD_LINK_FAILED (gst_pad_link (encoder_src, sink_pad)))
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_PIPELINE,
                   "Could not link the %s", GST_OBJECT_NAME (encoder));
      return FALSE;
    }
  gst_element_sync_state_with_parent (encoder);
  g_object_set (valve, "drop", valve_drops (self, valve), NULL);
  return TRUE;
}

/**
 * kv_call_sender_link:
 * @self: a #KvCallSender with its pads
 * @codec: the video codec to send
 * @video_pt: its payload type
 * @audio_pt: Opus's payload type, or -1 to send no audio
 * @error: return location for a #KV_MEDIA_ERROR
 *
 * Links the encoders, once the negotiation chose what to send.
 *
 * Returns: whether they are linked
 */
gboolean
kv_call_sender_link (KvCallSender  *self,
                     KvVideoCodec   codec,
                     guint          video_pt,
                     int            audio_pt,
                     GError       **error)
{
  GstElement *encoder;

  g_return_val_if_fail (KV_IS_CALL_SENDER (self), FALSE);

  encoder = kv_media_make_video_encoder (self->config, codec, video_pt, self->video_ssrc, error);
  if (encoder == NULL)
    return FALSE;
  self->video_encoder = g_object_ref (encoder);
  self->video_linked = TRUE;
  if (!link_encoder (self, self->video_valve, encoder, self->video_pad, error))
    return FALSE;

  if (audio_pt < 0 || self->audio_pad == NULL)
    return TRUE;
  encoder = kv_media_make_audio_encoder ((guint) audio_pt, self->audio_ssrc, error);
  if (encoder == NULL)
    return FALSE;
  self->audio_linked = TRUE;
  return link_encoder (self, self->audio_valve, encoder, self->audio_pad, error);
}

/* The pipeline is going down: nothing is held, released or forced any
 * more. Idempotent. */
void
kv_call_sender_stop (KvCallSender *self)
{
  g_return_if_fail (KV_IS_CALL_SENDER (self));

  self->stopped = TRUE;
}
