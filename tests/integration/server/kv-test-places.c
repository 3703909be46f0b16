/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-test-places.h"

/* The places a test sets up through the admin API (sites in
 * Europe/Zagreb, kiosks on them), and reading a reply's members by a
 * dotted path ("rules.default_minutes"). */

/* Site @id, "Site @id", in Europe/Zagreb. */
void
kv_test_places_add_site (KvTestServer *server,
                         const char   *id)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"name\":\"Site %s\","
                                           "\"time_zone\":\"Europe/Zagreb\"}", id, id);

  kv_test_call (server, "POST", "/api/v1/sites", body, 201, &node);
}

/* Kiosk @id of @role, on @site unless %NULL. */
void
kv_test_places_add_kiosk (KvTestServer *server,
                          const char   *id,
                          const char   *role,
                          const char   *site)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/kiosks/%s", id);
  g_autofree char *body = g_strdup_printf ("{\"site\":\"%s\"}", site);

  g_free (kv_test_add_kiosk (server, id, role));
  if (site != NULL)
    kv_test_call (server, "PATCH", path, body, 200, &node);
}

/* The object that holds the last part of @path, whose name goes to
 * @out_name. */
static JsonObject *
walk (JsonObject  *object,
      const char  *path,
      char       **out_name)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  guint n = g_strv_length (parts);

  for (guint i = 0; i + 1 < n; i++)
    object = json_object_get_object_member (object, parts[i]);
  *out_name = g_strdup (parts[n - 1]);
  return object;
}

gint64
kv_test_places_member_int (JsonObject *object,
                           const char *path)
{
  g_autofree char *name = NULL;

  object = walk (object, path, &name);
  return json_object_get_int_member (object, name);
}

/* (nullable): the string, or %NULL when the member is missing */
const char *
kv_test_places_member_string (JsonObject *object,
                              const char *path)
{
  g_autofree char *name = NULL;

  object = walk (object, path, &name);
  return json_object_get_string_member_with_default (object, name, NULL);
}
