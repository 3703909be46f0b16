/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-local-preview.h"

#include "kv-level-message.h"
#include "kv-media-error.h"
#include "kv-media-init.h"
#include "kv-media-sources.h"
#include "kv-video-paintable.h"

#include <math.h>

/**
 * KvLocalPreview:
 *
 * The real #KvMediaPreview: the configured camera into a paintable and the
 * microphone into a level meter, with no network. Used by the waiting room
 * before the call exists and by staff's "test camera and microphone".
 * It opens the same devices as a call, so the kiosk stops it first.
 */

/* Meter period: smooth enough for the animation, cheap. */
#define LEVEL_INTERVAL_NS (100 * GST_MSECOND)

enum {
  PROP_0,
  PROP_SELF_PAINTABLE,
  PROP_INPUT_LEVEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _KvLocalPreview
{
  GObject           parent_instance;

  GstElement       *pipeline;
  guint             bus_watch;
  KvVideoPaintable *paintable;
  double            input_level;
};

static void kv_local_preview_iface_init (KvMediaPreviewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KvLocalPreview, kv_local_preview, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (KV_TYPE_MEDIA_PREVIEW,
                                                      kv_local_preview_iface_init))

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    data)
{
  KvLocalPreview *self = data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ELEMENT)
    {
      const GstStructure *s = gst_message_get_structure (message);
      double level;

      if (!gst_structure_has_name (s, "level"))
        return G_SOURCE_CONTINUE;
      level = kv_level_message_get (s, "peak");
      if (fabs (level - self->input_level) > 0.005)
        {
          self->input_level = level;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INPUT_LEVEL]);
        }
    }
  else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gst_message_parse_error (message, &error, NULL);
      /* A camera unplugged during a preview: stop; the kiosk sees the
       * picture stop and the level fall to zero. */
      g_warning ("Preview stopped: %s", error->message);
      kv_media_preview_stop (KV_MEDIA_PREVIEW (self));
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
build (KvLocalPreview       *self,
       const KvMediaConfig  *config,
       GError              **error)
{
  GstElement *video, *audio, *level, *audio_sink, *video_sink;

  self->pipeline = gst_object_ref_sink (gst_pipeline_new ("kv-preview"));
  if ((video = kv_media_make_video_source (config, error)) == NULL)
    return FALSE;
  gst_bin_add (GST_BIN (self->pipeline), video);
  if ((audio = kv_media_make_audio_source (config, NULL, error)) == NULL)
    return FALSE;
  gst_bin_add (GST_BIN (self->pipeline), audio);
  if ((level = kv_media_make_element ("level", NULL, error)) == NULL)
    return FALSE;
  gst_bin_add (GST_BIN (self->pipeline), level);
  if ((audio_sink = kv_media_make_element ("fakesink", NULL, error)) == NULL)
    return FALSE;
  gst_bin_add (GST_BIN (self->pipeline), audio_sink);
  video_sink = kv_video_paintable_make_sink (self->paintable, NULL);
  gst_bin_add (GST_BIN (self->pipeline), video_sink);

  g_object_set (level, "interval", (guint64) LEVEL_INTERVAL_NS, "post-messages", TRUE, NULL);
  /* Only the meter listens: nothing to sync to. */
  g_object_set (audio_sink, "sync", FALSE, "async", FALSE, NULL);

  if (!gst_element_link (video, video_sink) || !gst_element_link_many (audio, level, audio_sink, NULL))
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_PIPELINE, "Could not link the preview");
      return FALSE;
    }

  {
    g_autoptr(GstBus) bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));

    self->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);
  }
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, KV_MEDIA_ERROR, KV_MEDIA_ERROR_DEVICE_MISSING,
                   "The camera or microphone could not start");
      return FALSE;
    }
  return TRUE;
}

static void
kv_local_preview_stop (KvMediaPreview *preview)
{
  KvLocalPreview *self = KV_LOCAL_PREVIEW (preview);

  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline != NULL)
    {
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      g_clear_pointer (&self->pipeline, gst_object_unref);
    }
  if (self->input_level != 0.0)
    {
      self->input_level = 0.0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INPUT_LEVEL]);
    }
}

static void
kv_local_preview_iface_init (KvMediaPreviewInterface *iface)
{
  iface->stop = kv_local_preview_stop;
}

static void
kv_local_preview_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KvLocalPreview *self = KV_LOCAL_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_SELF_PAINTABLE:
      g_value_set_object (value, self->paintable);
      break;
    case PROP_INPUT_LEVEL:
      g_value_set_double (value, self->input_level);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_local_preview_dispose (GObject *object)
{
  KvLocalPreview *self = KV_LOCAL_PREVIEW (object);

  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline != NULL)
    {
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      g_clear_pointer (&self->pipeline, gst_object_unref);
    }
  g_clear_object (&self->paintable);

  G_OBJECT_CLASS (kv_local_preview_parent_class)->dispose (object);
}

static void
kv_local_preview_class_init (KvLocalPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kv_local_preview_get_property;
  object_class->dispose = kv_local_preview_dispose;

  g_object_class_override_property (object_class, PROP_SELF_PAINTABLE, "self-paintable");
  g_object_class_override_property (object_class, PROP_INPUT_LEVEL, "input-level");
  properties[PROP_SELF_PAINTABLE] = g_object_class_find_property (object_class,
                                                                  "self-paintable");
  properties[PROP_INPUT_LEVEL] = g_object_class_find_property (object_class, "input-level");
}

static void
kv_local_preview_init (KvLocalPreview *self)
{
  self->paintable = kv_video_paintable_new ();
}

/**
 * kv_local_preview_new:
 * @config: the media configuration
 * @error: return location for a #KV_MEDIA_ERROR
 *
 * Returns: (transfer full): a running preview, or %NULL with @error set
 *   (%KV_MEDIA_ERROR_DEVICE_MISSING when the camera or microphone is
 *   missing)
 */
KvLocalPreview *
kv_local_preview_new (const KvMediaConfig  *config,
                      GError              **error)
{
  g_autoptr(KvLocalPreview) self = NULL;

  if (!kv_media_init (error) || !kv_media_check_config (config, error))
    return NULL;

  self = g_object_new (KV_TYPE_LOCAL_PREVIEW, NULL);
  if (!build (self, config, error))
    return NULL;
  return g_steal_pointer (&self);
}
