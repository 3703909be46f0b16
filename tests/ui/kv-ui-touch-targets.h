/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The CSS class of every control a child presses. */
#define KV_TEST_CHILD_CONTROL_CLASS "child-control"
/* style.md: children's touch targets are at least this big. */
#define KV_TEST_CHILD_TOUCH_PX 96

guint kv_test_assert_touch_targets (GtkWidget *root,
                                    int        min_px);

G_END_DECLS
