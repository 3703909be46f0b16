/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kv-language.h"
#include "kv-types.h"

G_BEGIN_DECLS

#define KV_TYPE_SAFEGUARDING_SCREEN (kv_safeguarding_screen_get_type ())
G_DECLARE_FINAL_TYPE (KvSafeguardingScreen, kv_safeguarding_screen, KV, SAFEGUARDING_SCREEN, GtkWidget)

GtkWidget  *kv_safeguarding_screen_new          (KvRole                role);

KvRole      kv_safeguarding_screen_get_role     (KvSafeguardingScreen *self);
void        kv_safeguarding_screen_set_role     (KvSafeguardingScreen *self,
                                                 KvRole                role);
KvLanguage *kv_safeguarding_screen_get_language (KvSafeguardingScreen *self);
void        kv_safeguarding_screen_set_language (KvSafeguardingScreen *self,
                                                 KvLanguage           *language);

G_END_DECLS
