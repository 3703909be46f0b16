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
 * know it yet (a cable pulled, a NAT that forgot us). Sooner while a call
 * depends on the link. */
static gint64
dead_after_us (KvSignallingClient *self)
{
  if (self->urgent)
    return KV_SIGNALLING_URGENT_SILENCE_US;
  return 3 * (gint64) self->heartbeat_seconds * G_USEC_PER_SEC;
}

static guint
heartbeat_interval_ms (KvSignallingClient *self)
{
  if (self->urgent)
    return KV_SIGNALLING_URGENT_PING_US / 1000;
  return self->heartbeat_seconds * 1000;
}

/*
 * Timers. A retry delay and the sign-in deadline are durations, not
 * moments: on the kiosk's real clock, whose wall time jumps (NTP steps at
 * boot, the server offset), a retry planned for 1 s could wait an hour
 * after a step back. So on a #KvRealClock they run on GLib's monotonic
 * time, and on any other clock (the tests' fake one) on the clock's
 * alarms, which the tests drive. The heartbeat always runs on monotonic
 * time.
 */

typedef struct
{
  KvClockFunc func;
  gpointer    data;
} TimerCall;

static gboolean
uses_clock_alarms (KvSignallingClient *self)
{
  return !KV_IS_REAL_CLOCK (self->clock);
}

static gint64
timer_now (KvSignallingClient *self)
{
  return uses_clock_alarms (self) ? kv_clock_get_now (self->clock) : g_get_monotonic_time ();
}

static gboolean
on_timer_source (gpointer data)
{
  TimerCall *call = data;

  call->func (call->data);
  return G_SOURCE_REMOVE;
}

/* Calls @func once, @delay_us from now; its id goes to *@timer. */
static void
timer_start (KvSignallingClient *self,
             guint              *timer,
             gint64              delay_us,
             KvClockFunc         func,
             const char         *name)
{
  TimerCall *call;

  g_assert (*timer == 0);
  if (uses_clock_alarms (self))
    {
      *timer = kv_clock_add_alarm (self->clock, kv_clock_get_now (self->clock) + delay_us, func,
                                   self, NULL);
      return;
    }
  call = g_new0 (TimerCall, 1);
  call->func = func;
  call->data = self;
  /* Round up: a retry never comes before its delay. */
  *timer = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) ((delay_us + 999) / 1000),
                               on_timer_source, call, g_free);
  g_source_set_name_by_id (*timer, name);
}

/* Removes the timer unless it already fired (its callback zeroes it). */
static void
timer_clear (KvSignallingClient *self,
             guint              *timer)
{
  if (*timer == 0)
    return;
  if (uses_clock_alarms (self))
    kv_clock_remove_alarm (self->clock, *timer);
  else
    g_source_remove (*timer);
  *timer = 0;
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
  timer_clear (self, &self->sign_in_timer);

  if (connection == NULL)
    return;

  g_signal_handlers_disconnect_by_data (connection, self);
  if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  /* We may be inside one of the connection's own signal handlers: let go of
   * it from the main loop, not under its feet. */
  g_idle_add (release_connection, connection);
}

static void
on_retry (gpointer user_data)
{
  KvSignallingClient *self = user_data;

  self->retry_timer = 0;
  kv_signalling_link_connect (self);
}

void
kv_signalling_link_cancel_retry (KvSignallingClient *self)
{
  timer_clear (self, &self->retry_timer);
}

static void
schedule_retry (KvSignallingClient *self,
                gint64              delay_us)
{
  kv_signalling_link_cancel_retry (self);
  if (!self->running)
    return;

  g_debug ("Reconnecting in %" G_GINT64_FORMAT " ms", delay_us / 1000);
  self->retry_due_us = timer_now (self) + delay_us;
  timer_start (self, &self->retry_timer, delay_us, on_retry, "[kinvisit] signalling retry");
}

static gint64
next_retry_delay (KvSignallingClient *self)
{
  gint64 cap = self->urgent ? MIN (self->retry_cap_us, KV_SIGNALLING_URGENT_RETRY_CAP_US)
                            : self->retry_cap_us;

  return kv_backoff_get_delay (self->retry_attempt, self->retry_base_us, cap,
                               g_rand_double (self->rand));
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
  delay = next_retry_delay (self);
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
start_heartbeat (KvSignallingClient *self)
{
  g_clear_handle_id (&self->heartbeat_id, g_source_remove);
  self->heartbeat_id = g_timeout_add (heartbeat_interval_ms (self), on_heartbeat, self);
  g_source_set_name_by_id (self->heartbeat_id, "[kinvisit] signalling heartbeat");
}

static void
handle_welcome (KvSignallingClient *self,
                KvMessage          *welcome)
{
  g_message ("Signed in to the server");
  timer_clear (self, &self->sign_in_timer);
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
  start_heartbeat (self);
}

static void
on_sign_in_overdue (gpointer user_data)
{
  KvSignallingClient *self = user_data;

  self->sign_in_timer = 0;
  g_message ("No welcome within %" G_GINT64_FORMAT " ms: trying again",
             (gint64) KV_SIGNALLING_URGENT_SIGN_IN_US / 1000);
  /* Abandons the connect if it is still under way (its callback then sees
   * the cancellation and does nothing). */
  g_cancellable_cancel (self->cancellable);
  lost_link (self);
}

static void
start_sign_in_deadline (KvSignallingClient *self)
{
  timer_clear (self, &self->sign_in_timer);
  timer_start (self, &self->sign_in_timer, KV_SIGNALLING_URGENT_SIGN_IN_US, on_sign_in_overdue,
               "[kinvisit] signalling sign-in deadline");
}

void
kv_signalling_link_connect (KvSignallingClient *self)
{
  g_autoptr(SoupMessage) message = NULL;

  if (!self->running)
    return;

  kv_signalling_link_drop (self);
  kv_signalling_link_cancel_retry (self);
  if (self->state != KV_SIGNALLER_STATE_REFUSED)
    kv_signalling_link_set_state (self, KV_SIGNALLER_STATE_CONNECTING);

  /* One cancellable per attempt: abandoning a sign-in that hangs must not
   * touch the next one. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->urgent)
    start_sign_in_deadline (self);

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


/* A call depends on the link from now on (or no longer): see
 * #KvSignaller:urgent. */
void
kv_signalling_link_set_urgent (KvSignallingClient *self,
                               gboolean            urgent)
{
  gint64 now;

  if (self->urgent == urgent)
    return;
  self->urgent = urgent;
  g_debug ("Link %s", urgent ? "urgent: a call depends on it" : "no longer urgent");
  if (!self->running)
    return;

  now = timer_now (self);
  switch (self->state)
    {
    case KV_SIGNALLER_STATE_DISCONNECTED:
      /* A retry planned with the polite backoff (up to 30 s) comes
       * forward into the urgent cap. */
      if (urgent && self->retry_timer != 0 &&
          self->retry_due_us > now + KV_SIGNALLING_URGENT_RETRY_CAP_US)
        schedule_retry (self, next_retry_delay (self));
      break;

    case KV_SIGNALLER_STATE_CONNECTING:
      if (urgent)
        start_sign_in_deadline (self);
      else
        timer_clear (self, &self->sign_in_timer);
      if (self->heartbeat_id != 0)
        start_heartbeat (self);
      break;

    case KV_SIGNALLER_STATE_SIGNED_IN:
      /* The new pace at once. The server's last word may be a whole
       * heartbeat old: the silence is counted from now, and a ping asks
       * for a word right away. */
      self->last_heard_us = g_get_monotonic_time ();
      send_ping (self);
      start_heartbeat (self);
      break;

    case KV_SIGNALLER_STATE_REFUSED:
    default:
      /* A refused token stays refused until an administrator acts:
       * urgency does not make the kiosk ask more often. */
      break;
    }
}
