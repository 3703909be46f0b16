/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kv-clock.h"

G_BEGIN_DECLS

#define KV_UI_RESOURCE_PREFIX "/org/kinvisit/Kiosk"

#define KV_UI_ERROR (kv_ui_error_quark ())
GQuark kv_ui_error_quark (void);

/**
 * KvUiError:
 * @KV_UI_ERROR_UNKNOWN_LANGUAGE: the language is not one this kiosk offers
 * @KV_UI_ERROR_SCREENSHOT: the window could not be rendered or saved
 * @KV_UI_ERROR_EVENT_LOG: the event log could not be opened or written
 *
 * Errors of the kiosk's user interface (libkinvisit-ui).
 */
typedef enum {
  KV_UI_ERROR_UNKNOWN_LANGUAGE,
  KV_UI_ERROR_SCREENSHOT,
  KV_UI_ERROR_EVENT_LOG,
} KvUiError;

void        kv_ui_init                   (void);
char       *kv_ui_gdk_debug_for_renderer (const char  *gsk_renderer,
                                          const char  *gdk_debug,
                                          gboolean     has_gpu);
void        kv_ui_choose_renderer        (void);
void        kv_ui_install_style          (GdkDisplay  *display);

GdkTexture *kv_ui_load_texture           (const char  *name,
                                          int          size);
void        kv_ui_picture_show_while_mapped (GtkPicture  *picture,
                                             const char  *name);
GdkTexture *kv_ui_load_resource_texture  (const char  *resource_path,
                                          int          size);
void        kv_ui_size_images            (GtkWidget   *root);
char       *kv_ui_sticker_resource       (const char  *sticker_id);

char       *kv_ui_format_when            (KvClock     *clock,
                                          gint64       when_us);
char       *kv_ui_format_clock_time      (gint64       when_us);
char       *kv_ui_format_site_time       (gint64       when_us,
                                          GTimeZone   *zone);
guint       kv_ui_nights_until           (KvClock     *clock,
                                          gint64       when_us);
char       *kv_ui_format_duration        (guint        seconds);

void        kv_ui_label_set_words        (GtkLabel    *label,
                                          const char  *words,
                                          const char  *few_words,
                                          gboolean     few);
char       *kv_ui_isolate_name           (const char  *name);

void        kv_ui_lock_down_window       (GtkWindow   *window,
                                          gboolean     hide_cursor);
void        kv_ui_unparent_children      (GtkWidget   *widget);

gboolean    kv_ui_save_png               (GtkWidget   *widget,
                                          const char  *path,
                                          GError     **error);

G_END_DECLS
