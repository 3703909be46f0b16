/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "kv-media-config.h"

G_BEGIN_DECLS

GPtrArray *kv_call_ice_servers_copy    (GPtrArray           *servers);
void       kv_call_ice_servers_to_urls (GPtrArray           *servers,
                                        const KvMediaConfig *config,
                                        GStrv               *out_stun_urls,
                                        GStrv               *out_turn_urls);

G_END_DECLS
