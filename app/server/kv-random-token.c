/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-server"

#include "config.h"

#include "kv-random-token.h"

#include "kv-store.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

/**
 * kv_random_token_new:
 * @error: return location for a #GError (%KV_STORE_ERROR_FAILED when the
 *   kernel has no randomness to give)
 *
 * A secret for a device token, a console session or a CSRF token: 32
 * bytes from the kernel's CSPRNG, as base64url without padding (43
 * characters, safe in URLs, cookies, headers, files and JSON as is).
 *
 * Returns: (transfer full) (nullable): the token
 */
char *
kv_random_token_new (GError **error)
{
  guint8 bytes[32];
  gsize filled = 0;
  g_autofree char *base64 = NULL;

  while (filled < sizeof bytes)
    {
      ssize_t got = getrandom (bytes + filled, sizeof bytes - filled, 0);

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          int saved_errno = errno;

          g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_FAILED,
                       "No randomness for a secret token: %s", g_strerror (saved_errno));
          return NULL;
        }
      filled += got;
    }

  base64 = g_base64_encode (bytes, sizeof bytes);
  for (char *p = base64; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }
  memset (bytes, 0, sizeof bytes);
  return g_steal_pointer (&base64);
}
