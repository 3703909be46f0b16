/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-server"

#include "config.h"

#include "kv-server.h"
#include "kv-server-private.h"

#include "kv-admin-api.h"
#include "kv-connection-pool.h"
#include "kv-scheduler.h"
#include "kv-signalling-handler.h"

#include <libsoup/soup.h>

/**
 * KvServer:
 *
 * kinvisit-server's HTTP and WebSocket front: /ws for kiosks, /api/v1 for
 * staff (#KvAdminApi), /healthz and /metrics. It owns the scheduler and
 * hands every kiosk message to the #KvSignallingHandler, then delivers what
 * the handler says to send. The clock is a construct-only property so tests
 * run visits on a #KvFakeClock.
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

G_DEFINE_FINAL_TYPE (KvServer, kv_server, G_TYPE_OBJECT)

G_DEFINE_QUARK (kv-server-error-quark, kv_server_error)

/* Sends what the handler says to send, each on its connection's thread. */
void
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
  kv_server_dispatch (self, envelopes);
}

static void
on_websocket_error (KvConnectionPool        *pool,
                    SoupWebsocketConnection *connection,
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
on_websocket_closed (KvConnectionPool        *pool,
                     SoupWebsocketConnection *connection,
                     gpointer                 user_data)
{
  KvServer *self = user_data;
  KvPeer *peer = g_hash_table_lookup (self->connections, connection);
  g_autoptr(GPtrArray) envelopes = NULL;

  if (peer == NULL)
    return;
  envelopes = kv_signalling_handler_peer_closed (self->handler, peer);
  kv_server_dispatch (self, envelopes);
  g_hash_table_remove (self->connections, connection);
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
  g_autoptr(KvRefusalLog) refusal_log = NULL;

  G_OBJECT_CLASS (kv_server_parent_class)->constructed (object);

  self->scheduler = kv_scheduler_new (self->clock, kv_server_config_get_site_rules (self->config));
  self->metrics = kv_metrics_new ();
  refusal_log = kv_refusal_log_new (self->clock, self->store);
  self->handler = kv_signalling_handler_new (self->config, self->clock, self->store,
                                             self->scheduler, self->metrics, refusal_log);
  g_signal_connect (self->handler, "outbox-ready", G_CALLBACK (on_outbox_ready), self);
  self->pool = kv_connection_pool_new (get_n_io_threads (), KV_SERVER_MAX_FRAME_SIZE);
  g_signal_connect (self->pool, "opened", G_CALLBACK (on_websocket_opened), self);
  g_signal_connect (self->pool, "message", G_CALLBACK (on_websocket_message), self);
  g_signal_connect (self->pool, "error", G_CALLBACK (on_websocket_error), self);
  g_signal_connect (self->pool, "closed", G_CALLBACK (on_websocket_closed), self);
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
  g_return_if_fail (KV_IS_SERVER (self));

  kv_connection_pool_close_all (self->pool, SOUP_WEBSOCKET_CLOSE_GOING_AWAY);
}

static void
kv_server_dispose (GObject *object)
{
  KvServer *self = KV_SERVER (object);

  if (self->listener != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->listener, self);
      g_socket_service_stop (self->listener);
      g_socket_listener_close (G_SOCKET_LISTENER (self->listener));
    }
  if (self->soup_server != NULL)
    soup_server_disconnect (self->soup_server);
  /* First the threads, so that nothing arrives from them any more. */
  if (self->pool != NULL)
    {
      kv_connection_pool_shutdown (self->pool);
      g_signal_handlers_disconnect_by_data (self->pool, self);
    }
  g_hash_table_remove_all (self->connections);
  if (self->handler != NULL)
    g_signal_handlers_disconnect_by_data (self->handler, self);
  g_clear_object (&self->soup_server);
  g_clear_object (&self->listener);
  g_clear_object (&self->certificate);
  g_clear_object (&self->pool);
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
  g_ptr_array_unref (self->extension_types);

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
  /* permessage-deflate, as SoupServer offers by default. */
  self->extension_types = g_ptr_array_new_with_free_func ((GDestroyNotify) g_type_class_unref);
  g_ptr_array_add (self->extension_types, g_type_class_ref (SOUP_TYPE_WEBSOCKET_EXTENSION_DEFLATE));
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
