/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui"

#include "config.h"

#include "kv-ui-text-checks.h"

#include "kv-ui-touch-targets.h"

/* What a person sees of a screen's words, checked from its widgets after
 * a paint: each label shows its whole text (not ellipsized, not wider or
 * taller than its box, inside the window and any box that clips it, not
 * under a card drawn over it), every character has a glyph, a paragraph
 * reads the language's way (Pango takes it from the first letter), and
 * every widget has the language's direction. Children's controls do not
 * cover each other. Problems are sentences for people, collected so a
 * test can list them all before it fails. */

G_GNUC_PRINTF (2, 3) static void
add_problem (GPtrArray  *problems,
             const char *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (problems, g_strdup_vprintf (format, args));
  va_end (args);
}

/* Drawn, not transparent, not hidden by its parent (a stack's other
 * pages, a closed revealer's child). */
gboolean
kv_test_widget_is_shown (GtkWidget *widget)
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
check_label (GtkLabel         *label,
             GtkWidget        *root,
             GtkTextDirection  direction,
             GPtrArray        *problems)
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
  gboolean rtl = direction == GTK_TEXT_DIR_RTL;
  int unknown;

  if (gtk_label_get_text (label)[0] == '\0')
    return;
  name = label_name (label);
  if (width <= 0 || height <= 0)
    {
      add_problem (problems, "%s is squeezed to %d x %d", name, width, height);
      return;
    }

  /* The label's own layout, as it was laid out in its box: wider or
   * taller than the box means cut off. */
  layout = gtk_label_get_layout (label);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  if (pango_layout_is_ellipsized (layout))
    add_problem (problems, "%s is ellipsized (%d px wide)", name, width);
  else if (logical.width > width + 1)
    add_problem (problems, "%s is cut off: it needs %d px wide, its box is %d", name, logical.width, width);
  if (logical.height > height + 1)
    add_problem (problems, "%s is cut off: it needs %d px high, its box is %d", name, logical.height, height);

  /* Pango takes a paragraph's direction from its first letter: a
   * sentence that starts with a name written the other way ("Dad") must
   * still read the language's way. */
  if (has_letters (gtk_label_get_text (label), rtl) &&
      pango_layout_get_line_readonly (layout, 0)->resolved_dir !=
      (rtl ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR))
    add_problem (problems, "%s reads %s", name, rtl ? "left to right" : "right to left");

  unknown = pango_layout_get_unknown_glyphs_count (layout);
  if (unknown > 0)
    add_problem (problems, "%s has %d characters no font can draw", name, unknown);

  if (!gtk_widget_compute_bounds (widget, root, &bounds))
    {
      add_problem (problems, "%s has no place in its window", name);
      return;
    }
  scrolls = scrolls_to (widget, root);
  if (sticks_out (&bounds, &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (root),
                                                gtk_widget_get_height (root)), scrolls))
    add_problem (problems, "%s sticks out of the window: at %.0f,%.0f %.0f x %.0f", name,
             bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height);
  else if ((clip = clipping_ancestor (widget, root, &bounds, scrolls)) != NULL)
    add_problem (problems, "%s is partly hidden by its %s", name, G_OBJECT_TYPE_NAME (clip));
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
walk (GtkWidget        *widget,
      GtkWidget        *root,
      GtkTextDirection  direction,
      GPtrArray        *drawn,
      GPtrArray        *problems)
{
  if (!kv_test_widget_is_shown (widget))
    return;
  g_ptr_array_add (drawn, widget);
  if (gtk_widget_get_direction (widget) != direction)
    add_problem (problems, "a %s is %s", G_OBJECT_TYPE_NAME (widget),
             direction == GTK_TEXT_DIR_RTL ? "still left to right" : "still right to left");
  if (GTK_IS_LABEL (widget))
    check_label (GTK_LABEL (widget), root, direction, problems);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    walk (child, root, direction, drawn, problems);
}

/* A card drawn after a label (GTK draws in tree order) that overlaps it
 * hides part of its text: a banner over a badge, a corner button over a
 * caption. */
static void
check_covered (GPtrArray *drawn,
               GtkWidget *root,
               GPtrArray *problems)
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

              add_problem (problems, "%s is partly covered by a %s (.%s): %.0f x %.0f px", name,
                       G_OBJECT_TYPE_NAME (card), card_name, overlap.size.width,
                       overlap.size.height);
              break;
            }
        }
    }
}

/**
 * kv_test_check_texts:
 * @widget: where to start, e.g. the window or the staff sheet
 * @root: the window (or popover) the texts must be inside
 * @direction: the language's direction: every widget must have it
 * @problems: (element-type utf8): gets one sentence per problem
 *
 * Every label a person sees under @widget shows all its text (see the
 * top of the file), and every widget has @direction (GTK passed it on to
 * those that existed when the language changed).
 */
void
kv_test_check_texts (GtkWidget        *widget,
                     GtkWidget        *root,
                     GtkTextDirection  direction,
                     GPtrArray        *problems)
{
  g_autoptr (GPtrArray) drawn = g_ptr_array_new ();

  walk (widget, root, direction, drawn, problems);
  check_covered (drawn, root, problems);
}

/**
 * kv_test_find_shown_with_class:
 * @found: (element-type GtkWidget): gets every shown widget under @widget
 *   (itself included) with @css_class, in tree order: the template's
 *   order, whatever the text direction
 */
void
kv_test_find_shown_with_class (GtkWidget  *widget,
                               const char *css_class,
                               GPtrArray  *found)
{
  if (!kv_test_widget_is_shown (widget))
    return;
  if (gtk_widget_has_css_class (widget, css_class))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    kv_test_find_shown_with_class (child, css_class, found);
}

/**
 * kv_test_check_controls_apart:
 * @problems: (element-type utf8): gets one sentence per problem
 *
 * Children's controls under @root never cover each other (a long word
 * can push one under a corner button).
 */
void
kv_test_check_controls_apart (GtkWidget *root,
                              GPtrArray *problems)
{
  g_autoptr (GPtrArray) controls = g_ptr_array_new ();

  kv_test_find_shown_with_class (root, KV_TEST_CHILD_CONTROL_CLASS, controls);
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

            add_problem (problems, "a %s (.%s) and a %s (.%s) cover each other by %.0f x %.0f px",
                     G_OBJECT_TYPE_NAME (a), name_a, G_OBJECT_TYPE_NAME (b), name_b,
                     overlap.size.width, overlap.size.height);
          }
      }
}
