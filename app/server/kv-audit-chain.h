/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kv-store.h"

G_BEGIN_DECLS

/* Hex digits of a link of the chain (a SHA-256). */
#define KV_AUDIT_HASH_LENGTH 64

/* The link before the first row ever written: 64 zeros. */
#define KV_AUDIT_CHAIN_GENESIS \
  "0000000000000000000000000000000000000000000000000000000000000000"

char *kv_audit_chain_hash (const char         *previous_hash,
                           const KvAuditEntry *entry);

/**
 * KvAuditVerification:
 * @intact: whether every row follows from the one before it
 * @n_rows: rows checked (all of them when intact)
 * @anchor_seq: the last row that retention purged, 0 if none
 * @head_seq: the last row checked and found intact
 * @head_hash: that row's hash (the anchor's if there is no row): write it
 *   down, and a later verification must still lead to it
 * @broken_seq: when not intact, the first row that does not follow
 * @reason: (nullable): when not intact, why, in words for staff
 *
 * The result of walking the audit log's hash chain.
 */
typedef struct
{
  gboolean  intact;
  gint64    n_rows;
  gint64    anchor_seq;
  gint64    head_seq;
  char     *head_hash;
  gint64    broken_seq;
  char     *reason;
} KvAuditVerification;

void kv_audit_verification_free (KvAuditVerification *verification);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvAuditVerification, kv_audit_verification_free)

/**
 * KvAuditChainCheck:
 *
 * Checks rows one at a time, in seq order, from the purge anchor on. Stack
 * allocated; kv_audit_chain_check_finish() hands out the result.
 */
typedef struct
{
  /*< private >*/
  gint64   anchor_seq;
  gint64   previous_seq;
  char     previous_hash[KV_AUDIT_HASH_LENGTH + 1];
  gint64   n_rows;
  gboolean broken;
  gint64   broken_seq;
  char    *reason;
} KvAuditChainCheck;

void                 kv_audit_chain_check_init   (KvAuditChainCheck  *check,
                                                  gint64              anchor_seq,
                                                  const char         *anchor_hash);
gboolean             kv_audit_chain_check_add    (KvAuditChainCheck  *check,
                                                  const KvAuditEntry *entry);
KvAuditVerification *kv_audit_chain_check_finish (KvAuditChainCheck  *check);

G_END_DECLS
