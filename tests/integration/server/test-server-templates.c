/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-test-server.h"

#include <glib/gstdio.h>
#include <string.h>

/* Sites in local time over real HTTP: weekly templates and the slots they
 * offer across the clock changes in Europe/Zagreb and Europe/London,
 * booking a slot, then moving and cancelling it; the refusals each say
 * which field is wrong. The server's clock is fake and starts on the day
 * each test gives. */

/* Every booking needs what the child and the parent are called. */
#define LABELS "\"prison_label\":\"Dad\",\"community_label\":\"Lena\","

typedef struct
{
  KvTestServer server;
  char        *token_file;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  /* A month of schedule, so the kiosks hear of visits moved weeks ahead. */
  static const char config[] =
    "[server]\n"
    "listen-address=127.0.0.1\n"
    "port=0\n"
    "schedule-days=30\n"
    "[turn]\n"
    "urls=turn:127.0.0.1:3478?transport=udp\n"
    "stun-urls=stun:127.0.0.1:3478\n";

  kv_test_server_start_with_config (&fixture->server, user_data, config, NULL);
  fixture->token_file = g_build_filename (fixture->server.dir, "admin.token", NULL);
  g_file_set_contents (fixture->token_file, KV_TEST_ADMIN_TOKEN "\n", -1, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_unlink (fixture->token_file);
  g_free (fixture->token_file);
  kv_test_server_clear (&fixture->server);
}

/* A site and a kiosk at it. */
static char *
add_site_and_kiosk (Fixture    *fixture,
                    const char *site,
                    const char *name,
                    const char *zone,
                    const char *kiosk,
                    const char *role)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"name\":\"%s\",\"time_zone\":\"%s\"}",
                                           site, name, zone);
  g_autofree char *path = g_strdup_printf ("/api/v1/kiosks/%s", kiosk);
  g_autofree char *token = NULL;
  JsonObject *reply;

  reply = kv_test_call (&fixture->server, "POST", "/api/v1/sites", body, 201, &node);
  g_assert_cmpstr (json_object_get_string_member (reply, "time_zone"), ==, zone);
  token = kv_test_add_kiosk (&fixture->server, kiosk, role);
  g_free (body);
  body = g_strdup_printf ("{\"site\":\"%s\"}", site);
  reply = kv_test_call (&fixture->server, "PATCH", path, body, 200, &node);
  g_assert_cmpstr (json_object_get_string_member (reply, "site"), ==, site);
  return g_steal_pointer (&token);
}

static JsonArray *
list_slots (Fixture    *fixture,
            const char *from,
            guint       days,
            JsonNode  **out_node)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/slots?prison=prison-1&community=community-1"
                                           "&from=%s&days=%u", from, days);

  return json_object_get_array_member (kv_test_call (&fixture->server, "GET", path, NULL, 200,
                                                     out_node), "slots");
}

static const char *
slot_member (JsonArray  *slots,
             guint       i,
             const char *name)
{
  return json_object_get_string_member (json_array_get_object_element (slots, i), name);
}

/* Zagreb, autumn 2026: a Sunday 10:00 template stays at 10:00 local when
 * the clocks go back (UTC moves an hour); a Sunday 02:30 one takes the
 * first 02:30 of the night the clocks go back; a typed 02:30 that night
 * must say which. */
static void
test_dst_zagreb (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) slots_node = NULL;
  JsonArray *slots;
  JsonObject *reply;

  g_free (add_site_and_kiosk (fixture, "lepoglava", "Lepoglava prison", "Europe/Zagreb",
                              "prison-1", "prison"));
  g_free (add_site_and_kiosk (fixture, "zagreb", "Zagreb centre", "Europe/Zagreb",
                              "community-1", "community"));
  kv_test_call (&fixture->server, "POST", "/api/v1/templates",
        "{\"id\":\"t-sun\",\"prison\":\"prison-1\",\"community\":\"community-1\","
        "\"weekday\":\"sun\",\"start\":\"10:00\",\"minutes\":30,\"valid_from\":\"2026-10-18\"}",
        201, &node);
  kv_test_call (&fixture->server, "POST", "/api/v1/templates",
        "{\"id\":\"t-night\",\"prison\":\"prison-1\",\"community\":\"community-1\","
        "\"weekday\":\"sun\",\"start\":\"02:30\",\"minutes\":30,\"valid_from\":\"2026-10-25\","
        "\"valid_to\":\"2026-10-25\"}",
        201, &node);

  slots = list_slots (fixture, "2026-10-18", 15, &slots_node);
  g_assert_cmpuint (json_array_get_length (slots), ==, 4);
  g_assert_cmpstr (slot_member (slots, 0, "start"), ==, "2026-10-18T10:00:00+02:00");
  g_assert_cmpstr (slot_member (slots, 0, "start_local"), ==, "2026-10-18 10:00 CEST");
  g_assert_cmpstr (slot_member (slots, 1, "start"), ==, "2026-10-25T02:30:00+02:00");
  g_assert_cmpstr (slot_member (slots, 1, "template"), ==, "t-night");
  g_assert_cmpstr (slot_member (slots, 2, "start"), ==, "2026-10-25T10:00:00+01:00");
  g_assert_cmpstr (slot_member (slots, 2, "start_local"), ==, "2026-10-25 10:00 CET");
  g_assert_cmpstr (slot_member (slots, 3, "start_local"), ==, "2026-11-01 10:00 CET");
  g_assert_cmpstr (slot_member (slots, 3, "slot"), ==, "t-sun@2026-11-01T10:00:00+01:00");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (slots, 3),
                                                 "free"));

  /* Typed by hand, the repeated hour must say which. */
  reply = kv_test_call (&fixture->server, "POST", "/api/v1/bookings",
                "{" LABELS "\"prison\":\"prison-1\",\"community\":\"community-1\","
                "\"start\":\"2026-10-25 02:30\",\"minutes\":30}", 400, &node);
  g_assert_cmpstr (kv_test_refusal (reply, "start"), ==, "ambiguous-time");
  g_assert_nonnull (strstr (kv_test_refusal_message (reply), "happens twice in Europe/Zagreb"));
  reply = kv_test_call (&fixture->server, "POST", "/api/v1/bookings",
                "{" LABELS "\"prison\":\"prison-1\",\"community\":\"community-1\","
                "\"start\":\"2026-10-25 02:30 +01:00\",\"minutes\":30}", 201, &node);
  g_assert_cmpstr (json_object_get_string_member (reply, "start"), ==, "2026-10-25T01:30:00Z");
  g_assert_cmpstr (json_object_get_string_member (reply, "start_local"), ==,
                   "2026-10-25 02:30 CET");
  g_assert_cmpstr (json_object_get_string_member (reply, "time_zone"), ==, "Europe/Zagreb");
}

/* London, spring 2027: 01:30 does not exist on 2027-03-28, so the weekly
 * 01:30 slot moves forward by the gap that night only; typed, it is
 * refused with what to pick instead. */
static void
test_dst_london (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) slots_node = NULL;
  JsonArray *slots;
  JsonObject *reply;

  g_free (add_site_and_kiosk (fixture, "hmp", "HMP Example", "Europe/London", "prison-1",
                              "prison"));
  g_free (add_site_and_kiosk (fixture, "leeds", "Leeds centre", "Europe/London", "community-1",
                              "community"));
  kv_test_call (&fixture->server, "POST", "/api/v1/templates",
        "{\"id\":\"t-early\",\"prison\":\"prison-1\",\"community\":\"community-1\","
        "\"weekday\":\"sun\",\"start\":\"01:30\",\"minutes\":20,\"valid_from\":\"2027-03-21\"}",
        201, &node);
  kv_test_call (&fixture->server, "POST", "/api/v1/templates",
        "{\"id\":\"t-ten\",\"prison\":\"prison-1\",\"community\":\"community-1\","
        "\"weekday\":\"sun\",\"start\":\"10:00\",\"minutes\":30,\"every_weeks\":2,"
        "\"valid_from\":\"2027-03-21\"}",
        201, &node);

  slots = list_slots (fixture, "2027-03-21", 21, &slots_node);
  g_assert_cmpuint (json_array_get_length (slots), ==, 5);
  g_assert_cmpstr (slot_member (slots, 0, "start"), ==, "2027-03-21T01:30:00+00:00");
  g_assert_cmpstr (slot_member (slots, 1, "start"), ==, "2027-03-21T10:00:00+00:00");
  /* The night of the change: moved forward by the hour the clocks skip. */
  g_assert_cmpstr (slot_member (slots, 2, "start"), ==, "2027-03-28T02:30:00+01:00");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (slots, 2),
                                               "moved_by_minutes"), ==, 60);
  /* Every other week: no 10:00 on the 28th; on 4 April, 10:00 BST. */
  g_assert_cmpstr (slot_member (slots, 3, "start_local"), ==, "2027-04-04 01:30 BST");
  g_assert_cmpstr (slot_member (slots, 4, "start"), ==, "2027-04-04T10:00:00+01:00");

  reply = kv_test_call (&fixture->server, "POST", "/api/v1/bookings",
                "{" LABELS "\"prison\":\"prison-1\",\"community\":\"community-1\","
                "\"start\":\"2027-03-28 01:30\",\"minutes\":20}", 400, &node);
  g_assert_cmpstr (kv_test_refusal (reply, "start"), ==, "nonexistent-time");
  g_assert_cmpstr (kv_test_refusal_message (reply), ==,
                   "2027-03-28 01:30 does not exist in Europe/London: the clocks go forward "
                   "from 01:00 GMT to 02:00 BST that night. Pick a time before 01:00 or from "
                   "02:00.");

  /* The moved slot books as listed. */
  reply = kv_test_call (&fixture->server, "POST", "/api/v1/bookings",
                "{" LABELS "\"slot\":\"t-early@2027-03-28T02:30:00+01:00\"}", 201, &node);
  g_assert_cmpstr (json_object_get_string_member (reply, "start"), ==, "2027-03-28T01:30:00Z");
  g_assert_cmpstr (json_object_get_string_member (reply, "end_local"), ==,
                   "2027-03-28 02:50 BST");
}

/* The whole day of a scheduler: a template in Zagreb for a centre in
 * London (hours in both zones, a closed day), booking its slot, refusals,
 * moving it (history, audit, clash, kiosks told) and cancelling it. */
static void
test_book_move_cancel (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) slots_node = NULL;
  g_autoptr(KvTestKiosk) community = NULL;
  g_autoptr(KvMessage) welcome = NULL;
  g_autoptr(KvMessage) schedule = NULL;
  g_autofree char *community_token = NULL;
  g_autofree char *id = NULL;
  g_autofree char *other = NULL;
  g_autofree char *move_path = NULL;
  g_autofree char *cancel_path = NULL;
  g_autofree char *show_path = NULL;
  JsonArray *slots, *moves;
  JsonObject *reply;
  const KvBooking *moved;
  g_autoptr(GDateTime) moved_start = NULL;

  g_free (add_site_and_kiosk (fixture, "lepoglava", "Lepoglava prison", "Europe/Zagreb",
                              "prison-1", "prison"));
  community_token = add_site_and_kiosk (fixture, "london", "London centre", "Europe/London",
                                        "community-1", "community");
  kv_test_call (&fixture->server, "PUT", "/api/v1/sites/lepoglava/hours",
        "{\"hours\":[{\"weekday\":\"tue\",\"opens\":\"14:00\",\"closes\":\"18:00\"}]}", 200, &node);
  /* 13:00–17:00 GMT is 14:00–18:00 in Zagreb. */
  kv_test_call (&fixture->server, "PUT", "/api/v1/sites/london/hours",
        "{\"hours\":[{\"weekday\":\"tue\",\"opens\":\"13:00\",\"closes\":\"17:00\"}]}", 200, &node);
  reply = kv_test_call (&fixture->server, "POST", "/api/v1/sites/london/closed-days",
                "{\"day\":\"2026-12-22\",\"reason\":\"Christmas\"}", 201, &node);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply, "closed_days")),
                    ==, 1);
  reply = kv_test_call (&fixture->server, "GET", "/api/v1/sites/london", NULL, 200, &node);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (reply, "hours"), 0), "weekday"), ==, "tue");

  /* Templates: checked field by field. */
  reply = kv_test_call (&fixture->server, "POST", "/api/v1/templates",
                "{\"prison\":\"prison-1\",\"community\":\"community-1\",\"weekday\":\"tue\","
                "\"start\":\"19:00\",\"minutes\":30}", 400, &node);
  g_assert_cmpstr (kv_test_refusal (reply, "start"), ==, "outside-hours");
  g_assert_nonnull (strstr (kv_test_refusal_message (reply), "it opens 14:00–18:00 on Tuesdays"));
  reply = kv_test_call (&fixture->server, "POST", "/api/v1/templates",
                "{\"prison\":\"nope\",\"community\":\"community-1\",\"weekday\":\"tue\","
                "\"start\":\"15:30\",\"minutes\":30}", 400, &node);
  g_assert_cmpstr (kv_test_refusal (reply, "prison"), ==, "unknown-kiosk");
  reply = kv_test_call (&fixture->server, "POST", "/api/v1/templates",
                "{\"prison\":\"community-1\",\"community\":\"community-1\",\"weekday\":\"tue\","
                "\"start\":\"15:30\",\"minutes\":30}", 400, &node);
  g_assert_cmpstr (kv_test_refusal (reply, "prison"), ==, "wrong-role");
  reply = kv_test_call (&fixture->server, "POST", "/api/v1/templates",
                "{\"prison\":\"prison-1\",\"community\":\"community-1\",\"weekday\":\"tue\","
                "\"start\":\"15:30\",\"minutes\":240}", 400, &node);
  g_assert_cmpstr (kv_test_refusal (reply, "minutes"), ==, "too-long");
  reply = kv_test_call (&fixture->server, "POST", "/api/v1/templates",
                "{\"id\":\"t-tue\",\"prison\":\"prison-1\",\"community\":\"community-1\","
                "\"weekday\":\"tue\",\"start\":\"15:30\",\"minutes\":30,"
                "\"valid_from\":\"2026-12-08\",\"valid_to\":null}", 201, &node);
  g_assert_cmpstr (json_object_get_string_member (reply, "weekday"), ==, "tue");
  g_assert_true (json_object_get_null_member (reply, "valid_to"));
  g_assert_true (kv_test_audit_has (&fixture->server, "admin", "template-added", NULL));
  reply = kv_test_call (&fixture->server, "GET", "/api/v1/templates?prison=prison-1", NULL, 200,
                        &node);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply, "templates")),
                    ==, 1);

  /* Three Tuesdays, the last of them closed at the centre. */
  slots = list_slots (fixture, "2026-12-08", 21, &slots_node);
  g_assert_cmpuint (json_array_get_length (slots), ==, 2);
  g_assert_cmpstr (slot_member (slots, 0, "start_local"), ==, "2026-12-08 15:30 CET");
  g_assert_cmpstr (slot_member (slots, 0, "end"), ==, "2026-12-08T16:00:00+01:00");
  g_assert_cmpstr (slot_member (slots, 1, "start_local"), ==, "2026-12-15 15:30 CET");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (slots, 0),
                                                 "free"));

  /* Book the first slot; the community kiosk hears of it. */
  community = kv_test_kiosk_sign_in (&fixture->server, "community-1", community_token);
  reply = kv_test_call (&fixture->server, "POST", "/api/v1/bookings",
                "{\"slot\":\"t-tue@2026-12-08T15:30:00+01:00\",\"prison_label\":\"Dad\","
                "\"community_label\":\"Lena\"}", 201, &node);
  id = g_strdup (json_object_get_string_member (reply, "id"));
  g_assert_cmpstr (json_object_get_string_member (reply, "start"), ==, "2026-12-08T14:30:00Z");
  g_assert_cmpstr (json_object_get_string_member (reply, "start_local"), ==,
                   "2026-12-08 15:30 CET");
  g_assert_cmpstr (json_object_get_string_member (reply, "end_local"), ==,
                   "2026-12-08 16:00 CET");
  g_assert_cmpstr (json_object_get_string_member (reply, "template"), ==, "t-tue");
  g_assert_cmpstr (json_object_get_string_member (reply, "created_by"), ==, "admin");
  welcome = kv_test_kiosk_expect (community, KV_MESSAGE_WELCOME);
  schedule = kv_test_kiosk_expect (community, KV_MESSAGE_SCHEDULE);
  g_assert_cmpuint (schedule->schedule.bookings->len, ==, 1);

  /* Now taken, by that booking; taking it again clashes. */
  g_clear_pointer (&slots_node, json_node_unref);
  slots = list_slots (fixture, "2026-12-08", 21, &slots_node);
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (slots, 0),
                                                  "free"));
  g_assert_cmpstr (slot_member (slots, 0, "booking"), ==, id);
  reply = kv_test_call (&fixture->server, "POST", "/api/v1/bookings",
                "{" LABELS "\"slot\":\"t-tue@2026-12-08T15:30:00+01:00\"}", 409, &node);
  g_assert_cmpstr (kv_test_refusal (reply, "prison"), ==, "prison-kiosk-busy");
  reply = kv_test_call (&fixture->server, "POST", "/api/v1/bookings",
                "{" LABELS "\"slot\":\"t-tue@2026-12-09T15:30:00+01:00\"}", 400, &node);
  g_assert_cmpstr (kv_test_refusal (reply, "slot"), ==, "not-a-slot");

  /* Ad hoc, in local time; then each refusal with its field. */
  reply = kv_test_call (&fixture->server, "POST", "/api/v1/bookings",
                "{" LABELS "\"prison\":\"prison-1\",\"community\":\"community-1\","
                "\"start\":\"2026-12-15 16:30\",\"minutes\":30}", 201, &node);
  other = g_strdup (json_object_get_string_member (reply, "id"));
  g_assert_cmpstr (json_object_get_string_member (reply, "start"), ==, "2026-12-15T15:30:00Z");
  kv_test_kiosk_drain (community);
  reply = kv_test_call (&fixture->server, "POST", "/api/v1/bookings",
                "{" LABELS "\"prison\":\"prison-1\",\"community\":\"community-1\","
                "\"start\":\"2026-12-22 15:00\",\"minutes\":30}", 400, &node);
  g_assert_cmpstr (kv_test_refusal (reply, "start"), ==, "closed-day");
  g_assert_cmpstr (kv_test_refusal_message (reply), ==,
                   "London centre is closed on 2026-12-22 (Christmas)");
  reply = kv_test_call (&fixture->server, "POST", "/api/v1/bookings",
                "{" LABELS "\"prison\":\"prison-1\",\"community\":\"community-1\","
                "\"start\":\"2026-12-08 13:00\",\"minutes\":30}", 400, &node);
  g_assert_cmpstr (kv_test_refusal (reply, "start"), ==, "outside-hours");
  g_assert_cmpstr (kv_test_refusal_message (reply), ==,
                   "2026-12-08 13:00–13:30 CET is outside the opening hours of Lepoglava prison: "
                   "it opens 14:00–18:00 CET on Tuesdays");
  reply = kv_test_call (&fixture->server, "POST", "/api/v1/bookings",
                "{" LABELS "\"prison\":\"nope\",\"community\":\"community-1\","
                "\"start\":\"2026-12-15 15:00\",\"minutes\":30}", 400, &node);
  g_assert_cmpstr (kv_test_refusal (reply, "prison"), ==, "unknown-kiosk");
  reply = kv_test_call (&fixture->server, "POST", "/api/v1/bookings",
                "{" LABELS "\"prison\":\"prison-1\",\"community\":\"community-1\","
                "\"start\":\"2026-12-15 14:00\",\"minutes\":90}", 400, &node);
  g_assert_cmpstr (kv_test_refusal (reply, "minutes"), ==, "too-long");
  reply = kv_test_call (&fixture->server, "POST", "/api/v1/bookings",
                "{" LABELS "\"prison\":\"prison-1\",\"community\":\"community-1\","
                "\"start\":\"2026-11-24 15:00\",\"minutes\":30}", 400, &node);
  g_assert_cmpstr (kv_test_refusal (reply, "start"), ==, "in-the-past");

  /* Move: onto the other visit is a clash; next to it, fine, and so is
   * overlapping its own old time. */
  move_path = g_strdup_printf ("/api/v1/bookings/%s/move", id);
  reply = kv_test_call (&fixture->server, "POST", move_path, "{\"start\":\"2026-12-15 16:45\"}",
                        409, &node);
  g_assert_cmpstr (kv_test_refusal (reply, "prison"), ==, "prison-kiosk-busy");
  reply = kv_test_call (&fixture->server, "POST", move_path, "{\"start\":\"2026-12-22 15:30\"}",
                        400, &node);
  g_assert_cmpstr (kv_test_refusal (reply, "start"), ==, "closed-day");
  reply = kv_test_call (&fixture->server, "POST", move_path, "{\"start\":\"2026-12-08 15:45\","
                "\"reason\":\"Officer training\"}", 200, &node);
  g_assert_cmpstr (json_object_get_string_member (reply, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (reply, "start_local"), ==,
                   "2026-12-08 15:45 CET");
  reply = kv_test_call (&fixture->server, "POST", move_path,
                        "{\"start\":\"2026-12-15 15:30\",\"minutes\":40,"
                "\"reason\":\"Family asked\"}", 200, &node);
  g_assert_cmpstr (json_object_get_string_member (reply, "end_local"), ==,
                   "2026-12-15 16:10 CET");
  moves = json_object_get_array_member (reply, "moves");
  g_assert_cmpuint (json_array_get_length (moves), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (moves, 0),
                                                  "from_start_local"), ==,
                   "2026-12-08 15:30 CET");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (moves, 1),
                                                  "reason"), ==, "Family asked");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (moves, 1),
                                                  "moved_by"), ==, "admin");
  g_assert_true (kv_test_audit_has (&fixture->server, "admin", "booking-moved", id));

  /* The kiosk's schedule follows (once per move). */
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&welcome, kv_message_free);
      g_clear_pointer (&schedule, kv_message_free);
      welcome = kv_test_kiosk_expect (community, KV_MESSAGE_WELCOME);
      schedule = kv_test_kiosk_expect (community, KV_MESSAGE_SCHEDULE);
    }
  g_assert_cmpuint (schedule->schedule.bookings->len, ==, 2);
  moved = g_ptr_array_index (schedule->schedule.bookings, 0);
  g_assert_cmpstr (moved->id, ==, id);
  moved_start = g_date_time_new_utc (2026, 12, 15, 14, 30, 0);
  g_assert_cmpint (moved->start_us, ==, g_date_time_to_unix (moved_start) * G_USEC_PER_SEC);

  show_path = g_strdup_printf ("/api/v1/bookings/%s", id);
  reply = kv_test_call (&fixture->server, "GET", show_path, NULL, 200, &node);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply, "moves")), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (reply, "template"), ==, "t-tue");
  /* Its old slot is free again. */
  g_clear_pointer (&slots_node, json_node_unref);
  slots = list_slots (fixture, "2026-12-08", 1, &slots_node);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (slots, 0),
                                                 "free"));

  /* Cancel: why is required, and kept. */
  cancel_path = g_strdup_printf ("/api/v1/bookings/%s/cancel", id);
  reply = kv_test_call (&fixture->server, "POST", cancel_path, "{\"reason\":\"flu\"}", 400, &node);
  g_assert_cmpstr (kv_test_refusal (reply, "category"), ==, "missing-field");
  reply = kv_test_call (&fixture->server, "POST", cancel_path, "{\"category\":\"holiday\"}", 400,
                        &node);
  g_assert_cmpstr (kv_test_refusal (reply, "category"), ==, "bad-category");
  reply = kv_test_call (&fixture->server, "POST", cancel_path,
                "{\"category\":\"illness\",\"reason\":\"The child has flu\"}", 200, &node);
  g_assert_cmpstr (json_object_get_string_member (reply, "outcome"), ==, "cancelled");
  g_assert_cmpstr (json_object_get_string_member (reply, "cancel_category"), ==, "illness");
  g_assert_cmpstr (json_object_get_string_member (reply, "cancel_reason"), ==,
                   "The child has flu");
  g_assert_cmpstr (json_object_get_string_member (reply, "cancelled_by"), ==, "admin");
  g_assert_true (kv_test_audit_has (&fixture->server, "admin", "booking-cancelled", id));
  /* A cancelled visit does not move. */
  reply = kv_test_call (&fixture->server, "POST", move_path, "{\"start\":\"2026-12-29 15:30\"}",
                        409, &node);
  g_assert_cmpstr (kv_test_refusal (reply, NULL), ==, "already-ended");
}

/* Sites: zones are checked, and a kiosk cannot be put at a site that is
 * not there; the kiosk list shows the site. */
static void
test_sites (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *reply;

  reply = kv_test_call (&fixture->server, "POST", "/api/v1/sites",
                "{\"id\":\"x\",\"name\":\"X\",\"time_zone\":\"Europe/Atlantis\"}", 400, &node);
  g_assert_cmpstr (kv_test_refusal (reply, "time_zone"), ==, "bad-time-zone");
  kv_test_call (&fixture->server, "POST", "/api/v1/sites",
        "{\"id\":\"x\",\"name\":\"X\",\"time_zone\":\"Europe/Zagreb\"}", 201, &node);
  reply = kv_test_call (&fixture->server, "POST", "/api/v1/sites",
                "{\"id\":\"x\",\"name\":\"X\",\"time_zone\":\"Europe/Zagreb\"}", 409, &node);
  reply = kv_test_call (&fixture->server, "PATCH", "/api/v1/sites/x",
                        "{\"time_zone\":\"Europe/London\"}", 200,
                &node);
  g_assert_cmpstr (json_object_get_string_member (reply, "time_zone"), ==, "Europe/London");
  reply = kv_test_call (&fixture->server, "PUT", "/api/v1/sites/x/hours",
                "{\"hours\":[{\"weekday\":\"tue\",\"opens\":\"14:00\",\"closes\":\"12:00\"}]}",
                400, &node);
  g_assert_cmpstr (kv_test_refusal (reply, "hours[0]"), ==, "bad-hours");
  kv_test_call (&fixture->server, "POST", "/api/v1/sites/x/closed-days",
                "{\"day\":\"2026-12-25\"}", 201, &node);
  reply = kv_test_call (&fixture->server, "DELETE", "/api/v1/sites/x/closed-days/2026-12-25", NULL,
                        200, &node);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply, "closed_days")),
                    ==, 0);
  kv_test_call (&fixture->server, "DELETE", "/api/v1/sites/x/closed-days/2026-12-25", NULL, 404,
                &node);

  reply = kv_test_call (&fixture->server, "POST", "/api/v1/kiosks",
                "{\"id\":\"k-1\",\"role\":\"prison\",\"site\":\"nowhere\"}", 400, &node);
  g_assert_cmpstr (kv_test_refusal (reply, "site"), ==, "unknown-site");
  reply = kv_test_call (&fixture->server, "POST", "/api/v1/kiosks",
                "{\"id\":\"k-1\",\"role\":\"prison\",\"site\":\"x\"}", 201, &node);
  g_assert_cmpstr (json_object_get_string_member (reply, "site"), ==, "x");
  reply = kv_test_call (&fixture->server, "GET", "/api/v1/kiosks", NULL, 200, &node);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (reply, "kiosks"), 0), "site"), ==, "x");
  reply = kv_test_call (&fixture->server, "GET", "/api/v1/sites", NULL, 200, &node);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply, "sites")), ==, 1);
  g_assert_true (kv_test_audit_has (&fixture->server, "admin", "site-added", NULL));
  g_assert_true (kv_test_audit_has (&fixture->server, "admin", "site-closed-day-removed", NULL));
}

#define run_ctl(fixture, run, ...) \
  kv_test_run_ctl (&(fixture)->server, (fixture)->token_file, (run), __VA_ARGS__)

/* Runs kinvisitctl; asserts its exit status. */
static void
expect_ctl_status (KvTestRun *run,
                   int        status)
{
  if (run->status != status)
    g_test_message ("kinvisitctl: %d\nout: %s\nerr: %s", run->status, run->out, run->err);
  g_assert_cmpint (run->status, ==, status);
}

/* A booking id at the start of kinvisitctl's answer. */
static char *
booking_id_of (const char *out)
{
  const char *space = strchr (out, ' ');

  g_assert_true (g_str_has_prefix (out, "b-"));
  g_assert_nonnull (space);
  return g_strndup (out, space - out);
}

/* kinvisitctl in local time: sites, a kiosk at a site, hours, a closed
 * day; a local booking; the night the clocks go forward refused with
 * what to pick; the night they go back made explicit with +01:00; a
 * template's slots, the next free one booked, moved and cancelled. */
static void
test_kinvisitctl (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *first = NULL;
  g_autofree char *slot_booking = NULL;
  g_autofree char *taken = NULL;
  KvTestRun run;

  if (g_getenv ("KV_BUILD_ROOT") == NULL)
    {
      g_test_skip ("KV_BUILD_ROOT is not set: run under meson test");
      return;
    }

  run_ctl (fixture, &run, "site", "add", "lepoglava", "--name", "Lepoglava prison", "--zone",
           "Europe/Zagreb", NULL);
  expect_ctl_status (&run, 0);
  g_assert_cmpstr (run.out, ==, "Site lepoglava added (Europe/Zagreb).\n");
  kv_test_run_clear (&run);
  run_ctl (fixture, &run, "site", "add", "zagreb", "--name", "Zagreb centre", "--zone",
           "Europe/Zagreb", NULL);
  expect_ctl_status (&run, 0);
  kv_test_run_clear (&run);
  run_ctl (fixture, &run, "site", "add", "atlantis", "--name", "Atlantis", "--zone",
           "Europe/Atlantis", NULL);
  expect_ctl_status (&run, 1);
  g_assert_nonnull (strstr (run.err, "(bad-time-zone)"));
  kv_test_run_clear (&run);

  run_ctl (fixture, &run, "kiosk", "add", "prison-1", "--role", "prison", "--site", "lepoglava",
           NULL);
  expect_ctl_status (&run, 0);
  kv_test_run_clear (&run);
  run_ctl (fixture, &run, "kiosk", "add", "community-1", "--role", "community", NULL);
  expect_ctl_status (&run, 0);
  kv_test_run_clear (&run);
  run_ctl (fixture, &run, "kiosk", "set-site", "community-1", "zagreb", NULL);
  expect_ctl_status (&run, 0);
  kv_test_run_clear (&run);
  run_ctl (fixture, &run, "site", "hours", "lepoglava", "tue", "14:00-18:00", "sun",
           "00:00-24:00", NULL);
  expect_ctl_status (&run, 0);
  g_assert_cmpstr (run.out, ==, "Site lepoglava opens tue 14:00-18:00, sun 00:00-24:00.\n");
  kv_test_run_clear (&run);
  run_ctl (fixture, &run, "site", "close", "zagreb", "2026-12-25", "--reason", "Christmas", NULL);
  expect_ctl_status (&run, 0);
  kv_test_run_clear (&run);
  run_ctl (fixture, &run, "site", "list", NULL);
  expect_ctl_status (&run, 0);
  g_assert_true (g_str_has_prefix (run.out, "ID "));
  g_assert_nonnull (strstr (run.out, "Europe/Zagreb"));
  g_assert_nonnull (strstr (run.out, "2026-12-25"));
  kv_test_run_clear (&run);

  /* Local time, no zone typed. */
  run_ctl (fixture, &run, "book", "--prison", "prison-1", "--community", "community-1",
           "--start", "2026-10-20 15:30", "--minutes", "30", NULL);
  expect_ctl_status (&run, 0);
  first = booking_id_of (run.out);
  g_assert_true (g_str_has_suffix (run.out, " 2026-10-20 15:30 CEST\n"));
  kv_test_run_clear (&run);

  /* The clocks go forward: refused, saying what to pick. */
  run_ctl (fixture, &run, "book", "--prison", "prison-1", "--community", "community-1",
           "--start", "2027-03-28 02:30", "--minutes", "30", NULL);
  expect_ctl_status (&run, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "2027-03-28 02:30 does not exist in Europe/Zagreb: the "
                                     "clocks go forward from 02:00 CET to 03:00 CEST that night. "
                                     "Pick a time before 02:00 or from 03:00. "
                                     "(nonexistent-time)"));
  kv_test_run_clear (&run);

  /* They go back: say which 02:30, then it is taken as given. */
  run_ctl (fixture, &run, "book", "--prison", "prison-1", "--community", "community-1",
           "--start", "2026-10-25 02:30", "--minutes", "30", NULL);
  expect_ctl_status (&run, 1);
  g_assert_nonnull (strstr (run.err, "2026-10-25 02:30 happens twice in Europe/Zagreb"));
  g_assert_nonnull (strstr (run.err, "\"2026-10-25 02:30 +01:00\" (CET, the second)"));
  g_assert_nonnull (strstr (run.err, "(ambiguous-time)"));
  kv_test_run_clear (&run);
  run_ctl (fixture, &run, "book", "--prison", "prison-1", "--community", "community-1",
           "--start", "2026-10-25 02:30 +01:00", "--minutes", "30", NULL);
  expect_ctl_status (&run, 0);
  g_assert_true (g_str_has_suffix (run.out, " 2026-10-25 02:30 CET\n"));
  kv_test_run_clear (&run);
  /* An explicit Z still works. */
  run_ctl (fixture, &run, "book", "--prison", "prison-1", "--community", "community-1",
           "--start", "2026-10-27T14:00Z", "--minutes", "30", NULL);
  expect_ctl_status (&run, 0);
  g_assert_true (g_str_has_suffix (run.out, " 2026-10-27 15:00 CET\n"));
  kv_test_run_clear (&run);

  /* A template, its slots, the next free one. */
  run_ctl (fixture, &run, "template", "add", "--prison", "prison-1", "--community",
           "community-1", "--weekday", "tue", "--start", "16:00", "--minutes", "30", "--from",
           "2026-10-20", "--id", "t-tue", NULL);
  expect_ctl_status (&run, 0);
  g_assert_cmpstr (run.out, ==, "t-tue\n");
  kv_test_run_clear (&run);
  run_ctl (fixture, &run, "template", "list", NULL);
  expect_ctl_status (&run, 0);
  g_assert_nonnull (strstr (run.out, "tue 16:00"));
  kv_test_run_clear (&run);
  run_ctl (fixture, &run, "slots", "--prison", "prison-1", "--community", "community-1",
           "--from", "2026-10-20", "--days", "14", NULL);
  expect_ctl_status (&run, 0);
  g_assert_nonnull (strstr (run.out, "2026-10-20 16:00 CEST  16:30 CEST  free"));
  g_assert_nonnull (strstr (run.out, "2026-10-27 16:00 CET   16:30 CET   free"));
  kv_test_run_clear (&run);
  run_ctl (fixture, &run, "book", "--next-free", "--prison", "prison-1", "--community",
           "community-1", "--from", "2026-10-20", NULL);
  expect_ctl_status (&run, 0);
  slot_booking = booking_id_of (run.out);
  g_assert_true (g_str_has_suffix (run.out, " 2026-10-20 16:00 CEST\n"));
  kv_test_run_clear (&run);
  run_ctl (fixture, &run, "slots", "--prison", "prison-1", "--community", "community-1",
           "--from", "2026-10-20", "--days", "7", NULL);
  expect_ctl_status (&run, 0);
  taken = g_strdup_printf ("taken by %s", slot_booking);
  g_assert_nonnull (strstr (run.out, taken));
  kv_test_run_clear (&run);

  /* Move it a week on, then cancel it with why. */
  run_ctl (fixture, &run, "move", slot_booking, "--start", "2026-10-27 16:30", "--reason",
           "Regime change", NULL);
  expect_ctl_status (&run, 0);
  g_assert_true (g_str_has_suffix (run.out, " moved to 2026-10-27 16:30 CET.\n"));
  kv_test_run_clear (&run);
  run_ctl (fixture, &run, "booking", "list", "--kiosk", "prison-1", NULL);
  expect_ctl_status (&run, 0);
  g_assert_nonnull (strstr (run.out, "2026-10-27 16:30 CET"));
  g_assert_nonnull (strstr (run.out, "2026-10-20 15:30 CEST"));
  kv_test_run_clear (&run);
  run_ctl (fixture, &run, "cancel", slot_booking, NULL);
  expect_ctl_status (&run, 2);
  kv_test_run_clear (&run);
  run_ctl (fixture, &run, "cancel", slot_booking, "--category", "illness", "--reason", "Flu",
           NULL);
  expect_ctl_status (&run, 0);
  kv_test_run_clear (&run);
  g_assert_true (kv_test_audit_has (&fixture->server, "admin", "booking-moved", slot_booking));
  g_assert_true (kv_test_audit_has (&fixture->server, "admin", "booking-cancelled", slot_booking));

  run_ctl (fixture, &run, "template", "disable", "t-tue", NULL);
  expect_ctl_status (&run, 0);
  kv_test_run_clear (&run);
  run_ctl (fixture, &run, "slots", "--prison", "prison-1", "--community", "community-1",
           "--from", "2026-10-20", "--days", "14", NULL);
  expect_ctl_status (&run, 0);
  g_assert_cmpstr (run.out, ==, "START  END  FREE  SLOT\n");
  kv_test_run_clear (&run);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/templates/dst-zagreb", Fixture, "2026-10-15T09:00:00Z",
              fixture_set_up, test_dst_zagreb, fixture_tear_down);
  g_test_add ("/server/templates/dst-london", Fixture, "2027-03-15T09:00:00Z",
              fixture_set_up, test_dst_london, fixture_tear_down);
  g_test_add ("/server/templates/book-move-cancel", Fixture, "2026-12-01T09:00:00Z",
              fixture_set_up, test_book_move_cancel, fixture_tear_down);
  g_test_add ("/server/templates/sites", Fixture, "2026-12-01T09:00:00Z",
              fixture_set_up, test_sites, fixture_tear_down);
  g_test_add ("/server/templates/kinvisitctl", Fixture, "2026-10-15T09:00:00Z",
              fixture_set_up, test_kinvisitctl, fixture_tear_down);

  return g_test_run ();
}
