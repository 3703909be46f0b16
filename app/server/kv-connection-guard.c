/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-server"

#include "config.h"

#include "kv-connection-guard.h"

/**
 * KvConnectionGuard:
 *
 * Decides which TCP connections the server keeps, so that clients that
 * never sign in cannot use up its descriptors, memory or time.
 *
 * Every accepted connection is admitted here and counted until its socket
 * is gone. A connection is *unauthenticated* until the server says
 * otherwise (a kiosk's `hello` was accepted); only those are limited:
 *
 * - in total and per source address ([limits] max-unauthenticated and
 *   max-unauthenticated-per-address). A new connection over either limit
 *   closes the oldest unauthenticated one (of that address, or of all),
 *   not the new one: a kiosk signs in within milliseconds of connecting,
 *   so a flood of idle sockets only ever evicts itself, and a kiosk behind
 *   the same NAT still gets in;
 * - in time: each has a deadline (the whole HTTP request, or the sign-in)
 *   after which it is closed.
 *
 * Over max-connections, a new connection evicts the oldest unauthenticated
 * one too, or is refused when every connection is a signed-in kiosk.
 *
 * The guard runs on one thread (the server's main thread) and never
 * closes a socket itself: each connection has a close function that does
 * it from the thread that owns the connection. When the #GSocketConnection
 * is finalized, on whichever thread, the guard hears of it on its own.
 */

struct _KvGuardedConnection
{
  gint                          ref_count;  /* the guard's, and the weak reference's */
  KvConnectionGuard            *guard;      /* NULL once released or the guard is gone */
  GMainContext                 *context;    /* the guard's thread */
  GSocket                      *socket;
  char                         *address;
  gint64                        deadline_us; /* 0: none */
  gboolean                      unauthenticated;
  gboolean                      closing;
  GList                         queue_link;   /* in guard->unauthenticated */
  GList                         address_link; /* in its address's queue */
  KvGuardedConnectionCloseFunc  close_func;
  gpointer                      close_data;
  GDestroyNotify                close_destroy;
};

struct _KvConnectionGuard
{
  GObject         parent_instance;

  KvClock        *clock;
  KvServerLimits  limits;
  guint           max_connections;
  GMainContext   *context;
  GHashTable     *connections;      /* KvGuardedConnection (a reference each) */
  guint           n_closing;
  GQueue          unauthenticated;  /* oldest first */
  GHashTable     *by_address;       /* address -> GQueue of unauthenticated ones */
  guint           sweep_alarm;
  guint64         n_refused;
  guint64         n_evicted;
  guint64         n_expired;
};

G_DEFINE_FINAL_TYPE (KvConnectionGuard, kv_connection_guard, G_TYPE_OBJECT)

static void schedule_sweep (KvConnectionGuard *self,
                            gint64             delay_us);

KvGuardedConnection *
kv_guarded_connection_ref (KvGuardedConnection *connection)
{
  g_return_val_if_fail (connection != NULL, NULL);

  g_atomic_int_inc (&connection->ref_count);
  return connection;
}

void
kv_guarded_connection_unref (KvGuardedConnection *connection)
{
  g_return_if_fail (connection != NULL);

  if (!g_atomic_int_dec_and_test (&connection->ref_count))
    return;
  if (connection->close_destroy != NULL)
    connection->close_destroy (connection->close_data);
  g_object_unref (connection->socket);
  g_main_context_unref (connection->context);
  g_free (connection->address);
  g_free (connection);
}

/* No longer unauthenticated (signed in, closing or gone). */
static void
leave_queues (KvConnectionGuard   *self,
              KvGuardedConnection *connection)
{
  GQueue *queue;

  if (!connection->unauthenticated)
    return;
  connection->unauthenticated = FALSE;
  g_queue_unlink (&self->unauthenticated, &connection->queue_link);
  queue = g_hash_table_lookup (self->by_address, connection->address);
  g_queue_unlink (queue, &connection->address_link);
  if (g_queue_is_empty (queue))
    g_hash_table_remove (self->by_address, connection->address);
}

static void
default_close (gpointer user_data)
{
  KvGuardedConnection *connection = user_data;

  /* The owner sees end-of-file and closes; the descriptor stays its to
   * close, so no other connection can ever get this one's number. */
  g_socket_shutdown (connection->socket, TRUE, TRUE, NULL);
}

static void
close_connection (KvConnectionGuard   *self,
                  KvGuardedConnection *connection)
{
  if (connection->closing)
    return;
  leave_queues (self, connection);
  connection->closing = TRUE;
  self->n_closing++;
  g_debug ("Closing a connection from %s that did not sign in", connection->address);
  if (connection->close_func != NULL)
    connection->close_func (connection->close_data);
  else
    default_close (connection);
}

static gboolean
evict_oldest (KvConnectionGuard *self,
              GQueue            *queue)
{
  KvGuardedConnection *oldest = g_queue_peek_head (queue);

  if (oldest == NULL)
    return FALSE;
  self->n_evicted++;
  close_connection (self, oldest);
  return TRUE;
}

/* The guard's thread: the connection's socket is gone. */
static gboolean
release_connection (gpointer user_data)
{
  KvGuardedConnection *connection = user_data;
  KvConnectionGuard *self = connection->guard;

  if (self == NULL)
    return G_SOURCE_REMOVE;
  connection->guard = NULL;
  leave_queues (self, connection);
  if (connection->closing)
    self->n_closing--;
  g_hash_table_remove (self->connections, connection);
  return G_SOURCE_REMOVE;
}

/* Any thread: the #GSocketConnection was finalized. */
static void
on_connection_finalized (gpointer  user_data,
                         GObject  *where_the_object_was)
{
  KvGuardedConnection *connection = user_data;

  g_main_context_invoke_full (connection->context, G_PRIORITY_DEFAULT, release_connection,
                              connection, (GDestroyNotify) kv_guarded_connection_unref);
}

static void
on_sweep_alarm (gpointer user_data)
{
  KvConnectionGuard *self = user_data;
  gint64 now = kv_clock_get_now (self->clock);
  GList *link = self->unauthenticated.head;
  guint n_closed = 0;

  self->sweep_alarm = 0;
  while (link != NULL && n_closed < KV_CONNECTION_GUARD_CLOSE_BATCH)
    {
      KvGuardedConnection *connection = link->data;

      link = link->next;
      if (connection->deadline_us != 0 && connection->deadline_us <= now)
        {
          self->n_expired++;
          n_closed++;
          close_connection (self, connection);
        }
    }
  schedule_sweep (self, n_closed == KV_CONNECTION_GUARD_CLOSE_BATCH ? KV_CONNECTION_GUARD_BATCH_US
                                                                    : KV_CONNECTION_GUARD_SWEEP_US);
}

static void
schedule_sweep (KvConnectionGuard *self,
                gint64             delay_us)
{
  if (self->sweep_alarm != 0 || g_queue_is_empty (&self->unauthenticated))
    return;
  self->sweep_alarm = kv_clock_add_alarm (self->clock, kv_clock_get_now (self->clock) + delay_us,
                                          on_sweep_alarm, self, NULL);
}

static void
kv_connection_guard_dispose (GObject *object)
{
  KvConnectionGuard *self = KV_CONNECTION_GUARD (object);
  GHashTableIter iter;
  KvGuardedConnection *connection;

  if (self->clock != NULL)
    kv_clear_alarm (self->clock, &self->sweep_alarm);
  /* Connections that outlive the guard keep their weak reference; its
   * release then finds no guard. */
  if (self->connections != NULL)
    {
      g_hash_table_iter_init (&iter, self->connections);
      while (g_hash_table_iter_next (&iter, (gpointer *) &connection, NULL))
        {
          leave_queues (self, connection);
          connection->guard = NULL;
        }
      g_clear_pointer (&self->connections, g_hash_table_unref);
    }
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (kv_connection_guard_parent_class)->dispose (object);
}

static void
kv_connection_guard_finalize (GObject *object)
{
  KvConnectionGuard *self = KV_CONNECTION_GUARD (object);

  g_hash_table_unref (self->by_address);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (kv_connection_guard_parent_class)->finalize (object);
}

static void
kv_connection_guard_class_init (KvConnectionGuardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kv_connection_guard_dispose;
  object_class->finalize = kv_connection_guard_finalize;
}

static void
kv_connection_guard_init (KvConnectionGuard *self)
{
  self->connections = g_hash_table_new_full (NULL, NULL,
                                             (GDestroyNotify) kv_guarded_connection_unref, NULL);
  self->by_address = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_queue_free);
  g_queue_init (&self->unauthenticated);
}

/**
 * kv_connection_guard_new:
 * @clock: where deadlines are read from
 * @limits: the configured limits (copied)
 * @max_connections: connections at most, counted from accept to close:
 *   the configured maximum, or fewer if the open-file limit says so
 *
 * Returns: (transfer full): a new guard, for the calling thread
 */
KvConnectionGuard *
kv_connection_guard_new (KvClock              *clock,
                         const KvServerLimits *limits,
                         guint                 max_connections)
{
  KvConnectionGuard *self;

  g_return_val_if_fail (KV_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (limits != NULL, NULL);

  self = g_object_new (KV_TYPE_CONNECTION_GUARD, NULL);
  self->clock = g_object_ref (clock);
  self->limits = *limits;
  self->max_connections = MAX (max_connections, 1);
  self->context = g_main_context_ref_thread_default ();
  return self;
}

/**
 * kv_connection_guard_admit:
 * @self: a #KvConnectionGuard
 * @connection: a connection just accepted
 * @address: its source address
 *
 * Counts @connection as unauthenticated, closing older unauthenticated
 * connections if it goes over a limit. It is forgotten when @connection is
 * finalized. Set a deadline next.
 *
 * Returns: (transfer none) (nullable): the guard's record of it, or %NULL
 *   if the server is full of signed-in kiosks: close @connection then
 */
KvGuardedConnection *
kv_connection_guard_admit (KvConnectionGuard *self,
                           GSocketConnection *connection,
                           const char        *address)
{
  KvGuardedConnection *guarded;
  GQueue *queue;

  g_return_val_if_fail (KV_IS_CONNECTION_GUARD (self), NULL);
  g_return_val_if_fail (G_IS_SOCKET_CONNECTION (connection), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  if (g_hash_table_size (self->connections) - self->n_closing >= self->max_connections &&
      !evict_oldest (self, &self->unauthenticated))
    {
      self->n_refused++;
      return NULL;
    }
  queue = g_hash_table_lookup (self->by_address, address);
  if (queue != NULL && queue->length >= self->limits.max_unauthenticated_per_address)
    evict_oldest (self, queue);
  if (self->unauthenticated.length >= self->limits.max_unauthenticated)
    evict_oldest (self, &self->unauthenticated);

  guarded = g_new0 (KvGuardedConnection, 1);
  guarded->ref_count = 2;       /* the table's, and the weak reference's */
  guarded->guard = self;
  guarded->context = g_main_context_ref (self->context);
  guarded->socket = g_object_ref (g_socket_connection_get_socket (connection));
  guarded->address = g_strdup (address);
  guarded->unauthenticated = TRUE;
  guarded->queue_link.data = guarded;
  guarded->address_link.data = guarded;
  g_hash_table_add (self->connections, guarded);

  g_queue_push_tail_link (&self->unauthenticated, &guarded->queue_link);
  queue = g_hash_table_lookup (self->by_address, address);
  if (queue == NULL)
    {
      queue = g_queue_new ();
      g_hash_table_insert (self->by_address, g_strdup (address), queue);
    }
  g_queue_push_tail_link (queue, &guarded->address_link);

  g_object_weak_ref (G_OBJECT (connection), on_connection_finalized, guarded);
  return guarded;
}

/**
 * kv_connection_guard_set_deadline:
 * @deadline_us: when to close @connection if it is still unauthenticated;
 *   0 for never
 */
void
kv_connection_guard_set_deadline (KvConnectionGuard   *self,
                                  KvGuardedConnection *connection,
                                  gint64               deadline_us)
{
  g_return_if_fail (KV_IS_CONNECTION_GUARD (self));
  g_return_if_fail (connection != NULL);

  if (connection->guard != self)
    return;
  connection->deadline_us = deadline_us;
  if (deadline_us != 0)
    schedule_sweep (self, KV_CONNECTION_GUARD_SWEEP_US);
}

/**
 * kv_connection_guard_authenticated:
 *
 * @connection signed in: it no longer counts against the unauthenticated
 * limits and has no deadline.
 */
void
kv_connection_guard_authenticated (KvConnectionGuard   *self,
                                   KvGuardedConnection *connection)
{
  g_return_if_fail (KV_IS_CONNECTION_GUARD (self));
  g_return_if_fail (connection != NULL);

  if (connection->guard != self)
    return;
  leave_queues (self, connection);
  connection->deadline_us = 0;
}

guint
kv_connection_guard_get_n_connections (KvConnectionGuard *self)
{
  g_return_val_if_fail (KV_IS_CONNECTION_GUARD (self), 0);

  return g_hash_table_size (self->connections);
}

guint
kv_connection_guard_get_n_unauthenticated (KvConnectionGuard *self)
{
  g_return_val_if_fail (KV_IS_CONNECTION_GUARD (self), 0);

  return self->unauthenticated.length;
}

/**
 * kv_connection_guard_get_n_refused:
 *
 * Returns: connections refused because the server was full
 */
guint64
kv_connection_guard_get_n_refused (KvConnectionGuard *self)
{
  g_return_val_if_fail (KV_IS_CONNECTION_GUARD (self), 0);

  return self->n_refused;
}

/**
 * kv_connection_guard_get_n_evicted:
 *
 * Returns: unauthenticated connections closed to make room for new ones
 */
guint64
kv_connection_guard_get_n_evicted (KvConnectionGuard *self)
{
  g_return_val_if_fail (KV_IS_CONNECTION_GUARD (self), 0);

  return self->n_evicted;
}

/**
 * kv_connection_guard_get_n_expired:
 *
 * Returns: connections closed at their deadline
 */
guint64
kv_connection_guard_get_n_expired (KvConnectionGuard *self)
{
  g_return_val_if_fail (KV_IS_CONNECTION_GUARD (self), 0);

  return self->n_expired;
}

/**
 * kv_guarded_connection_set_closer:
 * @func: closes the connection from the thread that owns it
 * @user_data: for @func
 * @destroy: (nullable): frees @user_data when the record goes
 *
 * Without a closer, the guard shuts the socket down from its own thread,
 * which is right while the connection lives on that thread.
 */
void
kv_guarded_connection_set_closer (KvGuardedConnection          *connection,
                                  KvGuardedConnectionCloseFunc  func,
                                  gpointer                      user_data,
                                  GDestroyNotify                destroy)
{
  g_return_if_fail (connection != NULL);

  if (connection->close_destroy != NULL)
    connection->close_destroy (connection->close_data);
  connection->close_func = func;
  connection->close_data = user_data;
  connection->close_destroy = destroy;
}

GSocket *
kv_guarded_connection_get_socket (KvGuardedConnection *connection)
{
  g_return_val_if_fail (connection != NULL, NULL);

  return connection->socket;
}

const char *
kv_guarded_connection_get_address (KvGuardedConnection *connection)
{
  g_return_val_if_fail (connection != NULL, NULL);

  return connection->address;
}
