/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-bench"

#include "config.h"

#include "kv-call-backend.h"
#include "kv-call-test-utils.h"
#include "kv-media-init.h"
#include "kv-webrtc-call.h"

#include <gst/video/video.h>
#include <stdio.h>
#include <string.h>

/*
 * Why the picture freezes on a lossy link: one H.264 call over loopback,
 * once settled (kv_call_pair_settle()), with 5% of the RTP packets (and
 * retransmissions) dropped on both send paths, for KV_BENCH_SECONDS
 * (default 30). For each side it prints the freezes (> 500 ms without a
 * decoded frame) and their lengths, what the jitter buffers recovered and
 * lost, the keyframe requests made by the depayloader, the PLIs and NACKs
 * that went over RTCP, and the keyframes the peer's encoder made, and the
 * RTCP each side sent, so a freeze can be traced to its cause.
 *
 * KV_BENCH_LOSS overrides the loss (0..1). KV_BENCH_TIMELINE=1 prints,
 * for each repair, when (after the lost-packet event) the depayloader
 * asked for a keyframe, the peer's encoder got the request and made the
 * keyframe, and the picture came back. KV_BENCH_RELEASE=N instead
 * releases N held, connected calls and prints when the first frame was
 * encoded, reached the peer's depayloader and was shown. For experiments,
 * KV_BENCH_SET="factory.property=value;..." sets properties on every
 * element of that factory as it is made (rtpjitterbuffer, x264enc, ...),
 * and "session.property=value" on rtpbin's RTPSession.
 */

typedef struct _Side
{
  const char   *name;
  KvWebrtcCall *call;
  gint64        last_frame_us;
  GArray       *gaps_ms;          /* double; gaps over 200 ms */
  guint         keyframes_made;   /* by this side's encoder */
  guint64       keyframe_bytes;
  guint64       delta_bytes;
  guint         delta_frames;
  guint         key_unit_requests_in;  /* reaching this side's encoder */
  guint         depay_key_requests;    /* made by this side's depayloader */
  guint         depay_lost_events;
  gint64        lost_us;          /* first lost-packet event not yet repaired */
  struct _Side *peer;
  double        seconds;          /* since watching began */
  GString      *timeline;         /* per repair: request, key unit at peer, keyframe, picture */
  gint64        released_us;      /* KV_BENCH_RELEASE: first encoded, depayloaded, shown */
  gint64        first_encoded_us;
  gint64        first_depay_us;
  gint64        first_shown_us;
  gboolean      first_was_key;
  guint64       rtcp_bytes;       /* sent by this side */
  guint64       rtcp_packets;
} Side;

/* @kind: a factory name, or "session" for rtpbin's internal RTPSession */
static void
apply_settings_to (GObject    *object,
                   const char *kind)
{
  const char *spec = g_getenv ("KV_BENCH_SET");
  g_auto(GStrv) items = NULL;

  if (spec == NULL)
    return;
  items = g_strsplit (spec, ";", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) fv = g_strsplit (items[i], "=", 2);
      g_auto(GStrv) fp = NULL;

      if (fv[0] == NULL || fv[1] == NULL)
        continue;
      fp = g_strsplit (fv[0], ".", 2);
      if (fp[0] == NULL || fp[1] == NULL
          || !g_str_equal (fp[0], kind))
        continue;
      gst_util_set_object_arg (object, fp[1], fv[1]);
    }
}

static void
apply_settings (GstElement *element)
{
  GstElementFactory *factory = gst_element_get_factory (element);

  if (factory != NULL)
    apply_settings_to (G_OBJECT (element), GST_OBJECT_NAME (factory));
}

static GstPadProbeReturn
on_encoded (GstPad          *pad,
            GstPadProbeInfo *info,
            gpointer         data)
{
  Side *side = data;

  if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
    {
      GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);

      /* The first frame after the release (a held sender encodes one
       * frame early, which is not sent). */
      if (side->first_encoded_us == 0 && side->released_us != 0)
        {
          side->first_encoded_us = g_get_monotonic_time ();
          side->first_was_key = !GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT);
        }
      if (GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT))
        {
          side->delta_bytes += gst_buffer_get_size (buffer);
          side->delta_frames++;
        }
      else
        {
          if (side->peer->lost_us != 0)
            g_string_append_printf (side->peer->timeline, " key@%.0f",
                                    (g_get_monotonic_time () - side->peer->lost_us) / 1000.0);
          side->keyframes_made++;
          side->keyframe_bytes += gst_buffer_get_size (buffer);
        }
    }
  else if (gst_video_event_is_force_key_unit (GST_PAD_PROBE_INFO_EVENT (info)))
    {
      if (side->peer->lost_us != 0)
        g_string_append_printf (side->peer->timeline, " fku@%.0f",
                                (g_get_monotonic_time () - side->peer->lost_us) / 1000.0);
      side->key_unit_requests_in++;
    }
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
on_depay_event (GstPad          *pad,
                GstPadProbeInfo *info,
                gpointer         data)
{
  Side *side = data;
  GstEvent *event;

  if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
    {
      if (side->first_depay_us == 0)
        side->first_depay_us = g_get_monotonic_time ();
      return GST_PAD_PROBE_OK;
    }
  event = GST_PAD_PROBE_INFO_EVENT (info);

  if (GST_EVENT_TYPE (event) == GST_EVENT_CUSTOM_UPSTREAM
      && gst_video_event_is_force_key_unit (event))
    {
      if (side->lost_us != 0)
        g_string_append_printf (side->timeline, " req@%.0f",
                                (g_get_monotonic_time () - side->lost_us) / 1000.0);
      side->depay_key_requests++;
    }
  else if (GST_EVENT_TYPE (event) == GST_EVENT_CUSTOM_DOWNSTREAM
           && gst_event_has_name (event, "GstRTPPacketLost"))
    {
      if (side->lost_us == 0)
        {
          side->lost_us = g_get_monotonic_time ();
          g_string_append (side->timeline, "\n   lost");
        }
      side->depay_lost_events++;
    }
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
on_rtcp_sent (GstPad          *pad,
              GstPadProbeInfo *info,
              gpointer         data)
{
  Side *side = data;

  side->rtcp_packets++;
  side->rtcp_bytes += gst_buffer_get_size (GST_PAD_PROBE_INFO_BUFFER (info));
  return GST_PAD_PROBE_OK;
}

static void
on_session_pad_added (GstElement *session,
                      GstPad     *pad,
                      gpointer    data)
{
  if (g_str_equal (GST_PAD_NAME (pad), "send_rtcp_src"))
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_rtcp_sent, data, NULL);
}

static void
on_deep_element_added (GstBin     *bin,
                       GstBin     *sub_bin,
                       GstElement *element,
                       gpointer    data)
{
  Side *side = data;
  GstElementFactory *factory = gst_element_get_factory (element);
  const char *name = factory != NULL ? GST_OBJECT_NAME (factory) : "";

  apply_settings (element);
  if (g_str_equal (name, "rtpsession"))
    g_signal_connect (element, "pad-added", G_CALLBACK (on_session_pad_added), side);
  else if (g_str_equal (name, "x264enc"))
    {
      g_autoptr(GstPad) src = gst_element_get_static_pad (element, "src");

      gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_UPSTREAM,
                         on_encoded, side, NULL);
    }
  else if (g_str_equal (name, "rtph264depay"))
    {
      g_autoptr(GstPad) sink = gst_element_get_static_pad (element, "sink");

      gst_pad_add_probe (sink, GST_PAD_PROBE_TYPE_EVENT_UPSTREAM
                               | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM | GST_PAD_PROBE_TYPE_BUFFER,
                         on_depay_event, side, NULL);
    }
}

static void
on_frame_shown (GdkPaintable *paintable,
                gpointer      data)
{
  Side *side = data;
  gint64 now = g_get_monotonic_time ();

  if (side->first_shown_us == 0)
    side->first_shown_us = now;
  if (side->last_frame_us != 0 && now - side->last_frame_us > 200 * 1000)
    {
      double ms = (now - side->last_frame_us) / 1000.0;

      g_array_append_val (side->gaps_ms, ms);
    }
  side->last_frame_us = now;
  if (side->lost_us != 0)
    {
      g_string_append_printf (side->timeline, " pic@%.0f", (now - side->lost_us) / 1000.0);
      side->lost_us = 0;
    }
}

static void
on_new_jitterbuffer (GstElement *rtpbin,
                     GstElement *jitterbuffer,
                     guint       session,
                     guint       ssrc,
                     gpointer    data)
{
  g_autoptr(GObject) internal = NULL;

  /* After webrtcbin's own handler: ours win. */
  apply_settings (jitterbuffer);
  g_signal_emit_by_name (rtpbin, "get-internal-session", session, &internal);
  if (internal != NULL)
    apply_settings_to (internal, "session");
}

static void
watch_side (Side *side)
{
  GstElement *webrtc = kv_webrtc_call_get_webrtcbin (side->call);
  g_autoptr(GstObject) pipeline = gst_object_get_parent (GST_OBJECT (webrtc));
  g_autoptr(GstElement) rtpbin = kv_test_find_element (webrtc, "rtpbin");

  side->gaps_ms = g_array_new (FALSE, FALSE, sizeof (double));
  side->timeline = g_string_new (NULL);
  g_signal_connect (pipeline, "deep-element-added", G_CALLBACK (on_deep_element_added), side);
  g_signal_connect (rtpbin, "new-jitterbuffer", G_CALLBACK (on_new_jitterbuffer), side);
  g_signal_connect (kv_call_backend_get_remote_paintable (KV_CALL_BACKEND (side->call)),
                    "frame-shown", G_CALLBACK (on_frame_shown), side);
}

static void
print_jitterbuffers (Side *side)
{
  GstElement *webrtc = kv_webrtc_call_get_webrtcbin (side->call);
  g_autoptr(GstIterator) it = gst_bin_iterate_recurse (GST_BIN (webrtc));
  GValue item = G_VALUE_INIT;

  while (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    {
      GstElement *element = g_value_get_object (&item);
      GstElementFactory *factory = gst_element_get_factory (element);

      if (factory != NULL && g_str_equal (GST_OBJECT_NAME (factory), "rtpjitterbuffer"))
        {
          g_autoptr(GstStructure) stats = NULL;
          guint64 pushed = 0, lost = 0, late = 0, dups = 0, rtx = 0, rtx_ok = 0;
          guint64 rtx_rtt = 0;
          double per_packet = 0;
          guint latency = 0;
          gboolean rtx_on = FALSE;
          g_autoptr(GstPad) src = gst_element_get_static_pad (element, "src");
          g_autoptr(GstCaps) caps = gst_pad_get_current_caps (src);
          const char *media = caps != NULL
                              ? gst_structure_get_string (gst_caps_get_structure (caps, 0), "media")
                              : NULL;

          g_object_get (element, "stats", &stats, "latency", &latency,
                        "do-retransmission", &rtx_on, NULL);
          gst_structure_get (stats, "num-pushed", G_TYPE_UINT64, &pushed,
                             "num-lost", G_TYPE_UINT64, &lost,
                             "num-late", G_TYPE_UINT64, &late,
                             "num-duplicates", G_TYPE_UINT64, &dups,
                             "rtx-count", G_TYPE_UINT64, &rtx,
                             "rtx-success-count", G_TYPE_UINT64, &rtx_ok,
                             "rtx-per-packet", G_TYPE_DOUBLE, &per_packet,
                             "rtx-rtt", G_TYPE_UINT64, &rtx_rtt,
                             NULL);
          printf ("  %s %s (%s%s): latency %u ms, pushed %" G_GUINT64_FORMAT ", lost %" G_GUINT64_FORMAT
                  ", late %" G_GUINT64_FORMAT ", dup %" G_GUINT64_FORMAT ", rtx requests %"
                  G_GUINT64_FORMAT ", rtx ok %" G_GUINT64_FORMAT ", rtx/packet %.2f, rtx rtt %.1f ms\n",
                  side->name, GST_OBJECT_NAME (element), media != NULL ? media : "?",
                  rtx_on ? ", nack" : "", latency, pushed, lost, late, dups, rtx,
                  rtx_ok, per_packet, rtx_rtt / 1e6);
        }
      g_value_unset (&item);
    }
}

static void
print_session (Side *side)
{
  GstElement *webrtc = kv_webrtc_call_get_webrtcbin (side->call);
  g_autoptr(GstElement) rtpbin = kv_test_find_element (webrtc, "rtpbin");
  g_autoptr(GObject) session = NULL;
  g_autoptr(GstStructure) stats = NULL;
  const GValue *sources;

  g_signal_emit_by_name (rtpbin, "get-internal-session", 0, &session);
  if (session == NULL)
    return;
  g_object_get (session, "stats", &stats, NULL);
  {
    guint n;
    g_autofree GParamSpec **specs = g_object_class_list_properties (G_OBJECT_GET_CLASS (session), &n);

    for (guint i = 0; i < n; i++)
      if (g_str_has_prefix (specs[i]->name, "rtcp") || g_str_has_prefix (specs[i]->name, "rtp-profile")
          || g_str_equal (specs[i]->name, "bandwidth"))
        {
          GValue v = G_VALUE_INIT;
          g_autofree char *text = NULL;

          g_value_init (&v, specs[i]->value_type);
          g_object_get_property (session, specs[i]->name, &v);
          text = g_strdup_value_contents (&v);
          printf ("  %s session %s = %s\n", side->name, specs[i]->name, text);
          g_value_unset (&v);
        }
  }
  sources = gst_structure_get_value (stats, "source-stats");
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  for (guint i = 0; sources != NULL && i < ((GValueArray *) g_value_get_boxed (sources))->n_values; i++)
    {
      const GstStructure *s = g_value_get_boxed (&((GValueArray *) g_value_get_boxed (sources))->values[i]);
      guint ssrc = 0, sent_pli = 0, recv_pli = 0, sent_nack = 0, recv_nack = 0;
      gboolean internal = FALSE, sender = FALSE;

      gst_structure_get (s, "ssrc", G_TYPE_UINT, &ssrc, "internal", G_TYPE_BOOLEAN, &internal,
                         "is-sender", G_TYPE_BOOLEAN, &sender, NULL);
      gst_structure_get_uint (s, "sent-pli-count", &sent_pli);
      gst_structure_get_uint (s, "recv-pli-count", &recv_pli);
      gst_structure_get_uint (s, "sent-nack-count", &sent_nack);
      gst_structure_get_uint (s, "recv-nack-count", &recv_nack);
      printf ("  %s ssrc %u %s%s: sent pli %u, recv pli %u, sent nack %u, recv nack %u\n",
              side->name, ssrc, internal ? "ours" : "peer's", sender ? " sender" : "",
              sent_pli, recv_pli, sent_nack, recv_nack);
    }
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
print_side (Side *side,
            guint seconds)
{
  KvCallStats stats;
  GString *gaps = g_string_new (NULL);

  kv_webrtc_call_get_stats (side->call, &stats);
  for (guint i = 0; i < side->gaps_ms->len; i++)
    g_string_append_printf (gaps, " %.0f", g_array_index (side->gaps_ms, double, i));
  printf ("%s: freezes %u, frames %" G_GUINT64_FORMAT ", gaps over 200 ms:%s\n", side->name,
          stats.freezes, stats.frames_decoded, gaps->str);
  printf ("  %s encoder: %u keyframes (avg %" G_GUINT64_FORMAT " bytes), %u delta (avg %"
          G_GUINT64_FORMAT " bytes), %u key unit requests in\n", side->name,
          side->keyframes_made,
          side->keyframes_made ? side->keyframe_bytes / side->keyframes_made : 0,
          side->delta_frames, side->delta_frames ? side->delta_bytes / side->delta_frames : 0,
          side->key_unit_requests_in);
  printf ("  %s depayloader: %u keyframe requests, %u lost-packet events\n", side->name,
          side->depay_key_requests, side->depay_lost_events);
  printf ("  %s RTCP sent: %" G_GUINT64_FORMAT " packets, %.1f kbit/s over the whole call\n",
          side->name, side->rtcp_packets, side->rtcp_bytes * 8.0 / 1000.0 / side->seconds);
  if (g_getenv ("KV_BENCH_TIMELINE") != NULL)
    printf ("  %s repairs (ms after the lost event):%s\n", side->name, side->timeline->str);
  print_jitterbuffers (side);
  print_session (side);
  g_string_free (gaps, TRUE);
}

static gboolean
both_connected (gpointer data)
{
  return kv_call_pair_both_connected (data);
}

/* KV_BENCH_RELEASE=N: N held, connected calls released; when each side's
 * first frame was encoded, reached the peer's depayloader and was shown. */
static void
measure_releases (guint n)
{
  for (guint i = 0; i < n; i++)
    {
      KvCallPair pair;
      Side a = { "offerer" }, b = { "answerer" };
      gint64 start_us;

      kv_call_pair_init (&pair, "red", "blue", KV_VIDEO_CODEC_H264, FALSE);
      a.call = pair.offerer;
      b.call = pair.answerer;
      a.peer = &b;
      b.peer = &a;
      kv_call_pair_start (&pair, TRUE);
      watch_side (&a);
      watch_side (&b);
      if (!kv_test_wait_until (both_connected, &pair, 10000))
        g_error ("not connected within 10 s");
      kv_test_run_for (500);
      start_us = g_get_monotonic_time ();
      a.released_us = b.released_us = start_us;
      kv_call_backend_set_held (KV_CALL_BACKEND (pair.offerer), FALSE);
      kv_call_backend_set_held (KV_CALL_BACKEND (pair.answerer), FALSE);
      if (!kv_test_remote_frames_at_least (pair.answerer, 1, 5000)
          || !kv_test_remote_frames_at_least (pair.offerer, 1, 5000))
        g_error ("no picture within 5 s of the release");
      /* a's encoder feeds b's depayloader and picture. */
      printf ("release: offerer->answerer encoded %.1f%s depay %.1f shown %.1f | "
              "answerer->offerer encoded %.1f%s depay %.1f shown %.1f ms\n",
              (a.first_encoded_us - start_us) / 1000.0, a.first_was_key ? " (key)" : " (delta)",
              (b.first_depay_us - start_us) / 1000.0,
              (b.first_shown_us - start_us) / 1000.0,
              (b.first_encoded_us - start_us) / 1000.0, b.first_was_key ? " (key)" : " (delta)",
              (a.first_depay_us - start_us) / 1000.0,
              (a.first_shown_us - start_us) / 1000.0);
      g_signal_handlers_disconnect_by_data (kv_call_backend_get_remote_paintable (KV_CALL_BACKEND (pair.offerer)), &a);
      g_signal_handlers_disconnect_by_data (kv_call_backend_get_remote_paintable (KV_CALL_BACKEND (pair.answerer)), &b);
      kv_call_pair_clear (&pair);
      g_array_unref (a.gaps_ms);
      g_array_unref (b.gaps_ms);
      g_string_free (a.timeline, TRUE);
      g_string_free (b.timeline, TRUE);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  KvCallPair pair;
  Side offerer = { "offerer" }, answerer = { "answerer" };
  const char *loss_env = g_getenv ("KV_BENCH_LOSS");
  const char *seconds_env = g_getenv ("KV_BENCH_SECONDS");
  double loss = loss_env != NULL ? g_ascii_strtod (loss_env, NULL) : 0.05;
  guint seconds = seconds_env != NULL ? (guint) g_ascii_strtoull (seconds_env, NULL, 10) : 30;
  KvCallStats a0, b0, a1, b1;
  gint64 watch_start_us;

  kv_test_tolerate_rtpsession_race ();
  if (!kv_media_init (&error))
    g_error ("%s", error->message);
  if (g_getenv ("KV_BENCH_RELEASE") != NULL)
    {
      measure_releases ((guint) g_ascii_strtoull (g_getenv ("KV_BENCH_RELEASE"), NULL, 10));
      return 0;
    }

  kv_call_pair_init (&pair, "red", "blue", KV_VIDEO_CODEC_H264, TRUE);
  offerer.peer = &answerer;
  answerer.peer = &offerer;
  offerer.call = pair.offerer;
  answerer.call = pair.answerer;
  kv_call_pair_start (&pair, FALSE);
  watch_start_us = g_get_monotonic_time ();
  watch_side (&offerer);
  watch_side (&answerer);
  if (!kv_test_remote_frames_at_least (pair.answerer, 30, 10000)
      || !kv_test_remote_frames_at_least (pair.offerer, 30, 10000))
    g_error ("no picture within 10 s");
  kv_call_pair_settle (&pair);

  kv_webrtc_call_get_stats (pair.offerer, &a0);
  kv_webrtc_call_get_stats (pair.answerer, &b0);
  g_array_set_size (offerer.gaps_ms, 0);
  g_array_set_size (answerer.gaps_ms, 0);
  kv_webrtc_call_set_drop_probability (pair.offerer, loss);
  kv_webrtc_call_set_drop_probability (pair.answerer, loss);
  kv_test_run_for (seconds * 1000);
  kv_webrtc_call_get_stats (pair.offerer, &a1);
  kv_webrtc_call_get_stats (pair.answerer, &b1);

  printf ("%.1f%% loss for %u s (KV_BENCH_SET=%s)\n", loss * 100, seconds,
          g_getenv ("KV_BENCH_SET") ? g_getenv ("KV_BENCH_SET") : "");
  offerer.seconds = answerer.seconds = (g_get_monotonic_time () - watch_start_us) / 1e6;
  print_side (&offerer, seconds);
  print_side (&answerer, seconds);
  printf ("{\"freezes_per_minute\":%.1f,\"frames_per_second\":%.1f}\n",
          ((a1.freezes - a0.freezes) + (b1.freezes - b0.freezes)) / 2.0 * 60.0 / seconds,
          ((a1.frames_decoded - a0.frames_decoded) + (b1.frames_decoded - b0.frames_decoded))
          / 2.0 / seconds);

  g_signal_handlers_disconnect_by_data (kv_call_backend_get_remote_paintable (KV_CALL_BACKEND (pair.offerer)), &offerer);
  g_signal_handlers_disconnect_by_data (kv_call_backend_get_remote_paintable (KV_CALL_BACKEND (pair.answerer)), &answerer);
  kv_call_pair_clear (&pair);
  g_array_unref (offerer.gaps_ms);
  g_array_unref (answerer.gaps_ms);
  return 0;
}
