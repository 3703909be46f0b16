/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-caller.h"

/* The roles' names, in the order the store's roles column lists them. */
static const struct
{
  KvStaffRoles  role;
  const char   *name;
} role_names[] = {
  { KV_STAFF_ROLE_OFFICER, "officer" },
  { KV_STAFF_ROLE_COORDINATOR, "coordinator" },
  { KV_STAFF_ROLE_SCHEDULER, "scheduler" },
  { KV_STAFF_ROLE_ADMIN, "admin" },
};

/* The name of one role ("officer"), or %NULL for anything else. */
const char *
kv_staff_role_to_string (KvStaffRoles role)
{
  for (gsize i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (role_names[i].role == role)
      return role_names[i].name;
  return NULL;
}

gboolean
kv_staff_role_from_string (const char   *name,
                           KvStaffRoles *out_role)
{
  for (gsize i = 0; name != NULL && i < G_N_ELEMENTS (role_names); i++)
    if (g_str_equal (role_names[i].name, name))
      {
        *out_role = role_names[i].role;
        return TRUE;
      }
  return FALSE;
}

/* "officer,scheduler": the roles in their fixed order, comma-separated, as
 * the store keeps them. */
char *
kv_staff_roles_to_string (KvStaffRoles roles)
{
  GString *text = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (roles & role_names[i].role)
      g_string_append_printf (text, "%s%s", text->len > 0 ? "," : "", role_names[i].name);
  return g_string_free (text, FALSE);
}

/* The roles of a stored roles column; unknown names (a newer server's)
 * grant nothing. */
KvStaffRoles
kv_staff_roles_from_string (const char *text)
{
  g_auto(GStrv) names = g_strsplit (text != NULL ? text : "", ",", -1);
  KvStaffRoles roles = KV_STAFF_ROLE_NONE;

  for (guint i = 0; names[i] != NULL; i++)
    {
      KvStaffRoles role;

      if (kv_staff_role_from_string (names[i], &role))
        roles |= role;
    }
  return roles;
}

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
