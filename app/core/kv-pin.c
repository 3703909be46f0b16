/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-pin"

#include "config.h"

#include "kv-pin.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

/* Staff PINs unlock the staff panel of a kiosk (confirm presence, end a
 * visit). The kiosk stores only a PBKDF2-HMAC-SHA256 hash, encoded as
 * "pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>", so a copied
 * configuration does not give the PIN away cheaply.
 */

#define PREFIX "pbkdf2-sha256"
#define MIN_SALT_BYTES 8
#define MAX_SALT_BYTES 64
/* Longest encoded hash accepted: prefix, iterations, 64-byte salt, hash. */
#define MAX_ENCODED_LENGTH 256

G_DEFINE_QUARK (kv-pin-error-quark, kv_pin_error)

/* One HMAC-SHA256 keyed once: the keyed state is copied per message, which
 * saves hashing the key twice per PBKDF2 iteration. */
static void
hmac_run (GHmac        *keyed,
          const guint8 *message,
          gsize         message_length,
          guint8       *out_digest)
{
  g_autoptr(GHmac) hmac = g_hmac_copy (keyed);
  gsize digest_length = KV_PIN_HASH_BYTES;

  g_hmac_update (hmac, message, (gssize) message_length);
  g_hmac_get_digest (hmac, out_digest, &digest_length);
}

/**
 * kv_pbkdf2_hmac_sha256:
 * @password: (array length=password_length): the password
 * @password_length: its length in bytes
 * @salt: (array length=salt_length): the salt
 * @salt_length: its length in bytes
 * @iterations: the iteration count, at least 1
 * @out_key: (out caller-allocates) (array length=key_length): the derived key
 * @key_length: how many bytes to derive
 *
 * PBKDF2 as in RFC 8018 section 5.2 with HMAC-SHA256 as the PRF.
 */
void
kv_pbkdf2_hmac_sha256 (const guint8 *password,
                       gsize         password_length,
                       const guint8 *salt,
                       gsize         salt_length,
                       guint         iterations,
                       guint8       *out_key,
                       gsize         key_length)
{
  g_autoptr(GHmac) keyed = NULL;
  g_autofree guint8 *first_message = NULL;
  guint32 block_index = 0;
  gsize done = 0;

  g_return_if_fail (iterations >= 1);
  g_return_if_fail (out_key != NULL);

  keyed = g_hmac_new (G_CHECKSUM_SHA256, password, password_length);
  first_message = g_malloc (salt_length + 4);
  if (salt_length > 0)
    memcpy (first_message, salt, salt_length);

  while (done < key_length)
    {
      guint8 u[KV_PIN_HASH_BYTES];
      guint8 t[KV_PIN_HASH_BYTES];
      gsize chunk;

      block_index++;
      first_message[salt_length + 0] = (guint8) (block_index >> 24);
      first_message[salt_length + 1] = (guint8) (block_index >> 16);
      first_message[salt_length + 2] = (guint8) (block_index >> 8);
      first_message[salt_length + 3] = (guint8) block_index;

      hmac_run (keyed, first_message, salt_length + 4, u);
      memcpy (t, u, sizeof t);
      for (guint i = 1; i < iterations; i++)
        {
          hmac_run (keyed, u, sizeof u, u);
          for (guint j = 0; j < sizeof t; j++)
            t[j] ^= u[j];
        }

      chunk = MIN (key_length - done, sizeof t);
      memcpy (out_key + done, t, chunk);
      done += chunk;
    }
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

static void
fill_random (guint8 *buffer,
             gsize   length)
{
  gsize done = 0;

  /* A salt must be unpredictable: g_random is not. getrandom() blocks only
   * before the kernel's pool is initialised, long before a kiosk runs. */
  while (done < length)
    {
      gssize n = getrandom (buffer + done, length - done, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        g_error ("getrandom() failed: %s", g_strerror (errno));
      done += (gsize) n;
    }
}

/**
 * kv_pin_hash_new:
 * @pin: a PIN that passed kv_pin_check()
 * @iterations: PBKDF2 iterations, 0 for %KV_PIN_DEFAULT_ITERATIONS
 *
 * Returns: (transfer full): "pbkdf2-sha256$<iterations>$<salt>$<hash>"
 */
char *
kv_pin_hash_new (const char *pin,
                 guint       iterations)
{
  guint8 salt[KV_PIN_SALT_BYTES];
  guint8 hash[KV_PIN_HASH_BYTES];
  g_autofree char *salt64 = NULL;
  g_autofree char *hash64 = NULL;

  g_return_val_if_fail (kv_pin_check (pin, NULL), NULL);
  if (iterations == 0)
    iterations = KV_PIN_DEFAULT_ITERATIONS;
  g_return_val_if_fail (iterations >= KV_PIN_MIN_ITERATIONS &&
                        iterations <= KV_PIN_MAX_ITERATIONS, NULL);

  fill_random (salt, sizeof salt);
  kv_pbkdf2_hmac_sha256 ((const guint8 *) pin, strlen (pin), salt, sizeof salt,
                         iterations, hash, sizeof hash);

  salt64 = g_base64_encode (salt, sizeof salt);
  hash64 = g_base64_encode (hash, sizeof hash);
  return g_strdup_printf (PREFIX "$%u$%s$%s", iterations, salt64, hash64);
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

static gboolean
parse_encoded (const char  *encoded,
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

  if (encoded == NULL || strlen (encoded) > MAX_ENCODED_LENGTH)
    {
      g_set_error (error, KV_PIN_ERROR, KV_PIN_ERROR_MALFORMED,
                   "The PIN hash is missing or too long");
      return FALSE;
    }

  parts = g_strsplit (encoded, "$", 5);
  if (g_strv_length (parts) != 4)
    {
      g_set_error (error, KV_PIN_ERROR, KV_PIN_ERROR_MALFORMED,
                   "The PIN hash does not have the form "
                   PREFIX "$<iterations>$<salt>$<hash>");
      return FALSE;
    }
  if (!g_str_equal (parts[0], PREFIX))
    {
      g_set_error (error, KV_PIN_ERROR, KV_PIN_ERROR_UNSUPPORTED,
                   "The PIN hash is not a " PREFIX " hash");
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
  if (hash == NULL || hash_length != KV_PIN_HASH_BYTES)
    {
      g_set_error (error, KV_PIN_ERROR, KV_PIN_ERROR_MALFORMED,
                   "The PIN hash's hash is not %d bytes of base64", KV_PIN_HASH_BYTES);
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

/**
 * kv_pin_hash_validate:
 * @encoded: an encoded PIN hash, e.g. from a secrets file
 * @error: return location for a #KV_PIN_ERROR
 *
 * Returns: whether kv_pin_verify() can use @encoded
 */
gboolean
kv_pin_hash_validate (const char  *encoded,
                      GError     **error)
{
  guint iterations;

  return parse_encoded (encoded, &iterations, NULL, NULL, NULL, error);
}

/**
 * kv_pin_verify:
 * @encoded: the stored hash
 * @pin: (nullable): what staff typed
 * @error: return location for a #KV_PIN_ERROR
 *
 * The comparison takes the same time whichever byte differs, so timing does
 * not reveal how close a guess was.
 *
 * Returns: %TRUE if @pin matches; %FALSE with %KV_PIN_ERROR_WRONG_PIN if
 *   not, or another code if @encoded is unusable
 */
gboolean
kv_pin_verify (const char  *encoded,
               const char  *pin,
               GError     **error)
{
  g_autofree guint8 *salt = NULL;
  g_autofree guint8 *expected = NULL;
  guint8 derived[KV_PIN_HASH_BYTES];
  gsize salt_length = 0;
  guint iterations = 0;
  guint8 difference = 0;

  if (!parse_encoded (encoded, &iterations, &salt, &salt_length, &expected, error))
    return FALSE;

  if (pin == NULL)
    pin = "";
  kv_pbkdf2_hmac_sha256 ((const guint8 *) pin, strlen (pin), salt, salt_length,
                         iterations, derived, sizeof derived);

  for (gsize i = 0; i < sizeof derived; i++)
    difference |= derived[i] ^ expected[i];

  if (difference != 0)
    {
      g_set_error (error, KV_PIN_ERROR, KV_PIN_ERROR_WRONG_PIN, "Wrong PIN");
      return FALSE;
    }

  return TRUE;
}
