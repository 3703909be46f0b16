/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * KvIceUrlScheme:
 * @KV_ICE_URL_SCHEME_STUN: `stun:` (RFC 7064)
 * @KV_ICE_URL_SCHEME_TURN: `turn:` (RFC 7065); `turns:` is refused because
 *   libnice 0.1.21 sends it as plain TCP
 */
typedef enum {
  KV_ICE_URL_SCHEME_STUN,
  KV_ICE_URL_SCHEME_TURN,
} KvIceUrlScheme;

/**
 * KvIceUrlTransport:
 * @KV_ICE_URL_TRANSPORT_DEFAULT: not given (UDP)
 * @KV_ICE_URL_TRANSPORT_UDP: `?transport=udp`
 * @KV_ICE_URL_TRANSPORT_TCP: `?transport=tcp` (TURN over TCP, e.g. port 443)
 */
typedef enum {
  KV_ICE_URL_TRANSPORT_DEFAULT,
  KV_ICE_URL_TRANSPORT_UDP,
  KV_ICE_URL_TRANSPORT_TCP,
} KvIceUrlTransport;

/**
 * KvIceUrl:
 * @scheme: STUN or TURN
 * @host: host name or IP address (IPv6 without brackets)
 * @port: port (default 3478)
 * @transport: TURN transport; always DEFAULT for STUN
 *
 * A parsed STUN/TURN server URL as written in the configuration and sent to
 * kiosks: `stun:host[:port]`, `turn:host[:port][?transport=udp|tcp]`.
 * Credentials are never part of the URL.
 */
typedef struct
{
  KvIceUrlScheme    scheme;
  char             *host;
  guint16           port;
  KvIceUrlTransport transport;
} KvIceUrl;

#define KV_ICE_URL_DEFAULT_PORT 3478

/* Errors are in KV_CONFIG_ERROR: INVALID_VALUE, or UNSUPPORTED for turns:.
 * Messages name the URL only (URLs are not secret). */
KvIceUrl *kv_ice_url_parse         (const char     *url,
                                    GError        **error);
void      kv_ice_url_free          (KvIceUrl       *self);

char     *kv_ice_url_to_webrtcbin  (const KvIceUrl *self,
                                    const char     *username,
                                    const char     *credential);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvIceUrl, kv_ice_url_free)

G_END_DECLS
