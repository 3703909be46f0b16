/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-config-file.h"
#include "kv-ice-url.h"

#include <string.h>

typedef struct
{
  const char        *url;
  KvIceUrlScheme     scheme;
  const char        *host;
  guint16            port;
  KvIceUrlTransport  transport;
  const char        *webrtcbin;  /* with user "u:1" and password "p@ss/word" */
} GoodUrl;

static const GoodUrl good_urls[] = {
  { "stun:stun.example.org", KV_ICE_URL_SCHEME_STUN, "stun.example.org", 3478,
    KV_ICE_URL_TRANSPORT_DEFAULT, "stun://stun.example.org:3478" },
  { "STUN:192.0.2.1:19302", KV_ICE_URL_SCHEME_STUN, "192.0.2.1", 19302,
    KV_ICE_URL_TRANSPORT_DEFAULT, "stun://192.0.2.1:19302" },
  { "stun:[2001:db8::1]:3479", KV_ICE_URL_SCHEME_STUN, "2001:db8::1", 3479,
    KV_ICE_URL_TRANSPORT_DEFAULT, "stun://[2001:db8::1]:3479" },
  { "stun://stun.example.org:1", KV_ICE_URL_SCHEME_STUN, "stun.example.org", 1,
    KV_ICE_URL_TRANSPORT_DEFAULT, "stun://stun.example.org:1" },
  { "turn:turn.example.org", KV_ICE_URL_SCHEME_TURN, "turn.example.org", 3478,
    KV_ICE_URL_TRANSPORT_DEFAULT, "turn://u%3A1:p%40ss%2Fword@turn.example.org:3478" },
  { "turn:turn.example.org:443?transport=tcp", KV_ICE_URL_SCHEME_TURN, "turn.example.org", 443,
    KV_ICE_URL_TRANSPORT_TCP,
    "turn://u%3A1:p%40ss%2Fword@turn.example.org:443?transport=tcp" },
  { "turn:198.51.100.9:3478?transport=UDP", KV_ICE_URL_SCHEME_TURN, "198.51.100.9", 3478,
    KV_ICE_URL_TRANSPORT_UDP, "turn://u%3A1:p%40ss%2Fword@198.51.100.9:3478?transport=udp" },
};

static void
test_good (gconstpointer data)
{
  const GoodUrl *good = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KvIceUrl) url = kv_ice_url_parse (good->url, &error);
  g_autofree char *formatted = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (url->scheme, ==, good->scheme);
  g_assert_cmpstr (url->host, ==, good->host);
  g_assert_cmpuint (url->port, ==, good->port);
  g_assert_cmpint (url->transport, ==, good->transport);

  formatted = kv_ice_url_to_webrtcbin (url, "u:1", "p@ss/word");
  g_assert_cmpstr (formatted, ==, good->webrtcbin);
}

typedef struct
{
  const char    *url;
  KvConfigError  code;
  const char    *message;
} BadUrl;

static const BadUrl bad_urls[] = {
  /* libnice 0.1.21 would send these as plain TCP. */
  { "turns:turn.example.org:443", KV_CONFIG_ERROR_UNSUPPORTED, "turn:HOST:443?transport=tcp" },
  { "turns://turn.example.org", KV_CONFIG_ERROR_UNSUPPORTED, "not supported" },
  { "stuns:stun.example.org", KV_CONFIG_ERROR_UNSUPPORTED, "not supported" },
  { "", KV_CONFIG_ERROR_INVALID_VALUE, "no stun: or turn: scheme" },
  { "turn.example.org", KV_CONFIG_ERROR_INVALID_VALUE, "no stun: or turn: scheme" },
  { "http://turn.example.org", KV_CONFIG_ERROR_INVALID_VALUE, "the scheme must be stun or turn" },
  { "turn:", KV_CONFIG_ERROR_INVALID_VALUE, "bad host name" },
  { "turn:-bad.example.org", KV_CONFIG_ERROR_INVALID_VALUE, "bad host name" },
  { "turn:bad_host.example.org", KV_CONFIG_ERROR_INVALID_VALUE, "bad host name" },
  { "turn:turn.example.org:0", KV_CONFIG_ERROR_INVALID_VALUE, "from 1 to 65535" },
  { "turn:turn.example.org:65536", KV_CONFIG_ERROR_INVALID_VALUE, "from 1 to 65535" },
  { "turn:turn.example.org:34x", KV_CONFIG_ERROR_INVALID_VALUE, "from 1 to 65535" },
  { "turn:[2001:db8::1", KV_CONFIG_ERROR_INVALID_VALUE, "unclosed [" },
  { "turn:[192.0.2.1]", KV_CONFIG_ERROR_INVALID_VALUE, "bad IPv6 address" },
  { "turn:[::1]x", KV_CONFIG_ERROR_INVALID_VALUE, "unexpected text" },
  { "turn:turn.example.org/path", KV_CONFIG_ERROR_INVALID_VALUE, "a path is not allowed" },
  { "turn:turn.example.org?transport=tls", KV_CONFIG_ERROR_INVALID_VALUE, "?transport=tcp" },
  { "stun:stun.example.org?transport=udp", KV_CONFIG_ERROR_INVALID_VALUE, "no ?parameters" },
  { "turn:alice:s3cret@turn.example.org", KV_CONFIG_ERROR_INVALID_VALUE, "credentials" },
};

static void
test_bad (gconstpointer data)
{
  const BadUrl *bad = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KvIceUrl) url = kv_ice_url_parse (bad->url, &error);

  g_assert_null (url);
  g_assert_error (error, KV_CONFIG_ERROR, (int) bad->code);
  if (strstr (error->message, bad->message) == NULL)
    g_error ("'%s': expected '%s' in '%s'", bad->url, bad->message, error->message);
  /* A password in a URL is never repeated back. */
  g_assert_null (strstr (error->message, "s3cret"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (good_urls); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ice-url/good/%u", i);
      g_test_add_data_func (path, &good_urls[i], test_good);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_urls); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ice-url/bad/%u", i);
      g_test_add_data_func (path, &bad_urls[i], test_bad);
    }

  return g_test_run ();
}
