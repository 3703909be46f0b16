/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-hostile-server.h"
#include "kv-raw-socket.h"

G_BEGIN_DECLS

/* Huge HTTP bodies without a token: a body announced as 1 GB (or sent
 * chunked, with no end) and then streamed. A server that reads the whole
 * body before it looks at the request holds all of it in memory. */

typedef enum {
  KV_HUGE_BODY_CONTENT_LENGTH,   /* Content-Length: 1000000000 */
  KV_HUGE_BODY_CHUNKED,          /* Transfer-Encoding: chunked, never ending */
} KvHugeBodyKind;

typedef struct
{
  guint    status;          /* of the response, 0 if none came */
  char    *error_code;      /* "code" of its JSON error body, or NULL */
  gsize    body_sent;       /* body bytes sent when the response was there */
  KvRawEnd end;             /* how the connection ended after the response */
  char    *detail;          /* what went wrong, or NULL */
} KvHugeBodyResult;

void kv_huge_body_result_clear (KvHugeBodyResult *result);
void kv_attack_huge_body       (KvHostileServer  *server,
                                const char       *source_address,
                                const char       *path,
                                KvHugeBodyKind    kind,
                                gsize             max_body,
                                guint             bytes_per_ms,
                                KvHugeBodyResult *out_result);

G_END_DECLS
