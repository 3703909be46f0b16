/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-ctl.h"

G_BEGIN_DECLS

int kv_ctl_staff_add            (KvCtl *ctl, int argc, char **argv);
int kv_ctl_staff_list           (KvCtl *ctl, int argc, char **argv);
int kv_ctl_staff_disable        (KvCtl *ctl, int argc, char **argv);
int kv_ctl_staff_enable         (KvCtl *ctl, int argc, char **argv);
int kv_ctl_staff_reset_password (KvCtl *ctl, int argc, char **argv);
int kv_ctl_staff_set_pin        (KvCtl *ctl, int argc, char **argv);

G_END_DECLS
