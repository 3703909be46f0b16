/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-hostile-server.h"

G_BEGIN_DECLS

/* Floods of unauthenticated failures, each of which the server audits:
 * admin requests with wrong tokens (and long random paths), junk on
 * WebSockets before sign-in, hellos with bad tokens. */

typedef struct
{
  guint64 http_refused;     /* admin requests answered 401 (or 429) */
  guint64 http_other;       /* answered with anything else: must not happen */
  guint64 junk_sent;        /* junk messages before sign-in */
  guint64 hellos_sent;      /* hellos with a bad token */
  guint64 hellos_welcomed;  /* of those, welcomed: must not happen */
  guint64 connections;      /* connections opened for all that */
  guint64 failures;         /* connects, sends and reads that failed or timed out */
  double  seconds;
} KvAuditFloodResult;

guint64 kv_audit_flood_total (const KvAuditFloodResult *result);
void    kv_attack_audit_flood (KvHostileServer    *server,
                               guint               seconds,
                               guint64             max_requests,
                               guint               max_per_second,
                               guint               first_address,
                               KvAuditFloodResult *out_result);

/* Lockout by address: junk and bad hellos from the address legitimate
 * kiosks use too (one NAT, one site), then a valid sign-in from there. */
typedef struct
{
  guint     junk_sent;
  guint     hellos_sent;
  guint     connections;
  gboolean  welcomed;        /* the valid sign-in afterwards got its welcome */
  double    sign_in_ms;
  char     *sign_in_failure; /* why not, or NULL */
} KvLockoutResult;

void    kv_lockout_result_clear (KvLockoutResult *result);
void    kv_attack_lockout       (KvHostileServer *server,
                                 const char      *source_address,
                                 guint            n_junk,
                                 guint            n_hellos,
                                 const char      *valid_token,
                                 KvLockoutResult *out_result);

G_END_DECLS
