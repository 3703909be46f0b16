/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KV_TYPE_LANGUAGE (kv_language_get_type ())
G_DECLARE_FINAL_TYPE (KvLanguage, kv_language, KV, LANGUAGE, GObject)

KvLanguage         *kv_language_new             (const char * const *available,
                                                 const char         *initial);
const char         *kv_language_get_current     (KvLanguage         *self);
const char * const *kv_language_get_available   (KvLanguage         *self);
gboolean            kv_language_set_current     (KvLanguage         *self,
                                                 const char         *code,
                                                 GError            **error);

const char         *kv_language_get_native_name (const char         *code);
gboolean            kv_language_is_right_to_left (const char         *code);

gboolean    kv_language_follow      (KvLanguage **slot,
                                     KvLanguage  *language,
                                     gpointer     widget,
                                     GCallback    update);

G_END_DECLS
