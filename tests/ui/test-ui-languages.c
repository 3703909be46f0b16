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
#include "kv-ui-text-checks.h"
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

/* Problems the checks of kv-ui-text-checks.c found, with where. */
static void
add_problems (Fixture   *f,
              GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    problem (f, "%s", (const char *) g_ptr_array_index (problems, i));
}

static void
check_tree (Fixture          *f,
            GtkWidget        *widget,
            GtkWidget        *root,
            GtkTextDirection  direction)
{
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  kv_test_check_texts (widget, root, direction, problems);
  add_problems (f, problems);
}

static void
check_controls_apart (Fixture   *f,
                      GtkWidget *root)
{
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  kv_test_check_controls_apart (root, problems);
  add_problems (f, problems);
}

/* The first shown widget with @css_class under @root (tree order is the
 * template's order, whatever the direction), or %NULL. */
static GtkWidget *
find_first (GtkWidget  *root,
            const char *css_class)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new ();

  kv_test_find_shown_with_class (root, css_class, found);
  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

static GtkWidget *
find_last (GtkWidget  *root,
           const char *css_class)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new ();

  kv_test_find_shown_with_class (root, css_class, found);
  return found->len > 0 ? g_ptr_array_index (found, found->len - 1) : NULL;
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (!kv_test_widget_is_shown (widget))
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
