/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-bench"

#include "config.h"

#include "kv-call-test-utils.h"
#include "kv-linked-calls.h"
#include "kv-media-init.h"

#include <stdio.h>

/*
 * Server link and media dropped together: time to picture. Two kiosks in a
 * visit through a real server (tests/integration/media/kv-linked-calls.c)
 * lose the media path between them and their paths to the server (both
 * kiosks', the answerer's or the offerer's) at once; outages of 3.0 to
 * 6.6 s sweep the moment they end across the call's rebuild attempts.
 * Printed per run, then one JSON line with the medians and the worst:
 *
 * - picture: from both paths back to a new picture on both kiosks (the
 *   bound, KV_VISIT_CALL_RECOVERY_BOUND_US, is 3 s);
 * - link back: from the paths back to both kiosks signed in;
 * - rebuild: from the answerer signed in to the picture, when the offerer
 *   rebuilt while the answerer was away: one whole renegotiation through
 *   the server (ask again, offer, answer, ICE, DTLS, first frame), what
 *   KV_MEDIA_NEGOTIATION_BUDGET_US budgets.
 *
 *   meson test -C _build --suite bench --verbose media-bench-link
 *
 * KV_BENCH_ONLY=both|answerer|offerer runs one scenario.
 */

#define RUNS 5
/* 3.0 s to 6.6 s: every phase of 1.5 s attempts and of the old 4 s tick. */
#define FIRST_OUTAGE_MS 3000
#define OUTAGE_STEP_MS 900
/* Between runs, the call settles (RTCP timing, see kv_call_pair_settle). */
#define SETTLE_MS 2500
#define GIVE_UP_MS 20000

typedef struct
{
  const char *name;
  gboolean    sides[KV_LINKED_N_SIDES];
} Scenario;

static const Scenario scenarios[] = {
  { "both", { TRUE, TRUE } },
  { "answerer", { FALSE, TRUE } },
  { "offerer", { TRUE, FALSE } },
};

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  if (values->len == 0)
    return -1;
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

static double
largest (GArray *values)
{
  double most = -1;

  for (guint i = 0; i < values->len; i++)
    most = MAX (most, g_array_index (values, double, i));
  return most;
}

typedef struct
{
  KvLinkedCalls *calls;
  guint64        frames[KV_LINKED_N_SIDES];
  gint64         picture_us;
  gint64         signed_in_us;
  gint64         answerer_signed_in_us;
} Watch;

static gboolean
all_back (gpointer data)
{
  Watch *watch = data;
  gint64 now = g_get_monotonic_time ();
  gboolean signed_in = TRUE;

  for (guint i = 0; i < KV_LINKED_N_SIDES; i++)
    signed_in = signed_in && kv_signaller_get_state (KV_SIGNALLER (watch->calls->kiosks[i].link))
                             == KV_SIGNALLER_STATE_SIGNED_IN;
  if (signed_in && watch->signed_in_us == 0)
    watch->signed_in_us = now;
  if (watch->answerer_signed_in_us == 0 &&
      kv_signaller_get_state (KV_SIGNALLER (watch->calls->kiosks[KV_LINKED_COMMUNITY].link))
      == KV_SIGNALLER_STATE_SIGNED_IN)
    watch->answerer_signed_in_us = now;
  if (watch->picture_us == 0 &&
      kv_linked_calls_get_frames (watch->calls, KV_LINKED_PRISON) > watch->frames[0] &&
      kv_linked_calls_get_frames (watch->calls, KV_LINKED_COMMUNITY) > watch->frames[1])
    watch->picture_us = now;
  return watch->picture_us != 0 && watch->signed_in_us != 0;
}

static void
on_frame_shown (GdkPaintable *paintable,
                gpointer      data)
{
  /* Wakes the wait at each frame, so the picture's time is not rounded
   * to the wait's 20 ms tick. */
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  GArray *picture[G_N_ELEMENTS (scenarios)];
  g_autoptr(GArray) link_back = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rebuild = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *all = g_array_new (FALSE, FALSE, sizeof (double));

  kv_test_tolerate_rtpsession_race ();
  if (!kv_media_init (&error))
    g_error ("%s", error->message);

  for (guint s = 0; s < G_N_ELEMENTS (scenarios); s++)
    picture[s] = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint s = 0; s < G_N_ELEMENTS (scenarios); s++)
    {
      const char *only = g_getenv ("KV_BENCH_ONLY");
      KvLinkedCalls calls;

      if (only != NULL && g_strcmp0 (only, scenarios[s].name) != 0)
        continue;
      kv_linked_calls_init (&calls);
      for (guint i = 0; i < KV_LINKED_N_SIDES; i++)
        g_signal_connect (kv_call_backend_get_remote_paintable (KV_CALL_BACKEND (calls.kiosks[i].engine)),
                          "frame-shown", G_CALLBACK (on_frame_shown), NULL);

      for (guint run = 0; run < RUNS; run++)
        {
          guint outage_ms = FIRST_OUTAGE_MS + run * OUTAGE_STEP_MS;
          Watch watch = { &calls };
          gint64 restored_us;
          double picture_ms, link_ms;

          kv_linked_calls_set_media_down (&calls, TRUE);
          for (guint i = 0; i < KV_LINKED_N_SIDES; i++)
            if (scenarios[s].sides[i])
              kv_linked_calls_set_link_down (&calls, i, TRUE);
          kv_test_run_for (outage_ms);

          for (guint i = 0; i < KV_LINKED_N_SIDES; i++)
            watch.frames[i] = kv_linked_calls_get_frames (&calls, i);
          kv_linked_calls_set_media_down (&calls, FALSE);
          for (guint i = 0; i < KV_LINKED_N_SIDES; i++)
            if (scenarios[s].sides[i])
              kv_linked_calls_set_link_down (&calls, i, FALSE);
          restored_us = g_get_monotonic_time ();
          if (!kv_test_wait_until (all_back, &watch, GIVE_UP_MS))
            g_error ("%s, %u ms outage: no picture within %d s", scenarios[s].name, outage_ms,
                     GIVE_UP_MS / 1000);

          picture_ms = (watch.picture_us - restored_us) / 1000.0;
          link_ms = (watch.signed_in_us - restored_us) / 1000.0;
          g_array_append_val (picture[s], picture_ms);
          g_array_append_val (all, picture_ms);
          g_array_append_val (link_back, link_ms);
          printf ("%s lose link and media, %u ms outage: picture back in %.0f ms, "
                  "links in %.0f ms (generation %u)\n",
                  scenarios[s].name, outage_ms, picture_ms, link_ms,
                  kv_call_backend_get_generation (KV_CALL_BACKEND (calls.kiosks[0].engine)));
          if (s == 1 && watch.picture_us > watch.answerer_signed_in_us)
            {
              double ms = (watch.picture_us - watch.answerer_signed_in_us) / 1000.0;

              g_array_append_val (rebuild, ms);
              printf ("  renegotiation, answerer signed in to picture: %.0f ms\n", ms);
            }
          kv_test_run_for (SETTLE_MS);
        }

      for (guint i = 0; i < KV_LINKED_N_SIDES; i++)
        g_signal_handlers_disconnect_by_func (kv_call_backend_get_remote_paintable (
                                                KV_CALL_BACKEND (calls.kiosks[i].engine)),
                                              on_frame_shown, NULL);
      kv_linked_calls_clear (&calls);
    }

  printf ("{\"link_media_bound_ms\":%.0f,"
          "\"link_media_both_picture_p50_ms\":%.0f,\"link_media_both_picture_max_ms\":%.0f,"
          "\"link_media_answerer_picture_p50_ms\":%.0f,"
          "\"link_media_answerer_picture_max_ms\":%.0f,"
          "\"link_media_offerer_picture_p50_ms\":%.0f,"
          "\"link_media_offerer_picture_max_ms\":%.0f,"
          "\"link_media_picture_p50_ms\":%.0f,\"link_media_picture_max_ms\":%.0f,"
          "\"link_back_p50_ms\":%.0f,\"renegotiation_p50_ms\":%.0f}\n",
          KV_VISIT_CALL_RECOVERY_BOUND_US / 1000.0,
          median (picture[0]), largest (picture[0]), median (picture[1]), largest (picture[1]),
          median (picture[2]), largest (picture[2]), median (all), largest (all),
          median (link_back), median (rebuild));

  for (guint s = 0; s < G_N_ELEMENTS (scenarios); s++)
    g_array_unref (picture[s]);
  g_array_unref (all);
  return 0;
}
