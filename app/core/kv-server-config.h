/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-config-file.h"
#include "kv-site-rules.h"

G_BEGIN_DECLS

#define KV_TYPE_SERVER_CONFIG (kv_server_config_get_type ())
G_DECLARE_FINAL_TYPE (KvServerConfig, kv_server_config, KV, SERVER_CONFIG, GObject)

#define KV_SERVER_CONFIG_DEFAULT_LISTEN_ADDRESS "127.0.0.1"
#define KV_SERVER_CONFIG_DEFAULT_PORT           8443
#define KV_SERVER_CONFIG_DEFAULT_DATABASE       "/var/lib/kinvisit/kinvisit.db"
#define KV_SERVER_CONFIG_DEFAULT_SCHEDULE_DAYS  7
#define KV_SERVER_CONFIG_MAX_SCHEDULE_DAYS      60

/**
 * KvServerLimits:
 * @max_connections: open connections (kiosks, staff, not yet signed in) the
 *   server accepts at most; also bounded by its open-file limit
 * @max_unauthenticated: connections that have not signed in (HTTP requests,
 *   WebSockets before `hello`), all addresses together; the oldest is
 *   closed to make room for a new one
 * @max_unauthenticated_per_address: the same, per source address
 * @request_timeout_s: seconds an HTTP client has to send a whole request
 *   (headers and body) once the connection is idle
 * @sign_in_timeout_s: seconds a kiosk has from connecting to signing in
 *
 * What one server lets unauthenticated clients cost it ([limits] group).
 */
typedef struct
{
  guint max_connections;
  guint max_unauthenticated;
  guint max_unauthenticated_per_address;
  guint request_timeout_s;
  guint sign_in_timeout_s;
} KvServerLimits;

#define KV_SERVER_CONFIG_DEFAULT_MAX_CONNECTIONS                 12000
/* The main loop polls every open socket at each wakeup, so idle sockets
 * cost the kiosks' messages time: with 1,100 of them (bench-hostile,
 * connection-exhaustion) perf put a third of the server's time in polling
 * them and the relay's p99 at 6-8 ms; capped at 256, under 5 ms. Sign-in
 * takes milliseconds and kiosks retry, so 256 at a time still lets a
 * site's kiosks reconnecting together in. */
#define KV_SERVER_CONFIG_DEFAULT_MAX_UNAUTHENTICATED             256
#define KV_SERVER_CONFIG_DEFAULT_MAX_UNAUTHENTICATED_PER_ADDRESS 32
#define KV_SERVER_CONFIG_DEFAULT_REQUEST_TIMEOUT_S               10
#define KV_SERVER_CONFIG_DEFAULT_SIGN_IN_TIMEOUT_S               10

/**
 * KvStaffSettings:
 * @session_idle_minutes: a console session unused this long ends
 * @session_max_hours: a console session ends this long after signing in,
 *   used or not
 * @sign_in_window_minutes: how long failed sign-ins are counted
 * @sign_in_failures_per_account: failures per account in the window
 *   before its sign-ins are refused (429) until the window moves on
 * @sign_in_failures_per_address: the same per client address
 *
 * Staff console sessions and sign-in throttling ([staff] group).
 */
typedef struct
{
  guint session_idle_minutes;
  guint session_max_hours;
  guint sign_in_window_minutes;
  guint sign_in_failures_per_account;
  guint sign_in_failures_per_address;
} KvStaffSettings;

/* Half an hour idle, as for online banking; twelve hours covers the
 * longest shift, after which a forgotten console asks again. Five wrong
 * passwords per account in a quarter of an hour stops guessing without
 * locking out someone who mistypes; twenty per address leaves room for a
 * prison's staff behind one NAT. */
#define KV_SERVER_CONFIG_DEFAULT_SESSION_IDLE_MINUTES         30
#define KV_SERVER_CONFIG_DEFAULT_SESSION_MAX_HOURS            12
#define KV_SERVER_CONFIG_DEFAULT_SIGN_IN_WINDOW_MINUTES       15
#define KV_SERVER_CONFIG_DEFAULT_SIGN_IN_FAILURES_PER_ACCOUNT 5
#define KV_SERVER_CONFIG_DEFAULT_SIGN_IN_FAILURES_PER_ADDRESS 20

/* [retention]: days after a visit ended before its booking becomes
 * anonymous monthly counts; days an audit row is kept. The server keeps an
 * ended visit in memory for a day (restarts, schedules), so bookings go
 * after two days at the earliest; an audit log of less than a month is of
 * little use to an inspection. Ten years at most. */
#define KV_SERVER_CONFIG_DEFAULT_RETENTION_BOOKINGS_DAYS 90
#define KV_SERVER_CONFIG_MIN_RETENTION_BOOKINGS_DAYS     2
#define KV_SERVER_CONFIG_DEFAULT_RETENTION_AUDIT_DAYS    365
#define KV_SERVER_CONFIG_MIN_RETENTION_AUDIT_DAYS        30
#define KV_SERVER_CONFIG_MAX_RETENTION_DAYS              3650

/* Loading, as for KvKioskConfig: kv_server_config_load() reads --config FILE
 * or KV_SYSCONFDIR/server.conf + server.conf.d/\*.conf; the secrets file
 * (`secrets-file`, default "server.secrets" next to the configuration)
 * holds `admin-token`, when [turn] urls are set `turn-secret`, and
 * optionally `metrics-token` (for /metrics only).
 * [rules] is parsed over kv_site_rules_init_defaults(). Errors are
 * KV_CONFIG_ERROR. */
KvServerConfig *kv_server_config_load          (const char  *config_path,
                                                GError     **error);
KvServerConfig *kv_server_config_new_from_file (const char  *path,
                                                GError     **error);
KvServerConfig *kv_server_config_new_from_dir  (const char  *dir,
                                                GError     **error);
/* For tests and fuzzing: nothing is read from disk (TLS files are not
 * opened, only named). @secrets_data %NULL skips secrets. */
KvServerConfig *kv_server_config_new_from_data (const char  *data,
                                                gsize        length,
                                                const char  *secrets_data,
                                                GError     **error);

const char         *kv_server_config_get_listen_address  (KvServerConfig *self);
guint               kv_server_config_get_port            (KvServerConfig *self);
const char         *kv_server_config_get_tls_certificate (KvServerConfig *self);
const char         *kv_server_config_get_tls_key         (KvServerConfig *self);
gboolean            kv_server_config_get_allow_insecure  (KvServerConfig *self);
gboolean            kv_server_config_get_uses_tls        (KvServerConfig *self);
const char         *kv_server_config_get_database        (KvServerConfig *self);
guint               kv_server_config_get_schedule_days   (KvServerConfig *self);
const KvSiteRules  *kv_server_config_get_site_rules      (KvServerConfig *self);
const char * const *kv_server_config_get_turn_urls       (KvServerConfig *self);
const char * const *kv_server_config_get_stun_urls       (KvServerConfig *self);
guint               kv_server_config_get_retention_bookings_days (KvServerConfig *self);
guint               kv_server_config_get_retention_audit_days    (KvServerConfig *self);
const char         *kv_server_config_get_source          (KvServerConfig *self);
const KvServerLimits *kv_server_config_get_limits        (KvServerConfig *self);
const KvStaffSettings *kv_server_config_get_staff        (KvServerConfig *self);

/* Secrets: not GObject properties on purpose. Never log them. */
const char         *kv_server_config_get_admin_token     (KvServerConfig *self);
const char         *kv_server_config_get_turn_secret     (KvServerConfig *self);
const char         *kv_server_config_get_metrics_token   (KvServerConfig *self);

G_END_DECLS
