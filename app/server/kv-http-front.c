/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-server"

#include "config.h"

#include "kv-http-front.h"

#include "kv-linger.h"
#include "kv-listener.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/resource.h>

/**
 * KvHttpFront:
 *
 * The server's front door: listening (TLS or plain), deciding which
 * connections it keeps (#KvConnectionGuard), refusing requests before they
 * cost anything, and the WebSocket upgrade. What the requests mean is for
 * the handlers added with kv_http_front_add_handler().
 *
 * Nothing a client without credentials sends is read past the request
 * headers unless it is small: a body over %KV_HTTP_FRONT_MAX_BODY, or one
 * of unknown length, gets 413 at once and the connection closes; a request
 * to anything but a public path must pass the authoriser (the admin token)
 * before its body is read, and a refused one's body is dropped as it
 * arrives. Each connection has %KvServerLimits.request_timeout_s to send its
 * request, a WebSocket %KvServerLimits.sign_in_timeout_s to sign in.
 *
 * Kiosk WebSockets leave through #KvHttpFront::websocket-upgraded; the
 * server hands them to its I/O threads. Requests are answered one per
 * connection: libsoup keeps no connection alive for a server that accepts
 * its own sockets, which also means no idle keep-alive connection exists
 * for a client to hold.
 */

enum {
  SIGNAL_WEBSOCKET_UPGRADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _KvHttpFront
{
  GObject              parent_instance;

  KvServerConfig      *config;
  KvClock             *clock;
  KvRefusalLog        *refusal_log;
  SoupServer          *soup_server;
  KvListener          *listener;
  KvConnectionGuard   *guard;
  GTlsCertificate     *certificate;   /* NULL: plain HTTP */
  GHashTable          *public_paths;  /* exact paths that need no credentials */
  GHashTable          *public_routes; /* "METHOD path": the same for one method */
  GPtrArray           *public_trees;  /* path prefixes whose GET and HEAD are public */
  KvHttpAuthoriseFunc  authorise;
  gpointer             authorise_data;
  guint64              n_too_large;
};

G_DEFINE_FINAL_TYPE (KvHttpFront, kv_http_front, G_TYPE_OBJECT)

static GQuark guarded_quark;

/* The guard's record of the connection a request came on: attached to the
 * remote address we hand libsoup with each connection, which libsoup keeps
 * as it is. */
static KvGuardedConnection *
lookup_guarded (SoupServerMessage *message)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (message);

  return remote != NULL ? g_object_get_qdata (G_OBJECT (remote), guarded_quark) : NULL;
}

/**
 * kv_http_front_lookup_upgraded:
 * @stream: a stream #KvHttpFront::websocket-upgraded gave
 *
 * Returns: (transfer none) (nullable): the guard's record of its connection
 */
KvGuardedConnection *
kv_http_front_lookup_upgraded (GIOStream *stream)
{
  return g_object_get_qdata (G_OBJECT (stream), guarded_quark);
}

/* Finds kiosks whose network died without a close, so that their session
 * counts the lost time instead of waiting ~15 minutes for TCP to give up.
 * The kernel does it: keepalive probes an idle connection (dead after
 * KEEPIDLE + KEEPCNT * KEEPINTVL s), TCP_USER_TIMEOUT bounds data that
 * stays unacknowledged. Not libsoup's WebSocket keepalive: that is one more
 * GLib source per connection for a main loop that walks all of its sources
 * on every iteration, and in libsoup 3.2 its pings never time out anyway
 * (no pong timeout before 3.6), so a dead kiosk was still only found by
 * TCP's retransmission limit. */
#define KEEPALIVE_IDLE_S 15
#define KEEPALIVE_INTERVAL_S 5
#define KEEPALIVE_COUNT 3

static void
set_socket_options (GSocket *socket)
{
  /* Signalling is small messages that must go now: without TCP_NODELAY,
   * Nagle and delayed ACKs hold an ICE candidate back for up to 40 ms. */
  if (!g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL) ||
      !g_socket_set_option (socket, IPPROTO_TCP, TCP_KEEPIDLE, KEEPALIVE_IDLE_S, NULL) ||
      !g_socket_set_option (socket, IPPROTO_TCP, TCP_KEEPINTVL, KEEPALIVE_INTERVAL_S, NULL) ||
      !g_socket_set_option (socket, IPPROTO_TCP, TCP_KEEPCNT, KEEPALIVE_COUNT, NULL) ||
      !g_socket_set_option (socket, IPPROTO_TCP, TCP_USER_TIMEOUT,
                            1000 * (KEEPALIVE_IDLE_S + KEEPALIVE_COUNT * KEEPALIVE_INTERVAL_S),
                            NULL))
    g_debug ("Could not set the TCP options");
  g_socket_set_keepalive (socket, TRUE);
}

static char *
address_to_string (GSocketAddress *address)
{
  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return g_strdup ("unknown");
  return g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
}

/* Our own accept, then libsoup's HTTP. Not soup_server_listen_socket():
 * libsoup 3.2's accept path leaks the accepted GSocket (344 bytes with its
 * address) of every connection that closes, which a server whose kiosks
 * reconnect for months cannot afford. */
static void
on_accepted (KvListener *listener,
             GSocket    *socket,
             gpointer    user_data)
{
  KvHttpFront *self = user_data;
  const KvServerLimits *limits = kv_server_config_get_limits (self->config);
  g_autoptr(GSocketConnection) connection = g_socket_connection_factory_create_connection (socket);
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (socket, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_get_remote_address (socket, NULL);
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  KvGuardedConnection *guarded;

  if (local == NULL || remote == NULL)
    return;     /* gone already */
  address = address_to_string (remote);
  guarded = kv_connection_guard_admit (self->guard, connection, address);
  if (guarded == NULL)
    {
      g_debug ("Refused a connection from %s: the server is full", address);
      return;   /* the last reference closes it */
    }
  kv_connection_guard_set_deadline (self->guard, guarded,
                                    kv_clock_get_now (self->clock) +
                                    limits->request_timeout_s * G_USEC_PER_SEC);
  g_object_set_qdata_full (G_OBJECT (remote), guarded_quark, kv_guarded_connection_ref (guarded),
                           (GDestroyNotify) kv_guarded_connection_unref);
  set_socket_options (socket);

  if (self->certificate != NULL)
    {
      /* The handshake happens with the first read, within the deadline. */
      stream = G_IO_STREAM (g_tls_server_connection_new (G_IO_STREAM (connection),
                                                         self->certificate, &error));
      if (stream == NULL)
        {
          g_warning ("TLS connection refused: %s", error->message);
          return;
        }
    }
  else
    stream = g_object_ref (G_IO_STREAM (connection));
  soup_server_accept_iostream (self->soup_server, stream, local, remote, NULL);
}

/* Answers @message ourselves and hangs up, without reading its body: a
 * client that announced 1 GB would otherwise have us read all of it. */
static void
refuse_and_close (SoupServerMessage *message,
                  guint              status,
                  const char        *code,
                  const char        *text)
{
  KvGuardedConnection *guarded = lookup_guarded (message);
  g_autoptr(GIOStream) stream = NULL;
  g_autofree char *body = NULL;
  g_autofree char *response = NULL;

  body = g_strdup_printf ("{\"error\":{\"code\":\"%s\",\"message\":\"%s\"}}", code, text);
  response = g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                              "Content-Type: application/json\r\n"
                              "Content-Length: %zu\r\n"
                              "Connection: close\r\n"
                              "\r\n"
                              "%s",
                              status, soup_status_get_phrase (status), strlen (body), body);
  stream = soup_server_message_steal_connection (message);
  if (stream == NULL)
    return;
  /* A few hundred bytes into an empty send buffer: this does not block. */
  g_output_stream_write_all (g_io_stream_get_output_stream (stream), response, strlen (response),
                             NULL, NULL, NULL);
  if (guarded != NULL)
    kv_linger_close (kv_guarded_connection_get_socket (guarded));
  g_io_stream_close (stream, NULL, NULL);
}

/* Static files anyone may read (the console's page before signing in):
 * GET and HEAD of @path or anything below it. Anything else there still
 * needs credentials, so nobody gets a body read without them. */
static gboolean
is_public_tree (KvHttpFront *self,
                const char  *method,
                const char  *path)
{
  if (!g_str_equal (method, "GET") && !g_str_equal (method, "HEAD"))
    return FALSE;
  for (guint i = 0; i < self->public_trees->len; i++)
    {
      const char *prefix = g_ptr_array_index (self->public_trees, i);
      gsize length = strlen (prefix);

      if (strncmp (path, prefix, length) == 0 && (path[length] == '\0' || path[length] == '/'))
        return TRUE;
    }
  return FALSE;
}

/* Headers are in, the body is not: refuse what costs too much, or what
 * needs credentials the request does not have. */
static void
on_got_headers (SoupServerMessage *message,
                gpointer           user_data)
{
  KvHttpFront *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  SoupEncoding encoding;
  const char *path;

  if (soup_server_message_get_status (message) != 0)
    return;     /* libsoup refused it already (bad request, ...) */

  encoding = soup_message_headers_get_encoding (headers);
  if (encoding == SOUP_ENCODING_CHUNKED ||
      (encoding == SOUP_ENCODING_CONTENT_LENGTH &&
       soup_message_headers_get_content_length (headers) > KV_HTTP_FRONT_MAX_BODY))
    {
      self->n_too_large++;
      kv_refusal_log_record (self->refusal_log, soup_server_message_get_remote_host (message),
                             KV_REFUSAL_REQUEST_TOO_LARGE);
      refuse_and_close (message, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-large",
                        "Request bodies are at most 64 KiB, with a Content-Length");
      return;
    }

  path = g_uri_get_path (soup_server_message_get_uri (message));
  if (g_hash_table_contains (self->public_paths, path))
    return;
  if (is_public_tree (self, soup_server_message_get_method (message), path))
    return;
  if (g_hash_table_size (self->public_routes) > 0)
    {
      g_autofree char *route = g_strconcat (soup_server_message_get_method (message), " ", path,
                                            NULL);

      if (g_hash_table_contains (self->public_routes, route))
        return;
    }
  if (self->authorise == NULL || !self->authorise (message, path, self->authorise_data))
    {
      if (soup_server_message_get_status (message) == 0)
        soup_server_message_set_status (message, SOUP_STATUS_UNAUTHORIZED, NULL);
      /* Read what is left of the (small) body, keep none of it. */
      soup_message_body_set_accumulate (soup_server_message_get_request_body (message), FALSE);
    }
}

static void
on_request_started (SoupServer        *server,
                    SoupServerMessage *message,
                    gpointer           user_data)
{
  g_signal_connect_object (message, "got-headers", G_CALLBACK (on_got_headers), user_data, 0);
}

/* The whole request is in: the deadline was for the client, the answer is
 * ours to give. */
static void
on_request_read (SoupServer        *server,
                 SoupServerMessage *message,
                 gpointer           user_data)
{
  KvHttpFront *self = user_data;
  KvGuardedConnection *guarded = lookup_guarded (message);

  if (guarded != NULL)
    kv_connection_guard_set_deadline (self->guard, guarded, 0);
}

/* The 101 response is out: the socket is a WebSocket now, with its own
 * deadline for signing in. */
static void
on_websocket_upgraded (SoupServerMessage *message,
                       gpointer           user_data)
{
  KvHttpFront *self = user_data;
  const KvServerLimits *limits = kv_server_config_get_limits (self->config);
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (message);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (message);
  KvGuardedConnection *guarded = lookup_guarded (message);
  g_autoptr(GIOStream) stream = NULL;

  if (soup_server_message_get_status (message) != SOUP_STATUS_SWITCHING_PROTOCOLS)
    return;
  stream = soup_server_message_steal_connection (message);
  if (guarded != NULL)
    {
      kv_connection_guard_set_deadline (self->guard, guarded,
                                        kv_clock_get_now (self->clock) +
                                        limits->sign_in_timeout_s * G_USEC_PER_SEC);
      g_object_set_qdata_full (G_OBJECT (stream), guarded_quark,
                               kv_guarded_connection_ref (guarded),
                               (GDestroyNotify) kv_guarded_connection_unref);
    }
  g_signal_emit (self, signals[SIGNAL_WEBSOCKET_UPGRADED], 0, stream,
                 soup_server_message_get_uri (message),
                 soup_message_headers_get_one (request_headers, "Origin"),
                 soup_message_headers_get_one (response_headers, "Sec-WebSocket-Protocol"),
                 soup_server_message_get_remote_host (message));
}

/* What soup_server_add_websocket_handler() does, except where the
 * connection ends up, and without permessage-deflate: kiosk messages are
 * small, and a compressed frame's size says nothing about what it inflates
 * to (eight sockets sending 1 MB of deflate took the server to 2 GB). A
 * compressed frame is now a protocol error (close 1002). */
static void
on_websocket_request (SoupServer        *server,
                      SoupServerMessage *message,
                      const char        *path,
                      GHashTable        *query,
                      gpointer           user_data)
{
  /* On failure the response is set (400, ...). */
  if (!soup_websocket_server_process_handshake (message, NULL, NULL, NULL, NULL))
    return;
  g_signal_connect_object (message, "wrote-informational", G_CALLBACK (on_websocket_upgraded),
                           user_data, 0);
}

/* Open files this process may have: one per connection, and what the
 * server itself needs. */
static guint
get_max_connections (const KvServerLimits *limits)
{
  struct rlimit rlimit;
  guint max = limits->max_connections;

  if (getrlimit (RLIMIT_NOFILE, &rlimit) == 0 && rlimit.rlim_cur != RLIM_INFINITY)
    {
      rlim_t usable = rlimit.rlim_cur > 2 * KV_HTTP_FRONT_FD_RESERVE
                        ? rlimit.rlim_cur - KV_HTTP_FRONT_FD_RESERVE : rlimit.rlim_cur / 2;

      if (usable < max)
        {
          g_message ("Serving at most %u connections: the open-file limit is %lu",
                     (guint) usable, (unsigned long) rlimit.rlim_cur);
          max = usable;
        }
    }
  return max;
}

static void
kv_http_front_dispose (GObject *object)
{
  KvHttpFront *self = KV_HTTP_FRONT (object);

  kv_http_front_stop (self);
  g_clear_object (&self->listener);
  g_clear_object (&self->soup_server);
  g_clear_object (&self->guard);
  g_clear_object (&self->certificate);
  g_clear_object (&self->refusal_log);
  g_clear_object (&self->clock);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (kv_http_front_parent_class)->dispose (object);
}

static void
kv_http_front_finalize (GObject *object)
{
  KvHttpFront *self = KV_HTTP_FRONT (object);

  g_hash_table_unref (self->public_paths);
  g_hash_table_unref (self->public_routes);
  g_ptr_array_unref (self->public_trees);

  G_OBJECT_CLASS (kv_http_front_parent_class)->finalize (object);
}

static void
kv_http_front_class_init (KvHttpFrontClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kv_http_front_dispose;
  object_class->finalize = kv_http_front_finalize;

  guarded_quark = g_quark_from_static_string ("kv-guarded-connection");

  /**
   * KvHttpFront::websocket-upgraded:
   * @stream: the connection, stolen from libsoup: the handler must take a
   *   reference and make a #SoupWebsocketConnection of it
   * @uri: the request URI
   * @origin: (nullable): the Origin header
   * @protocol: (nullable): the agreed subprotocol
   * @address: the client's address
   *
   * A client switched to WebSocket on /ws. kv_http_front_lookup_upgraded()
   * finds the guard's record of @stream.
   */
  signals[SIGNAL_WEBSOCKET_UPGRADED] =
    g_signal_new ("websocket-upgraded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 5, G_TYPE_IO_STREAM, G_TYPE_URI,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
}

static void
kv_http_front_init (KvHttpFront *self)
{
  self->public_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->public_routes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->public_trees = g_ptr_array_new_with_free_func (g_free);
}

/**
 * kv_http_front_new:
 * @config: where to listen, TLS, [limits]
 * @clock: where deadlines are read from
 * @refusal_log: where refused requests are counted
 *
 * Returns: (transfer full): the front, not listening yet; /ws is public
 */
KvHttpFront *
kv_http_front_new (KvServerConfig *config,
                   KvClock        *clock,
                   KvRefusalLog   *refusal_log)
{
  KvHttpFront *self;

  g_return_val_if_fail (KV_IS_SERVER_CONFIG (config), NULL);
  g_return_val_if_fail (KV_IS_CLOCK (clock), NULL);

  self = g_object_new (KV_TYPE_HTTP_FRONT, NULL);
  self->config = g_object_ref (config);
  self->clock = g_object_ref (clock);
  self->refusal_log = g_object_ref (refusal_log);
  self->soup_server = soup_server_new ("server-header", "kinvisit-server", NULL);
  g_signal_connect_object (self->soup_server, "request-started", G_CALLBACK (on_request_started),
                           self, 0);
  g_signal_connect_object (self->soup_server, "request-read", G_CALLBACK (on_request_read),
                           self, 0);
  kv_http_front_add_handler (self, "/ws", TRUE, on_websocket_request, self);
  return self;
}

/**
 * kv_http_front_add_handler:
 * @path: a path prefix, as for soup_server_add_handler(); %NULL for the
 *   default handler
 * @is_public: whether requests to exactly @path need no credentials;
 *   every other path goes through the authoriser
 */
void
kv_http_front_add_handler (KvHttpFront        *self,
                           const char         *path,
                           gboolean            is_public,
                           SoupServerCallback  callback,
                           gpointer            user_data)
{
  g_return_if_fail (KV_IS_HTTP_FRONT (self));
  g_return_if_fail (!is_public || path != NULL);

  soup_server_add_handler (self->soup_server, path, callback, user_data, NULL);
  if (is_public)
    g_hash_table_add (self->public_paths, g_strdup (path));
}

/**
 * kv_http_front_add_public_route:
 * @method: "POST"
 * @path: an exact path below a handler's
 *
 * Lets requests of @method to exactly @path through without credentials
 * (signing in), within the same body limit as the rest. Other methods on
 * @path still need them.
 */
void
kv_http_front_add_public_route (KvHttpFront *self,
                                const char  *method,
                                const char  *path)
{
  g_return_if_fail (KV_IS_HTTP_FRONT (self));
  g_return_if_fail (method != NULL && path != NULL);

  g_hash_table_add (self->public_routes, g_strconcat (method, " ", path, NULL));
}

/**
 * kv_http_front_add_public_tree:
 * @prefix: a handler's path, "/console"
 *
 * Lets GET and HEAD of @prefix and of every path below it through without
 * credentials: static files. Other methods there still need them.
 */
void
kv_http_front_add_public_tree (KvHttpFront *self,
                               const char  *prefix)
{
  g_return_if_fail (KV_IS_HTTP_FRONT (self));
  g_return_if_fail (prefix != NULL && *prefix == '/');

  g_ptr_array_add (self->public_trees, g_strdup (prefix));
}

/**
 * kv_http_front_mark_authenticated:
 * @message: a request that proved its credentials
 *
 * Counts the request's connection as authenticated from now on, so that
 * a long answer (the console's event stream) is not evicted to make room
 * for connections without credentials.
 */
void
kv_http_front_mark_authenticated (KvHttpFront       *self,
                                  SoupServerMessage *message)
{
  KvGuardedConnection *guarded;

  g_return_if_fail (KV_IS_HTTP_FRONT (self));

  guarded = lookup_guarded (message);
  if (guarded != NULL && self->guard != NULL)
    kv_connection_guard_authenticated (self->guard, guarded);
}

void
kv_http_front_set_authoriser (KvHttpFront         *self,
                              KvHttpAuthoriseFunc  func,
                              gpointer             user_data)
{
  g_return_if_fail (KV_IS_HTTP_FRONT (self));

  self->authorise = func;
  self->authorise_data = user_data;
}

static gboolean
set_error_domain (GError **error,
                  gint     code)
{
  if (error != NULL && *error != NULL)
    {
      (*error)->domain = G_IO_ERROR;
      (*error)->code = code;
    }
  return FALSE;
}

/**
 * kv_http_front_listen:
 * @self: a #KvHttpFront
 * @error: return location for a #GError (%G_IO_ERROR)
 *
 * Loads the TLS certificate if one is configured, binds the configured
 * address and port (0: any free port) and starts accepting.
 *
 * Returns: %TRUE if listening
 */
gboolean
kv_http_front_listen (KvHttpFront  *self,
                      GError      **error)
{
  const char *address = kv_server_config_get_listen_address (self->config);
  guint port = kv_server_config_get_port (self->config);
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocket) socket = NULL;

  g_return_val_if_fail (KV_IS_HTTP_FRONT (self), FALSE);
  g_return_val_if_fail (self->listener == NULL, FALSE);

  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "listen-address %s is not an IP address", address);
      return FALSE;
    }
  if (kv_server_config_get_uses_tls (self->config))
    {
      self->certificate = g_tls_certificate_new_from_files (kv_server_config_get_tls_certificate (self->config),
                                                            kv_server_config_get_tls_key (self->config),
                                                            error);
      if (self->certificate == NULL)
        {
          g_prefix_error (error, "TLS certificate: ");
          return set_error_domain (error, G_IO_ERROR_INVALID_DATA);
        }
    }

  /* Our own socket, for the backlog: GLib's default of 10 drops SYNs when
   * a whole site's kiosks come back at once after a network outage, and
   * each dropped SYN costs that kiosk a second or more. */
  socket_address = g_inet_socket_address_new (inet, port);
  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket != NULL)
    {
      g_socket_set_listen_backlog (socket, KV_HTTP_FRONT_LISTEN_BACKLOG);
      if (!g_socket_bind (socket, socket_address, TRUE, error) || !g_socket_listen (socket, error))
        g_clear_object (&socket);
    }
  if (socket != NULL)
    self->listener = kv_listener_new (socket, error);
  if (self->listener == NULL)
    {
      g_prefix_error (error, "Cannot listen on %s port %u: ", address, port);
      return FALSE;
    }

  self->guard = kv_connection_guard_new (self->clock, kv_server_config_get_limits (self->config),
                                         get_max_connections (kv_server_config_get_limits (self->config)));
  g_signal_connect_object (self->listener, "accepted", G_CALLBACK (on_accepted), self, 0);
  g_debug ("Listening on %s port %u (%s)", address, kv_listener_get_port (self->listener),
           self->certificate != NULL ? "TLS" : "plain");
  return TRUE;
}

/**
 * kv_http_front_stop:
 *
 * Stops accepting and drops libsoup's HTTP connections.
 */
void
kv_http_front_stop (KvHttpFront *self)
{
  g_return_if_fail (KV_IS_HTTP_FRONT (self));

  if (self->listener != NULL)
    kv_listener_stop (self->listener);
  if (self->soup_server != NULL)
    soup_server_disconnect (self->soup_server);
}

guint
kv_http_front_get_port (KvHttpFront *self)
{
  g_return_val_if_fail (KV_IS_HTTP_FRONT (self), 0);

  return self->listener != NULL ? kv_listener_get_port (self->listener) : 0;
}

gboolean
kv_http_front_get_uses_tls (KvHttpFront *self)
{
  g_return_val_if_fail (KV_IS_HTTP_FRONT (self), FALSE);

  return self->certificate != NULL;
}

/**
 * kv_http_front_get_guard:
 *
 * Returns: (transfer none) (nullable): the connection guard, once listening
 */
KvConnectionGuard *
kv_http_front_get_guard (KvHttpFront *self)
{
  g_return_val_if_fail (KV_IS_HTTP_FRONT (self), NULL);

  return self->guard;
}

guint64
kv_http_front_get_n_fd_exhausted (KvHttpFront *self)
{
  g_return_val_if_fail (KV_IS_HTTP_FRONT (self), 0);

  return self->listener != NULL ? kv_listener_get_n_fd_exhausted (self->listener) : 0;
}

/**
 * kv_http_front_get_n_too_large:
 *
 * Returns: requests refused with 413 before their body was read
 */
guint64
kv_http_front_get_n_too_large (KvHttpFront *self)
{
  g_return_val_if_fail (KV_IS_HTTP_FRONT (self), 0);

  return self->n_too_large;
}
