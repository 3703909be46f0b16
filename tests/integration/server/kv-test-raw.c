/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-test-raw.h"

#include <string.h>

/* Reads what is there without blocking. */
static void
read_available (KvTestRaw *raw)
{
  char buffer[16 * 1024];

  while (!raw->eof && !raw->reset)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_receive (raw->socket, buffer, sizeof buffer, NULL, &error);

      if (n > 0)
        g_string_append_len (raw->received, buffer, n);
      else if (n == 0)
        raw->eof = TRUE;
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
               g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
        raw->reset = TRUE;
      else
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
          return;
        }
    }

  /* Closed: the source would fire for ever. */
  if (raw->readable != NULL)
    {
      g_source_destroy (raw->readable);
      g_clear_pointer (&raw->readable, g_source_unref);
    }
}

/* Reads as data comes, so that the socket never stays readable (the main
 * loop would spin) and the waits see everything. */
static gboolean
on_raw_readable (GSocket      *socket,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  KvTestRaw *raw = user_data;

  read_available (raw);
  return raw->readable != NULL ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
on_raw_timeout (gpointer user_data)
{
  g_error ("Timed out after %d s waiting for %s", KV_TEST_TIMEOUT_S, (const char *) user_data);
  return G_SOURCE_REMOVE;
}

/**
 * kv_test_raw_connect:
 * @source_address: (nullable): the loopback address to connect from
 *   (127.0.0.2, ...: all of 127/8 is local), %NULL for any
 */
KvTestRaw *
kv_test_raw_connect (KvTestServer *server,
                     const char   *source_address)
{
  KvTestRaw *raw = g_new0 (KvTestRaw, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback,
                                                                 kv_server_get_port (server->server));
  g_autoptr(GError) error = NULL;

  raw->socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                              &error);
  g_assert_no_error (error);
  if (source_address != NULL)
    {
      g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (source_address);
      g_autoptr(GSocketAddress) local = g_inet_socket_address_new (inet, 0);

      g_socket_bind (raw->socket, local, FALSE, &error);
      g_assert_no_error (error);
    }
  /* The kernel completes the handshake from the listen backlog: this does
   * not wait for the server's main loop. */
  g_socket_connect (raw->socket, address, NULL, &error);
  g_assert_no_error (error);
  g_socket_set_blocking (raw->socket, FALSE);
  raw->received = g_string_new (NULL);
  raw->readable = g_socket_create_source (raw->socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (raw->readable, G_SOURCE_FUNC (on_raw_readable), raw, NULL);
  g_source_attach (raw->readable, NULL);
  return raw;
}

void
kv_test_raw_free (KvTestRaw *raw)
{
  if (raw->readable != NULL)
    {
      g_source_destroy (raw->readable);
      g_source_unref (raw->readable);
    }
  g_socket_close (raw->socket, NULL);
  g_object_unref (raw->socket);
  g_string_free (raw->received, TRUE);
  g_free (raw);
}

/**
 * kv_test_raw_send:
 *
 * Sends what the socket takes now, running the server in between, until
 * all of @data is sent or the server stops reading (closed, or the socket
 * stays full over many turns of the main loop).
 *
 * Returns: the bytes sent
 */
gsize
kv_test_raw_send (KvTestRaw  *raw,
                  const void *data,
                  gsize       length)
{
  gsize sent = 0;
  guint stalled = 0;

  while (sent < length && !raw->eof && !raw->reset && !raw->send_failed && stalled < 1000)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_send (raw->socket, (const char *) data + sent, length - sent, NULL,
                                &error);

      if (n > 0)
        {
          sent += n;
          stalled = 0;
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          stalled++;
          read_available (raw);
        }
      else
        raw->send_failed = TRUE;    /* reset or closed: read what came first */
      g_main_context_iteration (NULL, FALSE);
    }
  return sent;
}

void
kv_test_raw_send_text (KvTestRaw  *raw,
                       const char *text)
{
  g_assert_cmpuint (kv_test_raw_send (raw, text, strlen (text)), ==, strlen (text));
}

/**
 * kv_test_raw_wait_for:
 * @needle: text to wait for in what was received
 *
 * Returns: %TRUE if @needle arrived, %FALSE if the connection ended first
 */
gboolean
kv_test_raw_wait_for (KvTestRaw  *raw,
                      const char *needle)
{
  guint timeout_id = g_timeout_add_seconds (KV_TEST_TIMEOUT_S, on_raw_timeout, (gpointer) needle);
  gboolean found;

  for (;;)
    {
      read_available (raw);
      found = strstr (raw->received->str, needle) != NULL;
      if (found || raw->eof || raw->reset)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (timeout_id);
  return found;
}

/* Waits until the server closed the connection (FIN or reset). */
void
kv_test_raw_wait_closed (KvTestRaw *raw)
{
  guint timeout_id = g_timeout_add_seconds (KV_TEST_TIMEOUT_S, on_raw_timeout,
                                            (gpointer) "the server to close");

  for (;;)
    {
      read_available (raw);
      if (raw->eof || raw->reset)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (timeout_id);
}

/* Whether the server closed the connection, after letting it run. */
gboolean
kv_test_raw_is_closed_now (KvTestRaw *raw)
{
  kv_test_iterate ();
  read_available (raw);
  return raw->eof || raw->reset;
}

/**
 * kv_test_raw_request:
 * @request: a whole HTTP request
 *
 * Sends @request and waits for the server to answer and close (it serves
 * one request per connection).
 *
 * Returns: (transfer full): the response, head and body
 */
char *
kv_test_raw_request (KvTestRaw  *raw,
                     const char *request)
{
  kv_test_raw_send_text (raw, request);
  kv_test_raw_wait_closed (raw);
  return g_strdup (raw->received->str);
}

/**
 * kv_test_raw_websocket_handshake:
 * @extra_headers: (nullable): more request header lines, each ending in CRLF
 *
 * Upgrades to a WebSocket on /ws and waits for the 101; what follows it
 * stays in ->received.
 *
 * Returns: (transfer full): the response head
 */
char *
kv_test_raw_websocket_handshake (KvTestRaw  *raw,
                                 const char *extra_headers)
{
  g_autofree char *request = NULL;
  char *head;
  const char *end;

  request = g_strdup_printf ("GET /ws HTTP/1.1\r\n"
                             "Host: 127.0.0.1\r\n"
                             "Upgrade: websocket\r\n"
                             "Connection: Upgrade\r\n"
                             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                             "Sec-WebSocket-Version: 13\r\n"
                             "%s"
                             "\r\n", extra_headers != NULL ? extra_headers : "");
  kv_test_raw_send_text (raw, request);
  g_assert_true (kv_test_raw_wait_for (raw, "\r\n\r\n"));
  g_assert_true (g_str_has_prefix (raw->received->str, "HTTP/1.1 101"));
  end = strstr (raw->received->str, "\r\n\r\n") + 4;
  head = g_strndup (raw->received->str, end - raw->received->str);
  g_string_erase (raw->received, 0, end - raw->received->str);
  return head;
}

/**
 * kv_test_raw_send_frame:
 * @first_byte: FIN, RSV and opcode bits
 * @payload: the first @length bytes of the payload (masked here)
 * @declared_length: the length the header announces (may be more)
 *
 * Sends one client frame, masked as RFC 6455 requires.
 */
void
kv_test_raw_send_frame (KvTestRaw  *raw,
                        guint8      first_byte,
                        const void *payload,
                        guint64     declared_length,
                        gsize       length)
{
  static const guint8 mask[4] = { 0x12, 0x34, 0x56, 0x78 };
  g_autoptr(GByteArray) frame = g_byte_array_new ();
  guint8 byte;

  g_byte_array_append (frame, &first_byte, 1);
  if (declared_length < 126)
    {
      byte = 0x80 | declared_length;
      g_byte_array_append (frame, &byte, 1);
    }
  else if (declared_length <= G_MAXUINT16)
    {
      guint8 header[3] = { 0x80 | 126, declared_length >> 8, declared_length & 0xff };

      g_byte_array_append (frame, header, sizeof header);
    }
  else
    {
      byte = 0x80 | 127;
      g_byte_array_append (frame, &byte, 1);
      for (int shift = 56; shift >= 0; shift -= 8)
        {
          byte = (declared_length >> shift) & 0xff;
          g_byte_array_append (frame, &byte, 1);
        }
    }
  g_byte_array_append (frame, mask, sizeof mask);
  for (gsize i = 0; i < length; i++)
    {
      byte = ((const guint8 *) payload)[i] ^ mask[i % 4];
      g_byte_array_append (frame, &byte, 1);
    }
  kv_test_raw_send (raw, frame->data, frame->len);
}
