/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-server"

#include "config.h"

#include "kv-linger.h"

#include <fcntl.h>
#include <unistd.h>

/* A lingering close, for the last thing the server says before it hangs
 * up on a client that is still sending (a 413 to an oversized upload, a
 * WebSocket close 1009 to an oversized frame).
 *
 * Closing a TCP socket with unread data in its receive buffer makes the
 * kernel send a reset, and a reset can overtake the response the client
 * has not read yet: it then sees "connection reset" instead of the reason.
 * So the response goes out, then a FIN (shutdown for writing), and what
 * still arrives is read and dropped until the client closes its side, or
 * until a bound on bytes and time: a hostile client cannot keep the socket
 * open by sending for ever.
 *
 * The draining works on a duplicate of the descriptor, so the owner of the
 * connection closes its own streams as usual (its close then only drops
 * one reference to the kernel socket). It runs on the calling thread's
 * default main context. */

typedef struct
{
  GSocket *socket;
  GSource *readable;
  GSource *timeout;
  gsize    drained;
} Linger;

static void
linger_finish (Linger *linger)
{
  g_source_destroy (linger->readable);
  g_source_unref (linger->readable);
  g_source_destroy (linger->timeout);
  g_source_unref (linger->timeout);
  g_socket_close (linger->socket, NULL);
  g_object_unref (linger->socket);
  g_free (linger);
}

static gboolean
on_readable (GSocket      *socket,
             GIOCondition  condition,
             gpointer      user_data)
{
  Linger *linger = user_data;
  char buffer[16 * 1024];

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);

      if (n > 0)
        {
          linger->drained += n;
          if (linger->drained < KV_LINGER_MAX_BYTES)
            continue;
        }
      else if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return G_SOURCE_CONTINUE;
      /* End of file, an error, or enough. */
      linger_finish (linger);
      return G_SOURCE_REMOVE;
    }
}

static gboolean
on_timeout (gpointer user_data)
{
  linger_finish (user_data);
  return G_SOURCE_REMOVE;
}

/**
 * kv_linger_close:
 * @socket: a connected socket whose last response was written
 *
 * Sends a FIN, then drains what the client still sends on a duplicate of
 * @socket's descriptor, and closes that duplicate when the client closes
 * or after %KV_LINGER_MAX_BYTES or %KV_LINGER_TIMEOUT_MS. The caller closes
 * @socket (or its stream) as it would anyway.
 */
void
kv_linger_close (GSocket *socket)
{
  Linger *linger;
  GSocket *duplicate;
  int fd;

  g_return_if_fail (G_IS_SOCKET (socket));

  g_socket_shutdown (socket, FALSE, TRUE, NULL);
  fd = fcntl (g_socket_get_fd (socket), F_DUPFD_CLOEXEC, 0);
  if (fd < 0)
    return;     /* out of descriptors: the plain close will do */
  duplicate = g_socket_new_from_fd (fd, NULL);
  if (duplicate == NULL)
    {
      close (fd);
      return;
    }
  g_socket_set_blocking (duplicate, FALSE);

  linger = g_new0 (Linger, 1);
  linger->socket = duplicate;
  linger->readable = g_socket_create_source (duplicate, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (linger->readable, G_SOURCE_FUNC (on_readable), linger, NULL);
  g_source_attach (linger->readable, g_main_context_get_thread_default ());
  linger->timeout = g_timeout_source_new (KV_LINGER_TIMEOUT_MS);
  g_source_set_callback (linger->timeout, on_timeout, linger, NULL);
  g_source_attach (linger->timeout, g_main_context_get_thread_default ());
}
