/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-kiosk"

#include "config.h"

#include "kv-sticker.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "kv-call-backend.h"

/* Play messages carry nothing but a sticker id: no free text goes between
 * the kiosks, so nothing unsupervised can be said through this channel. */
static const char * const sticker_ids[] = {
  "heart", "star", "sun", "flower", "cat", "dog", "rabbit", "fish", NULL
};

static const char *
find_sticker (const char *sticker_id)
{
  if (sticker_id == NULL)
    return NULL;

  for (guint i = 0; sticker_ids[i] != NULL; i++)
    if (g_str_equal (sticker_ids[i], sticker_id))
      return sticker_ids[i];

  return NULL;
}

gboolean
kv_sticker_is_known (const char *sticker_id)
{
  return find_sticker (sticker_id) != NULL;
}

const char * const *
kv_sticker_get_ids (void)
{
  return sticker_ids;
}

char *
kv_sticker_to_json (const char *sticker_id)
{
  const char *known = find_sticker (sticker_id);

  if (known == NULL)
    return NULL;

  /* Ids are plain ASCII words, no escaping needed. */
  return g_strdup_printf ("{\"sticker\":\"%s\"}", known);
}

const char *
kv_sticker_from_json (const char *json)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonNode *member;
  gsize length;

  if (json == NULL)
    return NULL;

  length = strlen (json);
  if (length > KV_CALL_MAX_PLAY_MESSAGE_SIZE || !g_utf8_validate (json, length, NULL))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, length, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  object = json_node_get_object (root);
  member = json_object_get_member (object, "sticker");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
      json_node_get_value_type (member) != G_TYPE_STRING)
    return NULL;

  return find_sticker (json_node_get_string (member));
}
