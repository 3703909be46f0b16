/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kv-language.h"
#include "kv-types.h"

G_BEGIN_DECLS

#define KV_TYPE_NOT_OK_BUTTON (kv_not_ok_button_get_type ())
G_DECLARE_FINAL_TYPE (KvNotOkButton, kv_not_ok_button, KV, NOT_OK_BUTTON, GtkWidget)

GtkWidget  *kv_not_ok_button_new                    (void);

KvRole      kv_not_ok_button_get_role               (KvNotOkButton *self);
void        kv_not_ok_button_set_role               (KvNotOkButton *self,
                                                     KvRole         role);
KvAgeBand   kv_not_ok_button_get_age_band           (KvNotOkButton *self);
void        kv_not_ok_button_set_age_band           (KvNotOkButton *self,
                                                     KvAgeBand      age_band);
gboolean    kv_not_ok_button_get_acknowledged       (KvNotOkButton *self);
void        kv_not_ok_button_set_acknowledged       (KvNotOkButton *self,
                                                     gboolean       acknowledged);
guint       kv_not_ok_button_get_acknowledge_seconds (KvNotOkButton *self);
void        kv_not_ok_button_set_acknowledge_seconds (KvNotOkButton *self,
                                                      guint          seconds);
KvLanguage *kv_not_ok_button_get_language           (KvNotOkButton *self);
void        kv_not_ok_button_set_language           (KvNotOkButton *self,
                                                     KvLanguage    *language);

gboolean    kv_not_ok_button_get_compact            (KvNotOkButton *self);
void        kv_not_ok_button_set_compact            (KvNotOkButton *self,
                                                     gboolean       compact);

G_END_DECLS
