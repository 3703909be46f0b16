/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-dtls-verifier.h"

#include "kv-media-error.h"

#include <string.h>

/*
 * Peer identity. GStreamer 1.22 accepts any DTLS certificate: it does not
 * compare the peer's certificate with the SDP's a=fingerprint. The SDP came
 * through our own authenticated server, so checking the fingerprint is what
 * ties the media to the kiosk the server vouched for; without it anyone on
 * the path could sit in the middle of a child's call.
 */

#define PEM_BEGIN "-----BEGIN CERTIFICATE-----"
#define PEM_END "-----END CERTIFICATE-----"

static gboolean
checksum_type_for (const char    *algorithm,
                   GChecksumType *out_type)
{
  if (g_ascii_strcasecmp (algorithm, "sha-256") == 0)
    *out_type = G_CHECKSUM_SHA256;
  else if (g_ascii_strcasecmp (algorithm, "sha-384") == 0)
    *out_type = G_CHECKSUM_SHA384;
  else if (g_ascii_strcasecmp (algorithm, "sha-512") == 0)
    *out_type = G_CHECKSUM_SHA512;
  else if (g_ascii_strcasecmp (algorithm, "sha-1") == 0)
    *out_type = G_CHECKSUM_SHA1;
  else
    return FALSE;
  return TRUE;
}

/**
 * kv_dtls_fingerprint_from_sdp:
 * @sdp: an SDP text from the peer
 * @out_algorithm: (out): e.g. "sha-256"
 * @out_fingerprint: (out): colon-separated hex, as in the SDP
 * @error: return location for %KV_MEDIA_ERROR_NO_FINGERPRINT
 *
 * Finds the first `a=fingerprint` line. With max-bundle there is one DTLS
 * transport, so one fingerprint; if lines disagree, the SDP is refused.
 */
gboolean
kv_dtls_fingerprint_from_sdp (const char  *sdp,
                              char       **out_algorithm,
                              char       **out_fingerprint,
                              GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (sdp != NULL ? sdp : "", "\n", -1);
  g_autofree char *algorithm = NULL;
  g_autofree char *fingerprint = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strchomp (lines[i]);
      g_auto(GStrv) parts = NULL;

      if (!g_str_has_prefix (line, "a=fingerprint:"))
        continue;
      parts = g_strsplit (line + strlen ("a=fingerprint:"), " ", 2);
      if (g_strv_length (parts) != 2 || *parts[0] == '\0' || *parts[1] == '\0')
        break;
      g_strstrip (parts[1]);
      if (algorithm == NULL)
        {
          algorithm = g_strdup (parts[0]);
          fingerprint = g_strdup (parts[1]);
        }
      else if (g_ascii_strcasecmp (algorithm, parts[0]) != 0
               || g_ascii_strcasecmp (fingerprint, parts[1]) != 0)
        {
          g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_FINGERPRINT_MISMATCH,
                       "The peer's description has conflicting DTLS fingerprints");
          return FALSE;
        }
    }

  if (algorithm == NULL)
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_NO_FINGERPRINT,
                   "The peer's description has no DTLS fingerprint");
      return FALSE;
    }

  *out_algorithm = g_steal_pointer (&algorithm);
  *out_fingerprint = g_steal_pointer (&fingerprint);
  return TRUE;
}

/**
 * kv_dtls_fingerprint_of_pem:
 * @pem: a PEM certificate (the first one is used)
 * @algorithm: an SDP hash name ("sha-256", ...)
 * @error: return location for a #KV_MEDIA_ERROR
 *
 * Returns: (transfer full): the DER's hash as upper-case colon-separated hex
 */
char *
kv_dtls_fingerprint_of_pem (const char  *pem,
                            const char  *algorithm,
                            GError     **error)
{
  g_autoptr(GChecksum) checksum = NULL;
  g_autofree char *body = NULL;
  g_autofree guchar *der = NULL;
  g_autoptr(GString) hex = NULL;
  guint8 digest[64];
  gsize digest_len = sizeof digest;
  GChecksumType type;
  const char *begin;
  const char *end;
  gsize der_len = 0;

  if (!checksum_type_for (algorithm, &type))
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_NO_FINGERPRINT,
                   "Unsupported DTLS fingerprint algorithm \"%s\"", algorithm);
      return NULL;
    }

  begin = pem != NULL ? strstr (pem, PEM_BEGIN) : NULL;
  end = begin != NULL ? strstr (begin, PEM_END) : NULL;
  if (begin == NULL || end == NULL)
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_FINGERPRINT_MISMATCH,
                   "The peer presented no DTLS certificate");
      return NULL;
    }
  begin += strlen (PEM_BEGIN);
  /* g_base64_decode() skips the line breaks inside the body. */
  body = g_strndup (begin, end - begin);
  der = g_base64_decode (body, &der_len);
  if (der_len == 0)
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_FINGERPRINT_MISMATCH,
                   "The peer's DTLS certificate is not valid PEM");
      return NULL;
    }

  checksum = g_checksum_new (type);
  g_checksum_update (checksum, der, der_len);
  g_checksum_get_digest (checksum, digest, &digest_len);

  hex = g_string_sized_new (digest_len * 3);
  for (gsize i = 0; i < digest_len; i++)
    g_string_append_printf (hex, "%s%02X", i > 0 ? ":" : "", digest[i]);
  return g_string_free (g_steal_pointer (&hex), FALSE);
}

/**
 * kv_dtls_verify_certificate:
 * @pem: the peer's certificate, from the DTLS transport
 * @algorithm: the SDP fingerprint's hash algorithm
 * @fingerprint: the SDP's fingerprint
 * @error: return location for %KV_MEDIA_ERROR_FINGERPRINT_MISMATCH
 *
 * Returns: %TRUE if the certificate is the one the SDP announced
 */
gboolean
kv_dtls_verify_certificate (const char  *pem,
                            const char  *algorithm,
                            const char  *fingerprint,
                            GError     **error)
{
  g_autofree char *actual = kv_dtls_fingerprint_of_pem (pem, algorithm, error);

  if (actual == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (actual, fingerprint) != 0)
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_FINGERPRINT_MISMATCH,
                   "The peer's DTLS certificate does not match the fingerprint "
                   "in its description");
      return FALSE;
    }
  return TRUE;
}
