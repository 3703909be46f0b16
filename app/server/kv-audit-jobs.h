/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kv-audit-chain.h"

G_BEGIN_DECLS

void                 kv_audit_verify_async       (const char              *database,
                                                  GCancellable            *cancellable,
                                                  GAsyncReadyCallback      callback,
                                                  gpointer                 user_data);
KvAuditVerification *kv_audit_verify_finish      (GAsyncResult            *result,
                                                  GError                 **error);

G_END_DECLS
