/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KV_TYPE_SOUND_OUTPUT (kv_sound_output_get_type ())
G_DECLARE_INTERFACE (KvSoundOutput, kv_sound_output, KV, SOUND_OUTPUT, GObject)

/**
 * KvSoundOutputInterface:
 * @play: plays one short Ogg Vorbis sound, cutting off any sound still
 *   playing
 * @stop: stops the sound now playing, if any
 *
 * Where the kiosk's short sounds (the cues) go. The widgets see only this
 * interface; the real one is #KvSoundPlayer (app/media), which plays
 * through the speaker the call uses. A sound that cannot be played is no
 * reason to disturb a visit: implementations keep quiet about it.
 */
struct _KvSoundOutputInterface
{
  GTypeInterface parent_iface;

  void (*play) (KvSoundOutput *self,
                GBytes        *ogg_vorbis);
  void (*stop) (KvSoundOutput *self);

  /*< private >*/
  gpointer padding[4];
};

void kv_sound_output_play (KvSoundOutput *self,
                           GBytes        *ogg_vorbis);
void kv_sound_output_stop (KvSoundOutput *self);

G_END_DECLS
