/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-caller.h"

/**
 * kv_admin_caller_new_admin_token:
 *
 * The holder of the server's admin token: every role at every site. It is
 * how a fresh install makes its first admin account, and how scripts that
 * predate staff accounts keep working.
 */
KvAdminCaller *
kv_admin_caller_new_admin_token (void)
{
  KvAdminCaller *caller = g_new0 (KvAdminCaller, 1);

  caller->actor = g_strdup ("admin");
  caller->roles = KV_STAFF_ROLES_ALL;
  return caller;
}

/**
 * kv_admin_caller_new_staff:
 * @staff_id: the account
 * @roles: its roles
 * @sites: (array zero-terminated=1) (nullable): its sites; %NULL or empty
 *   means none
 */
KvAdminCaller *
kv_admin_caller_new_staff (const char         *staff_id,
                           KvStaffRoles        roles,
                           const char * const *sites)
{
  KvAdminCaller *caller = g_new0 (KvAdminCaller, 1);

  g_return_val_if_fail (staff_id != NULL, NULL);

  caller->actor = g_strconcat ("staff:", staff_id, NULL);
  caller->staff_id = g_strdup (staff_id);
  caller->roles = roles;
  caller->sites = sites != NULL ? g_strdupv ((char **) sites) : g_new0 (char *, 1);
  return caller;
}

void
kv_admin_caller_free (KvAdminCaller *caller)
{
  if (caller == NULL)
    return;
  g_free (caller->actor);
  g_free (caller->staff_id);
  g_strfreev (caller->sites);
  g_free (caller);
}

/* Whether the caller holds at least one of @any_of. */
gboolean
kv_admin_caller_has_role (const KvAdminCaller *caller,
                          KvStaffRoles         any_of)
{
  g_return_val_if_fail (caller != NULL, FALSE);

  return (caller->roles & any_of) != 0;
}

/**
 * kv_admin_caller_covers_site:
 * @caller: a caller
 * @site_id: (nullable): a site; %NULL for a kiosk that is on no site yet
 *
 * Whether the caller works at @site_id. A kiosk on no site is only for
 * callers who cover every site (the admin token).
 */
gboolean
kv_admin_caller_covers_site (const KvAdminCaller *caller,
                             const char          *site_id)
{
  g_return_val_if_fail (caller != NULL, FALSE);

  if (caller->sites == NULL)
    return TRUE;
  return site_id != NULL && g_strv_contains ((const char * const *) caller->sites, site_id);
}
