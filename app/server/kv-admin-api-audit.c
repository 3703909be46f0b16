/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-api.h"
#include "kv-admin-api-private.h"

#include "kv-audit-jobs.h"

/* KvAdminApi, continued: the audit log's hash chain verification. It does
 * not answer from the handler: the request is paused, the work runs in a
 * worker thread, and the answer goes out when it is done. Kiosks' visits
 * never wait for it. */

/* A request waiting for its answer. */
typedef struct
{
  SoupServerMessage *message;
  GCancellable      *cancellable;
  gboolean           gone;
} PausedCall;

static void
on_call_disconnected (SoupServerMessage *message,
                      gpointer           user_data)
{
  PausedCall *call = user_data;

  /* Nobody to answer: stop a read that is still going. */
  call->gone = TRUE;
  g_cancellable_cancel (call->cancellable);
}

static PausedCall *
paused_call_new (SoupServerMessage *message)
{
  PausedCall *call = g_new0 (PausedCall, 1);

  call->message = g_object_ref (message);
  call->cancellable = g_cancellable_new ();
  g_signal_connect (message, "disconnected", G_CALLBACK (on_call_disconnected), call);
  g_signal_connect (message, "finished", G_CALLBACK (on_call_disconnected), call);
  soup_server_message_pause (message);
  return call;
}

/* Sends what the handler of @call set, and forgets the call. */
static void
paused_call_answer (PausedCall *call)
{
  g_signal_handlers_disconnect_by_data (call->message, call);
  /* Once the server has let go of the connection (it stopped), libsoup
   * refuses an unpause. */
  if (!call->gone)
    soup_server_message_unpause (call->message);
  g_debug ("%s %s", call->gone ? "Dropped the answer to" : "Answered",
           g_uri_get_path (soup_server_message_get_uri (call->message)));
  g_object_unref (call->cancellable);
  g_object_unref (call->message);
  g_free (call);
}

static void
on_verify_ready (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PausedCall *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KvAuditVerification) verification = kv_audit_verify_finish (result, &error);
  g_autoptr(JsonBuilder) builder = NULL;

  if (call->gone)
    ;
  else if (verification == NULL)
    kv_admin_respond_gerror (call->message, error);
  else
    {
      builder = json_builder_new ();
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "intact");
      json_builder_add_boolean_value (builder, verification->intact);
      json_builder_set_member_name (builder, "rows");
      json_builder_add_int_value (builder, verification->n_rows);
      json_builder_set_member_name (builder, "anchor_seq");
      json_builder_add_int_value (builder, verification->anchor_seq);
      json_builder_set_member_name (builder, "head_seq");
      json_builder_add_int_value (builder, verification->head_seq);
      kv_admin_add_string (builder, "head_hash", verification->head_hash);
      if (!verification->intact)
        {
          json_builder_set_member_name (builder, "broken_seq");
          json_builder_add_int_value (builder, verification->broken_seq);
          kv_admin_add_string (builder, "reason", verification->reason);
        }
      json_builder_end_object (builder);
      kv_admin_respond_json (call->message, SOUP_STATUS_OK, builder);
    }
  paused_call_answer (call);
}

/**
 * kv_admin_api_audit_verify:
 *
 * GET /api/v1/audit/verify: walks the hash chain (200 either way; the
 * body says whether it is intact, or where it breaks and why).
 */
void
kv_admin_api_audit_verify (KvAdminApi        *self,
                           SoupServerMessage *message)
{
  PausedCall *call = paused_call_new (message);

  kv_audit_verify_async (kv_store_get_path (self->store), call->cancellable, on_verify_ready,
                         call);
}
