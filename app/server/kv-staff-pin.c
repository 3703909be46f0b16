/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-staff"

#include "config.h"

#include "kv-staff-pin.h"

#include "kv-pin.h"

#include <sodium.h>
#include <string.h>

/* The kiosk PIN of a staff account, hashed on the server so the kiosks
 * only ever hold hashes ("$argon2id$...", which kv_pin_verify() on the
 * kiosk reads). */

/**
 * kv_staff_pin_hash:
 * @pin: the PIN, checked with kv_pin_check() (4-12 digits)
 *
 * Returns: (transfer full): the hash, or %NULL with a %KV_PIN_ERROR
 */
char *
kv_staff_pin_hash (const char  *pin,
                   GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  if (!kv_pin_check (pin, error))
    return NULL;
  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");
  if (crypto_pwhash_str_alg (hash, pin, strlen (pin), KV_STAFF_PIN_OPSLIMIT,
                             KV_STAFF_PIN_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, KV_PIN_ERROR, KV_PIN_ERROR_UNSUPPORTED,
                           "Could not hash the PIN (out of memory)");
      return NULL;
    }
  return g_strdup (hash);
}
