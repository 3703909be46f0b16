/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-test"

#include "config.h"

#include "kv-call-test-utils.h"
#include "kv-linked-calls.h"
#include "kv-media-init.h"

/*
 * The recovery bound of kv-visit-call.h, end to end: two kiosks in a visit
 * through a real server lose the media path between them and their path
 * to the server at the same moment, for long enough that everything that
 * can notice has noticed (links declared dead, calls stalled, rebuilds
 * tried). When both paths come back, each kiosk must show the other's
 * picture again within KV_VISIT_CALL_RECOVERY_BOUND_US (3 s).
 *
 * The media path is cut with netsim in each call's send path, the server
 * path with a TCP relay that goes silent (see kv-test-proxy.h).
 */

/* Long enough for the links to be declared dead (1.5 s of silence), the
 * calls to stall (2 s) and rebuild attempts to be made or held back; and
 * ending just after the moment a fixed rebuild tick (4 s after the stall,
 * as before the bound) would have begun a rebuild, the case that used to
 * wait 4 s for the next one. */
#define OUTAGE_MS 6500

typedef struct
{
  KvLinkedCalls calls;
} Fixture;

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  kv_linked_calls_init (&fixture->calls);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  kv_linked_calls_clear (&fixture->calls);
}

typedef struct
{
  KvLinkedCalls *calls;
  guint64        frames[KV_LINKED_N_SIDES];
  guint64        more;
} PictureWait;

static gboolean
pictures_back (gpointer data)
{
  PictureWait *wait = data;

  for (guint i = 0; i < KV_LINKED_N_SIDES; i++)
    if (kv_linked_calls_get_frames (wait->calls, i) <= wait->frames[i] + wait->more)
      return FALSE;
  return TRUE;
}

/* Cuts the media path and the server paths of @sides for OUTAGE_MS, brings
 * them back together, and checks the picture is back on both kiosks within
 * the bound. */
static void
drop_and_restore (KvLinkedCalls *calls,
                  gboolean       sides[KV_LINKED_N_SIDES])
{
  PictureWait wait = { calls };
  gint64 restored_us, back_us;

  kv_linked_calls_forget_links (calls);
  kv_linked_calls_set_media_down (calls, TRUE);
  for (guint i = 0; i < KV_LINKED_N_SIDES; i++)
    if (sides[i])
      kv_linked_calls_set_link_down (calls, i, TRUE);
  kv_test_run_for (OUTAGE_MS);

  /* Everything that could notice did: the cut links were declared dead and
   * the pictures are gone. */
  for (guint i = 0; i < KV_LINKED_N_SIDES; i++)
    {
      if (sides[i])
        g_assert_true (kv_linked_calls_link_dropped (calls, i));
      g_assert_false (kv_call_backend_get_media_flowing (KV_CALL_BACKEND (calls->kiosks[i].engine)));
      wait.frames[i] = kv_linked_calls_get_frames (calls, i);
    }

  kv_linked_calls_set_media_down (calls, FALSE);
  for (guint i = 0; i < KV_LINKED_N_SIDES; i++)
    if (sides[i])
      kv_linked_calls_set_link_down (calls, i, FALSE);
  restored_us = g_get_monotonic_time ();

  g_assert_true (kv_test_wait_until (pictures_back, &wait,
                                     KV_VISIT_CALL_RECOVERY_BOUND_US / 1000 + 10000));
  back_us = g_get_monotonic_time ();
  g_test_message ("pictures back %" G_GINT64_FORMAT " ms after the paths (bound %" G_GINT64_FORMAT
                  " ms); generations %u/%u, rebuilds by the offerer %u",
                  (back_us - restored_us) / 1000, (gint64) KV_VISIT_CALL_RECOVERY_BOUND_US / 1000,
                  kv_call_backend_get_generation (KV_CALL_BACKEND (calls->kiosks[0].engine)),
                  kv_call_backend_get_generation (KV_CALL_BACKEND (calls->kiosks[1].engine)),
                  kv_webrtc_call_get_n_rebuilds (calls->kiosks[0].engine));
  g_assert_cmpint (back_us - restored_us, <=, KV_VISIT_CALL_RECOVERY_BOUND_US);

  /* A picture that stays, of the right kiosk. */
  wait.more = 5;
  g_assert_true (kv_test_wait_until (pictures_back, &wait, 3000));
  g_assert_true (kv_test_remote_colour_is (calls->kiosks[KV_LINKED_COMMUNITY].engine, 255, 0, 0));
  g_assert_true (kv_test_remote_colour_is (calls->kiosks[KV_LINKED_PRISON].engine, 0, 0, 255));
}

/* The server, or the network of both sites, is gone with the media. */
static void
test_both_lose_everything (Fixture       *fixture,
                           gconstpointer  data)
{
  gboolean sides[KV_LINKED_N_SIDES] = { TRUE, TRUE };

  drop_and_restore (&fixture->calls, sides);
}

/* The community centre's network is down: the prison kiosk keeps the
 * server, stalls and rebuilds, and the server drops its offers; the
 * community kiosk, back, has to ask for the current one. */
static void
test_answerer_loses_everything (Fixture       *fixture,
                                gconstpointer  data)
{
  gboolean sides[KV_LINKED_N_SIDES] = { FALSE, TRUE };

  drop_and_restore (&fixture->calls, sides);
  g_assert_cmpuint (kv_webrtc_call_get_n_rebuilds (fixture->calls.kiosks[0].engine), >=, 1);
}

/* The prison's network is down: the community kiosk keeps the server;
 * the prison kiosk rebuilds the moment it is signed in again. */
static void
test_offerer_loses_everything (Fixture       *fixture,
                               gconstpointer  data)
{
  gboolean sides[KV_LINKED_N_SIDES] = { TRUE, FALSE };

  drop_and_restore (&fixture->calls, sides);
}

static gboolean
answerer_signed_in (gpointer data)
{
  KvLinkedCalls *calls = data;

  return kv_signaller_get_state (KV_SIGNALLER (calls->kiosks[KV_LINKED_COMMUNITY].link)) ==
         KV_SIGNALLER_STATE_SIGNED_IN;
}

/* Only the answerer's server link flaps; the picture never stopped. Back,
 * it sends its answer and candidates again: the offerer, which has them,
 * must ignore the answer (applying it twice would fail the call) and take
 * the candidates again harmlessly. */
static void
test_answerer_link_flap_keeps_call (Fixture       *fixture,
                                    gconstpointer  data)
{
  KvLinkedCalls *calls = &fixture->calls;
  PictureWait wait = { calls, { 0 }, 30 };

  kv_linked_calls_forget_links (calls);
  kv_linked_calls_set_link_down (calls, KV_LINKED_COMMUNITY, TRUE);
  kv_test_run_for (3000);
  g_assert_true (kv_linked_calls_link_dropped (calls, KV_LINKED_COMMUNITY));
  kv_linked_calls_set_link_down (calls, KV_LINKED_COMMUNITY, FALSE);
  g_assert_true (kv_test_wait_until (answerer_signed_in, calls, 5000));

  for (guint i = 0; i < KV_LINKED_N_SIDES; i++)
    wait.frames[i] = kv_linked_calls_get_frames (calls, i);
  g_assert_true (kv_test_wait_until (pictures_back, &wait, 5000));
  for (guint i = 0; i < KV_LINKED_N_SIDES; i++)
    {
      KvCallBackend *engine = KV_CALL_BACKEND (calls->kiosks[i].engine);

      g_assert_cmpint (kv_call_backend_get_state (engine), ==, KV_CALL_STATE_CONNECTED);
      g_assert_cmpuint (kv_call_backend_get_generation (engine), ==, 0);
      g_assert_cmpuint (kv_webrtc_call_get_n_rebuilds (calls->kiosks[i].engine), ==, 0);
    }
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

  g_test_add ("/media/link-recovery/both-lose-everything", Fixture, NULL, setup,
              test_both_lose_everything, teardown);
  g_test_add ("/media/link-recovery/answerer-loses-everything", Fixture, NULL, setup,
              test_answerer_loses_everything, teardown);
  g_test_add ("/media/link-recovery/offerer-loses-everything", Fixture, NULL, setup,
              test_offerer_loses_everything, teardown);
  g_test_add ("/media/link-recovery/answerer-link-flap-keeps-call", Fixture, NULL, setup,
              test_answerer_link_flap_keeps_call, teardown);

  return g_test_run ();
}
