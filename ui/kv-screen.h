/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "kv-language.h"
#include "kv-visit-controller.h"

G_BEGIN_DECLS

#define KV_TYPE_SCREEN (kv_screen_get_type ())
G_DECLARE_DERIVABLE_TYPE (KvScreen, kv_screen, KV, SCREEN, GtkWidget)

/**
 * KvScreenClass:
 * @update: shows what the controller and the language say now; called
 *   once the screen is made, whenever the language changes, and whenever
 *   one of the watched properties of the controller changes
 *
 * What every screen of the kiosk repeats: the visit controller it shows,
 * the language it speaks, and an update when either changes.
 */
struct _KvScreenClass
{
  GtkWidgetClass parent_class;

  void (*update) (KvScreen *self);

  /*< private >*/
  const char * const *watched;
  gpointer padding[8];
};

void               kv_screen_class_set_watched (KvScreenClass      *klass,
                                                const char * const *watched);

KvVisitController *kv_screen_get_controller    (KvScreen           *self);
KvLanguage        *kv_screen_get_language      (KvScreen           *self);
gboolean           kv_screen_get_compact       (KvScreen           *self);
gboolean           kv_screen_get_few_words     (KvScreen           *self);
void               kv_screen_set_compact       (KvScreen           *self,
                                                gboolean            compact);

G_END_DECLS
