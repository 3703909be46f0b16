/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisitctl"

#include "config.h"

#include "kv-ctl-staff.h"

#include <stdio.h>
#include <string.h>

/* kinvisitctl's commands for staff accounts. Passwords and PINs are read
 * from the terminal without echo (twice, so a typo does not become the
 * password), or from the first line of standard input for scripts; never
 * from the command line, where ps and the shell history would show them. */

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
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

/* staff add ID [--name TEXT] --role ROLE [--role ROLE] [--site SITE]...
 * (--role and --site repeat, which kv_ctl_parse_arguments() does not do) */
int
kv_ctl_staff_add (KvCtl *ctl,
                  int    argc,
                  char **argv)
{
  g_autoptr(GPtrArray) roles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) sites = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *password = NULL;
  g_autofree char *name = NULL;
  const char *id = NULL;
  int status;

  for (int i = 0; i < argc; i++)
    {
      const char *option = argv[i];
      GPtrArray *list = NULL;
      char **single = NULL;

      if (g_str_equal (option, "--role"))
        list = roles;
      else if (g_str_equal (option, "--site"))
        list = sites;
      else if (g_str_equal (option, "--name"))
        single = &name;
      else if (option[0] != '-' && id == NULL)
        {
          id = option;
          continue;
        }
      else
        return kv_ctl_usage_error ("unknown option or extra argument %s", option);
      if (i + 1 >= argc)
        return kv_ctl_usage_error ("%s needs a value", option);
      if (list != NULL)
        g_ptr_array_add (list, g_strdup (argv[++i]));
      else
        {
          g_free (*single);
          *single = g_strdup (argv[++i]);
        }
    }
  if (id == NULL)
    return kv_ctl_usage_error ("staff add needs the new account's ID");
  if (roles->len == 0)
    return kv_ctl_usage_error ("staff add needs at least one --role "
                               "(officer, coordinator, scheduler or admin)");

  password = kv_ctl_read_secret ("Password for the new account: ", "The same password again: ");
  if (password == NULL)
    return KV_CTL_EXIT_REFUSED;

  json_builder_begin_object (builder);
  add_string_member (builder, "id", id);
  add_string_member (builder, "name", name != NULL ? name : id);
  add_string_array (builder, "roles", roles);
  add_string_array (builder, "sites", sites);
  add_string_member (builder, "password", password);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  memset (password, 0, strlen (password));

  if (!kv_ctl_request (ctl, "POST", "/api/v1/staff", body, "staff account", &reply, NULL,
                       &status))
    return status;
  if (ctl->json)
    kv_ctl_print_json (reply);
  else
    printf ("Staff account %s added.\n", id);
  return KV_CTL_EXIT_OK;
}

static char *
join_array (JsonObject *object,
            const char *name)
{
  JsonArray *array = kv_ctl_member_array (object, name);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "," : "",
                            json_array_get_string_element (array, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* staff list */
int
kv_ctl_staff_list (KvCtl *ctl,
                   int    argc,
                   char **argv)
{
  const char * const headers[] = { "ID", "NAME", "ROLES", "SITES", "PIN", "STATE", NULL };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(JsonNode) reply = NULL;
  JsonArray *staff;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, NULL, positional, &status))
    return status;
  if (positional->len != 0)
    return kv_ctl_usage_error ("staff list takes no arguments");
  if (!kv_ctl_request (ctl, "GET", "/api/v1/staff", NULL, "staff list", &reply, NULL, &status))
    return status;
  if (ctl->json)
    {
      kv_ctl_print_json (reply);
      return KV_CTL_EXIT_OK;
    }
  staff = kv_ctl_reply_array (reply, "staff");
  for (guint i = 0; staff != NULL && i < json_array_get_length (staff); i++)
    {
      JsonObject *account = json_array_get_object_element (staff, i);
      char **row;

      if (account == NULL)
        continue;
      row = g_new0 (char *, 7);
      row[0] = g_strdup (kv_ctl_member_string (account, "id"));
      row[1] = g_strdup (kv_ctl_member_string (account, "name"));
      row[2] = join_array (account, "roles");
      row[3] = join_array (account, "sites");
      row[4] = g_strdup (json_object_get_boolean_member_with_default (account, "has_pin", FALSE)
                         ? "set" : "-");
      row[5] = g_strdup (json_object_get_boolean_member_with_default (account, "disabled", FALSE)
                         ? "disabled" : "active");
      g_ptr_array_add (rows, row);
    }
  kv_ctl_print_table (headers, rows);
  return KV_CTL_EXIT_OK;
}

/* staff disable ID */
int
kv_ctl_staff_disable (KvCtl *ctl,
                      int    argc,
                      char **argv)
{
  return kv_ctl_post_action (ctl, argc, argv, "/api/v1/staff", "disable", "staff disable",
                             "Staff account", "disabled; its sessions have ended");
}

/* staff enable ID */
int
kv_ctl_staff_enable (KvCtl *ctl,
                     int    argc,
                     char **argv)
{
  return kv_ctl_post_action (ctl, argc, argv, "/api/v1/staff", "enable", "staff enable",
                             "Staff account", "enabled");
}

/* POST /api/v1/staff/ID/<action> {"<member>": secret} */
static int
post_secret (KvCtl      *ctl,
             int         argc,
             char      **argv,
             const char *action,
             const char *member,
             const char *what,
             const char *prompt,
             const char *again_prompt,
             const char *done)
{
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  const char *id;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, NULL, positional, &status))
    return status;
  if (positional->len != 1)
    return kv_ctl_usage_error ("%s needs exactly one account ID", what);
  id = g_ptr_array_index (positional, 0);
  secret = kv_ctl_read_secret (prompt, again_prompt);
  if (secret == NULL)
    return KV_CTL_EXIT_REFUSED;
  json_builder_begin_object (builder);
  add_string_member (builder, member, secret);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  memset (secret, 0, strlen (secret));

  escaped = g_uri_escape_string (id, NULL, FALSE);
  path = g_strdup_printf ("/api/v1/staff/%s/%s", escaped, action);
  if (!kv_ctl_request (ctl, "POST", path, body, what, &reply, NULL, &status))
    return status;
  if (ctl->json)
    kv_ctl_print_json (reply);
  else
    printf ("Staff account %s: %s.\n", id, done);
  return KV_CTL_EXIT_OK;
}

/* staff reset-password ID */
int
kv_ctl_staff_reset_password (KvCtl *ctl,
                             int    argc,
                             char **argv)
{
  return post_secret (ctl, argc, argv, "password", "password", "staff reset-password",
                      "New password: ", "The same password again: ",
                      "new password set; its sessions have ended");
}

/* staff set-pin ID */
int
kv_ctl_staff_set_pin (KvCtl *ctl,
                      int    argc,
                      char **argv)
{
  return post_secret (ctl, argc, argv, "pin", "pin", "staff set-pin",
                      "Kiosk PIN (4-12 digits): ", "The same PIN again: ", "kiosk PIN set");
}
