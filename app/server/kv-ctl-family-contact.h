/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-ctl.h"

G_BEGIN_DECLS

int kv_ctl_family_propose   (KvCtl  *ctl,
                             int     argc,
                             char  **argv);
int kv_ctl_family_due       (KvCtl  *ctl,
                             int     argc,
                             char  **argv);
int kv_ctl_family_book_next (KvCtl  *ctl,
                             int     argc,
                             char  **argv);

G_END_DECLS
