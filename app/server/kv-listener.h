/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* After the process runs out of file descriptors, accepting pauses for
 * BACKOFF_MIN, doubling up to BACKOFF_MAX while it lasts; the warning is
 * logged at most once per LOG_INTERVAL, with how often it happened. */
#define KV_LISTENER_BACKOFF_MIN_MS 50
#define KV_LISTENER_BACKOFF_MAX_MS 1000
#define KV_LISTENER_LOG_INTERVAL_US (60 * G_USEC_PER_SEC)

#define KV_TYPE_LISTENER (kv_listener_get_type ())
G_DECLARE_FINAL_TYPE (KvListener, kv_listener, KV, LISTENER, GObject)

KvListener *kv_listener_new             (GSocket    *socket,
                                         GError    **error);
guint       kv_listener_get_port        (KvListener *self);
guint64     kv_listener_get_n_fd_exhausted (KvListener *self);
void        kv_listener_stop            (KvListener *self);

G_END_DECLS
