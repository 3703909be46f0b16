/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-call-stats.h"

#include <gst/webrtc/webrtc.h>
#include <string.h>

/*
 * Reads webrtcbin's statistics (a structure of structures keyed by stats
 * id, each with a "type" of GstWebRTCStatsType) into a KvCallStats.
 */

typedef struct
{
  guint64 bytes_in;
  guint64 bytes_out;
  gint64  lost;
  double  rtt_s;
  char   *codec;
  char   *selected_local_id;
  char   *selected_remote_id;
  const GstStructure *all;
} Totals;

static void
copy_field (char       *dest,
            gsize       size,
            const char *value)
{
  g_strlcpy (dest, value != NULL ? value : "", size);
}

static gboolean
on_stats_field (GQuark        field_id,
                const GValue *value,
                gpointer      data)
{
  Totals *totals = data;
  const GstStructure *s;
  GstWebRTCStatsType type;
  guint64 u64;
  gint64 i64;
  double d;
  int i;

  if (!GST_VALUE_HOLDS_STRUCTURE (value))
    return TRUE;
  s = gst_value_get_structure (value);
  if (!gst_structure_get (s, "type", GST_TYPE_WEBRTC_STATS_TYPE, &type, NULL))
    return TRUE;

  switch (type)
    {
    case GST_WEBRTC_STATS_INBOUND_RTP:
      if (gst_structure_get_uint64 (s, "bytes-received", &u64))
        totals->bytes_in += u64;
      if (gst_structure_get_int64 (s, "packets-lost", &i64))
        totals->lost += MAX (i64, 0);
      else if (gst_structure_get_int (s, "packets-lost", &i))
        totals->lost += MAX (i, 0);
      break;
    case GST_WEBRTC_STATS_OUTBOUND_RTP:
      if (gst_structure_get_uint64 (s, "bytes-sent", &u64))
        totals->bytes_out += u64;
      break;
    case GST_WEBRTC_STATS_REMOTE_INBOUND_RTP:
      if (gst_structure_get_double (s, "round-trip-time", &d) && d > totals->rtt_s)
        totals->rtt_s = d;
      break;
    case GST_WEBRTC_STATS_CODEC:
      {
        const char *mime = NULL;
        const char *slash;

        if (gst_structure_get_string (s, "mime-type") != NULL)
          mime = gst_structure_get_string (s, "mime-type");
        slash = mime != NULL ? strchr (mime, '/') : NULL;
        if (mime != NULL && g_str_has_prefix (mime, "video/") && slash != NULL)
          {
            g_free (totals->codec);
            totals->codec = g_ascii_strup (slash + 1, -1);
          }
      }
      break;
    case GST_WEBRTC_STATS_CANDIDATE_PAIR:
      if (totals->selected_local_id == NULL)
        {
          gst_structure_get (s,
                             "local-candidate-id", G_TYPE_STRING, &totals->selected_local_id,
                             "remote-candidate-id", G_TYPE_STRING, &totals->selected_remote_id,
                             NULL);
        }
      break;
    default:
      break;
    }
  return TRUE;
}

static void
candidate_type (const GstStructure *all,
                const char         *id,
                char               *dest,
                gsize               size)
{
  const GstStructure *candidate = NULL;
  const char *type = NULL;

  if (id == NULL)
    return;
  if (gst_structure_get (all, id, GST_TYPE_STRUCTURE, &candidate, NULL) && candidate != NULL)
    {
      type = gst_structure_get_string (candidate, "candidate-type");
      copy_field (dest, size, type);
      gst_structure_free ((GstStructure *) candidate);
    }
}

/**
 * kv_call_stats_update_from_webrtc:
 * @stats: (inout): the previous figures (zeroed the first time)
 * @webrtc_stats: the reply of webrtcbin's `get-stats`
 * @now_us: monotonic time now
 *
 * Updates the webrtcbin figures, and the bitrates from the difference to
 * the previous figures. The engine's own counters (frames, freezes) are
 * filled by the call.
 */
void
kv_call_stats_update_from_webrtc (KvCallStats        *stats,
                                  const GstStructure *webrtc_stats,
                                  gint64              now_us)
{
  Totals totals = { .rtt_s = -1.0, .all = webrtc_stats };

  gst_structure_foreach (webrtc_stats, on_stats_field, &totals);

  if (stats->taken_us > 0 && now_us > stats->taken_us)
    {
      double seconds = (now_us - stats->taken_us) / (double) G_USEC_PER_SEC;

      stats->bitrate_in_kbps = totals.bytes_in >= stats->bytes_received
                               ? (totals.bytes_in - stats->bytes_received) * 8.0 / 1000.0 / seconds
                               : 0.0;
      stats->bitrate_out_kbps = totals.bytes_out >= stats->bytes_sent
                                ? (totals.bytes_out - stats->bytes_sent) * 8.0 / 1000.0 / seconds
                                : 0.0;
    }
  stats->taken_us = now_us;
  stats->bytes_received = totals.bytes_in;
  stats->bytes_sent = totals.bytes_out;
  stats->packets_lost = totals.lost;
  stats->round_trip_ms = totals.rtt_s >= 0 ? totals.rtt_s * 1000.0 : -1.0;
  if (totals.codec != NULL)
    copy_field (stats->video_codec, sizeof stats->video_codec, totals.codec);
  candidate_type (webrtc_stats, totals.selected_local_id, stats->local_candidate_type,
                  sizeof stats->local_candidate_type);
  candidate_type (webrtc_stats, totals.selected_remote_id, stats->remote_candidate_type,
                  sizeof stats->remote_candidate_type);

  g_free (totals.codec);
  g_free (totals.selected_local_id);
  g_free (totals.selected_remote_id);
}

/* One line of JSON, for logs and benchmarks (no addresses, nothing
 * personal). */
char *
kv_call_stats_to_json (const KvCallStats *stats)
{
  return g_strdup_printf ("{\"codec\":\"%s\",\"bitrate_in_kbps\":%.1f,"
                          "\"bitrate_out_kbps\":%.1f,\"bytes_received\":%" G_GUINT64_FORMAT ","
                          "\"bytes_sent\":%" G_GUINT64_FORMAT ",\"packets_lost\":%" G_GINT64_FORMAT ","
                          "\"frames_decoded\":%" G_GUINT64_FORMAT ",\"freezes\":%u,"
                          "\"round_trip_ms\":%.1f,\"local_candidate\":\"%s\","
                          "\"remote_candidate\":\"%s\"}",
                          stats->video_codec, stats->bitrate_in_kbps, stats->bitrate_out_kbps,
                          stats->bytes_received, stats->bytes_sent, stats->packets_lost,
                          stats->frames_decoded, stats->freezes, stats->round_trip_ms,
                          stats->local_candidate_type, stats->remote_candidate_type);
}
