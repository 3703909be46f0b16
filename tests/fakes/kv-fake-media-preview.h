/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-media-preview.h"

G_BEGIN_DECLS

#define KV_TYPE_FAKE_MEDIA_PREVIEW (kv_fake_media_preview_get_type ())
G_DECLARE_FINAL_TYPE (KvFakeMediaPreview, kv_fake_media_preview, KV, FAKE_MEDIA_PREVIEW, GObject)

/**
 * KvFakeMediaPreview:
 *
 * A #KvMediaPreview for tests: a green self-view and an input level the
 * test sets.
 */
KvFakeMediaPreview *kv_fake_media_preview_new             (void);
gboolean            kv_fake_media_preview_get_stopped     (KvFakeMediaPreview *self);
void                kv_fake_media_preview_set_input_level (KvFakeMediaPreview *self,
                                                           double              level);

G_END_DECLS
