/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-languages"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "kv-language.h"
#include "kv-paintable-view.h"
#include "kv-shipped-languages.h"
#include "kv-sky-timer.h"
#include "kv-time-until.h"
#include "kv-ui.h"
#include "kv-ui-test-utils.h"
#include "kv-visit-screen.h"

/* Every screen in every language the kiosk ships, for both roles, at the
 * kiosks' smallest screen (1024 x 600) and the usual one (1280 x 800),
 * and with large text on the smallest.
 * One window per role and size goes through a whole visit; on each
 * screen it switches through the languages ("kiosk.set-language") and
 * checks, as a person would see it:
 *
 * - the screen fits the window, and every label shows its whole text:
 *   not ellipsized, not wider or taller than its box, not outside the
 *   window or a box that clips it, and with a glyph for every character;
 * - the layout reads the language's way: in Arabic every widget is right
 *   to left, the language button is on the right and the staff corner on
 *   the left, the plan's first picture is on the right and its arrows
 *   point left, the stickers are left of the picture, and the sun on the
 *   sky timer walks from the right; in every other language the other
 *   way round (so these checks can fail);
 * - pictures do not mirror: the other side's video, the self-view (a
 *   mirror in every language) and the clock-like dial (/pictures).
 *
 * Screenshots: KV_SCREENSHOT_DIR/languages/<lang>/<role>-<screen>-<W>x<H>[-large-text].png.
 * All problems of a case are listed before it fails. */

typedef struct
{
  KvRole      role;
  int         width;
  int         height;
  /* The kiosk's large-text setting (kiosk-config/prison.conf has it). */
  gboolean    large_text;
} Case;

static const Case cases[] = {
  { KV_ROLE_COMMUNITY, 1024, 600, FALSE },
  { KV_ROLE_COMMUNITY, 1280, 800, FALSE },
  { KV_ROLE_PRISON, 1024, 600, FALSE },
  { KV_ROLE_PRISON, 1280, 800, FALSE },
  /* Large text on the smallest screen: the hardest fit. */
  { KV_ROLE_PRISON, 1024, 600, TRUE },
};

typedef struct
{
  KvUiFixture ui;
  GString    *problems;
  guint       n_problems;
  guint       n_views;
  const char *screen;
  const char *language;
  gboolean    rtl;
  gboolean    large_text;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  const Case *c = data;

  /* No languages= line: every language the kiosk ships. */
  kv_ui_fixture_setup_sized_full (&f->ui, c->role, c->width, c->height,
                                  c->large_text ? "language=en\nlarge-text=true\n"
                                                : "language=en\n");
  f->large_text = c->large_text;
  f->problems = g_string_new (NULL);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  /* Back to English for the next case (the direction is global). */
  gtk_widget_activate_action (GTK_WIDGET (f->ui.window), "kiosk.set-language", "s", "en");
  kv_ui_fixture_teardown (&f->ui);
  g_string_free (f->problems, TRUE);
}

G_GNUC_PRINTF (2, 3) static void
problem (Fixture    *f,
         const char *format,
         ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  f->n_problems++;
  g_string_append_printf (f->problems, "%s, %s, %d x %d%s, %s: %s\n",
                          kv_role_to_string (f->ui.role), f->screen, f->ui.width, f->ui.height,
                          f->large_text ? " large text" : "", f->language, text);
}

static gboolean
is_shown (GtkWidget *widget)
{
  return gtk_widget_is_drawable (widget) && gtk_widget_get_opacity (widget) > 0 &&
         gtk_widget_get_child_visible (widget);
}

/* What a person calls the label: its text, shortened. */
static char *
label_name (GtkLabel *label)
{
  const char *text = gtk_label_get_text (label);
  g_autofree char *start = g_utf8_substring (text, 0, MIN (g_utf8_strlen (text, -1), 40));

  return g_strdelimit (g_strdup_printf ("“%s%s”", start,
                                        g_utf8_strlen (text, -1) > 40 ? "…" : ""), "\n", ' ');
}

/* Whether a scrolled window between @widget and @root lets a person
 * scroll up and down to it: what is below the fold is not cut off. */
static gboolean
scrolls_to (GtkWidget *widget,
            GtkWidget *root)
{
  for (GtkWidget *ancestor = gtk_widget_get_parent (widget);
       ancestor != NULL && ancestor != root;
       ancestor = gtk_widget_get_parent (ancestor))
    {
      GtkPolicyType vertical;

      if (!GTK_IS_SCROLLED_WINDOW (ancestor))
        continue;
      gtk_scrolled_window_get_policy (GTK_SCROLLED_WINDOW (ancestor), NULL, &vertical);
      if (vertical != GTK_POLICY_NEVER && vertical != GTK_POLICY_EXTERNAL)
        return TRUE;
    }
  return FALSE;
}

/* Whether @bounds (in @root's coordinates) stick out of @box: across, and
 * unless @scrolls also up and down. */
static gboolean
sticks_out (const graphene_rect_t *bounds,
            const graphene_rect_t *box,
            gboolean               scrolls)
{
  if (bounds->origin.x < box->origin.x - 1 ||
      bounds->origin.x + bounds->size.width > box->origin.x + box->size.width + 1)
    return TRUE;
  return !scrolls && (bounds->origin.y < box->origin.y - 1 ||
                      bounds->origin.y + bounds->size.height > box->origin.y + box->size.height + 1);
}

/* The box between @label and @root that cuts off part of it, if any (a
 * viewport hides what is scrolled away, which is not cut off). */
static GtkWidget *
clipping_ancestor (GtkWidget             *label,
                   GtkWidget             *root,
                   const graphene_rect_t *bounds,
                   gboolean               scrolls)
{
  for (GtkWidget *ancestor = gtk_widget_get_parent (label);
       ancestor != NULL && ancestor != root;
       ancestor = gtk_widget_get_parent (ancestor))
    {
      graphene_rect_t box;

      if (GTK_IS_VIEWPORT (ancestor) || gtk_widget_get_overflow (ancestor) != GTK_OVERFLOW_HIDDEN)
        continue;
      if (gtk_widget_compute_bounds (ancestor, root, &box) && sticks_out (bounds, &box, scrolls))
        return ancestor;
    }
  return NULL;
}

/* Whether @text has a letter written right to left (@rtl) or left to
 * right: only then can its paragraph read that way. */
static gboolean
has_letters (const char *text,
             gboolean    rtl)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeScript script = g_unichar_get_script (c);
      gboolean from_right = script == G_UNICODE_SCRIPT_ARABIC || script == G_UNICODE_SCRIPT_HEBREW;

      if (g_unichar_isalpha (c) && from_right == rtl)
        return TRUE;
    }
  return FALSE;
}

/* The label shows its whole text in its box, inside @root. */
static void
check_label (Fixture   *f,
             GtkLabel  *label,
             GtkWidget *root)
{
  GtkWidget *widget = GTK_WIDGET (label);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autofree char *name = NULL;
  PangoLayout *layout;
  PangoRectangle logical;
  graphene_rect_t bounds;
  GtkWidget *clip;
  gboolean scrolls;
  int unknown;

  if (gtk_label_get_text (label)[0] == '\0')
    return;
  name = label_name (label);
  if (width <= 0 || height <= 0)
    {
      problem (f, "%s is squeezed to %d x %d", name, width, height);
      return;
    }

  /* The label's own layout, as it was laid out in its box: wider or
   * taller than the box means cut off. */
  layout = gtk_label_get_layout (label);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  if (pango_layout_is_ellipsized (layout))
    problem (f, "%s is ellipsized (%d px wide)", name, width);
  else if (logical.width > width + 1)
    problem (f, "%s is cut off: it needs %d px wide, its box is %d", name, logical.width, width);
  if (logical.height > height + 1)
    problem (f, "%s is cut off: it needs %d px high, its box is %d", name, logical.height, height);

  /* Pango takes a paragraph's direction from its first letter: a
   * sentence that starts with a name written the other way ("Dad") must
   * still read the language's way. */
  if (has_letters (gtk_label_get_text (label), f->rtl) &&
      pango_layout_get_line_readonly (layout, 0)->resolved_dir !=
      (f->rtl ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR))
    problem (f, "%s reads %s", name, f->rtl ? "left to right" : "right to left");

  unknown = pango_layout_get_unknown_glyphs_count (layout);
  if (unknown > 0)
    problem (f, "%s has %d characters no font can draw", name, unknown);

  if (!gtk_widget_compute_bounds (widget, root, &bounds))
    {
      problem (f, "%s has no place in its window", name);
      return;
    }
  scrolls = scrolls_to (widget, root);
  if (sticks_out (&bounds, &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (root),
                                                gtk_widget_get_height (root)), scrolls))
    problem (f, "%s sticks out of the window: at %.0f,%.0f %.0f x %.0f", name,
             bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height);
  else if ((clip = clipping_ancestor (widget, root, &bounds, scrolls)) != NULL)
    problem (f, "%s is partly hidden by its %s", name, G_OBJECT_TYPE_NAME (clip));
}

/* What draws an opaque card over whatever is under it (style.css): the
 * screens' banners and badges, the corner signs, children's buttons. */
static const char * const card_classes[] = {
  "cue-banner", "goodbye-banner", "supervised-badge", "child-control", "self-thumbnail",
  "paused-card", "not-ok-bubble", "staff-alert", "sticker-tray",
};

static gboolean
is_card (GtkWidget *widget)
{
  if (g_str_equal (gtk_widget_get_css_name (widget), "kv-supervision-badge"))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (card_classes); i++)
    if (gtk_widget_has_css_class (widget, card_classes[i]))
      return TRUE;
  return FALSE;
}

static void
walk (Fixture          *f,
      GtkWidget        *widget,
      GtkWidget        *root,
      GtkTextDirection  direction,
      GPtrArray        *drawn)
{
  if (!is_shown (widget))
    return;
  g_ptr_array_add (drawn, widget);
  if (gtk_widget_get_direction (widget) != direction)
    problem (f, "a %s is %s", G_OBJECT_TYPE_NAME (widget),
             direction == GTK_TEXT_DIR_RTL ? "still left to right" : "still right to left");
  if (GTK_IS_LABEL (widget))
    check_label (f, GTK_LABEL (widget), root);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    walk (f, child, root, direction, drawn);
}

/* A card drawn after a label (GTK draws in tree order) that overlaps it
 * hides part of its text: a banner over a badge, a corner button over a
 * caption. */
static void
check_covered (Fixture   *f,
               GPtrArray *drawn,
               GtkWidget *root)
{
  for (guint i = 0; i < drawn->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (drawn, i);
      graphene_rect_t text;

      if (!GTK_IS_LABEL (label) || gtk_label_get_text (GTK_LABEL (label))[0] == '\0' ||
          !gtk_widget_compute_bounds (label, root, &text))
        continue;
      for (guint j = i + 1; j < drawn->len; j++)
        {
          GtkWidget *card = g_ptr_array_index (drawn, j);
          graphene_rect_t box, overlap;

          if (!is_card (card) || gtk_widget_is_ancestor (label, card) ||
              !gtk_widget_compute_bounds (card, root, &box))
            continue;
          if (graphene_rect_intersection (&text, &box, &overlap) &&
              overlap.size.width > 2 && overlap.size.height > 2)
            {
              g_autofree char *name = label_name (GTK_LABEL (label));
              g_auto (GStrv) classes = gtk_widget_get_css_classes (card);
              g_autofree char *card_name = g_strjoinv (".", classes);

              problem (f, "%s is partly covered by a %s (.%s): %.0f x %.0f px", name,
                       G_OBJECT_TYPE_NAME (card), card_name, overlap.size.width,
                       overlap.size.height);
              break;
            }
        }
    }
}

/* Every label a person sees under @widget shows all its text; every
 * widget has the language's direction (GTK passed it on to those that
 * existed). */
static void
check_tree (Fixture          *f,
            GtkWidget        *widget,
            GtkWidget        *root,
            GtkTextDirection  direction)
{
  g_autoptr (GPtrArray) drawn = g_ptr_array_new ();

  f->rtl = direction == GTK_TEXT_DIR_RTL;
  walk (f, widget, root, direction, drawn);
  check_covered (f, drawn, root);
}

static void
find_with_class (GtkWidget  *widget,
                 const char *css_class,
                 GPtrArray  *found)
{
  if (!is_shown (widget))
    return;
  if (gtk_widget_has_css_class (widget, css_class))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_with_class (child, css_class, found);
}

/* The first shown widget with @css_class under @root (tree order is the
 * template's order, whatever the direction), or %NULL. */
static GtkWidget *
find_first (GtkWidget  *root,
            const char *css_class)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new ();

  find_with_class (root, css_class, found);
  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

static GtkWidget *
find_last (GtkWidget  *root,
           const char *css_class)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new ();

  find_with_class (root, css_class, found);
  return found->len > 0 ? g_ptr_array_index (found, found->len - 1) : NULL;
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (!is_shown (widget))
    return NULL;
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Children's controls never cover each other (a long word can push one
 * under a corner button). */
static void
check_controls_apart (Fixture   *f,
                      GtkWidget *root)
{
  g_autoptr (GPtrArray) controls = g_ptr_array_new ();

  find_with_class (root, "child-control", controls);
  for (guint i = 0; i < controls->len; i++)
    for (guint j = i + 1; j < controls->len; j++)
      {
        GtkWidget *a = g_ptr_array_index (controls, i);
        GtkWidget *b = g_ptr_array_index (controls, j);
        graphene_rect_t bounds_a, bounds_b, overlap;

        if (gtk_widget_is_ancestor (a, b) || gtk_widget_is_ancestor (b, a) ||
            !gtk_widget_compute_bounds (a, root, &bounds_a) ||
            !gtk_widget_compute_bounds (b, root, &bounds_b))
          continue;
        if (graphene_rect_intersection (&bounds_a, &bounds_b, &overlap) &&
            overlap.size.width > 1 && overlap.size.height > 1)
          {
            g_auto (GStrv) classes_a = gtk_widget_get_css_classes (a);
            g_auto (GStrv) classes_b = gtk_widget_get_css_classes (b);
            g_autofree char *name_a = g_strjoinv (".", classes_a);
            g_autofree char *name_b = g_strjoinv (".", classes_b);

            problem (f, "a %s (.%s) and a %s (.%s) cover each other by %.0f x %.0f px",
                     G_OBJECT_TYPE_NAME (a), name_a, G_OBJECT_TYPE_NAME (b), name_b,
                     overlap.size.width, overlap.size.height);
          }
      }
}

/* The middle of @widget, across the window: 0 left edge, 1 right edge. */
static double
across (GtkWidget *widget,
        GtkWidget *window)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  return (bounds.origin.x + bounds.size.width / 2) / gtk_widget_get_width (window);
}

/* @widget as drawn (with its style's transforms), on white. */
static GdkTexture *
render (GtkWidget *widget)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                      node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/* Where the pixels of one colour are in @texture: the mean of their x,
 * 0 left to 1 right; -1 if there are none. */
static double
colour_across (GdkTexture *texture,
               guint32     rgb,
               int         tolerance)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *pixels = g_malloc ((gsize) width * height * 4);
  double sum = 0;
  guint n = 0;

  /* Cairo's ARGB32: B, G, R, A in memory on the little-endian kiosks. */
  gdk_texture_download (texture, pixels, width * 4);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *p = pixels + ((gsize) y * width + x) * 4;

        if (ABS (p[2] - (int) ((rgb >> 16) & 0xff)) <= tolerance &&
            ABS (p[1] - (int) ((rgb >> 8) & 0xff)) <= tolerance &&
            ABS (p[0] - (int) (rgb & 0xff)) <= tolerance)
          {
            sum += x + 0.5;
            n++;
          }
      }
  return n > 0 ? sum / n / width : -1;
}

/* @what is on the start side of the window: the left, or in a
 * right-to-left language the right. */
static void
expect_at_start (Fixture    *f,
                 const char *what,
                 double      where,
                 gboolean    rtl)
{
  if (where < 0)
    problem (f, "%s is not drawn", what);
  else if (rtl ? where <= 0.5 : where >= 0.5)
    problem (f, "%s is on the %s (at %.0f%% across), not the %s", what,
             where < 0.5 ? "left" : "right", where * 100, rtl ? "right" : "left");
}

/* @first comes before @then in the reading direction. */
static void
expect_before (Fixture    *f,
               const char *first,
               double      first_across,
               const char *then,
               double      then_across,
               gboolean    rtl)
{
  if (rtl ? first_across <= then_across : first_across >= then_across)
    problem (f, "%s (at %.0f%% across) is %s of %s (at %.0f%%)", first, first_across * 100,
             rtl ? "left" : "right", then, then_across * 100);
}

#define PLAN_ARROW_RGB 0x98c1d9
#define SUN_RGB 0xffd23f

/* The screen reads the language's way; see the top of the file. */
static void
check_direction (Fixture  *f,
                 gboolean  rtl)
{
  GtkWidget *window = GTK_WIDGET (f->ui.window);
  GtkWidget *screen = kv_window_get_screen (f->ui.window, kv_window_get_visible_screen (f->ui.window));
  GtkWidget *language_button = kv_window_get_language_button (f->ui.window);
  GtkWidget *staff_corner = find_first (window, "staff-corner");

  if (gtk_widget_get_direction (window) != (rtl ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR))
    problem (f, "the window is not %s", rtl ? "right to left" : "left to right");
  expect_at_start (f, "the language button", across (language_button, window), rtl);
  if (staff_corner == NULL)
    problem (f, "the staff corner is missing");
  else
    expect_at_start (f, "the staff corner", 1 - across (staff_corner, window), rtl);

  if (g_str_equal (f->screen, "waiting"))
    {
      GtkWidget *who = find_first (screen, "plan-step");
      GtkWidget *goodbye = find_last (screen, "plan-step");
      GtkWidget *arrow = find_first (screen, "plan-arrow");
      g_autoptr (GdkTexture) drawn = NULL;

      g_assert_nonnull (who);
      g_assert_nonnull (arrow);
      /* The plan's first picture comes first in the reading direction. */
      expect_before (f, "the plan's first picture", across (who, window),
                     "its last", across (goodbye, window), rtl);
      /* An arrow's head is its heavier side: it points to the end. */
      drawn = render (arrow);
      expect_at_start (f, "the plan arrow's tail", 1 - colour_across (drawn, PLAN_ARROW_RGB, 24),
                       rtl);
    }
  else if (g_str_equal (f->screen, "visit"))
    {
      GtkWidget *picture = find_first (screen, "remote-picture");
      GtkWidget *tray = find_first (screen, "sticker-tray");
      GtkWidget *self_view = find_first (screen, "self-thumbnail");
      GtkWidget *sky = find_type (screen, KV_TYPE_SKY_TIMER);
      g_autoptr (GdkTexture) drawn = NULL;

      g_assert_nonnull (picture);
      g_assert_nonnull (tray);
      g_assert_nonnull (self_view);
      g_assert_nonnull (sky);
      expect_before (f, "the other side's picture", across (picture, window),
                     "the stickers", across (tray, window), rtl);
      /* The self-view sits in the picture's end corner. */
      expect_before (f, "the middle of the other side's picture", across (picture, window),
                     "the self-view", across (self_view, window), rtl);
      /* Late in the visit the sun is near the path's end. */
      drawn = render (sky);
      expect_at_start (f, "the sky timer's start (the sun is near the end)",
                       1 - colour_across (drawn, SUN_RGB, 6), rtl);
    }
  else if (g_str_equal (f->screen, "goodbye"))
    {
      GtkWidget *self_view = find_first (screen, "self-thumbnail");

      g_assert_nonnull (self_view);
      expect_at_start (f, "the self-view's far side", 1 - across (self_view, window), rtl);
    }
}

/* The language menu, open: every language fits in the window. */
static void
check_menu (Fixture *f)
{
  GtkWidget *window = GTK_WIDGET (f->ui.window);
  GtkWidget *menu_button = gtk_widget_get_first_child (kv_window_get_language_button (f->ui.window));
  GtkPopover *popover;
  GtkWidget *choices;
  GdkSurface *surface;
  graphene_rect_t bounds;
  int x, y, width, height;

  g_assert_true (GTK_IS_MENU_BUTTON (menu_button));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button));
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  kv_ui_wait_for_paint (GTK_WIDGET (popover));

  /* The popover's own surface, placed by GTK against the window's. */
  surface = gtk_native_get_surface (GTK_NATIVE (popover));
  choices = gtk_popover_get_child (popover);
  g_assert_true (gtk_widget_compute_bounds (choices, GTK_WIDGET (popover), &bounds));
  x = gdk_popup_get_position_x (GDK_POPUP (surface)) + bounds.origin.x;
  y = gdk_popup_get_position_y (GDK_POPUP (surface)) + bounds.origin.y;
  width = bounds.size.width;
  height = bounds.size.height;
  if (x < 0 || y < 0 || x + width > gtk_widget_get_width (window) ||
      y + height > gtk_widget_get_height (window))
    problem (f, "the language choices (%d x %d at %d,%d) do not fit the window", width, height,
             x, y);
  check_tree (f, GTK_WIDGET (popover), GTK_WIDGET (popover),
              gtk_widget_get_direction (window));
  {
    const char *dir = g_getenv ("KV_SCREENSHOT_DIR");

    if (dir != NULL)
      {
        g_autofree char *name = g_strdup_printf ("%s-language-menu-%dx%d%s.png",
                                                 kv_role_to_string (f->ui.role),
                                                 f->ui.width, f->ui.height,
                                                 f->large_text ? "-large-text" : "");
        g_autofree char *path = g_build_filename (dir, "languages", f->language, name, NULL);
        g_autoptr (GError) error = NULL;

        kv_ui_save_png (GTK_WIDGET (popover), path, &error);
        g_assert_no_error (error);
      }
  }
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));
  kv_ui_wait_for_paint (window);
}

static void
save_screenshot (Fixture *f)
{
  const char *dir = g_getenv ("KV_SCREENSHOT_DIR");
  g_autofree char *folder = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (dir == NULL)
    return;
  folder = g_build_filename (dir, "languages", f->language, NULL);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  name = g_strdup_printf ("%s-%s-%dx%d%s.png", kv_role_to_string (f->ui.role), f->screen,
                          f->ui.width, f->ui.height, f->large_text ? "-large-text" : "");
  path = g_build_filename (folder, name, NULL);
  kv_ui_save_png (GTK_WIDGET (f->ui.window), path, &error);
  g_assert_no_error (error);
}

/* The screen on show, in every language: see the top of the file. */
static void
check_screen (Fixture    *f,
              const char *screen,
              gboolean    with_menu)
{
  GtkWidget *window = GTK_WIDGET (f->ui.window);
  const char * const *languages = kv_shipped_languages_get_codes ();

  f->screen = screen;
  for (guint i = 0; languages[i] != NULL; i++)
    {
      gboolean rtl = kv_language_is_right_to_left (languages[i]);

      f->language = languages[i];
      g_assert_true (gtk_widget_activate_action (window, "kiosk.set-language", "s", languages[i]));
      kv_ui_wait_for_paint (window);
      g_assert_cmpstr (kv_language_get_current (kv_window_get_language (f->ui.window)), ==,
                       languages[i]);
      if (kv_window_get_staff_page (f->ui.window) == NULL)
        g_assert_cmpstr (kv_window_get_visible_screen (f->ui.window), ==, screen);

      save_screenshot (f);
      if (gtk_widget_get_width (window) != f->ui.width ||
          gtk_widget_get_height (window) != f->ui.height)
        problem (f, "the screen does not fit: the window grew to %d x %d",
                 gtk_widget_get_width (window), gtk_widget_get_height (window));
      /* The staff sheet covers the child's screen on purpose: only its
       * own words then. */
      check_tree (f, kv_window_get_staff_page (f->ui.window) != NULL
                     ? find_first (window, "staff-sheet") : window,
                  window, rtl ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR);
      if (kv_window_get_staff_page (f->ui.window) == NULL)
        {
          check_controls_apart (f, window);
          check_direction (f, rtl);
        }
      if (with_menu)
        check_menu (f);
      f->n_views++;
    }
}

static void
test_every_screen (Fixture       *f,
                   gconstpointer  data)
{
  KvUiFixture *ui = &f->ui;
  KvFakeCall *call;

  check_screen (f, "starting", FALSE);

  kv_visit_controller_start (ui->controller);
  kv_fake_signaller_sign_in (ui->signaller, "kiosk-1", ui->role, kv_clock_get_now (ui->clock));
  kv_ui_fixture_receive (ui, kv_fake_message_schedule_empty (kv_clock_get_now (ui->clock)));
  check_screen (f, "unavailable", FALSE);

  kv_ui_fixture_receive_schedule (ui);
  check_screen (f, "idle", TRUE);

  /* The waiting room with everything it can show: the prison side
   * supervised (the child's kiosk says so), both sides here. */
  kv_ui_fixture_join (ui);
  {
    KvMessage *session = kv_fake_message_session (KV_TEST_BOOKING, KV_SESSION_STATE_JOINABLE,
                                                  kv_test_time (10, 30, 0), kv_test_time (11, 0, 0),
                                                  KV_SIDE_BOTH, KV_SIDE_NONE, 0, 0);

    session->session.supervised = TRUE;
    kv_ui_fixture_receive (ui, session);
  }
  check_screen (f, "waiting", FALSE);

  /* Live, supervised, five minutes before the end: the cue banner is up,
   * and on the child's side "I'm not OK" was pressed (its bubble). */
  kv_ui_fixture_advance_to (ui, kv_test_time (10, 30, 0));
  kv_ui_fixture_receive (ui, kv_fake_message_start (KV_TEST_BOOKING, kv_test_time (11, 0, 0)));
  call = kv_ui_fixture_call (ui);
  kv_fake_call_set_media_flowing (call, TRUE);
  kv_ui_fixture_receive_live_session (ui, KV_SIDE_NONE, KV_PAUSE_CATEGORY_NONE, KV_SIDE_NONE, TRUE);
  kv_ui_fixture_advance_to (ui, kv_test_time (10, 55, 0));
  kv_ui_fixture_receive (ui, kv_fake_message_cue (KV_TEST_BOOKING, 300, FALSE));
  if (ui->role == KV_ROLE_COMMUNITY)
    {
      GtkWidget *visit = kv_window_get_screen (ui->window, "visit");

      g_assert_true (gtk_widget_activate_action (kv_visit_screen_get_not_ok_button (KV_VISIT_SCREEN (visit)),
                                                 "not-ok.press", NULL));
    }
  g_assert_nonnull (kv_visit_screen_get_cue_text (KV_VISIT_SCREEN (kv_window_get_screen (ui->window,
                                                                                          "visit"))));
  check_screen (f, "visit", FALSE);

  /* Staff's panel over the visit, with its visit actions. */
  kv_ui_fixture_unlock_staff (ui);
  check_screen (f, "staff-panel", FALSE);
  gtk_widget_activate_action (GTK_WIDGET (ui->window), "staff.close", NULL);
  g_assert_null (kv_window_get_staff_page (ui->window));
  kv_visit_controller_child_alert_seen (ui->controller);

  kv_ui_fixture_receive_live_session (ui, KV_SIDE_PRISON, KV_PAUSE_CATEGORY_OTHER, KV_SIDE_NONE, TRUE);
  check_screen (f, "paused", FALSE);
  kv_ui_fixture_receive_live_session (ui, KV_SIDE_NONE, KV_PAUSE_CATEGORY_NONE, KV_SIDE_NONE, TRUE);

  kv_fake_call_set_media_flowing (call, FALSE);
  check_screen (f, "reconnecting", FALSE);
  kv_fake_call_set_media_flowing (call, TRUE);

  kv_ui_fixture_advance_to (ui, kv_test_time (10, 59, 0));
  kv_ui_fixture_receive (ui, kv_fake_message_goodbye (KV_TEST_BOOKING, kv_test_time (11, 0, 0)));
  check_screen (f, "goodbye", FALSE);

  kv_ui_fixture_advance_to (ui, kv_test_time (11, 0, 0));
  kv_ui_fixture_receive (ui, kv_fake_message_end (KV_TEST_BOOKING, KV_OUTCOME_COMPLETED, 0));
  check_screen (f, "after", FALSE);

  g_test_message ("%u screens x languages checked, %u problems", f->n_views, f->n_problems);
  if (f->n_problems > 0)
    {
      g_test_message ("%s", f->problems->str);
      g_test_fail_printf ("%u problems; the first: %.*s", f->n_problems,
                          (int) strcspn (f->problems->str, "\n"), f->problems->str);
    }
}

/* The label check itself must be able to fail: a label too long for its
 * box, and one that is ellipsized. */
static void
test_check_catches_cut_text (Fixture       *f,
                             gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->ui.window);
  GtkWidget *overlay = gtk_window_get_child (GTK_WINDOW (window));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *cut = gtk_label_new ("A sentence much too long for its little box");
  GtkWidget *ellipsized = gtk_label_new ("Another sentence that will not fit");

  /* Ellipsized to the width of a few characters. */
  gtk_label_set_ellipsize (GTK_LABEL (ellipsized), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (ellipsized), 6);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), ellipsized);
  /* Off the window's right edge. */
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), cut);
  gtk_widget_set_halign (cut, GTK_ALIGN_START);
  gtk_widget_set_margin_start (cut, f->ui.width - 60);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), box);
  kv_ui_wait_for_paint (window);

  f->screen = "test";
  f->language = "en";
  check_tree (f, window, window, GTK_TEXT_DIR_LTR);
  g_test_message ("%s", f->problems->str);
  g_assert_nonnull (strstr (f->problems->str, "“Another sentence that will not fit” is ellipsized"));
  g_assert_nonnull (strstr (f->problems->str, "“A sentence much too long for its little …” sticks out of the window"));
  /* And the direction check: a window that stayed left to right. */
  f->n_problems = 0;
  g_string_truncate (f->problems, 0);
  check_tree (f, window, window, GTK_TEXT_DIR_RTL);
  g_assert_nonnull (strstr (f->problems->str, "a KvWindow is still left to right"));
}

/* Pictures never mirror, whatever the language: the other side's video,
 * the self-view (always a mirror), the clock-like dial. The sleeps until
 * a visit and the sun's path do turn round. */
static void
test_pictures (void)
{
  static const guchar red_blue[] = { 0, 0, 255, 255, 255, 0, 0, 255 };
  g_autoptr (GBytes) bytes = g_bytes_new_static (red_blue, sizeof red_blue);
  g_autoptr (GdkTexture) picture = gdk_memory_texture_new (2, 1, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED,
                                                           bytes, 8);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *video = kv_paintable_view_new ();
  GtkWidget *self_view = kv_paintable_view_new ();
  GtkWidget *dial = kv_time_until_new ();
  GtkWidget *sleeps = kv_time_until_new ();

  kv_ui_install_style (gtk_widget_get_display (window));
  kv_paintable_view_set_paintable (KV_PAINTABLE_VIEW (video), GDK_PAINTABLE (picture));
  kv_paintable_view_set_paintable (KV_PAINTABLE_VIEW (self_view), GDK_PAINTABLE (picture));
  kv_paintable_view_set_mirror (KV_PAINTABLE_VIEW (self_view), TRUE);
  /* Three hours to wait on the 12-hour dial: a slice from 12 to 3
   * o'clock. Two sleeps: two moons, then the visit day's sun. */
  kv_time_until_set_time (KV_TIME_UNTIL (dial), 0, 3 * 3600);
  kv_time_until_set_time (KV_TIME_UNTIL (sleeps), 2, 2 * 24 * 3600);
  gtk_widget_set_size_request (video, 200, 100);
  gtk_widget_set_size_request (self_view, 200, 100);
  gtk_widget_set_size_request (dial, 200, 200);
  gtk_widget_set_size_request (sleeps, 400, 100);
  gtk_box_append (GTK_BOX (box), video);
  gtk_box_append (GTK_BOX (box), self_view);
  gtk_box_append (GTK_BOX (box), dial);
  gtk_box_append (GTK_BOX (box), sleeps);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));

  for (guint rtl = 0; rtl <= 1; rtl++)
    {
      g_autoptr (GdkTexture) video_drawn = NULL;
      g_autoptr (GdkTexture) self_drawn = NULL;
      g_autoptr (GdkTexture) dial_drawn = NULL;
      g_autoptr (GdkTexture) sleeps_drawn = NULL;

      gtk_widget_set_default_direction (rtl ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR);
      kv_ui_wait_for_paint (window);
      g_assert_cmpint (gtk_widget_get_direction (video), ==, rtl ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR);
      video_drawn = render (video);
      self_drawn = render (self_view);
      dial_drawn = render (dial);
      sleeps_drawn = render (sleeps);

      /* Red on the left of the video; the self-view shows it as a mirror. */
      g_assert_cmpfloat (colour_across (video_drawn, 0xff0000, 8), <, 0.5);
      g_assert_cmpfloat (colour_across (video_drawn, 0x0000ff, 8), >, 0.5);
      g_assert_cmpfloat (colour_across (self_drawn, 0xff0000, 8), >, 0.5);
      /* The golden slice (still to wait) is clockwise from 12: right. */
      g_assert_cmpfloat (colour_across (dial_drawn, 0xffcc4d, 10), >, 0.5);
      /* The visit day's sun comes after the moons, in reading order. */
      if (rtl)
        g_assert_cmpfloat (colour_across (sleeps_drawn, SUN_RGB, 6), <, 0.5);
      else
        g_assert_cmpfloat (colour_across (sleeps_drawn, SUN_RGB, 6), >, 0.5);
    }
  gtk_widget_set_default_direction (GTK_TEXT_DIR_LTR);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Switching to Arabic sets GTK's direction for every widget that exists
 * and every one made later; switching back undoes it. */
static void
test_switch_direction (void)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) available = NULL;
  g_autoptr (KvLanguage) language = NULL;
  const char *rtl_code = NULL;
  GtkWidget *label = gtk_label_new ("x");

  g_object_ref_sink (label);
  for (const char * const *code = kv_shipped_languages_get_codes (); *code != NULL; code++)
    if (kv_language_is_right_to_left (*code))
      rtl_code = *code;
  if (rtl_code == NULL)
    {
      g_object_unref (label);
      g_test_skip ("No right-to-left language in po/LINGUAS");
      return;
    }
  g_strv_builder_add_many (builder, "en", rtl_code, NULL);
  available = g_strv_builder_end (builder);
  language = kv_language_new ((const char * const *) available, "en");
  g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_LTR);
  g_assert_true (kv_language_set_current (language, rtl_code, NULL));
  g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_RTL);
  g_assert_cmpint (gtk_widget_get_direction (label), ==, GTK_TEXT_DIR_RTL);
  g_assert_true (kv_language_set_current (language, "en", NULL));
  g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_LTR);
  g_assert_cmpint (gtk_widget_get_direction (label), ==, GTK_TEXT_DIR_LTR);
  g_object_unref (label);
}

int
main (int   argc,
      char *argv[])
{
  const char *build_root = g_getenv ("KV_BUILD_ROOT");

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  if (build_root != NULL)
    {
      g_autofree char *localedir = g_build_filename (build_root, "po", NULL);

      bindtextdomain (GETTEXT_PACKAGE, localedir);
    }
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_init ();
  /* Screens switch at once and screenshots show the settled picture. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/ui/languages/switch-direction", test_switch_direction);
  g_test_add_func ("/ui/languages/pictures", test_pictures);
  g_test_add ("/ui/languages/check-catches-cut-text", Fixture, &cases[0],
              setup, test_check_catches_cut_text, teardown);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/languages/%s/%dx%d%s",
                                               kv_role_to_string (cases[i].role),
                                               cases[i].width, cases[i].height,
                                               cases[i].large_text ? "/large-text" : "");

      g_test_add (path, Fixture, &cases[i], setup, test_every_screen, teardown);
    }
  return g_test_run ();
}
