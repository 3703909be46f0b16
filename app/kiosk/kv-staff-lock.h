/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "kv-clock.h"
#include "kv-kiosk-error.h"
#include "kv-staff-roster.h"

G_BEGIN_DECLS

#define KV_TYPE_STAFF_LOCK (kv_staff_lock_get_type ())
G_DECLARE_FINAL_TYPE (KvStaffLock, kv_staff_lock, KV, STAFF_LOCK, GObject)

KvStaffLock *kv_staff_lock_new              (KvClock       *clock,
                                             const char    *pin_hash,
                                             KvStaffRoster *roster,
                                             guint          max_attempts,
                                             gint64         lockout_us);
gboolean     kv_staff_lock_try_pin          (KvStaffLock *self,
                                             const char  *pin,
                                             GError     **error);
void         kv_staff_lock_try_pin_async    (KvStaffLock         *self,
                                             const char          *pin,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean     kv_staff_lock_try_pin_finish   (KvStaffLock   *self,
                                             GAsyncResult  *result,
                                             GError       **error);
void         kv_staff_lock_lock             (KvStaffLock *self);

gboolean     kv_staff_lock_get_unlocked     (KvStaffLock *self);
gboolean     kv_staff_lock_get_locked_out   (KvStaffLock *self);
gint64       kv_staff_lock_get_locked_until (KvStaffLock *self);
guint        kv_staff_lock_get_attempts_left (KvStaffLock *self);
const char  *kv_staff_lock_get_staff_id     (KvStaffLock *self);
const char  *kv_staff_lock_get_staff_name   (KvStaffLock *self);
gboolean     kv_staff_lock_get_checking     (KvStaffLock *self);
KvStaffRoster *kv_staff_lock_get_roster     (KvStaffLock *self);

G_END_DECLS
