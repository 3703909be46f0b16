/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Stickers travel over the call's data channel as {"sticker":"heart"}.
 * Only these ids exist; anything else from the peer is dropped. */

gboolean    kv_sticker_is_known     (const char *sticker_id);
const char * const *kv_sticker_get_ids (void);
/* Returns (transfer full) the play message for a known sticker, or NULL. */
char       *kv_sticker_to_json      (const char *sticker_id);
/* Returns the known sticker id in a play message (static string), or NULL
 * for anything else: not JSON, not a sticker, an unknown id. */
const char *kv_sticker_from_json    (const char *json);

G_END_DECLS
