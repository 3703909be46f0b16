/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "kv-admin-http.h"
#include "kv-clock.h"
#include "kv-refusal-log.h"
#include "kv-server-config.h"
#include "kv-signalling-handler.h"
#include "kv-store.h"

G_BEGIN_DECLS

/* Largest admin request body, in bytes. */
#define KV_ADMIN_API_MAX_BODY KV_ADMIN_HTTP_MAX_BODY

#define KV_TYPE_ADMIN_API (kv_admin_api_get_type ())
G_DECLARE_FINAL_TYPE (KvAdminApi, kv_admin_api, KV, ADMIN_API, GObject)

KvAdminApi *kv_admin_api_new    (KvServerConfig      *config,
                                 KvClock             *clock,
                                 KvStore             *store,
                                 KvSignallingHandler *handler,
                                 KvRefusalLog        *refusal_log);
void        kv_admin_api_handle (KvAdminApi          *self,
                                 SoupServerMessage   *message,
                                 const char          *path,
                                 GHashTable          *query,
                                 GPtrArray           *out_envelopes);

gboolean    kv_admin_api_authorise (KvAdminApi       *self,
                                    SoupServerMessage *message,
                                    const char        *path,
                                    const char        *extra_token);

void        kv_admin_api_changed   (KvAdminApi        *self);

gboolean    kv_admin_api_token_equal (const char     *expected,
                                      const char     *given);

G_END_DECLS
