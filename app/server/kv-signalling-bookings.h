/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-booking.h"
#include "kv-clock.h"
#include "kv-scheduler.h"
#include "kv-signalling-outbox.h"
#include "kv-signalling-sessions.h"
#include "kv-store.h"

G_BEGIN_DECLS

#define KV_TYPE_SIGNALLING_BOOKINGS (kv_signalling_bookings_get_type ())
G_DECLARE_FINAL_TYPE (KvSignallingBookings, kv_signalling_bookings, KV, SIGNALLING_BOOKINGS,
                      GObject)

KvSignallingBookings *kv_signalling_bookings_new (KvClock              *clock,
                                                  KvStore              *store,
                                                  KvScheduler          *scheduler,
                                                  KvSignallingSessions *sessions,
                                                  KvSignallingOutbox   *outbox);

gboolean kv_signalling_bookings_load        (KvSignallingBookings *self,
                                             GError              **error);
gboolean kv_signalling_bookings_add         (KvSignallingBookings *self,
                                             const KvBooking      *booking,
                                             const KvBookingOrigin *origin,
                                             GError              **error);
gboolean kv_signalling_bookings_cancel      (KvSignallingBookings *self,
                                             const char           *booking_id,
                                             const char           *category,
                                             const char           *reason,
                                             GError              **error);
gboolean kv_signalling_bookings_confirm_session (KvSignallingBookings *self,
                                                 const char           *booking_id,
                                                 KvSideFlags           side,
                                                 GError              **error);
gboolean kv_signalling_bookings_move        (KvSignallingBookings *self,
                                             const char           *booking_id,
                                             gint64                start_us,
                                             gint64                end_us,
                                             const char           *reason,
                                             const KvBookingOrigin *origin,
                                             GError              **error);
const KvBooking *kv_signalling_bookings_find_clash (KvSignallingBookings *self,
                                                    const KvBooking      *booking);
gboolean kv_signalling_bookings_end_session (KvSignallingBookings *self,
                                             const char           *booking_id,
                                             KvEndCategory         category,
                                             const char           *reason,
                                             GError              **error);

G_END_DECLS
