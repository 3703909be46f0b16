/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisitctl"

#include "config.h"

#include "kv-ctl-templates.h"

#include <stdio.h>
#include <string.h>

/* kinvisitctl's commands for weekly slot templates and the slots they
 * offer; every time is the prison site's local time. */

/* "--first-week-share 25" (or "25%") as "first_week_share"; the server
 * says whether the share makes sense. */
static gboolean
add_share (JsonBuilder *builder,
           const char  *text,
           int         *out_exit)
{
  g_autofree char *number = NULL;
  guint64 share;

  if (text == NULL)
    return TRUE;
  number = g_strdup (text);
  if (g_str_has_suffix (number, "%"))
    number[strlen (number) - 1] = '\0';
  if (!g_ascii_string_to_unsigned (number, 10, 0, G_MAXINT32, &share, NULL))
    {
      *out_exit = kv_ctl_usage_error ("--first-week-share %s is not a percentage like 25", text);
      return FALSE;
    }
  json_builder_set_member_name (builder, "first_week_share");
  json_builder_add_int_value (builder, (gint64) share);
  return TRUE;
}

/* template add --prison P --community C --weekday tue --start 15:30
 *   --minutes 30 [--every-weeks N] [--from DATE] [--to DATE] [--id ID]
 *   [--first-week-share PERCENT] */
int
kv_ctl_template_add (KvCtl *ctl,
                     int    argc,
                     char **argv)
{
  g_autofree char *prison = NULL, *community = NULL, *weekday = NULL, *start = NULL;
  g_autofree char *minutes = NULL, *every = NULL, *from = NULL, *to = NULL, *id = NULL;
  g_autofree char *share = NULL;
  const KvCtlOption options[] = {
    { "--prison", &prison }, { "--community", &community }, { "--weekday", &weekday },
    { "--start", &start }, { "--minutes", &minutes }, { "--every-weeks", &every },
    { "--from", &from }, { "--to", &to }, { "--id", &id }, { "--first-week-share", &share },
    { NULL }
  };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  JsonObject *template;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, options, positional, &status))
    return status;
  if (positional->len != 0 || prison == NULL || community == NULL || weekday == NULL ||
      start == NULL || minutes == NULL)
    return kv_ctl_usage_error ("template add needs --prison, --community, --weekday, --start "
                               "and --minutes");
  json_builder_begin_object (builder);
  kv_ctl_add_string (builder, "id", id);
  kv_ctl_add_string (builder, "prison", prison);
  kv_ctl_add_string (builder, "community", community);
  kv_ctl_add_string (builder, "weekday", weekday);
  kv_ctl_add_string (builder, "start", start);
  if (!kv_ctl_add_number (builder, "--minutes", "minutes", minutes, 24 * 60, &status) ||
      !kv_ctl_add_number (builder, "--every-weeks", "every_weeks", every, 52, &status))
    return status;
  kv_ctl_add_string (builder, "valid_from", from);
  kv_ctl_add_string (builder, "valid_to", to);
  if (!add_share (builder, share, &status))
    return status;
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  if (!kv_ctl_request (ctl, "POST", "/api/v1/templates", body, "template", &reply, NULL,
                       &status))
    return status;
  if (ctl->json)
    {
      kv_ctl_print_json (reply);
      return KV_CTL_EXIT_OK;
    }
  template = json_node_get_object (reply);
  /* Only the id, like the other add commands: scripts read it. */
  printf ("%s\n", kv_ctl_member_string (template, "id"));
  return KV_CTL_EXIT_OK;
}

/* template list [--prison P] [--community C] */
int
kv_ctl_template_list (KvCtl *ctl,
                      int    argc,
                      char **argv)
{
  const char * const headers[] = { "ID", "PRISON", "COMMUNITY", "WHEN", "MINUTES", "EVERY",
                                   "FROM", "TO", "FIRST WEEK", "ACTIVE", NULL };
  g_autofree char *prison = NULL, *community = NULL;
  const KvCtlOption options[] = { { "--prison", &prison }, { "--community", &community },
                                  { NULL } };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *p = NULL, *c = NULL, *path = NULL;
  JsonArray *templates;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, options, positional, &status))
    return status;
  if (positional->len != 0)
    return kv_ctl_usage_error ("template list takes options only");
  p = g_uri_escape_string (prison != NULL ? prison : "", NULL, FALSE);
  c = g_uri_escape_string (community != NULL ? community : "", NULL, FALSE);
  path = g_strdup_printf ("/api/v1/templates?prison=%s&community=%s", p, c);
  if (!kv_ctl_request (ctl, "GET", path, NULL, "template list", &reply, NULL, &status))
    return status;
  if (ctl->json)
    {
      kv_ctl_print_json (reply);
      return KV_CTL_EXIT_OK;
    }
  templates = kv_ctl_reply_array (reply, "templates");
  for (guint i = 0; templates != NULL && i < json_array_get_length (templates); i++)
    {
      JsonObject *template = json_array_get_object_element (templates, i);
      gint64 share;
      char **row;

      if (template == NULL)
        continue;
      row = g_new0 (char *, 11);
      row[0] = g_strdup (kv_ctl_member_string (template, "id"));
      row[1] = g_strdup (kv_ctl_member_string (template, "prison"));
      row[2] = g_strdup (kv_ctl_member_string (template, "community"));
      row[3] = g_strdup_printf ("%s %s", kv_ctl_member_string (template, "weekday"),
                                kv_ctl_member_string (template, "start"));
      row[4] = g_strdup_printf ("%" G_GINT64_FORMAT,
                                json_object_get_int_member_with_default (template, "minutes", 0));
      row[5] = g_strdup_printf ("%" G_GINT64_FORMAT " wk",
                                json_object_get_int_member_with_default (template, "every_weeks",
                                                                         1));
      row[6] = g_strdup (kv_ctl_member_string (template, "valid_from"));
      row[7] = g_strdup (*kv_ctl_member_string (template, "valid_to") != '\0'
                           ? kv_ctl_member_string (template, "valid_to") : "-");
      /* The share of its slots kept for families in their first week. */
      share = json_object_get_int_member_with_default (template, "first_week_share", 0);
      row[8] = share > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT "%%", share) : g_strdup ("-");
      row[9] = g_strdup (json_object_get_boolean_member_with_default (template, "active", FALSE)
                           ? "yes" : "no");
      g_ptr_array_add (rows, row);
    }
  kv_ctl_print_table (headers, rows);
  return KV_CTL_EXIT_OK;
}

/* template edit ID [--first-week-share PERCENT] [--to DATE] */
int
kv_ctl_template_edit (KvCtl *ctl,
                      int    argc,
                      char **argv)
{
  g_autofree char *share = NULL, *to = NULL;
  const KvCtlOption options[] = { { "--first-week-share", &share }, { "--to", &to }, { NULL } };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;
  JsonObject *template;
  gint64 held;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, options, positional, &status))
    return status;
  if (positional->len != 1)
    return kv_ctl_usage_error ("template edit needs exactly one template ID");
  if (share == NULL && to == NULL)
    return kv_ctl_usage_error ("template edit needs something to change: --first-week-share "
                               "or --to");
  json_builder_begin_object (builder);
  if (!add_share (builder, share, &status))
    return status;
  kv_ctl_add_string (builder, "valid_to", to);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  escaped = g_uri_escape_string (g_ptr_array_index (positional, 0), NULL, FALSE);
  path = g_strdup_printf ("/api/v1/templates/%s", escaped);
  if (!kv_ctl_request (ctl, "PATCH", path, body, "template", &reply, NULL, &status))
    return status;
  if (ctl->json)
    {
      kv_ctl_print_json (reply);
      return KV_CTL_EXIT_OK;
    }
  template = json_node_get_object (reply);
  held = json_object_get_int_member_with_default (template, "first_week_share", 0);
  printf ("Template %s changed: ", kv_ctl_member_string (template, "id"));
  if (held > 0)
    printf ("%" G_GINT64_FORMAT "%% of its slots are kept for families in their first week "
            "until 48 hours before they start", held);
  else
    printf ("none of its slots are kept for families in their first week");
  if (*kv_ctl_member_string (template, "valid_to") != '\0')
    printf ("; it runs to %s", kv_ctl_member_string (template, "valid_to"));
  printf (".\n");
  return KV_CTL_EXIT_OK;
}

/* template disable ID */
int
kv_ctl_template_disable (KvCtl *ctl,
                         int    argc,
                         char **argv)
{
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, NULL, positional, &status))
    return status;
  if (positional->len != 1)
    return kv_ctl_usage_error ("template disable needs exactly one template ID");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "active");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  escaped = g_uri_escape_string (g_ptr_array_index (positional, 0), NULL, FALSE);
  path = g_strdup_printf ("/api/v1/templates/%s", escaped);
  if (!kv_ctl_request (ctl, "PATCH", path, body, "template", &reply, NULL, &status))
    return status;
  if (ctl->json)
    kv_ctl_print_json (reply);
  else
    printf ("Template %s disabled.\n", (const char *) g_ptr_array_index (positional, 0));
  return KV_CTL_EXIT_OK;
}

/* Why staff may want to think before booking a slot: it is kept for
 * families in their first week, or children of school age are at school. */
static char *
slot_note (JsonObject *slot)
{
  g_autoptr(GString) note = g_string_new (NULL);

  if (json_object_get_boolean_member_with_default (slot, "held_back", FALSE))
    {
      const char *until = kv_ctl_member_string (slot, "held_until");

      g_string_append (note, "kept for first-week families");
      /* "2026-12-12T15:30:00+01:00": the slot's own zone, as its start. */
      if (strlen (until) >= 16 && until[10] == 'T')
        g_string_append_printf (note, " until %.10s %.5s", until, until + 11);
    }
  if (json_object_get_boolean_member_with_default (slot, "in_school_hours", FALSE))
    g_string_append_printf (note, "%sschool hours", note->len > 0 ? "; " : "");
  return g_strdup (note->len > 0 ? note->str : "");
}

/* slots --prison P --community C [--from DATE] [--days N] */
int
kv_ctl_slots (KvCtl *ctl,
              int    argc,
              char **argv)
{
  const char *headers[] = { "START", "END", "FREE", "SLOT", NULL, NULL };
  g_autofree char *prison = NULL, *community = NULL, *from = NULL, *days = NULL;
  const KvCtlOption options[] = { { "--prison", &prison }, { "--community", &community },
                                  { "--from", &from }, { "--days", &days }, { NULL } };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *p = NULL, *c = NULL, *f = NULL, *d = NULL, *path = NULL;
  JsonArray *slots;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, options, positional, &status))
    return status;
  if (positional->len != 0 || prison == NULL || community == NULL)
    return kv_ctl_usage_error ("slots needs --prison and --community");
  p = g_uri_escape_string (prison, NULL, FALSE);
  c = g_uri_escape_string (community, NULL, FALSE);
  f = g_uri_escape_string (from != NULL ? from : "", NULL, FALSE);
  d = g_uri_escape_string (days != NULL ? days : "", NULL, FALSE);
  path = g_strdup_printf ("/api/v1/slots?prison=%s&community=%s&from=%s&days=%s", p, c, f, d);
  if (!kv_ctl_request (ctl, "GET", path, NULL, "slots", &reply, NULL, &status))
    return status;
  if (ctl->json)
    {
      kv_ctl_print_json (reply);
      return KV_CTL_EXIT_OK;
    }
  slots = kv_ctl_reply_array (reply, "slots");
  for (guint i = 0; slots != NULL && i < json_array_get_length (slots); i++)
    {
      JsonObject *slot = json_array_get_object_element (slots, i);
      const char *end;
      const char *booking;
      char **row;

      if (slot == NULL)
        continue;
      end = kv_ctl_member_string (slot, "end_local");
      booking = kv_ctl_member_string (slot, "booking");
      row = g_new0 (char *, 6);
      row[0] = g_strdup (kv_ctl_member_string (slot, "start_local"));
      /* The day is the start's. */
      row[1] = g_strdup (strlen (end) > 11 ? end + 11 : end);
      if (json_object_get_boolean_member_with_default (slot, "free", FALSE))
        row[2] = g_strdup ("free");
      else if (*booking != '\0')
        row[2] = g_strdup_printf ("taken by %s", booking);
      else
        row[2] = g_strdup ("past");
      row[3] = g_strdup (kv_ctl_member_string (slot, "slot"));
      row[4] = slot_note (slot);
      /* A column for notes only when a slot has one. */
      if (*row[4] != '\0')
        headers[4] = "NOTE";
      g_ptr_array_add (rows, row);
    }
  kv_ctl_print_table (headers, rows);
  return KV_CTL_EXIT_OK;
}
