/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisitctl"

#include "config.h"

#include "kv-ctl-kiosks.h"

#include <stdio.h>
#include <unistd.h>

/* kinvisitctl's commands for kiosks: each turns its arguments into one
 * admin request and prints the answer, as a table for people or JSON for
 * scripts. */

/* kiosk add ID --role community|prison [--label TEXT] [--site SITE] */
int
kv_ctl_kiosk_add (KvCtl *ctl,
                  int    argc,
                  char **argv)
{
  g_autofree char *role = NULL;
  g_autofree char *label = NULL;
  g_autofree char *site = NULL;
  const KvCtlOption options[] = { { "--role", &role }, { "--label", &label }, { "--site", &site },
                                  { NULL } };
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
  kv_ctl_add_string (builder, "site", site);
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

/* kiosk list */
int
kv_ctl_kiosk_list (KvCtl *ctl,
                   int    argc,
                   char **argv)
{
  const char * const headers[] = { "ID", "ROLE", "LABEL", "SIGNED IN", "LAST SEEN", "SOFTWARE",
                                    "CREATED", "REVOKED", NULL };
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
      row = g_new0 (char *, 9);

      row[0] = g_strdup (kv_ctl_member_string (kiosk, "id"));
      row[1] = g_strdup (kv_ctl_member_string (kiosk, "role"));
      row[2] = g_strdup (kv_ctl_member_string (kiosk, "label"));
      row[3] = g_strdup (json_object_get_boolean_member_with_default (kiosk, "signed_in", FALSE)
                         ? "yes" : "no");
      /* In the kiosk's site zone, as the server wrote it. */
      row[4] = kv_ctl_local_time (kiosk, "last_seen");
      row[5] = g_strdup (*kv_ctl_member_string (kiosk, "software") != '\0'
                         ? kv_ctl_member_string (kiosk, "software") : "-");
      row[6] = kv_ctl_display_time (kiosk, "created");
      row[7] = kv_ctl_display_time (kiosk, "revoked");
      g_ptr_array_add (rows, row);
    }
  kv_ctl_print_table (headers, rows);
  return KV_CTL_EXIT_OK;
}

/* kiosk revoke ID */
int
kv_ctl_kiosk_revoke (KvCtl *ctl,
                     int    argc,
                     char **argv)
{
  return kv_ctl_post_action (ctl, argc, argv, "/api/v1/kiosks", "revoke", "kiosk revoke", "Kiosk",
                             "revoked");
}
