/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kv-audit-chain.h"
#include "kv-audit-format.h"

G_BEGIN_DECLS

/**
 * KvAuditPageQuery:
 * @after_seq: the cursor: rows after this seq (0 for the first page)
 * @since_us: rows at or after this time (%G_MININT64 for all)
 * @limit: most rows, 1 to %KV_STORE_READER_MAX_PAGE
 * @format: how to write them
 *
 * One page of the audit export.
 */
typedef struct
{
  gint64        after_seq;
  gint64        since_us;
  guint         limit;
  KvAuditFormat format;
} KvAuditPageQuery;

void                 kv_audit_export_page_async  (const char              *database,
                                                  const KvAuditPageQuery  *query,
                                                  GCancellable            *cancellable,
                                                  GAsyncReadyCallback      callback,
                                                  gpointer                 user_data);
GBytes              *kv_audit_export_page_finish (GAsyncResult            *result,
                                                  gint64                  *out_next_after,
                                                  GError                 **error);

void                 kv_audit_verify_async       (const char              *database,
                                                  GCancellable            *cancellable,
                                                  GAsyncReadyCallback      callback,
                                                  gpointer                 user_data);
KvAuditVerification *kv_audit_verify_finish      (GAsyncResult            *result,
                                                  GError                 **error);

G_END_DECLS
