/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kv-config-file.h"

G_BEGIN_DECLS

/**
 * KvSecrets:
 *
 * The content of a secrets file: a key file with one `[secrets]` group,
 * kept apart from the configuration so that the configuration can be
 * world-readable and shared while tokens stay with the service.
 *
 * Loading refuses a file others can read or anyone but the owner can write
 * (KV_CONFIG_ERROR_SECRETS_PERMISSIONS): modes 0600 and 0640 are allowed so
 * a service group can read it. Values are wiped from memory when freed and
 * never appear in error messages.
 */
typedef struct _KvSecrets KvSecrets;

#define KV_SECRETS_GROUP "secrets"

KvSecrets  *kv_secrets_load           (const char          *path,
                                       const char * const  *allowed_keys,
                                       GError             **error);
KvSecrets  *kv_secrets_new_from_data  (const char          *data,
                                       gsize                length,
                                       const char          *display_name,
                                       const char * const  *allowed_keys,
                                       GError             **error);
gboolean    kv_secrets_load_for_config (KvConfigFile       *file,
                                        const char         *group,
                                        const char         *default_name,
                                        gboolean            from_disk,
                                        const char         *secrets_data,
                                        const char * const *allowed_keys,
                                        KvSecrets         **out_secrets,
                                        GError            **error);
void        kv_secrets_free           (KvSecrets           *self);
void        kv_secrets_clear_value    (char               **value);

const char *kv_secrets_get_display_name (KvSecrets         *self);

const char *kv_secrets_get            (KvSecrets           *self,
                                       const char          *key);
char       *kv_secrets_dup_required   (KvSecrets           *self,
                                       const char          *key,
                                       GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvSecrets, kv_secrets_free)

G_END_DECLS
