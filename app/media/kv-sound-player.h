/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kv-media-config.h"
#include "kv-sound-output.h"

G_BEGIN_DECLS

#define KV_TYPE_SOUND_PLAYER (kv_sound_player_get_type ())
G_DECLARE_FINAL_TYPE (KvSoundPlayer, kv_sound_player, KV, SOUND_PLAYER, GObject)

KvSoundPlayer *kv_sound_player_new         (const KvMediaConfig  *config);
void           kv_sound_player_play        (KvSoundPlayer        *self,
                                            GBytes               *ogg_vorbis);
void           kv_sound_player_stop        (KvSoundPlayer        *self);
gboolean       kv_sound_player_get_playing (KvSoundPlayer        *self);
guint          kv_sound_player_get_n_ended (KvSoundPlayer        *self);
const GError  *kv_sound_player_get_error   (KvSoundPlayer        *self);

G_END_DECLS
