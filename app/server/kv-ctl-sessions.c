/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisitctl"

#include "config.h"

#include "kv-ctl-sessions.h"

#include <stdio.h>

/* kinvisitctl's session commands: the running visits, one visit's record
 * (how it went, who ended it and why, its pauses and mutes, the child's
 * alerts), and staff ending a visit. */

static gint64
member_int (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

/* "prison, community", or "-" for none. */
static char *
join_strings (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
      {
        JsonNode *element = json_array_get_element (json_node_get_array (node), i);

        if (JSON_NODE_HOLDS_VALUE (element) &&
            json_node_get_value_type (element) == G_TYPE_STRING)
          g_ptr_array_add (parts, (gpointer) json_node_get_string (element));
      }
  if (parts->len == 0)
    return g_strdup ("-");
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

static const char *
or_dash (const char *text)
{
  return text != NULL && *text != '\0' ? text : "-";
}

int
kv_ctl_session_list (KvCtl *ctl,
                     int    argc,
                     char **argv)
{
  const char * const headers[] = { "BOOKING", "STATE", "PRISON", "COMMUNITY", "START", "END",
                                   "LOST", "MAKE-UP", NULL };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(JsonNode) reply = NULL;
  JsonArray *sessions;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, NULL, positional, &status))
    return status;
  if (positional->len != 0)
    return kv_ctl_usage_error ("session list takes no arguments");
  if (!kv_ctl_request (ctl, "GET", "/api/v1/sessions", NULL, "session list", &reply, NULL,
                       &status))
    return status;
  if (ctl->json)
    {
      kv_ctl_print_json (reply);
      return KV_CTL_EXIT_OK;
    }
  sessions = kv_ctl_reply_array (reply, "sessions");
  for (guint i = 0; sessions != NULL && i < json_array_get_length (sessions); i++)
    {
      JsonObject *session = json_array_get_object_element (sessions, i);
      char **row;

      if (session == NULL)
        continue;
      row = g_new0 (char *, 9);
      row[0] = g_strdup (kv_ctl_member_string (session, "booking"));
      row[1] = g_strdup (kv_ctl_member_string (session, "state"));
      row[2] = g_strdup (kv_ctl_member_string (session, "prison"));
      row[3] = g_strdup (kv_ctl_member_string (session, "community"));
      row[4] = kv_ctl_display_time (session, "start");
      row[5] = kv_ctl_display_time (session, "end");
      row[6] = g_strdup_printf ("%" G_GINT64_FORMAT "s", member_int (session, "lost_s"));
      row[7] = g_strdup_printf ("%" G_GINT64_FORMAT "s", member_int (session, "makeup_s"));
      g_ptr_array_add (rows, row);
    }
  kv_ctl_print_table (headers, rows);
  return KV_CTL_EXIT_OK;
}

/* session end BOOKING --category CATEGORY --reason TEXT */
int
kv_ctl_session_end (KvCtl *ctl,
                    int    argc,
                    char **argv)
{
  g_autofree char *reason = NULL;
  g_autofree char *category = NULL;
  const KvCtlOption options[] = { { "--reason", &reason }, { "--category", &category },
                                  { NULL } };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  const char *booking;
  JsonObject *answer;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, options, positional, &status))
    return status;
  if (positional->len != 1 || reason == NULL || category == NULL)
    return kv_ctl_usage_error ("session end needs a booking ID, --category (safeguarding "
                               "stops at once; finished-early, child-upset, adult-unwell, "
                               "technical-problem or other start the goodbye) and --reason TEXT");
  booking = g_ptr_array_index (positional, 0);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "category");
  json_builder_add_string_value (builder, category);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, reason);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  escaped = g_uri_escape_string (booking, NULL, FALSE);
  path = g_strdup_printf ("/api/v1/sessions/%s/end", escaped);
  if (!kv_ctl_request (ctl, "POST", path, body, "session end", &reply, NULL, &status))
    return status;
  if (ctl->json)
    {
      kv_ctl_print_json (reply);
      return KV_CTL_EXIT_OK;
    }
  answer = JSON_NODE_HOLDS_OBJECT (reply) ? json_node_get_object (reply) : NULL;
  if (answer != NULL && g_str_equal (kv_ctl_member_string (answer, "state"), "goodbye"))
    {
      g_autofree char *end = kv_ctl_display_time (answer, "end");

      printf ("Visit %s: the goodbye has started; it ends at %s.\n", booking, end);
    }
  else
    printf ("Visit %s ended by staff.\n", booking);
  return KV_CTL_EXIT_OK;
}

/* Values come from the server, some typed by staff: no control character
 * reaches the terminal, and a reason over several lines stays readable. */
static void
print_field (const char *name,
             const char *value)
{
  g_autofree char *valid = g_utf8_make_valid (or_dash (value), -1);
  GString *safe = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        g_string_append (safe, "\n               ");
      else if (g_unichar_iscntrl (c))
        g_string_append_c (safe, ' ');
      else
        g_string_append_unichar (safe, c);
    }
  printf ("%-14s %s\n", name, safe->str);
  g_string_free (safe, TRUE);
}

static void
print_time_field (JsonObject *record,
                  const char *label,
                  const char *name)
{
  g_autofree char *time = kv_ctl_display_time (record, name);

  print_field (label, time);
}

/* The pauses or mutes of a visit, one row each. */
static void
print_pauses (JsonObject *record,
              const char *name,
              gboolean    with_category)
{
  const char * const pause_headers[] = { "SIDE", "CATEGORY", "FROM", "TO", "SECONDS", "BY",
                                         "ENDED BY", NULL };
  const char * const mute_headers[] = { "SIDE", "FROM", "TO", "SECONDS", "BY", "ENDED BY", NULL };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  JsonNode *node = json_object_get_member (record, name);
  JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node)
                                                                   : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      GPtrArray *row;

      if (entry == NULL)
        continue;
      row = g_ptr_array_new ();
      g_ptr_array_add (row, g_strdup (kv_ctl_member_string (entry, "side")));
      if (with_category)
        g_ptr_array_add (row, g_strdup (kv_ctl_member_string (entry, "category")));
      g_ptr_array_add (row, kv_ctl_display_time (entry, "started"));
      g_ptr_array_add (row, kv_ctl_display_time (entry, "ended"));
      g_ptr_array_add (row, g_strdup_printf ("%" G_GINT64_FORMAT, member_int (entry, "seconds")));
      g_ptr_array_add (row, g_strdup (or_dash (kv_ctl_member_string (entry, "started_by"))));
      g_ptr_array_add (row, g_strdup (or_dash (kv_ctl_member_string (entry, "ended_by"))));
      g_ptr_array_add (row, NULL);
      g_ptr_array_add (rows, g_ptr_array_free (row, FALSE));
    }
  printf ("\n%s: %u\n", with_category ? "Pauses" : "Mutes", rows->len);
  if (rows->len > 0)
    kv_ctl_print_table (with_category ? pause_headers : mute_headers, rows);
}

/* session show BOOKING */
int
kv_ctl_session_show (KvCtl *ctl,
                     int    argc,
                     char **argv)
{
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autofree char *paused = NULL;
  g_autofree char *muted = NULL;
  g_autofree char *absent = NULL;
  g_autofree char *lost = NULL;
  g_autofree char *alerts = NULL;
  JsonObject *record;
  JsonNode *staff_end;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, NULL, positional, &status))
    return status;
  if (positional->len != 1)
    return kv_ctl_usage_error ("session show needs exactly one booking ID");
  escaped = g_uri_escape_string (g_ptr_array_index (positional, 0), NULL, FALSE);
  path = g_strdup_printf ("/api/v1/sessions/%s", escaped);
  if (!kv_ctl_request (ctl, "GET", path, NULL, "session show", &reply, NULL, &status))
    return status;
  if (ctl->json)
    {
      kv_ctl_print_json (reply);
      return KV_CTL_EXIT_OK;
    }
  if (!JSON_NODE_HOLDS_OBJECT (reply))
    return kv_ctl_fail ("session show: the server's answer is not an object");
  record = json_node_get_object (reply);

  print_field ("Booking", kv_ctl_member_string (record, "booking"));
  print_field ("State", kv_ctl_member_string (record, "state"));
  print_field ("Outcome", kv_ctl_member_string (record, "outcome"));
  print_field ("Prison", kv_ctl_member_string (record, "prison"));
  print_field ("Community", kv_ctl_member_string (record, "community"));
  print_time_field (record, "Start", "start");
  print_time_field (record, "Booked end", "booked_end");
  print_time_field (record, "End", "end");
  print_time_field (record, "Goodbye", "goodbye");
  print_time_field (record, "Live since", "live_since");
  print_time_field (record, "Ended at", "ended_at");
  absent = join_strings (record, "absent");
  print_field ("Absent", absent);
  lost = g_strdup_printf ("%" G_GINT64_FORMAT "s lost, %" G_GINT64_FORMAT "s given back",
                          member_int (record, "lost_s"), member_int (record, "makeup_s"));
  print_field ("Time", lost);
  print_field ("Supervised",
               json_object_get_boolean_member_with_default (record, "supervised", FALSE)
                 ? "yes" : "no");
  paused = join_strings (record, "paused");
  print_field ("Paused now", paused);
  muted = join_strings (record, "muted");
  print_field ("Muted now", muted);
  alerts = g_strdup_printf ("%" G_GINT64_FORMAT, member_int (record, "child_alerts"));
  print_field ("Child alerts", alerts);

  staff_end = json_object_get_member (record, "staff_end");
  if (staff_end != NULL && JSON_NODE_HOLDS_OBJECT (staff_end))
    {
      JsonObject *end = json_node_get_object (staff_end);
      g_autofree char *by = NULL;

      by = g_strdup_printf ("%s (%s side)", or_dash (kv_ctl_member_string (end, "by")),
                            *kv_ctl_member_string (end, "side") != '\0'
                              ? kv_ctl_member_string (end, "side") : "no");
      printf ("\n");
      print_field ("Ended by", by);
      print_field ("Category", *kv_ctl_member_string (end, "category") != '\0'
                                 ? kv_ctl_member_string (end, "category")
                                 : "none (stopped at once)");
      print_field ("Reason", kv_ctl_member_string (end, "reason"));
      print_time_field (end, "At", "at");
      print_time_field (end, "Goodbye from", "goodbye_from");
      print_time_field (end, "Goodbye until", "goodbye_until");
    }
  print_pauses (record, "pauses", TRUE);
  print_pauses (record, "mutes", FALSE);
  return KV_CTL_EXIT_OK;
}
