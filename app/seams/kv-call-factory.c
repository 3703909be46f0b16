/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-seams"

#include "config.h"

#include "kv-call-factory.h"

/**
 * KvCallFactory:
 *
 * Makes calls and local previews; see #KvCallFactoryInterface.
 */

G_DEFINE_INTERFACE (KvCallFactory, kv_call_factory, G_TYPE_OBJECT)

static void
kv_call_factory_default_init (KvCallFactoryInterface *iface)
{
}

KvCallBackend *
kv_call_factory_create_call (KvCallFactory *self,
                             gboolean       offerer,
                             GPtrArray     *ice_servers,
                             GError       **error)
{
  g_return_val_if_fail (KV_IS_CALL_FACTORY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return KV_CALL_FACTORY_GET_IFACE (self)->create_call (self, offerer, ice_servers, error);
}

KvMediaPreview *
kv_call_factory_create_preview (KvCallFactory *self,
                                GError       **error)
{
  g_return_val_if_fail (KV_IS_CALL_FACTORY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return KV_CALL_FACTORY_GET_IFACE (self)->create_preview (self, error);
}
