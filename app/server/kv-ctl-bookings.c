/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisitctl"

#include "config.h"

#include "kv-ctl-bookings.h"

#include <stdio.h>
#include <string.h>

/* kinvisitctl's commands for bookings: making one (in the prison site's
 * local time, or a slot of a template, for a family or not), listing them
 * with their local times, moving and cancelling one. When the child's age
 * rules refuse a visit, the server says why and kinvisitctl says how a
 * scheduler books it anyway (--override-reason). */

/* booking add --prison ID --community ID --start TIME (--minutes N | --end TIME) ... */
int
kv_ctl_booking_add (KvCtl *ctl,
                    int    argc,
                    char **argv)
{
  g_autofree char *prison = NULL, *community = NULL, *start = NULL, *end = NULL;
  g_autofree char *minutes = NULL, *prison_label = NULL, *community_label = NULL;
  g_autofree char *age_band = NULL, *family = NULL;
  const KvCtlOption options[] = {
    { "--prison", &prison }, { "--community", &community }, { "--start", &start },
    { "--end", &end }, { "--minutes", &minutes }, { "--prison-label", &prison_label },
    { "--community-label", &community_label }, { "--age-band", &age_band },
    { "--family", &family }, { NULL }
  };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;
  gint64 now_us = g_get_real_time ();
  gint64 start_us, end_us;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, options, positional, &status))
    return status;
  if (positional->len != 0)
    return kv_ctl_usage_error ("booking add takes options only");
  if (prison == NULL || community == NULL || start == NULL)
    return kv_ctl_usage_error ("booking add needs --prison, --community and --start");
  if ((minutes == NULL) == (end == NULL))
    return kv_ctl_usage_error ("booking add needs either --minutes or --end");
  if (!kv_ctl_parse_time (start, now_us, &start_us, NULL))
    return kv_ctl_time_error ("--start", start);
  if (minutes != NULL)
    {
      guint64 n;

      if (!g_ascii_string_to_unsigned (minutes, 10, 1, 24 * 60, &n, NULL))
        return kv_ctl_usage_error ("--minutes %s is not a number of minutes", minutes);
      end_us = start_us + (gint64) n * 60 * G_USEC_PER_SEC;
    }
  else if (!kv_ctl_parse_time (end, start_us, &end_us, NULL))
    return kv_ctl_time_error ("--end", end);

  start_text = kv_ctl_format_iso (start_us);
  end_text = kv_ctl_format_iso (end_us);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "prison");
  json_builder_add_string_value (builder, prison);
  json_builder_set_member_name (builder, "community");
  json_builder_add_string_value (builder, community);
  json_builder_set_member_name (builder, "start");
  json_builder_add_string_value (builder, start_text);
  json_builder_set_member_name (builder, "end");
  json_builder_add_string_value (builder, end_text);
  /* A family's visit takes its labels and age band from the family unless
   * they are given. */
  if (family != NULL)
    {
      json_builder_set_member_name (builder, "family");
      json_builder_add_string_value (builder, family);
    }
  if (prison_label != NULL || family == NULL)
    {
      json_builder_set_member_name (builder, "prison_label");
      json_builder_add_string_value (builder, prison_label != NULL ? prison_label : "Parent");
    }
  if (community_label != NULL || family == NULL)
    {
      json_builder_set_member_name (builder, "community_label");
      json_builder_add_string_value (builder, community_label != NULL ? community_label : "Child");
    }
  if (age_band != NULL)
    {
      json_builder_set_member_name (builder, "age_band");
      json_builder_add_string_value (builder, age_band);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  if (!kv_ctl_request (ctl, "POST", "/api/v1/bookings", body, "booking", &reply, NULL, &status))
    return status;
  if (ctl->json)
    kv_ctl_print_json (reply);
  else
    printf ("%s\n", kv_ctl_member_string (json_node_get_object (reply), "id"));
  return KV_CTL_EXIT_OK;
}

static void
add_booking_row (GPtrArray  *rows,
                 JsonObject *booking)
{
  char **row = g_new0 (char *, 9);
  g_autofree char *start = kv_ctl_local_time (booking, "start");
  g_autofree char *end = kv_ctl_local_time (booking, "end");

  row[0] = g_strdup (kv_ctl_member_string (booking, "id"));
  row[1] = g_strdup (kv_ctl_member_string (booking, "prison"));
  row[2] = g_strdup (kv_ctl_member_string (booking, "community"));
  row[3] = g_steal_pointer (&start);
  /* Only the time of the end: the day is the start's. */
  row[4] = g_strdup (strlen (end) > 11 ? end + 11 : end);
  row[5] = g_strdup (kv_ctl_member_string (booking, "prison_label"));
  row[6] = g_strdup (kv_ctl_member_string (booking, "community_label"));
  row[7] = g_strdup (kv_ctl_member_string (booking, "state"));
  g_ptr_array_add (rows, row);
}

/* booking list [--kiosk ID] [--day YYYY-MM-DD] */
int
kv_ctl_booking_list (KvCtl *ctl,
                     int    argc,
                     char **argv)
{
  const char * const headers[] = { "ID", "PRISON", "COMMUNITY", "START", "END", "PARENT",
                                   "CHILD", "STATE", NULL };
  g_autofree char *kiosk = NULL;
  g_autofree char *day = NULL;
  const KvCtlOption options[] = { { "--kiosk", &kiosk }, { "--day", &day }, { NULL } };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GString) path = g_string_new ("/api/v1/bookings");
  g_autoptr(JsonNode) reply = NULL;
  JsonArray *bookings;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, options, positional, &status))
    return status;
  if (positional->len != 0)
    return kv_ctl_usage_error ("booking list takes options only");
  if (kiosk != NULL || day != NULL)
    {
      g_autofree char *k = kiosk ? g_uri_escape_string (kiosk, NULL, FALSE) : NULL;
      g_autofree char *d = day ? g_uri_escape_string (day, NULL, FALSE) : NULL;

      g_string_append_printf (path, "?%s%s%s%s%s", k ? "kiosk=" : "", k ? k : "",
                              k && d ? "&" : "", d ? "day=" : "", d ? d : "");
    }
  if (!kv_ctl_request (ctl, "GET", path->str, NULL, "booking list", &reply, NULL, &status))
    return status;
  if (ctl->json)
    {
      kv_ctl_print_json (reply);
      return KV_CTL_EXIT_OK;
    }
  bookings = kv_ctl_reply_array (reply, "bookings");
  for (guint i = 0; bookings != NULL && i < json_array_get_length (bookings); i++)
    if (json_array_get_object_element (bookings, i) != NULL)
      add_booking_row (rows, json_array_get_object_element (bookings, i));
  kv_ctl_print_table (headers, rows);
  return KV_CTL_EXIT_OK;
}

/* A TIME as typed: relative ones ("+5m") become UTC here; the rest go to
 * the server as written, which reads a time without a zone in the prison
 * kiosk's site's zone and refuses one the clocks skip or repeat. */
static char *
time_for_server (const char *text)
{
  gint64 when;

  if (text[0] == '+' && kv_ctl_parse_time (text, g_get_real_time (), &when, NULL))
    return kv_ctl_format_iso (when);
  return g_strdup (text);
}

static void
print_booked (KvCtl      *ctl,
              JsonNode   *reply,
              const char *done)
{
  JsonObject *booking = json_node_get_object (reply);
  g_autofree char *start = kv_ctl_local_time (booking, "start");
  const char *override = kv_ctl_member_string (booking, "rules_override");

  if (ctl->json)
    {
      kv_ctl_print_json (reply);
      return;
    }
  if (done == NULL)
    printf ("%s %s\n", kv_ctl_member_string (booking, "id"), start);
  else
    printf ("Booking %s %s %s.\n", kv_ctl_member_string (booking, "id"), done, start);
  if (*override != '\0')
    printf ("Outside the age rules, for this reason (kept in the audit log): %s\n", override);
}

/* Sends a booking or a move; when the age rules refused it, says how a
 * scheduler books it anyway, after the server's reason. */
static gboolean
send_within_rules (KvCtl       *ctl,
                   const char  *path,
                   JsonNode    *body,
                   const char  *what,
                   const char  *override_reason,
                   JsonNode   **out_reply,
                   int         *out_exit)
{
  g_autofree char *code = NULL;

  if (kv_ctl_request_code (ctl, "POST", path, body, what, out_reply, &code, out_exit))
    return TRUE;
  if (override_reason == NULL && code != NULL &&
      (g_str_equal (code, "too-long-for-age") || g_str_equal (code, "too-close-for-age")))
    fprintf (stderr, "kinvisitctl: a scheduler may still %s it by saying why, for the audit "
                     "log: add --override-reason \"%s\"\n",
             g_str_equal (what, "move") ? "move" : "book",
             g_str_equal (code, "too-long-for-age")
               ? "why this visit needs to be longer"
               : "why this visit needs to be so close to the other");
  return FALSE;
}

/* The first free slot of the pair's templates in the next @days days;
 * without a family, none of those kept for first-week families. */
static char *
next_free_slot (KvCtl      *ctl,
                const char *prison,
                const char *community,
                const char *from,
                const char *days,
                gboolean    for_family,
                int        *out_exit)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *p = g_uri_escape_string (prison, NULL, FALSE);
  g_autofree char *c = g_uri_escape_string (community, NULL, FALSE);
  g_autofree char *f = g_uri_escape_string (from != NULL ? from : "", NULL, FALSE);
  g_autofree char *d = g_uri_escape_string (days != NULL ? days : "62", NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/slots?prison=%s&community=%s&from=%s&days=%s",
                                           p, c, f, d);
  JsonArray *slots;

  if (!kv_ctl_request (ctl, "GET", path, NULL, "slots", &reply, NULL, out_exit))
    return NULL;
  slots = kv_ctl_reply_array (reply, "slots");
  for (guint i = 0; slots != NULL && i < json_array_get_length (slots); i++)
    {
      JsonObject *slot = json_array_get_object_element (slots, i);

      if (slot != NULL && json_object_get_boolean_member_with_default (slot, "free", FALSE) &&
          (for_family || !json_object_get_boolean_member_with_default (slot, "held_back", FALSE)))
        return g_strdup (kv_ctl_member_string (slot, "slot"));
    }
  *out_exit = kv_ctl_fail ("no free slot for %s and %s in the next %s days", prison, community,
                           days != NULL ? days : "62");
  return NULL;
}

/* book (--prison P --community C | --family F)
 *   (--start TIME (--minutes N | --end TIME) | --next-free [--from DATE] [--days N]
 *    | --slot TEMPLATE@START [--minutes N])
 *   [labels] [--age-band B] [--override-reason TEXT] */
int
kv_ctl_book (KvCtl *ctl,
             int    argc,
             char **argv)
{
  g_autofree char *prison = NULL, *community = NULL, *start = NULL, *end = NULL;
  g_autofree char *minutes = NULL, *prison_label = NULL, *community_label = NULL;
  g_autofree char *age_band = NULL, *from = NULL, *days = NULL, *family = NULL;
  g_autofree char *slot = NULL, *override_reason = NULL, *start_text = NULL, *end_text = NULL;
  gboolean next_free = FALSE;
  const KvCtlOption options[] = {
    { "--prison", &prison }, { "--community", &community }, { "--start", &start },
    { "--end", &end }, { "--minutes", &minutes }, { "--prison-label", &prison_label },
    { "--community-label", &community_label }, { "--age-band", &age_band },
    { "--from", &from }, { "--days", &days }, { "--next-free", NULL, &next_free },
    { "--slot", &slot }, { "--family", &family }, { "--override-reason", &override_reason },
    { NULL }
  };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, options, positional, &status))
    return status;
  if (positional->len != 0)
    return kv_ctl_usage_error ("book takes options only");
  if ((start != NULL) + next_free + (slot != NULL) != 1)
    return kv_ctl_usage_error ("book needs one of --start TIME, --next-free or --slot SLOT");
  /* A slot names its kiosks; the rest need them. */
  if (slot == NULL && (prison == NULL || community == NULL))
    return kv_ctl_usage_error ("book needs --prison and --community");
  if (start != NULL && (minutes == NULL) == (end == NULL))
    return kv_ctl_usage_error ("book --start needs either --minutes or --end");
  if (slot != NULL && end != NULL)
    return kv_ctl_usage_error ("book --slot ends with its slot: shorten it with --minutes");

  if (next_free)
    {
      slot = next_free_slot (ctl, prison, community, from, days, family != NULL, &status);
      if (slot == NULL)
        return status;
    }
  json_builder_begin_object (builder);
  kv_ctl_add_string (builder, "prison", prison);
  kv_ctl_add_string (builder, "community", community);
  kv_ctl_add_string (builder, "family", family);
  kv_ctl_add_string (builder, "slot", slot);
  if (start != NULL)
    {
      start_text = time_for_server (start);
      kv_ctl_add_string (builder, "start", start_text);
      if (end != NULL)
        {
          end_text = time_for_server (end);
          kv_ctl_add_string (builder, "end", end_text);
        }
    }
  if (end == NULL &&
      !kv_ctl_add_number (builder, "--minutes", "minutes", minutes, 24 * 60, &status))
    return status;
  /* A family's visit is called what the family calls its people. */
  if (family == NULL)
    {
      prison_label = prison_label != NULL ? prison_label : g_strdup ("Parent");
      community_label = community_label != NULL ? community_label : g_strdup ("Child");
    }
  kv_ctl_add_string (builder, "prison_label", prison_label);
  kv_ctl_add_string (builder, "community_label", community_label);
  kv_ctl_add_string (builder, "age_band", age_band);
  kv_ctl_add_string (builder, "override_reason", override_reason);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  if (!send_within_rules (ctl, "/api/v1/bookings", body, "booking", override_reason, &reply,
                          &status))
    return status;
  print_booked (ctl, reply, NULL);
  return KV_CTL_EXIT_OK;
}

/* move ID --start TIME [--minutes N] [--reason TEXT] [--override-reason TEXT] */
int
kv_ctl_booking_move (KvCtl *ctl,
                     int    argc,
                     char **argv)
{
  g_autofree char *start = NULL, *minutes = NULL, *reason = NULL, *start_text = NULL;
  g_autofree char *override_reason = NULL;
  const KvCtlOption options[] = { { "--start", &start }, { "--minutes", &minutes },
                                  { "--reason", &reason },
                                  { "--override-reason", &override_reason }, { NULL } };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, options, positional, &status))
    return status;
  if (positional->len != 1 || start == NULL)
    return kv_ctl_usage_error ("move needs a booking ID and --start TIME");
  start_text = time_for_server (start);
  json_builder_begin_object (builder);
  kv_ctl_add_string (builder, "start", start_text);
  if (!kv_ctl_add_number (builder, "--minutes", "minutes", minutes, 24 * 60, &status))
    return status;
  kv_ctl_add_string (builder, "reason", reason);
  kv_ctl_add_string (builder, "override_reason", override_reason);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  escaped = g_uri_escape_string (g_ptr_array_index (positional, 0), NULL, FALSE);
  path = g_strdup_printf ("/api/v1/bookings/%s/move", escaped);
  if (!send_within_rules (ctl, path, body, "move", override_reason, &reply, &status))
    return status;
  print_booked (ctl, reply, "moved to");
  return KV_CTL_EXIT_OK;
}

/* cancel ID --category C [--reason TEXT] (also "booking cancel") */
int
kv_ctl_booking_cancel (KvCtl *ctl,
                       int    argc,
                       char **argv)
{
  g_autofree char *category = NULL, *reason = NULL;
  const KvCtlOption options[] = { { "--category", &category }, { "--reason", &reason },
                                  { NULL } };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, options, positional, &status))
    return status;
  if (positional->len != 1 || category == NULL)
    return kv_ctl_usage_error ("cancel needs a booking ID and --category family-request, "
                               "prison-regime, illness, technical or other");
  json_builder_begin_object (builder);
  kv_ctl_add_string (builder, "category", category);
  kv_ctl_add_string (builder, "reason", reason);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  escaped = g_uri_escape_string (g_ptr_array_index (positional, 0), NULL, FALSE);
  path = g_strdup_printf ("/api/v1/bookings/%s/cancel", escaped);
  if (!kv_ctl_request (ctl, "POST", path, body, "cancel", &reply, NULL, &status))
    return status;
  if (ctl->json)
    kv_ctl_print_json (reply);
  else
    printf ("Booking %s cancelled.\n", (const char *) g_ptr_array_index (positional, 0));
  return KV_CTL_EXIT_OK;
}
