/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-signalling"

#include "config.h"

#include "kv-signalling-handler.h"

#include "kv-signalling-bookings.h"
#include "kv-signalling-relay.h"
#include "kv-signalling-rosters.h"
#include "kv-signalling-sessions.h"

/**
 * KvSignallingHandler:
 *
 * The server's message logic, without sockets: (peer, bytes) in, a list of
 * (recipient, message) out, plus side effects on sessions, the store, the
 * audit log and the metrics. The model is gst-plugins-rs's webrtc
 * signalling handler.
 *
 * This is the front of the parts that do the work, each with its own
 * state: #KvSignallingPeers (connections, sign-in, refusals),
 * #KvSignallingSessions with one #KvSessionWatch per session (what a
 * session tells its kiosks, storing it), #KvSignallingBookings (restoring
 * bookings, staff's actions), #KvSignallingRelay (what a kiosk says
 * about a visit: authorised, then relayed or applied) and
 * #KvSignallingRosters (who may open each kiosk's staff panel). Each entry point
 * names who acts, for the audit log, and returns what the parts queued in
 * the #KvSignallingOutbox.
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

struct _KvSignallingHandler
{
  GObject               parent_instance;

  KvServerConfig       *config;
  KvClock              *clock;
  KvStore              *store;
  KvScheduler          *scheduler;
  KvMetrics            *metrics;
  KvRefusalLog         *refusal_log;

  KvSignallingOutbox   *outbox;
  KvSignallingPeers    *peers;
  KvSignallingSessions *sessions;
  KvSignallingBookings *bookings;
  KvSignallingRelay    *relay;
  KvSignallingRosters  *rosters;
};

G_DEFINE_FINAL_TYPE (KvSignallingHandler, kv_signalling_handler, G_TYPE_OBJECT)

static void
on_outbox_ready (KvSignallingOutbox *outbox,
                 gpointer            user_data)
{
  g_signal_emit (user_data, signals[SIGNAL_OUTBOX_READY], 0);
}

static void
enter_as_peer (KvSignallingHandler *self,
               KvPeer              *peer)
{
  g_autofree char *actor = kv_peer_dup_actor (peer);

  kv_signalling_outbox_enter (self->outbox, actor);
}

static GPtrArray *
leave (KvSignallingHandler *self)
{
  return kv_signalling_outbox_leave (self->outbox);
}

/* For an entry point that failed: nothing it queued is sent. */
static GPtrArray *
leave_failed (KvSignallingHandler *self)
{
  g_ptr_array_unref (kv_signalling_outbox_leave (self->outbox));
  return NULL;
}

/* A confirm, staff_end, pause or mute may name who opened the kiosk's
 * staff panel. Someone on the roster this kiosk was last sent acts in their
 * own name, through the kiosk: `staff:<id>@kiosk:<kiosk>`.
 *
 * Anyone else (a roster that changed a moment ago, before the kiosk heard
 * of it; a kiosk with a stale roster on its disk; or a kiosk that lies) is
 * not refused: the kiosk itself signed in with its device token, staff in
 * front of a child must be able to pause or end a visit whatever the
 * roster says, and the site PIN could have done the same with no name at
 * all. The message is carried out in the kiosk's name, and (if it was
 * not refused for another reason) an `unknown-staff` entry in the audit log
 * keeps the name it gave, for someone to look into. */
static void
relay_as_staff (KvSignallingHandler *self,
                KvPeer              *peer,
                KvMessage           *message)
{
  const char *staff_id = kv_message_get_staff_id (message);
  guint rejected_before = peer->n_rejected;
  g_autofree char *actor = NULL;
  g_autofree char *details = NULL;

  if (staff_id == NULL)
    {
      kv_signalling_relay_handle (self->relay, peer, message);
      return;
    }

  if (kv_signalling_rosters_has_staff (self->rosters, peer->kiosk_id, staff_id))
    {
      actor = g_strdup_printf ("staff:%s@kiosk:%s", staff_id, peer->kiosk_id);
      kv_signalling_outbox_set_actor (self->outbox, actor);
      kv_signalling_relay_handle (self->relay, peer, message);
      return;
    }

  kv_signalling_relay_handle (self->relay, peer, message);
  if (peer->n_rejected != rejected_before)
    return;
  /* The id passed the codec's id rules: safe in an audit entry. */
  details = g_strdup_printf ("unknown-staff staff=%s message=%s", staff_id,
                             kv_message_type_to_string (message->type));
  kv_signalling_outbox_audit (self->outbox, "unknown-staff",
                              kv_message_get_booking_id (message), details);
  g_message ("Kiosk %s named staff %s, who is not on its roster: acted as the kiosk",
             peer->kiosk_id, staff_id);
}

static KvProtocolError
protocol_code (const GError *error)
{
  return error->domain == KV_PROTOCOL_ERROR ? error->code : KV_PROTOCOL_ERROR_MALFORMED;
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

  if (self->refusal_log == NULL)
    self->refusal_log = kv_refusal_log_new (self->clock, self->store);
  self->outbox = kv_signalling_outbox_new (self->clock, self->store);
  g_signal_connect (self->outbox, "ready", G_CALLBACK (on_outbox_ready), self);
  self->peers = kv_signalling_peers_new (self->clock, self->store, self->metrics,
                                         self->refusal_log, self->outbox);
  self->sessions = kv_signalling_sessions_new (self->config, self->clock, self->scheduler,
                                               self->peers, self->outbox);
  self->bookings = kv_signalling_bookings_new (self->clock, self->store, self->scheduler,
                                               self->sessions, self->outbox);
  self->relay = kv_signalling_relay_new (self->metrics, self->peers, self->sessions,
                                         self->outbox);
  self->rosters = kv_signalling_rosters_new (self->store, self->peers, self->outbox);
}

static void
kv_signalling_handler_dispose (GObject *object)
{
  KvSignallingHandler *self = KV_SIGNALLING_HANDLER (object);

  if (self->outbox != NULL)
    g_signal_handlers_disconnect_by_data (self->outbox, self);
  g_clear_object (&self->rosters);
  g_clear_object (&self->relay);
  g_clear_object (&self->bookings);
  g_clear_object (&self->sessions);
  g_clear_object (&self->peers);
  g_clear_object (&self->outbox);
  g_clear_object (&self->refusal_log);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->store);
  g_clear_object (&self->metrics);
  g_clear_object (&self->clock);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (kv_signalling_handler_parent_class)->dispose (object);
}

static void
kv_signalling_handler_class_init (KvSignallingHandlerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = kv_signalling_handler_set_property;
  object_class->get_property = kv_signalling_handler_get_property;
  object_class->constructed = kv_signalling_handler_constructed;
  object_class->dispose = kv_signalling_handler_dispose;

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
 * kv_signalling_handler_load:
 * @self: a #KvSignallingHandler
 * @error: return location for a #GError
 *
 * Restores the stored bookings that have not ended more than a day ago,
 * with their sessions as stored. Each session's state is recomputed for now
 * (so a restart never extends a visit), and stored again if that changed it.
 *
 * Returns: %TRUE if the bookings could be read
 */
gboolean
kv_signalling_handler_load (KvSignallingHandler  *self,
                            GError              **error)
{
  gboolean ok;

  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), FALSE);

  kv_signalling_outbox_enter (self->outbox, "restart");
  ok = kv_signalling_bookings_load (self->bookings, error);
  g_ptr_array_unref (leave (self));
  return ok;
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
  const char *type;

  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), NULL);
  g_return_val_if_fail (peer != NULL, NULL);

  enter_as_peer (self, peer);
  if (peer->closing || !kv_signalling_peers_admit (self->peers, peer))
    return leave (self);

  message = kv_message_parse (data, length, &error);
  if (message == NULL)
    {
      kv_signalling_peers_reject (self->peers, peer, protocol_code (error), NULL, NULL,
                                  error->message);
      return leave (self);
    }
  type = kv_message_type_to_string (message->type);

  /* Before sign-in, hello is the only message there is. */
  if (peer->kiosk_id == NULL && message->type == KV_MESSAGE_HELLO)
    {
      if (kv_signalling_peers_sign_in (self->peers, peer, &message->hello))
        {
          /* Right after welcome: the staff panel may be needed for the
           * visit whose join comes next. */
          kv_signalling_rosters_send (self->rosters, peer);
          kv_signalling_sessions_kiosk_signed_in (self->sessions, peer);
        }
    }
  else if (peer->kiosk_id == NULL)
    kv_signalling_peers_reject (self->peers, peer, KV_PROTOCOL_ERROR_NOT_SIGNED_IN, type, NULL,
                                "Sign in with hello first; closing");
  else if (!kv_message_type_is_from_kiosk (message->type))
    kv_signalling_peers_reject (self->peers, peer, KV_PROTOCOL_ERROR_WRONG_DIRECTION, type, NULL,
                                "Only the server sends this message");
  else if (kv_message_type_get_min_version (message->type) > peer->version)
    kv_signalling_peers_reject (self->peers, peer, KV_PROTOCOL_ERROR_UNKNOWN_TYPE, type,
                                kv_message_get_booking_id (message),
                                "This message is not in the protocol version this kiosk "
                                "signed in with");
  else if (message->type == KV_MESSAGE_HELLO)
    kv_signalling_peers_reject (self->peers, peer, KV_PROTOCOL_ERROR_INVALID_STATE, "hello", NULL,
                                "This connection is signed in already");
  else if (message->type == KV_MESSAGE_PING)
    {
      KvMessage *pong = kv_message_new (KV_MESSAGE_PONG);

      pong->pong.client_time_us = message->ping.client_time_us;
      pong->pong.server_time_us = kv_clock_get_now (self->clock);
      kv_signalling_outbox_send (self->outbox, peer, pong, FALSE);
    }
  else
    relay_as_staff (self, peer, message);

  return leave (self);
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
  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), NULL);

  enter_as_peer (self, peer);
  if (!peer->closing)
    kv_signalling_peers_reject (self->peers, peer, protocol_code (error), in_reply_to, NULL,
                                error->message);
  return leave (self);
}

/**
 * kv_signalling_handler_peer_closed:
 * @self: a #KvSignallingHandler
 * @peer: a connection that closed
 *
 * A kiosk that leaves during a live visit has lost its media until it is
 * back; one that leaves before the visit is no longer present.
 *
 * Returns: (transfer full) (element-type KvEnvelope): what to send where
 */
GPtrArray *
kv_signalling_handler_peer_closed (KvSignallingHandler *self,
                                   KvPeer              *peer)
{
  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), NULL);

  enter_as_peer (self, peer);
  /* Nothing queued for this peer may be sent any more. */
  kv_signalling_outbox_drop_for (self->outbox, peer);
  if (kv_signalling_peers_remove (self->peers, peer))
    {
      kv_signalling_rosters_forget (self->rosters, peer->kiosk_id);
      kv_signalling_sessions_kiosk_left (self->sessions, peer->kiosk_id);
    }
  return leave (self);
}

/**
 * kv_signalling_handler_kiosk_revoked:
 * @self: a #KvSignallingHandler
 * @kiosk_id: a kiosk whose token was just revoked
 * @actor: who revoked it
 *
 * Disconnects the kiosk at once if it is signed in.
 *
 * Returns: (transfer full) (element-type KvEnvelope): what to send where
 */
GPtrArray *
kv_signalling_handler_kiosk_revoked (KvSignallingHandler *self,
                                     const char          *kiosk_id,
                                     const char          *actor)
{
  g_autoptr(GPtrArray) closed = NULL;
  KvPeer *peer;

  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), NULL);

  kv_signalling_outbox_enter (self->outbox, actor);
  peer = kv_signalling_peers_lookup (self->peers, kiosk_id);
  if (peer == NULL)
    return leave (self);

  /* Signed out now, not when the socket finishes closing (nested: the
   * envelopes stay in the outbox). */
  closed = kv_signalling_handler_peer_closed (self, peer);
  kv_signalling_outbox_send (self->outbox, peer,
                             kv_message_new_error (KV_PROTOCOL_ERROR_BAD_TOKEN, NULL,
                                                   "This kiosk was revoked"),
                             TRUE);
  return leave (self);
}

/**
 * kv_signalling_handler_add_booking:
 * @self: a #KvSignallingHandler
 * @booking: a new booking from staff
 * @actor: who books, for the audit log ("admin", "staff:ana")
 * @error: return location for a #GError (%KV_BOOKING_ERROR: refused by the
 *   rules; %KV_STORE_ERROR: not stored)
 *
 * Checks the booking against the rules and every other booking, stores it
 * and tells both kiosks (a new `schedule`, and `join` if the join window is
 * already open).
 *
 * Returns: (transfer full) (element-type KvEnvelope) (nullable): what to
 *   send where, or %NULL if the booking was refused
 */
GPtrArray *
kv_signalling_handler_add_booking (KvSignallingHandler *self,
                                   const KvBooking     *booking,
                                   const char          *actor,
                                   GError             **error)
{
  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), NULL);

  return kv_signalling_handler_add_booking_from (self, booking, NULL, actor, error);
}

/**
 * kv_signalling_handler_add_booking_from:
 * @template_id: (nullable): the slot template whose slot it takes
 *
 * kv_signalling_handler_add_booking(), remembering the template.
 *
 * Returns: (transfer full) (nullable): what to send where, or %NULL
 */
GPtrArray *
kv_signalling_handler_add_booking_from (KvSignallingHandler *self,
                                        const KvBooking     *booking,
                                        const char          *template_id,
                                        const char          *actor,
                                        GError             **error)
{
  KvBookingOrigin origin = { .template_id = template_id };

  return kv_signalling_handler_add_booking_with (self, booking, &origin, actor, error);
}

/**
 * kv_signalling_handler_add_booking_with:
 * @origin: (nullable): its template, its family and why it was booked
 *   against the age rules (stored and audited with it)
 *
 * kv_signalling_handler_add_booking(), with where the booking comes from.
 *
 * Returns: (transfer full) (nullable): what to send where, or %NULL
 */
GPtrArray *
kv_signalling_handler_add_booking_with (KvSignallingHandler   *self,
                                        const KvBooking       *booking,
                                        const KvBookingOrigin *origin,
                                        const char            *actor,
                                        GError               **error)
{
  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), NULL);

  kv_signalling_outbox_enter (self->outbox, actor);
  if (!kv_signalling_bookings_add (self->bookings, booking, origin, error))
    return leave_failed (self);
  return leave (self);
}

/**
 * kv_signalling_handler_cancel_booking:
 * @category: (nullable): why, as a category ("illness"), audited
 * @reason: (nullable): why, in staff's words, kept with the booking
 *
 * Cancels a visit that has not gone live, and tells its kiosks.
 *
 * Returns: (transfer full) (nullable): what to send where, or %NULL
 */
GPtrArray *
kv_signalling_handler_cancel_booking (KvSignallingHandler *self,
                                      const char          *booking_id,
                                      const char          *category,
                                      const char          *reason,
                                      const char          *actor,
                                      GError             **error)
{
  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), NULL);

  kv_signalling_outbox_enter (self->outbox, actor);
  if (!kv_signalling_bookings_cancel (self->bookings, booking_id, category, reason, error))
    return leave_failed (self);
  return leave (self);
}

/**
 * kv_signalling_handler_move_booking:
 * @self: a #KvSignallingHandler
 * @booking_id: a visit whose join window has not opened
 * @start_us: its new start
 * @end_us: its new end
 * @reason: (nullable): why, kept with the move
 * @origin: (nullable): the age rules' override at the new times, if any
 *   (stored and audited with the move)
 * @actor: who moves it, for the audit log
 * @error: return location for a #GError
 *
 * Moves a visit through the same rules as a new booking (its own old time
 * is no clash), stores the move with its audit row, and gives both kiosks
 * their new schedule.
 *
 * Returns: (transfer full) (nullable): what to send where, or %NULL
 */
GPtrArray *
kv_signalling_handler_move_booking (KvSignallingHandler *self,
                                    const char          *booking_id,
                                    gint64               start_us,
                                    gint64               end_us,
                                    const char          *reason,
                                    const KvBookingOrigin *origin,
                                    const char          *actor,
                                    GError             **error)
{
  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), NULL);

  kv_signalling_outbox_enter (self->outbox, actor);
  if (!kv_signalling_bookings_move (self->bookings, booking_id, start_us, end_us, reason, origin,
                                    error))
    return leave_failed (self);
  return leave (self);
}

/**
 * kv_signalling_handler_find_clash:
 * @self: a #KvSignallingHandler
 * @booking: a visit that might be booked
 *
 * Returns: (transfer none) (nullable): the booking on either kiosk it
 *   would clash with, make-up time included
 */
const KvBooking *
kv_signalling_handler_find_clash (KvSignallingHandler *self,
                                  const KvBooking     *booking)
{
  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), NULL);

  return kv_signalling_bookings_find_clash (self->bookings, booking);
}

/**
 * kv_signalling_handler_end_session:
 * @self: a #KvSignallingHandler
 * @booking_id: the visit
 * @category: why: safeguarding stops it at once, the others start the
 *   goodbye now
 * @reason: staff's words
 * @actor: who ends it, for the audit log
 * @error: return location for a #GError
 *
 * Staff end a visit from the admin API, as @actor.
 *
 * Returns: (transfer full) (nullable): what to send where, or %NULL
 */
GPtrArray *
kv_signalling_handler_end_session (KvSignallingHandler *self,
                                   const char          *booking_id,
                                   KvEndCategory        category,
                                   const char          *reason,
                                   const char          *actor,
                                   GError             **error)
{
  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), NULL);

  kv_signalling_outbox_enter (self->outbox, actor);
  if (!kv_signalling_bookings_end_session (self->bookings, booking_id, category, reason, error))
    return leave_failed (self);
  return leave (self);
}

/**
 * kv_signalling_handler_confirm_session:
 * @self: a #KvSignallingHandler
 * @booking_id: the visit
 * @side: %KV_SIDE_PRISON or %KV_SIDE_COMMUNITY
 * @actor: who confirms, for the audit log
 * @error: return location for a #GError
 *
 * Staff confirm from the admin API that the person of @side is there.
 *
 * Returns: (transfer full) (nullable): what to send where, or %NULL
 */
GPtrArray *
kv_signalling_handler_confirm_session (KvSignallingHandler *self,
                                       const char          *booking_id,
                                       KvSideFlags          side,
                                       const char          *actor,
                                       GError             **error)
{
  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), NULL);

  kv_signalling_outbox_enter (self->outbox, actor);
  if (!kv_signalling_bookings_confirm_session (self->bookings, booking_id, side, error))
    return leave_failed (self);
  return leave (self);
}

/**
 * kv_signalling_handler_rosters_changed:
 * @self: a #KvSignallingHandler
 *
 * Staff accounts, their PINs, roles or sites, or a site's time zone
 * changed: every signed-in kiosk gets its `staff_roster` again, read from
 * the store now. Messages naming staff from then on are checked against
 * the new rosters.
 *
 * Returns: (transfer full) (element-type KvEnvelope): what to send where
 */
GPtrArray *
kv_signalling_handler_rosters_changed (KvSignallingHandler *self)
{
  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), NULL);

  kv_signalling_outbox_enter (self->outbox, "admin");
  kv_signalling_rosters_send_all (self->rosters);
  return leave (self);
}

/**
 * kv_signalling_handler_send_rosters:
 * @self: a #KvSignallingHandler
 *
 * Like kv_signalling_handler_rosters_changed(), for code that runs from
 * the main loop outside any request: a PIN hashed on a worker thread, an
 * admin request (its answer does not carry kiosk messages). The rosters
 * are queued at once, and #KvSignallingHandler::outbox-ready hands them to
 * the server to send.
 */
void
kv_signalling_handler_send_rosters (KvSignallingHandler *self)
{
  g_return_if_fail (KV_IS_SIGNALLING_HANDLER (self));

  kv_signalling_rosters_send_all (self->rosters);
}

/**
 * kv_signalling_handler_take_outbox:
 *
 * Returns: (transfer full) (element-type KvEnvelope): everything queued
 */
GPtrArray *
kv_signalling_handler_take_outbox (KvSignallingHandler *self)
{
  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), NULL);

  return kv_signalling_outbox_take (self->outbox);
}

gboolean
kv_signalling_handler_is_signed_in (KvSignallingHandler *self,
                                    const char          *kiosk_id)
{
  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), FALSE);

  return kv_signalling_peers_lookup (self->peers, kiosk_id) != NULL;
}

guint
kv_signalling_handler_get_n_signed_in (KvSignallingHandler *self)
{
  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), 0);

  return kv_signalling_peers_get_n_signed_in (self->peers);
}

guint
kv_signalling_handler_get_n_live (KvSignallingHandler *self)
{
  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), 0);

  return kv_signalling_sessions_get_n_live (self->sessions);
}

/**
 * kv_signalling_handler_list_active_sessions:
 *
 * Returns: (transfer full) (element-type KvSession): the sessions between
 *   their join window and their end, by start
 */
GPtrArray *
kv_signalling_handler_list_active_sessions (KvSignallingHandler *self)
{
  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), NULL);

  return kv_signalling_sessions_list_active (self->sessions);
}

/**
 * kv_signalling_handler_lookup_session:
 * @self: a #KvSignallingHandler
 * @booking_id: a booking
 *
 * Returns: (transfer none) (nullable): the session of @booking_id if the
 *   server runs it now (not ended more than a day ago)
 */
KvSession *
kv_signalling_handler_lookup_session (KvSignallingHandler *self,
                                      const char          *booking_id)
{
  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), NULL);

  return kv_signalling_sessions_lookup (self->sessions, booking_id);
}

/**
 * kv_signalling_handler_flush_sightings:
 * @self: a #KvSignallingHandler
 *
 * Stores when kiosks were last seen now (they are written in batches),
 * before someone reads them.
 */
void
kv_signalling_handler_flush_sightings (KvSignallingHandler *self)
{
  g_return_if_fail (KV_IS_SIGNALLING_HANDLER (self));

  kv_signalling_peers_flush_sightings (self->peers);
}
