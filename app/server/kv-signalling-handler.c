/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-signalling"

#include "config.h"

#include "kv-signalling-handler.h"
#include "kv-signalling-handler-private.h"

#include "kv-redact.h"

/**
 * KvSignallingHandler:
 *
 * The server's message logic, without sockets: (peer, bytes) in, a list of
 * (recipient, message) out, plus side effects on sessions, the store, the
 * audit log and the metrics. The model is gst-plugins-rs's webrtc
 * signalling handler.
 *
 * Every kiosk message is authorised on its own, not just the connection:
 * a kiosk may only touch sessions of its own bookings, and sdp/ice go only
 * to the other kiosk of that booking while the session is joinable..goodbye.
 * Everything refused gets an `error` reply, is counted and is audited: a
 * signed-in kiosk's refusals one by one (they name the kiosk, and are
 * capped per connection), those of connections without a valid token by
 * the minute in the #KvRefusalLog (anyone can send those, at any rate).
 *
 * What sessions say by themselves (join, start, cues, goodbye, end) comes
 * out of the same outbox; #KvSignallingHandler::outbox-ready tells the
 * server to take it when it was not the answer to a call.
 */

enum {
  PROP_0,
  PROP_CONFIG,
  PROP_CLOCK,
  PROP_STORE,
  PROP_SCHEDULER,
  PROP_METRICS,
  PROP_REFUSAL_LOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_OUTBOX_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KvSignallingHandler, kv_signalling_handler, G_TYPE_OBJECT)

static GPtrArray *
new_outbox (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) kv_envelope_free);
}

/* Takes @message. */
void
kv_signalling_handler_send (KvSignallingHandler *self,
                            KvPeer              *peer,
                            KvMessage           *message,
                            gboolean             close)
{
  KvEnvelope *envelope = g_new0 (KvEnvelope, 1);

  envelope->peer = peer;
  envelope->message = message;
  envelope->close = close;
  if (close)
    peer->closing = TRUE;
  g_ptr_array_add (self->outbox, envelope);

  if (self->depth == 0)
    g_signal_emit (self, signals[SIGNAL_OUTBOX_READY], 0);
}

/* Takes @message; drops it when the kiosk is not signed in (it gets the
 * session's whole state again when it comes back). */
void
kv_signalling_handler_send_to_kiosk (KvSignallingHandler *self,
                                     const char          *kiosk_id,
                                     KvMessage           *message)
{
  KvPeer *peer = g_hash_table_lookup (self->peers, kiosk_id);

  if (peer == NULL || peer->closing)
    {
      kv_message_free (message);
      return;
    }
  kv_signalling_handler_send (self, peer, message, FALSE);
}

void
kv_signalling_handler_enter (KvSignallingHandler *self,
                             const char          *actor)
{
  if (self->depth++ == 0)
    {
      g_free (self->actor);
      self->actor = g_strdup (actor);
    }
}

GPtrArray *
kv_signalling_handler_leave (KvSignallingHandler *self)
{
  g_assert (self->depth > 0);

  if (--self->depth > 0)
    return new_outbox ();
  g_free (self->actor);
  self->actor = g_strdup ("scheduler");
  return kv_signalling_handler_take_outbox (self);
}

void
kv_signalling_handler_audit (KvSignallingHandler *self,
                             const char          *action,
                             const char          *booking_id,
                             const char          *details)
{
  g_autoptr(GError) error = NULL;

  if (!kv_store_append_audit (self->store, kv_clock_get_now (self->clock), self->actor,
                              action, booking_id, details, &error))
    g_warning ("Audit entry %s not written: %s", action, error->message);
}

/* Refuses what a connection sent before signing in, and closes it: anyone
 * can send this, as often as they like, so it is counted by the minute in
 * the refusal log, not audited row by row, and it never counts against the
 * address's sign-ins (kiosks behind one NAT or proxy share the address). */
static void
refuse_before_sign_in (KvSignallingHandler *self,
                       KvPeer              *peer,
                       KvProtocolError      code,
                       const char          *in_reply_to,
                       KvRefusalKind        kind,
                       const char          *text)
{
  kv_metrics_count_rejection (self->metrics, kv_protocol_error_to_string (code));
  kv_refusal_log_record (self->refusal_log, peer->address, kind);
  peer->n_rejected++;
  kv_signalling_handler_send (self, peer, kv_message_new_error (code, in_reply_to, "%s", text),
                              TRUE);
}

void
kv_signalling_handler_reject (KvSignallingHandler *self,
                              KvPeer              *peer,
                              KvProtocolError      code,
                              const char          *in_reply_to,
                              const char          *booking_id,
                              const char          *text)
{
  const char *code_name = kv_protocol_error_to_string (code);
  g_autofree char *details = NULL;

  if (peer->kiosk_id == NULL)
    {
      /* The codec's own codes mean the message could not be read at all. */
      refuse_before_sign_in (self, peer, code, in_reply_to,
                             code <= KV_PROTOCOL_ERROR_UNSUPPORTED_VERSION
                               ? KV_REFUSAL_BAD_FRAME : KV_REFUSAL_MESSAGE_BEFORE_SIGN_IN,
                             text);
      return;
    }

  /* A signed-in kiosk's refusals name it, so each is audited; there are at
   * most KV_SIGNALLING_MAX_REJECTIONS per connection. */
  kv_metrics_count_rejection (self->metrics, code_name);
  details = g_strdup_printf ("type=%s code=%s", in_reply_to != NULL ? in_reply_to : "unknown",
                             code_name);
  kv_signalling_handler_audit (self, "message-rejected", booking_id, details);

  kv_signalling_handler_send (self, peer, kv_message_new_error (code, in_reply_to, "%s", text),
                              FALSE);
  if (++peer->n_rejected >= KV_SIGNALLING_MAX_REJECTIONS)
    kv_signalling_handler_send (self, peer,
                                kv_message_new_error (KV_PROTOCOL_ERROR_RATE_LIMITED, NULL,
                                                      "Too many refused messages: closing"),
                                TRUE);
}

/* A hello that does not sign in: @kiosk is the revoked kiosk whose token it
 * was, or %NULL for a token no kiosk has. Failures count against the kiosk
 * (a revoked kiosk retrying must not lock out its neighbours) or else the
 * address; once either has failed too often, its hellos are refused as
 * rate-limited. */
static void
refuse_sign_in (KvSignallingHandler *self,
                KvPeer              *peer,
                const KvKioskRecord *kiosk)
{
  g_autofree char *key = kiosk != NULL ? g_strconcat ("kiosk:", kiosk->id, NULL)
                                       : g_strconcat ("address:", peer->address, NULL);

  kv_metrics_add (self->metrics, KV_METRIC_AUTH_FAILURES, 1);
  if (kiosk != NULL)
    g_debug ("Revoked kiosk %s tried to sign in from %s", kiosk->id, peer->address);

  if (kv_rate_limiter_is_limited (self->auth_limiter, key))
    {
      refuse_before_sign_in (self, peer, KV_PROTOCOL_ERROR_RATE_LIMITED, "hello",
                             KV_REFUSAL_SIGN_IN_RATE_LIMITED,
                             "Too many failed sign-ins; try again in a minute");
      return;
    }
  kv_rate_limiter_record (self->auth_limiter, key);
  /* The same answer for an unknown and a revoked token. */
  refuse_before_sign_in (self, peer, KV_PROTOCOL_ERROR_BAD_TOKEN, "hello",
                         kiosk != NULL ? KV_REFUSAL_SIGN_IN_REVOKED : KV_REFUSAL_SIGN_IN_BAD_TOKEN,
                         "This kiosk's device token is not valid");
}

/* A hello on a connection that is not signed in. A valid token always
 * signs in, however many failures came from its address: the tokens are
 * 256 random bits, so the limiter is not what stops guessing; it only
 * stops junk from costing the server more than a refusal. */
static void
handle_hello (KvSignallingHandler *self,
              KvPeer              *peer,
              const KvHello       *hello)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvKioskRecord) kiosk = NULL;
  KvMessage *welcome;
  KvPeer *old;

  kiosk = kv_store_lookup_kiosk_by_token (self->store, hello->token, &error);
  if (kiosk == NULL && !g_error_matches (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND))
    {
      g_warning ("Sign-in failed: %s", error->message);
      kv_signalling_handler_send (self, peer,
                                  kv_message_new_error (KV_PROTOCOL_ERROR_INTERNAL, "hello",
                                                        "The server cannot sign kiosks in now; "
                                                        "try again"),
                                  TRUE);
      return;
    }
  if (kiosk == NULL || kiosk->revoked_us != 0)
    {
      refuse_sign_in (self, peer, kiosk);
      return;
    }

  /* The newest connection wins: a kiosk that restarted must not wait for
   * its old socket to time out. */
  old = g_hash_table_lookup (self->peers, kiosk->id);
  if (old != NULL && old != peer)
    kv_signalling_handler_send (self, old,
                                kv_message_new_error (KV_PROTOCOL_ERROR_INVALID_STATE, NULL,
                                                      "Signed in again on another connection"),
                                TRUE);

  peer->kiosk_id = g_strdup (kiosk->id);
  peer->role = kiosk->role;
  g_hash_table_replace (self->peers, peer->kiosk_id, peer);
  kv_metrics_set (self->metrics, KV_METRIC_KIOSKS_SIGNED_IN, g_hash_table_size (self->peers));
  g_debug ("Kiosk %s signed in from %s", kiosk->id, peer->address);
  /* What signing in changes (a session's lost media back) is the kiosk's
   * doing, not its address's. */
  g_free (self->actor);
  self->actor = kv_peer_dup_actor (peer);

  welcome = kv_message_new (KV_MESSAGE_WELCOME);
  welcome->welcome.kiosk_id = g_strdup (kiosk->id);
  welcome->welcome.role = kiosk->role;
  welcome->welcome.kiosk_label = *kiosk->label != '\0' ? g_strdup (kiosk->label) : NULL;
  welcome->welcome.server_time_us = kv_clock_get_now (self->clock);
  kv_signalling_handler_send (self, peer, welcome, FALSE);
  kv_signalling_handler_send_schedule (self, peer);
  kv_signalling_handler_send_joins (self, peer);
}

static void
kv_signalling_handler_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  KvSignallingHandler *self = KV_SIGNALLING_HANDLER (object);

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
    case PROP_SCHEDULER:
      self->scheduler = g_value_dup_object (value);
      break;
    case PROP_METRICS:
      self->metrics = g_value_dup_object (value);
      break;
    case PROP_REFUSAL_LOG:
      self->refusal_log = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_signalling_handler_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  KvSignallingHandler *self = KV_SIGNALLING_HANDLER (object);

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
    case PROP_SCHEDULER:
      g_value_set_object (value, self->scheduler);
      break;
    case PROP_METRICS:
      g_value_set_object (value, self->metrics);
      break;
    case PROP_REFUSAL_LOG:
      g_value_set_object (value, self->refusal_log);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_signalling_handler_constructed (GObject *object)
{
  KvSignallingHandler *self = KV_SIGNALLING_HANDLER (object);

  G_OBJECT_CLASS (kv_signalling_handler_parent_class)->constructed (object);

  self->auth_limiter = kv_rate_limiter_new (self->clock, KV_SIGNALLING_MAX_AUTH_FAILURES,
                                            60 * G_USEC_PER_SEC);
  if (self->refusal_log == NULL)
    self->refusal_log = kv_refusal_log_new (self->clock, self->store);
}

static void
kv_signalling_handler_dispose (GObject *object)
{
  KvSignallingHandler *self = KV_SIGNALLING_HANDLER (object);

  if (self->clock != NULL)
    kv_clear_alarm (self->clock, &self->prune_alarm);
  g_hash_table_remove_all (self->watches);
  g_hash_table_remove_all (self->peers);
  g_clear_object (&self->auth_limiter);
  g_clear_object (&self->refusal_log);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->store);
  g_clear_object (&self->metrics);
  g_clear_object (&self->clock);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (kv_signalling_handler_parent_class)->dispose (object);
}

static void
kv_signalling_handler_finalize (GObject *object)
{
  KvSignallingHandler *self = KV_SIGNALLING_HANDLER (object);

  g_hash_table_unref (self->watches);
  g_hash_table_unref (self->peers);
  g_ptr_array_unref (self->outbox);
  g_free (self->actor);

  G_OBJECT_CLASS (kv_signalling_handler_parent_class)->finalize (object);
}

static void
kv_signalling_handler_class_init (KvSignallingHandlerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = kv_signalling_handler_set_property;
  object_class->get_property = kv_signalling_handler_get_property;
  object_class->constructed = kv_signalling_handler_constructed;
  object_class->dispose = kv_signalling_handler_dispose;
  object_class->finalize = kv_signalling_handler_finalize;

  /**
   * KvSignallingHandler:config:
   *
   * The server configuration: site rules, TURN, schedule days.
   */
  properties[PROP_CONFIG] =
    g_param_spec_object ("config", NULL, NULL, KV_TYPE_SERVER_CONFIG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSignallingHandler:clock:
   *
   * Where time comes from (a #KvFakeClock in tests).
   */
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, KV_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSignallingHandler:store:
   *
   * The database: kiosks, bookings, sessions, audit log.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KV_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSignallingHandler:scheduler:
   *
   * The bookings and their sessions, on the same clock.
   */
  properties[PROP_SCHEDULER] =
    g_param_spec_object ("scheduler", NULL, NULL, KV_TYPE_SCHEDULER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSignallingHandler:metrics:
   *
   * The counters to update.
   */
  properties[PROP_METRICS] =
    g_param_spec_object ("metrics", NULL, NULL, KV_TYPE_METRICS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSignallingHandler:refusal-log:
   *
   * Where refusals of connections that are not signed in are counted (by
   * address and kind, audited once a minute), shared with the admin API.
   * If none is given, the handler makes its own on its clock and store.
   */
  properties[PROP_REFUSAL_LOG] =
    g_param_spec_object ("refusal-log", NULL, NULL, KV_TYPE_REFUSAL_LOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KvSignallingHandler::outbox-ready:
   *
   * Emitted when a session produced messages by itself (a timer, not a
   * call into the handler): take them with
   * kv_signalling_handler_take_outbox().
   */
  signals[SIGNAL_OUTBOX_READY] =
    g_signal_new ("outbox-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kv_signalling_handler_init (KvSignallingHandler *self)
{
  self->peers = g_hash_table_new (g_str_hash, g_str_equal);
  self->watches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) kv_session_watch_free);
  self->outbox = new_outbox ();
  self->actor = g_strdup ("scheduler");
}

/**
 * kv_signalling_handler_new:
 * @config: the server configuration (rules, TURN, schedule days)
 * @clock: where time comes from
 * @store: the database
 * @scheduler: the bookings and their sessions
 * @metrics: the counters to update
 * @refusal_log: where refusals before sign-in are counted and audited
 *
 * Call kv_signalling_handler_load() next, to restore stored bookings.
 *
 * Returns: (transfer full): a new handler
 */
KvSignallingHandler *
kv_signalling_handler_new (KvServerConfig *config,
                           KvClock        *clock,
                           KvStore        *store,
                           KvScheduler    *scheduler,
                           KvMetrics      *metrics,
                           KvRefusalLog   *refusal_log)
{
  g_return_val_if_fail (KV_IS_SERVER_CONFIG (config), NULL);
  g_return_val_if_fail (KV_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (KV_IS_STORE (store), NULL);
  g_return_val_if_fail (KV_IS_SCHEDULER (scheduler), NULL);
  g_return_val_if_fail (KV_IS_METRICS (metrics), NULL);
  g_return_val_if_fail (KV_IS_REFUSAL_LOG (refusal_log), NULL);

  return g_object_new (KV_TYPE_SIGNALLING_HANDLER,
                       "config", config,
                       "clock", clock,
                       "store", store,
                       "scheduler", scheduler,
                       "metrics", metrics,
                       "refusal-log", refusal_log,
                       NULL);
}

/**
 * kv_signalling_handler_handle:
 * @self: a #KvSignallingHandler
 * @peer: the connection the message came on
 * @data: the message text
 * @length: its length in bytes
 *
 * Handles one message from a kiosk.
 *
 * Returns: (transfer full) (element-type KvEnvelope): what to send where
 */
GPtrArray *
kv_signalling_handler_handle (KvSignallingHandler *self,
                              KvPeer              *peer,
                              const char          *data,
                              gsize                length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvMessage) message = NULL;
  g_autofree char *actor = NULL;
  const char *type;
  gint64 now;

  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), NULL);
  g_return_val_if_fail (peer != NULL, NULL);

  actor = kv_peer_dup_actor (peer);
  kv_signalling_handler_enter (self, actor);
  if (peer->closing)
    return kv_signalling_handler_leave (self);

  now = kv_clock_get_now (self->clock);
  if (now - peer->window_start_us >= G_USEC_PER_SEC || now < peer->window_start_us)
    {
      peer->window_start_us = now;
      peer->window_count = 0;
    }
  if (++peer->window_count > KV_SIGNALLING_MAX_MESSAGES_PER_SECOND)
    {
      kv_signalling_handler_reject (self, peer, KV_PROTOCOL_ERROR_RATE_LIMITED, NULL, NULL,
                                    "Too many messages; slow down");
      return kv_signalling_handler_leave (self);
    }

  message = kv_message_parse (data, length, &error);
  if (message == NULL)
    {
      kv_signalling_handler_reject (self, peer, error->domain == KV_PROTOCOL_ERROR ? error->code
                                                             : KV_PROTOCOL_ERROR_MALFORMED,
              NULL, NULL, error->message);
      return kv_signalling_handler_leave (self);
    }
  type = kv_message_type_to_string (message->type);

  /* Before sign-in, hello is the only message there is. */
  if (peer->kiosk_id == NULL && message->type == KV_MESSAGE_HELLO)
    handle_hello (self, peer, &message->hello);
  else if (peer->kiosk_id == NULL)
    kv_signalling_handler_reject (self, peer, KV_PROTOCOL_ERROR_NOT_SIGNED_IN, type, NULL,
                                  "Sign in with hello first; closing");
  else if (!kv_message_type_is_from_kiosk (message->type))
    kv_signalling_handler_reject (self, peer, KV_PROTOCOL_ERROR_WRONG_DIRECTION, type, NULL,
            "Only the server sends this message");
  else if (message->type == KV_MESSAGE_HELLO)
    kv_signalling_handler_reject (self, peer, KV_PROTOCOL_ERROR_INVALID_STATE, "hello", NULL,
                                  "This connection is signed in already");
  else if (message->type == KV_MESSAGE_PING)
    {
      KvMessage *pong = kv_message_new (KV_MESSAGE_PONG);

      pong->pong.client_time_us = message->ping.client_time_us;
      pong->pong.server_time_us = kv_clock_get_now (self->clock);
      kv_signalling_handler_send (self, peer, pong, FALSE);
    }
  else
    kv_signalling_handler_handle_booking (self, peer, message);

  return kv_signalling_handler_leave (self);
}

/**
 * kv_signalling_handler_refuse:
 * @self: a #KvSignallingHandler
 * @peer: the connection
 * @error: why (a %KV_PROTOCOL_ERROR)
 * @in_reply_to: (nullable): the refused message's type
 *
 * Refuses something the transport caught before the handler saw it (a
 * binary frame, a message over the size limit), like any other refusal.
 *
 * Returns: (transfer full) (element-type KvEnvelope): what to send where
 */
GPtrArray *
kv_signalling_handler_refuse (KvSignallingHandler *self,
                              KvPeer              *peer,
                              const GError        *error,
                              const char          *in_reply_to)
{
  g_autofree char *actor = NULL;

  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), NULL);

  actor = kv_peer_dup_actor (peer);
  kv_signalling_handler_enter (self, actor);
  if (!peer->closing)
    kv_signalling_handler_reject (self, peer, error->domain == KV_PROTOCOL_ERROR ? error->code
                                                           : KV_PROTOCOL_ERROR_MALFORMED,
            in_reply_to, NULL, error->message);
  return kv_signalling_handler_leave (self);
}

/**
 * kv_signalling_handler_take_outbox:
 *
 * Returns: (transfer full) (element-type KvEnvelope): everything queued
 */
GPtrArray *
kv_signalling_handler_take_outbox (KvSignallingHandler *self)
{
  GPtrArray *outbox;

  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), NULL);

  outbox = g_steal_pointer (&self->outbox);
  self->outbox = new_outbox ();
  return outbox;
}
