/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-ctl.h"

G_BEGIN_DECLS

int kv_ctl_template_add     (KvCtl  *ctl,
                             int     argc,
                             char  **argv);
int kv_ctl_template_list    (KvCtl  *ctl,
                             int     argc,
                             char  **argv);
int kv_ctl_template_edit    (KvCtl  *ctl,
                             int     argc,
                             char  **argv);
int kv_ctl_template_disable (KvCtl  *ctl,
                             int     argc,
                             char  **argv);
int kv_ctl_slots            (KvCtl  *ctl,
                             int     argc,
                             char  **argv);

G_END_DECLS
