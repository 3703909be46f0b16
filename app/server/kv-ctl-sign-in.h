/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-ctl.h"

G_BEGIN_DECLS

int kv_ctl_sign_in  (KvCtl *ctl, int argc, char **argv);
int kv_ctl_sign_out (KvCtl *ctl, int argc, char **argv);
int kv_ctl_whoami   (KvCtl *ctl, int argc, char **argv);

G_END_DECLS
