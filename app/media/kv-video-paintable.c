/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-media"

#include "config.h"

#include "kv-video-paintable.h"

#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include <math.h>

/**
 * KvVideoPaintable:
 *
 * A #GdkPaintable showing the newest frame of a video appsink. There is no
 * GTK 4 video sink on Debian 12, so frames are converted to packed BGR by
 * the pipeline, handed to the main thread, and wrapped without a copy in a
 * #GdkMemoryTexture (modelled on GTK's gtkgstpaintable.c).
 *
 * The paintable outlives pipelines: a rebuilt call makes a new sink with
 * kv_video_paintable_make_sink() and the widget keeps showing the same
 * paintable.
 *
 * #KvVideoPaintable:max-framerate thins the frames out before they are
 * converted (a thumbnail self-view does not need 30 frames/s), and frames
 * drawn smaller than they come are scaled down to the size they are drawn
 * at, by the sink (see track_drawn_size()).
 */

/* How long a picture must have been drawn smaller before its frames
 * shrink: a screen cross-fading from a big to a small view of the same
 * paintable must not renegotiate on every frame. Growing is immediate. */
#define SHRINK_AFTER_US G_USEC_PER_SEC

enum {
  PROP_0,
  PROP_MAX_FRAMERATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
  gint             min_interval_us; /* atomic; 0: every frame */
  GstClockTime     last_pts;     /* streaming thread only */
  gint             source_width; /* atomic, from the caps event; 0: unknown */
  gint             source_height;
  GWeakRef         capsfilter;   /* sets the size the sink converts to */
  int              sink_width;   /* main thread: what capsfilter asks, 0: source */
  int              sink_height;
} SinkLink;

struct _KvVideoPaintable
{
  GObject     parent_instance;

  GdkTexture *texture;
  int         width;
  int         height;
  guint64     n_frames;
  gint64      last_frame_us;
  guint       max_framerate;
  GPtrArray  *links;            /* SinkLink of every sink made, for the rate */
  int         drawn_width;      /* largest size drawn at lately, 0: none yet */
  int         drawn_height;
  int         window_width;     /* largest size drawn at since window_start_us */
  int         window_height;
  gint64      window_start_us;
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
  g_weak_ref_clear (&link->capsfilter);
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
  if (GST_VIDEO_INFO_FORMAT (&info) != GST_VIDEO_FORMAT_BGR)
    return NULL;

  mapped = g_new0 (MappedFrame, 1);
  if (!gst_video_frame_map (&mapped->frame, &info, buffer, GST_MAP_READ))
    {
      g_free (mapped);
      return NULL;
    }
  mapped->sample = gst_sample_ref (sample);

  /* No copy: the bytes keep the frame mapped until GDK drops the texture.
   * Packed BGR, not BGRA: GTK 4.8's cairo renderer downloads every texture
   * of the window into GDK's own format (premultiplied BGRA) on every
   * paint, and GTK 4.8.3 converts premultiplied BGRA to itself through
   * floats. Measured, one 640x480 download: premultiplied BGRA 4.7 ms,
   * straight BGRA 2.1 ms, BGR 0.7 ms (a copy that adds the alpha byte).
   * With ~35 paints a second and two pictures that was a third of a core.
   * Video has no alpha, so BGR loses nothing, and its frames are 25%
   * smaller. */
  bytes = g_bytes_new_with_free_func (GST_VIDEO_FRAME_PLANE_DATA (&mapped->frame, 0),
                                      (gsize) GST_VIDEO_FRAME_PLANE_STRIDE (&mapped->frame, 0)
                                      * GST_VIDEO_FRAME_HEIGHT (&mapped->frame),
                                      mapped_frame_free, mapped);
  return gdk_memory_texture_new (GST_VIDEO_FRAME_WIDTH (&mapped->frame),
                                 GST_VIDEO_FRAME_HEIGHT (&mapped->frame),
                                 GDK_MEMORY_B8G8R8, bytes,
                                 GST_VIDEO_FRAME_PLANE_STRIDE (&mapped->frame, 0));
}

/* Main thread. Frames drawn smaller than they come are scaled down by the
 * sink's videoconvertscale (ORC), to the size they are drawn at: the
 * conversion, GDK's per-paint download and the renderer's scaling all get
 * cheaper. Measured with cairo (the kiosk's renderer without a GPU), one
 * paint of the 240x180 self-view thumbnail: 3.3 ms from 640x480 frames (a
 * downscale over 1.33x uses pixman's separable convolution), 0.2 ms from
 * 240x180 frames; the window paints ~35 times a second. Never scaled up.
 * Sizes are the snapshot's, in logical pixels: kiosk screens run at scale
 * 1 (at scale 2 the thumbnail would be half as sharp as it could be). */
static void
update_sink_sizes (KvVideoPaintable *self)
{
  for (guint i = 0; i < self->links->len; i++)
    {
      SinkLink *link = g_ptr_array_index (self->links, i);
      int source_width = g_atomic_int_get (&link->source_width);
      int source_height = g_atomic_int_get (&link->source_height);
      int width = 0, height = 0;
      g_autoptr(GstElement) capsfilter = NULL;
      g_autoptr(GstCaps) caps = NULL;

      if (source_width > 0 && source_height > 0 && self->drawn_width > 0 &&
          self->drawn_width < source_width && self->drawn_height < source_height)
        {
          /* Even sizes, the source's shape (the view keeps it). */
          width = MAX (2, (self->drawn_width + 1) & ~1);
          height = MAX (2, ((int) ((double) width * source_height / source_width + 0.5) + 1) & ~1);
        }
      if (width == link->sink_width && height == link->sink_height)
        continue;
      capsfilter = g_weak_ref_get (&link->capsfilter);
      if (capsfilter == NULL)
        continue;
      link->sink_width = width;
      link->sink_height = height;
      if (width == 0)
        caps = gst_caps_from_string ("video/x-raw,format=BGR");
      else
        caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "BGR",
                                    "width", G_TYPE_INT, width, "height", G_TYPE_INT, height,
                                    "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);
      g_debug ("Video frames of %dx%d converted to %dx%d", source_width, source_height,
               width != 0 ? width : source_width, height != 0 ? height : source_height);
      g_object_set (capsfilter, "caps", caps, NULL);
    }
}

/* From snapshot(): the size this paintable is drawn at, in pixels. The
 * largest of the last second counts (several views may draw it). */
static void
track_drawn_size (KvVideoPaintable *self,
                  double            width,
                  double            height)
{
  int w = (int) ceil (width), h = (int) ceil (height);
  gint64 now = g_get_monotonic_time ();

  self->window_width = MAX (self->window_width, w);
  self->window_height = MAX (self->window_height, h);
  if (w > self->drawn_width || h > self->drawn_height)
    {
      self->drawn_width = MAX (self->drawn_width, w);
      self->drawn_height = MAX (self->drawn_height, h);
      update_sink_sizes (self);
    }
  else if (now - self->window_start_us > SHRINK_AFTER_US)
    {
      self->drawn_width = self->window_width;
      self->drawn_height = self->window_height;
      self->window_width = w;
      self->window_height = h;
      self->window_start_us = now;
      update_sink_sizes (self);
    }
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
    {
      gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
      /* A new source size (or the first): the sinks' sizes follow. */
      update_sink_sizes (self);
    }
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

/* Streaming thread, before videoconvertscale: frames over the maximum rate are
 * dropped before they cost a conversion, a hop and a redraw. A quarter of
 * the interval of slack keeps a 30 frames/s source at an even 15 instead of
 * beating between 10 and 15 when timestamps jitter. */
static GstPadProbeReturn
on_frame_probe (GstPad          *pad,
                GstPadProbeInfo *info,
                gpointer         data)
{
  SinkLink *link = data;
  GstBuffer *buffer;
  GstClockTime interval, pts;

  if (GST_PAD_PROBE_INFO_TYPE (info) & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM)
    {
      GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
      GstCaps *caps;
      GstVideoInfo video;

      /* The source's size, for update_sink_sizes() on the main thread. */
      if (GST_EVENT_TYPE (event) == GST_EVENT_CAPS)
        {
          gst_event_parse_caps (event, &caps);
          if (gst_video_info_from_caps (&video, caps))
            {
              g_atomic_int_set (&link->source_width, GST_VIDEO_INFO_WIDTH (&video));
              g_atomic_int_set (&link->source_height, GST_VIDEO_INFO_HEIGHT (&video));
            }
        }
      return GST_PAD_PROBE_OK;
    }

  buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  interval = (GstClockTime) g_atomic_int_get (&link->min_interval_us) * GST_USECOND;
  pts = GST_BUFFER_PTS (buffer);
  if (interval == 0 || !GST_CLOCK_TIME_IS_VALID (pts))
    return GST_PAD_PROBE_OK;
  if (GST_CLOCK_TIME_IS_VALID (link->last_pts) && pts > link->last_pts &&
      pts - link->last_pts < interval - interval / 4)
    return GST_PAD_PROBE_DROP;
  link->last_pts = pts;
  return GST_PAD_PROBE_OK;
}

static void
kv_video_paintable_snapshot (GdkPaintable *paintable,
                             GdkSnapshot  *snapshot,
                             double        width,
                             double        height)
{
  KvVideoPaintable *self = KV_VIDEO_PAINTABLE (paintable);

  if (self->texture == NULL)
    return;
  track_drawn_size (self, width, height);
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

static guint
interval_us_for (guint framerate)
{
  return framerate == 0 ? 0 : G_USEC_PER_SEC / framerate;
}

static void
set_max_framerate (KvVideoPaintable *self,
                   guint             framerate)
{
  if (self->max_framerate == framerate)
    return;
  self->max_framerate = framerate;
  for (guint i = 0; i < self->links->len; i++)
    {
      SinkLink *link = g_ptr_array_index (self->links, i);

      g_atomic_int_set (&link->min_interval_us, (gint) interval_us_for (framerate));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_FRAMERATE]);
}

static void
kv_video_paintable_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KvVideoPaintable *self = KV_VIDEO_PAINTABLE (object);

  switch (prop_id)
    {
    case PROP_MAX_FRAMERATE:
      g_value_set_uint (value, self->max_framerate);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_video_paintable_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  KvVideoPaintable *self = KV_VIDEO_PAINTABLE (object);

  switch (prop_id)
    {
    case PROP_MAX_FRAMERATE:
      set_max_framerate (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_video_paintable_finalize (GObject *object)
{
  KvVideoPaintable *self = KV_VIDEO_PAINTABLE (object);

  g_clear_object (&self->texture);
  g_clear_pointer (&self->links, g_ptr_array_unref);

  G_OBJECT_CLASS (kv_video_paintable_parent_class)->finalize (object);
}

static void
kv_video_paintable_class_init (KvVideoPaintableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kv_video_paintable_get_property;
  object_class->set_property = kv_video_paintable_set_property;
  object_class->finalize = kv_video_paintable_finalize;

  /**
   * KvVideoPaintable:max-framerate:
   *
   * Frames per second shown at most, 0 for all of them. The others are
   * dropped before conversion, in the sinks made before and after it is
   * set.
   */
  properties[PROP_MAX_FRAMERATE] =
    g_param_spec_uint ("max-framerate", NULL, NULL, 0, 120, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

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
  self->links = g_ptr_array_new_with_free_func (sink_link_unref);
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
 * Makes a bin (videoconvertscale ! BGR ! appsink) whose frames this paintable
 * shows, on the main context of the calling thread.
 *
 * Returns: (transfer floating): the bin, with a "sink" ghost pad
 */
GstElement *
kv_video_paintable_make_sink (KvVideoPaintable *self,
                              const char       *name)
{
  GstElement *bin = gst_bin_new (name);
  /* Converts and scales in one pass (see update_sink_sizes()); same plugin
   * as videoconvert, which stands in (no scaling) if it is missing. */
  GstElement *convert = gst_element_factory_make ("videoconvertscale", NULL);
  GstElement *filter = gst_element_factory_make ("capsfilter", NULL);
  GstElement *sink = gst_element_factory_make ("appsink", NULL);
  g_autoptr(GstCaps) caps = gst_caps_from_string ("video/x-raw,format=BGR");
  g_autoptr(GstPad) pad = NULL;
  GstAppSinkCallbacks callbacks = { .new_sample = on_new_sample };
  SinkLink *link;

  g_return_val_if_fail (KV_IS_VIDEO_PAINTABLE (self), NULL);

  /* kv_media_init() checked both factories, so creation only fails when
   * something is badly wrong: let the caller see a pipeline error then. */
  if (convert == NULL)
    convert = gst_element_factory_make ("videoconvert", NULL);
  if (convert == NULL || filter == NULL || sink == NULL)
    {
      g_clear_pointer (&convert, gst_object_unref);
      g_clear_pointer (&filter, gst_object_unref);
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
  g_object_set (filter, "caps", caps, NULL);

  link = g_new0 (SinkLink, 1);
  g_atomic_ref_count_init (&link->ref_count);
  g_weak_ref_init (&link->paintable, self);
  link->context = g_main_context_ref_thread_default ();
  g_mutex_init (&link->lock);
  link->min_interval_us = interval_us_for (self->max_framerate);
  link->last_pts = GST_CLOCK_TIME_NONE;
  g_weak_ref_init (&link->capsfilter, filter);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, link, sink_link_unref);

  /* Links of sinks that are gone hold only our reference: forget them. */
  for (guint i = self->links->len; i > 0; i--)
    {
      SinkLink *old = g_ptr_array_index (self->links, i - 1);

      if (g_atomic_ref_count_compare (&old->ref_count, 1))
        g_ptr_array_remove_index_fast (self->links, i - 1);
    }
  g_ptr_array_add (self->links, sink_link_ref (link));

  gst_bin_add_many (GST_BIN (bin), convert, filter, sink, NULL);
  gst_element_link_many (convert, filter, sink, NULL);
  pad = gst_element_get_static_pad (convert, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
                     on_frame_probe, sink_link_ref (link), sink_link_unref);
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
