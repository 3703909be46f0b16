/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-signalling"

#include "config.h"

#include "kv-signalling-bookings.h"

/**
 * KvSignallingBookings:
 *
 * What happens to the set of bookings: restoring the stored ones after a
 * restart, and what staff do to bookings and sessions through the admin
 * API (make, cancel, end). Each change goes to the scheduler and the
 * store, and the kiosks concerned hear of it through the
 * #KvSignallingSessions.
 */

enum {
  PROP_0,
  PROP_CLOCK,
  PROP_STORE,
  PROP_SCHEDULER,
  PROP_SESSIONS,
  PROP_OUTBOX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvSignallingBookings
{
  GObject               parent_instance;

  KvClock              *clock;
  KvStore              *store;
  KvScheduler          *scheduler;
  KvSignallingSessions *sessions;
  KvSignallingOutbox   *outbox;
};

G_DEFINE_FINAL_TYPE (KvSignallingBookings, kv_signalling_bookings, G_TYPE_OBJECT)

static void
kv_signalling_bookings_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  KvSignallingBookings *self = KV_SIGNALLING_BOOKINGS (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SCHEDULER:
      self->scheduler = g_value_dup_object (value);
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
kv_signalling_bookings_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  KvSignallingBookings *self = KV_SIGNALLING_BOOKINGS (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SCHEDULER:
      g_value_set_object (value, self->scheduler);
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
kv_signalling_bookings_dispose (GObject *object)
{
  KvSignallingBookings *self = KV_SIGNALLING_BOOKINGS (object);

  g_clear_object (&self->outbox);
  g_clear_object (&self->sessions);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (kv_signalling_bookings_parent_class)->dispose (object);
}

static void
kv_signalling_bookings_class_init (KvSignallingBookingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = kv_signalling_bookings_set_property;
  object_class->get_property = kv_signalling_bookings_get_property;
  object_class->dispose = kv_signalling_bookings_dispose;

  /**
   * KvSignallingBookings:clock:
   *
   * Where time comes from.
   */
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, KV_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSignallingBookings:store:
   *
   * The database: bookings.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KV_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSignallingBookings:scheduler:
   *
   * The bookings and their sessions, checked against the rules.
   */
  properties[PROP_SCHEDULER] =
    g_param_spec_object ("scheduler", NULL, NULL, KV_TYPE_SCHEDULER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSignallingBookings:sessions:
   *
   * The running sessions and what their kiosks hear.
   */
  properties[PROP_SESSIONS] =
    g_param_spec_object ("sessions", NULL, NULL, KV_TYPE_SIGNALLING_SESSIONS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvSignallingBookings:outbox:
   *
   * Where sessions are stored and staff actions audited.
   */
  properties[PROP_OUTBOX] =
    g_param_spec_object ("outbox", NULL, NULL, KV_TYPE_SIGNALLING_OUTBOX,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_signalling_bookings_init (KvSignallingBookings *self)
{
}

KvSignallingBookings *
kv_signalling_bookings_new (KvClock              *clock,
                            KvStore              *store,
                            KvScheduler          *scheduler,
                            KvSignallingSessions *sessions,
                            KvSignallingOutbox   *outbox)
{
  g_return_val_if_fail (KV_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (KV_IS_STORE (store), NULL);
  g_return_val_if_fail (KV_IS_SCHEDULER (scheduler), NULL);
  g_return_val_if_fail (KV_IS_SIGNALLING_SESSIONS (sessions), NULL);
  g_return_val_if_fail (KV_IS_SIGNALLING_OUTBOX (outbox), NULL);

  return g_object_new (KV_TYPE_SIGNALLING_BOOKINGS,
                       "clock", clock,
                       "store", store,
                       "scheduler", scheduler,
                       "sessions", sessions,
                       "outbox", outbox,
                       NULL);
}

/**
 * kv_signalling_bookings_load:
 * @self: a #KvSignallingBookings
 * @error: return location for a #GError
 *
 * Restores the stored bookings that have not ended more than a day ago,
 * with their sessions as stored. Each session's state is recomputed for now
 * (so a restart never extends a visit), and stored again if that changed it.
 *
 * Returns: %TRUE if the bookings could be read
 */
gboolean
kv_signalling_bookings_load (KvSignallingBookings  *self,
                             GError               **error)
{
  gint64 now;
  g_autoptr(GPtrArray) records = NULL;

  g_return_val_if_fail (KV_IS_SIGNALLING_BOOKINGS (self), FALSE);

  now = kv_clock_get_now (self->clock);
  records = kv_store_list_bookings (self->store, NULL, now - KV_SIGNALLING_PRUNE_AFTER_US,
                                    G_MAXINT64, FALSE, error);
  if (records == NULL)
    return FALSE;

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
      kv_signalling_sessions_watch (self->sessions, session);
      if (!record->has_session || kv_session_get_state (session) != record->session.state)
        {
          g_autofree char *details = NULL;

          details = g_strdup_printf ("stored=%s",
                                     record->has_session
                                       ? kv_session_state_to_string (record->session.state)
                                       : "none");
          kv_signalling_outbox_save_session (self->outbox, session, "session-restored", details);
        }
    }
  return TRUE;
}

/**
 * kv_signalling_bookings_add:
 * @self: a #KvSignallingBookings
 * @booking: a new booking from staff
 * @origin: (nullable): its template, its family and why it was booked
 *   against the age rules
 * @error: return location for a #GError (%KV_BOOKING_ERROR: refused by the
 *   rules; %KV_STORE_ERROR: not stored)
 *
 * Checks the booking against the rules and every other booking, stores it
 * and tells both kiosks (a new `schedule`, and `join` if the join window is
 * already open).
 *
 * Returns: whether the booking was made
 */
gboolean
kv_signalling_bookings_add (KvSignallingBookings  *self,
                            const KvBooking       *booking,
                            const KvBookingOrigin *origin,
                            GError               **error)
{
  KvSessionWatch *watch;
  KvSession *session;

  g_return_val_if_fail (KV_IS_SIGNALLING_BOOKINGS (self), FALSE);

  session = kv_scheduler_add_booking (self->scheduler, booking, error);
  if (session == NULL ||
      !kv_store_add_booking_with (self->store, booking, origin,
                                  kv_clock_get_now (self->clock),
                                  kv_signalling_outbox_get_actor (self->outbox), error))
    {
      if (session != NULL)
        kv_scheduler_cancel_booking (self->scheduler, booking->id, NULL);
      return FALSE;
    }
  watch = kv_signalling_sessions_watch (self->sessions, session);
  kv_signalling_outbox_save_session (self->outbox, session, NULL, NULL);
  kv_signalling_sessions_notify_bookings_changed (self->sessions, booking);
  kv_session_watch_announce (watch);
  return TRUE;
}

/**
 * kv_signalling_bookings_cancel:
 * @category: (nullable): why, as a category, audited
 * @reason: (nullable): why, in staff's words
 *
 * Cancels a visit that has not gone live, and tells its kiosks.
 *
 * Returns: whether it was cancelled
 */
gboolean
kv_signalling_bookings_cancel (KvSignallingBookings  *self,
                               const char            *booking_id,
                               const char            *category,
                               const char            *reason,
                               GError               **error)
{
  KvSession *session;
  g_autoptr(KvBooking) booking = NULL;

  g_return_val_if_fail (KV_IS_SIGNALLING_BOOKINGS (self), FALSE);

  session = kv_scheduler_lookup_session (self->scheduler, booking_id);
  if (session == NULL)
    {
      g_set_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_NOT_FOUND,
                   "No booking %s", booking_id);
      return FALSE;
    }
  booking = kv_booking_copy (kv_session_get_booking (session));
  if (!kv_scheduler_cancel_booking (self->scheduler, booking_id, error) ||
      !kv_store_cancel_booking_why (self->store, booking_id, category, reason,
                                    kv_clock_get_now (self->clock),
                                    kv_signalling_outbox_get_actor (self->outbox), error))
    return FALSE;
  kv_signalling_sessions_notify_bookings_changed (self->sessions, booking);
  return TRUE;
}

/**
 * kv_signalling_bookings_move:
 * @self: a #KvSignallingBookings
 * @booking_id: a visit whose join window has not opened
 * @start_us: its new start
 * @end_us: its new end
 * @reason: (nullable): why
 * @origin: (nullable): the age rules' override at the new times, if any
 * @error: return location for a #GError
 *
 * Moves the visit in the scheduler (which checks the rules and clashes,
 * leaving its old time out), then in the store with its move row and audit
 * row; if the store fails, the scheduler gets the old time back. The new
 * session gets its watch, and both kiosks their new schedule (and `join`
 * if the new time's join window is already open).
 *
 * Returns: whether it was moved
 */
gboolean
kv_signalling_bookings_move (KvSignallingBookings  *self,
                             const char            *booking_id,
                             gint64                 start_us,
                             gint64                 end_us,
                             const char            *reason,
                             const KvBookingOrigin *origin,
                             GError               **error)
{
  g_autoptr(KvBooking) before = NULL;
  KvSessionWatch *watch;
  KvSession *session;

  g_return_val_if_fail (KV_IS_SIGNALLING_BOOKINGS (self), FALSE);

  session = kv_scheduler_lookup_session (self->scheduler, booking_id);
  if (session == NULL)
    {
      g_set_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_NOT_FOUND,
                   "No booking %s", booking_id);
      return FALSE;
    }
  before = kv_booking_copy (kv_session_get_booking (session));
  session = kv_scheduler_move_booking (self->scheduler, booking_id, start_us, end_us, error);
  if (session == NULL)
    return FALSE;
  if (!kv_store_move_booking_with (self->store, booking_id, start_us, end_us, reason, origin,
                                   kv_clock_get_now (self->clock),
                              kv_signalling_outbox_get_actor (self->outbox), error))
    {
      /* Its old time was free a moment ago and nothing else ran since. */
      session = kv_scheduler_move_booking (self->scheduler, booking_id, before->start_us,
                                           before->end_us, NULL);
      if (session != NULL)
        kv_signalling_sessions_watch (self->sessions, session);
      return FALSE;
    }
  watch = kv_signalling_sessions_watch (self->sessions, session);
  kv_signalling_sessions_notify_bookings_changed (self->sessions, before);
  kv_session_watch_announce (watch);
  return TRUE;
}

/**
 * kv_signalling_bookings_find_clash:
 *
 * Returns: (transfer none) (nullable): the booking on either kiosk of
 *   @booking it would clash with, make-up time included
 */
const KvBooking *
kv_signalling_bookings_find_clash (KvSignallingBookings *self,
                                   const KvBooking      *booking)
{
  g_return_val_if_fail (KV_IS_SIGNALLING_BOOKINGS (self), NULL);

  return kv_scheduler_find_clash (self->scheduler, booking);
}

/**
 * kv_signalling_bookings_end_session:
 * @self: a #KvSignallingBookings
 * @booking_id: the visit
 * @category: why; safeguarding stops it at once, the others start its
 *   goodbye now (see kv_session_end_by_staff_full())
 * @reason: staff's words
 * @error: return location for a #GError
 *
 * Staff end a visit from the admin API. Audited (as `admin`) by the
 * session's watch, with the change it makes.
 *
 * Returns: whether it was ended
 */
gboolean
kv_signalling_bookings_end_session (KvSignallingBookings  *self,
                                    const char            *booking_id,
                                    KvEndCategory          category,
                                    const char            *reason,
                                    GError               **error)
{
  KvEndRequest request = { category, reason, KV_SIDE_NONE, NULL };

  KvSession *session;

  g_return_val_if_fail (KV_IS_SIGNALLING_BOOKINGS (self), FALSE);

  session = kv_scheduler_lookup_session (self->scheduler, booking_id);
  if (session == NULL)
    {
      g_set_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_NOT_FOUND,
                   "No booking %s", booking_id);
      return FALSE;
    }
  request.actor = kv_signalling_outbox_get_actor (self->outbox);
  return kv_session_end_by_staff_full (session, &request, error);
}

/**
 * kv_signalling_bookings_confirm_session:
 * @self: a #KvSignallingBookings
 * @booking_id: the visit
 * @side: the side whose staff confirm the person is there
 * @error: return location for a #GError
 *
 * Staff confirm presence from the admin API, as a kiosk's staff would.
 * Audited by the session's watch, in the caller's name.
 *
 * Returns: whether it was taken
 */
gboolean
kv_signalling_bookings_confirm_session (KvSignallingBookings  *self,
                                        const char            *booking_id,
                                        KvSideFlags            side,
                                        GError               **error)
{
  KvSession *session;

  g_return_val_if_fail (KV_IS_SIGNALLING_BOOKINGS (self), FALSE);

  session = kv_scheduler_lookup_session (self->scheduler, booking_id);
  if (session == NULL)
    {
      g_set_error (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_NOT_FOUND,
                   "No booking %s", booking_id);
      return FALSE;
    }
  return kv_session_confirm (session, side, error);
}
