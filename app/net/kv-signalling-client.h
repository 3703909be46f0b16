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

/* While urgent (a call depends on the link, #KvSignaller:urgent):
 *
 * Reconnection delays are capped at half a second, still full jitter: the
 * kiosks in visits when a whole region's server restarts (a few hundred at
 * most) spread their sign-ins over that half second, which the server
 * (sized for 10,000 kiosks) takes; every longer delay would be picture
 * time lost. */
#define KV_SIGNALLING_URGENT_RETRY_CAP_US (500 * 1000)
/* A sign-in is four round trips (TCP, TLS, WebSocket upgrade,
 * hello/welcome): ~10 ms on loopback, ~0.2 s at 50 ms. One that takes
 * longer went into a dead path, where TCP retries its SYN only after 1 s,
 * 3 s, 7 s...: it is abandoned and a fresh one starts within the retry
 * cap, so the server is reached soon after the path is back. */
#define KV_SIGNALLING_URGENT_SIGN_IN_US (750 * 1000)
/* A ping every half second, and the link is dead after 1.5 s without a
 * word from the server (three pings). Otherwise a dead connection is only
 * noticed by TCP, whose retransmissions back off to tens of seconds, or by
 * the heartbeat (three times heartbeat-seconds, 30 s by default). The
 * cost: two small frames a second per kiosk in a visit. */
#define KV_SIGNALLING_URGENT_PING_US (500 * 1000)
#define KV_SIGNALLING_URGENT_SILENCE_US (1500 * 1000)
/* The longest an urgent link takes to be signed in again once the server
 * can be reached: the sign-in in progress may have gone into the dead path
 * (abandoned after its deadline), then the retry delay, then a sign-in
 * that works (within the deadline, by the deadline's own reasoning). A
 * link that the kiosk still thought alive is either declared dead within
 * the silence (then the same holds) or carries messages again as soon as
 * TCP retransmits, which after a gap shorter than the silence is within
 * ~1.6 s. */
#define KV_SIGNALLING_URGENT_LINK_BACK_US \
  (2 * KV_SIGNALLING_URGENT_SIGN_IN_US + KV_SIGNALLING_URGENT_RETRY_CAP_US)

/* The kiosk's recovery bound counts on the seam's promise (kv-signaller.h):
 * whoever tunes the constants above finds out here. */
G_STATIC_ASSERT (KV_SIGNALLING_URGENT_LINK_BACK_US <= KV_SIGNALLER_URGENT_LINK_BACK_BOUND_US);

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
