/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-test"

#include "config.h"

#include "kv-linked-calls.h"

#include "kv-call-test-utils.h"
#include "kv-real-clock.h"

#include <string.h>

/*
 * Two kiosks' calls through a real server, for the tests and the benchmark
 * of recovery when the media path and the server link fail together. What
 * the kiosk's visit controller does with the server's messages is reduced
 * to what the call needs: `sdp` and `ice` go to the KvVisitCall; the
 * schedule, join and session snapshots are not needed here.
 */

/* Longest the set-up may take on this shared 2-core machine. */
#define SETUP_TIMEOUT_MS 15000
/* Heartbeat of the kiosks' configuration default: during a call the link
 * is urgent and pings faster anyway. */
#define HEARTBEAT_SECONDS 10

static const char * const kiosk_ids[KV_LINKED_N_SIDES] = { "prison-1", "community-1" };
static const char * const kiosk_roles[KV_LINKED_N_SIDES] = { "prison", "community" };
static const char * const patterns[KV_LINKED_N_SIDES] = { "red", "blue" };

static void
on_link_state (GObject    *link,
               GParamSpec *pspec,
               gpointer    data)
{
  KvLinkedKiosk *kiosk = data;
  KvSignallerState state = kv_signaller_get_state (KV_SIGNALLER (link));

  g_array_append_val (kiosk->link_states, state);
}

static void
on_message (KvSignaller *link,
            KvMessage   *message,
            gpointer     data)
{
  KvLinkedKiosk *kiosk = data;

  if (message->type == KV_MESSAGE_SDP)
    kv_visit_call_handle_sdp (kiosk->call, &message->sdp);
  else if (message->type == KV_MESSAGE_ICE)
    kv_visit_call_handle_ice (kiosk->call, &message->ice);
}

static gboolean
both_signed_in (gpointer data)
{
  KvLinkedCalls *self = data;

  for (guint i = 0; i < KV_LINKED_N_SIDES; i++)
    if (kv_signaller_get_state (KV_SIGNALLER (self->kiosks[i].link)) != KV_SIGNALLER_STATE_SIGNED_IN)
      return FALSE;
  return TRUE;
}

static gboolean
both_show_pictures (gpointer data)
{
  KvLinkedCalls *self = data;

  return kv_linked_calls_get_frames (self, KV_LINKED_PRISON) >= 10 &&
         kv_linked_calls_get_frames (self, KV_LINKED_COMMUNITY) >= 10;
}

/* The server's clock is a fake one (kv-test-server.c) but the kiosks run
 * in real time: it follows real time from the join window on, or its
 * per-second message window would never end and it would rate-limit the
 * kiosks' pings and candidates after the first hundred. */
#define SERVER_CLOCK_TICK_MS 50

static gboolean
on_server_clock_tick (gpointer data)
{
  KvLinkedCalls *self = data;
  gint64 now = g_get_monotonic_time ();

  kv_fake_clock_advance (KV_FAKE_CLOCK (self->server.clock), now - self->server_clock_synced_us);
  self->server_clock_synced_us = now;
  return G_SOURCE_CONTINUE;
}

void
kv_linked_calls_init (KvLinkedCalls *self)
{
  gint64 start_us;
  guint16 server_port;

  memset (self, 0, sizeof *self);
  kv_test_server_start (&self->server, "2026-12-01T09:00:00Z");
  server_port = (guint16) kv_server_get_port (self->server.server);

  for (guint i = 0; i < KV_LINKED_N_SIDES; i++)
    {
      KvLinkedKiosk *kiosk = &self->kiosks[i];
      g_autofree char *token = kv_test_add_kiosk (&self->server, kiosk_ids[i], kiosk_roles[i]);
      g_autofree char *url = NULL;
      g_autoptr(KvMediaConfig) config = kv_test_media_config (patterns[i], KV_VIDEO_CODEC_H264);

      kiosk->proxy = kv_test_proxy_new (server_port);
      url = g_strdup_printf ("ws://127.0.0.1:%u/ws", kv_test_proxy_get_port (kiosk->proxy));
      kiosk->clock = kv_real_clock_new ();
      kiosk->link = kv_signalling_client_new (url, NULL, token, HEARTBEAT_SECONDS, kiosk->clock);
      kiosk->link_states = g_array_new (FALSE, FALSE, sizeof (KvSignallerState));
      g_signal_connect (kiosk->link, "notify::state", G_CALLBACK (on_link_state), kiosk);
      g_signal_connect (kiosk->link, "message-received", G_CALLBACK (on_message), kiosk);
      kiosk->engine = g_object_new (KV_TYPE_WEBRTC_CALL,
                                    "config", config,
                                    "offerer", i == KV_LINKED_PRISON,
                                    "fault-injection", TRUE,
                                    NULL);
    }

  /* A visit in 15 minutes, its join window open (the server relays `sdp`
   * and `ice` only then). */
  start_us = kv_clock_get_now (self->server.clock) + 15 * KV_USEC_PER_MINUTE;
  self->booking_id = kv_test_add_booking (&self->server, kiosk_ids[0], kiosk_ids[1], start_us, 30);
  kv_test_advance (&self->server, 6 * KV_USEC_PER_MINUTE);
  self->server_clock_synced_us = g_get_monotonic_time ();
  self->server_clock_id = g_timeout_add (SERVER_CLOCK_TICK_MS, on_server_clock_tick, self);

  for (guint i = 0; i < KV_LINKED_N_SIDES; i++)
    kv_signaller_start (KV_SIGNALLER (self->kiosks[i].link));
  if (!kv_test_wait_until (both_signed_in, self, SETUP_TIMEOUT_MS))
    g_error ("The kiosks did not sign in");

  /* The answerer first, so the offer finds its call. */
  for (int i = KV_LINKED_N_SIDES - 1; i >= 0; i--)
    {
      KvLinkedKiosk *kiosk = &self->kiosks[i];

      kiosk->call = kv_visit_call_new (KV_CALL_BACKEND (kiosk->engine), KV_SIGNALLER (kiosk->link),
                                       self->booking_id);
      kv_visit_call_start (kiosk->call);
    }
  for (guint i = 0; i < KV_LINKED_N_SIDES; i++)
    kv_visit_call_release (self->kiosks[i].call);
  if (!kv_test_wait_until (both_show_pictures, self, SETUP_TIMEOUT_MS))
    g_error ("The calls did not show each other's picture");
  kv_linked_calls_forget_links (self);
}

void
kv_linked_calls_clear (KvLinkedCalls *self)
{
  for (guint i = 0; i < KV_LINKED_N_SIDES; i++)
    {
      KvLinkedKiosk *kiosk = &self->kiosks[i];

      kv_visit_call_stop (kiosk->call);
      g_signal_handlers_disconnect_by_data (kiosk->link, kiosk);
      kv_signaller_stop (KV_SIGNALLER (kiosk->link));
    }
  /* Let the pipelines' and sockets' last hops run out. */
  kv_test_run_for (100);
  for (guint i = 0; i < KV_LINKED_N_SIDES; i++)
    {
      KvLinkedKiosk *kiosk = &self->kiosks[i];

      g_assert_finalize_object (g_steal_pointer (&kiosk->call));
      g_assert_finalize_object (g_steal_pointer (&kiosk->engine));
      g_assert_finalize_object (g_steal_pointer (&kiosk->link));
      g_clear_pointer (&kiosk->proxy, kv_test_proxy_free);
      g_clear_object (&kiosk->clock);
      g_clear_pointer (&kiosk->link_states, g_array_unref);
    }
  kv_test_run_for (50);
  g_clear_handle_id (&self->server_clock_id, g_source_remove);
  g_clear_pointer (&self->booking_id, g_free);
  kv_test_server_clear (&self->server);
}

void
kv_linked_calls_set_media_down (KvLinkedCalls *self,
                                gboolean       down)
{
  for (guint i = 0; i < KV_LINKED_N_SIDES; i++)
    kv_webrtc_call_set_blackout (self->kiosks[i].engine, down);
}

void
kv_linked_calls_set_link_down (KvLinkedCalls *self,
                               KvLinkedSide   side,
                               gboolean       down)
{
  kv_test_proxy_set_down (self->kiosks[side].proxy, down);
}

guint64
kv_linked_calls_get_frames (KvLinkedCalls *self,
                            KvLinkedSide   side)
{
  return kv_webrtc_call_get_remote_frames (self->kiosks[side].engine);
}

/* Whether the kiosk's link went down since kv_linked_calls_forget_links(). */
gboolean
kv_linked_calls_link_dropped (KvLinkedCalls *self,
                              KvLinkedSide   side)
{
  GArray *states = self->kiosks[side].link_states;

  for (guint i = 0; i < states->len; i++)
    if (g_array_index (states, KvSignallerState, i) == KV_SIGNALLER_STATE_DISCONNECTED)
      return TRUE;
  return FALSE;
}

void
kv_linked_calls_forget_links (KvLinkedCalls *self)
{
  for (guint i = 0; i < KV_LINKED_N_SIDES; i++)
    g_array_set_size (self->kiosks[i].link_states, 0);
}
