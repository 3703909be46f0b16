/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-e2e-visit"

#include "config.h"

#include "kv-e2e-demo.h"

/* A whole visit, end to end: kinvisit-server and two kinvisit-kiosk
 * processes, each under its own Xvfb with test video, book a one-minute
 * visit through kinvisitctl and hold it from the waiting room to the end.
 * The orchestration is the demo's (app/demo/kinvisit-demo), so the README's
 * first command is tested too; this program checks what the demo left
 * behind (see kv-e2e-demo.c): the kiosks' event log, the booking, and
 * pictures of the two X screens. */

/* Design target: both kiosks end within 1 s of the slot end. */
#define END_TOLERANCE_US G_USEC_PER_SEC

static gint64
load_slot_end (const char *output)
{
  g_autoptr (JsonNode) root = NULL;
  JsonObject *booking = kv_e2e_load_object (output, "booking.json", &root);

  return kv_e2e_time_member (booking, "end");
}

static void
check_phases (const char      *output,
              const KvE2eSide *side,
              gint64           slot_end_us)
{
  g_autoptr (GPtrArray) events = kv_e2e_load_events (output, side->role);
  const char * const order[] = { "waiting", "live", "goodbye", "after" };
  int at = 0;
  int ended;

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      int found = kv_e2e_find_event (events, order[i], at);

      if (found < 0)
        {
          kv_e2e_check_failed ("The %s kiosk never showed '%s' after '%s'", side->role,
                               order[i], i > 0 ? order[i - 1] : "start");
          return;
        }
      at = found;
    }

  ended = kv_e2e_find_event (events, "ended", kv_e2e_find_event (events, "goodbye", 0));
  if (ended < 0)
    {
      kv_e2e_check_failed ("The %s kiosk logged no 'ended' after the goodbye", side->role);
      return;
    }
  {
    KvE2eEvent *end = g_ptr_array_index (events, ended);
    KvE2eEvent *goodbye = g_ptr_array_index (events, kv_e2e_find_event (events, "goodbye", 0));
    gint64 off_us = end->time_us - slot_end_us;

    g_test_message ("%s kiosk: goodbye %.3f s before the slot end, ended %+.3f s from it",
                    side->role, (slot_end_us - goodbye->time_us) / 1e6, off_us / 1e6);
    if (ABS (off_us) > END_TOLERANCE_US)
      kv_e2e_check_failed ("The %s kiosk ended %+.3f s from the slot end (allowed: 1 s)",
                           side->role, off_us / 1e6);
    if (goodbye->time_us >= slot_end_us)
      kv_e2e_check_failed ("The %s kiosk showed the goodbye only after the slot end", side->role);
  }
}

static void
check_screen (const char      *output,
              const KvE2eSide *side)
{
  g_autofree char *path = kv_e2e_find_screen (output, side->role, "live", NULL, TRUE);
  const char *peer_colours[] = { side->peer_magenta.name, side->peer_cyan.name };
  KvE2eShares shares;
  double peer_shares[2];

  if (path == NULL)
    {
      kv_e2e_check_failed ("No picture of the %s kiosk's screen during the visit", side->role);
      return;
    }
  if (!kv_e2e_colour_shares (path, side, &shares))
    return;
  peer_shares[0] = shares.peer_magenta;
  peer_shares[1] = shares.peer_cyan;
  for (guint c = 0; c < 2; c++)
    if (peer_shares[c] <= KV_E2E_MIN_COLOUR_SHARE)
      kv_e2e_check_failed ("The %s kiosk's live screen does not show the %s kiosk's picture: "
                           "%.2f%% %s (needs > %.0f%%), see %s", side->role, side->peer,
                           100.0 * peer_shares[c], peer_colours[c],
                           100 * KV_E2E_MIN_COLOUR_SHARE, path);
  if (shares.own_magenta >= shares.peer_magenta)
    kv_e2e_check_failed ("The %s kiosk's live screen shows more of its own picture than the "
                         "%s kiosk's, see %s", side->role, side->peer, path);
}

static void
test_whole_visit (KvE2eFixture  *fixture,
                  gconstpointer  data)
{
  g_autofree char *xvfb_run = g_find_program_in_path ("xvfb-run");
  g_autofree char *summary_path = NULL;
  g_autofree char *summary = NULL;
  gint64 slot_end_us;

  if (xvfb_run == NULL)
    {
      g_test_skip ("xvfb-run is missing (Debian package xvfb)");
      return;
    }

  kv_e2e_run_demo (fixture, NULL);

  summary_path = g_build_filename (fixture->output, "summary.txt", NULL);
  if (g_file_get_contents (summary_path, &summary, NULL, NULL))
    g_test_message ("%s", summary);

  slot_end_us = load_slot_end (fixture->output);
  if (slot_end_us != 0)
    for (guint i = 0; i < G_N_ELEMENTS (kv_e2e_sides); i++)
      check_phases (fixture->output, &kv_e2e_sides[i], slot_end_us);
  for (guint i = 0; i < G_N_ELEMENTS (kv_e2e_sides); i++)
    check_screen (fixture->output, &kv_e2e_sides[i]);

  if (fixture->demo_done && fixture->demo_status != 0)
    kv_e2e_check_failed ("kinvisit-demo exited with status %d (logs in %s)",
                         fixture->demo_status, fixture->output);
  kv_e2e_check_nothing_left (fixture->output);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/e2e/whole-visit", KvE2eFixture, NULL,
              kv_e2e_fixture_set_up, test_whole_visit,
              kv_e2e_fixture_tear_down);

  return g_test_run ();
}
