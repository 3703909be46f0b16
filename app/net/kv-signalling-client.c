/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-net"

#include "config.h"

#include "kv-signalling-client.h"

#include "kv-signalling-client-private.h"

#include "kv-seams-enums.h"

/**
 * KvSignallingClient:
 *
 * The kiosk's real #KvSignaller: one libsoup WebSocket to the server (wss
 * in production, with the configured CA pinned: the session's TLS database
 * holds that CA only, so no other certificate is accepted).
 *
 * It signs in with the device token, pings every heartbeat and declares
 * the link dead after three heartbeats without a word from the server,
 * reconnects with full-jitter exponential backoff (reset after each
 * successful sign-in), and on a refused token retries only every few
 * minutes. While #KvSignaller:urgent (a call needs the link) it pings
 * every half second, gives up on a silent link or a hanging sign-in
 * within a second or so, and caps the backoff at half a second, so the
 * link is back within %KV_SIGNALLING_URGENT_LINK_BACK_US of the server
 * being reachable. From ping/pong it keeps the offset between this machine's clock
 * and the server's (NTP-style, from the sample with the smallest round
 * trip among the last few) and applies it to the #KvRealClock it was
 * given, so every countdown on the kiosk runs on server time.
 *
 * Incoming frames go through the protocol codec; anything it refuses is
 * logged (redacted) and dropped.
 */

GParamSpec *kv_signalling_client_properties[KV_SIGNALLING_CLIENT_N_PROPS];
#define properties kv_signalling_client_properties

static void kv_signalling_client_iface_init (KvSignallerInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KvSignallingClient, kv_signalling_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (KV_TYPE_SIGNALLER,
                                                      kv_signalling_client_iface_init))

static void
kv_signalling_client_start (KvSignaller *signaller)
{
  KvSignallingClient *self = KV_SIGNALLING_CLIENT (signaller);

  if (self->running)
    return;

  self->running = TRUE;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  kv_signalling_link_connect (self);
}

static void
kv_signalling_client_stop (KvSignaller *signaller)
{
  KvSignallingClient *self = KV_SIGNALLING_CLIENT (signaller);

  self->running = FALSE;
  g_cancellable_cancel (self->cancellable);
  kv_signalling_link_cancel_retry (self);
  kv_signalling_link_drop (self);
  kv_signalling_link_set_state (self, KV_SIGNALLER_STATE_DISCONNECTED);
}

static gboolean
kv_signalling_client_send (KvSignaller      *signaller,
                           const KvMessage  *message,
                           GError          **error)
{
  KvSignallingClient *self = KV_SIGNALLING_CLIENT (signaller);

  if (self->state != KV_SIGNALLER_STATE_SIGNED_IN)
    {
      g_set_error_literal (error, KV_NET_ERROR, KV_NET_ERROR_NOT_SIGNED_IN,
                           "Not signed in to the server");
      return FALSE;
    }

  if (!kv_message_type_is_from_kiosk (message->type) || message->type == KV_MESSAGE_HELLO)
    {
      g_set_error (error, KV_NET_ERROR, KV_NET_ERROR_INVALID_MESSAGE,
                   "A kiosk does not send %s messages", kv_message_type_to_string (message->type));
      return FALSE;
    }

  return kv_signalling_link_send (self, message, error);
}

static void
kv_signalling_client_iface_init (KvSignallerInterface *iface)
{
  iface->start = kv_signalling_client_start;
  iface->stop = kv_signalling_client_stop;
  iface->send = kv_signalling_client_send;
}

static void
kv_signalling_client_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  KvSignallingClient *self = KV_SIGNALLING_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_SERVER_URL: g_value_set_string (value, self->server_url); break;
    case PROP_TLS_DATABASE: g_value_set_object (value, self->tls_database); break;
    case PROP_HEARTBEAT_SECONDS: g_value_set_uint (value, self->heartbeat_seconds); break;
    case PROP_CLOCK: g_value_set_object (value, self->clock); break;
    case PROP_CLOCK_OFFSET: g_value_set_int64 (value, self->clock_offset_us); break;
    case PROP_ROUND_TRIP: g_value_set_int64 (value, self->round_trip_us); break;
    case PROP_URGENT: g_value_set_boolean (value, self->urgent); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_signalling_client_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  KvSignallingClient *self = KV_SIGNALLING_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL: self->server_url = g_value_dup_string (value); break;
    case PROP_TLS_DATABASE: self->tls_database = g_value_dup_object (value); break;
    case PROP_DEVICE_TOKEN: self->device_token = g_value_dup_string (value); break;
    case PROP_HEARTBEAT_SECONDS: self->heartbeat_seconds = g_value_get_uint (value); break;
    case PROP_CLOCK: self->clock = g_value_dup_object (value); break;
    case PROP_URGENT:
      if (self->urgent != g_value_get_boolean (value))
        {
          kv_signalling_link_set_urgent (self, g_value_get_boolean (value));
          g_object_notify_by_pspec (object, properties[PROP_URGENT]);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_signalling_client_constructed (GObject *object)
{
  KvSignallingClient *self = KV_SIGNALLING_CLIENT (object);

  G_OBJECT_CLASS (kv_signalling_client_parent_class)->constructed (object);

  g_assert (self->server_url != NULL);
  g_assert (self->device_token != NULL);
  g_assert (KV_IS_CLOCK (self->clock));

  /* The I/O timeout covers connecting to a server that does not answer;
   * the heartbeat covers a link that dies later. */
  self->session = soup_session_new_with_options ("timeout", self->heartbeat_seconds * 3,
                                                 "user-agent",
                                                 PACKAGE_NAME "-kiosk/" PACKAGE_VERSION,
                                                 NULL);
  /* Pinning: when a CA is configured, it is the only one trusted. */
  if (self->tls_database != NULL)
    soup_session_set_tls_database (self->session, self->tls_database);
}

static void
kv_signalling_client_dispose (GObject *object)
{
  KvSignallingClient *self = KV_SIGNALLING_CLIENT (object);

  self->running = FALSE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->clock != NULL)
    kv_signalling_link_cancel_retry (self);
  kv_signalling_link_drop (self);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->tls_database);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (kv_signalling_client_parent_class)->dispose (object);
}

static void
kv_signalling_client_finalize (GObject *object)
{
  KvSignallingClient *self = KV_SIGNALLING_CLIENT (object);

  g_free (self->server_url);
  /* Overwrite the token before freeing: secrets don't linger in the heap. */
  if (self->device_token != NULL)
    memset (self->device_token, 0, strlen (self->device_token));
  g_free (self->device_token);
  g_rand_free (self->rand);

  G_OBJECT_CLASS (kv_signalling_client_parent_class)->finalize (object);
}

static void
kv_signalling_client_class_init (KvSignallingClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  const GParamFlags read_only = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = kv_signalling_client_get_property;
  object_class->set_property = kv_signalling_client_set_property;
  object_class->constructed = kv_signalling_client_constructed;
  object_class->dispose = kv_signalling_client_dispose;
  object_class->finalize = kv_signalling_client_finalize;

  g_object_class_override_property (object_class, PROP_STATE, "state");
  properties[PROP_STATE] = g_object_class_find_property (object_class, "state");
  g_object_class_override_property (object_class, PROP_URGENT, "urgent");
  properties[PROP_URGENT] = g_object_class_find_property (object_class, "urgent");

  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL, G_PARAM_READWRITE | construct);
  properties[PROP_TLS_DATABASE] =
    g_param_spec_object ("tls-database", NULL, NULL, G_TYPE_TLS_DATABASE,
                         G_PARAM_READWRITE | construct);
  /* Write-only: the token is a secret. */
  properties[PROP_DEVICE_TOKEN] =
    g_param_spec_string ("device-token", NULL, NULL, NULL, G_PARAM_WRITABLE | construct);
  properties[PROP_HEARTBEAT_SECONDS] =
    g_param_spec_uint ("heartbeat-seconds", NULL, NULL, 1, 3600, 10,
                       G_PARAM_READWRITE | construct);
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, KV_TYPE_CLOCK, G_PARAM_READWRITE | construct);
  /**
   * KvSignallingClient:clock-offset:
   *
   * Server time minus this machine's wall clock, in µs.
   */
  properties[PROP_CLOCK_OFFSET] =
    g_param_spec_int64 ("clock-offset", NULL, NULL, G_MININT64, G_MAXINT64, 0, read_only);
  /**
   * KvSignallingClient:round-trip:
   *
   * Round trip of the sample the offset comes from, in µs.
   */
  properties[PROP_ROUND_TRIP] =
    g_param_spec_int64 ("round-trip", NULL, NULL, 0, G_MAXINT64, 0, read_only);

  for (guint i = PROP_SERVER_URL; i < PROP_URGENT; i++)
    g_object_class_install_property (object_class, i, properties[i]);
}

static void
kv_signalling_client_init (KvSignallingClient *self)
{
  self->heartbeat_seconds = 10;
  self->retry_base_us = KV_SIGNALLING_RETRY_BASE_US;
  self->retry_cap_us = KV_SIGNALLING_RETRY_CAP_US;
  self->refused_retry_us = KV_SIGNALLING_REFUSED_RETRY_US;
  self->rand = g_rand_new ();
  self->cancellable = g_cancellable_new ();
  kv_clock_offset_init (&self->offset);
}

KvSignallingClient *
kv_signalling_client_new (const char   *server_url,
                          GTlsDatabase *tls_database,
                          const char   *device_token,
                          guint         heartbeat_seconds,
                          KvClock      *clock)
{
  g_return_val_if_fail (server_url != NULL, NULL);
  g_return_val_if_fail (tls_database == NULL || G_IS_TLS_DATABASE (tls_database), NULL);
  g_return_val_if_fail (device_token != NULL, NULL);
  g_return_val_if_fail (heartbeat_seconds >= 1, NULL);
  g_return_val_if_fail (KV_IS_CLOCK (clock), NULL);

  return g_object_new (KV_TYPE_SIGNALLING_CLIENT,
                       "server-url", server_url,
                       "tls-database", tls_database,
                       "device-token", device_token,
                       "heartbeat-seconds", heartbeat_seconds,
                       "clock", clock,
                       NULL);
}

KvSignallingClient *
kv_signalling_client_new_from_config (KvKioskConfig  *config,
                                      KvClock        *clock,
                                      GError        **error)
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *url;
  const char *ca_file;
  const char *token;

  g_return_val_if_fail (KV_IS_KIOSK_CONFIG (config), NULL);
  g_return_val_if_fail (KV_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  url = kv_kiosk_config_get_server_url (config);
  uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  if (uri == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "wss") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "ws") != 0))
    {
      g_set_error (error, KV_NET_ERROR, KV_NET_ERROR_BAD_URL,
                   "The server URL must be a ws:// or wss:// URL");
      return NULL;
    }

  ca_file = kv_kiosk_config_get_ca_file (config);
  if (ca_file != NULL && *ca_file != '\0')
    {
      g_autoptr(GError) local_error = NULL;

      database = g_tls_file_database_new (ca_file, &local_error);
      if (database == NULL)
        {
          g_set_error (error, KV_NET_ERROR, KV_NET_ERROR_TLS,
                       "Could not load the server's CA from %s: %s", ca_file, local_error->message);
          return NULL;
        }
    }

  token = kv_kiosk_config_get_device_token (config);
  if (token == NULL || *token == '\0')
    {
      g_set_error_literal (error, KV_NET_ERROR, KV_NET_ERROR_REFUSED,
                           "No device token in the kiosk's secrets");
      return NULL;
    }

  return kv_signalling_client_new (url, database, token,
                                   kv_kiosk_config_get_heartbeat_seconds (config), clock);
}

gint64
kv_signalling_client_get_clock_offset (KvSignallingClient *self)
{
  g_return_val_if_fail (KV_IS_SIGNALLING_CLIENT (self), 0);

  return self->clock_offset_us;
}

gint64
kv_signalling_client_get_round_trip (KvSignallingClient *self)
{
  g_return_val_if_fail (KV_IS_SIGNALLING_CLIENT (self), 0);

  return self->round_trip_us;
}

void
kv_signalling_client_set_retry_delays (KvSignallingClient *self,
                                       gint64              base_us,
                                       gint64              cap_us,
                                       gint64              refused_us)
{
  g_return_if_fail (KV_IS_SIGNALLING_CLIENT (self));
  g_return_if_fail (base_us >= 0 && cap_us >= base_us && refused_us >= 0);

  self->retry_base_us = base_us;
  self->retry_cap_us = cap_us;
  self->refused_retry_us = refused_us;
}
