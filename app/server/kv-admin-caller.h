/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * KvStaffRoles:
 * @KV_STAFF_ROLE_NONE: no role
 * @KV_STAFF_ROLE_OFFICER: prison side: runs visits at the kiosks of their sites
 * @KV_STAFF_ROLE_COORDINATOR: community side: the same for community kiosks
 * @KV_STAFF_ROLE_SCHEDULER: books, moves and cancels visits
 * @KV_STAFF_ROLE_ADMIN: kiosks, accounts and site settings
 *
 * What a staff account may do; an account can hold several.
 */
typedef enum {
  KV_STAFF_ROLE_NONE        = 0,
  KV_STAFF_ROLE_OFFICER     = 1 << 0,
  KV_STAFF_ROLE_COORDINATOR = 1 << 1,
  KV_STAFF_ROLE_SCHEDULER   = 1 << 2,
  KV_STAFF_ROLE_ADMIN       = 1 << 3,
} KvStaffRoles;

#define KV_STAFF_ROLES_ALL (KV_STAFF_ROLE_OFFICER | KV_STAFF_ROLE_COORDINATOR | \
                            KV_STAFF_ROLE_SCHEDULER | KV_STAFF_ROLE_ADMIN)

/**
 * KvAdminCaller:
 * @actor: the name the audit log records: `admin` for the admin token,
 *   `staff:<id>` for a staff account
 * @staff_id: (nullable): the staff account, %NULL for the admin token
 * @roles: what the caller may do; every role for the admin token
 * @sites: (nullable): the sites the caller works at; %NULL means every site
 *
 * Who sent an admin API request, once it is authenticated.
 */
typedef struct
{
  char         *actor;
  char         *staff_id;
  KvStaffRoles  roles;
  GStrv         sites;
} KvAdminCaller;

KvAdminCaller *kv_admin_caller_new_admin_token (void);
KvAdminCaller *kv_admin_caller_new_staff       (const char          *staff_id,
                                                KvStaffRoles         roles,
                                                const char * const  *sites);
void           kv_admin_caller_free            (KvAdminCaller       *caller);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvAdminCaller, kv_admin_caller_free)

const char    *kv_staff_role_to_string         (KvStaffRoles         role);
gboolean       kv_staff_role_from_string       (const char          *name,
                                                KvStaffRoles        *out_role);
char          *kv_staff_roles_to_string        (KvStaffRoles         roles);
KvStaffRoles   kv_staff_roles_from_string      (const char          *text);

gboolean       kv_admin_caller_has_role        (const KvAdminCaller *caller,
                                                KvStaffRoles         any_of);
gboolean       kv_admin_caller_covers_site     (const KvAdminCaller *caller,
                                                const char          *site_id);

G_END_DECLS
