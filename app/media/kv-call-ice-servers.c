/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-call-ice-servers.h"

#include "kv-ice-url.h"
#include "kv-protocol.h"

/* The STUN and TURN servers of a call, from the join message (#KvIceServer,
 * with TURN credentials) and the configuration, as webrtcbin takes them. */

/**
 * kv_call_ice_servers_copy:
 * @servers: (nullable) (element-type KvIceServer): servers, as given
 *
 * Returns: (transfer full) (element-type KvIceServer): a deep copy (empty
 *   for %NULL)
 */
GPtrArray *
kv_call_ice_servers_copy (GPtrArray *servers)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_ice_server_free);

  for (guint i = 0; servers != NULL && i < servers->len; i++)
    {
      const KvIceServer *server = g_ptr_array_index (servers, i);
      KvIceServer *dup = g_new0 (KvIceServer, 1);

      dup->urls = g_ptr_array_new_with_free_func (g_free);
      for (guint u = 0; server->urls != NULL && u < server->urls->len; u++)
        g_ptr_array_add (dup->urls, g_strdup (g_ptr_array_index (server->urls, u)));
      dup->username = g_strdup (server->username);
      dup->credential = g_strdup (server->credential);
      g_ptr_array_add (copy, dup);
    }
  return copy;
}

static void
add_url (GPtrArray  *stun,
         GPtrArray  *turn,
         const char *url_text,
         const char *username,
         const char *credential)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvIceUrl) url = kv_ice_url_parse (url_text, &error);

  if (url == NULL)
    {
      /* From the server or the configuration: skip it, the call can still
       * work over the others. */
      g_warning ("Ignoring an ICE server: %s", error->message);
      return;
    }
  if (url->scheme == KV_ICE_URL_SCHEME_STUN)
    g_ptr_array_add (stun, kv_ice_url_to_webrtcbin (url, NULL, NULL));
  else
    g_ptr_array_add (turn, kv_ice_url_to_webrtcbin (url, username, credential));
}

/**
 * kv_call_ice_servers_to_urls:
 * @servers: (element-type KvIceServer): from the join message
 * @config: the media configuration
 * @out_stun_urls: (out) (transfer full): webrtcbin STUN URLs
 * @out_turn_urls: (out) (transfer full): webrtcbin TURN URLs, with
 *   credentials
 *
 * The join's servers first (they carry credentials), then the
 * configuration's. Unusable URLs are skipped with a warning.
 */
void
kv_call_ice_servers_to_urls (GPtrArray           *servers,
                             const KvMediaConfig *config,
                             GStrv               *out_stun_urls,
                             GStrv               *out_turn_urls)
{
  g_autoptr(GPtrArray) stun = g_ptr_array_new ();
  g_autoptr(GPtrArray) turn = g_ptr_array_new ();

  for (guint i = 0; servers != NULL && i < servers->len; i++)
    {
      KvIceServer *server = g_ptr_array_index (servers, i);

      for (guint u = 0; server->urls != NULL && u < server->urls->len; u++)
        add_url (stun, turn, g_ptr_array_index (server->urls, u), server->username,
                 server->credential);
    }
  for (guint i = 0; config->stun_servers != NULL && config->stun_servers[i]; i++)
    add_url (stun, turn, config->stun_servers[i], NULL, NULL);
  for (guint i = 0; config->turn_servers != NULL && config->turn_servers[i]; i++)
    add_url (stun, turn, config->turn_servers[i], NULL, NULL);

  g_ptr_array_add (stun, NULL);
  g_ptr_array_add (turn, NULL);
  *out_stun_urls = (GStrv) g_ptr_array_free (g_steal_pointer (&stun), FALSE);
  *out_turn_urls = (GStrv) g_ptr_array_free (g_steal_pointer (&turn), FALSE);
}
