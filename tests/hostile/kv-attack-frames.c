/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-attack-frames.h"

#include "kv-raw-websocket.h"

#include <poll.h>
#include <sys/socket.h>
#include <string.h>

/* 32 MiB of zeros deflate to ~32 KiB: each frame inflates a thousandfold,
 * and stays well under the 128 KiB frame limit. */
#define ZEROS_PER_MESSAGE (32 * 1024 * 1024)
#define ANSWER_TIMEOUT_MS 3000
/* What browsers offer. */
#define DEFLATE_OFFER "permessage-deflate; client_max_window_bits"

void
kv_deflate_bomb_result_clear (KvDeflateBombResult *result)
{
  g_clear_pointer (&result->first_unexpected, g_free);
}

void
kv_oversized_frame_result_clear (KvOversizedFrameResult *result)
{
  g_clear_pointer (&result->detail, g_free);
}

/* Feeds @length zeros to @compressor (flushing at the end when @flush). */
static void
compress_zeros (GConverter *compressor,
                gsize       length,
                gboolean    flush,
                GByteArray *out)
{
  static const guint8 zeros[64 * 1024];
  guint8 buffer[64 * 1024];

  while (TRUE)
    {
      gsize chunk = MIN (length, sizeof zeros);
      gboolean last = chunk == length;
      gsize read = 0, written = 0;
      g_autoptr(GError) error = NULL;

      if (g_converter_convert (compressor, zeros, chunk, buffer, sizeof buffer,
                               last && flush ? G_CONVERTER_FLUSH : G_CONVERTER_NO_FLAGS,
                               &read, &written, &error) == G_CONVERTER_ERROR)
        g_error ("hostile: deflate failed: %s", error->message);
      g_byte_array_append (out, buffer, written);
      length -= read;
      /* Done when all is in and zlib had room to write all it had. */
      if (length == 0 && written < sizeof buffer)
        return;
    }
}

/* The same permessage-deflate messages serve every connection: each has a
 * fresh inflater on the server, so one compressed stream fits all. Each
 * message ends with a sync flush whose 00 00 ff ff tail is dropped, as
 * RFC 7692 says. Compressed once per process and kept: 32 MiB of zeros a
 * message is a second of CPU, which in the minute-long bench would be the
 * attacker's load on the machine, not the server's. */
static GPtrArray *
deflated_messages (guint n_messages)
{
  static GZlibCompressor *compressor;
  static GPtrArray *stream;     /* the messages so far, in stream order */
  GPtrArray *messages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  if (stream == NULL)
    {
      compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW, 9);
      stream = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
    }
  while (stream->len < n_messages)
    {
      GByteArray *out = g_byte_array_new ();

      compress_zeros (G_CONVERTER (compressor), ZEROS_PER_MESSAGE, TRUE, out);
      g_assert (out->len > 4 && memcmp (out->data + out->len - 4, "\x00\x00\xff\xff", 4) == 0);
      g_byte_array_set_size (out, out->len - 4);
      g_ptr_array_add (stream, g_byte_array_free_to_bytes (out));
    }
  for (guint i = 0; i < n_messages; i++)
    g_ptr_array_add (messages, g_bytes_ref (g_ptr_array_index (stream, i)));
  return messages;
}

static void
note_unexpected (KvDeflateBombResult *result,
                 char                *what)
{
  if (result->first_unexpected == NULL)
    result->first_unexpected = what;
  else
    g_free (what);
}

/**
 * kv_attack_deflate_bomb:
 * @compressed_budget: at most this many compressed bytes in total
 * @first_address: index of the first attacker address (kv_raw_attacker_address())
 *
 * Sends the frames round-robin over the connections, then reads what each
 * connection gets back until a close frame, for up to 3 s in all.
 */
void
kv_attack_deflate_bomb (KvHostileServer     *server,
                        guint                n_connections,
                        gsize                compressed_budget,
                        guint                first_address,
                        KvDeflateBombResult *out_result)
{
  g_autoptr(GPtrArray) sockets =
    g_ptr_array_new_with_free_func ((GDestroyNotify) kv_raw_websocket_free);
  g_autoptr(GPtrArray) messages = NULL;
  g_autofree gboolean *stopped = NULL;
  gsize per_message, n_messages;
  gint64 deadline;

  memset (out_result, 0, sizeof *out_result);
  /* How many messages each connection gets within the budget. */
  {
    g_autoptr(GPtrArray) probe = deflated_messages (1);

    per_message = g_bytes_get_size (g_ptr_array_index (probe, 0));
  }
  n_messages = MAX (1, compressed_budget / MAX (1, n_connections) / per_message);
  messages = deflated_messages (n_messages);

  for (guint i = 0; i < n_connections; i++)
    {
      g_autofree char *address = kv_raw_attacker_address (first_address + i);
      g_autoptr(GError) error = NULL;
      gint64 connect_deadline = kv_raw_deadline_ms (ANSWER_TIMEOUT_MS);
      KvRawWebsocket *ws = kv_raw_websocket_connect (address, server->port, DEFLATE_OFFER,
                                                     connect_deadline, &error);

      if (ws == NULL)
        {
          note_unexpected (out_result, g_strdup_printf ("connect: %s", error->message));
          continue;
        }
      if (soup_message_headers_get_one (kv_raw_websocket_get_response_headers (ws),
                                        "Sec-WebSocket-Extensions") != NULL)
        out_result->extensions_accepted++;
      g_ptr_array_add (sockets, ws);
    }
  out_result->connections = sockets->len;

  stopped = g_new0 (gboolean, sockets->len);
  for (guint m = 0; m < messages->len; m++)
    for (guint i = 0; i < sockets->len; i++)
      {
        KvRawWebsocket *ws = g_ptr_array_index (sockets, i);
        GBytes *payload = g_ptr_array_index (messages, m);
        struct pollfd pfd = { .fd = kv_raw_websocket_get_fd (ws), .events = POLLIN };

        /* A connection the server has answered gets no more. */
        if (stopped[i] || poll (&pfd, 1, 0) > 0 ||
            out_result->compressed_bytes + g_bytes_get_size (payload) > compressed_budget)
          {
            stopped[i] = TRUE;
            continue;
          }
        if (!kv_raw_websocket_send_frame (ws, KV_RAW_WS_OPCODE_TEXT, TRUE,
                                          g_bytes_get_data (payload, NULL),
                                          g_bytes_get_size (payload),
                                          kv_raw_deadline_ms (ANSWER_TIMEOUT_MS), NULL))
          {
            stopped[i] = TRUE;
            continue;
          }
        out_result->frames_sent++;
        out_result->compressed_bytes += g_bytes_get_size (payload);
        out_result->inflated_bytes += ZEROS_PER_MESSAGE;
      }

  deadline = kv_raw_deadline_ms (ANSWER_TIMEOUT_MS);
  for (guint i = 0; i < sockets->len; i++)
    {
      KvRawWebsocket *ws = g_ptr_array_index (sockets, i);

      while (TRUE)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(KvRawFrame) frame = kv_raw_websocket_read_frame (ws, deadline, &error);

          if (frame == NULL)
            {
              note_unexpected (out_result, g_strdup_printf ("no close frame: %s", error->message));
              break;
            }
          if (frame->opcode == KV_RAW_WS_OPCODE_CLOSE)
            {
              if (kv_raw_frame_close_code (frame) == 1002)
                out_result->closed_1002++;
              else
                note_unexpected (out_result, g_strdup_printf ("close code %u",
                                                              kv_raw_frame_close_code (frame)));
              break;
            }
          gsize length;
          const char *data = g_bytes_get_data (frame->payload, &length);

          note_unexpected (out_result,
                           g_strdup_printf ("a frame of opcode %u before any close: %.*s",
                                            frame->opcode, (int) MIN (length, 120),
                                            data != NULL ? data : ""));
        }
    }
}

/**
 * kv_attack_oversized_frame:
 * @declared_length: what the frame header announces
 * @max_payload: stop sending after this much payload
 *
 * Sends like a client that does not read while it writes, but stops as
 * soon as the server's answer is there, then reads it.
 */
void
kv_attack_oversized_frame (KvHostileServer        *server,
                           guint64                 declared_length,
                           gsize                   max_payload,
                           KvOversizedFrameResult *out_result)
{
  g_autofree char *address = kv_raw_attacker_address (0);
  g_autoptr(GError) error = NULL;
  g_autoptr(KvRawFrame) close = NULL;
  static const guint8 chunk[16 * 1024] = { 'a' };
  KvRawWebsocket *ws;
  gint64 deadline = kv_raw_deadline_ms (ANSWER_TIMEOUT_MS);
  int fd;

  memset (out_result, 0, sizeof *out_result);
  out_result->end = KV_RAW_END_TIMEOUT;
  ws = kv_raw_websocket_connect (address, server->port, NULL, deadline, &error);
  if (ws == NULL)
    {
      out_result->detail = g_strdup_printf ("connect: %s", error->message);
      return;
    }
  fd = kv_raw_websocket_get_fd (ws);
  if (!kv_raw_websocket_send_header (ws, KV_RAW_WS_OPCODE_TEXT, FALSE, declared_length, deadline,
                                     &error))
    {
      out_result->detail = g_strdup_printf ("send: %s", error->message);
      kv_raw_websocket_free (ws);
      return;
    }
  while (out_result->payload_sent < max_payload)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN | POLLOUT };
      gssize sent;

      if (poll (&pfd, 1, ANSWER_TIMEOUT_MS) <= 0 || (pfd.revents & (POLLIN | POLLERR | POLLHUP)))
        break;
      sent = kv_raw_websocket_send_payload_some (ws, chunk,
                                                 MIN (sizeof chunk,
                                                      max_payload - out_result->payload_sent),
                                                 NULL);
      if (sent < 0)
        break;
      out_result->payload_sent += sent;
    }

  close = NULL;
  while (close == NULL)
    {
      g_autoptr(KvRawFrame) frame = NULL;

      g_clear_error (&error);
      frame = kv_raw_websocket_read_frame (ws, kv_raw_deadline_ms (ANSWER_TIMEOUT_MS), &error);
      if (frame == NULL)
        break;
      if (frame->opcode == KV_RAW_WS_OPCODE_CLOSE)
        close = g_steal_pointer (&frame);
    }
  if (close == NULL)
    {
      out_result->reset_before_close =
        g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) &&
        strstr (error->message, "EOF") == NULL;
      out_result->detail = g_strdup_printf ("no close frame after %zu bytes of payload: %s",
                                            out_result->payload_sent, error->message);
      out_result->end = out_result->reset_before_close ? KV_RAW_END_RESET : KV_RAW_END_EOF;
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        out_result->end = KV_RAW_END_TIMEOUT;
    }
  else
    {
      out_result->close_code = kv_raw_frame_close_code (close);
      /* Answer the close as a client should, and say we send no more: a
       * server that drains the rest of the payload until our end may then
       * end the connection too. */
      kv_raw_websocket_send_close (ws, out_result->close_code, kv_raw_deadline_ms (500), NULL);
      shutdown (fd, SHUT_WR);
      out_result->end = kv_raw_wait_end (fd, kv_raw_deadline_ms (2000));
    }
  kv_raw_websocket_free (ws);
}
