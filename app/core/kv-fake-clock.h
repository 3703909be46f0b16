/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-clock.h"

G_BEGIN_DECLS

#define KV_TYPE_FAKE_CLOCK (kv_fake_clock_get_type ())
G_DECLARE_FINAL_TYPE (KvFakeClock, kv_fake_clock, KV, FAKE_CLOCK, KvClock)

KvClock *kv_fake_clock_new              (gint64       now_us);
KvClock *kv_fake_clock_new_from_iso8601 (const char  *iso8601);
void     kv_fake_clock_set_now          (KvFakeClock *self,
                                         gint64       now_us);
void     kv_fake_clock_advance          (KvFakeClock *self,
                                         gint64       delta_us);
void     kv_fake_clock_advance_seconds  (KvFakeClock *self,
                                         double       seconds);

G_END_DECLS
