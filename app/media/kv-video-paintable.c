/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-video-paintable.h"

#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

/**
 * KvVideoPaintable:
 *
 * A #GdkPaintable showing the newest frame of a video appsink. There is no
 * GTK 4 video sink on Debian 12, so frames are converted to BGRA by the
 * pipeline, handed to the main thread, and wrapped without a copy in a
 * #GdkMemoryTexture (modelled on GTK's gtkgstpaintable.c).
 *
 * The paintable outlives pipelines: a rebuilt call makes a new sink with
 * kv_video_paintable_make_sink() and the widget keeps showing the same
 * paintable.
 */

enum {
  SIGNAL_FRAME_SHOWN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Shared between a sink's streaming thread and the main thread. The sink
 * holds one reference, each pending hop another; the paintable is reached
 * through a weak reference so a late frame never touches a dead object. */
typedef struct
{
  gatomicrefcount  ref_count;
  GWeakRef         paintable;
  GMainContext    *context;
  GMutex           lock;
  GstSample       *pending;      /* newest sample not shown yet (lock) */
  gboolean         hop_queued;   /* a main-context hop is on its way (lock) */
} SinkLink;

struct _KvVideoPaintable
{
  GObject     parent_instance;

  GdkTexture *texture;
  int         width;
  int         height;
  guint64     n_frames;
  gint64      last_frame_us;
};

static void kv_video_paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KvVideoPaintable, kv_video_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE,
                                                      kv_video_paintable_iface_init))

static SinkLink *
sink_link_ref (SinkLink *link)
{
  g_atomic_ref_count_inc (&link->ref_count);
  return link;
}

static void
sink_link_unref (gpointer data)
{
  SinkLink *link = data;

  if (!g_atomic_ref_count_dec (&link->ref_count))
    return;

  g_weak_ref_clear (&link->paintable);
  g_main_context_unref (link->context);
  g_clear_pointer (&link->pending, gst_sample_unref);
  g_mutex_clear (&link->lock);
  g_free (link);
}

typedef struct
{
  GstSample  *sample;
  GstVideoFrame frame;
} MappedFrame;

static void
mapped_frame_free (gpointer data)
{
  MappedFrame *mapped = data;

  gst_video_frame_unmap (&mapped->frame);
  gst_sample_unref (mapped->sample);
  g_free (mapped);
}

static GdkTexture *
texture_from_sample (GstSample *sample)
{
  g_autoptr(GBytes) bytes = NULL;
  GstCaps *caps = gst_sample_get_caps (sample);
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstVideoInfo info;
  MappedFrame *mapped;

  if (caps == NULL || buffer == NULL || !gst_video_info_from_caps (&info, caps))
    return NULL;
  if (GST_VIDEO_INFO_FORMAT (&info) != GST_VIDEO_FORMAT_BGRA)
    return NULL;

  mapped = g_new0 (MappedFrame, 1);
  if (!gst_video_frame_map (&mapped->frame, &info, buffer, GST_MAP_READ))
    {
      g_free (mapped);
      return NULL;
    }
  mapped->sample = gst_sample_ref (sample);

  /* No copy: the bytes keep the frame mapped until GDK drops the texture.
   * GTK 4.8 has no X8 formats; the camera's alpha is opaque, so
   * premultiplied BGRA is exact. */
  bytes = g_bytes_new_with_free_func (GST_VIDEO_FRAME_PLANE_DATA (&mapped->frame, 0),
                                      (gsize) GST_VIDEO_FRAME_PLANE_STRIDE (&mapped->frame, 0)
                                      * GST_VIDEO_FRAME_HEIGHT (&mapped->frame),
                                      mapped_frame_free, mapped);
  return gdk_memory_texture_new (GST_VIDEO_FRAME_WIDTH (&mapped->frame),
                                 GST_VIDEO_FRAME_HEIGHT (&mapped->frame),
                                 GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, bytes,
                                 GST_VIDEO_FRAME_PLANE_STRIDE (&mapped->frame, 0));
}

static void
kv_video_paintable_show_sample (KvVideoPaintable *self,
                                GstSample        *sample)
{
  g_autoptr(GdkTexture) texture = texture_from_sample (sample);
  gboolean size_changed;

  if (texture == NULL)
    return;

  size_changed = gdk_texture_get_width (texture) != self->width
                 || gdk_texture_get_height (texture) != self->height;
  g_set_object (&self->texture, texture);
  self->width = gdk_texture_get_width (texture);
  self->height = gdk_texture_get_height (texture);
  self->n_frames++;
  self->last_frame_us = g_get_monotonic_time ();

  /* Only a real size change relayouts the widget: invalidating the size on
   * every frame would cost a layout pass 30 times a second. */
  if (size_changed)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
  g_signal_emit (self, signals[SIGNAL_FRAME_SHOWN], 0);
}

static gboolean
on_sample_hop (gpointer data)
{
  SinkLink *link = data;
  g_autoptr(KvVideoPaintable) self = g_weak_ref_get (&link->paintable);
  g_autoptr(GstSample) sample = NULL;

  g_mutex_lock (&link->lock);
  sample = g_steal_pointer (&link->pending);
  link->hop_queued = FALSE;
  g_mutex_unlock (&link->lock);

  if (self != NULL && sample != NULL)
    kv_video_paintable_show_sample (self, sample);

  return G_SOURCE_REMOVE;
}

static GstFlowReturn
on_new_sample (GstAppSink *sink,
               gpointer    data)
{
  SinkLink *link = data;
  GstSample *sample = gst_app_sink_pull_sample (sink);
  gboolean queue_hop;

  if (sample == NULL)
    return GST_FLOW_OK;

  /* Streaming thread: keep only the newest frame and let the main thread
   * pick it up; a slow main loop drops frames instead of queueing them. */
  g_mutex_lock (&link->lock);
  g_clear_pointer (&link->pending, gst_sample_unref);
  link->pending = sample;
  queue_hop = !link->hop_queued;
  link->hop_queued = TRUE;
  g_mutex_unlock (&link->lock);

  if (queue_hop)
    g_main_context_invoke_full (link->context, G_PRIORITY_DEFAULT, on_sample_hop,
                                sink_link_ref (link), sink_link_unref);

  return GST_FLOW_OK;
}

static void
kv_video_paintable_snapshot (GdkPaintable *paintable,
                             GdkSnapshot  *snapshot,
                             double        width,
                             double        height)
{
  KvVideoPaintable *self = KV_VIDEO_PAINTABLE (paintable);

  if (self->texture != NULL)
    gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, width, height);
}

static GdkPaintable *
kv_video_paintable_get_current_image (GdkPaintable *paintable)
{
  KvVideoPaintable *self = KV_VIDEO_PAINTABLE (paintable);

  if (self->texture != NULL)
    return GDK_PAINTABLE (g_object_ref (self->texture));
  return gdk_paintable_new_empty (self->width, self->height);
}

static int
kv_video_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  return KV_VIDEO_PAINTABLE (paintable)->width;
}

static int
kv_video_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  return KV_VIDEO_PAINTABLE (paintable)->height;
}

static double
kv_video_paintable_get_intrinsic_aspect_ratio (GdkPaintable *paintable)
{
  KvVideoPaintable *self = KV_VIDEO_PAINTABLE (paintable);

  if (self->width == 0 || self->height == 0)
    return 0.0;
  return (double) self->width / self->height;
}

static void
kv_video_paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = kv_video_paintable_snapshot;
  iface->get_current_image = kv_video_paintable_get_current_image;
  iface->get_intrinsic_width = kv_video_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = kv_video_paintable_get_intrinsic_height;
  iface->get_intrinsic_aspect_ratio = kv_video_paintable_get_intrinsic_aspect_ratio;
}

static void
kv_video_paintable_finalize (GObject *object)
{
  KvVideoPaintable *self = KV_VIDEO_PAINTABLE (object);

  g_clear_object (&self->texture);

  G_OBJECT_CLASS (kv_video_paintable_parent_class)->finalize (object);
}

static void
kv_video_paintable_class_init (KvVideoPaintableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kv_video_paintable_finalize;

  /**
   * KvVideoPaintable::frame-shown:
   *
   * Emitted on the main thread after a new frame became the current image.
   * The call's media watchdog counts these: a frame shown is media flowing.
   */
  signals[SIGNAL_FRAME_SHOWN] =
    g_signal_new ("frame-shown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kv_video_paintable_init (KvVideoPaintable *self)
{
}

KvVideoPaintable *
kv_video_paintable_new (void)
{
  return g_object_new (KV_TYPE_VIDEO_PAINTABLE, NULL);
}

/**
 * kv_video_paintable_make_sink:
 * @self: a #KvVideoPaintable
 * @name: (nullable): the element's name
 *
 * Makes a bin (videoconvert ! BGRA ! appsink) whose frames this paintable
 * shows, on the main context of the calling thread.
 *
 * Returns: (transfer floating): the bin, with a "sink" ghost pad
 */
GstElement *
kv_video_paintable_make_sink (KvVideoPaintable *self,
                              const char       *name)
{
  GstElement *bin = gst_bin_new (name);
  GstElement *convert = gst_element_factory_make ("videoconvert", NULL);
  GstElement *sink = gst_element_factory_make ("appsink", NULL);
  g_autoptr(GstCaps) caps = gst_caps_from_string ("video/x-raw,format=BGRA");
  g_autoptr(GstPad) pad = NULL;
  GstAppSinkCallbacks callbacks = { .new_sample = on_new_sample };
  SinkLink *link;

  g_return_val_if_fail (KV_IS_VIDEO_PAINTABLE (self), NULL);

  /* kv_media_init() checked both factories, so creation only fails when
   * something is badly wrong: let the caller see a pipeline error then. */
  if (convert == NULL || sink == NULL)
    {
      g_clear_pointer (&convert, gst_object_unref);
      g_clear_pointer (&sink, gst_object_unref);
      return bin;
    }

  /* max-buffers=2 drop=true: the screen wants the newest frame, never a
   * queue of old ones. sync=false: the jitter buffer (remote) or the live
   * source (self-view) already paces frames; syncing again to the clock
   * only adds latency. async=false: a live pipeline must not wait for a
   * preroll that a held call never delivers. */
  g_object_set (sink, "caps", caps, "max-buffers", 2, "drop", TRUE, "sync", FALSE,
                "async", FALSE, "enable-last-sample", FALSE, NULL);

  link = g_new0 (SinkLink, 1);
  g_atomic_ref_count_init (&link->ref_count);
  g_weak_ref_init (&link->paintable, self);
  link->context = g_main_context_ref_thread_default ();
  g_mutex_init (&link->lock);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, link, sink_link_unref);

  gst_bin_add_many (GST_BIN (bin), convert, sink, NULL);
  gst_element_link (convert, sink);
  pad = gst_element_get_static_pad (convert, "sink");
  gst_element_add_pad (bin, gst_ghost_pad_new ("sink", pad));

  return bin;
}

/**
 * kv_video_paintable_clear:
 * @self: a #KvVideoPaintable
 *
 * Drops the current picture (a stopped call shows nothing rather than a
 * frozen face).
 */
void
kv_video_paintable_clear (KvVideoPaintable *self)
{
  g_return_if_fail (KV_IS_VIDEO_PAINTABLE (self));

  if (self->texture == NULL)
    return;
  g_clear_object (&self->texture);
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

/**
 * kv_video_paintable_get_texture:
 * @self: a #KvVideoPaintable
 *
 * Returns: (transfer none) (nullable): the frame shown now
 */
GdkTexture *
kv_video_paintable_get_texture (KvVideoPaintable *self)
{
  g_return_val_if_fail (KV_IS_VIDEO_PAINTABLE (self), NULL);

  return self->texture;
}

guint64
kv_video_paintable_get_n_frames (KvVideoPaintable *self)
{
  g_return_val_if_fail (KV_IS_VIDEO_PAINTABLE (self), 0);

  return self->n_frames;
}

/* Monotonic time of the last frame shown, 0 if none. */
gint64
kv_video_paintable_get_last_frame_us (KvVideoPaintable *self)
{
  g_return_val_if_fail (KV_IS_VIDEO_PAINTABLE (self), 0);

  return self->last_frame_us;
}
