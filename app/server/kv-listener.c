/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-server"

#include "config.h"

#include "kv-listener.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

/**
 * KvListener:
 *
 * Accepts TCP connections on a listening socket and hands each to
 * #KvListener::accepted, on the main context of the thread that made it.
 *
 * Why not #GSocketService: when the process runs out of file descriptors,
 * accept() fails with EMFILE while the pending connection stays in the
 * kernel's queue, so the socket stays readable. GSocketService then logs a
 * warning and tries again at once: a hostile client holding 1,100 idle
 * sockets against a 1,024-descriptor limit made it spin at 100% CPU and
 * write 9 million warnings in 40 s, and nothing else got served.
 *
 * Here, on EMFILE (or ENFILE), the listener gives up a descriptor it keeps
 * in reserve, accepts the waiting connection and closes it at once (the
 * client gets a clean close instead of a hang), takes the reserve back,
 * and pauses accepting for a while, doubling the pause while it lasts. The
 * warning is logged at most once a minute, with a count.
 */

/* Accepted per wakeup at most, and at low priority (only when nothing
 * else is ready): a flood of new connections must not keep the main loop
 * from the kiosks' messages. Each accepted connection costs some 50 us
 * here and again when its request is read, so 16 keep a wakeup near 1 ms. */
#define ACCEPTS_PER_WAKEUP 16

enum {
  SIGNAL_ACCEPTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _KvListener
{
  GObject       parent_instance;

  GSocket      *socket;
  GMainContext *context;
  GSource      *readable;      /* NULL while paused or stopped */
  GSource      *pause;         /* NULL unless paused */
  guint         backoff_ms;    /* 0 while accepting works */
  int           reserve_fd;    /* -1 while spent */
  guint64       n_exhausted;
  guint64       n_unlogged;
  gint64        last_log_us;
  gboolean      stopped;
};

G_DEFINE_FINAL_TYPE (KvListener, kv_listener, G_TYPE_OBJECT)

static void watch_readable (KvListener *self);

static void
take_reserve (KvListener *self)
{
  if (self->reserve_fd < 0)
    self->reserve_fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
}

/* Out of descriptors: close the oldest waiting connection with the one we
 * kept for this, so the client is not left hanging in the queue. */
static void
shed_waiting_connection (KvListener *self)
{
  int fd;

  if (self->reserve_fd >= 0)
    {
      close (self->reserve_fd);
      self->reserve_fd = -1;
    }
  fd = accept (g_socket_get_fd (self->socket), NULL, NULL);
  if (fd >= 0)
    close (fd);
  take_reserve (self);
}

static void
report_exhaustion (KvListener *self)
{
  gint64 now = g_get_monotonic_time ();

  self->n_exhausted++;
  self->n_unlogged++;
  if (self->last_log_us != 0 && now - self->last_log_us < KV_LISTENER_LOG_INTERVAL_US)
    return;
  g_warning ("Out of file descriptors: %" G_GUINT64_FORMAT " connection(s) closed unserved "
             "since the last report; raise LimitNOFILE or lower [limits] max-connections",
             self->n_unlogged);
  self->n_unlogged = 0;
  self->last_log_us = now;
}

static gboolean
on_pause_over (gpointer user_data)
{
  KvListener *self = user_data;

  g_clear_pointer (&self->pause, g_source_unref);
  watch_readable (self);
  return G_SOURCE_REMOVE;
}

static void
pause_accepting (KvListener *self)
{
  self->backoff_ms = self->backoff_ms == 0 ? KV_LISTENER_BACKOFF_MIN_MS
                                           : MIN (self->backoff_ms * 2, KV_LISTENER_BACKOFF_MAX_MS);
  if (self->readable != NULL)
    {
      g_source_destroy (self->readable);
      g_clear_pointer (&self->readable, g_source_unref);
    }
  self->pause = g_timeout_source_new (self->backoff_ms);
  g_source_set_callback (self->pause, on_pause_over, self, NULL);
  g_source_attach (self->pause, self->context);
}

static gboolean
on_readable (GSocket      *socket,
             GIOCondition  condition,
             gpointer      user_data)
{
  KvListener *self = user_data;
  gboolean any_accepted = FALSE;

  for (guint i = 0; i < ACCEPTS_PER_WAKEUP; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) accepted = g_socket_accept (self->socket, NULL, &error);

      if (accepted != NULL)
        {
          any_accepted = TRUE;
          self->backoff_ms = 0;
          g_signal_emit (self, signals[SIGNAL_ACCEPTED], 0, accepted);
          if (self->stopped)
            return G_SOURCE_REMOVE;
          continue;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return G_SOURCE_CONTINUE;
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
        {
          shed_waiting_connection (self);
          report_exhaustion (self);
          pause_accepting (self);
          return G_SOURCE_REMOVE;
        }
      /* A client that gave up before we got to it (ECONNABORTED): the next
       * one may be fine. */
      g_debug ("accept: %s", error->message);
    }
  /* Nothing but errors: pause rather than spin on a socket that stays
   * readable. */
  if (!any_accepted)
    {
      pause_accepting (self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
watch_readable (KvListener *self)
{
  if (self->stopped)
    return;
  self->readable = g_socket_create_source (self->socket, G_IO_IN, NULL);
  g_source_set_priority (self->readable, G_PRIORITY_LOW);
  g_source_set_callback (self->readable, G_SOURCE_FUNC (on_readable), self, NULL);
  g_source_attach (self->readable, self->context);
}

static void
kv_listener_dispose (GObject *object)
{
  KvListener *self = KV_LISTENER (object);

  kv_listener_stop (self);

  G_OBJECT_CLASS (kv_listener_parent_class)->dispose (object);
}

static void
kv_listener_finalize (GObject *object)
{
  KvListener *self = KV_LISTENER (object);

  if (self->reserve_fd >= 0)
    close (self->reserve_fd);
  g_clear_object (&self->socket);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (kv_listener_parent_class)->finalize (object);
}

static void
kv_listener_class_init (KvListenerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kv_listener_dispose;
  object_class->finalize = kv_listener_finalize;

  /**
   * KvListener::accepted:
   * @socket: the new connection's socket (non-blocking)
   *
   * Emitted for each accepted connection. Take a reference to keep it.
   */
  signals[SIGNAL_ACCEPTED] =
    g_signal_new ("accepted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_SOCKET);
}

static void
kv_listener_init (KvListener *self)
{
  self->reserve_fd = -1;
}

/**
 * kv_listener_new:
 * @socket: a bound, listening stream socket
 * @error: return location for a #GError
 *
 * Starts accepting on the thread-default main context.
 *
 * Returns: (transfer full): the listener, or %NULL if no descriptor could
 *   be set aside for running out of them
 */
KvListener *
kv_listener_new (GSocket  *socket,
                 GError  **error)
{
  g_autoptr(KvListener) self = NULL;

  g_return_val_if_fail (G_IS_SOCKET (socket), NULL);

  self = g_object_new (KV_TYPE_LISTENER, NULL);
  self->socket = g_object_ref (socket);
  self->context = g_main_context_ref_thread_default ();
  take_reserve (self);
  if (self->reserve_fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot keep a file descriptor in reserve: %s", g_strerror (saved_errno));
      return NULL;
    }
  g_socket_set_blocking (socket, FALSE);
  watch_readable (self);
  return g_steal_pointer (&self);
}

guint
kv_listener_get_port (KvListener *self)
{
  g_autoptr(GSocketAddress) address = NULL;

  g_return_val_if_fail (KV_IS_LISTENER (self), 0);

  address = g_socket_get_local_address (self->socket, NULL);
  return G_IS_INET_SOCKET_ADDRESS (address)
           ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)) : 0;
}

/**
 * kv_listener_get_n_fd_exhausted:
 *
 * Returns: how often accepting failed for want of file descriptors
 */
guint64
kv_listener_get_n_fd_exhausted (KvListener *self)
{
  g_return_val_if_fail (KV_IS_LISTENER (self), 0);

  return self->n_exhausted;
}

/**
 * kv_listener_stop:
 *
 * Stops accepting and closes the listening socket.
 */
void
kv_listener_stop (KvListener *self)
{
  g_return_if_fail (KV_IS_LISTENER (self));

  if (self->stopped)
    return;
  self->stopped = TRUE;
  if (self->readable != NULL)
    {
      g_source_destroy (self->readable);
      g_clear_pointer (&self->readable, g_source_unref);
    }
  if (self->pause != NULL)
    {
      g_source_destroy (self->pause);
      g_clear_pointer (&self->pause, g_source_unref);
    }
  g_socket_close (self->socket, NULL);
}
