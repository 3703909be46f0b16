/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-audit"

#include "config.h"

#include "kv-audit-format.h"

#include "kv-clock.h"
#include "kv-store.h"

#include <json-glib/json-glib.h>
#include <string.h>

/* The audit export's formats, on any thread: audit rows in, bytes out.
 * Times are UTC to the second, as everywhere in the admin API. */

gboolean
kv_audit_format_from_string (const char    *text,
                             KvAuditFormat *out_format)
{
  if (g_strcmp0 (text, "jsonl") == 0)
    *out_format = KV_AUDIT_FORMAT_JSONL;
  else if (g_strcmp0 (text, "csv") == 0)
    *out_format = KV_AUDIT_FORMAT_CSV;
  else
    return FALSE;
  return TRUE;
}

const char *
kv_audit_format_get_content_type (KvAuditFormat format)
{
  return format == KV_AUDIT_FORMAT_CSV ? "text/csv" : "application/x-ndjson";
}

static char *
format_time (gint64 time_us)
{
  g_autoptr(GDateTime) date_time = kv_date_time_new_from_us (time_us);

  if (date_time == NULL)
    return g_strdup ("");
  return g_date_time_format (date_time, "%Y-%m-%dT%H:%M:%SZ");
}

static void
append_csv_field (GString    *out,
                  const char *value)
{
  /* RFC 4180 quoting; a leading =+-@ is prefixed with ' so that a
   * spreadsheet does not run it as a formula. */
  g_string_append_c (out, '"');
  if (value != NULL && value[0] != '\0' && strchr ("=+-@", value[0]) != NULL)
    g_string_append_c (out, '\'');
  for (const char *p = value != NULL ? value : ""; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_csv_row (GString            *out,
                const KvAuditEntry *entry,
                const char         *time)
{
  g_string_append_printf (out, "%" G_GINT64_FORMAT ",", entry->seq);
  append_csv_field (out, time);
  g_string_append_c (out, ',');
  append_csv_field (out, entry->actor);
  g_string_append_c (out, ',');
  append_csv_field (out, entry->action);
  g_string_append_c (out, ',');
  append_csv_field (out, entry->booking_id);
  g_string_append_c (out, ',');
  append_csv_field (out, entry->details);
  g_string_append (out, "\r\n");
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
append_json_line (GString            *out,
                  const KvAuditEntry *entry,
                  const char         *time)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *line = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, entry->seq);
  add_string (builder, "time", time);
  add_string (builder, "actor", entry->actor);
  add_string (builder, "action", entry->action);
  add_string (builder, "booking", entry->booking_id);
  add_string (builder, "details", entry->details);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  line = json_to_string (root, FALSE);
  g_string_append (out, line);
  g_string_append_c (out, '\n');
}

/**
 * kv_audit_format_page:
 * @entries: (element-type KvAuditEntry): the rows
 * @format: how to write them
 *
 * Every CSV page starts with %KV_AUDIT_FORMAT_CSV_HEADER, so that each is
 * a file of its own; kinvisitctl keeps only the first.
 *
 * Returns: (transfer full): the page
 */
GBytes *
kv_audit_format_page (GPtrArray     *entries,
                      KvAuditFormat  format)
{
  GString *out = g_string_sized_new (128 * (entries->len + 1));

  if (format == KV_AUDIT_FORMAT_CSV)
    g_string_append (out, KV_AUDIT_FORMAT_CSV_HEADER);
  for (guint i = 0; i < entries->len; i++)
    {
      const KvAuditEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *time = format_time (entry->time_us);

      if (format == KV_AUDIT_FORMAT_CSV)
        append_csv_row (out, entry, time);
      else
        append_json_line (out, entry, time);
    }
  return g_string_free_to_bytes (out);
}

/**
 * kv_audit_format_quote_text:
 * @text: (nullable): free text from staff (a reason), untrusted
 * @max_chars: the most characters kept
 *
 * Quotes text for the `details` of an audit row, which are `key=value`
 * words on one line: in double quotes, with `\\`, `\"`, `\n`, `\t` and
 * `\uXXXX` escapes for backslashes, quotes and control characters, so that
 * nothing in it can end the value, start another key or break the line.
 * Invalid UTF-8 is repaired; past @max_chars the text is cut, marked `...`.
 *
 * Returns: (transfer full): the quoted text, `""` for %NULL
 */
char *
kv_audit_format_quote_text (const char *text,
                            glong       max_chars)
{
  g_autofree char *valid = NULL;
  GString *out = g_string_new ("\"");
  glong n_chars = 0;

  if (text == NULL)
    text = "";
  else if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), n_chars++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n_chars >= max_chars)
        {
          g_string_append (out, "...");
          break;
        }
      if (c == '\\' || c == '"')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}
