/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-signalling"

#include "config.h"

#include "kv-signalling-handler.h"
#include "kv-signalling-handler-private.h"

/* KvSignallingHandler, continued: restoring bookings after a restart, and
 * what staff do to bookings and sessions through the admin API. */

/**
 * kv_signalling_handler_load:
 * @self: a #KvSignallingHandler
 * @error: return location for a #GError
 *
 * Restores the stored bookings that have not ended more than a day ago,
 * with their sessions as stored. Each session's state is recomputed for now
 * (so a restart never extends a visit), and stored again if that changed it.
 *
 * Returns: %TRUE if the bookings could be read
 */
gboolean
kv_signalling_handler_load (KvSignallingHandler *self,
                            GError             **error)
{
  gint64 now = kv_clock_get_now (self->clock);
  g_autoptr(GPtrArray) records = NULL;

  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), FALSE);

  records = kv_store_list_bookings (self->store, NULL, now - KV_SIGNALLING_PRUNE_AFTER_US, G_MAXINT64, FALSE,
                                    error);
  if (records == NULL)
    return FALSE;

  kv_signalling_handler_enter (self, "restart");
  for (guint i = 0; i < records->len; i++)
    {
      KvBookingRecord *record = g_ptr_array_index (records, i);
      g_autoptr(GError) local_error = NULL;
      KvSession *session;

      session = kv_scheduler_restore_booking (self->scheduler, record->booking,
                                              record->has_session ? &record->session : NULL,
                                              &local_error);
      if (session == NULL)
        {
          g_warning ("Stored booking %s not restored: %s", record->booking->id,
                     local_error->message);
          continue;
        }
      kv_signalling_handler_watch (self, session);
      if (!record->has_session || kv_session_get_state (session) != record->session.state)
        {
          g_autofree char *details = g_strdup_printf ("stored=%s", record->has_session
                                                      ? kv_session_state_to_string (record->session.state)
                                                      : "none");
          kv_signalling_handler_save_session (self, session, "session-restored", details);
        }
    }
  g_ptr_array_unref (kv_signalling_handler_leave (self));
  kv_signalling_handler_schedule_prune (self);
  return TRUE;
}

/**
 * kv_signalling_handler_add_booking:
 * @self: a #KvSignallingHandler
 * @booking: a new booking from staff
 * @error: return location for a #GError (%KV_BOOKING_ERROR: refused by the
 *   rules; %KV_STORE_ERROR: not stored)
 *
 * Checks the booking against the rules and every other booking, stores it
 * and tells both kiosks (a new `schedule`, and `join` if the join window is
 * already open).
 *
 * Returns: (transfer full) (element-type KvEnvelope) (nullable): what to
 *   send where, or %NULL if the booking was refused
 */
GPtrArray *
kv_signalling_handler_add_booking (KvSignallingHandler *self,
                                   const KvBooking     *booking,
                                   GError             **error)
{
  KvSession *session;
  KvSessionState state;

  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), NULL);

  kv_signalling_handler_enter (self, "admin");
  session = kv_scheduler_add_booking (self->scheduler, booking, error);
  if (session == NULL ||
      !kv_store_add_booking (self->store, booking, kv_clock_get_now (self->clock), error))
    {
      if (session != NULL)
        kv_scheduler_cancel_booking (self->scheduler, booking->id, NULL);
      g_ptr_array_unref (kv_signalling_handler_leave (self));
      return NULL;
    }
  kv_signalling_handler_watch (self, session);
  kv_signalling_handler_save_session (self, session, NULL, NULL);
  kv_signalling_handler_notify_bookings_changed (self, booking);

  state = kv_session_get_state (session);
  if (state >= KV_SESSION_STATE_JOINABLE && state < KV_SESSION_STATE_ENDED)
    {
      kv_signalling_handler_send_joins_to_both (self, session);
      kv_signalling_handler_send_to_both (self, session, kv_signalling_handler_new_session_message (session));
    }
  return kv_signalling_handler_leave (self);
}

/**
 * kv_signalling_handler_cancel_booking:
 *
 * Cancels a visit that has not gone live, and tells its kiosks.
 *
 * Returns: (transfer full) (nullable): what to send where, or %NULL
 */
GPtrArray *
kv_signalling_handler_cancel_booking (KvSignallingHandler *self,
                                      const char          *booking_id,
                                      GError             **error)
{
  KvSession *session;
  g_autoptr(KvBooking) booking = NULL;

  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), NULL);

  kv_signalling_handler_enter (self, "admin");
  session = kv_scheduler_lookup_session (self->scheduler, booking_id);
  if (session != NULL)
    booking = kv_booking_copy (kv_session_get_booking (session));
  if (session == NULL ||
      !kv_scheduler_cancel_booking (self->scheduler, booking_id, error) ||
      !kv_store_cancel_booking (self->store, booking_id, kv_clock_get_now (self->clock), error))
    {
      if (session == NULL)
        g_set_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_NOT_FOUND,
                     "No booking %s", booking_id);
      g_ptr_array_unref (kv_signalling_handler_leave (self));
      return NULL;
    }
  kv_signalling_handler_notify_bookings_changed (self, booking);
  return kv_signalling_handler_leave (self);
}

/**
 * kv_signalling_handler_end_session:
 *
 * Staff end a visit from the admin API, with a reason.
 *
 * Returns: (transfer full) (nullable): what to send where, or %NULL
 */
GPtrArray *
kv_signalling_handler_end_session (KvSignallingHandler *self,
                                   const char          *booking_id,
                                   const char          *reason,
                                   GError             **error)
{
  KvSession *session;

  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), NULL);

  kv_signalling_handler_enter (self, "admin");
  session = kv_scheduler_lookup_session (self->scheduler, booking_id);
  if (session == NULL)
    {
      g_set_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_NOT_FOUND,
                   "No booking %s", booking_id);
      g_ptr_array_unref (kv_signalling_handler_leave (self));
      return NULL;
    }
  if (!kv_session_end_by_staff (session, reason, error))
    {
      g_ptr_array_unref (kv_signalling_handler_leave (self));
      return NULL;
    }
  kv_signalling_handler_audit (self, "staff-end", booking_id, "side=admin");
  return kv_signalling_handler_leave (self);
}

guint
kv_signalling_handler_get_n_live (KvSignallingHandler *self)
{
  GHashTableIter iter;
  KvSessionWatch *watch;
  guint n = 0;

  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), 0);

  g_hash_table_iter_init (&iter, self->watches);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &watch))
    {
      KvSessionState state = kv_session_get_state (watch->session);

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
 * kv_signalling_handler_list_active_sessions:
 *
 * Returns: (transfer full) (element-type KvSession): the sessions between
 *   their join window and their end, by start
 */
GPtrArray *
kv_signalling_handler_list_active_sessions (KvSignallingHandler *self)
{
  GPtrArray *sessions = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  KvSessionWatch *watch;

  g_return_val_if_fail (KV_IS_SIGNALLING_HANDLER (self), NULL);

  g_hash_table_iter_init (&iter, self->watches);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &watch))
    {
      KvSessionState state = kv_session_get_state (watch->session);

      if (state >= KV_SESSION_STATE_JOINABLE && state <= KV_SESSION_STATE_GOODBYE)
        g_ptr_array_add (sessions, g_object_ref (watch->session));
    }
  g_ptr_array_sort (sessions, compare_sessions);
  return sessions;
}
