/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-admin-http.h"

G_BEGIN_DECLS

/* Longest display name, in characters. */
#define KV_ADMIN_STAFF_MAX_NAME_CHARS 100

gboolean kv_admin_staff_read_name     (SoupServerMessage  *message,
                                       JsonObject         *body,
                                       gboolean            required,
                                       const char        **out_name);
gboolean kv_admin_staff_read_roles    (SoupServerMessage  *message,
                                       JsonObject         *body,
                                       gboolean            required,
                                       gboolean           *out_present,
                                       KvStaffRoles       *out_roles);
gboolean kv_admin_staff_read_sites    (KvStore            *store,
                                       SoupServerMessage  *message,
                                       JsonObject         *body,
                                       GStrv              *out_sites);
gboolean kv_admin_staff_read_password (SoupServerMessage  *message,
                                       JsonObject         *body,
                                       const char        **out_password);

void     kv_admin_staff_add_identity  (JsonBuilder         *builder,
                                       const KvStaffRecord *staff);

G_END_DECLS
