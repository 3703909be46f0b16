/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-attack-http.h"

#include "kv-raw-http.h"

#include <poll.h>
#include <string.h>

#define CHUNK_BYTES (8 * 1024)
#define RESPONSE_TIMEOUT_MS 2000

void
kv_huge_body_result_clear (KvHugeBodyResult *result)
{
  g_clear_pointer (&result->error_code, g_free);
  g_clear_pointer (&result->detail, g_free);
}

/**
 * kv_attack_huge_body:
 * @max_body: stop sending after this much body (the test's own cap)
 * @bytes_per_ms: pace of the body, so "how much was sent before the
 *   answer" measures the server, not how fast loopback fills buffers
 *
 * Sends the headers, then the body at a steady pace, looking for the
 * response before each chunk; stops at the response, at @max_body, or when
 * the server stops reading for 2 s. Then reads the response and waits for
 * the connection to end.
 */
void
kv_attack_huge_body (KvHostileServer  *server,
                     const char       *source_address,
                     const char       *path,
                     KvHugeBodyKind    kind,
                     gsize             max_body,
                     guint             bytes_per_ms,
                     KvHugeBodyResult *out_result)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvRawResponse) response = NULL;
  g_autofree char *headers = NULL;
  g_autofree char *chunk_header = g_strdup_printf ("%x\r\n", CHUNK_BYTES);
  char body[CHUNK_BYTES];
  gint64 started;
  int fd;

  memset (out_result, 0, sizeof *out_result);
  out_result->end = KV_RAW_END_TIMEOUT;
  memset (body, ' ', sizeof body);
  body[0] = '{';

  fd = kv_raw_connect (source_address, server->port, kv_raw_deadline_ms (RESPONSE_TIMEOUT_MS),
                       &error);
  if (fd < 0)
    {
      out_result->detail = g_strdup_printf ("connect: %s", error->message);
      return;
    }
  headers = g_strdup_printf ("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             "Content-Type: application/json\r\n%s\r\n", path,
                             kind == KV_HUGE_BODY_CHUNKED ? "Transfer-Encoding: chunked\r\n"
                                                          : "Content-Length: 1000000000\r\n");
  if (!kv_raw_send_all (fd, headers, strlen (headers), kv_raw_deadline_ms (RESPONSE_TIMEOUT_MS),
                        &error))
    {
      out_result->detail = g_strdup_printf ("sending the headers: %s", error->message);
      kv_raw_close (fd);
      return;
    }

  started = g_get_monotonic_time ();
  while (out_result->body_sent < max_body)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      gint64 due_us = started + (gint64) (out_result->body_sent / MAX (1, bytes_per_ms)) * 1000;
      gint64 wait_us = MAX (0, due_us - g_get_monotonic_time ());

      /* The pause of the pace is also the look for an early response. */
      if (poll (&pfd, 1, (int) (wait_us / 1000)) > 0)
        break;
      if (kind == KV_HUGE_BODY_CHUNKED &&
          !kv_raw_send_all (fd, chunk_header, strlen (chunk_header),
                            kv_raw_deadline_ms (RESPONSE_TIMEOUT_MS), &error))
        break;
      if (!kv_raw_send_all (fd, body, sizeof body, kv_raw_deadline_ms (RESPONSE_TIMEOUT_MS),
                            &error))
        break;
      out_result->body_sent += sizeof body;
      if (kind == KV_HUGE_BODY_CHUNKED &&
          !kv_raw_send_all (fd, "\r\n", 2, kv_raw_deadline_ms (RESPONSE_TIMEOUT_MS), &error))
        break;
    }
  if (error != NULL)
    out_result->detail = g_strdup_printf ("after %zu bytes of body: %s", out_result->body_sent,
                                          error->message);
  g_clear_error (&error);

  response = kv_raw_http_read_response (fd, 64 * 1024, kv_raw_deadline_ms (RESPONSE_TIMEOUT_MS),
                                        &error);
  if (response == NULL)
    {
      g_autofree char *before = g_steal_pointer (&out_result->detail);

      out_result->detail = g_strdup_printf ("no response after %zu bytes of body: %s%s%s",
                                            out_result->body_sent, error->message,
                                            before != NULL ? "; " : "",
                                            before != NULL ? before : "");
      kv_raw_close (fd);
      return;
    }
  out_result->status = response->status;
  out_result->error_code = kv_raw_response_error_code (response);
  out_result->end = kv_raw_wait_end (fd, kv_raw_deadline_ms (RESPONSE_TIMEOUT_MS));
  kv_raw_close (fd);
}
