/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "kv-fake-clock.h"
#include "kv-protocol.h"
#include "kv-server.h"
#include "kv-store.h"

G_BEGIN_DECLS

/* Shared by the server integration tests: a real KvServer on 127.0.0.1
 * port 0 with a fake clock and a temporary database, real libsoup
 * WebSocket kiosks, and main-loop waits with a timeout guard (no sleeps). */

#define KV_TEST_ADMIN_TOKEN "test-admin-token-6b1f0e0c9d"
#define KV_TEST_TURN_SECRET "test-turn-secret"
#define KV_TEST_METRICS_TOKEN "test-metrics-token-41d7"
/* Longest any wait may take before the test fails. */
#define KV_TEST_TIMEOUT_S 10

typedef struct
{
  char           *dir;
  char           *db_path;
  KvClock        *clock;
  KvServerConfig *config;
  KvStore        *store;
  KvServer       *server;
  SoupSession    *session;
  guint           n_open_kiosks;  /* test kiosks whose socket is open on our side */
} KvTestServer;

typedef struct
{
  KvTestServer            *server;
  char                    *id;
  char                    *token;
  SoupWebsocketConnection *connection;
  GQueue                   received;   /* KvMessage */
  gboolean                 closed;
  KvMessage               *roster;     /* the staff_roster of its sign-in */
} KvTestKiosk;

void        kv_test_server_start      (KvTestServer *self,
                                       const char   *now_iso8601);
void        kv_test_server_start_with_config (KvTestServer *self,
                                              const char   *now_iso8601,
                                              const char   *config,
                                              const char   *ca_file);
void        kv_test_server_stop       (KvTestServer *self);
void        kv_test_server_restart    (KvTestServer *self);
void        kv_test_server_clear      (KvTestServer *self);

JsonNode   *kv_test_admin             (KvTestServer *self,
                                       const char   *method,
                                       const char   *path,
                                       const char   *json_body,
                                       const char   *token,
                                       guint        *out_status);
JsonObject *kv_test_call              (KvTestServer *self,
                                       const char   *method,
                                       const char   *path,
                                       const char   *json_body,
                                       guint         expected_status,
                                       JsonNode    **out_node);
const char *kv_test_refusal           (JsonObject   *reply,
                                       const char   *field);
const char *kv_test_refusal_message   (JsonObject   *reply);
char       *kv_test_http_get          (KvTestServer *self,
                                       const char   *path,
                                       guint        *out_status);
char       *kv_test_add_kiosk         (KvTestServer *self,
                                       const char   *id,
                                       const char   *role);
char       *kv_test_add_booking       (KvTestServer *self,
                                       const char   *prison,
                                       const char   *community,
                                       gint64        start_us,
                                       guint         minutes);
gint64      kv_test_metric            (KvTestServer *self,
                                       const char   *name);
gboolean    kv_test_audit_has         (KvTestServer *self,
                                       const char   *actor,
                                       const char   *action,
                                       const char   *booking_id);

KvTestKiosk *kv_test_kiosk_connect    (KvTestServer *server,
                                       const char   *id,
                                       const char   *token);
KvTestKiosk *kv_test_kiosk_sign_in    (KvTestServer *server,
                                       const char   *id,
                                       const char   *token);
void        kv_test_kiosk_free        (KvTestKiosk  *kiosk);
void        kv_test_kiosk_send        (KvTestKiosk  *kiosk,
                                       KvMessage    *message);
void        kv_test_kiosk_send_text   (KvTestKiosk  *kiosk,
                                       const char   *text);
KvMessage  *kv_test_kiosk_next        (KvTestKiosk  *kiosk);
KvMessage  *kv_test_kiosk_expect      (KvTestKiosk  *kiosk,
                                       KvMessageType type);
void        kv_test_kiosk_expect_error (KvTestKiosk    *kiosk,
                                        KvProtocolError code);
void        kv_test_kiosk_wait_closed (KvTestKiosk  *kiosk);
void        kv_test_kiosk_close       (KvTestKiosk  *kiosk);
void        kv_test_kiosk_assert_quiet (KvTestKiosk *kiosk);
void        kv_test_kiosk_drain       (KvTestKiosk  *kiosk);

/**
 * KvTestRun:
 * @done: the program has exited
 * @out: its standard output
 * @err: its standard error
 * @status: its exit status
 *
 * A finished run of the built kinvisitctl.
 */
typedef struct
{
  gboolean  done;
  char     *out;
  char     *err;
  int       status;
} KvTestRun;

void        kv_test_run_ctl           (KvTestServer *self,
                                       const char   *token_file,
                                       KvTestRun    *run,
                                       const char   *first,
                                       ...) G_GNUC_NULL_TERMINATED;
void        kv_test_run_clear         (KvTestRun    *run);

void        kv_test_iterate           (void);
void        kv_test_advance           (KvTestServer *self,
                                       gint64        delta_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvTestKiosk, kv_test_kiosk_free)

G_END_DECLS
