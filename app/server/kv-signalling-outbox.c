/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-signalling"

#include "config.h"

#include "kv-signalling-outbox.h"

/**
 * KvSignallingOutbox:
 *
 * What comes out of the signalling handler's parts: the messages to send
 * to kiosks (#KvEnvelope), to be taken and sent by the server, and what is
 * written to the database at once (audit entries, sessions with their
 * audit entry), in the name of whoever acts now.
 *
 * Each entry point of the handler runs between kv_signalling_outbox_enter()
 * (naming its actor: `kiosk:<id>`, `address:<ip>`, `admin`, `restart`) and
 * kv_signalling_outbox_leave(), which hands the envelopes to the caller.
 * Entry points may nest (revoking a kiosk closes its connection): the
 * outermost one takes everything. Outside any entry point the actor is
 * `scheduler` (a session's timer), and every message queued then is
 * announced with #KvSignallingOutbox::ready.
 */

enum {
  PROP_0,
  PROP_CLOCK,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _KvSignallingOutbox
{
  GObject    parent_instance;

  KvClock   *clock;
  KvStore   *store;

  GPtrArray *envelopes;   /* KvEnvelope, waiting to be taken */
  guint      depth;       /* > 0 while an entry point runs */
  char      *actor;       /* who causes changes now, for the audit log */
};

G_DEFINE_FINAL_TYPE (KvSignallingOutbox, kv_signalling_outbox, G_TYPE_OBJECT)

void
kv_envelope_free (KvEnvelope *envelope)
{
  if (envelope == NULL)
    return;
  g_clear_pointer (&envelope->message, kv_message_free);
  g_free (envelope);
}

static GPtrArray *
new_envelopes (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) kv_envelope_free);
}

static void
kv_signalling_outbox_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  KvSignallingOutbox *self = KV_SIGNALLING_OUTBOX (object);

  switch (prop_id)
    {
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
kv_signalling_outbox_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  KvSignallingOutbox *self = KV_SIGNALLING_OUTBOX (object);

  switch (prop_id)
    {
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
kv_signalling_outbox_dispose (GObject *object)
{
  KvSignallingOutbox *self = KV_SIGNALLING_OUTBOX (object);

  g_clear_object (&self->store);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (kv_signalling_outbox_parent_class)->dispose (object);
}

static void
kv_signalling_outbox_finalize (GObject *object)
{
  KvSignallingOutbox *self = KV_SIGNALLING_OUTBOX (object);

  g_ptr_array_unref (self->envelopes);
  g_free (self->actor);

  G_OBJECT_CLASS (kv_signalling_outbox_parent_class)->finalize (object);
}

static void
kv_signalling_outbox_class_init (KvSignallingOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = kv_signalling_outbox_set_property;
  object_class->get_property = kv_signalling_outbox_get_property;
  object_class->dispose = kv_signalling_outbox_dispose;
  object_class->finalize = kv_signalling_outbox_finalize;

  /**
   * KvSignallingOutbox:clock:
   *
   * Where the audit entries' times come from.
   */
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, KV_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSignallingOutbox:store:
   *
   * The database whose audit log gets the entries.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KV_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KvSignallingOutbox::ready:
   *
   * Emitted when a message was queued outside any entry point (a
   * session's timer, not a call): take it with kv_signalling_outbox_take().
   */
  signals[SIGNAL_READY] =
    g_signal_new ("ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kv_signalling_outbox_init (KvSignallingOutbox *self)
{
  self->envelopes = new_envelopes ();
  self->actor = g_strdup ("scheduler");
}

KvSignallingOutbox *
kv_signalling_outbox_new (KvClock *clock,
                          KvStore *store)
{
  g_return_val_if_fail (KV_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (KV_IS_STORE (store), NULL);

  return g_object_new (KV_TYPE_SIGNALLING_OUTBOX, "clock", clock, "store", store, NULL);
}

/**
 * kv_signalling_outbox_enter:
 * @self: a #KvSignallingOutbox
 * @actor: who acts in this entry point (ignored when nested)
 *
 * Starts an entry point: messages are collected until the matching
 * kv_signalling_outbox_leave().
 */
void
kv_signalling_outbox_enter (KvSignallingOutbox *self,
                            const char         *actor)
{
  g_return_if_fail (KV_IS_SIGNALLING_OUTBOX (self));

  if (self->depth++ == 0)
    kv_signalling_outbox_set_actor (self, actor);
}

/**
 * kv_signalling_outbox_leave:
 * @self: a #KvSignallingOutbox
 *
 * Ends an entry point.
 *
 * Returns: (transfer full) (element-type KvEnvelope): what to send where:
 *   everything queued if this was the outermost entry point, else nothing
 *   (the outermost one takes it)
 */
GPtrArray *
kv_signalling_outbox_leave (KvSignallingOutbox *self)
{
  g_return_val_if_fail (KV_IS_SIGNALLING_OUTBOX (self), NULL);
  g_return_val_if_fail (self->depth > 0, new_envelopes ());

  if (--self->depth > 0)
    return new_envelopes ();
  kv_signalling_outbox_set_actor (self, "scheduler");
  return kv_signalling_outbox_take (self);
}

const char *
kv_signalling_outbox_get_actor (KvSignallingOutbox *self)
{
  g_return_val_if_fail (KV_IS_SIGNALLING_OUTBOX (self), NULL);

  return self->actor;
}

/**
 * kv_signalling_outbox_set_actor:
 *
 * Changes who acts for the rest of this entry point (a connection that
 * just signed in acts as its kiosk from then on).
 */
void
kv_signalling_outbox_set_actor (KvSignallingOutbox *self,
                                const char         *actor)
{
  g_return_if_fail (KV_IS_SIGNALLING_OUTBOX (self));
  g_return_if_fail (actor != NULL);

  g_free (self->actor);
  self->actor = g_strdup (actor);
}

/**
 * kv_signalling_outbox_send:
 * @self: a #KvSignallingOutbox
 * @peer: the recipient
 * @message: (transfer full) (nullable): the message
 * @close: whether to close @peer's connection afterwards; it is marked
 *   closing at once, so nothing more is sent to it or taken from it
 *
 * Queues @message for @peer.
 */
void
kv_signalling_outbox_send (KvSignallingOutbox *self,
                           KvPeer             *peer,
                           KvMessage          *message,
                           gboolean            close)
{
  KvEnvelope *envelope;

  g_return_if_fail (KV_IS_SIGNALLING_OUTBOX (self));
  g_return_if_fail (peer != NULL);

  envelope = g_new0 (KvEnvelope, 1);
  envelope->peer = peer;
  envelope->message = message;
  envelope->close = close;
  if (close)
    peer->closing = TRUE;
  g_ptr_array_add (self->envelopes, envelope);

  if (self->depth == 0)
    g_signal_emit (self, signals[SIGNAL_READY], 0);
}

/**
 * kv_signalling_outbox_drop_for:
 *
 * Drops everything queued for @peer (its connection closed).
 */
void
kv_signalling_outbox_drop_for (KvSignallingOutbox *self,
                               KvPeer             *peer)
{
  g_return_if_fail (KV_IS_SIGNALLING_OUTBOX (self));

  for (guint i = self->envelopes->len; i > 0; i--)
    if (((KvEnvelope *) g_ptr_array_index (self->envelopes, i - 1))->peer == peer)
      g_ptr_array_remove_index (self->envelopes, i - 1);
}

/**
 * kv_signalling_outbox_take:
 *
 * Returns: (transfer full) (element-type KvEnvelope): everything queued
 */
GPtrArray *
kv_signalling_outbox_take (KvSignallingOutbox *self)
{
  GPtrArray *envelopes;

  g_return_val_if_fail (KV_IS_SIGNALLING_OUTBOX (self), NULL);

  envelopes = g_steal_pointer (&self->envelopes);
  self->envelopes = new_envelopes ();
  return envelopes;
}

/**
 * kv_signalling_outbox_audit:
 * @self: a #KvSignallingOutbox
 * @action: what happened ("staff-end")
 * @booking_id: (nullable): the booking concerned
 * @details: (nullable): more facts, never labels, tokens or SDP
 *
 * Appends an entry to the audit log now, in the current actor's name.
 */
void
kv_signalling_outbox_audit (KvSignallingOutbox *self,
                            const char         *action,
                            const char         *booking_id,
                            const char         *details)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KV_IS_SIGNALLING_OUTBOX (self));

  if (!kv_store_append_audit (self->store, kv_clock_get_now (self->clock), self->actor,
                              action, booking_id, details, &error))
    g_warning ("Audit entry %s not written: %s", action, error->message);
}

/**
 * kv_signalling_outbox_save_session:
 * @self: a #KvSignallingOutbox
 * @session: a session that changed
 * @action: (nullable): the audit entry's action, %NULL for none
 * @details: (nullable): the audit entry's details
 *
 * Stores @session's state now, with its audit entry in the same
 * transaction, in the current actor's name.
 */
void
kv_signalling_outbox_save_session (KvSignallingOutbox *self,
                                   KvSession          *session,
                                   const char         *action,
                                   const char         *details)
{
  g_autoptr(GPtrArray) audit = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_audit_entry_free);

  g_return_if_fail (KV_IS_SIGNALLING_OUTBOX (self));

  if (action != NULL)
    g_ptr_array_add (audit, kv_audit_entry_new (0, NULL, action, NULL, details));
  kv_signalling_outbox_save_session_audited (self, session, audit);
}

/**
 * kv_signalling_outbox_save_session_audited:
 * @self: a #KvSignallingOutbox
 * @session: a session that changed
 * @audit: (element-type KvAuditEntry): its audit entries; time, actor and
 *   booking left unset are now, the current actor and the session's
 *
 * Stores @session's state now (and its pause and mute rows) with all of
 * @audit in one transaction, in the current actor's name.
 */
void
kv_signalling_outbox_save_session_audited (KvSignallingOutbox *self,
                                           KvSession          *session,
                                           GPtrArray          *audit)
{
  g_auto(KvSessionSnapshot) snapshot = { 0 };
  g_autoptr(GError) error = NULL;
  const KvBooking *booking;

  g_return_if_fail (KV_IS_SIGNALLING_OUTBOX (self));
  g_return_if_fail (KV_IS_SESSION (session));

  booking = kv_session_get_booking (session);
  kv_session_get_snapshot (session, &snapshot);
  if (!kv_store_save_session_audited (self->store, booking->id, &snapshot,
                                      kv_clock_get_now (self->clock), self->actor, audit,
                                      &error))
    g_warning ("Session %s not stored: %s", booking->id, error->message);
}
