/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KV_PIN_ERROR (kv_pin_error_quark ())
GQuark kv_pin_error_quark (void);

/**
 * KvPinError:
 * @KV_PIN_ERROR_MALFORMED: the encoded hash is not
 *   "pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>"
 * @KV_PIN_ERROR_UNSUPPORTED: another algorithm, or iterations outside
 *   %KV_PIN_MIN_ITERATIONS..%KV_PIN_MAX_ITERATIONS
 * @KV_PIN_ERROR_INVALID_PIN: not a PIN staff could type (see kv_pin_check())
 * @KV_PIN_ERROR_WRONG_PIN: the PIN does not match the hash
 *
 * Errors of staff PIN hashing. Messages never contain the PIN or the hash.
 */
typedef enum {
  KV_PIN_ERROR_MALFORMED,
  KV_PIN_ERROR_UNSUPPORTED,
  KV_PIN_ERROR_INVALID_PIN,
  KV_PIN_ERROR_WRONG_PIN,
} KvPinError;

/* ~120 ms per check on the reference 2-core machine: slow for guessing,
 * quick enough for staff at a touch screen. */
#define KV_PIN_DEFAULT_ITERATIONS 100000
/* Bounds accepted from an encoded hash: a tampered configuration must not be
 * able to make each PIN check take minutes. */
#define KV_PIN_MIN_ITERATIONS     1000
#define KV_PIN_MAX_ITERATIONS     2000000
#define KV_PIN_MIN_DIGITS         4
#define KV_PIN_MAX_DIGITS         12
#define KV_PIN_SALT_BYTES         16
#define KV_PIN_HASH_BYTES         32

gboolean kv_pin_check            (const char   *pin,
                                  GError      **error);
char    *kv_pin_hash_new         (const char   *pin,
                                  guint         iterations);
gboolean kv_pin_verify           (const char   *encoded,
                                  const char   *pin,
                                  GError      **error);
gboolean kv_pin_hash_validate    (const char   *encoded,
                                  GError      **error);

/* PBKDF2 (RFC 8018) with HMAC-SHA256; GLib has none. */
void     kv_pbkdf2_hmac_sha256   (const guint8 *password,
                                  gsize         password_length,
                                  const guint8 *salt,
                                  gsize         salt_length,
                                  guint         iterations,
                                  guint8       *out_key,
                                  gsize         key_length);

G_END_DECLS
