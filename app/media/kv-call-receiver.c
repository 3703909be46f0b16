/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-call-receiver.h"

#include "kv-media-codecs.h"

#include <gst/rtp/rtp.h>

/**
 * KvCallReceiver:
 *
 * What one call pipeline receives: the peer's streams as webrtcbin
 * exposes them (linked to decoders on the streaming thread), how their
 * jitter buffers and RTCP feedback are tuned, and the gate that lets the
 * peer's picture and sound through only once its identity is verified
 * (kv_call_receiver_open()). #KvCallPipeline owns it and builds the
 * receive branches it is given.
 */

struct _KvCallReceiver
{
  GObject     parent_instance;

  GstBin     *pipeline;
  GstElement *webrtc;
  GstElement *rtpbin;          /* webrtcbin's */
  GstElement *video_valve;     /* before the remote picture */
  GstElement *audio_entry;     /* the remote level meter, before... */
  GstElement *audio_valve;     /* ...the valve before the speaker */
  guint       rtcp_tuning_source;
  gint        video_pt;        /* atomic: read on streaming threads */
};

G_DEFINE_FINAL_TYPE (KvCallReceiver, kv_call_receiver, G_TYPE_OBJECT)

/* RTCP feedback -------------------------------------------------------- */

/* The figures below were measured with tests/bench/media/bench-media-loss
 * (two H.264 calls over loopback, 5% of RTP and RTX packets dropped each
 * way, 10-30 s runs on this 2-core machine, load 5-10).
 *
 * With rtpsession's defaults a keyframe request (PLI) and most NACKs wait
 * for the next regular RTCP packet: GStreamer 1.22 asks for a PLI with a
 * 5 s deadline, so it never goes early, and early NACKs are allowed once
 * per regular interval, which the default 5% of the session bandwidth puts
 * at a few hundred milliseconds. Measured: 5-250 ms (typically 110-180)
 * from the depayloader's keyframe request to the forced keyframe at the
 * sender, 200-600 ms gaps without a picture per lost packet, 9-13
 * freezes (> 500 ms) a minute, 18-20 of 30 frames a second shown. With
 * retransmissions on (see on_first_received_packet()) but this timing,
 * most retransmissions came too late: 19.5 freezes a minute.
 *
 * RTCP_BYTES_PER_SECOND: the RTCP budget, in bytes per second, that sets
 * the regular interval. Measured: ~26 RTCP packets a second, 22-24
 * kbit/s per side (the video is 1 Mbit/s), and 5-80 ms from a keyframe
 * request to the sender's encoder.
 * RTCP_MIN_INTERVAL_NS: the floor of that interval; 5 s by default, which
 * would cap the above.
 * IMMEDIATE_FEEDBACK_THRESHOLD: a bundled call has up to 6 SSRCs (audio,
 * video, RTX each way) but is point to point: RFC 4585's Immediate
 * Feedback mode, in which early NACKs are not rationed (default 3).
 * Together: 0-3 freezes a minute in 10-20 s runs (0 in the benchmark's
 * 30 s runs), 25-28 frames a second, 60-70% of lost video packets
 * recovered by retransmission. */
#define RTCP_BYTES_PER_SECOND         50000.0
#define RTCP_MIN_INTERVAL_NS          (20 * GST_MSECOND)
#define IMMEDIATE_FEEDBACK_THRESHOLD  100

/* GStreamer 1.22's rtpsession has a race: its RTCP thread iterates the
 * session's SSRCs and, in places, drops its lock in the middle, while
 * streaming threads add new SSRCs; GLib then reports
 * "g_hash_table_foreach: assertion 'version == hash_table->version'
 * failed" (a kiosk logs it; the tests tolerate exactly it, see
 * kv-call-test-utils.c). It happens while the SSRCs of a new call
 * appear, and more often the more RTCP rounds run then: with these
 * settings applied when the session was made, 2 of 4 benchmark start-ups
 * (bench-media's first 12 s, MALLOC_CHECK_=2) failed, against 0 of 8
 * without them and 1 of 8 with this delay; applied on each first packet,
 * 3 of 6 soak runs did. So the call starts with the default timing and
 * switches once its media has been flowing for a while. */
#define RTCP_TUNING_DELAY_MS          1500

static gboolean
on_rtcp_tuning_due (gpointer data)
{
  KvCallReceiver *self = data;
  g_autoptr(GstIterator) it = NULL;
  GValue item = G_VALUE_INIT;

  self->rtcp_tuning_source = 0;
  if (self->rtpbin == NULL)
    return G_SOURCE_REMOVE;
  it = gst_bin_iterate_all_by_element_factory_name (GST_BIN (self->rtpbin), "rtpsession");
  while (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    {
      GstElement *element = g_value_get_object (&item);
      g_autoptr(GObject) session = NULL;

      /* rtcp-fraction >= 1.0 is bytes per second rather than a fraction. */
      g_object_set (element,
                    "rtcp-fraction", RTCP_BYTES_PER_SECOND,
                    "rtcp-min-interval", (guint64) RTCP_MIN_INTERVAL_NS,
                    NULL);
      g_object_get (element, "internal-session", &session, NULL);
      if (session != NULL
          && g_object_class_find_property (G_OBJECT_GET_CLASS (session),
                                           "rtcp-immediate-feedback-threshold") != NULL)
        g_object_set (session, "rtcp-immediate-feedback-threshold",
                      (guint) IMMEDIATE_FEEDBACK_THRESHOLD, NULL);
      g_value_unset (&item);
    }
  return G_SOURCE_REMOVE;
}



/* Fast start ------------------------------------------------------------
 *
 * A jitter buffer holds the first packet of a stream for its whole latency
 * (50 ms by default) in case an earlier one is still on its way. Released
 * media is a new stream, so that wait was half of release-to-picture
 * (measured with bench-media-loss KV_BENCH_RELEASE: 55-60 ms from the
 * keyframe leaving the encoder to the depayloader). With
 * faststart-min-packets the buffer starts as soon as it holds that many
 * consecutive packets; two, so that a keyframe whose packets arrive out of
 * order is not cut.
 *
 * GStreamer 1.22 checks this only for a packet at the head of its queue,
 * but a new stream's opening events (stream-start, caps, segment) are
 * queued there first, until the buffer's own thread pushes them out. A
 * keyframe arriving in one burst (as over loopback or a LAN) is all queued
 * behind them, and the check only passes with the next frame's packet: in
 * 3 of 6 releases no gain at all. So the first packet waits, at most
 * FASTSTART_EVENTS_WAIT_US, for those events to leave. */
#define FASTSTART_MIN_PACKETS      2
#define FASTSTART_EVENTS_WAIT_US   (5 * G_TIME_SPAN_MILLISECOND)

typedef struct
{
  gatomicrefcount ref_count;
  GMutex          lock;
  GCond           cond;
  gboolean        events_out;
  guint           video_pt;
} StreamStart;

static StreamStart *
stream_start_new (guint video_pt)
{
  StreamStart *start = g_new0 (StreamStart, 1);

  g_atomic_ref_count_init (&start->ref_count);
  g_mutex_init (&start->lock);
  g_cond_init (&start->cond);
  start->video_pt = video_pt;
  return start;
}

static StreamStart *
stream_start_ref (StreamStart *start)
{
  g_atomic_ref_count_inc (&start->ref_count);
  return start;
}

static void
stream_start_unref (gpointer data)
{
  StreamStart *start = data;

  if (!g_atomic_ref_count_dec (&start->ref_count))
    return;
  g_mutex_clear (&start->lock);
  g_cond_clear (&start->cond);
  g_free (start);
}

/* The jitter buffer's thread, as it pushes the stream's segment out. */
static GstPadProbeReturn
on_stream_events_out (GstPad          *pad,
                      GstPadProbeInfo *info,
                      gpointer         data)
{
  StreamStart *start = data;

  if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) != GST_EVENT_SEGMENT)
    return GST_PAD_PROBE_OK;
  g_mutex_lock (&start->lock);
  start->events_out = TRUE;
  g_cond_broadcast (&start->cond);
  g_mutex_unlock (&start->lock);
  return GST_PAD_PROBE_REMOVE;
}

/* Streaming thread, on the first packet reaching a jitter buffer. */
static GstPadProbeReturn
on_first_received_packet (GstPad          *pad,
                          GstPadProbeInfo *info,
                          gpointer         data)
{
  StreamStart *start = data;
  GstRTPBuffer rtp = GST_RTP_BUFFER_INIT;
  GstElement *jitterbuffer;
  gint64 deadline = g_get_monotonic_time () + FASTSTART_EVENTS_WAIT_US;
  guint pt;

  if (!gst_rtp_buffer_map (GST_PAD_PROBE_INFO_BUFFER (info), GST_MAP_READ, &rtp))
    return GST_PAD_PROBE_OK;
  pt = gst_rtp_buffer_get_payload_type (&rtp);
  gst_rtp_buffer_unmap (&rtp);

  /* NACK + RTX for video only, as negotiated (the transceivers' do-nack).
   * webrtcbin 1.22 decides per SSRC from the peer's a=ssrc lines, and gets
   * it wrong both ways here: a kiosk's offer has none (its senders are
   * linked, but hold no caps yet, when it is made), so the answerer never
   * asked for a retransmission (measured: 0 requests in 20 s at 5% loss,
   * every lost packet waited for a keyframe), while the offerer's Opus
   * jitter buffer was seen asking for retransmissions the peer never
   * sends (Opus FEC and concealment cover audio losses). */
  jitterbuffer = gst_pad_get_parent_element (pad);
  if (jitterbuffer != NULL)
    g_object_set (jitterbuffer,
                  "do-retransmission", pt == start->video_pt,
                  "faststart-min-packets", (guint) FASTSTART_MIN_PACKETS,
                  NULL);
  g_clear_object (&jitterbuffer);

  g_mutex_lock (&start->lock);
  while (!start->events_out)
    if (!g_cond_wait_until (&start->cond, &start->lock, deadline))
      break;
  g_mutex_unlock (&start->lock);
  return GST_PAD_PROBE_REMOVE;
}

/* Streaming thread, on the first packet of each SSRC. Touches only
 * GStreamer objects of this pipeline and the atomic video_pt. */
static void
on_new_jitterbuffer (GstElement *rtpbin,
                     GstElement *jitterbuffer,
                     guint       session_id,
                     guint       ssrc,
                     gpointer    data)
{
  KvCallReceiver *self = data;
  g_autoptr(GstPad) sink = gst_element_get_static_pad (jitterbuffer, "sink");
  g_autoptr(GstPad) src = gst_element_get_static_pad (jitterbuffer, "src");
  StreamStart *start;

  if (sink == NULL || src == NULL)
    return;
  start = stream_start_new ((guint) g_atomic_int_get (&self->video_pt));
  gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, on_stream_events_out,
                     stream_start_ref (start), stream_start_unref);
  gst_pad_add_probe (sink, GST_PAD_PROBE_TYPE_BUFFER, on_first_received_packet,
                     start, stream_start_unref);
}

/* Receiving ------------------------------------------------------------ */

/* Streaming thread, on the first RTP packet of each stream (often audio
 * first). Linking right here is GStreamer-only work on elements this
 * pipeline owns; nothing of the GObject state is touched. */
static void
on_pad_added (GstElement *webrtc,
              GstPad     *pad,
              gpointer    data)
{
  KvCallReceiver *self = data;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstPad) decoder_sink = NULL;
  g_autoptr(GstPad) decoder_src = NULL;
  g_autoptr(GstPad) valve_sink = NULL;
  g_autoptr(GError) error = NULL;
  const GstStructure *s;
  const char *media;
  const char *encoding;
  GstElement *decoder;
  GstElement *valve;

  if (GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;

  caps = gst_pad_get_current_caps (pad);
  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  if (caps == NULL || gst_caps_is_empty (caps))
    return;
  s = gst_caps_get_structure (caps, 0);
  media = gst_structure_get_string (s, "media");
  encoding = gst_structure_get_string (s, "encoding-name");
  valve = g_strcmp0 (media, "video") == 0 ? self->video_valve : self->audio_entry;
  valve_sink = gst_element_get_static_pad (valve, "sink");

  decoder = encoding != NULL ? kv_media_make_decoder (encoding, &error) : NULL;
  if (decoder == NULL || gst_pad_is_linked (valve_sink))
    {
      /* A stream we cannot or need not show still needs a sink, or
       * webrtcbin's streaming thread stops with not-linked. */
      GstElement *sink = gst_element_factory_make ("fakesink", NULL);

      g_debug ("Discarding a received %s stream: %s", media != NULL ? media : "unknown",
               error != NULL ? error->message : "already receiving one");
      g_clear_pointer (&decoder, gst_object_unref);
      g_object_set (sink, "async", FALSE, "sync", FALSE, NULL);
      gst_bin_add (self->pipeline, sink);
      gst_element_sync_state_with_parent (sink);
      decoder_sink = gst_element_get_static_pad (sink, "sink");
      gst_pad_link (pad, decoder_sink);
      return;
    }

  gst_bin_add (self->pipeline, decoder);
  gst_element_sync_state_with_parent (decoder);
  decoder_sink = gst_element_get_static_pad (decoder, "sink");
  decoder_src = gst_element_get_static_pad (decoder, "src");
  gst_pad_link (decoder_src, valve_sink);
  gst_pad_link (pad, decoder_sink);
}

static void
kv_call_receiver_dispose (GObject *object)
{
  KvCallReceiver *self = KV_CALL_RECEIVER (object);

  kv_call_receiver_stop (self);
  g_clear_object (&self->rtpbin);
  g_clear_object (&self->webrtc);
  g_clear_object (&self->video_valve);
  g_clear_object (&self->audio_entry);
  g_clear_object (&self->audio_valve);
  g_clear_object (&self->pipeline);

  G_OBJECT_CLASS (kv_call_receiver_parent_class)->dispose (object);
}

static void
kv_call_receiver_class_init (KvCallReceiverClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kv_call_receiver_dispose;
}

static void
kv_call_receiver_init (KvCallReceiver *self)
{
}

/**
 * kv_call_receiver_new:
 * @pipeline: the call's pipeline, which the decoders join
 * @webrtc: its webrtcbin
 * @video_valve: the valve before the remote picture's sink
 * @audio_entry: where decoded audio enters (before @audio_valve)
 * @audio_valve: the valve before the speaker
 *
 * Tunes webrtcbin's jitter buffers and links what it receives. Nothing
 * from the peer is shown or played before kv_call_receiver_open().
 *
 * Returns: (transfer full): the receiver
 */
KvCallReceiver *
kv_call_receiver_new (GstBin     *pipeline,
                      GstElement *webrtc,
                      GstElement *video_valve,
                      GstElement *audio_entry,
                      GstElement *audio_valve)
{
  KvCallReceiver *self = g_object_new (KV_TYPE_CALL_RECEIVER, NULL);
  g_autoptr(GstIterator) it = gst_bin_iterate_all_by_element_factory_name (GST_BIN (webrtc),
                                                                           "rtpbin");
  GValue item = G_VALUE_INIT;

  self->pipeline = g_object_ref (pipeline);
  self->webrtc = g_object_ref (webrtc);
  self->video_valve = g_object_ref (video_valve);
  self->audio_entry = g_object_ref (audio_entry);
  self->audio_valve = g_object_ref (audio_valve);
  g_object_set (self->video_valve, "drop", TRUE, NULL);
  g_object_set (self->audio_valve, "drop", TRUE, NULL);

  if (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    {
      self->rtpbin = g_value_dup_object (&item);
      g_value_unset (&item);
    }
  /* After webrtcbin's own handler (connected when it was made), so these
   * settings win. */
  if (self->rtpbin != NULL)
    g_signal_connect (self->rtpbin, "new-jitterbuffer", G_CALLBACK (on_new_jitterbuffer), self);
  else
    g_warning ("webrtcbin has no rtpbin: jitter buffers keep their defaults");
  g_signal_connect (self->webrtc, "pad-added", G_CALLBACK (on_pad_added), self);
  return self;
}

/* Before the description is applied, so before the peer's first video
 * packet: the receive side tells video from audio by it. */
void
kv_call_receiver_set_video_pt (KvCallReceiver *self,
                               guint           pt)
{
  g_return_if_fail (KV_IS_CALL_RECEIVER (self));

  g_atomic_int_set (&self->video_pt, (gint) pt);
}

/**
 * kv_call_receiver_open:
 * @self: a #KvCallReceiver
 *
 * The peer is verified: only now may its picture and sound reach the
 * screen and the speaker. Main context, once the call is connected.
 */
void
kv_call_receiver_open (KvCallReceiver *self)
{
  g_return_if_fail (KV_IS_CALL_RECEIVER (self));

  g_object_set (self->video_valve, "drop", FALSE, NULL);
  g_object_set (self->audio_valve, "drop", FALSE, NULL);
  if (self->rtcp_tuning_source == 0)
    self->rtcp_tuning_source = g_timeout_add (RTCP_TUNING_DELAY_MS, on_rtcp_tuning_due, self);
}

/* The pipeline is going down: the handlers left on webrtcbin and its
 * rtpbin go (before the pipeline is set to NULL). The elements are kept
 * until the receiver goes: a streaming thread may still be in
 * on_pad_added() until the pipeline has stopped. Idempotent. */
void
kv_call_receiver_stop (KvCallReceiver *self)
{
  g_return_if_fail (KV_IS_CALL_RECEIVER (self));

  g_clear_handle_id (&self->rtcp_tuning_source, g_source_remove);
  if (self->webrtc != NULL)
    g_signal_handlers_disconnect_by_data (self->webrtc, self);
  if (self->rtpbin != NULL)
    g_signal_handlers_disconnect_by_data (self->rtpbin, self);
}
