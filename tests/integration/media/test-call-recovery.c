/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-test"

#include "config.h"

#include "kv-call-backend.h"
#include "kv-call-test-utils.h"
#include "kv-media-init.h"
#include "kv-webrtc-call.h"

#include <gst/webrtc/webrtc.h>

/*
 * Network faults on a released call, injected with netsim in each side's
 * RTP send path (this kernel has no netem): 5% loss must keep the picture
 * flowing, and a 10 s blackout must recover by itself, through the media
 * watchdog and a rebuild of the call, while the visit goes on.
 */

typedef struct
{
  KvCallPair pair;
} Fixture;

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  kv_call_pair_init (&fixture->pair, "red", "blue", KV_VIDEO_CODEC_H264, TRUE);
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

static void
start_flowing (KvCallPair *pair)
{
  kv_call_pair_start (pair, FALSE);
  g_assert_true (kv_test_wait_until (both_connected, pair, 10000));
  g_assert_true (kv_test_remote_frames_at_least (pair->offerer, 10, 10000));
  g_assert_true (kv_test_remote_frames_at_least (pair->answerer, 10, 10000));
}

static void
test_loss_keeps_picture (Fixture       *fixture,
                         gconstpointer  data)
{
  KvCallPair *pair = &fixture->pair;
  KvCallStats before, after;
  guint64 frames_before;
  guint64 frames;

  start_flowing (pair);
  kv_webrtc_call_get_stats (pair->answerer, &before);
  frames_before = kv_webrtc_call_get_remote_frames (pair->answerer);

  kv_webrtc_call_set_drop_probability (pair->offerer, 0.05);
  kv_webrtc_call_set_drop_probability (pair->answerer, 0.05);
  kv_test_run_for (10000);

  kv_webrtc_call_get_stats (pair->answerer, &after);
  frames = kv_webrtc_call_get_remote_frames (pair->answerer) - frames_before;
  g_test_message ("5%% loss, 10 s: %" G_GUINT64_FORMAT " frames shown, %u freezes, "
                  "%" G_GINT64_FORMAT " packets lost",
                  frames, after.freezes - before.freezes, after.packets_lost);

  /* 30 fps sent: the picture keeps moving (at least 10 fps shown on this
   * shared 2-core machine; the freeze rate is measured by the benchmark)
   * and the call never went into reconnecting. */
  g_assert_cmpuint (frames, >=, 100);
  g_assert_cmpint (kv_call_backend_get_state (KV_CALL_BACKEND (pair->answerer)), ==,
                   KV_CALL_STATE_CONNECTED);
  g_assert_cmpuint (kv_call_backend_get_generation (KV_CALL_BACKEND (pair->offerer)), ==, 0);
  g_assert_true (kv_test_remote_colour_is (pair->answerer, 255, 0, 0));
}

typedef struct
{
  KvCallPair *pair;
  guint64     offerer_frames;
  guint64     answerer_frames;
} BackWait;

static gboolean
picture_back_both (gpointer data)
{
  BackWait *wait = data;

  return kv_webrtc_call_get_remote_frames (wait->pair->offerer) > wait->offerer_frames + 5
         && kv_webrtc_call_get_remote_frames (wait->pair->answerer) > wait->answerer_frames + 5;
}

static void
on_state_changed (GObject    *call,
                  GParamSpec *pspec,
                  gpointer    data)
{
  if (kv_call_backend_get_state (KV_CALL_BACKEND (call)) == KV_CALL_STATE_RECONNECTING)
    *(gboolean *) data = TRUE;
}

static void
test_blackout_recovers (Fixture       *fixture,
                        gconstpointer  data)
{
  KvCallPair *pair = &fixture->pair;
  gboolean answerer_reconnecting = FALSE;
  BackWait wait = { pair };
  gint64 network_back_us;
  gint64 picture_back_us;
  gint64 lost_us;

  start_flowing (pair);
  g_signal_connect (pair->answerer, "notify::state", G_CALLBACK (on_state_changed),
                    &answerer_reconnecting);

  kv_webrtc_call_set_blackout (pair->offerer, TRUE);
  kv_webrtc_call_set_blackout (pair->answerer, TRUE);
  kv_test_run_for (10000);

  /* The child saw "reconnecting", and the offerer rebuilt the call by
   * itself (new generation, negotiated through the same signals). */
  g_assert_true (answerer_reconnecting);
  g_assert_false (kv_call_backend_get_media_flowing (KV_CALL_BACKEND (pair->answerer)));
  g_assert_cmpuint (kv_webrtc_call_get_n_rebuilds (pair->offerer), >=, 1);
  g_assert_cmpuint (kv_call_backend_get_generation (KV_CALL_BACKEND (pair->offerer)), >=, 1);
  /* The answerer followed (a newer offer may still be on its way). */
  g_assert_cmpuint (kv_call_backend_get_generation (KV_CALL_BACKEND (pair->answerer)), >=, 1);

  wait.offerer_frames = kv_webrtc_call_get_remote_frames (pair->offerer);
  wait.answerer_frames = kv_webrtc_call_get_remote_frames (pair->answerer);
  kv_webrtc_call_set_blackout (pair->offerer, FALSE);
  kv_webrtc_call_set_blackout (pair->answerer, FALSE);
  network_back_us = g_get_monotonic_time ();

  g_assert_true (kv_test_wait_until (picture_back_both, &wait, 8000));
  picture_back_us = g_get_monotonic_time ();
  g_test_message ("picture back %" G_GINT64_FORMAT " ms after the network returned "
                  "(generation %u)", (picture_back_us - network_back_us) / 1000,
                  kv_call_backend_get_generation (KV_CALL_BACKEND (pair->offerer)));

  g_assert_true (kv_test_wait_until (both_connected, pair, 3000));
  g_assert_cmpuint (kv_call_backend_get_generation (KV_CALL_BACKEND (pair->answerer)), ==,
                    kv_call_backend_get_generation (KV_CALL_BACKEND (pair->offerer)));
  g_assert_true (kv_test_remote_colour_is (pair->answerer, 255, 0, 0));
  g_assert_true (kv_test_remote_colour_is (pair->offerer, 0, 0, 255));
  g_assert_true (kv_call_backend_get_media_flowing (KV_CALL_BACKEND (pair->offerer)));

  /* The lost time is accounted: at least the blackout, at most it plus
   * the recovery. */
  lost_us = kv_call_backend_get_lost_us (KV_CALL_BACKEND (pair->answerer));
  g_test_message ("lost %" G_GINT64_FORMAT " ms", lost_us / 1000);
  g_assert_cmpint (lost_us, >=, 9 * G_USEC_PER_SEC);
  g_assert_cmpint (lost_us, <=, 10 * G_USEC_PER_SEC + (picture_back_us - network_back_us)
                                + G_USEC_PER_SEC);
  g_signal_handlers_disconnect_by_data (pair->answerer, &answerer_reconnecting);
}

static gboolean
both_reconnecting (gpointer data)
{
  KvCallPair *pair = data;

  return kv_call_backend_get_state (KV_CALL_BACKEND (pair->offerer)) ==
           KV_CALL_STATE_RECONNECTING
         && kv_call_backend_get_state (KV_CALL_BACKEND (pair->answerer)) ==
           KV_CALL_STATE_RECONNECTING;
}

static gboolean
webrtcbin_connected (KvWebrtcCall *call)
{
  GstElement *webrtc = kv_webrtc_call_get_webrtcbin (call);
  GstWebRTCPeerConnectionState state = GST_WEBRTC_PEER_CONNECTION_STATE_NEW;

  if (webrtc != NULL)
    g_object_get (webrtc, "connection-state", &state, NULL);
  return state == GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED;
}

/* The offerer's rebuild of the same generation on both sides is connected
 * (ICE and DTLS pass the blackout, which drops only RTP). */
static gboolean
rebuild_connected (gpointer data)
{
  KvCallPair *pair = data;

  return kv_webrtc_call_get_n_rebuilds (pair->offerer) >= 1
         && kv_call_backend_get_generation (KV_CALL_BACKEND (pair->offerer)) ==
              kv_call_backend_get_generation (KV_CALL_BACKEND (pair->answerer))
         && webrtcbin_connected (pair->offerer) && webrtcbin_connected (pair->answerer);
}

/* A visit paused while its picture was lost: both kiosks hold the call
 * while it is RECONNECTING, the path comes back during the pause, and the
 * resume must bring the call back to CONNECTED (the visit's LIVE) with the
 * picture, within the kiosk's recovery bound. The hold ends the stall
 * without a picture, so nothing but the first picture after the release
 * can say the call recovered. */
static void
test_hold_while_reconnecting (Fixture       *fixture,
                              gconstpointer  data)
{
  KvCallPair *pair = &fixture->pair;
  KvCallBackend *offerer = KV_CALL_BACKEND (pair->offerer);
  KvCallBackend *answerer = KV_CALL_BACKEND (pair->answerer);
  BackWait wait = { pair };
  /* KV_VISIT_CALL_RECOVERY_BOUND_US without its signalling term: these
   * calls have no server link to lose. */
  guint recovery_bound_ms = (MAX (KV_CALL_STALL_BOUND_US, KV_CALL_ATTEMPT_BOUND_US)
                             + KV_CALL_NEGOTIATION_BUDGET_US) / 1000;
  gint64 released_us;

  start_flowing (pair);

  kv_webrtc_call_set_blackout (pair->offerer, TRUE);
  kv_webrtc_call_set_blackout (pair->answerer, TRUE);
  g_assert_true (kv_test_wait_until (both_reconnecting, pair,
                                     KV_CALL_STALL_BOUND_US / 1000 + 2000));
  /* Held after the rebuild connected, so that only the release can end
   * the RECONNECTING (a pipeline connecting after the hold would end it
   * by itself); a moment for the main context to hear of it. */
  g_assert_true (kv_test_wait_until (rebuild_connected, pair, 5000));
  kv_test_run_for (200);
  g_assert_cmpint (kv_call_backend_get_state (offerer), ==, KV_CALL_STATE_RECONNECTING);
  g_assert_cmpint (kv_call_backend_get_state (answerer), ==, KV_CALL_STATE_RECONNECTING);

  kv_call_backend_set_held (offerer, TRUE);
  kv_call_backend_set_held (answerer, TRUE);
  kv_test_run_for (500);
  kv_webrtc_call_set_blackout (pair->offerer, FALSE);
  kv_webrtc_call_set_blackout (pair->answerer, FALSE);
  kv_test_run_for (1000);

  wait.offerer_frames = kv_webrtc_call_get_remote_frames (pair->offerer);
  wait.answerer_frames = kv_webrtc_call_get_remote_frames (pair->answerer);
  kv_call_backend_set_held (offerer, FALSE);
  kv_call_backend_set_held (answerer, FALSE);
  released_us = g_get_monotonic_time ();

  g_assert_true (kv_test_wait_until (picture_back_both, &wait, recovery_bound_ms));
  g_assert_true (kv_test_wait_until (both_connected, pair,
                                     MAX (1, recovery_bound_ms - (gint64) (g_get_monotonic_time ()
                                                                   - released_us) / 1000)));
  g_test_message ("connected %" G_GINT64_FORMAT " ms after the release (generation %u)",
                  (g_get_monotonic_time () - released_us) / 1000,
                  kv_call_backend_get_generation (offerer));
  g_assert_true (kv_test_remote_colour_is (pair->answerer, 255, 0, 0));
  g_assert_true (kv_test_remote_colour_is (pair->offerer, 0, 0, 255));
  g_assert_true (kv_call_backend_get_media_flowing (offerer));
  g_assert_true (kv_call_backend_get_media_flowing (answerer));
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

  g_test_add ("/media/recovery/loss-5-percent", Fixture, NULL, setup,
              test_loss_keeps_picture, teardown);
  g_test_add ("/media/recovery/blackout-10s", Fixture, NULL, setup,
              test_blackout_recovers, teardown);
  g_test_add ("/media/recovery/hold-while-reconnecting", Fixture, NULL, setup,
              test_hold_while_reconnecting, teardown);

  return g_test_run ();
}
