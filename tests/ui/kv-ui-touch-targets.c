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
  Walk walk = { root, min_px, 0, g_string_new (NULL) };
  g_autofree char *failures = NULL;

  g_return_val_if_fail (GTK_IS_WIDGET (root), 0);

  walk_tree (&walk, root);
  failures = g_string_free (walk.failures, FALSE);
  if (*failures != '\0')
    g_error ("Children's touch targets under %s are too small:%s",
             G_OBJECT_TYPE_NAME (root), failures);
  return walk.checked;
}
