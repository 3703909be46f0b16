/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * KvStaffPinVerdict:
 * @matched: a hash matched the PIN
 * @staff_id: (nullable): whose personal PIN it is; %NULL for the site PIN
 * @staff_name: (nullable): their name
 * @n_staff: how many personal PINs were there to check
 * @site_unusable: the site PIN's hash could not be used
 * @site_error: (nullable): why, for the log (never the hash)
 *
 * What checking a typed PIN against a kiosk's hashes found.
 */
typedef struct
{
  gboolean  matched;
  char     *staff_id;
  char     *staff_name;
  guint     n_staff;
  gboolean  site_unusable;
  char     *site_error;
} KvStaffPinVerdict;

void               kv_staff_pin_verdict_free  (KvStaffPinVerdict *verdict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvStaffPinVerdict, kv_staff_pin_verdict_free)

KvStaffPinVerdict *kv_staff_pin_check         (const char          *pin,
                                               const char          *site_hash,
                                               GPtrArray           *staff);
void               kv_staff_pin_check_async   (const char          *pin,
                                               const char          *site_hash,
                                               GPtrArray           *staff,
                                               gpointer             source_object,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
KvStaffPinVerdict *kv_staff_pin_check_finish  (GAsyncResult        *result);

G_END_DECLS
