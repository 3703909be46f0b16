/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-ctl.h"

G_BEGIN_DECLS

int kv_ctl_audit_export (KvCtl  *ctl,
                         int     argc,
                         char  **argv);
int kv_ctl_audit_verify (KvCtl  *ctl,
                         int     argc,
                         char  **argv);
int kv_ctl_purge        (KvCtl  *ctl,
                         int     argc,
                         char  **argv);

G_END_DECLS
