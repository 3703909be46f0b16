/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-admin-http.h"

G_BEGIN_DECLS

gboolean kv_admin_site_rules_route (const KvAdminRequest *request);

G_END_DECLS
