/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-webrtc-call.h"

G_BEGIN_DECLS

/* Two calls in one process, wired to each other as the server would relay
 * them, over loopback. */
typedef struct
{
  KvWebrtcCall *offerer;
  KvWebrtcCall *answerer;
  gboolean      tamper_offer_fingerprint;
  GError       *offerer_error;
  GError       *answerer_error;
  guint         n_descriptions;
  guint         n_candidates;
} KvCallPair;

/* After g_test_init(): GStreamer 1.22 rtpsession race, see the .c file. */
void           kv_test_tolerate_rtpsession_race (void);

KvMediaConfig *kv_test_media_config        (const char  *pattern,
                                            KvVideoCodec codec);
void           kv_call_pair_init           (KvCallPair  *pair,
                                            const char  *offerer_pattern,
                                            const char  *answerer_pattern,
                                            KvVideoCodec codec,
                                            gboolean     fault_injection);
void           kv_call_pair_init_full      (KvCallPair          *pair,
                                            const KvMediaConfig *offerer_config,
                                            const KvMediaConfig *answerer_config);
void           kv_call_pair_clear          (KvCallPair  *pair);
void           kv_call_pair_start          (KvCallPair  *pair,
                                            gboolean     held);
gboolean       kv_call_pair_both_connected (KvCallPair  *pair);
void           kv_call_pair_settle         (KvCallPair  *pair);

typedef gboolean (*KvTestCondition) (gpointer data);

gboolean       kv_test_wait_until          (KvTestCondition condition,
                                            gpointer        data,
                                            guint           timeout_ms);
void           kv_test_run_for             (guint           ms);
gboolean       kv_test_remote_frames_at_least (KvWebrtcCall *call,
                                               guint64       n,
                                               guint         timeout_ms);
gboolean       kv_test_remote_colour_is    (KvWebrtcCall *call,
                                            guint8        r,
                                            guint8        g,
                                            guint8        b);
GstElement    *kv_test_find_element        (GstElement   *bin,
                                            const char   *factory_name);
guint          kv_test_count_open_fds      (void);
gsize          kv_test_rss_kb              (void);

G_END_DECLS
