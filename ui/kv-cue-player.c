/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-cue-player.h"

#include "kv-ui.h"

/**
 * KvCuePlayer:
 *
 * Plays the short, soft cue sounds (a cue, the goodbye, a sticker, the
 * visit beginning) from the GResource through GtkMediaFile. A kiosk with no
 * speaker, or no media backend, simply stays quiet: a missing sound must
 * never disturb a visit, so errors are only logged at debug level.
 */

enum {
  PROP_0,
  PROP_ENABLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvCuePlayer
{
  GObject         parent_instance;

  gboolean        enabled;
  GtkMediaStream *stream;
  char           *last;
  guint           n_played;
};

G_DEFINE_FINAL_TYPE (KvCuePlayer, kv_cue_player, G_TYPE_OBJECT)

static void
on_stream_error (GtkMediaStream *stream)
{
  const GError *error = gtk_media_stream_get_error (stream);

  if (error != NULL)
    g_debug ("Cue sound could not be played: %s", error->message);
}

static void
kv_cue_player_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_ENABLED:
      g_value_set_boolean (value, KV_CUE_PLAYER (object)->enabled);
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
    case PROP_ENABLED:
      KV_CUE_PLAYER (object)->enabled = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_cue_player_dispose (GObject *object)
{
  KvCuePlayer *self = KV_CUE_PLAYER (object);

  if (self->stream != NULL)
    gtk_media_stream_pause (self->stream);
  g_clear_object (&self->stream);

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
   * KvCuePlayer:enabled:
   *
   * Whether sounds are played at all (they are still counted, so the UI
   * tests see which cue would have sounded).
   */
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_cue_player_init (KvCuePlayer *self)
{
}

KvCuePlayer *
kv_cue_player_new (gboolean enabled)
{
  return g_object_new (KV_TYPE_CUE_PLAYER, "enabled", enabled, NULL);
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

  g_return_if_fail (KV_IS_CUE_PLAYER (self));
  g_return_if_fail (sound != NULL);

  g_free (self->last);
  self->last = g_strdup (sound);
  self->n_played++;

  if (!self->enabled)
    return;

  kv_ui_init ();
  path = g_strdup_printf (KV_UI_RESOURCE_PREFIX "/sounds/%s.oga", sound);
  if (self->stream != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->stream, on_stream_error, NULL);
      gtk_media_stream_pause (self->stream);
      g_clear_object (&self->stream);
    }
  self->stream = gtk_media_file_new_for_resource (path);
  g_signal_connect (self->stream, "notify::error", G_CALLBACK (on_stream_error), NULL);
  if (gtk_media_stream_get_error (self->stream) != NULL)
    {
      on_stream_error (self->stream);
      return;
    }
  gtk_media_stream_play (self->stream);
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

/**
 * kv_cue_player_get_stream:
 *
 * Returns: (transfer none) (nullable): the sound playing or played last
 */
GtkMediaStream *
kv_cue_player_get_stream (KvCuePlayer *self)
{
  g_return_val_if_fail (KV_IS_CUE_PLAYER (self), NULL);
  return self->stream;
}
