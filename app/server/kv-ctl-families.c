/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisitctl"

#include "config.h"

#include "kv-ctl-families.h"

#include "kv-ctl-family-text.h"
#include "kv-ctl-local-times.h"

#include <stdio.h>
#include <string.h>

/* kinvisitctl's commands for the family record (/api/v1/families): adding
 * one and seeing the visit proposed for it, listing, showing, changing and
 * archiving them. (Proposals, the due list and booking the next visit are
 * in kv-ctl-family-contact.c.) The server checks everything but the
 * command line itself; its refusals are printed as they come. */

/* "/api/v1/families/<id><suffix>" */
static char *
family_path (const char *id,
             const char *suffix)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strdup_printf ("/api/v1/families/%s%s", escaped, suffix);
}

static void
add_string_array (JsonBuilder *builder,
                  const char  *name,
                  GPtrArray   *values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < values->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (values, i));
  json_builder_end_array (builder);
}

/* --child LABEL:BAND, repeated, as "children". The band itself is the
 * server's to check; only the colon is ours. */
static gboolean
add_children (JsonBuilder *builder,
              GPtrArray   *children,
              int         *out_exit)
{
  json_builder_set_member_name (builder, "children");
  json_builder_begin_array (builder);
  for (guint i = 0; i < children->len; i++)
    {
      const char *child = g_ptr_array_index (children, i);
      const char *colon = strrchr (child, ':');
      g_autofree char *label = NULL;

      if (colon == NULL || colon == child || colon[1] == '\0')
        {
          *out_exit = kv_ctl_usage_error ("--child %s: write the child's label, a colon and the "
                                          "age band, like Lena:0-3 (bands: 0-3, 4-7, 8-12, "
                                          "13-17)", child);
          return FALSE;
        }
      label = g_strndup (child, colon - child);
      json_builder_begin_object (builder);
      kv_ctl_add_string (builder, "label", label);
      kv_ctl_add_string (builder, "age_band", colon + 1);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return TRUE;
}

static char *
join_array (JsonArray *array)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "",
                                json_node_get_string (node));
    }
  return g_strdup (text->len > 0 ? text->str : "-");
}

/* The family as staff read it: who, where, since when, its rules and
 * where its contact stands; @headline ("added"), if any, says what just
 * happened to it. */
static void
print_family (JsonObject      *family,
              const char      *headline,
              KvCtlLocalTimes *times)
{
  JsonArray *kiosks = kv_ctl_member_array (family, "prison_kiosks");
  g_autofree char *who = kv_ctl_family_text_who (family);
  g_autofree char *kiosk_text = join_array (kiosks);
  g_autofree char *admitted = kv_ctl_local_times_date (kv_ctl_member_string (family,
                                                                             "admitted_on"));
  g_autofree char *rules = kv_ctl_family_text_rules (family);
  g_autofree char *rules_label = g_strdup_printf ("Rules (%s):", kv_ctl_member_string (family,
                                                                                      "age_band"));
  g_autofree char *contact = kv_ctl_family_text_contact (family, times);
  g_autofree char *last_held = kv_ctl_family_text_last_held (family, times);

  if (headline != NULL)
    printf ("Family %s %s: %s\n", kv_ctl_member_string (family, "id"), headline, who);
  else
    printf ("Family %s: %s\n", kv_ctl_member_string (family, "id"), who);
  printf ("  %-17s %s\n", "Community site:", kv_ctl_member_string (family, "community_site"));
  printf ("  %-17s %s\n", kiosks != NULL && json_array_get_length (kiosks) > 1
                            ? "Prison kiosks:" : "Prison kiosk:", kiosk_text);
  printf ("  %-17s %s\n", "Admitted:", admitted);
  printf ("  %-17s %s\n", rules_label, rules);
  printf ("  %-17s %s\n", "Contact:", contact);
  printf ("  %-17s %s\n", "Last visit held:", last_held);
}

/* family add --parent LABEL --child LABEL:BAND [--child ...] --admitted DATE
 *   --prison-kiosk ID [--prison-kiosk ...] --community-site ID [--id ID] */
int
kv_ctl_family_add (KvCtl *ctl,
                   int    argc,
                   char **argv)
{
  g_autofree char *parent = NULL, *admitted = NULL, *community_site = NULL, *id = NULL;
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) kiosks = g_ptr_array_new_with_free_func (g_free);
  const KvCtlOption options[] = {
    { "--parent", &parent }, { "--admitted", &admitted }, { "--community-site", &community_site },
    { "--id", &id }, { "--child", NULL, NULL, children }, { "--prison-kiosk", NULL, NULL, kiosks },
    { NULL }
  };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(KvCtlLocalTimes) times = NULL;
  g_autofree char *proposal_text = NULL;
  JsonObject *family;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, options, positional, &status))
    return status;
  if (positional->len != 0)
    return kv_ctl_usage_error ("family add takes options only");
  if (parent == NULL || children->len == 0 || admitted == NULL || kiosks->len == 0 ||
      community_site == NULL)
    return kv_ctl_usage_error ("family add needs --parent LABEL, --child LABEL:BAND (once a "
                               "child), --admitted YYYY-MM-DD, --prison-kiosk ID and "
                               "--community-site ID");
  json_builder_begin_object (builder);
  kv_ctl_add_string (builder, "id", id);
  kv_ctl_add_string (builder, "parent_label", parent);
  kv_ctl_add_string (builder, "admitted_on", admitted);
  kv_ctl_add_string (builder, "community_site", community_site);
  add_string_array (builder, "prison_kiosks", kiosks);
  if (!add_children (builder, children, &status))
    return status;
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  if (!kv_ctl_request (ctl, "POST", "/api/v1/families", body, "family", &reply, NULL, &status))
    return status;
  if (ctl->json)
    {
      kv_ctl_print_json (reply);
      return KV_CTL_EXIT_OK;
    }
  family = kv_ctl_member_object (json_node_get_object (reply), "family");
  times = kv_ctl_local_times_load (ctl, kv_ctl_member_string (family, "community_site"));
  print_family (family, "added", times);
  proposal_text = kv_ctl_family_text_proposal (family,
                                               kv_ctl_member_object (json_node_get_object (reply),
                                                                     "proposal"),
                                               "", FALSE, times);
  printf ("%s", proposal_text);
  return KV_CTL_EXIT_OK;
}

/* family list [--site ID] [--archived] */
int
kv_ctl_family_list (KvCtl *ctl,
                    int    argc,
                    char **argv)
{
  const char * const headers[] = { "ID", "PARENT", "CHILDREN", "COMMUNITY SITE", "PRISON KIOSKS",
                                   "ADMITTED", "CONTACT", NULL };
  g_autofree char *site = NULL;
  gboolean archived = FALSE;
  const KvCtlOption options[] = { { "--site", &site }, { "--archived", NULL, &archived },
                                  { NULL } };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GString) path = g_string_new ("/api/v1/families");
  g_autoptr(JsonNode) reply = NULL;
  JsonArray *families;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, options, positional, &status))
    return status;
  if (positional->len != 0)
    return kv_ctl_usage_error ("family list takes options only");
  if (site != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (site, NULL, FALSE);

      g_string_append_printf (path, "?site=%s", escaped);
    }
  if (archived)
    g_string_append (path, site != NULL ? "&archived=1" : "?archived=1");
  if (!kv_ctl_request (ctl, "GET", path->str, NULL, "family list", &reply, NULL, &status))
    return status;
  if (ctl->json)
    {
      kv_ctl_print_json (reply);
      return KV_CTL_EXIT_OK;
    }
  families = kv_ctl_reply_array (reply, "families");
  for (guint i = 0; families != NULL && i < json_array_get_length (families); i++)
    {
      JsonObject *family = json_array_get_object_element (families, i);
      char **row;

      if (family == NULL)
        continue;
      row = g_new0 (char *, 8);
      row[0] = g_strdup (kv_ctl_member_string (family, "id"));
      row[1] = g_strdup (kv_ctl_member_string (family, "parent_label"));
      row[2] = kv_ctl_family_text_children (family);
      row[3] = g_strdup (kv_ctl_member_string (family, "community_site"));
      row[4] = join_array (kv_ctl_member_array (family, "prison_kiosks"));
      row[5] = g_strdup (kv_ctl_member_string (family, "admitted_on"));
      row[6] = kv_ctl_family_text_contact_brief (family);
      g_ptr_array_add (rows, row);
    }
  if (rows->len == 0)
    printf ("No families%s.\n", site != NULL ? " at this site" : "");
  else
    kv_ctl_print_table (headers, rows);
  return KV_CTL_EXIT_OK;
}

/* One line of the family's bookings. */
static char **
booking_row (JsonObject      *booking,
             KvCtlLocalTimes *times)
{
  char **row = g_new0 (char *, 6);
  const char *outcome = kv_ctl_member_string (booking, "outcome");
  const char *override = kv_ctl_member_string (booking, "rules_override");
  gboolean settled = *outcome != '\0' && !g_str_equal (outcome, "none");

  row[0] = g_strdup (kv_ctl_member_string (booking, "id"));
  row[1] = kv_ctl_local_times_span (times, kv_ctl_member_string (booking, "start"),
                                    kv_ctl_member_string (booking, "end"));
  row[2] = g_strdup (settled ? outcome : kv_ctl_member_string (booking, "state"));
  row[3] = g_strdup (!settled ? "-"
                     : json_object_get_boolean_member_with_default (booking, "held", FALSE)
                       ? "yes" : "no");
  row[4] = g_strdup (*override != '\0' ? override : "-");
  return row;
}

/* family show ID */
int
kv_ctl_family_show (KvCtl *ctl,
                    int    argc,
                    char **argv)
{
  const char * const headers[] = { "BOOKING", "WHEN", "STATE", "HELD", "OUTSIDE THE AGE RULES",
                                   NULL };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(KvCtlLocalTimes) times = NULL;
  g_autofree char *path = NULL;
  g_autofree char *created = NULL;
  JsonObject *family;
  JsonObject *contact;
  JsonArray *bookings;
  const char *state;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, NULL, positional, &status))
    return status;
  if (positional->len != 1)
    return kv_ctl_usage_error ("family show needs exactly one family ID");
  path = family_path (g_ptr_array_index (positional, 0), "");
  if (!kv_ctl_request (ctl, "GET", path, NULL, "family", &reply, NULL, &status))
    return status;
  if (ctl->json)
    {
      kv_ctl_print_json (reply);
      return KV_CTL_EXIT_OK;
    }
  family = json_node_get_object (reply);
  times = kv_ctl_local_times_load (ctl, kv_ctl_member_string (family, "community_site"));
  print_family (family, NULL, times);
  created = kv_ctl_local_times_format (times, kv_ctl_member_string (family, "created"));
  printf ("  %-17s %s by %s\n", "Added:", created, kv_ctl_member_string (family, "created_by"));

  bookings = kv_ctl_member_array (family, "bookings");
  for (guint i = 0; bookings != NULL && i < json_array_get_length (bookings); i++)
    if (json_array_get_object_element (bookings, i) != NULL)
      g_ptr_array_add (rows, booking_row (json_array_get_object_element (bookings, i), times));
  printf ("\n");
  if (rows->len == 0)
    printf ("No visits booked yet.\n");
  else
    kv_ctl_print_table (headers, rows);

  contact = kv_ctl_member_object (family, "contact");
  state = kv_ctl_member_string (contact, "state");
  if (!json_object_get_boolean_member_with_default (family, "archived", FALSE) &&
      (g_str_equal (state, "first-due") || g_str_equal (state, "due")) &&
      kv_ctl_member_object (contact, "next_booked") == NULL)
    printf ("\nThe next free slot: kinvisitctl family propose %s\n",
            kv_ctl_member_string (family, "id"));
  return KV_CTL_EXIT_OK;
}

/* family edit ID [--parent ..] [--child ..]... [--admitted ..]
 *   [--prison-kiosk ..]... [--community-site ..]: children and prison
 * kiosks, when given, replace the old ones. */
int
kv_ctl_family_edit (KvCtl *ctl,
                    int    argc,
                    char **argv)
{
  g_autofree char *parent = NULL, *admitted = NULL, *community_site = NULL;
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) kiosks = g_ptr_array_new_with_free_func (g_free);
  const KvCtlOption options[] = {
    { "--parent", &parent }, { "--admitted", &admitted }, { "--community-site", &community_site },
    { "--child", NULL, NULL, children }, { "--prison-kiosk", NULL, NULL, kiosks }, { NULL }
  };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(KvCtlLocalTimes) times = NULL;
  g_autofree char *path = NULL;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, options, positional, &status))
    return status;
  if (positional->len != 1)
    return kv_ctl_usage_error ("family edit needs exactly one family ID");
  if (parent == NULL && admitted == NULL && community_site == NULL && children->len == 0 &&
      kiosks->len == 0)
    return kv_ctl_usage_error ("family edit needs something to change: --parent, --child, "
                               "--admitted, --prison-kiosk or --community-site");
  json_builder_begin_object (builder);
  kv_ctl_add_string (builder, "parent_label", parent);
  kv_ctl_add_string (builder, "admitted_on", admitted);
  kv_ctl_add_string (builder, "community_site", community_site);
  if (kiosks->len > 0)
    add_string_array (builder, "prison_kiosks", kiosks);
  if (children->len > 0 && !add_children (builder, children, &status))
    return status;
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  path = family_path (g_ptr_array_index (positional, 0), "");
  if (!kv_ctl_request (ctl, "PATCH", path, body, "family", &reply, NULL, &status))
    return status;
  if (ctl->json)
    {
      kv_ctl_print_json (reply);
      return KV_CTL_EXIT_OK;
    }
  times = kv_ctl_local_times_load (ctl, kv_ctl_member_string (json_node_get_object (reply),
                                                              "community_site"));
  print_family (json_node_get_object (reply), "changed", times);
  return KV_CTL_EXIT_OK;
}

/* family archive ID */
int
kv_ctl_family_archive (KvCtl *ctl,
                       int    argc,
                       char **argv)
{
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *path = NULL;
  g_autofree char *who = NULL;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, NULL, positional, &status))
    return status;
  if (positional->len != 1)
    return kv_ctl_usage_error ("family archive needs exactly one family ID");
  path = family_path (g_ptr_array_index (positional, 0), "/archive");
  if (!kv_ctl_request (ctl, "POST", path, NULL, "archive", &reply, NULL, &status))
    return status;
  if (ctl->json)
    {
      kv_ctl_print_json (reply);
      return KV_CTL_EXIT_OK;
    }
  who = kv_ctl_family_text_who (json_node_get_object (reply));
  printf ("Family %s archived: %s. It is no longer in the due lists or proposals; its "
          "bookings stay.\n", kv_ctl_member_string (json_node_get_object (reply), "id"), who);
  return KV_CTL_EXIT_OK;
}
