/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * KvAuditFormat:
 * @KV_AUDIT_FORMAT_JSONL: one JSON object per line
 * @KV_AUDIT_FORMAT_CSV: RFC 4180, with a header line
 *
 * How the audit export is written.
 */
typedef enum {
  KV_AUDIT_FORMAT_JSONL,
  KV_AUDIT_FORMAT_CSV,
} KvAuditFormat;

/* The first line of every CSV page. */
#define KV_AUDIT_FORMAT_CSV_HEADER "seq,time,actor,action,booking,details\r\n"

gboolean    kv_audit_format_from_string      (const char    *text,
                                              KvAuditFormat *out_format);
const char *kv_audit_format_get_content_type (KvAuditFormat  format);
GBytes     *kv_audit_format_page             (GPtrArray     *entries,
                                              KvAuditFormat  format);
char       *kv_audit_format_quote_text       (const char    *text,
                                              glong          max_chars);

G_END_DECLS
