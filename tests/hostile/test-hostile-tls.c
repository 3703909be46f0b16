/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-hostile-command.h"
#include "kv-hostile-server.h"
#include "kv-hostile-test.h"

#include <string.h>

/* What a TLS client may get from the server: TLS 1.2 with forward secrecy
 * and AEAD, or TLS 1.3; nothing older or weaker. gnutls-cli (gnutls-bin)
 * offers exactly one protocol version and set of suites per priority
 * string, so each handshake says what the server accepts. */

typedef struct
{
  const char *what;
  const char *priority;
  gboolean    accepted;
  const char *description;   /* part of gnutls-cli's "- Description:" when accepted */
} TlsCase;

static const TlsCase cases[] = {
  { "TLS 1.0", "NORMAL:-VERS-ALL:+VERS-TLS1.0", FALSE, NULL },
  { "TLS 1.1", "NORMAL:-VERS-ALL:+VERS-TLS1.1", FALSE, NULL },
  { "TLS 1.2 with static RSA key exchange",
    "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+RSA", FALSE, NULL },
  { "TLS 1.2 with CBC and SHA-1",
    "NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+AES-128-CBC:+AES-256-CBC:-MAC-ALL:+SHA1",
    FALSE, NULL },
  { "TLS 1.2 with ECDHE and AES-GCM",
    "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+ECDHE-RSA:+ECDHE-ECDSA"
    ":-CIPHER-ALL:+AES-128-GCM:+AES-256-GCM",
    TRUE, "(TLS1.2-X.509)-(ECDHE-" },
  { "TLS 1.3", "NORMAL:-VERS-ALL:+VERS-TLS1.3", TRUE, "(TLS1.3-X.509)" },
};

static void
test_tls_versions_and_suites (void)
{
  const KvHostileServerOptions options = { .tls = TRUE };
  g_autofree char *gnutls_cli = g_find_program_in_path ("gnutls-cli");
  g_autoptr(KvHostileServer) server = NULL;
  g_autofree char *port = NULL;

  if (gnutls_cli == NULL)
    {
      g_test_skip ("gnutls-cli is not installed (gnutls-bin: packaging/install-deps)");
      return;
    }
  server = kv_hostile_server_start (&options);
  port = g_strdup_printf ("%u", server->port);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const TlsCase *c = &cases[i];
      const char * const argv[] = { gnutls_cli, "--insecure", "--priority", c->priority,
                                    "-p", port, "127.0.0.1", NULL };
      KvCommandResult run;
      gboolean completed, as_expected;

      /* Standard input at its end: gnutls-cli says goodbye after the handshake. */
      kv_hostile_run (argv, NULL, FALSE, 10000, &run);
      completed = strstr (run.output, "Handshake was completed") != NULL;
      if (c->accepted)
        as_expected = completed && run.exit_status == 0 && strstr (run.output, c->description);
      else
        as_expected = !completed && run.exit_status != 0;
      g_test_message ("%s: %s (gnutls-cli exit %d)%s%.800s", c->what,
                      completed ? "accepted" : "refused", run.exit_status,
                      as_expected ? "" : "; gnutls-cli said:\n", as_expected ? "" : run.output);
      g_assert_true (run.finished);
      /* A priority string this gnutls does not know would "refuse" anything. */
      g_assert_null (strstr (run.output, "Syntax error"));
      g_assert_true (as_expected);
      kv_command_result_clear (&run);
    }
  g_assert_true (kv_hostile_server_is_running (server));
}

int
main (int    argc,
      char **argv)
{
  kv_hostile_test_init (&argc, &argv);

  g_test_add_func ("/hostile/tls/versions-and-suites", test_tls_versions_and_suites);
  return g_test_run ();
}
