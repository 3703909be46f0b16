/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kv-language.h"
#include "kv-types.h"

G_BEGIN_DECLS

#define KV_TYPE_SUPERVISION_BADGE (kv_supervision_badge_get_type ())
G_DECLARE_FINAL_TYPE (KvSupervisionBadge, kv_supervision_badge, KV, SUPERVISION_BADGE, GtkWidget)

GtkWidget  *kv_supervision_badge_new          (void);

KvRole      kv_supervision_badge_get_role     (KvSupervisionBadge *self);
void        kv_supervision_badge_set_role     (KvSupervisionBadge *self,
                                               KvRole              role);
KvLanguage *kv_supervision_badge_get_language (KvSupervisionBadge *self);
void        kv_supervision_badge_set_language (KvSupervisionBadge *self,
                                               KvLanguage         *language);
gboolean    kv_supervision_badge_get_compact  (KvSupervisionBadge *self);
void        kv_supervision_badge_set_compact  (KvSupervisionBadge *self,
                                               gboolean            compact);

G_END_DECLS
