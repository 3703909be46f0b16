/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-types.h"

G_BEGIN_DECLS

/**
 * KvBooking:
 * @id: the booking's id, chosen by the server
 * @prison_kiosk: id of the prison-side kiosk
 * @community_kiosk: id of the community-side kiosk
 * @start_us: slot start, UTC microseconds since the epoch, minute-aligned
 * @end_us: slot end, UTC microseconds since the epoch, minute-aligned
 * @prison_label: what the child calls the parent ("Dad"), chosen by staff
 * @community_label: what the parent calls the child ("Lena"), chosen by staff
 * @age_band: the child's age band, optional
 *
 * One booked remote-contact slot between one prison kiosk and one community
 * kiosk. All times are UTC; local time is for display only. No real names
 * are needed: labels are whatever staff and family choose.
 */
typedef struct
{
  char     *id;
  char     *prison_kiosk;
  char     *community_kiosk;
  gint64    start_us;
  gint64    end_us;
  char     *prison_label;
  char     *community_label;
  KvAgeBand age_band;
} KvBooking;

/* Longest label, in characters: fits on a child's screen. */
#define KV_BOOKING_LABEL_MAX_CHARS 40

#define KV_TYPE_BOOKING (kv_booking_get_type ())
GType       kv_booking_get_type          (void) G_GNUC_CONST;

KvBooking  *kv_booking_new               (const char      *id,
                                          const char      *prison_kiosk,
                                          const char      *community_kiosk,
                                          gint64           start_us,
                                          gint64           end_us,
                                          const char      *prison_label,
                                          const char      *community_label,
                                          KvAgeBand        age_band);
KvBooking  *kv_booking_copy              (const KvBooking *self);
void        kv_booking_free              (KvBooking       *self);

gint64      kv_booking_get_length        (const KvBooking *self);
gboolean    kv_booking_involves_kiosk    (const KvBooking *self,
                                          const char      *kiosk_id);
gboolean    kv_booking_shares_kiosk      (const KvBooking *self,
                                          const KvBooking *other);
gboolean    kv_booking_overlaps          (const KvBooking *self,
                                          const KvBooking *other);
const char *kv_booking_get_label         (const KvBooking *self,
                                          KvRole           role);
const char *kv_booking_get_kiosk         (const KvBooking *self,
                                          KvRole           role);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvBooking, kv_booking_free)

G_END_DECLS
