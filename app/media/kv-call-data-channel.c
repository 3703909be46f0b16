/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-call-pipeline-private.h"

#include "kv-call-backend.h"

#include <string.h>

/*
 * The play channel of KvCallPipeline: a WebRTC data channel for stickers
 * and shared play. Its callbacks run on the SCTP thread and only hop to
 * the main context.
 */

/* Data channel --------------------------------------------------------- */

static void
on_play_message_ready (KvCallPipeline *self,
                       gpointer        data)
{
  g_signal_emit (self, kv_call_pipeline_signals[KV_CALL_PIPELINE_SIGNAL_PLAY_MESSAGE], 0,
                 (const char *) data);
}

static void
on_channel_message (GstWebRTCDataChannel *channel,
                    const char           *text,
                    gpointer              data)
{
  /* Peer input: drop what is oversized or not text, never assert on it. */
  if (text == NULL || strlen (text) > KV_CALL_MAX_PLAY_MESSAGE_SIZE
      || !g_utf8_validate (text, -1, NULL))
    return;
  kv_hop_to_main (data, on_play_message_ready, g_strdup (text), g_free);
}

static void
on_channel_open_ready (KvCallPipeline *self,
                       gpointer        data)
{
  g_signal_emit (self, kv_call_pipeline_signals[KV_CALL_PIPELINE_SIGNAL_CHANNEL_OPEN], 0);
}

static void
on_channel_open (GstWebRTCDataChannel *channel,
                 gpointer              data)
{
  kv_hop_to_main (data, on_channel_open_ready, NULL, NULL);
}

static void
on_channel_for_answerer (KvCallPipeline *self,
                         gpointer        data)
{
  GstWebRTCDataChannel *channel = data;

  if (self->channel == NULL)
    kv_call_pipeline_setup_data_channel (self, g_object_ref (channel));
}

void
kv_call_pipeline_on_data_channel (GstElement           *webrtc,
                 GstWebRTCDataChannel *channel,
                 gpointer              data)
{
  g_autofree char *label = NULL;

  g_object_get (channel, "label", &label, NULL);
  if (g_strcmp0 (label, KV_PLAY_CHANNEL_LABEL) != 0)
    return;
  /* Connect the callbacks right here so no early message is missed; the
   * object itself is stored on the main thread. */
  g_signal_connect_data (channel, "on-message-string", G_CALLBACK (on_channel_message),
                         kv_hop_link_ref (data), kv_hop_link_closure_unref, 0);
  kv_hop_to_main (data, on_channel_for_answerer, g_object_ref (channel), g_object_unref);
}

/* Takes @channel. */
void
kv_call_pipeline_setup_data_channel (KvCallPipeline       *self,
                                     GstWebRTCDataChannel *channel)
{
  GstWebRTCDataChannelState state;

  g_clear_object (&self->channel);
  self->channel = channel;
  if (self->offerer)
    g_signal_connect_data (channel, "on-message-string", G_CALLBACK (on_channel_message),
                           kv_hop_link_ref (self->link), kv_hop_link_closure_unref, 0);
  g_signal_connect_data (channel, "on-open", G_CALLBACK (on_channel_open),
                         kv_hop_link_ref (self->link), kv_hop_link_closure_unref, 0);
  g_object_get (channel, "ready-state", &state, NULL);
  if (state == GST_WEBRTC_DATA_CHANNEL_STATE_OPEN)
    on_channel_open_ready (self, NULL);
}

