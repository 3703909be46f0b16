/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kv-language.h"

G_BEGIN_DECLS

#define KV_TYPE_PLAN_STRIP (kv_plan_strip_get_type ())
G_DECLARE_FINAL_TYPE (KvPlanStrip, kv_plan_strip, KV, PLAN_STRIP, GtkWidget)

/* The steps of the plan, as #KvPlanStrip::step-activated names them. */
#define KV_PLAN_STEP_WHO "who"
#define KV_PLAN_STEP_HOW_LONG "how-long"
#define KV_PLAN_STEP_GOODBYE "goodbye"

GtkWidget  *kv_plan_strip_new            (void);

const char *kv_plan_strip_get_peer_label (KvPlanStrip *self);
void        kv_plan_strip_set_peer_label (KvPlanStrip *self,
                                          const char  *peer_label);
guint       kv_plan_strip_get_minutes    (KvPlanStrip *self);
void        kv_plan_strip_set_minutes    (KvPlanStrip *self,
                                          guint        minutes);
KvLanguage *kv_plan_strip_get_language   (KvPlanStrip *self);
void        kv_plan_strip_set_language   (KvPlanStrip *self,
                                          KvLanguage  *language);
gboolean    kv_plan_strip_get_compact    (KvPlanStrip *self);
void        kv_plan_strip_set_compact    (KvPlanStrip *self,
                                          gboolean     compact);
gboolean    kv_plan_strip_get_few_words  (KvPlanStrip *self);
void        kv_plan_strip_set_few_words  (KvPlanStrip *self,
                                          gboolean     few_words);

G_END_DECLS
