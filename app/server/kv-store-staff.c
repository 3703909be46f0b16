/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-store"

#include "config.h"

#include "kv-store.h"
#include "kv-store-private.h"

#include "kv-site-table.h"
#include "kv-staff-session-table.h"
#include "kv-staff-table.h"

/* Staff accounts and console sessions: see kv-staff-table.c and
 * kv-staff-session-table.c. Each write
 * is one transaction with its audit row in @actor's name. */

/* Whether @site_id is a site; %FALSE with %KV_STORE_ERROR_NOT_FOUND if not. */
gboolean
kv_store_has_site (KvStore     *self,
                   const char  *site_id,
                   GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_site_table_check_exists (self->database, site_id, error);
}

/**
 * kv_store_add_staff:
 * @sites: (nullable) (array zero-terminated=1): its sites, each one a site
 *   that exists (%KV_STORE_ERROR_NOT_FOUND if not)
 * @password_hash: the hash of its password (kv_staff_password_hash())
 *
 * Returns: %TRUE if the account was added (%KV_STORE_ERROR_EXISTS if the
 *   id is taken)
 */
gboolean
kv_store_add_staff (KvStore            *self,
                    const char         *id,
                    const char         *display_name,
                    KvStaffRoles        roles,
                    const char * const *sites,
                    const char         *password_hash,
                    gint64              now_us,
                    const char         *actor,
                    GError            **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL && password_hash != NULL && actor != NULL, FALSE);

  return kv_staff_table_add (self->database, self->audit, id, display_name, roles, sites,
                             password_hash, now_us, actor, error);
}

KvStaffRecord *
kv_store_lookup_staff (KvStore     *self,
                       const char  *id,
                       GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return kv_staff_table_lookup (self->database, id, error);
}

/* The account's password hash, for verifying a sign-in and nothing else. */
char *
kv_store_get_staff_password_hash (KvStore     *self,
                                  const char  *id,
                                  GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return kv_staff_table_get_password_hash (self->database, id, error);
}

/* Returns: (transfer container) (element-type KvStaffRecord): every
 * account, by id */
GPtrArray *
kv_store_list_staff (KvStore  *self,
                     GError  **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return kv_staff_table_list (self->database, error);
}

/**
 * kv_store_update_staff:
 * @display_name: (nullable): a new name, or %NULL to keep it
 * @roles: (nullable): new roles, or %NULL to keep them
 * @sites: (nullable) (array zero-terminated=1): new sites (an empty array
 *   for none), or %NULL to keep them
 */
gboolean
kv_store_update_staff (KvStore            *self,
                       const char         *id,
                       const char         *display_name,
                       const KvStaffRoles *roles,
                       const char * const *sites,
                       gint64              now_us,
                       const char         *actor,
                       GError            **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_staff_table_update (self->database, self->audit, id, display_name, roles, sites,
                                now_us, actor, error);
}

/* Disabling ends the account's console sessions in the same transaction. */
gboolean
kv_store_set_staff_disabled (KvStore     *self,
                             const char  *id,
                             gboolean     disabled,
                             gint64       now_us,
                             const char  *actor,
                             GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_staff_table_set_disabled (self->database, self->audit, id, disabled, now_us, actor,
                                      error);
}

/* A new password hash ends the account's console sessions in the same
 * transaction. */
gboolean
kv_store_set_staff_password (KvStore     *self,
                             const char  *id,
                             const char  *password_hash,
                             gint64       now_us,
                             const char  *actor,
                             GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_staff_table_set_password (self->database, self->audit, id, password_hash, now_us,
                                      actor, error);
}

gboolean
kv_store_set_staff_pin (KvStore     *self,
                        const char  *id,
                        const char  *pin_hash,
                        gint64       now_us,
                        const char  *actor,
                        GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_staff_table_set_pin (self->database, self->audit, id, pin_hash, now_us, actor, error);
}

/**
 * kv_store_add_staff_session:
 * @session_id: the cookie's value; the store keeps only its SHA-256
 * @idle_before_us: sessions of any account last used before this are
 *   deleted (expired), in the same transaction
 * @made_before_us: and those made before this
 * @details: (nullable): for the `staff-signed-in` audit row (the address)
 */
gboolean
kv_store_add_staff_session (KvStore     *self,
                            const char  *session_id,
                            const char  *staff_id,
                            const char  *csrf_token,
                            gint64       now_us,
                            gint64       idle_before_us,
                            gint64       made_before_us,
                            const char  *details,
                            GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_staff_session_table_add (self->database, self->audit, session_id, staff_id,
                                     csrf_token, now_us, idle_before_us, made_before_us,
                                     details, error);
}

KvStaffSessionRecord *
kv_store_lookup_staff_session (KvStore     *self,
                               const char  *session_id,
                               GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return kv_staff_session_table_lookup (self->database, session_id, error);
}

/* Records that the session was used now (at most once a minute). */
gboolean
kv_store_touch_staff_session (KvStore     *self,
                              const char  *session_id,
                              gint64       now_us,
                              GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_staff_session_table_touch (self->database, session_id, now_us, error);
}

/* Ends one session; @actor %NULL for an expired one (not audited). */
gboolean
kv_store_delete_staff_session (KvStore     *self,
                               const char  *session_id,
                               gint64       now_us,
                               const char  *actor,
                               GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_staff_session_table_delete (self->database, self->audit, session_id, now_us, actor,
                                         error);
}

gboolean
kv_store_delete_staff_sessions (KvStore     *self,
                                const char  *staff_id,
                                gint64       now_us,
                                const char  *actor,
                                GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_staff_session_table_delete_all (self->database, self->audit, staff_id, now_us,
                                            actor, error);
}
