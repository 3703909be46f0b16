/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-call-factory.h"
#include "kv-fake-call.h"
#include "kv-fake-media-preview.h"

G_BEGIN_DECLS

#define KV_TYPE_FAKE_CALL_FACTORY (kv_fake_call_factory_get_type ())
G_DECLARE_FINAL_TYPE (KvFakeCallFactory, kv_fake_call_factory, KV, FAKE_CALL_FACTORY, GObject)

/**
 * KvFakeCallFactory:
 *
 * A #KvCallFactory for tests: makes #KvFakeCall and #KvFakeMediaPreview
 * objects and keeps a reference to each, or fails with the error the test
 * set (e.g. %KV_MEDIA_ERROR_DEVICE_MISSING for "no camera").
 */
KvFakeCallFactory  *kv_fake_call_factory_new              (void);

/* NULL makes creation succeed again. Copied. */
void                kv_fake_call_factory_set_error        (KvFakeCallFactory *self,
                                                           const GError      *error);
guint               kv_fake_call_factory_get_n_calls      (KvFakeCallFactory *self);
/* (transfer none) (nullable) */
KvFakeCall         *kv_fake_call_factory_get_last_call    (KvFakeCallFactory *self);
guint               kv_fake_call_factory_get_n_previews   (KvFakeCallFactory *self);
/* (transfer none) (nullable) */
KvFakeMediaPreview *kv_fake_call_factory_get_last_preview (KvFakeCallFactory *self);
/* The ICE servers given to the last create_call (element-type KvIceServer,
 * transfer none, nullable). */
GPtrArray          *kv_fake_call_factory_get_last_ice_servers (KvFakeCallFactory *self);

G_END_DECLS
