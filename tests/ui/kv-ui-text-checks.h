/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean kv_test_widget_is_shown       (GtkWidget        *widget);
void     kv_test_find_shown_with_class (GtkWidget        *widget,
                                        const char       *css_class,
                                        GPtrArray        *found);
void     kv_test_check_texts           (GtkWidget        *widget,
                                        GtkWidget        *root,
                                        GtkTextDirection  direction,
                                        GPtrArray        *problems);
void     kv_test_check_controls_apart  (GtkWidget        *root,
                                        GPtrArray        *problems);

G_END_DECLS
