/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisitctl"

#include "config.h"

#include "kv-ctl.h"

#include <stdio.h>

/* kinvisitctl's commands for the audit log: the verification of the hash
 * chain (exit status 1 when it is broken). */

static gint64
member_int (JsonObject *object,
            const char *name)
{
  return json_object_get_int_member_with_default (object, name, 0);
}

static const char *
member_text (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return "?";
  return json_node_get_string (node);
}

/* audit verify: exit status 1 when the chain is broken */
int
kv_ctl_audit_verify (KvCtl *ctl,
                     int    argc,
                     char **argv)
{
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(JsonNode) reply = NULL;
  JsonObject *result;
  gboolean intact;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, NULL, positional, &status))
    return status;
  if (positional->len != 0)
    return kv_ctl_usage_error ("audit verify takes no arguments");
  if (!kv_ctl_request (ctl, "GET", "/api/v1/audit/verify", NULL, "audit verify", &reply, NULL,
                       &status))
    return status;
  result = json_node_get_object (reply);
  intact = json_object_get_boolean_member_with_default (result, "intact", FALSE);

  if (ctl->json)
    kv_ctl_print_json (reply);
  else if (intact)
    printf ("intact: %" G_GINT64_FORMAT " rows, head hash %s\n", member_int (result, "rows"),
            member_text (result, "head_hash"));
  else
    printf ("broken at seq %" G_GINT64_FORMAT ": %s\n"
            "(the %" G_GINT64_FORMAT " rows before it are intact, up to seq %" G_GINT64_FORMAT
            ", hash %s)\n", member_int (result, "broken_seq"), member_text (result, "reason"),
            member_int (result, "rows"), member_int (result, "head_seq"),
            member_text (result, "head_hash"));
  return intact ? KV_CTL_EXIT_OK : KV_CTL_EXIT_REFUSED;
}
