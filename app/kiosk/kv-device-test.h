/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdk/gdk.h>

#include "kv-call-factory.h"

G_BEGIN_DECLS

#define KV_TYPE_DEVICE_TEST (kv_device_test_get_type ())
G_DECLARE_FINAL_TYPE (KvDeviceTest, kv_device_test, KV, DEVICE_TEST, GObject)

KvDeviceTest *kv_device_test_new               (KvCallFactory *call_factory);
gboolean      kv_device_test_start             (KvDeviceTest  *self,
                                                gboolean       camera_in_use,
                                                GError       **error);
void          kv_device_test_stop              (KvDeviceTest  *self);

gboolean      kv_device_test_get_testing       (KvDeviceTest  *self);
GdkPaintable *kv_device_test_get_self_paintable (KvDeviceTest *self);
double        kv_device_test_get_input_level   (KvDeviceTest  *self);

G_END_DECLS
