/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

#include "kv-call-backend.h"
#include "kv-call-pipeline.h"
#include "kv-call-stats.h"
#include "kv-media-config.h"
#include "kv-media-watchdog.h"
#include "kv-netsim.h"
#include "kv-protocol.h"
#include "kv-video-paintable.h"

G_BEGIN_DECLS

#define KV_TYPE_CALL_GENERATIONS (kv_call_generations_get_type ())
G_DECLARE_FINAL_TYPE (KvCallGenerations, kv_call_generations, KV, CALL_GENERATIONS, GObject)

KvCallGenerations *kv_call_generations_new       (KvCallBackend       *backend,
                                                  const KvMediaConfig *config,
                                                  gboolean             offerer,
                                                  GStrv                stun_urls,
                                                  GStrv                turn_urls,
                                                  KvVideoPaintable    *remote_paintable,
                                                  KvVideoPaintable    *self_paintable,
                                                  KvNetsim            *netsim,
                                                  KvMediaWatchdog     *watchdog);
gboolean           kv_call_generations_start     (KvCallGenerations   *self,
                                                  gboolean             held,
                                                  GError             **error);
gboolean           kv_call_generations_rebuild   (KvCallGenerations   *self,
                                                  guint                generation,
                                                  GError             **error);
void               kv_call_generations_drop      (KvCallGenerations   *self);
gboolean           kv_call_generations_set_remote_description (KvCallGenerations *self,
                                                               KvSdpType          type,
                                                               const char        *sdp,
                                                               guint              generation,
                                                               GError           **error);
void               kv_call_generations_add_remote_candidate   (KvCallGenerations *self,
                                                               guint              mline_index,
                                                               const char        *candidate,
                                                               guint              generation);
void               kv_call_generations_set_held  (KvCallGenerations   *self,
                                                  gboolean             held);
void               kv_call_generations_set_audio_held (KvCallGenerations *self,
                                                       gboolean           held);
gboolean           kv_call_generations_send_play_message (KvCallGenerations *self,
                                                          const char        *json,
                                                          GError           **error);
void               kv_call_generations_force_keyframe (KvCallGenerations *self);

guint              kv_call_generations_get_generation (KvCallGenerations *self);
guint              kv_call_generations_get_n_rebuilds (KvCallGenerations *self);
double             kv_call_generations_get_input_level (KvCallGenerations *self);
KvCallPipeline    *kv_call_generations_get_pipeline  (KvCallGenerations *self);

G_END_DECLS
