/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-hostile-server.h"
#include "kv-raw-socket.h"

G_BEGIN_DECLS

/* Attacks in WebSocket frames, before sign-in. */

/* Deflate bomb: unauthenticated WebSockets offer permessage-deflate and
 * send RSV1 ("compressed") frames of deflated zeros, each inflating a
 * thousandfold. A server that accepts the extension inflates them all. */
typedef struct
{
  guint    connections;          /* WebSockets opened */
  guint    extensions_accepted;  /* 101 responses that accepted an extension */
  guint    frames_sent;          /* compressed frames sent */
  gsize    compressed_bytes;     /* their payload, in total */
  gsize    inflated_bytes;       /* what they inflate to */
  guint    closed_1002;          /* connections answered with close 1002 */
  char    *first_unexpected;     /* what a connection got instead, or NULL */
} KvDeflateBombResult;

void kv_deflate_bomb_result_clear (KvDeflateBombResult *result);
void kv_attack_deflate_bomb       (KvHostileServer     *server,
                                   guint                n_connections,
                                   gsize                compressed_budget,
                                   guint                first_address,
                                   KvDeflateBombResult *out_result);

/* A frame header that declares far more than the 128 KiB limit, then its
 * payload sent as fast as the server takes it, until the server answers. */
typedef struct
{
  gsize    payload_sent;         /* bytes sent when the answer arrived */
  guint    close_code;           /* of the close frame read, 0 if none */
  gboolean reset_before_close;   /* the connection was reset before any close frame */
  KvRawEnd end;                  /* how the connection ended after that */
  char    *detail;               /* what happened instead, or NULL */
} KvOversizedFrameResult;

void kv_oversized_frame_result_clear (KvOversizedFrameResult *result);
void kv_attack_oversized_frame       (KvHostileServer        *server,
                                      guint64                 declared_length,
                                      gsize                   max_payload,
                                      KvOversizedFrameResult *out_result);

G_END_DECLS
