/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kv-media-config.h"

G_BEGIN_DECLS

gboolean kv_media_init            (GError             **error);
gboolean kv_media_check_elements  (const char *const   *factory_names,
                                   GError             **error);
gboolean kv_media_check_config    (const KvMediaConfig *config,
                                   GError             **error);

G_END_DECLS
