/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-config"

#include "config.h"

#include "kv-ice-url.h"

#include "kv-config-file.h"

#include <gio/gio.h>

#include <string.h>

/* Longest DNS name (RFC 1035). */
#define MAX_HOST_LENGTH 253
/* URLs from configuration are short; a longer one is a mistake. */
#define MAX_URL_LENGTH 512

void
kv_ice_url_free (KvIceUrl *self)
{
  if (self == NULL)
    return;

  g_free (self->host);
  g_free (self);
}

static gboolean
is_valid_host_name (const char *host)
{
  gsize length = strlen (host);

  if (length == 0 || length > MAX_HOST_LENGTH || host[0] == '-' || host[0] == '.')
    return FALSE;

  for (const char *p = host; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
        return FALSE;
    }

  return TRUE;
}

static gboolean
set_invalid (GError    **error,
             const char *url,
             const char *why)
{
  g_autofree char *quoted = kv_config_quote (url);

  g_set_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_INVALID_VALUE,
               "'%s' is not a valid STUN/TURN URL: %s "
               "(expected stun:host[:port] or turn:host[:port][?transport=udp|tcp])",
               quoted, why);
  return FALSE;
}

/* Splits "host", "host:port", "[v6]" or "[v6]:port". */
static gboolean
parse_host_port (const char  *url,
                 const char  *authority,
                 char       **out_host,
                 guint16     *out_port,
                 GError     **error)
{
  g_autofree char *host = NULL;
  const char *port_text = NULL;
  guint64 port = KV_ICE_URL_DEFAULT_PORT;

  if (authority[0] == '[')
    {
      const char *close = strchr (authority, ']');
      g_autoptr(GInetAddress) address = NULL;

      if (close == NULL)
        return set_invalid (error, url, "unclosed [ in the IPv6 address");
      host = g_strndup (authority + 1, (gsize) (close - authority - 1));
      address = g_inet_address_new_from_string (host);
      if (address == NULL || g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV6)
        return set_invalid (error, url, "bad IPv6 address");
      if (close[1] == ':')
        port_text = close + 2;
      else if (close[1] != '\0')
        return set_invalid (error, url, "unexpected text after the IPv6 address");
    }
  else
    {
      const char *colon = strchr (authority, ':');

      if (colon != NULL)
        {
          host = g_strndup (authority, (gsize) (colon - authority));
          port_text = colon + 1;
        }
      else
        host = g_strdup (authority);

      if (!is_valid_host_name (host))
        return set_invalid (error, url, "bad host name");
    }

  if (port_text != NULL &&
      !g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, NULL))
    return set_invalid (error, url, "the port must be a number from 1 to 65535");

  *out_host = g_steal_pointer (&host);
  *out_port = (guint16) port;
  return TRUE;
}

/**
 * kv_ice_url_parse:
 * @url: a STUN or TURN URL from the configuration or the server
 * @error: return location for a #KV_CONFIG_ERROR
 *
 * Accepts RFC 7064/7065 URLs (`stun:host[:port]`,
 * `turn:host[:port][?transport=udp|tcp]`) and also the `stun://` and
 * `turn://` spelling GStreamer uses. Credentials in the URL are refused: the
 * server hands them out separately and they must not sit in a world-readable
 * configuration. `turns:` is refused because libnice 0.1.21 sends it as
 * plain TCP (platform-notes.md): use `turn:...?transport=tcp` on port 443.
 *
 * Returns: (transfer full): the parsed URL, or %NULL
 */
KvIceUrl *
kv_ice_url_parse (const char  *url,
                  GError     **error)
{
  g_autoptr(KvIceUrl) self = NULL;
  g_autofree char *authority = NULL;
  const char *colon;
  const char *rest;
  const char *query;
  gsize scheme_length;

  g_return_val_if_fail (url != NULL, NULL);

  if (strlen (url) > MAX_URL_LENGTH)
    {
      set_invalid (error, url, "too long");
      return NULL;
    }

  colon = strchr (url, ':');
  if (colon == NULL)
    {
      set_invalid (error, url, "no stun: or turn: scheme");
      return NULL;
    }

  self = g_new0 (KvIceUrl, 1);
  scheme_length = (gsize) (colon - url);
  if (scheme_length == 4 && g_ascii_strncasecmp (url, "stun", 4) == 0)
    self->scheme = KV_ICE_URL_SCHEME_STUN;
  else if (scheme_length == 4 && g_ascii_strncasecmp (url, "turn", 4) == 0)
    self->scheme = KV_ICE_URL_SCHEME_TURN;
  else if (scheme_length == 5 && (g_ascii_strncasecmp (url, "turns", 5) == 0 ||
                                  g_ascii_strncasecmp (url, "stuns", 5) == 0))
    {
      g_autofree char *quoted = kv_config_quote (url);

      g_set_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_UNSUPPORTED,
                   "'%s': TURN/STUN over TLS is not supported: libnice sends it as "
                   "plain TCP. Use turn:HOST:443?transport=tcp instead", quoted);
      return NULL;
    }
  else
    {
      set_invalid (error, url, "the scheme must be stun or turn");
      return NULL;
    }

  rest = colon + 1;
  if (g_str_has_prefix (rest, "//"))
    rest += 2;

  query = strchr (rest, '?');
  authority = query != NULL ? g_strndup (rest, (gsize) (query - rest)) : g_strdup (rest);
  if (strchr (authority, '@') != NULL)
    {
      /* Don't quote the URL: the part before @ is a password. */
      g_set_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_INVALID_VALUE,
                   "a %s URL contains user:password@; credentials do not belong in the URL "
                   "(the server hands out TURN credentials)",
                   self->scheme == KV_ICE_URL_SCHEME_TURN ? "TURN" : "STUN");
      return NULL;
    }
  if (strchr (authority, '/') != NULL)
    {
      set_invalid (error, url, "a path is not allowed");
      return NULL;
    }

  if (!parse_host_port (url, authority, &self->host, &self->port, error))
    return NULL;

  if (query != NULL)
    {
      if (self->scheme == KV_ICE_URL_SCHEME_STUN)
        {
          set_invalid (error, url, "stun: URLs take no ?parameters");
          return NULL;
        }
      if (g_ascii_strcasecmp (query, "?transport=udp") == 0)
        self->transport = KV_ICE_URL_TRANSPORT_UDP;
      else if (g_ascii_strcasecmp (query, "?transport=tcp") == 0)
        self->transport = KV_ICE_URL_TRANSPORT_TCP;
      else
        {
          set_invalid (error, url, "the only parameter is ?transport=udp or ?transport=tcp");
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}

/**
 * kv_ice_url_to_webrtcbin:
 * @self: a parsed URL
 * @username: (nullable): TURN user name (ignored for STUN)
 * @credential: (nullable): TURN password (ignored for STUN)
 *
 * Formats the URL the way webrtcbin's `stun-server` property and
 * `add-turn-server` signal expect: `stun://host:port`,
 * `turn://user:password@host:port[?transport=tcp]`, with user name and
 * password percent-encoded. The result holds a secret: never log it.
 *
 * Returns: (transfer full): the URL for webrtcbin
 */
char *
kv_ice_url_to_webrtcbin (const KvIceUrl *self,
                         const char     *username,
                         const char     *credential)
{
  g_autofree char *host = NULL;
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  host = strchr (self->host, ':') != NULL ? g_strdup_printf ("[%s]", self->host)
                                          : g_strdup (self->host);

  if (self->scheme == KV_ICE_URL_SCHEME_STUN)
    return g_strdup_printf ("stun://%s:%u", host, self->port);

  user = g_uri_escape_string (username != NULL ? username : "", NULL, FALSE);
  password = g_uri_escape_string (credential != NULL ? credential : "", NULL, FALSE);
  return g_strdup_printf ("turn://%s:%s@%s:%u%s", user, password, host, self->port,
                          self->transport == KV_ICE_URL_TRANSPORT_TCP ? "?transport=tcp" :
                          self->transport == KV_ICE_URL_TRANSPORT_UDP ? "?transport=udp" : "");
}
