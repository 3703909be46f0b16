/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kv-visit-controller.h"
#include "kv-window.h"

G_BEGIN_DECLS

#define KV_TYPE_TEST_HOOKS (kv_test_hooks_get_type ())
G_DECLARE_FINAL_TYPE (KvTestHooks, kv_test_hooks, KV, TEST_HOOKS, GObject)

void         kv_test_hooks_add_options   (GApplication       *application);
KvTestHooks *kv_test_hooks_new           (KvVisitController  *controller,
                                          GVariantDict       *options,
                                          GError            **error);
void         kv_test_hooks_attach_window (KvTestHooks        *self,
                                          KvWindow           *window);
void         kv_test_hooks_started       (KvTestHooks        *self);
void         kv_test_hooks_shutdown      (KvTestHooks        *self);

G_END_DECLS
