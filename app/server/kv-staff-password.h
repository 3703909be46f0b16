/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KV_STAFF_PASSWORD_ERROR (kv_staff_password_error_quark ())
GQuark kv_staff_password_error_quark (void);

/**
 * KvStaffPasswordError:
 * @KV_STAFF_PASSWORD_ERROR_TOO_SHORT: fewer than %KV_STAFF_PASSWORD_MIN_CHARS characters
 * @KV_STAFF_PASSWORD_ERROR_TOO_LONG: more than %KV_STAFF_PASSWORD_MAX_BYTES bytes
 * @KV_STAFF_PASSWORD_ERROR_INVALID: not text (bad UTF-8, control characters)
 * @KV_STAFF_PASSWORD_ERROR_BUSY: too many hashes are waiting already
 * @KV_STAFF_PASSWORD_ERROR_FAILED: hashing failed (out of memory)
 *
 * Errors of staff passwords. Messages never hold the password or a hash.
 */
typedef enum {
  KV_STAFF_PASSWORD_ERROR_TOO_SHORT,
  KV_STAFF_PASSWORD_ERROR_TOO_LONG,
  KV_STAFF_PASSWORD_ERROR_INVALID,
  KV_STAFF_PASSWORD_ERROR_BUSY,
  KV_STAFF_PASSWORD_ERROR_FAILED,
} KvStaffPasswordError;

/* Ten characters: the password is all that stands between the internet and
 * the console of visits between children and prisoners (there is no
 * second factor), and ten characters is a short passphrase (NIST 800-63B
 * asks for at least 8 and no composition rules, which we follow). */
#define KV_STAFF_PASSWORD_MIN_CHARS 10
/* Bytes, not characters: bounds what a request can hand the hash, and no
 * one types more. */
#define KV_STAFF_PASSWORD_MAX_BYTES 256

gboolean  kv_staff_password_check        (const char           *password,
                                          GError              **error);
char     *kv_staff_password_hash         (const char           *password,
                                          GError              **error);
gboolean  kv_staff_password_verify       (const char           *hash,
                                          const char           *password);
gboolean  kv_staff_password_is_hash      (const char           *hash);

void      kv_staff_password_hash_async   (const char           *password,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
char     *kv_staff_password_hash_finish  (GAsyncResult         *result,
                                          GError              **error);
void      kv_staff_password_verify_async (const char           *hash,
                                          const char           *password,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean  kv_staff_password_verify_finish (GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
