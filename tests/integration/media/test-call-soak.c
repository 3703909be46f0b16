/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-test"

#include "config.h"

#include "kv-call-backend.h"
#include "kv-call-test-utils.h"
#include "kv-media-init.h"
#include "kv-webrtc-call.h"

#include <stdlib.h>

/*
 * Calls set up and torn down one after another in one process, as a kiosk
 * does all day: no file descriptors may leak (GStreamer 1.22's webrtcbin
 * has teardown bugs) and memory must level off. 20 calls here; the bench
 * suite runs 100 (KV_SOAK_CALLS).
 */

static gboolean
both_connected (gpointer data)
{
  return kv_call_pair_both_connected (data);
}

static void
one_call (void)
{
  KvCallPair pair;

  kv_call_pair_init (&pair, "red", "blue", KV_VIDEO_CODEC_H264, FALSE);
  kv_call_pair_start (&pair, FALSE);
  g_assert_true (kv_test_wait_until (both_connected, &pair, 10000));
  g_assert_true (kv_test_remote_frames_at_least (pair.answerer, 1, 10000));
  g_assert_true (kv_test_remote_frames_at_least (pair.offerer, 1, 10000));
  kv_call_pair_clear (&pair);
}

static void
test_repeated_calls (void)
{
  const char *env = g_getenv ("KV_SOAK_CALLS");
  guint n_calls = env != NULL ? (guint) atoi (env) : 20;
  guint fds_after_first, fds_end;
  gsize rss_first, rss_half = 0, rss_end;

  /* The first call loads plugins and makes process-wide threads and
   * sockets: measure from after it. */
  one_call ();
  kv_test_run_for (200);
  fds_after_first = kv_test_count_open_fds ();
  rss_first = kv_test_rss_kb ();

  for (guint i = 1; i < n_calls; i++)
    {
      one_call ();
      if (i == n_calls / 2)
        rss_half = kv_test_rss_kb ();
    }
  kv_test_run_for (500);
  fds_end = kv_test_count_open_fds ();
  rss_end = kv_test_rss_kb ();

  g_test_message ("%u calls: fds %u -> %u, RSS %zu kB -> %zu kB (half-way %zu kB)", n_calls,
                  fds_after_first, fds_end, rss_first, rss_end, rss_half);
  g_test_message ("{\"calls\":%u,\"fds_after_first\":%u,\"fds_end\":%u,\"rss_first_kb\":%zu,"
          "\"rss_half_kb\":%zu,\"rss_end_kb\":%zu}\n",
          n_calls, fds_after_first, fds_end, rss_first, rss_half, rss_end);

  /* No descriptor leaks: sockets, eventfds and pipes all closed. */
  g_assert_cmpuint (fds_end, <=, fds_after_first);
  /* Memory levels off: the second half of the calls grows RSS by less
   * than 20 MB (allocator arenas settle; a leak of a pipeline per call
   * would be far more). */
  g_assert_cmpuint (rss_end, <, rss_half + 20 * 1024);
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

  g_test_add_func ("/media/soak/repeated-calls", test_repeated_calls);

  return g_test_run ();
}
