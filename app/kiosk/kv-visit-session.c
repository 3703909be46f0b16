/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-kiosk"

#include "config.h"

#include "kv-visit-session.h"

#include "kv-clock.h"
#include "kv-core-enums.h"
#include "kv-kiosk-error.h"

#include <glib/gi18n-lib.h>

/**
 * KvVisitSession:
 *
 * A visit's session on the server, as this kiosk knows it: what the server
 * last said of it (its state, who is present and confirmed by staff, the
 * time lost and the make-up time given back, who paused or muted it and
 * why, whether the prison side is supervised, how staff ended it), and
 * what this kiosk tells the server of it (`presence`, with the room's
 * supervision on the prison side; staff's `confirm`, `pause`, `mute` and
 * `staff_end`; the child's `child_alert`).
 *
 * The server's snapshots (`session`) replace the figures as a whole; a
 * `start`, `goodbye` or `end` changes only what it says. Owned by the
 * #KvVisit of the same booking.
 *
 * Properties (read-only, notified only on change): "peer-present",
 * "self-confirmed", "peer-confirmed", "makeup-seconds", "paused" (either
 * side), "paused-here", "pause-category", "muted" (either side),
 * "muted-here", "peer-supervised", "end-category".
 */

enum {
  PROP_0,
  PROP_SIGNALLER,
  PROP_ROLE,
  PROP_BOOKING_ID,
  PROP_PEER_PRESENT,
  PROP_SELF_CONFIRMED,
  PROP_PEER_CONFIRMED,
  PROP_MAKEUP_SECONDS,
  PROP_ROOM_SUPERVISED,
  PROP_PAUSED,
  PROP_PAUSED_HERE,
  PROP_PAUSE_CATEGORY,
  PROP_MUTED,
  PROP_MUTED_HERE,
  PROP_PEER_SUPERVISED,
  PROP_END_CATEGORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvVisitSession
{
  GObject parent_instance;

  KvSignaller *signaller;
  KvRole role;
  char *booking_id;
  gboolean room_supervised;

  KvSessionState server_state;  /* SCHEDULED until the server says more */
  gint64 lost_us;
  gboolean peer_present;
  gboolean self_confirmed;
  gboolean peer_confirmed;
  guint makeup_seconds;
  gboolean paused;
  gboolean paused_here;
  KvPauseCategory pause_category;
  gboolean muted;
  gboolean muted_here;
  gboolean peer_supervised;
  KvEndCategory end_category;
};

G_DEFINE_FINAL_TYPE (KvVisitSession, kv_visit_session, G_TYPE_OBJECT)

static void
set_boolean (KvVisitSession *self,
             gboolean       *field,
             gboolean        value,
             guint           prop)
{
  value = !!value;
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_enum (KvVisitSession *self,
          int            *field,
          int             value,
          guint           prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* Sends @message; without the server, @what_failed goes to staff. */
static gboolean
send_or_fail (KvVisitSession  *self,
              KvMessage       *message,
              const char      *what_failed,
              GError         **error)
{
  g_autoptr(GError) local_error = NULL;

  if (kv_signaller_send (self->signaller, message, &local_error))
    return TRUE;
  g_debug ("Could not send %s: %s", kv_message_type_to_string (message->type),
           local_error->message);
  g_set_error_literal (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NOT_CONNECTED, what_failed);
  return FALSE;
}

static void
kv_visit_session_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KvVisitSession *self = KV_VISIT_SESSION (object);

  switch (prop_id)
    {
    case PROP_SIGNALLER: g_value_set_object (value, self->signaller); break;
    case PROP_ROLE: g_value_set_enum (value, self->role); break;
    case PROP_BOOKING_ID: g_value_set_string (value, self->booking_id); break;
    case PROP_PEER_PRESENT: g_value_set_boolean (value, self->peer_present); break;
    case PROP_SELF_CONFIRMED: g_value_set_boolean (value, self->self_confirmed); break;
    case PROP_PEER_CONFIRMED: g_value_set_boolean (value, self->peer_confirmed); break;
    case PROP_MAKEUP_SECONDS: g_value_set_uint (value, self->makeup_seconds); break;
    case PROP_ROOM_SUPERVISED: g_value_set_boolean (value, self->room_supervised); break;
    case PROP_PAUSED: g_value_set_boolean (value, self->paused); break;
    case PROP_PAUSED_HERE: g_value_set_boolean (value, self->paused_here); break;
    case PROP_PAUSE_CATEGORY: g_value_set_enum (value, self->pause_category); break;
    case PROP_MUTED: g_value_set_boolean (value, self->muted); break;
    case PROP_MUTED_HERE: g_value_set_boolean (value, self->muted_here); break;
    case PROP_PEER_SUPERVISED: g_value_set_boolean (value, self->peer_supervised); break;
    case PROP_END_CATEGORY: g_value_set_enum (value, self->end_category); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_visit_session_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KvVisitSession *self = KV_VISIT_SESSION (object);

  switch (prop_id)
    {
    case PROP_SIGNALLER: self->signaller = g_value_dup_object (value); break;
    case PROP_ROLE: self->role = g_value_get_enum (value); break;
    case PROP_BOOKING_ID: self->booking_id = g_value_dup_string (value); break;
    case PROP_ROOM_SUPERVISED: self->room_supervised = g_value_get_boolean (value); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_visit_session_dispose (GObject *object)
{
  KvVisitSession *self = KV_VISIT_SESSION (object);

  g_clear_object (&self->signaller);

  G_OBJECT_CLASS (kv_visit_session_parent_class)->dispose (object);
}

static void
kv_visit_session_finalize (GObject *object)
{
  KvVisitSession *self = KV_VISIT_SESSION (object);

  g_free (self->booking_id);

  G_OBJECT_CLASS (kv_visit_session_parent_class)->finalize (object);
}

static void
kv_visit_session_class_init (KvVisitSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = kv_visit_session_get_property;
  object_class->set_property = kv_visit_session_set_property;
  object_class->dispose = kv_visit_session_dispose;
  object_class->finalize = kv_visit_session_finalize;

  properties[PROP_SIGNALLER] =
    g_param_spec_object ("signaller", NULL, NULL, KV_TYPE_SIGNALLER, construct);
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, KV_TYPE_ROLE, KV_ROLE_COMMUNITY, construct);
  properties[PROP_BOOKING_ID] =
    g_param_spec_string ("booking-id", NULL, NULL, NULL, construct);
  /**
   * KvVisitSession:peer-present:
   *
   * Whether the other kiosk is at the visit.
   */
  properties[PROP_PEER_PRESENT] =
    g_param_spec_boolean ("peer-present", NULL, NULL, FALSE, ro);
  /**
   * KvVisitSession:self-confirmed:
   *
   * Whether staff on this side confirmed their person is here.
   */
  properties[PROP_SELF_CONFIRMED] =
    g_param_spec_boolean ("self-confirmed", NULL, NULL, FALSE, ro);
  /**
   * KvVisitSession:peer-confirmed:
   *
   * Whether staff on the other side confirmed theirs.
   */
  properties[PROP_PEER_CONFIRMED] =
    g_param_spec_boolean ("peer-confirmed", NULL, NULL, FALSE, ro);
  /**
   * KvVisitSession:makeup-seconds:
   *
   * Lost time the server gave back, in seconds.
   */
  properties[PROP_MAKEUP_SECONDS] =
    g_param_spec_uint ("makeup-seconds", NULL, NULL, 0, G_MAXUINT, 0, ro);
  /**
   * KvVisitSession:room-supervised:
   *
   * Whether this kiosk's room is supervised (a helper sees and hears the
   * visit): said in `presence`, by the prison kiosk only.
   */
  properties[PROP_ROOM_SUPERVISED] =
    g_param_spec_boolean ("room-supervised", NULL, NULL, FALSE, construct);
  /**
   * KvVisitSession:paused:
   *
   * Whether staff on either side paused the visit.
   */
  properties[PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE, ro);
  /**
   * KvVisitSession:paused-here:
   *
   * Whether this side's staff paused it.
   */
  properties[PROP_PAUSED_HERE] = g_param_spec_boolean ("paused-here", NULL, NULL, FALSE, ro);
  /**
   * KvVisitSession:pause-category:
   *
   * Why the visit is paused (the server's choice when both sides paused);
   * %KV_PAUSE_CATEGORY_NONE when it is not.
   */
  properties[PROP_PAUSE_CATEGORY] =
    g_param_spec_enum ("pause-category", NULL, NULL, KV_TYPE_PAUSE_CATEGORY,
                       KV_PAUSE_CATEGORY_NONE, ro);
  /**
   * KvVisitSession:muted:
   *
   * Whether staff on either side muted the sound.
   */
  properties[PROP_MUTED] = g_param_spec_boolean ("muted", NULL, NULL, FALSE, ro);
  /**
   * KvVisitSession:muted-here:
   *
   * Whether this side's staff muted it.
   */
  properties[PROP_MUTED_HERE] = g_param_spec_boolean ("muted-here", NULL, NULL, FALSE, ro);
  /**
   * KvVisitSession:peer-supervised:
   *
   * On the community kiosk: whether the prison side said its room is
   * supervised. Always %FALSE on the prison kiosk.
   */
  properties[PROP_PEER_SUPERVISED] =
    g_param_spec_boolean ("peer-supervised", NULL, NULL, FALSE, ro);
  /**
   * KvVisitSession:end-category:
   *
   * Why staff ended the visit (a goodbye now or a safeguarding stop);
   * %KV_END_CATEGORY_NONE until they do.
   */
  properties[PROP_END_CATEGORY] =
    g_param_spec_enum ("end-category", NULL, NULL, KV_TYPE_END_CATEGORY,
                       KV_END_CATEGORY_NONE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_visit_session_init (KvVisitSession *self)
{
  self->server_state = KV_SESSION_STATE_SCHEDULED;
}

/**
 * kv_visit_session_new:
 * @signaller: the link to the server
 * @role: this kiosk's side
 * @booking_id: the booking
 * @room_supervised: whether this kiosk's room is supervised (prison only;
 *   ignored on the community side)
 *
 * Returns: (transfer full): the session
 */
KvVisitSession *
kv_visit_session_new (KvSignaller *signaller,
                      KvRole       role,
                      const char  *booking_id,
                      gboolean     room_supervised)
{
  g_return_val_if_fail (KV_IS_SIGNALLER (signaller), NULL);
  g_return_val_if_fail (booking_id != NULL, NULL);

  return g_object_new (KV_TYPE_VISIT_SESSION,
                       "signaller", signaller,
                       "role", role,
                       "booking-id", booking_id,
                       "room-supervised", room_supervised && role == KV_ROLE_PRISON,
                       NULL);
}

/**
 * kv_visit_session_take_snapshot:
 * @self: a #KvVisitSession
 * @snapshot: the server's `session` of this booking
 *
 * Returns: whether the other kiosk has just arrived (absent before, present
 *   now)
 */
gboolean
kv_visit_session_take_snapshot (KvVisitSession      *self,
                                const KvSessionInfo *snapshot)
{
  KvSideFlags own = kv_role_to_side (self->role);
  KvSideFlags peer = KV_SIDE_BOTH & ~own;
  gboolean arrived;
  guint makeup;

  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), FALSE);
  g_return_val_if_fail (snapshot != NULL, FALSE);

  self->server_state = snapshot->state;
  self->lost_us = snapshot->lost_us;
  arrived = !self->peer_present && (snapshot->present & peer) != 0;
  makeup = (guint) CLAMP (snapshot->makeup_us / KV_USEC_PER_SECOND, 0, G_MAXUINT);

  g_object_freeze_notify (G_OBJECT (self));
  set_boolean (self, &self->peer_present, (snapshot->present & peer) != 0, PROP_PEER_PRESENT);
  set_boolean (self, &self->self_confirmed, (snapshot->confirmed & own) != 0,
               PROP_SELF_CONFIRMED);
  set_boolean (self, &self->peer_confirmed, (snapshot->confirmed & peer) != 0,
               PROP_PEER_CONFIRMED);
  if (self->makeup_seconds != makeup)
    {
      self->makeup_seconds = makeup;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAKEUP_SECONDS]);
    }
  set_boolean (self, &self->paused, (snapshot->paused & KV_SIDE_BOTH) != 0, PROP_PAUSED);
  set_boolean (self, &self->paused_here, (snapshot->paused & own) != 0, PROP_PAUSED_HERE);
  set_enum (self, (int *) &self->pause_category,
            (snapshot->paused & KV_SIDE_BOTH) != 0 ? snapshot->pause_category
                                                   : KV_PAUSE_CATEGORY_NONE,
            PROP_PAUSE_CATEGORY);
  set_boolean (self, &self->muted, (snapshot->muted & KV_SIDE_BOTH) != 0, PROP_MUTED);
  set_boolean (self, &self->muted_here, (snapshot->muted & own) != 0, PROP_MUTED_HERE);
  set_boolean (self, &self->peer_supervised,
               self->role == KV_ROLE_COMMUNITY && snapshot->supervised, PROP_PEER_SUPERVISED);
  if (snapshot->end_category != KV_END_CATEGORY_NONE)
    set_enum (self, (int *) &self->end_category, snapshot->end_category, PROP_END_CATEGORY);
  g_object_thaw_notify (G_OBJECT (self));

  return arrived;
}

/* From a `start` (LIVE) or a `goodbye` (GOODBYE). The goodbye lifts every
 * pause on the server, so that nobody misses it: so here. */
void
kv_visit_session_set_server_state (KvVisitSession *self,
                                   KvSessionState  state)
{
  g_return_if_fail (KV_IS_VISIT_SESSION (self));
  self->server_state = state;
  if (state != KV_SESSION_STATE_GOODBYE)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  set_boolean (self, &self->paused, FALSE, PROP_PAUSED);
  set_boolean (self, &self->paused_here, FALSE, PROP_PAUSED_HERE);
  set_enum (self, (int *) &self->pause_category, KV_PAUSE_CATEGORY_NONE, PROP_PAUSE_CATEGORY);
  g_object_thaw_notify (G_OBJECT (self));
}

/* From a `goodbye` or an `end` that staff started: why. */
void
kv_visit_session_set_end_category (KvVisitSession *self,
                                   KvEndCategory   category)
{
  g_return_if_fail (KV_IS_VISIT_SESSION (self));
  if (category != KV_END_CATEGORY_NONE)
    set_enum (self, (int *) &self->end_category, category, PROP_END_CATEGORY);
}

/* From an `end`: the lost time the server recorded. */
void
kv_visit_session_set_lost_us (KvVisitSession *self,
                              gint64          lost_us)
{
  g_return_if_fail (KV_IS_VISIT_SESSION (self));
  self->lost_us = lost_us;
}

KvSessionState
kv_visit_session_get_server_state (KvVisitSession *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), KV_SESSION_STATE_SCHEDULED);
  return self->server_state;
}

gint64
kv_visit_session_get_lost_us (KvVisitSession *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), 0);
  return self->lost_us;
}

gboolean
kv_visit_session_get_peer_present (KvVisitSession *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), FALSE);
  return self->peer_present;
}

gboolean
kv_visit_session_get_self_confirmed (KvVisitSession *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), FALSE);
  return self->self_confirmed;
}

gboolean
kv_visit_session_get_peer_confirmed (KvVisitSession *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), FALSE);
  return self->peer_confirmed;
}

guint
kv_visit_session_get_makeup_seconds (KvVisitSession *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), 0);
  return self->makeup_seconds;
}

gboolean
kv_visit_session_get_paused (KvVisitSession *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), FALSE);
  return self->paused;
}

gboolean
kv_visit_session_get_paused_here (KvVisitSession *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), FALSE);
  return self->paused_here;
}

KvPauseCategory
kv_visit_session_get_pause_category (KvVisitSession *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), KV_PAUSE_CATEGORY_NONE);
  return self->pause_category;
}

gboolean
kv_visit_session_get_muted (KvVisitSession *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), FALSE);
  return self->muted;
}

gboolean
kv_visit_session_get_muted_here (KvVisitSession *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), FALSE);
  return self->muted_here;
}

gboolean
kv_visit_session_get_peer_supervised (KvVisitSession *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), FALSE);
  return self->peer_supervised;
}

KvEndCategory
kv_visit_session_get_end_category (KvVisitSession *self)
{
  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), KV_END_CATEGORY_NONE);
  return self->end_category;
}

/**
 * kv_visit_session_send_presence:
 * @self: a #KvVisitSession
 * @present: whether this kiosk is at the visit
 *
 * Sends `presence` (on the prison side with whether its room is
 * supervised); with the link down it is only logged (the kiosk says it
 * again when it signs in).
 */
void
kv_visit_session_send_presence (KvVisitSession *self,
                                gboolean        present)
{
  g_autoptr(KvMessage) message = kv_message_new (KV_MESSAGE_PRESENCE);
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KV_IS_VISIT_SESSION (self));

  message->presence.booking_id = g_strdup (self->booking_id);
  message->presence.present = present;
  message->presence.supervised = self->room_supervised;
  if (!kv_signaller_send (self->signaller, message, &error))
    g_debug ("Could not send presence: %s", error->message);
}

/**
 * kv_visit_session_send_confirm:
 * @self: a #KvVisitSession
 * @error: return location for a %KV_KIOSK_ERROR
 *
 * Staff confirm that the person on this side is here (`confirm`).
 *
 * Returns: whether the confirmation was sent
 */
gboolean
kv_visit_session_send_confirm (KvVisitSession  *self,
                               GError         **error)
{
  g_autoptr(KvMessage) message = kv_message_new (KV_MESSAGE_CONFIRM);

  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), FALSE);

  message->confirm.booking_id = g_strdup (self->booking_id);
  return send_or_fail (self, message,
                       /* Translators: shown to staff */
                       _("The server cannot be reached. Please try again in a moment."), error);
}

/**
 * kv_visit_session_send_pause:
 * @self: a #KvVisitSession
 * @category: why staff pause, or %KV_PAUSE_CATEGORY_NONE to resume
 * @error: return location for a %KV_KIOSK_ERROR
 *
 * Staff pause or resume the visit (`pause`). Nothing changes here until
 * the server's `session` says so, on both kiosks at once.
 *
 * Returns: whether the server was told
 */
gboolean
kv_visit_session_send_pause (KvVisitSession   *self,
                             KvPauseCategory   category,
                             GError          **error)
{
  g_autoptr(KvMessage) message = kv_message_new (KV_MESSAGE_PAUSE);

  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), FALSE);

  message->pause.booking_id = g_strdup (self->booking_id);
  message->pause.paused = category != KV_PAUSE_CATEGORY_NONE;
  message->pause.category = category;
  return send_or_fail (self, message,
                       /* Translators: shown to staff */
                       _("The server cannot be reached, so the visit cannot be paused or "
                         "resumed now. Please try again in a moment."), error);
}

/**
 * kv_visit_session_send_mute:
 * @self: a #KvVisitSession
 * @muted: whether staff want the sound off
 * @error: return location for a %KV_KIOSK_ERROR
 *
 * Staff mute or unmute the sound (`mute`); as with a pause, the server's
 * `session` says when it takes effect.
 *
 * Returns: whether the server was told
 */
gboolean
kv_visit_session_send_mute (KvVisitSession  *self,
                            gboolean         muted,
                            GError         **error)
{
  g_autoptr(KvMessage) message = kv_message_new (KV_MESSAGE_MUTE);

  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), FALSE);

  message->mute.booking_id = g_strdup (self->booking_id);
  message->mute.muted = !!muted;
  return send_or_fail (self, message,
                       /* Translators: shown to staff */
                       _("The server cannot be reached, so the sound cannot be changed now. "
                         "Please try again in a moment."), error);
}

/**
 * kv_visit_session_send_child_alert:
 * @self: a #KvVisitSession
 * @error: return location for a %KV_KIOSK_ERROR
 *
 * The child said "I'm not OK" (`child_alert`), for the record.
 *
 * Returns: whether the server was told
 */
gboolean
kv_visit_session_send_child_alert (KvVisitSession  *self,
                                   GError         **error)
{
  g_autoptr(KvMessage) message = kv_message_new (KV_MESSAGE_CHILD_ALERT);

  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), FALSE);

  message->child_alert.booking_id = g_strdup (self->booking_id);
  return send_or_fail (self, message,
                       /* Translators: shown to staff */
                       _("The server cannot be reached to record the child's alert."), error);
}

/**
 * kv_visit_session_send_staff_end:
 * @self: a #KvVisitSession
 * @category: why: %KV_END_CATEGORY_SAFEGUARDING stops the visit at once,
 *   any other starts the protected goodbye now (never
 *   %KV_END_CATEGORY_NONE, the immediate end of protocol v1)
 * @reason: (nullable): staff's words, recorded with the category
 * @error: return location for a %KV_KIOSK_ERROR
 *
 * Staff end the visit (`staff_end`). The visit follows the server's
 * `goodbye` and `end`, as on the other kiosk.
 *
 * Returns: whether the server was told
 */
gboolean
kv_visit_session_send_staff_end (KvVisitSession  *self,
                                 KvEndCategory    category,
                                 const char      *reason,
                                 GError         **error)
{
  g_autoptr(KvMessage) message = kv_message_new (KV_MESSAGE_STAFF_END);

  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), FALSE);
  g_return_val_if_fail (category != KV_END_CATEGORY_NONE, FALSE);

  message->staff_end.booking_id = g_strdup (self->booking_id);
  message->staff_end.category = category;
  /* The protocol requires a reason; staff may not have typed one. */
  message->staff_end.reason = g_strdup (reason != NULL && *reason != '\0'
                                          ? reason : kv_end_category_to_string (category));
  return send_or_fail (self, message,
                       /* Translators: shown to staff */
                       _("The server cannot be reached, so the visit cannot be ended from "
                         "here now. Please try again in a moment."), error);
}
