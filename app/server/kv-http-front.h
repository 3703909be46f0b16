/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "kv-clock.h"
#include "kv-connection-guard.h"
#include "kv-refusal-log.h"
#include "kv-server-config.h"

G_BEGIN_DECLS

/* Request bodies over this are refused (413) before they are read: every
 * admin request is a small JSON object. */
#define KV_HTTP_FRONT_MAX_BODY (64 * 1024)

/* Pending connections the kernel queues for us. */
#define KV_HTTP_FRONT_LISTEN_BACKLOG 1024

/* Descriptors kept back from max-connections for everything else the
 * server opens: the database and its journal, the I/O threads' wakeup
 * descriptors, audit exports, lingering closes. */
#define KV_HTTP_FRONT_FD_RESERVE 256

/* TLS 1.2 and 1.3 only, forward-secret key exchange and AEAD ciphers only
 * (GnuTLS priority string, for glib-networking's G_TLS_GNUTLS_PRIORITY).
 * Every kiosk (libsoup/GnuTLS) and browser of the last years speaks TLS
 * 1.3; TLS 1.0/1.1, static RSA key exchange, CBC and SHA-1 are refused. */
#define KV_HTTP_FRONT_TLS_PRIORITY                                                         \
  "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:"                                            \
  "-CIPHER-ALL:+CHACHA20-POLY1305:+AES-256-GCM:+AES-128-GCM:-MAC-ALL:+AEAD:"               \
  "-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA:"                                                       \
  "-GROUP-ALL:+GROUP-X25519:+GROUP-SECP256R1:+GROUP-SECP384R1:"                            \
  "-SIGN-RSA-SHA1:-SIGN-ECDSA-SHA1:%SERVER_PRECEDENCE"

/**
 * KvHttpAuthoriseFunc:
 * @message: a request whose headers are in
 * @path: its path
 * @user_data: what was given to kv_http_front_set_authoriser()
 *
 * Decides whether a request to a non-public path may go on, before its
 * body is read. When it may not, the function sets the response (401).
 *
 * Returns: %TRUE to let the request through
 */
typedef gboolean (*KvHttpAuthoriseFunc) (SoupServerMessage *message,
                                         const char        *path,
                                         gpointer           user_data);

#define KV_TYPE_HTTP_FRONT (kv_http_front_get_type ())
G_DECLARE_FINAL_TYPE (KvHttpFront, kv_http_front, KV, HTTP_FRONT, GObject)

KvHttpFront       *kv_http_front_new            (KvServerConfig      *config,
                                                 KvClock             *clock,
                                                 KvRefusalLog        *refusal_log);
void               kv_http_front_add_handler    (KvHttpFront         *self,
                                                 const char          *path,
                                                 gboolean             is_public,
                                                 SoupServerCallback   callback,
                                                 gpointer             user_data);
void               kv_http_front_add_public_route (KvHttpFront       *self,
                                                   const char        *method,
                                                   const char        *path);
void               kv_http_front_add_public_tree (KvHttpFront       *self,
                                                  const char        *prefix);
void               kv_http_front_mark_authenticated (KvHttpFront       *self,
                                                     SoupServerMessage *message);
void               kv_http_front_set_authoriser (KvHttpFront         *self,
                                                 KvHttpAuthoriseFunc  func,
                                                 gpointer             user_data);
gboolean           kv_http_front_listen         (KvHttpFront         *self,
                                                 GError             **error);
void               kv_http_front_stop           (KvHttpFront         *self);
guint              kv_http_front_get_port       (KvHttpFront         *self);
gboolean           kv_http_front_get_uses_tls   (KvHttpFront         *self);
KvConnectionGuard *kv_http_front_get_guard      (KvHttpFront         *self);
guint64            kv_http_front_get_n_fd_exhausted (KvHttpFront     *self);
guint64            kv_http_front_get_n_too_large (KvHttpFront        *self);

KvGuardedConnection *kv_http_front_lookup_upgraded (GIOStream        *stream);

G_END_DECLS
