/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdk/gdk.h>

#include "kv-call-factory.h"
#include "kv-clock.h"
#include "kv-kiosk-config.h"
#include "kv-kiosk-error.h"
#include "kv-signaller.h"
#include "kv-types.h"
#include "kv-visit-phase.h"

G_BEGIN_DECLS

/* How long the AFTER phase lasts before going back to IDLE. */
#define KV_VISIT_AFTER_SECONDS 60

/* The stickers a visit knows, in tray order. Anything else is dropped. */
#define KV_VISIT_STICKER_IDS "heart", "star", "sun", "flower", "cat", "dog", "rabbit", "fish"

#define KV_TYPE_VISIT_CONTROLLER (kv_visit_controller_get_type ())
G_DECLARE_FINAL_TYPE (KvVisitController, kv_visit_controller, KV, VISIT_CONTROLLER, GObject)

KvVisitController   *kv_visit_controller_new                 (KvKioskConfig     *config,
                                                              KvClock           *clock,
                                                              KvSignaller       *signaller,
                                                              KvCallFactory     *call_factory);
void                 kv_visit_controller_start               (KvVisitController *self);
void                 kv_visit_controller_shutdown            (KvVisitController *self);

/* User intents */
void                 kv_visit_controller_send_sticker        (KvVisitController *self,
                                                              const char        *sticker_id);
gboolean             kv_visit_controller_staff_confirm       (KvVisitController *self,
                                                              GError           **error);
gboolean             kv_visit_controller_pause               (KvVisitController *self,
                                                              KvPauseCategory    category,
                                                              GError           **error);
gboolean             kv_visit_controller_resume              (KvVisitController *self,
                                                              GError           **error);
gboolean             kv_visit_controller_set_muted           (KvVisitController *self,
                                                              gboolean           muted,
                                                              GError           **error);
gboolean             kv_visit_controller_goodbye_now         (KvVisitController *self,
                                                              KvEndCategory      category,
                                                              const char        *details,
                                                              GError           **error);
gboolean             kv_visit_controller_safeguarding_stop   (KvVisitController *self,
                                                              GError           **error);
gboolean             kv_visit_controller_child_alert         (KvVisitController *self,
                                                              GError           **error);
void                 kv_visit_controller_child_alert_seen    (KvVisitController *self);
void                 kv_visit_controller_set_staff_id        (KvVisitController *self,
                                                              const char        *staff_id);
gboolean             kv_visit_controller_set_device_test     (KvVisitController *self,
                                                              gboolean           testing,
                                                              GError           **error);

/* Property getters */
KvVisitPhase         kv_visit_controller_get_phase              (KvVisitController *self);
KvUnavailableReason  kv_visit_controller_get_unavailable_reason (KvVisitController *self);
KvRole               kv_visit_controller_get_role               (KvVisitController *self);
const char          *kv_visit_controller_get_kiosk_label        (KvVisitController *self);
const char          *kv_visit_controller_get_peer_label         (KvVisitController *self);
const char          *kv_visit_controller_get_self_label         (KvVisitController *self);
KvAgeBand            kv_visit_controller_get_age_band           (KvVisitController *self);
gboolean             kv_visit_controller_get_peer_present       (KvVisitController *self);
gboolean             kv_visit_controller_get_self_confirmed     (KvVisitController *self);
gboolean             kv_visit_controller_get_peer_confirmed     (KvVisitController *self);
gint64               kv_visit_controller_get_next_visit_start   (KvVisitController *self);
gint64               kv_visit_controller_get_next_visit_end     (KvVisitController *self);
gint64               kv_visit_controller_get_visit_start        (KvVisitController *self);
gint64               kv_visit_controller_get_visit_end          (KvVisitController *self);
guint                kv_visit_controller_get_seconds_left       (KvVisitController *self);
double               kv_visit_controller_get_progress           (KvVisitController *self);
guint                kv_visit_controller_get_lost_seconds       (KvVisitController *self);
guint                kv_visit_controller_get_makeup_seconds     (KvVisitController *self);
GdkPaintable        *kv_visit_controller_get_remote_paintable   (KvVisitController *self);
GdkPaintable        *kv_visit_controller_get_self_paintable     (KvVisitController *self);
double               kv_visit_controller_get_input_level        (KvVisitController *self);
gboolean             kv_visit_controller_get_paused_here        (KvVisitController *self);
KvPauseCategory      kv_visit_controller_get_pause_category     (KvVisitController *self);
gboolean             kv_visit_controller_get_muted              (KvVisitController *self);
gboolean             kv_visit_controller_get_muted_here         (KvVisitController *self);
gboolean             kv_visit_controller_get_peer_supervised    (KvVisitController *self);
gboolean             kv_visit_controller_get_room_supervised    (KvVisitController *self);
gboolean             kv_visit_controller_get_child_alert        (KvVisitController *self);
KvEndCategory        kv_visit_controller_get_end_category       (KvVisitController *self);
gboolean             kv_visit_controller_get_device_testing     (KvVisitController *self);
KvClock             *kv_visit_controller_get_clock              (KvVisitController *self);

gboolean             kv_visit_controller_is_sticker_known       (const char        *sticker_id);

G_END_DECLS
