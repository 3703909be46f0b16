/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-raw-websocket.h"

#include "kv-raw-socket.h"

#include <string.h>

/* Longest frame read from the server: kiosks get nothing near this. */
#define MAX_FRAME_PAYLOAD (1024 * 1024)
#define MAX_HANDSHAKE_BYTES (16 * 1024)

struct _KvRawWebsocket
{
  int                 fd;
  GByteArray         *input;     /* read from the socket, not yet parsed */
  SoupMessageHeaders *response_headers;
  guint8              mask[4];   /* of the frame being sent */
  guint64             masked;    /* payload bytes of that frame sent so far */
};

void
kv_raw_frame_free (KvRawFrame *frame)
{
  if (frame == NULL)
    return;
  g_clear_pointer (&frame->payload, g_bytes_unref);
  g_free (frame);
}

/* Returns: the close code of a close frame, 1005 when it has none */
guint
kv_raw_frame_close_code (KvRawFrame *frame)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (frame->payload, &length);

  if (frame->opcode != KV_RAW_WS_OPCODE_CLOSE || length < 2)
    return 1005;
  return (data[0] << 8) | data[1];
}

static gboolean
fill (KvRawWebsocket  *self,
      gsize            wanted,
      gint64           deadline_us,
      GError         **error)
{
  while (self->input->len < wanted)
    {
      guint8 chunk[16384];
      gssize got = kv_raw_recv (self->fd, chunk, sizeof chunk, deadline_us, error);

      if (got < 0)
        return FALSE;
      if (got == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "connection closed (EOF)");
          return FALSE;
        }
      g_byte_array_append (self->input, chunk, got);
    }
  return TRUE;
}

static char *
accept_key_for (const char *key)
{
  g_autoptr(GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize length = sizeof digest;

  g_checksum_update (sha1, (const guchar *) key, -1);
  g_checksum_update (sha1, (const guchar *) "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", -1);
  g_checksum_get_digest (sha1, digest, &length);
  return g_base64_encode (digest, length);
}

/**
 * kv_raw_websocket_connect:
 * @source_address: (nullable): where to connect from
 * @extensions: (nullable): a Sec-WebSocket-Extensions offer
 *
 * Connects to ws://127.0.0.1:@port/ws and completes the handshake.
 *
 * Returns: (transfer full): the WebSocket, or %NULL
 */
KvRawWebsocket *
kv_raw_websocket_connect (const char  *source_address,
                          guint16      port,
                          const char  *extensions,
                          gint64       deadline_us,
                          GError     **error)
{
  KvRawWebsocket *self;
  guint8 nonce[16];
  g_autofree char *key = NULL;
  g_autofree char *request = NULL;
  g_autofree char *expected_accept = NULL;
  gsize header_end = 0;
  guint status = 0;
  const char *accept;
  int fd;

  fd = kv_raw_connect (source_address, port, deadline_us, error);
  if (fd < 0)
    return NULL;
  self = g_new0 (KvRawWebsocket, 1);
  self->fd = fd;
  self->input = g_byte_array_new ();

  for (guint i = 0; i < sizeof nonce; i++)
    nonce[i] = g_random_int_range (0, 256);
  key = g_base64_encode (nonce, sizeof nonce);
  request = g_strdup_printf ("GET /ws HTTP/1.1\r\n"
                             "Host: 127.0.0.1:%u\r\n"
                             "Upgrade: websocket\r\n"
                             "Connection: Upgrade\r\n"
                             "Sec-WebSocket-Key: %s\r\n"
                             "Sec-WebSocket-Version: 13\r\n"
                             "%s%s%s"
                             "\r\n",
                             port, key,
                             extensions != NULL ? "Sec-WebSocket-Extensions: " : "",
                             extensions != NULL ? extensions : "",
                             extensions != NULL ? "\r\n" : "");
  if (!kv_raw_send_all (fd, request, strlen (request), deadline_us, error))
    goto failed;
  while (header_end == 0)
    {
      gsize searched = self->input->len >= 3 ? self->input->len - 3 : 0;

      if (!fill (self, self->input->len + 1, deadline_us, error))
        goto failed;
      for (gsize i = searched; header_end == 0 && i + 3 < self->input->len; i++)
        if (memcmp (self->input->data + i, "\r\n\r\n", 4) == 0)
          header_end = i + 4;
      if (header_end == 0 && self->input->len > MAX_HANDSHAKE_BYTES)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "handshake response too long");
          goto failed;
        }
    }
  self->response_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  if (!soup_headers_parse_response ((const char *) self->input->data, header_end,
                                    self->response_headers, NULL, &status, NULL) ||
      status != SOUP_STATUS_SWITCHING_PROTOCOLS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "WebSocket handshake refused: HTTP %u",
                   status);
      goto failed;
    }
  expected_accept = accept_key_for (key);
  accept = soup_message_headers_get_one (self->response_headers, "Sec-WebSocket-Accept");
  if (g_strcmp0 (accept, expected_accept) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "wrong Sec-WebSocket-Accept");
      goto failed;
    }
  /* Frames may follow the response in the same read. */
  g_byte_array_remove_range (self->input, 0, header_end);
  return self;

failed:
  kv_raw_websocket_free (self);
  return NULL;
}

void
kv_raw_websocket_free (KvRawWebsocket *self)
{
  if (self == NULL)
    return;
  kv_raw_close (self->fd);
  g_byte_array_unref (self->input);
  g_clear_pointer (&self->response_headers, soup_message_headers_unref);
  g_free (self);
}

int
kv_raw_websocket_get_fd (KvRawWebsocket *self)
{
  return self->fd;
}

SoupMessageHeaders *
kv_raw_websocket_get_response_headers (KvRawWebsocket *self)
{
  return self->response_headers;
}

/**
 * kv_raw_websocket_send_header:
 * @rsv1: set RSV1, the "compressed" bit of permessage-deflate
 * @declared_length: the payload length the header announces, whatever
 *   is sent after it
 *
 * Starts a masked frame (FIN set); its payload follows with
 * kv_raw_websocket_send_payload().
 */
gboolean
kv_raw_websocket_send_header (KvRawWebsocket  *self,
                              guint8           opcode,
                              gboolean         rsv1,
                              guint64          declared_length,
                              gint64           deadline_us,
                              GError         **error)
{
  guint8 header[14];
  gsize n = 0;

  header[n++] = 0x80 | (rsv1 ? 0x40 : 0) | (opcode & 0x0f);
  if (declared_length < 126)
    header[n++] = 0x80 | declared_length;
  else if (declared_length <= G_MAXUINT16)
    {
      header[n++] = 0x80 | 126;
      header[n++] = declared_length >> 8;
      header[n++] = declared_length & 0xff;
    }
  else
    {
      header[n++] = 0x80 | 127;
      for (int shift = 56; shift >= 0; shift -= 8)
        header[n++] = (declared_length >> shift) & 0xff;
    }
  for (guint i = 0; i < 4; i++)
    self->mask[i] = header[n++] = g_random_int_range (0, 256);
  self->masked = 0;
  return kv_raw_send_all (self->fd, header, n, deadline_us, error);
}

static guint8 *
mask_copy (KvRawWebsocket *self,
           const void     *data,
           gsize           length)
{
  const guint8 *in = data;
  guint8 *out = g_malloc (length);

  for (gsize i = 0; i < length; i++)
    out[i] = in[i] ^ self->mask[(self->masked + i) % 4];
  return out;
}

gboolean
kv_raw_websocket_send_payload (KvRawWebsocket  *self,
                               const void      *data,
                               gsize            length,
                               gint64           deadline_us,
                               GError         **error)
{
  g_autofree guint8 *masked = mask_copy (self, data, length);

  self->masked += length;
  return kv_raw_send_all (self->fd, masked, length, deadline_us, error);
}

/* Sends what the socket takes now of the payload; -1 on error. */
gssize
kv_raw_websocket_send_payload_some (KvRawWebsocket  *self,
                                    const void      *data,
                                    gsize            length,
                                    GError         **error)
{
  g_autofree guint8 *masked = mask_copy (self, data, length);
  gssize sent = kv_raw_send_some (self->fd, masked, length, error);

  if (sent > 0)
    self->masked += sent;
  return sent;
}

gboolean
kv_raw_websocket_send_frame (KvRawWebsocket  *self,
                             guint8           opcode,
                             gboolean         rsv1,
                             const void      *payload,
                             gsize            length,
                             gint64           deadline_us,
                             GError         **error)
{
  return kv_raw_websocket_send_header (self, opcode, rsv1, length, deadline_us, error) &&
         kv_raw_websocket_send_payload (self, payload, length, deadline_us, error);
}

gboolean
kv_raw_websocket_send_text (KvRawWebsocket  *self,
                            const char      *text,
                            gint64           deadline_us,
                            GError         **error)
{
  return kv_raw_websocket_send_frame (self, KV_RAW_WS_OPCODE_TEXT, FALSE, text, strlen (text),
                                      deadline_us, error);
}

gboolean
kv_raw_websocket_send_message (KvRawWebsocket   *self,
                               const KvMessage  *message,
                               gint64            deadline_us,
                               GError          **error)
{
  g_autofree char *text = kv_message_serialize (message, NULL);

  g_assert (text != NULL);
  return kv_raw_websocket_send_text (self, text, deadline_us, error);
}

gboolean
kv_raw_websocket_send_close (KvRawWebsocket  *self,
                             guint            code,
                             gint64           deadline_us,
                             GError         **error)
{
  guint8 payload[2] = { code >> 8, code & 0xff };

  return kv_raw_websocket_send_frame (self, KV_RAW_WS_OPCODE_CLOSE, FALSE, payload,
                                      sizeof payload, deadline_us, error);
}

/* Returns: (transfer full): the next frame from the server, or %NULL (at
 * EOF: G_IO_ERROR_CONNECTION_CLOSED, "EOF" in the message; on a reset:
 * G_IO_ERROR_CONNECTION_CLOSED too, with the system's message) */
KvRawFrame *
kv_raw_websocket_read_frame (KvRawWebsocket  *self,
                             gint64           deadline_us,
                             GError         **error)
{
  KvRawFrame *frame;
  gsize header = 2;
  guint64 length;
  gboolean masked;
  guint8 *data;

  if (!fill (self, 2, deadline_us, error))
    return NULL;
  masked = (self->input->data[1] & 0x80) != 0;
  length = self->input->data[1] & 0x7f;
  if (length == 126)
    header += 2;
  else if (length == 127)
    header += 8;
  if (masked)
    header += 4;
  if (!fill (self, header, deadline_us, error))
    return NULL;
  if (length == 126)
    length = (self->input->data[2] << 8) | self->input->data[3];
  else if (length == 127)
    {
      length = 0;
      for (guint i = 0; i < 8; i++)
        length = (length << 8) | self->input->data[2 + i];
    }
  if (length > MAX_FRAME_PAYLOAD)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   "server frame of %" G_GUINT64_FORMAT " bytes", length);
      return NULL;
    }
  if (!fill (self, header + length, deadline_us, error))
    return NULL;

  frame = g_new0 (KvRawFrame, 1);
  frame->opcode = self->input->data[0] & 0x0f;
  frame->rsv1 = (self->input->data[0] & 0x40) != 0;
  data = g_memdup2 (self->input->data + header, length);
  if (masked)
    for (guint64 i = 0; i < length; i++)
      data[i] ^= self->input->data[header - 4 + i % 4];
  frame->payload = g_bytes_new_take (data, length);
  g_byte_array_remove_range (self->input, 0, header + length);
  return frame;
}

/* Returns: (transfer full): the next text frame parsed as a message, or
 * %NULL (also when the server closes: G_IO_ERROR_CONNECTION_CLOSED with
 * the close code in the message) */
KvMessage *
kv_raw_websocket_read_message (KvRawWebsocket  *self,
                               gint64           deadline_us,
                               GError         **error)
{
  while (TRUE)
    {
      g_autoptr(KvRawFrame) frame = kv_raw_websocket_read_frame (self, deadline_us, error);
      gsize length;
      const char *text;

      if (frame == NULL)
        return NULL;
      if (frame->opcode == KV_RAW_WS_OPCODE_CLOSE)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                       "closed by the server with code %u", kv_raw_frame_close_code (frame));
          return NULL;
        }
      if (frame->opcode != KV_RAW_WS_OPCODE_TEXT)
        continue;
      text = g_bytes_get_data (frame->payload, &length);
      return kv_message_parse (text, length, error);
    }
}

KvMessage *
kv_raw_hello_new (const char *token)
{
  KvMessage *hello = kv_message_new (KV_MESSAGE_HELLO);

  hello->hello.token = g_strdup (token);
  hello->hello.software = g_strdup ("kinvisit-hostile-test");
  return hello;
}

/**
 * kv_raw_sign_in:
 *
 * A kiosk's sign-in on a new connection: hello, then the server's answer,
 * which is then closed.
 *
 * Returns: (transfer full): the `welcome` or `error` that answered the
 *   hello, or %NULL when none came before the deadline
 */
KvMessage *
kv_raw_sign_in (const char  *source_address,
                guint16      port,
                const char  *token,
                gint64       deadline_us,
                GError     **error)
{
  g_autoptr(KvMessage) hello = kv_raw_hello_new (token);
  KvRawWebsocket *ws = kv_raw_websocket_connect (source_address, port, NULL, deadline_us, error);
  KvMessage *reply = NULL;

  if (ws == NULL)
    return NULL;
  if (kv_raw_websocket_send_message (ws, hello, deadline_us, error))
    {
      while ((reply = kv_raw_websocket_read_message (ws, deadline_us, error)) != NULL &&
             reply->type != KV_MESSAGE_WELCOME && reply->type != KV_MESSAGE_ERROR)
        kv_message_free (reply);
    }
  if (reply != NULL && reply->type == KV_MESSAGE_WELCOME)
    kv_raw_websocket_send_close (ws, 1000, deadline_us, NULL);
  kv_raw_websocket_free (ws);
  return reply;
}
