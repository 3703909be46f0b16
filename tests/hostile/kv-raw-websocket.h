/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "kv-protocol.h"

G_BEGIN_DECLS

/* A minimal WebSocket client (RFC 6455) over kv-raw-socket, for frames no
 * library would send: RSV1 set without an agreed extension, a length header
 * far over the limit followed by a slow payload, junk before sign-in. Frames
 * it sends are always masked, as a client's must be, so the server refuses
 * them for what they are meant to test and not for a missing mask. */

#define KV_RAW_WS_OPCODE_TEXT  0x1
#define KV_RAW_WS_OPCODE_CLOSE 0x8
#define KV_RAW_WS_OPCODE_PING  0x9
#define KV_RAW_WS_OPCODE_PONG  0xA

typedef struct _KvRawWebsocket KvRawWebsocket;

typedef struct
{
  guint8  opcode;
  gboolean rsv1;
  GBytes *payload;
} KvRawFrame;

void            kv_raw_frame_free                  (KvRawFrame     *frame);
guint           kv_raw_frame_close_code            (KvRawFrame     *frame);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvRawFrame, kv_raw_frame_free)

KvRawWebsocket *kv_raw_websocket_connect           (const char     *source_address,
                                                    guint16         port,
                                                    const char     *extensions,
                                                    gint64          deadline_us,
                                                    GError        **error);
void            kv_raw_websocket_free              (KvRawWebsocket *self);
int             kv_raw_websocket_get_fd            (KvRawWebsocket *self);
SoupMessageHeaders *kv_raw_websocket_get_response_headers (KvRawWebsocket *self);

gboolean        kv_raw_websocket_send_header       (KvRawWebsocket *self,
                                                    guint8          opcode,
                                                    gboolean        rsv1,
                                                    guint64         declared_length,
                                                    gint64          deadline_us,
                                                    GError        **error);
gboolean        kv_raw_websocket_send_payload      (KvRawWebsocket *self,
                                                    const void     *data,
                                                    gsize           length,
                                                    gint64          deadline_us,
                                                    GError        **error);
gssize          kv_raw_websocket_send_payload_some (KvRawWebsocket *self,
                                                    const void     *data,
                                                    gsize           length,
                                                    GError        **error);
gboolean        kv_raw_websocket_send_frame        (KvRawWebsocket *self,
                                                    guint8          opcode,
                                                    gboolean        rsv1,
                                                    const void     *payload,
                                                    gsize           length,
                                                    gint64          deadline_us,
                                                    GError        **error);
gboolean        kv_raw_websocket_send_text         (KvRawWebsocket *self,
                                                    const char     *text,
                                                    gint64          deadline_us,
                                                    GError        **error);
gboolean        kv_raw_websocket_send_message      (KvRawWebsocket *self,
                                                    const KvMessage *message,
                                                    gint64          deadline_us,
                                                    GError        **error);
gboolean        kv_raw_websocket_send_close        (KvRawWebsocket *self,
                                                    guint           code,
                                                    gint64          deadline_us,
                                                    GError        **error);
KvRawFrame     *kv_raw_websocket_read_frame        (KvRawWebsocket *self,
                                                    gint64          deadline_us,
                                                    GError        **error);
KvMessage      *kv_raw_websocket_read_message      (KvRawWebsocket *self,
                                                    gint64          deadline_us,
                                                    GError        **error);

KvMessage      *kv_raw_hello_new                   (const char     *token);
KvMessage      *kv_raw_sign_in                     (const char     *source_address,
                                                    guint16         port,
                                                    const char     *token,
                                                    gint64          deadline_us,
                                                    GError        **error);

G_END_DECLS
