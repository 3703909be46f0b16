/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-signalling"

#include "config.h"

#include "kv-signalling-relay.h"

#include "kv-signalling-messages.h"

/**
 * KvSignallingRelay:
 *
 * What a signed-in kiosk says about one of its visits (presence, confirm,
 * staff_end, media, pause, mute, child_alert, sdp, ice), each message
 * authorised on its own: the kiosk must be one of the booking's two kiosks,
 * it acts for its own side only, and sdp/ice go only to the other kiosk,
 * only while the session is open, offers only from the offerer and answers
 * only from the answerer. Only the community kiosk (the child's) sends
 * child_alert, which goes to nobody; only the prison kiosk says its room
 * is supervised. Anything else is refused through #KvSignallingPeers.
 */

enum {
  PROP_0,
  PROP_METRICS,
  PROP_PEERS,
  PROP_SESSIONS,
  PROP_OUTBOX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvSignallingRelay
{
  GObject               parent_instance;

  KvMetrics            *metrics;
  KvSignallingPeers    *peers;
  KvSignallingSessions *sessions;
  KvSignallingOutbox   *outbox;
};

G_DEFINE_FINAL_TYPE (KvSignallingRelay, kv_signalling_relay, G_TYPE_OBJECT)

/* The session of @booking_id if @peer's kiosk is one of its two kiosks;
 * %NULL otherwise, the same whether the booking exists or not. */
static KvSession *
lookup_authorised (KvSignallingRelay  *self,
                   KvPeer             *peer,
                   const char         *booking_id,
                   KvSideFlags        *out_side,
                   const char        **out_other_kiosk)
{
  KvSession *session = kv_signalling_sessions_lookup (self->sessions, booking_id);
  const KvBooking *booking;

  if (session == NULL)
    return NULL;
  booking = kv_session_get_booking (session);
  if (g_str_equal (booking->prison_kiosk, peer->kiosk_id))
    {
      *out_side = KV_SIDE_PRISON;
      *out_other_kiosk = booking->community_kiosk;
    }
  else if (g_str_equal (booking->community_kiosk, peer->kiosk_id))
    {
      *out_side = KV_SIDE_COMMUNITY;
      *out_other_kiosk = booking->prison_kiosk;
    }
  else
    return NULL;
  return session;
}

/* How a refusal of the session reads on the wire. */
static KvProtocolError
code_for_session_error (const GError *error)
{
  if (g_error_matches (error, KV_SESSION_ERROR, KV_SESSION_ERROR_BAD_REASON) ||
      g_error_matches (error, KV_SESSION_ERROR, KV_SESSION_ERROR_BAD_CATEGORY) ||
      g_error_matches (error, KV_SESSION_ERROR, KV_SESSION_ERROR_INVALID_SIDES))
    return KV_PROTOCOL_ERROR_BAD_VALUE;
  return KV_PROTOCOL_ERROR_INVALID_STATE;
}

/* The child's "I'm not OK": recorded for staff, at most once per
 * KV_SESSION_CHILD_ALERT_INTERVAL_US, and sent to nobody: the prison
 * kiosk must not even see a `session` because of it. */
static void
note_child_alert (KvSignallingRelay *self,
                  KvPeer            *peer,
                  KvSession         *session,
                  KvSideFlags        side)
{
  const char *booking_id = kv_session_get_booking (session)->id;
  g_autoptr(GError) error = NULL;
  g_autofree char *details = NULL;
  gboolean recorded;

  if (side != KV_SIDE_COMMUNITY)
    {
      kv_signalling_peers_reject (self->peers, peer, KV_PROTOCOL_ERROR_FORBIDDEN, "child_alert",
                                  booking_id, "Only the child's kiosk (the community kiosk) "
                                  "sends child_alert");
      return;
    }
  if (!kv_session_note_child_alert (session, &recorded, &error))
    {
      kv_signalling_peers_reject (self->peers, peer, KV_PROTOCOL_ERROR_INVALID_STATE,
                                  "child_alert", booking_id, error->message);
      return;
    }
  if (!recorded)
    {
      /* Pressed again within seconds: taken, not recorded again. */
      g_debug ("Child alert for %s within %d s of the last: not recorded again", booking_id,
               (int) (KV_SESSION_CHILD_ALERT_INTERVAL_US / G_USEC_PER_SEC));
      return;
    }
  details = g_strdup_printf ("side=community count=%u", kv_session_get_child_alerts (session));
  kv_signalling_outbox_save_session (self->outbox, session, "child-alert", details);
}

static void
kv_signalling_relay_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KvSignallingRelay *self = KV_SIGNALLING_RELAY (object);

  switch (prop_id)
    {
    case PROP_METRICS:
      self->metrics = g_value_dup_object (value);
      break;
    case PROP_PEERS:
      self->peers = g_value_dup_object (value);
      break;
    case PROP_SESSIONS:
      self->sessions = g_value_dup_object (value);
      break;
    case PROP_OUTBOX:
      self->outbox = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_signalling_relay_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KvSignallingRelay *self = KV_SIGNALLING_RELAY (object);

  switch (prop_id)
    {
    case PROP_METRICS:
      g_value_set_object (value, self->metrics);
      break;
    case PROP_PEERS:
      g_value_set_object (value, self->peers);
      break;
    case PROP_SESSIONS:
      g_value_set_object (value, self->sessions);
      break;
    case PROP_OUTBOX:
      g_value_set_object (value, self->outbox);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_signalling_relay_dispose (GObject *object)
{
  KvSignallingRelay *self = KV_SIGNALLING_RELAY (object);

  g_clear_object (&self->outbox);
  g_clear_object (&self->sessions);
  g_clear_object (&self->peers);
  g_clear_object (&self->metrics);

  G_OBJECT_CLASS (kv_signalling_relay_parent_class)->dispose (object);
}

static void
kv_signalling_relay_class_init (KvSignallingRelayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = kv_signalling_relay_set_property;
  object_class->get_property = kv_signalling_relay_get_property;
  object_class->dispose = kv_signalling_relay_dispose;

  /**
   * KvSignallingRelay:metrics:
   *
   * The counters: messages relayed.
   */
  properties[PROP_METRICS] =
    g_param_spec_object ("metrics", NULL, NULL, KV_TYPE_METRICS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSignallingRelay:peers:
   *
   * The signed-in kiosks: the other kiosk of a booking, and refusals.
   */
  properties[PROP_PEERS] =
    g_param_spec_object ("peers", NULL, NULL, KV_TYPE_SIGNALLING_PEERS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSignallingRelay:sessions:
   *
   * The running sessions the messages are about.
   */
  properties[PROP_SESSIONS] =
    g_param_spec_object ("sessions", NULL, NULL, KV_TYPE_SIGNALLING_SESSIONS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSignallingRelay:outbox:
   *
   * Where relayed messages go, and staff ends are audited.
   */
  properties[PROP_OUTBOX] =
    g_param_spec_object ("outbox", NULL, NULL, KV_TYPE_SIGNALLING_OUTBOX,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_signalling_relay_init (KvSignallingRelay *self)
{
}

KvSignallingRelay *
kv_signalling_relay_new (KvMetrics            *metrics,
                         KvSignallingPeers    *peers,
                         KvSignallingSessions *sessions,
                         KvSignallingOutbox   *outbox)
{
  g_return_val_if_fail (KV_IS_METRICS (metrics), NULL);
  g_return_val_if_fail (KV_IS_SIGNALLING_PEERS (peers), NULL);
  g_return_val_if_fail (KV_IS_SIGNALLING_SESSIONS (sessions), NULL);
  g_return_val_if_fail (KV_IS_SIGNALLING_OUTBOX (outbox), NULL);

  return g_object_new (KV_TYPE_SIGNALLING_RELAY,
                       "metrics", metrics,
                       "peers", peers,
                       "sessions", sessions,
                       "outbox", outbox,
                       NULL);
}

/**
 * kv_signalling_relay_handle:
 * @self: a #KvSignallingRelay
 * @peer: a signed-in connection
 * @message: a message naming a booking (presence, confirm, staff_end,
 *   media, sdp, ice)
 *
 * Authorises @message and carries it out, or refuses it.
 */
void
kv_signalling_relay_handle (KvSignallingRelay *self,
                            KvPeer            *peer,
                            KvMessage         *message)
{
  const char *type = kv_message_type_to_string (message->type);
  const char *booking_id = kv_message_get_booking_id (message);
  g_autoptr(GError) error = NULL;
  const char *other_kiosk = NULL;
  KvSideFlags side = KV_SIDE_NONE;
  KvSession *session;
  KvSessionState state;
  gboolean ok = TRUE;

  g_return_if_fail (KV_IS_SIGNALLING_RELAY (self));
  g_return_if_fail (peer->kiosk_id != NULL);

  session = lookup_authorised (self, peer, booking_id, &side, &other_kiosk);
  if (session == NULL)
    {
      kv_signalling_peers_reject (self->peers, peer, KV_PROTOCOL_ERROR_FORBIDDEN, type,
                                  booking_id, "That booking is not one of this kiosk's visits");
      return;
    }
  state = kv_session_get_state (session);

  switch (message->type)
    {
    case KV_MESSAGE_SDP:
    case KV_MESSAGE_ICE:
      {
        KvPeer *other;
        KvMessage *copy;

        if (state < KV_SESSION_STATE_JOINABLE || state > KV_SESSION_STATE_GOODBYE)
          {
            kv_signalling_peers_reject (self->peers, peer, KV_PROTOCOL_ERROR_INVALID_STATE, type,
                                        booking_id,
                                        state == KV_SESSION_STATE_ENDED
                                          ? "This visit is over"
                                          : "This visit's join window is not open yet");
            return;
          }
        /* join named each kiosk's part, and the negotiation is the
         * offerer's to start (the prison's network decides what is
         * allowed): offers only from it, answers only from the other
         * kiosk. Whose turn it is, is the kiosks' business. */
        if (message->type == KV_MESSAGE_SDP &&
            (message->sdp.sdp_type == KV_SDP_OFFER) != (side == KV_SIGNALLING_OFFERER_SIDE))
          {
            kv_signalling_peers_reject (self->peers, peer, KV_PROTOCOL_ERROR_FORBIDDEN, type,
                                        booking_id,
                                        message->sdp.sdp_type == KV_SDP_OFFER
                                          ? "This kiosk answers in this visit: only the "
                                            "offerer named in join sends an offer"
                                          : "This kiosk offers in this visit: only the other "
                                            "kiosk sends an answer");
            return;
          }
        other = kv_signalling_peers_lookup (self->peers, other_kiosk);
        if (other == NULL || other->closing)
          {
            /* The peer renegotiates when it is back (it gets join again). */
            g_debug ("Dropped %s for %s: the other kiosk is not signed in", type, booking_id);
            return;
          }
        copy = kv_message_copy (message);
        kv_signalling_outbox_send (self->outbox, other, copy, FALSE);
        kv_metrics_add (self->metrics, KV_METRIC_MESSAGES_RELAYED, 1);
        return;
      }

    case KV_MESSAGE_PRESENCE:
      if (state == KV_SESSION_STATE_SCHEDULED || state == KV_SESSION_STATE_ENDED)
        {
          kv_signalling_peers_reject (self->peers, peer, KV_PROTOCOL_ERROR_INVALID_STATE, type,
                                      booking_id,
                                      state == KV_SESSION_STATE_ENDED
                                        ? "This visit is over"
                                        : "This visit's join window is not open yet");
          return;
        }
      /* A helper in the room is the prison side's to say; the community
       * kiosk cannot make the child believe one is there. */
      if (message->presence.supervised && side != KV_SIDE_PRISON)
        {
          kv_signalling_peers_reject (self->peers, peer, KV_PROTOCOL_ERROR_FORBIDDEN, type,
                                      booking_id, "Only the prison kiosk says whether its room "
                                      "is supervised");
          return;
        }
      if (side == KV_SIDE_PRISON)
        kv_session_set_supervised (session, message->presence.supervised);
      kv_session_set_present (session, side, message->presence.present);
      return;

    case KV_MESSAGE_CONFIRM:
      ok = kv_session_confirm (session, side, &error);
      break;

    case KV_MESSAGE_STAFF_END:
      /* Staff at a kiosk stop the visit in front of them: one that is open
       * (from its join window to its end). Visits to come are cancelled by
       * the visits office through the admin API, not by a kiosk. */
      if (state < KV_SESSION_STATE_JOINABLE || state > KV_SESSION_STATE_GOODBYE)
        {
          kv_signalling_peers_reject (self->peers, peer, KV_PROTOCOL_ERROR_INVALID_STATE, type,
                                      booking_id,
                                      state == KV_SESSION_STATE_ENDED
                                        ? "This visit is over"
                                        : "A kiosk can end a visit only once its join window "
                                          "is open; the visits office cancels visits to come");
          return;
        }
      {
        /* Who: the kiosk, until staff have personal accounts. Audited by
         * the session's watch with the change it makes. */
        KvEndRequest request = { message->staff_end.category, message->staff_end.reason, side,
                                 kv_signalling_outbox_get_actor (self->outbox) };

        ok = kv_session_end_by_staff_full (session, &request, &error);
        break;
      }

    case KV_MESSAGE_PAUSE:
      ok = kv_session_set_paused (session, side,
                                  message->pause.paused ? message->pause.category
                                                        : KV_PAUSE_CATEGORY_NONE,
                                  &error);
      break;

    case KV_MESSAGE_MUTE:
      ok = kv_session_set_muted (session, side, message->mute.muted, &error);
      break;

    case KV_MESSAGE_CHILD_ALERT:
      note_child_alert (self, peer, session, side);
      return;

    case KV_MESSAGE_MEDIA:
      /* Media reports count only while the visit is on; before, the call is
       * held anyway, and after, nothing is owed. */
      if (state == KV_SESSION_STATE_LIVE || state == KV_SESSION_STATE_GOODBYE)
        kv_signalling_sessions_set_media_lost (self->sessions, booking_id, side,
                                               !message->media.flowing);
      return;

    default:
      /* A kiosk message this server takes but does not act on: refused,
       * never a crash (nothing a kiosk sends may assert). */
      kv_signalling_peers_reject (self->peers, peer, KV_PROTOCOL_ERROR_UNKNOWN_TYPE, type,
                                  booking_id, "This server does not handle this message");
      return;
    }

  if (!ok)
    kv_signalling_peers_reject (self->peers, peer, code_for_session_error (error), type,
                                booking_id, error->message);
}
