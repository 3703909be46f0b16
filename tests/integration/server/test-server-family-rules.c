/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-test-server.h"
#include "kv-test-staff.h"

#include <string.h>

/* The rules made for children, over real HTTP: visit lengths and gaps by
 * the youngest child's band (a 60-minute visit for a 2-year-old refused
 * with its reason; a scheduler's override stored and audited), a site's
 * own age rules and school hours, slots held back for families in their
 * first week until 48 hours before, and the first visit proposed around a
 * weekend, a closed day, school hours and the clock changes in
 * Europe/Zagreb. The server's clock is fake and starts when each test
 * says. */

#define PASSWORD "correct horse battery staple"
#define LABELS "\"prison_label\":\"Dad\",\"community_label\":\"Lena\","

typedef struct
{
  KvTestServer server;
  char        *cookie;
  char        *csrf;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  kv_test_server_start (&fixture->server, user_data);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_free (fixture->cookie);
  g_free (fixture->csrf);
  kv_test_server_clear (&fixture->server);
}

/* @method @path with @body as the admin, or as the signed-in scheduler
 * if @as_staff; asserts the status; the reply. */
static JsonObject *
request (Fixture    *fixture,
         gboolean    as_staff,
         const char *method,
         const char *path,
         const char *body,
         guint       expected_status,
         JsonNode  **out_node)
{
  g_auto(KvTestReply) reply = { 0 };

  kv_test_request (&fixture->server, method, path, body,
                   as_staff ? NULL : KV_TEST_ADMIN_TOKEN, as_staff ? fixture->cookie : NULL,
                   as_staff ? fixture->csrf : NULL, &reply);
  if (reply.status != expected_status)
    {
      g_autofree char *text = reply.body != NULL ? json_to_string (reply.body, FALSE) : NULL;

      g_test_message ("%s %s: %u %s", method, path, reply.status, text);
    }
  g_assert_cmpuint (reply.status, ==, expected_status);
  g_assert_nonnull (reply.body);
  g_clear_pointer (out_node, json_node_unref);
  *out_node = g_steal_pointer (&reply.body);
  return json_node_get_object (*out_node);
}

static JsonObject *
call (Fixture    *fixture,
      const char *method,
      const char *path,
      const char *body,
      guint       expected_status,
      JsonNode  **out_node)
{
  return request (fixture, FALSE, method, path, body, expected_status, out_node);
}

static const char *
refusal (JsonObject *reply,
         const char *field)
{
  JsonObject *error = json_object_get_object_member (reply, "error");

  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member_with_default (error, "field", NULL), ==, field);
  return json_object_get_string_member (error, "code");
}

static const char *
refusal_message (JsonObject *reply)
{
  return json_object_get_string_member (json_object_get_object_member (reply, "error"),
                                        "message");
}

static const char *
member_string (JsonObject *object,
               const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  guint n = g_strv_length (parts);

  for (guint i = 0; i + 1 < n; i++)
    object = json_object_get_object_member (object, parts[i]);
  return json_object_get_string_member_with_default (object, parts[n - 1], NULL);
}

static gint64
member_int (JsonObject *object,
            const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  guint n = g_strv_length (parts);

  for (guint i = 0; i + 1 < n; i++)
    object = json_object_get_object_member (object, parts[i]);
  return json_object_get_int_member (object, parts[n - 1]);
}

static void
add_site (Fixture    *fixture,
          const char *id)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"name\":\"Site %s\","
                                           "\"time_zone\":\"Europe/Zagreb\"}", id, id);

  call (fixture, "POST", "/api/v1/sites", body, 201, &node);
}

static void
add_kiosk (Fixture    *fixture,
           const char *id,
           const char *role,
           const char *site)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/kiosks/%s", id);
  g_autofree char *body = g_strdup_printf ("{\"site\":\"%s\"}", site);

  g_free (kv_test_add_kiosk (&fixture->server, id, role));
  call (fixture, "PATCH", path, body, 200, &node);
}

/* A prison (lepoglava: pv-1, pv-2) and two community centres
 * (zagreb-centre: ck-1; split-centre: ck-2), all in Europe/Zagreb; a
 * scheduler of the prison and Zagreb, signed in. */
static void
add_places (Fixture *fixture)
{
  add_site (fixture, "lepoglava");
  add_site (fixture, "zagreb-centre");
  add_site (fixture, "split-centre");
  add_kiosk (fixture, "pv-1", "prison", "lepoglava");
  add_kiosk (fixture, "pv-2", "prison", "lepoglava");
  add_kiosk (fixture, "ck-1", "community", "zagreb-centre");
  add_kiosk (fixture, "ck-2", "community", "split-centre");
  kv_test_staff_add (&fixture->server, "sched", "[\"scheduler\"]",
                     "[\"lepoglava\",\"zagreb-centre\"]", PASSWORD);
  g_assert_true (kv_test_staff_sign_in (&fixture->server, "sched", PASSWORD, &fixture->cookie,
                                        &fixture->csrf));
}

static void
add_family (Fixture    *fixture,
            const char *id,
            const char *parent,
            const char *admitted_on,
            const char *kiosk,
            const char *children_json,
            JsonNode  **out_node)
{
  g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"parent_label\":\"%s\","
                                           "\"admitted_on\":\"%s\",\"community_site\":"
                                           "\"zagreb-centre\",\"prison_kiosks\":[\"%s\"],"
                                           "\"children\":%s}", id, parent, admitted_on, kiosk,
                                           children_json);

  call (fixture, "POST", "/api/v1/families", body, 201, out_node);
}

/* A family booking at @start for @minutes (extra JSON members in
 * @extra, ending with a comma). */
static JsonObject *
book (Fixture    *fixture,
      gboolean    as_staff,
      const char *family,
      const char *prison,
      const char *community,
      const char *start,
      guint       minutes,
      const char *extra,
      guint       expected_status,
      JsonNode  **out_node)
{
  g_autofree char *body = g_strdup_printf ("{%s\"family\":\"%s\",\"prison\":\"%s\","
                                           "\"community\":\"%s\",\"start\":\"%s\","
                                           "\"minutes\":%u}", extra != NULL ? extra : "",
                                           family, prison, community, start, minutes);

  return request (fixture, as_staff, "POST", "/api/v1/bookings", body, expected_status,
                  out_node);
}

/* Now: Tuesday 1 December 2026, 10:00 in Zagreb. */
static void
test_age_rules (Fixture       *fixture,
                gconstpointer  user_data)
{
  KvTestServer *server = &fixture->server;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *move_path = NULL;
  g_autofree char *booking_id = NULL;
  JsonObject *reply;

  add_places (fixture);
  /* A toddler and a 9-year-old: the toddler's rules (0-3: 15 minutes,
   * at most 20, 24 hours apart). */
  add_family (fixture, "f-a", "Dad", "2026-11-20", "pv-1",
              "[{\"label\":\"Lena\",\"age_band\":\"0-3\"},"
              "{\"label\":\"Marko\",\"age_band\":\"8-12\"}]", &node);
  add_family (fixture, "f-b", "Mum", "2026-11-20", "pv-2",
              "[{\"label\":\"Ana\",\"age_band\":\"8-12\"}]", &node);

  /* 60 minutes for a 2-year-old: refused, with why. */
  reply = book (fixture, TRUE, "f-a", "pv-1", "ck-1", "2026-12-03 10:00", 60, NULL, 400, &node);
  g_assert_cmpstr (refusal (reply, "minutes"), ==, "too-long-for-age");
  g_assert_nonnull (strstr (refusal_message (reply), "0-3"));
  g_assert_nonnull (strstr (refusal_message (reply), "20 minutes"));
  g_assert_cmpuint (kv_test_count_audit (server, "staff:sched", "booking-created", NULL), ==, 0);

  /* 20 minutes: the family's labels and band come with it. */
  reply = book (fixture, TRUE, "f-a", "pv-1", "ck-1", "2026-12-03 10:00", 20, NULL, 201, &node);
  g_assert_cmpstr (member_string (reply, "family"), ==, "f-a");
  g_assert_cmpstr (member_string (reply, "prison_label"), ==, "Dad");
  g_assert_cmpstr (member_string (reply, "community_label"), ==, "Lena & Marko");
  g_assert_cmpstr (member_string (reply, "age_band"), ==, "0-3");
  g_assert_cmpstr (member_string (reply, "rules_override"), ==, "");

  /* The gap: 3 h 40 after its end is too close; 24 h 10 is not. */
  reply = book (fixture, TRUE, "f-a", "pv-1", "ck-1", "2026-12-03 14:00", 15, NULL, 400, &node);
  g_assert_cmpstr (refusal (reply, "start"), ==, "too-close-for-age");
  g_assert_nonnull (strstr (refusal_message (reply), "24"));
  book (fixture, TRUE, "f-a", "pv-1", "ck-1", "2026-12-04 10:30", 15, NULL, 201, &node);

  /* A 9-year-old alone: 45 minutes, not 60. */
  book (fixture, TRUE, "f-b", "pv-2", "ck-1", "2026-12-03 12:00", 45, NULL, 201, &node);
  reply = book (fixture, TRUE, "f-b", "pv-2", "ck-1", "2026-12-08 12:00", 60, NULL, 400, &node);
  g_assert_cmpstr (refusal (reply, "minutes"), ==, "too-long-for-age");

  /* The family's own kiosks only. */
  reply = book (fixture, FALSE, "f-a", "pv-1", "ck-2", "2026-12-12 10:00", 15, NULL, 400, &node);
  g_assert_cmpstr (refusal (reply, "community"), ==, "not-family-kiosk");
  reply = book (fixture, TRUE, "f-a", "pv-2", "ck-1", "2026-12-12 10:00", 15, NULL, 400, &node);
  g_assert_cmpstr (refusal (reply, "prison"), ==, "not-family-kiosk");
  reply = book (fixture, TRUE, "f-nobody", "pv-2", "ck-1", "2026-12-12 10:00", 15, NULL, 400,
                &node);
  g_assert_cmpstr (refusal (reply, "family"), ==, "unknown-family");

  /* No family, but a band: the community site's rules; the length's
   * field is the one the request used. */
  reply = call (fixture, "POST", "/api/v1/bookings",
                "{" LABELS "\"prison\":\"pv-2\",\"community\":\"ck-1\",\"age_band\":\"0-3\","
                "\"start\":\"2026-12-10 10:00\",\"end\":\"2026-12-10 11:00\"}", 400, &node);
  g_assert_cmpstr (refusal (reply, "end"), ==, "too-long-for-age");

  /* A scheduler books it anyway, saying why: kept with the booking and
   * audited in the scheduler's name. */
  reply = book (fixture, TRUE, "f-a", "pv-1", "ck-1", "2026-12-06 10:00", 60,
                "\"override_reason\":\"Court-ordered visit\",", 201, &node);
  g_assert_cmpstr (member_string (reply, "rules_override"), ==, "Court-ordered visit");
  booking_id = g_strdup (member_string (reply, "id"));
  g_assert_cmpuint (kv_test_count_audit (server, "staff:sched", "booking-rules-override",
                                         "family=f-a band=0-3 rule=too-long-for-age "
                                         "reason=Court-ordered visit"), ==, 1);
  g_assert_true (kv_test_audit_has (server, "staff:sched", "booking-rules-override",
                                    booking_id));
  reply = call (fixture, "GET", "/api/v1/families/f-a", NULL, 200, &node);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply, "bookings")), ==,
                    3);
  g_assert_cmpstr (member_string (json_array_get_object_element (json_object_get_array_member (reply,
                                                                                              "bookings"),
                                                                 2), "rules_override"), ==,
                   "Court-ordered visit");

  /* A reason for a booking that breaks no rule is not kept. */
  reply = book (fixture, TRUE, "f-a", "pv-1", "ck-1", "2026-12-09 10:00", 15,
                "\"override_reason\":\"Just in case\",", 201, &node);
  g_assert_cmpstr (member_string (reply, "rules_override"), ==, "");
  g_free (booking_id);
  booking_id = g_strdup (member_string (reply, "id"));
  g_assert_cmpuint (kv_test_count_audit (server, "staff:sched", "booking-rules-override", NULL),
                    ==, 1);
  reply = book (fixture, TRUE, "f-a", "pv-1", "ck-1", "2026-12-20 10:00", 60,
                "\"override_reason\":\"\",", 400, &node);
  g_assert_cmpstr (refusal (reply, "override_reason"), ==, "bad-override-reason");

  /* Moving is judged the same: 3 hours after the 60-minute visit is too
   * close, unless the scheduler says why. */
  move_path = g_strdup_printf ("/api/v1/bookings/%s/move", booking_id);
  reply = request (fixture, TRUE, "POST", move_path, "{\"start\":\"2026-12-06 14:00\"}", 400,
                   &node);
  g_assert_cmpstr (refusal (reply, "start"), ==, "too-close-for-age");
  reply = request (fixture, TRUE, "POST", move_path,
                   "{\"start\":\"2026-12-06 14:00\",\"override_reason\":\"Family asked\"}", 200,
                   &node);
  g_assert_cmpstr (member_string (reply, "rules_override"), ==, "Family asked");
  g_assert_cmpuint (kv_test_count_audit (server, "staff:sched", "booking-rules-override",
                                         "family=f-a band=0-3 rule=too-close-for-age "
                                         "reason=Family asked"), ==, 1);
  /* Moved back within the rules, it keeps to them again. */
  reply = request (fixture, TRUE, "POST", move_path, "{\"start\":\"2026-12-09 10:00\"}", 200,
                   &node);
  g_assert_cmpstr (member_string (reply, "rules_override"), ==, "");

  /* An archived family gets no more visits. */
  call (fixture, "POST", "/api/v1/families/f-b/archive", "{}", 200, &node);
  reply = book (fixture, TRUE, "f-b", "pv-2", "ck-1", "2026-12-15 12:00", 30, NULL, 400, &node);
  g_assert_cmpstr (refusal (reply, "family"), ==, "family-archived");
}

/* A site's own rules per band, and its school hours: effective rules in
 * the site's answer, each band whole, each refusal naming its field. */
static void
test_site_rules (Fixture       *fixture,
                 gconstpointer  user_data)
{
  KvTestServer *server = &fixture->server;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *reply;

  add_places (fixture);
  reply = call (fixture, "GET", "/api/v1/sites/zagreb-centre", NULL, 200, &node);
  g_assert_cmpint (member_int (reply, "age_rules.0-3.max_minutes"), ==, 20);
  g_assert_cmpint (member_int (reply, "age_rules.4-7.default_minutes"), ==, 20);
  g_assert_cmpint (member_int (reply, "age_rules.8-12.max_minutes"), ==, 45);
  g_assert_cmpint (member_int (reply, "age_rules.13-17.aim_days"), ==, 7);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply, "school_hours")),
                    ==, 0);

  reply = call (fixture, "PUT", "/api/v1/sites/zagreb-centre/age-rules",
                "{\"0-3\":{\"default_minutes\":20,\"max_minutes\":30,\"min_gap_hours\":12,"
                "\"aim_visits\":2,\"aim_days\":7}}", 200, &node);
  g_assert_cmpint (member_int (reply, "age_rules.0-3.max_minutes"), ==, 30);
  g_assert_cmpint (member_int (reply, "age_rules.4-7.max_minutes"), ==, 30);
  g_assert_cmpuint (kv_test_count_audit (server, "admin", "site-age-rules",
                                         "site=zagreb-centre 0-3=20/30/12h/2:7"), ==, 1);
  /* Now 30 minutes is fine for a toddler there. */
  call (fixture, "POST", "/api/v1/bookings",
        "{" LABELS "\"prison\":\"pv-2\",\"community\":\"ck-1\",\"age_band\":\"0-3\","
        "\"start\":\"2026-12-10 10:00\",\"minutes\":30}", 201, &node);

  reply = call (fixture, "PUT", "/api/v1/sites/zagreb-centre/age-rules",
                "{\"4-7\":{\"default_minutes\":30,\"max_minutes\":20,\"min_gap_hours\":24,"
                "\"aim_visits\":1,\"aim_days\":7}}", 400, &node);
  g_assert_cmpstr (refusal (reply, "4-7.max_minutes"), ==, "bad-rules");
  reply = call (fixture, "PUT", "/api/v1/sites/zagreb-centre/age-rules",
                "{\"5-9\":{\"default_minutes\":30,\"max_minutes\":40,\"min_gap_hours\":24,"
                "\"aim_visits\":1,\"aim_days\":7}}", 400, &node);
  g_assert_cmpstr (refusal (reply, "5-9"), ==, "bad-age-band");
  reply = call (fixture, "PUT", "/api/v1/sites/zagreb-centre/age-rules",
                "{\"8-12\":{\"default_minutes\":30}}", 400, &node);
  g_assert_cmpstr (refusal (reply, "8-12.max_minutes"), ==, "bad-rules");
  reply = call (fixture, "PUT", "/api/v1/sites/zagreb-centre/age-rules", "{}", 400, &node);
  g_assert_cmpstr (refusal (reply, NULL), ==, "missing-field");
  reply = call (fixture, "GET", "/api/v1/sites/zagreb-centre", NULL, 200, &node);
  g_assert_cmpint (member_int (reply, "age_rules.4-7.max_minutes"), ==, 30);
  g_assert_cmpint (member_int (reply, "age_rules.8-12.default_minutes"), ==, 30);
  g_assert_cmpuint (kv_test_count_audit (server, "admin", "site-age-rules", NULL), ==, 1);

  /* School hours: the opening hours' format and checks. */
  reply = call (fixture, "PUT", "/api/v1/sites/zagreb-centre/school-hours",
                "{\"school_hours\":[{\"weekday\":\"mon\",\"opens\":\"08:00\",\"closes\":\"15:00\"},"
                "{\"weekday\":\"fri\",\"opens\":\"08:00\",\"closes\":\"13:00\"}]}", 200, &node);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply, "school_hours")),
                    ==, 2);
  g_assert_cmpstr (member_string (json_array_get_object_element (json_object_get_array_member (reply,
                                                                                              "school_hours"),
                                                                 1), "closes"), ==, "13:00");
  g_assert_cmpstr (member_string (json_array_get_object_element (json_object_get_array_member (reply,
                                                                                              "school_hours"),
                                                                 1), "weekday"), ==, "fri");
  g_assert_cmpuint (kv_test_count_audit (server, "admin", "site-school-hours",
                                         "site=zagreb-centre school_hours=mon:08:00-15:00,"
                                         "fri:08:00-13:00"), ==, 1);
  reply = call (fixture, "PUT", "/api/v1/sites/zagreb-centre/school-hours",
                "{\"school_hours\":[{\"weekday\":\"mon\",\"opens\":\"15:00\",\"closes\":\"08:00\"}]}",
                400, &node);
  g_assert_cmpstr (refusal (reply, "school_hours[0]"), ==, "bad-hours");
  reply = call (fixture, "PUT", "/api/v1/sites/zagreb-centre/school-hours", "{}", 400, &node);
  g_assert_cmpstr (refusal (reply, "school_hours"), ==, "missing-field");
  call (fixture, "PUT", "/api/v1/sites/atlantis/school-hours", "{\"school_hours\":[]}", 404,
        &node);
  /* Admins only. */
  reply = request (fixture, TRUE, "PUT", "/api/v1/sites/zagreb-centre/school-hours",
                   "{\"school_hours\":[]}", 403, &node);
  g_assert_cmpstr (refusal (reply, NULL), ==, "forbidden");
}

static JsonObject *
slot_of (JsonArray  *slots,
         const char *slot)
{
  for (guint i = 0; i < json_array_get_length (slots); i++)
    {
      JsonObject *object = json_array_get_object_element (slots, i);

      if (g_str_equal (json_object_get_string_member (object, "slot"), slot))
        return object;
    }
  g_error ("No slot %s", slot);
  return NULL;
}

/* Now: Tuesday 1 December 2026, 10:00 in Zagreb. Thursdays at 10:00 are
 * all held back for first-week families; Fridays at 10:00, every other
 * one. */
static void
test_held_back (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) slots_node = NULL;
  JsonObject *reply, *slot;
  JsonArray *slots;
  guint held = 0, fridays = 0;

  add_places (fixture);
  call (fixture, "POST", "/api/v1/templates",
        "{\"id\":\"t-held\",\"prison\":\"pv-1\",\"community\":\"ck-1\",\"weekday\":\"thu\","
        "\"start\":\"10:00\",\"minutes\":30,\"valid_from\":\"2026-12-01\","
        "\"first_week_share\":100}", 201, &node);
  reply = call (fixture, "POST", "/api/v1/templates",
                "{\"id\":\"t-half\",\"prison\":\"pv-1\",\"community\":\"ck-1\","
                "\"weekday\":\"fri\",\"start\":\"10:00\",\"minutes\":30,"
                "\"valid_from\":\"2026-12-01\",\"first_week_share\":50}", 201, &node);
  g_assert_cmpint (member_int (reply, "first_week_share"), ==, 50);
  reply = call (fixture, "POST", "/api/v1/templates",
                "{\"prison\":\"pv-1\",\"community\":\"ck-1\",\"weekday\":\"sat\","
                "\"start\":\"10:00\",\"minutes\":30,\"first_week_share\":101}", 400, &node);
  g_assert_cmpstr (refusal (reply, "first_week_share"), ==, "bad-share");
  reply = call (fixture, "PATCH", "/api/v1/templates/t-half", "{\"first_week_share\":-5}", 400,
                &node);
  g_assert_cmpstr (refusal (reply, "first_week_share"), ==, "bad-share");

  /* In the first week (admitted today) and long past it. */
  add_family (fixture, "f-new", "Dad", "2026-12-01", "pv-1",
              "[{\"label\":\"Lena\",\"age_band\":\"8-12\"}]", &node);
  add_family (fixture, "f-old", "Mum", "2026-11-01", "pv-1",
              "[{\"label\":\"Ana\",\"age_band\":\"8-12\"}]", &node);

  slots = json_object_get_array_member (call (fixture, "GET",
                                              "/api/v1/slots?prison=pv-1&community=ck-1"
                                              "&from=2026-12-04&days=28", NULL, 200,
                                              &slots_node), "slots");
  slot = slot_of (slots, "t-held@2026-12-10T10:00:00+01:00");
  g_assert_true (json_object_get_boolean_member (slot, "held_back"));
  g_assert_cmpstr (member_string (slot, "held_until"), ==, "2026-12-08T10:00:00+01:00");
  g_assert_false (json_object_get_boolean_member (slot, "in_school_hours"));
  g_assert_true (json_object_get_boolean_member (slot_of (slots,
                                                          "t-held@2026-12-24T10:00:00+01:00"),
                                                 "held_back"));
  for (guint i = 0; i < json_array_get_length (slots); i++)
    {
      JsonObject *object = json_array_get_object_element (slots, i);

      if (!g_str_equal (member_string (object, "template"), "t-half"))
        continue;
      fridays++;
      if (json_object_get_boolean_member (object, "held_back"))
        held++;
      else
        g_assert_null (json_object_get_member (object, "held_until"));
    }
  g_assert_cmpuint (fridays, ==, 4);
  g_assert_cmpuint (held, ==, 2);

  /* Not for a family past its first week, nor for a booking of no
   * family; the message says until when. */
  reply = request (fixture, TRUE, "POST", "/api/v1/bookings",
                   "{\"family\":\"f-old\",\"slot\":\"t-held@2026-12-10T10:00:00+01:00\"}", 409,
                   &node);
  g_assert_cmpstr (refusal (reply, "slot"), ==, "held-for-first-week");
  g_assert_nonnull (strstr (refusal_message (reply), "until Tue 8 Dec 10:00 (48 hours before)"));
  reply = request (fixture, TRUE, "POST", "/api/v1/bookings",
                   "{" LABELS "\"slot\":\"t-held@2026-12-10T10:00:00+01:00\"}", 409, &node);
  g_assert_cmpstr (refusal (reply, "slot"), ==, "held-for-first-week");
  /* A family in its first week takes it. */
  reply = request (fixture, TRUE, "POST", "/api/v1/bookings",
                   "{\"family\":\"f-new\",\"slot\":\"t-held@2026-12-10T10:00:00+01:00\"}", 201,
                   &node);
  g_assert_cmpstr (member_string (reply, "template"), ==, "t-held");

  /* 15 December 11:00: the 17 December slot starts in 47 hours, and is
   * anyone's; the 24 December one is still held. */
  kv_test_advance (&fixture->server, 14 * G_TIME_SPAN_DAY + G_TIME_SPAN_HOUR);
  /* Two weeks on, the scheduler signs in again. */
  g_clear_pointer (&fixture->cookie, g_free);
  g_clear_pointer (&fixture->csrf, g_free);
  g_assert_true (kv_test_staff_sign_in (&fixture->server, "sched", PASSWORD, &fixture->cookie,
                                        &fixture->csrf));
  slots = json_object_get_array_member (call (fixture, "GET",
                                              "/api/v1/slots?prison=pv-1&community=ck-1"
                                              "&from=2026-12-17&days=14", NULL, 200,
                                              &slots_node), "slots");
  g_assert_false (json_object_get_boolean_member (slot_of (slots,
                                                           "t-held@2026-12-17T10:00:00+01:00"),
                                                  "held_back"));
  g_assert_true (json_object_get_boolean_member (slot_of (slots,
                                                          "t-held@2026-12-24T10:00:00+01:00"),
                                                 "held_back"));
  request (fixture, TRUE, "POST", "/api/v1/bookings",
           "{\"family\":\"f-old\",\"slot\":\"t-held@2026-12-17T10:00:00+01:00\"}", 201, &node);

  /* No share, nothing held. */
  reply = call (fixture, "PATCH", "/api/v1/templates/t-held", "{\"first_week_share\":0}", 200,
                &node);
  g_assert_cmpint (member_int (reply, "first_week_share"), ==, 0);
  slots = json_object_get_array_member (call (fixture, "GET",
                                              "/api/v1/slots?prison=pv-1&community=ck-1"
                                              "&from=2026-12-17&days=14", NULL, 200,
                                              &slots_node), "slots");
  g_assert_false (json_object_get_boolean_member (slot_of (slots,
                                                           "t-held@2026-12-24T10:00:00+01:00"),
                                                  "held_back"));
}

/* Weekday templates at 10:00 and 16:00 at a prison open Monday to Friday,
 * closed on Monday 7 December; school 08:00-15:00 on weekdays. Now:
 * Friday 4 December 2026, 18:00 in Zagreb. */
static void
test_propose_weekend (Fixture       *fixture,
                      gconstpointer  user_data)
{
  static const char * const weekdays[] = { "mon", "tue", "wed", "thu", "fri" };
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) baby_node = NULL;
  g_autoptr(JsonNode) slots_node = NULL;
  g_autofree char *slot = NULL;
  JsonObject *reply, *proposal;
  JsonArray *slots, *first_week;

  add_places (fixture);
  call (fixture, "PUT", "/api/v1/sites/lepoglava/hours",
        "{\"hours\":[{\"weekday\":\"mon\",\"opens\":\"09:00\",\"closes\":\"17:00\"},"
        "{\"weekday\":\"tue\",\"opens\":\"09:00\",\"closes\":\"17:00\"},"
        "{\"weekday\":\"wed\",\"opens\":\"09:00\",\"closes\":\"17:00\"},"
        "{\"weekday\":\"thu\",\"opens\":\"09:00\",\"closes\":\"17:00\"},"
        "{\"weekday\":\"fri\",\"opens\":\"09:00\",\"closes\":\"17:00\"}]}", 200, &node);
  call (fixture, "POST", "/api/v1/sites/lepoglava/closed-days",
        "{\"day\":\"2026-12-07\",\"reason\":\"Feast day\"}", 201, &node);
  call (fixture, "PUT", "/api/v1/sites/zagreb-centre/school-hours",
        "{\"school_hours\":[{\"weekday\":\"mon\",\"opens\":\"08:00\",\"closes\":\"15:00\"},"
        "{\"weekday\":\"tue\",\"opens\":\"08:00\",\"closes\":\"15:00\"},"
        "{\"weekday\":\"wed\",\"opens\":\"08:00\",\"closes\":\"15:00\"},"
        "{\"weekday\":\"thu\",\"opens\":\"08:00\",\"closes\":\"15:00\"},"
        "{\"weekday\":\"fri\",\"opens\":\"08:00\",\"closes\":\"15:00\"}]}", 200, &node);
  for (gsize i = 0; i < G_N_ELEMENTS (weekdays); i++)
    for (guint hour = 10; hour <= 16; hour += 6)
      {
        g_autofree char *body = g_strdup_printf ("{\"id\":\"t-%s-%u\",\"prison\":\"pv-1\","
                                                 "\"community\":\"ck-1\",\"weekday\":\"%s\","
                                                 "\"start\":\"%u:00\",\"minutes\":30,"
                                                 "\"valid_from\":\"2026-11-30\"}",
                                                 weekdays[i], hour, weekdays[i], hour);

        call (fixture, "POST", "/api/v1/templates", body, 201, &node);
      }

  /* A 5-year-old, admitted today: Monday is closed, Tuesday 10:00 is in
   * school hours, so Tuesday 16:00, for 20 minutes. */
  add_family (fixture, "f-school", "Mum", "2026-12-04", "pv-1",
              "[{\"label\":\"Ivo\",\"age_band\":\"4-7\"}]", &node);
  reply = json_node_get_object (node);
  proposal = json_object_get_object_member (reply, "proposal");
  g_assert_nonnull (proposal);
  g_assert_cmpstr (member_string (proposal, "slot"), ==, "t-tue-16@2026-12-08T16:00:00+01:00");
  g_assert_cmpstr (member_string (proposal, "template"), ==, "t-tue-16");
  g_assert_cmpstr (member_string (proposal, "prison"), ==, "pv-1");
  g_assert_cmpstr (member_string (proposal, "community"), ==, "ck-1");
  g_assert_cmpstr (member_string (proposal, "start"), ==, "2026-12-08T16:00:00+01:00");
  g_assert_cmpstr (member_string (proposal, "end"), ==, "2026-12-08T16:20:00+01:00");
  g_assert_cmpint (member_int (proposal, "minutes"), ==, 20);
  g_assert_true (json_object_get_boolean_member (proposal, "before_deadline"));
  g_assert_false (json_object_get_boolean_member (proposal, "in_school_hours"));
  g_assert_cmpstr (member_string (proposal, "deadline"), ==, "2026-12-12T00:00:00+01:00");
  g_assert_cmpstr (member_string (reply, "family.first_week_end"), ==,
                   "2026-12-12T00:00:00+01:00");
  g_assert_cmpint (member_int (reply, "family.contact.days_left"), ==, 7);

  /* A toddler does not go to school: Tuesday 10:00, for 15 minutes. */
  add_family (fixture, "f-baby", "Dad", "2026-12-04", "pv-1",
              "[{\"label\":\"Lena\",\"age_band\":\"0-3\"}]", &baby_node);
  proposal = json_object_get_object_member (json_node_get_object (baby_node), "proposal");
  g_assert_cmpstr (member_string (proposal, "slot"), ==, "t-tue-10@2026-12-08T10:00:00+01:00");
  g_assert_cmpint (member_int (proposal, "minutes"), ==, 15);
  g_assert_false (json_object_get_boolean_member (proposal, "in_school_hours"));
  slots = json_object_get_array_member (call (fixture, "GET",
                                              "/api/v1/slots?prison=pv-1&community=ck-1"
                                              "&from=2026-12-08&days=1", NULL, 200,
                                              &slots_node), "slots");
  g_assert_true (json_object_get_boolean_member (slot_of (slots,
                                                          "t-tue-10@2026-12-08T10:00:00+01:00"),
                                                 "in_school_hours"));
  g_assert_false (json_object_get_boolean_member (slot_of (slots,
                                                           "t-tue-16@2026-12-08T16:00:00+01:00"),
                                                  "in_school_hours"));

  /* The one action: book the proposal as it is. */
  slot = g_strdup_printf ("{\"family\":\"f-baby\",\"slot\":\"%s\",\"minutes\":%" G_GINT64_FORMAT
                          "}", member_string (proposal, "slot"), member_int (proposal, "minutes"));
  reply = request (fixture, TRUE, "POST", "/api/v1/bookings", slot, 201, &node);
  g_assert_cmpstr (member_string (reply, "end_local"), ==, "2026-12-08 10:15 CET");
  g_assert_cmpstr (member_string (reply, "community_label"), ==, "Lena");

  /* The next: not Wednesday 10:00 (23 h 45 after, under the 24 h gap):
   * Wednesday 16:00. */
  reply = call (fixture, "GET", "/api/v1/families/f-baby/proposal", NULL, 200, &node);
  g_assert_cmpstr (member_string (reply, "proposal.slot"), ==,
                   "t-wed-16@2026-12-09T16:00:00+01:00");
  reply = call (fixture, "GET", "/api/v1/families/f-baby", NULL, 200, &node);
  g_assert_cmpstr (member_string (reply, "contact.next_booked.start"), ==,
                   "2026-12-08T10:00:00+01:00");

  /* The due list: both first contacts, each with its proposal. */
  reply = call (fixture, "GET", "/api/v1/families/due", NULL, 200, &node);
  first_week = json_object_get_array_member (reply, "first_week");
  g_assert_cmpuint (json_array_get_length (first_week), ==, 2);
  g_assert_cmpstr (member_string (json_array_get_object_element (first_week, 0), "family.id"), ==,
                   "f-baby");
  g_assert_cmpstr (member_string (json_array_get_object_element (first_week, 1), "proposal.slot"),
                   ==, "t-tue-16@2026-12-08T16:00:00+01:00");
}

/* Spring 2027 in Zagreb: the clocks go forward on Sunday 28 March. Now:
 * Friday 26 March, 18:00 CET. */
static void
test_propose_dst_spring (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *reply;

  add_places (fixture);
  call (fixture, "POST", "/api/v1/templates",
        "{\"id\":\"t-sun\",\"prison\":\"pv-1\",\"community\":\"ck-1\",\"weekday\":\"sun\","
        "\"start\":\"10:00\",\"minutes\":30,\"valid_from\":\"2027-03-01\"}", 201, &node);
  call (fixture, "POST", "/api/v1/templates",
        "{\"id\":\"t-mon\",\"prison\":\"pv-1\",\"community\":\"ck-1\",\"weekday\":\"mon\","
        "\"start\":\"10:00\",\"minutes\":30,\"valid_from\":\"2027-03-01\"}", 201, &node);

  add_family (fixture, "f-spring", "Dad", "2027-03-26", "pv-1",
              "[{\"label\":\"Lena\",\"age_band\":\"0-3\"}]", &node);
  reply = json_node_get_object (node);
  g_assert_cmpstr (member_string (reply, "family.first_week_end"), ==,
                   "2027-04-03T00:00:00+02:00");
  g_assert_cmpstr (member_string (reply, "proposal.slot"), ==, "t-sun@2027-03-28T10:00:00+02:00");
  g_assert_cmpstr (member_string (reply, "proposal.end"), ==, "2027-03-28T10:15:00+02:00");
  g_assert_cmpstr (member_string (reply, "proposal.deadline"), ==, "2027-04-03T00:00:00+02:00");
  reply = request (fixture, TRUE, "POST", "/api/v1/bookings",
                   "{\"family\":\"f-spring\",\"slot\":\"t-sun@2027-03-28T10:00:00+02:00\","
                   "\"minutes\":15}", 201, &node);
  g_assert_cmpstr (member_string (reply, "start"), ==, "2027-03-28T08:00:00Z");
  g_assert_cmpstr (member_string (reply, "end_local"), ==, "2027-03-28 10:15 CEST");

  /* Sunday's slot is taken: Monday, for a 9-year-old's 30 minutes. */
  add_family (fixture, "f-spring-2", "Mum", "2027-03-25", "pv-1",
              "[{\"label\":\"Ana\",\"age_band\":\"8-12\"}]", &node);
  reply = json_node_get_object (node);
  g_assert_cmpstr (member_string (reply, "family.first_week_end"), ==,
                   "2027-04-02T00:00:00+02:00");
  g_assert_cmpstr (member_string (reply, "proposal.slot"), ==, "t-mon@2027-03-29T10:00:00+02:00");
  g_assert_cmpint (member_int (reply, "proposal.minutes"), ==, 30);
}

/* Autumn 2026 in Zagreb: the clocks go back on Sunday 25 October. Now:
 * Friday 23 October, 18:00 CEST. */
static void
test_propose_dst_autumn (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *reply;

  add_places (fixture);
  call (fixture, "POST", "/api/v1/templates",
        "{\"id\":\"t-sun\",\"prison\":\"pv-1\",\"community\":\"ck-1\",\"weekday\":\"sun\","
        "\"start\":\"10:00\",\"minutes\":30,\"valid_from\":\"2026-10-01\"}", 201, &node);
  add_family (fixture, "f-autumn", "Dad", "2026-10-23", "pv-1",
              "[{\"label\":\"Lena\",\"age_band\":\"0-3\"}]", &node);
  reply = json_node_get_object (node);
  /* Eight days later, in winter time: 7 days 7 hours from now. */
  g_assert_cmpstr (member_string (reply, "family.first_week_end"), ==,
                   "2026-10-31T00:00:00+01:00");
  g_assert_cmpint (member_int (reply, "family.contact.days_left"), ==, 7);
  g_assert_cmpstr (member_string (reply, "proposal.slot"), ==, "t-sun@2026-10-25T10:00:00+01:00");
  g_assert_cmpstr (member_string (reply, "proposal.start"), ==, "2026-10-25T10:00:00+01:00");
  request (fixture, TRUE, "POST", "/api/v1/bookings",
           "{\"family\":\"f-autumn\",\"slot\":\"t-sun@2026-10-25T10:00:00+01:00\","
           "\"minutes\":15}", 201, &node);
  /* The next Sunday, within the first week still. */
  reply = call (fixture, "GET", "/api/v1/families/f-autumn/proposal", NULL, 200, &node);
  g_assert_cmpstr (member_string (reply, "proposal.slot"), ==, "t-sun@2026-11-01T10:00:00+01:00");
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (reply,
                                                                                 "proposal"),
                                                  "before_deadline"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/family-rules/age-rules", Fixture, "2026-12-01T09:00:00Z", fixture_set_up,
              test_age_rules, fixture_tear_down);
  g_test_add ("/server/family-rules/site-rules", Fixture, "2026-12-01T09:00:00Z", fixture_set_up,
              test_site_rules, fixture_tear_down);
  g_test_add ("/server/family-rules/held-back", Fixture, "2026-12-01T09:00:00Z", fixture_set_up,
              test_held_back, fixture_tear_down);
  g_test_add ("/server/family-rules/propose-weekend", Fixture, "2026-12-04T17:00:00Z",
              fixture_set_up, test_propose_weekend, fixture_tear_down);
  g_test_add ("/server/family-rules/propose-dst-spring", Fixture, "2027-03-26T17:00:00Z",
              fixture_set_up, test_propose_dst_spring, fixture_tear_down);
  g_test_add ("/server/family-rules/propose-dst-autumn", Fixture, "2026-10-23T16:00:00Z",
              fixture_set_up, test_propose_dst_autumn, fixture_tear_down);

  return g_test_run ();
}
