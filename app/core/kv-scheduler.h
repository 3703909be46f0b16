/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-booking.h"
#include "kv-booking-rules.h"
#include "kv-clock.h"
#include "kv-session.h"
#include "kv-site-rules.h"

G_BEGIN_DECLS

#define KV_TYPE_SCHEDULER (kv_scheduler_get_type ())
G_DECLARE_FINAL_TYPE (KvScheduler, kv_scheduler, KV, SCHEDULER, GObject)

KvScheduler       *kv_scheduler_new                     (KvClock           *clock,
                                                         const KvSiteRules *rules);

KvClock           *kv_scheduler_get_clock               (KvScheduler       *self);
const KvSiteRules *kv_scheduler_get_rules               (KvScheduler       *self);
guint              kv_scheduler_get_n_sessions          (KvScheduler       *self);

/* A new booking from staff: checked against the site rules at the clock's
 * now and against every booking on both kiosks (with their make-up).
 * Errors are in KV_BOOKING_ERROR. Returns: (transfer none) the new session. */
KvSession         *kv_scheduler_add_booking             (KvScheduler       *self,
                                                         const KvBooking   *booking,
                                                         GError           **error);

/* A stored booking at start-up: only kv_booking_rules_check_fields() and
 * DUPLICATE_ID are checked, since the site rules and the time may have moved
 * on since it was booked. @snapshot (nullable) restores its session, whose
 * state is recomputed for now at once (no signals for that catch-up: compare
 * with the snapshot). Returns: (transfer none) the session. */
KvSession         *kv_scheduler_restore_booking         (KvScheduler       *self,
                                                         const KvBooking   *booking,
                                                         const KvSessionSnapshot *snapshot,
                                                         GError           **error);

/* Cancels a visit that has not gone live. The session stays (ENDED,
 * CANCELLED) until pruned, and frees its kiosks at once. Errors:
 * KV_BOOKING_ERROR_NOT_FOUND, or KV_SESSION_ERROR from kv_session_cancel(). */
gboolean           kv_scheduler_cancel_booking          (KvScheduler       *self,
                                                         const char        *booking_id,
                                                         GError           **error);

/* Moves a visit that has not opened its join window to [start_us, end_us),
 * through the same rules as a new booking (its own old time does not
 * count as a clash). Its session is replaced by a new one for the new
 * times ("session-added"); the booking keeps its id. Errors:
 * KV_BOOKING_ERROR, or KV_SESSION_ERROR_ALREADY_STARTED/ENDED.
 * Returns: (transfer none) (nullable) the new session. */
KvSession         *kv_scheduler_move_booking            (KvScheduler       *self,
                                                         const char        *booking_id,
                                                         gint64             start_us,
                                                         gint64             end_us,
                                                         GError           **error);

/* The booking on either kiosk of @booking that it would clash with (make-up
 * included), or NULL. Returns: (transfer none) (nullable) */
const KvBooking   *kv_scheduler_find_clash              (KvScheduler       *self,
                                                         const KvBooking   *booking);

/* Returns: (transfer none) (nullable) */
KvSession         *kv_scheduler_lookup_session          (KvScheduler       *self,
                                                         const char        *booking_id);

/* Bookings on @kiosk_id (either side) whose slot, with make-up, intersects
 * [from_us, to_us), sorted by start; cancelled ones are left out.
 * Returns: (transfer full) (element-type KvBooking) copies. */
GPtrArray         *kv_scheduler_list_bookings_for_kiosk (KvScheduler       *self,
                                                         const char        *kiosk_id,
                                                         gint64             from_us,
                                                         gint64             to_us);

/* The same selection as sessions.
 * Returns: (transfer full) (element-type KvSession) */
GPtrArray         *kv_scheduler_list_sessions_for_kiosk (KvScheduler       *self,
                                                         const char        *kiosk_id,
                                                         gint64             from_us,
                                                         gint64             to_us);

/* Forgets sessions that ended before @ended_before_us; emits
 * "session-removed" for each. Returns: how many were removed. */
guint              kv_scheduler_remove_ended            (KvScheduler       *self,
                                                         gint64             ended_before_us);

G_END_DECLS
