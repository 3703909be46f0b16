/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/**
 * KvCallStats:
 * @taken_us: monotonic time of these figures
 * @video_codec: e.g. "H264", "VP8" ("" before negotiation)
 * @bitrate_in_kbps: received RTP (all streams) since the previous figures
 * @bitrate_out_kbps: sent RTP (all streams) since the previous figures
 * @bytes_received: RTP payload bytes received, video + audio
 * @bytes_sent: RTP payload bytes sent, video + audio
 * @packets_lost: RTP packets the receiver reported lost (inbound, all)
 * @frames_decoded: remote pictures shown
 * @freezes: remote picture gaps over 500 ms while released
 * @round_trip_ms: from RTCP, -1 if unknown
 * @local_candidate_type: "host", "srflx", "relay", ... ("" if unknown)
 * @remote_candidate_type: the same for the peer
 *
 * A call's figures, from webrtcbin's `get-stats` plus the engine's own
 * counters.
 */
typedef struct
{
  gint64  taken_us;
  char    video_codec[16];
  double  bitrate_in_kbps;
  double  bitrate_out_kbps;
  guint64 bytes_received;
  guint64 bytes_sent;
  gint64  packets_lost;
  guint64 frames_decoded;
  guint   freezes;
  double  round_trip_ms;
  char    local_candidate_type[16];
  char    remote_candidate_type[16];
} KvCallStats;

void  kv_call_stats_update_from_webrtc (KvCallStats        *stats,
                                        const GstStructure *webrtc_stats,
                                        gint64              now_us);
char *kv_call_stats_to_json            (const KvCallStats  *stats);

G_END_DECLS
