/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-signalling"

#include "config.h"

#include "kv-signalling-sessions.h"

#include "kv-session-watch.h"
#include "kv-signalling-messages.h"

/**
 * KvSignallingSessions:
 *
 * The sessions the server runs, each followed by a #KvSessionWatch that
 * tells its kiosks what it does and stores it. This object keeps them: it
 * tells a kiosk that signs in its schedule and where its visits are, a
 * session when one of its kiosks leaves, and kiosks when their bookings
 * change.
 *
 * Ended sessions are forgotten a day after their end
 * (%KV_SIGNALLING_PRUNE_AFTER_US): the database has them.
 */

enum {
  PROP_0,
  PROP_CONFIG,
  PROP_CLOCK,
  PROP_SCHEDULER,
  PROP_PEERS,
  PROP_OUTBOX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvSignallingSessions
{
  GObject             parent_instance;

  KvServerConfig     *config;
  KvClock            *clock;
  KvScheduler        *scheduler;
  KvSignallingPeers  *peers;
  KvSignallingOutbox *outbox;

  GHashTable         *watches;   /* booking id -> KvSessionWatch */
  guint               prune_alarm;
};

G_DEFINE_FINAL_TYPE (KvSignallingSessions, kv_signalling_sessions, G_TYPE_OBJECT)

static KvSideFlags
side_of (const KvBooking *booking,
         const char      *kiosk_id)
{
  return g_str_equal (booking->prison_kiosk, kiosk_id) ? KV_SIDE_PRISON : KV_SIDE_COMMUNITY;
}

static void
send_schedule (KvSignallingSessions *self,
               KvPeer               *peer)
{
  gint64 now = kv_clock_get_now (self->clock);
  gint64 days = kv_server_config_get_schedule_days (self->config);
  g_autoptr(GPtrArray) bookings = NULL;

  bookings = kv_scheduler_list_bookings_for_kiosk (self->scheduler, peer->kiosk_id, now,
                                                   now + days * 86400 * G_USEC_PER_SEC);
  kv_signalling_outbox_send (self->outbox, peer,
                             kv_signalling_new_schedule_message (bookings, now), FALSE);
}

/* `join` and `session` for every open session of the kiosk, so a kiosk
 * that reconnects (or restarts) mid-visit carries on. */
static void
send_joins (KvSignallingSessions *self,
            KvPeer               *peer)
{
  const KvSiteRules *rules = kv_scheduler_get_rules (self->scheduler);
  gint64 now = kv_clock_get_now (self->clock);
  g_autoptr(GPtrArray) sessions = NULL;

  sessions = kv_scheduler_list_sessions_for_kiosk (self->scheduler, peer->kiosk_id, now,
                                                   now + rules->join_window_us + 1);
  for (guint i = 0; i < sessions->len; i++)
    {
      KvSession *session = g_ptr_array_index (sessions, i);
      const KvBooking *booking = kv_session_get_booking (session);
      KvSessionState state = kv_session_get_state (session);
      KvSessionWatch *watch = g_hash_table_lookup (self->watches, booking->id);

      if (state < KV_SESSION_STATE_JOINABLE || state > KV_SESSION_STATE_GOODBYE)
        continue;
      kv_signalling_outbox_send (self->outbox, peer,
                                 kv_signalling_new_join_message (self->config, session,
                                                                 peer->kiosk_id),
                                 FALSE);
      kv_signalling_outbox_send (self->outbox, peer, kv_signalling_new_session_message (session),
                                 FALSE);
      /* Back after a disconnect: its media counts as back; the kiosk
       * reports otherwise if the call does not come back. */
      if (watch != NULL)
        kv_session_watch_set_lost (watch, side_of (booking, peer->kiosk_id), FALSE);
    }
}

static void schedule_prune (KvSignallingSessions *self);

static void
on_prune_alarm (gpointer user_data)
{
  KvSignallingSessions *self = user_data;
  gint64 before = kv_clock_get_now (self->clock) - KV_SIGNALLING_PRUNE_AFTER_US;
  GHashTableIter iter;
  KvSessionWatch *watch;

  self->prune_alarm = 0;
  g_hash_table_iter_init (&iter, self->watches);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &watch))
    {
      KvSession *session = kv_session_watch_get_session (watch);

      if (kv_session_get_state (session) == KV_SESSION_STATE_ENDED &&
          kv_session_get_ended_at (session) < before)
        g_hash_table_iter_remove (&iter);
    }
  kv_scheduler_remove_ended (self->scheduler, before);
  schedule_prune (self);
}

static void
schedule_prune (KvSignallingSessions *self)
{
  if (self->prune_alarm == 0)
    self->prune_alarm = kv_clock_add_alarm (self->clock,
                                            kv_clock_get_now (self->clock) +
                                              KV_SIGNALLING_PRUNE_EVERY_US,
                                            on_prune_alarm, self, NULL);
}

static void
kv_signalling_sessions_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  KvSignallingSessions *self = KV_SIGNALLING_SESSIONS (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      self->config = g_value_dup_object (value);
      break;
    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;
    case PROP_SCHEDULER:
      self->scheduler = g_value_dup_object (value);
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
kv_signalling_sessions_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  KvSignallingSessions *self = KV_SIGNALLING_SESSIONS (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_value_set_object (value, self->config);
      break;
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_SCHEDULER:
      g_value_set_object (value, self->scheduler);
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
kv_signalling_sessions_constructed (GObject *object)
{
  KvSignallingSessions *self = KV_SIGNALLING_SESSIONS (object);

  G_OBJECT_CLASS (kv_signalling_sessions_parent_class)->constructed (object);

  schedule_prune (self);
}

static void
kv_signalling_sessions_dispose (GObject *object)
{
  KvSignallingSessions *self = KV_SIGNALLING_SESSIONS (object);

  if (self->clock != NULL)
    kv_clear_alarm (self->clock, &self->prune_alarm);
  g_hash_table_remove_all (self->watches);
  g_clear_object (&self->outbox);
  g_clear_object (&self->peers);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->clock);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (kv_signalling_sessions_parent_class)->dispose (object);
}

static void
kv_signalling_sessions_finalize (GObject *object)
{
  KvSignallingSessions *self = KV_SIGNALLING_SESSIONS (object);

  g_hash_table_unref (self->watches);

  G_OBJECT_CLASS (kv_signalling_sessions_parent_class)->finalize (object);
}

static void
kv_signalling_sessions_class_init (KvSignallingSessionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = kv_signalling_sessions_set_property;
  object_class->get_property = kv_signalling_sessions_get_property;
  object_class->constructed = kv_signalling_sessions_constructed;
  object_class->dispose = kv_signalling_sessions_dispose;
  object_class->finalize = kv_signalling_sessions_finalize;

  /**
   * KvSignallingSessions:config:
   *
   * The server configuration: TURN, schedule days.
   */
  properties[PROP_CONFIG] =
    g_param_spec_object ("config", NULL, NULL, KV_TYPE_SERVER_CONFIG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSignallingSessions:clock:
   *
   * Where time comes from.
   */
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, KV_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSignallingSessions:scheduler:
   *
   * The bookings and their sessions.
   */
  properties[PROP_SCHEDULER] =
    g_param_spec_object ("scheduler", NULL, NULL, KV_TYPE_SCHEDULER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSignallingSessions:peers:
   *
   * The signed-in kiosks, to send to.
   */
  properties[PROP_PEERS] =
    g_param_spec_object ("peers", NULL, NULL, KV_TYPE_SIGNALLING_PEERS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSignallingSessions:outbox:
   *
   * Where messages go, and who acts now.
   */
  properties[PROP_OUTBOX] =
    g_param_spec_object ("outbox", NULL, NULL, KV_TYPE_SIGNALLING_OUTBOX,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_signalling_sessions_init (KvSignallingSessions *self)
{
  self->watches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

KvSignallingSessions *
kv_signalling_sessions_new (KvServerConfig     *config,
                            KvClock            *clock,
                            KvScheduler        *scheduler,
                            KvSignallingPeers  *peers,
                            KvSignallingOutbox *outbox)
{
  g_return_val_if_fail (KV_IS_SERVER_CONFIG (config), NULL);
  g_return_val_if_fail (KV_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (KV_IS_SCHEDULER (scheduler), NULL);
  g_return_val_if_fail (KV_IS_SIGNALLING_PEERS (peers), NULL);
  g_return_val_if_fail (KV_IS_SIGNALLING_OUTBOX (outbox), NULL);

  return g_object_new (KV_TYPE_SIGNALLING_SESSIONS,
                       "config", config,
                       "clock", clock,
                       "scheduler", scheduler,
                       "peers", peers,
                       "outbox", outbox,
                       NULL);
}

/**
 * kv_signalling_sessions_watch:
 * @self: a #KvSignallingSessions
 * @session: a session of the scheduler, new or restored
 *
 * From now on, @session's kiosks hear what it does, and it is stored on
 * every change.
 *
 * Returns: (transfer none): its watch
 */
KvSessionWatch *
kv_signalling_sessions_watch (KvSignallingSessions *self,
                              KvSession            *session)
{
  KvSessionWatch *watch;

  g_return_val_if_fail (KV_IS_SIGNALLING_SESSIONS (self), NULL);

  watch = kv_session_watch_new (session, self->config, self->peers, self->outbox);
  g_hash_table_replace (self->watches, g_strdup (kv_session_get_booking (session)->id), watch);
  return watch;
}

/**
 * kv_signalling_sessions_notify_bookings_changed:
 * @self: a #KvSignallingSessions
 * @booking: a booking that was made or cancelled
 *
 * Both kiosks of @booking that are signed in get their new schedule (after
 * a `welcome`, which carries the server's time).
 */
void
kv_signalling_sessions_notify_bookings_changed (KvSignallingSessions *self,
                                                const KvBooking      *booking)
{
  const char *kiosks[] = { booking->prison_kiosk, booking->community_kiosk };

  g_return_if_fail (KV_IS_SIGNALLING_SESSIONS (self));

  for (guint i = 0; i < G_N_ELEMENTS (kiosks); i++)
    {
      KvPeer *peer = kv_signalling_peers_lookup (self->peers, kiosks[i]);
      KvMessage *welcome;

      if (peer == NULL || peer->closing)
        continue;
      welcome = kv_message_new (KV_MESSAGE_WELCOME);
      welcome->welcome.version = peer->version;
      welcome->welcome.kiosk_id = g_strdup (peer->kiosk_id);
      welcome->welcome.role = peer->role;
      welcome->welcome.server_time_us = kv_clock_get_now (self->clock);
      kv_signalling_outbox_send (self->outbox, peer, welcome, FALSE);
      send_schedule (self, peer);
    }
}

/**
 * kv_signalling_sessions_kiosk_signed_in:
 * @self: a #KvSignallingSessions
 * @peer: a connection that just signed in
 *
 * Sends the kiosk its schedule, and `join` and `session` for every visit
 * whose join window is open; a kiosk back in a live visit has its media
 * back.
 */
void
kv_signalling_sessions_kiosk_signed_in (KvSignallingSessions *self,
                                        KvPeer               *peer)
{
  g_return_if_fail (KV_IS_SIGNALLING_SESSIONS (self));
  g_return_if_fail (peer->kiosk_id != NULL);

  send_schedule (self, peer);
  send_joins (self, peer);
}

/**
 * kv_signalling_sessions_kiosk_left:
 * @self: a #KvSignallingSessions
 * @kiosk_id: a kiosk that signed out (its connection closed)
 *
 * A kiosk that leaves during a live visit has lost its media until it is
 * back; one that leaves before the visit is no longer present.
 */
void
kv_signalling_sessions_kiosk_left (KvSignallingSessions *self,
                                   const char           *kiosk_id)
{
  g_autoptr(GPtrArray) sessions = NULL;
  gint64 now;

  g_return_if_fail (KV_IS_SIGNALLING_SESSIONS (self));

  now = kv_clock_get_now (self->clock);
  sessions = kv_scheduler_list_sessions_for_kiosk (self->scheduler, kiosk_id, now, now + 1);
  for (guint i = 0; i < sessions->len; i++)
    {
      KvSession *session = g_ptr_array_index (sessions, i);
      const KvBooking *booking = kv_session_get_booking (session);
      KvSessionWatch *watch = g_hash_table_lookup (self->watches, booking->id);
      KvSideFlags side = side_of (booking, kiosk_id);
      KvSessionState state = kv_session_get_state (session);

      if (watch == NULL)
        continue;
      if (state == KV_SESSION_STATE_LIVE || state == KV_SESSION_STATE_GOODBYE)
        kv_session_watch_set_lost (watch, side, TRUE);
      else if (state == KV_SESSION_STATE_JOINABLE || state == KV_SESSION_STATE_READY)
        kv_session_set_present (session, side, FALSE);
    }
}

/**
 * kv_signalling_sessions_lookup:
 *
 * Returns: (transfer none) (nullable): the session of @booking_id, if it
 *   is one the server runs now (not ended more than a day ago)
 */
KvSession *
kv_signalling_sessions_lookup (KvSignallingSessions *self,
                               const char           *booking_id)
{
  KvSessionWatch *watch;

  g_return_val_if_fail (KV_IS_SIGNALLING_SESSIONS (self), NULL);

  watch = g_hash_table_lookup (self->watches, booking_id);
  return watch != NULL ? kv_session_watch_get_session (watch) : NULL;
}

/**
 * kv_signalling_sessions_set_media_lost:
 * @self: a #KvSignallingSessions
 * @booking_id: the booking
 * @side: the side whose kiosk reports
 * @lost: whether its media is lost (%FALSE: back)
 *
 * A kiosk's media report, for lost-time accounting.
 */
void
kv_signalling_sessions_set_media_lost (KvSignallingSessions *self,
                                       const char           *booking_id,
                                       KvSideFlags           side,
                                       gboolean              lost)
{
  KvSessionWatch *watch;

  g_return_if_fail (KV_IS_SIGNALLING_SESSIONS (self));

  watch = g_hash_table_lookup (self->watches, booking_id);
  if (watch != NULL)
    kv_session_watch_set_lost (watch, side, lost);
}

guint
kv_signalling_sessions_get_n_live (KvSignallingSessions *self)
{
  GHashTableIter iter;
  KvSessionWatch *watch;
  guint n = 0;

  g_return_val_if_fail (KV_IS_SIGNALLING_SESSIONS (self), 0);

  g_hash_table_iter_init (&iter, self->watches);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &watch))
    {
      KvSessionState state = kv_session_get_state (kv_session_watch_get_session (watch));

      n += state == KV_SESSION_STATE_LIVE || state == KV_SESSION_STATE_GOODBYE;
    }
  return n;
}

static int
compare_sessions (gconstpointer a,
                  gconstpointer b)
{
  const KvBooking *x = kv_session_get_booking (*(KvSession **) a);
  const KvBooking *y = kv_session_get_booking (*(KvSession **) b);

  if (x->start_us != y->start_us)
    return x->start_us < y->start_us ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

/**
 * kv_signalling_sessions_list_active:
 *
 * Returns: (transfer full) (element-type KvSession): the sessions between
 *   their join window and their end, by start
 */
GPtrArray *
kv_signalling_sessions_list_active (KvSignallingSessions *self)
{
  GPtrArray *sessions = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  KvSessionWatch *watch;

  g_return_val_if_fail (KV_IS_SIGNALLING_SESSIONS (self), NULL);

  g_hash_table_iter_init (&iter, self->watches);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &watch))
    {
      KvSession *session = kv_session_watch_get_session (watch);
      KvSessionState state = kv_session_get_state (session);

      if (state >= KV_SESSION_STATE_JOINABLE && state <= KV_SESSION_STATE_GOODBYE)
        g_ptr_array_add (sessions, g_object_ref (session));
    }
  g_ptr_array_sort (sessions, compare_sessions);
  return sessions;
}
