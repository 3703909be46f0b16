/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-test-server.h"
#include "kv-signalling-handler.h"

#include <string.h>

/* Relay and authorisation: sdp/ice go only to the other kiosk of the
 * booking, only while the session is open; a kiosk outside the booking is
 * refused, counted and audited, and the peers never see its message.
 * Malformed and oversized messages get errors while another visit carries
 * on undisturbed. */

#define MINUTE KV_USEC_PER_MINUTE

typedef struct
{
  KvTestServer  server;
  KvTestKiosk  *prison;
  KvTestKiosk  *community;
  KvTestKiosk  *outsider;
  char         *booking_id;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *prison_token = NULL;
  g_autofree char *community_token = NULL;
  g_autofree char *outsider_token = NULL;
  g_autofree char *other_booking = NULL;
  gint64 now;

  kv_test_server_start (&fixture->server, "2026-12-01T09:00:00Z");
  now = kv_clock_get_now (fixture->server.clock);
  prison_token = kv_test_add_kiosk (&fixture->server, "prison-1", "prison");
  community_token = kv_test_add_kiosk (&fixture->server, "community-1", "community");
  outsider_token = kv_test_add_kiosk (&fixture->server, "community-2", "community");
  g_free (kv_test_add_kiosk (&fixture->server, "prison-2", "prison"));
  fixture->booking_id = kv_test_add_booking (&fixture->server, "prison-1", "community-1",
                                             now + 30 * MINUTE, 30);
  /* The outsider has a visit of its own, with another prison kiosk. */
  other_booking = kv_test_add_booking (&fixture->server, "prison-2", "community-2",
                                       now + 30 * MINUTE, 30);
  fixture->prison = kv_test_kiosk_sign_in (&fixture->server, "prison-1", prison_token);
  fixture->community = kv_test_kiosk_sign_in (&fixture->server, "community-1", community_token);
  fixture->outsider = kv_test_kiosk_sign_in (&fixture->server, "community-2", outsider_token);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_pointer (&fixture->prison, kv_test_kiosk_free);
  g_clear_pointer (&fixture->community, kv_test_kiosk_free);
  g_clear_pointer (&fixture->outsider, kv_test_kiosk_free);
  kv_test_server_clear (&fixture->server);
  g_free (fixture->booking_id);
}

static KvMessage *
new_sdp (const char *booking_id,
         const char *body)
{
  KvMessage *sdp = kv_message_new (KV_MESSAGE_SDP);

  sdp->sdp.booking_id = g_strdup (booking_id);
  sdp->sdp.generation = 1;
  sdp->sdp.sdp_type = KV_SDP_OFFER;
  sdp->sdp.sdp = g_strdup (body);
  return sdp;
}

static void
open_join_window (Fixture *fixture)
{
  kv_test_advance (&fixture->server, 20 * MINUTE);
  kv_test_kiosk_drain (fixture->prison);
  kv_test_kiosk_drain (fixture->community);
  kv_test_kiosk_drain (fixture->outsider);
}

static void
test_relay_to_peer_only (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(KvMessage) offer = new_sdp (fixture->booking_id, "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n");
  g_autoptr(KvMessage) ice = kv_message_new (KV_MESSAGE_ICE);
  g_autoptr(KvMessage) got_offer = NULL;
  g_autoptr(KvMessage) got_ice = NULL;

  open_join_window (fixture);

  kv_test_kiosk_send (fixture->prison, offer);
  got_offer = kv_test_kiosk_expect (fixture->community, KV_MESSAGE_SDP);
  g_assert_cmpstr (got_offer->sdp.sdp, ==, offer->sdp.sdp);
  g_assert_cmpuint (got_offer->sdp.generation, ==, 1);

  ice->ice.booking_id = g_strdup (fixture->booking_id);
  ice->ice.generation = 1;
  ice->ice.mline_index = 0;
  ice->ice.candidate = g_strdup ("candidate:1 1 UDP 2122252543 127.0.0.1 40000 typ host");
  kv_test_kiosk_send (fixture->community, ice);
  got_ice = kv_test_kiosk_expect (fixture->prison, KV_MESSAGE_ICE);
  g_assert_cmpstr (got_ice->ice.candidate, ==, ice->ice.candidate);

  /* Nobody else got anything; the sender got no echo. */
  kv_test_kiosk_assert_quiet (fixture->outsider);
  kv_test_kiosk_assert_quiet (fixture->prison);
  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_messages_relayed_total"), ==, 2);
}

/* join names the offerer (the prison kiosk): only it sends offers, only
 * the other kiosk answers. Anything else is refused and never relayed. */
static void
test_offerer_enforced (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(KvMessage) wrong_offer = new_sdp (fixture->booking_id, "v=0\r\nwrong offer\r\n");
  g_autoptr(KvMessage) wrong_answer = new_sdp (fixture->booking_id, "v=0\r\nwrong answer\r\n");
  g_autoptr(KvMessage) offer = new_sdp (fixture->booking_id, "v=0\r\noffer\r\n");
  g_autoptr(KvMessage) answer = new_sdp (fixture->booking_id, "v=0\r\nanswer\r\n");
  g_autoptr(KvMessage) ping = kv_message_new (KV_MESSAGE_PING);
  g_autoptr(KvMessage) pong = NULL;
  g_autoptr(KvMessage) got = NULL;
  g_autoptr(KvMessage) refused = NULL;

  open_join_window (fixture);
  wrong_answer->sdp.sdp_type = KV_SDP_ANSWER;
  answer->sdp.sdp_type = KV_SDP_ANSWER;

  /* Each refusal comes before the pong of the ping that follows it. */
  ping->ping.client_time_us = 1764000000007000;
  kv_test_kiosk_send (fixture->community, wrong_offer);
  kv_test_kiosk_send (fixture->community, ping);
  refused = kv_test_kiosk_expect (fixture->community, KV_MESSAGE_ERROR);
  g_assert_cmpint (refused->error.code, ==, KV_PROTOCOL_ERROR_FORBIDDEN);
  g_assert_cmpstr (refused->error.in_reply_to, ==, "sdp");
  g_assert_nonnull (strstr (refused->error.message, "offer"));
  g_clear_pointer (&refused, kv_message_free);
  pong = kv_test_kiosk_expect (fixture->community, KV_MESSAGE_PONG);
  g_clear_pointer (&pong, kv_message_free);
  kv_test_kiosk_send (fixture->prison, wrong_answer);
  kv_test_kiosk_send (fixture->prison, ping);
  refused = kv_test_kiosk_expect (fixture->prison, KV_MESSAGE_ERROR);
  g_assert_cmpint (refused->error.code, ==, KV_PROTOCOL_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (refused->error.message, "answer"));
  pong = kv_test_kiosk_expect (fixture->prison, KV_MESSAGE_PONG);

  /* Neither reached the other side. */
  kv_test_kiosk_assert_quiet (fixture->prison);
  kv_test_kiosk_assert_quiet (fixture->community);
  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_messages_relayed_total"), ==, 0);
  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_messages_rejected_total"), ==, 2);
  g_assert_true (kv_test_audit_has (&fixture->server, "kiosk:community-1", "message-rejected",
                                    fixture->booking_id));
  g_assert_true (kv_test_audit_has (&fixture->server, "kiosk:prison-1", "message-rejected",
                                    fixture->booking_id));

  /* The right way round, both go through. */
  kv_test_kiosk_send (fixture->prison, offer);
  got = kv_test_kiosk_expect (fixture->community, KV_MESSAGE_SDP);
  g_assert_cmpint (got->sdp.sdp_type, ==, KV_SDP_OFFER);
  g_clear_pointer (&got, kv_message_free);
  kv_test_kiosk_send (fixture->community, answer);
  got = kv_test_kiosk_expect (fixture->prison, KV_MESSAGE_SDP);
  g_assert_cmpint (got->sdp.sdp_type, ==, KV_SDP_ANSWER);
  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_messages_relayed_total"), ==, 2);
}

static void
test_outsider_cannot_inject (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(KvMessage) forged = new_sdp (fixture->booking_id, "v=0\r\nforged\r\n");
  g_autoptr(KvMessage) confirm = kv_message_new (KV_MESSAGE_CONFIRM);

  open_join_window (fixture);

  kv_test_kiosk_send (fixture->outsider, forged);
  kv_test_kiosk_expect_error (fixture->outsider, KV_PROTOCOL_ERROR_FORBIDDEN);
  confirm->confirm.booking_id = g_strdup (fixture->booking_id);
  kv_test_kiosk_send (fixture->outsider, confirm);
  kv_test_kiosk_expect_error (fixture->outsider, KV_PROTOCOL_ERROR_FORBIDDEN);

  /* The server handled both before these pings: the booking's kiosks
   * never saw the forged offer, nor a session change. */
  kv_test_kiosk_assert_quiet (fixture->prison);
  kv_test_kiosk_assert_quiet (fixture->community);

  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_messages_rejected_total"), ==, 2);
  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_messages_relayed_total"), ==, 0);
  g_assert_true (kv_test_audit_has (&fixture->server, "kiosk:community-2", "message-rejected",
                                    fixture->booking_id));
}

static void
test_not_before_join_window (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(KvMessage) early = new_sdp (fixture->booking_id, "v=0\r\n");
  g_autoptr(KvMessage) start = kv_message_new (KV_MESSAGE_START);

  kv_test_kiosk_send (fixture->prison, early);
  kv_test_kiosk_expect_error (fixture->prison, KV_PROTOCOL_ERROR_INVALID_STATE);
  kv_test_kiosk_assert_quiet (fixture->community);

  /* Kiosks cannot send the server's messages. */
  start->start.booking_id = g_strdup (fixture->booking_id);
  start->start.end_us = kv_clock_get_now (fixture->server.clock);
  kv_test_kiosk_send (fixture->community, start);
  kv_test_kiosk_expect_error (fixture->community, KV_PROTOCOL_ERROR_WRONG_DIRECTION);
}

static KvMessage *
new_staff_end (const char *booking_id)
{
  KvMessage *message = kv_message_new (KV_MESSAGE_STAFF_END);

  message->staff_end.booking_id = g_strdup (booking_id);
  message->staff_end.reason = g_strdup ("Not today");
  return message;
}

static void
assert_stored_state (Fixture        *fixture,
                     const char     *booking_id,
                     KvSessionState  state,
                     KvOutcome       outcome)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvBookingRecord) record = kv_store_lookup_booking (fixture->server.store, booking_id,
                                                               &error);

  g_assert_no_error (error);
  g_assert_true (record->has_session);
  g_assert_cmpstr (kv_session_state_to_string (record->session.state), ==,
                   kv_session_state_to_string (state));
  g_assert_cmpstr (kv_outcome_to_string (record->session.outcome), ==,
                   kv_outcome_to_string (outcome));
}

/* A kiosk's staff can stop the visit in front of them, not the ones to
 * come: staff_end before the join window is refused and changes nothing. */
static void
test_staff_end_only_open_visit (Fixture       *fixture,
                                gconstpointer  user_data)
{
  gint64 now = kv_clock_get_now (fixture->server.clock);
  g_autofree char *next_week = kv_test_add_booking (&fixture->server, "prison-1", "community-1",
                                                    now + 7 * 24 * 60 * MINUTE, 30);
  const char *bookings[] = { fixture->booking_id, next_week };
  g_autoptr(KvMessage) ping = kv_message_new (KV_MESSAGE_PING);
  g_autoptr(KvMessage) pong = NULL;
  g_autoptr(KvMessage) end = NULL;

  kv_test_kiosk_drain (fixture->prison);
  kv_test_kiosk_drain (fixture->community);

  for (guint i = 0; i < G_N_ELEMENTS (bookings); i++)
    {
      g_autoptr(KvMessage) staff_end = new_staff_end (bookings[i]);
      g_autoptr(KvMessage) refused = NULL;

      kv_test_kiosk_send (fixture->community, staff_end);
      /* The answer comes before the pong of the ping that follows. */
      kv_test_kiosk_send (fixture->community, ping);
      refused = kv_test_kiosk_expect (fixture->community, KV_MESSAGE_ERROR);
      g_clear_pointer (&pong, kv_message_free);
      pong = kv_test_kiosk_expect (fixture->community, KV_MESSAGE_PONG);
      g_assert_cmpint (refused->error.code, ==, KV_PROTOCOL_ERROR_INVALID_STATE);
      g_assert_cmpstr (refused->error.in_reply_to, ==, "staff_end");
      g_assert_nonnull (strstr (refused->error.message, "join window"));
      assert_stored_state (fixture, bookings[i], KV_SESSION_STATE_SCHEDULED, KV_OUTCOME_NONE);
    }
  /* Neither kiosk heard of an end or a new schedule. */
  kv_test_kiosk_assert_quiet (fixture->prison);
  kv_test_kiosk_assert_quiet (fixture->community);
  g_assert_true (kv_test_audit_has (&fixture->server, "kiosk:community-1", "message-rejected",
                                    next_week));
  g_assert_false (kv_test_audit_has (&fixture->server, "kiosk:community-1", "staff-end", NULL));

  /* Once the visit is open, staff can end it. */
  open_join_window (fixture);
  {
    g_autoptr(KvMessage) staff_end = new_staff_end (fixture->booking_id);

    kv_test_kiosk_send (fixture->community, staff_end);
  }
  do
    {
      g_clear_pointer (&end, kv_message_free);
      end = kv_test_kiosk_next (fixture->prison);
    }
  while (end->type != KV_MESSAGE_END);
  g_assert_cmpint (end->end.outcome, ==, KV_OUTCOME_ENDED_BY_STAFF);
  assert_stored_state (fixture, fixture->booking_id, KV_SESSION_STATE_ENDED,
                       KV_OUTCOME_ENDED_BY_STAFF);
  assert_stored_state (fixture, next_week, KV_SESSION_STATE_SCHEDULED, KV_OUTCOME_NONE);
}

static void
test_malformed_and_oversized (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(KvMessage) offer = new_sdp (fixture->booking_id, "v=0\r\n");
  g_autoptr(KvMessage) got = NULL;
  g_autoptr(GString) huge = g_string_new ("{\"type\":\"ping\",\"pad\":\"");
  g_autoptr(KvMessage) ping = kv_message_new (KV_MESSAGE_PING);
  g_autoptr(KvMessage) pong = NULL;

  open_join_window (fixture);

  kv_test_kiosk_send_text (fixture->outsider, "{not json");
  kv_test_kiosk_expect_error (fixture->outsider, KV_PROTOCOL_ERROR_MALFORMED);
  kv_test_kiosk_send_text (fixture->outsider, "[1,2,3]");
  kv_test_kiosk_expect_error (fixture->outsider, KV_PROTOCOL_ERROR_NOT_AN_OBJECT);
  kv_test_kiosk_send_text (fixture->outsider, "{\"type\":\"teleport\"}");
  kv_test_kiosk_expect_error (fixture->outsider, KV_PROTOCOL_ERROR_UNKNOWN_TYPE);

  /* 70 KiB: over the protocol's 64 KiB. */
  while (huge->len < 70 * 1024)
    g_string_append (huge, "xxxxxxxxxxxxxxxx");
  g_string_append (huge, "\"}");
  kv_test_kiosk_send_text (fixture->outsider, huge->str);
  kv_test_kiosk_expect_error (fixture->outsider, KV_PROTOCOL_ERROR_TOO_LARGE);

  /* The junk did not disturb the other visit, */
  kv_test_kiosk_send (fixture->prison, offer);
  got = kv_test_kiosk_expect (fixture->community, KV_MESSAGE_SDP);
  g_assert_cmpstr (got->sdp.sdp, ==, "v=0\r\n");

  /* nor the sender's own connection. */
  ping->ping.client_time_us = 1764000000005000;
  kv_test_kiosk_send (fixture->outsider, ping);
  pong = kv_test_kiosk_expect (fixture->outsider, KV_MESSAGE_PONG);
  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_messages_rejected_total"), ==, 4);

  /* A frame over 128 KiB: the WebSocket layer closes that connection, and
   * it is counted; the other visit still carries on. */
  while (huge->len < 200 * 1024)
    g_string_insert (huge, 24, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  kv_test_kiosk_send_text (fixture->outsider, huge->str);
  kv_test_kiosk_wait_closed (fixture->outsider);
  kv_test_iterate ();
  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_messages_rejected_total"), ==, 5);
  g_clear_pointer (&got, kv_message_free);
  kv_test_kiosk_send (fixture->prison, offer);
  got = kv_test_kiosk_expect (fixture->community, KV_MESSAGE_SDP);
}

static void
test_flood_rate_limited (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(KvMessage) ping = kv_message_new (KV_MESSAGE_PING);
  g_autoptr(KvMessage) offer = new_sdp (fixture->booking_id, "v=0\r\n");
  g_autoptr(KvMessage) got = NULL;
  guint pongs = 0, limited = 0;

  open_join_window (fixture);
  kv_test_advance (&fixture->server, G_USEC_PER_SEC);

  /* The fake clock stands still: all of these fall in one second. */
  ping->ping.client_time_us = 1764000000001000;
  for (guint i = 0; i < KV_SIGNALLING_MAX_MESSAGES_PER_SECOND + 10; i++)
    kv_test_kiosk_send (fixture->outsider, ping);
  while (pongs + limited < KV_SIGNALLING_MAX_MESSAGES_PER_SECOND + 10)
    {
      g_autoptr(KvMessage) message = kv_test_kiosk_next (fixture->outsider);

      if (message->type == KV_MESSAGE_PONG)
        pongs++;
      else if (message->type == KV_MESSAGE_ERROR &&
               message->error.code == KV_PROTOCOL_ERROR_RATE_LIMITED)
        limited++;
    }
  g_assert_cmpuint (pongs, ==, KV_SIGNALLING_MAX_MESSAGES_PER_SECOND);
  g_assert_cmpuint (limited, ==, 10);

  /* Another visit is not slowed down by it. */
  kv_test_kiosk_send (fixture->prison, offer);
  got = kv_test_kiosk_expect (fixture->community, KV_MESSAGE_SDP);

  /* A second later the flooder may talk again. */
  kv_test_advance (&fixture->server, G_USEC_PER_SEC);
  kv_test_kiosk_assert_quiet (fixture->outsider);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/relay/to-peer-only", Fixture, NULL,
              fixture_set_up, test_relay_to_peer_only, fixture_tear_down);
  g_test_add ("/server/relay/offerer-enforced", Fixture, NULL,
              fixture_set_up, test_offerer_enforced, fixture_tear_down);
  g_test_add ("/server/relay/outsider-cannot-inject", Fixture, NULL,
              fixture_set_up, test_outsider_cannot_inject, fixture_tear_down);
  g_test_add ("/server/relay/not-before-join-window", Fixture, NULL,
              fixture_set_up, test_not_before_join_window, fixture_tear_down);
  g_test_add ("/server/relay/staff-end-only-open-visit", Fixture, NULL,
              fixture_set_up, test_staff_end_only_open_visit, fixture_tear_down);
  g_test_add ("/server/relay/malformed-and-oversized", Fixture, NULL,
              fixture_set_up, test_malformed_and_oversized, fixture_tear_down);

  g_test_add ("/server/relay/flood-rate-limited", Fixture, NULL,
              fixture_set_up, test_flood_rate_limited, fixture_tear_down);

  return g_test_run ();
}
