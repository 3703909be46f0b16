/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-test-server.h"
#include "kv-turn.h"

/* A whole visit through the real server, on a fake clock: both kiosks get
 * the same join, start, cues, goodbye and end, and make-up after a media
 * loss moves the end for both. */

#define MINUTE KV_USEC_PER_MINUTE

typedef struct
{
  KvTestServer  server;
  KvTestKiosk  *prison;
  KvTestKiosk  *community;
  char         *booking_id;
  gint64        start_us;
  gint64        end_us;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *prison_token = NULL;
  g_autofree char *community_token = NULL;

  kv_test_server_start (&fixture->server, "2026-12-01T09:00:00Z");
  prison_token = kv_test_add_kiosk (&fixture->server, "prison-1", "prison");
  community_token = kv_test_add_kiosk (&fixture->server, "community-1", "community");
  fixture->start_us = kv_clock_get_now (fixture->server.clock) + 30 * MINUTE;
  fixture->end_us = fixture->start_us + 30 * MINUTE;
  fixture->booking_id = kv_test_add_booking (&fixture->server, "prison-1", "community-1",
                                             fixture->start_us, 30);
  fixture->prison = kv_test_kiosk_sign_in (&fixture->server, "prison-1", prison_token);
  fixture->community = kv_test_kiosk_sign_in (&fixture->server, "community-1", community_token);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_pointer (&fixture->prison, kv_test_kiosk_free);
  g_clear_pointer (&fixture->community, kv_test_kiosk_free);
  kv_test_server_clear (&fixture->server);
  g_free (fixture->booking_id);
}

/* The next message that is not a `session` snapshot; the last snapshot
 * skipped is kept in @last_session if given. */
static KvMessage *
next_event (KvTestKiosk  *kiosk,
            KvMessage   **last_session)
{
  for (;;)
    {
      KvMessage *message = kv_test_kiosk_next (kiosk);

      if (message->type != KV_MESSAGE_SESSION)
        return message;
      if (last_session != NULL)
        {
          g_clear_pointer (last_session, kv_message_free);
          *last_session = message;
        }
      else
        kv_message_free (message);
    }
}

static KvMessage *
expect_event (KvTestKiosk   *kiosk,
              KvMessageType  type)
{
  KvMessage *message = next_event (kiosk, NULL);

  if (message->type != type)
    g_error ("%s: expected %s, got %s", kiosk->id, kv_message_type_to_string (type),
             kv_message_type_to_string (message->type));
  return message;
}

/* Drains both kiosks, @first (the last one to send) first, so that the
 * server has handled everything sent so far; returns the last `session`
 * each got (they must agree). */
static KvMessage *
last_session_of_both (KvTestKiosk *first,
                      KvTestKiosk *second)
{
  KvTestKiosk *kiosks[] = { first, second };
  KvMessage *sessions[2] = { NULL, NULL };

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(KvMessage) ping = kv_message_new (KV_MESSAGE_PING);

      ping->ping.client_time_us = 1764000000077000;
      kv_test_kiosk_send (kiosks[i], ping);
      for (;;)
        {
          KvMessage *message = kv_test_kiosk_next (kiosks[i]);

          if (message->type == KV_MESSAGE_PONG)
            {
              kv_message_free (message);
              break;
            }
          g_assert_cmpint (message->type, ==, KV_MESSAGE_SESSION);
          g_clear_pointer (&sessions[i], kv_message_free);
          sessions[i] = message;
        }
      g_assert_nonnull (sessions[i]);
    }
  g_assert_cmpint (sessions[0]->session.state, ==, sessions[1]->session.state);
  g_assert_cmpint (sessions[0]->session.end_us, ==, sessions[1]->session.end_us);
  g_assert_cmpint (sessions[0]->session.goodbye_us, ==, sessions[1]->session.goodbye_us);
  g_assert_cmpint (sessions[0]->session.makeup_us, ==, sessions[1]->session.makeup_us);
  kv_message_free (sessions[1]);
  return sessions[0];
}

static void
send_booking_message (KvTestKiosk   *kiosk,
                      KvMessageType  type,
                      const char    *booking_id,
                      gboolean       flag)
{
  g_autoptr(KvMessage) message = kv_message_new (type);

  switch (type)
    {
    case KV_MESSAGE_PRESENCE:
      message->presence.booking_id = g_strdup (booking_id);
      message->presence.present = flag;
      break;
    case KV_MESSAGE_CONFIRM:
      message->confirm.booking_id = g_strdup (booking_id);
      break;
    case KV_MESSAGE_MEDIA:
      message->media.booking_id = g_strdup (booking_id);
      message->media.flowing = flag;
      break;
    default:
      g_assert_not_reached ();
    }
  kv_test_kiosk_send (kiosk, message);
}

static void
check_join (Fixture    *fixture,
            KvMessage  *join,
            const char *kiosk_id,
            gboolean    offerer)
{
  g_autofree char *username = NULL;
  g_autofree char *credential = NULL;
  KvIceServer *turn = NULL;

  g_assert_cmpstr (join->join.booking_id, ==, fixture->booking_id);
  g_assert_cmpint (join->join.offerer, ==, offerer);
  g_assert_cmpint (join->join.start_us, ==, fixture->start_us);
  g_assert_cmpint (join->join.end_us, ==, fixture->end_us);
  g_assert_cmpint (join->join.goodbye_us, ==, 60 * G_USEC_PER_SEC);
  g_assert_cmpuint (join->join.n_cues, >=, 2);

  /* STUN as configured, then TURN with credentials for this kiosk that
   * expire 5 minutes after the slot end. */
  g_assert_cmpuint (join->join.ice_servers->len, ==, 2);
  turn = g_ptr_array_index (join->join.ice_servers, 1);
  kv_turn_make_credentials (KV_TEST_TURN_SECRET, kiosk_id,
                            (fixture->end_us + 5 * MINUTE) / G_USEC_PER_SEC,
                            &username, &credential);
  g_assert_cmpstr (turn->username, ==, username);
  g_assert_cmpstr (turn->credential, ==, credential);
  g_assert_true (g_str_has_suffix (turn->username, kiosk_id));
}

static void
test_whole_visit (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(KvMessage) prison_join = NULL;
  g_autoptr(KvMessage) community_join = NULL;
  g_autoptr(KvMessage) session = NULL;
  const gint64 makeup = 2 * MINUTE;
  gint64 new_end;

  /* Nothing before the join window. */
  kv_test_advance (&fixture->server, 19 * MINUTE);
  kv_test_kiosk_assert_quiet (fixture->prison);
  kv_test_kiosk_assert_quiet (fixture->community);

  /* The join window opens 10 minutes before the start, for both. */
  kv_test_advance (&fixture->server, MINUTE);
  prison_join = expect_event (fixture->prison, KV_MESSAGE_JOIN);
  community_join = expect_event (fixture->community, KV_MESSAGE_JOIN);
  check_join (fixture, prison_join, "prison-1", TRUE);
  check_join (fixture, community_join, "community-1", FALSE);
  session = last_session_of_both (fixture->prison, fixture->community);
  g_assert_cmpint (session->session.state, ==, KV_SESSION_STATE_JOINABLE);
  g_clear_pointer (&session, kv_message_free);

  /* Both sides present and confirmed: ready, waiting for the start. */
  send_booking_message (fixture->prison, KV_MESSAGE_PRESENCE, fixture->booking_id, TRUE);
  send_booking_message (fixture->prison, KV_MESSAGE_CONFIRM, fixture->booking_id, TRUE);
  kv_test_kiosk_drain (fixture->prison);
  send_booking_message (fixture->community, KV_MESSAGE_PRESENCE, fixture->booking_id, TRUE);
  send_booking_message (fixture->community, KV_MESSAGE_CONFIRM, fixture->booking_id, TRUE);
  session = last_session_of_both (fixture->community, fixture->prison);
  g_assert_cmpint (session->session.state, ==, KV_SESSION_STATE_READY);
  g_assert_cmpint (session->session.present, ==, KV_SIDE_BOTH);
  g_assert_cmpint (session->session.confirmed, ==, KV_SIDE_BOTH);
  g_clear_pointer (&session, kv_message_free);

  /* One microsecond before the start: still waiting. At the start: go. */
  kv_test_advance (&fixture->server, 10 * MINUTE - 1);
  kv_test_kiosk_assert_quiet (fixture->prison);
  kv_test_advance (&fixture->server, 1);
  {
    g_autoptr(KvMessage) a = expect_event (fixture->prison, KV_MESSAGE_START);
    g_autoptr(KvMessage) b = expect_event (fixture->community, KV_MESSAGE_START);

    g_assert_cmpint (a->start.end_us, ==, fixture->end_us);
    g_assert_cmpint (b->start.end_us, ==, fixture->end_us);
  }
  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_sessions_live"), ==, 1);

  /* Half-way cue. */
  kv_test_advance (&fixture->server, 15 * MINUTE);
  {
    g_autoptr(KvMessage) a = expect_event (fixture->prison, KV_MESSAGE_CUE);
    g_autoptr(KvMessage) b = expect_event (fixture->community, KV_MESSAGE_CUE);

    g_assert_true (a->cue.half_way);
    g_assert_true (b->cue.half_way);
  }

  /* The prison's media drops for two minutes: both get the end moved by
   * the lost time (the slot after is free). */
  kv_test_advance (&fixture->server, MINUTE);
  send_booking_message (fixture->prison, KV_MESSAGE_MEDIA, fixture->booking_id, FALSE);
  kv_test_kiosk_drain (fixture->prison);
  kv_test_advance (&fixture->server, makeup);
  send_booking_message (fixture->prison, KV_MESSAGE_MEDIA, fixture->booking_id, TRUE);
  session = last_session_of_both (fixture->prison, fixture->community);
  new_end = fixture->end_us + makeup;
  g_assert_cmpint (session->session.state, ==, KV_SESSION_STATE_LIVE);
  g_assert_cmpint (session->session.makeup_us, ==, makeup);
  g_assert_cmpint (session->session.lost_us, ==, makeup);
  g_assert_cmpint (session->session.end_us, ==, new_end);
  g_clear_pointer (&session, kv_message_free);
  g_assert_true (kv_test_audit_has (&fixture->server, "kiosk:prison-1", "makeup-granted",
                                    fixture->booking_id));

  /* Cues at 5 and 2 minutes before the new end, then the goodbye minute,
   * then the end: at the same times for both. */
  kv_fake_clock_set_now (KV_FAKE_CLOCK (fixture->server.clock), new_end - 5 * MINUTE);
  kv_test_iterate ();
  {
    g_autoptr(KvMessage) a = expect_event (fixture->prison, KV_MESSAGE_CUE);
    g_autoptr(KvMessage) b = expect_event (fixture->community, KV_MESSAGE_CUE);

    g_assert_cmpuint (a->cue.seconds_left, ==, 300);
    g_assert_cmpuint (b->cue.seconds_left, ==, 300);
  }
  kv_test_advance (&fixture->server, 3 * MINUTE);
  {
    g_autoptr(KvMessage) a = expect_event (fixture->prison, KV_MESSAGE_CUE);
    g_autoptr(KvMessage) b = expect_event (fixture->community, KV_MESSAGE_CUE);

    g_assert_cmpuint (a->cue.seconds_left, ==, 120);
    g_assert_cmpuint (b->cue.seconds_left, ==, 120);
  }
  kv_test_advance (&fixture->server, MINUTE);
  {
    g_autoptr(KvMessage) a = expect_event (fixture->prison, KV_MESSAGE_GOODBYE);
    g_autoptr(KvMessage) b = expect_event (fixture->community, KV_MESSAGE_GOODBYE);

    g_assert_cmpint (a->goodbye.end_us, ==, new_end);
    g_assert_cmpint (b->goodbye.end_us, ==, new_end);
  }
  kv_test_advance (&fixture->server, MINUTE);
  {
    g_autoptr(KvMessage) a = expect_event (fixture->prison, KV_MESSAGE_END);
    g_autoptr(KvMessage) b = expect_event (fixture->community, KV_MESSAGE_END);

    g_assert_cmpint (a->end.outcome, ==, KV_OUTCOME_COMPLETED);
    g_assert_cmpint (b->end.outcome, ==, KV_OUTCOME_COMPLETED);
    g_assert_cmpint (a->end.lost_us, ==, makeup);
  }
  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_sessions_live"), ==, 0);
  g_assert_true (kv_test_audit_has (&fixture->server, "scheduler", "session-ended",
                                    fixture->booking_id));
}

static void
test_staff_end (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/sessions/%s/end", fixture->booking_id);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(KvMessage) prison_end = NULL;
  g_autoptr(KvMessage) community_end = NULL;
  g_autoptr(KvMessage) staff_end = kv_message_new (KV_MESSAGE_STAFF_END);
  guint status;

  kv_test_advance (&fixture->server, 25 * MINUTE);
  kv_test_kiosk_drain (fixture->prison);
  kv_test_kiosk_drain (fixture->community);

  /* Staff at the community kiosk end the visit: both kiosks get the end at
   * once, with the reason, and no goodbye. */
  staff_end->staff_end.booking_id = g_strdup (fixture->booking_id);
  staff_end->staff_end.reason = g_strdup ("Child upset");
  kv_test_kiosk_send (fixture->community, staff_end);
  prison_end = expect_event (fixture->prison, KV_MESSAGE_END);
  community_end = expect_event (fixture->community, KV_MESSAGE_END);
  g_assert_cmpint (prison_end->end.outcome, ==, KV_OUTCOME_ENDED_BY_STAFF);
  g_assert_cmpstr (prison_end->end.reason, ==, "Child upset");
  g_assert_cmpint (community_end->end.outcome, ==, KV_OUTCOME_ENDED_BY_STAFF);
  g_assert_true (kv_test_audit_has (&fixture->server, "kiosk:community-1", "staff-end",
                                    fixture->booking_id));

  /* Over is over: the admin API says so. */
  reply = kv_test_admin (&fixture->server, "POST", path,
                         "{\"reason\":\"again\",\"category\":\"safeguarding\"}",
                         KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 409);
}

static void
test_admin_end (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/sessions/%s/end", fixture->booking_id);
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(KvMessage) prison_end = NULL;
  g_autoptr(KvMessage) community_end = NULL;
  JsonArray *sessions;
  guint status;

  kv_test_advance (&fixture->server, 25 * MINUTE);
  kv_test_kiosk_drain (fixture->prison);
  kv_test_kiosk_drain (fixture->community);
  before = kv_test_admin (&fixture->server, "GET", "/api/v1/sessions", NULL, KV_TEST_ADMIN_TOKEN,
                          &status);
  g_assert_cmpuint (status, ==, 200);
  sessions = json_object_get_array_member (json_node_get_object (before), "sessions");
  g_assert_cmpuint (json_array_get_length (sessions), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (sessions, 0),
                                                  "booking"), ==, fixture->booking_id);

  /* No reason, no end. */
  reply = kv_test_admin (&fixture->server, "POST", path, "{}", KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&reply, json_node_unref);

  /* Nor without a category: staff choose between a goodbye and a stop. */
  reply = kv_test_admin (&fixture->server, "POST", path, "{\"reason\":\"Carer unwell\"}",
                         KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_node_get_object (reply), "error"), "code"), ==, "missing-field");
  g_clear_pointer (&reply, json_node_unref);
  reply = kv_test_admin (&fixture->server, "POST", path,
                         "{\"reason\":\"Carer unwell\",\"category\":\"none\"}",
                         KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&reply, json_node_unref);

  /* Before the visit is live, any category ends it at once. */
  reply = kv_test_admin (&fixture->server, "POST", path,
                         "{\"reason\":\"Carer unwell\",\"category\":\"adult-unwell\"}",
                         KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 200);
  prison_end = expect_event (fixture->prison, KV_MESSAGE_END);
  community_end = expect_event (fixture->community, KV_MESSAGE_END);
  g_assert_cmpint (prison_end->end.outcome, ==, KV_OUTCOME_ENDED_BY_STAFF);
  g_assert_cmpint (prison_end->end.category, ==, KV_END_CATEGORY_ADULT_UNWELL);
  g_assert_cmpstr (community_end->end.reason, ==, "Carer unwell");
  g_assert_true (kv_test_audit_has (&fixture->server, "admin", "staff-end", fixture->booking_id));

  after = kv_test_admin (&fixture->server, "GET", "/api/v1/sessions", NULL, KV_TEST_ADMIN_TOKEN,
                         &status);
  sessions = json_object_get_array_member (json_node_get_object (after), "sessions");
  g_assert_cmpuint (json_array_get_length (sessions), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/lifecycle/whole-visit", Fixture, NULL,
              fixture_set_up, test_whole_visit, fixture_tear_down);
  g_test_add ("/server/lifecycle/staff-end", Fixture, NULL,
              fixture_set_up, test_staff_end, fixture_tear_down);

  g_test_add ("/server/lifecycle/admin-end", Fixture, NULL,
              fixture_set_up, test_admin_end, fixture_tear_down);

  return g_test_run ();
}
