/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kv-config-file.h"
#include "kv-site-rules.h"

G_BEGIN_DECLS

gboolean kv_site_rules_parse_config (KvSiteRules   *rules,
                                     KvConfigFile  *file,
                                     GError       **error);

G_END_DECLS
