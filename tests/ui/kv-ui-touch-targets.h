/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The CSS class of every control a child presses. */
#define KV_TEST_CHILD_CONTROL_CLASS "child-control"
/* style.md: children's touch targets are at least this big. */
#define KV_TEST_CHILD_TOUCH_PX 96

/* Controls only staff use (behind the PIN or the hidden corner) carry
 * this class, on themselves or an ancestor: the children's rules do not
 * apply to them. */
#define KV_TEST_STAFF_ONLY_CLASS "staff-only"

guint kv_test_assert_touch_targets      (GtkWidget *root,
                                         int        min_px);
guint kv_test_measure_touch_targets     (GtkWidget *root,
                                         int        min_px,
                                         GString   *measured);
guint kv_test_assert_touchables_marked  (GtkWidget *root);

G_END_DECLS
