/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A booking as the admin API shows it: its times in UTC and in the prison
 * kiosk's site's local time, where it came from, how it was cancelled and
 * moved. */

#include "kv-admin-places.h"

G_BEGIN_DECLS

/**
 * KvAdminBookingView:
 * @booking: the booking
 * @state: its session's state ("scheduled", "ended", ...)
 * @outcome: its outcome ("none", "cancelled", ...)
 * @prison: (nullable): the prison kiosk's place, for local times
 * @record: (nullable): the stored booking, for its template, who made and
 *   cancelled it and why
 * @moves: (nullable) (element-type KvBookingMove): its moves, oldest first
 *
 * What to write of one booking.
 */
typedef struct
{
  const KvBooking       *booking;
  const char            *state;
  const char            *outcome;
  KvAdminPlace          *prison;
  const KvBookingRecord *record;
  GPtrArray             *moves;
} KvAdminBookingView;

void kv_admin_booking_json_add (JsonBuilder              *builder,
                                const KvAdminBookingView *view);

void kv_admin_booking_json_get_state (const KvBookingRecord    *record,
                                      const char              **out_state,
                                      const char              **out_outcome);
void kv_admin_booking_json_respond   (const KvAdminRequest     *request,
                                      const char               *booking_id,
                                      guint                     status);

G_END_DECLS
