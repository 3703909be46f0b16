/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kv-language.h"

G_BEGIN_DECLS

#define KV_TYPE_LANGUAGE_BUTTON (kv_language_button_get_type ())
G_DECLARE_FINAL_TYPE (KvLanguageButton, kv_language_button, KV, LANGUAGE_BUTTON, GtkWidget)

GtkWidget *kv_language_button_new (KvLanguage *language);

G_END_DECLS
