/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-attack-connections.h"

#include "kv-raw-socket.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>

/* A slowloris byte every half second: never idle long enough to look dead,
 * never done. */
#define SLOW_BYTE_INTERVAL_US (500 * 1000)
#define POLL_INTERVAL_MS 100

typedef enum {
  IDLE_PLAIN,         /* connects and says nothing */
  IDLE_SLOW_HEADER,   /* a request line, then a header a byte at a time */
  IDLE_NO_HELLO,      /* a WebSocket upgrade, then nothing */
} IdleKind;

typedef enum {
  CONNECTING,
  OPEN,
  ENDED,
} IdleState;

typedef struct
{
  int       fd;
  IdleKind  kind;
  IdleState state;
  gint64    started_us;
  gint64    ended_us;
  gint64    next_byte_us;
} Idler;

static const char slow_request[] = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n";
static const char upgrade_request[] =
  "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

static void
end (Idler *idler)
{
  idler->state = ENDED;
  idler->ended_us = g_get_monotonic_time ();
  kv_raw_close (idler->fd);
  idler->fd = -1;
}

/* Sends @text now; the socket was just connected, so it takes it. */
static void
say (Idler      *idler,
     const char *text)
{
  if (kv_raw_send_some (idler->fd, text, strlen (text), NULL) < 0)
    end (idler);
}

static void
on_connected (Idler *idler)
{
  int status = 0;
  socklen_t length = sizeof status;

  if (getsockopt (idler->fd, SOL_SOCKET, SO_ERROR, &status, &length) != 0 || status != 0)
    {
      end (idler);
      return;
    }
  idler->state = OPEN;
  if (idler->kind == IDLE_SLOW_HEADER)
    {
      say (idler, slow_request);
      say (idler, "X-Slow: ");
      idler->next_byte_us = g_get_monotonic_time () + SLOW_BYTE_INTERVAL_US;
    }
  else if (idler->kind == IDLE_NO_HELLO)
    say (idler, upgrade_request);
}

/**
 * kv_attack_idle_connections:
 * @n_addresses: the connections come from this many attacker addresses
 * @timeout_s: the server's request and sign-in timeout
 * @grace_s: how much later than @timeout_s a connection may end
 *
 * Opens all connections at once and watches them, for @timeout_s +
 * @grace_s + 1 s, until each has ended.
 */
void
kv_attack_idle_connections (KvHostileServer         *server,
                            guint                    n_connections,
                            guint                    n_addresses,
                            guint                    first_address,
                            guint                    timeout_s,
                            guint                    grace_s,
                            KvIdleConnectionsResult *out_result)
{
  g_autofree Idler *idlers = g_new0 (Idler, n_connections);
  g_autofree struct pollfd *pfds = g_new0 (struct pollfd, n_connections);
  g_autofree guint *polled = g_new0 (guint, n_connections);
  gint64 started = g_get_monotonic_time ();
  gint64 limit_us = (gint64) (timeout_s + grace_s) * G_USEC_PER_SEC;
  gint64 deadline = started + limit_us + G_USEC_PER_SEC;
  guint left = n_connections;

  memset (out_result, 0, sizeof *out_result);
  out_result->requested = n_connections;
  for (guint i = 0; i < n_connections; i++)
    {
      g_autofree char *address = kv_raw_attacker_address (first_address + i % MAX (1, n_addresses));
      Idler *idler = &idlers[i];

      idler->kind = i % 3;
      idler->started_us = g_get_monotonic_time ();
      idler->fd = kv_raw_connect_start (address, server->port, NULL);
      idler->state = CONNECTING;
      if (idler->fd < 0)
        {
          idler->state = ENDED;
          idler->ended_us = idler->started_us;
          left--;
        }
    }

  while (left > 0 && g_get_monotonic_time () < deadline)
    {
      guint n = 0;
      gint64 now;

      for (guint i = 0; i < n_connections; i++)
        if (idlers[i].state != ENDED)
          {
            pfds[n].fd = idlers[i].fd;
            pfds[n].events = idlers[i].state == CONNECTING ? POLLOUT : POLLIN;
            pfds[n].revents = 0;
            polled[n++] = i;
          }
      if (poll (pfds, n, POLL_INTERVAL_MS) < 0 && errno != EINTR)
        break;
      now = g_get_monotonic_time ();
      for (guint k = 0; k < n; k++)
        {
          Idler *idler = &idlers[polled[k]];

          if (idler->state == CONNECTING && pfds[k].revents != 0)
            {
              on_connected (idler);
              if (idler->state == OPEN)
                out_result->opened++;
            }
          else if (idler->state == OPEN && pfds[k].revents != 0 &&
                   kv_raw_poll_end (idler->fd) != KV_RAW_END_TIMEOUT)
            end (idler);
          if (idler->state == OPEN && idler->kind == IDLE_SLOW_HEADER && now >= idler->next_byte_us)
            {
              say (idler, "a");
              idler->next_byte_us = now + SLOW_BYTE_INTERVAL_US;
            }
          if (idler->state == ENDED)
            left--;
        }
    }

  for (guint i = 0; i < n_connections; i++)
    {
      Idler *idler = &idlers[i];

      if (idler->state != ENDED)
        {
          out_result->still_open++;
          kv_raw_close (idler->fd);
          continue;
        }
      out_result->worst_close_s = MAX (out_result->worst_close_s,
                                       (idler->ended_us - idler->started_us) / 1e6);
      if (idler->ended_us - idler->started_us <= limit_us)
        out_result->closed_in_time++;
      else
        out_result->closed_late++;
    }
  out_result->seconds = (g_get_monotonic_time () - started) / 1e6;
}
