/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-booking.h"
#include "kv-clock.h"
#include "kv-protocol.h"
#include "kv-signaller.h"

G_BEGIN_DECLS

#define KV_TYPE_KIOSK_SCHEDULE (kv_kiosk_schedule_get_type ())
G_DECLARE_FINAL_TYPE (KvKioskSchedule, kv_kiosk_schedule, KV, KIOSK_SCHEDULE, GObject)

KvKioskSchedule *kv_kiosk_schedule_new              (KvClock          *clock,
                                                     KvSignaller      *signaller);
void             kv_kiosk_schedule_take_schedule    (KvKioskSchedule  *self,
                                                     const KvSchedule *schedule);
void             kv_kiosk_schedule_set_visit        (KvKioskSchedule  *self,
                                                     const char       *booking_id,
                                                     gboolean          over);
void             kv_kiosk_schedule_stop             (KvKioskSchedule  *self);

gboolean         kv_kiosk_schedule_get_received     (KvKioskSchedule  *self);
const KvBooking *kv_kiosk_schedule_find             (KvKioskSchedule  *self,
                                                     const char       *booking_id);
const KvBooking *kv_kiosk_schedule_get_next         (KvKioskSchedule  *self);
gboolean         kv_kiosk_schedule_has_visit_on_now (KvKioskSchedule  *self);

G_END_DECLS
