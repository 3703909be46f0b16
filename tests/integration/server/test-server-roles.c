/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-admin-permissions.h"
#include "kv-test-staff.h"

#include <string.h>

/* The role x endpoint matrix: for every row of the permission table and
 * every single role, an account holding only that role calls the route
 * with its session cookie and CSRF token. A refusal must be 403 with an
 * audit row `forbidden` in the account's name; an allowed call must not
 * be refused (400 or 404 for an empty body or a made-up id is fine). The
 * table is walked itself, so a new row is tested the day it is written;
 * the expected answer comes from the roles written here, not from the
 * code under test. */

#define PASSWORD "role matrix password"
#define MISSING_ID "no-such-thing"

typedef struct
{
  KvStaffRoles  role;
  const char   *account;
  char         *cookie;
  char         *csrf;
} Account;

typedef struct
{
  KvTestServer server;
  Account      accounts[4];
} Fixture;

static void
sign_in (Fixture *fixture,
         Account *account)
{
  g_clear_pointer (&account->cookie, g_free);
  g_clear_pointer (&account->csrf, g_free);
  g_assert_true (kv_test_staff_sign_in (&fixture->server, account->account, PASSWORD,
                                        &account->cookie, &account->csrf));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static const struct { KvStaffRoles role; const char *account; } roles[] = {
    { KV_STAFF_ROLE_OFFICER, "only-officer" },
    { KV_STAFF_ROLE_COORDINATOR, "only-coordinator" },
    { KV_STAFF_ROLE_SCHEDULER, "only-scheduler" },
    { KV_STAFF_ROLE_ADMIN, "only-admin" },
  };

  kv_test_server_start (&fixture->server, "2026-12-01T09:00:00Z");
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autofree char *role_json = g_strdup_printf ("[\"%s\"]",
                                                    kv_staff_role_to_string (roles[i].role));

      fixture->accounts[i].role = roles[i].role;
      fixture->accounts[i].account = roles[i].account;
      kv_test_staff_add (&fixture->server, roles[i].account, role_json, NULL, PASSWORD);
      sign_in (fixture, &fixture->accounts[i]);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (fixture->accounts); i++)
    {
      g_free (fixture->accounts[i].cookie);
      g_free (fixture->accounts[i].csrf);
    }
  kv_test_server_clear (&fixture->server);
}

/* Who may call what, as the documentation says it (docs/server.md), written
 * out again here so the test does not take the table's word for it. */
static gboolean
expected_allowed (const char   *method,
                  const char   *route,
                  KvStaffRoles  role)
{
  gboolean is_read = g_str_equal (method, "GET");

  /* Signing in and out, and what every console shows: anyone. */
  if (g_str_equal (route, "session") || g_str_equal (route, "events"))
    return TRUE;
  if (is_read && (g_str_equal (route, "sites") || g_str_equal (route, "sites/*") ||
                  g_str_equal (route, "kiosks")))
    return TRUE;
  if (g_str_has_prefix (route, "staff") || g_str_has_prefix (route, "sites") ||
      g_str_has_prefix (route, "kiosks") || g_str_has_prefix (route, "audit") ||
      g_str_equal (route, "purge"))
    return role == KV_STAFF_ROLE_ADMIN;
  if ((g_str_equal (route, "templates") || g_str_equal (route, "templates/*")) && is_read)
    return role == KV_STAFF_ROLE_SCHEDULER || role == KV_STAFF_ROLE_ADMIN;
  if (g_str_has_prefix (route, "templates"))
    return role == KV_STAFF_ROLE_ADMIN;
  if (g_str_equal (route, "slots") || g_str_equal (route, "reports"))
    return role == KV_STAFF_ROLE_SCHEDULER || role == KV_STAFF_ROLE_ADMIN;
  /* Families: read by who follows them (coordinators) and who plans and
   * runs visits; changed by schedulers. The contact report likewise. */
  if (g_str_equal (route, "reports/families") ||
      (g_str_has_prefix (route, "families") && is_read))
    return role == KV_STAFF_ROLE_COORDINATOR || role == KV_STAFF_ROLE_SCHEDULER ||
           role == KV_STAFF_ROLE_ADMIN;
  if (g_str_has_prefix (route, "families"))
    return role == KV_STAFF_ROLE_SCHEDULER;
  if (g_str_has_prefix (route, "bookings") || g_str_has_prefix (route, "sessions"))
    {
      if (is_read)
        return TRUE;
      if (g_str_has_prefix (route, "bookings"))
        return role == KV_STAFF_ROLE_SCHEDULER;
      return role == KV_STAFF_ROLE_OFFICER || role == KV_STAFF_ROLE_COORDINATOR;
    }
  g_error ("The test does not know route %s %s: add it to expected_allowed()", method, route);
  return FALSE;
}

static char *
route_to_path (const char *route)
{
  g_auto(GStrv) parts = g_strsplit (route, "/", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_equal (parts[i], "*"))
      {
        g_free (parts[i]);
        parts[i] = g_strdup (MISSING_ID);
      }
  return g_strjoinv ("/", parts);
}

static void
test_matrix (Fixture       *fixture,
             gconstpointer  data)
{
  KvTestServer *server = &fixture->server;
  gsize n_rows;
  const KvAdminPermission *table = kv_admin_permissions_get_table (&n_rows);
  guint n_forbidden = 0, n_allowed = 0;

  g_assert_cmpuint (n_rows, >=, 37);
  for (gsize row = 0; row < n_rows; row++)
    for (guint a = 0; a < G_N_ELEMENTS (fixture->accounts); a++)
      {
        Account *account = &fixture->accounts[a];
        const KvAdminPermission *permission = &table[row];
        g_autofree char *route_path = route_to_path (permission->route);
        g_autofree char *path = g_strconcat ("/api/v1/", route_path, NULL);
        g_autofree char *actor = g_strconcat ("staff:", account->account, NULL);
        g_autofree char *details = g_strdup_printf ("%s %s:", permission->method, path);
        gboolean is_read = g_str_equal (permission->method, "GET");
        gboolean allowed = expected_allowed (permission->method, permission->route, account->role);
        guint audited_before = kv_test_count_audit (server, actor, "forbidden", details);
        g_auto(KvTestReply) reply = { 0 };

        g_test_message ("%s %s as %s", permission->method, path,
                        kv_staff_role_to_string (account->role));
        kv_test_request (server, permission->method, path, is_read ? NULL : "{}", NULL,
                         account->cookie, account->csrf, &reply);
        if (allowed)
          {
            g_assert_cmpuint (reply.status, !=, 403);
            g_assert_cmpuint (reply.status, !=, 401);
            g_assert_cmpuint (kv_test_count_audit (server, actor, "forbidden", details), ==,
                              audited_before);
            n_allowed++;
          }
        else
          {
            g_assert_cmpuint (reply.status, ==, 403);
            g_assert_cmpstr (kv_test_reply_error_code (&reply), ==, "forbidden");
            g_assert_cmpuint (kv_test_count_audit (server, actor, "forbidden", details), ==,
                              audited_before + 1);
            n_forbidden++;
          }
        /* Signing out ends the session the next rows need. */
        if (g_str_equal (permission->route, "session") &&
            g_str_equal (permission->method, "DELETE"))
          sign_in (fixture, account);
      }
  g_assert_cmpuint (n_allowed, >, 0);
  g_assert_cmpuint (n_forbidden, >, 0);
}

/* The table's rows are unique, and the admin token passes every one. */
static void
test_table (Fixture       *fixture,
            gconstpointer  data)
{
  gsize n_rows;
  const KvAdminPermission *table = kv_admin_permissions_get_table (&n_rows);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (gsize row = 0; row < n_rows; row++)
    {
      g_autofree char *path = route_to_path (table[row].route);
      g_auto(GStrv) parts = g_strsplit (path, "/", -1);
      char *key = g_strdup_printf ("%s %s", table[row].method, table[row].route);
      g_autoptr(KvAdminCaller) admin = kv_admin_caller_new_admin_token ();

      g_assert_false (g_hash_table_contains (seen, key));
      g_hash_table_add (seen, key);
      g_assert_true (kv_admin_permissions_lookup (table[row].method, (const char * const *) parts,
                                                  g_strv_length (parts)) == &table[row]);
      g_assert_true (kv_admin_permissions_allows (&table[row], admin,
                                                  (const char * const *) parts));
    }
}

/* A route the table does not list is refused to every staff account,
 * admins too, and audited; the admin token gets the router's 404. */
static void
test_unlisted (Fixture       *fixture,
               gconstpointer  data)
{
  static const struct { const char *method; const char *path; } unlisted[] = {
    { "GET", "/api/v1/unlisted" },
    { "POST", "/api/v1/kiosks/" MISSING_ID "/explode" },
    { "DELETE", "/api/v1/staff/" MISSING_ID },
    { "GET", "/api/v1/staff/" MISSING_ID "/password" },
    { "PUT", "/api/v1/bookings" },
  };
  KvTestServer *server = &fixture->server;

  for (guint i = 0; i < G_N_ELEMENTS (unlisted); i++)
    for (guint a = 0; a < G_N_ELEMENTS (fixture->accounts); a++)
      {
        Account *account = &fixture->accounts[a];
        g_autofree char *actor = g_strconcat ("staff:", account->account, NULL);
        g_autofree char *details = g_strdup_printf ("%s %s:", unlisted[i].method,
                                                    unlisted[i].path);
        g_auto(KvTestReply) reply = { 0 };

        kv_test_request (server, unlisted[i].method, unlisted[i].path, NULL, NULL,
                         account->cookie, account->csrf, &reply);
        g_assert_cmpuint (reply.status, ==, 403);
        g_assert_cmpuint (kv_test_count_audit (server, actor, "forbidden", details), ==, 1);
        kv_test_reply_clear (&reply);

        kv_test_request (server, unlisted[i].method, unlisted[i].path, NULL, KV_TEST_ADMIN_TOKEN,
                         NULL, NULL, &reply);
        g_assert_cmpuint (reply.status, ==, 404);
      }
}

/* Without credentials, every route but signing in is 401. */
static void
test_anonymous (Fixture       *fixture,
                gconstpointer  data)
{
  gsize n_rows;
  const KvAdminPermission *table = kv_admin_permissions_get_table (&n_rows);

  for (gsize row = 0; row < n_rows; row++)
    {
      g_autofree char *route_path = route_to_path (table[row].route);
      g_autofree char *path = g_strconcat ("/api/v1/", route_path, NULL);
      g_auto(KvTestReply) reply = { 0 };

      kv_test_request (&fixture->server, table[row].method, path,
                       g_str_equal (table[row].method, "GET") ? NULL : "{}", NULL, NULL, NULL,
                       &reply);
      if (table[row].flags & KV_ADMIN_PERMISSION_PUBLIC)
        g_assert_cmpuint (reply.status, ==, 400);
      else
        g_assert_cmpuint (reply.status, ==, 401);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/roles/matrix", Fixture, NULL, fixture_set_up, test_matrix, fixture_tear_down);
  g_test_add ("/roles/table", Fixture, NULL, fixture_set_up, test_table, fixture_tear_down);
  g_test_add ("/roles/unlisted", Fixture, NULL, fixture_set_up, test_unlisted,
              fixture_tear_down);
  g_test_add ("/roles/anonymous", Fixture, NULL, fixture_set_up, test_anonymous,
              fixture_tear_down);

  return g_test_run ();
}
