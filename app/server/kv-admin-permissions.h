/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-admin-caller.h"

G_BEGIN_DECLS

/**
 * KvAdminPermissionFlags:
 * @KV_ADMIN_PERMISSION_NONE: only the roles count
 * @KV_ADMIN_PERMISSION_ANY_STAFF: any signed-in account, whatever its roles
 * @KV_ADMIN_PERMISSION_PUBLIC: needs no credentials at all (signing in)
 * @KV_ADMIN_PERMISSION_SELF: also the account the path's id names (a
 *   member of staff setting their own PIN)
 */
typedef enum {
  KV_ADMIN_PERMISSION_NONE      = 0,
  KV_ADMIN_PERMISSION_ANY_STAFF = 1 << 0,
  KV_ADMIN_PERMISSION_PUBLIC    = 1 << 1,
  KV_ADMIN_PERMISSION_SELF      = 1 << 2,
} KvAdminPermissionFlags;

/**
 * KvAdminPermission:
 * @method: the HTTP method ("GET" also covers HEAD)
 * @route: the path below /api/v1/, its ids written `*`: "staff/\*\/disable"
 * @roles: the roles that may call it (any one of them)
 * @flags: who else may
 *
 * One row of the role x endpoint table.
 */
typedef struct
{
  const char             *method;
  const char             *route;
  KvStaffRoles            roles;
  KvAdminPermissionFlags  flags;
} KvAdminPermission;

const KvAdminPermission *kv_admin_permissions_get_table (gsize                   *out_n);
const KvAdminPermission *kv_admin_permissions_lookup    (const char              *method,
                                                         const char * const      *parts,
                                                         guint                    n_parts);
gboolean                 kv_admin_permissions_allows    (const KvAdminPermission *permission,
                                                         const KvAdminCaller     *caller,
                                                         const char * const      *parts);
char                    *kv_admin_permissions_describe  (const KvAdminPermission *permission);

G_END_DECLS
