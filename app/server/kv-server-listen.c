/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-server"

#include "config.h"

#include "kv-server.h"
#include "kv-server-private.h"

#include <libsoup/soup.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

/* KvServer, continued: listening (our own accept, with TLS), the WebSocket
 * upgrade that hands kiosk sockets to the connection pool, and the plain
 * HTTP endpoints. */

/* Finds kiosks whose network died without a close, so that their session
 * counts the lost time instead of waiting ~15 minutes for TCP to give up.
 * The kernel does it: keepalive probes an idle connection (dead after
 * KEEPIDLE + KEEPCNT * KEEPINTVL s), TCP_USER_TIMEOUT bounds data that
 * stays unacknowledged. Not libsoup's WebSocket keepalive: that is one more
 * GLib source per connection for a main loop that walks all of its sources
 * on every iteration, and in libsoup 3.2 its pings never time out anyway
 * (no pong timeout before 3.6), so a dead kiosk was still only found by
 * TCP's retransmission limit. */
static void
set_dead_peer_timeouts (GSocket *socket)
{
  if (!g_socket_set_option (socket, IPPROTO_TCP, TCP_KEEPIDLE, KV_SERVER_KEEPALIVE_IDLE_S, NULL) ||
      !g_socket_set_option (socket, IPPROTO_TCP, TCP_KEEPINTVL, KV_SERVER_KEEPALIVE_INTERVAL_S, NULL) ||
      !g_socket_set_option (socket, IPPROTO_TCP, TCP_KEEPCNT, KV_SERVER_KEEPALIVE_COUNT, NULL) ||
      !g_socket_set_option (socket, IPPROTO_TCP, TCP_USER_TIMEOUT,
                            1000 * (KV_SERVER_KEEPALIVE_IDLE_S +
                                    KV_SERVER_KEEPALIVE_COUNT * KV_SERVER_KEEPALIVE_INTERVAL_S),
                            NULL))
    g_debug ("Could not set the TCP keepalive options");
  g_socket_set_keepalive (socket, TRUE);
}

/* The 101 response is out: the socket is a WebSocket now. It goes to the
 * pool's I/O threads (libsoup's own WebSocket handler would keep it on
 * this thread's main loop). */
static void
on_websocket_upgraded (SoupServerMessage *message,
                       gpointer           user_data)
{
  KvServer *self = user_data;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (message);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (message);
  GList *extensions = g_object_steal_data (G_OBJECT (message), "kv-websocket-extensions");
  g_autoptr(GIOStream) stream = NULL;

  if (soup_server_message_get_status (message) != SOUP_STATUS_SWITCHING_PROTOCOLS)
    {
      g_list_free_full (extensions, g_object_unref);
      return;
    }
  stream = soup_server_message_steal_connection (message);
  kv_connection_pool_adopt (self->pool, stream, soup_server_message_get_uri (message),
                            soup_message_headers_get_one (request_headers, "Origin"),
                            soup_message_headers_get_one (response_headers, "Sec-WebSocket-Protocol"),
                            extensions, soup_server_message_get_remote_host (message));
}

/* Our own accept, then libsoup's HTTP. Not soup_server_listen_socket():
 * libsoup 3.2's accept path leaks the accepted GSocket (344 bytes with its
 * address) of every connection that closes, which a server whose kiosks
 * reconnect for months cannot afford. */
static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  KvServer *self = user_data;
  GSocket *socket = g_socket_connection_get_socket (connection);
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (connection, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  /* Signalling is small messages that must go now: without TCP_NODELAY,
   * Nagle and delayed ACKs hold an ICE candidate back for up to 40 ms. */
  if (!g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL))
    g_debug ("Could not set TCP_NODELAY");
  set_dead_peer_timeouts (socket);

  if (self->certificate != NULL)
    {
      /* The handshake happens with the first read. */
      stream = G_IO_STREAM (g_tls_server_connection_new (G_IO_STREAM (connection),
                                                         self->certificate, &error));
      if (stream == NULL)
        {
          g_warning ("TLS connection refused: %s", error->message);
          return TRUE;
        }
    }
  else
    stream = g_object_ref (G_IO_STREAM (connection));
  if (local == NULL || remote == NULL ||
      !soup_server_accept_iostream (self->soup_server, stream, local, remote, &error))
    g_debug ("Connection dropped: %s", error != NULL ? error->message : "no address");
  return TRUE;
}

static void
free_extensions (gpointer extensions)
{
  g_list_free_full (extensions, g_object_unref);
}

static void
on_websocket_request (SoupServer        *server,
                      SoupServerMessage *message,
                      const char        *path,
                      GHashTable        *query,
                      gpointer           user_data)
{
  KvServer *self = user_data;
  GList *extensions = NULL;

  /* What soup_server_add_websocket_handler() does, except where the
   * connection ends up. On failure the response is set (400, ...). */
  if (!soup_websocket_server_process_handshake (message, NULL, NULL, self->extension_types,
                                                &extensions))
    return;
  g_object_set_data_full (G_OBJECT (message), "kv-websocket-extensions", extensions,
                          free_extensions);
  g_signal_connect_object (message, "wrote-informational", G_CALLBACK (on_websocket_upgraded),
                           self, 0);
}

static void
respond_text (SoupServerMessage *message,
              guint              status,
              const char        *content_type,
              const char        *text)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, content_type, SOUP_MEMORY_COPY, text, strlen (text));
}

static void
on_health (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  respond_text (message, SOUP_STATUS_OK, "text/plain", "ok\n");
}

static void
on_metrics (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  KvServer *self = user_data;
  g_autofree char *text = NULL;

  kv_metrics_set (self->metrics, KV_METRIC_KIOSKS_SIGNED_IN,
                  kv_signalling_handler_get_n_signed_in (self->handler));
  kv_metrics_set (self->metrics, KV_METRIC_SESSIONS_LIVE,
                  kv_signalling_handler_get_n_live (self->handler));
  text = kv_metrics_render (self->metrics);
  respond_text (message, SOUP_STATUS_OK, "text/plain; version=0.0.4", text);
}

static void
on_admin (SoupServer        *server,
          SoupServerMessage *message,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  KvServer *self = user_data;
  g_autoptr(GPtrArray) envelopes = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_envelope_free);

  kv_admin_api_handle (self->admin_api, message, path, query, envelopes);
  kv_server_dispatch (self, envelopes);
}

static void
on_not_found (SoupServer        *server,
              SoupServerMessage *message,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  respond_text (message, SOUP_STATUS_NOT_FOUND, "application/json",
                "{\"error\":{\"code\":\"not-found\",\"message\":\"No such path\"}}");
}

/**
 * kv_server_listen:
 * @self: a #KvServer
 * @error: return location for a #GError
 *
 * Listens on the configured address and port (0: any free port, see
 * kv_server_get_port()), with TLS when a certificate is configured. Plain
 * HTTP is refused on anything but loopback unless the configuration
 * allows it explicitly.
 *
 * Returns: %TRUE if listening
 */
gboolean
kv_server_listen (KvServer  *self,
                  GError   **error)
{
  const char *address = kv_server_config_get_listen_address (self->config);
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GSocketAddress) bound = NULL;

  g_return_val_if_fail (KV_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup_server == NULL, FALSE);

  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_set_error (error, KV_SERVER_ERROR, KV_SERVER_ERROR_LISTEN,
                   "listen-address %s is not an IP address", address);
      return FALSE;
    }
  self->tls = kv_server_config_get_uses_tls (self->config);
  if (!self->tls && !g_inet_address_get_is_loopback (inet) &&
      !kv_server_config_get_allow_insecure (self->config))
    {
      g_set_error (error, KV_SERVER_ERROR, KV_SERVER_ERROR_INSECURE,
                   "Refusing plain HTTP on %s: configure tls-certificate and tls-key, or "
                   "listen on 127.0.0.1", address);
      return FALSE;
    }
  if (self->tls)
    {
      certificate = g_tls_certificate_new_from_files (kv_server_config_get_tls_certificate (self->config),
                                                      kv_server_config_get_tls_key (self->config),
                                                      error);
      if (certificate == NULL)
        {
          g_prefix_error (error, "TLS certificate: ");
          if (error != NULL && *error != NULL)
            {
              (*error)->domain = KV_SERVER_ERROR;
              (*error)->code = KV_SERVER_ERROR_TLS;
            }
          return FALSE;
        }
    }

  self->certificate = g_steal_pointer (&certificate);
  self->soup_server = soup_server_new ("server-header", "kinvisit-server", NULL);
  soup_server_add_handler (self->soup_server, "/ws", on_websocket_request, self, NULL);
  soup_server_add_handler (self->soup_server, "/healthz", on_health, self, NULL);
  soup_server_add_handler (self->soup_server, "/metrics", on_metrics, self, NULL);
  soup_server_add_handler (self->soup_server, "/api/v1/", on_admin, self, NULL);
  soup_server_add_handler (self->soup_server, NULL, on_not_found, self, NULL);

  /* Our own socket, for the backlog: GLib's default of 10 drops SYNs when
   * a whole site's kiosks come back at once after a network outage, and
   * each dropped SYN costs that kiosk a second or more. */
  socket_address = g_inet_socket_address_new (inet, kv_server_config_get_port (self->config));
  listener = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                           G_SOCKET_PROTOCOL_TCP, error);
  if (listener != NULL)
    {
      g_socket_set_listen_backlog (listener, KV_SERVER_LISTEN_BACKLOG);
      self->listener = g_socket_service_new ();
      if (!g_socket_bind (listener, socket_address, TRUE, error) ||
          !g_socket_listen (listener, error) ||
          !g_socket_listener_add_socket (G_SOCKET_LISTENER (self->listener), listener, NULL, error))
        g_clear_object (&listener);
    }
  if (listener == NULL)
    {
      g_prefix_error (error, "Cannot listen on %s port %u: ", address,
                      kv_server_config_get_port (self->config));
      if (error != NULL && *error != NULL)
        {
          (*error)->domain = KV_SERVER_ERROR;
          (*error)->code = KV_SERVER_ERROR_LISTEN;
        }
      return FALSE;
    }
  g_signal_connect (self->listener, "incoming", G_CALLBACK (on_incoming), self);
  g_socket_service_start (self->listener);
  bound = g_socket_get_local_address (listener, NULL);
  self->port = G_IS_INET_SOCKET_ADDRESS (bound)
                 ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)) : 0;
  g_debug ("Listening on %s port %u (%s)", address, self->port, self->tls ? "TLS" : "plain");
  return TRUE;
}

guint
kv_server_get_port (KvServer *self)
{
  g_return_val_if_fail (KV_IS_SERVER (self), 0);

  return self->port;
}

/**
 * kv_server_get_url:
 * @self: a #KvServer
 * @scheme: "http" or "ws"; the TLS form is used when TLS is on
 *
 * Returns: (transfer full): e.g. "wss://127.0.0.1:8443"
 */
char *
kv_server_get_url (KvServer   *self,
                   const char *scheme)
{
  g_return_val_if_fail (KV_IS_SERVER (self), NULL);

  return g_strdup_printf ("%s%s://%s:%u", scheme, self->tls ? "s" : "",
                          kv_server_config_get_listen_address (self->config), self->port);
}

