/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-clock.h"
#include "kv-store.h"

G_BEGIN_DECLS

/**
 * KvRefusalKind:
 * @KV_REFUSAL_ADMIN_UNAUTHORIZED: a request for anything but /ws and
 *   /healthz without a valid token (401)
 * @KV_REFUSAL_SIGN_IN_BAD_TOKEN: a `hello` with a token no kiosk has
 * @KV_REFUSAL_SIGN_IN_REVOKED: a `hello` with the token of a revoked kiosk
 * @KV_REFUSAL_SIGN_IN_RATE_LIMITED: a `hello` refused because its address
 *   (or its revoked kiosk) failed too often
 * @KV_REFUSAL_MESSAGE_BEFORE_SIGN_IN: a well-formed message other than
 *   `hello` on a connection that is not signed in
 * @KV_REFUSAL_BAD_FRAME: before sign-in, something that is no message at
 *   all: a binary frame, bad JSON, an oversized or invalid message
 * @KV_REFUSAL_REQUEST_TOO_LARGE: an HTTP request whose body was over the
 *   limit or of unknown length (413, refused unread)
 * @KV_REFUSAL_STAFF_SIGN_IN_FAILED: a staff sign-in with a wrong password
 *   or an unknown or disabled account (the log does not say which)
 * @KV_REFUSAL_STAFF_SIGN_IN_THROTTLED: a staff sign-in refused unchecked
 *   because its account or address failed too often (429)
 *
 * What an unauthenticated client was refused. The wire names
 * (kv_refusal_kind_to_string()) are the audit log's actions for these
 * rows, so they never change.
 */
typedef enum {
  KV_REFUSAL_ADMIN_UNAUTHORIZED,
  KV_REFUSAL_SIGN_IN_BAD_TOKEN,
  KV_REFUSAL_SIGN_IN_REVOKED,
  KV_REFUSAL_SIGN_IN_RATE_LIMITED,
  KV_REFUSAL_MESSAGE_BEFORE_SIGN_IN,
  KV_REFUSAL_BAD_FRAME,
  KV_REFUSAL_REQUEST_TOO_LARGE,
  KV_REFUSAL_STAFF_SIGN_IN_FAILED,
  KV_REFUSAL_STAFF_SIGN_IN_THROTTLED,
} KvRefusalKind;

#define KV_REFUSAL_N_KINDS (KV_REFUSAL_STAFF_SIGN_IN_THROTTLED + 1)

/* Distinct (address, kind) rows one flush writes; refusals of further
 * keys are folded into one `address:*` row. */
#define KV_REFUSAL_LOG_MAX_KEYS 64
/* Distinct addresses counted exactly in the folded row; more are written
 * as "at least" (`addresses=1024+`), so the count costs bounded memory. */
#define KV_REFUSAL_LOG_MAX_FOLDED_ADDRESSES 1024

const char *kv_refusal_kind_to_string (KvRefusalKind kind);

#define KV_TYPE_REFUSAL_LOG (kv_refusal_log_get_type ())
G_DECLARE_FINAL_TYPE (KvRefusalLog, kv_refusal_log, KV, REFUSAL_LOG, GObject)

KvRefusalLog *kv_refusal_log_new           (KvClock       *clock,
                                            KvStore       *store);
void          kv_refusal_log_record        (KvRefusalLog  *self,
                                            const char    *address,
                                            KvRefusalKind  kind);
gboolean      kv_refusal_log_flush         (KvRefusalLog  *self,
                                            GError       **error);
guint64       kv_refusal_log_get_n_pending (KvRefusalLog  *self);

G_END_DECLS
