/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-signalling"

#include "config.h"

#include "kv-session-watch.h"

#include "kv-signalling-messages.h"

/**
 * KvSessionWatch:
 *
 * One session as its two kiosks see it. It follows the #KvSession's
 * signals and tells both kiosks of the booking what the session does
 * (join, session, start, cues, goodbye, end), and stores every change
 * (with its audit entry) before the kiosks hear of it, so a restart never
 * finds the kiosks ahead of the database. It also keeps which sides have
 * lost their media, for the session's lost-time accounting.
 */

enum {
  PROP_0,
  PROP_SESSION,
  PROP_CONFIG,
  PROP_PEERS,
  PROP_OUTBOX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvSessionWatch
{
  GObject             parent_instance;

  KvSession          *session;
  KvServerConfig     *config;
  KvSignallingPeers  *peers;
  KvSignallingOutbox *outbox;

  /* Sides whose media is lost now: reported by the kiosk, or its kiosk
   * disconnected while live. */
  KvSideFlags         lost;
  gulong              handler_ids[5];
};

G_DEFINE_FINAL_TYPE (KvSessionWatch, kv_session_watch, G_TYPE_OBJECT)

/* Takes @message; sends it (a copy to one) to both kiosks of the session. */
static void
send_to_both (KvSessionWatch *self,
              KvMessage      *message)
{
  const KvBooking *booking = kv_session_get_booking (self->session);

  kv_signalling_peers_send_to_kiosk (self->peers, booking->prison_kiosk,
                                     kv_message_copy (message));
  kv_signalling_peers_send_to_kiosk (self->peers, booking->community_kiosk, message);
}

static void
send_joins_to_both (KvSessionWatch *self)
{
  const KvBooking *booking = kv_session_get_booking (self->session);
  const char *kiosks[] = { booking->prison_kiosk, booking->community_kiosk };

  for (guint i = 0; i < G_N_ELEMENTS (kiosks); i++)
    if (kv_signalling_peers_lookup (self->peers, kiosks[i]) != NULL)
      kv_signalling_peers_send_to_kiosk (self->peers, kiosks[i],
                                         kv_signalling_new_join_message (self->config,
                                                                         self->session,
                                                                         kiosks[i]));
}

static void
on_state_changed (KvSession      *session,
                  KvSessionState  old_state,
                  KvSessionState  new_state,
                  gpointer        user_data)
{
  KvSessionWatch *self = user_data;
  const KvBooking *booking = kv_session_get_booking (session);
  g_autofree char *action = g_strconcat ("session-", kv_session_state_to_string (new_state), NULL);
  g_autofree char *details = NULL;
  KvMessage *message;

  if (new_state == KV_SESSION_STATE_ENDED)
    details = g_strdup_printf ("from=%s outcome=%s lost_us=%" G_GINT64_FORMAT,
                               kv_session_state_to_string (old_state),
                               kv_outcome_to_string (kv_session_get_outcome (session)),
                               kv_session_get_lost_us (session));
  else
    details = g_strdup_printf ("from=%s", kv_session_state_to_string (old_state));
  kv_signalling_outbox_save_session (self->outbox, session, action, details);

  /* A visit cancelled (or a no-show) before its join window: the kiosks
   * never joined it; their new schedule says all they need. */
  if (old_state == KV_SESSION_STATE_SCHEDULED && new_state == KV_SESSION_STATE_ENDED)
    return;

  /* A kiosk that never got `join` (a clock jump over the window) gets it
   * first, so it always knows the booking's times and ICE servers. */
  if ((old_state < KV_SESSION_STATE_JOINABLE && new_state >= KV_SESSION_STATE_JOINABLE &&
       new_state < KV_SESSION_STATE_ENDED))
    send_joins_to_both (self);
  send_to_both (self, kv_signalling_new_session_message (session));

  switch (new_state)
    {
    case KV_SESSION_STATE_LIVE:
      if (old_state == KV_SESSION_STATE_GOODBYE)
        break;      /* make-up moved the goodbye later: `session` says it */
      message = kv_message_new (KV_MESSAGE_START);
      message->start.booking_id = g_strdup (booking->id);
      message->start.end_us = kv_session_get_end_time (session);
      send_to_both (self, message);
      break;
    case KV_SESSION_STATE_GOODBYE:
      message = kv_message_new (KV_MESSAGE_GOODBYE);
      message->goodbye.booking_id = g_strdup (booking->id);
      message->goodbye.end_us = kv_session_get_end_time (session);
      send_to_both (self, message);
      break;
    case KV_SESSION_STATE_ENDED:
      message = kv_message_new (KV_MESSAGE_END);
      message->end.booking_id = g_strdup (booking->id);
      message->end.outcome = kv_session_get_outcome (session);
      message->end.absent = kv_session_get_absent (session);
      message->end.reason = g_strdup (kv_session_get_end_reason (session));
      message->end.lost_us = kv_session_get_lost_us (session);
      send_to_both (self, message);
      self->lost = KV_SIDE_NONE;
      break;
    case KV_SESSION_STATE_SCHEDULED:
    case KV_SESSION_STATE_JOINABLE:
    case KV_SESSION_STATE_READY:
    default:
      break;
    }
}

static void
on_cue_reached (KvSession *session,
                guint      seconds_left,
                gboolean   half_way,
                gpointer   user_data)
{
  KvSessionWatch *self = user_data;
  KvMessage *message = kv_message_new (KV_MESSAGE_CUE);

  message->cue.booking_id = g_strdup (kv_session_get_booking (session)->id);
  message->cue.seconds_left = seconds_left;
  message->cue.half_way = half_way;
  send_to_both (self, message);
}

static void
on_end_time_changed (KvSession *session,
                     gint64     new_end_us,
                     gpointer   user_data)
{
  KvSessionWatch *self = user_data;
  g_autofree char *details = NULL;

  details = g_strdup_printf ("end_us=%" G_GINT64_FORMAT " makeup_us=%" G_GINT64_FORMAT,
                             new_end_us, kv_session_get_makeup_us (session));
  kv_signalling_outbox_save_session (self->outbox, session, "makeup-granted", details);
  send_to_both (self, kv_signalling_new_session_message (session));
}

static void
on_sides_changed (KvSession  *session,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  KvSessionWatch *self = user_data;
  g_autofree char *action = g_strconcat ("session-", pspec->name, NULL);
  g_autofree char *details = NULL;

  details = g_strdup_printf ("present=%u confirmed=%u", kv_session_get_present (session),
                             kv_session_get_confirmed (session));
  kv_signalling_outbox_save_session (self->outbox, session, action, details);
  send_to_both (self, kv_signalling_new_session_message (session));
}

static void
kv_session_watch_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KvSessionWatch *self = KV_SESSION_WATCH (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_CONFIG:
      self->config = g_value_dup_object (value);
      break;
    case PROP_PEERS:
      self->peers = g_value_dup_object (value);
      break;
    case PROP_OUTBOX:
      self->outbox = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_session_watch_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KvSessionWatch *self = KV_SESSION_WATCH (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_CONFIG:
      g_value_set_object (value, self->config);
      break;
    case PROP_PEERS:
      g_value_set_object (value, self->peers);
      break;
    case PROP_OUTBOX:
      g_value_set_object (value, self->outbox);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_session_watch_constructed (GObject *object)
{
  KvSessionWatch *self = KV_SESSION_WATCH (object);

  G_OBJECT_CLASS (kv_session_watch_parent_class)->constructed (object);

  self->handler_ids[0] = g_signal_connect (self->session, "state-changed",
                                           G_CALLBACK (on_state_changed), self);
  self->handler_ids[1] = g_signal_connect (self->session, "cue-reached",
                                           G_CALLBACK (on_cue_reached), self);
  self->handler_ids[2] = g_signal_connect (self->session, "end-time-changed",
                                           G_CALLBACK (on_end_time_changed), self);
  self->handler_ids[3] = g_signal_connect (self->session, "notify::present",
                                           G_CALLBACK (on_sides_changed), self);
  self->handler_ids[4] = g_signal_connect (self->session, "notify::confirmed",
                                           G_CALLBACK (on_sides_changed), self);
}

static void
kv_session_watch_dispose (GObject *object)
{
  KvSessionWatch *self = KV_SESSION_WATCH (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->handler_ids); i++)
    g_clear_signal_handler (&self->handler_ids[i], self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->outbox);
  g_clear_object (&self->peers);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (kv_session_watch_parent_class)->dispose (object);
}

static void
kv_session_watch_class_init (KvSessionWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = kv_session_watch_set_property;
  object_class->get_property = kv_session_watch_get_property;
  object_class->constructed = kv_session_watch_constructed;
  object_class->dispose = kv_session_watch_dispose;

  /**
   * KvSessionWatch:session:
   *
   * The session watched.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, KV_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSessionWatch:config:
   *
   * The server configuration: STUN and TURN for `join`.
   */
  properties[PROP_CONFIG] =
    g_param_spec_object ("config", NULL, NULL, KV_TYPE_SERVER_CONFIG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSessionWatch:peers:
   *
   * The signed-in kiosks, to send to.
   */
  properties[PROP_PEERS] =
    g_param_spec_object ("peers", NULL, NULL, KV_TYPE_SIGNALLING_PEERS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSessionWatch:outbox:
   *
   * Where messages go and the session is stored.
   */
  properties[PROP_OUTBOX] =
    g_param_spec_object ("outbox", NULL, NULL, KV_TYPE_SIGNALLING_OUTBOX,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_session_watch_init (KvSessionWatch *self)
{
}

KvSessionWatch *
kv_session_watch_new (KvSession          *session,
                      KvServerConfig     *config,
                      KvSignallingPeers  *peers,
                      KvSignallingOutbox *outbox)
{
  g_return_val_if_fail (KV_IS_SESSION (session), NULL);
  g_return_val_if_fail (KV_IS_SERVER_CONFIG (config), NULL);
  g_return_val_if_fail (KV_IS_SIGNALLING_PEERS (peers), NULL);
  g_return_val_if_fail (KV_IS_SIGNALLING_OUTBOX (outbox), NULL);

  return g_object_new (KV_TYPE_SESSION_WATCH,
                       "session", session,
                       "config", config,
                       "peers", peers,
                       "outbox", outbox,
                       NULL);
}

KvSession *
kv_session_watch_get_session (KvSessionWatch *self)
{
  g_return_val_if_fail (KV_IS_SESSION_WATCH (self), NULL);

  return self->session;
}

/**
 * kv_session_watch_announce:
 * @self: a #KvSessionWatch
 *
 * Sends `join` and `session` to both kiosks if the join window is open
 * (a booking made inside it).
 */
void
kv_session_watch_announce (KvSessionWatch *self)
{
  KvSessionState state;

  g_return_if_fail (KV_IS_SESSION_WATCH (self));

  state = kv_session_get_state (self->session);
  if (state >= KV_SESSION_STATE_JOINABLE && state < KV_SESSION_STATE_ENDED)
    {
      send_joins_to_both (self);
      send_to_both (self, kv_signalling_new_session_message (self->session));
    }
}

/**
 * kv_session_watch_set_lost:
 * @self: a #KvSessionWatch
 * @side: a side
 * @lost: whether its media is lost (%FALSE: back)
 *
 * The session counts lost time while any side is lost, and grants make-up
 * when both are back.
 */
void
kv_session_watch_set_lost (KvSessionWatch *self,
                           KvSideFlags     side,
                           gboolean        lost)
{
  KvSideFlags before;
  const char *details = side == KV_SIDE_PRISON ? "side=prison" : "side=community";

  g_return_if_fail (KV_IS_SESSION_WATCH (self));

  before = self->lost;
  if (lost)
    self->lost |= side;
  else
    self->lost &= ~side;

  if (before == KV_SIDE_NONE && self->lost != KV_SIDE_NONE)
    {
      kv_session_media_lost (self->session);
      kv_signalling_outbox_save_session (self->outbox, self->session, "media-lost", details);
    }
  else if (before != KV_SIDE_NONE && self->lost == KV_SIDE_NONE)
    {
      kv_session_media_restored (self->session);
      kv_signalling_outbox_save_session (self->outbox, self->session, "media-restored", details);
    }
}
