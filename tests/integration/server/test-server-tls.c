/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-test-server.h"

#include <string.h>

/* HTTPS and WSS with the configured certificate; a client that does not
 * trust it gets nowhere; plain HTTP off loopback is refused. The
 * certificate and key in this folder are for these tests only (CN and SAN
 * 127.0.0.1, valid until 2126). */

typedef struct
{
  KvTestServer server;
  char        *pem;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *key = NULL;
  g_autofree char *config = NULL;
  const char *root = g_getenv ("KV_SOURCE_ROOT");

  if (root == NULL)
    return;
  fixture->pem = g_build_filename (root, "tests", "integration", "server", "test-tls.pem", NULL);
  key = g_build_filename (root, "tests", "integration", "server", "test-tls.key", NULL);
  config = g_strdup_printf ("[server]\nlisten-address=127.0.0.1\nport=0\n"
                            "tls-certificate=%s\ntls-key=%s\n", fixture->pem, key);
  kv_test_server_start_with_config (&fixture->server, "2026-12-01T09:00:00Z", config,
                                    fixture->pem);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  if (fixture->pem == NULL)
    return;
  kv_test_server_clear (&fixture->server);
  g_free (fixture->pem);
}

static void
test_wss_sign_in (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autoptr(KvTestKiosk) kiosk = NULL;

  if (fixture->pem == NULL)
    {
      g_test_skip ("KV_SOURCE_ROOT is not set: run under meson test");
      return;
    }
  url = kv_server_get_url (fixture->server.server, "ws");
  g_assert_true (g_str_has_prefix (url, "wss://127.0.0.1:"));

  /* The admin API over HTTPS, the kiosk over WSS. */
  token = kv_test_add_kiosk (&fixture->server, "prison-1", "prison");
  kiosk = kv_test_kiosk_sign_in (&fixture->server, "prison-1", token);
  kv_test_kiosk_assert_quiet (kiosk);
}

typedef struct
{
  gboolean  done;
  GBytes   *body;
  GError   *error;
} Reply;

static void
on_reply (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Reply *reply = user_data;

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &reply->error);
  reply->done = TRUE;
}

static gboolean
on_timeout (gpointer user_data)
{
  g_error ("Timed out waiting for the TLS handshake");
  return G_SOURCE_REMOVE;
}

static void
test_untrusted_client (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) message = NULL;
  Reply reply = { 0 };
  guint timeout_id;

  if (fixture->pem == NULL)
    {
      g_test_skip ("KV_SOURCE_ROOT is not set: run under meson test");
      return;
    }
  /* No CA given: the system's CAs do not know the test certificate. */
  session = soup_session_new ();
  base = kv_server_get_url (fixture->server.server, "http");
  url = g_strconcat (base, "/healthz", NULL);
  message = soup_message_new ("GET", url);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, on_reply, &reply);
  timeout_id = g_timeout_add_seconds (KV_TEST_TIMEOUT_S, on_timeout, NULL);
  while (!reply.done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);
  g_assert_null (reply.body);
  g_assert_nonnull (reply.error);
  g_assert_true (reply.error->domain == G_TLS_ERROR);
  g_clear_error (&reply.error);
}

static void
test_plain_off_loopback_refused (void)
{
  static const char config[] = "[server]\nlisten-address=0.0.0.0\nport=0\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(KvServerConfig) refused = NULL;

  refused = kv_server_config_new_from_data (config, strlen (config),
                                            "[secrets]\nadmin-token=abc\n", &error);
  g_assert_null (refused);
  g_assert_error (error, KV_CONFIG_ERROR, KV_CONFIG_ERROR_INSECURE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/tls/wss-sign-in", Fixture, NULL,
              fixture_set_up, test_wss_sign_in, fixture_tear_down);
  g_test_add ("/server/tls/untrusted-client", Fixture, NULL,
              fixture_set_up, test_untrusted_client, fixture_tear_down);
  g_test_add_func ("/server/tls/plain-off-loopback-refused", test_plain_off_loopback_refused);

  return g_test_run ();
}
