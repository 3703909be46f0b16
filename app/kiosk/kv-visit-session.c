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
 * time lost and the make-up time given back), and what this kiosk tells
 * the server of it (`presence`, staff's `confirm` and `staff_end`).
 *
 * The server's snapshots (`session`) replace the figures as a whole; a
 * `start`, `goodbye` or `end` changes only what it says. Owned by the
 * #KvVisit of the same booking.
 *
 * Properties (read-only, notified only on change): "peer-present",
 * "self-confirmed", "peer-confirmed", "makeup-seconds".
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
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvVisitSession
{
  GObject parent_instance;

  KvSignaller *signaller;
  KvRole role;
  char *booking_id;

  KvSessionState server_state;  /* SCHEDULED until the server says more */
  gint64 lost_us;
  gboolean peer_present;
  gboolean self_confirmed;
  gboolean peer_confirmed;
  guint makeup_seconds;
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

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_visit_session_init (KvVisitSession *self)
{
  self->server_state = KV_SESSION_STATE_SCHEDULED;
}

KvVisitSession *
kv_visit_session_new (KvSignaller *signaller,
                      KvRole       role,
                      const char  *booking_id)
{
  g_return_val_if_fail (KV_IS_SIGNALLER (signaller), NULL);
  g_return_val_if_fail (booking_id != NULL, NULL);

  return g_object_new (KV_TYPE_VISIT_SESSION,
                       "signaller", signaller,
                       "role", role,
                       "booking-id", booking_id,
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
  g_object_thaw_notify (G_OBJECT (self));

  return arrived;
}

/* From a `start` (LIVE) or a `goodbye` (GOODBYE). */
void
kv_visit_session_set_server_state (KvVisitSession *self,
                                   KvSessionState  state)
{
  g_return_if_fail (KV_IS_VISIT_SESSION (self));
  self->server_state = state;
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

/**
 * kv_visit_session_send_presence:
 * @self: a #KvVisitSession
 * @present: whether this kiosk is at the visit
 *
 * Sends `presence`; with the link down it is only logged (the kiosk says it
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
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), FALSE);

  message->confirm.booking_id = g_strdup (self->booking_id);
  if (!kv_signaller_send (self->signaller, message, &local_error))
    {
      g_debug ("Could not send confirm: %s", local_error->message);
      g_set_error_literal (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NOT_CONNECTED,
                           /* Translators: shown to staff */
                           _("The server cannot be reached. Please try again in a moment."));
      return FALSE;
    }
  return TRUE;
}

/**
 * kv_visit_session_send_staff_end:
 * @self: a #KvVisitSession
 * @reason: (nullable): staff's reason, recorded as the outcome
 * @error: return location for a %KV_KIOSK_ERROR
 *
 * Tells the server that staff ended the visit (`staff_end`). The visit
 * ends on this kiosk whatever this returns.
 *
 * Returns: whether the server was told
 */
gboolean
kv_visit_session_send_staff_end (KvVisitSession  *self,
                                 const char      *reason,
                                 GError         **error)
{
  g_autoptr(KvMessage) message = kv_message_new (KV_MESSAGE_STAFF_END);
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (KV_IS_VISIT_SESSION (self), FALSE);

  message->staff_end.booking_id = g_strdup (self->booking_id);
  /* The protocol requires a reason; staff may not have typed one. */
  message->staff_end.reason = g_strdup (reason != NULL && *reason != '\0' ? reason : "not given");
  if (!kv_signaller_send (self->signaller, message, &local_error))
    {
      g_debug ("Could not send staff_end: %s", local_error->message);
      g_set_error_literal (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NOT_CONNECTED,
                           /* Translators: shown to staff */
                           _("The visit was ended on this kiosk, but the server "
                             "cannot be reached to record it."));
      return FALSE;
    }
  return TRUE;
}
