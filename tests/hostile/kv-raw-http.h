/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* HTTP/1.1 by hand over kv-raw-socket: requests a well-behaved client would
 * never send (a 1 GB Content-Length, a header that never ends), and
 * responses read with a deadline and a size cap, so a server that sends
 * 100 MB cannot make the test eat 100 MB. */

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
} KvRawResponse;

void           kv_raw_response_free      (KvRawResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvRawResponse, kv_raw_response_free)

char          *kv_raw_http_format        (const char    *method,
                                          const char    *path,
                                          const char    *token,
                                          const char    *extra_headers,
                                          const char    *body);
KvRawResponse *kv_raw_http_read_response (int            fd,
                                          gsize          max_body,
                                          gint64         deadline_us,
                                          GError       **error);
KvRawResponse *kv_raw_http_request       (const char    *source_address,
                                          guint16        port,
                                          const char    *method,
                                          const char    *path,
                                          const char    *token,
                                          const char    *body,
                                          gsize          max_body,
                                          gint64         deadline_us,
                                          GError       **error);
char          *kv_raw_response_error_code (KvRawResponse *response);
guint          kv_raw_response_count_lines (KvRawResponse *response);

G_END_DECLS
