/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-media-config.h"
#include "kv-media-preview.h"

G_BEGIN_DECLS

#define KV_TYPE_LOCAL_PREVIEW (kv_local_preview_get_type ())
G_DECLARE_FINAL_TYPE (KvLocalPreview, kv_local_preview, KV, LOCAL_PREVIEW, GObject)

KvLocalPreview *kv_local_preview_new (const KvMediaConfig  *config,
                                      GError              **error);

G_END_DECLS
