/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-hostile-server.h"

G_BEGIN_DECLS

/* The audit export of a large log, again and again, with the admin token:
 * one request must not make the server build the whole log in memory, nor
 * hold its main thread (where every kiosk's message passes) for seconds. */

typedef struct
{
  guint  requests;        /* exports asked for, without a limit */
  guint  answered;        /* answered 200 within the time limit */
  guint  max_rows;        /* most entries in one answer */
  guint  unpaged;         /* answers without a Kinvisit-Next-After cursor */
  guint  next_pages;      /* pages fetched with the cursor */
  guint  next_pages_wrong; /* of those, not continuing after the page before */
  double worst_ms;
  char  *first_failure;
} KvAuditExportResult;

void kv_audit_export_result_clear (KvAuditExportResult *result);
void kv_attack_audit_export       (KvHostileServer     *server,
                                   guint                seconds,
                                   KvAuditExportResult *out_result);

G_END_DECLS
