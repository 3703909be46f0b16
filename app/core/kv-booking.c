/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-booking"

#include "config.h"

#include "kv-booking.h"

/**
 * KvBooking:
 *
 * A plain boxed struct: the server stores it, the codec sends it, the
 * scheduler copies it into each session. The time arithmetic lives here so
 * that every layer agrees on what "overlap" means.
 */

G_DEFINE_BOXED_TYPE (KvBooking, kv_booking, kv_booking_copy, kv_booking_free)

/**
 * kv_booking_new:
 * @id: the booking id
 * @prison_kiosk: the prison kiosk's id
 * @community_kiosk: the community kiosk's id
 * @start_us: slot start, UTC microseconds since the epoch
 * @end_us: slot end, UTC microseconds since the epoch
 * @prison_label: (nullable): what the child calls the parent
 * @community_label: (nullable): what the parent calls the child
 * @age_band: the child's age band
 *
 * Makes a booking without judging it: kv_booking_rules_validate() does that.
 *
 * Returns: (transfer full): a new booking
 */
KvBooking *
kv_booking_new (const char *id,
                const char *prison_kiosk,
                const char *community_kiosk,
                gint64      start_us,
                gint64      end_us,
                const char *prison_label,
                const char *community_label,
                KvAgeBand   age_band)
{
  KvBooking *self = g_new0 (KvBooking, 1);

  self->id = g_strdup (id);
  self->prison_kiosk = g_strdup (prison_kiosk);
  self->community_kiosk = g_strdup (community_kiosk);
  self->start_us = start_us;
  self->end_us = end_us;
  self->prison_label = g_strdup (prison_label);
  self->community_label = g_strdup (community_label);
  self->age_band = age_band;

  return self;
}

/**
 * kv_booking_copy:
 * @self: a #KvBooking
 *
 * Returns: (transfer full): a deep copy of @self
 */
KvBooking *
kv_booking_copy (const KvBooking *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return kv_booking_new (self->id, self->prison_kiosk, self->community_kiosk,
                         self->start_us, self->end_us,
                         self->prison_label, self->community_label,
                         self->age_band);
}

/**
 * kv_booking_free:
 * @self: (nullable): a #KvBooking
 */
void
kv_booking_free (KvBooking *self)
{
  if (self == NULL)
    return;

  g_free (self->id);
  g_free (self->prison_kiosk);
  g_free (self->community_kiosk);
  g_free (self->prison_label);
  g_free (self->community_label);
  g_free (self);
}

/**
 * kv_booking_get_length:
 * @self: a #KvBooking
 *
 * Returns: the booked length in microseconds (negative for a booking whose
 *   end is before its start, which validation refuses)
 */
gint64
kv_booking_get_length (const KvBooking *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->end_us - self->start_us;
}

/**
 * kv_booking_involves_kiosk:
 * @self: a #KvBooking
 * @kiosk_id: (nullable): a kiosk id
 *
 * Returns: whether @kiosk_id is either side of @self
 */
gboolean
kv_booking_involves_kiosk (const KvBooking *self,
                           const char      *kiosk_id)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (kiosk_id == NULL)
    return FALSE;

  return g_strcmp0 (self->prison_kiosk, kiosk_id) == 0 ||
         g_strcmp0 (self->community_kiosk, kiosk_id) == 0;
}

/**
 * kv_booking_shares_kiosk:
 * @self: a #KvBooking
 * @other: another #KvBooking
 *
 * A kiosk is one device whatever side it was booked on, so a kiosk id on
 * either side of @self matching either side of @other counts.
 *
 * Returns: whether the two bookings use a common kiosk
 */
gboolean
kv_booking_shares_kiosk (const KvBooking *self,
                         const KvBooking *other)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (other != NULL, FALSE);

  return kv_booking_involves_kiosk (other, self->prison_kiosk) ||
         kv_booking_involves_kiosk (other, self->community_kiosk);
}

/**
 * kv_booking_overlaps:
 * @self: a #KvBooking
 * @other: another #KvBooking
 *
 * Slots are half-open, [start, end): a visit ending at 10:30 and one starting
 * at 10:30 on the same kiosk are back to back, not overlapping.
 *
 * Returns: whether the bookings share a kiosk and their slots intersect
 */
gboolean
kv_booking_overlaps (const KvBooking *self,
                     const KvBooking *other)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (other != NULL, FALSE);

  return kv_booking_shares_kiosk (self, other) &&
         self->start_us < other->end_us &&
         other->start_us < self->end_us;
}

/**
 * kv_booking_get_label:
 * @self: a #KvBooking
 * @role: a side
 *
 * Returns: (nullable): the label of the person on @role's side
 */
const char *
kv_booking_get_label (const KvBooking *self,
                      KvRole           role)
{
  g_return_val_if_fail (self != NULL, NULL);

  return role == KV_ROLE_PRISON ? self->prison_label : self->community_label;
}

/**
 * kv_booking_get_kiosk:
 * @self: a #KvBooking
 * @role: a side
 *
 * Returns: (nullable): the id of @role's kiosk
 */
const char *
kv_booking_get_kiosk (const KvBooking *self,
                      KvRole           role)
{
  g_return_val_if_fail (self != NULL, NULL);

  return role == KV_ROLE_PRISON ? self->prison_kiosk : self->community_kiosk;
}
