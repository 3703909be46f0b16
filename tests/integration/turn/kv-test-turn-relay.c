/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-turn-relay"

#include "config.h"

#include "kv-test-turn-relay.h"

#include "kv-call-test-utils.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

/*
 * coturn for the TURN tests. The configuration is the shipped example with
 * its security lines kept (shared-secret auth, denied peer ranges, no CLI,
 * no static users, ...); only what describes the production host is
 * replaced (addresses, port, secret, realm, logging), and — for tests alone,
 * since the test's kiosks sit on loopback — allow-loopback-peers with
 * allowed-peer-ip=127.0.0.1.
 *
 * coturn never outlives the test: kv_test_turn_relay_stop() kills it; it
 * gets SIGKILL as soon as the test process dies, however it dies
 * (PR_SET_PDEATHSIG, so meson's test timeout is enough); and a watchdog in
 * the main loop kills it after WATCHDOG_S.
 */

/* Longer than every step of one test together. */
#define WATCHDOG_S 240
/* coturn reads its configuration and opens its listeners in well under a
 * second; a loaded 2-core machine needs more. */
#define START_TIMEOUT_S 30

/* Keys of the example that describe the production host. */
static const char * const host_keys[] = {
  "listening-port", "listening-ip", "relay-ip", "external-ip",
  "static-auth-secret", "realm", "syslog", "min-port", "max-port",
  "log-file", NULL
};

/* A port free for both UDP and TCP on 127.0.0.1: coturn listens on both
 * and has no "port 0". */
static guint16
pick_free_port (void)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);

  for (guint attempt = 0; attempt < 50; attempt++)
    {
      g_autoptr(GSocket) tcp = NULL;
      g_autoptr(GSocket) udp = NULL;
      g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
      g_autoptr(GSocketAddress) bound = NULL;
      g_autoptr(GSocketAddress) same_port = NULL;
      guint16 port;

      tcp = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
      udp = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, NULL);
      g_assert_nonnull (tcp);
      g_assert_nonnull (udp);
      if (!g_socket_bind (tcp, any_port, FALSE, NULL))
        continue;
      bound = g_socket_get_local_address (tcp, NULL);
      port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
      same_port = g_inet_socket_address_new (loopback, port);
      if (g_socket_bind (udp, same_port, FALSE, NULL))
        return port;
    }
  g_error ("no port free for both UDP and TCP on 127.0.0.1 after 50 tries");
}

static void
turnserver_child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static gboolean
on_watchdog (gpointer user_data)
{
  KvTestTurnRelay *relay = user_data;

  relay->watchdog_id = 0;
  g_test_message ("coturn watchdog: killing turnserver after %d s", WATCHDOG_S);
  g_subprocess_force_exit (relay->process);
  return G_SOURCE_REMOVE;
}

static char *
make_config (KvTestTurnRelay *relay)
{
  const char *source_root = g_getenv ("KV_SOURCE_ROOT");
  g_autofree char *example_path = NULL;
  g_autofree char *example = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GString *config = g_string_new ("# Made by the TURN tests from the shipped example.\n");

  g_assert_nonnull (source_root);
  example_path = g_build_filename (source_root, "packaging", "coturn", "turnserver.conf", NULL);
  g_file_get_contents (example_path, &example, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (example, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *key = NULL;
      const char *line = lines[i];
      const char *eq;

      if (line[0] == '#' || line[0] == '\0')
        continue;
      eq = strchr (line, '=');
      key = eq != NULL ? g_strndup (line, eq - line) : g_strdup (line);
      g_strstrip (key);
      if (g_strv_contains (host_keys, key))
        continue;
      g_string_append_printf (config, "%s\n", line);
    }

  g_string_append_printf (config,
                          "listening-port=%u\n"
                          "listening-ip=127.0.0.1\n"
                          "relay-ip=127.0.0.1\n"
                          "static-auth-secret=%s\n"
                          "realm=kinvisit.test\n"
                          "log-file=%s\n"
                          "simple-log\n"
                          "no-stdout-log\n"
                          "verbose\n"
                          "pidfile=%s/turnserver.pid\n"
                          "userdb=%s/turndb\n"
                          "# Test only: the test's kiosks are on loopback.\n"
                          "allow-loopback-peers\n"
                          "allowed-peer-ip=127.0.0.1\n",
                          relay->port, relay->secret, relay->log_path,
                          relay->dir, relay->dir);
  return g_string_free (config, FALSE);
}

/**
 * kv_test_turn_relay_read_log:
 *
 * Returns: (transfer full): coturn's log so far ("" before it exists)
 */
char *
kv_test_turn_relay_read_log (KvTestTurnRelay *relay)
{
  char *contents = NULL;

  if (!g_file_get_contents (relay->log_path, &contents, NULL, NULL))
    return g_strdup ("");
  return contents;
}

static gboolean
is_listening (gpointer user_data)
{
  KvTestTurnRelay *relay = user_data;
  g_autofree char *log = kv_test_turn_relay_read_log (relay);
  g_autofree char *udp_line = g_strdup_printf ("UDP listener opened on: 127.0.0.1:%u", relay->port);

  return strstr (log, udp_line) != NULL;
}

/**
 * kv_test_turn_relay_start:
 * @secret: the shared secret coturn checks credentials with
 *
 * Starts coturn and returns once it listens.
 *
 * Returns: (transfer full): the relay; stop it with kv_test_turn_relay_stop()
 */
KvTestTurnRelay *
kv_test_turn_relay_start (const char *secret)
{
  KvTestTurnRelay *relay = g_new0 (KvTestTurnRelay, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *config = NULL;
  g_autofree char *conf_path = NULL;

  relay->dir = g_dir_make_tmp ("kv-turn-XXXXXX", &error);
  g_assert_no_error (error);
  relay->log_path = g_build_filename (relay->dir, "turnserver.log", NULL);
  relay->secret = g_strdup (secret);
  relay->port = pick_free_port ();

  config = make_config (relay);
  conf_path = g_build_filename (relay->dir, "turnserver.conf", NULL);
  g_file_set_contents (conf_path, config, -1, &error);
  g_assert_no_error (error);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, turnserver_child_setup, NULL, NULL);
  relay->process = g_subprocess_launcher_spawn (launcher, &error,
                                                "turnserver", "-c", conf_path, NULL);
  g_assert_no_error (error);
  relay->watchdog_id = g_timeout_add_seconds (WATCHDOG_S, on_watchdog, relay);

  if (!kv_test_wait_until (is_listening, relay, START_TIMEOUT_S * 1000))
    {
      g_autofree char *log = kv_test_turn_relay_read_log (relay);

      g_test_message ("coturn log:\n%s", log);
      g_error ("turnserver did not start listening on 127.0.0.1:%u", relay->port);
    }
  return relay;
}

/**
 * kv_test_turn_relay_stop:
 *
 * Stops coturn, waits for it, deletes its files and frees @relay.
 */
void
kv_test_turn_relay_stop (KvTestTurnRelay *relay)
{
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  g_clear_handle_id (&relay->watchdog_id, g_source_remove);
  if (relay->process != NULL)
    {
      g_subprocess_send_signal (relay->process, SIGTERM);
      g_subprocess_wait (relay->process, NULL, NULL);
      g_clear_object (&relay->process);
    }

  dir = g_file_new_for_path (relay->dir);
  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NONE, NULL, NULL);
  while (children != NULL &&
         (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));

      g_file_delete (child, NULL, NULL);
      g_object_unref (info);
    }
  g_file_delete (dir, NULL, NULL);

  g_free (relay->dir);
  g_free (relay->log_path);
  g_free (relay->secret);
  g_free (relay);
}

/**
 * kv_test_turn_rest_credentials:
 *
 * The TURN REST API credential, written out independently of the server:
 * username "<expiry>:<kiosk id>", password base64(HMAC-SHA1(secret,
 * username)).
 */
void
kv_test_turn_rest_credentials (const char  *secret,
                               const char  *kiosk_id,
                               gint64       expiry_unix,
                               char       **out_username,
                               char       **out_credential)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA1, (const guchar *) secret, strlen (secret));
  guint8 digest[20];
  gsize digest_len = sizeof digest;
  g_autofree char *username = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", expiry_unix, kiosk_id);

  g_hmac_update (hmac, (const guchar *) username, -1);
  g_hmac_get_digest (hmac, digest, &digest_len);
  g_assert_cmpuint (digest_len, ==, 20);
  *out_credential = g_base64_encode (digest, digest_len);
  *out_username = g_steal_pointer (&username);
}
