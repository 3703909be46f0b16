/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-sound-output.h"

G_BEGIN_DECLS

#define KV_TYPE_CUE_PLAYER (kv_cue_player_get_type ())
G_DECLARE_FINAL_TYPE (KvCuePlayer, kv_cue_player, KV, CUE_PLAYER, GObject)

KvCuePlayer *kv_cue_player_new          (KvSoundOutput *output);
void         kv_cue_player_play         (KvCuePlayer   *self,
                                         const char    *sound);
const char  *kv_cue_player_get_last     (KvCuePlayer   *self);
guint        kv_cue_player_get_n_played (KvCuePlayer   *self);

G_END_DECLS
