/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * KvTestTurnRelay:
 * @port: the TURN port coturn listens on, UDP and TCP, on 127.0.0.1
 * @secret: the shared secret (static-auth-secret) of this relay
 *
 * A real coturn for one test: started on 127.0.0.1 from a throwaway
 * configuration made from packaging/coturn/turnserver.conf, logging to a
 * temporary file, and stopped by kv_test_turn_relay_stop(), by the death of
 * the test process, or by its watchdog.
 */
typedef struct
{
  guint16      port;
  char        *secret;
  /*< private >*/
  char        *dir;
  char        *log_path;
  GSubprocess *process;
  guint        watchdog_id;
} KvTestTurnRelay;

KvTestTurnRelay *kv_test_turn_relay_start      (const char      *secret);
char            *kv_test_turn_relay_read_log   (KvTestTurnRelay *relay);
void             kv_test_turn_relay_stop       (KvTestTurnRelay *relay);

void             kv_test_turn_rest_credentials (const char      *secret,
                                                const char      *kiosk_id,
                                                gint64           expiry_unix,
                                                char           **out_username,
                                                char           **out_credential);

G_END_DECLS
