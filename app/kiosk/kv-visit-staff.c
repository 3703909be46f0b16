/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-kiosk"

#include "config.h"

#include "kv-visit-controller-private.h"

#include <glib/gi18n-lib.h>

/* Staff's intents on #KvVisitController (behind the staff PIN in the UI):
 * confirm the person is here, end the visit, pause the outgoing picture,
 * and test the camera and microphone between visits. */

static void
on_preview_changed (GObject    *object,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  kv_visit_controller_update_media (KV_VISIT_CONTROLLER (user_data));
}

void
kv_visit_controller_stop_preview (KvVisitController *self)
{
  if (self->preview == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->preview, self);
  kv_media_preview_stop (self->preview);
  g_clear_object (&self->preview);
  kv_visit_controller_set_boolean (self, &self->device_testing, FALSE, PROP_DEVICE_TESTING);
  kv_visit_controller_update_media (self);
}

/**
 * kv_visit_controller_staff_confirm:
 * @self: a #KvVisitController
 * @error: return location for a %KV_KIOSK_ERROR
 *
 * Staff confirm that the person on this side is here (sends `confirm`).
 *
 * Returns: whether the confirmation was sent
 */
gboolean
kv_visit_controller_staff_confirm (KvVisitController  *self,
                                   GError            **error)
{
  g_autoptr(KvMessage) message = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (KV_IS_VISIT_CONTROLLER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!self->visit_active)
    {
      g_set_error_literal (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NO_VISIT,
                           /* Translators: shown to staff */
                           _("There is no visit to confirm right now."));
      return FALSE;
    }

  if (self->phase != KV_VISIT_PHASE_WAITING)
    {
      g_set_error_literal (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NOT_NOW,
                           /* Translators: shown to staff */
                           _("The visit has already started."));
      return FALSE;
    }

  message = kv_message_new (KV_MESSAGE_CONFIRM);
  message->confirm.booking_id = g_strdup (self->visit_booking_id);
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
 * kv_visit_controller_staff_end:
 * @self: a #KvVisitController
 * @reason: (nullable): staff's reason, recorded as the outcome
 * @error: return location for a %KV_KIOSK_ERROR
 *
 * Ends the visit now: sends `staff_end` and ends the call on this kiosk at
 * once, whether or not the server can be reached. Without a server the
 * call still ends here, and %KV_KIOSK_ERROR_NOT_CONNECTED says that the
 * server has not been told.
 *
 * Returns: %TRUE if the visit ended and the server was told
 */
gboolean
kv_visit_controller_staff_end (KvVisitController  *self,
                               const char         *reason,
                               GError            **error)
{
  g_autoptr(KvMessage) message = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean sent;

  g_return_val_if_fail (KV_IS_VISIT_CONTROLLER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!self->visit_active)
    {
      g_set_error_literal (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_NO_VISIT,
                           /* Translators: shown to staff */
                           _("There is no visit to end right now."));
      return FALSE;
    }

  message = kv_message_new (KV_MESSAGE_STAFF_END);
  message->staff_end.booking_id = g_strdup (self->visit_booking_id);
  /* The protocol requires a reason; staff may not have typed one. */
  message->staff_end.reason = g_strdup (reason != NULL && *reason != '\0' ? reason : "not given");
  sent = kv_signaller_send (self->signaller, message, &local_error);

  kv_visit_flow_finish (self, KV_OUTCOME_ENDED_BY_STAFF);

  if (!sent)
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

/**
 * kv_visit_controller_set_picture_paused:
 * @self: a #KvVisitController
 * @paused: whether to hold the outgoing picture
 *
 * Staff's privacy pause: the outgoing picture is held, the call goes on.
 */
void
kv_visit_controller_set_picture_paused (KvVisitController *self,
                                        gboolean           paused)
{
  g_return_if_fail (KV_IS_VISIT_CONTROLLER (self));

  kv_visit_controller_set_boolean (self, &self->picture_paused, paused, PROP_PICTURE_PAUSED);
  if (self->call != NULL)
    kv_visit_call_set_picture_paused (self->call, self->picture_paused);
}

/**
 * kv_visit_controller_set_device_test:
 * @self: a #KvVisitController
 * @testing: start or stop the test
 * @error: return location for a %KV_KIOSK_ERROR
 *
 * Staff's camera and microphone test: a self-view and the input level from
 * a local preview, while no call is active.
 *
 * Returns: whether the test is in the requested state
 */
gboolean
kv_visit_controller_set_device_test (KvVisitController  *self,
                                     gboolean            testing,
                                     GError            **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (KV_IS_VISIT_CONTROLLER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!testing)
    {
      kv_visit_controller_stop_preview (self);
      return TRUE;
    }

  if (self->preview != NULL)
    return TRUE;

  if (self->call != NULL)
    {
      g_set_error_literal (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_CALL_ACTIVE,
                           /* Translators: shown to staff */
                           _("The camera is in use by the visit."));
      return FALSE;
    }

  self->preview = kv_call_factory_create_preview (self->call_factory, &local_error);
  if (self->preview == NULL)
    {
      g_warning ("Camera and microphone test failed: %s", local_error->message);
      if (g_error_matches (local_error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_DEVICE_MISSING))
        {
          self->no_camera = TRUE;
          kv_visit_flow_update_resting_phase (self);
        }
      g_set_error (error, KV_KIOSK_ERROR, KV_KIOSK_ERROR_DEVICE,
                   /* Translators: shown to staff; %s is the technical reason */
                   _("The camera or microphone does not work: %s"), local_error->message);
      return FALSE;
    }

  if (self->no_camera)
    {
      self->no_camera = FALSE;
      kv_visit_flow_update_resting_phase (self);
    }

  g_signal_connect_object (self->preview, "notify::self-paintable",
                           G_CALLBACK (on_preview_changed), self, 0);
  g_signal_connect_object (self->preview, "notify::input-level",
                           G_CALLBACK (on_preview_changed), self, 0);
  kv_visit_controller_set_boolean (self, &self->device_testing, TRUE, PROP_DEVICE_TESTING);
  kv_visit_controller_update_media (self);

  return TRUE;
}

