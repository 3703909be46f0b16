/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-redact"

#include "config.h"

#include "kv-redact.h"

#include <json-glib/json-glib.h>

#include <string.h>

/* Log redaction. Everyone calls these before logging anything that may
 * carry a secret or a person's data, at any level: logs are copied to
 * support tickets, and the users are children and prisoners. */

/* Nesting deeper than any protocol message; deeper input is not walked. */
#define MAX_DEPTH 32
/* Hex digits of the token's hash shown: enough to tell two kiosks apart in
 * a log, far too few to help guess the token. */
#define TOKEN_HASH_CHARS 8

/* Members whose values are secret (token, credential), carry network
 * addresses or media keys (sdp, candidate), or are words people chose
 * (labels, reasons). */
static const char * const sensitive_members[] = {
  "token", "credential", "username", "sdp", "candidate",
  "prison_label", "community_label", "kiosk_label", "label", "reason",
  NULL
};

/**
 * kv_redact_token:
 * @token: (nullable): a device or admin token
 *
 * Returns: (transfer full): e.g. "token:1a2b3c4d", a short prefix of the
 *   token's SHA-256, so logs can tell tokens apart without revealing any
 */
char *
kv_redact_token (const char *token)
{
  g_autofree char *digest = NULL;

  if (token == NULL)
    return g_strdup ("token:(none)");

  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  return g_strdup_printf ("token:%.*s", TOKEN_HASH_CHARS, digest);
}

/**
 * kv_redact_text:
 * @text: (nullable): free text a person chose (a label, a reason)
 *
 * Returns: (transfer full): e.g. "(5 chars)": the length only
 */
char *
kv_redact_text (const char *text)
{
  if (text == NULL)
    return g_strdup ("(none)");

  return g_strdup_printf ("(%ld chars)", g_utf8_validate (text, -1, NULL)
                                         ? g_utf8_strlen (text, -1)
                                         : (glong) strlen (text));
}

/**
 * kv_redact_url:
 * @url: (nullable): a URL that may carry credentials, e.g. what
 *   kv_ice_url_to_webrtcbin() returns
 *
 * Returns: (transfer full): @url with any `user:password@` replaced, e.g.
 *   "turn://(redacted)@turn.example.org:3478"; the query is dropped too
 */
char *
kv_redact_url (const char *url)
{
  const char *authority;
  const char *end;
  const char *at = NULL;
  g_autofree char *valid = NULL;

  if (url == NULL)
    return g_strdup ("(none)");

  valid = g_utf8_make_valid (url, -1);
  authority = strstr (valid, "://");
  authority = authority != NULL ? authority + 3 : strchr (valid, ':');
  if (authority == NULL)
    return g_strdup ("(not a URL)");
  if (*authority == ':')
    authority++;

  /* The authority ends at the path or the query; a password may hold any
   * of '/', '?' or '#' only percent-encoded, so the first of them ends it. */
  end = authority + strcspn (authority, "/?#");
  for (const char *p = authority; p < end; p++)
    {
      if (*p == '@')
        at = p;
    }

  if (at == NULL)
    return g_strndup (valid, (gsize) (end - valid));

  return g_strdup_printf ("%.*s(redacted)%.*s", (int) (authority - valid), valid,
                          (int) (end - at), at);
}

static void redact_node (JsonNode *node,
                         guint     depth);

static JsonNode *
redacted_value (JsonNode *value)
{
  JsonNode *replacement = json_node_new (JSON_NODE_VALUE);

  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    {
      g_autofree char *text = g_strdup_printf ("(redacted, %zu bytes)",
                                               strlen (json_node_get_string (value)));
      json_node_set_string (replacement, text);
    }
  else
    json_node_set_string (replacement, "(redacted)");

  return replacement;
}

static void
redact_object (JsonObject *object,
               guint       depth)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *value = json_object_get_member (object, name);

      if (g_strv_contains (sensitive_members, name))
        {
          /* An empty candidate ends the candidates: keep it, it says so. */
          if (JSON_NODE_HOLDS_VALUE (value) &&
              json_node_get_value_type (value) == G_TYPE_STRING &&
              json_node_get_string (value)[0] == '\0')
            continue;
          json_object_set_member (object, name, redacted_value (value));
        }
      else
        redact_node (value, depth + 1);
    }
}

static void
redact_node (JsonNode *node,
             guint     depth)
{
  if (node == NULL)
    return;

  if (depth > MAX_DEPTH)
    {
      json_node_init_string (node, "(too deep)");
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    redact_object (json_node_get_object (node), depth);
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        redact_node (json_array_get_element (array, i), depth + 1);
    }
}

/* json-glib's parser recurses once per nesting level: refuse hostile
 * nesting before handing it the input. */
static gboolean
nesting_too_deep (const char *json,
                  gsize       size)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < size; i++)
    {
      char c = json[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > MAX_DEPTH)
            return TRUE;
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }

  return FALSE;
}

/**
 * kv_redact_message:
 * @json: a protocol message as received or sent; any bytes
 * @length: length of @json, or -1 if NUL-terminated
 *
 * Replaces the values of sensitive members (token, credential, username,
 * sdp, candidate, labels, reason) anywhere in the message by their length,
 * for debug logs. Input that is not JSON is not echoed at all.
 *
 * Returns: (transfer full): the redacted message, compact JSON
 */
char *
kv_redact_message (const char *json,
                   gssize      length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  gsize size;

  if (json == NULL)
    return g_strdup ("(no message)");

  size = length < 0 ? strlen (json) : (gsize) length;
  if (!g_utf8_validate_len (json, size, NULL) || nesting_too_deep (json, size) ||
      !json_parser_load_from_data (parser, json, (gssize) size, NULL))
    return g_strdup_printf ("(unparseable message, %zu bytes)", size);

  root = json_parser_steal_root (parser);
  if (root == NULL)
    return g_strdup ("(empty message)");

  redact_node (root, 0);

  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}
