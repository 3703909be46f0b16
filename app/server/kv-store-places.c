/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-store"

#include "config.h"

#include "kv-store.h"
#include "kv-store-private.h"

#include "kv-site-table.h"
#include "kv-template-table.h"

/* Sites */

/**
 * kv_store_add_site:
 * @time_zone: an IANA zone the caller has checked
 *
 * Returns: %TRUE once the site is added, audited
 */
gboolean
kv_store_add_site (KvStore     *self,
                   const char  *id,
                   const char  *name,
                   const char  *time_zone,
                   gint64       now_us,
                   const char  *actor,
                   GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_site_table_add (self->database, self->audit, id, name, time_zone, now_us, actor,
                            error);
}

/* Changes the site's name and/or zone (%NULL: keep). */
gboolean
kv_store_update_site (KvStore     *self,
                      const char  *id,
                      const char  *name,
                      const char  *time_zone,
                      gint64       now_us,
                      const char  *actor,
                      GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_site_table_update (self->database, self->audit, id, name, time_zone, now_us, actor,
                               error);
}

/**
 * kv_store_lookup_site:
 *
 * Returns: (transfer full): the site with its hours and closed days, or
 *   %NULL (%KV_STORE_ERROR_NOT_FOUND)
 */
KvSiteRecord *
kv_store_lookup_site (KvStore     *self,
                      const char  *id,
                      GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return kv_site_table_lookup (self->database, id, error);
}

/**
 * kv_store_list_sites:
 *
 * Returns: (transfer container) (element-type KvSiteRecord): every site
 */
GPtrArray *
kv_store_list_sites (KvStore  *self,
                     GError  **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return kv_site_table_list (self->database, error);
}

/**
 * kv_store_set_site_hours:
 * @hours: (element-type KvSiteHours): the whole week; empty for open all day
 *
 * Returns: %TRUE once the week is replaced, audited
 */
gboolean
kv_store_set_site_hours (KvStore     *self,
                         const char  *id,
                         GArray      *hours,
                         gint64       now_us,
                         const char  *actor,
                         GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_site_table_set_hours (self->database, self->audit, id, hours, now_us, actor, error);
}

gboolean
kv_store_add_closed_day (KvStore     *self,
                         const char  *id,
                         const char  *day,
                         const char  *reason,
                         gint64       now_us,
                         const char  *actor,
                         GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_site_table_add_closed_day (self->database, self->audit, id, day, reason, now_us,
                                       actor, error);
}

gboolean
kv_store_remove_closed_day (KvStore     *self,
                            const char  *id,
                            const char  *day,
                            gint64       now_us,
                            const char  *actor,
                            GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_site_table_remove_closed_day (self->database, self->audit, id, day, now_us, actor,
                                          error);
}

/* Slot templates */

/**
 * kv_store_add_template:
 * @template: a template the caller has validated
 *
 * Returns: %TRUE once it is added, audited
 */
gboolean
kv_store_add_template (KvStore              *self,
                       const KvSlotTemplate *template,
                       gint64                now_us,
                       const char           *actor,
                       GError              **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_template_table_add (self->database, self->audit, template, now_us, actor, error);
}

/**
 * kv_store_update_template:
 * @active: 0 or 1, or -1 to keep it
 * @valid_to: (nullable): the last day, "" for no end, %NULL to keep it
 *
 * Returns: %TRUE once it is changed, audited
 */
gboolean
kv_store_update_template (KvStore     *self,
                          const char  *id,
                          int          active,
                          const char  *valid_to,
                          gint64       now_us,
                          const char  *actor,
                          GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), FALSE);

  return kv_template_table_update (self->database, self->audit, id, active, valid_to, now_us,
                                   actor, error);
}

KvSlotTemplate *
kv_store_lookup_template (KvStore     *self,
                          const char  *id,
                          GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return kv_template_table_lookup (self->database, id, error);
}

/**
 * kv_store_list_templates:
 * @prison_kiosk: (nullable): only this prison kiosk's
 * @community_kiosk: (nullable): only this community kiosk's
 *
 * Returns: (transfer container) (element-type KvSlotTemplate): templates
 */
GPtrArray *
kv_store_list_templates (KvStore     *self,
                         const char  *prison_kiosk,
                         const char  *community_kiosk,
                         GError     **error)
{
  g_return_val_if_fail (KV_IS_STORE (self), NULL);

  return kv_template_table_list (self->database, prison_kiosk, community_kiosk, error);
}
