/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-play-channel.h"

#include "kv-call-backend.h"
#include "kv-main-hop.h"
#include "kv-media-error.h"

#include <gst/webrtc/webrtc.h>
#include <string.h>

/**
 * KvPlayChannel:
 *
 * The play channel of one call pipeline: a WebRTC data channel for
 * stickers and shared play. The offerer makes it before its offer (so the
 * offer has its m=application line); the answerer gets it from webrtcbin.
 * Reliable and ordered: stickers are few and must all arrive, in order.
 * Its callbacks run on the SCTP thread and only hop to the main context.
 *
 * Signals (main context): "message-received" (const char *text, UTF-8
 * and within %KV_CALL_MAX_PLAY_MESSAGE_SIZE), "opened".
 */

enum {
  SIGNAL_MESSAGE_RECEIVED,
  SIGNAL_OPENED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _KvPlayChannel
{
  GObject               parent_instance;

  GstElement           *webrtc;
  gboolean              offerer;
  KvMainHop            *hop;
  GstWebRTCDataChannel *channel;
};

G_DEFINE_FINAL_TYPE (KvPlayChannel, kv_play_channel, G_TYPE_OBJECT)

static void
on_message_ready (gpointer target,
                  gpointer data)
{
  g_signal_emit (target, signals[SIGNAL_MESSAGE_RECEIVED], 0, (const char *) data);
}

static void
on_channel_message (GstWebRTCDataChannel *channel,
                    const char           *text,
                    gpointer              hop)
{
  /* Peer input: drop what is oversized or not text, never assert on it. */
  if (text == NULL || strlen (text) > KV_CALL_MAX_PLAY_MESSAGE_SIZE
      || !g_utf8_validate (text, -1, NULL))
    return;
  kv_main_hop_run (hop, on_message_ready, g_strdup (text), g_free);
}

static void
on_open_ready (gpointer target,
               gpointer data)
{
  g_signal_emit (target, signals[SIGNAL_OPENED], 0);
}

static void
on_channel_open (GstWebRTCDataChannel *channel,
                 gpointer              hop)
{
  kv_main_hop_run (hop, on_open_ready, NULL, NULL);
}

/* Takes @channel. */
static void
set_up (KvPlayChannel        *self,
        GstWebRTCDataChannel *channel)
{
  GstWebRTCDataChannelState state;

  g_clear_object (&self->channel);
  self->channel = channel;
  if (self->offerer)
    g_signal_connect_data (channel, "on-message-string", G_CALLBACK (on_channel_message),
                           kv_main_hop_ref (self->hop), kv_main_hop_closure_unref, 0);
  g_signal_connect_data (channel, "on-open", G_CALLBACK (on_channel_open),
                         kv_main_hop_ref (self->hop), kv_main_hop_closure_unref, 0);
  g_object_get (channel, "ready-state", &state, NULL);
  if (state == GST_WEBRTC_DATA_CHANNEL_STATE_OPEN)
    on_open_ready (self, NULL);
}

static void
on_channel_for_answerer (gpointer target,
                         gpointer data)
{
  KvPlayChannel *self = target;

  if (self->channel == NULL)
    set_up (self, g_object_ref (data));
}

static void
on_data_channel (GstElement           *webrtc,
                 GstWebRTCDataChannel *channel,
                 gpointer              hop)
{
  g_autofree char *label = NULL;

  g_object_get (channel, "label", &label, NULL);
  if (g_strcmp0 (label, KV_PLAY_CHANNEL_LABEL) != 0)
    return;
  /* Connect the callbacks right here so no early message is missed; the
   * object itself is stored on the main thread. */
  g_signal_connect_data (channel, "on-message-string", G_CALLBACK (on_channel_message),
                         kv_main_hop_ref (hop), kv_main_hop_closure_unref, 0);
  kv_main_hop_run (hop, on_channel_for_answerer, g_object_ref (channel), g_object_unref);
}

static void
kv_play_channel_dispose (GObject *object)
{
  KvPlayChannel *self = KV_PLAY_CHANNEL (object);

  kv_play_channel_stop (self);
  g_clear_object (&self->channel);
  g_clear_object (&self->webrtc);
  g_clear_pointer (&self->hop, kv_main_hop_unref);

  G_OBJECT_CLASS (kv_play_channel_parent_class)->dispose (object);
}

static void
kv_play_channel_class_init (KvPlayChannelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kv_play_channel_dispose;

  /**
   * KvPlayChannel::message-received:
   * @self: the channel
   * @text: a play message from the peer (UTF-8, not validated further)
   */
  signals[SIGNAL_MESSAGE_RECEIVED] =
    g_signal_new ("message-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * KvPlayChannel::opened:
   * @self: the channel
   *
   * Play messages can be sent now.
   */
  signals[SIGNAL_OPENED] =
    g_signal_new ("opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kv_play_channel_init (KvPlayChannel *self)
{
  self->hop = kv_main_hop_new (self);
}

/**
 * kv_play_channel_new:
 * @webrtc: the call's webrtcbin
 * @offerer: whether this side makes the channel
 *
 * Returns: (transfer full): the play channel, waiting for the peer's
 *   channel (answerer) or for kv_play_channel_create() (offerer)
 */
KvPlayChannel *
kv_play_channel_new (GstElement *webrtc,
                     gboolean    offerer)
{
  KvPlayChannel *self = g_object_new (KV_TYPE_PLAY_CHANNEL, NULL);

  self->webrtc = g_object_ref (webrtc);
  self->offerer = offerer;
  g_signal_connect_data (webrtc, "on-data-channel", G_CALLBACK (on_data_channel),
                         kv_main_hop_ref (self->hop), kv_main_hop_closure_unref, 0);
  return self;
}

/* The offerer, before it makes its offer. */
void
kv_play_channel_create (KvPlayChannel *self)
{
  GstWebRTCDataChannel *channel = NULL;

  g_return_if_fail (KV_IS_PLAY_CHANNEL (self));

  g_signal_emit_by_name (self->webrtc, "create-data-channel", KV_PLAY_CHANNEL_LABEL, NULL,
                         &channel);
  if (channel != NULL)
    set_up (self, channel);
}

gboolean
kv_play_channel_send (KvPlayChannel  *self,
                      const char     *text,
                      GError        **error)
{
  GstWebRTCDataChannelState state = GST_WEBRTC_DATA_CHANNEL_STATE_CLOSED;

  g_return_val_if_fail (KV_IS_PLAY_CHANNEL (self), FALSE);

  if (self->channel != NULL)
    g_object_get (self->channel, "ready-state", &state, NULL);
  if (kv_main_hop_is_closed (self->hop) || state != GST_WEBRTC_DATA_CHANNEL_STATE_OPEN)
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_NOT_CONNECTED,
                   "The play channel is not open");
      return FALSE;
    }
  g_signal_emit_by_name (self->channel, "send-string", text);
  return TRUE;
}

/* The pipeline is going down: nothing from webrtcbin or the channel
 * reaches us any more (their handlers only hop, and the hop is closed).
 * Idempotent. */
void
kv_play_channel_stop (KvPlayChannel *self)
{
  g_return_if_fail (KV_IS_PLAY_CHANNEL (self));

  kv_main_hop_close (self->hop);
}
