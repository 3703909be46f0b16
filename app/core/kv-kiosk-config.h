/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "kv-config-file.h"
#include "kv-media-config.h"
#include "kv-types.h"

G_BEGIN_DECLS

#define KV_TYPE_KIOSK_CONFIG (kv_kiosk_config_get_type ())
G_DECLARE_FINAL_TYPE (KvKioskConfig, kv_kiosk_config, KV, KIOSK_CONFIG, GObject)

/* Defaults and ranges of the [kiosk] and [staff] groups. */
#define KV_KIOSK_CONFIG_DEFAULT_HEARTBEAT_SECONDS   10
#define KV_KIOSK_CONFIG_MIN_HEARTBEAT_SECONDS       1
#define KV_KIOSK_CONFIG_MAX_HEARTBEAT_SECONDS       120
#define KV_KIOSK_CONFIG_DEFAULT_PIN_ATTEMPTS        5
#define KV_KIOSK_CONFIG_MAX_PIN_ATTEMPTS            20
#define KV_KIOSK_CONFIG_DEFAULT_PIN_LOCKOUT_MINUTES 5
#define KV_KIOSK_CONFIG_MAX_PIN_LOCKOUT_MINUTES     240
#define KV_KIOSK_CONFIG_LABEL_MAX_CHARS             40

/* Loading. kv_kiosk_config_load() is what kinvisit-kiosk calls: with
 * --config FILE only that file, otherwise KV_SYSCONFDIR/kiosk.conf then
 * KV_SYSCONFDIR/kiosk.conf.d/\*.conf. The secrets file (`secrets-file`,
 * default "kiosk.secrets" next to the configuration) must be mode 0600 or
 * 0640. Errors are KV_CONFIG_ERROR. */
KvKioskConfig *kv_kiosk_config_load            (const char  *config_path,
                                                GError     **error);
KvKioskConfig *kv_kiosk_config_new_from_file   (const char  *path,
                                                GError     **error);
KvKioskConfig *kv_kiosk_config_new_from_dir    (const char  *dir,
                                                GError     **error);
/* For tests and fuzzing: nothing is read from disk. @secrets_data is the
 * secrets file's content; %NULL skips secrets (the token and PIN hash
 * getters then return %NULL). */
KvKioskConfig *kv_kiosk_config_new_from_data   (const char  *data,
                                                gsize        length,
                                                const char  *secrets_data,
                                                GError     **error);

KvRole               kv_kiosk_config_get_role                (KvKioskConfig *self);
const char          *kv_kiosk_config_get_server_url          (KvKioskConfig *self);
gboolean             kv_kiosk_config_get_allow_insecure      (KvKioskConfig *self);
const char          *kv_kiosk_config_get_ca_file             (KvKioskConfig *self);
const char          *kv_kiosk_config_get_label               (KvKioskConfig *self);
const char          *kv_kiosk_config_get_language            (KvKioskConfig *self);
const char * const  *kv_kiosk_config_get_languages           (KvKioskConfig *self);
gboolean             kv_kiosk_config_get_hide_cursor         (KvKioskConfig *self);
gboolean             kv_kiosk_config_get_high_contrast       (KvKioskConfig *self);
gboolean             kv_kiosk_config_get_supervised          (KvKioskConfig *self);
gboolean             kv_kiosk_config_get_large_text          (KvKioskConfig *self);
guint                kv_kiosk_config_get_heartbeat_seconds   (KvKioskConfig *self);
guint                kv_kiosk_config_get_pin_attempts        (KvKioskConfig *self);
guint                kv_kiosk_config_get_pin_lockout_minutes (KvKioskConfig *self);
const KvMediaConfig *kv_kiosk_config_get_media               (KvKioskConfig *self);
const char          *kv_kiosk_config_get_source              (KvKioskConfig *self);
const char          *kv_kiosk_config_get_roster_file         (KvKioskConfig *self);

/* Secrets: deliberately not GObject properties, so they never show up in
 * g_object_get() dumps or the GTK inspector. Never log them. */
const char          *kv_kiosk_config_get_device_token        (KvKioskConfig *self);
const char          *kv_kiosk_config_get_staff_pin_hash      (KvKioskConfig *self);

G_END_DECLS
