/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-store.h"

G_BEGIN_DECLS

#define KV_TYPE_KIOSK_SIGHTINGS (kv_kiosk_sightings_get_type ())
G_DECLARE_FINAL_TYPE (KvKioskSightings, kv_kiosk_sightings, KV, KIOSK_SIGHTINGS, GObject)

KvKioskSightings *kv_kiosk_sightings_new   (KvStore          *store);
void              kv_kiosk_sightings_note  (KvKioskSightings *self,
                                            const char       *kiosk_id,
                                            gint64            time_us,
                                            const char       *software);
void              kv_kiosk_sightings_flush (KvKioskSightings *self);

G_END_DECLS
