/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-kiosk"

#include "config.h"

#include "kv-visit-requests.h"

#include "kv-core-enums.h"
#include "kv-kiosk-error.h"

#include <glib/gi18n-lib.h>

/**
 * KvVisitRequests:
 *
 * What this kiosk tells the server of a visit's session: `presence` (on
 * the prison side with whether its room is supervised), staff's
 * `confirm`, `pause`, `mute` and `staff_end`, and the child's
 * `child_alert`. Nothing it sends changes anything here: the server's
 * answer comes back as a `session`, `goodbye` or `end`, which the
 * #KvVisitSession of the same booking takes in. Without the server, staff
 * get a %KV_KIOSK_ERROR_NOT_CONNECTED they can read.
 *
 * Owned by the #KvVisit of the booking.
 */

enum {
  PROP_0,
  PROP_SIGNALLER,
  PROP_BOOKING_ID,
  PROP_ROOM_SUPERVISED,
  PROP_STAFF_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvVisitRequests
{
  GObject parent_instance;

  KvSignaller *signaller;
  char *booking_id;
  gboolean room_supervised;
  char *staff_id;
};

G_DEFINE_FINAL_TYPE (KvVisitRequests, kv_visit_requests, G_TYPE_OBJECT)

/* Sends @message; without the server, @what_failed goes to staff. */
static gboolean
send_or_fail (KvVisitRequests  *self,
              KvMessage        *message,
              const char       *what_failed,
              GError          **error)
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
kv_visit_requests_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KvVisitRequests *self = KV_VISIT_REQUESTS (object);

  switch (prop_id)
    {
    case PROP_SIGNALLER: g_value_set_object (value, self->signaller); break;
    case PROP_BOOKING_ID: g_value_set_string (value, self->booking_id); break;
    case PROP_ROOM_SUPERVISED: g_value_set_boolean (value, self->room_supervised); break;
    case PROP_STAFF_ID: g_value_set_string (value, self->staff_id); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_visit_requests_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KvVisitRequests *self = KV_VISIT_REQUESTS (object);

  switch (prop_id)
    {
    case PROP_SIGNALLER: self->signaller = g_value_dup_object (value); break;
    case PROP_BOOKING_ID: self->booking_id = g_value_dup_string (value); break;
    case PROP_ROOM_SUPERVISED: self->room_supervised = g_value_get_boolean (value); break;
    case PROP_STAFF_ID:
      if (g_strcmp0 (self->staff_id, g_value_get_string (value)) != 0)
        {
          g_free (self->staff_id);
          self->staff_id = g_value_dup_string (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_visit_requests_dispose (GObject *object)
{
  KvVisitRequests *self = KV_VISIT_REQUESTS (object);

  g_clear_object (&self->signaller);

  G_OBJECT_CLASS (kv_visit_requests_parent_class)->dispose (object);
}

static void
kv_visit_requests_finalize (GObject *object)
{
  KvVisitRequests *self = KV_VISIT_REQUESTS (object);

  g_free (self->booking_id);
  g_free (self->staff_id);

  G_OBJECT_CLASS (kv_visit_requests_parent_class)->finalize (object);
}

static void
kv_visit_requests_class_init (KvVisitRequestsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                G_PARAM_STATIC_STRINGS;

  object_class->get_property = kv_visit_requests_get_property;
  object_class->set_property = kv_visit_requests_set_property;
  object_class->dispose = kv_visit_requests_dispose;
  object_class->finalize = kv_visit_requests_finalize;

  properties[PROP_SIGNALLER] =
    g_param_spec_object ("signaller", NULL, NULL, KV_TYPE_SIGNALLER, construct);
  properties[PROP_BOOKING_ID] =
    g_param_spec_string ("booking-id", NULL, NULL, NULL, construct);
  /**
   * KvVisitRequests:room-supervised:
   *
   * Whether this kiosk's room is supervised (a helper sees and hears the
   * visit): said in `presence`, by the prison kiosk only.
   */
  properties[PROP_ROOM_SUPERVISED] =
    g_param_spec_boolean ("room-supervised", NULL, NULL, FALSE, construct);
  /**
   * KvVisitRequests:staff-id:
   *
   * Whose personal PIN opened the staff panel, sent with confirm, pause,
   * mute and staff_end; %NULL for the site PIN.
   */
  properties[PROP_STAFF_ID] =
    g_param_spec_string ("staff-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_visit_requests_init (KvVisitRequests *self)
{
}

/**
 * kv_visit_requests_new:
 * @signaller: the link to the server
 * @role: this kiosk's side
 * @booking_id: the booking
 * @room_supervised: whether this kiosk's room is supervised (prison only;
 *   ignored on the community side)
 *
 * Returns: (transfer full): what this kiosk tells the server of the visit
 */
KvVisitRequests *
kv_visit_requests_new (KvSignaller *signaller,
                       KvRole       role,
                       const char  *booking_id,
                       gboolean     room_supervised)
{
  g_return_val_if_fail (KV_IS_SIGNALLER (signaller), NULL);
  g_return_val_if_fail (booking_id != NULL, NULL);

  return g_object_new (KV_TYPE_VISIT_REQUESTS,
                       "signaller", signaller,
                       "booking-id", booking_id,
                       "room-supervised", room_supervised && role == KV_ROLE_PRISON,
                       NULL);
}

/**
 * kv_visit_requests_send_presence:
 * @self: a #KvVisitRequests
 * @present: whether this kiosk is at the visit
 *
 * Sends `presence` (on the prison side with whether its room is
 * supervised); with the link down it is only logged (the kiosk says it
 * again when it signs in).
 */
void
kv_visit_requests_send_presence (KvVisitRequests *self,
                                 gboolean         present)
{
  g_autoptr(KvMessage) message = kv_message_new (KV_MESSAGE_PRESENCE);
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KV_IS_VISIT_REQUESTS (self));

  message->presence.booking_id = g_strdup (self->booking_id);
  message->presence.present = present;
  message->presence.supervised = self->room_supervised;
  if (!kv_signaller_send (self->signaller, message, &error))
    g_debug ("Could not send presence: %s", error->message);
}

/**
 * kv_visit_requests_send_confirm:
 * @self: a #KvVisitRequests
 * @error: return location for a %KV_KIOSK_ERROR
 *
 * Staff confirm that the person on this side is here (`confirm`).
 *
 * Returns: whether the confirmation was sent
 */
gboolean
kv_visit_requests_send_confirm (KvVisitRequests  *self,
                                GError          **error)
{
  g_autoptr(KvMessage) message = kv_message_new (KV_MESSAGE_CONFIRM);

  g_return_val_if_fail (KV_IS_VISIT_REQUESTS (self), FALSE);

  message->confirm.booking_id = g_strdup (self->booking_id);
  kv_message_set_staff_id (message, self->staff_id);
  return send_or_fail (self, message,
                       /* Translators: shown to staff */
                       _("The server cannot be reached. Please try again in a moment."), error);
}

/**
 * kv_visit_requests_send_pause:
 * @self: a #KvVisitRequests
 * @category: why staff pause, or %KV_PAUSE_CATEGORY_NONE to resume
 * @error: return location for a %KV_KIOSK_ERROR
 *
 * Staff pause or resume the visit (`pause`). Nothing changes here until
 * the server's `session` says so, on both kiosks at once.
 *
 * Returns: whether the server was told
 */
gboolean
kv_visit_requests_send_pause (KvVisitRequests   *self,
                              KvPauseCategory    category,
                              GError           **error)
{
  g_autoptr(KvMessage) message = kv_message_new (KV_MESSAGE_PAUSE);

  g_return_val_if_fail (KV_IS_VISIT_REQUESTS (self), FALSE);

  message->pause.booking_id = g_strdup (self->booking_id);
  message->pause.paused = category != KV_PAUSE_CATEGORY_NONE;
  message->pause.category = category;
  kv_message_set_staff_id (message, self->staff_id);
  return send_or_fail (self, message,
                       /* Translators: shown to staff */
                       _("The server cannot be reached, so the visit cannot be paused or "
                         "resumed now. Please try again in a moment."), error);
}

/**
 * kv_visit_requests_send_mute:
 * @self: a #KvVisitRequests
 * @muted: whether staff want the sound off
 * @error: return location for a %KV_KIOSK_ERROR
 *
 * Staff mute or unmute the sound (`mute`); as with a pause, the server's
 * `session` says when it takes effect.
 *
 * Returns: whether the server was told
 */
gboolean
kv_visit_requests_send_mute (KvVisitRequests  *self,
                             gboolean          muted,
                             GError          **error)
{
  g_autoptr(KvMessage) message = kv_message_new (KV_MESSAGE_MUTE);

  g_return_val_if_fail (KV_IS_VISIT_REQUESTS (self), FALSE);

  message->mute.booking_id = g_strdup (self->booking_id);
  message->mute.muted = !!muted;
  kv_message_set_staff_id (message, self->staff_id);
  return send_or_fail (self, message,
                       /* Translators: shown to staff */
                       _("The server cannot be reached, so the sound cannot be changed now. "
                         "Please try again in a moment."), error);
}

/**
 * kv_visit_requests_send_child_alert:
 * @self: a #KvVisitRequests
 * @error: return location for a %KV_KIOSK_ERROR
 *
 * The child said "I'm not OK" (`child_alert`), for the record.
 *
 * Returns: whether the server was told
 */
gboolean
kv_visit_requests_send_child_alert (KvVisitRequests  *self,
                                    GError          **error)
{
  g_autoptr(KvMessage) message = kv_message_new (KV_MESSAGE_CHILD_ALERT);

  g_return_val_if_fail (KV_IS_VISIT_REQUESTS (self), FALSE);

  message->child_alert.booking_id = g_strdup (self->booking_id);
  return send_or_fail (self, message,
                       /* Translators: shown to staff */
                       _("The server cannot be reached to record the child's alert."), error);
}

/**
 * kv_visit_requests_send_staff_end:
 * @self: a #KvVisitRequests
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
kv_visit_requests_send_staff_end (KvVisitRequests  *self,
                                  KvEndCategory     category,
                                  const char       *reason,
                                  GError          **error)
{
  g_autoptr(KvMessage) message = kv_message_new (KV_MESSAGE_STAFF_END);

  g_return_val_if_fail (KV_IS_VISIT_REQUESTS (self), FALSE);
  g_return_val_if_fail (category != KV_END_CATEGORY_NONE, FALSE);

  message->staff_end.booking_id = g_strdup (self->booking_id);
  message->staff_end.category = category;
  /* The protocol requires a reason; staff may not have typed one. */
  message->staff_end.reason = g_strdup (reason != NULL && *reason != '\0'
                                          ? reason : kv_end_category_to_string (category));
  kv_message_set_staff_id (message, self->staff_id);
  return send_or_fail (self, message,
                       /* Translators: shown to staff */
                       _("The server cannot be reached, so the visit cannot be ended from "
                         "here now. Please try again in a moment."), error);
}
