/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-kiosk"

#include "config.h"

#include "kv-kiosk-schedule.h"

/**
 * KvKioskSchedule:
 *
 * The kiosk's bookings for the coming days, as the server last sent them
 * (`schedule`, which it follows on its #KvSignaller), and which of them is
 * the next visit.
 *
 * The visit this kiosk is in, or has just had, is never the next one
 * (kv_kiosk_schedule_set_visit()); once over, it is not one that is on now
 * either. #KvKioskSchedule::changed says that the bookings, or which one
 * is next, may have changed: a new schedule came, or the next visit's slot
 * went by.
 */

enum {
  PROP_0,
  PROP_CLOCK,
  PROP_SIGNALLER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _KvKioskSchedule
{
  GObject parent_instance;

  KvClock *clock;
  KvSignaller *signaller;

  GPtrArray *bookings;  /* KvBooking, by start; NULL until the first schedule */
  char *visit_booking_id;
  gboolean visit_over;
  guint next_over_alarm;
};

G_DEFINE_FINAL_TYPE (KvKioskSchedule, kv_kiosk_schedule, G_TYPE_OBJECT)

static int
compare_bookings (gconstpointer a,
                  gconstpointer b)
{
  const KvBooking *x = *(const KvBooking * const *) a;
  const KvBooking *y = *(const KvBooking * const *) b;

  if (x->start_us != y->start_us)
    return x->start_us < y->start_us ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

static gboolean
is_visit (KvKioskSchedule *self,
          const KvBooking *booking)
{
  return self->visit_booking_id != NULL && g_strcmp0 (booking->id, self->visit_booking_id) == 0;
}

static void on_next_over (gpointer user_data);

/* Wakes when the next visit's slot is over: another one is next then. */
static void
watch_next (KvKioskSchedule *self)
{
  const KvBooking *next = kv_kiosk_schedule_get_next (self);

  kv_clear_alarm (self->clock, &self->next_over_alarm);
  if (next != NULL)
    self->next_over_alarm = kv_clock_add_alarm (self->clock, next->end_us, on_next_over, self,
                                                NULL);
}

static void
on_next_over (gpointer user_data)
{
  KvKioskSchedule *self = user_data;

  self->next_over_alarm = 0;
  watch_next (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
kv_kiosk_schedule_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CLOCK:
      g_value_set_object (value, KV_KIOSK_SCHEDULE (object)->clock);
      break;
    case PROP_SIGNALLER:
      g_value_set_object (value, KV_KIOSK_SCHEDULE (object)->signaller);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_kiosk_schedule_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_CLOCK:
      KV_KIOSK_SCHEDULE (object)->clock = g_value_dup_object (value);
      break;
    case PROP_SIGNALLER:
      KV_KIOSK_SCHEDULE (object)->signaller = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
on_message_received (KvSignaller *signaller,
                     KvMessage   *message,
                     gpointer     user_data)
{
  if (message->type == KV_MESSAGE_SCHEDULE)
    kv_kiosk_schedule_take_schedule (KV_KIOSK_SCHEDULE (user_data), &message->schedule);
}

static void
kv_kiosk_schedule_constructed (GObject *object)
{
  KvKioskSchedule *self = KV_KIOSK_SCHEDULE (object);

  G_OBJECT_CLASS (kv_kiosk_schedule_parent_class)->constructed (object);

  g_signal_connect_object (self->signaller, "message-received",
                           G_CALLBACK (on_message_received), self, 0);
}

static void
kv_kiosk_schedule_dispose (GObject *object)
{
  KvKioskSchedule *self = KV_KIOSK_SCHEDULE (object);

  if (self->clock != NULL)
    kv_kiosk_schedule_stop (self);
  g_clear_object (&self->signaller);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (kv_kiosk_schedule_parent_class)->dispose (object);
}

static void
kv_kiosk_schedule_finalize (GObject *object)
{
  KvKioskSchedule *self = KV_KIOSK_SCHEDULE (object);

  g_clear_pointer (&self->bookings, g_ptr_array_unref);
  g_free (self->visit_booking_id);

  G_OBJECT_CLASS (kv_kiosk_schedule_parent_class)->finalize (object);
}

static void
kv_kiosk_schedule_class_init (KvKioskScheduleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kv_kiosk_schedule_get_property;
  object_class->set_property = kv_kiosk_schedule_set_property;
  object_class->constructed = kv_kiosk_schedule_constructed;
  object_class->dispose = kv_kiosk_schedule_dispose;
  object_class->finalize = kv_kiosk_schedule_finalize;

  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, KV_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIGNALLER] =
    g_param_spec_object ("signaller", NULL, NULL, KV_TYPE_SIGNALLER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KvKioskSchedule::changed:
   * @self: the schedule
   *
   * The bookings, or which one is next, may have changed.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kv_kiosk_schedule_init (KvKioskSchedule *self)
{
}

/**
 * kv_kiosk_schedule_new:
 * @clock: the kiosk's clock (server time)
 * @signaller: the link to the server
 *
 * Returns: (transfer full): a schedule with nothing received yet
 */
KvKioskSchedule *
kv_kiosk_schedule_new (KvClock     *clock,
                       KvSignaller *signaller)
{
  g_return_val_if_fail (KV_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (KV_IS_SIGNALLER (signaller), NULL);

  return g_object_new (KV_TYPE_KIOSK_SCHEDULE, "clock", clock, "signaller", signaller, NULL);
}

/**
 * kv_kiosk_schedule_take_schedule:
 * @self: a #KvKioskSchedule
 * @schedule: the server's `schedule` (copied)
 *
 * Replaces the bookings and emits #KvKioskSchedule::changed.
 */
void
kv_kiosk_schedule_take_schedule (KvKioskSchedule  *self,
                                 const KvSchedule *schedule)
{
  g_return_if_fail (KV_IS_KIOSK_SCHEDULE (self));
  g_return_if_fail (schedule != NULL);

  g_clear_pointer (&self->bookings, g_ptr_array_unref);
  self->bookings = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_booking_free);
  for (guint i = 0; i < schedule->bookings->len; i++)
    g_ptr_array_add (self->bookings, kv_booking_copy (g_ptr_array_index (schedule->bookings, i)));
  g_ptr_array_sort (self->bookings, compare_bookings);

  watch_next (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/**
 * kv_kiosk_schedule_set_visit:
 * @self: a #KvKioskSchedule
 * @booking_id: (nullable): the booking of the visit the kiosk is in or has
 *   just had, or %NULL
 * @over: whether that visit is over
 *
 * That visit is not the next one; once over, it is not on now either.
 */
void
kv_kiosk_schedule_set_visit (KvKioskSchedule *self,
                             const char      *booking_id,
                             gboolean         over)
{
  g_return_if_fail (KV_IS_KIOSK_SCHEDULE (self));

  if (g_strcmp0 (self->visit_booking_id, booking_id) == 0 && self->visit_over == over)
    return;
  g_free (self->visit_booking_id);
  self->visit_booking_id = g_strdup (booking_id);
  self->visit_over = booking_id != NULL && over;
  watch_next (self);
}

/* Shutting down: no alarm is left on the clock. */
void
kv_kiosk_schedule_stop (KvKioskSchedule *self)
{
  g_return_if_fail (KV_IS_KIOSK_SCHEDULE (self));

  g_signal_handlers_disconnect_by_data (self->signaller, self);
  kv_clear_alarm (self->clock, &self->next_over_alarm);
}

/**
 * kv_kiosk_schedule_get_received:
 * @self: a #KvKioskSchedule
 *
 * Returns: whether a schedule came from the server (perhaps an empty one)
 */
gboolean
kv_kiosk_schedule_get_received (KvKioskSchedule *self)
{
  g_return_val_if_fail (KV_IS_KIOSK_SCHEDULE (self), FALSE);

  return self->bookings != NULL;
}

/**
 * kv_kiosk_schedule_find:
 * @self: a #KvKioskSchedule
 * @booking_id: (nullable): a booking id
 *
 * Returns: (transfer none) (nullable): that booking, if scheduled
 */
const KvBooking *
kv_kiosk_schedule_find (KvKioskSchedule *self,
                        const char      *booking_id)
{
  g_return_val_if_fail (KV_IS_KIOSK_SCHEDULE (self), NULL);

  for (guint i = 0; self->bookings != NULL && i < self->bookings->len; i++)
    {
      const KvBooking *booking = g_ptr_array_index (self->bookings, i);

      if (g_strcmp0 (booking->id, booking_id) == 0)
        return booking;
    }
  return NULL;
}

/**
 * kv_kiosk_schedule_get_next:
 * @self: a #KvKioskSchedule
 *
 * Returns: (transfer none) (nullable): the first booking whose slot is not
 *   over, other than the visit the kiosk is in or has just had
 */
const KvBooking *
kv_kiosk_schedule_get_next (KvKioskSchedule *self)
{
  gint64 now;

  g_return_val_if_fail (KV_IS_KIOSK_SCHEDULE (self), NULL);

  now = kv_clock_get_now (self->clock);
  for (guint i = 0; self->bookings != NULL && i < self->bookings->len; i++)
    {
      const KvBooking *booking = g_ptr_array_index (self->bookings, i);

      /* The visit on now, or just over, is not the next one. */
      if (booking->end_us > now && !is_visit (self, booking))
        return booking;
    }
  return NULL;
}

/**
 * kv_kiosk_schedule_has_visit_on_now:
 * @self: a #KvKioskSchedule
 *
 * Returns: whether a booked slot is on right now, other than a visit that
 *   is over on this kiosk
 */
gboolean
kv_kiosk_schedule_has_visit_on_now (KvKioskSchedule *self)
{
  gint64 now;

  g_return_val_if_fail (KV_IS_KIOSK_SCHEDULE (self), FALSE);

  now = kv_clock_get_now (self->clock);
  for (guint i = 0; self->bookings != NULL && i < self->bookings->len; i++)
    {
      const KvBooking *booking = g_ptr_array_index (self->bookings, i);

      if (booking->start_us <= now && now < booking->end_us &&
          !(is_visit (self, booking) && self->visit_over))
        return TRUE;
    }
  return FALSE;
}
