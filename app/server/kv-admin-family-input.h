/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-admin-http.h"
#include "kv-store.h"

G_BEGIN_DECLS

/* Longest label of a parent or a child, in characters. */
#define KV_FAMILY_INPUT_LABEL_MAX_CHARS 40
/* Most children one family has. */
#define KV_FAMILY_INPUT_MAX_CHILDREN 8
/* Most prison kiosks one parent uses. */
#define KV_FAMILY_INPUT_MAX_KIOSKS 8

KvFamilyRecord *kv_admin_family_input_read (const KvAdminRequest *request,
                                            JsonObject           *body,
                                            const KvFamilyRecord *current,
                                            GPtrArray            *out_changed);

G_END_DECLS
