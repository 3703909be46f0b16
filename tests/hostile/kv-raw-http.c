/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-raw-http.h"

#include "kv-raw-socket.h"

#include <json-glib/json-glib.h>
#include <string.h>

#define MAX_HEADER_BYTES (64 * 1024)

void
kv_raw_response_free (KvRawResponse *response)
{
  if (response == NULL)
    return;
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response);
}

/**
 * kv_raw_http_format:
 * @token: (nullable): bearer token
 * @extra_headers: (nullable): more header lines, each ending in "\r\n"
 * @body: (nullable): a body, sent with its Content-Length
 *
 * Returns: (transfer full): the whole request, keeping the connection open
 */
char *
kv_raw_http_format (const char *method,
                    const char *path,
                    const char *token,
                    const char *extra_headers,
                    const char *body)
{
  GString *request = g_string_new (NULL);

  g_string_append_printf (request, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n", method, path);
  if (token != NULL)
    g_string_append_printf (request, "Authorization: Bearer %s\r\n", token);
  if (extra_headers != NULL)
    g_string_append (request, extra_headers);
  if (body != NULL)
    g_string_append_printf (request, "Content-Type: application/json\r\nContent-Length: %zu\r\n",
                            strlen (body));
  g_string_append (request, "\r\n");
  if (body != NULL)
    g_string_append (request, body);
  return g_string_free (request, FALSE);
}

/* Reads until @buffer holds at least @wanted bytes; FALSE at EOF. */
static gboolean
fill (int          fd,
      GByteArray  *buffer,
      gsize        wanted,
      gint64       deadline_us,
      GError     **error)
{
  while (buffer->len < wanted)
    {
      guint8 chunk[16384];
      gssize got = kv_raw_recv (fd, chunk, sizeof chunk, deadline_us, error);

      if (got < 0)
        return FALSE;
      if (got == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                       "the connection closed in the middle of a response");
          return FALSE;
        }
      g_byte_array_append (buffer, chunk, got);
    }
  return TRUE;
}

static gssize
find_crlf (GByteArray *buffer,
           gsize       from)
{
  for (gsize i = from; i + 1 < buffer->len; i++)
    if (buffer->data[i] == '\r' && buffer->data[i + 1] == '\n')
      return i;
  return -1;
}

/* Decodes a chunked body from @buffer (starting at @offset), reading more
 * as needed. */
static gboolean
read_chunked (int          fd,
              GByteArray  *buffer,
              gsize        offset,
              GByteArray  *body,
              gsize        max_body,
              gint64       deadline_us,
              GError     **error)
{
  while (TRUE)
    {
      gssize line_end;
      guint64 size;

      while ((line_end = find_crlf (buffer, offset)) < 0)
        if (!fill (fd, buffer, buffer->len + 1, deadline_us, error))
          return FALSE;
      size = g_ascii_strtoull ((const char *) buffer->data + offset, NULL, 16);
      offset = line_end + 2;
      if (size == 0)
        return TRUE;
      if (body->len + size > max_body)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                       "response body over %zu bytes", max_body);
          return FALSE;
        }
      if (!fill (fd, buffer, offset + size + 2, deadline_us, error))
        return FALSE;
      g_byte_array_append (body, buffer->data + offset, size);
      offset += size + 2;
    }
}

/**
 * kv_raw_http_read_response:
 * @max_body: longest body read; a longer one is an error
 *
 * Reads one response. Requests are never pipelined here, so nothing after
 * the response is lost by reading ahead.
 *
 * Returns: (transfer full): the response, or %NULL
 */
KvRawResponse *
kv_raw_http_read_response (int      fd,
                           gsize    max_body,
                           gint64   deadline_us,
                           GError **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autoptr(GByteArray) body = g_byte_array_new ();
  g_autoptr(KvRawResponse) response = g_new0 (KvRawResponse, 1);
  gsize header_end = 0;
  goffset length;

  while (header_end == 0)
    {
      gsize searched = buffer->len >= 3 ? buffer->len - 3 : 0;

      if (!fill (fd, buffer, buffer->len + 1, deadline_us, error))
        return NULL;
      for (gsize i = searched; header_end == 0 && i + 3 < buffer->len; i++)
        if (memcmp (buffer->data + i, "\r\n\r\n", 4) == 0)
          header_end = i + 4;
      if (header_end == 0 && buffer->len > MAX_HEADER_BYTES)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "response header too long");
          return NULL;
        }
    }
  response->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  if (!soup_headers_parse_response ((const char *) buffer->data, header_end, response->headers,
                                    NULL, &response->status, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not an HTTP response");
      return NULL;
    }

  if (soup_message_headers_get_encoding (response->headers) == SOUP_ENCODING_CHUNKED)
    {
      if (!read_chunked (fd, buffer, header_end, body, max_body, deadline_us, error))
        return NULL;
    }
  else if ((length = soup_message_headers_get_content_length (response->headers)) > 0 ||
           soup_message_headers_get_one (response->headers, "Content-Length") != NULL)
    {
      if ((gsize) length > max_body)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                       "response body of %" G_GOFFSET_FORMAT " bytes, over %zu", length, max_body);
          return NULL;
        }
      if (!fill (fd, buffer, header_end + length, deadline_us, error))
        return NULL;
      g_byte_array_append (body, buffer->data + header_end, length);
    }
  else if (response->status >= 200 && response->status != 204 && response->status != 304)
    {
      /* No length: the body runs to the end of the connection. */
      g_byte_array_append (body, buffer->data + header_end, buffer->len - header_end);
      while (TRUE)
        {
          guint8 chunk[16384];
          gssize got = kv_raw_recv (fd, chunk, sizeof chunk, deadline_us, error);

          if (got < 0)
            return NULL;
          if (got == 0)
            break;
          if (body->len + (gsize) got > max_body)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                           "response body over %zu bytes", max_body);
              return NULL;
            }
          g_byte_array_append (body, chunk, got);
        }
    }
  response->body = g_byte_array_free_to_bytes (g_steal_pointer (&body));
  return g_steal_pointer (&response);
}

/**
 * kv_raw_http_request:
 * @source_address: (nullable): where to connect from
 * @token: (nullable): bearer token
 * @body: (nullable): JSON body
 *
 * One request on a new connection, closed afterwards.
 *
 * Returns: (transfer full): the response, or %NULL
 */
KvRawResponse *
kv_raw_http_request (const char  *source_address,
                     guint16      port,
                     const char  *method,
                     const char  *path,
                     const char  *token,
                     const char  *body,
                     gsize        max_body,
                     gint64       deadline_us,
                     GError     **error)
{
  g_autofree char *request = kv_raw_http_format (method, path, token, "Connection: close\r\n",
                                                 body);
  g_autoptr(GError) send_error = NULL;
  KvRawResponse *response;
  int fd = kv_raw_connect (source_address, port, deadline_us, error);

  if (fd < 0)
    return NULL;
  /* A server may answer before it has read all (413 to a long body) and
   * close: then sending fails, and the answer is still there to read. */
  if (!kv_raw_send_all (fd, request, strlen (request), deadline_us, &send_error))
    g_debug ("Sending %s %s: %s", method, path, send_error->message);
  response = kv_raw_http_read_response (fd, max_body, deadline_us, error);
  kv_raw_close (fd);
  return response;
}

/* Returns: (transfer full) (nullable): "code" of an {"error":{"code":...}} body */
char *
kv_raw_response_error_code (KvRawResponse *response)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *object;

  if (response->body == NULL ||
      !json_parser_load_from_data (parser, g_bytes_get_data (response->body, NULL),
                                   g_bytes_get_size (response->body), NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);
  if (!json_object_has_member (object, "error") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "error")))
    return NULL;
  object = json_object_get_object_member (object, "error");
  root = json_object_get_member (object, "code");
  if (root == NULL || !JSON_NODE_HOLDS_VALUE (root) ||
      json_node_get_value_type (root) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (root));
}

/* Lines of a JSON Lines body: one audit entry each. */
guint
kv_raw_response_count_lines (KvRawResponse *response)
{
  gsize length;
  const char *data = g_bytes_get_data (response->body, &length);
  guint lines = 0;

  for (gsize i = 0; i < length; i++)
    if (data[i] == '\n' && (i == 0 || data[i - 1] != '\n'))
      lines++;
  if (length > 0 && data[length - 1] != '\n')
    lines++;
  return lines;
}
