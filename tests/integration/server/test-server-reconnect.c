/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-test-server.h"

/* A kiosk that reconnects mid-visit gets welcome, schedule, join and
 * session again and the relay carries on; a server restart mid-visit
 * restores every session from the database and extends nothing. */

#define MINUTE KV_USEC_PER_MINUTE

typedef struct
{
  KvTestServer  server;
  char         *prison_token;
  char         *community_token;
  KvTestKiosk  *prison;
  KvTestKiosk  *community;
  char         *booking_id;
  gint64        end_us;
} Fixture;

static void
send_for_booking (KvTestKiosk   *kiosk,
                  KvMessageType  type,
                  const char    *booking_id)
{
  g_autoptr(KvMessage) message = kv_message_new (type);

  if (type == KV_MESSAGE_PRESENCE)
    {
      message->presence.booking_id = g_strdup (booking_id);
      message->presence.present = TRUE;
    }
  else
    message->confirm.booking_id = g_strdup (booking_id);
  kv_test_kiosk_send (kiosk, message);
}

/* Both kiosks signed in, and the visit live since one minute. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  gint64 start;

  kv_test_server_start (&fixture->server, "2026-12-01T09:00:00Z");
  fixture->prison_token = kv_test_add_kiosk (&fixture->server, "prison-1", "prison");
  fixture->community_token = kv_test_add_kiosk (&fixture->server, "community-1", "community");
  start = kv_clock_get_now (fixture->server.clock) + 15 * MINUTE;
  fixture->end_us = start + 30 * MINUTE;
  fixture->booking_id = kv_test_add_booking (&fixture->server, "prison-1", "community-1",
                                             start, 30);
  fixture->prison = kv_test_kiosk_sign_in (&fixture->server, "prison-1", fixture->prison_token);
  fixture->community = kv_test_kiosk_sign_in (&fixture->server, "community-1",
                                              fixture->community_token);
  kv_test_advance (&fixture->server, 5 * MINUTE);
  send_for_booking (fixture->prison, KV_MESSAGE_PRESENCE, fixture->booking_id);
  send_for_booking (fixture->community, KV_MESSAGE_PRESENCE, fixture->booking_id);
  send_for_booking (fixture->prison, KV_MESSAGE_CONFIRM, fixture->booking_id);
  send_for_booking (fixture->community, KV_MESSAGE_CONFIRM, fixture->booking_id);
  kv_test_kiosk_drain (fixture->prison);
  kv_test_kiosk_drain (fixture->community);
  kv_test_advance (&fixture->server, 11 * MINUTE);
  kv_test_kiosk_drain (fixture->prison);
  kv_test_kiosk_drain (fixture->community);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_pointer (&fixture->prison, kv_test_kiosk_free);
  g_clear_pointer (&fixture->community, kv_test_kiosk_free);
  kv_test_server_clear (&fixture->server);
  g_free (fixture->booking_id);
  g_free (fixture->prison_token);
  g_free (fixture->community_token);
}

/* Signs in again and checks the kiosk is told everything to carry on. */
static KvMessage *
rejoin (Fixture     *fixture,
        KvTestKiosk **kiosk,
        const char   *id,
        const char   *token)
{
  g_autoptr(KvMessage) join = NULL;
  KvMessage *session;

  g_clear_pointer (kiosk, kv_test_kiosk_free);
  *kiosk = kv_test_kiosk_sign_in (&fixture->server, id, token);
  join = kv_test_kiosk_expect (*kiosk, KV_MESSAGE_JOIN);
  g_assert_cmpstr (join->join.booking_id, ==, fixture->booking_id);
  session = kv_test_kiosk_expect (*kiosk, KV_MESSAGE_SESSION);
  g_assert_cmpstr (session->session.booking_id, ==, fixture->booking_id);
  return session;
}

static void
test_reconnect_mid_visit (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(KvMessage) session = NULL;
  g_autoptr(KvMessage) offer = kv_message_new (KV_MESSAGE_SDP);
  g_autoptr(KvMessage) got = NULL;

  /* The community kiosk drops out for 3 minutes. */
  kv_test_kiosk_close (fixture->community);
  kv_test_iterate ();
  kv_test_advance (&fixture->server, 3 * MINUTE);

  session = rejoin (fixture, &fixture->community, "community-1", fixture->community_token);
  g_assert_cmpint (session->session.state, ==, KV_SESSION_STATE_LIVE);
  g_clear_pointer (&session, kv_message_free);

  /* It counted as lost media, given back at once: both see the new end. */
  for (;;)
    {
      g_autoptr(KvMessage) message = kv_test_kiosk_next (fixture->prison);

      if (message->type == KV_MESSAGE_SESSION && message->session.makeup_us > 0)
        {
          g_assert_cmpint (message->session.makeup_us, ==, 3 * MINUTE);
          g_assert_cmpint (message->session.end_us, ==, fixture->end_us + 3 * MINUTE);
          break;
        }
    }

  /* The prison kiosk renegotiates; the relay works. */
  offer->sdp.booking_id = g_strdup (fixture->booking_id);
  offer->sdp.generation = 2;
  offer->sdp.sdp_type = KV_SDP_OFFER;
  offer->sdp.sdp = g_strdup ("v=0\r\n");
  kv_test_kiosk_send (fixture->prison, offer);
  for (;;)
    {
      g_clear_pointer (&got, kv_message_free);
      got = kv_test_kiosk_next (fixture->community);
      if (got->type == KV_MESSAGE_SDP)
        break;
      g_assert_cmpint (got->type, ==, KV_MESSAGE_SESSION);
    }
  g_assert_cmpuint (got->sdp.generation, ==, 2);
}

static void
test_server_restart_mid_visit (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autoptr(KvMessage) prison_session = NULL;
  g_autoptr(KvMessage) community_session = NULL;

  /* The server goes down for 2 minutes (kiosks carry on by themselves). */
  kv_test_server_stop (&fixture->server);
  kv_test_kiosk_wait_closed (fixture->prison);
  kv_test_kiosk_wait_closed (fixture->community);
  kv_fake_clock_advance (KV_FAKE_CLOCK (fixture->server.clock), 2 * MINUTE);
  kv_test_server_restart (&fixture->server);

  prison_session = rejoin (fixture, &fixture->prison, "prison-1", fixture->prison_token);
  community_session = rejoin (fixture, &fixture->community, "community-1",
                              fixture->community_token);

  /* Still live, with the booked end: the restart extended nothing. */
  g_assert_cmpint (prison_session->session.state, ==, KV_SESSION_STATE_LIVE);
  g_assert_cmpint (prison_session->session.end_us, ==, fixture->end_us);
  g_assert_cmpint (community_session->session.end_us, ==, fixture->end_us);
  g_assert_cmpint (community_session->session.confirmed, ==, KV_SIDE_BOTH);

  /* And it still ends on time. */
  kv_fake_clock_set_now (KV_FAKE_CLOCK (fixture->server.clock), fixture->end_us);
  kv_test_iterate ();
  for (;;)
    {
      g_autoptr(KvMessage) message = kv_test_kiosk_next (fixture->prison);

      if (message->type == KV_MESSAGE_END)
        break;
    }
}

static void
test_restart_after_end (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(KvMessage) ping = kv_message_new (KV_MESSAGE_PING);
  g_autoptr(KvBookingRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  /* Down over the slot end: when it comes back, the visit is over. */
  kv_test_server_stop (&fixture->server);
  kv_fake_clock_set_now (KV_FAKE_CLOCK (fixture->server.clock), fixture->end_us + MINUTE);
  kv_test_server_restart (&fixture->server);

  g_clear_pointer (&fixture->prison, kv_test_kiosk_free);
  fixture->prison = kv_test_kiosk_sign_in (&fixture->server, "prison-1", fixture->prison_token);
  kv_test_kiosk_assert_quiet (fixture->prison);    /* no join, no session */

  record = kv_store_lookup_booking (fixture->server.store, fixture->booking_id, &error);
  g_assert_no_error (error);
  g_assert_true (record->has_session);
  g_assert_cmpint (record->session.state, ==, KV_SESSION_STATE_ENDED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/reconnect/kiosk-mid-visit", Fixture, NULL,
              fixture_set_up, test_reconnect_mid_visit, fixture_tear_down);
  g_test_add ("/server/reconnect/server-restart-mid-visit", Fixture, NULL,
              fixture_set_up, test_server_restart_mid_visit, fixture_tear_down);
  g_test_add ("/server/reconnect/server-restart-after-end", Fixture, NULL,
              fixture_set_up, test_restart_after_end, fixture_tear_down);

  return g_test_run ();
}
