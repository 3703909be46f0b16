/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-e2e-endings"

#include "config.h"

#include <string.h>

#include "kv-e2e-demo.h"

/* Staff's pause, resume and goodbye now, end to end: the demo's one-minute
 * visit (see kv-e2e-demo.c) with a staff script on the prison kiosk
 * (--staff-script, a test switch). Staff pause the visit 10 s after it
 * went live, resume it at 20 s and start the goodbye at 30 s, so that the
 * visit ends about 20 s later, well before the slot end.
 *
 * Checked: both kiosks' phases from the event log (the community kiosk
 * follows the server's session, it did nothing itself), the goodbye's
 * length and end against the server's record (kinvisitctl session show),
 * the audit log's rows, and the X screens: while paused neither kiosk
 * shows the peer's test pattern (media held both ways), after the resume
 * both do again. The pictures are read for colours only, so they hold
 * whatever the pause scene looks like. */

#define PAUSE_AT_S 10
#define RESUME_AT_S 20
#define GOODBYE_AT_S 30
#define STAFF_SCRIPT "pause:child-needs-a-moment@10;resume@20;goodbye-now:finished-early@30"
/* Design target: both kiosks follow the server within a second. */
#define FOLLOW_TOLERANCE_US G_USEC_PER_SEC
#define END_TOLERANCE_US G_USEC_PER_SEC
/* The protected goodbye, at least (docs/protocol.md). */
#define MIN_GOODBYE_US (20 * G_USEC_PER_SEC)

typedef struct
{
  gint64 pause_us, resume_us, goodbye_us;
} StaffTimes;

static KvE2eEvent *
event_at (GPtrArray *events,
          int        index)
{
  return index >= 0 ? g_ptr_array_index (events, index) : NULL;
}

/* The prison kiosk's staff actions, each done and accepted. */
static gboolean
check_staff_actions (const char *output,
                     StaffTimes *times)
{
  g_autoptr (GPtrArray) events = kv_e2e_load_events (output, "prison");
  const char * const expected[] = { "pause", "resume", "goodbye-now" };
  gint64 *at[] = { &times->pause_us, &times->resume_us, &times->goodbye_us };
  guint found = 0;

  for (guint i = 0; i < events->len; i++)
    {
      KvE2eEvent *event = g_ptr_array_index (events, i);
      const char *action;

      if (g_str_equal (event->event, "staff-action-skipped"))
        kv_e2e_check_failed ("The staff script's %s was skipped",
                             json_object_get_string_member_with_default (event->fields,
                                                                         "action", "?"));
      if (!g_str_equal (event->event, "staff-action"))
        continue;
      action = json_object_get_string_member_with_default (event->fields, "action", "");
      if (found >= G_N_ELEMENTS (expected) || !g_str_equal (action, expected[found]))
        {
          kv_e2e_check_failed ("Unexpected staff action '%s'", action);
          continue;
        }
      if (!json_object_get_boolean_member_with_default (event->fields, "ok", FALSE))
        kv_e2e_check_failed ("The prison kiosk refused staff's %s: %s", action,
                             json_object_get_string_member_with_default (event->fields,
                                                                         "error", "?"));
      *at[found++] = event->time_us;
    }
  if (found != G_N_ELEMENTS (expected))
    {
      kv_e2e_check_failed ("The prison kiosk did %u of staff's 3 actions", found);
      return FALSE;
    }
  g_test_message ("Staff: paused %.3f s, resumed %.3f s after",
                  (times->resume_us - times->pause_us) / 1e6,
                  (times->goodbye_us - times->resume_us) / 1e6);
  return TRUE;
}

static void
check_follows (const KvE2eSide *side,
               const char      *what,
               KvE2eEvent      *event,
               gint64           staff_us)
{
  gint64 delay_us;

  if (event == NULL)
    return;
  delay_us = event->time_us - staff_us;
  g_test_message ("%s kiosk: %s %.3f s after staff acted", side->role, what, delay_us / 1e6);
  if (delay_us < 0 || delay_us > FOLLOW_TOLERANCE_US)
    kv_e2e_check_failed ("The %s kiosk showed %s %+.3f s from staff's action (allowed: 0-1 s)",
                         side->role, what, delay_us / 1e6);
}

/* waiting, live, paused, live, goodbye, after, each when staff acted; the
 * goodbye lasts until the end the server gave. */
static void
check_phases (const char       *output,
              const KvE2eSide  *side,
              const StaffTimes *times,
              gint64            server_end_us)
{
  g_autoptr (GPtrArray) events = kv_e2e_load_events (output, side->role);
  const char * const order[] = { "waiting", "live", "paused", "live", "goodbye", "after" };
  int found[G_N_ELEMENTS (order)];
  int at = 0, detail, ended;
  KvE2eEvent *goodbye, *end;
  gboolean here = g_str_equal (side->role, "prison");

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      found[i] = kv_e2e_find_event (events, order[i], at);
      if (found[i] < 0)
        {
          kv_e2e_check_failed ("The %s kiosk never showed '%s' after '%s'", side->role,
                               order[i], i > 0 ? order[i - 1] : "start");
          return;
        }
      at = found[i];
    }
  check_follows (side, "the pause", event_at (events, found[2]), times->pause_us);
  check_follows (side, "the resumed visit", event_at (events, found[3]), times->resume_us);
  check_follows (side, "the goodbye", event_at (events, found[4]), times->goodbye_us);

  /* Who paused and why, as the kiosk knew it. */
  detail = kv_e2e_find_event (events, "visit-paused", found[1]);
  if (detail < 0)
    kv_e2e_check_failed ("The %s kiosk logged no visit-paused", side->role);
  else
    {
      JsonObject *fields = event_at (events, detail)->fields;

      if (g_strcmp0 (json_object_get_string_member_with_default (fields, "category", NULL),
                     "child-needs-a-moment") != 0)
        kv_e2e_check_failed ("The %s kiosk's pause has the wrong category", side->role);
      if (json_object_get_boolean_member_with_default (fields, "paused_here", !here) != here)
        kv_e2e_check_failed ("The %s kiosk thinks it %s paused", side->role,
                             here ? "has not" : "has");
    }
  detail = kv_e2e_find_event (events, "goodbye-started", found[3]);
  if (detail < 0)
    kv_e2e_check_failed ("The %s kiosk logged no goodbye-started", side->role);
  else
    {
      JsonObject *fields = event_at (events, detail)->fields;

      if (g_strcmp0 (json_object_get_string_member_with_default (fields, "end_category", NULL),
                     "finished-early") != 0)
        kv_e2e_check_failed ("The %s kiosk's goodbye does not say finished-early", side->role);
      /* The server's record gives whole seconds; the kiosk has the
       * goodbye's end to the microsecond. */
      if (ABS (kv_e2e_time_member (fields, "end") - server_end_us) >= G_USEC_PER_SEC)
        kv_e2e_check_failed ("The %s kiosk's goodbye ends at %s, not when the server says",
                             side->role,
                             json_object_get_string_member_with_default (fields, "end", "?"));
    }

  ended = kv_e2e_find_event (events, "ended", found[4]);
  if (ended < 0)
    {
      kv_e2e_check_failed ("The %s kiosk logged no 'ended' after the goodbye", side->role);
      return;
    }
  goodbye = event_at (events, found[4]);
  end = event_at (events, ended);
  g_test_message ("%s kiosk: goodbye lasted %.3f s, ended %+.3f s from the server's end",
                  side->role, (end->time_us - goodbye->time_us) / 1e6,
                  (end->time_us - server_end_us) / 1e6);
  if (ABS (end->time_us - server_end_us) > END_TOLERANCE_US)
    kv_e2e_check_failed ("The %s kiosk ended %+.3f s from the server's end (allowed: 1 s)",
                         side->role, (end->time_us - server_end_us) / 1e6);
  /* The kiosk hears of the goodbye a moment after the server started it. */
  if (end->time_us - goodbye->time_us < MIN_GOODBYE_US - FOLLOW_TOLERANCE_US)
    kv_e2e_check_failed ("The %s kiosk's goodbye lasted only %.3f s", side->role,
                         (end->time_us - goodbye->time_us) / 1e6);
  if (g_strcmp0 (json_object_get_string_member_with_default (end->fields, "outcome", NULL),
                 "ended-by-staff") != 0)
    kv_e2e_check_failed ("The %s kiosk's visit did not end as ended-by-staff", side->role);
}

/* The server's record: ended by the prison's staff, finished early, after
 * a goodbye of at least 20 s before the slot end, with one pause.
 * Returns the visit's end. */
static gint64
check_session (const char       *output,
               const StaffTimes *times)
{
  g_autoptr (JsonNode) booking_root = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonObject *booking = kv_e2e_load_object (output, "booking.json", &booking_root);
  JsonObject *session = kv_e2e_load_object (output, "session.json", &root);
  JsonObject *staff_end, *pause;
  JsonArray *pauses;
  gint64 end_us, from_us, until_us, slot_end_us, seconds;

  if (session == NULL || booking == NULL)
    return 0;
  slot_end_us = kv_e2e_time_member (booking, "end");
  end_us = kv_e2e_time_member (session, "end");
  if (g_strcmp0 (json_object_get_string_member_with_default (session, "outcome", NULL),
                 "ended-by-staff") != 0)
    kv_e2e_check_failed ("The server's outcome is %s, not ended-by-staff",
                         json_object_get_string_member_with_default (session, "outcome", "?"));
  if (!json_object_has_member (session, "staff_end") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (session, "staff_end")))
    {
      kv_e2e_check_failed ("The server has no staff end for the visit");
      return end_us;
    }
  staff_end = json_object_get_object_member (session, "staff_end");
  if (g_strcmp0 (json_object_get_string_member_with_default (staff_end, "category", NULL),
                 "finished-early") != 0 ||
      g_strcmp0 (json_object_get_string_member_with_default (staff_end, "side", NULL),
                 "prison") != 0)
    kv_e2e_check_failed ("The server's staff end is not the prison's finished-early");
  from_us = kv_e2e_time_member (staff_end, "goodbye_from");
  until_us = kv_e2e_time_member (staff_end, "goodbye_until");
  g_test_message ("Server: goodbye %.3f s long, from %.3f s after staff acted; "
                  "ended %.3f s before the slot end",
                  (until_us - from_us) / 1e6, (from_us - times->goodbye_us) / 1e6,
                  (slot_end_us - end_us) / 1e6);
  if (until_us - from_us < MIN_GOODBYE_US)
    kv_e2e_check_failed ("The server's goodbye lasted %.3f s (needs >= 20 s)",
                         (until_us - from_us) / 1e6);
  if (until_us != end_us)
    kv_e2e_check_failed ("The visit did not end when the goodbye did");
  if (end_us >= slot_end_us)
    kv_e2e_check_failed ("The goodbye now did not end the visit before the slot end");

  pauses = json_object_has_member (session, "pauses")
           ? json_object_get_array_member (session, "pauses") : NULL;
  if (pauses == NULL || json_array_get_length (pauses) != 1)
    {
      kv_e2e_check_failed ("The server does not record exactly one pause");
      return end_us;
    }
  pause = json_array_get_object_element (pauses, 0);
  seconds = json_object_get_int_member_with_default (pause, "seconds", 0);
  if (g_strcmp0 (json_object_get_string_member_with_default (pause, "side", NULL),
                 "prison") != 0 ||
      g_strcmp0 (json_object_get_string_member_with_default (pause, "category", NULL),
                 "child-needs-a-moment") != 0 ||
      ABS (seconds - (RESUME_AT_S - PAUSE_AT_S)) > 1)
    kv_e2e_check_failed ("The server's pause is not the prison's child-needs-a-moment of %d s "
                         "(%" G_GINT64_FORMAT " s)", RESUME_AT_S - PAUSE_AT_S, seconds);
  if (json_object_get_int_member_with_default (session, "lost_s", 0) < seconds - 1)
    kv_e2e_check_failed ("The pause was not counted as lost time");
  return end_us;
}

/* The audit log's rows of the booking, "actor action details" each. */
static void
check_audit (const char *output)
{
  g_autofree char *path = g_build_filename (output, "audit.jsonl", NULL);
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  const char * const wanted[][2] = {
    { "session-paused", "side=prison category=child-needs-a-moment" },
    { "session-resumed", "side=prison" },
    { "staff-end", "category=finished-early side=prison" },
  };
  gboolean seen[G_N_ELEMENTS (wanted)] = { FALSE };

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    {
      kv_e2e_check_failed ("The demo saved no audit log");
      return;
    }
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      JsonObject *row;
      const char *actor, *action, *details;

      if (*lines[i] == '\0' || !json_parser_load_from_data (parser, lines[i], -1, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      row = json_node_get_object (json_parser_get_root (parser));
      actor = json_object_get_string_member_with_default (row, "actor", "");
      action = json_object_get_string_member_with_default (row, "action", "");
      details = json_object_get_string_member_with_default (row, "details", "");
      for (guint w = 0; w < G_N_ELEMENTS (wanted); w++)
        if (g_str_equal (actor, "kiosk:prison-demo") && g_str_equal (action, wanted[w][0]) &&
            g_str_has_prefix (details, wanted[w][1]))
          {
            g_test_message ("Audit: %s %s %s", actor, action, details);
            seen[w] = TRUE;
          }
    }
  for (guint w = 0; w < G_N_ELEMENTS (wanted); w++)
    if (!seen[w])
      kv_e2e_check_failed ("The audit log has no %s by the prison kiosk (%s)", wanted[w][0],
                           wanted[w][1]);
}

/* While paused, neither peer colour on the screen; after the resume, both. */
static void
check_screens (const char      *output,
               const KvE2eSide *side)
{
  g_autofree char *paused = kv_e2e_find_screen (output, side->role, "paused", NULL, TRUE);
  g_autofree char *resumed = NULL;
  gboolean own_paused = FALSE, own_goodbye = FALSE;
  g_autofree char *folder = g_build_filename (output, side->role, NULL);
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  KvE2eShares shares;

  if (paused == NULL)
    kv_e2e_check_failed ("No picture of the %s kiosk's screen while paused", side->role);
  else if (kv_e2e_colour_shares (paused, side, &shares) &&
           (shares.peer_magenta > KV_E2E_MIN_COLOUR_SHARE ||
            shares.peer_cyan > KV_E2E_MIN_COLOUR_SHARE))
    kv_e2e_check_failed ("The %s kiosk's paused screen still shows the %s kiosk's picture "
                         "(%.2f%% %s, %.2f%% %s; allowed: %.0f%%), see %s", side->role,
                         side->peer, 100 * shares.peer_magenta, side->peer_magenta.name,
                         100 * shares.peer_cyan, side->peer_cyan.name,
                         100 * KV_E2E_MIN_COLOUR_SHARE, paused);

  resumed = paused != NULL ? kv_e2e_find_screen (output, side->role, "live", paused, TRUE) : NULL;
  if (paused != NULL && resumed == NULL)
    kv_e2e_check_failed ("No picture of the %s kiosk's screen after the resume", side->role);
  else if (resumed != NULL && kv_e2e_colour_shares (resumed, side, &shares) &&
           (shares.peer_magenta <= KV_E2E_MIN_COLOUR_SHARE ||
            shares.peer_cyan <= KV_E2E_MIN_COLOUR_SHARE))
    kv_e2e_check_failed ("The %s kiosk's screen after the resume does not show the %s kiosk's "
                         "picture (%.2f%% %s, %.2f%% %s; needs > %.0f%%), see %s", side->role,
                         side->peer, 100 * shares.peer_magenta, side->peer_magenta.name,
                         100 * shares.peer_cyan, side->peer_cyan.name,
                         100 * KV_E2E_MIN_COLOUR_SHARE, resumed);

  /* The kiosk's own pictures of the pause and the goodbye (--screenshot-dir),
   * kept for people to look at. */
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_prefix (name, "screen-"))
        continue;
      if (g_str_has_suffix (name, "-paused.png"))
        own_paused = TRUE;
      else if (g_str_has_suffix (name, "-goodbye.png"))
        own_goodbye = TRUE;
    }
  if (!own_paused || !own_goodbye)
    kv_e2e_check_failed ("The %s kiosk saved no picture of its %s", side->role,
                         !own_paused ? "pause" : "goodbye");
}

static void
test_endings (KvE2eFixture  *fixture,
              gconstpointer  data)
{
  g_autofree char *xvfb_run = g_find_program_in_path ("xvfb-run");
  g_autofree char *summary_path = NULL;
  g_autofree char *summary = NULL;
  const char * const demo_arguments[] = { "--staff-script-prison", STAFF_SCRIPT, NULL };
  StaffTimes times = { 0 };
  gint64 end_us;

  if (xvfb_run == NULL)
    {
      g_test_skip ("xvfb-run is missing (Debian package xvfb)");
      return;
    }

  kv_e2e_run_demo (fixture, demo_arguments);

  summary_path = g_build_filename (fixture->output, "summary.txt", NULL);
  if (g_file_get_contents (summary_path, &summary, NULL, NULL))
    g_test_message ("%s", summary);

  if (check_staff_actions (fixture->output, &times))
    {
      end_us = check_session (fixture->output, &times);
      for (guint i = 0; i < G_N_ELEMENTS (kv_e2e_sides); i++)
        check_phases (fixture->output, &kv_e2e_sides[i], &times, end_us);
    }
  check_audit (fixture->output);
  for (guint i = 0; i < G_N_ELEMENTS (kv_e2e_sides); i++)
    check_screens (fixture->output, &kv_e2e_sides[i]);

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

  g_test_add ("/e2e/pause-resume-goodbye-now", KvE2eFixture, NULL,
              kv_e2e_fixture_set_up, test_endings, kv_e2e_fixture_tear_down);

  return g_test_run ();
}
