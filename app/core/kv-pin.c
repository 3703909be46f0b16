/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-pin"

#include "config.h"

#include "kv-pin.h"

#include <nettle/pbkdf2.h>
#include <sodium.h>
#include <string.h>

/* Staff PINs unlock the staff panel of a kiosk (confirm presence, end a
 * visit). The kiosk stores only hashes, so a copied configuration or roster
 * does not give a PIN away cheaply.
 *
 * New hashes are Argon2id in libsodium's encoded form
 * "$argon2id$v=19$m=16384,t=2,p=1$<salt>$<hash>". A 4-12 digit PIN has at
 * most 10^12 values and usually 10^4-10^6, so only the cost per guess
 * protects a leaked hash: Argon2id is memory-hard (16 MiB per guess ties
 * a GPU's parallelism to its memory), where PBKDF2 is not. Two passes over
 * 16 MiB is what a kiosk can afford: it checks a PIN only when staff type
 * one, on a worker thread, against a roster of ~30 hashes at most.
 * Measured on the 2-core Debian 12 build machine, shared with other builds
 * (test-pin -m perf -p /pin/verify-speed, median of 7, three runs): 10-33 ms
 * per check, all of it CPU time. A PIN that matches nobody is checked
 * against every hash, so a roster of 30 costs 0.3-1 s in the worst case:
 * KvStaffLock runs the checks on a worker thread.
 *
 * Kiosk configurations written before Argon2id hold
 * "pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>": they are still
 * verified (with nettle's PBKDF2), with the same iteration bounds as before,
 * until the PIN is next set; nothing writes that form any more.
 */

#define LEGACY_PREFIX "pbkdf2-sha256"
#define ARGON2ID_PREFIX "$argon2id$"
#define LEGACY_HASH_BYTES 32
#define MIN_SALT_BYTES 8
#define MAX_SALT_BYTES 64
#define ARGON2_MIN_HASH_BYTES 16
#define ARGON2_MAX_HASH_BYTES 64

G_DEFINE_QUARK (kv-pin-error-quark, kv_pin_error)

/* libsodium must be initialised once before use; after that its functions
 * are safe to call from any thread. */
static gboolean
ensure_sodium (void)
{
  static gsize initialised = 0;
  static gboolean usable = FALSE;

  if (g_once_init_enter (&initialised))
    {
      usable = sodium_init () >= 0;
      g_once_init_leave (&initialised, 1);
    }
  return usable;
}

/**
 * kv_pin_check:
 * @pin: what was typed
 * @error: return location for %KV_PIN_ERROR_INVALID_PIN
 *
 * A staff PIN is %KV_PIN_MIN_DIGITS to %KV_PIN_MAX_DIGITS digits: the
 * kiosk's staff keypad has digits only.
 *
 * Returns: whether @pin can be a staff PIN
 */
gboolean
kv_pin_check (const char  *pin,
              GError     **error)
{
  gsize length = pin != NULL ? strlen (pin) : 0;

  if (length < KV_PIN_MIN_DIGITS || length > KV_PIN_MAX_DIGITS)
    {
      g_set_error (error, KV_PIN_ERROR, KV_PIN_ERROR_INVALID_PIN,
                   "A staff PIN has %d to %d digits", KV_PIN_MIN_DIGITS, KV_PIN_MAX_DIGITS);
      return FALSE;
    }
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (pin[i]))
        {
          g_set_error (error, KV_PIN_ERROR, KV_PIN_ERROR_INVALID_PIN,
                       "A staff PIN has digits only");
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * kv_pin_hash_new:
 * @pin: a PIN that passed kv_pin_check()
 * @error: return location for %KV_PIN_ERROR_FAILED
 *
 * Hashes @pin with Argon2id at %KV_PIN_ARGON2_OPSLIMIT passes over
 * %KV_PIN_ARGON2_MEMLIMIT bytes and a random salt.
 *
 * Returns: (transfer full): "$argon2id$v=19$m=...", or %NULL if hashing
 *   failed (it needs %KV_PIN_ARGON2_MEMLIMIT bytes of memory)
 */
char *
kv_pin_hash_new (const char  *pin,
                 GError     **error)
{
  char encoded[crypto_pwhash_STRBYTES];

  g_return_val_if_fail (kv_pin_check (pin, NULL), NULL);

  if (!ensure_sodium () ||
      crypto_pwhash_str_alg (encoded, pin, strlen (pin), KV_PIN_ARGON2_OPSLIMIT,
                             KV_PIN_ARGON2_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, KV_PIN_ERROR, KV_PIN_ERROR_FAILED,
                           "Could not hash the PIN (out of memory?)");
      return NULL;
    }

  return g_strdup (encoded);
}

/* g_base64_decode() skips characters it does not know; a hash with stray
 * characters must be refused instead, so check strictly first. */
static guint8 *
decode_base64_strict (const char *text,
                      gsize      *out_length)
{
  gsize length = strlen (text);
  gsize padding = 0;

  if (length == 0 || length % 4 != 0)
    return NULL;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (c == '=')
        {
          if (i < length - 2)
            return NULL;
          padding++;
        }
      else if (padding > 0 || !(g_ascii_isalnum (c) || c == '+' || c == '/'))
        return NULL;
    }

  return g_base64_decode (text, out_length);
}

/* The unpadded base64 of libsodium's encoded hashes: the characters and a
 * length between those of @min_bytes and @max_bytes. */
static gboolean
is_unpadded_base64 (const char *text,
                    gsize       min_bytes,
                    gsize       max_bytes)
{
  gsize length = strlen (text);

  if (length < (min_bytes * 4 + 2) / 3 || length > (max_bytes * 4 + 2) / 3 || length % 4 == 1)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!(g_ascii_isalnum (text[i]) || text[i] == '+' || text[i] == '/'))
      return FALSE;
  return TRUE;
}

static gboolean
parse_argon2_parameter (const char *text,
                        const char *name,
                        guint64     max,
                        guint64    *out_value)
{
  gsize name_length = strlen (name);

  /* Digits only: g_ascii_string_to_unsigned would take none of "+1", " 1"
   * anyway, but leading zeros would make two encodings of one hash. */
  return strncmp (text, name, name_length) == 0 && text[name_length] == '=' &&
         g_ascii_isdigit (text[name_length + 1]) &&
         !(text[name_length + 1] == '0' && text[name_length + 2] != '\0') &&
         g_ascii_string_to_unsigned (text + name_length + 1, 10, 0, max, out_value, NULL);
}

/* "$argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>". The costs are
 * parsed here, before libsodium sees the hash, so that a tampered hash
 * cannot make a check take minutes or allocate gigabytes. */
static gboolean
parse_argon2id (const char  *encoded,
                GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (encoded, "$", 7);
  g_auto(GStrv) costs = NULL;
  guint64 memory_kib, passes, lanes;

  if (g_strv_length (parts) != 6 || *parts[0] != '\0')
    {
      g_set_error (error, KV_PIN_ERROR, KV_PIN_ERROR_MALFORMED,
                   "The PIN hash does not have the form "
                   ARGON2ID_PREFIX "v=19$m=<KiB>,t=<passes>,p=1$<salt>$<hash>");
      return FALSE;
    }
  if (!g_str_equal (parts[1], "argon2id"))
    {
      g_set_error (error, KV_PIN_ERROR, KV_PIN_ERROR_UNSUPPORTED,
                   "The PIN hash is not an Argon2id hash");
      return FALSE;
    }
  if (!g_str_equal (parts[2], "v=19"))
    {
      g_set_error (error, KV_PIN_ERROR, KV_PIN_ERROR_UNSUPPORTED,
                   "The PIN hash is not of Argon2 version 19");
      return FALSE;
    }

  costs = g_strsplit (parts[3], ",", 4);
  if (g_strv_length (costs) != 3 ||
      !parse_argon2_parameter (costs[0], "m", G_MAXUINT32, &memory_kib) ||
      !parse_argon2_parameter (costs[1], "t", G_MAXUINT32, &passes) ||
      !parse_argon2_parameter (costs[2], "p", G_MAXUINT32, &lanes))
    {
      g_set_error (error, KV_PIN_ERROR, KV_PIN_ERROR_MALFORMED,
                   "The PIN hash's parameters are not m=<KiB>,t=<passes>,p=<lanes>");
      return FALSE;
    }
  if (memory_kib < KV_PIN_ARGON2_MIN_MEMORY_KIB || memory_kib > KV_PIN_ARGON2_MAX_MEMORY_KIB ||
      passes < KV_PIN_ARGON2_MIN_PASSES || passes > KV_PIN_ARGON2_MAX_PASSES ||
      lanes != 1)
    {
      g_set_error (error, KV_PIN_ERROR, KV_PIN_ERROR_UNSUPPORTED,
                   "The PIN hash's costs are outside m=%d-%d KiB, t=%d-%d, p=1",
                   KV_PIN_ARGON2_MIN_MEMORY_KIB, KV_PIN_ARGON2_MAX_MEMORY_KIB,
                   KV_PIN_ARGON2_MIN_PASSES, KV_PIN_ARGON2_MAX_PASSES);
      return FALSE;
    }
  if (!is_unpadded_base64 (parts[4], MIN_SALT_BYTES, MAX_SALT_BYTES) ||
      !is_unpadded_base64 (parts[5], ARGON2_MIN_HASH_BYTES, ARGON2_MAX_HASH_BYTES))
    {
      g_set_error (error, KV_PIN_ERROR, KV_PIN_ERROR_MALFORMED,
                   "The PIN hash's salt or hash is not unpadded base64 of a usable length");
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_legacy (const char  *encoded,
              guint       *out_iterations,
              guint8     **out_salt,
              gsize       *out_salt_length,
              guint8     **out_hash,
              GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autofree guint8 *salt = NULL;
  g_autofree guint8 *hash = NULL;
  gsize salt_length = 0;
  gsize hash_length = 0;
  guint64 iterations;

  parts = g_strsplit (encoded, "$", 5);
  if (g_strv_length (parts) != 4)
    {
      g_set_error (error, KV_PIN_ERROR, KV_PIN_ERROR_MALFORMED,
                   "The PIN hash does not have the form "
                   LEGACY_PREFIX "$<iterations>$<salt>$<hash>");
      return FALSE;
    }
  if (!g_str_equal (parts[0], LEGACY_PREFIX))
    {
      g_set_error (error, KV_PIN_ERROR, KV_PIN_ERROR_UNSUPPORTED,
                   "The PIN hash is not a " LEGACY_PREFIX " hash");
      return FALSE;
    }
  if (!g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXUINT, &iterations, NULL))
    {
      g_set_error (error, KV_PIN_ERROR, KV_PIN_ERROR_MALFORMED,
                   "The PIN hash's iteration count is not a number");
      return FALSE;
    }
  if (iterations < KV_PIN_MIN_ITERATIONS || iterations > KV_PIN_MAX_ITERATIONS)
    {
      g_set_error (error, KV_PIN_ERROR, KV_PIN_ERROR_UNSUPPORTED,
                   "The PIN hash's iteration count is outside %d-%d",
                   KV_PIN_MIN_ITERATIONS, KV_PIN_MAX_ITERATIONS);
      return FALSE;
    }

  salt = decode_base64_strict (parts[2], &salt_length);
  if (salt == NULL || salt_length < MIN_SALT_BYTES || salt_length > MAX_SALT_BYTES)
    {
      g_set_error (error, KV_PIN_ERROR, KV_PIN_ERROR_MALFORMED,
                   "The PIN hash's salt is not %d to %d bytes of base64",
                   MIN_SALT_BYTES, MAX_SALT_BYTES);
      return FALSE;
    }
  hash = decode_base64_strict (parts[3], &hash_length);
  if (hash == NULL || hash_length != LEGACY_HASH_BYTES)
    {
      g_set_error (error, KV_PIN_ERROR, KV_PIN_ERROR_MALFORMED,
                   "The PIN hash's hash is not %d bytes of base64", LEGACY_HASH_BYTES);
      return FALSE;
    }

  *out_iterations = (guint) iterations;
  if (out_salt != NULL)
    *out_salt = g_steal_pointer (&salt);
  if (out_salt_length != NULL)
    *out_salt_length = salt_length;
  if (out_hash != NULL)
    *out_hash = g_steal_pointer (&hash);
  return TRUE;
}

static gboolean
check_length (const char  *encoded,
              GError     **error)
{
  if (encoded == NULL || strlen (encoded) > KV_PIN_MAX_ENCODED_LENGTH)
    {
      g_set_error (error, KV_PIN_ERROR, KV_PIN_ERROR_MALFORMED,
                   "The PIN hash is missing or too long");
      return FALSE;
    }
  return TRUE;
}

/**
 * kv_pin_hash_validate:
 * @encoded: an encoded PIN hash, e.g. from a secrets file or a roster
 * @error: return location for a #KV_PIN_ERROR
 *
 * Returns: whether kv_pin_verify() can use @encoded
 */
gboolean
kv_pin_hash_validate (const char  *encoded,
                      GError     **error)
{
  guint iterations;

  if (!check_length (encoded, error))
    return FALSE;
  if (*encoded == '$')
    return parse_argon2id (encoded, error);
  return parse_legacy (encoded, &iterations, NULL, NULL, NULL, error);
}

/**
 * kv_pin_hash_is_legacy:
 * @encoded: (nullable): an encoded PIN hash
 *
 * Returns: whether @encoded is in the old PBKDF2 form, which should be
 *   replaced by setting the PIN again
 */
gboolean
kv_pin_hash_is_legacy (const char *encoded)
{
  return encoded != NULL && g_str_has_prefix (encoded, LEGACY_PREFIX "$");
}

static gboolean
verify_legacy (const char  *encoded,
               const char  *pin,
               GError     **error)
{
  g_autofree guint8 *salt = NULL;
  g_autofree guint8 *expected = NULL;
  guint8 derived[LEGACY_HASH_BYTES];
  gsize salt_length = 0;
  guint iterations = 0;

  if (!parse_legacy (encoded, &iterations, &salt, &salt_length, &expected, error))
    return FALSE;

  pbkdf2_hmac_sha256 (strlen (pin), (const uint8_t *) pin, iterations,
                      salt_length, salt, sizeof derived, derived);

  /* The comparison takes the same time whichever byte differs. */
  if (sodium_memcmp (derived, expected, sizeof derived) != 0)
    {
      g_set_error (error, KV_PIN_ERROR, KV_PIN_ERROR_WRONG_PIN, "Wrong PIN");
      return FALSE;
    }
  return TRUE;
}

/**
 * kv_pin_verify:
 * @encoded: the stored hash, Argon2id or legacy PBKDF2
 * @pin: (nullable): what staff typed
 * @error: return location for a #KV_PIN_ERROR
 *
 * Safe to call from any thread. An Argon2id check takes tens of
 * milliseconds (see the top of this file): don't call it on the main thread
 * of a user interface in a loop.
 *
 * Returns: %TRUE if @pin matches; %FALSE with %KV_PIN_ERROR_WRONG_PIN if
 *   not, or another code if @encoded is unusable
 */
gboolean
kv_pin_verify (const char  *encoded,
               const char  *pin,
               GError     **error)
{
  if (!check_length (encoded, error))
    return FALSE;
  if (pin == NULL)
    pin = "";
  if (*encoded != '$')
    return verify_legacy (encoded, pin, error);

  if (!parse_argon2id (encoded, error))
    return FALSE;
  if (!ensure_sodium ())
    {
      g_set_error_literal (error, KV_PIN_ERROR, KV_PIN_ERROR_FAILED,
                           "Could not initialise libsodium");
      return FALSE;
    }
  if (crypto_pwhash_str_verify (encoded, pin, strlen (pin)) != 0)
    {
      g_set_error (error, KV_PIN_ERROR, KV_PIN_ERROR_WRONG_PIN, "Wrong PIN");
      return FALSE;
    }
  return TRUE;
}
