/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-signalling"

#include "config.h"

#include "kv-session-watch.h"

#include "kv-audit-format.h"
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
 *
 * What staff change during a visit (a staff end, pauses, mutes, the
 * supervised room) is audited here, one entry per change and side, by
 * comparing the session with what the watch saw last: the session says
 * what is, the watch says what changed, and both are stored in one
 * transaction before the kiosks hear of it.
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
  gulong              handler_ids[9];

  /* What the kiosks were last told of staff's doings, to audit changes. */
  KvPauseCategory     seen_pause[2];     /* [0] prison, [1] community */
  KvSideFlags         seen_muted;
  gboolean            seen_supervised;
  gint64              seen_end_requested_us;
  KvEndCategory       seen_end_category;
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

static const char *
side_name (KvSideFlags side)
{
  return side == KV_SIDE_PRISON ? "prison" : side == KV_SIDE_COMMUNITY ? "community" : "admin";
}

static void
add_entry (GPtrArray  *audit,
           const char *action,
           char       *details)
{
  g_ptr_array_add (audit, kv_audit_entry_new (0, NULL, action, NULL, details));
  g_free (details);
}

/* Appends to @audit what staff changed since the watch last looked (and
 * what the goodbye or the end lifted), and remembers it. */
static void
collect_changes (KvSessionWatch *self,
                 GPtrArray      *audit)
{
  g_auto(KvSessionSnapshot) now = { 0 };
  const KvSideFlags sides[] = { KV_SIDE_PRISON, KV_SIDE_COMMUNITY };

  kv_session_get_snapshot (self->session, &now);

  /* A staff end, or a safeguarding stop of a goodbye staff started (at
   * the same instant, maybe: the category tells them apart). */
  if (now.end_requested_us != self->seen_end_requested_us ||
      now.end_category != self->seen_end_category)
    {
      g_autofree char *reason = kv_audit_format_quote_text (now.end_reason,
                                                            KV_SESSION_REASON_MAX_CHARS);

      /* Staff's words go to the audit log only quoted and bounded, and
       * never to the server's log. */
      add_entry (audit, "staff-end",
                 g_strdup_printf ("category=%s side=%s by=%s reason=%s",
                                  kv_end_category_to_string (now.end_category),
                                  side_name (now.end_side),
                                  now.end_actor != NULL ? now.end_actor : "admin", reason));
      self->seen_end_requested_us = now.end_requested_us;
      self->seen_end_category = now.end_category;
    }

  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      KvPauseCategory pause = sides[i] == KV_SIDE_PRISON ? now.prison_pause
                                                         : now.community_pause;

      if (pause != self->seen_pause[i] && pause != KV_PAUSE_CATEGORY_NONE)
        add_entry (audit, "session-paused",
                   g_strdup_printf ("side=%s category=%s", side_name (sides[i]),
                                    kv_pause_category_to_string (pause)));
      else if (pause != self->seen_pause[i])
        add_entry (audit, "session-resumed",
                   g_strdup_printf ("side=%s", side_name (sides[i])));
      self->seen_pause[i] = pause;

      if ((now.muted ^ self->seen_muted) & sides[i])
        add_entry (audit, (now.muted & sides[i]) ? "session-muted" : "session-unmuted",
                   g_strdup_printf ("side=%s", side_name (sides[i])));
    }
  self->seen_muted = now.muted;

  if (!now.supervised != !self->seen_supervised)
    add_entry (audit, "session-supervised",
               g_strdup_printf ("supervised=%s", now.supervised ? "true" : "false"));
  self->seen_supervised = now.supervised;
}

static GPtrArray *
new_audit (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) kv_audit_entry_free);
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
  g_autoptr(GPtrArray) audit = new_audit ();
  char *details = NULL;
  KvMessage *message;

  /* A staff end, and what its goodbye or end lifted, first: they caused
   * this change. */
  collect_changes (self, audit);
  if (new_state == KV_SESSION_STATE_ENDED)
    details = g_strdup_printf ("from=%s outcome=%s lost_us=%" G_GINT64_FORMAT,
                               kv_session_state_to_string (old_state),
                               kv_outcome_to_string (kv_session_get_outcome (session)),
                               kv_session_get_lost_us (session));
  else
    details = g_strdup_printf ("from=%s", kv_session_state_to_string (old_state));
  add_entry (audit, action, details);
  kv_signalling_outbox_save_session_audited (self->outbox, session, audit);

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
      if (kv_session_is_staff_goodbye (session))
        message->goodbye.category = kv_session_get_end_category (session);
      send_to_both (self, message);
      break;
    case KV_SESSION_STATE_ENDED:
      message = kv_message_new (KV_MESSAGE_END);
      message->end.booking_id = g_strdup (booking->id);
      message->end.outcome = kv_session_get_outcome (session);
      message->end.absent = kv_session_get_absent (session);
      if (message->end.outcome == KV_OUTCOME_ENDED_BY_STAFF)
        message->end.category = kv_session_get_end_category (session);
      /* A safeguarding concern in staff's words is for the record, never
       * for a screen in a visit room: the category says all the kiosk
       * needs for a calm, child-safe end. */
      if (message->end.category != KV_END_CATEGORY_SAFEGUARDING)
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

/* Staff paused, muted, said the room is supervised, or ended a visit in
 * its goodbye: audited, stored, and both kiosks get the new `session`.
 * Changes a state change carried are audited and sent with it already. */
static void
on_visit_changed (KvSession  *session,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  KvSessionWatch *self = user_data;
  g_autoptr(GPtrArray) audit = new_audit ();

  collect_changes (self, audit);
  if (audit->len == 0)
    return;
  kv_signalling_outbox_save_session_audited (self->outbox, session, audit);
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
  self->handler_ids[5] = g_signal_connect (self->session, "notify::paused",
                                           G_CALLBACK (on_visit_changed), self);
  self->handler_ids[6] = g_signal_connect (self->session, "notify::muted",
                                           G_CALLBACK (on_visit_changed), self);
  self->handler_ids[7] = g_signal_connect (self->session, "notify::supervised",
                                           G_CALLBACK (on_visit_changed), self);
  self->handler_ids[8] = g_signal_connect (self->session, "notify::end-category",
                                           G_CALLBACK (on_visit_changed), self);

  /* A restored session's past was audited before the restart. */
  {
    g_autoptr(GPtrArray) ignored = new_audit ();

    collect_changes (self, ignored);
  }
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
