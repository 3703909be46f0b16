/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-test-server.h"

G_BEGIN_DECLS

void        kv_test_places_add_site      (KvTestServer *server,
                                          const char   *id);
void        kv_test_places_add_kiosk     (KvTestServer *server,
                                          const char   *id,
                                          const char   *role,
                                          const char   *site);
gint64      kv_test_places_member_int    (JsonObject   *object,
                                          const char   *path);
const char *kv_test_places_member_string (JsonObject   *object,
                                          const char   *path);

G_END_DECLS
