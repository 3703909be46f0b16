/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kv-booking.h"
#include "kv-site-rules.h"

G_BEGIN_DECLS

/**
 * KvBookingError:
 * @KV_BOOKING_ERROR_INVALID_TIMES: the end is not after the start
 * @KV_BOOKING_ERROR_NOT_MINUTE_ALIGNED: start or end is not on a whole minute
 * @KV_BOOKING_ERROR_IN_THE_PAST: the start has already passed
 * @KV_BOOKING_ERROR_TOO_SOON: the start is closer than the site's minimum notice
 * @KV_BOOKING_ERROR_BEYOND_HORIZON: the start is further ahead than the site
 *   books
 * @KV_BOOKING_ERROR_TOO_SHORT: shorter than the site's minimum length
 * @KV_BOOKING_ERROR_TOO_LONG: longer than the site's maximum length
 * @KV_BOOKING_ERROR_SAME_KIOSK: the prison and community kiosk are the same
 * @KV_BOOKING_ERROR_PRISON_KIOSK_BUSY: the prison kiosk has another visit then
 * @KV_BOOKING_ERROR_COMMUNITY_KIOSK_BUSY: the community kiosk has another
 *   visit then
 * @KV_BOOKING_ERROR_BAD_LABEL: a display label is empty, too long, not UTF-8
 *   or has control characters
 * @KV_BOOKING_ERROR_BAD_ID: the booking id or a kiosk id is empty, too long or
 *   has characters other than ASCII letters, digits, '-', '_' and '.'
 * @KV_BOOKING_ERROR_DUPLICATE_ID: a booking with this id already exists
 * @KV_BOOKING_ERROR_BAD_AGE_BAND: the age band is not one of #KvAgeBand
 * @KV_BOOKING_ERROR_NOT_FOUND: no booking with this id
 *
 * Why a booking was refused. One code per rule; every message is written for
 * staff and names times in UTC.
 */
typedef enum {
  KV_BOOKING_ERROR_INVALID_TIMES,
  KV_BOOKING_ERROR_NOT_MINUTE_ALIGNED,
  KV_BOOKING_ERROR_IN_THE_PAST,
  KV_BOOKING_ERROR_TOO_SOON,
  KV_BOOKING_ERROR_BEYOND_HORIZON,
  KV_BOOKING_ERROR_TOO_SHORT,
  KV_BOOKING_ERROR_TOO_LONG,
  KV_BOOKING_ERROR_SAME_KIOSK,
  KV_BOOKING_ERROR_PRISON_KIOSK_BUSY,
  KV_BOOKING_ERROR_COMMUNITY_KIOSK_BUSY,
  KV_BOOKING_ERROR_BAD_LABEL,
  KV_BOOKING_ERROR_BAD_ID,
  KV_BOOKING_ERROR_DUPLICATE_ID,
  KV_BOOKING_ERROR_BAD_AGE_BAND,
  KV_BOOKING_ERROR_NOT_FOUND,
} KvBookingError;

#define KV_BOOKING_ERROR (kv_booking_error_quark ())
GQuark   kv_booking_error_quark              (void);

/* Longest booking or kiosk id, in bytes. */
#define KV_BOOKING_ID_MAX_LENGTH 64

/* Checks on one field, for input from staff, the network or the database. */
gboolean kv_booking_rules_check_id           (const char        *id,
                                              GError           **error);
gboolean kv_booking_rules_check_label        (const char        *label,
                                              GError           **error);

/* Everything that does not depend on the time or other bookings: ids,
 * labels, age band, distinct kiosks, end after start, whole minutes. Enough
 * for bookings loaded from the database. */
gboolean kv_booking_rules_check_fields       (const KvBooking   *booking,
                                              GError           **error);

/* The site's timing rules at @now_us: not in the past, minimum notice,
 * horizon, minimum and maximum length. */
gboolean kv_booking_rules_check_timing       (const KvBooking   *booking,
                                              const KvSiteRules *rules,
                                              gint64             now_us,
                                              GError           **error);

/* Fields, then timing: everything about a new booking except clashes. */
gboolean kv_booking_rules_validate           (const KvBooking   *booking,
                                              const KvSiteRules *rules,
                                              gint64             now_us,
                                              GError           **error);

/* Whether @booking clashes with @existing, which holds its kiosks over
 * [existing->start_us, existing_end_us) (its end plus any make-up granted).
 * The error is PRISON_KIOSK_BUSY or COMMUNITY_KIOSK_BUSY and says when the
 * other visit is, in UTC. */
gboolean kv_booking_rules_check_clash        (const KvBooking   *booking,
                                              const KvBooking   *existing,
                                              gint64             existing_end_us,
                                              GError           **error);

/* The booking's times in @tz, for display only, e.g.
 * "2026-03-29 01:30 CET – 03:30 CEST". */
char    *kv_booking_rules_format_local_times (const KvBooking   *booking,
                                              GTimeZone         *tz);

G_END_DECLS
