/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-server"

#include "config.h"

#include "kv-server.h"

#include "kv-admin-api.h"
#include "kv-connection-pool.h"
#include "kv-console-events.h"
#include "kv-console-files.h"
#include "kv-http-front.h"
#include "kv-refusal-log.h"
#include "kv-retention.h"
#include "kv-scheduler.h"
#include "kv-signalling-handler.h"

#include <libsoup/soup.h>
#include <string.h>

/**
 * KvServer:
 *
 * kinvisit-server put together: /ws for kiosks, /api/v1 for staff
 * (#KvAdminApi), /console for the staff console's files
 * (#KvConsoleFiles), /healthz and /metrics, behind a #KvHttpFront that listens
 * and decides which connections and requests are worth serving. It owns
 * the scheduler and hands every kiosk message to the #KvSignallingHandler,
 * then delivers what the handler says to send. The clock is a
 * construct-only property so tests run visits on a #KvFakeClock.
 *
 * The kiosk sockets live on the I/O threads of a #KvConnectionPool; the
 * handler, the store and the scheduler only ever run on this object's
 * (main) thread, which sees the kiosks' messages as pool signals.
 */

enum {
  PROP_0,
  PROP_CONFIG,
  PROP_CLOCK,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvServer
{
  GObject              parent_instance;

  KvServerConfig      *config;
  KvClock             *clock;
  KvStore             *store;

  KvScheduler         *scheduler;
  KvMetrics           *metrics;
  KvSignallingHandler *handler;
  KvAdminApi          *admin_api;
  KvConsoleFiles      *console_files; /* the staff console's page, scripts, styles */
  KvRefusalLog        *refusal_log;   /* what clients without credentials were refused */
  KvRetention         *retention;     /* the daily purge */
  KvHttpFront         *front;
  KvConnectionPool    *pool;
  GHashTable          *connections;   /* SoupWebsocketConnection -> KvPeer (owned) */
};

G_DEFINE_FINAL_TYPE (KvServer, kv_server, G_TYPE_OBJECT)

G_DEFINE_QUARK (kv-server-error-quark, kv_server_error)

/* Sends what the handler says to send, each on its connection's thread. */
static void
kv_server_dispatch (KvServer  *self,
                    GPtrArray *envelopes)
{
  for (guint i = 0; i < envelopes->len; i++)
    {
      KvEnvelope *envelope = g_ptr_array_index (envelopes, i);
      SoupWebsocketConnection *connection = envelope->peer->connection;
      char *text = NULL;

      if (connection == NULL)
        continue;
      if (envelope->message != NULL)
        {
          text = kv_message_serialize (envelope->message, NULL);
          if (text == NULL)
            g_warning ("A %s message could not be serialized",
                       kv_message_type_to_string (envelope->message->type));
        }
      /* The connection's I/O thread checks that it is still open. */
      if (text != NULL || envelope->close)
        kv_connection_pool_send (self->pool, connection, text, envelope->close,
                                 SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION);
    }
}

static void
on_outbox_ready (KvSignallingHandler *handler,
                 gpointer             user_data)
{
  KvServer *self = user_data;
  g_autoptr(GPtrArray) envelopes = kv_signalling_handler_take_outbox (handler);

  kv_server_dispatch (self, envelopes);
  /* The scheduler moved a session on (opened, live, goodbye, ended). */
  kv_admin_api_changed (self->admin_api);
}

/* Whether @envelopes can change what the console's board shows: anything
 * but relayed negotiation and pongs (a sign-in answers with welcome, a
 * presence or confirm with the session). */
static gboolean
changes_board (GPtrArray *envelopes)
{
  for (guint i = 0; i < envelopes->len; i++)
    {
      KvEnvelope *envelope = g_ptr_array_index (envelopes, i);

      if (envelope->message == NULL)
        return TRUE;
      switch (envelope->message->type)
        {
        case KV_MESSAGE_SDP:
        case KV_MESSAGE_ICE:
        case KV_MESSAGE_PONG:
          break;
        default:
          return TRUE;
        }
    }
  return FALSE;
}

static void
on_websocket_message (KvConnectionPool        *pool,
                      SoupWebsocketConnection *connection,
                      SoupWebsocketDataType    type,
                      GBytes                  *data,
                      gpointer                 user_data)
{
  KvServer *self = user_data;
  KvPeer *peer = g_hash_table_lookup (self->connections, connection);
  g_autoptr(GPtrArray) envelopes = NULL;

  if (peer == NULL)
    return;
  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    {
      g_autoptr(GError) error = g_error_new_literal (KV_PROTOCOL_ERROR,
                                                     KV_PROTOCOL_ERROR_MALFORMED,
                                                     "Messages are JSON text frames, not binary");

      envelopes = kv_signalling_handler_refuse (self->handler, peer, error, NULL);
    }
  else
    {
      gsize length;
      const char *text = g_bytes_get_data (data, &length);

      envelopes = kv_signalling_handler_handle (self->handler, peer, text, length);
    }
  /* Signed in: no longer limited as an unauthenticated connection. */
  if (peer->kiosk_id != NULL)
    {
      KvGuardedConnection *guarded =
        kv_http_front_lookup_upgraded (soup_websocket_connection_get_io_stream (connection));

      if (guarded != NULL)
        kv_connection_guard_authenticated (kv_http_front_get_guard (self->front), guarded);
    }
  kv_server_dispatch (self, envelopes);
  if (changes_board (envelopes))
    kv_admin_api_changed (self->admin_api);
}

static void
on_websocket_error (KvConnectionPool        *pool,
                    SoupWebsocketConnection *connection,
                    GError                  *error,
                    gpointer                 user_data)
{
  KvServer *self = user_data;
  KvPeer *peer = g_hash_table_lookup (self->connections, connection);

  /* A protocol error (a frame over KV_SERVER_MAX_FRAME_SIZE, a bad frame)
   * ends here and the socket closes: count it like any refused message,
   * and audit it by the minute when it came before a sign-in. I/O errors
   * (a kiosk's network dying) are not the kiosk's fault. */
  if (error->domain == SOUP_WEBSOCKET_ERROR)
    {
      kv_metrics_count_rejection (self->metrics, "bad-frame");
      if (peer != NULL && peer->kiosk_id == NULL)
        kv_refusal_log_record (self->refusal_log, peer->address, KV_REFUSAL_BAD_FRAME);
    }
  g_debug ("WebSocket error: %s", error->message);
}

static void
on_websocket_closed (KvConnectionPool        *pool,
                     SoupWebsocketConnection *connection,
                     gpointer                 user_data)
{
  KvServer *self = user_data;
  KvPeer *peer = g_hash_table_lookup (self->connections, connection);
  g_autoptr(GPtrArray) envelopes = NULL;
  gboolean peer_was_signed_in;

  if (peer == NULL)
    return;
  peer_was_signed_in = peer->kiosk_id != NULL;
  envelopes = kv_signalling_handler_peer_closed (self->handler, peer);
  kv_server_dispatch (self, envelopes);
  g_hash_table_remove (self->connections, connection);
  /* Signed out: offline on the board. */
  if (peer_was_signed_in)
    kv_admin_api_changed (self->admin_api);
}

static void
on_websocket_opened (KvConnectionPool        *pool,
                     SoupWebsocketConnection *connection,
                     const char              *address,
                     gpointer                 user_data)
{
  KvServer *self = user_data;
  KvPeer *peer = kv_peer_new (address);

  peer->connection = g_object_ref (connection);
  g_hash_table_insert (self->connections, connection, peer);
}

typedef struct
{
  GMainContext *context;
  GSocket      *socket;
} SocketCloser;

static void
socket_closer_free (SocketCloser *closer)
{
  g_main_context_unref (closer->context);
  g_object_unref (closer->socket);
  g_free (closer);
}

static gboolean
shut_down_socket (gpointer user_data)
{
  g_socket_shutdown (user_data, TRUE, TRUE, NULL);
  return G_SOURCE_REMOVE;
}

/* The guard's close for a kiosk WebSocket: on the connection's I/O thread,
 * which alone closes its descriptor, so the shutdown can never hit another
 * connection that got the same descriptor number. */
static void
close_websocket (gpointer user_data)
{
  SocketCloser *closer = user_data;

  g_main_context_invoke_full (closer->context, G_PRIORITY_DEFAULT, shut_down_socket,
                              g_object_ref (closer->socket), g_object_unref);
}

/* A client switched to WebSocket: it goes to the pool's I/O threads
 * (libsoup's own WebSocket handler would keep it on this thread). */
static void
on_websocket_upgraded (KvHttpFront *front,
                       GIOStream   *stream,
                       GUri        *uri,
                       const char  *origin,
                       const char  *protocol,
                       const char  *address,
                       gpointer     user_data)
{
  KvServer *self = user_data;
  KvGuardedConnection *guarded = kv_http_front_lookup_upgraded (stream);
  GSocket *socket = guarded != NULL ? kv_guarded_connection_get_socket (guarded) : NULL;
  GMainContext *context;

  context = kv_connection_pool_adopt (self->pool, stream, uri, origin, protocol, address, socket);
  if (guarded != NULL)
    {
      SocketCloser *closer = g_new0 (SocketCloser, 1);

      closer->context = g_main_context_ref (context);
      closer->socket = g_object_ref (socket);
      kv_guarded_connection_set_closer (guarded, close_websocket, closer,
                                        (GDestroyNotify) socket_closer_free);
    }
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
  KvConnectionGuard *guard = kv_http_front_get_guard (self->front);
  g_autofree char *text = NULL;

  kv_metrics_set (self->metrics, KV_METRIC_KIOSKS_SIGNED_IN,
                  kv_signalling_handler_get_n_signed_in (self->handler));
  kv_metrics_set (self->metrics, KV_METRIC_SESSIONS_LIVE,
                  kv_signalling_handler_get_n_live (self->handler));
  if (guard != NULL)
    {
      kv_metrics_set (self->metrics, KV_METRIC_CONNECTIONS_OPEN,
                      kv_connection_guard_get_n_connections (guard));
      kv_metrics_set (self->metrics, KV_METRIC_CONNECTIONS_UNAUTHENTICATED,
                      kv_connection_guard_get_n_unauthenticated (guard));
      kv_metrics_set (self->metrics, KV_METRIC_CONNECTIONS_REFUSED,
                      kv_connection_guard_get_n_refused (guard));
      kv_metrics_set (self->metrics, KV_METRIC_CONNECTIONS_EVICTED,
                      kv_connection_guard_get_n_evicted (guard));
      kv_metrics_set (self->metrics, KV_METRIC_CONNECTIONS_EXPIRED,
                      kv_connection_guard_get_n_expired (guard));
    }
  kv_metrics_set (self->metrics, KV_METRIC_REQUESTS_TOO_LARGE,
                  kv_http_front_get_n_too_large (self->front));
  kv_metrics_set (self->metrics, KV_METRIC_FD_EXHAUSTED,
                  kv_http_front_get_n_fd_exhausted (self->front));
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
  /* The console's event stream stays open for hours: it proved its
   * credentials, so it must not be evicted as an unauthenticated
   * connection would be. */
  if (kv_console_events_is_stream (message))
    kv_http_front_mark_authenticated (self->front, message);
}

static void
on_console (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  KvServer *self = user_data;

  kv_console_files_handle (self->console_files, message, path);
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

/* Everything but /ws, /healthz and signing in needs a token, checked
 * before the body is read: /metrics the metrics token (or the admin
 * token), the admin API the admin token or a staff session cookie, the
 * rest the admin token. Unknown paths too, so nothing is learnt without
 * one. */
static gboolean
authorise_request (SoupServerMessage *message,
                   const char        *path,
                   gpointer           user_data)
{
  KvServer *self = user_data;
  const char *extra_token = NULL;

  if (g_str_equal (path, "/metrics"))
    extra_token = kv_server_config_get_metrics_token (self->config);
  return kv_admin_api_authorise (self->admin_api, message, path, extra_token);
}

static void
kv_server_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  KvServer *self = KV_SERVER (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      self->config = g_value_dup_object (value);
      break;
    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_server_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  KvServer *self = KV_SERVER (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_value_set_object (value, self->config);
      break;
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static guint
get_n_io_threads (void)
{
  const char *env = g_getenv ("KINVISIT_SERVER_IO_THREADS");

  /* For measuring and for debugging; the default suits 2000 kiosks. */
  if (env != NULL && *env != '\0')
    return (guint) MIN (g_ascii_strtoull (env, NULL, 10), KV_CONNECTION_POOL_MAX_THREADS);
  return KV_CONNECTION_POOL_DEFAULT_THREADS;
}

static void
kv_server_constructed (GObject *object)
{
  KvServer *self = KV_SERVER (object);

  G_OBJECT_CLASS (kv_server_parent_class)->constructed (object);

  self->scheduler = kv_scheduler_new (self->clock, kv_server_config_get_site_rules (self->config));
  self->metrics = kv_metrics_new ();
  self->refusal_log = kv_refusal_log_new (self->clock, self->store);
  self->retention = kv_retention_new (self->config, self->clock, self->store);
  self->handler = kv_signalling_handler_new (self->config, self->clock, self->store,
                                             self->scheduler, self->metrics, self->refusal_log);
  g_signal_connect (self->handler, "outbox-ready", G_CALLBACK (on_outbox_ready), self);
  self->pool = kv_connection_pool_new (get_n_io_threads (), KV_SERVER_MAX_FRAME_SIZE);
  g_signal_connect (self->pool, "opened", G_CALLBACK (on_websocket_opened), self);
  g_signal_connect (self->pool, "message", G_CALLBACK (on_websocket_message), self);
  g_signal_connect (self->pool, "error", G_CALLBACK (on_websocket_error), self);
  g_signal_connect (self->pool, "closed", G_CALLBACK (on_websocket_closed), self);
  self->admin_api = kv_admin_api_new (self->config, self->clock, self->store, self->handler,
                                      self->refusal_log);

  self->front = kv_http_front_new (self->config, self->clock, self->refusal_log);
  g_signal_connect (self->front, "websocket-upgraded", G_CALLBACK (on_websocket_upgraded), self);
  kv_http_front_set_authoriser (self->front, authorise_request, self);
  kv_http_front_add_handler (self->front, "/healthz", TRUE, on_health, self);
  kv_http_front_add_handler (self->front, "/metrics", FALSE, on_metrics, self);
  kv_http_front_add_handler (self->front, "/api/v1/", FALSE, on_admin, self);
  /* Signing in to the staff console: the only admin request without
   * credentials (kv-staff-sign-in.c throttles it). */
  kv_http_front_add_public_route (self->front, "POST", "/api/v1/session");
  /* The console's files: the page must load before anyone signs in; it
   * holds nothing but code. */
  self->console_files = kv_console_files_new ();
  kv_http_front_add_handler (self->front, KV_CONSOLE_PATH, FALSE, on_console, self);
  kv_http_front_add_public_tree (self->front, KV_CONSOLE_PATH);
  kv_http_front_add_handler (self->front, NULL, FALSE, on_not_found, self);
}

/**
 * kv_server_disconnect_all:
 *
 * Closes every kiosk connection (going away), e.g. before shutting down.
 */
void
kv_server_disconnect_all (KvServer *self)
{
  g_return_if_fail (KV_IS_SERVER (self));

  kv_connection_pool_close_all (self->pool, SOUP_WEBSOCKET_CLOSE_GOING_AWAY);
}

static void
kv_server_dispose (GObject *object)
{
  KvServer *self = KV_SERVER (object);

  if (self->front != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->front, self);
      kv_http_front_stop (self->front);
    }
  /* First the threads, so that nothing arrives from them any more. */
  if (self->pool != NULL)
    {
      kv_connection_pool_shutdown (self->pool);
      g_signal_handlers_disconnect_by_data (self->pool, self);
    }
  g_hash_table_remove_all (self->connections);
  if (self->handler != NULL)
    g_signal_handlers_disconnect_by_data (self->handler, self);
  g_clear_object (&self->front);
  g_clear_object (&self->pool);
  g_clear_object (&self->admin_api);
  g_clear_object (&self->console_files);
  g_clear_object (&self->handler);
  g_clear_object (&self->refusal_log);
  g_clear_object (&self->retention);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->metrics);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (kv_server_parent_class)->dispose (object);
}

static void
kv_server_finalize (GObject *object)
{
  KvServer *self = KV_SERVER (object);

  g_hash_table_unref (self->connections);

  G_OBJECT_CLASS (kv_server_parent_class)->finalize (object);
}

static void
kv_server_class_init (KvServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = kv_server_set_property;
  object_class->get_property = kv_server_get_property;
  object_class->constructed = kv_server_constructed;
  object_class->dispose = kv_server_dispose;
  object_class->finalize = kv_server_finalize;

  /**
   * KvServer:config:
   *
   * The server configuration: address, TLS, rules, TURN, admin token.
   */
  properties[PROP_CONFIG] =
    g_param_spec_object ("config", NULL, NULL, KV_TYPE_SERVER_CONFIG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvServer:clock:
   *
   * Where time comes from: a #KvRealClock in production, a #KvFakeClock
   * in tests.
   */
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, KV_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvServer:store:
   *
   * The database.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KV_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_server_init (KvServer *self)
{
  self->connections = g_hash_table_new_full (NULL, NULL, g_object_unref,
                                             (GDestroyNotify) kv_peer_free);
}

/**
 * kv_server_new:
 * @config: the configuration
 * @clock: where time comes from
 * @store: the database
 * @error: return location for a #GError
 *
 * Makes the server and restores the stored bookings and sessions.
 *
 * Returns: (transfer full): the server, not listening yet, or %NULL
 */
KvServer *
kv_server_new (KvServerConfig  *config,
               KvClock         *clock,
               KvStore         *store,
               GError         **error)
{
  g_autoptr(KvServer) self = NULL;

  g_return_val_if_fail (KV_IS_SERVER_CONFIG (config), NULL);
  g_return_val_if_fail (KV_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (KV_IS_STORE (store), NULL);

  self = g_object_new (KV_TYPE_SERVER, "config", config, "clock", clock, "store", store, NULL);
  if (!kv_signalling_handler_load (self->handler, error))
    return NULL;
  return g_steal_pointer (&self);
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
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (KV_IS_SERVER (self), FALSE);

  inet = g_inet_address_new_from_string (address);
  if (inet != NULL && !kv_server_config_get_uses_tls (self->config) &&
      !g_inet_address_get_is_loopback (inet) && !kv_server_config_get_allow_insecure (self->config))
    {
      g_set_error (error, KV_SERVER_ERROR, KV_SERVER_ERROR_INSECURE,
                   "Refusing plain HTTP on %s: configure tls-certificate and tls-key, or "
                   "listen on 127.0.0.1", address);
      return FALSE;
    }
  if (!kv_http_front_listen (self->front, &local_error))
    {
      g_set_error_literal (error, KV_SERVER_ERROR,
                           g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA)
                             ? KV_SERVER_ERROR_TLS : KV_SERVER_ERROR_LISTEN,
                           local_error->message);
      return FALSE;
    }
  /* Serving: what [retention] no longer keeps goes once a day. */
  kv_retention_start_daily (self->retention);
  return TRUE;
}

guint
kv_server_get_port (KvServer *self)
{
  g_return_val_if_fail (KV_IS_SERVER (self), 0);

  return kv_http_front_get_port (self->front);
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

  return g_strdup_printf ("%s%s://%s:%u", scheme,
                          kv_http_front_get_uses_tls (self->front) ? "s" : "",
                          kv_server_config_get_listen_address (self->config),
                          kv_server_get_port (self));
}

/**
 * kv_server_get_n_connections:
 * @self: a #KvServer
 *
 * Returns: the kiosk WebSockets the main thread knows to be open (signed
 *   in or not); a socket that just closed on its I/O thread still counts
 *   until the main thread has handled that
 */
guint
kv_server_get_n_connections (KvServer *self)
{
  g_return_val_if_fail (KV_IS_SERVER (self), 0);

  return g_hash_table_size (self->connections);
}

KvMetrics *
kv_server_get_metrics (KvServer *self)
{
  g_return_val_if_fail (KV_IS_SERVER (self), NULL);

  return self->metrics;
}
