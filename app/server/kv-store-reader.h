/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kv-audit-chain.h"
#include "kv-store.h"

G_BEGIN_DECLS

/* Most rows one page of the audit export may hold. */
#define KV_STORE_READER_MAX_PAGE 10000

typedef struct _KvStoreReader KvStoreReader;

KvStoreReader       *kv_store_reader_open            (const char     *path,
                                                      GError        **error);
void                 kv_store_reader_free            (KvStoreReader  *self);

GPtrArray           *kv_store_reader_list_audit_page (KvStoreReader  *self,
                                                      gint64          after_seq,
                                                      gint64          since_us,
                                                      guint           limit,
                                                      gboolean       *out_more,
                                                      GError        **error);
KvAuditVerification *kv_store_reader_verify_audit    (KvStoreReader  *self,
                                                      GCancellable   *cancellable,
                                                      GError        **error);
gboolean             kv_store_reader_count_purgeable (KvStoreReader  *self,
                                                      gint64          bookings_before_us,
                                                      gint64          now_us,
                                                      gint64          audit_before_us,
                                                      KvPurgeCounts  *out_counts,
                                                      GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvStoreReader, kv_store_reader_free)

G_END_DECLS
