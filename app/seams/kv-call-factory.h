/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-call-backend.h"
#include "kv-media-preview.h"

G_BEGIN_DECLS

#define KV_TYPE_CALL_FACTORY (kv_call_factory_get_type ())
G_DECLARE_INTERFACE (KvCallFactory, kv_call_factory, KV, CALL_FACTORY, GObject)

/**
 * KvCallFactoryInterface:
 * @create_call: a new call (state %KV_CALL_STATE_NEW, not started)
 * @create_preview: a running local preview (camera + microphone, no network)
 *
 * Makes calls and previews. The real one is #KvWebrtcCallFactory (built
 * from the kiosk's media configuration); the kiosk's tests use a fake.
 * Both fail with %KV_MEDIA_ERROR_DEVICE_MISSING when a configured camera or
 * microphone is missing, and %KV_MEDIA_ERROR_MISSING_PLUGIN when this
 * machine lacks a GStreamer element.
 */
struct _KvCallFactoryInterface
{
  GTypeInterface parent_iface;

  KvCallBackend  *(*create_call)    (KvCallFactory *self,
                                     gboolean       offerer,
                                     GPtrArray     *ice_servers,
                                     GError       **error);
  KvMediaPreview *(*create_preview) (KvCallFactory *self,
                                     GError       **error);

  /*< private >*/
  gpointer padding[6];
};

/**
 * kv_call_factory_create_call:
 * @self: a #KvCallFactory
 * @offerer: %TRUE on the side that sends the offer (the prison kiosk)
 * @ice_servers: (nullable) (element-type KvIceServer): STUN/TURN servers from
 *   the join message, added to the configured ones; copied
 * @error: return location for a #KV_MEDIA_ERROR
 *
 * Returns: (transfer full): a new call, not started, or %NULL with @error set
 */
KvCallBackend  *kv_call_factory_create_call    (KvCallFactory *self,
                                                gboolean       offerer,
                                                GPtrArray     *ice_servers,
                                                GError       **error);

/**
 * kv_call_factory_create_preview:
 * @self: a #KvCallFactory
 * @error: return location for a #KV_MEDIA_ERROR
 *
 * Returns: (transfer full): a running preview, or %NULL with @error set
 */
KvMediaPreview *kv_call_factory_create_preview (KvCallFactory *self,
                                                GError       **error);

G_END_DECLS
