/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-seams"

#include "config.h"

#include "kv-media-error.h"

G_DEFINE_QUARK (kv-media-error-quark, kv_media_error)
