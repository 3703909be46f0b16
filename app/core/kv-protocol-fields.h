/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "kv-protocol.h"

G_BEGIN_DECLS

/* Field readers for the parser (kv-protocol-fields.c). They set ctx->error
 * with a message naming the field and return FALSE on bad input. */
typedef struct
{
  const char  *type;     /* the message type's wire name, for messages */
  const char  *prefix;   /* the list entry being read, e.g. "bookings[3]" */
  GError     **error;
} KvParseContext;

gboolean kv_json_fail (KvParseContext  *ctx,
                       KvProtocolError  code,
                       const char      *field,
                       const char      *format,
                       ...) G_GNUC_PRINTF (4, 5);

gboolean kv_json_get_node (KvParseContext  *ctx,
                           JsonObject      *object,
                           const char      *key,
                           const char      *what,
                           gboolean         required,
                           JsonNode       **out_node);

gboolean kv_json_get_string (KvParseContext  *ctx,
                             JsonObject      *object,
                             const char      *key,
                             gboolean         required,
                             const char     **out_string);

gboolean kv_json_get_text (KvParseContext  *ctx,
                           JsonObject      *object,
                           const char      *key,
                           gboolean         required,
                           gboolean         allow_empty,
                           gboolean         multiline,
                           glong            max_chars,
                           char           **out_text);

gboolean kv_json_get_blob (KvParseContext  *ctx,
                           JsonObject      *object,
                           const char      *key,
                           gboolean         required,
                           gboolean         allow_empty,
                           gsize            max_bytes,
                           char           **out_blob);

gboolean kv_json_get_id (KvParseContext  *ctx,
                         JsonObject      *object,
                         const char      *key,
                         gboolean         required,
                         char           **out_id);

gboolean kv_json_get_int (KvParseContext *ctx,
                          JsonObject     *object,
                          const char     *key,
                          gint64          min,
                          gint64          max,
                          gint64         *out_value);

gboolean kv_json_get_uint (KvParseContext *ctx,
                           JsonObject     *object,
                           const char     *key,
                           guint           max,
                           guint          *out_value);

gboolean kv_json_get_duration (KvParseContext *ctx,
                               JsonObject     *object,
                               const char     *key,
                               gint64         *out_us);

gboolean kv_json_get_bool (KvParseContext *ctx,
                           JsonObject     *object,
                           const char     *key,
                           gboolean       *out_value);

gboolean kv_json_get_optional_bool (KvParseContext *ctx,
                                    JsonObject     *object,
                                    const char     *key,
                                    gboolean       *out_value);

gboolean kv_json_get_time (KvParseContext *ctx,
                           JsonObject     *object,
                           const char     *key,
                           gint64         *out_time_us);

gboolean kv_json_get_array (KvParseContext  *ctx,
                            JsonObject      *object,
                            const char      *key,
                            guint            max_length,
                            JsonArray      **out_array);

gboolean kv_json_get_sides (KvParseContext *ctx,
                            JsonObject     *object,
                            const char     *key,
                            KvSideFlags    *out_sides);

gboolean kv_json_get_optional_sides (KvParseContext *ctx,
                                     JsonObject     *object,
                                     const char     *key,
                                     KvSideFlags    *out_sides);

gboolean kv_json_check_order (KvParseContext *ctx,
                              const char     *key,
                              gint64          start_us,
                              gint64          end_us);

gboolean kv_json_get_role (KvParseContext *ctx,
                           JsonObject     *object,
                           const char     *key,
                           KvRole         *out_value);

gboolean kv_json_get_state (KvParseContext *ctx,
                            JsonObject     *object,
                            const char     *key,
                            KvSessionState *out_value);

gboolean kv_json_get_outcome (KvParseContext *ctx,
                              JsonObject     *object,
                              const char     *key,
                              KvOutcome      *out_value);

gboolean kv_json_get_error_code (KvParseContext  *ctx,
                                 JsonObject      *object,
                                 const char      *key,
                                 KvProtocolError *out_value);

/* Optional categories: absent or null is NONE; "none" itself is refused. */
gboolean kv_json_get_end_category (KvParseContext *ctx,
                                   JsonObject     *object,
                                   const char     *key,
                                   gboolean        required,
                                   KvEndCategory  *out_value);

gboolean kv_json_get_pause_category (KvParseContext  *ctx,
                                     JsonObject      *object,
                                     const char      *key,
                                     gboolean         required,
                                     KvPauseCategory *out_value);

G_END_DECLS
