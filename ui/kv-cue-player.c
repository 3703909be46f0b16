/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-cue-player.h"

#include "kv-ui.h"

/**
 * KvCuePlayer:
 *
 * Chooses the short, soft cue sounds (a cue, the goodbye, a sticker, the
 * visit beginning) from the UI's GResource and hands them to a
 * #KvSoundOutput (in the kiosk, app/media's #KvSoundPlayer, which plays
 * them through the kiosk's configured speaker).
 * Without a sound player the cues are only counted (the UI tests). A kiosk
 * with no working speaker simply stays quiet: a missing sound must never
 * disturb a visit.
 */

enum {
  PROP_0,
  PROP_OUTPUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvCuePlayer
{
  GObject         parent_instance;

  KvSoundOutput  *output;
  char           *last;
  guint           n_played;
};

G_DEFINE_FINAL_TYPE (KvCuePlayer, kv_cue_player, G_TYPE_OBJECT)

static void
kv_cue_player_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_OUTPUT:
      g_value_set_object (value, KV_CUE_PLAYER (object)->output);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_cue_player_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_OUTPUT:
      KV_CUE_PLAYER (object)->output = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_cue_player_dispose (GObject *object)
{
  KvCuePlayer *self = KV_CUE_PLAYER (object);

  if (self->output != NULL)
    kv_sound_output_stop (self->output);
  g_clear_object (&self->output);

  G_OBJECT_CLASS (kv_cue_player_parent_class)->dispose (object);
}

static void
kv_cue_player_finalize (GObject *object)
{
  g_free (KV_CUE_PLAYER (object)->last);

  G_OBJECT_CLASS (kv_cue_player_parent_class)->finalize (object);
}

static void
kv_cue_player_class_init (KvCuePlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kv_cue_player_get_property;
  object_class->set_property = kv_cue_player_set_property;
  object_class->dispose = kv_cue_player_dispose;
  object_class->finalize = kv_cue_player_finalize;

  /**
   * KvCuePlayer:output:
   *
   * What plays the sounds; %NULL plays nothing (the cues are still
   * counted, so the UI tests see which cue would have sounded).
   */
  properties[PROP_OUTPUT] =
    g_param_spec_object ("output", NULL, NULL, KV_TYPE_SOUND_OUTPUT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_cue_player_init (KvCuePlayer *self)
{
}

/**
 * kv_cue_player_new:
 * @output: (nullable): what plays the sounds; %NULL only counts them
 */
KvCuePlayer *
kv_cue_player_new (KvSoundOutput *output)
{
  return g_object_new (KV_TYPE_CUE_PLAYER, "output", output, NULL);
}

/**
 * kv_cue_player_play:
 * @sound: "cue", "goodbye", "sticker" or "hello"
 *
 * Plays @sound, cutting off any sound still playing (cues are short, and
 * the newest one is the one that matters).
 */
void
kv_cue_player_play (KvCuePlayer *self,
                    const char  *sound)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) sound_bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KV_IS_CUE_PLAYER (self));
  g_return_if_fail (sound != NULL);

  g_free (self->last);
  self->last = g_strdup (sound);
  self->n_played++;

  if (self->output == NULL)
    return;

  kv_ui_init ();
  path = g_strdup_printf (KV_UI_RESOURCE_PREFIX "/sounds/%s.oga", sound);
  sound_bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (sound_bytes == NULL)
    {
      g_warning ("No cue sound %s: %s", sound, error->message);
      return;
    }
  kv_sound_output_play (self->output, sound_bytes);
}

/**
 * kv_cue_player_get_last:
 *
 * Returns: (nullable): the sound asked for last
 */
const char *
kv_cue_player_get_last (KvCuePlayer *self)
{
  g_return_val_if_fail (KV_IS_CUE_PLAYER (self), NULL);
  return self->last;
}

guint
kv_cue_player_get_n_played (KvCuePlayer *self)
{
  g_return_val_if_fail (KV_IS_CUE_PLAYER (self), 0);
  return self->n_played;
}
