/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-attack-export.h"

#include "kv-raw-http.h"
#include "kv-raw-socket.h"

#include <string.h>

#define EXPORT_TIMEOUT_MS 10000
/* 1000 entries are ~150 KB; the whole 1,000,000 are ~150 MB, which the
 * test refuses to read. */
#define MAX_ANSWER_BYTES (16 * 1024 * 1024)
/* Ten exports a second, each with its next page: a busy admin script.
 * Flat out, the test would measure how many pages one main thread can
 * serialise, not whether one export can stall the relay. */
#define EXPORT_INTERVAL_US (100 * 1000)

void
kv_audit_export_result_clear (KvAuditExportResult *result)
{
  g_clear_pointer (&result->first_failure, g_free);
}

/* The "seq" of the first (or last) JSON line of @response, -1 if none. */
static gint64
line_seq (KvRawResponse *response,
          gboolean       last)
{
  gsize length;
  const char *data = g_bytes_get_data (response->body, &length);
  g_autofree char *text = length > 0 ? g_strndup (data, length) : NULL;
  g_auto(GStrv) lines = NULL;
  const char *line = NULL, *seq;
  guint n;

  if (text == NULL)
    return -1;
  lines = g_strsplit (g_strstrip (text), "\n", -1);
  n = g_strv_length (lines);
  if (n == 0)
    return -1;
  line = last ? lines[n - 1] : lines[0];
  seq = strstr (line, "\"seq\":");
  return seq != NULL ? g_ascii_strtoll (seq + 6, NULL, 10) : -1;
}

static KvRawResponse *
export (KvHostileServer     *server,
        const char          *path,
        KvAuditExportResult *result)
{
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();
  KvRawResponse *response = kv_raw_http_request (NULL, server->port, "GET", path,
                                                 KV_HOSTILE_ADMIN_TOKEN, NULL, MAX_ANSWER_BYTES,
                                                 kv_raw_deadline_ms (EXPORT_TIMEOUT_MS), &error);
  double ms = (g_get_monotonic_time () - started) / 1000.0;

  if (response == NULL || response->status != 200)
    {
      if (result->first_failure == NULL)
        result->first_failure = g_strdup_printf ("GET %s after %.0f ms: %s", path, ms,
                                                 response == NULL ? error->message : "not 200");
      g_clear_pointer (&response, kv_raw_response_free);
      return NULL;
    }
  result->worst_ms = MAX (result->worst_ms, ms);
  result->max_rows = MAX (result->max_rows, kv_raw_response_count_lines (response));
  return response;
}

/**
 * kv_attack_audit_export:
 *
 * For @seconds, ten times a second: export without a limit; when the
 * answer has a cursor, also fetch the page after it and check it continues
 * where the first ended (entries in increasing seq).
 */
void
kv_attack_audit_export (KvHostileServer     *server,
                        guint                seconds,
                        KvAuditExportResult *out_result)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  memset (out_result, 0, sizeof *out_result);
  for (gint64 due = g_get_monotonic_time (); due < deadline; due += EXPORT_INTERVAL_US)
    {
      g_autoptr(KvRawResponse) first = NULL;
      g_autoptr(KvRawResponse) next = NULL;
      g_autofree char *path = NULL;
      const char *cursor;
      gint64 now = g_get_monotonic_time ();

      /* A pause to pace the exports; a late one goes at once. */
      if (due > now)
        g_usleep (due - now);
      else
        due = now;
      out_result->requests++;
      first = export (server, "/api/v1/audit", out_result);
      if (first == NULL)
        continue;
      out_result->answered++;
      cursor = soup_message_headers_get_one (first->headers, "Kinvisit-Next-After");
      if (cursor == NULL)
        {
          out_result->unpaged++;
          continue;
        }
      path = g_strdup_printf ("/api/v1/audit?limit=1000&after=%s", cursor);
      next = export (server, path, out_result);
      out_result->next_pages++;
      if (next == NULL || line_seq (next, FALSE) <= line_seq (first, TRUE))
        out_result->next_pages_wrong++;
    }
}
