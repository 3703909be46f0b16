/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-clock.h"
#include "kv-kiosk-schedule.h"
#include "kv-signaller.h"
#include "kv-visit-phase.h"

G_BEGIN_DECLS

#define KV_TYPE_KIOSK_AVAILABILITY (kv_kiosk_availability_get_type ())
G_DECLARE_FINAL_TYPE (KvKioskAvailability, kv_kiosk_availability, KV, KIOSK_AVAILABILITY, GObject)

KvKioskAvailability *kv_kiosk_availability_new                (KvClock             *clock,
                                                                KvSignaller         *signaller,
                                                                KvKioskSchedule     *schedule);
void                 kv_kiosk_availability_set_camera_missing  (KvKioskAvailability *self,
                                                                gboolean             missing);
void                 kv_kiosk_availability_stop                (KvKioskAvailability *self);

KvVisitPhase         kv_kiosk_availability_get_phase           (KvKioskAvailability *self);
KvUnavailableReason  kv_kiosk_availability_get_reason          (KvKioskAvailability *self);
gboolean             kv_kiosk_availability_get_camera_missing  (KvKioskAvailability *self);

G_END_DECLS
