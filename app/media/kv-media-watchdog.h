/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-clock.h"

G_BEGIN_DECLS

/* No picture for this long while released: the call is reconnecting. */
#define KV_MEDIA_WATCHDOG_STALL_US (2 * G_USEC_PER_SEC)
/* Still no picture this long after the stall: rebuild the call. */
#define KV_MEDIA_WATCHDOG_REBUILD_US (4 * G_USEC_PER_SEC)
/* A gap between two pictures longer than this is a freeze (people notice
 * a still picture after about half a second). */
#define KV_MEDIA_WATCHDOG_FREEZE_US (500 * 1000)

#define KV_TYPE_MEDIA_WATCHDOG (kv_media_watchdog_get_type ())
G_DECLARE_FINAL_TYPE (KvMediaWatchdog, kv_media_watchdog, KV, MEDIA_WATCHDOG, GObject)

KvMediaWatchdog *kv_media_watchdog_new          (KvClock         *clock);
void             kv_media_watchdog_start        (KvMediaWatchdog *self);
void             kv_media_watchdog_stop         (KvMediaWatchdog *self);
void             kv_media_watchdog_set_released (KvMediaWatchdog *self,
                                                 gboolean         released);
void             kv_media_watchdog_frame_seen   (KvMediaWatchdog *self);
gboolean         kv_media_watchdog_get_flowing  (KvMediaWatchdog *self);
gboolean         kv_media_watchdog_get_stalled  (KvMediaWatchdog *self);
gint64           kv_media_watchdog_get_lost_us  (KvMediaWatchdog *self);
guint            kv_media_watchdog_get_n_freezes (KvMediaWatchdog *self);

G_END_DECLS
