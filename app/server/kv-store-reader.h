/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kv-audit-chain.h"
#include "kv-store.h"

G_BEGIN_DECLS

typedef struct _KvStoreReader KvStoreReader;

KvStoreReader       *kv_store_reader_open            (const char     *path,
                                                      GError        **error);
void                 kv_store_reader_free            (KvStoreReader  *self);

KvAuditVerification *kv_store_reader_verify_audit    (KvStoreReader  *self,
                                                      GCancellable   *cancellable,
                                                      GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvStoreReader, kv_store_reader_free)

G_END_DECLS
