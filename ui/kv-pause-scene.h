/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kv-language.h"
#include "kv-types.h"

G_BEGIN_DECLS

#define KV_TYPE_PAUSE_SCENE (kv_pause_scene_get_type ())
G_DECLARE_FINAL_TYPE (KvPauseScene, kv_pause_scene, KV, PAUSE_SCENE, GtkWidget)

GtkWidget  *kv_pause_scene_new            (void);

const char *kv_pause_scene_get_peer_label (KvPauseScene *self);
void        kv_pause_scene_set_peer_label (KvPauseScene *self,
                                           const char   *peer_label);
gboolean    kv_pause_scene_get_paused_here (KvPauseScene *self);
void        kv_pause_scene_set_paused_here (KvPauseScene *self,
                                            gboolean      paused_here);
KvRole      kv_pause_scene_get_role       (KvPauseScene *self);
void        kv_pause_scene_set_role       (KvPauseScene *self,
                                           KvRole        role);
KvLanguage *kv_pause_scene_get_language   (KvPauseScene *self);
void        kv_pause_scene_set_language   (KvPauseScene *self,
                                           KvLanguage   *language);

G_END_DECLS
