/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-fake-clock.h"
#include "kv-real-clock.h"

/* 2026-03-29T00:30:00Z: half an hour before Europe's spring-forward. */
#define T0 G_GINT64_CONSTANT (1774744200000000)

typedef struct
{
  KvClock *clock;
  GArray *fired;   /* int: tags in firing order */
  GArray *seen_at; /* gint64: clock time seen by each callback */
} Fixture;

typedef struct
{
  Fixture *fixture;
  int tag;
} Tagged;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->clock = kv_fake_clock_new (T0);
  fixture->fired = g_array_new (FALSE, FALSE, sizeof (int));
  fixture->seen_at = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_assert_finalize_object (fixture->clock);
  g_array_unref (fixture->fired);
  g_array_unref (fixture->seen_at);
}

static void
on_alarm (gpointer user_data)
{
  Tagged *tagged = user_data;
  gint64 now = kv_clock_get_now (tagged->fixture->clock);

  g_array_append_val (tagged->fixture->fired, tagged->tag);
  g_array_append_val (tagged->fixture->seen_at, now);
}

static guint
add_tagged (Fixture *fixture,
            gint64   when,
            int      tag)
{
  Tagged *tagged = g_new0 (Tagged, 1);

  tagged->fixture = fixture;
  tagged->tag = tag;
  return kv_clock_add_alarm (fixture->clock, when, on_alarm, tagged, g_free);
}

static int
fired_at (Fixture *fixture,
          guint    index)
{
  return g_array_index (fixture->fired, int, index);
}

static void
test_fake_now (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GDateTime) now = NULL;

  g_assert_cmpint (kv_clock_get_now (fixture->clock), ==, T0);
  kv_fake_clock_advance_seconds (KV_FAKE_CLOCK (fixture->clock), 90);
  g_assert_cmpint (kv_clock_get_now (fixture->clock), ==, T0 + 90 * KV_USEC_PER_SECOND);

  now = kv_clock_get_now_utc (fixture->clock);
  g_assert_cmpint (g_date_time_get_minute (now), ==, 31);
  g_assert_cmpint (g_date_time_get_second (now), ==, 30);
}

static void
test_fake_order (Fixture       *fixture,
                 gconstpointer  user_data)
{
  /* Added out of order; two due at the same time fire in insertion order. */
  add_tagged (fixture, T0 + 3 * KV_USEC_PER_SECOND, 3);
  add_tagged (fixture, T0 + 1 * KV_USEC_PER_SECOND, 1);
  add_tagged (fixture, T0 + 2 * KV_USEC_PER_SECOND, 21);
  add_tagged (fixture, T0 + 2 * KV_USEC_PER_SECOND, 22);
  add_tagged (fixture, T0 + 60 * KV_USEC_PER_SECOND, 60);

  kv_fake_clock_advance_seconds (KV_FAKE_CLOCK (fixture->clock), 10);

  g_assert_cmpuint (fixture->fired->len, ==, 4);
  g_assert_cmpint (fired_at (fixture, 0), ==, 1);
  g_assert_cmpint (fired_at (fixture, 1), ==, 21);
  g_assert_cmpint (fired_at (fixture, 2), ==, 22);
  g_assert_cmpint (fired_at (fixture, 3), ==, 3);
  /* Each callback saw the clock at its own due time, not the target. */
  g_assert_cmpint (g_array_index (fixture->seen_at, gint64, 0), ==, T0 + KV_USEC_PER_SECOND);
  g_assert_cmpint (g_array_index (fixture->seen_at, gint64, 3), ==, T0 + 3 * KV_USEC_PER_SECOND);
  g_assert_cmpuint (kv_clock_get_n_alarms (fixture->clock), ==, 1);
  g_assert_cmpint (kv_clock_get_next_alarm (fixture->clock), ==, T0 + 60 * KV_USEC_PER_SECOND);
}

static void
test_fake_boundary (Fixture       *fixture,
                    gconstpointer  user_data)
{
  add_tagged (fixture, T0 + KV_USEC_PER_SECOND, 1);

  kv_fake_clock_advance (KV_FAKE_CLOCK (fixture->clock), KV_USEC_PER_SECOND - 1);
  g_assert_cmpuint (fixture->fired->len, ==, 0);
  kv_fake_clock_advance (KV_FAKE_CLOCK (fixture->clock), 1);
  g_assert_cmpuint (fixture->fired->len, ==, 1);
}

static void
test_fake_remove (Fixture       *fixture,
                  gconstpointer  user_data)
{
  guint id = add_tagged (fixture, T0 + KV_USEC_PER_SECOND, 1);

  add_tagged (fixture, T0 + 2 * KV_USEC_PER_SECOND, 2);
  kv_clock_remove_alarm (fixture->clock, id);
  /* Removing twice, or an unknown id, is harmless. */
  kv_clock_remove_alarm (fixture->clock, id);
  kv_clock_remove_alarm (fixture->clock, 9999);

  kv_fake_clock_advance_seconds (KV_FAKE_CLOCK (fixture->clock), 5);
  g_assert_cmpuint (fixture->fired->len, ==, 1);
  g_assert_cmpint (fired_at (fixture, 0), ==, 2);
}

typedef struct
{
  Fixture *fixture;
  guint count;
} Chain;

static void
on_chain_alarm (gpointer user_data)
{
  Chain *chain = user_data;
  KvClock *clock = chain->fixture->clock;

  chain->count++;
  if (chain->count < 5)
    kv_clock_add_alarm (clock, kv_clock_get_now (clock) + KV_USEC_PER_SECOND,
                        on_chain_alarm, chain, NULL);
}

static void
test_fake_alarm_adds_alarm (Fixture       *fixture,
                            gconstpointer  user_data)
{
  Chain chain = { fixture, 0 };

  kv_clock_add_alarm (fixture->clock, T0 + KV_USEC_PER_SECOND, on_chain_alarm, &chain, NULL);

  /* Alarms added by a callback inside the advanced span fire too. */
  kv_fake_clock_advance_seconds (KV_FAKE_CLOCK (fixture->clock), 3.5);
  g_assert_cmpuint (chain.count, ==, 3);
  kv_fake_clock_advance_seconds (KV_FAKE_CLOCK (fixture->clock), 100);
  g_assert_cmpuint (chain.count, ==, 5);
  g_assert_cmpuint (kv_clock_get_n_alarms (fixture->clock), ==, 0);
}

static void
test_fake_jump (Fixture       *fixture,
                gconstpointer  user_data)
{
  add_tagged (fixture, T0 + 10 * KV_USEC_PER_SECOND, 10);
  add_tagged (fixture, T0 + 20 * KV_USEC_PER_SECOND, 20);
  add_tagged (fixture, T0 + 30 * KV_USEC_PER_SECOND, 30);

  /* A jump backwards fires nothing. */
  kv_fake_clock_set_now (KV_FAKE_CLOCK (fixture->clock), T0 - 3600 * KV_USEC_PER_SECOND);
  g_assert_cmpuint (fixture->fired->len, ==, 0);

  /* A jump forwards fires everything due, in order, at the new time. */
  kv_fake_clock_set_now (KV_FAKE_CLOCK (fixture->clock), T0 + 25 * KV_USEC_PER_SECOND);
  g_assert_cmpuint (fixture->fired->len, ==, 2);
  g_assert_cmpint (fired_at (fixture, 0), ==, 10);
  g_assert_cmpint (fired_at (fixture, 1), ==, 20);
  g_assert_cmpint (g_array_index (fixture->seen_at, gint64, 0), ==, T0 + 25 * KV_USEC_PER_SECOND);
}

static void
test_fake_past_alarm (Fixture       *fixture,
                      gconstpointer  user_data)
{
  add_tagged (fixture, T0 - KV_USEC_PER_SECOND, 1);

  /* Not fired from inside add: callers may still be setting up. */
  g_assert_cmpuint (fixture->fired->len, ==, 0);
  kv_fake_clock_advance (KV_FAKE_CLOCK (fixture->clock), 0);
  g_assert_cmpuint (fixture->fired->len, ==, 1);
}

static void
test_fake_destroy_notify (Fixture       *fixture,
                          gconstpointer  user_data)
{
  /* Alarms still pending when the clock goes free their data (checked by
   * the allocator under MALLOC_CHECK_ and valgrind); removed ones too. */
  add_tagged (fixture, T0 + KV_USEC_PER_SECOND, 1);
  kv_clock_remove_alarm (fixture->clock, add_tagged (fixture, T0, 2));
  g_assert_cmpuint (kv_clock_get_n_alarms (fixture->clock), ==, 1);
}

typedef struct
{
  GMainLoop *loop;
  gint64 fired_at;
} RealAlarm;

static void
on_real_alarm (gpointer user_data)
{
  RealAlarm *alarm = user_data;

  alarm->fired_at = g_get_real_time ();
  g_main_loop_quit (alarm->loop);
}

static gboolean
on_timeout_guard (gpointer user_data)
{
  g_error ("real clock alarm never fired");
  return G_SOURCE_REMOVE;
}

static void
test_real_offset (void)
{
  g_autoptr(KvClock) clock = kv_real_clock_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  RealAlarm alarm = { loop, 0 };
  gint64 wall, shown;
  guint guard;

  /* The server's clock is an hour ahead: the kiosk shows server time. */
  kv_real_clock_set_offset (KV_REAL_CLOCK (clock), 3600 * KV_USEC_PER_SECOND);
  wall = g_get_real_time ();
  shown = kv_clock_get_now (clock);
  g_assert_cmpint (shown - wall, >=, 3600 * KV_USEC_PER_SECOND);
  g_assert_cmpint (shown - wall, <, 3601 * KV_USEC_PER_SECOND);

  /* An alarm for "server now + 20 ms" fires about 20 ms later. */
  kv_clock_add_alarm (clock, shown + 20000, on_real_alarm, &alarm, NULL);
  guard = g_timeout_add_seconds (10, on_timeout_guard, NULL);
  g_main_loop_run (loop);
  g_source_remove (guard);

  g_assert_cmpint (alarm.fired_at - wall, >=, 20000);
}

static void
test_real_offset_jump_fires_due (void)
{
  g_autoptr(KvClock) clock = kv_real_clock_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  RealAlarm alarm = { loop, 0 };

  kv_clock_add_alarm (clock, kv_clock_get_now (clock) + 3600 * KV_USEC_PER_SECOND,
                      on_real_alarm, &alarm, NULL);
  /* Learning that the server is an hour ahead makes the alarm due now. */
  kv_real_clock_set_offset (KV_REAL_CLOCK (clock), 3601 * KV_USEC_PER_SECOND);
  g_assert_cmpint (alarm.fired_at, !=, 0);
  g_assert_cmpuint (kv_clock_get_n_alarms (clock), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/clock/fake/now", test_fake_now);
  ADD ("/clock/fake/order", test_fake_order);
  ADD ("/clock/fake/boundary", test_fake_boundary);
  ADD ("/clock/fake/remove", test_fake_remove);
  ADD ("/clock/fake/alarm-adds-alarm", test_fake_alarm_adds_alarm);
  ADD ("/clock/fake/jump", test_fake_jump);
  ADD ("/clock/fake/past-alarm", test_fake_past_alarm);
  ADD ("/clock/fake/destroy-notify", test_fake_destroy_notify);
#undef ADD
  g_test_add_func ("/clock/real/offset", test_real_offset);
  g_test_add_func ("/clock/real/offset-jump-fires-due", test_real_offset_jump_fires_due);

  return g_test_run ();
}
