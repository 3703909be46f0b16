/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-clock.h"

G_BEGIN_DECLS

/* Keys a limiter remembers unless told otherwise (KvRateLimiter:max-keys):
 * about 2 MB at ten events per key. */
#define KV_RATE_LIMITER_DEFAULT_MAX_KEYS 10000

#define KV_TYPE_RATE_LIMITER (kv_rate_limiter_get_type ())
G_DECLARE_FINAL_TYPE (KvRateLimiter, kv_rate_limiter, KV, RATE_LIMITER, GObject)

KvRateLimiter *kv_rate_limiter_new        (KvClock       *clock,
                                           guint          max_events,
                                           gint64         window_us);
gboolean       kv_rate_limiter_is_limited (KvRateLimiter *self,
                                           const char    *key);
void           kv_rate_limiter_record     (KvRateLimiter *self,
                                           const char    *key);
void           kv_rate_limiter_forget     (KvRateLimiter *self,
                                           const char    *key);
guint          kv_rate_limiter_get_n_keys (KvRateLimiter *self);
gint64         kv_rate_limiter_get_wait   (KvRateLimiter *self,
                                           const char    *key);

G_END_DECLS
