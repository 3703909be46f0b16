/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by kv-call-pipeline.c (building, media, teardown) and
 * kv-call-negotiation.c (offer/answer, ICE, peer identity): one object,
 * two files, so neither grows past what one can read. */

#include "kv-call-pipeline.h"

#include <gst/webrtc/webrtc.h>

G_BEGIN_DECLS

/* The data channel's label, the same on both sides. */
#define KV_PLAY_CHANNEL_LABEL "kinvisit-play"

enum {
  KV_CALL_PIPELINE_SIGNAL_LOCAL_DESCRIPTION,
  KV_CALL_PIPELINE_SIGNAL_LOCAL_CANDIDATE,
  KV_CALL_PIPELINE_SIGNAL_CONNECTED,
  KV_CALL_PIPELINE_SIGNAL_FAILED,
  KV_CALL_PIPELINE_SIGNAL_PLAY_MESSAGE,
  KV_CALL_PIPELINE_SIGNAL_CHANNEL_OPEN,
  KV_CALL_PIPELINE_SIGNAL_INPUT_LEVEL_CHANGED,
  KV_CALL_PIPELINE_N_SIGNALS
};

extern guint kv_call_pipeline_signals[KV_CALL_PIPELINE_N_SIGNALS];

/* Lets a GStreamer thread reach the pipeline object on the main context
 * without keeping it alive. */
typedef struct
{
  gatomicrefcount  ref_count;
  GWeakRef         pipeline;
  GMainContext    *context;
} KvHopLink;

typedef void (*KvHopFunc) (KvCallPipeline *self, gpointer data);

struct _KvCallPipeline
{
  GObject               parent_instance;

  KvMediaConfig        *config;
  gboolean              offerer;
  GStrv                 stun_urls;
  GStrv                 turn_urls;
  KvVideoPaintable     *remote_paintable;
  KvVideoPaintable     *self_paintable;
  KvNetsim             *netsim;
  KvHopLink            *link;

  GstElement           *pipeline;
  GstElement           *webrtc;
  GstElement           *video_valve;
  GstElement           *audio_valve;
  GstElement           *video_recv_valve;
  GstElement           *audio_recv_valve;
  GstElement           *audio_recv_entry;
  GstElement           *video_encoder;
  GstElement           *rtpbin;        /* webrtcbin's, not owned */
  GstPad               *video_pad;     /* webrtcbin's video sink pad */
  GstPad               *audio_pad;     /* webrtcbin's audio sink pad */
  GstWebRTCDataChannel *channel;
  guint                 bus_watch;
  guint                 rtcp_tuning_source;
  char                 *echo_probe_name;

  gboolean              held;
  gboolean              stopped;
  gboolean              connected;
  gboolean              offer_applied;
  gboolean              video_linked;
  gboolean              audio_linked;
  gint                  video_pt;      /* atomic: read on streaming threads */
  guint32               video_ssrc;    /* chosen here, not by the payloaders, */
  guint32               audio_ssrc;    /* so the answer can name them early */
  char                 *fingerprint_algorithm;
  char                 *fingerprint;

  double                input_level;
  double                remote_audio_level;
  guint64               remote_audio_buffers;
  KvCallStats           stats;
};

KvHopLink *kv_hop_link_ref   (KvHopLink      *link);
void       kv_hop_link_unref (gpointer        link);
void       kv_hop_link_closure_unref (gpointer  link,
                                      GClosure *closure);
void       kv_hop_to_main    (KvHopLink      *link,
                              KvHopFunc       func,
                              gpointer        data,
                              GDestroyNotify  free_data);
void       kv_call_pipeline_fail (KvCallPipeline *self,
                                  GError         *error);

/* kv-call-negotiation.c */
void     kv_call_pipeline_connect_negotiation (KvCallPipeline  *self);
gboolean kv_call_pipeline_add_offer_senders   (KvCallPipeline  *self,
                                               GError         **error);
void     kv_call_pipeline_create_offer        (KvCallPipeline  *self);
/* kv-call-receive.c */
void     kv_call_pipeline_tune_receivers      (KvCallPipeline *self);
void     kv_call_pipeline_schedule_rtcp_tuning (KvCallPipeline *self);
void     kv_call_pipeline_on_pad_added        (GstElement     *webrtc,
                                               GstPad         *pad,
                                               gpointer        self);
gboolean kv_call_pipeline_on_bus_message      (GstBus         *bus,
                                               GstMessage     *message,
                                               gpointer        self);

/* kv-call-data-channel.c */
void     kv_call_pipeline_on_data_channel     (GstElement           *webrtc,
                                               GstWebRTCDataChannel *channel,
                                               gpointer              link);
void     kv_call_pipeline_setup_data_channel  (KvCallPipeline       *self,
                                               GstWebRTCDataChannel *channel);

G_END_DECLS
