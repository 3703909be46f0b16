/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What every endpoint of the admin API needs to read a request and write
 * its answer: JSON bodies and errors, times, fields. Calls nothing of the
 * admin API back. */

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "kv-admin-caller.h"
#include "kv-store.h"

G_BEGIN_DECLS

/* Largest admin request body, in bytes. */
#define KV_ADMIN_HTTP_MAX_BODY (64 * 1024)

/**
 * KvAdminRequest:
 * @message: the request
 * @method: its method
 * @parts: its path below /api/v1/, split: collection, id, action
 * @n_parts: how many @parts there are
 * @query: (nullable): its query
 * @out_envelopes: (element-type KvEnvelope): where to add messages for kiosks
 * @caller: who sent it (authenticated)
 * @store: where a refusal is audited (kv_admin_http_forbid())
 * @now_us: when it came
 *
 * One admin request, as the endpoints see it once KvAdminApi has
 * authorised it and picked their collection.
 */
typedef struct
{
  SoupServerMessage  *message;
  const char         *method;
  char              **parts;
  guint               n_parts;
  GHashTable         *query;
  GPtrArray          *out_envelopes;
  const KvAdminCaller *caller;
  KvStore            *store;
  gint64              now_us;
} KvAdminRequest;

gboolean    kv_admin_http_is_route      (const KvAdminRequest *request,
                                         const char           *method,
                                         guint                 n_parts,
                                         const char           *last);
const char *kv_admin_http_get_query     (const KvAdminRequest *request,
                                         const char           *name);
void        kv_admin_http_forbid        (const KvAdminRequest *request,
                                         const char           *why);
void        kv_admin_http_refuse        (const KvAdminRequest *request,
                                         const char           *code,
                                         const char           *why);
gboolean    kv_admin_http_require_role  (const KvAdminRequest *request,
                                         KvStaffRoles          any_of);
gboolean    kv_admin_http_require_site  (const KvAdminRequest *request,
                                         const char           *site_id);

char       *kv_admin_http_format_time   (gint64              time_us);
gboolean    kv_admin_http_parse_time    (const char         *text,
                                         gint64             *out_us,
                                         gboolean           *out_missing_zone);
gboolean    kv_admin_http_get_time      (SoupServerMessage  *message,
                                         const char         *name,
                                         const char         *text,
                                         gint64             *out_us);
void        kv_admin_http_respond_json  (SoupServerMessage  *message,
                                         guint               status,
                                         JsonBuilder        *builder);
void        kv_admin_http_respond_error (SoupServerMessage  *message,
                                         guint               status,
                                         const char         *code,
                                         const char         *text);
void        kv_admin_http_respond_field_error (SoupServerMessage *message,
                                               guint              status,
                                               const char        *code,
                                               const char        *field,
                                               const char        *text);
void        kv_admin_http_respond_gerror (SoupServerMessage *message,
                                          const GError      *error);
JsonObject *kv_admin_http_read_body     (SoupServerMessage  *message,
                                         JsonParser         *parser);
gboolean    kv_admin_http_get_string    (SoupServerMessage  *message,
                                         JsonObject         *object,
                                         const char         *name,
                                         const char        **out_value);
gboolean    kv_admin_http_get_int       (SoupServerMessage  *message,
                                         JsonObject         *object,
                                         const char         *name,
                                         gint64              min,
                                         gint64              max,
                                         gint64             *out_value,
                                         gboolean           *out_given);
void        kv_admin_http_add_string    (JsonBuilder        *builder,
                                         const char         *name,
                                         const char         *value);
void        kv_admin_http_add_time      (JsonBuilder        *builder,
                                         const char         *name,
                                         gint64              time_us);
void        kv_admin_http_add_int       (JsonBuilder        *builder,
                                         const char         *name,
                                         gint64              value);

G_END_DECLS
