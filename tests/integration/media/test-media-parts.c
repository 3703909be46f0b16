/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-test"

#include "config.h"

#include "kv-call-test-utils.h"
#include "kv-dtls-verifier.h"
#include "kv-fake-clock.h"
#include "kv-media-error.h"
#include "kv-media-watchdog.h"
#include "kv-netsim.h"
#include "kv-sound-player.h"

#include <libglib-testing/signal-logger.h>

/*
 * The call engine's pure parts, without a network: the media watchdog on
 * a fake clock, the DTLS fingerprint check, the fault-injection settings,
 * and the cue sound player.
 */

#define T0 G_GINT64_CONSTANT (1800000000000000)

typedef struct
{
  KvClock         *clock;
  KvMediaWatchdog *watchdog;
  GtSignalLogger  *logger;
} WatchdogFixture;

static void
watchdog_setup (WatchdogFixture *fixture,
                gconstpointer    data)
{
  fixture->clock = kv_fake_clock_new (T0);
  fixture->watchdog = kv_media_watchdog_new (fixture->clock);
  fixture->logger = gt_signal_logger_new ();
  gt_signal_logger_connect (fixture->logger, fixture->watchdog, "stalled");
  gt_signal_logger_connect (fixture->logger, fixture->watchdog, "rebuild-needed");
  gt_signal_logger_connect (fixture->logger, fixture->watchdog, "recovered");
}

static void
watchdog_teardown (WatchdogFixture *fixture,
                   gconstpointer    data)
{
  g_clear_pointer (&fixture->logger, gt_signal_logger_free);
  g_assert_finalize_object (g_steal_pointer (&fixture->watchdog));
  g_assert_finalize_object (g_steal_pointer (&fixture->clock));
}

/* 30 frames a second for @seconds. */
static void
frames_for (WatchdogFixture *fixture,
            double           seconds)
{
  for (int i = 0; i < (int) (seconds * 30); i++)
    {
      kv_fake_clock_advance (KV_FAKE_CLOCK (fixture->clock), G_USEC_PER_SEC / 30);
      kv_media_watchdog_frame_seen (fixture->watchdog);
    }
}

static void
test_watchdog_stall_rebuild_recover (WatchdogFixture *fixture,
                                     gconstpointer    data)
{
  KvFakeClock *clock = KV_FAKE_CLOCK (fixture->clock);

  kv_media_watchdog_start (fixture->watchdog);
  kv_media_watchdog_set_released (fixture->watchdog, TRUE);
  frames_for (fixture, 1.0);
  g_assert_true (kv_media_watchdog_get_flowing (fixture->watchdog));

  /* 1.9 s without a picture: still fine. 2 s: stalled, and the first
   * rebuild starts at once. */
  kv_fake_clock_advance_seconds (clock, 1.9);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  kv_fake_clock_advance_seconds (clock, 0.1);
  gt_signal_logger_assert_emission_pop (fixture->logger, fixture->watchdog, "stalled", NULL);
  gt_signal_logger_assert_emission_pop (fixture->logger, fixture->watchdog, "rebuild-needed", NULL);
  g_assert_false (kv_media_watchdog_get_flowing (fixture->watchdog));
  g_assert_cmpint (kv_media_watchdog_get_lost_us (fixture->watchdog), ==, 2 * G_USEC_PER_SEC);

  /* No answer to that attempt (the peer is away): the next one after the
   * unanswered limit, and so on while it lasts. */
  kv_fake_clock_advance_seconds (clock, 3.9);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  kv_fake_clock_advance_seconds (clock, 0.1);
  gt_signal_logger_assert_emission_pop (fixture->logger, fixture->watchdog, "rebuild-needed", NULL);
  kv_fake_clock_advance_seconds (clock, 4.0);
  gt_signal_logger_assert_emission_pop (fixture->logger, fixture->watchdog, "rebuild-needed", NULL);

  /* The picture comes back after 10 s without one. */
  kv_media_watchdog_frame_seen (fixture->watchdog);
  gt_signal_logger_assert_emission_pop (fixture->logger, fixture->watchdog, "recovered", NULL);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  g_assert_true (kv_media_watchdog_get_flowing (fixture->watchdog));
  g_assert_cmpint (kv_media_watchdog_get_lost_us (fixture->watchdog), ==, 10 * G_USEC_PER_SEC);
  /* The 10 s gap was one freeze. */
  g_assert_cmpuint (kv_media_watchdog_get_n_freezes (fixture->watchdog), ==, 1);
}

/* When each rebuild starts, for what happens to a released call. Times in
 * seconds from the release; frames flow at 30 fps until the picture goes
 * and again from a FRAME event, so a stall comes 2 s after the last one. */
typedef enum
{
  EVENT_END,
  EVENT_PICTURE_GONE,   /* the last frame, then none */
  EVENT_FRAME,          /* one frame: the picture is back */
  EVENT_LINK_DOWN,      /* the kiosk lost the server */
  EVENT_LINK_UP,        /* signed in again */
  EVENT_ANSWERED,       /* the attempt in progress got its answer */
  EVENT_STARTED,        /* the call began an attempt by itself */
} WatchdogEventKind;

typedef struct
{
  double            at;
  WatchdogEventKind kind;
} WatchdogEvent;

typedef struct
{
  const char    *name;
  WatchdogEvent  events[10];
  double         until;         /* the run ends here */
  double         rebuilds[8];   /* when rebuild-needed fires; 0 ends the list */
} WatchdogCase;

static const WatchdogCase watchdog_cases[] = {
  { "the peer never answers: one offer per unanswered limit",
    { { 1.0, EVENT_PICTURE_GONE } }, 12.0,
    { 3.0, 7.0, 11.0 } },
  { "answered attempts that show nothing: the next at once after each",
    { { 1.0, EVENT_PICTURE_GONE }, { 3.1, EVENT_ANSWERED }, { 4.6, EVENT_ANSWERED } }, 6.5,
    { 3.0, 4.5, 6.0 } },
  /* The old 4 s tick left this one waiting until 7 s. */
  { "the path is back just after an attempt began: the next is 1.5 s on",
    { { 1.0, EVENT_PICTURE_GONE }, { 3.05, EVENT_ANSWERED }, { 4.55, EVENT_ANSWERED },
      { 5.0, EVENT_FRAME } }, 20.0,
    { 3.0, 4.5 } },
  { "no link at the stall: the first attempt the moment it is back",
    { { 1.0, EVENT_PICTURE_GONE }, { 2.5, EVENT_LINK_DOWN }, { 10.0, EVENT_LINK_UP },
      { 10.1, EVENT_ANSWERED } }, 12.0,
    { 10.0, 11.5 } },
  { "the link goes during an attempt: none while it is down, one when it is back",
    { { 1.0, EVENT_PICTURE_GONE }, { 3.1, EVENT_ANSWERED }, { 3.5, EVENT_LINK_DOWN },
      { 6.2, EVENT_LINK_UP } }, 10.5,
    { 3.0, 6.2, 10.2 } },
  { "the link flaps back during an answered attempt: a fresh one at once",
    { { 1.0, EVENT_PICTURE_GONE }, { 3.1, EVENT_ANSWERED }, { 3.2, EVENT_LINK_DOWN },
      { 3.3, EVENT_LINK_UP }, { 3.4, EVENT_ANSWERED } }, 5.0,
    { 3.0, 3.3, 4.8 } },
  { "a pipeline that failed before the stall keeps its time",
    { { 1.0, EVENT_PICTURE_GONE }, { 2.5, EVENT_STARTED }, { 2.6, EVENT_ANSWERED } }, 4.5,
    { 4.0 } },
  { "the peer is back and gets the offer again: its attempt starts over",
    { { 1.0, EVENT_PICTURE_GONE }, { 6.9, EVENT_STARTED }, { 7.0, EVENT_ANSWERED },
      { 7.3, EVENT_FRAME } }, 20.0,
    { 3.0 } },
  { "a picture within the stall time: nothing to rebuild",
    { { 1.0, EVENT_PICTURE_GONE }, { 2.9, EVENT_FRAME }, { 2.95, EVENT_PICTURE_GONE },
      { 3.5, EVENT_LINK_DOWN }, { 4.0, EVENT_LINK_UP }, { 4.9, EVENT_FRAME } }, 20.0,
    { 0 } },
};

typedef struct
{
  KvClock *clock;
  gint64   released_us;
  GArray  *rebuilds;   /* double, seconds from the release */
} RebuildLog;

static void
on_rebuild_needed (KvMediaWatchdog *watchdog,
                   gpointer         data)
{
  RebuildLog *log = data;
  double at = (kv_clock_get_now (log->clock) - log->released_us) / (double) G_USEC_PER_SEC;

  g_array_append_val (log->rebuilds, at);
  /* As the call engine does: the rebuild is the new attempt. */
  kv_media_watchdog_attempt_started (watchdog);
}

/* Moves the fake clock to @when_us alarm by alarm, so each alarm runs at
 * its own time (and sees it). */
static void
advance_to (KvClock *clock,
            gint64   when_us)
{
  gint64 next;

  while ((next = kv_clock_get_next_alarm (clock)) <= when_us)
    kv_fake_clock_set_now (KV_FAKE_CLOCK (clock), MAX (next, kv_clock_get_now (clock)));
  kv_fake_clock_set_now (KV_FAKE_CLOCK (clock), when_us);
}

/* 30 frames a second while the picture flows, else nothing. */
static void
run_until (KvClock         *clock,
           KvMediaWatchdog *watchdog,
           gboolean         flowing,
           gint64           when_us)
{
  while (flowing && kv_clock_get_now (clock) + G_USEC_PER_SEC / 30 < when_us)
    {
      advance_to (clock, kv_clock_get_now (clock) + G_USEC_PER_SEC / 30);
      kv_media_watchdog_frame_seen (watchdog);
    }
  advance_to (clock, when_us);
}

static void
test_watchdog_rebuild_table (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (watchdog_cases); c++)
    {
      const WatchdogCase *wcase = &watchdog_cases[c];
      g_autoptr(KvClock) clock = kv_fake_clock_new (T0);
      g_autoptr(KvMediaWatchdog) watchdog = kv_media_watchdog_new (clock);
      g_autoptr(GArray) rebuilds = g_array_new (FALSE, FALSE, sizeof (double));
      RebuildLog log = { clock, T0, rebuilds };
      gboolean flowing = TRUE;
      guint n_expected = 0;

      g_test_message ("case: %s", wcase->name);
      g_signal_connect (watchdog, "rebuild-needed", G_CALLBACK (on_rebuild_needed), &log);
      kv_media_watchdog_start (watchdog);
      kv_media_watchdog_set_released (watchdog, TRUE);

      for (guint e = 0; e < G_N_ELEMENTS (wcase->events) && wcase->events[e].kind != EVENT_END; e++)
        {
          const WatchdogEvent *event = &wcase->events[e];
          gint64 at_us = T0 + (gint64) (event->at * G_USEC_PER_SEC + 0.5);

          run_until (clock, watchdog, flowing, at_us);
          switch (event->kind)
            {
            case EVENT_PICTURE_GONE:
              kv_media_watchdog_frame_seen (watchdog);
              flowing = FALSE;
              break;
            case EVENT_FRAME:
              kv_media_watchdog_frame_seen (watchdog);
              flowing = TRUE;
              break;
            case EVENT_LINK_DOWN:
              kv_media_watchdog_set_signalling_up (watchdog, FALSE);
              break;
            case EVENT_LINK_UP:
              kv_media_watchdog_set_signalling_up (watchdog, TRUE);
              break;
            case EVENT_ANSWERED:
              kv_media_watchdog_attempt_answered (watchdog);
              break;
            case EVENT_STARTED:
              kv_media_watchdog_attempt_started (watchdog);
              break;
            case EVENT_END:
            default:
              g_assert_not_reached ();
            }
        }
      run_until (clock, watchdog, flowing, T0 + (gint64) (wcase->until * G_USEC_PER_SEC));

      for (GString *got = g_string_new (NULL); got != NULL; g_string_free (got, TRUE), got = NULL)
        {
          for (guint i = 0; i < rebuilds->len; i++)
            g_string_append_printf (got, " %.2f", g_array_index (rebuilds, double, i));
          g_test_message ("rebuilds at:%s", got->str);
        }
      while (n_expected < G_N_ELEMENTS (wcase->rebuilds) && wcase->rebuilds[n_expected] > 0)
        n_expected++;
      g_assert_cmpuint (rebuilds->len, ==, n_expected);
      for (guint i = 0; i < n_expected; i++)
        g_assert_cmpfloat_with_epsilon (g_array_index (rebuilds, double, i),
                                        wcase->rebuilds[i], 0.001);
      kv_media_watchdog_stop (watchdog);
    }
}

static void
test_watchdog_held_is_not_a_stall (WatchdogFixture *fixture,
                                   gconstpointer    data)
{
  kv_media_watchdog_start (fixture->watchdog);
  frames_for (fixture, 0.5);
  kv_fake_clock_advance_seconds (KV_FAKE_CLOCK (fixture->clock), 60);
  /* Held: no picture is expected, nothing is lost, nothing rebuilt. */
  gt_signal_logger_assert_no_emissions (fixture->logger);
  g_assert_false (kv_media_watchdog_get_flowing (fixture->watchdog));
  g_assert_cmpint (kv_media_watchdog_get_lost_us (fixture->watchdog), ==, 0);

  /* Released: the peer gets 2 s from the release for its first picture. */
  kv_media_watchdog_set_released (fixture->watchdog, TRUE);
  kv_fake_clock_advance_seconds (KV_FAKE_CLOCK (fixture->clock), 1.5);
  frames_for (fixture, 1.0);
  gt_signal_logger_assert_no_emissions (fixture->logger);
  g_assert_true (kv_media_watchdog_get_flowing (fixture->watchdog));
  g_assert_cmpuint (kv_media_watchdog_get_n_freezes (fixture->watchdog), ==, 0);
}

/* "hello" as a PEM body: its SHA-256 is well known. */
#define HELLO_PEM "-----BEGIN CERTIFICATE-----\naGVs\nbG8=\n-----END CERTIFICATE-----\n"
#define HELLO_SHA256 "2C:F2:4D:BA:5F:B0:A3:0E:26:E8:3B:2A:C5:B9:E2:9E:" \
                     "1B:16:1E:5C:1F:A7:42:5E:73:04:33:62:93:8B:98:24"

static void
test_fingerprint_of_pem (void)
{
  g_autofree char *fingerprint = NULL;
  g_autoptr(GError) error = NULL;

  fingerprint = kv_dtls_fingerprint_of_pem (HELLO_PEM, "sha-256", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fingerprint, ==, HELLO_SHA256);

  g_assert_true (kv_dtls_verify_certificate (HELLO_PEM, "SHA-256",
                                             "2c:f2:4d:ba:5f:b0:a3:0e:26:e8:3b:2a:c5:b9:e2:9e:"
                                             "1b:16:1e:5c:1f:a7:42:5e:73:04:33:62:93:8b:98:24",
                                             &error));
  g_assert_false (kv_dtls_verify_certificate (HELLO_PEM, "sha-256",
                                              "2C:F2:4D:BA:5F:B0:A3:0E:26:E8:3B:2A:C5:B9:E2:9E:"
                                              "1B:16:1E:5C:1F:A7:42:5E:73:04:33:62:93:8B:98:25",
                                              &error));
  g_assert_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_FINGERPRINT_MISMATCH);
  g_clear_error (&error);

  g_assert_false (kv_dtls_verify_certificate (NULL, "sha-256", HELLO_SHA256, &error));
  g_assert_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_FINGERPRINT_MISMATCH);
  g_clear_error (&error);
  g_assert_false (kv_dtls_verify_certificate (HELLO_PEM, "md5", HELLO_SHA256, &error));
  g_assert_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_NO_FINGERPRINT);
}

static void
test_fingerprint_from_sdp (void)
{
  g_autofree char *algorithm = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (kv_dtls_fingerprint_from_sdp ("v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n"
                                               "a=fingerprint:sha-256 AB:CD\r\n"
                                               "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
                                               "a=fingerprint:sha-256 ab:cd\r\n",
                                               &algorithm, &fingerprint, &error));
  g_assert_cmpstr (algorithm, ==, "sha-256");
  g_assert_cmpstr (fingerprint, ==, "AB:CD");

  g_assert_false (kv_dtls_fingerprint_from_sdp ("v=0\r\nm=video 9 UDP 96\r\n", &algorithm,
                                                &fingerprint, &error));
  g_assert_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_NO_FINGERPRINT);
  g_clear_error (&error);

  /* Two different certificates announced for one bundled transport. */
  g_assert_false (kv_dtls_fingerprint_from_sdp ("a=fingerprint:sha-256 AB:CD\r\n"
                                                "a=fingerprint:sha-256 AB:CE\r\n",
                                                &algorithm, &fingerprint, &error));
  g_assert_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_FINGERPRINT_MISMATCH);
}

static void
test_netsim_settings (void)
{
  KvNetsimSettings settings = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (kv_netsim_settings_parse ("drop=0.05,delay=20,max-kbps=500", &settings,
                                           &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (settings.drop_probability, 0.05, 1e-9);
  g_assert_cmpuint (settings.delay_ms, ==, 20);
  g_assert_cmpuint (settings.max_kbps, ==, 500);
  g_assert_cmpuint (settings.delay_jitter_ms, ==, 0);
  g_assert_true (kv_netsim_settings_is_active (&settings));

  g_assert_false (kv_netsim_settings_parse ("drop=2", &settings, &error));
  g_assert_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_PIPELINE);
  g_clear_error (&error);
  g_assert_false (kv_netsim_settings_parse ("loss=0.1", &settings, &error));
  g_assert_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_PIPELINE);
  g_clear_error (&error);
  g_assert_false (kv_netsim_settings_parse ("delay=abc", &settings, &error));
  g_assert_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_PIPELINE);
}

static gboolean
sound_is_quiet (gpointer data)
{
  return !kv_sound_player_get_playing (data);
}

static void
test_sound_player_recovers_from_bad_sound (void)
{
  const char *root = g_getenv ("KV_SOURCE_ROOT");
  g_autoptr(KvMediaConfig) config = kv_media_config_new_defaults ();
  g_autoptr(KvSoundPlayer) player = NULL;
  g_autoptr(GBytes) garbage = g_bytes_new_static ("not an ogg file at all", 22);
  g_autoptr(GBytes) sound = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize length;

  if (root == NULL)
    {
      g_test_skip ("KV_SOURCE_ROOT is not set: run under meson test");
      return;
    }
  path = g_build_filename (root, "assets", "sounds", "cue.oga", NULL);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  sound = g_bytes_new_take (contents, length);

  config->audio_sink = KV_AUDIO_SINK_FAKE;
  player = kv_sound_player_new (config);
  g_assert_false (kv_sound_player_get_playing (player));

  /* Not a sound: an error kept, no warning (fatal here), nothing played. */
  kv_sound_player_play (player, garbage);
  g_assert_true (kv_test_wait_until (sound_is_quiet, player, 10000));
  g_assert_nonnull (kv_sound_player_get_error (player));
  g_assert_cmpuint (kv_sound_player_get_n_ended (player), ==, 0);

  /* The next sound plays to its end on a pipeline built afresh. */
  kv_sound_player_play (player, sound);
  g_assert_null (kv_sound_player_get_error (player));
  g_assert_true (kv_test_wait_until (sound_is_quiet, player, 10000));
  g_assert_null (kv_sound_player_get_error (player));
  g_assert_cmpuint (kv_sound_player_get_n_ended (player), ==, 1);

  /* Stopping mid-sound is not an end. */
  kv_sound_player_play (player, sound);
  kv_sound_player_stop (player);
  g_assert_false (kv_sound_player_get_playing (player));
  g_assert_cmpuint (kv_sound_player_get_n_ended (player), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/media/watchdog/stall-rebuild-recover", WatchdogFixture, NULL, watchdog_setup,
              test_watchdog_stall_rebuild_recover, watchdog_teardown);
  g_test_add_func ("/media/watchdog/rebuild-table", test_watchdog_rebuild_table);
  g_test_add ("/media/watchdog/held-is-not-a-stall", WatchdogFixture, NULL, watchdog_setup,
              test_watchdog_held_is_not_a_stall, watchdog_teardown);
  g_test_add_func ("/media/dtls/fingerprint-of-pem", test_fingerprint_of_pem);
  g_test_add_func ("/media/dtls/fingerprint-from-sdp", test_fingerprint_from_sdp);
  g_test_add_func ("/media/netsim/settings", test_netsim_settings);
  g_test_add_func ("/media/sound/recovers-from-bad-sound",
                   test_sound_player_recovers_from_bad_sound);

  return g_test_run ();
}
