/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-server"

#include "config.h"

#include "kv-connection-pool.h"

#include "kv-linger.h"

/**
 * KvConnectionPool:
 *
 * The kiosk WebSockets, spread over a few I/O threads, each with its own
 * main context.
 *
 * Why: a GLib main loop polls every file descriptor and walks every source
 * of its context on each iteration. With 2000 kiosks in one context, that
 * walk cost ~0.9 ms of CPU for every relayed message, nearly all of one
 * core at 1000 messages a second, and the queue it made was the relay
 * latency (docs/server.md, "Capacity"). Split over small contexts, a
 * message wakes only the context of its sender's socket and that of its
 * recipient's, each with a few dozen sockets. Threads are started as the
 * connections come (one per %KV_CONNECTION_POOL_SHARD_SIZE), so a small
 * site has few; an idle one costs no CPU.
 *
 * Only I/O happens on the I/O threads. What the kiosks say is handed to
 * the thread that made the pool (the server's main thread) as signals, in
 * order per connection; what the server sends goes back to the
 * connection's I/O thread, in order. So the signalling handler, the store
 * and the scheduler stay single-threaded. With 0 threads everything runs
 * on the main thread, synchronously, as if there were no pool.
 */

enum {
  SIGNAL_OPENED,
  SIGNAL_MESSAGE,
  SIGNAL_ERROR,
  SIGNAL_CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One I/O thread and the connections it owns. */
typedef struct
{
  KvConnectionPool *pool;           /* not a reference: the pool joins the thread first */
  GMainContext     *context;
  GMainLoop        *loop;
  GThread          *thread;         /* NULL when the shard is the main thread */
  GHashTable       *connections;    /* SoupWebsocketConnection (owned); shard thread only */
  gint              n_connections;  /* atomic: for placing new ones */
} KvIoShard;

struct _KvConnectionPool
{
  GObject       parent_instance;

  GMainContext *main_context;
  guint64       max_incoming_payload_size;
  KvIoShard    *shards;
  guint         n_shards;           /* started */
  guint         n_threads;          /* at most */
  gboolean      shut_down;          /* main thread only */
};

G_DEFINE_FINAL_TYPE (KvConnectionPool, kv_connection_pool, G_TYPE_OBJECT)

static GQuark shard_quark;
static GQuark socket_quark;

typedef enum
{
  EVENT_OPENED,
  EVENT_MESSAGE,
  EVENT_ERROR,
  EVENT_CLOSED,
} EventKind;

/* Something that happened on an I/O thread, for the main thread. */
typedef struct
{
  KvConnectionPool        *pool;
  SoupWebsocketConnection *connection;
  EventKind                kind;
  SoupWebsocketDataType    data_type;
  GBytes                  *data;
  GError                  *error;
  char                    *address;
} Event;

static void
event_free (Event *event)
{
  g_object_unref (event->pool);
  g_object_unref (event->connection);
  g_clear_pointer (&event->data, g_bytes_unref);
  g_clear_error (&event->error);
  g_free (event->address);
  g_free (event);
}

static gboolean
deliver_event (gpointer user_data)
{
  Event *event = user_data;
  KvConnectionPool *self = event->pool;

  /* Events still queued when the server went away go nowhere. */
  if (self->shut_down)
    return G_SOURCE_REMOVE;
  switch (event->kind)
    {
    case EVENT_OPENED:
      g_signal_emit (self, signals[SIGNAL_OPENED], 0, event->connection, event->address);
      break;
    case EVENT_MESSAGE:
      g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, event->connection, event->data_type,
                     event->data);
      break;
    case EVENT_ERROR:
      g_signal_emit (self, signals[SIGNAL_ERROR], 0, event->connection, event->error);
      break;
    case EVENT_CLOSED:
      g_signal_emit (self, signals[SIGNAL_CLOSED], 0, event->connection);
      break;
    default:
      g_assert_not_reached ();
    }
  return G_SOURCE_REMOVE;
}

/* Takes @event. Runs it at once when this is the main thread (no I/O
 * threads): then the pool changes nothing about ordering or timing.
 *
 * High priority: GLib dispatches only the most urgent of the sources that
 * are ready, so a kiosk's message is relayed before the main thread goes
 * on with HTTP requests, accepts or closing idle sockets, however many of
 * those a flood of connections made ready. All events have the same
 * priority, so they keep their order. */
static void
post_event (KvConnectionPool *self,
            Event            *event)
{
  g_main_context_invoke_full (self->main_context, G_PRIORITY_HIGH, deliver_event, event,
                              (GDestroyNotify) event_free);
}

static Event *
new_event (KvIoShard               *shard,
           SoupWebsocketConnection *connection,
           EventKind                kind)
{
  Event *event = g_new0 (Event, 1);

  event->pool = g_object_ref (shard->pool);
  event->connection = g_object_ref (connection);
  event->kind = kind;
  return event;
}

/* I/O thread: the connection's signals. */

static void
on_message (SoupWebsocketConnection *connection,
            SoupWebsocketDataType    type,
            GBytes                  *data,
            gpointer                 user_data)
{
  KvIoShard *shard = user_data;
  Event *event = new_event (shard, connection, EVENT_MESSAGE);

  event->data_type = type;
  event->data = g_bytes_ref (data);
  post_event (shard->pool, event);
}

/* libsoup 3.2 meets a frame over max-incoming-payload-size by closing the
 * socket at once, unread data and all: the client gets a TCP reset, not
 * the close 1009 that says why. This runs just before that close: it
 * writes the close frame itself and lingers (the drain keeps its own
 * descriptor, so libsoup's close does not reset the connection). */
static void
close_too_big (SoupWebsocketConnection *connection)
{
  static const guint8 close_frame[] = {
    0x88, 0x02,                                   /* FIN, close; 2 bytes, unmasked */
    SOUP_WEBSOCKET_CLOSE_TOO_BIG >> 8, SOUP_WEBSOCKET_CLOSE_TOO_BIG & 0xff,
  };
  GSocket *socket = g_object_get_qdata (G_OBJECT (connection), socket_quark);
  GOutputStream *output = g_io_stream_get_output_stream (soup_websocket_connection_get_io_stream (connection));

  if (socket == NULL || !G_IS_POLLABLE_OUTPUT_STREAM (output))
    return;
  g_pollable_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (output), close_frame,
                                              sizeof close_frame, NULL, NULL);
  kv_linger_close (socket);
}

static void
on_error (SoupWebsocketConnection *connection,
          GError                  *error,
          gpointer                 user_data)
{
  KvIoShard *shard = user_data;
  Event *event = new_event (shard, connection, EVENT_ERROR);

  if (g_error_matches (error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_CLOSE_TOO_BIG))
    close_too_big (connection);

  event->error = g_error_copy (error);
  post_event (shard->pool, event);
}

static void
forget_connection (KvIoShard               *shard,
                   SoupWebsocketConnection *connection)
{
  g_signal_handlers_disconnect_by_data (connection, shard);
  if (g_hash_table_remove (shard->connections, connection))
    g_atomic_int_add (&shard->n_connections, -1);
}

static void
on_closed (SoupWebsocketConnection *connection,
           gpointer                 user_data)
{
  KvIoShard *shard = user_data;

  post_event (shard->pool, new_event (shard, connection, EVENT_CLOSED));
  forget_connection (shard, connection);
}

typedef struct
{
  KvIoShard  *shard;
  GIOStream  *stream;
  GSocket    *socket;
  GUri       *uri;
  char       *origin;
  char       *protocol;
  char       *address;
} AdoptJob;

static void
adopt_job_free (AdoptJob *job)
{
  g_object_unref (job->stream);
  g_clear_object (&job->socket);
  g_uri_unref (job->uri);
  g_free (job->origin);
  g_free (job->protocol);
  g_free (job->address);
  g_free (job);
}

static gboolean
run_adopt_job (gpointer user_data)
{
  AdoptJob *job = user_data;
  KvIoShard *shard = job->shard;
  SoupWebsocketConnection *connection;
  Event *event;

  /* The connection attaches its sources to the thread-default context:
   * this shard's, since this runs on its thread. */
  connection = soup_websocket_connection_new (job->stream, job->uri,
                                              SOUP_WEBSOCKET_CONNECTION_SERVER, job->origin,
                                              job->protocol, NULL);
  soup_websocket_connection_set_max_incoming_payload_size (connection,
                                                           shard->pool->max_incoming_payload_size);
  g_object_set_qdata (G_OBJECT (connection), shard_quark, shard);
  if (job->socket != NULL)
    g_object_set_qdata_full (G_OBJECT (connection), socket_quark, g_steal_pointer (&job->socket),
                             g_object_unref);
  g_hash_table_add (shard->connections, connection);
  g_signal_connect (connection, "message", G_CALLBACK (on_message), shard);
  g_signal_connect (connection, "error", G_CALLBACK (on_error), shard);
  g_signal_connect (connection, "closed", G_CALLBACK (on_closed), shard);

  /* Before any of its messages: events keep their order. */
  event = new_event (shard, connection, EVENT_OPENED);
  event->address = g_steal_pointer (&job->address);
  post_event (shard->pool, event);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  SoupWebsocketConnection *connection;
  char                    *text;
  gboolean                 close;
  gushort                  close_code;
} SendJob;

static void
send_job_free (SendJob *job)
{
  g_object_unref (job->connection);
  g_free (job->text);
  g_free (job);
}

static gboolean
run_send_job (gpointer user_data)
{
  SendJob *job = user_data;

  /* Checked here, on the connection's own thread: it may have closed since
   * the main thread decided to send. */
  if (soup_websocket_connection_get_state (job->connection) != SOUP_WEBSOCKET_STATE_OPEN)
    return G_SOURCE_REMOVE;
  if (job->text != NULL)
    soup_websocket_connection_send_text (job->connection, job->text);
  if (job->close)
    soup_websocket_connection_close (job->connection, job->close_code, NULL);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  KvIoShard *shard;
  gushort    close_code;
} CloseAllJob;

static gboolean
run_close_all_job (gpointer user_data)
{
  CloseAllJob *job = user_data;
  g_autoptr(GList) connections = g_hash_table_get_keys (job->shard->connections);

  for (GList *l = connections; l != NULL; l = l->next)
    if (soup_websocket_connection_get_state (l->data) == SOUP_WEBSOCKET_STATE_OPEN)
      soup_websocket_connection_close (l->data, job->close_code, NULL);
  return G_SOURCE_REMOVE;
}

/* Drops every connection of the shard; on an I/O thread, also ends it. */
static gboolean
run_stop_job (gpointer user_data)
{
  KvIoShard *shard = user_data;
  GHashTableIter iter;
  gpointer connection;

  g_hash_table_iter_init (&iter, shard->connections);
  while (g_hash_table_iter_next (&iter, &connection, NULL))
    g_signal_handlers_disconnect_by_data (connection, shard);
  g_hash_table_remove_all (shard->connections);
  g_atomic_int_set (&shard->n_connections, 0);
  if (shard->loop != NULL)
    g_main_loop_quit (shard->loop);
  return G_SOURCE_REMOVE;
}

static gpointer
run_shard (gpointer user_data)
{
  KvIoShard *shard = user_data;

  g_main_context_push_thread_default (shard->context);
  g_main_loop_run (shard->loop);
  /* Let the sockets of the dropped connections finish closing. */
  while (g_main_context_iteration (shard->context, FALSE))
    ;
  g_main_context_pop_thread_default (shard->context);
  return NULL;
}

static KvIoShard *
start_shard (KvConnectionPool *self)
{
  KvIoShard *shard = &self->shards[self->n_shards++];

  shard->pool = self;
  shard->connections = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  if (self->n_threads == 0)
    {
      shard->context = g_main_context_ref (self->main_context);
      return shard;
    }
  shard->context = g_main_context_new ();
  shard->loop = g_main_loop_new (shard->context, FALSE);
  shard->thread = g_thread_new ("kv-io", run_shard, shard);
  return shard;
}

static void
kv_connection_pool_dispose (GObject *object)
{
  KvConnectionPool *self = KV_CONNECTION_POOL (object);

  kv_connection_pool_shutdown (self);

  G_OBJECT_CLASS (kv_connection_pool_parent_class)->dispose (object);
}

static void
kv_connection_pool_finalize (GObject *object)
{
  KvConnectionPool *self = KV_CONNECTION_POOL (object);

  for (guint i = 0; i < self->n_shards; i++)
    {
      g_clear_pointer (&self->shards[i].loop, g_main_loop_unref);
      g_main_context_unref (self->shards[i].context);
      g_hash_table_unref (self->shards[i].connections);
    }
  g_free (self->shards);
  g_main_context_unref (self->main_context);

  G_OBJECT_CLASS (kv_connection_pool_parent_class)->finalize (object);
}

static void
kv_connection_pool_class_init (KvConnectionPoolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kv_connection_pool_dispose;
  object_class->finalize = kv_connection_pool_finalize;

  shard_quark = g_quark_from_static_string ("kv-connection-pool-shard");
  socket_quark = g_quark_from_static_string ("kv-connection-pool-socket");

  /**
   * KvConnectionPool::opened:
   * @connection: a new kiosk connection
   * @address: the remote address
   *
   * Emitted on the main thread before any message of @connection.
   */
  signals[SIGNAL_OPENED] =
    g_signal_new ("opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, SOUP_TYPE_WEBSOCKET_CONNECTION, G_TYPE_STRING);
  /**
   * KvConnectionPool::message:
   * @connection: the connection
   * @type: text or binary
   * @data: the message
   *
   * Emitted on the main thread for each message, in the order received.
   */
  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, SOUP_TYPE_WEBSOCKET_CONNECTION, G_TYPE_INT, G_TYPE_BYTES);
  /**
   * KvConnectionPool::error:
   * @connection: the connection
   * @error: what went wrong
   *
   * Emitted on the main thread when the connection reported an error.
   */
  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, SOUP_TYPE_WEBSOCKET_CONNECTION, G_TYPE_ERROR);
  /**
   * KvConnectionPool::closed:
   * @connection: the connection
   *
   * Emitted on the main thread after its last message; the pool has
   * forgotten @connection.
   */
  signals[SIGNAL_CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SOUP_TYPE_WEBSOCKET_CONNECTION);
}

static void
kv_connection_pool_init (KvConnectionPool *self)
{
}

/**
 * kv_connection_pool_new:
 * @n_threads: I/O threads; 0 to keep the connections on this thread
 * @max_incoming_payload_size: larger frames close the connection
 *
 * Makes the pool and starts its threads. Signals are emitted on the
 * calling thread's default main context.
 *
 * Returns: (transfer full): the pool
 */
KvConnectionPool *
kv_connection_pool_new (guint   n_threads,
                        guint64 max_incoming_payload_size)
{
  KvConnectionPool *self = g_object_new (KV_TYPE_CONNECTION_POOL, NULL);

  self->main_context = g_main_context_ref_thread_default ();
  self->max_incoming_payload_size = max_incoming_payload_size;
  self->n_threads = MIN (n_threads, KV_CONNECTION_POOL_MAX_THREADS);
  self->shards = g_new0 (KvIoShard, MAX (self->n_threads, 1));
  start_shard (self);
  return self;
}

guint
kv_connection_pool_get_n_threads (KvConnectionPool *self)
{
  g_return_val_if_fail (KV_IS_CONNECTION_POOL (self), 0);

  return self->n_threads;
}

/**
 * kv_connection_pool_adopt:
 * @self: a #KvConnectionPool
 * @stream: (transfer none): an upgraded WebSocket stream, stolen from its
 *   #SoupServerMessage
 * @uri: the request URI
 * @origin: (nullable): the Origin header
 * @protocol: (nullable): the agreed subprotocol
 * @address: the remote address
 * @socket: (nullable): the connection's socket, for closing it cleanly
 *   when a frame is too big
 *
 * Makes a server WebSocket (no extensions) of @stream on the least busy
 * I/O thread; #KvConnectionPool::opened follows.
 *
 * Returns: (transfer none): the main context of that thread, where
 *   anything touching the connection's socket must run
 */
GMainContext *
kv_connection_pool_adopt (KvConnectionPool *self,
                          GIOStream        *stream,
                          GUri             *uri,
                          const char       *origin,
                          const char       *protocol,
                          const char       *address,
                          GSocket          *socket)
{
  AdoptJob *job;
  KvIoShard *shard;

  g_return_val_if_fail (KV_IS_CONNECTION_POOL (self), NULL);
  g_return_val_if_fail (!self->shut_down, NULL);

  shard = &self->shards[0];
  for (guint i = 1; i < self->n_shards; i++)
    if (g_atomic_int_get (&self->shards[i].n_connections) < g_atomic_int_get (&shard->n_connections))
      shard = &self->shards[i];
  if (g_atomic_int_get (&shard->n_connections) >= KV_CONNECTION_POOL_SHARD_SIZE &&
      self->n_shards < self->n_threads)
    shard = start_shard (self);
  /* Counted now, not when the thread gets to it: a burst of sign-ins
   * still spreads evenly. */
  g_atomic_int_inc (&shard->n_connections);

  job = g_new0 (AdoptJob, 1);
  job->shard = shard;
  job->stream = g_object_ref (stream);
  job->socket = socket != NULL ? g_object_ref (socket) : NULL;
  job->uri = g_uri_ref (uri);
  job->origin = g_strdup (origin);
  job->protocol = g_strdup (protocol);
  job->address = g_strdup (address);
  g_main_context_invoke_full (shard->context, G_PRIORITY_DEFAULT, run_adopt_job, job,
                              (GDestroyNotify) adopt_job_free);
  return shard->context;
}

/**
 * kv_connection_pool_send:
 * @self: a #KvConnectionPool
 * @connection: one of the pool's connections
 * @text: (transfer full) (nullable): a text message
 * @close: close the connection after @text
 * @close_code: the close code, if @close
 *
 * Sends on the connection's own thread, after everything sent before;
 * nothing happens if it is no longer open by then.
 */
void
kv_connection_pool_send (KvConnectionPool        *self,
                         SoupWebsocketConnection *connection,
                         char                    *text,
                         gboolean                 close,
                         gushort                  close_code)
{
  KvIoShard *shard;
  SendJob *job;

  g_return_if_fail (KV_IS_CONNECTION_POOL (self));
  g_return_if_fail (SOUP_IS_WEBSOCKET_CONNECTION (connection));

  shard = g_object_get_qdata (G_OBJECT (connection), shard_quark);
  if (shard == NULL || self->shut_down)
    {
      g_free (text);
      return;
    }
  job = g_new0 (SendJob, 1);
  job->connection = g_object_ref (connection);
  job->text = text;
  job->close = close;
  job->close_code = close_code;
  g_main_context_invoke_full (shard->context, G_PRIORITY_DEFAULT, run_send_job, job,
                              (GDestroyNotify) send_job_free);
}

/**
 * kv_connection_pool_close_all:
 * @self: a #KvConnectionPool
 * @close_code: why
 *
 * Closes every open connection, e.g. before shutting down.
 */
void
kv_connection_pool_close_all (KvConnectionPool *self,
                              gushort           close_code)
{
  g_return_if_fail (KV_IS_CONNECTION_POOL (self));

  if (self->shut_down)
    return;
  for (guint i = 0; i < self->n_shards; i++)
    {
      CloseAllJob *job = g_new0 (CloseAllJob, 1);

      job->shard = &self->shards[i];
      job->close_code = close_code;
      g_main_context_invoke_full (self->shards[i].context, G_PRIORITY_DEFAULT, run_close_all_job,
                                  job, g_free);
    }
}

/**
 * kv_connection_pool_shutdown:
 * @self: a #KvConnectionPool
 *
 * Drops every connection without a word and stops the threads; no signal
 * is emitted after this. Call it from the main thread.
 */
void
kv_connection_pool_shutdown (KvConnectionPool *self)
{
  g_return_if_fail (KV_IS_CONNECTION_POOL (self));

  if (self->shut_down)
    return;
  self->shut_down = TRUE;
  for (guint i = 0; i < self->n_shards; i++)
    {
      KvIoShard *shard = &self->shards[i];

      if (shard->thread == NULL)
        {
          run_stop_job (shard);
          continue;
        }
      g_main_context_invoke (shard->context, run_stop_job, shard);
      g_thread_join (g_steal_pointer (&shard->thread));
    }
}
