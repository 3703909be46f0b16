/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-turn"

#include "config.h"

#include "kv-turn.h"

#include <string.h>

/**
 * kv_turn_make_credentials:
 * @secret: the shared secret coturn is configured with (static-auth-secret)
 * @kiosk_id: the kiosk the credentials are for
 * @expiry_unix: when they stop working, seconds since the epoch
 * @out_username: (out): "<expiry>:<kiosk id>"
 * @out_credential: (out): base64 (HMAC-SHA1 (secret, username))
 *
 * Makes time-limited TURN credentials as in the TURN REST API draft
 * (draft-uberti-behave-turn-rest-00), which coturn implements with
 * use-auth-secret: the TURN server checks them with the same secret, and
 * needs no call to us.
 */
void
kv_turn_make_credentials (const char  *secret,
                          const char  *kiosk_id,
                          gint64       expiry_unix,
                          char       **out_username,
                          char       **out_credential)
{
  g_autoptr(GHmac) hmac = NULL;
  g_autofree char *username = NULL;
  guint8 digest[20];
  gsize digest_len = sizeof digest;

  g_return_if_fail (secret != NULL && kiosk_id != NULL);
  g_return_if_fail (out_username != NULL && out_credential != NULL);

  username = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", expiry_unix, kiosk_id);
  hmac = g_hmac_new (G_CHECKSUM_SHA1, (const guchar *) secret, strlen (secret));
  g_hmac_update (hmac, (const guchar *) username, -1);
  g_hmac_get_digest (hmac, digest, &digest_len);

  *out_credential = g_base64_encode (digest, digest_len);
  *out_username = g_steal_pointer (&username);
}
