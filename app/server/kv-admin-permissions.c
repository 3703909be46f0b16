/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-admin-api"

#include "config.h"

#include "kv-admin-permissions.h"

#include <string.h>

/* Who may call what on the admin API: one table, checked by KvAdminApi
 * before any endpoint sees a staff account's request. A route that is not
 * in the table is refused to every staff account (default deny), so a new
 * endpoint is for the admin token only until someone writes its row here;
 * tests/integration/server/test-server-roles.c walks the whole table with
 * one account per role.
 *
 * The table says which roles may call an endpoint at all; which objects
 * (the sites of a kiosk, a booking, an account) is for the endpoint to
 * check with kv_admin_http_require_site(). The admin token passes every
 * row. */

#define OFFICER     KV_STAFF_ROLE_OFFICER
#define COORDINATOR KV_STAFF_ROLE_COORDINATOR
#define SCHEDULER   KV_STAFF_ROLE_SCHEDULER
#define ADMIN       KV_STAFF_ROLE_ADMIN
#define ANY_ROLE    KV_STAFF_ROLES_ALL
#define ANY_STAFF   KV_ADMIN_PERMISSION_ANY_STAFF

static const KvAdminPermission table[] = {
  /* Console sessions: signing in needs nothing; seeing and ending one's
   * own session needs only to be signed in. */
  { "POST",   "session",                   ANY_ROLE, ANY_STAFF | KV_ADMIN_PERMISSION_PUBLIC },
  { "GET",    "session",                   ANY_ROLE, ANY_STAFF },
  { "DELETE", "session",                   ANY_ROLE, ANY_STAFF },

  /* Staff accounts: admins; staff set their own kiosk PIN. */
  { "GET",    "staff",                     ADMIN, 0 },
  { "POST",   "staff",                     ADMIN, 0 },
  { "GET",    "staff/*",                   ADMIN, 0 },
  { "PATCH",  "staff/*",                   ADMIN, 0 },
  { "POST",   "staff/*/disable",           ADMIN, 0 },
  { "POST",   "staff/*/enable",            ADMIN, 0 },
  { "POST",   "staff/*/password",          ADMIN, 0 },
  { "POST",   "staff/*/pin",               ADMIN, KV_ADMIN_PERMISSION_SELF },

  /* Sites: everyone reads them (time zones, hours); admins change them. */
  { "GET",    "sites",                     ANY_ROLE, ANY_STAFF },
  { "GET",    "sites/*",                   ANY_ROLE, ANY_STAFF },
  { "POST",   "sites",                     ADMIN, 0 },
  { "PATCH",  "sites/*",                   ADMIN, 0 },
  { "PUT",    "sites/*/hours",             ADMIN, 0 },
  { "PUT",    "sites/*/age-rules",         ADMIN, 0 },
  { "PUT",    "sites/*/school-hours",      ADMIN, 0 },
  { "POST",   "sites/*/closed-days",       ADMIN, 0 },
  { "DELETE", "sites/*/closed-days/*",     ADMIN, 0 },

  /* Kiosks: everyone sees which are signed in; admins add and revoke. */
  { "GET",    "kiosks",                    ANY_ROLE, ANY_STAFF },
  { "POST",   "kiosks",                    ADMIN, 0 },
  { "PATCH",  "kiosks/*",                  ADMIN, 0 },
  { "POST",   "kiosks/*/revoke",           ADMIN, 0 },

  /* The console's live board (server-sent events): everyone signed in;
   * the stream shows only the caller's sites. */
  { "GET",    "events",                    ANY_ROLE, ANY_STAFF },

  /* Slot templates and the slots they make: scheduling. */
  { "GET",    "templates",                 SCHEDULER | ADMIN, 0 },
  { "GET",    "templates/*",               SCHEDULER | ADMIN, 0 },
  { "POST",   "templates",                 ADMIN, 0 },
  { "PATCH",  "templates/*",               ADMIN, 0 },
  { "GET",    "slots",                     SCHEDULER | ADMIN, 0 },

  /* Bookings: everyone who runs visits reads them; schedulers change
   * them (admins run the day's settings, not families' visits). */
  { "GET",    "bookings",                  OFFICER | COORDINATOR | SCHEDULER | ADMIN, 0 },
  { "GET",    "bookings/*",                OFFICER | COORDINATOR | SCHEDULER | ADMIN, 0 },
  { "POST",   "bookings",                  SCHEDULER, 0 },
  { "POST",   "bookings/*/move",           SCHEDULER, 0 },
  { "POST",   "bookings/*/cancel",         SCHEDULER, 0 },

  /* Families: who runs the community side and who plans visits see them
   * and their due list (the endpoint shows only the caller's sites);
   * schedulers add, change and archive them. */
  { "GET",    "families",                  COORDINATOR | SCHEDULER | ADMIN, 0 },
  { "GET",    "families/due",              COORDINATOR | SCHEDULER | ADMIN, 0 },
  { "GET",    "families/*",                COORDINATOR | SCHEDULER | ADMIN, 0 },
  { "GET",    "families/*/proposal",       COORDINATOR | SCHEDULER | ADMIN, 0 },
  { "POST",   "families",                  SCHEDULER, 0 },
  { "PATCH",  "families/*",                SCHEDULER, 0 },
  { "POST",   "families/*/archive",        SCHEDULER, 0 },

  /* Live visits: read by all; ended by the staff in the visit rooms. */
  { "GET",    "sessions",                  OFFICER | COORDINATOR | SCHEDULER | ADMIN, 0 },
  { "GET",    "sessions/*",                OFFICER | COORDINATOR | SCHEDULER | ADMIN, 0 },
  { "POST",   "sessions/*/end",            OFFICER | COORDINATOR, 0 },
  /* Officers confirm the prison side, coordinators the community side:
   * the endpoint checks the side against the roles. */
  { "POST",   "sessions/*/confirm",        OFFICER | COORDINATOR, 0 },

  /* Monthly reports: who plans visits and who runs the sites; the
   * endpoint reports only the caller's sites. */
  { "GET",    "reports",                   SCHEDULER | ADMIN, 0 },
  /* The contact report: also the coordinators who follow the families. */
  { "GET",    "reports/families",          COORDINATOR | SCHEDULER | ADMIN, 0 },

  /* The audit log and retention. */
  { "GET",    "audit",                     ADMIN, 0 },
  { "GET",    "audit/verify",              ADMIN, 0 },
  { "POST",   "purge",                     ADMIN, 0 },
};

/* Returns: (array length=out_n): every row, for the tests and the docs */
const KvAdminPermission *
kv_admin_permissions_get_table (gsize *out_n)
{
  *out_n = G_N_ELEMENTS (table);
  return table;
}

static gboolean
route_matches (const char         *route,
               const char * const *parts,
               guint               n_parts)
{
  g_auto(GStrv) pattern = g_strsplit (route, "/", -1);

  if (g_strv_length (pattern) != n_parts)
    return FALSE;
  for (guint i = 0; i < n_parts; i++)
    {
      if (g_str_equal (pattern[i], "*"))
        {
          if (*parts[i] == '\0')
            return FALSE;
        }
      else if (!g_str_equal (pattern[i], parts[i]))
        return FALSE;
    }
  return TRUE;
}

/**
 * kv_admin_permissions_lookup:
 * @parts: (array length=n_parts): the path below /api/v1/, split at '/'
 *
 * Returns: (nullable): the table's row for the request, or %NULL if the
 *   route is not in the table (refused to staff)
 */
const KvAdminPermission *
kv_admin_permissions_lookup (const char         *method,
                             const char * const *parts,
                             guint               n_parts)
{
  if (g_str_equal (method, "HEAD"))
    method = "GET";
  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    if (g_str_equal (table[i].method, method) && route_matches (table[i].route, parts, n_parts))
      return &table[i];
  return NULL;
}

/* Whether @caller may call the route of @permission (@parts: the path, for
 * a SELF row's id). */
gboolean
kv_admin_permissions_allows (const KvAdminPermission *permission,
                             const KvAdminCaller     *caller,
                             const char * const      *parts)
{
  if (permission->flags & (KV_ADMIN_PERMISSION_ANY_STAFF | KV_ADMIN_PERMISSION_PUBLIC))
    return TRUE;
  if (kv_admin_caller_has_role (caller, permission->roles))
    return TRUE;
  return (permission->flags & KV_ADMIN_PERMISSION_SELF) && caller->staff_id != NULL &&
         parts[0] != NULL && parts[1] != NULL && g_str_equal (parts[1], caller->staff_id);
}

/* "This needs the scheduler or admin role", for a refusal. */
char *
kv_admin_permissions_describe (const KvAdminPermission *permission)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (KvStaffRoles role = KV_STAFF_ROLE_OFFICER; role <= KV_STAFF_ROLE_ADMIN; role <<= 1)
    if (permission->roles & role)
      g_string_append_printf (names, "%s%s", names->len > 0 ? " or " : "",
                              kv_staff_role_to_string (role));
  if (permission->flags & KV_ADMIN_PERMISSION_SELF)
    return g_strdup_printf ("This needs the %s role, or to be that account", names->str);
  return g_strdup_printf ("This needs the %s role", names->str);
}
