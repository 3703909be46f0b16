/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-seams"

#include "config.h"

#include "kv-sound-output.h"

/**
 * KvSoundOutput:
 *
 * Plays the kiosk's short sounds; see #KvSoundOutputInterface.
 */

G_DEFINE_INTERFACE (KvSoundOutput, kv_sound_output, G_TYPE_OBJECT)

static void
kv_sound_output_default_init (KvSoundOutputInterface *iface)
{
}

/**
 * kv_sound_output_play:
 * @self: a #KvSoundOutput
 * @ogg_vorbis: the sound, an Ogg Vorbis file's bytes
 *
 * Plays @ogg_vorbis, cutting off any sound still playing.
 */
void
kv_sound_output_play (KvSoundOutput *self,
                      GBytes        *ogg_vorbis)
{
  g_return_if_fail (KV_IS_SOUND_OUTPUT (self));
  g_return_if_fail (ogg_vorbis != NULL);

  KV_SOUND_OUTPUT_GET_IFACE (self)->play (self, ogg_vorbis);
}

/**
 * kv_sound_output_stop:
 * @self: a #KvSoundOutput
 *
 * Stops the sound now playing, if any.
 */
void
kv_sound_output_stop (KvSoundOutput *self)
{
  g_return_if_fail (KV_IS_SOUND_OUTPUT (self));

  KV_SOUND_OUTPUT_GET_IFACE (self)->stop (self);
}
