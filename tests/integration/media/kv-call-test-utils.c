/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-test"
#define _GNU_SOURCE /* pthread_getname_np() */

#include "config.h"

#include "kv-call-test-utils.h"

#include "kv-call-backend.h"

#include <gdk/gdk.h>
#include <pthread.h>
#include <string.h>

/*
 * Helpers for the call engine's integration tests and benchmarks: a pair
 * of real calls relaying SDP and ICE to each other (as the server does),
 * main-loop waits with a timeout guard (no sleeps), and what a person
 * would see: the colour of the decoded picture.
 */

/* GStreamer 1.22's rtpsession drops its lock inside a g_hash_table_foreach()
 * over its sources while it generates RTCP (to emit on-sending-nacks); a
 * source that appears meanwhile (the RTX stream after the first NACK, a new
 * call's SSRCs) trips GLib's "modified during foreach" check on the
 * rtpsession-rtcp thread. That round of RTCP is cut short and nothing else
 * happens, so a kiosk only logs it; tests must not abort on it, and still
 * abort on every other critical. */
static gboolean
tolerate_rtpsession_foreach_race (const char     *log_domain,
                                  GLogLevelFlags  log_level,
                                  const char     *message,
                                  gpointer        user_data)
{
  char thread_name[16] = "";

  pthread_getname_np (pthread_self (), thread_name, sizeof thread_name);
  return !(g_strcmp0 (log_domain, "GLib") == 0 &&
           (log_level & G_LOG_LEVEL_CRITICAL) != 0 &&
           g_str_equal (thread_name, "rtpsession-rtcp") &&
           strstr (message, "g_hash_table_foreach: assertion 'version == hash_table->version'") != NULL);
}

void
kv_test_tolerate_rtpsession_race (void)
{
  g_test_log_set_fatal_handler (tolerate_rtpsession_foreach_race, NULL);
}

KvMediaConfig *
kv_test_media_config (const char   *pattern,
                      KvVideoCodec  codec)
{
  KvMediaConfig *config = kv_media_config_new_defaults ();
  const char *addresses[] = { "127.0.0.1", NULL };

  config->video_source = KV_VIDEO_SOURCE_TEST;
  g_free (config->test_pattern);
  config->test_pattern = g_strdup (pattern);
  config->audio_source = KV_AUDIO_SOURCE_TEST;
  config->audio_sink = KV_AUDIO_SINK_FAKE;
  config->echo_cancel = KV_ECHO_CANCEL_OFF;
  /* Loopback only: libnice ignores loopback unless told. */
  g_strfreev (config->local_addresses);
  config->local_addresses = g_strdupv ((char **) addresses);
  config->codecs[0] = codec;
  config->codecs[1] = codec == KV_VIDEO_CODEC_H264 ? KV_VIDEO_CODEC_VP8 : KV_VIDEO_CODEC_H264;
  config->n_codecs = 2;
  return config;
}

/* Every fingerprint's last hex digit, changed: the SDP now announces a
 * certificate that is not the one the peer presents (a man in the
 * middle). */
static char *
tamper_fingerprint (const char *sdp)
{
  char *copy = g_strdup (sdp);
  char *line = copy;

  while ((line = strstr (line, "a=fingerprint:")) != NULL)
    {
      char *end = strpbrk (line, "\r\n");

      if (end == NULL)
        break;
      if (end > line)
        end[-1] = end[-1] == 'A' ? 'B' : 'A';
      line = end;
    }
  return copy;
}

static void
on_description (KvCallBackend *from,
                KvSdpType      type,
                const char    *sdp,
                guint          generation,
                gpointer       data)
{
  KvCallPair *pair = data;
  KvCallBackend *to = from == KV_CALL_BACKEND (pair->offerer)
                      ? KV_CALL_BACKEND (pair->answerer) : KV_CALL_BACKEND (pair->offerer);
  g_autofree char *relayed = NULL;

  pair->n_descriptions++;
  relayed = pair->tamper_offer_fingerprint && type == KV_SDP_OFFER
            ? tamper_fingerprint (sdp) : g_strdup (sdp);
  kv_call_backend_set_remote_description (to, type, relayed, generation);
}

static void
on_candidate (KvCallBackend *from,
              guint          mline,
              const char    *candidate,
              guint          generation,
              gpointer       data)
{
  KvCallPair *pair = data;
  KvCallBackend *to = from == KV_CALL_BACKEND (pair->offerer)
                      ? KV_CALL_BACKEND (pair->answerer) : KV_CALL_BACKEND (pair->offerer);

  pair->n_candidates++;
  kv_call_backend_add_remote_candidate (to, mline, candidate, generation);
}

static void
on_failed (KvCallBackend *call,
           GError        *error,
           gpointer       data)
{
  KvCallPair *pair = data;
  GError **slot = call == KV_CALL_BACKEND (pair->offerer) ? &pair->offerer_error
                                                           : &pair->answerer_error;

  g_clear_error (slot);
  *slot = g_error_copy (error);
}

static KvWebrtcCall *
make_call_with_config (KvCallPair          *pair,
                       const KvMediaConfig *config,
                       gboolean             offerer,
                       gboolean             fault_injection)
{
  KvWebrtcCall *call = g_object_new (KV_TYPE_WEBRTC_CALL,
                                     "config", config,
                                     "offerer", offerer,
                                     "fault-injection", fault_injection,
                                     NULL);

  g_signal_connect (call, "local-description", G_CALLBACK (on_description), pair);
  g_signal_connect (call, "local-candidate", G_CALLBACK (on_candidate), pair);
  g_signal_connect (call, "failed", G_CALLBACK (on_failed), pair);
  return call;
}

static KvWebrtcCall *
make_call (KvCallPair  *pair,
           const char  *pattern,
           KvVideoCodec codec,
           gboolean     offerer,
           gboolean     fault_injection)
{
  g_autoptr(KvMediaConfig) config = kv_test_media_config (pattern, codec);

  return make_call_with_config (pair, config, offerer, fault_injection);
}

void
kv_call_pair_init_full (KvCallPair          *pair,
                        const KvMediaConfig *offerer_config,
                        const KvMediaConfig *answerer_config)
{
  memset (pair, 0, sizeof *pair);
  pair->offerer = make_call_with_config (pair, offerer_config, TRUE, FALSE);
  pair->answerer = make_call_with_config (pair, answerer_config, FALSE, FALSE);
}

void
kv_call_pair_init (KvCallPair   *pair,
                   const char   *offerer_pattern,
                   const char   *answerer_pattern,
                   KvVideoCodec  codec,
                   gboolean      fault_injection)
{
  memset (pair, 0, sizeof *pair);
  pair->offerer = make_call (pair, offerer_pattern, codec, TRUE, fault_injection);
  pair->answerer = make_call (pair, answerer_pattern, codec, FALSE, fault_injection);
}

void
kv_call_pair_start (KvCallPair *pair,
                    gboolean    held)
{
  kv_call_backend_set_held (KV_CALL_BACKEND (pair->offerer), held);
  kv_call_backend_set_held (KV_CALL_BACKEND (pair->answerer), held);
  kv_call_backend_start (KV_CALL_BACKEND (pair->answerer));
  kv_call_backend_start (KV_CALL_BACKEND (pair->offerer));
}

gboolean
kv_call_pair_both_connected (KvCallPair *pair)
{
  return kv_call_backend_get_state (KV_CALL_BACKEND (pair->offerer)) == KV_CALL_STATE_CONNECTED
         && kv_call_backend_get_state (KV_CALL_BACKEND (pair->answerer)) == KV_CALL_STATE_CONNECTED;
}

void
kv_call_pair_clear (KvCallPair *pair)
{
  if (pair->offerer != NULL)
    {
      kv_call_backend_stop (KV_CALL_BACKEND (pair->offerer));
      g_signal_handlers_disconnect_by_data (pair->offerer, pair);
    }
  if (pair->answerer != NULL)
    {
      kv_call_backend_stop (KV_CALL_BACKEND (pair->answerer));
      g_signal_handlers_disconnect_by_data (pair->answerer, pair);
    }
  /* Let hops queued by the stopped pipelines run out before the objects
   * are checked for finalization. */
  kv_test_run_for (50);
  if (pair->offerer != NULL)
    g_assert_finalize_object (g_steal_pointer (&pair->offerer));
  if (pair->answerer != NULL)
    g_assert_finalize_object (g_steal_pointer (&pair->answerer));
  g_clear_error (&pair->offerer_error);
  g_clear_error (&pair->answerer_error);
}

/* The engine moves a call to its own RTCP timing (early feedback, a short
 * regular interval) 1.5 s after it connects, see kv-call-receiver.c; until
 * then a keyframe request can wait ~1.4 s for the next regular RTCP. A
 * kiosk's call connects in the waiting room, well before the visit, so
 * figures for a call in use are taken once it has settled. */
#define SETTLE_MS 2500

void
kv_call_pair_settle (KvCallPair *pair)
{
  kv_test_run_for (SETTLE_MS);
}

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
on_tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @condition holds or @timeout_ms pass. No
 * sleeps: a 20 ms tick wakes the loop so conditions no source reports
 * (another process's log file) are seen too. */
gboolean
kv_test_wait_until (KvTestCondition condition,
                    gpointer        data,
                    guint           timeout_ms)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add (timeout_ms, on_timeout, &timed_out);
  guint tick = g_timeout_add (20, on_tick, NULL);
  gboolean met;

  while (!(met = condition (data)) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  if (!timed_out)
    g_source_remove (source);
  return met;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* Runs the main loop for @ms (the calls keep working meanwhile). */
void
kv_test_run_for (guint ms)
{
  kv_test_wait_until (never, NULL, ms);
}

typedef struct
{
  KvWebrtcCall *call;
  guint64       n;
} FramesWait;

static gboolean
has_frames (gpointer data)
{
  FramesWait *wait = data;

  return kv_webrtc_call_get_remote_frames (wait->call) >= wait->n;
}

gboolean
kv_test_remote_frames_at_least (KvWebrtcCall *call,
                                guint64       n,
                                guint         timeout_ms)
{
  FramesWait wait = { call, n };

  return kv_test_wait_until (has_frames, &wait, timeout_ms);
}

/* Whether the centre of the decoded remote picture is close to (r, g, b):
 * the colour a person would see, after encoding, RTP and decoding. */
gboolean
kv_test_remote_colour_is (KvWebrtcCall *call,
                          guint8        r,
                          guint8        g,
                          guint8        b)
{
  g_autoptr(GdkPaintable) image = NULL;
  g_autofree guchar *pixels = NULL;
  GdkTexture *texture;
  int width, height;
  gsize stride;
  const guchar *px;

  image = gdk_paintable_get_current_image (kv_call_backend_get_remote_paintable (
                                             KV_CALL_BACKEND (call)));
  if (!GDK_IS_TEXTURE (image))
    return FALSE;
  texture = GDK_TEXTURE (image);
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  stride = (gsize) width * 4;
  pixels = g_malloc (stride * height);
  /* gdk_texture_download() gives native-endian ARGB32: B, G, R, A. */
  gdk_texture_download (texture, pixels, stride);
  px = pixels + (height / 2) * stride + (width / 2) * 4;
  g_debug ("centre pixel r=%u g=%u b=%u", px[2], px[1], px[0]);
  return ABS ((int) px[2] - r) < 48 && ABS ((int) px[1] - g) < 48 && ABS ((int) px[0] - b) < 48;
}

/* The first element of @factory_name inside @bin, at any depth, or NULL.
 * Returns: (transfer full) (nullable) */
GstElement *
kv_test_find_element (GstElement *bin,
                      const char *factory_name)
{
  g_autoptr(GstIterator) it = gst_bin_iterate_all_by_element_factory_name (GST_BIN (bin),
                                                                           factory_name);
  GValue item = G_VALUE_INIT;
  GstElement *found = NULL;

  if (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    {
      found = g_value_dup_object (&item);
      g_value_unset (&item);
    }
  return found;
}

guint
kv_test_count_open_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

gsize
kv_test_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmRSS:");
  return line != NULL ? (gsize) g_ascii_strtoull (line + strlen ("VmRSS:"), NULL, 10) : 0;
}
