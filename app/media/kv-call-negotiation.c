/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-call-pipeline-private.h"

#include "kv-call-backend.h"
#include "kv-dtls-verifier.h"
#include "kv-media-codecs.h"
#include "kv-media-error.h"

#include <gst/sdp/sdp.h>
#include <string.h>

/*
 * The negotiation half of KvCallPipeline: offer/answer through webrtcbin's
 * promises, ICE candidates both ways, the data channel, and the peer
 * identity check when DTLS connects. Promise and signal callbacks run on
 * webrtcbin's and libnice's threads: they only hop to the main context.
 */

/* Enough media lines for audio, video and data, with room to spare. */
#define MAX_MLINE_INDEX 16

typedef struct
{
  GstWebRTCSDPType type;
  char            *sdp;
  KvHopLink       *link;  /* nullable */
} LocalDescription;

static void
local_description_free (gpointer data)
{
  LocalDescription *desc = data;

  g_free (desc->sdp);
  g_clear_pointer (&desc->link, kv_hop_link_unref);
  g_free (desc);
}

static void
on_local_description_ready (KvCallPipeline *self,
                            gpointer        data)
{
  LocalDescription *desc = data;

  g_signal_emit (self, kv_call_pipeline_signals[KV_CALL_PIPELINE_SIGNAL_LOCAL_DESCRIPTION], 0,
                 desc->type == GST_WEBRTC_SDP_TYPE_OFFER ? KV_SDP_OFFER : KV_SDP_ANSWER,
                 desc->sdp);
}

static void
on_negotiation_error (KvCallPipeline *self,
                      gpointer        data)
{
  kv_call_pipeline_fail (self, g_error_new (KV_MEDIA_ERROR, KV_MEDIA_ERROR_NEGOTIATION,
                                            "%s", (char *) data));
}

/* webrtcbin thread: our description is applied; send it to the peer. */
static void
on_local_description_set (GstPromise *promise,
                          gpointer    data)
{
  LocalDescription *local = data;
  LocalDescription *copy;

  copy = g_new0 (LocalDescription, 1);
  copy->type = local->type;
  copy->sdp = g_strdup (local->sdp);
  kv_hop_to_main (local->link, on_local_description_ready, copy, local_description_free);
}

/* webrtcbin thread: the offer or answer is made; apply it as ours. */
static void
on_description_created (GstPromise *promise,
                        gpointer    data)
{
  KvHopLink *link = data;
  g_autoptr(KvCallPipeline) self = g_weak_ref_get (&link->pipeline);
  GstWebRTCSessionDescription *desc = NULL;
  const GstStructure *reply;
  LocalDescription *local;
  GstPromise *set_promise;

  if (gst_promise_wait (promise) != GST_PROMISE_RESULT_REPLIED || self == NULL)
    {
      gst_promise_unref (promise);
      return;
    }
  reply = gst_promise_get_reply (promise);
  if (reply != NULL)
    gst_structure_get (reply,
                       gst_structure_has_field (reply, "offer") ? "offer" : "answer",
                       GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &desc, NULL);
  gst_promise_unref (promise);

  if (desc == NULL)
    {
      kv_hop_to_main (link, on_negotiation_error,
                      g_strdup ("webrtcbin could not create a session description"), g_free);
      return;
    }

  local = g_new0 (LocalDescription, 1);
  local->type = desc->type;
  local->sdp = gst_sdp_message_as_text (desc->sdp);
  local->link = kv_hop_link_ref (link);
  set_promise = gst_promise_new_with_change_func (on_local_description_set, local,
                                                  local_description_free);
  g_signal_emit_by_name (self->webrtc, "set-local-description", desc, set_promise);
  gst_promise_unref (set_promise);
  gst_webrtc_session_description_free (desc);
}

static void
create_description (KvCallPipeline *self,
                    const char     *action)
{
  GstPromise *promise = gst_promise_new_with_change_func (on_description_created,
                                                          kv_hop_link_ref (self->link),
                                                          kv_hop_link_unref);

  g_signal_emit_by_name (self->webrtc, action, NULL, promise);
}

/* webrtcbin thread: the peer's offer is applied; answer at once. */
static void
on_remote_offer_set (GstPromise *promise,
                     gpointer    data)
{
  KvHopLink *link = data;
  g_autoptr(KvCallPipeline) self = g_weak_ref_get (&link->pipeline);

  if (self != NULL && !self->stopped)
    create_description (self, "create-answer");
}

/* Which codec to send, and with which payload types, when answering: the
 * first video codec of the offer that this kiosk is configured for (the
 * offerer's order, as RFC 3264 asks), and the offer's Opus payload type.
 * webrtcbin answers with the offer's payload types but does not change the
 * payloaders': without this, media from a browser offerer (VP8=96,
 * Opus=111) silently never arrives. */
static void
choose_from_offer (KvCallPipeline *self,
                   GstSDPMessage  *sdp,
                   int            *video_mline,
                   KvVideoCodec   *video_codec,
                   guint          *video_pt,
                   int            *audio_mline,
                   guint          *audio_pt)
{
  *video_mline = -1;
  *audio_mline = -1;

  for (guint i = 0; i < gst_sdp_message_medias_len (sdp) && i < MAX_MLINE_INDEX; i++)
    {
      const GstSDPMedia *media = gst_sdp_message_get_media (sdp, i);
      const char *kind = gst_sdp_media_get_media (media);

      for (guint f = 0; f < gst_sdp_media_formats_len (media); f++)
        {
          guint pt = (guint) g_ascii_strtoull (gst_sdp_media_get_format (media, f), NULL, 10);
          g_autoptr(GstCaps) caps = NULL;
          const GstStructure *s;
          const char *name;

          if (pt > 127)
            continue;
          caps = gst_sdp_media_get_caps_from_media (media, (int) pt);
          if (caps == NULL || gst_caps_is_empty (caps))
            continue;
          s = gst_caps_get_structure (caps, 0);
          name = gst_structure_get_string (s, "encoding-name");
          if (name == NULL)
            continue;

          if (g_strcmp0 (kind, "audio") == 0 && *audio_mline < 0
              && g_ascii_strcasecmp (name, "OPUS") == 0)
            {
              *audio_mline = (int) i;
              *audio_pt = pt;
            }
          else if (g_strcmp0 (kind, "video") == 0 && *video_mline < 0)
            {
              const char *mode = gst_structure_get_string (s, "packetization-mode");
              const char *profile = gst_structure_get_string (s, "profile-level-id");

              for (guint c = 0; c < self->config->n_codecs; c++)
                {
                  KvVideoCodec codec = self->config->codecs[c];

                  if (g_ascii_strcasecmp (name, kv_media_codec_encoding_name (codec)) != 0)
                    continue;
                  /* x264 sends constrained baseline in packetization mode
                   * 1: skip the offer's other H.264 variants. */
                  if (codec == KV_VIDEO_CODEC_H264
                      && (g_strcmp0 (mode, "1") != 0
                          || (profile != NULL && !g_str_has_prefix (profile, "42"))))
                    continue;
                  *video_mline = (int) i;
                  *video_codec = codec;
                  *video_pt = pt;
                  break;
                }
            }
        }
    }
}

/* Requests webrtcbin's sink pad for media line @mline and sets up its
 * transceiver: send and receive, the codecs this side accepts. */
static GstPad *
request_sender_pad (KvCallPipeline  *self,
                    guint            mline,
                    GstCaps         *codec_caps,
                    gboolean         video,
                    GError         **error)
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

static gboolean
link_sender (KvCallPipeline  *self,
             GstElement      *valve,
             GstElement      *encoder,
             GstPad          *sink_pad,
             GError         **error)
{
  g_autoptr(GstPad) encoder_src = gst_element_get_static_pad (encoder, "src");

  gst_bin_add (GST_BIN (self->pipeline), encoder);
  if (!gst_element_link (valve, encoder)
      || GST_PAD_LINK_FAILED (gst_pad_link (encoder_src, sink_pad)))
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_PIPELINE,
                   "Could not link the %s", GST_OBJECT_NAME (encoder));
      return FALSE;
    }
  gst_element_sync_state_with_parent (encoder);
  g_object_set (valve, "drop", self->held, NULL);
  return TRUE;
}

static gboolean
link_video_sender (KvCallPipeline  *self,
                   KvVideoCodec     codec,
                   guint            pt,
                   GError         **error)
{
  GstElement *encoder = kv_media_make_video_encoder (self->config, codec, pt,
                                                     self->video_ssrc, error);

  if (encoder == NULL)
    return FALSE;
  self->video_encoder = encoder;
  self->video_linked = TRUE;
  /* Before the description is applied, so before the peer's first video
   * packet: the receive side tells video from audio by it. */
  g_atomic_int_set (&self->video_pt, (gint) pt);
  return link_sender (self, self->video_valve, encoder, self->video_pad, error);
}

static gboolean
link_audio_sender (KvCallPipeline  *self,
                   guint            pt,
                   GError         **error)
{
  GstElement *encoder = kv_media_make_audio_encoder (pt, self->audio_ssrc, error);

  if (encoder == NULL)
    return FALSE;
  self->audio_linked = TRUE;
  return link_sender (self, self->audio_valve, encoder, self->audio_pad, error);
}

/* The offerer offers every configured codec: its senders are linked only
 * when the answer says which codec the peer chose (webrtcbin 1.22 would
 * otherwise offer only what the linked encoder produces). */
gboolean
kv_call_pipeline_add_offer_senders (KvCallPipeline  *self,
                                    GError         **error)
{
  g_autoptr(GstCaps) video_caps = gst_caps_new_empty ();
  g_autoptr(GstCaps) audio_caps = kv_media_opus_rtp_caps (KV_PT_OPUS);

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

void
kv_call_pipeline_create_offer (KvCallPipeline *self)
{
  GstWebRTCDataChannel *channel = NULL;

  /* The data channel must exist before the offer so that the offer has
   * its m=application line. Reliable and ordered: stickers are few and
   * must all arrive, in order. */
  g_signal_emit_by_name (self->webrtc, "create-data-channel", KV_PLAY_CHANNEL_LABEL, NULL,
                         &channel);
  if (channel != NULL)
    kv_call_pipeline_setup_data_channel (self, channel);
  create_description (self, "create-offer");
}

gboolean
kv_call_pipeline_set_remote_description (KvCallPipeline  *self,
                                         KvSdpType        type,
                                         const char      *sdp_text,
                                         GError         **error)
{
  g_autoptr(GstSDPMessage) sdp = NULL;
  GstWebRTCSessionDescription *desc;
  GstPromise *promise = NULL;

  g_return_val_if_fail (KV_IS_CALL_PIPELINE (self), FALSE);

  if (self->stopped)
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_INVALID_STATE, "The call has ended");
      return FALSE;
    }
  if ((type == KV_SDP_OFFER) == self->offerer)
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_BAD_DESCRIPTION,
                   "Received an %s, but this side is the %s", type == KV_SDP_OFFER ? "offer" : "answer",
                   self->offerer ? "offerer" : "answerer");
      return FALSE;
    }
  if (self->offer_applied)
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_INVALID_STATE,
                   "A description was already applied to this call generation");
      return FALSE;
    }
  if (sdp_text == NULL || gst_sdp_message_new_from_text (sdp_text, &sdp) != GST_SDP_OK
      || gst_sdp_message_medias_len (sdp) == 0)
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_BAD_DESCRIPTION,
                   "The peer's session description is not valid SDP");
      return FALSE;
    }

  g_clear_pointer (&self->fingerprint_algorithm, g_free);
  g_clear_pointer (&self->fingerprint, g_free);
  if (!kv_dtls_fingerprint_from_sdp (sdp_text, &self->fingerprint_algorithm,
                                     &self->fingerprint, error))
    return FALSE;

  {
    int video_mline, audio_mline;
    KvVideoCodec codec = KV_VIDEO_CODEC_H264;
    guint video_pt = 0, audio_pt = 0;

    /* Offer: what to send, with the offer's payload types. Answer: the
     * codec the peer chose among those offered. */
    choose_from_offer (self, sdp, &video_mline, &codec, &video_pt, &audio_mline, &audio_pt);
    if (video_mline < 0)
      {
        g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_NEGOTIATION,
                     "The peer has no video codec in common with this kiosk");
        return FALSE;
      }

    if (type == KV_SDP_OFFER)
      {
        g_autoptr(GstCaps) video_caps = kv_media_codec_rtp_caps (codec, video_pt);

        /* The answer must name the SSRCs this side will send with. webrtcbin
         * 1.22 takes them from the caps its sink pads have seen, and a held
         * sender has sent none yet: the answer then says "ssrc-group:FID 0
         * <rtx>", and Chromium, told of SSRCs, drops the real stream as
         * unknown (no picture ever). The payloaders send with these. An
         * offer names no SSRC, and browsers take an unnamed stream as it
         * comes (the browser test covers both roles). */
        gst_caps_set_simple (video_caps, "ssrc", G_TYPE_UINT, self->video_ssrc, NULL);

        self->video_pad = request_sender_pad (self, (guint) video_mline, video_caps, TRUE, error);
        if (self->video_pad == NULL)
          return FALSE;
        if (audio_mline >= 0)
          {
            g_autoptr(GstCaps) audio_caps = kv_media_opus_rtp_caps (audio_pt);

            gst_caps_set_simple (audio_caps, "ssrc", G_TYPE_UINT, self->audio_ssrc, NULL);

            self->audio_pad = request_sender_pad (self, (guint) audio_mline, audio_caps, FALSE,
                                                  error);
            if (self->audio_pad == NULL)
              return FALSE;
          }
        promise = gst_promise_new_with_change_func (on_remote_offer_set,
                                                    kv_hop_link_ref (self->link),
                                                    kv_hop_link_unref);
      }

    if (!link_video_sender (self, codec, video_pt, error))
      return FALSE;
    if (audio_mline >= 0 && self->audio_pad != NULL
        && !link_audio_sender (self, audio_pt, error))
      return FALSE;
  }

  self->offer_applied = TRUE;
  desc = gst_webrtc_session_description_new (type == KV_SDP_OFFER ? GST_WEBRTC_SDP_TYPE_OFFER
                                                                   : GST_WEBRTC_SDP_TYPE_ANSWER,
                                             g_steal_pointer (&sdp));
  g_signal_emit_by_name (self->webrtc, "set-remote-description", desc, promise);
  gst_webrtc_session_description_free (desc);
  g_clear_pointer (&promise, gst_promise_unref);
  return TRUE;
}

gboolean
kv_call_pipeline_add_remote_candidate (KvCallPipeline  *self,
                                       guint            mline_index,
                                       const char      *candidate,
                                       GError         **error)
{
  const char *line = candidate;

  g_return_val_if_fail (KV_IS_CALL_PIPELINE (self), FALSE);

  if (self->stopped)
    return TRUE;
  /* An empty candidate is the end of candidates: libnice needs no notice. */
  if (line == NULL || *line == '\0')
    return TRUE;
  if (g_str_has_prefix (line, "a="))
    line += 2;
  if (mline_index >= MAX_MLINE_INDEX || !g_str_has_prefix (line, "candidate:")
      || strlen (line) > 1024 || strpbrk (line, "\r\n") != NULL
      || !g_utf8_validate (line, -1, NULL))
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_BAD_CANDIDATE,
                   "The peer's ICE candidate is malformed");
      return FALSE;
    }

  g_signal_emit_by_name (self->webrtc, "add-ice-candidate", mline_index, line);
  return TRUE;
}

/* ICE ------------------------------------------------------------------ */

typedef struct
{
  guint  mline;
  char  *candidate;
} LocalCandidate;

static void
local_candidate_free (gpointer data)
{
  LocalCandidate *c = data;

  g_free (c->candidate);
  g_free (c);
}

static void
on_local_candidate_ready (KvCallPipeline *self,
                          gpointer        data)
{
  LocalCandidate *c = data;

  g_signal_emit (self, kv_call_pipeline_signals[KV_CALL_PIPELINE_SIGNAL_LOCAL_CANDIDATE], 0,
                 c->mline, c->candidate);
}

static void
on_ice_candidate (GstElement *webrtc,
                  guint       mline,
                  const char *candidate,
                  gpointer    data)
{
  LocalCandidate *c = g_new0 (LocalCandidate, 1);

  c->mline = mline;
  c->candidate = g_strdup (candidate);
  kv_hop_to_main (data, on_local_candidate_ready, c, local_candidate_free);
}

/* Peer identity -------------------------------------------------------- */

static char *
remote_certificate (KvCallPipeline *self)
{
  g_autoptr(GArray) transceivers = NULL;
  char *pem = NULL;

  g_signal_emit_by_name (self->webrtc, "get-transceivers", &transceivers);
  for (guint i = 0; transceivers != NULL && i < transceivers->len && pem == NULL; i++)
    {
      GstWebRTCRTPTransceiver *transceiver =
        g_array_index (transceivers, GstWebRTCRTPTransceiver *, i);
      g_autoptr(GstWebRTCRTPReceiver) receiver = NULL;
      g_autoptr(GstWebRTCDTLSTransport) transport = NULL;

      g_object_get (transceiver, "receiver", &receiver, NULL);
      if (receiver != NULL)
        g_object_get (receiver, "transport", &transport, NULL);
      if (transport != NULL)
        g_object_get (transport, "remote-certificate", &pem, NULL);
    }
  return pem;
}

static void
on_connection_state_changed (KvCallPipeline *self,
                             gpointer        data)
{
  GstWebRTCPeerConnectionState state;
  g_autofree char *pem = NULL;
  g_autoptr(GError) error = NULL;

  g_object_get (self->webrtc, "connection-state", &state, NULL);
  g_debug ("Peer connection state %d", state);

  if (state == GST_WEBRTC_PEER_CONNECTION_STATE_FAILED)
    {
      kv_call_pipeline_fail (self, g_error_new (KV_MEDIA_ERROR, KV_MEDIA_ERROR_CONNECTION_FAILED,
                                                "Could not connect to the other kiosk"));
      return;
    }
  if (state != GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED || self->connected)
    return;

  /* GStreamer 1.22 accepts any certificate: compare it with the SDP. */
  pem = remote_certificate (self);
  if (self->fingerprint == NULL
      || !kv_dtls_verify_certificate (pem, self->fingerprint_algorithm, self->fingerprint,
                                      &error))
    {
      if (error == NULL)
        error = g_error_new (KV_MEDIA_ERROR, KV_MEDIA_ERROR_NO_FINGERPRINT,
                             "Connected before the peer's description was known");
      kv_call_pipeline_fail (self, g_steal_pointer (&error));
      return;
    }

  self->connected = TRUE;
  /* Only now may the peer's picture and sound reach the screen and the
   * speaker. */
  g_object_set (self->video_recv_valve, "drop", FALSE, NULL);
  g_object_set (self->audio_recv_valve, "drop", FALSE, NULL);
  kv_call_pipeline_schedule_rtcp_tuning (self);
  g_signal_emit (self, kv_call_pipeline_signals[KV_CALL_PIPELINE_SIGNAL_CONNECTED], 0);
}

static void
on_connection_state_notify (GstElement *webrtc,
                            GParamSpec *pspec,
                            gpointer    data)
{
  kv_hop_to_main (data, on_connection_state_changed, NULL, NULL);
}

void
kv_call_pipeline_connect_negotiation (KvCallPipeline *self)
{
  g_signal_connect_data (self->webrtc, "on-ice-candidate", G_CALLBACK (on_ice_candidate),
                         kv_hop_link_ref (self->link), kv_hop_link_closure_unref, 0);
  g_signal_connect_data (self->webrtc, "notify::connection-state",
                         G_CALLBACK (on_connection_state_notify),
                         kv_hop_link_ref (self->link), kv_hop_link_closure_unref, 0);
  g_signal_connect_data (self->webrtc, "on-data-channel", G_CALLBACK (kv_call_pipeline_on_data_channel),
                         kv_hop_link_ref (self->link), kv_hop_link_closure_unref, 0);
  /* on-negotiation-needed is not connected: the offerer offers when it
   * starts, and an answerer with linked senders gets it too (ignore). */
}
