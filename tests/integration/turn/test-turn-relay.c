/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-turn-relay"

#include "config.h"

#include "kv-call-test-utils.h"
#include "kv-media-config.h"
#include "kv-media-init.h"
#include "kv-protocol.h"
#include "kv-real-clock.h"
#include "kv-test-turn-relay.h"
#include "kv-webrtc-call.h"
#ifdef KV_HAVE_SERVER_TURN
#include "kv-turn.h"
#endif

#include <gio/gio.h>
#include <nice/agent.h>

#include <string.h>

/*
 * Two real call engines connect through a real coturn and nothing else.
 *
 * coturn runs on 127.0.0.1 with a throwaway configuration made from the
 * shipped example (kv-test-turn-relay.c says how). The kiosks get
 * credentials made with the TURN REST
 * scheme the server uses (cross-checked against the server's own function
 * when the server is built), and run relay-only: a call that connects at
 * all has gone through the relay. The test then checks what a site would:
 * the selected candidates are relay on both sides, coturn logged successful
 * allocations for both kiosk users, and pictures are decoded on both sides.
 * A second test shows the relay is really what carries the call: with a
 * credential made from the wrong secret, coturn refuses both kiosks.
 */

/* Longest a step may take before the test gives up: ICE through a relay on
 * loopback takes well under a second; a loaded 2-core machine needs more. */
#define STEP_TIMEOUT_S 30

typedef struct
{
  KvTestTurnRelay *relay;
  guint            agents_closing;
  KvCallBackend   *calls[2];
  gulong           handlers[2][2];
} Fixture;

static const char * const kiosk_ids[2] = { "prison-turn-1", "community-turn-1" };

typedef gboolean (*ConditionFunc) (Fixture *fixture);

static gboolean
wait_for (Fixture       *fixture,
          ConditionFunc  condition)
{
  return kv_test_wait_until ((KvTestCondition) condition, fixture, STEP_TIMEOUT_S * 1000);
}

static char *
read_log (Fixture *fixture)
{
  return kv_test_turn_relay_read_log (fixture->relay);
}

static GPtrArray *
make_ice_servers (Fixture    *fixture,
                  const char *secret,
                  const char *kiosk_id)
{
  GPtrArray *servers = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_ice_server_free);
  KvIceServer *server = g_new0 (KvIceServer, 1);
  gint64 expiry = g_get_real_time () / G_USEC_PER_SEC + 3600;
  g_autofree char *username = NULL;
  g_autofree char *credential = NULL;

  kv_test_turn_rest_credentials (secret, kiosk_id, expiry, &username, &credential);
#ifdef KV_HAVE_SERVER_TURN
  {
    g_autofree char *server_username = NULL;
    g_autofree char *server_credential = NULL;

    /* What kinvisit-server puts in `join` must be what coturn accepts. */
    kv_turn_make_credentials (secret, kiosk_id, expiry,
                              &server_username, &server_credential);
    g_assert_cmpstr (server_username, ==, username);
    g_assert_cmpstr (server_credential, ==, credential);
  }
#endif

  server->urls = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (server->urls, g_strdup_printf ("turn:127.0.0.1:%u?transport=udp",
                                                   fixture->relay->port));
  server->username = g_steal_pointer (&username);
  server->credential = g_steal_pointer (&credential);
  g_ptr_array_add (servers, server);
  return servers;
}

static KvMediaConfig *
make_relay_only_config (void)
{
  KvMediaConfig *config = kv_media_config_new_defaults ();
  const char * const loopback[] = { "127.0.0.1", NULL };

  config->video_source = KV_VIDEO_SOURCE_TEST;
  config->audio_source = KV_AUDIO_SOURCE_TEST;
  config->audio_sink = KV_AUDIO_SINK_FAKE;
  config->echo_cancel = KV_ECHO_CANCEL_OFF;
  /* Small and slow: this test is about the path, not the picture quality,
   * and the machine is shared. */
  config->width = 320;
  config->height = 240;
  config->framerate = 15;
  config->relay_only = TRUE;
  g_strfreev (config->local_addresses);
  config->local_addresses = g_strdupv ((GStrv) loopback);
  return config;
}

/* --- signalling between the two calls -------------------------------------- */

static void
on_local_description (KvCallBackend *call,
                      KvSdpType      type,
                      const char    *sdp,
                      guint          generation,
                      gpointer       user_data)
{
  KvCallBackend *peer = user_data;

  kv_call_backend_set_remote_description (peer, type, sdp, generation);
}

static void
on_local_candidate (KvCallBackend *call,
                    guint          mline_index,
                    const char    *candidate,
                    guint          generation,
                    gpointer       user_data)
{
  KvCallBackend *peer = user_data;

  kv_call_backend_add_remote_candidate (peer, mline_index, candidate, generation);
}

static gboolean
both_media_flowing (Fixture *fixture)
{
  return kv_call_backend_get_media_flowing (fixture->calls[0]) &&
         kv_call_backend_get_media_flowing (fixture->calls[1]);
}

/* coturn refused the authenticated request of both kiosks (the first 401
 * of every session is only the nonce challenge, without a user). */
static gboolean
both_refused (Fixture *fixture)
{
  g_autofree char *log = read_log (fixture);

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *refused = g_strdup_printf (":%s>: incoming packet message processed, error 401",
                                                  kiosk_ids[i]);

      if (strstr (log, refused) == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
on_agent_closed (GObject      *agent,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Fixture *fixture = user_data;

  fixture->agents_closing--;
}

static gboolean
agents_closed (Fixture *fixture)
{
  return fixture->agents_closing == 0;
}

/* GStreamer 1.22's webrtcbin drops its NiceAgent without
 * nice_agent_close_async(), so TURN allocations are left to expire on the
 * relay (and libnice warns about live TURN refreshes, fatally in tests).
 * Close the agents the way the engine should before stopping the calls:
 * this releases the allocations on coturn at once. */
static void
close_ice_agents (Fixture *fixture)
{
  for (guint i = 0; i < G_N_ELEMENTS (fixture->calls); i++)
    {
      GstElement *webrtcbin;
      g_autoptr(GObject) ice = NULL;
      g_autoptr(GObject) agent = NULL;

      if (fixture->calls[i] == NULL)
        continue;
      webrtcbin = kv_webrtc_call_get_webrtcbin (KV_WEBRTC_CALL (fixture->calls[i]));
      if (webrtcbin == NULL)
        continue;
      g_object_get (webrtcbin, "ice-agent", &ice, NULL);
      if (ice == NULL || g_object_class_find_property (G_OBJECT_GET_CLASS (ice), "agent") == NULL)
        continue;
      g_object_get (ice, "agent", &agent, NULL);
      if (agent == NULL)
        continue;
      fixture->agents_closing++;
      nice_agent_close_async (NICE_AGENT (agent), on_agent_closed, fixture);
    }
  if (!wait_for (fixture, agents_closed))
    g_error ("the ICE agents did not close within %d s", STEP_TIMEOUT_S);
}

/* --- fixture ----------------------------------------------------------------- */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  guint8 secret_bytes[24];
  g_autofree char *secret = NULL;

  for (guint i = 0; i < sizeof secret_bytes; i++)
    secret_bytes[i] = g_random_int_range (0, 256);
  secret = g_base64_encode (secret_bytes, sizeof secret_bytes);
  fixture->relay = kv_test_turn_relay_start (secret);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  close_ice_agents (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (fixture->calls); i++)
    {
      if (fixture->calls[i] == NULL)
        continue;
      g_clear_signal_handler (&fixture->handlers[i][0], fixture->calls[i]);
      g_clear_signal_handler (&fixture->handlers[i][1], fixture->calls[i]);
      kv_call_backend_stop (fixture->calls[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (fixture->calls); i++)
    {
      if (fixture->calls[i] != NULL)
        g_assert_finalize_object (g_steal_pointer (&fixture->calls[i]));
    }

  g_clear_pointer (&fixture->relay, kv_test_turn_relay_stop);
}

/* --- tests --------------------------------------------------------------------- */

static void
start_calls (Fixture    *fixture,
             GPtrArray  *ice_servers[2])
{
  g_autoptr(KvMediaConfig) config = make_relay_only_config ();
  g_autoptr(KvClock) clock = kv_real_clock_new ();

  for (guint i = 0; i < 2; i++)
    {
      /* The prison kiosk (0) offers, as in a real visit. */
      fixture->calls[i] = KV_CALL_BACKEND (kv_webrtc_call_new (config, i == 0, ice_servers[i], clock));
      g_assert_nonnull (fixture->calls[i]);
    }
  for (guint i = 0; i < 2; i++)
    {
      KvCallBackend *peer = fixture->calls[1 - i];

      fixture->handlers[i][0] = g_signal_connect (fixture->calls[i], "local-description",
                                                  G_CALLBACK (on_local_description), peer);
      fixture->handlers[i][1] = g_signal_connect (fixture->calls[i], "local-candidate",
                                                  G_CALLBACK (on_local_candidate), peer);
    }
  /* Released from the start (no waiting room here); the answerer starts
   * first, so it is ready when the offer arrives. */
  kv_call_backend_set_held (fixture->calls[0], FALSE);
  kv_call_backend_set_held (fixture->calls[1], FALSE);
  kv_call_backend_start (fixture->calls[1]);
  kv_call_backend_start (fixture->calls[0]);
}

static void
test_relay_only_call (Fixture       *fixture,
                      gconstpointer  user_data)
{
  GPtrArray *ice_servers[2];
  g_autofree char *log = NULL;

  for (guint i = 0; i < 2; i++)
    ice_servers[i] = make_ice_servers (fixture, fixture->relay->secret, kiosk_ids[i]);
  start_calls (fixture, ice_servers);
  for (guint i = 0; i < 2; i++)
    g_ptr_array_unref (ice_servers[i]);

  if (!wait_for (fixture, both_media_flowing))
    {
      log = read_log (fixture);
      g_test_message ("coturn log:\n%s", log);
      g_error ("no picture on both sides through the relay within %d s (states %s / %s)",
               STEP_TIMEOUT_S,
               kv_call_state_to_string (kv_call_backend_get_state (fixture->calls[0])),
               kv_call_state_to_string (kv_call_backend_get_state (fixture->calls[1])));
    }

  /* Pictures decoded on both sides, and the path is the relay on both. */
  for (guint i = 0; i < 2; i++)
    {
      KvCallStats stats = { 0 };

      g_assert_cmpint (kv_call_backend_get_state (fixture->calls[i]), ==, KV_CALL_STATE_CONNECTED);
      kv_webrtc_call_get_stats (KV_WEBRTC_CALL (fixture->calls[i]), &stats);
      g_test_message ("%s: local %s, remote %s, %" G_GUINT64_FORMAT " frames decoded",
                      kiosk_ids[i], stats.local_candidate_type, stats.remote_candidate_type,
                      stats.frames_decoded);
      g_assert_cmpstr (stats.local_candidate_type, ==, "relay");
      g_assert_cmpstr (stats.remote_candidate_type, ==, "relay");
      g_assert_cmpuint (stats.frames_decoded, >, 0);
      g_assert_cmpuint (kv_webrtc_call_get_remote_frames (KV_WEBRTC_CALL (fixture->calls[i])), >, 0);
    }

  /* coturn saw both kiosks allocate with their REST credentials, and let
   * them create permissions towards each other's relay address. */
  log = read_log (fixture);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *allocated = g_strdup_printf (":%s>: incoming packet ALLOCATE processed, success",
                                                    kiosk_ids[i]);
      g_autofree char *permitted = g_strdup_printf (":%s>: incoming packet CREATE_PERMISSION processed, success",
                                                    kiosk_ids[i]);

      if (strstr (log, allocated) == NULL || strstr (log, permitted) == NULL)
        {
          g_test_message ("coturn log:\n%s", log);
          g_error ("coturn did not log a successful allocation and permission for %s",
                   kiosk_ids[i]);
        }
    }
}

/* A credential made with the wrong secret is refused by coturn, so the
 * relay-only call cannot connect: the relay is really what carries the call
 * above, not some path around it. */
static void
test_wrong_secret_refused (Fixture       *fixture,
                           gconstpointer  user_data)
{
  GPtrArray *ice_servers[2];
  g_autofree char *log = NULL;

  for (guint i = 0; i < 2; i++)
    ice_servers[i] = make_ice_servers (fixture, "not-the-relay-secret", kiosk_ids[i]);

  start_calls (fixture, ice_servers);
  for (guint i = 0; i < 2; i++)
    g_ptr_array_unref (ice_servers[i]);

  if (!wait_for (fixture, both_refused))
    {
      log = read_log (fixture);
      g_test_message ("coturn log:\n%s", log);
      g_error ("coturn did not refuse the wrong credentials of both kiosks");
    }
  log = read_log (fixture);
  g_assert_null (strstr (log, "ALLOCATE processed, success"));
  g_assert_false (kv_call_backend_get_media_flowing (fixture->calls[0]));
  g_assert_false (kv_call_backend_get_media_flowing (fixture->calls[1]));
}

/* The shipped example keeps the relay safe: checked here too, since this is
 * the test that runs it. */
static void
test_example_is_safe (void)
{
  const char *source_root = g_getenv ("KV_SOURCE_ROOT");
  g_autofree char *path = g_build_filename (source_root, "packaging", "coturn", "turnserver.conf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const char * const required[] = {
    "\nuse-auth-secret\n", "\nno-cli\n", "\nno-multicast-peers\n", "\nno-tls\n",
    "\nno-dtls\n", "\nfingerprint\n",
    "\ndenied-peer-ip=0.0.0.0-0.255.255.255\n",
    "\ndenied-peer-ip=10.0.0.0-10.255.255.255\n",
    "\ndenied-peer-ip=127.0.0.0-127.255.255.255\n",
    "\ndenied-peer-ip=169.254.0.0-169.254.255.255\n",
    "\ndenied-peer-ip=172.16.0.0-172.31.255.255\n",
    "\ndenied-peer-ip=192.168.0.0-192.168.255.255\n",
    "\ndenied-peer-ip=::1\n",
    "\ndenied-peer-ip=fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff\n",
    "\ndenied-peer-ip=fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff\n",
  };
  const char * const forbidden[] = {
    "\nuser=", "\nlt-cred-mech", "\nallow-loopback-peers", "\nweb-admin",
    "\ncli-password", "\nno-auth", "\ncert=", "\ntls-listening-port",
  };

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    g_assert_nonnull (strstr (text, required[i]));
  for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
    g_assert_null (strstr (text, forbidden[i]));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *turnserver = g_find_program_in_path ("turnserver");
  gboolean tap = FALSE;

  for (int i = 1; i < argc; i++)
    tap = tap || g_str_equal (argv[i], "--tap");

  if (turnserver == NULL)
    {
      /* The only reason to skip: the relay itself is missing. */
      if (tap)
        {
          g_print ("1..0 # SKIP turnserver is not installed (Debian package coturn)\n");
          return 0;
        }
      g_printerr ("SKIP: turnserver is not installed (Debian package coturn)\n");
      return 77;
    }

  g_test_init (&argc, &argv, NULL);
  kv_test_tolerate_rtpsession_race ();

  if (!kv_media_init (&error))
    g_error ("the call engine cannot start here: %s", error->message);

  g_test_add_func ("/turn/example-is-safe", test_example_is_safe);
  g_test_add ("/turn/relay-only-call", Fixture, NULL,
              fixture_set_up, test_relay_only_call, fixture_tear_down);
  g_test_add ("/turn/wrong-secret-refused", Fixture, NULL,
              fixture_set_up, test_wrong_secret_refused, fixture_tear_down);

  return g_test_run ();
}
