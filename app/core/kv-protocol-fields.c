/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-protocol"

#include "config.h"

#include "kv-protocol-fields.h"
#include "kv-protocol-private.h"

#include <stdarg.h>
#include <string.h>

/*
 * Readers for the fields of a message: each checks presence, JSON type,
 * syntax and range, and names the field (never its value) when it refuses.
 */

gboolean
kv_json_fail (KvParseContext  *ctx,
              KvProtocolError  code,
              const char      *field,
              const char      *format,
              ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  if (ctx->prefix != NULL)
    g_set_error (ctx->error, KV_PROTOCOL_ERROR, code, "%s: field '%s.%s' %s",
                 ctx->type, ctx->prefix, field, detail);
  else
    g_set_error (ctx->error, KV_PROTOCOL_ERROR, code, "%s: field '%s' %s",
                 ctx->type, field, detail);
  return FALSE;
}

/* Finds a member. JSON null counts as absent, so that optional fields can be
 * sent as null; for a required field null is the wrong type. */
gboolean
kv_json_get_node (KvParseContext  *ctx,
                  JsonObject      *object,
                  const char      *key,
                  const char      *what,
                  gboolean         required,
                  JsonNode       **out_node)
{
  JsonNode *node = json_object_get_member (object, key);

  *out_node = NULL;
  if (node == NULL)
    return required ? kv_json_fail (ctx, KV_PROTOCOL_ERROR_MISSING_FIELD, key,
                                    "is missing") : TRUE;
  if (JSON_NODE_HOLDS_NULL (node))
    return required ? kv_json_fail (ctx, KV_PROTOCOL_ERROR_WRONG_TYPE, key, "must be %s",
                                    what) : TRUE;

  *out_node = node;
  return TRUE;
}

gboolean
kv_json_get_string (KvParseContext  *ctx,
                    JsonObject      *object,
                    const char      *key,
                    gboolean         required,
                    const char     **out_string)
{
  JsonNode *node;
  const char *string;

  *out_string = NULL;
  if (!kv_json_get_node (ctx, object, key, "a string", required, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return kv_json_fail (ctx, KV_PROTOCOL_ERROR_WRONG_TYPE, key, "must be a string");

  string = json_node_get_string (node);
  /* \uD800-style escapes can smuggle invalid UTF-8 past the byte check. */
  if (string == NULL || !g_utf8_validate (string, -1, NULL))
    return kv_json_fail (ctx, KV_PROTOCOL_ERROR_MALFORMED, key, "is not valid UTF-8");

  *out_string = string;
  return TRUE;
}

/* Free text for people (reasons, labels, error messages): bounded in
 * characters, and without control characters except newline and tab when
 * @multiline, since kiosks show it on screen. */
gboolean
kv_json_get_text (KvParseContext  *ctx,
                  JsonObject      *object,
                  const char      *key,
                  gboolean         required,
                  gboolean         allow_empty,
                  gboolean         multiline,
                  glong            max_chars,
                  char           **out_text)
{
  const char *string;

  if (!kv_json_get_string (ctx, object, key, required, &string))
    return FALSE;
  if (string == NULL)
    return TRUE;
  if (!allow_empty && *string == '\0')
    return kv_json_fail (ctx, KV_PROTOCOL_ERROR_BAD_VALUE, key, "must not be empty");
  if (g_utf8_strlen (string, -1) > max_chars)
    return kv_json_fail (ctx, KV_PROTOCOL_ERROR_TOO_LONG, key, "is longer than %ld characters",
                         max_chars);
  for (const char *p = string; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) && !(multiline && (c == '\n' || c == '\t')))
        return kv_json_fail (ctx, KV_PROTOCOL_ERROR_BAD_VALUE, key,
                             "must not contain control characters");
    }

  *out_text = g_strdup (string);
  return TRUE;
}

/* Machine text (SDP, candidates, ICE server fields): bounded in bytes. */
gboolean
kv_json_get_blob (KvParseContext  *ctx,
                  JsonObject      *object,
                  const char      *key,
                  gboolean         required,
                  gboolean         allow_empty,
                  gsize            max_bytes,
                  char           **out_blob)
{
  const char *string;

  if (!kv_json_get_string (ctx, object, key, required, &string))
    return FALSE;
  if (string == NULL)
    return TRUE;
  if (!allow_empty && *string == '\0')
    return kv_json_fail (ctx, KV_PROTOCOL_ERROR_BAD_VALUE, key, "must not be empty");
  if (strlen (string) > max_bytes)
    return kv_json_fail (ctx, KV_PROTOCOL_ERROR_TOO_LONG, key,
                         "is longer than %" G_GSIZE_FORMAT " bytes",
                         max_bytes);

  *out_blob = g_strdup (string);
  return TRUE;
}

gboolean
kv_json_get_id (KvParseContext  *ctx,
                JsonObject      *object,
                const char      *key,
                gboolean         required,
                char           **out_id)
{
  const char *string;

  if (!kv_json_get_string (ctx, object, key, required, &string))
    return FALSE;
  if (string == NULL)
    return TRUE;
  if (strlen (string) > KV_PROTOCOL_MAX_ID_SIZE)
    return kv_json_fail (ctx, KV_PROTOCOL_ERROR_TOO_LONG, key, "is longer than %d bytes",
                         KV_PROTOCOL_MAX_ID_SIZE);
  if (!kv_protocol_is_valid_id (string))
    return kv_json_fail (ctx, KV_PROTOCOL_ERROR_BAD_VALUE, key,
                         "must be 1 to %d characters of A-Z, a-z, 0-9, '_' and '-'",
                         KV_PROTOCOL_MAX_ID_SIZE);

  *out_id = g_strdup (string);
  return TRUE;
}

gboolean
kv_json_get_int (KvParseContext *ctx,
                 JsonObject     *object,
                 const char     *key,
                 gint64          min,
                 gint64          max,
                 gint64         *out_value)
{
  JsonNode *node;
  gint64 value;

  if (!kv_json_get_node (ctx, object, key, "an integer", TRUE, &node))
    return FALSE;
  /* json-glib reads 1.0 and 1e3 as doubles: integers only where integers
   * are meant, so no value is ever silently rounded. */
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return kv_json_fail (ctx, KV_PROTOCOL_ERROR_WRONG_TYPE, key, "must be an integer");

  value = json_node_get_int (node);
  if (value < min || value > max)
    return kv_json_fail (ctx, KV_PROTOCOL_ERROR_BAD_VALUE, key,
                         "must be from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT, min, max);

  *out_value = value;
  return TRUE;
}

gboolean
kv_json_get_uint (KvParseContext *ctx,
                  JsonObject     *object,
                  const char     *key,
                  guint           max,
                  guint          *out_value)
{
  gint64 value;

  if (!kv_json_get_int (ctx, object, key, 0, max, &value))
    return FALSE;
  *out_value = (guint) value;
  return TRUE;
}

/* Durations travel as whole milliseconds. */
gboolean
kv_json_get_duration (KvParseContext *ctx,
                      JsonObject     *object,
                      const char     *key,
                      gint64         *out_us)
{
  gint64 ms;

  if (!kv_json_get_int (ctx, object, key, 0, KV_PROTOCOL_MAX_DURATION_MS, &ms))
    return FALSE;
  *out_us = ms * 1000;
  return TRUE;
}

gboolean
kv_json_get_bool (KvParseContext *ctx,
                  JsonObject     *object,
                  const char     *key,
                  gboolean       *out_value)
{
  JsonNode *node;

  if (!kv_json_get_node (ctx, object, key, "true or false", TRUE, &node))
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return kv_json_fail (ctx, KV_PROTOCOL_ERROR_WRONG_TYPE, key, "must be true or false");

  *out_value = json_node_get_boolean (node);
  return TRUE;
}

/* A flag added in a later version: absent or null is false. */
gboolean
kv_json_get_optional_bool (KvParseContext *ctx,
                           JsonObject     *object,
                           const char     *key,
                           gboolean       *out_value)
{
  JsonNode *node = json_object_get_member (object, key);

  *out_value = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  return kv_json_get_bool (ctx, object, key, out_value);
}

gboolean
kv_json_get_time (KvParseContext *ctx,
                  JsonObject     *object,
                  const char     *key,
                  gint64         *out_time_us)
{
  const char *string;

  if (!kv_json_get_string (ctx, object, key, TRUE, &string))
    return FALSE;
  if (!kv_protocol_parse_time (string, out_time_us))
    return kv_json_fail (ctx, KV_PROTOCOL_ERROR_BAD_VALUE, key,
                         "must be an RFC 3339 UTC time from 1970 to 9999, "
                         "e.g. 2026-11-22T10:00:00Z");
  return TRUE;
}

/* Enums travel as their kv_*_to_string() names. */
#define DEFINE_GET_ENUM(Type, name, from_string)                               \
  gboolean                                                                     \
  name (KvParseContext *ctx,                                                     \
        JsonObject   *object,                                                  \
        const char   *key,                                                     \
        Type         *out_value)                                               \
  {                                                                            \
    const char *string;                                                        \
                                                                               \
    if (!kv_json_get_string (ctx, object, key, TRUE, &string))                    \
      return FALSE;                                                            \
    if (!from_string (string, out_value))                                      \
      return kv_json_fail (ctx, KV_PROTOCOL_ERROR_BAD_VALUE, key, "has an unknown value"); \
    return TRUE;                                                               \
  }

DEFINE_GET_ENUM (KvRole, kv_json_get_role, kv_role_from_string)
DEFINE_GET_ENUM (KvSessionState, kv_json_get_state, kv_session_state_from_string)
DEFINE_GET_ENUM (KvOutcome, kv_json_get_outcome, kv_outcome_from_string)
DEFINE_GET_ENUM (KvProtocolError, kv_json_get_error_code, kv_protocol_error_from_string)

/* Categories: NONE is what an absent field means, never a name on the
 * wire, so that a message has one written form. */
#define DEFINE_GET_CATEGORY(Type, name, from_string, none)                     \
  gboolean                                                                     \
  name (KvParseContext *ctx,                                                   \
        JsonObject     *object,                                                \
        const char     *key,                                                   \
        gboolean        required,                                              \
        Type           *out_value)                                             \
  {                                                                            \
    const char *string;                                                        \
                                                                               \
    *out_value = none;                                                         \
    if (!kv_json_get_string (ctx, object, key, required, &string))             \
      return FALSE;                                                            \
    if (string == NULL)                                                        \
      return TRUE;                                                             \
    if (!from_string (string, out_value) || *out_value == none)                \
      return kv_json_fail (ctx, KV_PROTOCOL_ERROR_BAD_VALUE, key, "has an unknown value"); \
    return TRUE;                                                               \
  }

DEFINE_GET_CATEGORY (KvEndCategory, kv_json_get_end_category, kv_end_category_from_string,
                     KV_END_CATEGORY_NONE)
DEFINE_GET_CATEGORY (KvPauseCategory, kv_json_get_pause_category,
                     kv_pause_category_from_string, KV_PAUSE_CATEGORY_NONE)

gboolean
kv_json_get_array (KvParseContext  *ctx,
                   JsonObject      *object,
                   const char      *key,
                   guint            max_length,
                   JsonArray      **out_array)
{
  JsonNode *node;

  if (!kv_json_get_node (ctx, object, key, "an array", TRUE, &node))
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return kv_json_fail (ctx, KV_PROTOCOL_ERROR_WRONG_TYPE, key, "must be an array");
  if (json_array_get_length (json_node_get_array (node)) > max_length)
    return kv_json_fail (ctx, KV_PROTOCOL_ERROR_TOO_LONG, key, "has more than %u entries",
                         max_length);

  *out_array = json_node_get_array (node);
  return TRUE;
}

gboolean
kv_json_get_sides (KvParseContext *ctx,
                   JsonObject     *object,
                   const char     *key,
                   KvSideFlags    *out_sides)
{
  JsonArray *array;
  KvSideFlags sides = KV_SIDE_NONE;

  if (!kv_json_get_array (ctx, object, key, 2, &array))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      KvRole role;
      KvSideFlags side;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return kv_json_fail (ctx, KV_PROTOCOL_ERROR_WRONG_TYPE, key,
                             "must be an array of side names");
      if (!kv_role_from_string (json_node_get_string (node), &role))
        return kv_json_fail (ctx, KV_PROTOCOL_ERROR_BAD_VALUE, key,
                             "must contain only \"prison\" and \"community\"");
      side = kv_role_to_side (role);
      if (sides & side)
        return kv_json_fail (ctx, KV_PROTOCOL_ERROR_BAD_VALUE, key, "names a side twice");
      sides |= side;
    }

  *out_sides = sides;
  return TRUE;
}

/* A set of sides added in a later version: absent or null is no side. */
gboolean
kv_json_get_optional_sides (KvParseContext *ctx,
                            JsonObject     *object,
                            const char     *key,
                            KvSideFlags    *out_sides)
{
  JsonNode *node = json_object_get_member (object, key);

  *out_sides = KV_SIDE_NONE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  return kv_json_get_sides (ctx, object, key, out_sides);
}

gboolean
kv_json_check_order (KvParseContext *ctx,
                     const char     *key,
                     gint64          start_us,
                     gint64          end_us)
{
  if (end_us <= start_us)
    return kv_json_fail (ctx, KV_PROTOCOL_ERROR_BAD_VALUE, key, "must be after 'start'");
  return TRUE;
}

