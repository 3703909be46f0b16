/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KV_PIN_ERROR (kv_pin_error_quark ())
GQuark kv_pin_error_quark (void);

/**
 * KvPinError:
 * @KV_PIN_ERROR_MALFORMED: the encoded hash is neither a well-formed
 *   "$argon2id$v=19$m=<KiB>,t=<passes>,p=1$<salt>$<hash>" nor a legacy
 *   "pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>"
 * @KV_PIN_ERROR_UNSUPPORTED: another algorithm, or cost parameters outside
 *   the bounds below
 * @KV_PIN_ERROR_INVALID_PIN: not a PIN staff could type (see kv_pin_check())
 * @KV_PIN_ERROR_WRONG_PIN: the PIN does not match the hash
 * @KV_PIN_ERROR_FAILED: hashing failed (out of memory)
 *
 * Errors of staff PIN hashing. Messages never contain the PIN or the hash.
 */
typedef enum {
  KV_PIN_ERROR_MALFORMED,
  KV_PIN_ERROR_UNSUPPORTED,
  KV_PIN_ERROR_INVALID_PIN,
  KV_PIN_ERROR_WRONG_PIN,
  KV_PIN_ERROR_FAILED,
} KvPinError;

/* New hashes: Argon2id with these costs (see kv-pin.c for why and what a
 * check costs). The server's staff accounts use the same. */
#define KV_PIN_ARGON2_OPSLIMIT       2
#define KV_PIN_ARGON2_MEMLIMIT       (16 * 1024 * 1024)
/* Bounds accepted from an encoded Argon2id hash: a tampered configuration
 * or roster must not be able to make each PIN check take seconds or eat the
 * kiosk's memory. m is in KiB as in the encoded form. */
#define KV_PIN_ARGON2_MIN_MEMORY_KIB 8192
#define KV_PIN_ARGON2_MAX_MEMORY_KIB 65536
#define KV_PIN_ARGON2_MIN_PASSES     1
#define KV_PIN_ARGON2_MAX_PASSES     4

/* Legacy PBKDF2-HMAC-SHA256 hashes, verified only: bounds accepted from an
 * encoded hash, as before. */
#define KV_PIN_MIN_ITERATIONS     1000
#define KV_PIN_MAX_ITERATIONS     2000000
#define KV_PIN_MIN_DIGITS         4
#define KV_PIN_MAX_DIGITS         12

/* Longest encoded hash of either kind accepted. */
#define KV_PIN_MAX_ENCODED_LENGTH 256

gboolean kv_pin_check            (const char   *pin,
                                  GError      **error);
char    *kv_pin_hash_new         (const char   *pin,
                                  GError      **error);
gboolean kv_pin_verify           (const char   *encoded,
                                  const char   *pin,
                                  GError      **error);
gboolean kv_pin_hash_validate    (const char   *encoded,
                                  GError      **error);
gboolean kv_pin_hash_is_legacy   (const char   *encoded);

G_END_DECLS
