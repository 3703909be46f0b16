/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-console-events.h"

#include "kv-console-board.h"

#include <string.h>

/**
 * KvConsoleEvents:
 *
 * `GET /api/v1/events`: the staff console's live board as server-sent
 * events (`Accept: text/event-stream`, as a browser's EventSource asks),
 * or once as JSON for any other request. A stream starts with the whole board (`event: board`, see
 * kv-console-board.c) and gets a new one whenever it changed: a kiosk
 * signed in or out, a visit opened, changed state, someone became present
 * or confirmed, a visit ended. The server tells this object that something
 * may have changed (kv_console_events_changed()) after each thing that can
 * change the board; changes within %KV_CONSOLE_EVENTS_COALESCE_MS become one
 * board, and a stream only gets a board that differs from the last one it
 * got.
 *
 * Streams are bounded: %KV_CONSOLE_EVENTS_MAX_STREAMS in all,
 * %KV_CONSOLE_EVENTS_MAX_PER_ACCOUNT per account. Every
 * %KV_CONSOLE_EVENTS_HEARTBEAT_S a comment goes out and each stream's
 * session is checked (without counting as a use, so an open board does not
 * keep an unattended console signed in); a stream whose session expired,
 * was signed out or whose account was disabled gets `event: signed-out`
 * and ends. kv_console_events_check_sessions() does the same check at
 * once (after a sign-out).
 */

typedef struct
{
  KvConsoleEvents   *owner;
  SoupServerMessage *message;
  char              *account;     /* staff id, or "admin" for the token */
  gboolean           is_staff;
  GStrv              sites;       /* NULL: every site */
  char              *last_board;  /* the last board sent */
  gulong             finished_id;
  gulong             disconnected_id;
} Stream;

struct _KvConsoleEvents
{
  GObject              parent_instance;

  KvStore             *store;
  KvSignallingHandler *handler;
  KvClock             *clock;
  KvStaffSignIn       *sign_in;

  GQueue               streams;        /* Stream, oldest first */
  guint                coalesce_id;
  guint                heartbeat_id;
};

G_DEFINE_FINAL_TYPE (KvConsoleEvents, kv_console_events, G_TYPE_OBJECT)

static GQuark stream_quark;

static void
stream_free (Stream *stream)
{
  g_clear_signal_handler (&stream->finished_id, stream->message);
  g_clear_signal_handler (&stream->disconnected_id, stream->message);
  g_object_set_qdata (G_OBJECT (stream->message), stream_quark, NULL);
  g_object_unref (stream->message);
  g_free (stream->account);
  g_strfreev (stream->sites);
  g_free (stream->last_board);
  g_free (stream);
}

static void
stream_write (Stream     *stream,
              const char *text)
{
  SoupMessageBody *body = soup_server_message_get_response_body (stream->message);

  soup_message_body_append (body, SOUP_MEMORY_COPY, text, strlen (text));
  soup_server_message_unpause (stream->message);
}

static void
remove_stream (KvConsoleEvents *self,
               Stream          *stream)
{
  g_queue_remove (&self->streams, stream);
  stream_free (stream);
}

/* Ends @stream: the last chunk, then libsoup closes the response. */
static void
stream_end (KvConsoleEvents *self,
            Stream          *stream,
            const char      *last_event)
{
  SoupServerMessage *message = g_object_ref (stream->message);

  if (last_event != NULL)
    stream_write (stream, last_event);
  remove_stream (self, stream);
  soup_message_body_complete (soup_server_message_get_response_body (message));
  soup_server_message_unpause (message);
  g_object_unref (message);
}

static void
on_stream_finished (SoupServerMessage *message,
                    gpointer           user_data)
{
  Stream *stream = user_data;

  /* The browser went away (or the server is stopping). */
  remove_stream (stream->owner, stream);
}

static char *
build_board (KvConsoleEvents    *self,
             const char * const *sites)
{
  g_autoptr(GError) error = NULL;
  char *board = kv_console_board_build (self->store, self->handler,
                                        kv_clock_get_now (self->clock), sites, &error);

  if (board == NULL)
    g_warning ("Could not build the console's board: %s", error->message);
  return board;
}

/* "event: board" with @board and the server's time, if @board differs
 * from what @stream last got. */
static void
stream_send_board (Stream     *stream,
                   const char *board)
{
  g_autofree char *now = NULL;
  g_autofree char *event = NULL;

  if (board == NULL || g_strcmp0 (board, stream->last_board) == 0 || board[0] != '{')
    return;
  g_free (stream->last_board);
  stream->last_board = g_strdup (board);
  now = kv_admin_http_format_time (kv_clock_get_now (stream->owner->clock));
  /* The board is one line of JSON: one data line. */
  event = g_strdup_printf ("event: board\ndata: {\"now\":\"%s\"%s%s\n\n", now,
                           board[1] == '}' ? "" : ",", board + 1);
  stream_write (stream, event);
}

static gboolean
same_sites (const char * const *a,
            const char * const *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strv_equal (a, b);
}

static gboolean
on_coalesced (gpointer user_data)
{
  KvConsoleEvents *self = user_data;
  g_autoptr(GPtrArray) done = g_ptr_array_new ();

  self->coalesce_id = 0;
  /* One board per distinct set of sites, not one per stream. */
  for (GList *l = self->streams.head; l != NULL; l = l->next)
    {
      Stream *stream = l->data;
      g_autofree char *board = NULL;
      gboolean seen = FALSE;

      for (guint i = 0; i < done->len && !seen; i++)
        seen = same_sites ((const char * const *) ((Stream *) done->pdata[i])->sites,
                           (const char * const *) stream->sites);
      if (seen)
        continue;
      g_ptr_array_add (done, stream);
      board = build_board (self, (const char * const *) stream->sites);
      for (GList *m = l; m != NULL; m = m->next)
        {
          Stream *other = m->data;

          if (same_sites ((const char * const *) other->sites,
                          (const char * const *) stream->sites))
            stream_send_board (other, board);
        }
    }
  return G_SOURCE_REMOVE;
}

static gboolean
on_heartbeat (gpointer user_data)
{
  KvConsoleEvents *self = user_data;

  kv_console_events_check_sessions (self);
  for (GList *l = self->streams.head; l != NULL; l = l->next)
    stream_write (l->data, ": still here\n\n");
  if (g_queue_is_empty (&self->streams))
    {
      self->heartbeat_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static guint
count_streams_of (KvConsoleEvents *self,
                  const char      *account,
                  Stream         **out_oldest)
{
  guint n = 0;

  *out_oldest = NULL;
  for (GList *l = self->streams.head; l != NULL; l = l->next)
    {
      Stream *stream = l->data;

      if (g_str_equal (stream->account, account))
        {
          if (n++ == 0)
            *out_oldest = stream;
        }
    }
  return n;
}

/* GET /api/v1/events without Accept: text/event-stream: the board once,
 * as JSON, for scripts and tests. */
static void
events_once (KvConsoleEvents      *self,
             const KvAdminRequest *request)
{
  g_autofree char *board = build_board (self, (const char * const *) request->caller->sites);
  g_autofree char *now = kv_admin_http_format_time (kv_clock_get_now (self->clock));
  g_autofree char *text = NULL;

  if (board == NULL || board[0] != '{')
    {
      kv_admin_http_respond_error (request->message, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                   "internal", "The server failed; see its log");
      return;
    }
  text = g_strdup_printf ("{\"now\":\"%s\"%s%s", now, board[1] == '}' ? "" : ",", board + 1);
  soup_server_message_set_status (request->message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (request->message, "application/json", SOUP_MEMORY_COPY,
                                    text, strlen (text));
}

static gboolean
accepts_event_stream (SoupServerMessage *message)
{
  const char *accept = soup_message_headers_get_list (soup_server_message_get_request_headers (message),
                                                      "Accept");

  return accept != NULL && strstr (accept, "text/event-stream") != NULL;
}

/* GET /api/v1/events */
static void
events_open (KvConsoleEvents      *self,
             const KvAdminRequest *request)
{
  SoupServerMessage *message = request->message;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  const char *account = request->caller->staff_id != NULL ? request->caller->staff_id : "admin";
  g_autofree char *board = NULL;
  Stream *oldest = NULL;
  Stream *stream;

  if (count_streams_of (self, account, &oldest) >= KV_CONSOLE_EVENTS_MAX_PER_ACCOUNT)
    stream_end (self, oldest, "event: replaced\ndata: {}\n\n");
  if (self->streams.length >= KV_CONSOLE_EVENTS_MAX_STREAMS)
    {
      soup_message_headers_replace (headers, "Retry-After", "30");
      kv_admin_http_respond_error (message, SOUP_STATUS_SERVICE_UNAVAILABLE, "too-many-streams",
                                   "Too many consoles are open on this server; try again soon");
      return;
    }

  stream = g_new0 (Stream, 1);
  stream->owner = self;
  stream->message = g_object_ref (message);
  stream->account = g_strdup (account);
  stream->is_staff = request->caller->staff_id != NULL;
  stream->sites = g_strdupv (request->caller->sites);
  g_queue_push_tail (&self->streams, stream);
  g_object_set_qdata (G_OBJECT (message), stream_quark, stream);
  /* A browser that goes away mid-stream shows as "disconnected" (its
   * response never finishes); writing to it after that is an error. */
  stream->finished_id = g_signal_connect (message, "finished", G_CALLBACK (on_stream_finished),
                                          stream);
  stream->disconnected_id = g_signal_connect (message, "disconnected",
                                              G_CALLBACK (on_stream_finished), stream);

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "text/event-stream", NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  /* Each chunk is written and dropped, not kept for the whole stream. */
  soup_message_body_set_accumulate (soup_server_message_get_response_body (message), FALSE);
  /* A browser that lost the stream asks again after 3 s. */
  stream_write (stream, "retry: 3000\n\n");
  board = build_board (self, (const char * const *) stream->sites);
  stream_send_board (stream, board);

  if (self->heartbeat_id == 0)
    self->heartbeat_id = g_timeout_add_seconds (KV_CONSOLE_EVENTS_HEARTBEAT_S, on_heartbeat, self);
}

static void
kv_console_events_dispose (GObject *object)
{
  KvConsoleEvents *self = KV_CONSOLE_EVENTS (object);
  Stream *stream;

  g_clear_handle_id (&self->coalesce_id, g_source_remove);
  g_clear_handle_id (&self->heartbeat_id, g_source_remove);
  while ((stream = g_queue_peek_head (&self->streams)) != NULL)
    stream_end (self, stream, NULL);
  g_clear_object (&self->store);
  g_clear_object (&self->handler);
  g_clear_object (&self->clock);
  g_clear_object (&self->sign_in);

  G_OBJECT_CLASS (kv_console_events_parent_class)->dispose (object);
}

static void
kv_console_events_class_init (KvConsoleEventsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kv_console_events_dispose;

  stream_quark = g_quark_from_static_string ("kv-console-events-stream");
}

static void
kv_console_events_init (KvConsoleEvents *self)
{
  g_queue_init (&self->streams);
}

KvConsoleEvents *
kv_console_events_new (KvStore             *store,
                       KvSignallingHandler *handler,
                       KvClock             *clock,
                       KvStaffSignIn       *sign_in)
{
  KvConsoleEvents *self = g_object_new (KV_TYPE_CONSOLE_EVENTS, NULL);

  self->store = g_object_ref (store);
  self->handler = g_object_ref (handler);
  self->clock = g_object_ref (clock);
  self->sign_in = g_object_ref (sign_in);
  return self;
}

/**
 * kv_console_events_route:
 * @request: a request on /api/v1/events
 *
 * Returns: %FALSE if no endpoint of events answers @request
 */
gboolean
kv_console_events_route (KvConsoleEvents      *self,
                         const KvAdminRequest *request)
{
  g_return_val_if_fail (KV_IS_CONSOLE_EVENTS (self), FALSE);

  if (!kv_admin_http_is_route (request, "GET", 1, NULL))
    return FALSE;
  /* What a browser's EventSource asks for; anything else gets the board
   * once. */
  if (accepts_event_stream (request->message))
    events_open (self, request);
  else
    events_once (self, request);
  return TRUE;
}

/**
 * kv_console_events_changed:
 *
 * Something the board shows may have changed: the streams get the new
 * board shortly, if it differs.
 */
void
kv_console_events_changed (KvConsoleEvents *self)
{
  g_return_if_fail (KV_IS_CONSOLE_EVENTS (self));

  if (self->coalesce_id != 0 || g_queue_is_empty (&self->streams))
    return;
  self->coalesce_id = g_timeout_add (KV_CONSOLE_EVENTS_COALESCE_MS, on_coalesced, self);
}

/**
 * kv_console_events_check_sessions:
 *
 * Ends the streams of staff sessions that are no longer live.
 */
void
kv_console_events_check_sessions (KvConsoleEvents *self)
{
  GList *l;

  g_return_if_fail (KV_IS_CONSOLE_EVENTS (self));

  l = self->streams.head;
  while (l != NULL)
    {
      Stream *stream = l->data;

      l = l->next;
      if (stream->is_staff && !kv_staff_sign_in_check (self->sign_in, stream->message))
        stream_end (self, stream, "event: signed-out\ndata: {}\n\n");
    }
}

guint
kv_console_events_get_n_streams (KvConsoleEvents *self)
{
  g_return_val_if_fail (KV_IS_CONSOLE_EVENTS (self), 0);

  return self->streams.length;
}

/**
 * kv_console_events_is_stream:
 * @message: an answered admin request
 *
 * Returns: whether @message is an open event stream
 */
gboolean
kv_console_events_is_stream (SoupServerMessage *message)
{
  return stream_quark != 0 && g_object_get_qdata (G_OBJECT (message), stream_quark) != NULL;
}
