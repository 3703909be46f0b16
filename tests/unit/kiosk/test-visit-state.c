/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-visit-state"

#include "config.h"

#include "kv-fake-call-factory.h"
#include "kv-fake-clock.h"
#include "kv-fake-messages.h"
#include "kv-fake-signaller.h"
#include "kv-kiosk-enums.h"
#include "kv-visit.h"

/* The visit's state machine on its own: a real #KvVisit on the fake clock,
 * with the fake signaller and call, brought into each state and then given
 * each event the way the server, the call or the clock gives it. The
 * expected table is written out here, independently of kv-visit-state.c,
 * so a change of either shows. The slot is 10:30-11:00 (goodbye from
 * 10:59), joined at 10:20, UTC on 2026-11-22. */

#define BOOKING "b1"

static gint64
at (int    hour,
    int    minute,
    double seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (2026, 11, 22, hour, minute, seconds);

  return kv_date_time_to_us (dt);
}

typedef struct
{
  KvClock *clock;
  KvFakeSignaller *signaller;
  KvFakeCallFactory *factory;
  KvVisit *visit;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->clock = kv_fake_clock_new (at (10, 20, 0));
  f->signaller = kv_fake_signaller_new ();
  f->factory = kv_fake_call_factory_new ();
  f->visit = kv_visit_new (f->clock, KV_SIGNALLER (f->signaller), KV_CALL_FACTORY (f->factory),
                           KV_ROLE_COMMUNITY, BOOKING, FALSE);
  g_assert_true (kv_visit_join (f->visit, at (10, 30, 0), at (11, 0, 0), at (10, 59, 0), NULL, 0,
                                NULL, FALSE, &error));
  g_assert_no_error (error);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_assert_finalize_object (f->visit);
  g_assert_finalize_object (f->factory);
  g_assert_finalize_object (f->signaller);
  g_assert_finalize_object (f->clock);
}

static KvFakeCall *
call_of (Fixture *f)
{
  return kv_fake_call_factory_get_last_call (f->factory);
}

static void
advance_to (Fixture *f,
            gint64   when_us)
{
  gint64 now = kv_clock_get_now (f->clock);

  if (when_us > now)
    kv_fake_clock_advance (KV_FAKE_CLOCK (f->clock), when_us - now);
}

static void
receive (Fixture   *f,
         KvMessage *message)
{
  g_autoptr(KvMessage) owned = message;

  kv_visit_handle_message (f->visit, owned);
}

/* The events, as they really come ---------------------------------------- */

static void
release (Fixture *f)
{
  /* The server's `start`. */
  advance_to (f, at (10, 30, 0));
  receive (f, kv_fake_message_start (BOOKING, at (11, 0, 0)));
}

static void
lose_media (Fixture *f)
{
  /* The call engine says it is recovering. */
  kv_fake_call_set_state (call_of (f), KV_CALL_STATE_RECONNECTING);
}

static void
get_media_back (Fixture *f)
{
  kv_fake_call_set_state (call_of (f), KV_CALL_STATE_CONNECTED);
  kv_fake_call_set_media_flowing (call_of (f), TRUE);
}

static void
reach_goodbye (Fixture *f)
{
  /* The kiosk's own clock reaches the goodbye (or goes on in it). */
  advance_to (f, MAX (at (10, 59, 0), kv_clock_get_now (f->clock) + 10 * G_USEC_PER_SEC));
}

/* Whether the visit is paused now, as the server would say it again in
 * every snapshot until a side resumes. */
static KvSideFlags
paused_now (Fixture *f)
{
  return kv_visit_get_state (f->visit) == KV_VISIT_STATE_PAUSED ? KV_SIDE_PRISON : KV_SIDE_NONE;
}

static void
postpone_goodbye (Fixture *f)
{
  /* Make-up time: five minutes more, the goodbye moves with the end. The
   * session is not live, so this is the postponement alone (a pause going
   * on is said again). */
  g_autoptr(KvMessage) session =
    kv_fake_message_session (BOOKING, KV_SESSION_STATE_READY, at (10, 30, 0), at (11, 5, 0),
                             KV_SIDE_BOTH, KV_SIDE_BOTH, 0, 5 * G_TIME_SPAN_MINUTE);

  session->session.paused = paused_now (f);
  session->session.pause_category = session->session.paused ? KV_PAUSE_CATEGORY_OTHER
                                                             : KV_PAUSE_CATEGORY_NONE;
  kv_visit_handle_session (f->visit, &session->session);
}

/* The server's `session` with the prison side paused (@paused) or no side
 * paused; the state the visit is in, so the snapshot is only the pause. */
static void
receive_pause (Fixture  *f,
               gboolean  paused)
{
  KvVisitState state = kv_visit_get_state (f->visit);
  g_autoptr(KvMessage) session =
    kv_fake_message_session (BOOKING,
                             state == KV_VISIT_STATE_WAITING ? KV_SESSION_STATE_READY
                                                             : KV_SESSION_STATE_LIVE,
                             at (10, 30, 0), at (11, 0, 0), KV_SIDE_BOTH, KV_SIDE_BOTH, 0, 0);

  session->session.paused = paused ? KV_SIDE_PRISON : KV_SIDE_NONE;
  session->session.pause_category = paused ? KV_PAUSE_CATEGORY_ADULT_NEEDS_A_MOMENT
                                           : KV_PAUSE_CATEGORY_NONE;
  kv_visit_handle_session (f->visit, &session->session);
}

static void
pause_visit (Fixture *f)
{
  receive_pause (f, TRUE);
}

static void
resume_visit (Fixture *f)
{
  receive_pause (f, FALSE);
}

static void
end (Fixture *f)
{
  receive (f, kv_fake_message_end (BOOKING, KV_OUTCOME_COMPLETED, 0));
}

typedef void (*EventFunc) (Fixture *f);

static const struct
{
  KvVisitEvent event;
  EventFunc    func;
} events[] = {
  { KV_VISIT_EVENT_RELEASE, release },
  { KV_VISIT_EVENT_MEDIA_LOST, lose_media },
  { KV_VISIT_EVENT_MEDIA_BACK, get_media_back },
  { KV_VISIT_EVENT_GOODBYE, reach_goodbye },
  { KV_VISIT_EVENT_GOODBYE_POSTPONED, postpone_goodbye },
  { KV_VISIT_EVENT_PAUSE, pause_visit },
  { KV_VISIT_EVENT_RESUME, resume_visit },
  { KV_VISIT_EVENT_END, end },
};

/* The ways into each state --------------------------------------------- */

static void
go_live (Fixture *f)
{
  kv_fake_call_set_state (call_of (f), KV_CALL_STATE_CONNECTED);
  release (f);
  kv_fake_call_set_media_flowing (call_of (f), TRUE);
  advance_to (f, at (10, 40, 0));
}

static void
go_to (Fixture      *f,
       KvVisitState  state)
{
  switch (state)
    {
    case KV_VISIT_STATE_WAITING:
      break;
    case KV_VISIT_STATE_LIVE:
      go_live (f);
      break;
    case KV_VISIT_STATE_RECONNECTING:
      go_live (f);
      lose_media (f);
      break;
    case KV_VISIT_STATE_PAUSED:
      go_live (f);
      pause_visit (f);
      break;
    case KV_VISIT_STATE_GOODBYE:
      go_live (f);
      advance_to (f, at (10, 59, 0));
      break;
    case KV_VISIT_STATE_ENDED:
      go_live (f);
      end (f);
      break;
    default:
      g_assert_not_reached ();
    }
  g_assert_cmpint (kv_visit_get_state (f->visit), ==, state);
}

/* The table, as the tests expect it. */
#define W KV_VISIT_STATE_WAITING
#define L KV_VISIT_STATE_LIVE
#define R KV_VISIT_STATE_RECONNECTING
#define P KV_VISIT_STATE_PAUSED
#define G KV_VISIT_STATE_GOODBYE
#define E KV_VISIT_STATE_ENDED

static const KvVisitState expected[][G_N_ELEMENTS (events)] = {
  /*            RELEASE  LOST  BACK  GOODBYE  POSTPONED  PAUSE  RESUME  END */
  [W] = {       L,       W,    W,    W,       W,         W,     W,      E },
  [L] = {       L,       R,    L,    G,       L,         P,     L,      E },
  [R] = {       R,       R,    L,    G,       R,         P,     R,      E },
  [P] = {       P,       P,    P,    G,       P,         P,     L,      E },
  [G] = {       G,       G,    G,    G,       L,         G,     G,      E },
  [E] = {       E,       E,    E,    E,       E,         E,     E,      E },
};
G_STATIC_ASSERT (G_N_ELEMENTS (expected) == KV_VISIT_STATE_ENDED + 1);

#undef W
#undef L
#undef R
#undef P
#undef G
#undef E

typedef struct
{
  KvVisitState from;
  guint        event;
} Cell;

static void
test_cell (Fixture       *f,
           gconstpointer  data)
{
  const Cell *cell = data;

  KvVisitState state;

  go_to (f, cell->from);
  events[cell->event].func (f);
  state = kv_visit_get_state (f->visit);
  g_assert_cmpstr (kv_visit_state_to_string (state), ==,
                   kv_visit_state_to_string (expected[cell->from][cell->event]));
  /* This side's sending is held exactly while paused (and before the
   * start); the pause never rebuilds the call. */
  if (kv_visit_state_is_on (state))
    g_assert_cmpint (kv_call_backend_get_held (KV_CALL_BACKEND (call_of (f))), ==,
                     state == KV_VISIT_STATE_WAITING || state == KV_VISIT_STATE_PAUSED);
  g_assert_cmpuint (kv_fake_call_factory_get_n_calls (f->factory), ==, 1);
}

/* The table function itself, cell by cell. */
static void
test_table (void)
{
  for (KvVisitState from = KV_VISIT_STATE_WAITING; from <= KV_VISIT_STATE_ENDED; from++)
    for (guint i = 0; i < G_N_ELEMENTS (events); i++)
      {
        g_test_message ("%s + %s", kv_visit_state_to_string (from),
                        kv_visit_event_to_string (events[i].event));
        g_assert_cmpint (kv_visit_state_next (from, events[i].event), ==, expected[from][i]);
      }
}

/* The facts hold whatever came first: released in its last minute, a
 * visit goes straight to the goodbye; with media already gone, straight
 * to reconnecting. */
static void
test_release_late (Fixture       *f,
                   gconstpointer  data)
{
  advance_to (f, at (10, 59, 30));
  receive (f, kv_fake_message_start (BOOKING, at (11, 0, 0)));
  g_assert_cmpint (kv_visit_get_state (f->visit), ==, KV_VISIT_STATE_GOODBYE);
}

static void
test_release_without_media (Fixture       *f,
                            gconstpointer  data)
{
  kv_fake_call_set_state (call_of (f), KV_CALL_STATE_RECONNECTING);
  release (f);
  g_assert_cmpint (kv_visit_get_state (f->visit), ==, KV_VISIT_STATE_RECONNECTING);
}

/* Its own clock ends it: completed once started, a no-show otherwise. */
/* Media lost during a pause keeps it paused; at the resume, media still
 * lost makes it reconnecting, media back live. */
static void
test_media_lost_in_pause (Fixture       *f,
                          gconstpointer  data)
{
  go_to (f, KV_VISIT_STATE_PAUSED);
  lose_media (f);
  g_assert_cmpint (kv_visit_get_state (f->visit), ==, KV_VISIT_STATE_PAUSED);
  resume_visit (f);
  g_assert_cmpint (kv_visit_get_state (f->visit), ==, KV_VISIT_STATE_RECONNECTING);
  get_media_back (f);
  g_assert_cmpint (kv_visit_get_state (f->visit), ==, KV_VISIT_STATE_LIVE);
}

/* The server's staff goodbye lifts a pause (the server lifts them all):
 * the hold goes, so both sides can wave. */
static void
test_goodbye_now_in_pause (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(KvMessage) goodbye = kv_fake_message_goodbye (BOOKING, at (10, 41, 0));

  go_to (f, KV_VISIT_STATE_PAUSED);
  goodbye->goodbye.category = KV_END_CATEGORY_CHILD_UPSET;
  kv_visit_handle_message (f->visit, goodbye);
  g_assert_cmpint (kv_visit_get_state (f->visit), ==, KV_VISIT_STATE_GOODBYE);
  g_assert_false (kv_call_backend_get_held (KV_CALL_BACKEND (call_of (f))));
  g_assert_cmpint (kv_visit_session_get_end_category (kv_visit_get_session (f->visit)), ==,
                   KV_END_CATEGORY_CHILD_UPSET);
}

/* A safeguarding stop: the server's `end` at once, from the pause too. */
static void
test_safeguarding_stop_in_pause (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(KvMessage) end = kv_fake_message_end (BOOKING, KV_OUTCOME_ENDED_BY_STAFF, 0);

  go_to (f, KV_VISIT_STATE_PAUSED);
  end->end.category = KV_END_CATEGORY_SAFEGUARDING;
  kv_visit_handle_message (f->visit, end);
  g_assert_cmpint (kv_visit_get_state (f->visit), ==, KV_VISIT_STATE_ENDED);
  g_assert_true (kv_fake_call_get_stopped (call_of (f)));
  g_assert_cmpint (kv_visit_session_get_end_category (kv_visit_get_session (f->visit)), ==,
                   KV_END_CATEGORY_SAFEGUARDING);
}

static void
test_ends_at_slot_end (Fixture       *f,
                       gconstpointer  data)
{
  advance_to (f, at (11, 0, 0));
  g_assert_cmpint (kv_visit_get_state (f->visit), ==, KV_VISIT_STATE_ENDED);
  g_assert_true (kv_fake_call_get_stopped (call_of (f)));
  g_assert_null (kv_visit_get_call (f->visit));
}

int
main (int   argc,
      char *argv[])
{
  static Cell cells[KV_VISIT_STATE_ENDED + 1][G_N_ELEMENTS (events)];

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/visit-state/table", test_table);
  for (KvVisitState from = KV_VISIT_STATE_WAITING; from <= KV_VISIT_STATE_ENDED; from++)
    for (guint i = 0; i < G_N_ELEMENTS (events); i++)
      {
        g_autofree char *path = g_strdup_printf ("/visit-state/%s/%s",
                                                 kv_visit_state_to_string (from),
                                                 kv_visit_event_to_string (events[i].event));

        cells[from][i].from = from;
        cells[from][i].event = i;
        g_test_add (path, Fixture, &cells[from][i], setup, test_cell, teardown);
      }
  g_test_add ("/visit-state/release-in-goodbye", Fixture, NULL, setup, test_release_late,
              teardown);
  g_test_add ("/visit-state/release-without-media", Fixture, NULL, setup,
              test_release_without_media, teardown);
  g_test_add ("/visit-state/ends-at-slot-end", Fixture, NULL, setup, test_ends_at_slot_end,
              teardown);
  g_test_add ("/visit-state/media-lost-in-pause", Fixture, NULL, setup, test_media_lost_in_pause,
              teardown);
  g_test_add ("/visit-state/goodbye-now-in-pause", Fixture, NULL, setup,
              test_goodbye_now_in_pause, teardown);
  g_test_add ("/visit-state/safeguarding-stop-in-pause", Fixture, NULL, setup,
              test_safeguarding_stop_in_pause, teardown);

  return g_test_run ();
}
