/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-server"

#include "config.h"

#include "kv-server.h"

#include "kv-admin-api.h"
#include "kv-scheduler.h"
#include "kv-signalling-handler.h"

#include <libsoup/soup.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

/**
 * KvServer:
 *
 * kinvisit-server's HTTP and WebSocket front: /ws for kiosks, /api/v1 for
 * staff (#KvAdminApi), /healthz and /metrics. It owns the scheduler and
 * hands every kiosk message to the #KvSignallingHandler, then delivers what
 * the handler says to send. The clock is a construct-only property so tests
 * run visits on a #KvFakeClock.
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
  SoupServer          *soup_server;
  GHashTable          *connections;   /* SoupWebsocketConnection -> KvPeer (owned) */
  guint                port;
  gboolean             tls;
};

G_DEFINE_FINAL_TYPE (KvServer, kv_server, G_TYPE_OBJECT)

G_DEFINE_QUARK (kv-server-error-quark, kv_server_error)

static void
dispatch (KvServer  *self,
          GPtrArray *envelopes)
{
  for (guint i = 0; i < envelopes->len; i++)
    {
      KvEnvelope *envelope = g_ptr_array_index (envelopes, i);
      SoupWebsocketConnection *connection = envelope->peer->connection;

      if (connection == NULL ||
          soup_websocket_connection_get_state (connection) != SOUP_WEBSOCKET_STATE_OPEN)
        continue;
      if (envelope->message != NULL)
        {
          g_autofree char *text = kv_message_serialize (envelope->message, NULL);

          if (text != NULL)
            soup_websocket_connection_send_text (connection, text);
          else
            g_warning ("A %s message could not be serialized",
                       kv_message_type_to_string (envelope->message->type));
        }
      if (envelope->close)
        soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, NULL);
    }
}

static void
on_outbox_ready (KvSignallingHandler *handler,
                 gpointer             user_data)
{
  KvServer *self = user_data;
  g_autoptr(GPtrArray) envelopes = kv_signalling_handler_take_outbox (handler);

  dispatch (self, envelopes);
}

static void
on_websocket_message (SoupWebsocketConnection *connection,
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
  dispatch (self, envelopes);
}

static void
on_websocket_error (SoupWebsocketConnection *connection,
                    GError                  *error,
                    gpointer                 user_data)
{
  KvServer *self = user_data;

  /* A protocol error (a frame over KV_SERVER_MAX_FRAME_SIZE, a bad frame)
   * ends here and the socket closes: count it like any refused message.
   * I/O errors (a kiosk's network dying) are not the kiosk's fault. */
  if (error->domain == SOUP_WEBSOCKET_ERROR)
    kv_metrics_count_rejection (self->metrics, "bad-frame");
  g_debug ("WebSocket error: %s", error->message);
}

static void
on_websocket_closed (SoupWebsocketConnection *connection,
                     gpointer                 user_data)
{
  KvServer *self = user_data;
  KvPeer *peer = g_hash_table_lookup (self->connections, connection);
  g_autoptr(GPtrArray) envelopes = NULL;

  if (peer == NULL)
    return;
  envelopes = kv_signalling_handler_peer_closed (self->handler, peer);
  dispatch (self, envelopes);
  g_signal_handlers_disconnect_by_data (connection, self);
  g_hash_table_remove (self->connections, connection);
}

static void
on_websocket (SoupServer              *server,
              SoupServerMessage       *message,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  KvServer *self = user_data;
  KvPeer *peer = kv_peer_new (soup_server_message_get_remote_host (message));
  GSocket *socket = soup_server_message_get_socket (message);

  /* Signalling is small messages that must go now: without TCP_NODELAY,
   * Nagle and delayed ACKs hold an ICE candidate back for up to 40 ms. */
  if (socket != NULL && !g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL))
    g_debug ("Could not set TCP_NODELAY");

  peer->connection = g_object_ref (connection);
  g_hash_table_insert (self->connections, connection, peer);
  soup_websocket_connection_set_max_incoming_payload_size (connection, KV_SERVER_MAX_FRAME_SIZE);
  /* Pings find kiosks whose network died without a close: their session
   * then counts the lost time instead of waiting for TCP to give up. */
  soup_websocket_connection_set_keepalive_interval (connection, 15);
  g_signal_connect (connection, "message", G_CALLBACK (on_websocket_message), self);
  g_signal_connect (connection, "error", G_CALLBACK (on_websocket_error), self);
  g_signal_connect (connection, "closed", G_CALLBACK (on_websocket_closed), self);
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
  dispatch (self, envelopes);
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

static void
kv_server_constructed (GObject *object)
{
  KvServer *self = KV_SERVER (object);

  G_OBJECT_CLASS (kv_server_parent_class)->constructed (object);

  self->scheduler = kv_scheduler_new (self->clock, kv_server_config_get_site_rules (self->config));
  self->metrics = kv_metrics_new ();
  self->handler = kv_signalling_handler_new (self->config, self->clock, self->store,
                                             self->scheduler, self->metrics);
  g_signal_connect (self->handler, "outbox-ready", G_CALLBACK (on_outbox_ready), self);
  self->admin_api = kv_admin_api_new (self->config, self->clock, self->store, self->handler);
}

/**
 * kv_server_disconnect_all:
 *
 * Closes every kiosk connection (going away), e.g. before shutting down.
 */
void
kv_server_disconnect_all (KvServer *self)
{
  g_autoptr(GList) connections = NULL;

  g_return_if_fail (KV_IS_SERVER (self));

  connections = g_hash_table_get_keys (self->connections);
  for (GList *l = connections; l != NULL; l = l->next)
    if (soup_websocket_connection_get_state (l->data) == SOUP_WEBSOCKET_STATE_OPEN)
      soup_websocket_connection_close (l->data, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
}

static void
kv_server_dispose (GObject *object)
{
  KvServer *self = KV_SERVER (object);
  GHashTableIter iter;
  gpointer connection;

  if (self->soup_server != NULL)
    soup_server_disconnect (self->soup_server);
  if (self->connections != NULL)
    {
      g_hash_table_iter_init (&iter, self->connections);
      while (g_hash_table_iter_next (&iter, &connection, NULL))
        g_signal_handlers_disconnect_by_data (connection, self);
      g_hash_table_remove_all (self->connections);
    }
  if (self->handler != NULL)
    g_signal_handlers_disconnect_by_data (self->handler, self);
  g_clear_object (&self->soup_server);
  g_clear_object (&self->admin_api);
  g_clear_object (&self->handler);
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
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GSocket) listener = NULL;
  g_autoslist(GUri) uris = NULL;

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

  self->soup_server = soup_server_new ("server-header", "kinvisit-server",
                                       "tls-certificate", certificate,
                                       NULL);
  soup_server_add_websocket_handler (self->soup_server, "/ws", NULL, NULL, on_websocket, self, NULL);
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
      if (!g_socket_bind (listener, socket_address, TRUE, error) ||
          !g_socket_listen (listener, error) ||
          !soup_server_listen_socket (self->soup_server, listener,
                                      self->tls ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
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
  uris = soup_server_get_uris (self->soup_server);
  self->port = uris != NULL ? g_uri_get_port (uris->data) : 0;
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

KvMetrics *
kv_server_get_metrics (KvServer *self)
{
  g_return_val_if_fail (KV_IS_SERVER (self), NULL);

  return self->metrics;
}
