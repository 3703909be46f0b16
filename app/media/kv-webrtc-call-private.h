/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by kv-webrtc-call.c (the GObject, its properties and test hooks)
 * and kv-webrtc-call-engine.c (the call's life: pipelines, recovery, the
 * KvCallBackend methods). */

#include "kv-webrtc-call.h"

#include "kv-call-pipeline.h"
#include "kv-media-watchdog.h"
#include "kv-netsim.h"
#include "kv-video-paintable.h"

G_BEGIN_DECLS

/* While connected, statistics are refreshed this often. */
#define STATS_INTERVAL_MS 1000

/* While this side has no picture, it sends a keyframe this often. The
 * path is then most likely down both ways, and when it comes back the
 * peer's decoder needs a keyframe: its request can wait ~1.4 s for the
 * RTCP of a pipeline younger than 1.5 s (kv-call-receive.c), which a
 * rebuild attempt always is, and the periodic keyframe comes every 2 s.
 * Measured (test-call-recovery, 10 s blackout, picture back on both):
 * median 0.55 s and up to 1.6 s without (6 runs); median 0.42 s with (18
 * runs), 16 of them within 0.6 s, 2 at 1.35 s (the attempt in progress
 * ran out of time just after the path came back and the next one showed
 * the picture). Into a dead path they cost nothing; if only the other
 * direction is broken, the peer gets two extra keyframes a second until
 * this side's picture is back. */
#define STALLED_KEYFRAME_INTERVAL_MS 500

enum {
  PROP_0,
  PROP_CONFIG,
  PROP_OFFERER,
  PROP_ICE_SERVERS,
  PROP_CLOCK,
  PROP_FAULT_INJECTION,
  PROP_STATE,
  PROP_HELD,
  PROP_MEDIA_FLOWING,
  PROP_REMOTE_PAINTABLE,
  PROP_SELF_PAINTABLE,
  PROP_INPUT_LEVEL,
  PROP_LOST_US,
  PROP_GENERATION,
  N_PROPS
};

extern GParamSpec *kv_webrtc_call_properties[N_PROPS];

struct _KvWebrtcCall
{
  GObject           parent_instance;

  KvMediaConfig    *config;
  gboolean          offerer;
  GPtrArray        *ice_servers;      /* KvIceServer, as given */
  KvClock          *clock;
  gboolean          fault_injection;

  GStrv             stun_urls;
  GStrv             turn_urls;
  KvNetsim         *netsim;
  KvMediaWatchdog  *watchdog;
  KvVideoPaintable *remote_paintable;
  KvVideoPaintable *self_paintable;
  KvCallPipeline   *pipeline;
  guint             stats_source;
  guint             stalled_keyframe_source;

  KvCallState       state;
  gboolean          started;
  gboolean          held;
  gboolean          ever_connected;
  gboolean          offer_received;   /* answerer: this generation has its offer */
  gboolean          answer_received;  /* offerer: this generation has its answer */
  guint             generation;
  guint             n_rebuilds;
  double            input_level;
  KvCallStats       stats;
};

void kv_webrtc_call_backend_init     (KvCallBackendInterface *iface);
void kv_webrtc_call_drop_pipeline    (KvWebrtcCall           *self);
void kv_webrtc_call_connect_watchdog (KvWebrtcCall           *self);
void kv_webrtc_call_collect_ice_urls (KvWebrtcCall           *self);

G_END_DECLS
