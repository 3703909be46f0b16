/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-scheduler"

#include "config.h"

#include "kv-scheduler.h"

#include "kv-scheduler-index.h"

#include <glib/gi18n-lib.h>

/**
 * KvScheduler:
 *
 * Holds every booking and its session on one clock. It refuses bookings
 * that break the site's rules or clash on either kiosk (make-up time
 * included), and tells each session when the next visit on either of its
 * kiosks starts, so that make-up time never eats into someone else's visit.
 *
 * Each kiosk has its own sequence of sessions sorted by start, so adding a
 * booking or listing a kiosk's day looks at a handful of neighbours, not at
 * every booking of the region.
 */

enum {
  PROP_0,
  PROP_CLOCK,
  PROP_RULES,
  N_PROPS
};

enum {
  SESSION_ADDED,
  SESSION_REMOVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

struct _KvScheduler
{
  GObject parent_instance;

  KvClock *clock;
  KvSiteRules rules;

  GHashTable *entries;    /* booking id -> KvSchedulerEntry */
  KvSchedulerIndex index;
};

G_DEFINE_FINAL_TYPE (KvScheduler, kv_scheduler, G_TYPE_OBJECT)

static void
on_session_ended (KvSession *session,
                  KvOutcome  outcome,
                  gpointer   user_data)
{
  KvScheduler *self = KV_SCHEDULER (user_data);
  KvSchedulerEntry *entry = g_hash_table_lookup (self->entries,
                                                 kv_session_get_booking (session)->id);

  /* Cancelled or ended early: the kiosks are free again for the visits
   * before it to take make-up time. */
  if (entry != NULL)
    kv_scheduler_index_update_neighbours (entry);
}

static void
entry_free (KvSchedulerEntry *entry)
{
  g_clear_signal_handler (&entry->ended_handler, entry->session);
  g_clear_object (&entry->session);
  g_free (entry);
}

static KvSession *
insert_session (KvScheduler *self,
                KvSession   *session)
{
  KvSchedulerEntry *entry = g_new0 (KvSchedulerEntry, 1);
  const KvBooking *booking = kv_session_get_booking (session);

  entry->session = session;
  entry->booking = booking;
  entry->ended_handler = g_signal_connect (session, "ended",
                                           G_CALLBACK (on_session_ended), self);
  g_hash_table_insert (self->entries, booking->id, entry);
  kv_scheduler_index_insert (&self->index, entry, self->rules.makeup_max_us);

  g_signal_emit (self, signals[SESSION_ADDED], 0, session);

  return session;
}

static gboolean
check_new_id (KvScheduler      *self,
              const KvBooking  *booking,
              GError          **error)
{
  if (!kv_booking_rules_check_fields (booking, error))
    return FALSE;

  if (g_hash_table_contains (self->entries, booking->id))
    {
      g_set_error_literal (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_DUPLICATE_ID,
                           _("A booking with this id already exists."));
      return FALSE;
    }

  return TRUE;
}

static void
kv_scheduler_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KvScheduler *self = KV_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_RULES:
      g_value_set_pointer (value, &self->rules);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_scheduler_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  KvScheduler *self = KV_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;
    case PROP_RULES:
      if (g_value_get_pointer (value) != NULL)
        self->rules = *(const KvSiteRules *) g_value_get_pointer (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_scheduler_dispose (GObject *object)
{
  KvScheduler *self = KV_SCHEDULER (object);

  kv_scheduler_index_clear (&self->index);
  if (self->entries != NULL)
    g_hash_table_remove_all (self->entries);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (kv_scheduler_parent_class)->dispose (object);
}

static void
kv_scheduler_finalize (GObject *object)
{
  KvScheduler *self = KV_SCHEDULER (object);

  g_clear_pointer (&self->entries, g_hash_table_unref);

  G_OBJECT_CLASS (kv_scheduler_parent_class)->finalize (object);
}

static void
kv_scheduler_class_init (KvSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kv_scheduler_get_property;
  object_class->set_property = kv_scheduler_set_property;
  object_class->dispose = kv_scheduler_dispose;
  object_class->finalize = kv_scheduler_finalize;

  /**
   * KvScheduler:clock:
   *
   * The clock every session runs on.
   */
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, KV_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * KvScheduler:rules:
   *
   * The site's #KvSiteRules, copied at construction.
   */
  properties[PROP_RULES] =
    g_param_spec_pointer ("rules", NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KvScheduler::session-added:
   * @self: the scheduler
   * @session: the #KvSession of a new or restored booking
   *
   * Connect to the session's own signals here.
   */
  signals[SESSION_ADDED] =
    g_signal_new ("session-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KV_TYPE_SESSION);

  /**
   * KvScheduler::session-removed:
   * @self: the scheduler
   * @session: the #KvSession that was pruned
   *
   * Emitted by kv_scheduler_remove_ended(), once the session is no longer
   * held by the scheduler.
   */
  signals[SESSION_REMOVED] =
    g_signal_new ("session-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KV_TYPE_SESSION);
}

static void
kv_scheduler_init (KvScheduler *self)
{
  kv_site_rules_init_defaults (&self->rules);
  /* Entries are keyed by their session's own booking id: freeing the entry
   * frees the key. */
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) entry_free);
  kv_scheduler_index_init (&self->index);
}

/**
 * kv_scheduler_new:
 * @clock: the clock for every session
 * @rules: the site's rules, copied
 *
 * Returns: (transfer full): a scheduler with no bookings
 */
KvScheduler *
kv_scheduler_new (KvClock           *clock,
                  const KvSiteRules *rules)
{
  g_return_val_if_fail (KV_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (rules != NULL, NULL);

  return g_object_new (KV_TYPE_SCHEDULER, "clock", clock, "rules", rules, NULL);
}

/**
 * kv_scheduler_get_clock:
 * @self: a #KvScheduler
 *
 * Returns: (transfer none): the clock
 */
KvClock *
kv_scheduler_get_clock (KvScheduler *self)
{
  g_return_val_if_fail (KV_IS_SCHEDULER (self), NULL);

  return self->clock;
}

/**
 * kv_scheduler_get_rules:
 * @self: a #KvScheduler
 *
 * Returns: (transfer none): the site's rules
 */
const KvSiteRules *
kv_scheduler_get_rules (KvScheduler *self)
{
  g_return_val_if_fail (KV_IS_SCHEDULER (self), NULL);

  return &self->rules;
}

/**
 * kv_scheduler_get_n_sessions:
 * @self: a #KvScheduler
 *
 * Returns: how many sessions are held, ended ones included until pruned
 */
guint
kv_scheduler_get_n_sessions (KvScheduler *self)
{
  g_return_val_if_fail (KV_IS_SCHEDULER (self), 0);

  return g_hash_table_size (self->entries);
}

/**
 * kv_scheduler_add_booking:
 * @self: a #KvScheduler
 * @booking: the new booking, copied
 * @error: return location for a #KvBookingError
 *
 * Returns: (transfer none) (nullable): the new session, or %NULL if the
 *   booking was refused
 */
KvSession *
kv_scheduler_add_booking (KvScheduler      *self,
                          const KvBooking  *booking,
                          GError          **error)
{
  g_return_val_if_fail (KV_IS_SCHEDULER (self), NULL);
  g_return_val_if_fail (booking != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_new_id (self, booking, error) ||
      !kv_booking_rules_check_timing (booking, &self->rules,
                                      kv_clock_get_now (self->clock), error) ||
      !kv_scheduler_index_check_free (&self->index, booking, error))
    return NULL;

  return insert_session (self, kv_session_new (self->clock, booking, &self->rules));
}

/**
 * kv_scheduler_restore_booking:
 * @self: a #KvScheduler
 * @booking: a stored booking, copied
 * @snapshot: (nullable): its stored session state
 * @error: return location for a #KvBookingError
 *
 * Returns: (transfer none) (nullable): the restored session, or %NULL if the
 *   stored booking is unusable
 */
KvSession *
kv_scheduler_restore_booking (KvScheduler              *self,
                              const KvBooking          *booking,
                              const KvSessionSnapshot  *snapshot,
                              GError                  **error)
{
  g_return_val_if_fail (KV_IS_SCHEDULER (self), NULL);
  g_return_val_if_fail (booking != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_new_id (self, booking, error))
    return NULL;

  return insert_session (self, kv_session_new_restored (self->clock, booking,
                                                        &self->rules, snapshot));
}

/**
 * kv_scheduler_cancel_booking:
 * @self: a #KvScheduler
 * @booking_id: the booking to cancel
 * @error: return location for a #GError
 *
 * Returns: whether the visit was cancelled
 */
gboolean
kv_scheduler_cancel_booking (KvScheduler  *self,
                             const char   *booking_id,
                             GError      **error)
{
  KvSchedulerEntry *entry;

  g_return_val_if_fail (KV_IS_SCHEDULER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  entry = booking_id != NULL ? g_hash_table_lookup (self->entries, booking_id) : NULL;
  if (entry == NULL)
    {
      g_set_error_literal (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_NOT_FOUND,
                           _("There is no booking with this id."));
      return FALSE;
    }

  /* The "ended" handler frees the kiosks for the neighbours. */
  return kv_session_cancel (entry->session, error);
}

/**
 * kv_scheduler_move_booking:
 * @self: a #KvScheduler
 * @booking_id: the visit to move
 * @start_us: its new start
 * @end_us: its new end
 * @error: return location for a #GError
 *
 * Returns: (transfer none) (nullable): the visit's new session, or %NULL
 *   if it cannot move there
 */
KvSession *
kv_scheduler_move_booking (KvScheduler  *self,
                           const char   *booking_id,
                           gint64        start_us,
                           gint64        end_us,
                           GError      **error)
{
  g_autoptr(KvBooking) moved = NULL;
  KvSchedulerEntry *entry;
  KvSessionState state;
  gboolean is_free;

  g_return_val_if_fail (KV_IS_SCHEDULER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  entry = booking_id != NULL ? g_hash_table_lookup (self->entries, booking_id) : NULL;
  if (entry == NULL)
    {
      g_set_error_literal (error, KV_BOOKING_ERROR, KV_BOOKING_ERROR_NOT_FOUND,
                           _("There is no booking with this id."));
      return NULL;
    }
  state = kv_session_get_state (entry->session);
  if (state == KV_SESSION_STATE_ENDED)
    {
      g_set_error_literal (error, KV_SESSION_ERROR, KV_SESSION_ERROR_ALREADY_ENDED,
                           _("This visit has ended or was cancelled."));
      return NULL;
    }
  /* Once the join window is open the kiosks are setting up the call for
   * this time: moving it under them would leave both in a waiting room for
   * a visit that is not there. Cancel it instead. */
  if (state != KV_SESSION_STATE_SCHEDULED)
    {
      g_set_error_literal (error, KV_SESSION_ERROR, KV_SESSION_ERROR_ALREADY_STARTED,
                           _("This visit's join window is open: its kiosks are getting ready "
                             "for it, so it can no longer be moved."));
      return NULL;
    }

  moved = kv_booking_copy (entry->booking);
  moved->start_us = start_us;
  moved->end_us = end_us;
  if (!kv_booking_rules_check_fields (moved, error) ||
      !kv_booking_rules_check_timing (moved, &self->rules, kv_clock_get_now (self->clock), error))
    return NULL;

  /* Out of the index while checking, so it does not clash with itself. */
  kv_scheduler_index_remove (&self->index, entry);
  is_free = kv_scheduler_index_check_free (&self->index, moved, error);
  if (!is_free)
    {
      kv_scheduler_index_insert (&self->index, entry, self->rules.makeup_max_us);
      return NULL;
    }
  g_hash_table_remove (self->entries, booking_id);
  return insert_session (self, kv_session_new (self->clock, moved, &self->rules));
}

/**
 * kv_scheduler_find_clash:
 * @self: a #KvScheduler
 * @booking: a visit that might be booked
 *
 * Returns: (transfer none) (nullable): the visit it would clash with
 */
const KvBooking *
kv_scheduler_find_clash (KvScheduler     *self,
                         const KvBooking *booking)
{
  g_return_val_if_fail (KV_IS_SCHEDULER (self), NULL);

  return kv_scheduler_index_find_clash (&self->index, booking, NULL);
}

/**
 * kv_scheduler_lookup_session:
 * @self: a #KvScheduler
 * @booking_id: (nullable): a booking id
 *
 * Returns: (transfer none) (nullable): the booking's session
 */
KvSession *
kv_scheduler_lookup_session (KvScheduler *self,
                             const char  *booking_id)
{
  KvSchedulerEntry *entry;

  g_return_val_if_fail (KV_IS_SCHEDULER (self), NULL);

  if (booking_id == NULL)
    return NULL;

  entry = g_hash_table_lookup (self->entries, booking_id);
  return entry != NULL ? entry->session : NULL;
}

/**
 * kv_scheduler_list_sessions_for_kiosk:
 * @self: a #KvScheduler
 * @kiosk_id: a kiosk id, either side
 * @from_us: start of the range, UTC
 * @to_us: end of the range (exclusive), UTC
 *
 * Returns: (transfer full) (element-type KvSession): the kiosk's sessions
 *   whose slot with make-up intersects the range, by start; cancelled ones
 *   are left out
 */
GPtrArray *
kv_scheduler_list_sessions_for_kiosk (KvScheduler *self,
                                      const char  *kiosk_id,
                                      gint64       from_us,
                                      gint64       to_us)
{
  g_return_val_if_fail (KV_IS_SCHEDULER (self), NULL);

  return kv_scheduler_index_list (&self->index, kiosk_id, from_us, to_us);
}

/**
 * kv_scheduler_list_bookings_for_kiosk:
 * @self: a #KvScheduler
 * @kiosk_id: a kiosk id, either side
 * @from_us: start of the range, UTC
 * @to_us: end of the range (exclusive), UTC
 *
 * Returns: (transfer full) (element-type KvBooking): copies of the bookings
 *   kv_scheduler_list_sessions_for_kiosk() selects
 */
GPtrArray *
kv_scheduler_list_bookings_for_kiosk (KvScheduler *self,
                                      const char  *kiosk_id,
                                      gint64       from_us,
                                      gint64       to_us)
{
  g_autoptr(GPtrArray) sessions = NULL;
  GPtrArray *bookings;

  g_return_val_if_fail (KV_IS_SCHEDULER (self), NULL);

  sessions = kv_scheduler_list_sessions_for_kiosk (self, kiosk_id, from_us, to_us);
  bookings = g_ptr_array_new_full (sessions->len, (GDestroyNotify) kv_booking_free);
  for (guint i = 0; i < sessions->len; i++)
    g_ptr_array_add (bookings, kv_booking_copy (kv_session_get_booking (sessions->pdata[i])));

  return bookings;
}

/**
 * kv_scheduler_remove_ended:
 * @self: a #KvScheduler
 * @ended_before_us: sessions that ended before this time are forgotten
 *
 * Returns: how many sessions were removed
 */
guint
kv_scheduler_remove_ended (KvScheduler *self,
                           gint64       ended_before_us)
{
  g_autoptr(GPtrArray) doomed = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  KvSchedulerEntry *entry;

  g_return_val_if_fail (KV_IS_SCHEDULER (self), 0);

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      if (kv_session_get_state (entry->session) != KV_SESSION_STATE_ENDED ||
          kv_session_get_ended_at (entry->session) >= ended_before_us)
        continue;

      kv_scheduler_index_remove (&self->index, entry);
      g_ptr_array_add (doomed, g_object_ref (entry->session));
      g_hash_table_iter_remove (&iter);
    }

  for (guint i = 0; i < doomed->len; i++)
    g_signal_emit (self, signals[SESSION_REMOVED], 0, doomed->pdata[i]);

  return doomed->len;
}
