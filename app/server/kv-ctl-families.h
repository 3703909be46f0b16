/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-ctl.h"

G_BEGIN_DECLS

int kv_ctl_family_add       (KvCtl  *ctl,
                             int     argc,
                             char  **argv);
int kv_ctl_family_list      (KvCtl  *ctl,
                             int     argc,
                             char  **argv);
int kv_ctl_family_show      (KvCtl  *ctl,
                             int     argc,
                             char  **argv);
int kv_ctl_family_edit      (KvCtl  *ctl,
                             int     argc,
                             char  **argv);
int kv_ctl_family_archive   (KvCtl  *ctl,
                             int     argc,
                             char  **argv);

G_END_DECLS
