/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-call-negotiator.h"

#include "kv-core-enums.h"
#include "kv-dtls-verifier.h"
#include "kv-main-hop.h"
#include "kv-media-codecs.h"
#include "kv-media-error.h"

#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>
#include <string.h>

/**
 * KvCallNegotiator:
 *
 * The negotiation of one call pipeline: offer and answer through
 * webrtcbin's promises, ICE candidates both ways, and the peer's identity
 * when DTLS connects (GStreamer 1.22 does not check the certificate
 * against the SDP fingerprint; this does, and only then opens the
 * #KvCallReceiver). It chooses what the #KvCallSender sends from the
 * offer. Promise and signal callbacks run on webrtcbin's and libnice's
 * threads: they only hop to the main context.
 *
 * Signals (main context): "local-description" (#KvSdpType, const char
 * *sdp), "local-candidate" (guint mline, const char *candidate),
 * "connected" (and the peer verified), "failed" (#GError).
 */

enum {
  SIGNAL_LOCAL_DESCRIPTION,
  SIGNAL_LOCAL_CANDIDATE,
  SIGNAL_CONNECTED,
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _KvCallNegotiator
{
  GObject         parent_instance;

  KvMediaConfig  *config;
  gboolean        offerer;
  GstElement     *webrtc;
  KvCallSender   *sender;
  KvCallReceiver *receiver;
  KvPlayChannel  *channel;
  KvMainHop      *hop;

  gboolean        offer_applied;
  gboolean        connected;
  char           *fingerprint_algorithm;
  char           *fingerprint;
};

G_DEFINE_FINAL_TYPE (KvCallNegotiator, kv_call_negotiator, G_TYPE_OBJECT)

/* Takes @error. */
static void
fail (KvCallNegotiator *self,
      GError           *error)
{
  g_autoptr(GError) owned = error;

  if (kv_main_hop_is_closed (self->hop))
    return;
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, error);
}

/* Enough media lines for audio, video and data, with room to spare. */
#define MAX_MLINE_INDEX 16

typedef struct
{
  GstWebRTCSDPType type;
  char            *sdp;
  KvMainHop       *hop;   /* nullable */
} LocalDescription;

static void
local_description_free (gpointer data)
{
  LocalDescription *desc = data;

  g_free (desc->sdp);
  g_clear_pointer (&desc->hop, kv_main_hop_unref);
  g_free (desc);
}

static void
on_local_description_ready (gpointer target,
                            gpointer data)
{
  LocalDescription *desc = data;

  g_signal_emit (target, signals[SIGNAL_LOCAL_DESCRIPTION], 0,
                 desc->type == GST_WEBRTC_SDP_TYPE_OFFER ? KV_SDP_OFFER : KV_SDP_ANSWER,
                 desc->sdp);
}

static void
on_negotiation_error (gpointer target,
                      gpointer data)
{
  fail (target, g_error_new (KV_MEDIA_ERROR, KV_MEDIA_ERROR_NEGOTIATION, "%s", (char *) data));
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
  kv_main_hop_run (local->hop, on_local_description_ready, copy, local_description_free);
}

/* webrtcbin thread: the offer or answer is made; apply it as ours. */
static void
on_description_created (GstPromise *promise,
                        gpointer    data)
{
  KvMainHop *hop = data;
  g_autoptr(KvCallNegotiator) self = kv_main_hop_dup_target (hop);
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
      kv_main_hop_run (hop, on_negotiation_error,
                       g_strdup ("webrtcbin could not create a session description"), g_free);
      return;
    }

  local = g_new0 (LocalDescription, 1);
  local->type = desc->type;
  local->sdp = gst_sdp_message_as_text (desc->sdp);
  local->hop = kv_main_hop_ref (hop);
  set_promise = gst_promise_new_with_change_func (on_local_description_set, local,
                                                  local_description_free);
  g_signal_emit_by_name (self->webrtc, "set-local-description", desc, set_promise);
  gst_promise_unref (set_promise);
  gst_webrtc_session_description_free (desc);
}

static void
create_description (KvCallNegotiator *self,
                    const char       *action)
{
  GstPromise *promise = gst_promise_new_with_change_func (on_description_created,
                                                          kv_main_hop_ref (self->hop),
                                                          kv_main_hop_unref);

  g_signal_emit_by_name (self->webrtc, action, NULL, promise);
}

/* webrtcbin thread: the peer's offer is applied; answer at once. */
static void
on_remote_offer_set (GstPromise *promise,
                     gpointer    data)
{
  KvMainHop *hop = data;
  g_autoptr(KvCallNegotiator) self = kv_main_hop_dup_target (hop);

  if (self != NULL && !kv_main_hop_is_closed (hop))
    create_description (self, "create-answer");
}

/* Which codec to send, and with which payload types, when answering: the
 * first video codec of the offer that this kiosk is configured for (the
 * offerer's order, as RFC 3264 asks), and the offer's Opus payload type.
 * webrtcbin answers with the offer's payload types but does not change the
 * payloaders': without this, media from a browser offerer (VP8=96,
 * Opus=111) silently never arrives. */
static void
choose_from_offer (KvCallNegotiator *self,
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

/**
 * kv_call_negotiator_create_offer:
 * @self: the offerer's #KvCallNegotiator, its senders added
 *
 * Makes the offer; #KvCallNegotiator::local-description brings it.
 */
void
kv_call_negotiator_create_offer (KvCallNegotiator *self)
{
  g_return_if_fail (KV_IS_CALL_NEGOTIATOR (self));

  /* The data channel must exist before the offer so that the offer has
   * its m=application line. */
  kv_play_channel_create (self->channel);
  create_description (self, "create-offer");
}

gboolean
kv_call_negotiator_set_remote_description (KvCallNegotiator  *self,
                                           KvSdpType          type,
                                           const char        *sdp_text,
                                           GError           **error)
{
  g_autoptr(GstSDPMessage) sdp = NULL;
  GstWebRTCSessionDescription *desc;
  GstPromise *promise = NULL;

  g_return_val_if_fail (KV_IS_CALL_NEGOTIATOR (self), FALSE);

  if (kv_main_hop_is_closed (self->hop))
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
        if (!kv_call_sender_add_answer_senders (self->sender, (guint) video_mline, codec, video_pt,
                                                audio_mline, audio_pt, error))
          return FALSE;
        promise = gst_promise_new_with_change_func (on_remote_offer_set,
                                                    kv_main_hop_ref (self->hop),
                                                    kv_main_hop_unref);
      }

    /* Before the description is applied, so before the peer's first video
     * packet: the receive side tells video from audio by it. */
    kv_call_receiver_set_video_pt (self->receiver, video_pt);
    if (!kv_call_sender_link (self->sender, codec, video_pt,
                              audio_mline >= 0 ? (int) audio_pt : -1, error))
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
kv_call_negotiator_add_remote_candidate (KvCallNegotiator  *self,
                                         guint              mline_index,
                                         const char        *candidate,
                                         GError           **error)
{
  const char *line = candidate;

  g_return_val_if_fail (KV_IS_CALL_NEGOTIATOR (self), FALSE);

  if (kv_main_hop_is_closed (self->hop))
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
on_local_candidate_ready (gpointer target,
                          gpointer data)
{
  LocalCandidate *c = data;

  g_signal_emit (target, signals[SIGNAL_LOCAL_CANDIDATE], 0, c->mline, c->candidate);
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
  kv_main_hop_run (data, on_local_candidate_ready, c, local_candidate_free);
}

/* Peer identity -------------------------------------------------------- */

static char *
remote_certificate (KvCallNegotiator *self)
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
on_connection_state_changed (gpointer target,
                             gpointer data)
{
  KvCallNegotiator *self = target;
  GstWebRTCPeerConnectionState state;
  g_autofree char *pem = NULL;
  g_autoptr(GError) error = NULL;

  g_object_get (self->webrtc, "connection-state", &state, NULL);
  g_debug ("Peer connection state %d", state);

  if (state == GST_WEBRTC_PEER_CONNECTION_STATE_FAILED)
    {
      fail (self, g_error_new (KV_MEDIA_ERROR, KV_MEDIA_ERROR_CONNECTION_FAILED,
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
      fail (self, g_steal_pointer (&error));
      return;
    }

  self->connected = TRUE;
  /* Only now may the peer's picture and sound reach the screen and the
   * speaker. */
  kv_call_receiver_open (self->receiver);
  g_signal_emit (self, signals[SIGNAL_CONNECTED], 0);
}

static void
on_connection_state_notify (GstElement *webrtc,
                            GParamSpec *pspec,
                            gpointer    data)
{
  kv_main_hop_run (data, on_connection_state_changed, NULL, NULL);
}

/* GObject ---------------------------------------------------------------- */

static void
kv_call_negotiator_dispose (GObject *object)
{
  KvCallNegotiator *self = KV_CALL_NEGOTIATOR (object);

  kv_call_negotiator_stop (self);
  g_clear_object (&self->channel);
  g_clear_object (&self->receiver);
  g_clear_object (&self->sender);
  g_clear_object (&self->webrtc);

  G_OBJECT_CLASS (kv_call_negotiator_parent_class)->dispose (object);
}

static void
kv_call_negotiator_finalize (GObject *object)
{
  KvCallNegotiator *self = KV_CALL_NEGOTIATOR (object);

  g_clear_pointer (&self->config, kv_media_config_free);
  g_clear_pointer (&self->fingerprint_algorithm, g_free);
  g_clear_pointer (&self->fingerprint, g_free);
  g_clear_pointer (&self->hop, kv_main_hop_unref);

  G_OBJECT_CLASS (kv_call_negotiator_parent_class)->finalize (object);
}

static void
kv_call_negotiator_class_init (KvCallNegotiatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kv_call_negotiator_dispose;
  object_class->finalize = kv_call_negotiator_finalize;

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
}

static void
kv_call_negotiator_init (KvCallNegotiator *self)
{
  self->hop = kv_main_hop_new (self);
}

/**
 * kv_call_negotiator_new:
 * @config: the media configuration (copied)
 * @offerer: whether this side offers
 * @webrtc: the call's webrtcbin
 * @sender: what the call sends
 * @receiver: what it receives
 * @channel: its play channel
 *
 * Returns: (transfer full): the negotiator, listening to webrtcbin
 */
KvCallNegotiator *
kv_call_negotiator_new (const KvMediaConfig *config,
                        gboolean             offerer,
                        GstElement          *webrtc,
                        KvCallSender        *sender,
                        KvCallReceiver      *receiver,
                        KvPlayChannel       *channel)
{
  KvCallNegotiator *self = g_object_new (KV_TYPE_CALL_NEGOTIATOR, NULL);

  self->config = kv_media_config_copy (config);
  self->offerer = offerer;
  self->webrtc = g_object_ref (webrtc);
  self->sender = g_object_ref (sender);
  self->receiver = g_object_ref (receiver);
  self->channel = g_object_ref (channel);

  g_signal_connect_data (webrtc, "on-ice-candidate", G_CALLBACK (on_ice_candidate),
                         kv_main_hop_ref (self->hop), kv_main_hop_closure_unref, 0);
  g_signal_connect_data (webrtc, "notify::connection-state",
                         G_CALLBACK (on_connection_state_notify),
                         kv_main_hop_ref (self->hop), kv_main_hop_closure_unref, 0);
  /* on-negotiation-needed is not connected: the offerer offers when it
   * starts, and an answerer with linked senders gets it too (ignore). */
  return self;
}

/* The pipeline is going down: nothing from webrtcbin reaches us any more
 * (its handlers only hop, and the hop is closed). Idempotent. */
void
kv_call_negotiator_stop (KvCallNegotiator *self)
{
  g_return_if_fail (KV_IS_CALL_NEGOTIATOR (self));

  kv_main_hop_close (self->hop);
}
