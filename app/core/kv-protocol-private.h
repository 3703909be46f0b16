/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-protocol.h"

G_BEGIN_DECLS

/* Shared between the parts of the protocol codec (kv-protocol.c,
 * kv-protocol-parse.c, kv-protocol-serialize.c) and its tests and fuzzers.
 * Not a contract for other modules. */

/* Longest ICE server URL, username or credential, in bytes. */
#define KV_PROTOCOL_MAX_ICE_FIELD_SIZE 512
/* Most URLs in one ICE server. */
#define KV_PROTOCOL_MAX_ICE_URLS 8
/* Shortest and longest device token, in characters (base64url). */
#define KV_PROTOCOL_MIN_TOKEN_CHARS 16
#define KV_PROTOCOL_MAX_TOKEN_CHARS 128
/* Durations (goodbye_ms, lost_ms, makeup_ms) and cue points are bounded by a
 * day: no visit is longer, and it keeps every value exact in any JSON
 * implementation. */
#define KV_PROTOCOL_MAX_DURATION_MS G_GINT64_CONSTANT (86400000)
#define KV_PROTOCOL_MAX_CUE_SECONDS 86400
/* Highest call generation and m-line index accepted. */
#define KV_PROTOCOL_MAX_GENERATION G_MAXINT32
#define KV_PROTOCOL_MAX_MLINE_INDEX 255
/* Deepest nesting of arrays and objects: the deepest message has 4 levels;
 * the limit protects the recursive JSON parser from stack exhaustion. */
#define KV_PROTOCOL_MAX_DEPTH 16
/* Latest time accepted: 9999-12-31T23:59:59.999Z, in microseconds. */
#define KV_PROTOCOL_MAX_TIME_US G_GINT64_CONSTANT (253402300799999000)

gboolean kv_protocol_is_valid_id    (const char *id);
gboolean kv_protocol_is_valid_token (const char *token);

/* "9999-12-31T23:59:59.999Z" and a NUL */
#define KV_PROTOCOL_TIME_BUFFER_SIZE 25

gsize    kv_protocol_format_time_into (gint64      time_us,
                                       char        out[KV_PROTOCOL_TIME_BUFFER_SIZE]);
char    *kv_protocol_format_time    (gint64      time_us);
gboolean kv_protocol_parse_time     (const char *text,
                                     gint64     *out_time_us);

gboolean kv_protocol_check_json_syntax (const char  *data,
                                        gsize        length,
                                        GError     **error);

gboolean kv_message_equal           (const KvMessage *a,
                                     const KvMessage *b);

G_END_DECLS
