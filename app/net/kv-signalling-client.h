/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kv-clock.h"
#include "kv-kiosk-config.h"
#include "kv-signaller.h"

G_BEGIN_DECLS

/* Reconnection: full-jitter exponential backoff (base 1 s, cap 30 s), reset
 * after each successful sign-in; a refused token is retried only every
 * 5 minutes so a revoked kiosk never hammers the server. */
#define KV_SIGNALLING_RETRY_BASE_US   (1 * G_USEC_PER_SEC)
#define KV_SIGNALLING_RETRY_CAP_US    (30 * G_USEC_PER_SEC)
#define KV_SIGNALLING_REFUSED_RETRY_US (5 * 60 * G_USEC_PER_SEC)

#define KV_TYPE_SIGNALLING_CLIENT (kv_signalling_client_get_type ())
G_DECLARE_FINAL_TYPE (KvSignallingClient, kv_signalling_client, KV, SIGNALLING_CLIENT, GObject)

/**
 * kv_signalling_client_new:
 * @server_url: ws:// or wss:// URL of the server's /ws endpoint
 * @tls_database: (nullable): the pinned CA; when set, only server
 *   certificates signed by it are accepted
 * @device_token: the kiosk's device token (secret)
 * @heartbeat_seconds: seconds between pings; the link is declared dead
 *   after three missed heartbeats
 * @clock: the kiosk's clock; if it is a #KvRealClock, its offset is kept
 *   equal to the measured offset to the server's clock
 */
KvSignallingClient *kv_signalling_client_new         (const char          *server_url,
                                                      GTlsDatabase        *tls_database,
                                                      const char          *device_token,
                                                      guint                heartbeat_seconds,
                                                      KvClock             *clock);
/**
 * kv_signalling_client_new_from_config:
 * @config: the kiosk's configuration: server-url, ca-file (the CA to pin),
 *   heartbeat-seconds and the device token from the secrets
 * @clock: as for kv_signalling_client_new()
 * @error: %KV_NET_ERROR_BAD_URL or %KV_NET_ERROR_TLS
 *
 * Returns: (transfer full) (nullable): a new client, or %NULL
 */
KvSignallingClient *kv_signalling_client_new_from_config (KvKioskConfig  *config,
                                                          KvClock        *clock,
                                                          GError        **error);

gint64              kv_signalling_client_get_clock_offset (KvSignallingClient *self);
gint64              kv_signalling_client_get_round_trip   (KvSignallingClient *self);

/* Tuning for tests: reconnection delays and the refused-token retry. */
void                kv_signalling_client_set_retry_delays (KvSignallingClient *self,
                                                           gint64              base_us,
                                                           gint64              cap_us,
                                                           gint64              refused_us);

G_END_DECLS
