/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-test"

#include "config.h"

#include "kv-call-backend.h"
#include "kv-call-test-utils.h"
#include "kv-media-init.h"
#include "kv-webrtc-call.h"
#include "kv-webrtc-call-factory.h"

#include <libglib-testing/signal-logger.h>
#include <stdio.h>
#include <string.h>

/*
 * Two real calls over loopback in one process, with test sources: the
 * offerer sends a red picture, the answerer a blue one, both a 440 Hz tone.
 */

typedef struct
{
  KvCallPair pair;
} Fixture;

static void
setup_h264 (Fixture       *fixture,
            gconstpointer  data)
{
  kv_call_pair_init (&fixture->pair, "red", "blue", KV_VIDEO_CODEC_H264, FALSE);
}

static void
setup_vp8 (Fixture       *fixture,
           gconstpointer  data)
{
  kv_call_pair_init (&fixture->pair, "red", "blue", KV_VIDEO_CODEC_VP8, FALSE);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  kv_call_pair_clear (&fixture->pair);
}

static gboolean
both_connected (gpointer data)
{
  return kv_call_pair_both_connected (data);
}

static gboolean
both_hear (gpointer data)
{
  KvCallPair *pair = data;

  return kv_webrtc_call_get_remote_audio_level (pair->offerer) > 0.05
         && kv_webrtc_call_get_remote_audio_level (pair->answerer) > 0.05;
}

typedef struct
{
  GPtrArray *received;
} Messages;

static void
on_play_message (KvCallBackend *call,
                 const char    *json,
                 gpointer       data)
{
  g_ptr_array_add (data, g_strdup (json));
}

static gboolean
has_message (gpointer data)
{
  return ((GPtrArray *) data)->len > 0;
}

static void
test_media_flows_both_ways (Fixture       *fixture,
                            gconstpointer  data)
{
  KvCallPair *pair = &fixture->pair;
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autoptr(GPtrArray) to_offerer = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) to_answerer = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  KvCallStats stats;

  gt_signal_logger_connect (logger, pair->offerer, "notify::state");
  g_signal_connect (pair->offerer, "play-message-received", G_CALLBACK (on_play_message),
                    to_offerer);
  g_signal_connect (pair->answerer, "play-message-received", G_CALLBACK (on_play_message),
                    to_answerer);

  kv_call_pair_start (pair, FALSE);
  g_assert_true (kv_test_wait_until (both_connected, pair, 10000));
  g_assert_no_error (pair->offerer_error);
  g_assert_no_error (pair->answerer_error);

  /* Pictures: each side sees the other's colour, decoded. */
  g_assert_true (kv_test_remote_frames_at_least (pair->offerer, 15, 10000));
  g_assert_true (kv_test_remote_frames_at_least (pair->answerer, 15, 10000));
  g_assert_true (kv_test_remote_colour_is (pair->offerer, 0, 0, 255));
  g_assert_true (kv_test_remote_colour_is (pair->answerer, 255, 0, 0));
  g_assert_true (kv_call_backend_get_media_flowing (KV_CALL_BACKEND (pair->offerer)));
  g_assert_nonnull (kv_call_backend_get_self_paintable (KV_CALL_BACKEND (pair->offerer)));

  /* The microphone meter moves (the waiting room's animation). */
  g_assert_cmpfloat (kv_call_backend_get_input_level (KV_CALL_BACKEND (pair->offerer)), >, 0.05);

  /* Sound: the tone arrives at the other side's speaker path. */
  if (!kv_test_wait_until (both_hear, pair, 5000))
    g_test_message ("remote audio: offerer %.3f (%" G_GUINT64_FORMAT " meters), answerer %.3f (%"
                    G_GUINT64_FORMAT " meters)",
                    kv_webrtc_call_get_remote_audio_level (pair->offerer),
                    kv_webrtc_call_get_remote_audio_buffers (pair->offerer),
                    kv_webrtc_call_get_remote_audio_level (pair->answerer),
                    kv_webrtc_call_get_remote_audio_buffers (pair->answerer));
  g_assert_true (both_hear (pair));

  /* Play messages both ways over the data channel. */
  g_assert_true (kv_call_backend_send_play_message (KV_CALL_BACKEND (pair->offerer),
                                                    "{\"sticker\":\"heart\"}", &error));
  g_assert_no_error (error);
  g_assert_true (kv_test_wait_until (has_message, to_answerer, 5000));
  g_assert_cmpstr (g_ptr_array_index (to_answerer, 0), ==, "{\"sticker\":\"heart\"}");
  g_assert_true (kv_call_backend_send_play_message (KV_CALL_BACKEND (pair->answerer),
                                                    "{\"sticker\":\"sun\"}", &error));
  g_assert_true (kv_test_wait_until (has_message, to_offerer, 5000));
  g_assert_cmpstr (g_ptr_array_index (to_offerer, 0), ==, "{\"sticker\":\"sun\"}");

  /* Statistics come from webrtcbin. */
  kv_test_run_for (1200);
  kv_webrtc_call_get_stats (pair->offerer, &stats);
  g_assert_cmpuint (stats.bytes_received, >, 0);
  g_assert_cmpuint (stats.bytes_sent, >, 0);
  g_assert_cmpuint (stats.frames_decoded, >=, 15);

  /* The state went NEW -> CONNECTING -> CONNECTED, nothing else. */
  gt_signal_logger_assert_notify_emission_pop (logger, pair->offerer, "state");
  gt_signal_logger_assert_notify_emission_pop (logger, pair->offerer, "state");
  gt_signal_logger_assert_no_emissions (logger);
  g_clear_pointer (&logger, gt_signal_logger_free);
  g_signal_handlers_disconnect_by_data (pair->offerer, to_offerer);
  g_signal_handlers_disconnect_by_data (pair->answerer, to_answerer);

  kv_call_backend_stop (KV_CALL_BACKEND (pair->offerer));
  g_assert_cmpint (kv_call_backend_get_state (KV_CALL_BACKEND (pair->offerer)), ==,
                   KV_CALL_STATE_ENDED);
}

static void
on_answer (KvCallBackend *call,
           KvSdpType      type,
           const char    *sdp,
           guint          generation,
           gpointer       data)
{
  char **answer = data;

  g_free (*answer);
  *answer = g_strdup (sdp);
}

/* The SSRC the answerer's video payloader sends with. */
static guint
answerer_video_ssrc (KvCallPair *pair)
{
  GstElement *webrtc = kv_webrtc_call_get_webrtcbin (pair->answerer);
  g_autoptr(GstObject) pipeline = gst_object_get_parent (GST_OBJECT (webrtc));
  g_autoptr(GstElement) payloader = kv_test_find_element (GST_ELEMENT (pipeline), "rtph264pay");
  g_autoptr(GstStructure) stats = NULL;
  guint ssrc = 0;

  g_assert_nonnull (payloader);
  g_object_get (payloader, "stats", &stats, NULL);
  g_assert_true (gst_structure_get_uint (stats, "ssrc", &ssrc));
  return ssrc;
}

/* A held answerer has sent nothing when it writes its answer; the answer
 * must still name the SSRC its video will come from (browsers drop a
 * stream whose SSRC the description does not list). */
static void
assert_answer_names_video_ssrc (const char *answer,
                                guint       sent_ssrc)
{
  const char *group = strstr (answer, "a=ssrc-group:FID ");
  guint primary = 0, rtx = 0;
  g_autofree char *line = NULL;

  g_assert_nonnull (group);
  g_assert_cmpint (sscanf (group, "a=ssrc-group:FID %u %u", &primary, &rtx), ==, 2);
  g_assert_cmpuint (primary, ==, sent_ssrc);
  g_assert_cmpuint (rtx, !=, 0);
  line = g_strdup_printf ("a=ssrc:%u cname:", sent_ssrc);
  g_assert_nonnull (strstr (answer, line));
}

static void
test_hold_sends_nothing (Fixture       *fixture,
                         gconstpointer  data)
{
  KvCallPair *pair = &fixture->pair;
  g_autofree char *answer = NULL;
  KvCallStats before, after;
  gint64 released_us;
  gint64 picture_us;

  g_signal_connect (pair->answerer, "local-description", G_CALLBACK (on_answer), &answer);
  kv_call_pair_start (pair, TRUE);
  g_assert_true (kv_test_wait_until (both_connected, pair, 10000));

  /* Connected, held: no picture decoded, no RTP bytes sent. */
  kv_test_run_for (1500);
  kv_webrtc_call_get_stats (pair->offerer, &before);
  kv_test_run_for (1500);
  kv_webrtc_call_get_stats (pair->offerer, &after);
  g_assert_cmpuint (kv_webrtc_call_get_remote_frames (pair->offerer), ==, 0);
  g_assert_cmpuint (kv_webrtc_call_get_remote_frames (pair->answerer), ==, 0);
  g_assert_cmpuint (after.bytes_sent, ==, before.bytes_sent);
  g_assert_cmpuint (after.bytes_received, ==, before.bytes_received);
  g_assert_true (kv_call_backend_get_held (KV_CALL_BACKEND (pair->offerer)));

  /* Release both in one step: the picture comes at once. */
  released_us = g_get_monotonic_time ();
  kv_call_backend_set_held (KV_CALL_BACKEND (pair->offerer), FALSE);
  kv_call_backend_set_held (KV_CALL_BACKEND (pair->answerer), FALSE);
  g_assert_true (kv_test_remote_frames_at_least (pair->answerer, 1, 3000));
  picture_us = g_get_monotonic_time ();
  g_test_message ("release to picture: %" G_GINT64_FORMAT " ms",
                  (picture_us - released_us) / 1000);
  g_assert_true (kv_test_remote_frames_at_least (pair->offerer, 5, 3000));
  g_assert_true (kv_test_remote_colour_is (pair->answerer, 255, 0, 0));
  /* The byte counters that stayed flat while held move now: the check
   * above could not pass on counters that never move. */
  kv_test_run_for (1200);
  kv_webrtc_call_get_stats (pair->offerer, &before);
  g_assert_cmpuint (before.bytes_sent, >, after.bytes_sent);
  g_signal_handlers_disconnect_by_data (pair->answerer, &answer);
  assert_answer_names_video_ssrc (answer, answerer_video_ssrc (pair));

  /* And held again: the picture stops. */
  kv_call_backend_set_held (KV_CALL_BACKEND (pair->offerer), TRUE);
  kv_test_run_for (500);
  {
    guint64 frames = kv_webrtc_call_get_remote_frames (pair->answerer);

    kv_test_run_for (1000);
    g_assert_cmpuint (kv_webrtc_call_get_remote_frames (pair->answerer), ==, frames);
  }
}

/* A staff pause holds both sides for longer than the stall and recovery
 * bounds: the watchdog does not take it for a lost picture, nothing is
 * rebuilt or renegotiated, and the release brings the picture back both
 * ways on the same call. */
static void
on_description_counted (KvCallBackend *call,
                        KvSdpType      type,
                        const char    *sdp,
                        guint          generation,
                        gpointer       data)
{
  (*(guint *) data)++;
}

static void
on_state_seen (GObject    *object,
               GParamSpec *pspec,
               gpointer    data)
{
  if (kv_call_backend_get_state (KV_CALL_BACKEND (object)) != KV_CALL_STATE_CONNECTED)
    (*(guint *) data)++;
}

static void
test_long_hold_no_rebuild (Fixture       *fixture,
                           gconstpointer  data)
{
  KvCallPair *pair = &fixture->pair;
  KvCallBackend *offerer = KV_CALL_BACKEND (pair->offerer);
  KvCallBackend *answerer = KV_CALL_BACKEND (pair->answerer);
  guint descriptions = 0, not_connected = 0;
  guint offerer_generation, answerer_generation;
  guint64 frames;
  /* Longer than a stall plus a rebuild attempt, and than the kiosk's whole
   * recovery bound (3 s). */
  guint hold_ms = (KV_CALL_STALL_BOUND_US + KV_CALL_ATTEMPT_BOUND_US) / 1000 + 2000;

  kv_call_pair_start (pair, FALSE);
  g_assert_true (kv_test_wait_until (both_connected, pair, 10000));
  g_assert_true (kv_test_remote_frames_at_least (pair->answerer, 5, 5000));
  g_assert_true (kv_test_remote_frames_at_least (pair->offerer, 5, 5000));
  offerer_generation = kv_call_backend_get_generation (offerer);
  answerer_generation = kv_call_backend_get_generation (answerer);
  g_signal_connect (offerer, "local-description", G_CALLBACK (on_description_counted),
                    &descriptions);
  g_signal_connect (answerer, "local-description", G_CALLBACK (on_description_counted),
                    &descriptions);
  g_signal_connect (offerer, "notify::state", G_CALLBACK (on_state_seen), &not_connected);
  g_signal_connect (answerer, "notify::state", G_CALLBACK (on_state_seen), &not_connected);

  kv_call_backend_set_held (offerer, TRUE);
  kv_call_backend_set_held (answerer, TRUE);
  kv_test_run_for (500);
  frames = kv_webrtc_call_get_remote_frames (pair->answerer);
  kv_test_run_for (hold_ms);
  /* Held: no picture either way, and no recovery. */
  g_assert_cmpuint (kv_webrtc_call_get_remote_frames (pair->answerer), ==, frames);
  g_assert_cmpint (kv_call_backend_get_state (offerer), ==, KV_CALL_STATE_CONNECTED);
  g_assert_cmpint (kv_call_backend_get_state (answerer), ==, KV_CALL_STATE_CONNECTED);
  g_assert_cmpuint (not_connected, ==, 0);
  g_assert_cmpuint (descriptions, ==, 0);

  kv_call_backend_set_held (offerer, FALSE);
  kv_call_backend_set_held (answerer, FALSE);
  g_assert_true (kv_test_remote_frames_at_least (pair->answerer, frames + 5, 3000));
  g_assert_true (kv_test_remote_frames_at_least (pair->offerer,
                                                 kv_webrtc_call_get_remote_frames (pair->offerer)
                                                 + 5, 3000));
  g_assert_true (kv_test_remote_colour_is (pair->answerer, 255, 0, 0));
  g_assert_true (kv_test_remote_colour_is (pair->offerer, 0, 0, 255));
  /* The same call: no new generation, no new offer or answer. */
  g_assert_cmpuint (kv_call_backend_get_generation (offerer), ==, offerer_generation);
  g_assert_cmpuint (kv_call_backend_get_generation (answerer), ==, answerer_generation);
  g_assert_cmpuint (descriptions, ==, 0);
  g_assert_cmpuint (not_connected, ==, 0);
  g_assert_true (kv_call_backend_get_media_flowing (offerer));
  g_assert_true (kv_call_backend_get_media_flowing (answerer));
  g_signal_handlers_disconnect_by_data (offerer, &descriptions);
  g_signal_handlers_disconnect_by_data (answerer, &descriptions);
  g_signal_handlers_disconnect_by_data (offerer, &not_connected);
  g_signal_handlers_disconnect_by_data (answerer, &not_connected);
}

static GstPadProbeReturn
on_audio_buffer (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         data)
{
  g_atomic_int_inc ((gint *) data);
  return GST_PAD_PROBE_OK;
}

/* Audio buffers the answerer decodes from now on, counted in @counter. */
static GstPad *
count_answerer_audio (KvCallPair *pair,
                      gint       *counter,
                      gulong     *out_probe)
{
  GstElement *webrtc = kv_webrtc_call_get_webrtcbin (pair->answerer);
  g_autoptr(GstObject) pipeline = gst_object_get_parent (GST_OBJECT (webrtc));
  g_autoptr(GstElement) decoder = kv_test_find_element (GST_ELEMENT (pipeline), "opusdec");
  GstPad *pad;

  g_assert_nonnull (decoder);
  pad = gst_element_get_static_pad (decoder, "src");
  *out_probe = gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_audio_buffer, counter,
                                  NULL);
  return pad;
}

/* Staff's mute: the offerer's sound stops, its picture goes on, and the
 * sound comes back with the unmute. */
static void
test_audio_hold (Fixture       *fixture,
                 gconstpointer  data)
{
  KvCallPair *pair = &fixture->pair;
  KvCallBackend *offerer = KV_CALL_BACKEND (pair->offerer);
  g_autoptr(GstPad) pad = NULL;
  gint audio = 0;
  gulong probe = 0;
  gint before;
  guint64 frames;

  kv_call_pair_start (pair, FALSE);
  g_assert_true (kv_test_wait_until (both_connected, pair, 10000));
  g_assert_true (kv_test_wait_until (both_hear, pair, 5000));
  pad = count_answerer_audio (pair, &audio, &probe);
  kv_test_run_for (500);
  g_assert_cmpint (g_atomic_int_get (&audio), >, 0);

  kv_call_backend_set_audio_held (offerer, TRUE);
  g_assert_true (kv_call_backend_get_audio_held (offerer));
  g_assert_false (kv_call_backend_get_held (offerer));
  kv_test_run_for (500);
  before = g_atomic_int_get (&audio);
  frames = kv_webrtc_call_get_remote_frames (pair->answerer);
  kv_test_run_for (1500);
  /* No sound arrives; the picture does, and the call is not taken for
   * lost. */
  g_assert_cmpint (g_atomic_int_get (&audio), ==, before);
  g_assert_cmpuint (kv_webrtc_call_get_remote_frames (pair->answerer), >=, frames + 20);
  g_assert_cmpint (kv_call_backend_get_state (offerer), ==, KV_CALL_STATE_CONNECTED);

  kv_call_backend_set_audio_held (offerer, FALSE);
  kv_test_run_for (1000);
  g_assert_cmpint (g_atomic_int_get (&audio), >, before);
  /* The counter lives on this stack. */
  gst_pad_remove_probe (pad, probe);
}

static gboolean
answerer_failed (gpointer data)
{
  KvCallPair *pair = data;

  return kv_call_backend_get_state (KV_CALL_BACKEND (pair->answerer)) == KV_CALL_STATE_FAILED;
}

static void
test_tampered_fingerprint_rejected (Fixture       *fixture,
                                    gconstpointer  data)
{
  KvCallPair *pair = &fixture->pair;

  pair->tamper_offer_fingerprint = TRUE;
  kv_call_pair_start (pair, FALSE);

  g_assert_true (kv_test_wait_until (answerer_failed, pair, 10000));
  g_assert_error (pair->answerer_error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_FINGERPRINT_MISMATCH);
  /* Nothing from the unverified peer was ever shown. */
  g_assert_cmpuint (kv_webrtc_call_get_remote_frames (pair->answerer), ==, 0);
}

static void
test_bad_input_from_peer (Fixture       *fixture,
                          gconstpointer  data)
{
  KvCallPair *pair = &fixture->pair;
  KvCallBackend *answerer = KV_CALL_BACKEND (pair->answerer);
  g_autoptr(GError) error = NULL;
  g_autofree char *huge = g_strnfill (KV_CALL_MAX_PLAY_MESSAGE_SIZE + 1, 'x');

  kv_call_backend_start (answerer);
  /* Garbage candidates are dropped, stale generations ignored. */
  kv_call_backend_add_remote_candidate (answerer, 0, "not a candidate", 0);
  kv_call_backend_add_remote_candidate (answerer, 999, "candidate:1 1 UDP 1 1.2.3.4 5 typ host", 0);
  g_assert_cmpint (kv_call_backend_get_state (answerer), ==, KV_CALL_STATE_CONNECTING);

  /* Oversized play messages are refused with a specific error. */
  g_assert_false (kv_call_backend_send_play_message (answerer, huge, &error));
  g_assert_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_MESSAGE_TOO_LARGE);
  g_clear_error (&error);
  g_assert_false (kv_call_backend_send_play_message (answerer, "{}", &error));
  g_assert_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_NOT_CONNECTED);

  /* An offer that is not SDP fails the call with a clear error. */
  kv_call_backend_set_remote_description (answerer, KV_SDP_OFFER, "v=0 garbage", 0);
  g_assert_cmpint (kv_call_backend_get_state (answerer), ==, KV_CALL_STATE_FAILED);
  g_assert_error (pair->answerer_error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_BAD_DESCRIPTION);
}

static void
test_missing_camera (void)
{
  g_autoptr(KvMediaConfig) config = kv_test_media_config ("red", KV_VIDEO_CODEC_H264);
  g_autoptr(KvWebrtcCall) call = NULL;
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autoptr(GError) error = NULL;

  config->video_source = KV_VIDEO_SOURCE_V4L2;
  g_free (config->video_device);
  config->video_device = g_strdup ("/dev/kinvisit-no-such-camera");
  call = kv_webrtc_call_new (config, TRUE, NULL, NULL);
  gt_signal_logger_connect (logger, call, "failed");

  kv_call_backend_start (KV_CALL_BACKEND (call));
  g_assert_cmpint (kv_call_backend_get_state (KV_CALL_BACKEND (call)), ==, KV_CALL_STATE_FAILED);
  gt_signal_logger_assert_emission_pop (logger, call, "failed", &error);
  g_assert_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_DEVICE_MISSING);
  g_clear_pointer (&logger, gt_signal_logger_free);
  g_assert_finalize_object (g_steal_pointer (&call));
}

typedef struct
{
  KvMediaPreview *preview;
  guint           frames;
} PreviewWait;

static void
on_preview_frame (GdkPaintable *paintable,
                  gpointer      data)
{
  ((PreviewWait *) data)->frames++;
}

static gboolean
preview_alive (gpointer data)
{
  PreviewWait *wait = data;

  return wait->frames >= 5 && kv_media_preview_get_input_level (wait->preview) > 0.05;
}

static void
test_factory_preview_and_missing_device (void)
{
  g_autoptr(KvMediaConfig) config = kv_test_media_config ("green", KV_VIDEO_CODEC_H264);
  g_autoptr(KvWebrtcCallFactory) factory = kv_webrtc_call_factory_new (config, NULL);
  g_autoptr(KvMediaPreview) preview = NULL;
  g_autoptr(KvCallBackend) call = NULL;
  g_autoptr(GError) error = NULL;
  PreviewWait wait = { 0 };
  GdkPaintable *paintable;

  /* The waiting room's self-view and microphone level, no network. */
  preview = kv_call_factory_create_preview (KV_CALL_FACTORY (factory), &error);
  g_assert_no_error (error);
  wait.preview = preview;
  paintable = kv_media_preview_get_self_paintable (preview);
  g_signal_connect (paintable, "invalidate-contents", G_CALLBACK (on_preview_frame), &wait);
  g_assert_true (kv_test_wait_until (preview_alive, &wait, 5000));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 640);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, 480);
  kv_media_preview_stop (preview);
  g_assert_cmpfloat (kv_media_preview_get_input_level (preview), ==, 0.0);
  g_signal_handlers_disconnect_by_data (paintable, &wait);
  g_assert_finalize_object (g_steal_pointer (&preview));

  /* A call from the factory is a KvWebrtcCall, not started. */
  call = kv_call_factory_create_call (KV_CALL_FACTORY (factory), TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kv_call_backend_get_state (call), ==, KV_CALL_STATE_NEW);
  g_assert_finalize_object (g_steal_pointer (&call));
  g_assert_finalize_object (g_steal_pointer (&factory));

  /* A missing camera is found when the call is created, not in the visit. */
  config->video_source = KV_VIDEO_SOURCE_V4L2;
  g_free (config->video_device);
  config->video_device = g_strdup ("/dev/kinvisit-no-such-camera");
  factory = kv_webrtc_call_factory_new (config, NULL);
  call = kv_call_factory_create_call (KV_CALL_FACTORY (factory), FALSE, NULL, &error);
  g_assert_null (call);
  g_assert_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_DEVICE_MISSING);
  g_clear_error (&error);
  preview = kv_call_factory_create_preview (KV_CALL_FACTORY (factory), &error);
  g_assert_null (preview);
  g_assert_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_DEVICE_MISSING);
}

/* The offer carries every configured codec: an answerer configured for
 * VP8 only still gets a call, in VP8. */
static void
test_answerer_picks_second_codec (void)
{
  g_autoptr(KvMediaConfig) offerer_config = kv_test_media_config ("red", KV_VIDEO_CODEC_H264);
  g_autoptr(KvMediaConfig) answerer_config = kv_test_media_config ("blue", KV_VIDEO_CODEC_VP8);
  KvCallPair pair;
  KvCallStats stats;

  answerer_config->n_codecs = 1;
  kv_call_pair_init_full (&pair, offerer_config, answerer_config);
  kv_call_pair_start (&pair, FALSE);
  g_assert_true (kv_test_remote_frames_at_least (pair.answerer, 10, 10000));
  g_assert_true (kv_test_remote_frames_at_least (pair.offerer, 10, 10000));
  g_assert_true (kv_test_remote_colour_is (pair.answerer, 255, 0, 0));
  kv_test_run_for (1200);
  kv_webrtc_call_get_stats (pair.answerer, &stats);
  g_assert_cmpstr (stats.video_codec, ==, "VP8");
  kv_call_pair_clear (&pair);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  kv_test_tolerate_rtpsession_race ();
  if (!kv_media_init (&error))
    g_error ("%s", error->message);

  g_test_add ("/media/call/flows-both-ways-h264", Fixture, NULL, setup_h264,
              test_media_flows_both_ways, teardown);
  g_test_add ("/media/call/flows-both-ways-vp8", Fixture, NULL, setup_vp8,
              test_media_flows_both_ways, teardown);
  g_test_add ("/media/call/hold-sends-nothing", Fixture, NULL, setup_h264,
              test_hold_sends_nothing, teardown);
  g_test_add ("/media/call/long-hold-no-rebuild", Fixture, NULL, setup_h264,
              test_long_hold_no_rebuild, teardown);
  g_test_add ("/media/call/audio-hold", Fixture, NULL, setup_h264, test_audio_hold, teardown);
  g_test_add ("/media/call/tampered-fingerprint", Fixture, NULL, setup_h264,
              test_tampered_fingerprint_rejected, teardown);
  g_test_add ("/media/call/bad-peer-input", Fixture, NULL, setup_h264,
              test_bad_input_from_peer, teardown);
  g_test_add_func ("/media/call/missing-camera", test_missing_camera);
  g_test_add_func ("/media/call/answerer-picks-vp8", test_answerer_picks_second_codec);
  g_test_add_func ("/media/call/factory-preview", test_factory_preview_and_missing_device);

  return g_test_run ();
}
