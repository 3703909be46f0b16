/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-booking.h"
#include "kv-kiosk-config.h"
#include "kv-kiosk-schedule.h"
#include "kv-signaller.h"

G_BEGIN_DECLS

#define KV_TYPE_VISIT_LABELS (kv_visit_labels_get_type ())
G_DECLARE_FINAL_TYPE (KvVisitLabels, kv_visit_labels, KV, VISIT_LABELS, GObject)

KvVisitLabels *kv_visit_labels_new         (KvKioskConfig   *config,
                                            KvSignaller     *signaller,
                                            KvKioskSchedule *schedule);
void           kv_visit_labels_show_visit  (KvVisitLabels   *self,
                                            const char      *booking_id);
void           kv_visit_labels_update_next (KvVisitLabels   *self,
                                            gboolean         between_visits);
void           kv_visit_labels_stop        (KvVisitLabels   *self);

G_END_DECLS
