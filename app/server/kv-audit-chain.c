/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-store"

#include "config.h"

#include "kv-audit-chain.h"

#include <string.h>

/**
 * SECTION:kv-audit-chain
 *
 * The audit log's hash chain. Each row stores
 *
 *   hash = SHA-256 (field (previous hash) || field (seq) || field (time_us) ||
 *                   field (actor) || field (action) || field (booking id) ||
 *                   field (details))
 *
 * where field (x) is x's length as 4 bytes big-endian, then x's bytes; the
 * previous hash is its 64 lowercase hex digits (the genesis, 64 zeros, for
 * the first row ever written), seq and time_us are 8 bytes big-endian two's
 * complement, text is UTF-8 as stored, and a missing booking id is the
 * length 0xffffffff with no bytes. Every field carries its length, so no
 * two different rows encode the same way ("ab" + "c" is not "a" + "bc"),
 * and anyone can recompute the chain from a copy of the database (the
 * steps are in docs/server.md).
 *
 * Changing a row, or removing one from the middle, breaks the link of the
 * row after it. Retention removes the oldest rows only, and first records
 * the last removed row's seq and hash as the anchor the chain continues
 * from. This is tamper-evidence, not tamper-proofing: someone who can
 * write the database can recompute every later hash, which is why the
 * verification prints the head hash for staff to keep elsewhere.
 */

#define NULL_LENGTH G_MAXUINT32

static void
add_field (GChecksum    *checksum,
           const guint8 *bytes,
           gsize         length)
{
  guint32 length_be = GUINT32_TO_BE ((guint32) length);

  g_checksum_update (checksum, (const guchar *) &length_be, sizeof length_be);
  g_checksum_update (checksum, bytes, length);
}

static void
add_text (GChecksum  *checksum,
          const char *text)
{
  if (text == NULL)
    {
      guint32 length_be = GUINT32_TO_BE (NULL_LENGTH);

      g_checksum_update (checksum, (const guchar *) &length_be, sizeof length_be);
      return;
    }
  add_field (checksum, (const guint8 *) text, strlen (text));
}

static void
add_int64 (GChecksum *checksum,
           gint64     value)
{
  guint64 value_be = GUINT64_TO_BE ((guint64) value);

  add_field (checksum, (const guint8 *) &value_be, sizeof value_be);
}

/**
 * kv_audit_chain_hash:
 * @previous_hash: the hash of the row before, or %KV_AUDIT_CHAIN_GENESIS
 * @entry: the row; its @seq, @time_us, @actor, @action, @booking_id and
 *   @details are hashed (details %NULL counts as "", as the store keeps it)
 *
 * Returns: (transfer full): the row's hash, 64 lowercase hex digits
 */
char *
kv_audit_chain_hash (const char         *previous_hash,
                     const KvAuditEntry *entry)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_return_val_if_fail (previous_hash != NULL, NULL);
  g_return_val_if_fail (entry != NULL && entry->actor != NULL && entry->action != NULL, NULL);

  add_text (checksum, previous_hash);
  add_int64 (checksum, entry->seq);
  add_int64 (checksum, entry->time_us);
  add_text (checksum, entry->actor);
  add_text (checksum, entry->action);
  add_text (checksum, entry->booking_id);
  add_text (checksum, entry->details != NULL ? entry->details : "");
  return g_strdup (g_checksum_get_string (checksum));
}

void
kv_audit_verification_free (KvAuditVerification *verification)
{
  if (verification == NULL)
    return;
  g_free (verification->head_hash);
  g_free (verification->reason);
  g_free (verification);
}

/**
 * kv_audit_chain_check_init:
 * @check: the check to start
 * @anchor_seq: the last purged row, 0 if none was
 * @anchor_hash: its hash, or %KV_AUDIT_CHAIN_GENESIS
 */
void
kv_audit_chain_check_init (KvAuditChainCheck *check,
                           gint64             anchor_seq,
                           const char        *anchor_hash)
{
  memset (check, 0, sizeof *check);
  check->anchor_seq = anchor_seq;
  check->previous_seq = anchor_seq;
  g_strlcpy (check->previous_hash, anchor_hash != NULL ? anchor_hash : "",
             sizeof check->previous_hash);
}

/**
 * kv_audit_chain_check_add:
 * @check: the check
 * @entry: the next row, in seq order, with its stored hash
 *
 * Each row is checked against the stored hash of the row before it, so the
 * first row that does not follow is the one reported: the changed row
 * itself, or the first of the rows removed before it.
 *
 * Returns: %FALSE once the chain is broken (stop feeding rows)
 */
gboolean
kv_audit_chain_check_add (KvAuditChainCheck  *check,
                          const KvAuditEntry *entry)
{
  g_autofree char *expected = NULL;

  g_return_val_if_fail (!check->broken, FALSE);

  expected = kv_audit_chain_hash (check->previous_hash, entry);
  if (entry->hash == NULL || !g_str_equal (expected, entry->hash))
    {
      check->broken = TRUE;
      if (entry->seq > check->previous_seq + 1)
        {
          check->broken_seq = check->previous_seq + 1;
          if (entry->seq == check->previous_seq + 2)
            check->reason = g_strdup_printf ("row %" G_GINT64_FORMAT " is missing: seq %"
                                             G_GINT64_FORMAT " is followed by seq %"
                                             G_GINT64_FORMAT, check->broken_seq,
                                             check->previous_seq, entry->seq);
          else
            check->reason = g_strdup_printf ("rows %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT
                                             " are missing: seq %" G_GINT64_FORMAT
                                             " is followed by seq %" G_GINT64_FORMAT,
                                             check->broken_seq, entry->seq - 1,
                                             check->previous_seq, entry->seq);
        }
      else
        {
          check->broken_seq = entry->seq;
          check->reason = g_strdup ("the row does not match its hash: it, or the hash of the "
                                    "row before it, was changed after it was written");
        }
      return FALSE;
    }

  check->previous_seq = entry->seq;
  g_strlcpy (check->previous_hash, entry->hash, sizeof check->previous_hash);
  check->n_rows++;
  return TRUE;
}

/**
 * kv_audit_chain_check_finish:
 * @check: the check, after the last row
 *
 * Returns: (transfer full): what the check found
 */
KvAuditVerification *
kv_audit_chain_check_finish (KvAuditChainCheck *check)
{
  KvAuditVerification *verification = g_new0 (KvAuditVerification, 1);

  verification->intact = !check->broken;
  verification->n_rows = check->n_rows;
  verification->anchor_seq = check->anchor_seq;
  verification->head_seq = check->previous_seq;
  verification->head_hash = g_strdup (check->previous_hash);
  verification->broken_seq = check->broken_seq;
  verification->reason = g_steal_pointer (&check->reason);
  return verification;
}
