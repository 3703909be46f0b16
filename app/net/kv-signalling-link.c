/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-net"

#include "config.h"

#include "kv-signalling-client-private.h"

#include "kv-backoff.h"
#include "kv-real-clock.h"
#include "kv-redact.h"

/* The WebSocket link of #KvSignallingClient: connect, sign in with the
 * device token, heartbeat and dead-link detection, clock offset from
 * ping/pong, reconnection with backoff, and incoming frames through the
 * protocol codec (anything it refuses is logged, redacted, and dropped). */

void
kv_signalling_link_set_state (KvSignallingClient *self,
           KvSignallerState    state)
{
  if (self->state == state)
    return;

  g_debug ("Link state %d -> %d", self->state, state);
  self->state = state;
  g_object_notify (G_OBJECT (self), "state");
}

/* Three heartbeats without a word: the path is dead even if TCP does not
 * know it yet (a cable pulled, a NAT that forgot us). */
static gint64
dead_after_us (KvSignallingClient *self)
{
  return 3 * (gint64) self->heartbeat_seconds * G_USEC_PER_SEC;
}

static gboolean
release_connection (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

void
kv_signalling_link_drop (KvSignallingClient *self)
{
  SoupWebsocketConnection *connection = g_steal_pointer (&self->connection);

  g_clear_handle_id (&self->heartbeat_id, g_source_remove);

  if (connection == NULL)
    return;

  g_signal_handlers_disconnect_by_data (connection, self);
  if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  /* We may be inside one of the connection's own signal handlers: let go of
   * it from the main loop, not under its feet. */
  g_idle_add (release_connection, connection);
}

static gboolean
on_retry (gpointer user_data)
{
  KvSignallingClient *self = user_data;

  self->retry_id = 0;
  kv_signalling_link_connect (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_retry (KvSignallingClient *self,
                gint64              delay_us)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (!self->running)
    return;

  g_debug ("Reconnecting in %" G_GINT64_FORMAT " ms", delay_us / 1000);
  self->retry_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) (delay_us / 1000),
                                       on_retry, self, NULL);
  g_source_set_name_by_id (self->retry_id, "[kinvisit] signalling retry");
}

/* The link is gone (or never came): back off and try again. */
static void
lost_link (KvSignallingClient *self)
{
  gint64 delay;

  kv_signalling_link_drop (self);
  if (!self->running)
    return;

  kv_signalling_link_set_state (self, KV_SIGNALLER_STATE_DISCONNECTED);
  delay = kv_backoff_get_delay (self->retry_attempt, self->retry_base_us, self->retry_cap_us,
                                g_rand_double (self->rand));
  if (self->retry_attempt < 64)
    self->retry_attempt++;
  schedule_retry (self, delay);
}

static void
refused (KvSignallingClient *self,
         const char         *why)
{
  g_warning ("The server refused this kiosk's device token (%s); "
             "retrying in %" G_GINT64_FORMAT " s", why, self->refused_retry_us / G_USEC_PER_SEC);
  kv_signalling_link_drop (self);
  kv_signalling_link_set_state (self, KV_SIGNALLER_STATE_REFUSED);
  /* No storm: a refused token stays refused until an administrator acts,
   * so ask again only rarely. */
  schedule_retry (self, self->refused_retry_us);
}

gboolean
kv_signalling_link_send (KvSignallingClient  *self,
              const KvMessage     *message,
              GError             **error)
{
  g_autofree char *text = NULL;
  gsize length;

  if (self->connection == NULL ||
      soup_websocket_connection_get_state (self->connection) != SOUP_WEBSOCKET_STATE_OPEN)
    {
      g_set_error_literal (error, KV_NET_ERROR, KV_NET_ERROR_NOT_SIGNED_IN,
                           "Not connected to the server");
      return FALSE;
    }

  text = kv_message_serialize (message, &length);
  if (text == NULL || length > KV_PROTOCOL_MAX_MESSAGE_SIZE)
    {
      g_set_error (error, KV_NET_ERROR, KV_NET_ERROR_INVALID_MESSAGE,
                   "A %s message could not be serialized within the size limit",
                   kv_message_type_to_string (message->type));
      return FALSE;
    }

  soup_websocket_connection_send_text (self->connection, text);
  return TRUE;
}

static void
send_ping (KvSignallingClient *self)
{
  g_autoptr(KvMessage) ping = kv_message_new (KV_MESSAGE_PING);
  g_autoptr(GError) error = NULL;

  /* The wall clock without our offset: the pong echoes it back. */
  ping->ping.client_time_us = g_get_real_time ();
  if (!kv_signalling_link_send (self, ping, &error))
    g_debug ("Ping not sent: %s", error->message);
}

static void
add_offset_sample (KvSignallingClient *self,
                   gint64              sent_us,
                   gint64              received_us,
                   gint64              server_time_us)
{
  gint64 offset_us, round_trip_us;

  if (!kv_clock_offset_add_sample (&self->offset, sent_us, received_us, server_time_us) ||
      !kv_clock_offset_get_best (&self->offset, &offset_us, &round_trip_us))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->round_trip_us != round_trip_us)
    {
      self->round_trip_us = round_trip_us;
      g_object_notify_by_pspec (G_OBJECT (self), kv_signalling_client_properties[PROP_ROUND_TRIP]);
    }
  if (self->clock_offset_us != offset_us)
    {
      self->clock_offset_us = offset_us;
      g_object_notify_by_pspec (G_OBJECT (self),
                                kv_signalling_client_properties[PROP_CLOCK_OFFSET]);
    }
  g_object_thaw_notify (G_OBJECT (self));

  /* Every countdown on the kiosk runs on server time. */
  if (KV_IS_REAL_CLOCK (self->clock))
    kv_real_clock_set_offset (KV_REAL_CLOCK (self->clock), offset_us);
}

static gboolean
on_heartbeat (gpointer user_data)
{
  KvSignallingClient *self = user_data;

  if (g_get_monotonic_time () - self->last_heard_us > dead_after_us (self))
    {
      g_message ("No answer from the server for %u heartbeats: reconnecting", 3);
      self->heartbeat_id = 0;
      lost_link (self);
      return G_SOURCE_REMOVE;
    }

  if (self->state == KV_SIGNALLER_STATE_SIGNED_IN)
    send_ping (self);

  return G_SOURCE_CONTINUE;
}

static void
handle_welcome (KvSignallingClient *self,
                KvMessage          *welcome)
{
  g_message ("Signed in to the server");
  self->retry_attempt = 0;
  add_offset_sample (self, self->hello_sent_us, g_get_real_time (),
                     welcome->welcome.server_time_us);
  kv_signalling_link_set_state (self, KV_SIGNALLER_STATE_SIGNED_IN);
  /* A first ping right away: a precise offset before any countdown. */
  send_ping (self);
  kv_signaller_emit_signed_in (KV_SIGNALLER (self), welcome);
}

static void
on_message (SoupWebsocketConnection *connection,
            int                      type,
            GBytes                  *bytes,
            gpointer                 user_data)
{
  KvSignallingClient *self = user_data;
  g_autoptr(KvMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length;

  self->last_heard_us = g_get_monotonic_time ();

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    {
      g_message ("Dropped a binary frame from the server");
      return;
    }

  data = g_bytes_get_data (bytes, &length);
  message = kv_message_parse (data, length, &error);
  if (message == NULL)
    {
      g_message ("Dropped a bad message from the server: %s", error->message);
      if (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN) == FALSE)
        {
          g_autofree char *redacted = kv_redact_message (data, (gssize) length);

          g_debug ("Bad message (redacted): %s", redacted != NULL ? redacted : "(unreadable)");
        }
      return;
    }

  if (message->type == KV_MESSAGE_ERROR &&
      (message->error.code == KV_PROTOCOL_ERROR_BAD_TOKEN ||
       (message->error.code == KV_PROTOCOL_ERROR_RATE_LIMITED &&
        self->state != KV_SIGNALLER_STATE_SIGNED_IN)))
    {
      refused (self, kv_protocol_error_to_string (message->error.code));
      return;
    }

  if (self->state != KV_SIGNALLER_STATE_SIGNED_IN)
    {
      if (message->type == KV_MESSAGE_WELCOME)
        handle_welcome (self, message);
      else
        g_message ("Dropped a %s message that came before the welcome",
                   kv_message_type_to_string (message->type));
      return;
    }

  switch (message->type)
    {
    case KV_MESSAGE_PONG:
      add_offset_sample (self, message->pong.client_time_us, g_get_real_time (),
                         message->pong.server_time_us);
      break;

    case KV_MESSAGE_WELCOME:
      g_debug ("Dropped a second welcome");
      break;

    default:
      if (!kv_message_type_is_from_server (message->type))
        g_message ("Dropped a %s message: servers do not send those",
                   kv_message_type_to_string (message->type));
      else
        kv_signaller_emit_message_received (KV_SIGNALLER (self), message);
      break;
    }
}

static void
on_closed (SoupWebsocketConnection *connection,
           gpointer                 user_data)
{
  KvSignallingClient *self = user_data;

  g_message ("The server closed the link (code %u)",
             soup_websocket_connection_get_close_code (connection));
  if (self->state == KV_SIGNALLER_STATE_REFUSED)
    kv_signalling_link_drop (self);
  else
    lost_link (self);
}

static void
on_error (SoupWebsocketConnection *connection,
          GError                  *error,
          gpointer                 user_data)
{
  g_message ("Link error: %s", error->message);
}

static void
on_connect_ready (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  KvSignallingClient *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KvMessage) hello = NULL;
  SoupWebsocketConnection *connection;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (connection == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_message ("Could not reach the server: %s", error->message);
      lost_link (self);
      return;
    }

  self->connection = connection;
  /* The protocol's limit: larger frames are refused by libsoup itself. */
  soup_websocket_connection_set_max_incoming_payload_size (connection,
                                                           KV_PROTOCOL_MAX_MESSAGE_SIZE);
  g_signal_connect_object (connection, "message", G_CALLBACK (on_message), self, 0);
  g_signal_connect_object (connection, "closed", G_CALLBACK (on_closed), self, 0);
  g_signal_connect_object (connection, "error", G_CALLBACK (on_error), self, 0);

  hello = kv_message_new (KV_MESSAGE_HELLO);
  hello->hello.version = KV_PROTOCOL_VERSION_CURRENT;
  hello->hello.token = g_strdup (self->device_token);
  hello->hello.software = g_strdup (PACKAGE_NAME "-kiosk " PACKAGE_VERSION);
  self->hello_sent_us = g_get_real_time ();
  self->last_heard_us = g_get_monotonic_time ();
  if (!kv_signalling_link_send (self, hello, &error))
    {
      g_message ("Could not sign in: %s", error->message);
      lost_link (self);
      return;
    }

  /* The heartbeat also guards the wait for the welcome. */
  self->heartbeat_id = g_timeout_add_seconds (self->heartbeat_seconds, on_heartbeat, self);
  g_source_set_name_by_id (self->heartbeat_id, "[kinvisit] signalling heartbeat");
}

void
kv_signalling_link_connect (KvSignallingClient *self)
{
  g_autoptr(SoupMessage) message = NULL;

  if (!self->running)
    return;

  kv_signalling_link_drop (self);
  if (self->state != KV_SIGNALLER_STATE_REFUSED)
    kv_signalling_link_set_state (self, KV_SIGNALLER_STATE_CONNECTING);

  message = soup_message_new ("GET", self->server_url);
  if (message == NULL)
    {
      g_warning ("The server URL is not usable; not connecting");
      kv_signalling_link_set_state (self, KV_SIGNALLER_STATE_DISCONNECTED);
      return;
    }

  soup_session_websocket_connect_async (self->session, message, NULL, NULL,
                                        G_PRIORITY_DEFAULT, self->cancellable,
                                        on_connect_ready, self);
}

