/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A real kinvisit-server process for hostile-client tests, as
 * tests/bench/server does it: its own temporary configuration folder
 * (server.conf, server.secrets mode 0600), database and log, on 127.0.0.1
 * port 0 (read back from --port-file). Unless told otherwise the database
 * is seeded before the server starts, straight through KvStore:
 *
 * - prison-1 + community-1: the legitimate pair, booking "b-legit"
 * - prison-2 + community-2: kiosks that misbehave after signing in,
 *   bookings "b-abuse" (now) and "b-abuse-next-week" (6 days later)
 * - community-probe: a kiosk with no booking, signed in afresh by probes
 *
 * The "now" bookings start at the next whole minute + 5 min and last
 * 60 min, so with the default 10-minute join window they are joinable for
 * the whole test on the real clock. */

/* The server and the legitimate pair run at this nice value when allowed
 * (root), the attacking threads at ours: see setup_server_child(). */
#define KV_HOSTILE_MEASURED_NICE (-10)

#define KV_HOSTILE_ADMIN_TOKEN "hostile-admin-token-3f9c2a71d84e"
#define KV_HOSTILE_LEGIT_BOOKING "b-legit"
#define KV_HOSTILE_ABUSE_BOOKING "b-abuse"
#define KV_HOSTILE_ABUSE_NEXT_WEEK_BOOKING "b-abuse-next-week"

typedef struct
{
  gboolean    tls;             /* HTTPS/WSS with tests/integration/server/test-tls.* */
  guint       fd_hard_limit;   /* the server's RLIMIT_NOFILE hard limit; 0: ours */
  gboolean    umask_022;       /* run the server under umask 022 */
  gboolean    empty_database;  /* no seed: the server creates the database */
  guint       audit_rows;      /* rows put in the audit log before the start */
  const char *limits;          /* lines of the [limits] group, or NULL */
} KvHostileServerOptions;

typedef struct
{
  char        *dir;
  char        *config_path;
  char        *db_path;
  char        *log_path;       /* the server's stdout and stderr */
  GSubprocess *process;
  GPid         pid;
  guint16      port;
  char        *prison_token;        /* prison-1 */
  char        *community_token;     /* community-1 */
  char        *abuse_prison_token;  /* prison-2 */
  char        *abuse_community_token; /* community-2 */
  char        *probe_token;         /* community-probe */
  gint64       booking_start_us;
  gint64       next_week_start_us;
  goffset      seeded_db_bytes;     /* the database before the server started */
} KvHostileServer;

KvHostileServer *kv_hostile_server_start       (const KvHostileServerOptions *options);
void             kv_hostile_server_free        (KvHostileServer *self);
gboolean         kv_hostile_server_is_running  (KvHostileServer *self);
gboolean         kv_hostile_server_stop        (KvHostileServer *self);
gint64           kv_hostile_server_count_audit_in_database (KvHostileServer *self,
                                                            gint64           since_us);
char            *kv_hostile_server_binary      (const char      *name);
char            *kv_hostile_source_file        (const char      *relative);
goffset          kv_hostile_server_db_bytes    (KvHostileServer *self);
goffset          kv_hostile_server_log_bytes   (KvHostileServer *self);
char            *kv_hostile_server_log_tail    (KvHostileServer *self,
                                                gsize            max_bytes);
gboolean         kv_hostile_server_healthy     (KvHostileServer *self,
                                                guint            timeout_ms);
gint64           kv_hostile_server_count_audit (KvHostileServer *self,
                                                gint64           since_us,
                                                GError         **error);
char            *kv_hostile_format_time        (gint64           time_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvHostileServer, kv_hostile_server_free)

G_END_DECLS
