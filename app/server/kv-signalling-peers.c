/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-signalling"

#include "config.h"

#include "kv-signalling-peers.h"

#include <string.h>

#include "kv-kiosk-sightings.h"
#include "kv-rate-limiter.h"

/**
 * KvSignallingPeers:
 *
 * The kiosk connections: who is signed in as which kiosk, signing in, and
 * what a connection may send before it is refused or closed.
 *
 * Before sign-in, the first message must be `hello`. A valid, unrevoked
 * token always signs in; failed sign-ins are limited per address for
 * unknown tokens and per kiosk for revoked ones, so neighbours behind one
 * NAT (or everyone behind a proxy) cannot lock each other out. Everything
 * refused before sign-in closes the connection and is counted in the
 * #KvRefusalLog, by the minute; a signed-in kiosk's refusals are audited
 * one by one, at most %KV_SIGNALLING_MAX_REJECTIONS per connection.
 */

enum {
  PROP_0,
  PROP_CLOCK,
  PROP_STORE,
  PROP_METRICS,
  PROP_REFUSAL_LOG,
  PROP_OUTBOX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvSignallingPeers
{
  GObject             parent_instance;

  KvClock            *clock;
  KvStore            *store;
  KvMetrics          *metrics;
  KvRefusalLog       *refusal_log;
  KvSignallingOutbox *outbox;

  KvRateLimiter      *auth_limiter;
  GHashTable         *peers;   /* kiosk id -> KvPeer (not owned): signed-in kiosks */
  KvKioskSightings   *sightings;
};

G_DEFINE_FINAL_TYPE (KvSignallingPeers, kv_signalling_peers, G_TYPE_OBJECT)

/* Keeps when @kiosk_id was last seen, for staff's Kiosks page. Only its
 * sign-ins and sign-outs count, never each message: a signed-in kiosk is
 * "online now" (the peers table says so, not the database), and once it
 * leaves, the sign-out time is the last time it was there, give or take
 * the dead-connection timeout. A server that stops or is killed leaves the
 * sign-in time, which the kiosk's reconnect soon replaces. The writes are
 * batched (#KvKioskSightings), so a reconnect storm stays off the relay's
 * main loop. */
static void
note_kiosk_seen (KvSignallingPeers *self,
                 const char        *kiosk_id,
                 const char        *software)
{
  kv_kiosk_sightings_note (self->sightings, kiosk_id, kv_clock_get_now (self->clock), software);
}

/* Refuses what a connection sent before signing in, and closes it: anyone
 * can send this, as often as they like, so it is counted by the minute in
 * the refusal log, not audited row by row, and it never counts against the
 * address's sign-ins (kiosks behind one NAT or proxy share the address). */
static void
refuse_before_sign_in (KvSignallingPeers *self,
                       KvPeer            *peer,
                       KvProtocolError    code,
                       const char        *in_reply_to,
                       KvRefusalKind      kind,
                       const char        *text)
{
  kv_metrics_count_rejection (self->metrics, kv_protocol_error_to_string (code));
  kv_refusal_log_record (self->refusal_log, peer->address, kind);
  peer->n_rejected++;
  kv_signalling_outbox_send (self->outbox, peer,
                             kv_message_new_error (code, in_reply_to, "%s", text), TRUE);
}

/* A hello that does not sign in: @kiosk is the revoked kiosk whose token it
 * was, or %NULL for a token no kiosk has. Failures count against the kiosk
 * (a revoked kiosk retrying must not lock out its neighbours) or else the
 * address; once either has failed too often, its hellos are refused as
 * rate-limited. */
static void
refuse_sign_in (KvSignallingPeers   *self,
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

static void
kv_signalling_peers_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KvSignallingPeers *self = KV_SIGNALLING_PEERS (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_METRICS:
      self->metrics = g_value_dup_object (value);
      break;
    case PROP_REFUSAL_LOG:
      self->refusal_log = g_value_dup_object (value);
      break;
    case PROP_OUTBOX:
      self->outbox = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_signalling_peers_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KvSignallingPeers *self = KV_SIGNALLING_PEERS (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_METRICS:
      g_value_set_object (value, self->metrics);
      break;
    case PROP_REFUSAL_LOG:
      g_value_set_object (value, self->refusal_log);
      break;
    case PROP_OUTBOX:
      g_value_set_object (value, self->outbox);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_signalling_peers_constructed (GObject *object)
{
  KvSignallingPeers *self = KV_SIGNALLING_PEERS (object);

  G_OBJECT_CLASS (kv_signalling_peers_parent_class)->constructed (object);

  self->auth_limiter = kv_rate_limiter_new (self->clock, KV_SIGNALLING_MAX_AUTH_FAILURES,
                                            60 * G_USEC_PER_SEC);
  self->sightings = kv_kiosk_sightings_new (self->store);
}

static void
kv_signalling_peers_dispose (GObject *object)
{
  KvSignallingPeers *self = KV_SIGNALLING_PEERS (object);

  g_hash_table_remove_all (self->peers);
  g_clear_object (&self->sightings);
  g_clear_object (&self->auth_limiter);
  g_clear_object (&self->outbox);
  g_clear_object (&self->refusal_log);
  g_clear_object (&self->metrics);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (kv_signalling_peers_parent_class)->dispose (object);
}

static void
kv_signalling_peers_finalize (GObject *object)
{
  KvSignallingPeers *self = KV_SIGNALLING_PEERS (object);

  g_hash_table_unref (self->peers);

  G_OBJECT_CLASS (kv_signalling_peers_parent_class)->finalize (object);
}

static void
kv_signalling_peers_class_init (KvSignallingPeersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = kv_signalling_peers_set_property;
  object_class->get_property = kv_signalling_peers_get_property;
  object_class->constructed = kv_signalling_peers_constructed;
  object_class->dispose = kv_signalling_peers_dispose;
  object_class->finalize = kv_signalling_peers_finalize;

  /**
   * KvSignallingPeers:clock:
   *
   * Where time comes from: message windows, sign-in failures.
   */
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, KV_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSignallingPeers:store:
   *
   * The database: the kiosks' token hashes.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KV_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSignallingPeers:metrics:
   *
   * The counters: kiosks signed in, refusals, failed sign-ins.
   */
  properties[PROP_METRICS] =
    g_param_spec_object ("metrics", NULL, NULL, KV_TYPE_METRICS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSignallingPeers:refusal-log:
   *
   * Where refusals before sign-in are counted.
   */
  properties[PROP_REFUSAL_LOG] =
    g_param_spec_object ("refusal-log", NULL, NULL, KV_TYPE_REFUSAL_LOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSignallingPeers:outbox:
   *
   * Where replies go, and the audit entries of refusals.
   */
  properties[PROP_OUTBOX] =
    g_param_spec_object ("outbox", NULL, NULL, KV_TYPE_SIGNALLING_OUTBOX,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_signalling_peers_init (KvSignallingPeers *self)
{
  self->peers = g_hash_table_new (g_str_hash, g_str_equal);
}

KvSignallingPeers *
kv_signalling_peers_new (KvClock            *clock,
                         KvStore            *store,
                         KvMetrics          *metrics,
                         KvRefusalLog       *refusal_log,
                         KvSignallingOutbox *outbox)
{
  g_return_val_if_fail (KV_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (KV_IS_STORE (store), NULL);
  g_return_val_if_fail (KV_IS_METRICS (metrics), NULL);
  g_return_val_if_fail (KV_IS_REFUSAL_LOG (refusal_log), NULL);
  g_return_val_if_fail (KV_IS_SIGNALLING_OUTBOX (outbox), NULL);

  return g_object_new (KV_TYPE_SIGNALLING_PEERS,
                       "clock", clock,
                       "store", store,
                       "metrics", metrics,
                       "refusal-log", refusal_log,
                       "outbox", outbox,
                       NULL);
}

/**
 * kv_signalling_peers_admit:
 * @self: a #KvSignallingPeers
 * @peer: the connection a message came on
 *
 * Counts one message of @peer against its per-second budget.
 *
 * Returns: %FALSE if the message is refused (the refusal is queued)
 */
gboolean
kv_signalling_peers_admit (KvSignallingPeers *self,
                           KvPeer            *peer)
{
  gint64 now;

  g_return_val_if_fail (KV_IS_SIGNALLING_PEERS (self), FALSE);

  now = kv_clock_get_now (self->clock);
  if (now - peer->window_start_us >= G_USEC_PER_SEC || now < peer->window_start_us)
    {
      peer->window_start_us = now;
      peer->window_count = 0;
    }
  if (++peer->window_count > KV_SIGNALLING_MAX_MESSAGES_PER_SECOND)
    {
      kv_signalling_peers_reject (self, peer, KV_PROTOCOL_ERROR_RATE_LIMITED, NULL, NULL,
                                  "Too many messages; slow down");
      return FALSE;
    }
  return TRUE;
}

/**
 * kv_signalling_peers_reject:
 * @self: a #KvSignallingPeers
 * @peer: the connection
 * @code: why
 * @in_reply_to: (nullable): the refused message's type
 * @booking_id: (nullable): the booking it named, for the audit log
 * @text: the error text, for people
 *
 * Refuses a message: an `error` reply, a count in the metrics, an audit
 * entry (or, before sign-in, a count in the refusal log and the
 * connection closed). Too many refusals close a signed-in connection too.
 */
void
kv_signalling_peers_reject (KvSignallingPeers *self,
                            KvPeer            *peer,
                            KvProtocolError    code,
                            const char        *in_reply_to,
                            const char        *booking_id,
                            const char        *text)
{
  const char *code_name = kv_protocol_error_to_string (code);
  g_autofree char *details = NULL;

  g_return_if_fail (KV_IS_SIGNALLING_PEERS (self));

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
  kv_signalling_outbox_audit (self->outbox, "message-rejected", booking_id, details);

  kv_signalling_outbox_send (self->outbox, peer,
                             kv_message_new_error (code, in_reply_to, "%s", text), FALSE);
  if (++peer->n_rejected >= KV_SIGNALLING_MAX_REJECTIONS)
    kv_signalling_outbox_send (self->outbox, peer,
                               kv_message_new_error (KV_PROTOCOL_ERROR_RATE_LIMITED, NULL,
                                                     "Too many refused messages: closing"),
                               TRUE);
}

/**
 * kv_signalling_peers_sign_in:
 * @self: a #KvSignallingPeers
 * @peer: a connection that is not signed in
 * @hello: its first message
 *
 * Signs @peer in and queues the `welcome`, or refuses it. A valid token
 * always signs in, however many failures came from its address: the
 * tokens are 256 random bits, so the limiter is not what stops guessing;
 * it only stops junk from costing the server more than a refusal.
 *
 * Returns: whether @peer is signed in now
 */
gboolean
kv_signalling_peers_sign_in (KvSignallingPeers *self,
                             KvPeer            *peer,
                             const KvHello     *hello)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvKioskRecord) kiosk = NULL;
  g_autofree char *actor = NULL;
  KvMessage *welcome;
  KvPeer *old;

  g_return_val_if_fail (KV_IS_SIGNALLING_PEERS (self), FALSE);
  g_return_val_if_fail (peer->kiosk_id == NULL, FALSE);

  kiosk = kv_store_lookup_kiosk_by_token (self->store, hello->token, &error);
  if (kiosk == NULL && !g_error_matches (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND))
    {
      g_warning ("Sign-in failed: %s", error->message);
      kv_signalling_outbox_send (self->outbox, peer,
                                 kv_message_new_error (KV_PROTOCOL_ERROR_INTERNAL, "hello",
                                                       "The server cannot sign kiosks in now; "
                                                       "try again"),
                                 TRUE);
      return FALSE;
    }
  if (kiosk == NULL || kiosk->revoked_us != 0)
    {
      refuse_sign_in (self, peer, kiosk);
      return FALSE;
    }

  /* The newest connection wins: a kiosk that restarted must not wait for
   * its old socket to time out. */
  old = g_hash_table_lookup (self->peers, kiosk->id);
  if (old != NULL && old != peer)
    kv_signalling_outbox_send (self->outbox, old,
                               kv_message_new_error (KV_PROTOCOL_ERROR_INVALID_STATE, NULL,
                                                     "Signed in again on another connection"),
                               TRUE);

  peer->kiosk_id = g_strdup (kiosk->id);
  peer->role = kiosk->role;
  /* Answered in the kiosk's own version: a kiosk of version 1 keeps
   * working while the fleet is updated. */
  peer->version = hello->version;
  g_hash_table_replace (self->peers, peer->kiosk_id, peer);
  kv_metrics_set (self->metrics, KV_METRIC_KIOSKS_SIGNED_IN, g_hash_table_size (self->peers));
  g_debug ("Kiosk %s signed in from %s", kiosk->id, peer->address);
  /* A hello without software (an older kiosk) clears what it said
   * before: what is shown is what this connection runs. */
  note_kiosk_seen (self, kiosk->id, hello->software != NULL ? hello->software : "");
  /* What signing in changes (a session's lost media back) is the kiosk's
   * doing, not its address's. */
  actor = kv_peer_dup_actor (peer);
  kv_signalling_outbox_set_actor (self->outbox, actor);

  welcome = kv_message_new (KV_MESSAGE_WELCOME);
  welcome->welcome.version = peer->version;
  welcome->welcome.kiosk_id = g_strdup (kiosk->id);
  welcome->welcome.role = kiosk->role;
  welcome->welcome.kiosk_label = *kiosk->label != '\0' ? g_strdup (kiosk->label) : NULL;
  welcome->welcome.server_time_us = kv_clock_get_now (self->clock);
  kv_signalling_outbox_send (self->outbox, peer, welcome, FALSE);
  return TRUE;
}

/**
 * kv_signalling_peers_remove:
 * @self: a #KvSignallingPeers
 * @peer: a connection that closed
 *
 * Returns: %TRUE if @peer was its kiosk's signed-in connection (and the
 *   kiosk is signed out now); %FALSE if it never signed in or had been
 *   replaced by a newer connection
 */
gboolean
kv_signalling_peers_remove (KvSignallingPeers *self,
                            KvPeer            *peer)
{
  g_return_val_if_fail (KV_IS_SIGNALLING_PEERS (self), FALSE);

  if (peer->kiosk_id == NULL || g_hash_table_lookup (self->peers, peer->kiosk_id) != peer)
    return FALSE;

  g_hash_table_remove (self->peers, peer->kiosk_id);
  kv_metrics_set (self->metrics, KV_METRIC_KIOSKS_SIGNED_IN, g_hash_table_size (self->peers));
  g_debug ("Kiosk %s signed out", peer->kiosk_id);
  note_kiosk_seen (self, peer->kiosk_id, NULL);
  return TRUE;
}

static int
compare_peers_by_kiosk (gconstpointer a,
                        gconstpointer b)
{
  const KvPeer *left = *(KvPeer * const *) a;
  const KvPeer *right = *(KvPeer * const *) b;

  return strcmp (left->kiosk_id, right->kiosk_id);
}

/**
 * kv_signalling_peers_list:
 * @self: a #KvSignallingPeers
 *
 * Returns: (transfer container) (element-type KvPeer): every signed-in
 *   connection, by kiosk id
 */
GPtrArray *
kv_signalling_peers_list (KvSignallingPeers *self)
{
  GPtrArray *peers;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (KV_IS_SIGNALLING_PEERS (self), NULL);

  peers = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->peers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (peers, value);
  g_ptr_array_sort (peers, compare_peers_by_kiosk);
  return peers;
}

/**
 * kv_signalling_peers_lookup:
 *
 * Returns: (transfer none) (nullable): the connection @kiosk_id is signed
 *   in on (it may be closing), or %NULL
 */
KvPeer *
kv_signalling_peers_lookup (KvSignallingPeers *self,
                            const char        *kiosk_id)
{
  g_return_val_if_fail (KV_IS_SIGNALLING_PEERS (self), NULL);

  return g_hash_table_lookup (self->peers, kiosk_id);
}

/**
 * kv_signalling_peers_send_to_kiosk:
 * @message: (transfer full): the message
 *
 * Queues @message for @kiosk_id; drops it when the kiosk is not signed in
 * (it gets the session's whole state again when it comes back).
 */
void
kv_signalling_peers_send_to_kiosk (KvSignallingPeers *self,
                                   const char        *kiosk_id,
                                   KvMessage         *message)
{
  KvPeer *peer;

  g_return_if_fail (KV_IS_SIGNALLING_PEERS (self));

  peer = g_hash_table_lookup (self->peers, kiosk_id);
  if (peer == NULL || peer->closing)
    {
      kv_message_free (message);
      return;
    }
  kv_signalling_outbox_send (self->outbox, peer, message, FALSE);
}

guint
kv_signalling_peers_get_n_signed_in (KvSignallingPeers *self)
{
  g_return_val_if_fail (KV_IS_SIGNALLING_PEERS (self), 0);

  return g_hash_table_size (self->peers);
}

/**
 * kv_signalling_peers_flush_sightings:
 * @self: a #KvSignallingPeers
 *
 * Writes when kiosks were last seen now, for someone about to read it.
 */
void
kv_signalling_peers_flush_sightings (KvSignallingPeers *self)
{
  g_return_if_fail (KV_IS_SIGNALLING_PEERS (self));

  kv_kiosk_sightings_flush (self->sightings);
}
