/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-ctl.h"

G_BEGIN_DECLS

int kv_ctl_site_add       (KvCtl  *ctl,
                           int     argc,
                           char  **argv);
int kv_ctl_site_list      (KvCtl  *ctl,
                           int     argc,
                           char  **argv);
int kv_ctl_site_hours     (KvCtl  *ctl,
                           int     argc,
                           char  **argv);
int kv_ctl_site_close     (KvCtl  *ctl,
                           int     argc,
                           char  **argv);
gboolean kv_ctl_site_add_opening (JsonBuilder *builder,
                                  const char  *weekday,
                                  const char  *range,
                                  int         *out_exit);
int kv_ctl_kiosk_set_site (KvCtl  *ctl,
                           int     argc,
                           char  **argv);

G_END_DECLS
