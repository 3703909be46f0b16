/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-clock.h"

G_BEGIN_DECLS

#define KV_TYPE_REAL_CLOCK (kv_real_clock_get_type ())
G_DECLARE_FINAL_TYPE (KvRealClock, kv_real_clock, KV, REAL_CLOCK, KvClock)

KvClock *kv_real_clock_new            (void);
gint64   kv_real_clock_get_offset     (KvRealClock *self);
void     kv_real_clock_set_offset     (KvRealClock *self,
                                       gint64       offset_us);

G_END_DECLS
