/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisitctl"

#include "config.h"

#include "kv-ctl-sites.h"

#include <stdio.h>
#include <string.h>

/* kinvisitctl's commands for sites: their zone, opening hours and closed
 * days, and which site a kiosk stands at. (The age rules and school hours
 * of the children they serve are in kv-ctl-site-rules.c.) */

static JsonNode *
finish_body (JsonBuilder *builder)
{
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* site add ID --name NAME --zone ZONE */
int
kv_ctl_site_add (KvCtl *ctl,
                 int    argc,
                 char **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *zone = NULL;
  const KvCtlOption options[] = { { "--name", &name }, { "--zone", &zone }, { NULL } };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, options, positional, &status))
    return status;
  if (positional->len != 1 || name == NULL || zone == NULL)
    return kv_ctl_usage_error ("site add needs a site ID, --name and --zone (like Europe/Zagreb)");
  json_builder_begin_object (builder);
  kv_ctl_add_string (builder, "id", g_ptr_array_index (positional, 0));
  kv_ctl_add_string (builder, "name", name);
  kv_ctl_add_string (builder, "time_zone", zone);
  body = finish_body (builder);
  if (!kv_ctl_request (ctl, "POST", "/api/v1/sites", body, "site", &reply, NULL, &status))
    return status;
  if (ctl->json)
    kv_ctl_print_json (reply);
  else
    printf ("Site %s added (%s).\n", kv_ctl_member_string (json_node_get_object (reply), "id"),
            kv_ctl_member_string (json_node_get_object (reply), "time_zone"));
  return KV_CTL_EXIT_OK;
}

/* "tue 14:00-18:00, wed 09:00-12:00" */
static char *
describe_hours (JsonObject *site)
{
  JsonArray *hours = kv_ctl_member_array (site, "hours");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; hours != NULL && i < json_array_get_length (hours); i++)
    {
      JsonObject *window = json_array_get_object_element (hours, i);

      if (window == NULL)
        continue;
      g_string_append_printf (text, "%s%s %s-%s", text->len > 0 ? ", " : "",
                              kv_ctl_member_string (window, "weekday"),
                              kv_ctl_member_string (window, "opens"),
                              kv_ctl_member_string (window, "closes"));
    }
  return g_strdup (text->len > 0 ? text->str : "all day");
}

/* site list */
int
kv_ctl_site_list (KvCtl *ctl,
                  int    argc,
                  char **argv)
{
  const char * const headers[] = { "ID", "NAME", "ZONE", "HOURS", "CLOSED", NULL };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(JsonNode) reply = NULL;
  JsonArray *sites;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, NULL, positional, &status))
    return status;
  if (positional->len != 0)
    return kv_ctl_usage_error ("site list takes no arguments");
  if (!kv_ctl_request (ctl, "GET", "/api/v1/sites", NULL, "site list", &reply, NULL, &status))
    return status;
  if (ctl->json)
    {
      kv_ctl_print_json (reply);
      return KV_CTL_EXIT_OK;
    }
  sites = kv_ctl_reply_array (reply, "sites");
  for (guint i = 0; sites != NULL && i < json_array_get_length (sites); i++)
    {
      JsonObject *site = json_array_get_object_element (sites, i);
      JsonArray *closed;
      char **row;
      g_autoptr(GString) days = g_string_new (NULL);

      if (site == NULL)
        continue;
      closed = kv_ctl_member_array (site, "closed_days");
      for (guint j = 0; closed != NULL && j < json_array_get_length (closed); j++)
        if (json_array_get_object_element (closed, j) != NULL)
          g_string_append_printf (days, "%s%s", days->len > 0 ? ", " : "",
                                  kv_ctl_member_string (json_array_get_object_element (closed, j),
                                                        "day"));
      row = g_new0 (char *, 6);
      row[0] = g_strdup (kv_ctl_member_string (site, "id"));
      row[1] = g_strdup (kv_ctl_member_string (site, "name"));
      row[2] = g_strdup (kv_ctl_member_string (site, "time_zone"));
      row[3] = describe_hours (site);
      row[4] = g_strdup (days->len > 0 ? days->str : "-");
      g_ptr_array_add (rows, row);
    }
  kv_ctl_print_table (headers, rows);
  return KV_CTL_EXIT_OK;
}

/* One {"weekday":"tue","opens":"14:00","closes":"18:00"} from "tue" and
 * "14:00-18:00", as a site's opening hours and its school hours both take
 * them; the server checks the day and the times. */
gboolean
kv_ctl_site_add_opening (JsonBuilder *builder,
                         const char  *weekday,
                         const char  *range,
                         int         *out_exit)
{
  const char *dash = strchr (range, '-');
  g_autofree char *opens = NULL;

  if (dash == NULL)
    {
      *out_exit = kv_ctl_usage_error ("%s is not hours like 14:00-18:00", range);
      return FALSE;
    }
  opens = g_strndup (range, dash - range);
  json_builder_begin_object (builder);
  kv_ctl_add_string (builder, "weekday", weekday);
  kv_ctl_add_string (builder, "opens", opens);
  kv_ctl_add_string (builder, "closes", dash + 1);
  json_builder_end_object (builder);
  return TRUE;
}

/* site hours ID [DAY HH:MM-HH:MM]...: the whole week; none at all means
 * open all day, every day. */
int
kv_ctl_site_hours (KvCtl *ctl,
                   int    argc,
                   char **argv)
{
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *hours = NULL;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, NULL, positional, &status))
    return status;
  if (positional->len < 1 || positional->len % 2 != 1)
    return kv_ctl_usage_error ("site hours needs a site ID, then pairs like tue 14:00-18:00");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "hours");
  json_builder_begin_array (builder);
  for (guint i = 1; i < positional->len; i += 2)
    if (!kv_ctl_site_add_opening (builder, g_ptr_array_index (positional, i),
                                  g_ptr_array_index (positional, i + 1), &status))
      return status;
  json_builder_end_array (builder);
  body = finish_body (builder);
  escaped = g_uri_escape_string (g_ptr_array_index (positional, 0), NULL, FALSE);
  path = g_strdup_printf ("/api/v1/sites/%s/hours", escaped);
  if (!kv_ctl_request (ctl, "PUT", path, body, "site hours", &reply, NULL, &status))
    return status;
  if (ctl->json)
    kv_ctl_print_json (reply);
  else
    {
      hours = describe_hours (json_node_get_object (reply));
      printf ("Site %s opens %s.\n", (const char *) g_ptr_array_index (positional, 0), hours);
    }
  return KV_CTL_EXIT_OK;
}

/* site close ID DAY [--reason TEXT] */
int
kv_ctl_site_close (KvCtl *ctl,
                   int    argc,
                   char **argv)
{
  g_autofree char *reason = NULL;
  const KvCtlOption options[] = { { "--reason", &reason }, { NULL } };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, options, positional, &status))
    return status;
  if (positional->len != 2)
    return kv_ctl_usage_error ("site close needs a site ID and a day like 2026-12-25");
  json_builder_begin_object (builder);
  kv_ctl_add_string (builder, "day", g_ptr_array_index (positional, 1));
  kv_ctl_add_string (builder, "reason", reason);
  body = finish_body (builder);
  escaped = g_uri_escape_string (g_ptr_array_index (positional, 0), NULL, FALSE);
  path = g_strdup_printf ("/api/v1/sites/%s/closed-days", escaped);
  if (!kv_ctl_request (ctl, "POST", path, body, "closed day", &reply, NULL, &status))
    return status;
  if (ctl->json)
    kv_ctl_print_json (reply);
  else
    printf ("Site %s is closed on %s.\n", (const char *) g_ptr_array_index (positional, 0),
            (const char *) g_ptr_array_index (positional, 1));
  return KV_CTL_EXIT_OK;
}

/* kiosk set-site ID SITE ("none" takes it off any site) */
int
kv_ctl_kiosk_set_site (KvCtl *ctl,
                       int    argc,
                       char **argv)
{
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;
  const char *site;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, NULL, positional, &status))
    return status;
  if (positional->len != 2)
    return kv_ctl_usage_error ("kiosk set-site needs a kiosk ID and a site ID (or none)");
  site = g_ptr_array_index (positional, 1);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "site");
  if (g_str_equal (site, "none"))
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, site);
  body = finish_body (builder);
  escaped = g_uri_escape_string (g_ptr_array_index (positional, 0), NULL, FALSE);
  path = g_strdup_printf ("/api/v1/kiosks/%s", escaped);
  if (!kv_ctl_request (ctl, "PATCH", path, body, "kiosk", &reply, NULL, &status))
    return status;
  if (ctl->json)
    kv_ctl_print_json (reply);
  else
    printf ("Kiosk %s is at site %s.\n", (const char *) g_ptr_array_index (positional, 0), site);
  return KV_CTL_EXIT_OK;
}

