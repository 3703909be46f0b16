/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisitctl"

#include "config.h"

#include "kv-ctl.h"
#include "kv-pin.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* kinvisitctl's commands for kiosks and bookings, and the dispatch of every
 * command: each turns its arguments into one admin request and prints the
 * answer, as a table for people or JSON for scripts. Sessions are in
 * kv-ctl-sessions.c, the audit log and purges in kv-ctl-audit.c. */

/* Splits a command's arguments into options (from @options: "--name value",
 * "--name=value" or a flag "--name") and positional arguments. */
gboolean
kv_ctl_parse_arguments (int                argc,
                        char             **argv,
                        const KvCtlOption *options,
                        GPtrArray         *positional,
                        int               *out_exit)
{
  for (int i = 0; i < argc; i++)
    {
      gboolean matched = FALSE;

      if (argv[i][0] != '-' || argv[i][1] == '\0')
        {
          g_ptr_array_add (positional, argv[i]);
          continue;
        }
      for (const KvCtlOption *option = options; option != NULL && option->name != NULL; option++)
        {
          gsize len = strlen (option->name);

          if (option->flag != NULL)
            {
              if (g_str_equal (argv[i], option->name))
                {
                  *option->flag = TRUE;
                  matched = TRUE;
                  break;
                }
              continue;
            }
          if (g_str_equal (argv[i], option->name))
            {
              if (i + 1 >= argc)
                {
                  *out_exit = kv_ctl_usage_error ("%s needs a value", option->name);
                  return FALSE;
                }
              g_free (*option->value);
              *option->value = g_strdup (argv[++i]);
              matched = TRUE;
              break;
            }
          if (strncmp (argv[i], option->name, len) == 0 && argv[i][len] == '=')
            {
              g_free (*option->value);
              *option->value = g_strdup (argv[i] + len + 1);
              matched = TRUE;
              break;
            }
        }
      if (!matched)
        {
          *out_exit = kv_ctl_usage_error ("unknown option %s", argv[i]);
          return FALSE;
        }
    }
  return TRUE;
}

const char *
kv_ctl_member_string (JsonObject *object,
                      const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return "";
  return json_node_get_string (node);
}

/* RFC 3339 from the server -> "2026-12-01 10:00 UTC" */
char *
kv_ctl_display_time (JsonObject *object,
                     const char *name)
{
  const char *text = kv_ctl_member_string (object, name);
  gint64 time_us;

  if (*text == '\0')
    return g_strdup ("-");
  if (!kv_ctl_parse_time (text, 0, &time_us, NULL))
    return g_strdup (text);
  return kv_ctl_format_time (time_us);
}

JsonArray *
kv_ctl_reply_array (JsonNode   *reply,
                    const char *name)
{
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (reply))
    return NULL;
  member = json_object_get_member (json_node_get_object (reply), name);
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    return NULL;
  return json_node_get_array (member);
}

/* kiosk add ID --role community|prison [--label TEXT] */
static int
kiosk_add (KvCtl *ctl,
           int    argc,
           char **argv)
{
  g_autofree char *role = NULL;
  g_autofree char *label = NULL;
  const KvCtlOption options[] = { { "--role", &role }, { "--label", &label }, { NULL } };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, options, positional, &status))
    return status;
  if (positional->len != 1)
    return kv_ctl_usage_error ("kiosk add needs exactly one kiosk ID");
  if (role == NULL)
    return kv_ctl_usage_error ("kiosk add needs --role community or --role prison");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, g_ptr_array_index (positional, 0));
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, role);
  if (label != NULL)
    {
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, label);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  if (!kv_ctl_request (ctl, "POST", "/api/v1/kiosks", body, "kiosk", &reply, NULL, &status))
    return status;

  if (ctl->json)
    {
      g_autoptr(JsonBuilder) out = json_builder_new ();
      g_autoptr(JsonNode) out_node = NULL;

      json_builder_begin_object (out);
      json_builder_set_member_name (out, "id");
      json_builder_add_string_value (out, kv_ctl_member_string (json_node_get_object (reply), "id"));
      json_builder_set_member_name (out, "token");
      json_builder_add_string_value (out, kv_ctl_member_string (json_node_get_object (reply), "token"));
      json_builder_end_object (out);
      out_node = json_builder_get_root (out);
      kv_ctl_print_json (out_node);
    }
  else
    {
      /* The token alone on stdout, so `kinvisitctl kiosk add ... > file`
       * writes a secrets value; the hint goes to stderr. */
      printf ("%s\n", kv_ctl_member_string (json_node_get_object (reply), "token"));
      if (isatty (STDOUT_FILENO))
        fprintf (stderr, "This device token is shown only once: put it in the kiosk's "
                 "secrets file as device-token.\n");
    }
  return KV_CTL_EXIT_OK;
}

static int
kiosk_list (KvCtl *ctl,
            int    argc,
            char **argv)
{
  const char * const headers[] = { "ID", "ROLE", "LABEL", "SIGNED IN", "CREATED", "REVOKED", NULL };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(JsonNode) reply = NULL;
  JsonArray *kiosks;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, NULL, positional, &status))
    return status;
  if (positional->len != 0)
    return kv_ctl_usage_error ("kiosk list takes no arguments");
  if (!kv_ctl_request (ctl, "GET", "/api/v1/kiosks", NULL, "kiosk list", &reply, NULL, &status))
    return status;
  if (ctl->json)
    {
      kv_ctl_print_json (reply);
      return KV_CTL_EXIT_OK;
    }
  kiosks = kv_ctl_reply_array (reply, "kiosks");
  for (guint i = 0; kiosks != NULL && i < json_array_get_length (kiosks); i++)
    {
      JsonObject *kiosk = json_array_get_object_element (kiosks, i);
      char **row;

      if (kiosk == NULL)
        continue;
      row = g_new0 (char *, 7);

      row[0] = g_strdup (kv_ctl_member_string (kiosk, "id"));
      row[1] = g_strdup (kv_ctl_member_string (kiosk, "role"));
      row[2] = g_strdup (kv_ctl_member_string (kiosk, "label"));
      row[3] = g_strdup (json_object_get_boolean_member_with_default (kiosk, "signed_in", FALSE)
                         ? "yes" : "no");
      row[4] = kv_ctl_display_time (kiosk, "created");
      row[5] = kv_ctl_display_time (kiosk, "revoked");
      g_ptr_array_add (rows, row);
    }
  kv_ctl_print_table (headers, rows);
  return KV_CTL_EXIT_OK;
}

/* "kiosk revoke ID", "booking cancel ID": one POST to <prefix>/<id>/<verb> */
static int
post_action (KvCtl      *ctl,
             int         argc,
             char      **argv,
             const char *prefix,
             const char *verb,
             const char *what,
             const char *noun,
             const char *done)
{
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, NULL, positional, &status))
    return status;
  if (positional->len != 1)
    return kv_ctl_usage_error ("%s needs exactly one ID", what);
  escaped = g_uri_escape_string (g_ptr_array_index (positional, 0), NULL, FALSE);
  path = g_strdup_printf ("%s/%s/%s", prefix, escaped, verb);
  if (!kv_ctl_request (ctl, "POST", path, NULL, what, &reply, NULL, &status))
    return status;
  if (ctl->json)
    kv_ctl_print_json (reply);
  else
    printf ("%s %s %s.\n", noun, (const char *) g_ptr_array_index (positional, 0), done);
  return KV_CTL_EXIT_OK;
}

static int
booking_add (KvCtl *ctl,
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

static int
booking_list (KvCtl *ctl,
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

/* Reads a PIN from stdin, without echo when it is a terminal. */
static int
pin_hash (void)
{
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO);
  char line[128];
  g_autofree char *encoded = NULL;
  g_autoptr(GError) error = NULL;
  char *pin;

  if (tty)
    {
      fprintf (stderr, "Staff PIN (%d-%d digits): ", KV_PIN_MIN_DIGITS, KV_PIN_MAX_DIGITS);
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  pin = fgets (line, sizeof line, stdin);
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      fputc ('\n', stderr);
    }
  if (pin == NULL)
    return kv_ctl_fail ("no PIN on standard input");
  g_strchomp (pin);
  if (!kv_pin_check (pin, &error))
    {
      memset (line, 0, sizeof line);
      return kv_ctl_fail ("%s", error->message);
    }
  encoded = kv_pin_hash_new (pin, KV_PIN_DEFAULT_ITERATIONS);
  memset (line, 0, sizeof line);
  printf ("%s\n", encoded);
  return KV_CTL_EXIT_OK;
}

int
kv_ctl_run_command (KvCtl *ctl,
                    int    argc,
                    char **argv)
{
  const char *noun = argv[0];
  const char *verb = argc > 1 ? argv[1] : "";

  if (g_str_equal (noun, "pin-hash"))
    return pin_hash ();
  if (g_str_equal (noun, "kiosk") && g_str_equal (verb, "add"))
    return kiosk_add (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "kiosk") && g_str_equal (verb, "list"))
    return kiosk_list (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "kiosk") && g_str_equal (verb, "revoke"))
    return post_action (ctl, argc - 2, argv + 2, "/api/v1/kiosks", "revoke", "kiosk revoke",
                        "Kiosk", "revoked");
  if (g_str_equal (noun, "booking") && g_str_equal (verb, "add"))
    return booking_add (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "booking") && g_str_equal (verb, "list"))
    return booking_list (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "booking") && g_str_equal (verb, "cancel"))
    return post_action (ctl, argc - 2, argv + 2, "/api/v1/bookings", "cancel", "booking cancel",
                        "Booking", "cancelled");
  if (g_str_equal (noun, "session") && g_str_equal (verb, "list"))
    return kv_ctl_session_list (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "session") && g_str_equal (verb, "end"))
    return kv_ctl_session_end (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "session") && g_str_equal (verb, "show"))
    return kv_ctl_session_show (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "audit") && g_str_equal (verb, "export"))
    return kv_ctl_audit_export (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "audit") && g_str_equal (verb, "verify"))
    return kv_ctl_audit_verify (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "purge"))
    return kv_ctl_purge (ctl, argc - 1, argv + 1);
  return kv_ctl_usage_error ("unknown command: %s %s", noun, verb);
}
