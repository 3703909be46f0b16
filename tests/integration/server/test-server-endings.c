/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-protocol-private.h"
#include "kv-test-server.h"

#include <string.h>

/* Gentle endings, pauses both sides understand, muted sound, supervision
 * and the child's "I'm not OK", through the real server with real
 * WebSocket kiosks on a fake clock: what each kiosk hears, what is refused,
 * what is stored and audited, and how staff read it back (the admin API
 * and kinvisitctl). The visit is 09:30-10:00; the clock starts at 09:00. */

#define MINUTE KV_USEC_PER_MINUTE
#define SECOND KV_USEC_PER_SECOND

typedef struct
{
  KvTestServer  server;
  KvTestKiosk  *prison;
  KvTestKiosk  *community;
  char         *prison_token;
  char         *booking_id;
  char         *token_file;
  gint64        start_us;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *community_token = NULL;
  g_autoptr(GError) error = NULL;

  kv_test_server_start (&fixture->server, "2026-12-01T09:00:00Z");
  fixture->prison_token = kv_test_add_kiosk (&fixture->server, "prison-1", "prison");
  community_token = kv_test_add_kiosk (&fixture->server, "community-1", "community");
  fixture->start_us = kv_clock_get_now (fixture->server.clock) + 30 * MINUTE;
  fixture->booking_id = kv_test_add_booking (&fixture->server, "prison-1", "community-1",
                                             fixture->start_us, 30);
  fixture->prison = kv_test_kiosk_sign_in (&fixture->server, "prison-1", fixture->prison_token);
  fixture->community = kv_test_kiosk_sign_in (&fixture->server, "community-1", community_token);
  fixture->token_file = g_build_filename (fixture->server.dir, "admin.token", NULL);
  g_file_set_contents (fixture->token_file, KV_TEST_ADMIN_TOKEN "\n", -1, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_pointer (&fixture->prison, kv_test_kiosk_free);
  g_clear_pointer (&fixture->community, kv_test_kiosk_free);
  kv_test_server_clear (&fixture->server);
  g_free (fixture->prison_token);
  g_free (fixture->booking_id);
  g_free (fixture->token_file);
}

static gint64
at (Fixture *fixture,
    int      minutes_after_start,
    int      seconds)
{
  return fixture->start_us + minutes_after_start * MINUTE + seconds * SECOND;
}

static void
advance_to (Fixture *fixture,
            gint64   when)
{
  gint64 now = kv_clock_get_now (fixture->server.clock);

  g_assert_cmpint (when, >=, now);
  kv_test_advance (&fixture->server, when - now);
}

/* Messages */

static void
send_presence (KvTestKiosk *kiosk,
               const char  *booking_id,
               gboolean     supervised)
{
  g_autoptr(KvMessage) message = kv_message_new (KV_MESSAGE_PRESENCE);

  message->presence.booking_id = g_strdup (booking_id);
  message->presence.present = TRUE;
  message->presence.supervised = supervised;
  kv_test_kiosk_send (kiosk, message);
}

static void
send_confirm (KvTestKiosk *kiosk,
              const char  *booking_id)
{
  g_autoptr(KvMessage) message = kv_message_new (KV_MESSAGE_CONFIRM);

  message->confirm.booking_id = g_strdup (booking_id);
  kv_test_kiosk_send (kiosk, message);
}

static void
send_staff_end (KvTestKiosk   *kiosk,
                const char    *booking_id,
                KvEndCategory  category,
                const char    *reason)
{
  g_autoptr(KvMessage) message = kv_message_new (KV_MESSAGE_STAFF_END);

  message->staff_end.booking_id = g_strdup (booking_id);
  message->staff_end.category = category;
  message->staff_end.reason = g_strdup (reason);
  kv_test_kiosk_send (kiosk, message);
}

static void
send_pause (KvTestKiosk     *kiosk,
            const char      *booking_id,
            KvPauseCategory  category)
{
  g_autoptr(KvMessage) message = kv_message_new (KV_MESSAGE_PAUSE);

  message->pause.booking_id = g_strdup (booking_id);
  message->pause.paused = category != KV_PAUSE_CATEGORY_NONE;
  message->pause.category = category;
  kv_test_kiosk_send (kiosk, message);
}

static void
send_mute (KvTestKiosk *kiosk,
           const char  *booking_id,
           gboolean     muted)
{
  g_autoptr(KvMessage) message = kv_message_new (KV_MESSAGE_MUTE);

  message->mute.booking_id = g_strdup (booking_id);
  message->mute.muted = muted;
  kv_test_kiosk_send (kiosk, message);
}

static void
send_child_alert (KvTestKiosk *kiosk,
                  const char  *booking_id)
{
  g_autoptr(KvMessage) message = kv_message_new (KV_MESSAGE_CHILD_ALERT);

  message->child_alert.booking_id = g_strdup (booking_id);
  kv_test_kiosk_send (kiosk, message);
}

static void
expect_refusal (KvTestKiosk     *kiosk,
                KvProtocolError  code,
                const char      *in_reply_to)
{
  g_autoptr(KvMessage) error = kv_test_kiosk_expect (kiosk, KV_MESSAGE_ERROR);

  g_assert_cmpstr (kv_protocol_error_to_string (error->error.code), ==,
                   kv_protocol_error_to_string (code));
  g_assert_cmpstr (error->error.in_reply_to, ==, in_reply_to);
}

/* Both sides in, confirmed, and live at the start; everything up to there
 * drained. */
static void
go_live (Fixture *fixture)
{
  advance_to (fixture, at (fixture, -10, 0));
  send_presence (fixture->prison, fixture->booking_id, FALSE);
  send_confirm (fixture->prison, fixture->booking_id);
  send_presence (fixture->community, fixture->booking_id, FALSE);
  send_confirm (fixture->community, fixture->booking_id);
  kv_test_kiosk_drain (fixture->prison);
  kv_test_kiosk_drain (fixture->community);
  advance_to (fixture, fixture->start_us);
  kv_test_kiosk_drain (fixture->prison);
  kv_test_kiosk_drain (fixture->community);
}

/* The last `session` @kiosk got before now (after a round trip, so the
 * server has handled everything sent so far), and nothing but sessions. */
static KvMessage *
last_session (KvTestKiosk *kiosk)
{
  g_autoptr(KvMessage) ping = kv_message_new (KV_MESSAGE_PING);
  KvMessage *last = NULL;

  ping->ping.client_time_us = 1764000000077000;
  kv_test_kiosk_send (kiosk, ping);
  for (;;)
    {
      KvMessage *message = kv_test_kiosk_next (kiosk);

      if (message->type == KV_MESSAGE_PONG)
        {
          kv_message_free (message);
          break;
        }
      if (message->type != KV_MESSAGE_SESSION)
        g_error ("%s: expected a session, got %s", kiosk->id,
                 kv_message_type_to_string (message->type));
      g_clear_pointer (&last, kv_message_free);
      last = message;
    }
  g_assert_nonnull (last);
  return last;
}

/* The record of the visit, as GET /api/v1/sessions/ID gives it. */
static JsonObject *
show (Fixture   *fixture,
      JsonNode **out_node)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/sessions/%s", fixture->booking_id);
  guint status;

  *out_node = kv_test_admin (&fixture->server, "GET", path, NULL, KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 200);
  return json_node_get_object (*out_node);
}

static gint64
time_member (JsonObject *object,
             const char *name)
{
  gint64 time_us = 0;

  g_assert_true (kv_protocol_parse_time (json_object_get_string_member (object, name), &time_us));
  return time_us;
}

/* The details of the audit rows of @action, in order, joined by "|". */
static char *
audit_details (Fixture    *fixture,
               const char *actor,
               const char *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = kv_store_list_audit (fixture->server.store, G_MININT64, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      KvAuditEntry *entry = g_ptr_array_index (entries, i);

      if (g_str_equal (entry->action, action) && g_strcmp0 (entry->actor, actor) == 0)
        g_string_append_printf (out, "%s%s", out->len > 0 ? "|" : "", entry->details);
    }
  return g_string_free (out, FALSE);
}

/* Gentle endings and stops */

static void
test_gentle_end (Fixture       *fixture,
                 gconstpointer  user_data)
{
  KvTestKiosk *kiosks[] = { fixture->prison, fixture->community };
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *details = NULL;
  JsonObject *record, *staff_end;

  go_live (fixture);
  advance_to (fixture, at (fixture, 10, 0));
  kv_test_kiosk_drain (fixture->prison);
  send_staff_end (fixture->community, fixture->booking_id, KV_END_CATEGORY_CHILD_UPSET,
                  "Lena is tired today");

  /* Both kiosks: the goodbye now, a minute long (the site's goodbye), and
   * why, so that nobody is cut off. */
  for (guint i = 0; i < G_N_ELEMENTS (kiosks); i++)
    {
      g_autoptr(KvMessage) session = kv_test_kiosk_expect (kiosks[i], KV_MESSAGE_SESSION);
      g_autoptr(KvMessage) goodbye = kv_test_kiosk_expect (kiosks[i], KV_MESSAGE_GOODBYE);

      g_assert_cmpint (session->session.state, ==, KV_SESSION_STATE_GOODBYE);
      g_assert_cmpint (session->session.end_category, ==, KV_END_CATEGORY_CHILD_UPSET);
      g_assert_cmpint (session->session.goodbye_us, ==, at (fixture, 10, 0));
      g_assert_cmpint (session->session.end_us, ==, at (fixture, 11, 0));
      g_assert_cmpint (goodbye->goodbye.end_us, ==, at (fixture, 11, 0));
      g_assert_cmpint (goodbye->goodbye.category, ==, KV_END_CATEGORY_CHILD_UPSET);
    }
  kv_test_kiosk_assert_quiet (fixture->prison);

  advance_to (fixture, at (fixture, 11, 0) - 1);
  kv_test_kiosk_assert_quiet (fixture->community);
  advance_to (fixture, at (fixture, 11, 0));
  for (guint i = 0; i < G_N_ELEMENTS (kiosks); i++)
    {
      g_autoptr(KvMessage) session = kv_test_kiosk_expect (kiosks[i], KV_MESSAGE_SESSION);
      g_autoptr(KvMessage) end = kv_test_kiosk_expect (kiosks[i], KV_MESSAGE_END);

      g_assert_cmpint (end->end.outcome, ==, KV_OUTCOME_ENDED_BY_STAFF);
      g_assert_cmpint (end->end.category, ==, KV_END_CATEGORY_CHILD_UPSET);
      g_assert_cmpstr (end->end.reason, ==, "Lena is tired today");
    }

  /* Audited with who, why and the words, quoted. */
  details = audit_details (fixture, "kiosk:community-1", "staff-end");
  g_assert_cmpstr (details, ==, "category=child-upset side=community by=kiosk:community-1 "
                                "reason=\"Lena is tired today\"");

  /* And read back. */
  record = show (fixture, &node);
  g_assert_cmpstr (json_object_get_string_member (record, "state"), ==, "ended");
  g_assert_cmpstr (json_object_get_string_member (record, "outcome"), ==, "ended-by-staff");
  g_assert_cmpint (time_member (record, "end"), ==, at (fixture, 11, 0));
  g_assert_cmpint (time_member (record, "ended_at"), ==, at (fixture, 11, 0));
  staff_end = json_object_get_object_member (record, "staff_end");
  g_assert_cmpstr (json_object_get_string_member (staff_end, "category"), ==, "child-upset");
  g_assert_cmpstr (json_object_get_string_member (staff_end, "reason"), ==,
                   "Lena is tired today");
  g_assert_cmpstr (json_object_get_string_member (staff_end, "side"), ==, "community");
  g_assert_cmpstr (json_object_get_string_member (staff_end, "by"), ==, "kiosk:community-1");
  g_assert_cmpint (time_member (staff_end, "at"), ==, at (fixture, 10, 0));
  g_assert_cmpint (time_member (staff_end, "goodbye_from"), ==, at (fixture, 10, 0));
  g_assert_cmpint (time_member (staff_end, "goodbye_until"), ==, at (fixture, 11, 0));
}

static void
test_safeguarding (Fixture       *fixture,
                   gconstpointer  user_data)
{
  KvTestKiosk *kiosks[] = { fixture->prison, fixture->community };
  g_autofree char *details = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *record;

  go_live (fixture);
  advance_to (fixture, at (fixture, 12, 0));
  kv_test_kiosk_drain (fixture->community);
  send_staff_end (fixture->prison, fixture->booking_id, KV_END_CATEGORY_SAFEGUARDING,
                  "Said \"keep it secret\"\nsee the incident log");

  /* At once, no goodbye; the end says safeguarding and never the words. */
  for (guint i = 0; i < G_N_ELEMENTS (kiosks); i++)
    {
      g_autoptr(KvMessage) session = kv_test_kiosk_expect (kiosks[i], KV_MESSAGE_SESSION);
      g_autoptr(KvMessage) end = kv_test_kiosk_expect (kiosks[i], KV_MESSAGE_END);

      g_assert_cmpint (session->session.state, ==, KV_SESSION_STATE_ENDED);
      g_assert_cmpint (session->session.end_category, ==, KV_END_CATEGORY_SAFEGUARDING);
      g_assert_cmpint (end->end.outcome, ==, KV_OUTCOME_ENDED_BY_STAFF);
      g_assert_cmpint (end->end.category, ==, KV_END_CATEGORY_SAFEGUARDING);
      g_assert_null (end->end.reason);
      kv_test_kiosk_assert_quiet (kiosks[i]);
    }

  /* The words are in the audit log, escaped, on one line. */
  details = audit_details (fixture, "kiosk:prison-1", "staff-end");
  g_assert_cmpstr (details, ==, "category=safeguarding side=prison by=kiosk:prison-1 "
                                "reason=\"Said \\\"keep it secret\\\"\\nsee the incident log\"");
  record = show (fixture, &node);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (record,
                                                                                 "staff_end"),
                                                  "reason"), ==,
                   "Said \"keep it secret\"\nsee the incident log");
  g_assert_cmpint (time_member (record, "ended_at"), ==, at (fixture, 12, 0));
}

static void
test_end_refusals (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/sessions/%s/end", fixture->booking_id);
  g_autoptr(JsonNode) reply = NULL;
  guint status;

  go_live (fixture);
  advance_to (fixture, at (fixture, 10, 0));
  send_staff_end (fixture->prison, fixture->booking_id, KV_END_CATEGORY_FINISHED_EARLY,
                  "All good, stopping early");
  kv_test_kiosk_drain (fixture->prison);
  kv_test_kiosk_drain (fixture->community);

  /* A second gentle end is refused; the admin's too. */
  send_staff_end (fixture->community, fixture->booking_id, KV_END_CATEGORY_OTHER, "Again");
  expect_refusal (fixture->community, KV_PROTOCOL_ERROR_INVALID_STATE, "staff_end");
  g_assert_true (kv_test_audit_has (&fixture->server, "kiosk:community-1", "message-rejected",
                                    fixture->booking_id));
  reply = kv_test_admin (&fixture->server, "POST", path,
                         "{\"reason\":\"Again\",\"category\":\"other\"}", KV_TEST_ADMIN_TOKEN,
                         &status);
  g_assert_cmpuint (status, ==, 409);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_node_get_object (reply), "error"), "code"), ==, "already-ending");
  g_clear_pointer (&reply, json_node_unref);

  /* A safeguarding stop from the admin still ends it at once. */
  reply = kv_test_admin (&fixture->server, "POST", path,
                         "{\"reason\":\"Concern\",\"category\":\"safeguarding\"}",
                         KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (reply), "state"), ==,
                   "ended");
  {
    g_autoptr(KvMessage) session = kv_test_kiosk_expect (fixture->prison, KV_MESSAGE_SESSION);
    g_autoptr(KvMessage) end = kv_test_kiosk_expect (fixture->prison, KV_MESSAGE_END);

    g_assert_cmpint (end->end.category, ==, KV_END_CATEGORY_SAFEGUARDING);
  }
  g_assert_true (kv_test_audit_has (&fixture->server, "admin", "staff-end",
                                    fixture->booking_id));
}

/* A kiosk of protocol version 1 keeps working: welcomed in its version,
 * its staff_end (no category) stops the visit at once, and the messages of
 * version 2 are unknown to it. */
static void
test_version_1_kiosk (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *hello = g_strdup_printf ("{\"type\":\"hello\",\"version\":1,\"token\":\"%s\"}",
                                            fixture->prison_token);
  g_autoptr(KvTestKiosk) old = NULL;
  g_autoptr(KvMessage) welcome = NULL;

  go_live (fixture);
  g_clear_pointer (&fixture->prison, kv_test_kiosk_free);
  old = kv_test_kiosk_connect (&fixture->server, "prison-1", fixture->prison_token);
  kv_test_kiosk_send_text (old, hello);
  welcome = kv_test_kiosk_expect (old, KV_MESSAGE_WELCOME);
  g_assert_cmpuint (welcome->welcome.version, ==, 1);
  kv_test_kiosk_drain (old);

  send_pause (old, fixture->booking_id, KV_PAUSE_CATEGORY_OTHER);
  expect_refusal (old, KV_PROTOCOL_ERROR_UNKNOWN_TYPE, "pause");
  kv_test_kiosk_drain (fixture->community);

  kv_test_kiosk_send_text (old, "{\"type\":\"staff_end\",\"booking\":\"b\",\"reason\":\"x\"}");
  expect_refusal (old, KV_PROTOCOL_ERROR_FORBIDDEN, "staff_end");
  send_staff_end (old, fixture->booking_id, KV_END_CATEGORY_NONE, "Child upset");
  {
    g_autoptr(KvMessage) session = kv_test_kiosk_expect (fixture->community, KV_MESSAGE_SESSION);
    g_autoptr(KvMessage) end = kv_test_kiosk_expect (fixture->community, KV_MESSAGE_END);

    g_assert_cmpint (end->end.outcome, ==, KV_OUTCOME_ENDED_BY_STAFF);
    g_assert_cmpint (end->end.category, ==, KV_END_CATEGORY_NONE);
    g_assert_cmpstr (end->end.reason, ==, "Child upset");
  }
}

/* Pauses */

static void
test_pause (Fixture       *fixture,
            gconstpointer  user_data)
{
  KvTestKiosk *kiosks[] = { fixture->prison, fixture->community };
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *paused = NULL;
  g_autofree char *resumed = NULL;
  JsonObject *record, *pause;
  JsonArray *pauses;

  go_live (fixture);
  advance_to (fixture, at (fixture, 5, 0));
  send_pause (fixture->community, fixture->booking_id, KV_PAUSE_CATEGORY_CHILD_NEEDS_A_MOMENT);
  /* Both kiosks hear it, and stop picture and sound both ways. */
  for (guint i = 0; i < G_N_ELEMENTS (kiosks); i++)
    {
      g_autoptr(KvMessage) session = kv_test_kiosk_expect (kiosks[i], KV_MESSAGE_SESSION);

      g_assert_cmpint (session->session.state, ==, KV_SESSION_STATE_LIVE);
      g_assert_cmpint (session->session.paused, ==, KV_SIDE_COMMUNITY);
      g_assert_cmpint (session->session.pause_category, ==,
                       KV_PAUSE_CATEGORY_CHILD_NEEDS_A_MOMENT);
    }

  /* The prison side cannot lift the child's side's pause: nothing changes,
   * and it is no error. */
  send_pause (fixture->prison, fixture->booking_id, KV_PAUSE_CATEGORY_NONE);
  kv_test_kiosk_assert_quiet (fixture->prison);
  kv_test_kiosk_assert_quiet (fixture->community);

  /* Three minutes later the child is ready: the time is given back. */
  advance_to (fixture, at (fixture, 8, 0));
  kv_test_kiosk_assert_quiet (fixture->prison);
  send_pause (fixture->community, fixture->booking_id, KV_PAUSE_CATEGORY_NONE);
  /* The sender first: its round trip means the server has handled it. */
  for (guint i = G_N_ELEMENTS (kiosks); i-- > 0;)
    {
      g_autoptr(KvMessage) session = last_session (kiosks[i]);

      g_assert_cmpint (session->session.paused, ==, KV_SIDE_NONE);
      g_assert_cmpint (session->session.pause_category, ==, KV_PAUSE_CATEGORY_NONE);
      g_assert_cmpint (session->session.lost_us, ==, 3 * MINUTE);
      g_assert_cmpint (session->session.makeup_us, ==, 3 * MINUTE);
      g_assert_cmpint (session->session.end_us, ==, at (fixture, 33, 0));
    }

  paused = audit_details (fixture, "kiosk:community-1", "session-paused");
  g_assert_cmpstr (paused, ==, "side=community category=child-needs-a-moment");
  resumed = audit_details (fixture, "kiosk:community-1", "session-resumed");
  g_assert_cmpstr (resumed, ==, "side=community");

  record = show (fixture, &node);
  g_assert_cmpint (json_object_get_int_member (record, "lost_s"), ==, 180);
  g_assert_cmpint (json_object_get_int_member (record, "makeup_s"), ==, 180);
  pauses = json_object_get_array_member (record, "pauses");
  g_assert_cmpuint (json_array_get_length (pauses), ==, 1);
  pause = json_array_get_object_element (pauses, 0);
  g_assert_cmpstr (json_object_get_string_member (pause, "side"), ==, "community");
  g_assert_cmpstr (json_object_get_string_member (pause, "category"), ==, "child-needs-a-moment");
  g_assert_cmpint (time_member (pause, "started"), ==, at (fixture, 5, 0));
  g_assert_cmpint (time_member (pause, "ended"), ==, at (fixture, 8, 0));
  g_assert_cmpint (json_object_get_int_member (pause, "seconds"), ==, 180);
  g_assert_cmpstr (json_object_get_string_member (pause, "started_by"), ==, "kiosk:community-1");
  g_assert_cmpstr (json_object_get_string_member (pause, "ended_by"), ==, "kiosk:community-1");
}

static void
test_pause_lifted_by_goodbye (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(KvMessage) session = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *record, *pause;

  go_live (fixture);
  advance_to (fixture, at (fixture, 27, 0));
  kv_test_kiosk_drain (fixture->community);
  send_pause (fixture->prison, fixture->booking_id, KV_PAUSE_CATEGORY_TECHNICAL_PROBLEM);
  kv_test_kiosk_drain (fixture->prison);
  kv_test_kiosk_drain (fixture->community);

  /* The goodbye's time lifts the pause; its two minutes come back, so the
   * visit is live again, unpaused, until the new goodbye. */
  advance_to (fixture, at (fixture, 29, 0));
  session = last_session (fixture->community);
  g_assert_cmpint (session->session.paused, ==, KV_SIDE_NONE);
  g_assert_cmpint (session->session.state, ==, KV_SESSION_STATE_LIVE);
  g_assert_cmpint (session->session.end_us, ==, at (fixture, 32, 0));
  record = show (fixture, &node);
  pause = json_array_get_object_element (json_object_get_array_member (record, "pauses"), 0);
  g_assert_cmpstr (json_object_get_string_member (pause, "started_by"), ==, "kiosk:prison-1");
  g_assert_cmpstr (json_object_get_string_member (pause, "ended_by"), ==, "scheduler");
  g_assert_true (kv_test_audit_has (&fixture->server, "scheduler", "session-resumed",
                                    fixture->booking_id));
}

static void
test_pause_refusals (Fixture       *fixture,
                     gconstpointer  user_data)
{
  gint64 rejected;

  /* Before the visit is live. */
  advance_to (fixture, at (fixture, -10, 0));
  kv_test_kiosk_drain (fixture->prison);
  rejected = kv_test_metric (&fixture->server, "kinvisit_messages_rejected_total");
  send_pause (fixture->prison, fixture->booking_id, KV_PAUSE_CATEGORY_OTHER);
  expect_refusal (fixture->prison, KV_PROTOCOL_ERROR_INVALID_STATE, "pause");
  send_mute (fixture->prison, fixture->booking_id, TRUE);
  expect_refusal (fixture->prison, KV_PROTOCOL_ERROR_INVALID_STATE, "mute");
  /* Not this kiosk's visit. */
  send_pause (fixture->prison, "b-not-mine", KV_PAUSE_CATEGORY_OTHER);
  expect_refusal (fixture->prison, KV_PROTOCOL_ERROR_FORBIDDEN, "pause");
  g_assert_cmpint (kv_test_metric (&fixture->server, "kinvisit_messages_rejected_total"), ==,
                   rejected + 3);
  g_assert_true (kv_test_audit_has (&fixture->server, "kiosk:prison-1", "message-rejected",
                                    fixture->booking_id));
  kv_test_kiosk_drain (fixture->community);

  /* Never in the goodbye. */
  send_presence (fixture->prison, fixture->booking_id, FALSE);
  send_confirm (fixture->prison, fixture->booking_id);
  send_presence (fixture->community, fixture->booking_id, FALSE);
  send_confirm (fixture->community, fixture->booking_id);
  advance_to (fixture, at (fixture, 29, 30));
  kv_test_kiosk_drain (fixture->community);
  send_pause (fixture->community, fixture->booking_id, KV_PAUSE_CATEGORY_OTHER);
  expect_refusal (fixture->community, KV_PROTOCOL_ERROR_INVALID_STATE, "pause");
  /* A resume there changes nothing and is no error; a mute is allowed. */
  send_pause (fixture->community, fixture->booking_id, KV_PAUSE_CATEGORY_NONE);
  kv_test_kiosk_assert_quiet (fixture->community);
  send_mute (fixture->community, fixture->booking_id, TRUE);
  {
    g_autoptr(KvMessage) session = kv_test_kiosk_expect (fixture->community, KV_MESSAGE_SESSION);

    g_assert_cmpint (session->session.muted, ==, KV_SIDE_COMMUNITY);
  }
}

/* Mute and supervision */

static void
test_mute (Fixture       *fixture,
           gconstpointer  user_data)
{
  KvTestKiosk *kiosks[] = { fixture->prison, fixture->community };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *record, *mute;

  go_live (fixture);
  advance_to (fixture, at (fixture, 3, 0));
  send_mute (fixture->prison, fixture->booking_id, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (kiosks); i++)
    {
      g_autoptr(KvMessage) session = kv_test_kiosk_expect (kiosks[i], KV_MESSAGE_SESSION);

      g_assert_cmpint (session->session.muted, ==, KV_SIDE_PRISON);
      g_assert_cmpint (session->session.paused, ==, KV_SIDE_NONE);
    }
  advance_to (fixture, at (fixture, 5, 0));
  send_mute (fixture->prison, fixture->booking_id, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (kiosks); i++)
    {
      g_autoptr(KvMessage) session = kv_test_kiosk_expect (kiosks[i], KV_MESSAGE_SESSION);

      g_assert_cmpint (session->session.muted, ==, KV_SIDE_NONE);
      /* They still saw each other: not lost time. */
      g_assert_cmpint (session->session.lost_us, ==, 0);
      g_assert_cmpint (session->session.end_us, ==, at (fixture, 30, 0));
    }
  g_assert_true (kv_test_audit_has (&fixture->server, "kiosk:prison-1", "session-muted",
                                    fixture->booking_id));
  g_assert_true (kv_test_audit_has (&fixture->server, "kiosk:prison-1", "session-unmuted",
                                    fixture->booking_id));
  record = show (fixture, &node);
  mute = json_array_get_object_element (json_object_get_array_member (record, "mutes"), 0);
  g_assert_cmpstr (json_object_get_string_member (mute, "side"), ==, "prison");
  g_assert_false (json_object_has_member (mute, "category"));
  g_assert_cmpint (json_object_get_int_member (mute, "seconds"), ==, 120);
  g_assert_cmpstr (json_object_get_string_member (mute, "ended_by"), ==, "kiosk:prison-1");
}

static void
test_supervision (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(JsonNode) node = NULL;

  advance_to (fixture, at (fixture, -10, 0));
  kv_test_kiosk_drain (fixture->prison);
  kv_test_kiosk_drain (fixture->community);

  /* The community kiosk cannot claim a helper is there. */
  send_presence (fixture->community, fixture->booking_id, TRUE);
  expect_refusal (fixture->community, KV_PROTOCOL_ERROR_FORBIDDEN, "presence");
  kv_test_kiosk_assert_quiet (fixture->prison);

  /* The prison kiosk in a supervised room says so; the child's side sees
   * it in every session. */
  send_presence (fixture->prison, fixture->booking_id, TRUE);
  kv_test_kiosk_drain (fixture->prison);
  {
    g_autoptr(KvMessage) session = last_session (fixture->community);

    g_assert_true (session->session.supervised);
    g_assert_cmpint (session->session.present, ==, KV_SIDE_PRISON);
  }
  g_assert_true (kv_test_audit_has (&fixture->server, "kiosk:prison-1", "session-supervised",
                                    fixture->booking_id));
  g_assert_true (json_object_get_boolean_member (show (fixture, &node), "supervised"));
}

/* The child's "I'm not OK" */

static void
test_child_alert (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *details = NULL;
  g_autoptr(JsonNode) node = NULL;

  /* Not before the join window. */
  send_child_alert (fixture->community, fixture->booking_id);
  expect_refusal (fixture->community, KV_PROTOCOL_ERROR_INVALID_STATE, "child_alert");

  go_live (fixture);
  advance_to (fixture, at (fixture, 6, 0));
  kv_test_kiosk_drain (fixture->prison);

  /* Recorded once, even when pressed again and again within 10 s; no
   * reply, and the prison kiosk hears nothing at all. */
  for (guint i = 0; i < 6; i++)
    {
      advance_to (fixture, at (fixture, 6, i));
      send_child_alert (fixture->community, fixture->booking_id);
      /* Taken at this time: the round trip is the server's answer. */
      kv_test_kiosk_assert_quiet (fixture->community);
    }
  kv_test_kiosk_assert_quiet (fixture->community);
  kv_test_kiosk_assert_quiet (fixture->prison);
  details = audit_details (fixture, "kiosk:community-1", "child-alert");
  g_assert_cmpstr (details, ==, "side=community count=1");
  g_clear_pointer (&details, g_free);

  advance_to (fixture, at (fixture, 6, 10));
  send_child_alert (fixture->community, fixture->booking_id);
  kv_test_kiosk_assert_quiet (fixture->community);
  kv_test_kiosk_assert_quiet (fixture->prison);
  details = audit_details (fixture, "kiosk:community-1", "child-alert");
  g_assert_cmpstr (details, ==, "side=community count=1|side=community count=2");

  /* Only the child's kiosk sends it. */
  send_child_alert (fixture->prison, fixture->booking_id);
  expect_refusal (fixture->prison, KV_PROTOCOL_ERROR_FORBIDDEN, "child_alert");
  kv_test_kiosk_assert_quiet (fixture->community);

  g_assert_cmpint (json_object_get_int_member (show (fixture, &node), "child_alerts"), ==, 2);
}

/* Reading a visit back */

static void
test_show_from_store (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(JsonNode) live = NULL;
  g_autoptr(JsonNode) later = NULL;
  g_autoptr(JsonNode) missing = NULL;
  g_autoptr(JsonNode) bad = NULL;
  JsonObject *record;
  guint status;

  go_live (fixture);
  advance_to (fixture, at (fixture, 4, 0));
  send_mute (fixture->community, fixture->booking_id, TRUE);
  send_pause (fixture->prison, fixture->booking_id, KV_PAUSE_CATEGORY_ADULT_NEEDS_A_MOMENT);
  kv_test_kiosk_drain (fixture->community);
  kv_test_kiosk_drain (fixture->prison);

  /* Running: a pause going on counts to now. */
  advance_to (fixture, at (fixture, 5, 0));
  record = show (fixture, &live);
  g_assert_cmpstr (json_object_get_string_member (record, "state"), ==, "live");
  g_assert_cmpint (json_object_get_int_member (record, "lost_s"), ==, 60);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (record, "staff_end")));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (record, "paused")), ==, 1);
  g_assert_false (JSON_NODE_HOLDS_NULL (json_array_get_element (
                    json_object_get_array_member (record, "pauses"), 0)));

  /* Long over and forgotten by the running server: from the store. The
   * goodbye lifted the pause (25 minutes: 10 given back, the site's most)
   * and the end the mute. */
  advance_to (fixture, at (fixture, 26 * 60, 0));
  record = show (fixture, &later);
  g_assert_cmpstr (json_object_get_string_member (record, "state"), ==, "ended");
  g_assert_cmpstr (json_object_get_string_member (record, "outcome"), ==, "technical-failure");
  g_assert_cmpint (json_object_get_int_member (record, "lost_s"), ==, 25 * 60);
  g_assert_cmpint (json_object_get_int_member (record, "makeup_s"), ==, 10 * 60);
  g_assert_cmpint (time_member (record, "end"), ==, at (fixture, 40, 0));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (record, "paused")), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (record, "pauses"), 0), "ended_by"), ==,
                   "scheduler");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (record, "mutes"), 0), "ended_by"), ==,
                   "scheduler");

  missing = kv_test_admin (&fixture->server, "GET", "/api/v1/sessions/b-nothing", NULL,
                           KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 404);
  bad = kv_test_admin (&fixture->server, "GET", "/api/v1/sessions/b%20x", NULL,
                       KV_TEST_ADMIN_TOKEN, &status);
  g_assert_cmpuint (status, ==, 400);
}

static void
test_kinvisitctl (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  KvTestRun run;

  if (g_getenv ("KV_BUILD_ROOT") == NULL)
    {
      g_test_skip ("KV_BUILD_ROOT is not set: run under meson test");
      return;
    }
  go_live (fixture);
  advance_to (fixture, at (fixture, 10, 0));

  /* No category, no end: staff choose between a goodbye and a stop. */
  kv_test_run_ctl (&fixture->server, fixture->token_file, &run, "session", "end",
                   fixture->booking_id, "--reason", "Tired", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--category"));
  kv_test_run_clear (&run);

  kv_test_run_ctl (&fixture->server, fixture->token_file, &run, "session", "end",
                   fixture->booking_id, "--category", "finished-early", "--reason",
                   "All good, stopping early", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_suffix (run.out, ": the goodbye has started; it ends at "
                                            "2026-12-01 09:41 UTC.\n"));
  kv_test_run_clear (&run);

  kv_test_run_ctl (&fixture->server, fixture->token_file, &run, "session", "show",
                   fixture->booking_id, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "State          goodbye\n"));
  g_assert_nonnull (strstr (run.out, "Ended by       admin (no side)\n"));
  g_assert_nonnull (strstr (run.out, "Category       finished-early\n"));
  g_assert_nonnull (strstr (run.out, "Reason         All good, stopping early\n"));
  g_assert_nonnull (strstr (run.out, "Goodbye until  2026-12-01 09:41 UTC\n"));
  g_assert_nonnull (strstr (run.out, "Pauses: 0\n"));
  kv_test_run_clear (&run);

  kv_test_run_ctl (&fixture->server, fixture->token_file, &run, "--json", "session", "show",
                   fixture->booking_id, NULL);
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_node_get_object (json_parser_get_root (parser)), "staff_end"),
                     "category"), ==, "finished-early");
  kv_test_run_clear (&run);

  kv_test_run_ctl (&fixture->server, fixture->token_file, &run, "session", "show", "b-nothing",
                   NULL);
  g_assert_cmpint (run.status, ==, 1);
  kv_test_run_clear (&run);
}

#define ADD(name, func) \
  g_test_add ("/server/endings/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("gentle-end", test_gentle_end);
  ADD ("safeguarding", test_safeguarding);
  ADD ("end-refusals", test_end_refusals);
  ADD ("version-1-kiosk", test_version_1_kiosk);
  ADD ("pause", test_pause);
  ADD ("pause-lifted-by-goodbye", test_pause_lifted_by_goodbye);
  ADD ("pause-refusals", test_pause_refusals);
  ADD ("mute", test_mute);
  ADD ("supervision", test_supervision);
  ADD ("child-alert", test_child_alert);
  ADD ("show-from-store", test_show_from_store);
  ADD ("kinvisitctl", test_kinvisitctl);

  return g_test_run ();
}
