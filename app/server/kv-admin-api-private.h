/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by the files of KvAdminApi only: kv-admin-api.c (routing, auth,
 * kiosks), kv-admin-api-bookings.c (bookings), kv-admin-api-sessions.c
 * (sessions: running ones, one visit's record, staff ends) and
 * kv-admin-api-audit.c (audit export and verification, purges). */

#include <json-glib/json-glib.h>

#include "kv-admin-api.h"

G_BEGIN_DECLS

struct _KvAdminApi
{
  GObject              parent_instance;

  KvServerConfig      *config;
  KvClock             *clock;
  KvStore             *store;
  KvSignallingHandler *handler;
  KvRefusalLog        *refusal_log;
};

char      *kv_admin_format_time   (gint64              time_us);
gboolean   kv_admin_parse_time    (const char         *text,
                                   gint64             *out_us,
                                   gboolean           *out_missing_zone);
gboolean   kv_admin_get_time      (SoupServerMessage  *message,
                                   const char         *name,
                                   const char         *text,
                                   gint64             *out_us);
void       kv_admin_respond_json  (SoupServerMessage  *message,
                                   guint               status,
                                   JsonBuilder        *builder);
void       kv_admin_respond_error (SoupServerMessage  *message,
                                   guint               status,
                                   const char         *code,
                                   const char         *text);
void       kv_admin_respond_gerror (SoupServerMessage *message,
                                    const GError      *error);
JsonObject *kv_admin_read_body    (SoupServerMessage  *message,
                                   JsonParser         *parser);
gboolean   kv_admin_get_string    (SoupServerMessage  *message,
                                   JsonObject         *object,
                                   const char         *name,
                                   const char        **out_value);
void       kv_admin_add_string    (JsonBuilder        *builder,
                                   const char         *name,
                                   const char         *value);
void       kv_admin_add_time      (JsonBuilder        *builder,
                                   const char         *name,
                                   gint64              time_us);

/* kv-admin-api-bookings.c */
void kv_admin_api_bookings_create (KvAdminApi        *self,
                                   SoupServerMessage *message,
                                   GPtrArray         *out_envelopes);
void kv_admin_api_bookings_list   (KvAdminApi        *self,
                                   SoupServerMessage *message,
                                   GHashTable        *query);
void kv_admin_api_bookings_cancel (KvAdminApi        *self,
                                   SoupServerMessage *message,
                                   const char        *id,
                                   GPtrArray         *out_envelopes);

/* kv-admin-api-sessions.c */
void kv_admin_api_sessions_list   (KvAdminApi        *self,
                                   SoupServerMessage *message);
void kv_admin_api_sessions_end    (KvAdminApi        *self,
                                   SoupServerMessage *message,
                                   const char        *id,
                                   GPtrArray         *out_envelopes);
void kv_admin_api_sessions_show   (KvAdminApi        *self,
                                   SoupServerMessage *message,
                                   const char        *id);

/* kv-admin-api-audit.c */
void kv_admin_api_audit_export    (KvAdminApi        *self,
                                   SoupServerMessage *message,
                                   GHashTable        *query);
void kv_admin_api_audit_verify    (KvAdminApi        *self,
                                   SoupServerMessage *message);
void kv_admin_api_purge           (KvAdminApi        *self,
                                   SoupServerMessage *message);

G_END_DECLS
