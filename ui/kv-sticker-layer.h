/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KV_TYPE_STICKER_LAYER (kv_sticker_layer_get_type ())
G_DECLARE_FINAL_TYPE (KvStickerLayer, kv_sticker_layer, KV, STICKER_LAYER, GtkWidget)

GtkWidget *kv_sticker_layer_new            (void);
void       kv_sticker_layer_add            (KvStickerLayer *self,
                                            const char     *sticker_id,
                                            gboolean        from_peer);
void       kv_sticker_layer_clear          (KvStickerLayer *self);
guint      kv_sticker_layer_get_n_stickers (KvStickerLayer *self);
gboolean   kv_sticker_layer_has_sticker    (KvStickerLayer *self,
                                            const char     *sticker_id,
                                            gboolean        from_peer);

G_END_DECLS
