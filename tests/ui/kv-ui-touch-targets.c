/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui"

#include "config.h"

#include "kv-ui-touch-targets.h"

/* Children's controls must be easy to hit with a small finger: every
 * widget with the CSS class "child-control" that is on screen must be at
 * least min_px x min_px, and wholly inside the root (a target half off
 * the screen is half a target). Apply it to a window after it painted. */

typedef struct
{
  GtkWidget *root;
  int        min_px;
  guint      checked;
  GString   *failures;
  GString   *measured;
} Walk;

static char *
describe (GtkWidget *widget)
{
  const char *name = gtk_widget_get_name (widget);
  GtkWidget *parent = gtk_widget_get_parent (widget);

  return g_strdup_printf ("%s “%s” in %s", G_OBJECT_TYPE_NAME (widget),
                          name != NULL ? name : "",
                          parent != NULL ? G_OBJECT_TYPE_NAME (parent) : "nothing");
}

static void
check_target (Walk      *walk,
              GtkWidget *widget)
{
  graphene_rect_t bounds;
  g_autofree char *what = NULL;
  int root_width = gtk_widget_get_width (walk->root);
  int root_height = gtk_widget_get_height (walk->root);

  walk->checked++;
  what = describe (widget);
  if (!gtk_widget_compute_bounds (widget, walk->root, &bounds))
    {
      g_string_append_printf (walk->failures, "\n  %s: has no place on screen", what);
      return;
    }
  if (walk->measured != NULL)
    g_string_append_printf (walk->measured, "%s%s: %.0f x %.0f",
                            walk->measured->len > 0 ? "\n" : "", what,
                            bounds.size.width, bounds.size.height);
  if (bounds.size.width < walk->min_px || bounds.size.height < walk->min_px)
    g_string_append_printf (walk->failures, "\n  %s: %.0f x %.0f px, needs %d x %d",
                            what, bounds.size.width, bounds.size.height,
                            walk->min_px, walk->min_px);
  /* Half a pixel of slack for fractional layout. */
  if (bounds.origin.x < -0.5 || bounds.origin.y < -0.5 ||
      bounds.origin.x + bounds.size.width > root_width + 0.5 ||
      bounds.origin.y + bounds.size.height > root_height + 0.5)
    g_string_append_printf (walk->failures,
                            "\n  %s: at %.0f,%.0f %.0f x %.0f, partly outside the %d x %d screen",
                            what, bounds.origin.x, bounds.origin.y,
                            bounds.size.width, bounds.size.height, root_width, root_height);
}

static void
walk_tree (Walk      *walk,
           GtkWidget *widget)
{
  /* What nobody can see cannot be pressed: hidden, unmapped or faded out
   * (a closed revealer, the other page of a stack). */
  if (!gtk_widget_get_mapped (widget) || gtk_widget_get_opacity (widget) == 0)
    return;
  if (gtk_widget_has_css_class (widget, KV_TEST_CHILD_CONTROL_CLASS))
    check_target (walk, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    walk_tree (walk, child);
}

/**
 * kv_test_assert_touch_targets:
 * @root: the widget to check, usually the window, laid out and painted
 * @min_px: the smallest width and height allowed, e.g.
 *   %KV_TEST_CHILD_TOUCH_PX
 *
 * Fails the test, naming every offender with its size, if a visible
 * widget with the CSS class "child-control" under @root (or @root itself)
 * is smaller than @min_px in either direction or sticks out of @root.
 *
 * Returns: how many child controls were checked, so a caller can assert
 *   that the ones it expects were on screen at all
 */
guint
kv_test_assert_touch_targets (GtkWidget *root,
                              int        min_px)
{
  return kv_test_measure_touch_targets (root, min_px, NULL);
}

/**
 * kv_test_measure_touch_targets:
 * @measured: (nullable): gets a line "what: W x H" per child control
 *
 * kv_test_assert_touch_targets(), saying what it measured.
 */
guint
kv_test_measure_touch_targets (GtkWidget *root,
                               int        min_px,
                               GString   *measured)
{
  Walk walk = { root, min_px, 0, g_string_new (NULL), measured };
  g_autofree char *failures = NULL;

  g_return_val_if_fail (GTK_IS_WIDGET (root), 0);

  walk_tree (&walk, root);
  failures = g_string_free (walk.failures, FALSE);
  if (*failures != '\0')
    g_error ("Children's touch targets under %s are too small:%s",
             G_OBJECT_TYPE_NAME (root), failures);
  return walk.checked;
}

/* Everything a finger can press: GTK's buttons and entries, and any
 * widget that listens for a click, a long press or a drag itself (a
 * custom control, a hidden corner). */
static gboolean
is_touchable (GtkWidget *widget)
{
  g_autoptr (GListModel) controllers = NULL;

  if (GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget) ||
      GTK_IS_SWITCH (widget) || GTK_IS_DROP_DOWN (widget) || GTK_IS_EDITABLE (widget) ||
      GTK_IS_RANGE (widget) || GTK_IS_SCALE_BUTTON (widget))
    return TRUE;

  controllers = gtk_widget_observe_controllers (widget);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller) || GTK_IS_GESTURE_LONG_PRESS (controller) ||
          GTK_IS_GESTURE_DRAG (controller))
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  guint    touchables;
  GString *failures;
} MarkWalk;

/* A touchable inside a child control (the button in a GtkMenuButton, the
 * text of a spin button) is part of that control. */
static void
walk_marks (MarkWalk  *walk,
            GtkWidget *widget,
            gboolean   in_child_control)
{
  if (!gtk_widget_get_mapped (widget) || gtk_widget_get_opacity (widget) == 0 ||
      gtk_widget_has_css_class (widget, KV_TEST_STAFF_ONLY_CLASS))
    return;
  in_child_control = in_child_control ||
                     gtk_widget_has_css_class (widget, KV_TEST_CHILD_CONTROL_CLASS);
  /* A window listens for clicks of its own (focus, moving it): not a
   * control. */
  if (!GTK_IS_WINDOW (widget) && is_touchable (widget))
    {
      walk->touchables++;
      if (!in_child_control)
        {
          g_autofree char *what = describe (widget);

          g_string_append_printf (walk->failures, "\n  %s", what);
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    walk_marks (walk, child, in_child_control);
}

/**
 * kv_test_assert_touchables_marked:
 * @root: a child's screen, usually the window, laid out and painted
 *
 * Fails the test if something under @root a finger can press (see
 * is_touchable()) is neither a "child-control" nor inside one, nor
 * marked "staff-only" (itself or an ancestor): a control nobody marked
 * escapes kv_test_assert_touch_targets().
 *
 * Returns: how many touchable widgets were seen, staff's left out
 */
guint
kv_test_assert_touchables_marked (GtkWidget *root)
{
  MarkWalk walk = { 0, g_string_new (NULL) };
  g_autofree char *failures = NULL;

  g_return_val_if_fail (GTK_IS_WIDGET (root), 0);

  walk_marks (&walk, root, FALSE);
  failures = g_string_free (walk.failures, FALSE);
  if (*failures != '\0')
    g_error ("Controls under %s a child can press are not marked “%s” (or “%s”):%s",
             G_OBJECT_TYPE_NAME (root), KV_TEST_CHILD_CONTROL_CLASS, KV_TEST_STAFF_ONLY_CLASS,
             failures);
  return walk.touchables;
}
