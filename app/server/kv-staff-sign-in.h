/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <libsoup/soup.h>

#include "kv-admin-http.h"
#include "kv-clock.h"
#include "kv-refusal-log.h"
#include "kv-server-config.h"
#include "kv-store.h"

G_BEGIN_DECLS

/* The console session cookie's name. */
#define KV_STAFF_SESSION_COOKIE "kinvisit_session"

#define KV_TYPE_STAFF_SIGN_IN (kv_staff_sign_in_get_type ())
G_DECLARE_FINAL_TYPE (KvStaffSignIn, kv_staff_sign_in, KV, STAFF_SIGN_IN, GObject)

KvStaffSignIn *kv_staff_sign_in_new          (KvServerConfig       *config,
                                              KvClock              *clock,
                                              KvStore              *store,
                                              KvRefusalLog         *refusal_log);
char          *kv_staff_sign_in_get_cookie   (SoupServerMessage    *message);
KvAdminCaller *kv_staff_sign_in_authenticate (KvStaffSignIn        *self,
                                              SoupServerMessage    *message,
                                              char                **out_csrf_token);
gboolean       kv_staff_sign_in_check        (KvStaffSignIn        *self,
                                              SoupServerMessage    *message);
gboolean       kv_staff_sign_in_route        (KvStaffSignIn        *self,
                                              const KvAdminRequest *request);

G_END_DECLS
