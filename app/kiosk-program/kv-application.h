/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KV_TYPE_APPLICATION (kv_application_get_type ())
G_DECLARE_FINAL_TYPE (KvApplication, kv_application, KV, APPLICATION, GtkApplication)

KvApplication *kv_application_new (void);

G_END_DECLS
