/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisitctl"

#include "config.h"

#include "kv-ctl-family-contact.h"

#include "kv-ctl-family-text.h"
#include "kv-ctl-local-times.h"

#include <stdio.h>

/* kinvisitctl's commands for a family's contact with its children: the
 * visit the server proposes (family propose), the families whose first or
 * regular contact is due (family due), and booking the proposed visit in
 * one go (family book-next), the one action staff take from the due list. */

/* "/api/v1/families/<id><suffix>" */
static char *
family_path (const char *id,
             const char *suffix)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strdup_printf ("/api/v1/families/%s%s", escaped, suffix);
}

/* GET families/ID/proposal: the reply, or NULL (and @out_exit). */
static JsonNode *
fetch_proposal (KvCtl      *ctl,
                const char *id,
                int        *out_exit)
{
  g_autofree char *path = family_path (id, "/proposal");
  JsonNode *reply = NULL;

  if (!kv_ctl_request (ctl, "GET", path, NULL, "proposal", &reply, NULL, out_exit))
    return NULL;
  return reply;
}

/* family propose ID */
int
kv_ctl_family_propose (KvCtl *ctl,
                       int    argc,
                       char **argv)
{
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) family_node = NULL;
  g_autoptr(KvCtlLocalTimes) times = NULL;
  g_autofree char *path = NULL;
  g_autofree char *who = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *text = NULL;
  JsonObject *family;
  JsonObject *proposal;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, NULL, positional, &status))
    return status;
  if (positional->len != 1)
    return kv_ctl_usage_error ("family propose needs exactly one family ID");
  answer = fetch_proposal (ctl, g_ptr_array_index (positional, 0), &status);
  if (answer == NULL)
    return status;
  if (ctl->json)
    {
      kv_ctl_print_json (answer);
      return KV_CTL_EXIT_OK;
    }
  /* The proposal reads differently for a first and a next visit. */
  path = family_path (g_ptr_array_index (positional, 0), "");
  if (!kv_ctl_request (ctl, "GET", path, NULL, "family", &family_node, NULL, &status))
    return status;
  family = json_node_get_object (family_node);
  times = kv_ctl_local_times_load (ctl, kv_ctl_member_string (family, "community_site"));
  who = kv_ctl_family_text_who (family);
  contact = kv_ctl_family_text_contact (family, times);
  printf ("Family %s: %s\n", kv_ctl_member_string (family, "id"), who);
  printf ("Contact: %s\n", contact);
  proposal = kv_ctl_member_object (json_node_get_object (answer), "proposal");
  if (proposal == NULL)
    {
      const char *reason = kv_ctl_member_string (json_node_get_object (answer), "reason");

      printf ("No visit to propose: %s\n", *reason != '\0' ? reason : "no free slot");
      return KV_CTL_EXIT_OK;
    }
  text = kv_ctl_family_text_proposal (family, proposal, "", FALSE, times);
  printf ("%s", text);
  return KV_CTL_EXIT_OK;
}

/* One family of the due list, with its proposal or its booked visit. */
static void
print_due_entry (JsonObject      *entry,
                 KvCtlLocalTimes *times)
{
  JsonObject *family = kv_ctl_member_object (entry, "family");
  JsonObject *contact = kv_ctl_member_object (family, "contact");
  JsonObject *next = kv_ctl_member_object (contact, "next_booked");
  gboolean first = g_str_equal (kv_ctl_member_string (contact, "state"), "first-due");
  g_autofree char *who = NULL, *left = NULL, *since = NULL;

  if (family == NULL)
    return;
  kv_ctl_local_times_prefer (times, kv_ctl_member_string (family, "community_site"));
  who = kv_ctl_family_text_who (family);
  left = kv_ctl_family_text_days_left (json_object_get_int_member_with_default (contact,
                                                                                "days_left", 0));
  if (first)
    since = kv_ctl_local_times_date (kv_ctl_member_string (family, "admitted_on"));
  else
    since = kv_ctl_family_text_last_held (family, times);
  printf ("  %s  %s, %s, %s %s: %s\n", kv_ctl_member_string (family, "id"), who,
          kv_ctl_member_string (family, "community_site"),
          first ? "admitted" : "last visit held", since, left);
  if (next != NULL)
    {
      /* Already booked: proposing another would invite a second booking. */
      g_autofree char *booked = kv_ctl_local_times_format (times,
                                                           kv_ctl_member_string (next, "start"));

      printf ("    Next visit booked for %s (%s): it counts once it has been held.\n", booked,
              kv_ctl_member_string (next, "id"));
    }
  else
    {
      g_autofree char *text = kv_ctl_family_text_proposal (family,
                                                           kv_ctl_member_object (entry,
                                                                                 "proposal"),
                                                           "    ", TRUE, times);

      printf ("%s", text);
    }
}

static void
print_due_section (const char      *title,
                   JsonArray       *entries,
                   KvCtlLocalTimes *times)
{
  guint n = entries != NULL ? json_array_get_length (entries) : 0;

  printf ("%s\n", title);
  for (guint i = 0; i < n; i++)
    if (json_array_get_object_element (entries, i) != NULL)
      print_due_entry (json_array_get_object_element (entries, i), times);
  if (n == 0)
    printf ("  None.\n");
}

/* family due [--site ID] */
int
kv_ctl_family_due (KvCtl *ctl,
                   int    argc,
                   char **argv)
{
  g_autofree char *site = NULL;
  const KvCtlOption options[] = { { "--site", &site }, { NULL } };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(GString) path = g_string_new ("/api/v1/families/due");
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(KvCtlLocalTimes) times = NULL;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, options, positional, &status))
    return status;
  if (positional->len != 0)
    return kv_ctl_usage_error ("family due takes options only");
  if (site != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (site, NULL, FALSE);

      g_string_append_printf (path, "?site=%s", escaped);
    }
  if (!kv_ctl_request (ctl, "GET", path->str, NULL, "due list", &reply, NULL, &status))
    return status;
  if (ctl->json)
    {
      kv_ctl_print_json (reply);
      return KV_CTL_EXIT_OK;
    }
  times = kv_ctl_local_times_load (ctl, NULL);
  print_due_section ("First contact due (within a week of admission)",
                     kv_ctl_reply_array (reply, "first_week"), times);
  printf ("\n");
  print_due_section ("Regular contact due (oldest first)",
                     kv_ctl_reply_array (reply, "regular"), times);
  return KV_CTL_EXIT_OK;
}

/* family book-next ID: books the visit the server proposes, as it
 * proposes it (its slot, its length). */
int
kv_ctl_family_book_next (KvCtl *ctl,
                         int    argc,
                         char **argv)
{
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(KvCtlLocalTimes) times = NULL;
  g_autofree char *span = NULL;
  JsonObject *proposal;
  JsonObject *booking;
  const char *id;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, NULL, positional, &status))
    return status;
  if (positional->len != 1)
    return kv_ctl_usage_error ("family book-next needs exactly one family ID");
  id = g_ptr_array_index (positional, 0);
  answer = fetch_proposal (ctl, id, &status);
  if (answer == NULL)
    return status;
  proposal = kv_ctl_member_object (json_node_get_object (answer), "proposal");
  if (proposal == NULL)
    {
      const char *reason = kv_ctl_member_string (json_node_get_object (answer), "reason");

      return kv_ctl_fail ("nothing booked for family %s: %s", id,
                          *reason != '\0' ? reason : "there is no free slot to propose");
    }

  json_builder_begin_object (builder);
  kv_ctl_add_string (builder, "family", id);
  kv_ctl_add_string (builder, "slot", kv_ctl_member_string (proposal, "slot"));
  json_builder_set_member_name (builder, "minutes");
  json_builder_add_int_value (builder,
                              json_object_get_int_member_with_default (proposal, "minutes", 0));
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  if (!kv_ctl_request (ctl, "POST", "/api/v1/bookings", body, "booking", &reply, NULL, &status))
    return status;
  if (ctl->json)
    {
      kv_ctl_print_json (reply);
      return KV_CTL_EXIT_OK;
    }
  booking = json_node_get_object (reply);
  times = kv_ctl_local_times_load (ctl, NULL);
  span = kv_ctl_local_times_span (times, kv_ctl_member_string (proposal, "start"),
                                  kv_ctl_member_string (proposal, "end"));
  printf ("Booked %s: %s (%" G_GINT64_FORMAT " min) at %s ↔ %s, for %s and %s.\n",
          kv_ctl_member_string (booking, "id"), span,
          json_object_get_int_member_with_default (proposal, "minutes", 0),
          kv_ctl_member_string (booking, "prison"), kv_ctl_member_string (booking, "community"),
          kv_ctl_member_string (booking, "prison_label"),
          kv_ctl_member_string (booking, "community_label"));
  return KV_CTL_EXIT_OK;
}
