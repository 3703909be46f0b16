/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-scenes"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "kv-core-enums.h"
#include "kv-language.h"
#include "kv-not-ok-button.h"
#include "kv-pause-scene.h"
#include "kv-plan-strip.h"
#include "kv-safeguarding-screen.h"
#include "kv-sky-timer.h"
#include "kv-staff-visit-actions.h"
#include "kv-supervision-badge.h"
#include "kv-ui.h"
#include "kv-ui-test-utils.h"
#include "kv-ui-touch-targets.h"

/* The widgets of "the visit, redesigned", each on its own in a kiosk-like
 * window (CSS name kv-window, the kiosk's style) at the two screen sizes
 * kiosks have, for both roles and in each state: what they say, that they
 * fit, that children's controls are big enough, and a screenshot of each
 * (scene-*.png in KV_SCREENSHOT_DIR) for people to look at. */

/* A stand-in for KvWindow: same CSS name, so style.css applies as on a
 * kiosk, without a visit controller behind it. */
#define KV_TYPE_TEST_HOST (kv_test_host_get_type ())
G_DECLARE_FINAL_TYPE (KvTestHost, kv_test_host, KV, TEST_HOST, GtkWindow)

struct _KvTestHost
{
  GtkWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (KvTestHost, kv_test_host, GTK_TYPE_WINDOW)

static void
kv_test_host_class_init (KvTestHostClass *klass)
{
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "kv-window");
}

static void
kv_test_host_init (KvTestHost *self)
{
}

typedef struct
{
  int width;
  int height;
} ScreenSize;

/* The kiosks' screens: the small 1024x600 panel and the usual 1280x800. */
static const ScreenSize sizes[] = { { 1024, 600 }, { 1280, 800 } };

static const KvRole roles[] = { KV_ROLE_COMMUNITY, KV_ROLE_PRISON };

static GtkWidget *
host_new (KvRole role,
          int    width,
          int    height)
{
  GtkWidget *window = g_object_new (KV_TYPE_TEST_HOST, "decorated", FALSE, NULL);

  kv_ui_install_style (gtk_widget_get_display (window));
  gtk_widget_add_css_class (window, kv_role_to_string (role));
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  /* GTK 4 updates the default size when the window grows: keep ours. */
  g_object_set_data (G_OBJECT (window), "screen-width", GINT_TO_POINTER (width));
  g_object_set_data (G_OBJECT (window), "screen-height", GINT_TO_POINTER (height));
  /* GTK owns toplevels; ours is for g_assert_finalize_object(). */
  return g_object_ref (window);
}

/* A screen as KvWindow shows it: with the room the top bar needs. */
static GtkWidget *
as_screen (GtkWidget *widget)
{
  gtk_widget_add_css_class (widget, "kv-screen");
  return widget;
}

static void
host_show (GtkWidget *window,
           GtkWidget *child)
{
  gtk_window_set_child (GTK_WINDOW (window), child);
  kv_ui_size_images (window);
  gtk_window_present (GTK_WINDOW (window));
  kv_ui_wait_for_paint (window);
}

/* When a screen overflows, says which widgets ask for more than @limit
 * (the minimum size), outermost first, to find the culprit. */
static void
report_too_wide (GtkWidget *widget,
                 int        limit,
                 int        depth)
{
  int minimum, natural;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  if (minimum <= limit)
    return;
  g_test_message ("%*s%s (%s): minimum width %d", depth * 2, "", G_OBJECT_TYPE_NAME (widget),
                  gtk_widget_get_name (widget), minimum);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    report_too_wide (child, limit, depth + 1);
}

/* Saves scene-<name>-<role>-<W>x<H>.png and checks the content fitted the
 * screen: a window that grew past it means something overflows. */
static void
save_screenshot (GtkWidget  *window,
                 const char *name,
                 KvRole      role)
{
  const char *dir = g_getenv ("KV_SCREENSHOT_DIR");
  int width = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (window), "screen-width"));
  int height = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (window), "screen-height"));

  kv_ui_wait_for_paint (window);
  /* Saved first: a screen that does not fit is worth looking at. */
  if (dir != NULL)
    {
      g_autofree char *file = NULL;
      g_autofree char *path = NULL;
      g_autoptr (GError) error = NULL;

      g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
      file = g_strdup_printf ("scene-%s-%s-%dx%d.png", name, kv_role_to_string (role), width, height);
      path = g_build_filename (dir, file, NULL);
      kv_ui_save_png (window, path, &error);
      g_assert_no_error (error);
    }
  if (gtk_widget_get_width (window) != width)
    report_too_wide (window, width, 0);
  g_assert_cmpint (gtk_widget_get_width (window), ==, width);
  g_assert_cmpint (gtk_widget_get_height (window), ==, height);
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
get_named (GtkWidget  *root,
           const char *name)
{
  GtkWidget *found = find_named (root, name);

  if (found == NULL)
    g_error ("No widget called “%s”", name);
  return found;
}

static GtkWidget *
find_button_with_class (GtkWidget  *root,
                        const char *css_class,
                        guint       nth)
{
  guint seen = 0;
  GtkWidget *widget = root;

  /* Depth first, in order: the nth one is the nth on screen (LTR). */
  while (widget != NULL)
    {
      if (GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, css_class) && seen++ == nth)
        return widget;
      if (gtk_widget_get_first_child (widget) != NULL)
        widget = gtk_widget_get_first_child (widget);
      else
        {
          while (widget != root && gtk_widget_get_next_sibling (widget) == NULL)
            widget = gtk_widget_get_parent (widget);
          widget = widget == root ? NULL : gtk_widget_get_next_sibling (widget);
        }
    }
  g_error ("No button %u with the class “%s”", nth, css_class);
  return NULL;
}

/* What a finger can do: a button that is on screen and sensitive gets a
 * click (which runs its action with its target); anything else nothing.
 * (gtk_widget_activate() would click only after a 250 ms press effect.) */
static gboolean
tap (GtkWidget *button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  if (!gtk_widget_is_drawable (button) || !gtk_widget_is_sensitive (button))
    return FALSE;
  g_signal_emit_by_name (button, "clicked");
  return TRUE;
}

static void
host_destroy (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* The touch-target check itself must be able to fail. */

static void
test_touch_targets_catch_small_controls (void)
{
  if (g_test_subprocess ())
    {
      GtkWidget *window = host_new (KV_ROLE_COMMUNITY, 1024, 600);
      GtkWidget *button = gtk_button_new ();

      gtk_widget_add_css_class (button, KV_TEST_CHILD_CONTROL_CLASS);
      gtk_widget_set_name (button, "tiny");
      gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_size_request (button, 64, 40);
      host_show (window, button);
      kv_test_assert_touch_targets (window, KV_TEST_CHILD_TOUCH_PX);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*GtkButton “tiny”*needs 96 x 96*");
}

static void
test_touch_targets_catch_controls_off_screen (void)
{
  if (g_test_subprocess ())
    {
      GtkWidget *window = host_new (KV_ROLE_COMMUNITY, 1024, 600);
      GtkWidget *scrolled = gtk_scrolled_window_new ();
      GtkWidget *fixed = gtk_fixed_new ();
      GtkWidget *button = gtk_button_new ();

      gtk_widget_add_css_class (button, KV_TEST_CHILD_CONTROL_CLASS);
      gtk_widget_set_name (button, "half-off");
      gtk_widget_set_size_request (button, 120, 120);
      gtk_fixed_put (GTK_FIXED (fixed), button, 960, 200);
      /* Wider than the window without making it grow: half the button
       * hangs off the right edge. */
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled),
                                      GTK_POLICY_EXTERNAL, GTK_POLICY_EXTERNAL);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), fixed);
      host_show (window, scrolled);
      kv_test_assert_touch_targets (window, KV_TEST_CHILD_TOUCH_PX);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*GtkButton “half-off”*partly outside*");
}

/* Pause */

static void
test_pause_scene (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
      {
        KvRole role = roles[r];
        const char *peer = role == KV_ROLE_PRISON ? "Lena" : "Mum";
        GtkWidget *window = host_new (role, sizes[s].width, sizes[s].height);
        GtkWidget *scene = kv_pause_scene_new ();
        g_autofree char *expected = g_strdup_printf ("%s will be back in a moment", peer);

        g_object_set (scene, "role", role, "peer-label", peer, NULL);
        host_show (window, as_screen (scene));
        kv_ui_assert_visible_text (window, expected);
        save_screenshot (window, "pause-other-side", role);

        kv_pause_scene_set_paused_here (KV_PAUSE_SCENE (scene), TRUE);
        kv_ui_assert_visible_text (window, "We are taking a little break");
        save_screenshot (window, "pause-here", role);
        host_destroy (window);
      }
}

static void
test_pause_scene_no_label (void)
{
  GtkWidget *window = host_new (KV_ROLE_COMMUNITY, 1024, 600);
  GtkWidget *scene = kv_pause_scene_new ();
  g_autofree char *text = NULL;

  kv_pause_scene_set_peer_label (KV_PAUSE_SCENE (scene), "");
  host_show (window, as_screen (scene));
  text = kv_ui_visible_text (window);
  g_assert_nonnull (strstr (text, "Back in a moment"));
  g_assert_null (strstr (text, " will be back"));
  host_destroy (window);
}

/* Safeguarding stop */

static void
test_safeguarding_screen (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
      {
        KvRole role = roles[r];
        GtkWidget *window = host_new (role, sizes[s].width, sizes[s].height);
        GtkWidget *screen = kv_safeguarding_screen_new (role);
        g_autofree char *text = NULL;

        host_show (window, as_screen (screen));
        text = kv_ui_visible_text (window);
        if (role == KV_ROLE_COMMUNITY)
          {
            g_assert_cmpstr (text, ==, "The visit has finished for today.\n"
                                       "A helper is here with you.\n");
          }
        else
          {
            /* Neutral, and nothing meant for the child's side. */
            g_assert_cmpstr (text, ==, "The visit has ended\n");
          }
        save_screenshot (window, "safeguarding", role);
        host_destroy (window);
      }
}


/* "I'm not OK" */

static void
on_pressed (KvNotOkButton *button,
            guint         *n_pressed)
{
  (*n_pressed)++;
}

static void
on_acknowledged_changed (KvNotOkButton *button,
                         GParamSpec    *pspec,
                         GMainLoop     *loop)
{
  if (!kv_not_ok_button_get_acknowledged (button))
    g_main_loop_quit (loop);
}

static gboolean
on_wait_too_long (gpointer user_data)
{
  g_error ("The acknowledgement did not go away by itself");
  return G_SOURCE_REMOVE;
}

static void
test_not_ok_button (void)
{
  GtkWidget *window = host_new (KV_ROLE_COMMUNITY, 1024, 600);
  GtkWidget *not_ok = kv_not_ok_button_new ();
  GtkWidget *button;
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  guint n_pressed = 0;
  guint guard;

  g_signal_connect (not_ok, "pressed", G_CALLBACK (on_pressed), &n_pressed);
  gtk_widget_set_halign (not_ok, GTK_ALIGN_START);
  gtk_widget_set_valign (not_ok, GTK_ALIGN_END);
  host_show (window, not_ok);
  button = find_button_with_class (not_ok, "child-control", 0);
  g_assert_false (kv_not_ok_button_get_acknowledged (KV_NOT_OK_BUTTON (not_ok)));
  g_assert_null (strstr (kv_ui_visible_text (window), "A helper is coming") );

  /* A touch on the picture is the action. */
  g_assert_true (tap (button));
  g_assert_cmpuint (n_pressed, ==, 1);
  g_assert_true (kv_not_ok_button_get_acknowledged (KV_NOT_OK_BUTTON (not_ok)));
  kv_ui_wait_for_paint (window);
  kv_ui_assert_visible_text (window, "A helper is coming");

  /* Again while it shows: staff are told again, the heart stays. */
  g_assert_true (gtk_widget_activate_action (not_ok, "not-ok.press", NULL));
  g_assert_cmpuint (n_pressed, ==, 2);
  g_assert_true (kv_not_ok_button_get_acknowledged (KV_NOT_OK_BUTTON (not_ok)));

  /* It goes away by itself (one second here, eight on a kiosk). */
  kv_not_ok_button_set_acknowledge_seconds (KV_NOT_OK_BUTTON (not_ok), 1);
  g_signal_connect (not_ok, "notify::acknowledged", G_CALLBACK (on_acknowledged_changed), loop);
  guard = g_timeout_add_seconds (10, on_wait_too_long, NULL);
  g_main_loop_run (loop);
  g_source_remove (guard);
  g_assert_false (kv_not_ok_button_get_acknowledged (KV_NOT_OK_BUTTON (not_ok)));
  g_assert_cmpuint (n_pressed, ==, 2);

  /* The controller can show or hide it too; a prison role never. */
  kv_not_ok_button_set_acknowledged (KV_NOT_OK_BUTTON (not_ok), TRUE);
  g_assert_true (kv_not_ok_button_get_acknowledged (KV_NOT_OK_BUTTON (not_ok)));
  kv_not_ok_button_set_role (KV_NOT_OK_BUTTON (not_ok), KV_ROLE_PRISON);
  g_assert_false (kv_not_ok_button_get_acknowledged (KV_NOT_OK_BUTTON (not_ok)));
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_first_child (not_ok)));
  host_destroy (window);
}

/* The visit screen around the corner widgets: the other side's picture,
 * the sky timer under it, a sticker tray's width on the side. Only for
 * seeing how big the badge and the button are where they will sit. */
static GtkWidget *
mock_visit_screen (GtkWidget *top_end,
                   GtkWidget *bottom_start)
{
  GtkWidget *screen = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 16);
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *remote = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *person = gtk_picture_new_for_resource (KV_UI_RESOURCE_PREFIX "/scenes/on-the-way.svg");
  GtkWidget *timer = kv_sky_timer_new ();
  GtkWidget *tray = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_widget_add_css_class (remote, "remote-picture");
  gtk_widget_set_hexpand (remote, TRUE);
  gtk_widget_set_vexpand (remote, TRUE);
  gtk_picture_set_can_shrink (GTK_PICTURE (person), TRUE);
  gtk_widget_set_vexpand (person, TRUE);
  gtk_box_append (GTK_BOX (remote), person);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), remote);
  gtk_widget_set_vexpand (overlay, TRUE);

  gtk_widget_set_halign (top_end, GTK_ALIGN_END);
  gtk_widget_set_valign (top_end, GTK_ALIGN_START);
  gtk_widget_set_margin_top (top_end, 16);
  gtk_widget_set_margin_end (top_end, 16);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), top_end);
  gtk_widget_set_halign (bottom_start, GTK_ALIGN_START);
  gtk_widget_set_valign (bottom_start, GTK_ALIGN_END);
  gtk_widget_set_margin_bottom (bottom_start, 20);
  gtk_widget_set_margin_start (bottom_start, 20);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), bottom_start);

  kv_sky_timer_set_progress (KV_SKY_TIMER (timer), 0.3);
  gtk_box_append (GTK_BOX (column), overlay);
  gtk_box_append (GTK_BOX (column), timer);
  gtk_widget_set_hexpand (column, TRUE);
  gtk_box_append (GTK_BOX (screen), column);
  gtk_widget_add_css_class (tray, "sticker-tray");
  gtk_widget_set_size_request (tray, 104 * 2 + 14, -1);
  gtk_widget_set_valign (tray, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (tray, 104 * 2 + 14, 104 * 4 + 14 * 3);
  gtk_box_append (GTK_BOX (screen), tray);
  return as_screen (screen);
}

/* Supervision badge and "I'm not OK", where they will sit */

static void
test_visit_corners (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
      {
        KvRole role = roles[r];
        GtkWidget *window = host_new (role, sizes[s].width, sizes[s].height);
        GtkWidget *badge = kv_supervision_badge_new ();
        GtkWidget *not_ok = kv_not_ok_button_new ();
        g_autofree char *text = NULL;
        guint n_pressed = 0;

        g_signal_connect (not_ok, "pressed", G_CALLBACK (on_pressed), &n_pressed);
        kv_supervision_badge_set_role (KV_SUPERVISION_BADGE (badge), role);
        kv_not_ok_button_set_role (KV_NOT_OK_BUTTON (not_ok), role);
        kv_not_ok_button_set_age_band (KV_NOT_OK_BUTTON (not_ok), KV_AGE_BAND_0_3);
        host_show (window, mock_visit_screen (badge, not_ok));
        text = kv_ui_visible_text (window);

        if (role == KV_ROLE_PRISON)
          {
            /* Neither ever shows on the parent's side, even if wired
             * there by mistake, and the button cannot be pressed. */
            g_assert_cmpstr (text, ==, "");
            gtk_widget_activate_action (not_ok, "not-ok.press", NULL);
            g_assert_cmpuint (n_pressed, ==, 0);
            g_assert_false (kv_not_ok_button_get_acknowledged (KV_NOT_OK_BUTTON (not_ok)));
            g_assert_cmpuint (kv_test_assert_touch_targets (window, KV_TEST_CHILD_TOUCH_PX), ==, 0);
            save_screenshot (window, "visit-corners", role);
            host_destroy (window);
            continue;
          }

        /* A three-year-old's button: a picture and no words. */
        g_assert_cmpstr (text, ==, "A helper can see and hear\n");
        g_assert_cmpuint (kv_test_assert_touch_targets (window, KV_TEST_CHILD_TOUCH_PX), ==, 1);
        save_screenshot (window, "visit-corners", role);

        gtk_widget_activate_action (not_ok, "not-ok.press", NULL);
        g_assert_cmpuint (n_pressed, ==, 1);
        kv_ui_assert_visible_text (window, "A helper is coming");
        save_screenshot (window, "visit-corners-not-ok-pressed", role);

        /* From 8 the button says it in words too. */
        kv_not_ok_button_set_age_band (KV_NOT_OK_BUTTON (not_ok), KV_AGE_BAND_8_12);
        kv_ui_assert_visible_text (window, "I’m not OK");
        g_assert_cmpuint (kv_test_assert_touch_targets (window, KV_TEST_CHILD_TOUCH_PX), ==, 1);
        save_screenshot (window, "visit-corners-not-ok-pressed-8-12", role);
        host_destroy (window);
      }
}

/* The waiting room's plan */

static void
on_step_activated (KvPlanStrip *strip,
                   const char  *step,
                   GString     *steps)
{
  g_string_append_printf (steps, "%s;", step);
}

static void
test_plan_strip (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
      {
        KvRole role = roles[r];
        const char *peer = role == KV_ROLE_PRISON ? "Lena" : "Mum";
        guint minutes = role == KV_ROLE_PRISON ? 30 : 15;
        GtkWidget *window = host_new (role, sizes[s].width, sizes[s].height);
        GtkWidget *strip = kv_plan_strip_new ();
        g_autoptr (GString) steps = g_string_new (NULL);
        g_autofree char *expected = g_strdup_printf ("%u minutes", minutes);

        g_object_set (strip, "peer-label", peer, "minutes", minutes, NULL);
        g_signal_connect (strip, "step-activated", G_CALLBACK (on_step_activated), steps);
        gtk_widget_set_valign (strip, GTK_ALIGN_CENTER);
        host_show (window, as_screen (strip));
        kv_ui_assert_visible_text (window, peer);
        kv_ui_assert_visible_text (window, expected);
        kv_ui_assert_visible_text (window, "We wave goodbye at the end");
        g_assert_cmpuint (kv_test_assert_touch_targets (window, KV_TEST_CHILD_TOUCH_PX), ==, 3);
        save_screenshot (window, "plan", role);

        /* Each picture, touched, says which it is. */
        for (guint i = 0; i < 3; i++)
          g_assert_true (tap (find_button_with_class (strip, "plan-step", i)));
        g_assert_cmpstr (steps->str, ==, "who;how-long;goodbye;");

        /* One minute is singular, and an unknown length shows no number. */
        kv_plan_strip_set_minutes (KV_PLAN_STRIP (strip), 1);
        kv_ui_assert_visible_text (window, "1 minute\n");
        kv_plan_strip_set_minutes (KV_PLAN_STRIP (strip), 0);
        g_assert_null (strstr (kv_ui_visible_text (window), "minute"));
        host_destroy (window);
      }
}

static void
test_plan_strip_rtl (void)
{
  GtkWidget *window;
  GtkWidget *strip;
  graphene_rect_t who, goodbye;

  gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
  window = host_new (KV_ROLE_COMMUNITY, 1024, 600);
  strip = kv_plan_strip_new ();
  g_object_set (strip, "peer-label", "Mum", "minutes", 20, NULL);
  gtk_widget_set_valign (strip, GTK_ALIGN_CENTER);
  host_show (window, as_screen (strip));

  /* Read from the right: who first, the goodbye last (leftmost). */
  g_assert_true (gtk_widget_compute_bounds (find_button_with_class (strip, "plan-step", 0), window, &who));
  g_assert_true (gtk_widget_compute_bounds (find_button_with_class (strip, "plan-step", 2), window, &goodbye));
  g_assert_cmpfloat (who.origin.x, >, goodbye.origin.x);
  g_assert_cmpuint (kv_test_assert_touch_targets (window, KV_TEST_CHILD_TOUCH_PX), ==, 3);
  save_screenshot (window, "plan-rtl", KV_ROLE_COMMUNITY);
  host_destroy (window);
  gtk_widget_set_default_direction (GTK_TEXT_DIR_LTR);
}

/* The kiosk's high-contrast and large-text settings (classes on the
 * window) reach the children's controls too. */
static void
test_accessibility_settings (void)
{
  const char *settings[] = { "high-contrast", "large-text" };

  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    {
      GtkWidget *window = host_new (KV_ROLE_COMMUNITY, 1024, 600);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *strip = g_object_new (KV_TYPE_PLAN_STRIP, "peer-label", "Mum", "minutes", 15, NULL);
      GtkWidget *badge = kv_supervision_badge_new ();
      GtkWidget *not_ok = g_object_new (KV_TYPE_NOT_OK_BUTTON, "acknowledged", TRUE, NULL);
      g_autofree char *name = g_strdup_printf ("children-%s", settings[i]);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);

      /* Each where it sits on its own screen: the badge in a top corner,
       * the button in a bottom one. */
      gtk_widget_add_css_class (window, settings[i]);
      gtk_widget_set_halign (badge, GTK_ALIGN_END);
      gtk_box_append (GTK_BOX (box), badge);
      gtk_widget_set_vexpand (strip, TRUE);
      gtk_box_append (GTK_BOX (box), strip);
      gtk_box_append (GTK_BOX (row), not_ok);
      gtk_box_append (GTK_BOX (box), row);
      host_show (window, as_screen (box));
      g_assert_cmpuint (kv_test_assert_touch_targets (window, KV_TEST_CHILD_TOUCH_PX), ==, 4);
      save_screenshot (window, name, KV_ROLE_COMMUNITY);
      host_destroy (window);
    }
}

/* "No visit booked" (assets/scenes/no-visit.svg), as the idle screen
 * would show it above its "No visit is booked yet". */

static void
test_no_visit_picture (void)
{
  g_autoptr (GError) error = NULL;

  /* In the kiosk's GResource (a missing one would just draw nothing). */
  kv_ui_init ();
  g_assert_true (g_resources_get_info (KV_UI_RESOURCE_PREFIX "/scenes/no-visit.svg",
                                       G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, &error));
  g_assert_no_error (error);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      GtkWidget *window = host_new (KV_ROLE_COMMUNITY, sizes[s].width, sizes[s].height);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
      GtkWidget *picture = gtk_picture_new_for_resource (KV_UI_RESOURCE_PREFIX "/scenes/no-visit.svg");
      GtkWidget *title = gtk_label_new ("No visit is booked yet");

      gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
      gtk_widget_set_vexpand (picture, TRUE);
      gtk_widget_set_size_request (picture, 240, 180);
      gtk_widget_add_css_class (title, "kv-title");
      gtk_box_append (GTK_BOX (box), picture);
      gtk_box_append (GTK_BOX (box), title);
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      host_show (window, as_screen (box));
      save_screenshot (window, "no-visit", KV_ROLE_COMMUNITY);
      host_destroy (window);
    }
}

/* Staff's visit actions */

typedef struct
{
  GtkWidget          *window;
  GtkWidget          *actions;
  GSimpleActionGroup *group;
  GPtrArray          *log;
} StaffFixture;

static void
on_visit_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  StaffFixture *f = user_data;
  g_autofree char *printed = parameter != NULL ? g_variant_print (parameter, FALSE) : NULL;

  g_ptr_array_add (f->log, printed != NULL
                           ? g_strdup_printf ("%s %s", g_action_get_name (G_ACTION (action)), printed)
                           : g_strdup (g_action_get_name (G_ACTION (action))));
}

/* The actions the window will install, as a test group that writes down
 * what was activated with which parameter. */
static void
staff_setup (StaffFixture *f,
             KvRole        role,
             int           width,
             int           height)
{
  const GActionEntry entries[] = {
    { "pause", on_visit_action, "s", NULL, NULL, { 0 } },
    { "resume", on_visit_action, NULL, NULL, NULL, { 0 } },
    { "mute", on_visit_action, "b", NULL, NULL, { 0 } },
    { "goodbye-now", on_visit_action, "(ss)", NULL, NULL, { 0 } },
    { "safeguarding-stop", on_visit_action, NULL, NULL, NULL, { 0 } },
    { "child-alert-seen", on_visit_action, NULL, NULL, NULL, { 0 } },
  };
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  f->log = g_ptr_array_new_with_free_func (g_free);
  f->group = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (f->group), entries, G_N_ELEMENTS (entries), f);
  f->window = host_new (role, width, height);
  gtk_widget_insert_action_group (f->window, "visit", G_ACTION_GROUP (f->group));
  f->actions = kv_staff_visit_actions_new (role);
  /* As in the staff sheet: a card in the middle of the screen. */
  gtk_widget_add_css_class (card, "staff-card");
  gtk_widget_set_halign (card, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (card, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (card, 640, -1);
  gtk_box_append (GTK_BOX (card), f->actions);
  host_show (f->window, card);
}

static void
staff_teardown (StaffFixture *f)
{
  /* Taken out by hand: with GTK 4.8 an inserted group outlives its
   * destroyed window otherwise. */
  gtk_widget_insert_action_group (f->window, "visit", NULL);
  host_destroy (f->window);
  g_assert_finalize_object (f->group);
  g_ptr_array_unref (f->log);
}

/* Presses the button called @name (as a finger would: through the button,
 * its action and parameter) and returns what was activated, or "" if
 * nothing was. */
static const char *
press (StaffFixture *f,
       const char   *name)
{
  guint before = f->log->len;

  tap (get_named (f->actions, name));
  g_assert_cmpuint (f->log->len, <=, before + 1);
  return f->log->len > before ? g_ptr_array_index (f->log, f->log->len - 1) : "";
}

static void
test_staff_actions_parameters (void)
{
  StaffFixture f;

  staff_setup (&f, KV_ROLE_COMMUNITY, 1280, 800);
  kv_staff_visit_actions_set_live (KV_STAFF_VISIT_ACTIONS (f.actions), TRUE);

  g_assert_cmpstr (press (&f, "pause"), ==, "pause 'child-needs-a-moment'");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (get_named (f.actions, "pause-reason")), 1);
  g_assert_cmpstr (press (&f, "pause"), ==, "pause 'adult-needs-a-moment'");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (get_named (f.actions, "pause-reason")), 2);
  g_assert_cmpstr (press (&f, "pause"), ==, "pause 'technical-problem'");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (get_named (f.actions, "pause-reason")), 3);
  g_assert_cmpstr (press (&f, "pause"), ==, "pause 'other'");

  /* Not paused here: nothing to resume. Paused: no second pause. */
  g_assert_cmpstr (press (&f, "resume"), ==, "");
  kv_staff_visit_actions_set_paused (KV_STAFF_VISIT_ACTIONS (f.actions), TRUE);
  g_assert_cmpstr (press (&f, "pause"), ==, "");
  g_assert_cmpstr (press (&f, "resume"), ==, "resume");
  kv_staff_visit_actions_set_paused (KV_STAFF_VISIT_ACTIONS (f.actions), FALSE);

  /* The sound button says what it will do and does it. */
  kv_ui_assert_visible_text (f.window, "Turn the sound off");
  g_assert_cmpstr (press (&f, "sound"), ==, "mute true");
  kv_staff_visit_actions_set_muted (KV_STAFF_VISIT_ACTIONS (f.actions), TRUE);
  kv_ui_assert_visible_text (f.window, "Turn the sound on");
  g_assert_cmpstr (press (&f, "sound"), ==, "mute false");

  g_assert_cmpstr (press (&f, "goodbye-now"), ==, "goodbye-now ('finished-early', '')");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (get_named (f.actions, "goodbye-category")), 1);
  gtk_editable_set_text (GTK_EDITABLE (get_named (f.actions, "goodbye-details")), "  tired after school ");
  g_assert_cmpstr (press (&f, "goodbye-now"), ==, "goodbye-now ('child-upset', 'tired after school')");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (get_named (f.actions, "goodbye-category")), 2);
  g_assert_cmpstr (press (&f, "goodbye-now"), ==, "goodbye-now ('adult-unwell', 'tired after school')");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (get_named (f.actions, "goodbye-category")), 3);
  gtk_editable_set_text (GTK_EDITABLE (get_named (f.actions, "goodbye-details")), "");
  g_assert_cmpstr (press (&f, "goodbye-now"), ==, "goodbye-now ('technical-problem', '')");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (get_named (f.actions, "goodbye-category")), 4);
  g_assert_cmpstr (press (&f, "goodbye-now"), ==, "goodbye-now ('other', '')");

  /* A disabled action greys its button whatever the state says. */
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (f.group), "pause")),
                               FALSE);
  g_assert_false (gtk_widget_is_sensitive (get_named (f.actions, "pause")));
  g_assert_cmpstr (press (&f, "pause"), ==, "");
  staff_teardown (&f);
}

static void
test_staff_actions_states (void)
{
  StaffFixture f;
  KvStaffVisitActions *actions;

  staff_setup (&f, KV_ROLE_COMMUNITY, 1024, 600);
  actions = KV_STAFF_VISIT_ACTIONS (f.actions);

  /* Before the visit is on, only the safeguarding stop. */
  g_assert_false (gtk_widget_is_sensitive (get_named (f.actions, "pause")));
  g_assert_false (gtk_widget_is_sensitive (get_named (f.actions, "resume")));
  g_assert_false (gtk_widget_is_sensitive (get_named (f.actions, "sound")));
  g_assert_false (gtk_widget_is_sensitive (get_named (f.actions, "goodbye-now")));
  g_assert_true (gtk_widget_is_sensitive (get_named (f.actions, "safeguarding-stop")));
  save_screenshot (f.window, "staff-actions-not-live", KV_ROLE_COMMUNITY);

  kv_staff_visit_actions_set_live (actions, TRUE);
  g_assert_true (gtk_widget_is_sensitive (get_named (f.actions, "pause")));
  g_assert_false (gtk_widget_is_sensitive (get_named (f.actions, "resume")));
  g_assert_true (gtk_widget_is_sensitive (get_named (f.actions, "sound")));
  g_assert_true (gtk_widget_is_sensitive (get_named (f.actions, "goodbye-now")));
  save_screenshot (f.window, "staff-actions-live", KV_ROLE_COMMUNITY);

  /* Paused and muted here, and the child asked for help. */
  g_object_set (actions, "paused", TRUE, "muted", TRUE, "child-alert", TRUE, NULL);
  kv_ui_wait_for_paint (f.window);
  kv_ui_assert_visible_text (f.window, "The child pressed “I’m not OK”");
  kv_ui_assert_visible_text (f.window, "Paused by this side, and the sound is off.");
  g_assert_true (gtk_widget_is_sensitive (get_named (f.actions, "resume")));
  g_assert_cmpstr (press (&f, "child-alert-seen"), ==, "child-alert-seen");
  save_screenshot (f.window, "staff-actions-paused-muted-alert", KV_ROLE_COMMUNITY);
  g_object_set (actions, "paused", FALSE, "muted", FALSE, "child-alert", FALSE, NULL);

  /* In the goodbye: sound yes, no pause, no second goodbye. */
  kv_staff_visit_actions_set_in_goodbye (actions, TRUE);
  g_assert_false (gtk_widget_is_sensitive (get_named (f.actions, "pause")));
  g_assert_true (gtk_widget_is_sensitive (get_named (f.actions, "sound")));
  g_assert_false (gtk_widget_is_sensitive (get_named (f.actions, "goodbye-now")));
  g_assert_true (gtk_widget_is_sensitive (get_named (f.actions, "safeguarding-stop")));
  save_screenshot (f.window, "staff-actions-goodbye", KV_ROLE_COMMUNITY);
  staff_teardown (&f);
}

static void
test_staff_actions_safeguarding_confirm (void)
{
  StaffFixture f;
  KvStaffVisitActions *actions;

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      staff_setup (&f, KV_ROLE_COMMUNITY, sizes[s].width, sizes[s].height);
      actions = KV_STAFF_VISIT_ACTIONS (f.actions);
      kv_staff_visit_actions_set_live (actions, TRUE);

      /* The first press only asks. */
      g_assert_cmpstr (press (&f, "safeguarding-stop"), ==, "");
      g_assert_true (kv_staff_visit_actions_get_confirming_safeguarding_stop (actions));
      kv_ui_wait_for_paint (f.window);
      kv_ui_assert_visible_text (f.window, "Stop the visit now, with no goodbye?");
      save_screenshot (f.window, "staff-actions-safeguarding-confirm", KV_ROLE_COMMUNITY);

      /* Cancel: nothing happened. */
      g_assert_cmpstr (press (&f, "safeguarding-cancel"), ==, "");
      g_assert_false (kv_staff_visit_actions_get_confirming_safeguarding_stop (actions));
      g_assert_cmpuint (f.log->len, ==, 0);

      /* Asked and confirmed: the stop, once, and the step closes. */
      g_assert_cmpstr (press (&f, "safeguarding-stop"), ==, "");
      g_assert_cmpstr (press (&f, "safeguarding-confirm"), ==, "safeguarding-stop");
      g_assert_cmpuint (f.log->len, ==, 1);
      g_assert_false (kv_staff_visit_actions_get_confirming_safeguarding_stop (actions));

      /* A step left open does not wait for the next person. */
      press (&f, "safeguarding-stop");
      gtk_widget_set_visible (f.actions, FALSE);
      g_assert_false (kv_staff_visit_actions_get_confirming_safeguarding_stop (actions));
      staff_teardown (&f);
    }
}

static void
test_staff_actions_roles (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
      {
        StaffFixture f;

        staff_setup (&f, roles[r], sizes[s].width, sizes[s].height);
        g_object_set (f.actions, "live", TRUE, "child-alert", TRUE, NULL);
        kv_ui_wait_for_paint (f.window);
        /* The prison side is never told of the child's alert. */
        if (roles[r] == KV_ROLE_PRISON)
          g_assert_null (strstr (kv_ui_visible_text (f.window), "I’m not OK"));
        else
          kv_ui_assert_visible_text (f.window, "The child pressed “I’m not OK”");
        save_screenshot (f.window, "staff-actions-alert", roles[r]);
        staff_teardown (&f);
      }
}

/* Long texts: German */

static char *
install_german (void)
{
  const char *mo = g_getenv ("KV_TEST_DE_MO");
  g_autofree char *dir = g_dir_make_tmp ("kv-ui-scenes-XXXXXX", NULL);
  g_autofree char *messages = g_build_filename (dir, "de", "LC_MESSAGES", NULL);
  g_autofree char *target = g_build_filename (messages, GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_nonnull (mo);
  g_assert_true (g_file_get_contents (mo, &contents, &length, NULL));
  g_assert_cmpint (g_mkdir_with_parents (messages, 0755), ==, 0);
  g_assert_true (g_file_set_contents (target, contents, length, NULL));
  bindtextdomain (GETTEXT_PACKAGE, dir);
  return g_steal_pointer (&dir);
}

static void
remove_german (const char *dir)
{
  g_autofree char *messages = g_build_filename (dir, "de", "LC_MESSAGES", NULL);
  g_autofree char *target = g_build_filename (messages, GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *de = g_build_filename (dir, "de", NULL);
  const char *build_root = g_getenv ("KV_BUILD_ROOT");
  g_autofree char *localedir = g_build_filename (build_root != NULL ? build_root : ".", "po", NULL);

  g_assert_cmpint (g_unlink (target), ==, 0);
  g_assert_cmpint (g_rmdir (messages), ==, 0);
  g_assert_cmpint (g_rmdir (de), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
}

static void
test_german (void)
{
  const char * const available[] = { "en", "de", NULL };
  g_autofree char *dir = install_german ();
  KvLanguage *language = kv_language_new (available, "en");

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      GtkWidget *window;
      GtkWidget *widget;
      GtkWidget *badge;
      StaffFixture f;

      /* Each widget follows a language switch made after it was built. */
      window = host_new (KV_ROLE_COMMUNITY, sizes[s].width, sizes[s].height);
      widget = g_object_new (KV_TYPE_PAUSE_SCENE, "language", language,
                             "peer-label", "Großmutter Annemarie", NULL);
      host_show (window, as_screen (widget));
      g_assert_true (kv_language_set_current (language, "de", NULL));
      kv_ui_assert_visible_text (window, "Großmutter Annemarie ist gleich wieder für dich da");
      save_screenshot (window, "pause-other-side-de", KV_ROLE_COMMUNITY);
      g_assert_true (kv_language_set_current (language, "en", NULL));
      host_destroy (window);

      window = host_new (KV_ROLE_COMMUNITY, sizes[s].width, sizes[s].height);
      widget = g_object_new (KV_TYPE_SAFEGUARDING_SCREEN, "language", language, NULL);
      host_show (window, as_screen (widget));
      g_assert_true (kv_language_set_current (language, "de", NULL));
      kv_ui_assert_visible_text (window, "Eine Betreuerin oder ein Betreuer ist bei dir.");
      save_screenshot (window, "safeguarding-de", KV_ROLE_COMMUNITY);
      g_assert_true (kv_language_set_current (language, "en", NULL));
      host_destroy (window);

      window = host_new (KV_ROLE_COMMUNITY, sizes[s].width, sizes[s].height);
      badge = g_object_new (KV_TYPE_SUPERVISION_BADGE, "language", language, NULL);
      widget = g_object_new (KV_TYPE_NOT_OK_BUTTON, "language", language,
                             "age-band", KV_AGE_BAND_8_12, "acknowledged", TRUE, NULL);
      host_show (window, mock_visit_screen (badge, widget));
      g_assert_true (kv_language_set_current (language, "de", NULL));
      kv_ui_assert_visible_text (window, "Eine Betreuungsperson kann alles sehen und hören");
      kv_ui_assert_visible_text (window, "Mir geht es nicht gut");
      kv_ui_assert_visible_text (window, "Gleich kommt jemand zu dir");
      g_assert_cmpuint (kv_test_assert_touch_targets (window, KV_TEST_CHILD_TOUCH_PX), ==, 1);
      save_screenshot (window, "visit-corners-de", KV_ROLE_COMMUNITY);
      g_assert_true (kv_language_set_current (language, "en", NULL));
      host_destroy (window);

      window = host_new (KV_ROLE_COMMUNITY, sizes[s].width, sizes[s].height);
      widget = g_object_new (KV_TYPE_PLAN_STRIP, "language", language,
                             "peer-label", "Großmutter Annemarie", "minutes", 45, NULL);
      gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
      host_show (window, as_screen (widget));
      g_assert_true (kv_language_set_current (language, "de", NULL));
      kv_ui_assert_visible_text (window, "45 Minuten");
      kv_ui_assert_visible_text (window, "Am Ende winken wir uns zum Abschied zu");
      g_assert_cmpuint (kv_test_assert_touch_targets (window, KV_TEST_CHILD_TOUCH_PX), ==, 3);
      save_screenshot (window, "plan-de", KV_ROLE_COMMUNITY);
      g_assert_true (kv_language_set_current (language, "en", NULL));
      host_destroy (window);

      staff_setup (&f, KV_ROLE_COMMUNITY, sizes[s].width, sizes[s].height);
      g_object_set (f.actions, "language", language, "live", TRUE, "paused", TRUE,
                    "muted", TRUE, "child-alert", TRUE, NULL);
      g_assert_true (kv_language_set_current (language, "de", NULL));
      kv_ui_assert_visible_text (f.window, "Das Kind hat „Mir geht es nicht gut“ gedrückt");
      kv_ui_assert_visible_text (f.window, "Jetzt mit der Verabschiedung beginnen");
      save_screenshot (f.window, "staff-actions-de", KV_ROLE_COMMUNITY);
      press (&f, "safeguarding-stop");
      kv_ui_wait_for_paint (f.window);
      save_screenshot (f.window, "staff-actions-safeguarding-confirm-de", KV_ROLE_COMMUNITY);
      g_assert_true (kv_language_set_current (language, "en", NULL));
      staff_teardown (&f);
    }

  g_assert_finalize_object (language);
  remove_german (dir);
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
  /* Revealers open at once and screenshots show the settled picture. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/ui/scenes/pause", test_pause_scene);
  g_test_add_func ("/ui/scenes/pause/no-label", test_pause_scene_no_label);
  g_test_add_func ("/ui/scenes/safeguarding", test_safeguarding_screen);
  g_test_add_func ("/ui/scenes/not-ok-button", test_not_ok_button);
  g_test_add_func ("/ui/scenes/visit-corners", test_visit_corners);
  g_test_add_func ("/ui/scenes/plan", test_plan_strip);
  g_test_add_func ("/ui/scenes/plan/rtl", test_plan_strip_rtl);
  g_test_add_func ("/ui/scenes/accessibility-settings", test_accessibility_settings);
  g_test_add_func ("/ui/scenes/no-visit", test_no_visit_picture);
  g_test_add_func ("/ui/scenes/staff-actions/parameters", test_staff_actions_parameters);
  g_test_add_func ("/ui/scenes/staff-actions/states", test_staff_actions_states);
  g_test_add_func ("/ui/scenes/staff-actions/safeguarding-confirm",
                   test_staff_actions_safeguarding_confirm);
  g_test_add_func ("/ui/scenes/staff-actions/roles", test_staff_actions_roles);
  g_test_add_func ("/ui/scenes/german", test_german);
  g_test_add_func ("/ui/touch-targets/too-small", test_touch_targets_catch_small_controls);
  g_test_add_func ("/ui/touch-targets/off-screen", test_touch_targets_catch_controls_off_screen);
  return g_test_run ();
}
