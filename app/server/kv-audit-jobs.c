/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-audit"

#include "config.h"

#include "kv-audit-jobs.h"

#include "kv-store-reader.h"

/* The audit log's slow reads, never on the main loop: each runs in a
 * GTask worker thread with a #KvStoreReader of its own (a read-only
 * connection; WAL lets it read while the server writes), and hands its
 * result back to the caller's main context. A 1,000,000-row log verifies
 * there. Nothing here holds the #KvStore: a job may outlive the server that
 * started it. */

static void
verify_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  const char *database = task_data;
  g_autoptr(KvStoreReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  KvAuditVerification *verification = NULL;

  reader = kv_store_reader_open (database, &error);
  if (reader != NULL)
    verification = kv_store_reader_verify_audit (reader, cancellable, &error);
  if (verification == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, verification, (GDestroyNotify) kv_audit_verification_free);
}

/**
 * kv_audit_verify_async:
 * @database: the database file
 * @cancellable: (nullable): stops the walk
 * @callback: called on the caller's main context with the result
 * @user_data: for @callback
 *
 * Walks the audit log's hash chain in a worker thread.
 */
void
kv_audit_verify_async (const char          *database,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (database != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kv_audit_verify_async);
  g_task_set_task_data (task, g_strdup (database), g_free);
  g_task_run_in_thread (task, verify_in_thread);
}

/**
 * kv_audit_verify_finish:
 *
 * Returns: (transfer full): what the walk found, or %NULL if the log could
 *   not be read
 */
KvAuditVerification *
kv_audit_verify_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kv_audit_verify_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
