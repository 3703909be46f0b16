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

static void
postpone_goodbye (Fixture *f)
{
  /* Make-up time: five minutes more, the goodbye moves with the end. The
   * session is not live, so this is the postponement alone. */
  g_autoptr(KvMessage) session =
    kv_fake_message_session (BOOKING, KV_SESSION_STATE_READY, at (10, 30, 0), at (11, 5, 0),
                             KV_SIDE_BOTH, KV_SIDE_BOTH, 0, 5 * G_TIME_SPAN_MINUTE);

  kv_visit_handle_session (f->visit, &session->session);
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
#define G KV_VISIT_STATE_GOODBYE
#define E KV_VISIT_STATE_ENDED

static const KvVisitState expected[][G_N_ELEMENTS (events)] = {
  /*            RELEASE  LOST  BACK  GOODBYE  POSTPONED  END */
  [W] = {       L,       W,    W,    W,       W,         E },
  [L] = {       L,       R,    L,    G,       L,         E },
  [R] = {       R,       R,    L,    G,       R,         E },
  [G] = {       G,       G,    G,    G,       L,         E },
  [E] = {       E,       E,    E,    E,       E,         E },
};

#undef W
#undef L
#undef R
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

  go_to (f, cell->from);
  events[cell->event].func (f);
  g_assert_cmpstr (kv_visit_state_to_string (kv_visit_get_state (f->visit)), ==,
                   kv_visit_state_to_string (expected[cell->from][cell->event]));
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

  return g_test_run ();
}
