/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-audit.h"

#include "kv-audit-jobs.h"
#include "kv-retention.h"
#include "kv-store-reader.h"

/**
 * KvAdminAudit:
 *
 * The admin API's audit log (a paged export, the hash chain's
 * verification) and retention purges. None of them answers from the
 * handler: the request is paused, the work runs in a worker thread (reads)
 * or in batches between other main-loop work (purges), and the answer goes
 * out when it is done. Kiosks' visits never wait for an export.
 */

/* Rows per page when the client does not say. */
#define DEFAULT_PAGE_ROWS 1000

struct _KvAdminAudit
{
  GObject         parent_instance;

  KvServerConfig *config;
  KvClock        *clock;
  KvStore        *store;
};

G_DEFINE_FINAL_TYPE (KvAdminAudit, kv_admin_audit, G_TYPE_OBJECT)

/* A request waiting for its answer. */
typedef struct
{
  SoupServerMessage *message;
  GCancellable      *cancellable;
  KvRetention       *retention;
  KvAuditFormat      format;
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
  g_clear_object (&call->retention);
  g_object_unref (call->cancellable);
  g_object_unref (call->message);
  g_free (call);
}

/* A whole number from first to last, for a query parameter. */
static gboolean
parse_number (const char *text,
              gint64      first,
              gint64      last,
              gint64     *out_value)
{
  return text != NULL && g_ascii_string_to_signed (text, 10, first, last, out_value, NULL);
}

static void
on_export_page_ready (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  PausedCall *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) page = NULL;
  gint64 next_after = 0;

  page = kv_audit_export_page_finish (result, &next_after, &error);
  if (call->gone)
    ;
  else if (page == NULL)
    kv_admin_http_respond_gerror (call->message, error);
  else
    {
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (call->message);

      soup_server_message_set_status (call->message, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_content_type (headers,
                                             kv_audit_format_get_content_type (call->format),
                                             NULL);
      if (next_after > 0)
        {
          g_autofree char *cursor = g_strdup_printf ("%" G_GINT64_FORMAT, next_after);

          soup_message_headers_replace (headers, "Kinvisit-Next-After", cursor);
        }
      /* No copy: libsoup writes from the page's own bytes (it refuses
       * empty ones: a JSONL page past the end has no rows). */
      if (g_bytes_get_size (page) > 0)
        soup_message_body_append_bytes (soup_server_message_get_response_body (call->message),
                                        page);
    }
  paused_call_answer (call);
}

/* GET /api/v1/audit?after=SEQ&limit=N&since=TIME&format=jsonl|csv: one
 * page of the log, rows after the cursor SEQ in order. While more rows may
 * follow, the header `Kinvisit-Next-After` is the cursor for the next page. */
static void
audit_export (KvAdminAudit         *self,
              const KvAdminRequest *request)
{
  SoupServerMessage *message = request->message;
  const char *format = kv_admin_http_get_query (request, "format");
  const char *since = kv_admin_http_get_query (request, "since");
  const char *after = kv_admin_http_get_query (request, "after");
  const char *limit = kv_admin_http_get_query (request, "limit");
  KvAuditPageQuery page = {
    .after_seq = 0,
    .since_us = G_MININT64,
    .limit = DEFAULT_PAGE_ROWS,
    .format = KV_AUDIT_FORMAT_JSONL,
  };
  gint64 number;
  PausedCall *call;

  if (format != NULL && !kv_audit_format_from_string (format, &page.format))
    {
      kv_admin_http_respond_error (message, SOUP_STATUS_BAD_REQUEST, "bad-format",
                                   "Parameter 'format' must be jsonl or csv");
      return;
    }
  if (since != NULL && *since != '\0' &&
      !kv_admin_http_get_time (message, "Parameter 'since'", since, &page.since_us))
    return;
  if (after != NULL)
    {
      if (!parse_number (after, 0, G_MAXINT64, &number))
        {
          kv_admin_http_respond_error (message, SOUP_STATUS_BAD_REQUEST, "bad-after",
                                       "Parameter 'after' must be a row number (0 or more): the "
                                       "Kinvisit-Next-After of the page before");
          return;
        }
      page.after_seq = number;
    }
  if (limit != NULL)
    {
      if (!parse_number (limit, 1, KV_STORE_READER_MAX_PAGE, &number))
        {
          kv_admin_http_respond_error (message, SOUP_STATUS_BAD_REQUEST, "bad-limit",
                                       "Parameter 'limit' must be a number of rows from 1 to "
                                       G_STRINGIFY (KV_STORE_READER_MAX_PAGE));
          return;
        }
      page.limit = (guint) number;
    }

  call = paused_call_new (message);
  call->format = page.format;
  kv_audit_export_page_async (kv_store_get_path (self->store), &page, call->cancellable,
                              on_export_page_ready, call);
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
    kv_admin_http_respond_gerror (call->message, error);
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
      kv_admin_http_add_string (builder, "head_hash", verification->head_hash);
      if (!verification->intact)
        {
          json_builder_set_member_name (builder, "broken_seq");
          json_builder_add_int_value (builder, verification->broken_seq);
          kv_admin_http_add_string (builder, "reason", verification->reason);
        }
      json_builder_end_object (builder);
      kv_admin_http_respond_json (call->message, SOUP_STATUS_OK, builder);
    }
  paused_call_answer (call);
}

/* GET /api/v1/audit/verify: walks the hash chain (200 either way; the
 * body says whether it is intact, or where it breaks and why). */
static void
audit_verify (KvAdminAudit      *self,
              SoupServerMessage *message)
{
  PausedCall *call = paused_call_new (message);

  kv_audit_verify_async (kv_store_get_path (self->store), call->cancellable, on_verify_ready,
                         call);
}

static void
on_purge_ready (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  PausedCall *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree KvPurgeReport *report = NULL;
  g_autoptr(JsonBuilder) builder = NULL;

  report = kv_retention_purge_finish (KV_RETENTION (source), result, &error);
  if (call->gone)
    ;
  else if (report == NULL)
    kv_admin_http_respond_gerror (call->message, error);
  else
    {
      builder = json_builder_new ();
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "dry_run");
      json_builder_add_boolean_value (builder, report->dry_run);
      kv_admin_http_add_time (builder, "bookings_before", report->bookings_before_us);
      kv_admin_http_add_time (builder, "audit_before", report->audit_before_us);
      kv_admin_http_add_int (builder, "bookings", report->counts.bookings);
      kv_admin_http_add_int (builder, "sessions", report->counts.sessions);
      kv_admin_http_add_int (builder, "end_reasons", report->counts.end_reasons);
      kv_admin_http_add_int (builder, "audit_rows", report->counts.audit_rows);
      json_builder_end_object (builder);
      kv_admin_http_respond_json (call->message, SOUP_STATUS_OK, builder);
    }
  paused_call_answer (call);
}

/* POST /api/v1/purge {"dry_run": true|false}: applies [retention] now, or
 * only counts what it would remove. A purge goes on when the client goes
 * away (it is audited either way). */
static void
purge (KvAdminAudit      *self,
       SoupServerMessage *message)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *body;
  JsonNode *dry_run;
  PausedCall *call;

  body = kv_admin_http_read_body (message, parser);
  if (body == NULL)
    return;
  dry_run = json_object_get_member (body, "dry_run");
  if (dry_run == NULL || !JSON_NODE_HOLDS_VALUE (dry_run) ||
      json_node_get_value_type (dry_run) != G_TYPE_BOOLEAN)
    {
      kv_admin_http_respond_error (message, SOUP_STATUS_BAD_REQUEST, "missing-field",
                                   "Field 'dry_run' (true or false) is required: say whether to "
                                   "purge or only count");
      return;
    }

  call = paused_call_new (message);
  call->retention = kv_retention_new (self->config, self->clock, self->store);
  kv_retention_purge_async (call->retention, json_node_get_boolean (dry_run), "admin", NULL,
                            on_purge_ready, call);
}

static void
kv_admin_audit_dispose (GObject *object)
{
  KvAdminAudit *self = KV_ADMIN_AUDIT (object);

  g_clear_object (&self->config);
  g_clear_object (&self->clock);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kv_admin_audit_parent_class)->dispose (object);
}

static void
kv_admin_audit_class_init (KvAdminAuditClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kv_admin_audit_dispose;
}

static void
kv_admin_audit_init (KvAdminAudit *self)
{
}

KvAdminAudit *
kv_admin_audit_new (KvServerConfig *config,
                    KvClock        *clock,
                    KvStore        *store)
{
  KvAdminAudit *self = g_object_new (KV_TYPE_ADMIN_AUDIT, NULL);

  self->config = g_object_ref (config);
  self->clock = g_object_ref (clock);
  self->store = g_object_ref (store);
  return self;
}

/**
 * kv_admin_audit_route:
 * @self: a #KvAdminAudit
 * @request: a request on /api/v1/audit or /api/v1/purge
 *
 * Returns: %FALSE if no endpoint of the audit log or purges answers
 *   @request (nothing was sent then)
 */
gboolean
kv_admin_audit_route (KvAdminAudit         *self,
                      const KvAdminRequest *request)
{
  if (g_str_equal (request->parts[0], "purge"))
    {
      if (!kv_admin_http_is_route (request, "POST", 1, NULL))
        return FALSE;
      purge (self, request->message);
    }
  else if (kv_admin_http_is_route (request, "GET", 1, NULL))
    audit_export (self, request);
  else if (kv_admin_http_is_route (request, "GET", 2, "verify"))
    audit_verify (self, request->message);
  else
    return FALSE;
  return TRUE;
}
