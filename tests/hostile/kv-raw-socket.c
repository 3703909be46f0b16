/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-raw-socket.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

const char *
kv_raw_end_to_string (KvRawEnd end)
{
  switch (end)
    {
    case KV_RAW_END_EOF:
      return "EOF";
    case KV_RAW_END_RESET:
      return "reset";
    case KV_RAW_END_TIMEOUT:
    default:
      return "still open";
    }
}

char *
kv_raw_attacker_address (guint index)
{
  /* 127.0.0.2 to 127.0.0.250, then round again: enough for any attack. */
  return g_strdup_printf ("127.0.0.%u", 2 + index % 249);
}

gint64
kv_raw_deadline_ms (guint milliseconds)
{
  return g_get_monotonic_time () + (gint64) milliseconds * 1000;
}

/* Idle-connection attacks hold more than 1024 sockets: take the hard limit. */
void
kv_raw_raise_fd_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
}

static gboolean
set_errno_error (GError     **error,
                 int          errsv,
                 const char  *what)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "%s: %s", what,
               g_strerror (errsv));
  return FALSE;
}

/* Waits for @events on @fd; FALSE at the deadline. */
static gboolean
wait_for (int    fd,
          short  events,
          gint64 deadline_us)
{
  while (TRUE)
    {
      struct pollfd pfd = { .fd = fd, .events = events };
      gint64 left_us = deadline_us - g_get_monotonic_time ();
      int ready;

      if (left_us < 0)
        left_us = 0;
      ready = poll (&pfd, 1, (int) ((left_us + 999) / 1000));
      if (ready > 0)
        return TRUE;
      if (ready == 0 || (ready < 0 && errno != EINTR))
        return FALSE;
    }
}

/**
 * kv_raw_connect_start:
 * @source_address: (nullable): the local IPv4 address to connect from
 *
 * Starts a non-blocking connect to 127.0.0.1:@port; the socket is
 * writable once connected.
 *
 * Returns: the socket, or -1
 */
int
kv_raw_connect_start (const char  *source_address,
                      guint16      port,
                      GError     **error)
{
  struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons (port) };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int one = 1;

  if (fd < 0)
    {
      set_errno_error (error, errno, "socket");
      return -1;
    }
  /* Hostile clients are small and quick: never wait for Nagle. */
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (source_address != NULL)
    {
      struct sockaddr_in from = { .sin_family = AF_INET };

      /* Choose the port at connect(): thousands of connections from one
       * address would otherwise run out of ports held in TIME_WAIT. */
      setsockopt (fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
      inet_pton (AF_INET, source_address, &from.sin_addr);
      if (bind (fd, (struct sockaddr *) &from, sizeof from) != 0)
        {
          set_errno_error (error, errno, "bind");
          close (fd);
          return -1;
        }
    }
  inet_pton (AF_INET, "127.0.0.1", &to.sin_addr);
  if (connect (fd, (struct sockaddr *) &to, sizeof to) != 0 && errno != EINPROGRESS)
    {
      set_errno_error (error, errno, "connect");
      close (fd);
      return -1;
    }
  return fd;
}

/* Returns: a connected non-blocking socket, or -1 */
int
kv_raw_connect (const char  *source_address,
                guint16      port,
                gint64       deadline_us,
                GError     **error)
{
  int fd = kv_raw_connect_start (source_address, port, error);
  int status = 0;
  socklen_t length = sizeof status;

  if (fd < 0)
    return -1;
  if (!wait_for (fd, POLLOUT, deadline_us))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "connect timed out");
      close (fd);
      return -1;
    }
  if (getsockopt (fd, SOL_SOCKET, SO_ERROR, &status, &length) != 0 || status != 0)
    {
      set_errno_error (error, status != 0 ? status : errno, "connect");
      close (fd);
      return -1;
    }
  return fd;
}

gboolean
kv_raw_send_all (int          fd,
                 const void  *data,
                 gsize        length,
                 gint64       deadline_us,
                 GError     **error)
{
  const char *p = data;

  while (length > 0)
    {
      gssize sent = send (fd, p, length, MSG_NOSIGNAL);

      if (sent > 0)
        {
          p += sent;
          length -= sent;
          continue;
        }
      if (sent < 0 && errno == EINTR)
        continue;
      if (sent < 0 && errno != EAGAIN)
        return set_errno_error (error, errno, "send");
      if (!wait_for (fd, POLLOUT, deadline_us))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "send timed out: the server stopped reading");
          return FALSE;
        }
    }
  return TRUE;
}

/* Sends what the socket takes now; 0 when it takes nothing, -1 on error. */
gssize
kv_raw_send_some (int          fd,
                  const void  *data,
                  gsize        length,
                  GError     **error)
{
  gssize sent = send (fd, data, length, MSG_NOSIGNAL | MSG_DONTWAIT);

  if (sent >= 0)
    return sent;
  if (errno == EAGAIN || errno == EINTR)
    return 0;
  set_errno_error (error, errno, "send");
  return -1;
}

/* Returns: bytes read, 0 at EOF, -1 on error (G_IO_ERROR_TIMED_OUT at the
 * deadline, G_IO_ERROR_CONNECTION_CLOSED on a reset) */
gssize
kv_raw_recv (int          fd,
             void        *buffer,
             gsize        size,
             gint64       deadline_us,
             GError     **error)
{
  while (TRUE)
    {
      gssize got = recv (fd, buffer, size, 0);

      if (got >= 0)
        return got;
      if (errno == EINTR)
        continue;
      if (errno != EAGAIN)
        {
          set_errno_error (error, errno, "recv");
          return -1;
        }
      if (!wait_for (fd, POLLIN, deadline_us))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "no reply in time");
          return -1;
        }
    }
}

gboolean
kv_raw_wait_readable (int    fd,
                      gint64 deadline_us)
{
  return wait_for (fd, POLLIN, deadline_us);
}

/* Reads and drops what is there now: has the connection ended? */
KvRawEnd
kv_raw_poll_end (int fd)
{
  char buffer[16384];

  while (TRUE)
    {
      gssize got = recv (fd, buffer, sizeof buffer, MSG_DONTWAIT);

      if (got > 0)
        continue;
      if (got == 0)
        return KV_RAW_END_EOF;
      if (errno == EINTR)
        continue;
      if (errno == EAGAIN)
        return KV_RAW_END_TIMEOUT;
      return KV_RAW_END_RESET;
    }
}

/* Drops whatever arrives until the connection ends or the deadline. */
KvRawEnd
kv_raw_wait_end (int    fd,
                 gint64 deadline_us)
{
  while (TRUE)
    {
      KvRawEnd end = kv_raw_poll_end (fd);

      if (end != KV_RAW_END_TIMEOUT)
        return end;
      if (!wait_for (fd, POLLIN, deadline_us))
        return KV_RAW_END_TIMEOUT;
    }
}

void
kv_raw_close (int fd)
{
  if (fd >= 0)
    close (fd);
}
