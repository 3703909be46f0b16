/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-audit"

#include "config.h"

#include "kv-audit-jobs.h"

#include "kv-store-reader.h"

/* The audit log's slow reads, never on the main loop: each runs in a
 * GTask worker thread with a #KvStoreReader of its own (a read-only
 * connection; WAL lets it read while the server writes), and hands its
 * result back to the caller's main context. A page of the export is read
 * and formatted there; a 1,000,000-row log verifies there. Nothing here
 * holds the #KvStore: a job may outlive the server that started it. */

typedef struct
{
  char             *database;
  KvAuditPageQuery  query;
  gint64            next_after;
} PageJob;

static void
page_job_free (PageJob *job)
{
  g_free (job->database);
  g_free (job);
}

static void
export_page_in_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  PageJob *job = task_data;
  g_autoptr(KvStoreReader) reader = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  gboolean more = FALSE;

  reader = kv_store_reader_open (job->database, &error);
  if (reader != NULL)
    entries = kv_store_reader_list_audit_page (reader, job->query.after_seq, job->query.since_us,
                                               job->query.limit, &more, &error);
  if (entries == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  /* The cursor for the next page: only while rows may follow. */
  job->next_after = more && entries->len > 0
                      ? ((KvAuditEntry *) g_ptr_array_index (entries, entries->len - 1))->seq
                      : 0;
  g_task_return_pointer (task, kv_audit_format_page (entries, job->query.format),
                         (GDestroyNotify) g_bytes_unref);
}

/**
 * kv_audit_export_page_async:
 * @database: the database file
 * @query: which page, and how to write it
 * @cancellable: (nullable): e.g. cancelled when the client goes away
 * @callback: called on the caller's main context with the page
 * @user_data: for @callback
 *
 * Reads and formats one page of the audit log in a worker thread.
 */
void
kv_audit_export_page_async (const char             *database,
                            const KvAuditPageQuery *query,
                            GCancellable           *cancellable,
                            GAsyncReadyCallback     callback,
                            gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  PageJob *job;

  g_return_if_fail (database != NULL && query != NULL);
  g_return_if_fail (query->limit >= 1 && query->limit <= KV_STORE_READER_MAX_PAGE);

  task = g_task_new (NULL, cancellable, callback, user_data);
  job = g_new0 (PageJob, 1);
  job->database = g_strdup (database);
  job->query = *query;
  g_task_set_source_tag (task, kv_audit_export_page_async);
  g_task_set_task_data (task, job, (GDestroyNotify) page_job_free);
  g_task_run_in_thread (task, export_page_in_thread);
}

/**
 * kv_audit_export_page_finish:
 * @result: the result given to the callback
 * @out_next_after: (out): the cursor for the next page, 0 at the end
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the page, or %NULL
 */
GBytes *
kv_audit_export_page_finish (GAsyncResult  *result,
                             gint64        *out_next_after,
                             GError       **error)
{
  GTask *task = G_TASK (result);
  PageJob *job;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (task) == kv_audit_export_page_async, NULL);

  job = g_task_get_task_data (task);
  *out_next_after = job->next_after;
  return g_task_propagate_pointer (task, error);
}

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
