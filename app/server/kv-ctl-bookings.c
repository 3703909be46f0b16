/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisitctl"

#include "config.h"

#include "kv-ctl-bookings.h"

#include <stdio.h>
#include <string.h>

/* kinvisitctl's commands for bookings: making one, listing them, and
 * cancelling one. */

/* booking add --prison ID --community ID --start TIME (--minutes N | --end TIME) ... */
int
kv_ctl_booking_add (KvCtl *ctl,
                    int    argc,
                    char **argv)
{
  g_autofree char *prison = NULL, *community = NULL, *start = NULL, *end = NULL;
  g_autofree char *minutes = NULL, *prison_label = NULL, *community_label = NULL;
  g_autofree char *age_band = NULL;
  const KvCtlOption options[] = {
    { "--prison", &prison }, { "--community", &community }, { "--start", &start },
    { "--end", &end }, { "--minutes", &minutes }, { "--prison-label", &prison_label },
    { "--community-label", &community_label }, { "--age-band", &age_band }, { NULL }
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
  json_builder_set_member_name (builder, "prison_label");
  json_builder_add_string_value (builder, prison_label != NULL ? prison_label : "Parent");
  json_builder_set_member_name (builder, "community_label");
  json_builder_add_string_value (builder, community_label != NULL ? community_label : "Child");
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
  g_autofree char *start = kv_ctl_display_time (booking, "start");
  g_autofree char *end = kv_ctl_display_time (booking, "end");

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

/* booking cancel ID */
int
kv_ctl_booking_cancel (KvCtl *ctl,
                       int    argc,
                       char **argv)
{
  return kv_ctl_post_action (ctl, argc, argv, "/api/v1/bookings", "cancel", "booking cancel",
                             "Booking", "cancelled");
}
