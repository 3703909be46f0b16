/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-ctl.h"

G_BEGIN_DECLS

int kv_ctl_booking_add    (KvCtl  *ctl,
                           int     argc,
                           char  **argv);
int kv_ctl_booking_list   (KvCtl  *ctl,
                           int     argc,
                           char  **argv);
int kv_ctl_booking_cancel (KvCtl  *ctl,
                           int     argc,
                           char  **argv);

int kv_ctl_book           (KvCtl  *ctl,
                          int     argc,
                          char  **argv);
int kv_ctl_booking_move   (KvCtl  *ctl,
                          int     argc,
                          char  **argv);

G_END_DECLS
