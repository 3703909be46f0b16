/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisitctl"

#include "config.h"

#include "kv-ctl-sign-in.h"

#include "kv-ctl-credentials.h"

#include <stdio.h>
#include <string.h>

/* kinvisitctl sign-in, sign-out and whoami: a staff account's console
 * session, kept between commands (kv-ctl-credentials.c), which every
 * later command uses instead of the admin token until sign-out. */

static void
print_account (JsonObject *root)
{
  JsonObject *account = kv_ctl_member_object (root, "account");
  JsonArray *roles = kv_ctl_member_array (account, "roles");
  JsonArray *sites = kv_ctl_member_array (account, "sites");
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean admin = FALSE;

  g_string_printf (text, "%s (%s), roles:", kv_ctl_member_string (account, "id"),
                   kv_ctl_member_string (account, "name"));
  for (guint i = 0; roles != NULL && i < json_array_get_length (roles); i++)
    {
      const char *role = json_array_get_string_element (roles, i);

      admin |= g_strcmp0 (role, "admin") == 0;
      g_string_append_printf (text, " %s", role);
    }
  g_string_append (text, ", sites:");
  /* An admin account with no sites is the organisation's admin (see
   * "Staff accounts" in docs/server.md). */
  if (sites == NULL || json_array_get_length (sites) == 0)
    g_string_append (text, admin ? " all" : " none");
  for (guint i = 0; sites != NULL && i < json_array_get_length (sites); i++)
    g_string_append_printf (text, " %s", json_array_get_string_element (sites, i));
  printf ("%s\n", text->str);
}

/* sign-in --user ID */
int
kv_ctl_sign_in (KvCtl *ctl,
                int    argc,
                char **argv)
{
  g_autofree char *user = NULL;
  const KvCtlOption options[] = { { "--user", &user }, { NULL } };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(KvCtlCredentials) credentials = g_new0 (KvCtlCredentials, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  SoupCookie *cookie;
  const char *set_cookie;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, options, positional, &status))
    return status;
  if (user == NULL || positional->len != 0)
    return kv_ctl_usage_error ("sign-in needs --user ID and nothing else");
  password = kv_ctl_read_secret ("Password: ", NULL);
  if (password == NULL)
    return KV_CTL_EXIT_REFUSED;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, user);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  memset (password, 0, strlen (password));

  ctl->anonymous = TRUE;
  if (!kv_ctl_request_full (ctl, "POST", "/api/v1/session", body, "sign-in", &reply, NULL,
                            &headers, &status))
    return status;
  set_cookie = soup_message_headers_get_one (headers, "Set-Cookie");
  cookie = set_cookie != NULL ? soup_cookie_parse (set_cookie, NULL) : NULL;
  if (cookie == NULL)
    return kv_ctl_fail ("the server signed you in but sent no session cookie");
  credentials->server = g_strdup (ctl->server);
  credentials->account = g_strdup (user);
  credentials->cookie = g_strdup (soup_cookie_get_value (cookie));
  credentials->csrf_token = g_strdup (kv_ctl_member_string (json_node_get_object (reply),
                                                            "csrf_token"));
  soup_cookie_free (cookie);
  if (!kv_ctl_credentials_save (credentials, &error))
    return kv_ctl_fail ("signed in, but cannot keep the session: %s", error->message);

  if (ctl->json)
    kv_ctl_print_json (reply);
  else
    {
      printf ("Signed in to %s as ", ctl->server);
      print_account (json_node_get_object (reply));
    }
  return KV_CTL_EXIT_OK;
}

/* sign-out: ends the session on the server, then forgets it here (even if
 * the server had ended it already). */
int
kv_ctl_sign_out (KvCtl *ctl,
                 int    argc,
                 char **argv)
{
  g_autoptr(KvCtlCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  int status;

  if (argc != 0)
    return kv_ctl_usage_error ("sign-out takes no arguments");
  credentials = kv_ctl_credentials_load (ctl->server, &error);
  if (credentials == NULL && error == NULL)
    {
      printf ("Not signed in to %s.\n", ctl->server);
      return KV_CTL_EXIT_OK;
    }
  if (credentials != NULL)
    kv_ctl_request_full (ctl, "DELETE", "/api/v1/session", NULL, "sign-out", NULL, NULL, NULL,
                         &status);
  g_clear_error (&error);
  if (!kv_ctl_credentials_remove (ctl->server, &error))
    return kv_ctl_fail ("%s", error->message);
  printf ("Signed out of %s.\n", ctl->server);
  return KV_CTL_EXIT_OK;
}

/* whoami */
int
kv_ctl_whoami (KvCtl *ctl,
               int    argc,
               char **argv)
{
  g_autoptr(KvCtlCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  int status;

  if (argc != 0)
    return kv_ctl_usage_error ("whoami takes no arguments");
  credentials = kv_ctl_credentials_load (ctl->server, &error);
  if (credentials == NULL)
    {
      if (error != NULL)
        return kv_ctl_fail ("%s", error->message);
      printf ("Not signed in to %s: commands use the admin token.\n", ctl->server);
      return KV_CTL_EXIT_OK;
    }
  if (!kv_ctl_request (ctl, "GET", "/api/v1/session", NULL, "whoami", &reply, NULL, &status))
    return status;
  if (ctl->json)
    kv_ctl_print_json (reply);
  else
    {
      printf ("Signed in to %s as ", ctl->server);
      print_account (json_node_get_object (reply));
    }
  return KV_CTL_EXIT_OK;
}
