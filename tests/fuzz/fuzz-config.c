/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-config-file.h"
#include "kv-kiosk-config.h"
#include "kv-server-config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fuzz target for the configuration parsers (libFuzzer entry point;
 * fuzz-driver.c runs it without libFuzzer in the default test suite).
 *
 * The input is a configuration file; if it holds a NUL byte, what follows
 * the first NUL is the secrets file. Both the kiosk and the server parser
 * read it. Either gives a configuration or a KV_CONFIG_ERROR with a
 * readable message, and never crashes or leaks; the input as a whole (NUL
 * included) is also read without secrets. */

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

#define CHECK(cond)                                                             \
  G_STMT_START {                                                                \
    if (G_UNLIKELY (!(cond)))                                                   \
      {                                                                         \
        fprintf (stderr, "fuzz-config: check failed: %s (%s:%d)\n", #cond,      \
                 __FILE__, __LINE__);                                           \
        abort ();                                                               \
      }                                                                         \
  } G_STMT_END

static void
check_error (const GError *error)
{
  CHECK (error != NULL);
  CHECK (error->domain == KV_CONFIG_ERROR);
  CHECK (error->message != NULL && *error->message != '\0');
  /* Errors are logged and shown to staff: they must be text. */
  CHECK (g_utf8_validate (error->message, -1, NULL));
}

static void
read_kiosk (const char *config,
            gsize       length,
            const char *secrets)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvKioskConfig) kiosk = kv_kiosk_config_new_from_data (config, length, secrets, &error);

  if (kiosk == NULL)
    {
      check_error (error);
      return;
    }
  CHECK (error == NULL);
  /* What the kiosk reads at start-up must be usable text. */
  CHECK (kv_kiosk_config_get_server_url (kiosk) == NULL ||
         g_utf8_validate (kv_kiosk_config_get_server_url (kiosk), -1, NULL));
  CHECK (kv_kiosk_config_get_label (kiosk) == NULL ||
         g_utf8_validate (kv_kiosk_config_get_label (kiosk), -1, NULL));
  (void) kv_kiosk_config_get_role (kiosk);
  (void) kv_kiosk_config_get_media (kiosk);
  (void) kv_kiosk_config_get_device_token (kiosk);
}

static void
read_server (const char *config,
             gsize       length,
             const char *secrets)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvServerConfig) server = kv_server_config_new_from_data (config, length, secrets,
                                                                     &error);
  const KvSiteRules *rules;

  if (server == NULL)
    {
      check_error (error);
      return;
    }
  CHECK (error == NULL);
  rules = kv_server_config_get_site_rules (server);
  CHECK (rules != NULL);
  CHECK (rules->n_cues <= KV_SITE_RULES_MAX_CUES);
  (void) kv_server_config_get_listen_address (server);
  (void) kv_server_config_get_turn_urls (server);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  const char *nul = size > 0 ? memchr (data, '\0', size) : NULL;

  if (nul != NULL)
    {
      gsize config_length = nul - text;
      g_autofree char *secrets = g_strndup (nul + 1, size - config_length - 1);

      read_kiosk (text, config_length, secrets);
      read_server (text, config_length, secrets);
    }

  read_kiosk (text, size, NULL);
  read_server (text, size, NULL);

  return 0;
}
