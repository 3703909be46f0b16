/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-test-server.h"
#include "kv-test-staff.h"

#include <sqlite3.h>
#include <string.h>

/* Families over real HTTP: adding one and what it says (its youngest band,
 * that band's rules, its first week, its contact), changing and archiving
 * it, who may see it; every bad input refused with its field and nothing
 * written; the due list and the contact report on a database seeded with
 * SQL while the server is stopped, with answers worked out by hand. The
 * server's clock is fake and starts when each test says. */

#define PASSWORD "correct horse battery staple"

typedef struct
{
  KvTestServer server;
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
  kv_test_server_clear (&fixture->server);
}

/* @method @path with @body as the admin; asserts the status; the reply. */
static JsonObject *
call (Fixture    *fixture,
      const char *method,
      const char *path,
      const char *body,
      guint       expected_status,
      JsonNode  **out_node)
{
  guint status;

  g_clear_pointer (out_node, json_node_unref);
  *out_node = kv_test_admin (&fixture->server, method, path, body, KV_TEST_ADMIN_TOKEN, &status);
  if (status != expected_status)
    {
      g_autofree char *text = *out_node != NULL ? json_to_string (*out_node, FALSE) : NULL;

      g_test_message ("%s %s: %u %s", method, path, status, text);
    }
  g_assert_cmpuint (status, ==, expected_status);
  g_assert_nonnull (*out_node);
  return json_node_get_object (*out_node);
}

/* The error's code; its field must be @field. */
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
  if (site != NULL)
    call (fixture, "PATCH", path, body, 200, &node);
}

/* A prison (lepoglava: pv-1, pv-2), two community centres (zagreb-centre:
 * ck-1; split-centre: ck-2) and a prison kiosk on no site. */
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
  add_kiosk (fixture, "p-loose", "prison", NULL);
}

static guint
count_families (Fixture *fixture)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *reply = call (fixture, "GET", "/api/v1/families?archived=1", NULL, 200, &node);

  return json_array_get_length (json_object_get_array_member (reply, "families"));
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

/* A father admitted yesterday with a toddler and a 9-year-old: the rules
 * are the toddler's; his first week ends at midnight eight days after his
 * admission day, in the prison's zone; nothing about the family but ids,
 * bands and days goes to the audit log. */
static void
test_add (Fixture       *fixture,
          gconstpointer  user_data)
{
  KvTestServer *server = &fixture->server;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  JsonObject *reply, *family;
  JsonArray *children;
  guint n_added = 0;

  add_places (fixture);
  reply = call (fixture, "POST", "/api/v1/families",
                "{\"id\":\"f-dad\",\"parent_label\":\"Dad\",\"admitted_on\":\"2026-12-05\","
                "\"community_site\":\"zagreb-centre\",\"prison_kiosks\":[\"pv-1\",\"pv-1\"],"
                "\"children\":[{\"label\":\"Lena\",\"age_band\":\"0-3\"},"
                "{\"label\":\"Marko\",\"age_band\":\"8-12\"}]}", 201, &node);
  family = json_object_get_object_member (reply, "family");
  g_assert_cmpstr (member_string (family, "id"), ==, "f-dad");
  g_assert_cmpstr (member_string (family, "parent_label"), ==, "Dad");
  g_assert_cmpstr (member_string (family, "admitted_on"), ==, "2026-12-05");
  g_assert_cmpstr (member_string (family, "community_site"), ==, "zagreb-centre");
  /* Named twice is named once. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (family,
                                                                         "prison_kiosks")), ==, 1);
  children = json_object_get_array_member (family, "children");
  g_assert_cmpuint (json_array_get_length (children), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (children, 1),
                                                  "label"), ==, "Marko");
  g_assert_cmpstr (member_string (family, "age_band"), ==, "0-3");
  g_assert_cmpint (member_int (family, "rules.default_minutes"), ==, 15);
  g_assert_cmpint (member_int (family, "rules.max_minutes"), ==, 20);
  g_assert_cmpint (member_int (family, "rules.min_gap_hours"), ==, 24);
  g_assert_cmpint (member_int (family, "rules.aim_visits"), ==, 2);
  g_assert_cmpint (member_int (family, "rules.aim_days"), ==, 7);
  g_assert_cmpstr (member_string (family, "first_week_end"), ==, "2026-12-13T00:00:00+01:00");
  g_assert_cmpstr (member_string (family, "contact.state"), ==, "first-due");
  g_assert_cmpstr (member_string (family, "contact.due"), ==, "2026-12-13T00:00:00+01:00");
  /* 6 December 10:00 CET: 6 days and 14 hours left. */
  g_assert_cmpint (member_int (family, "contact.days_left"), ==, 6);
  g_assert_true (json_node_is_null (json_object_get_member (json_object_get_object_member (family,
                                                                                          "contact"),
                                                            "last_held")));
  g_assert_cmpstr (member_string (family, "created_by"), ==, "admin");
  g_assert_false (json_object_get_boolean_member (family, "archived"));
  /* No template joins its kiosks yet: no proposal, and why. */
  g_assert_true (json_node_is_null (json_object_get_member (reply, "proposal")));
  g_assert_nonnull (strstr (member_string (reply, "reason"), "No free slot"));

  audit = kv_store_list_audit (server->store, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < audit->len; i++)
    {
      KvAuditEntry *entry = g_ptr_array_index (audit, i);

      g_assert_null (strstr (entry->details, "Lena"));
      g_assert_null (strstr (entry->details, "Dad"));
      if (g_str_equal (entry->action, "family-added"))
        {
          g_assert_cmpstr (entry->details, ==,
                           "family=f-dad community_site=zagreb-centre prison_kiosks=pv-1 "
                           "admitted_on=2026-12-05 children=2 bands=0-3,8-12");
          n_added++;
        }
    }
  g_assert_cmpuint (n_added, ==, 1);

  /* Shown, listed, found by either of its sites. */
  reply = call (fixture, "GET", "/api/v1/families/f-dad", NULL, 200, &node);
  g_assert_cmpstr (member_string (reply, "age_band"), ==, "0-3");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply, "bookings")), ==,
                    0);
  reply = call (fixture, "GET", "/api/v1/families?site=lepoglava", NULL, 200, &node);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply, "families")), ==,
                    1);
  reply = call (fixture, "GET", "/api/v1/families?site=split-centre", NULL, 200, &node);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply, "families")), ==,
                    0);
}

/* Changing labels, children, kiosks; archiving: out of the list and the
 * due list, bookings kept; each change one audit row. */
static void
test_change_and_archive (Fixture       *fixture,
                         gconstpointer  user_data)
{
  KvTestServer *server = &fixture->server;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *reply;

  add_places (fixture);
  call (fixture, "POST", "/api/v1/families",
        "{\"id\":\"f-1\",\"parent_label\":\"Mum\",\"admitted_on\":\"2026-12-01\","
        "\"community_site\":\"zagreb-centre\",\"prison_kiosks\":[\"pv-1\"],"
        "\"children\":[{\"label\":\"Ana\",\"age_band\":\"13-17\"}]}", 201, &node);
  reply = call (fixture, "PATCH", "/api/v1/families/f-1",
                "{\"children\":[{\"label\":\"Ana\",\"age_band\":\"13-17\"},"
                "{\"label\":\"Ivo\",\"age_band\":\"4-7\"}],\"prison_kiosks\":[\"pv-2\"]}",
                200, &node);
  g_assert_cmpstr (member_string (reply, "age_band"), ==, "4-7");
  g_assert_cmpint (member_int (reply, "rules.max_minutes"), ==, 30);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (reply,
                                                                                "prison_kiosks"),
                                                  0), ==, "pv-2");
  g_assert_cmpuint (kv_test_count_audit (server, "admin", "family-changed",
                                         "family=f-1 changed=children,prison_kiosks "), ==, 1);

  /* A bad change changes nothing. */
  reply = call (fixture, "PATCH", "/api/v1/families/f-1",
                "{\"parent_label\":\"Mama\",\"children\":[{\"label\":\"Ana\","
                "\"age_band\":\"teen\"}]}", 400, &node);
  g_assert_cmpstr (refusal (reply, "children[0].age_band"), ==, "bad-age-band");
  reply = call (fixture, "GET", "/api/v1/families/f-1", NULL, 200, &node);
  g_assert_cmpstr (member_string (reply, "parent_label"), ==, "Mum");
  g_assert_cmpuint (kv_test_count_audit (server, "admin", "family-changed", NULL), ==, 1);

  reply = call (fixture, "POST", "/api/v1/families/f-1/archive", "{}", 200, &node);
  g_assert_true (json_object_get_boolean_member (reply, "archived"));
  g_assert_cmpuint (kv_test_count_audit (server, "admin", "family-archived", "family=f-1"), ==,
                    1);
  reply = call (fixture, "GET", "/api/v1/families", NULL, 200, &node);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply, "families")), ==,
                    0);
  reply = call (fixture, "GET", "/api/v1/families?archived=1", NULL, 200, &node);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply, "families")), ==,
                    1);
  reply = call (fixture, "GET", "/api/v1/families/due", NULL, 200, &node);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply, "first_week")),
                    ==, 0);
  reply = call (fixture, "GET", "/api/v1/families/f-1/proposal", NULL, 200, &node);
  g_assert_true (json_node_is_null (json_object_get_member (reply, "proposal")));
  g_assert_nonnull (strstr (member_string (reply, "reason"), "archived"));
  reply = call (fixture, "POST", "/api/v1/families/f-1/archive", "{}", 409, &node);
  g_assert_cmpstr (refusal (reply, NULL), ==, "invalid-state");
  reply = call (fixture, "PATCH", "/api/v1/families/f-1", "{\"parent_label\":\"Mama\"}", 409,
                &node);
  g_assert_cmpstr (refusal (reply, NULL), ==, "family-archived");
  call (fixture, "GET", "/api/v1/families/f-nobody", NULL, 404, &node);
}

/* Each bad input: a clear error naming its field, and nothing written:
 * the list stays the same and no audit row is added. */
static void
test_bad_input (Fixture       *fixture,
                gconstpointer  user_data)
{
  static const struct {
    const char *body;
    guint       status;
    const char *code;
    const char *field;
  } cases[] = {
    /* An unknown band. */
    { "{\"parent_label\":\"Dad\",\"admitted_on\":\"2026-12-05\","
      "\"community_site\":\"zagreb-centre\",\"prison_kiosks\":[\"pv-1\"],"
      "\"children\":[{\"label\":\"Lena\",\"age_band\":\"0-3\"},"
      "{\"label\":\"Marko\",\"age_band\":\"5-9\"}]}",
      400, "bad-age-band", "children[1].age_band" },
    /* Admitted tomorrow (at the prison). */
    { "{\"parent_label\":\"Dad\",\"admitted_on\":\"2026-12-07\","
      "\"community_site\":\"zagreb-centre\",\"prison_kiosks\":[\"pv-1\"],"
      "\"children\":[{\"label\":\"Lena\",\"age_band\":\"0-3\"}]}",
      400, "admitted-in-future", "admitted_on" },
    /* Not a day. */
    { "{\"parent_label\":\"Dad\",\"admitted_on\":\"2026-02-30\","
      "\"community_site\":\"zagreb-centre\",\"prison_kiosks\":[\"pv-1\"],"
      "\"children\":[{\"label\":\"Lena\",\"age_band\":\"0-3\"}]}",
      400, "bad-date", "admitted_on" },
    { "{\"parent_label\":\"Dad\",\"admitted_on\":\"5 Dec 2026\","
      "\"community_site\":\"zagreb-centre\",\"prison_kiosks\":[\"pv-1\"],"
      "\"children\":[{\"label\":\"Lena\",\"age_band\":\"0-3\"}]}",
      400, "bad-date", "admitted_on" },
    /* Nine children; none. */
    { "{\"parent_label\":\"Dad\",\"admitted_on\":\"2026-12-05\","
      "\"community_site\":\"zagreb-centre\",\"prison_kiosks\":[\"pv-1\"],\"children\":["
      "{\"label\":\"A\",\"age_band\":\"0-3\"},{\"label\":\"B\",\"age_band\":\"0-3\"},"
      "{\"label\":\"C\",\"age_band\":\"0-3\"},{\"label\":\"D\",\"age_band\":\"0-3\"},"
      "{\"label\":\"E\",\"age_band\":\"0-3\"},{\"label\":\"F\",\"age_band\":\"0-3\"},"
      "{\"label\":\"G\",\"age_band\":\"0-3\"},{\"label\":\"H\",\"age_band\":\"0-3\"},"
      "{\"label\":\"I\",\"age_band\":\"0-3\"}]}",
      400, "no-children", "children" },
    { "{\"parent_label\":\"Dad\",\"admitted_on\":\"2026-12-05\","
      "\"community_site\":\"zagreb-centre\",\"prison_kiosks\":[\"pv-1\"],\"children\":[]}",
      400, "no-children", "children" },
    /* Kiosks: unknown, on the wrong side, on no site. */
    { "{\"parent_label\":\"Dad\",\"admitted_on\":\"2026-12-05\","
      "\"community_site\":\"zagreb-centre\",\"prison_kiosks\":[\"pv-1\",\"pv-9\"],"
      "\"children\":[{\"label\":\"Lena\",\"age_band\":\"0-3\"}]}",
      400, "unknown-kiosk", "prison_kiosks[1]" },
    { "{\"parent_label\":\"Dad\",\"admitted_on\":\"2026-12-05\","
      "\"community_site\":\"zagreb-centre\",\"prison_kiosks\":[\"ck-1\"],"
      "\"children\":[{\"label\":\"Lena\",\"age_band\":\"0-3\"}]}",
      400, "not-a-prison-kiosk", "prison_kiosks[0]" },
    { "{\"parent_label\":\"Dad\",\"admitted_on\":\"2026-12-05\","
      "\"community_site\":\"zagreb-centre\",\"prison_kiosks\":[\"p-loose\"],"
      "\"children\":[{\"label\":\"Lena\",\"age_band\":\"0-3\"}]}",
      400, "kiosk-without-site", "prison_kiosks[0]" },
    /* An unknown site. */
    { "{\"parent_label\":\"Dad\",\"admitted_on\":\"2026-12-05\","
      "\"community_site\":\"atlantis\",\"prison_kiosks\":[\"pv-1\"],"
      "\"children\":[{\"label\":\"Lena\",\"age_band\":\"0-3\"}]}",
      400, "unknown-site", "community_site" },
    /* Labels: too long, a control character, only spaces. */
    { "{\"parent_label\":\"Dad who is called by a very long name indeed\","
      "\"admitted_on\":\"2026-12-05\",\"community_site\":\"zagreb-centre\","
      "\"prison_kiosks\":[\"pv-1\"],\"children\":[{\"label\":\"Lena\",\"age_band\":\"0-3\"}]}",
      400, "bad-label", "parent_label" },
    { "{\"parent_label\":\"Dad\",\"admitted_on\":\"2026-12-05\","
      "\"community_site\":\"zagreb-centre\",\"prison_kiosks\":[\"pv-1\"],"
      "\"children\":[{\"label\":\"Le\\u0007na\",\"age_band\":\"0-3\"}]}",
      400, "bad-label", "children[0].label" },
    { "{\"parent_label\":\"   \",\"admitted_on\":\"2026-12-05\","
      "\"community_site\":\"zagreb-centre\",\"prison_kiosks\":[\"pv-1\"],"
      "\"children\":[{\"label\":\"Lena\",\"age_band\":\"0-3\"}]}",
      400, "bad-label", "parent_label" },
    /* Missing. */
    { "{\"admitted_on\":\"2026-12-05\",\"community_site\":\"zagreb-centre\","
      "\"prison_kiosks\":[\"pv-1\"],\"children\":[{\"label\":\"Lena\",\"age_band\":\"0-3\"}]}",
      400, "missing-field", "parent_label" },
    /* The same family on the same kiosk: the same parent (whatever the
     * case) with a child of the same label. */
    { "{\"parent_label\":\"dad\",\"admitted_on\":\"2026-12-05\","
      "\"community_site\":\"zagreb-centre\",\"prison_kiosks\":[\"pv-2\",\"pv-1\"],"
      "\"children\":[{\"label\":\"Ivo\",\"age_band\":\"4-7\"},"
      "{\"label\":\"LENA\",\"age_band\":\"0-3\"}]}",
      409, "family-overlap", "parent_label" },
    /* Its id taken. */
    { "{\"id\":\"f-first\",\"parent_label\":\"Mum\",\"admitted_on\":\"2026-12-05\","
      "\"community_site\":\"zagreb-centre\",\"prison_kiosks\":[\"pv-2\"],"
      "\"children\":[{\"label\":\"Lena\",\"age_band\":\"0-3\"}]}",
      409, "exists", "id" },
  };
  KvTestServer *server = &fixture->server;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *reply;
  guint audit_rows;

  add_places (fixture);
  call (fixture, "POST", "/api/v1/families",
        "{\"id\":\"f-first\",\"parent_label\":\"Dad\",\"admitted_on\":\"2026-12-05\","
        "\"community_site\":\"zagreb-centre\",\"prison_kiosks\":[\"pv-1\"],"
        "\"children\":[{\"label\":\"Lena\",\"age_band\":\"0-3\"}]}", 201, &node);
  g_assert_cmpuint (count_families (fixture), ==, 1);
  audit_rows = kv_store_count_audit (server->store, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("Case %" G_GSIZE_FORMAT ": %s", i, cases[i].body);
      reply = call (fixture, "POST", "/api/v1/families", cases[i].body, cases[i].status, &node);
      g_assert_cmpstr (refusal (reply, cases[i].field), ==, cases[i].code);
      g_assert_nonnull (refusal_message (reply));
      g_assert_cmpuint (count_families (fixture), ==, 1);
      g_assert_cmpuint (kv_store_count_audit (server->store, NULL), ==, audit_rows);
    }

  /* The overlap names the family it would double. */
  reply = call (fixture, "POST", "/api/v1/families", cases[G_N_ELEMENTS (cases) - 2].body, 409,
                &node);
  g_assert_cmpstr (refusal_message (reply), ==, "Family f-first on pv-1 already has Dad and Lena");
  /* Archived, it is no longer there to double. */
  call (fixture, "POST", "/api/v1/families/f-first/archive", "{}", 200, &node);
  call (fixture, "POST", "/api/v1/families", cases[G_N_ELEMENTS (cases) - 2].body, 201, &node);
}

/* Staff see and change only the families of their sites: a scheduler of
 * Split sees none of Zagreb's, and is refused (and audited) by id. */
static void
test_scope (Fixture       *fixture,
            gconstpointer  user_data)
{
  KvTestServer *server = &fixture->server;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *split_cookie = NULL, *split_csrf = NULL;
  g_autofree char *prison_cookie = NULL, *prison_csrf = NULL;
  g_auto(KvTestReply) reply = { 0 };

  add_places (fixture);
  call (fixture, "POST", "/api/v1/families",
        "{\"id\":\"f-z\",\"parent_label\":\"Dad\",\"admitted_on\":\"2026-12-05\","
        "\"community_site\":\"zagreb-centre\",\"prison_kiosks\":[\"pv-1\"],"
        "\"children\":[{\"label\":\"Lena\",\"age_band\":\"0-3\"}]}", 201, &node);
  kv_test_staff_add (server, "split-sched", "[\"scheduler\"]", "[\"split-centre\"]", PASSWORD);
  kv_test_staff_add (server, "prison-coord", "[\"coordinator\"]", "[\"lepoglava\"]", PASSWORD);
  g_assert_true (kv_test_staff_sign_in (server, "split-sched", PASSWORD, &split_cookie,
                                        &split_csrf));
  g_assert_true (kv_test_staff_sign_in (server, "prison-coord", PASSWORD, &prison_cookie,
                                        &prison_csrf));

  kv_test_request (server, "GET", "/api/v1/families", NULL, NULL, split_cookie, split_csrf,
                   &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (reply.body),
                                                                         "families")), ==, 0);
  kv_test_reply_clear (&reply);
  kv_test_request (server, "GET", "/api/v1/families/f-z", NULL, NULL, split_cookie, split_csrf,
                   &reply);
  g_assert_cmpuint (reply.status, ==, 403);
  g_assert_cmpuint (kv_test_count_audit (server, "staff:split-sched", "forbidden",
                                         "GET /api/v1/families/f-z:"), ==, 1);
  kv_test_reply_clear (&reply);
  kv_test_request (server, "PATCH", "/api/v1/families/f-z", "{\"parent_label\":\"Papa\"}", NULL,
                   split_cookie, split_csrf, &reply);
  g_assert_cmpuint (reply.status, ==, 403);
  kv_test_reply_clear (&reply);

  /* The prison's side covers it too (its kiosk's site). */
  kv_test_request (server, "GET", "/api/v1/families/f-z", NULL, NULL, prison_cookie, prison_csrf,
                   &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  kv_test_reply_clear (&reply);
  /* Coordinators read; only schedulers change. */
  kv_test_request (server, "POST", "/api/v1/families/f-z/archive", "{}", NULL, prison_cookie,
                   prison_csrf, &reply);
  g_assert_cmpuint (reply.status, ==, 403);
}

/* The seeded families of the due list and the report: ids, admission
 * days, bands, archived. */
static const char family_rows[] =
  "CREATE TEMP TABLE fam (id TEXT, admitted TEXT, band TEXT, site TEXT DEFAULT 'zagreb-centre',"
  "  archived INTEGER DEFAULT 0);"
  /* booking, family, start (UTC), minutes, outcome (NULL: none yet),
   * category, cancelled, override */
  "CREATE TEMP TABLE b (id TEXT, family TEXT, start TEXT, minutes INTEGER, outcome TEXT,"
  "  category TEXT, cancelled INTEGER DEFAULT 0, override TEXT DEFAULT '');";

static const char booking_rows[] =
  "INSERT INTO families (id, parent_label, admitted_on, community_site, created_us, created_by,"
  "  archived_us) SELECT id, 'Dad', admitted, site, 0, 'admin', archived FROM fam;"
  "INSERT INTO family_children (family_id, position, label, age_band)"
  "  SELECT id, 0, 'Child', band FROM fam;"
  "INSERT INTO family_kiosks (family_id, kiosk_id) SELECT id, 'pv-1' FROM fam;"
  "INSERT INTO bookings (id, prison_kiosk, community_kiosk, start_us, end_us, prison_label,"
  "  community_label, age_band, created_us, cancelled_us, family_id, rules_override)"
  "  SELECT b.id, 'pv-1', CASE WHEN fam.site = 'zagreb-centre' THEN 'ck-1' ELSE 'ck-2' END,"
  "  unixepoch (start) * 1000000, (unixepoch (start) + minutes * 60) * 1000000, 'Dad', 'Child',"
  "  fam.band, 0, CASE WHEN cancelled THEN 1 ELSE 0 END, family, override"
  "  FROM b JOIN fam ON fam.id = b.family;"
  "INSERT INTO sessions (booking_id, state, outcome, present, confirmed, absent, live_since_us,"
  "  ended_at_us, lost_us, makeup_us, updated_us, end_category)"
  "  SELECT b.id, 'ended', outcome, 0, 0, 0, bookings.start_us, bookings.end_us, 0, 0,"
  "  bookings.end_us, category FROM b JOIN bookings ON bookings.id = b.id"
  "  WHERE outcome IS NOT NULL;";

static void
seed (Fixture    *fixture,
      const char *rows)
{
  g_autofree char *sql = g_strconcat (family_rows, rows, booking_rows, NULL);
  sqlite3 *db = NULL;
  char *message = NULL;

  kv_test_server_stop (&fixture->server);
  g_assert_cmpint (sqlite3_open (fixture->server.db_path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s", message);
  sqlite3_close (db);
  kv_test_server_restart (&fixture->server);
}

static const char *
due_id (JsonArray *list,
        guint      i)
{
  JsonObject *entry = json_array_get_object_element (list, i);

  return member_string (entry, "family.id");
}

/* Now: Sunday 20 December 2026, 13:00 in Zagreb. */
static void
test_due (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_autoptr(JsonNode) node = NULL;
  JsonArray *first_week, *regular;
  JsonObject *reply, *family;

  add_places (fixture);
  seed (fixture,
        "INSERT INTO fam (id, admitted, band) VALUES"
        /* First contact due by 26 December 00:00. */
        "  ('f-first', '2026-12-18', '0-3'),"
        /* First week over on 18 December with no visit: late. */
        "  ('f-late', '2026-12-10', '4-7'),"
        /* A visit booked, not held yet: still due, with its next visit. */
        "  ('f-booked', '2026-12-19', '0-3'),"
        /* Weekly; last held 20 November: due since 27 November. */
        "  ('f-old', '2026-10-01', '4-7'),"
        /* Weekly; held 1 December; since then only a technical failure
         * and a visit staff ended for a technical problem: not held, due
         * since 8 December. */
        "  ('f-tech', '2026-10-01', '8-12'),"
        /* Twice a week; held 15 December 10:00: due since 18 December
         * 22:00. */
        "  ('f-young', '2026-10-01', '0-3'),"
        /* Weekly; a visit stopped for safeguarding on 18 December: the
         * child saw the parent, so it was held: not due. */
        "  ('f-ok', '2026-10-01', '8-12');"
        "INSERT INTO fam (id, admitted, band, archived) VALUES"
        "  ('f-archived', '2026-12-15', '0-3', 1);"
        "INSERT INTO b (id, family, start, minutes, outcome, category) VALUES"
        "  ('b-booked', 'f-booked', '2026-12-22 09:00:00', 15, NULL, NULL),"
        "  ('b-old', 'f-old', '2026-11-20 09:00:00', 20, 'completed', NULL),"
        "  ('b-tech-held', 'f-tech', '2026-12-01 09:00:00', 30, 'completed', NULL),"
        "  ('b-tech-lost', 'f-tech', '2026-12-17 09:00:00', 30, 'technical-failure', NULL),"
        "  ('b-tech-stop', 'f-tech', '2026-12-18 09:00:00', 30, 'ended-by-staff',"
        "   'technical-problem'),"
        "  ('b-young', 'f-young', '2026-12-15 09:00:00', 15, 'completed', NULL),"
        "  ('b-ok', 'f-ok', '2026-12-18 09:00:00', 30, 'ended-by-staff', 'safeguarding');"
        "INSERT INTO b (id, family, start, minutes, outcome, category, cancelled) VALUES"
        /* A cancelled visit is no next visit. */
        "  ('b-cancelled', 'f-first', '2026-12-21 09:00:00', 15, NULL, NULL, 1);");

  reply = call (fixture, "GET", "/api/v1/families/due", NULL, 200, &node);
  first_week = json_object_get_array_member (reply, "first_week");
  regular = json_object_get_array_member (reply, "regular");
  g_assert_cmpuint (json_array_get_length (first_week), ==, 3);
  g_assert_cmpstr (due_id (first_week, 0), ==, "f-late");
  g_assert_cmpstr (due_id (first_week, 1), ==, "f-first");
  g_assert_cmpstr (due_id (first_week, 2), ==, "f-booked");
  g_assert_cmpuint (json_array_get_length (regular), ==, 3);
  g_assert_cmpstr (due_id (regular, 0), ==, "f-old");
  g_assert_cmpstr (due_id (regular, 1), ==, "f-tech");
  g_assert_cmpstr (due_id (regular, 2), ==, "f-young");

  /* Days left: 5 days 11 hours to 26 December; late is negative. */
  family = json_object_get_object_member (json_array_get_object_element (first_week, 1),
                                          "family");
  g_assert_cmpstr (member_string (family, "contact.state"), ==, "first-due");
  g_assert_cmpint (member_int (family, "contact.days_left"), ==, 5);
  g_assert_cmpstr (member_string (family, "contact.due"), ==, "2026-12-26T00:00:00+01:00");
  family = json_object_get_object_member (json_array_get_object_element (first_week, 0),
                                          "family");
  g_assert_cmpint (member_int (family, "contact.days_left"), <, 0);
  family = json_object_get_object_member (json_array_get_object_element (first_week, 2),
                                          "family");
  g_assert_cmpstr (member_string (family, "contact.next_booked.id"), ==, "b-booked");
  g_assert_cmpstr (member_string (family, "contact.next_booked.start"), ==,
                   "2026-12-22T10:00:00+01:00");
  /* No template: no proposal, and the reason. */
  g_assert_true (json_node_is_null (json_object_get_member (json_array_get_object_element (first_week, 0),
                                                            "proposal")));

  family = json_object_get_object_member (json_array_get_object_element (regular, 1), "family");
  g_assert_cmpstr (member_string (family, "contact.state"), ==, "due");
  g_assert_cmpstr (member_string (family, "contact.last_held"), ==, "2026-12-01T10:00:00+01:00");
  g_assert_cmpstr (member_string (family, "contact.due"), ==, "2026-12-08T10:00:00+01:00");
  family = json_object_get_object_member (json_array_get_object_element (regular, 2), "family");
  g_assert_cmpstr (member_string (family, "contact.due"), ==, "2026-12-18T22:00:00+01:00");

  /* The visits of a family, held or not, with what each was. */
  reply = call (fixture, "GET", "/api/v1/families/f-tech", NULL, 200, &node);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply, "bookings")), ==,
                    3);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (
                   json_object_get_array_member (reply, "bookings"), 0), "held"));
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (
                    json_object_get_array_member (reply, "bookings"), 1), "held"));
  g_assert_cmpstr (member_string (json_array_get_object_element (json_object_get_array_member (reply,
                                                                                              "bookings"),
                                                                 1), "outcome"), ==,
                   "technical-failure");
  reply = call (fixture, "GET", "/api/v1/families/f-ok", NULL, 200, &node);
  g_assert_cmpstr (member_string (reply, "contact.state"), ==, "ok");

  /* By site: the community site or the prison's; none at Split. */
  reply = call (fixture, "GET", "/api/v1/families/due?site=split-centre", NULL, 200, &node);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply, "first_week")),
                    ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply, "regular")), ==,
                    0);
  reply = call (fixture, "GET", "/api/v1/families/due?site=lepoglava", NULL, 200, &node);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply, "regular")), ==,
                    3);
  reply = call (fixture, "GET", "/api/v1/families/due?site=atlantis", NULL, 400, &node);
  g_assert_cmpstr (refusal (reply, "site"), ==, "unknown-site");
}

/* November 2026 at zagreb-centre, worked out by hand:
 *
 * - new families: f-a (admitted 3 Nov), f-b (10 Nov), f-d (25 Nov) = 3;
 *   f-c came in October. Contact in the first week: f-a only (5 Nov,
 *   before its first week ends with 10 Nov); f-b's first held visit is 20
 *   Nov, after its first week (which ends with 17 Nov); f-d has none.
 *   Share 1/3.
 * - days between held visits, intervals ending in November: 0-3 (f-a: 5,
 *   8, 12, 15 Nov) 3, 4, 3: median 3; 4-7 (f-b: 20, 27 Nov; the no-show
 *   and the technical failure are not held) 7; 8-12 (f-c: 25 Oct, 1 Nov,
 *   15 Nov) 7 and 14: median 10.5; 13-17 none.
 * - visits in November, not cancelled: f-a 4 (its cancelled 10 Nov one
 *   does not count), f-b 4, f-c 2 = 10; within the rules: all but f-a's
 *   15 Nov, booked with an override: 9, share 0.9.
 *
 * f-e at split-centre is another site's. */
static const char report_rows[] =
  "INSERT INTO fam (id, admitted, band) VALUES"
  "  ('f-a', '2026-11-03', '0-3'), ('f-b', '2026-11-10', '4-7'),"
  "  ('f-c', '2026-10-20', '8-12'), ('f-d', '2026-11-25', '0-3');"
  "INSERT INTO fam (id, admitted, band, site) VALUES ('f-e', '2026-11-02', '0-3', 'split-centre');"
  "INSERT INTO b (id, family, start, minutes, outcome, category, cancelled, override) VALUES"
  "  ('a1', 'f-a', '2026-11-05 09:00:00', 15, 'completed', NULL, 0, ''),"
  "  ('a2', 'f-a', '2026-11-08 09:00:00', 15, 'completed', NULL, 0, ''),"
  "  ('a-x', 'f-a', '2026-11-10 09:00:00', 15, NULL, NULL, 1, ''),"
  "  ('a3', 'f-a', '2026-11-12 09:00:00', 15, 'ended-by-staff', 'child-upset', 0, ''),"
  "  ('a4', 'f-a', '2026-11-15 09:00:00', 45, 'completed', NULL, 0, 'Court order'),"
  "  ('b1', 'f-b', '2026-11-12 09:00:00', 20, 'no-show', NULL, 0, ''),"
  "  ('b2', 'f-b', '2026-11-14 09:00:00', 20, 'technical-failure', NULL, 0, ''),"
  "  ('b3', 'f-b', '2026-11-20 09:00:00', 20, 'completed', NULL, 0, ''),"
  "  ('b4', 'f-b', '2026-11-27 09:00:00', 20, 'completed', NULL, 0, ''),"
  "  ('c1', 'f-c', '2026-10-25 09:00:00', 30, 'completed', NULL, 0, ''),"
  "  ('c2', 'f-c', '2026-11-01 09:00:00', 30, 'completed', NULL, 0, ''),"
  "  ('c3', 'f-c', '2026-11-15 09:00:00', 30, 'completed', NULL, 0, ''),"
  "  ('e1', 'f-e', '2026-11-03 09:00:00', 15, 'completed', NULL, 0, '');";

static JsonObject *
report_of (JsonObject *reply,
           const char *site)
{
  JsonArray *reports = json_object_get_array_member (reply, "reports");

  for (guint i = 0; i < json_array_get_length (reports); i++)
    {
      JsonObject *report = json_array_get_object_element (reports, i);

      if (g_str_equal (json_object_get_string_member (report, "site"), site))
        return report;
    }
  g_error ("No report of %s", site);
  return NULL;
}

static double
member_double (JsonObject *object,
               const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  guint n = g_strv_length (parts);

  for (guint i = 0; i + 1 < n; i++)
    object = json_object_get_object_member (object, parts[i]);
  return json_object_get_double_member (object, parts[n - 1]);
}

static gboolean
member_is_null (JsonObject *object,
                const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  guint n = g_strv_length (parts);

  for (guint i = 0; i + 1 < n; i++)
    object = json_object_get_object_member (object, parts[i]);
  return json_node_is_null (json_object_get_member (object, parts[n - 1]));
}

static void
test_report (Fixture       *fixture,
             gconstpointer  user_data)
{
  KvTestServer *server = &fixture->server;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *split_cookie = NULL, *split_csrf = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(KvTestReply) staff_reply = { 0 };
  JsonObject *reply, *report;
  guint status;

  add_places (fixture);
  seed (fixture, report_rows);

  reply = call (fixture, "GET", "/api/v1/reports/families?month=2026-11", NULL, 200, &node);
  g_assert_cmpstr (member_string (reply, "month"), ==, "2026-11");
  /* Community sites only: the prison is not one. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply, "reports")), ==,
                    2);
  report = report_of (reply, "zagreb-centre");
  g_assert_cmpstr (member_string (report, "month"), ==, "2026-11");
  g_assert_cmpint (member_int (report, "new_families"), ==, 3);
  g_assert_cmpint (member_int (report, "first_week_contact"), ==, 1);
  g_assert_cmpfloat_with_epsilon (member_double (report, "first_week_share"), 1.0 / 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (member_double (report, "median_days_between.0-3"), 3.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (member_double (report, "median_days_between.4-7"), 7.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (member_double (report, "median_days_between.8-12"), 10.5,
                                  1e-9);
  g_assert_true (member_is_null (report, "median_days_between.13-17"));
  g_assert_cmpint (member_int (report, "intervals.0-3"), ==, 3);
  g_assert_cmpint (member_int (report, "intervals.4-7"), ==, 1);
  g_assert_cmpint (member_int (report, "intervals.8-12"), ==, 2);
  g_assert_cmpint (member_int (report, "intervals.13-17"), ==, 0);
  g_assert_cmpint (member_int (report, "visits"), ==, 10);
  g_assert_cmpint (member_int (report, "visits_within_rules"), ==, 9);
  g_assert_cmpfloat_with_epsilon (member_double (report, "within_rules_share"), 0.9, 1e-9);
  report = report_of (reply, "split-centre");
  g_assert_cmpint (member_int (report, "new_families"), ==, 1);
  g_assert_cmpint (member_int (report, "visits"), ==, 1);

  /* A month with nothing: shares undefined, not 0. */
  reply = call (fixture, "GET", "/api/v1/reports/families?month=2027-01&site=zagreb-centre",
                NULL, 200, &node);
  report = report_of (reply, "zagreb-centre");
  g_assert_cmpint (member_int (report, "new_families"), ==, 0);
  g_assert_true (member_is_null (report, "first_week_share"));
  g_assert_true (member_is_null (report, "within_rules_share"));

  csv = kv_test_http_get (server, "/api/v1/reports/families?month=2026-11&site=zagreb-centre"
                          "&format=csv", &status);
  g_assert_cmpuint (status, ==, 200);
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==,
                   "\"month\",\"site\",\"new_families\",\"first_week_contact\","
                   "\"first_week_share\",\"median_days_0_3\",\"median_days_4_7\","
                   "\"median_days_8_12\",\"median_days_13_17\",\"visits\","
                   "\"visits_within_rules\",\"within_rules_share\"");
  g_assert_cmpstr (lines[1], ==,
                   "\"2026-11\",\"zagreb-centre\",\"3\",\"1\",\"0.333\",\"3.00\",\"7.00\","
                   "\"10.50\",\"\",\"10\",\"9\",\"0.900\"");
  g_assert_cmpstr (lines[2], ==, "");

  /* Refused: a bad month, an unknown site, a site the caller does not
   * cover. */
  reply = call (fixture, "GET", "/api/v1/reports/families?month=2026-13", NULL, 400, &node);
  g_assert_cmpstr (refusal (reply, "month"), ==, "bad-month");
  reply = call (fixture, "GET", "/api/v1/reports/families", NULL, 400, &node);
  g_assert_cmpstr (refusal (reply, "month"), ==, "bad-month");
  reply = call (fixture, "GET", "/api/v1/reports/families?month=2026-11&site=atlantis", NULL,
                400, &node);
  g_assert_cmpstr (refusal (reply, "site"), ==, "unknown-site");
  kv_test_staff_add (server, "split-coord", "[\"coordinator\"]", "[\"split-centre\"]", PASSWORD);
  g_assert_true (kv_test_staff_sign_in (server, "split-coord", PASSWORD, &split_cookie,
                                        &split_csrf));
  kv_test_request (server, "GET", "/api/v1/reports/families?month=2026-11&site=zagreb-centre",
                   NULL, NULL, split_cookie, split_csrf, &staff_reply);
  g_assert_cmpuint (staff_reply.status, ==, 403);
  kv_test_reply_clear (&staff_reply);
  kv_test_request (server, "GET", "/api/v1/reports/families?month=2026-11", NULL, NULL,
                   split_cookie, split_csrf, &staff_reply);
  g_assert_cmpuint (staff_reply.status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (staff_reply.body),
                                                                         "reports")), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* Sunday 6 December 2026, 10:00 in Zagreb. */
  g_test_add ("/server/families/add", Fixture, "2026-12-06T09:00:00Z", fixture_set_up, test_add,
              fixture_tear_down);
  g_test_add ("/server/families/change-and-archive", Fixture, "2026-12-06T09:00:00Z",
              fixture_set_up, test_change_and_archive, fixture_tear_down);
  g_test_add ("/server/families/bad-input", Fixture, "2026-12-06T09:00:00Z", fixture_set_up,
              test_bad_input, fixture_tear_down);
  g_test_add ("/server/families/scope", Fixture, "2026-12-06T09:00:00Z", fixture_set_up,
              test_scope, fixture_tear_down);
  g_test_add ("/server/families/due", Fixture, "2026-12-20T12:00:00Z", fixture_set_up, test_due,
              fixture_tear_down);
  g_test_add ("/server/families/report", Fixture, "2026-12-20T12:00:00Z", fixture_set_up,
              test_report, fixture_tear_down);

  return g_test_run ();
}
