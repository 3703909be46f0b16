/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisitctl"

#include "config.h"

#include "kv-ctl-audit.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* kinvisitctl's commands for the audit log and retention: the export,
 * page after page until the server gives no cursor; the verification of the
 * hash chain (exit status 1 when it is broken); and purges. */

/* Rows asked for per page of the export: the server's default. */
#define DEFAULT_PAGE_SIZE 1000
/* The server's largest page. */
#define MAX_PAGE_SIZE 10000
/* Seconds a purge may take: the first one on a years-old database removes
 * a lot, a batch at a time. */
#define PURGE_TIMEOUT_S 600

static gint64
member_int (JsonObject *object,
            const char *name)
{
  return json_object_get_int_member_with_default (object, name, 0);
}

static const char *
member_text (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return "?";
  return json_node_get_string (node);
}

static char *
member_time (JsonObject *object,
             const char *name)
{
  gint64 time_us;

  if (!kv_ctl_parse_time (member_text (object, name), 0, &time_us, NULL))
    return g_strdup ("?");
  return kv_ctl_format_time (time_us);
}

/* Writes one page; for CSV pages after the first, without their header. */
static gboolean
write_page (GBytes   *page,
            gboolean  skip_first_line)
{
  gsize size;
  const char *data = g_bytes_get_data (page, &size);

  if (skip_first_line)
    {
      const char *end = memchr (data, '\n', size);

      if (end == NULL)
        return TRUE;
      size -= (gsize) (end + 1 - data);
      data = end + 1;
    }
  return fwrite (data, 1, size, stdout) == size && fflush (stdout) == 0;
}

/* audit export [--format jsonl|csv] [--since TIME] [--page-size N] */
int
kv_ctl_audit_export (KvCtl *ctl,
                     int    argc,
                     char **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *since = NULL;
  g_autofree char *page_size = NULL;
  const KvCtlOption options[] = {
    { "--format", &format }, { "--since", &since }, { "--page-size", &page_size }, { NULL }
  };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autofree char *since_query = NULL;
  guint64 limit = DEFAULT_PAGE_SIZE;
  gint64 after = 0;
  gboolean csv;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, options, positional, &status))
    return status;
  if (positional->len != 0)
    return kv_ctl_usage_error ("audit export takes options only");
  if (format == NULL)
    format = g_strdup (ctl->json ? "jsonl" : "csv");
  if (!g_str_equal (format, "jsonl") && !g_str_equal (format, "csv"))
    return kv_ctl_usage_error ("--format must be jsonl or csv");
  csv = g_str_equal (format, "csv");
  if (page_size != NULL &&
      !g_ascii_string_to_unsigned (page_size, 10, 1, MAX_PAGE_SIZE, &limit, NULL))
    return kv_ctl_usage_error ("--page-size must be a number of rows from 1 to %d",
                               MAX_PAGE_SIZE);
  if (since != NULL)
    {
      gint64 since_us;
      g_autofree char *text = NULL;

      if (!kv_ctl_parse_time (since, g_get_real_time (), &since_us, NULL))
        return kv_ctl_time_error ("--since", since);
      text = kv_ctl_format_iso (since_us);
      since_query = g_strconcat ("&since=", text, NULL);
    }

  /* Each page goes to stdout as it comes: the export never holds more
   * than one page, however long the log. */
  for (gboolean first = TRUE;; first = FALSE)
    {
      g_autofree char *path = NULL;
      g_autoptr(GBytes) page = NULL;
      g_autoptr(SoupMessageHeaders) headers = NULL;
      const char *cursor;
      gint64 next;

      path = g_strdup_printf ("/api/v1/audit?format=%s&limit=%" G_GUINT64_FORMAT
                              "&after=%" G_GINT64_FORMAT "%s", format, limit, after,
                              since_query != NULL ? since_query : "");
      if (!kv_ctl_request_full (ctl, "GET", path, NULL, "audit export", NULL, &page, &headers,
                                &status))
        return status;
      if (!write_page (page, csv && !first))
        return kv_ctl_fail ("cannot write the export: %s", g_strerror (errno));
      cursor = soup_message_headers_get_one (headers, "Kinvisit-Next-After");
      if (cursor == NULL)
        break;
      /* A cursor that does not move on would never end. */
      if (!g_ascii_string_to_signed (cursor, 10, after + 1, G_MAXINT64, &next, NULL))
        return kv_ctl_fail ("the server sent a bad page cursor: %s", cursor);
      after = next;
    }
  return KV_CTL_EXIT_OK;
}

/* audit verify: exit status 1 when the chain is broken */
int
kv_ctl_audit_verify (KvCtl *ctl,
                     int    argc,
                     char **argv)
{
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(JsonNode) reply = NULL;
  JsonObject *result;
  gboolean intact;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, NULL, positional, &status))
    return status;
  if (positional->len != 0)
    return kv_ctl_usage_error ("audit verify takes no arguments");
  if (!kv_ctl_request (ctl, "GET", "/api/v1/audit/verify", NULL, "audit verify", &reply, NULL,
                       &status))
    return status;
  result = json_node_get_object (reply);
  intact = json_object_get_boolean_member_with_default (result, "intact", FALSE);

  if (ctl->json)
    kv_ctl_print_json (reply);
  else if (intact)
    printf ("intact: %" G_GINT64_FORMAT " rows, head hash %s\n", member_int (result, "rows"),
            member_text (result, "head_hash"));
  else
    printf ("broken at seq %" G_GINT64_FORMAT ": %s\n"
            "(the %" G_GINT64_FORMAT " rows before it are intact, up to seq %" G_GINT64_FORMAT
            ", hash %s)\n", member_int (result, "broken_seq"), member_text (result, "reason"),
            member_int (result, "rows"), member_int (result, "head_seq"),
            member_text (result, "head_hash"));
  return intact ? KV_CTL_EXIT_OK : KV_CTL_EXIT_REFUSED;
}

/* purge [--dry-run] */
int
kv_ctl_purge (KvCtl *ctl,
              int    argc,
              char **argv)
{
  gboolean dry_run = FALSE;
  const KvCtlOption options[] = { { "--dry-run", NULL, &dry_run }, { NULL } };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *bookings_before = NULL;
  g_autofree char *audit_before = NULL;
  JsonObject *report;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, options, positional, &status))
    return status;
  if (positional->len != 0)
    return kv_ctl_usage_error ("purge takes --dry-run only");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "dry_run");
  json_builder_add_boolean_value (builder, dry_run);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  g_object_set (ctl->session, "timeout", PURGE_TIMEOUT_S, NULL);
  if (!kv_ctl_request (ctl, "POST", "/api/v1/purge", body, "purge", &reply, NULL, &status))
    return status;
  if (ctl->json)
    {
      kv_ctl_print_json (reply);
      return KV_CTL_EXIT_OK;
    }

  report = json_node_get_object (reply);
  bookings_before = member_time (report, "bookings_before");
  audit_before = member_time (report, "audit_before");
  printf ("%s %" G_GINT64_FORMAT " finished bookings (%" G_GINT64_FORMAT " sessions, %"
          G_GINT64_FORMAT " staff end reasons) of visits that ended before %s, and %"
          G_GINT64_FORMAT " audit rows from before %s.\n",
          dry_run ? "Would purge" : "Purged", member_int (report, "bookings"),
          member_int (report, "sessions"), member_int (report, "end_reasons"), bookings_before,
          member_int (report, "audit_rows"), audit_before);
  return KV_CTL_EXIT_OK;
}
