/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-ui"

#include "config.h"

#include "kv-ui.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kv-ui-resources.h"

/* Shared helpers of the kiosk's widgets: the GResource with templates,
 * style and assets, texture loading, and the time phrases every screen
 * uses. Times come in as server time (UTC µs) and are shown in local time. */

G_DEFINE_QUARK (kv-ui-error-quark, kv_ui_error)

void
kv_ui_init (void)
{
  static gsize initialized = 0;

  /* Registered by hand (--manual-register): the resource lives in a static
   * library, and a constructor in an unreferenced object file would be
   * dropped by the linker. */
  if (g_once_init_enter (&initialized))
    {
      kv_ui_register_resource ();
      g_once_init_leave (&initialized, 1);
    }
}

/**
 * kv_ui_gdk_debug_for_renderer:
 * @gsk_renderer: (nullable): $GSK_RENDERER
 * @gdk_debug: (nullable): $GDK_DEBUG
 * @has_gpu: whether the machine has a GPU render node
 *
 * The kiosk draws with GTK's cairo renderer when there is no GPU: GL would
 * run on llvmpipe. Measured under Xvfb (no GPU), an empty 1280x800 window:
 * GL renderer 153 MB RSS; cairo renderer 87 MB, of which ~60 MB are Mesa
 * and LLVM that GDK's X11 backend loads at start to pick a visual even
 * when GL is never used; with GDK_DEBUG=gl-disable 27 MB. The kiosk uses no
 * GL of its own (video comes as memory textures), so "gl-disable" is what
 * it sets when it draws with cairo: that also makes GTK pick the cairo
 * renderer. A GSK_RENDERER other than cairo, or a GDK_DEBUG that already
 * mentions GL, is the administrator's choice and left alone.
 *
 * Returns: (transfer full) (nullable): the GDK_DEBUG to set, or %NULL to
 *   leave the environment as it is
 */
char *
kv_ui_gdk_debug_for_renderer (const char *gsk_renderer,
                              const char *gdk_debug,
                              gboolean    has_gpu)
{
  gboolean cairo = g_strcmp0 (gsk_renderer, "cairo") == 0;

  if (gdk_debug != NULL && strstr (gdk_debug, "gl") != NULL)
    return NULL;
  if (gsk_renderer != NULL && *gsk_renderer != '\0' && !cairo)
    return NULL;
  if (!cairo && has_gpu)
    return NULL;
  if (gdk_debug == NULL || *gdk_debug == '\0')
    return g_strdup ("gl-disable");
  return g_strconcat (gdk_debug, ",gl-disable", NULL);
}

static gboolean
has_gpu_render_node (void)
{
  g_autoptr (GDir) dri = g_dir_open ("/dev/dri", 0, NULL);
  const char *name;

  while (dri != NULL && (name = g_dir_read_name (dri)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return TRUE;
  return FALSE;
}

/**
 * kv_ui_choose_renderer:
 *
 * Sets GDK_DEBUG for kv_ui_gdk_debug_for_renderer(). Call it before GTK
 * is initialised (first thing in main()): GDK reads its environment once.
 */
void
kv_ui_choose_renderer (void)
{
  g_autofree char *gdk_debug = kv_ui_gdk_debug_for_renderer (g_getenv ("GSK_RENDERER"),
                                                             g_getenv ("GDK_DEBUG"),
                                                             has_gpu_render_node ());

  if (gdk_debug != NULL)
    g_setenv ("GDK_DEBUG", gdk_debug, TRUE);
}

void
kv_ui_install_style (GdkDisplay *display)
{
  g_autoptr (GtkCssProvider) provider = NULL;

  g_return_if_fail (GDK_IS_DISPLAY (display));

  if (g_object_get_data (G_OBJECT (display), "kv-ui-style") != NULL)
    return;

  kv_ui_init ();
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, KV_UI_RESOURCE_PREFIX "/style.css");
  /* Above the theme, below a user's own settings: the kiosk has its own look
   * whatever theme the machine has. */
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "kv-ui-style",
                          g_steal_pointer (&provider), g_object_unref);
}

/* Pictures drawn by the cairo renderer (the kiosk's renderer without a GPU,
 * see kv_ui_gdk_debug_for_renderer()) are downloaded again on every paint,
 * every texture node of the window, whether or not it is in the damaged
 * area (GTK 4.8's gsk_texture_node_draw() calls
 * gdk_texture_download_surface()). That costs in proportion to the
 * texture's pixels: ~2 ms for a 640x480 R8G8B8A8 texture (what gdk-pixbuf
 * makes of our SVGs). GtkImage loads an SVG at its own size (256x256 for
 * the stickers) and scales it down when drawing: the visit screen's eleven
 * icons cost ~4.5 ms a paint, 15% of a core at 35 paints a second. Loaded
 * at the size they are shown (76 px), they cost a tenth of that. The
 * format stays R8G8B8A8: GTK 4.8.3 has a fast path from it, none from its
 * own premultiplied BGRA to itself (that goes through floats, 2x slower). */

/**
 * kv_ui_load_resource_texture:
 * @resource_path: a full resource path
 * @size: the size it is shown at, in device pixels (the longer side), or
 *   0 for the picture's own size
 *
 * Only for our own assets: GDK aborts on a missing resource (a packaging
 * bug, caught by the UI tests).
 *
 * Returns: (transfer full): the texture
 */
GdkTexture *
kv_ui_load_resource_texture (const char *resource_path,
                             int         size)
{
  kv_ui_init ();
  if (size > 0)
    {
      g_autoptr (GdkPixbuf) pixbuf = NULL;
      g_autoptr (GError) error = NULL;

      /* SVGs rendered at the shown size: sharp, and cheap to draw. */
      pixbuf = gdk_pixbuf_new_from_resource_at_scale (resource_path, size, size, TRUE, &error);
      if (pixbuf != NULL)
        return gdk_texture_new_for_pixbuf (pixbuf);
      g_debug ("Loading %s at %d px: %s", resource_path, size, error->message);
    }
  return gdk_texture_new_from_resource (resource_path);
}

/**
 * kv_ui_load_texture:
 * @name: a path below the resource prefix, e.g. "scenes/moon.svg"
 * @size: see kv_ui_load_resource_texture()
 *
 * Returns: (transfer full): the texture
 */
GdkTexture *
kv_ui_load_texture (const char *name,
                    int         size)
{
  g_autofree char *path = g_strconcat (KV_UI_RESOURCE_PREFIX "/", name, NULL);

  return kv_ui_load_resource_texture (path, size);
}

#define SCENE_RESOURCE_KEY "kv-ui-scene-resource"

static void
on_scene_picture_map (GtkPicture *picture)
{
  gtk_picture_set_resource (picture, g_object_get_data (G_OBJECT (picture), SCENE_RESOURCE_KEY));
}

static void
on_scene_picture_unmap (GtkPicture *picture)
{
  gtk_picture_set_paintable (picture, NULL);
}

/**
 * kv_ui_picture_show_while_mapped:
 * @picture: a #GtkPicture that has no picture of its own
 * @name: a path below the resource prefix, e.g. "scenes/little-break.svg"
 *
 * @picture shows @name while it is mapped, and holds no texture otherwise.
 * The kiosk builds all its screens at start-up and keeps them all day, and
 * a scene is a texture of up to 640x480 (1.2 MB): held by every screen,
 * they added ~5 MB to a kiosk's peak during a visit (bench-kiosk), for
 * screens such as the pause or the safeguarding stop that most visits never
 * show. Mapping comes before the screen's first layout, so it is laid out
 * with its picture.
 */
void
kv_ui_picture_show_while_mapped (GtkPicture *picture,
                                 const char *name)
{
  g_return_if_fail (GTK_IS_PICTURE (picture));
  g_return_if_fail (name != NULL);

  g_object_set_data_full (G_OBJECT (picture), SCENE_RESOURCE_KEY,
                          g_strconcat (KV_UI_RESOURCE_PREFIX "/", name, NULL), g_free);
  g_signal_connect (picture, "map", G_CALLBACK (on_scene_picture_map), NULL);
  g_signal_connect (picture, "unmap", G_CALLBACK (on_scene_picture_unmap), NULL);
  if (gtk_widget_get_mapped (GTK_WIDGET (picture)))
    on_scene_picture_map (picture);
}

static void
size_image (GtkImage *image)
{
  g_autofree char *resource = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  int size = gtk_image_get_pixel_size (image);

  g_object_get (image, "resource", &resource, NULL);
  if (resource == NULL || size <= 0)
    return;
  texture = kv_ui_load_resource_texture (resource,
                                         size * gtk_widget_get_scale_factor (GTK_WIDGET (image)));
  gtk_image_set_from_paintable (image, GDK_PAINTABLE (texture));
}

/**
 * kv_ui_size_images:
 * @root: a widget, e.g. the window
 *
 * Reloads the resource picture of every #GtkImage under @root that has a
 * pixel size (templates name them by resource) at that size, so they are
 * cheap to draw on every paint (see above).
 */
void
kv_ui_size_images (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_IMAGE (root))
    size_image (GTK_IMAGE (root));

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    kv_ui_size_images (child);
}

char *
kv_ui_sticker_resource (const char *sticker_id)
{
  return g_strdup_printf (KV_UI_RESOURCE_PREFIX "/stickers/%s.svg", sticker_id);
}

static const char *
weekday_name (int weekday)
{
  switch (weekday)
    {
    /* Translators: used in "on Monday at 16:00" */
    case 1: return C_("weekday", "Monday");
    case 2: return C_("weekday", "Tuesday");
    case 3: return C_("weekday", "Wednesday");
    case 4: return C_("weekday", "Thursday");
    case 5: return C_("weekday", "Friday");
    case 6: return C_("weekday", "Saturday");
    default: return C_("weekday", "Sunday");
    }
}

/* Days between the local calendar dates of @from and @to. */
static int
calendar_days_between (GDateTime *from,
                       GDateTime *to)
{
  g_autoptr (GDate) a = g_date_new_dmy (g_date_time_get_day_of_month (from),
                                        g_date_time_get_month (from),
                                        g_date_time_get_year (from));
  g_autoptr (GDate) b = g_date_new_dmy (g_date_time_get_day_of_month (to),
                                        g_date_time_get_month (to),
                                        g_date_time_get_year (to));

  return g_date_days_between (a, b);
}

static GDateTime *
local_date_time (gint64 time_us)
{
  g_autoptr (GDateTime) utc = kv_date_time_new_from_us (time_us);

  return utc != NULL ? g_date_time_to_local (utc) : NULL;
}

/**
 * kv_ui_format_clock_time:
 * @when_us: a time, UTC µs
 *
 * Returns: (transfer full): the local time of day, e.g. "16:00"
 */
char *
kv_ui_format_clock_time (gint64 when_us)
{
  g_autoptr (GDateTime) when = local_date_time (when_us);

  if (when == NULL)
    return g_strdup ("");
  /* Translators: a time of day; use %H:%M for 24-hour time or e.g.
   * "%l:%M %p" for 12-hour time in your language */
  return g_date_time_format (when, _("%H:%M"));
}

/**
 * kv_ui_format_site_time:
 * @when_us: a time, UTC µs
 * @zone: (nullable): the site's time zone, %NULL for the machine's
 *
 * For staff, who may be in another zone than the machine's clock says (a
 * kiosk set to UTC, a site across a border): the time of day in the site's
 * zone, with the zone's abbreviation.
 *
 * Returns: (transfer full): e.g. "15:30 CET"
 */
char *
kv_ui_format_site_time (gint64     when_us,
                        GTimeZone *zone)
{
  g_autoptr (GDateTime) utc = kv_date_time_new_from_us (when_us);
  g_autoptr (GDateTime) when = NULL;

  if (utc == NULL)
    return g_strdup ("");
  when = zone != NULL ? g_date_time_to_timezone (utc, zone) : g_date_time_to_local (utc);
  if (when == NULL)
    return g_strdup ("");
  /* Translators: a time of day with the time zone's abbreviation, for
   * staff; use %H:%M for 24-hour time or e.g. "%l:%M %p %Z" */
  return g_date_time_format (when, _("%H:%M %Z"));
}

/**
 * kv_ui_nights_until:
 *
 * Returns: how many nights (sleeps) there are before @when_us; 0 is today.
 * Children count days in sleeps.
 */
guint
kv_ui_nights_until (KvClock *clock,
                    gint64   when_us)
{
  g_autoptr (GDateTime) now = local_date_time (kv_clock_get_now (clock));
  g_autoptr (GDateTime) when = local_date_time (when_us);

  if (now == NULL || when == NULL)
    return 0;
  return (guint) MAX (0, calendar_days_between (now, when));
}

/**
 * kv_ui_format_when:
 *
 * Returns: (transfer full): e.g. "today at 16:00", "tomorrow at 10:30",
 * "on Tuesday at 9:00", "in 12 days"
 */
char *
kv_ui_format_when (KvClock *clock,
                   gint64   when_us)
{
  g_autoptr (GDateTime) when = local_date_time (when_us);
  g_autofree char *time = kv_ui_format_clock_time (when_us);
  guint nights = kv_ui_nights_until (clock, when_us);

  if (when == NULL)
    return g_strdup ("");
  if (nights == 0)
    /* Translators: %s is a time of day, e.g. "today at 16:00" */
    return g_strdup_printf (_("today at %s"), time);
  if (nights == 1)
    /* Translators: %s is a time of day, e.g. "tomorrow at 16:00" */
    return g_strdup_printf (_("tomorrow at %s"), time);
  if (nights < 7)
    /* Translators: first %s is a weekday, second a time: "on Tuesday at 16:00" */
    return g_strdup_printf (_("on %s at %s"),
                            weekday_name (g_date_time_get_day_of_week (when)), time);
  /* Translators: a visit more than a week away */
  return g_strdup_printf (ngettext ("in %u day", "in %u days", nights), nights);
}

/**
 * kv_ui_format_duration:
 *
 * Returns: (transfer full): a rounded-up duration for adults, e.g.
 * "12 minutes" or "45 seconds"
 */
char *
kv_ui_format_duration (guint seconds)
{
  guint minutes;

  if (seconds < 60)
    /* Translators: a short time left or lost */
    return g_strdup_printf (ngettext ("%u second", "%u seconds", seconds), seconds);
  minutes = (seconds + 59) / 60;
  /* Translators: time left or lost */
  return g_strdup_printf (ngettext ("%u minute", "%u minutes", minutes), minutes);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                gpointer               user_data)
{
  /* Alt+F4, Ctrl+Q/W, the inspector, F-keys, Super: nothing that could leave
   * or reconfigure the kiosk gets through. Plain typing (the staff's reason
   * text) still works. */
  if ((state & (GDK_ALT_MASK | GDK_SUPER_MASK | GDK_META_MASK | GDK_CONTROL_MASK)) != 0)
    return GDK_EVENT_STOP;
  if (keyval >= GDK_KEY_F1 && keyval <= GDK_KEY_F35)
    return GDK_EVENT_STOP;
  if (keyval == GDK_KEY_Super_L || keyval == GDK_KEY_Super_R || keyval == GDK_KEY_Menu)
    return GDK_EVENT_STOP;
  return GDK_EVENT_PROPAGATE;
}

static void
on_realize (GtkWindow *window)
{
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (window)));
  g_autoptr (GdkMonitor) monitor = NULL;
  GdkRectangle geometry;

  if (g_list_model_get_n_items (monitors) == 0)
    return;

  /* Without a window manager (bare X, some kiosk set-ups) fullscreen is
   * ignored, so also ask for the monitor's whole size. */
  monitor = g_list_model_get_item (monitors, 0);
  gdk_monitor_get_geometry (monitor, &geometry);
  gtk_window_set_default_size (window, geometry.width, geometry.height);
  gtk_widget_set_size_request (GTK_WIDGET (window), geometry.width, geometry.height);
}

/**
 * kv_ui_lock_down_window:
 * @hide_cursor: hide the pointer (touch screens)
 *
 * Kiosk mode: fullscreen over the whole monitor, no decorations, no
 * shortcuts that could leave the app, optionally no cursor.
 */
void
kv_ui_lock_down_window (GtkWindow *window,
                        gboolean   hide_cursor)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), NULL);
  gtk_widget_add_controller (GTK_WIDGET (window), keys);

  g_signal_connect (window, "realize", G_CALLBACK (on_realize), NULL);
  gtk_window_set_decorated (window, FALSE);
  gtk_window_set_handle_menubar_accel (window, FALSE);
  gtk_window_fullscreen (window);
  if (hide_cursor)
    gtk_widget_set_cursor_from_name (GTK_WIDGET (window), "none");
}

/**
 * kv_ui_label_set_words:
 * @label: a label of a child's screen
 * @words: its whole text, e.g. "Dad is on the way!"
 * @few_words: (nullable): what a very young child's screen shows instead:
 *   a word or two, e.g. "Dad"; %NULL or empty hides the label there
 * @few: whether the screen shows few words (#KvScreen:few-words)
 *
 * Shows @words, or @few_words for a very young child, and hides the label
 * when it has nothing to show. Its accessible name is @words either way,
 * so a screen reader still says the whole sentence.
 */
void
kv_ui_label_set_words (GtkLabel   *label,
                       const char *words,
                       const char *few_words,
                       gboolean    few)
{
  const char *shown = few ? few_words : words;

  g_return_if_fail (GTK_IS_LABEL (label));
  g_return_if_fail (words != NULL);

  if (shown == NULL)
    shown = "";
  gtk_label_set_text (label, shown);
  gtk_widget_set_visible (GTK_WIDGET (label), *shown != '\0');
  if (g_strcmp0 (shown, words) == 0)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL);
  else
    gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, words, -1);
}

/**
 * kv_ui_isolate_name:
 * @name: (nullable): words that come from outside the catalogue, e.g. the
 *   name staff typed for the other side ("Dad", "ليلى")
 *
 * @name ready to go into a sentence of the kiosk's language: a mark of the
 * language's direction (U+200E or U+200F, GTK's default direction, which
 * #KvLanguage sets), then @name between U+2068 and U+2069, a first-strong
 * isolate. Pango takes a paragraph's direction from its first letter, so
 * an Arabic sentence that starts with "Dad" would read left to right
 * without the mark; the isolate keeps a name written the other way from
 * reordering the words around it. Both are invisible.
 *
 * Returns: (transfer full): the name to put in the sentence; "" for %NULL
 */
char *
kv_ui_isolate_name (const char *name)
{
  gboolean rtl = gtk_widget_get_default_direction () == GTK_TEXT_DIR_RTL;

  if (name == NULL || *name == '\0')
    return g_strdup ("");
  /* RLM or LRM, FSI, the name, PDI. */
  return g_strconcat (rtl ? "\u200f" : "\u200e", "\u2068", name, "\u2069", NULL);
}

/**
 * kv_ui_unparent_children:
 *
 * For dispose of our GtkWidget subclasses: their template's top-level child
 * is not a bound template child, so gtk_widget_dispose_template() leaves it.
 */
void
kv_ui_unparent_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

/**
 * kv_ui_save_png:
 * @widget: a realized widget, e.g. the window
 * @path: where to write the PNG
 *
 * Renders @widget as it was last painted with its native's renderer and
 * saves it. Used by --screenshot-dir and the UI tests. Call it right after
 * a paint (the frame clock's #GdkFrameClock::after-paint): in between, any
 * queued redraw (a video frame) drops the widget's render nodes, and a
 * window that was never painted has none. Then nothing is saved and
 * %KV_UI_ERROR_SCREENSHOT is returned, never a blank picture.
 */
gboolean
kv_ui_save_png (GtkWidget   *widget,
                const char  *path,
                GError     **error)
{
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GtkSnapshot) snapshot = NULL;
  g_autoptr (GskRenderNode) drawn = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GtkNative *native;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  native = gtk_widget_get_native (widget);
  renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;
  if (renderer == NULL || width <= 0 || height <= 0)
    {
      g_set_error (error, KV_UI_ERROR, KV_UI_ERROR_SCREENSHOT,
                   "The window is not on screen yet, nothing to save");
      return FALSE;
    }

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  drawn = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (drawn == NULL)
    {
      g_set_error (error, KV_UI_ERROR, KV_UI_ERROR_SCREENSHOT,
                   "Nothing is drawn: the window did not paint since it last changed");
      return FALSE;
    }
  snapshot = gtk_snapshot_new ();
  /* An opaque background: the PNG is looked at outside the kiosk. */
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, width, height));
  gtk_snapshot_append_node (snapshot, drawn);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, KV_UI_ERROR, KV_UI_ERROR_SCREENSHOT,
                   "Could not write the screenshot %s", path);
      return FALSE;
    }
  return TRUE;
}
