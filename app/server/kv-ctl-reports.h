/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-ctl.h"

G_BEGIN_DECLS

int kv_ctl_report (KvCtl  *ctl,
                   int     argc,
                   char  **argv);
int kv_ctl_report_families (KvCtl  *ctl,
                            int     argc,
                            char  **argv);

G_END_DECLS
